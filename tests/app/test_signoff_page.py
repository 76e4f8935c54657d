"""The two-level sign-off end to end on the figures page (issue 21, item 4): the secretariat gives
Hà Nội two levels; its statistics officer enters and verifies; the representative signs off and
submits; the secretariat returns the set to the officer's level; the officer corrects and verifies
again, the representative signs off again, and the secretariat approves."""

from __future__ import annotations

from council import targets
from council.db import read_session
from tests.app.conftest import goto, signed_in
from tests.conftest import make_user


def _page(actor):
    at = goto(signed_in(actor), "figures")
    assert not at.exception, at.exception
    return at


def _statuses(engine, pid, year, indicator) -> set[tuple[str | None, str]]:
    with read_session(engine) as s:
        return {
            (r["status"], r["return_reason"])
            for r in targets.figures_for(s, pid, year)
            if r["indicator_id"] == indicator
        }


def _enter(at, indicator_id: int, value: str) -> None:
    at.selectbox(key="figures_quick_indicator").select(indicator_id)
    at.text_input(key="figures_quick_value").input(value)
    at.button(key="FormSubmitter:figures_quick-Lưu số liệu").click().run()
    assert not at.exception, at.exception


def test_two_level_sign_off_end_to_end(app_users, app_db):
    sec, rep = app_users["secretariat"], app_users["province_rep"]
    officer = make_user(app_db, "statistics_officer", "Hà Nội", username="stat.hanoi")
    pid = rep.province_id

    # The secretariat sets Hà Nội to two levels on the figures page.
    page = _page(sec)
    page.selectbox(key="figures_levels_province").set_value(pid)
    page.radio(key="figures_levels_levels").set_value(2)
    page.button(key="FormSubmitter:figures_levels-Lưu số cấp").click().run()
    assert "Đã lưu số cấp ký xác nhận." in [s.value for s in page.success]

    # The officer lands on the figures page, shown as "Cán bộ thống kê Hà Nội", enters and verifies.
    at = signed_in(officer)
    assert at.session_state["_landing"] == "figures"
    at = _page(officer)
    assert any("Cán bộ thống kê Hà Nội" in m.value for m in at.sidebar.markdown)
    assert any("**hai cấp**" in c.value for c in at.caption)
    year = at.selectbox(key="figures_year").value
    with read_session(app_db) as s:
        indicator = next(r for r in targets.figures_for(s, pid, year) if r["status"] is None)["indicator_id"]
    _enter(at, indicator, "12,5")
    assert not [b for b in at.button if b.key == "figures_submit"]  # the officer does not submit
    at.button(key="figures_verify").click().run()
    assert "Đã xác minh 1 số liệu; chờ đại diện tỉnh ký xác nhận." in [s.value for s in at.success]
    assert _statuses(app_db, pid, year, indicator) == {("verified", "")}

    # The representative signs off and submits.
    at = _page(rep)
    at.selectbox(key="figures_year").set_value(year).run()
    assert not [b for b in at.button if b.key == "figures_verify"]  # the representative does not verify
    at.button(key="figures_sign_off").click().run()
    assert "Đã ký xác nhận và gửi 1 số liệu cho Cơ quan thường trực." in [s.value for s in at.success]
    assert _statuses(app_db, pid, year, indicator) == {("submitted", "")}

    # The secretariat returns the set to the officer's level, with a reason.
    page = _page(sec)
    page.radio(key=f"figures_return_level_{pid}").set_value("entry")
    page.text_input(key="figures_return_reason").input("Sai đơn vị")
    page.button(key="FormSubmitter:figures_return-Trả lại").click().run()
    assert "Đã trả lại 1 số liệu cho tỉnh." in [s.value for s in page.success]
    assert _statuses(app_db, pid, year, indicator) == {("returned", "Sai đơn vị")}

    # The officer sees why, corrects, verifies again; the representative signs off again.
    at = _page(officer)
    at.selectbox(key="figures_year").set_value(year).run()
    assert any("Sai đơn vị" in e.value for e in at.error)
    _enter(at, indicator, "1,25")
    at.button(key="figures_verify").click().run()
    at = _page(rep)
    at.selectbox(key="figures_year").set_value(year).run()
    at.button(key="figures_sign_off").click().run()
    assert _statuses(app_db, pid, year, indicator) == {("submitted", "")}

    # The secretariat approves: the figure counts.
    page = _page(sec)
    page.button(key="figures_approve").click().run()
    assert not page.exception, page.exception
    with read_session(app_db) as s:
        row = next(r for r in targets.figures_for(s, pid, year) if r["indicator_id"] == indicator)
    assert (row["status"], row["value"]) == ("approved", 1.25)
    # The audit log names the last step in words.
    from council import audit

    with read_session(app_db) as s:
        approval = audit.list_entries(s, entity="observation", action="transition", limit=1)[0]
    assert approval["note"] == "submitted->approved"
    log = goto(page, "audit")
    log.selectbox(key="audit_pick").set_value(approval["id"]).run()
    assert "Bước của số liệu: Đã gửi → Đã phê duyệt" in [c.value for c in log.caption]


def test_the_secretariat_sets_an_indicators_progress_settings_in_the_catalogue(app_users, app_db):
    """Item 5 on the page: the method and thresholds typed the Vietnamese way, saved, shown again."""
    from sqlmodel import select

    from council.models import Indicator

    at = goto(signed_in(app_users["secretariat"]), "targets")
    at.radio(key="targets_view").set_value("catalogue").run()
    with read_session(app_db) as s:
        ind = s.exec(select(Indicator.id).where(Indicator.code == "urbanisation")).one()
    at.selectbox(key="targets_progress_choice").set_value(ind).run()
    at.selectbox(key=f"targets_p_method_{ind}").set_value("linear")
    at.text_input(key=f"targets_p_on_{ind}").input("0,85")
    at.button(key=f"FormSubmitter:targets_progress_form_{ind}-Lưu cách tính tiến độ").click().run()
    assert not at.exception, at.exception
    assert any(s.value.startswith("Đã lưu cách tính tiến độ") for s in at.success)
    with read_session(app_db) as s:
        saved = targets.indicator_progress(s)[ind]
    assert (saved["method"], saved["on_track"], saved["at_risk"], saved["version"]) == (
        "linear",
        0.85,
        0.60,
        1,
    )
    # A threshold below the at-risk one is refused, naming it; nothing changes.
    at.text_input(key=f"targets_p_on_{ind}").input("0,5")
    at.button(key=f"FormSubmitter:targets_progress_form_{ind}-Lưu cách tính tiến độ").click().run()
    assert any("không được lớn hơn ngưỡng đúng tiến độ" in e.value for e in at.error)
    with read_session(app_db) as s:
        assert targets.indicator_progress(s)[ind]["version"] == 1
