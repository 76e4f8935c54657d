"""The plan page's forms on the page kit: a credit or a priority project saved by someone else
after the form opened is never overwritten (the refusal names who and when, the form reopens on
the newer record); a form saved twice after a success writes once; after a create the new record
is listed at once and the form is empty; the project page shows the project's credits."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from council import plan
from council.db import write_session
from council.models import Indicator, Project, Target
from council.plan_models import PriorityProject, ProjectTarget
from tests.app.conftest import goto, signed_in
from tests.conftest import make_user, province_id


def _target(engine) -> int:
    with Session(engine) as s:
        return s.exec(
            select(Target.id)
            .join(Indicator, Indicator.id == Target.indicator_id)
            .where(Indicator.code == "expressway_km", Target.plan_region == "Đồng bằng sông Cửu Long")
        ).one()


def _project(engine, code: str) -> int:
    with Session(engine) as s:
        return s.exec(select(Project.id).where(Project.code == code)).one()


def _plan_page(actor, view: str = "delivery"):
    at = signed_in(actor)
    at.selectbox(key="region_select").select("DBSCL").run()
    at = goto(at, "plan")
    if view != "delivery":
        at.radio(key="plan_view").set_value(view).run()
    assert not at.exception
    return at


def _link(engine, actor, quantity: float = 10.0) -> int:
    with write_session(engine) as s:
        return plan.link_project(
            s, actor, project_id=_project(engine, "DA-015"), target_id=_target(engine), quantity=quantity
        )["id"]


def _saved_link(engine, link_id: int) -> ProjectTarget:
    with Session(engine) as s:
        return s.get(ProjectTarget, link_id)


def _table_with(at, *columns):
    for frame in at.dataframe:
        if all(col in frame.value.columns for col in columns):
            return frame.value
    raise AssertionError(f"no table with {columns}")


def _refusal(at) -> str:
    return " ".join(e.value for e in at.error)


def test_a_credit_saved_elsewhere_after_the_form_opened_is_not_overwritten(app_users, app_db):
    sec = app_users["secretariat"]
    other = make_user(app_db, "secretariat", username="sec2")
    lid = _link(app_db, sec)
    at = _plan_page(sec)
    at.selectbox(key="plan_link_edit_choice").select(lid).run()  # the edit form opens on version 1
    with write_session(app_db) as s:
        plan.update_link(s, other, lid, expected_version=1, quantity=20, note="bản của người khác")
    at.run()
    at.text_input(key=f"plan_link_q_{lid}").input("30,5")
    at.button(key="plan_link_update_submit").click().run()
    assert not at.exception
    refusal = _refusal(at)
    assert "sec2" in refusal and re.search(r"\d{2}/\d{2}/\d{4}", refusal)
    saved = _saved_link(app_db, lid)
    assert (saved.quantity, saved.note, saved.version) == (20, "bản của người khác", 2)
    # Reopened on the newer version: saving now is accepted.
    assert at.text_input(key=f"plan_link_q_{lid}").value == "20"
    at.text_input(key=f"plan_link_q_{lid}").input("30,5")
    at.button(key="plan_link_update_submit").click().run()
    assert "Đã lưu." in [s.value for s in at.success]
    assert _saved_link(app_db, lid).quantity == 30.5


def test_a_credit_removed_elsewhere_is_said_not_raised(app_users, app_db):
    sec = app_users["secretariat"]
    other = make_user(app_db, "secretariat", username="sec2")
    lid = _link(app_db, sec)
    at = _plan_page(sec)
    at.selectbox(key="plan_link_edit_choice").select(lid).run()
    with write_session(app_db) as s:
        plan.update_link(s, other, lid, expected_version=1, quantity=20)
    at.button(key="plan_link_remove_submit").click().run()
    assert not at.exception
    assert "sec2" in _refusal(at)
    assert _saved_link(app_db, lid) is not None  # not removed over someone else's change


def test_the_credit_form_saved_twice_after_a_success_writes_once(app_users, app_db):
    sec = app_users["secretariat"]
    lid = _link(app_db, sec)
    at = _plan_page(sec)
    at.selectbox(key="plan_link_edit_choice").select(lid).run()
    at.text_input(key=f"plan_link_q_{lid}").input("12,5")
    at.button(key="plan_link_update_submit").click().run()
    assert "Đã lưu." in [s.value for s in at.success]
    at.text_input(key=f"plan_link_q_{lid}").input("12,5")
    at.button(key="plan_link_update_submit").click().run()
    assert not at.error
    saved = _saved_link(app_db, lid)
    assert (saved.quantity, saved.version) == (12.5, 2)


def test_a_new_credit_is_listed_at_once_and_the_form_is_empty(app_users, app_db):
    sec = app_users["secretariat"]
    target, project = _target(app_db), _project(app_db, "DA-016")
    at = _plan_page(sec)
    at.selectbox(key="plan_link_project").select(project)
    at.selectbox(key="plan_link_target").select(target)
    at.text_input(key="plan_link_quantity").input("1.234,5")  # Vietnamese: 1234.5
    at.text_input(key="plan_link_note").input("theo báo cáo của tỉnh")
    at.button(key="plan_link_submit").click().run()
    assert not at.exception
    assert "Đã ghi nhận dự án DA-016 vào mục tiêu." in [s.value for s in at.success]
    # Listed in the same rerun: the targets' table, the target's credited projects, the edit choice.
    targets = _table_with(at, "Mục tiêu", "Trạng thái dự kiến")
    assert any(label.startswith(f"#{target} ") for label in targets["Mục tiêu"])
    linked = _table_with(at, "Dự án", "Cách phân bổ")
    assert any(name.startswith("DA-016 · ") for name in linked["Dự án"])
    assert "1.234,5" in list(linked["Khối lượng"])
    assert any(o.startswith("DA-016 → ") for o in at.selectbox(key="plan_link_edit_choice").options)
    # The form is empty again.
    assert at.text_input(key="plan_link_quantity").value == ""
    assert at.text_input(key="plan_link_note").value == ""


def test_a_quantity_that_is_no_number_is_refused_and_the_input_kept(app_users, app_db):
    at = _plan_page(app_users["secretariat"])
    at.selectbox(key="plan_link_project").select(_project(app_db, "DA-016"))
    at.selectbox(key="plan_link_target").select(_target(app_db))
    at.text_input(key="plan_link_quantity").input("mười km")
    at.button(key="plan_link_submit").click().run()
    assert not at.exception
    assert any("mười km" in e.value for e in at.error)
    assert at.text_input(key="plan_link_quantity").value == "mười km"
    with Session(app_db) as s:
        assert s.exec(select(ProjectTarget)).all() == []


def _priority(engine, actor) -> dict:
    with write_session(engine) as s:
        return plan.save_priority_project(
            s,
            actor,
            decision_code="287/QĐ-TTg",
            name_vi="Cảng biển kiểm thử",
            type="seaport",
            province_ids=[province_id(engine, "Cần Thơ")],
            period="2021-2030",
        )


def test_a_priority_match_saved_elsewhere_after_the_form_opened_is_not_overwritten(app_users, app_db):
    sec = app_users["secretariat"]
    other = make_user(app_db, "secretariat", username="sec2")
    pid = _priority(app_db, sec)["id"]
    theirs, mine = _project(app_db, "DA-015"), _project(app_db, "DA-016")
    at = _plan_page(sec, "checklist")  # the match form opens on version 1
    with write_session(app_db) as s:
        plan.match_priority_project(s, other, pid, expected_version=1, project_id=theirs)
    at.run()
    at.selectbox(key=f"plan_priority_project_{pid}").select(mine)
    at.button(key="plan_priority_match_submit").click().run()
    assert not at.exception
    refusal = _refusal(at)
    assert "sec2" in refusal and re.search(r"\d{2}/\d{2}/\d{4}", refusal)
    with Session(app_db) as s:
        assert s.get(PriorityProject, pid).project_id == theirs
    assert at.selectbox(key=f"plan_priority_project_{pid}").value == theirs  # reopened


def test_a_new_priority_project_is_listed_at_once_and_the_form_is_empty(app_users, app_db):
    at = _plan_page(app_users["secretariat"], "checklist")
    at.text_input(key="plan_priority_decision").input("287/QĐ-TTg")
    at.text_input(key="plan_priority_name").input("Sân bay kiểm thử")
    at.selectbox(key="plan_priority_type").select("airport")
    at.multiselect(key="plan_priority_provinces").select(province_id(app_db, "Cần Thơ"))
    at.text_input(key="plan_priority_period").input("2021-2030")
    at.button(key="plan_priority_submit").click().run()
    assert not at.exception
    assert "Đã lưu dự án ưu tiên «Sân bay kiểm thử»." in [s.value for s in at.success]
    assert "Sân bay kiểm thử" in list(_table_with(at, "Tên dự án", "Cảnh báo")["Tên dự án"])
    for key in ("decision", "name", "period", "code", "note", "source"):
        assert at.text_input(key=f"plan_priority_{key}").value == "", key
    assert at.multiselect(key="plan_priority_provinces").value == []
    # Sent again (a double click): one entry.
    at.button(key="plan_priority_submit").click().run()
    with Session(app_db) as s:
        assert len(s.exec(select(PriorityProject)).all()) == 1


def test_the_project_page_shows_the_projects_credits(app_users, app_db):
    _link(app_db, app_users["secretariat"], quantity=25.5)
    at = signed_in(app_users["observer"])
    at.query_params["project"] = str(_project(app_db, "DA-015"))
    at = goto(at, "project")
    assert not at.exception
    credits = _table_with(at, "Mục tiêu", "Phân bổ cho các tỉnh")
    assert list(credits["Khối lượng"]) == ["25,5 km"]
    assert credits["Mục tiêu"][0].startswith(f"#{_target(app_db)} ")
    assert credits["Phân bổ cho các tỉnh"][0]
