"""The project pages' forms on the page kit: a create shows at once in the tiles and the list,
the form is emptied, a double submit writes once; the detail's edit forms refuse a save made
after someone else's, reopen on the newer project, and do not write twice."""

from __future__ import annotations

import re

from sqlmodel import Session, func, select

from council import projects
from council.auth import Actor
from council.db import write_session
from council.models import Project
from tests.app.conftest import goto, signed_in
from tests.app.test_projects_page import _fill, _submit, metric, projects_table, view, view_form

OTHER = Actor(id=None, username="pho.vanphong", role="secretariat")


def count(engine) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(Project)).one()


def test_a_created_project_is_in_the_tiles_and_the_list_at_once_and_the_form_is_empty(app_users, app_db):
    at = view(goto(signed_in(app_users["secretariat"]), "projects"), "new")
    tiles_before = int(metric(at, "Số dự án"))
    _fill(at, "DA-600", ("60", "40"))
    at = _submit(at, "Thêm dự án")
    assert not at.exception
    assert "Đã thêm dự án DA-600." in [s.value for s in at.success]
    # The same rerun that confirms counts the new project ...
    assert int(metric(at, "Số dự án")) == tiles_before + 1
    # ... and the form is empty again.
    assert at.text_input(key="projects_new_code").value == ""
    assert not [t for t in at.text_input if t.key and t.key.startswith("projects_new_share_")]
    assert at.multiselect(key="projects_new_provinces").value == []
    view(at, "list")
    assert "DA-600" in set(projects_table(at)["code"])


def test_the_create_form_sent_twice_writes_one_project(app_users, app_db):
    before = count(app_db)
    at = view(goto(signed_in(app_users["secretariat"]), "projects"), "new")
    _fill(at, "DA-601", ("60", "40"))
    at = _submit(at, "Thêm dự án")
    _fill(at, "DA-601", ("60", "40"))  # the browser resends the same values (double click)
    at = _submit(at, "Thêm dự án")
    assert not at.exception and not at.error
    assert count(app_db) == before + 1


def _stale_case(app_db, at, form: str, fill, label: str) -> None:
    view_form(at, form)  # the forms are opened here
    with write_session(app_db) as s:  # someone else saves the project meanwhile
        projects.set_progress(s, OTHER, 1, s.get(Project, 1).version, physical=12, disbursed=10)
    fill(at)
    at = _submit(at, label)
    assert not at.exception
    refusal = " ".join(e.value for e in at.error)
    assert "pho.vanphong" in refusal and re.search(r"\d{2}/\d{2}/\d{4}", refusal)
    with Session(app_db) as s:
        p = s.get(Project, 1)
        assert p.progress_physical == 12 and p.updated_by == "pho.vanphong"
    # Reopened on the newer project: the same save now goes through.
    fill(at)
    at = _submit(at, label)
    assert not at.error and at.success


def test_progress_form_after_someone_elses_save(app_users, app_db):
    at = goto(signed_in(app_users["secretariat"]), "project")
    _stale_case(
        app_db,
        at,
        "progress",
        lambda at: at.text_input(key="project_physical_1").input("30"),
        "Lưu tiến độ",
    )
    with Session(app_db) as s:
        assert s.get(Project, 1).progress_physical == 30


def test_edit_form_after_someone_elses_save(app_users, app_db):
    at = goto(signed_in(app_users["secretariat"]), "project")
    _stale_case(
        app_db,
        at,
        "edit",
        lambda at: at.text_input(key="project_edit_name_en_1").input("Ring Road 4"),
        "Lưu thay đổi",
    )
    with Session(app_db) as s:
        assert s.get(Project, 1).name_en == "Ring Road 4"


def test_workflow_form_after_someone_elses_save(app_users, app_db):
    at = goto(signed_in(app_users["secretariat"]), "project")
    _stale_case(
        app_db,
        at,
        "workflow",
        lambda at: at.selectbox(key="project_to_1").select("suspended"),  # DA-001 is under construction
        "Chuyển trạng thái",
    )


def test_adopt_form_after_someone_elses_save(app_users, app_db):
    at = goto(signed_in(app_users["secretariat"]), "project")
    _stale_case(
        app_db,
        at,
        "cost",
        lambda at: at.selectbox(key="project_adopt_method_1").select("equal"),
        "Áp dụng làm tỷ lệ phân bổ của dự án",
    )


def test_funding_and_milestone_forms_after_someone_elses_save(app_users, app_db):
    # The table editors cannot be edited in AppTest; saving them as they are still names the
    # opened version, so a save after someone else's is refused the same way.
    for form, label in (("funding", "Lưu nguồn vốn"), ("milestones", "Lưu mốc tiến độ")):
        at = goto(signed_in(app_users["secretariat"]), "project")
        _stale_case(app_db, at, form, lambda at: None, label)


def test_the_progress_form_saved_twice_after_a_success_writes_once(app_users, app_db):
    at = view_form(goto(signed_in(app_users["secretariat"]), "project"), "progress")
    at.text_input(key="project_physical_1").input("25")
    at = _submit(at, "Lưu tiến độ")
    assert at.success
    with Session(app_db) as s:
        version = s.get(Project, 1).version
    at.text_input(key="project_physical_1").input("25")
    at = _submit(at, "Lưu tiến độ")
    assert not at.error
    with Session(app_db) as s:
        assert s.get(Project, 1).version == version
