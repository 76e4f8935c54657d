"""The graph page and the agreements page, driven through AppTest on the real seeded data."""

from __future__ import annotations

import pytest
from sqlmodel import select

from council import projects
from council.db import read_session, write_session
from council.models import Border, ProjectProvince
from tests.app.conftest import goto, signed_in
from tests.conftest import province_id


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def _agreement_pairs(engine) -> int:
    from council.models import AgreementProvince

    members: dict[int, set[int]] = {}
    with read_session(engine) as s:
        for ap in s.exec(select(AgreementProvince)):
            members.setdefault(ap.agreement_id, set()).add(ap.province_id)
    return len({frozenset((a, b)) for group in members.values() for a in group for b in group if a < b})


def _project_pairs(engine) -> int:
    members: dict[int, set[int]] = {}
    with read_session(engine) as s:
        for pp in s.exec(select(ProjectProvince)):
            members.setdefault(pp.project_id, set()).add(pp.province_id)
    return len({frozenset((a, b)) for group in members.values() for a in group for b in group if a < b})


@pytest.mark.parametrize("role", ["secretariat", "province_rep", "expert", "observer"])
def test_every_role_opens_the_graph_page(app_users, role):
    at = signed_in(app_users[role])
    goto(at, "network")
    assert not at.exception
    assert [t.value for t in at.title] == ["Mạng liên kết giữa các tỉnh, thành phố"]


def test_the_page_shows_the_real_provinces_borders_joint_projects_metrics_and_missing_links(
    app_users, app_db
):
    at = signed_in(app_users["observer"])
    goto(at, "network")
    assert at.radio(key="network_scope").value == "region"  # opens on the selected region
    at.radio(key="network_scope").set_value("country").run()
    with read_session(app_db) as s:
        borders = len(s.exec(select(Border)).all())
    metrics = _metrics(at)
    assert metrics["Tỉnh, thành phố"] == "34"
    assert metrics["Cặp giáp ranh"] == str(borders)
    assert metrics["Cặp có dự án chung"] == str(_project_pairs(app_db))
    # The 17 real agreements (seeded) link their participants.
    assert metrics["Cặp có thỏa thuận"] == str(_agreement_pairs(app_db)) != "0"
    chart = at.get("plotly_chart")
    assert chart, "the graph is drawn"
    at.button_group(key="network_view").set_value("metrics").run()
    table = at.dataframe[0].value  # the metrics table comes first, then the community crosstab
    assert len(table) == 34 and "Hà Nội" in set(table["Tỉnh, thành phố"])
    assert table["PageRank"].sum() == pytest.approx(1.0, abs=0.02)  # shown rounded to 3 decimals
    assert "Chỉ số Rand hiệu chỉnh (ARI) so với vùng" in _markdown(at)
    at.button_group(key="network_view").set_value("missing").run()
    text = _markdown(at)
    assert "**Bắc Ninh – Quảng Ninh**: giáp ranh" in text
    assert "**An Giang – Đồng Tháp**: giáp ranh" not in text  # both signed AG05
    assert "Giáp ranh nhưng chưa có dự án chung hay thỏa thuận hợp tác" in text


def test_selecting_a_province_shows_its_links_and_what_lies_behind_them(app_users, app_db):
    at = signed_in(app_users["expert"])
    goto(at, "network")
    at.radio(key="network_scope").set_value("country").run()
    assert "Hà Nội" in at.selectbox(key="network_province").options
    at.selectbox(key="network_province").select(province_id(app_db, "Hà Nội")).run()
    assert not at.exception
    assert "Các liên kết của Hà Nội" in [s.value for s in at.subheader]
    text = _markdown(at)
    assert "**Bắc Ninh** — giáp ranh 60,6 km · 2 dự án chung" in text
    assert "Dự án DA-001: Đường Vành đai 4 – Vùng Thủ đô Hà Nội" in text


def test_region_scope_layers_layout_and_colour_controls(app_users):
    at = signed_in(app_users["observer"])
    goto(at, "network")
    at.radio(key="network_scope").set_value("region").run()
    assert _metrics(at)["Tỉnh, thành phố"] == "6"
    at.button_group(key="network_view").set_value("metrics").run()
    assert "Chỉ có một vùng trong phạm vi đang xem" in _markdown(at)
    at.button_group(key="network_view").set_value("graph").run()
    at.radio(key="network_scope").set_value("region_partners").run()
    assert int(_metrics(at)["Tỉnh, thành phố"]) > 6
    at.toggle(key="network_layer_border").set_value(False).run()
    at.radio(key="network_layout").set_value("force").run()
    at.selectbox(key="network_colour_by").select("pagerank").run()
    at.selectbox(key="network_size_by").select("population").run()
    assert not at.exception
    for layer in ("project", "agreement", "conflict"):
        at.toggle(key=f"network_layer_{layer}").set_value(False).run()
    assert "Hãy bật ít nhất một lớp liên kết." in [i.value for i in at.info]
    assert not at.exception


def test_the_page_updates_when_a_project_is_added(app_users, app_db):
    at = signed_in(app_users["observer"])
    goto(at, "network")
    at.radio(key="network_scope").set_value("country").run()
    before = int(_metrics(at)["Cặp có dự án chung"])
    graph_before = _graph_spec(at)
    at.button_group(key="network_view").set_value("missing").run()
    assert "**Bắc Ninh – Quảng Ninh**" in _markdown(at)
    with write_session(app_db) as s:
        projects.create_project(
            s,
            app_users["secretariat"],
            {
                "code": "DA-T01",
                "name_vi": "Cầu nối Bắc Ninh – Quảng Ninh",
                "type": "bridge",
                "status": "approved",
                "participants": [
                    {"province_id": province_id(app_db, "Bắc Ninh")},
                    {"province_id": province_id(app_db, "Quảng Ninh")},
                ],
            },
        )
    at.run()
    assert int(_metrics(at)["Cặp có dự án chung"]) == before + 1
    assert "**Bắc Ninh – Quảng Ninh**" not in _markdown(at)
    # The graph figure is shared between reruns per data version: the write gives a new one.
    at.button_group(key="network_view").set_value("graph").run()
    graph_after = _graph_spec(at)
    assert graph_after != graph_before
    assert graph_after.count("dự án chung") > graph_before.count("dự án chung")


def _graph_spec(at) -> str:
    return next(e.proto.spec for e in at.get("plotly_chart") if e.proto.id and "network_graph" in e.proto.id)


def test_agreements_page_lists_the_real_agreements_and_the_secretariat_records_one(app_users, app_db):
    at = signed_in(app_users["secretariat"])
    goto(at, "agreements")
    assert not at.exception
    at.radio(key="agreements_scope").set_value("all").run()
    assert len(at.dataframe[0].value) == 17  # the real agreements, seeded
    at.text_input(key="agreements_new_title").input("Chương trình hợp tác Hà Nội – Bắc Ninh")
    at.multiselect(key="agreements_new_provinces").select(province_id(app_db, "Hà Nội"))
    at.multiselect(key="agreements_new_provinces").select(province_id(app_db, "Bắc Ninh"))
    at.selectbox(key="agreements_new_form").select("handshake_agreement")
    at.selectbox(key="agreements_new_status").select("draft")
    at.button(key="FormSubmitter:agreements_create-Lưu thỏa thuận").click().run()
    assert not at.exception
    assert "Đã lưu thỏa thuận TT-001." in [s.value for s in at.success]
    table = at.dataframe[0].value
    mine = table[table["Mã"] == "TT-001"]
    assert len(mine) == 1 and list(mine["Các tỉnh, thành phố tham gia"]) == ["Bắc Ninh, Hà Nội"]


def test_agreements_form_names_the_bad_field(app_users):
    at = signed_in(app_users["secretariat"])
    goto(at, "agreements")
    at.text_input(key="agreements_new_title").input("Thiếu tỉnh")
    at.button(key="FormSubmitter:agreements_create-Lưu thỏa thuận").click().run()
    assert "Thỏa thuận phải có ít nhất 2 tỉnh, thành phố tham gia." in [e.value for e in at.error]


def test_representative_may_only_propose_drafts_and_observer_sees_no_form(app_users):
    at = signed_in(app_users["province_rep"])
    goto(at, "agreements")
    assert "Đề xuất thỏa thuận mới" in [s.value for s in at.subheader]
    assert at.selectbox(key="agreements_new_status").options == ["Dự thảo"]
    assert at.multiselect(key="agreements_new_provinces").value == [app_users["province_rep"].province_id]
    at = signed_in(app_users["observer"])
    goto(at, "agreements")
    assert not at.exception and not at.get("multiselect")


def test_agreement_edit_keeps_the_version_it_was_opened_with(app_users, app_db):
    from datetime import date

    from council import agreements

    sec = app_users["secretariat"]
    ids = [province_id(app_db, "Hà Nội"), province_id(app_db, "Hưng Yên")]
    with write_session(app_db) as s:
        created = agreements.create_agreement(
            s,
            sec,
            title="Hợp tác giao thông",
            province_ids=ids,
            form="joint_powers_agreement",
            date_signed=date(2025, 8, 1),
        )
    aid = created["id"]
    at = signed_in(sec)
    goto(at, "agreements")
    at.selectbox(key="agreements_edit_select").select(aid).run()
    at.text_input(key=f"agreements_edit_title_{aid}").input("Hợp tác giao thông Vành đai 4")
    at.button(key=f"FormSubmitter:agreements_edit_form_{aid}-Lưu thay đổi").click().run()
    assert not at.exception
    assert f"Đã lưu thỏa thuận {created['code']}." in [s.value for s in at.success]
    assert "Hợp tác giao thông Vành đai 4" in list(at.dataframe[0].value["Tên thỏa thuận"])

    # Someone else saves while this form is open at version 2: the page's save is refused.
    with write_session(app_db) as s:
        agreements.update_agreement(
            s,
            sec,
            aid,
            expected_version=2,
            title="Bản của người khác",
            province_ids=ids,
            form="joint_powers_agreement",
            status="signed",
            date_signed=date(2025, 8, 1),
        )
    at.text_input(key=f"agreements_edit_title_{aid}").input("Bản của tôi")
    at.button(key=f"FormSubmitter:agreements_edit_form_{aid}-Lưu thay đổi").click().run()
    assert any("sau khi bạn mở biểu mẫu" in e.value for e in at.error)
    with read_session(app_db) as s:
        assert agreements.get_agreement(s, aid)["title"] == "Bản của người khác"
