"""The planned-facilities page (issue 19, items 4–5): the secretariat enters Long Thành airport in
the form, Tân Sơn Nhất is in the register already (their well-known coordinates), and the page
lists the pair as a duplicate with its distance and draws it on the map."""

from __future__ import annotations

from council import facilities
from council.db import read_session, write_session
from tests.app.conftest import goto, signed_in
from tests.conftest import province_id


def _frame(at, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_a_duplicate_airport_shows_on_the_map_and_in_the_list(app_users, app_db):
    sec = app_users["secretariat"]
    with write_session(app_db) as s:
        facilities.create_facility(
            s,
            sec,
            kind="airport",
            name="Cảng hàng không quốc tế Tân Sơn Nhất",
            province_id=province_id(app_db, "Hồ Chí Minh"),
            lat=10.82,
            lon=106.66,
        )
    at = goto(signed_in(sec), "facilities")
    assert not at.exception, at.exception
    assert "Không phát hiện trùng lặp hay điểm không kết nối nào." in [i.value for i in at.info]
    at.segmented_control(key="facilities_view").set_value("register").run()
    at.selectbox(key="facilities_new_kind").select("airport")
    at.text_input(key="facilities_new_name").input("Cảng hàng không quốc tế Long Thành")
    at.selectbox(key="facilities_new_province").select(province_id(app_db, "Đồng Nai"))
    at.text_input(key="facilities_new_lat").input("10,77")
    at.text_input(key="facilities_new_lon").input("107,05")
    at.text_input(key="facilities_new_start_year").input("2026")
    at.text_input(key="facilities_new_end_year").input("2030")
    at.button(key="facilities_create_submit").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    with read_session(app_db) as s:
        saved = {f["name"]: f for f in facilities.list_facilities(s)}
    assert saved["Cảng hàng không quốc tế Long Thành"]["lat"] == 10.77
    at.segmented_control(key="facilities_view").set_value("candidates").run()
    listed = _frame(at, "Lý do")
    assert list(listed["Lý do"]) == ["Trùng lặp"]
    assert list(listed["Khoảng cách (km)"]) == ["43"]
    assert "Long Thành" in listed["Cảnh báo"][0] and "Tân Sơn Nhất" in listed["Cảnh báo"][0]
    fig = at.get("plotly_chart")[0]
    assert '"meta":"pair"' in fig.proto.spec.replace(" ", "")


def test_a_representative_adds_only_in_their_own_province_and_reads_the_thresholds(app_users, app_db):
    rep = app_users["province_rep"]
    at = goto(signed_in(rep), "facilities")
    assert not at.exception, at.exception
    at.segmented_control(key="facilities_view").set_value("settings").run()
    assert not at.exception, at.exception
    # The thresholds are shown to read, one line per setting.
    shown = at.dataframe[0].value
    assert len(shown) == len(facilities.DEFAULT_SETTINGS)
    assert "Khoảng cách trùng lặp: Cảng hàng không (km)" in list(shown[""])
    assert not [b for b in at.button if b.key == "facilities_settings_submit"]
    at.segmented_control(key="facilities_view").set_value("register").run()
    assert at.selectbox(key="facilities_new_province").options == ["Hà Nội"]
    at.text_input(key="facilities_new_name").input("Cảng kiểm thử của Hà Nội")
    at.button(key="facilities_create_submit").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    with read_session(app_db) as s:
        assert [f["province"] for f in facilities.list_facilities(s)] == ["Hà Nội"]
