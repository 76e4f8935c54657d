"""Numbers typed the Vietnamese way in every number-entry form: "18,5" is stored as 18.5 (not
185), the field shows the stored number in the reader's locale, and a text that is not a number
is refused naming the field, with nothing saved. (The figures' quick entry and grid: see
test_figures_page.py.)"""

from sqlmodel import Session, select

from council.models import Project, Target
from tests.app.conftest import goto, signed_in
from tests.app.test_projects_page import _fill, _submit, view, view_form


def test_project_create_length_and_investment_typed_with_a_comma(app_users, app_db):
    at = view(goto(signed_in(app_users["secretariat"]), "projects"), "new")
    _fill(at, "DA-185", ("60", "40"))
    at.text_input(key="projects_new_length").input("18,5")
    at.text_input(key="projects_new_investment").input("1.234,5")
    at = _submit(at, "Thêm dự án")
    assert not at.exception and not at.error, [e.value for e in at.error]
    with Session(app_db) as s:
        p = s.exec(select(Project).where(Project.code == "DA-185")).one()
        assert p.length_km == 18.5 and p.total_investment == 1234.5


def test_project_create_refuses_a_length_that_is_not_a_number(app_users, app_db):
    at = view(goto(signed_in(app_users["secretariat"]), "projects"), "new")
    _fill(at, "DA-186", ("60", "40"))
    at.text_input(key="projects_new_length").input("18,5 km")
    at = _submit(at, "Thêm dự án")
    assert any("Chiều dài" in e.value and "18,5 km" in e.value for e in at.error), [e.value for e in at.error]
    with Session(app_db) as s:
        assert s.exec(select(Project).where(Project.code == "DA-186")).first() is None


def test_project_progress_typed_with_a_comma(app_users, app_db):
    at = view_form(goto(signed_in(app_users["secretariat"]), "project"), "progress")
    at.text_input(key="project_physical_1").input("18,5")
    at = _submit(at, "Lưu tiến độ")
    assert not at.error, [e.value for e in at.error]
    with Session(app_db) as s:
        assert s.get(Project, 1).progress_physical == 18.5


def test_project_edit_shows_the_length_in_the_readers_locale_and_reads_a_comma(app_users, app_db):
    at = view_form(goto(signed_in(app_users["secretariat"]), "project"), "edit")
    with Session(app_db) as s:
        before = s.get(Project, 1).length_km
    from council.numbers import format_number

    assert at.text_input(key="project_edit_length_1").value == format_number(before, "vi")
    at.text_input(key="project_edit_length_1").input("18,5")
    at = _submit(at, "Lưu thay đổi")
    assert not at.error, [e.value for e in at.error]
    with Session(app_db) as s:
        assert s.get(Project, 1).length_km == 18.5


def test_target_baseline_typed_with_a_comma(app_users, app_db):
    at = goto(signed_in(app_users["secretariat"]), "targets")
    at.radio(key="targets_view").set_value("catalogue").run()
    with Session(app_db) as s:
        first = s.exec(select(Target).order_by(Target.id)).first()
    at.selectbox(key="targets_edit_choice").set_value(first.id).run()
    at.text_input(key=f"targets_f_bv_{first.id}").input("18,5")
    at = _submit(at, "Lưu mục tiêu")
    assert not at.exception and not at.error, [e.value for e in at.error]
    with Session(app_db) as s:
        assert s.get(Target, first.id).baseline_value == 18.5
