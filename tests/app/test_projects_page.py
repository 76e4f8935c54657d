"""The project register pages in AppTest: the real seeded list, filters, the create
form's validation, the detail page and its secretariat forms."""

from sqlmodel import Session, func, select

from council.models import Project, ProjectProvince
from tests.app.conftest import goto, signed_in


def projects_table(at):
    frames = [df for df in at.dataframe if getattr(df, "key", None) == "projects_table"]
    assert frames, "the project table is not on the page"
    return frames[0].value


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def count(engine):
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(Project)).one()


def test_list_shows_the_real_projects_of_the_region_and_filters_narrow_it(app_users):
    at = goto(signed_in(app_users["observer"]), "projects")
    assert not at.exception
    assert at.title[0].value == "Danh mục dự án liên tỉnh"
    frame = projects_table(at)
    # Đồng bằng sông Hồng: Ring Road 4 of the capital region is there, with its three provinces.
    ring4 = frame[frame["code"] == "DA-001"].iloc[0]
    assert ring4["name"] == "Đường Vành đai 4 – Vùng Thủ đô Hà Nội"
    assert set(ring4["provinces"].split(", ")) == {"Hà Nội", "Hưng Yên", "Bắc Ninh"}
    assert ring4["lead"] == "—" and ring4["investment"] == 85813
    shown = len(frame)
    assert metric(at, "Số dự án") == str(shown)
    at.checkbox(key="projects_interregional").check().run()
    wider = len(projects_table(at))
    assert wider > shown
    at.text_input(key="projects_search").input("vanh dai 4").run()
    assert list(projects_table(at)["code"]) == ["DA-001"]
    at.text_input(key="projects_search").input("").run()
    at.multiselect(key="projects_status").select("completed").run()
    statuses = set(projects_table(at)["status"])
    assert statuses == {"Hoàn thành"} and len(projects_table(at)) < wider


def view(at, name):
    """Show one of the register's views (list, dashboard, timeline, map, new, io)."""
    at.button_group(key="projects_view").set_value(name).run()
    assert not at.exception
    return at


def test_only_the_chosen_view_is_built(app_users):
    at = goto(signed_in(app_users["secretariat"]), "projects")
    assert at.button_group(key="projects_view").value == "list"
    assert projects_table(at) is not None and not at.get("plotly_chart")
    view(at, "map")
    assert len(at.get("plotly_chart")) == 1
    assert not [df for df in at.dataframe if getattr(df, "key", None) == "projects_table"]


def test_observer_sees_no_create_form_nor_import(app_users):
    at = goto(signed_in(app_users["observer"]), "projects")
    view(at, "new")
    assert "Vai trò của bạn chỉ được xem danh mục dự án." in [i.value for i in at.info]
    assert not [b for b in at.button if getattr(b, "key", "") == "projects_new_submit"]
    view(at, "io")
    assert not at.get("file_uploader")


def _fill(at, code, shares):
    """Code, name, Hà Nội and Hưng Yên, and one share per province (("60", "40"))."""
    at.text_input(key="projects_new_code").input(code)
    at.text_input(key="projects_new_name_vi").input("Cầu nối Hưng Yên – Hà Nội")
    hanoi, hungyen = _province_id(at, "Hà Nội"), _province_id(at, "Hưng Yên")
    if at.multiselect(key="projects_new_provinces").value != [hanoi, hungyen]:
        at.multiselect(key="projects_new_provinces").set_value([hanoi, hungyen]).run()
    for pid, share in zip((hanoi, hungyen), shares, strict=True):
        at.text_input(key=f"projects_new_share_{pid}").input(share)
    return at.run()


def _province_id(at, name):
    from council.ui.context import get_engine
    from tests.conftest import province_id

    return province_id(get_engine(), name)


def _submit(at, label):
    next(b for b in at.button if b.label == label).click()
    return at.run()


def test_create_form_refuses_a_bad_share_sum_and_writes_nothing(app_users, app_db):
    before = count(app_db)
    at = view(goto(signed_in(app_users["secretariat"]), "projects"), "new")
    _fill(at, "DA-500", ("60", "30"))
    at = _submit(at, "Thêm dự án")
    assert not at.exception
    errors = [e.value for e in at.error]
    assert errors == ["Tỷ lệ phân bổ (%): Tổng tỷ lệ phân bổ là 90 %, phải bằng 100 %."]
    assert count(app_db) == before
    _fill(at, "DA-500", ("60", "40"))
    at = _submit(at, "Thêm dự án")
    assert "Đã thêm dự án DA-500." in [s.value for s in at.success]
    assert count(app_db) == before + 1


def test_one_share_field_per_province_with_the_running_total(app_users, app_db):
    at = view(goto(signed_in(app_users["secretariat"]), "projects"), "new")
    assert not [t for t in at.text_input if t.key and t.key.startswith("projects_new_share_")]
    assert "Chọn các tỉnh, thành phố tham gia" in " ".join(c.value for c in at.caption)
    at = _fill(at, "DA-502", ("35,5", "40"))
    labels = [t.label for t in at.text_input if t.key and t.key.startswith("projects_new_share_")]
    assert labels == ["Hà Nội (%)", "Hưng Yên (%)"]
    # "35,5" is 35.5: the running total says 75,5 % and what is left to 100 %.
    assert "Tổng: 75,5 % · còn lại: 24,5 % đến 100 %." in [c.value for c in at.caption]
    at.text_input(key=f"projects_new_share_{_province_id(at, 'Hưng Yên')}").input("70").run()
    assert "Tổng: 105,5 % · vượt 100 % là 5,5 %." in [c.value for c in at.caption]
    at.text_input(key=f"projects_new_share_{_province_id(at, 'Hưng Yên')}").input("64,5").run()
    at = _submit(at, "Thêm dự án")
    assert "Đã thêm dự án DA-502." in [s.value for s in at.success], [e.value for e in at.error]
    with Session(app_db) as s:
        project = s.exec(select(Project).where(Project.code == "DA-502")).one()
        rows = s.exec(select(ProjectProvince).where(ProjectProvince.project_id == project.id))
        shares = {p.province_id: p.cost_share_pct for p in rows}
    assert shares == {_province_id(at, "Hà Nội"): 35.5, _province_id(at, "Hưng Yên"): 64.5}


def test_representative_proposes_with_own_province_preselected(app_users, app_db):
    at = view(goto(signed_in(app_users["province_rep"]), "projects"), "new")
    assert at.multiselect(key="projects_new_provinces").value == [app_users["province_rep"].province_id]
    at.text_input(key="projects_new_code").input("DA-501")
    at.text_input(key="projects_new_name_vi").input("Đề xuất cầu")
    at.multiselect(key="projects_new_provinces").select(_province_id(at, "Hưng Yên"))
    at = _submit(at, "Gửi đề xuất")
    assert not at.exception
    assert any("DA-501" in s.value for s in at.success)
    with Session(app_db) as s:
        assert s.exec(select(Project).where(Project.code == "DA-501")).one().status == "proposed"


def view_form(at, name):
    """Show one of the project detail's secretariat forms."""
    at.button_group(key="project_action").set_value(name).run()
    assert not at.exception
    return at


def test_detail_page_shows_a_project_and_the_secretariat_moves_it(app_users, app_db):
    at = goto(signed_in(app_users["secretariat"]), "project")
    assert not at.exception
    assert at.title[0].value.startswith("DA-001 · Đường Vành đai 4")
    assert any("Chưa có phương án phân bổ" in i.value for i in at.info)
    # Under construction since the sourced 2025 update, with its date and source shown.
    assert any("Tình trạng ngày" in m.value and "Nguồn tình trạng" in m.value for m in at.markdown)
    at.selectbox(key="project_to_1").select("completed")
    at = _submit(at, "Chuyển trạng thái")
    assert not at.exception
    with Session(app_db) as s:
        moved = s.exec(select(Project).where(Project.code == "DA-001")).one()
        # A status changed in the app: the app is its source, and it is confirmed.
        assert moved.status == "completed" and moved.status_source == "" and not moved.status_scheduled
    assert "Đã chuyển sang «Hoàn thành»." in [s.value for s in at.success]


def test_stale_save_on_the_detail_page_is_refused(app_users, app_db):
    from council import projects
    from council.auth import Actor
    from council.db import write_session

    at = goto(signed_in(app_users["secretariat"]), "project")
    # Someone else saves after this form was opened.
    other = Actor(id=None, username="pho.vanphong", role="secretariat")
    with write_session(app_db) as s:
        projects.set_progress(s, other, 1, 1, physical=12, disbursed=10)
    view_form(at, "progress")
    at.text_input(key="project_physical_1").input("20")
    at = _submit(at, "Lưu tiến độ")
    assert not at.exception
    assert any("pho.vanphong" in e.value for e in at.error)
    with Session(app_db) as s:
        assert s.get(Project, 1).progress_physical == 12


def test_observer_detail_has_no_secretariat_forms(app_users):
    at = goto(signed_in(app_users["observer"]), "project")
    assert not at.exception
    assert not [b for b in at.button if b.label == "Chuyển trạng thái"]


def test_secretariat_edits_a_project_and_a_representative_accepts_the_split(app_users, app_db):
    at = view_form(goto(signed_in(app_users["secretariat"]), "project"), "edit")
    at.text_input(key="project_edit_name_en_1").input("Capital Region Ring Road 4")
    at = _submit(at, "Lưu thay đổi")
    assert not at.exception
    assert "Đã lưu dự án DA-001." in [s.value for s in at.success]
    view_form(at, "cost")
    at.selectbox(key="project_adopt_method_1").select("equal")
    at = _submit(at, "Áp dụng làm tỷ lệ phân bổ của dự án")
    with Session(app_db) as s:
        p = s.get(Project, 1)
        assert p.name_en == "Capital Region Ring Road 4" and p.version == 3
    rep = goto(signed_in(app_users["province_rep"]), "project")
    assert any("Đã xác nhận: 0 / 3" in m.value for m in rep.markdown)
    buttons = [b for b in rep.button if b.label.startswith("Xác nhận đồng ý")]
    assert [b.label for b in buttons] == ["Xác nhận đồng ý phương án phân bổ cho Hà Nội"]
    buttons[0].click()
    rep = rep.run()
    assert any("Đã xác nhận: 1 / 3" in m.value for m in rep.markdown)


def test_a_long_list_is_sent_a_page_at_a_time(app_users, monkeypatch):
    from council.ui import tables

    monkeypatch.setattr(tables, "PAGE_SIZE", 2)
    at = goto(signed_in(app_users["observer"]), "projects")
    at.checkbox(key="projects_interregional").check().run()
    total = int(metric(at, "Số dự án"))
    assert total > 4
    first = projects_table(at)
    assert len(first) == 2
    pages = (total + 1) // 2
    assert f"Dòng 1–2 trên tổng số {total} ({pages} trang); lọc để thu hẹp." in [x.value for x in at.caption]
    at.number_input(key="projects_table_page").set_value(pages).run()
    last = projects_table(at)
    assert len(last) == total - 2 * (pages - 1)
    assert not set(last["code"]) & set(first["code"])
    # The picker offers the projects of the page shown.
    assert len(at.selectbox(key="projects_open_pick").options) == len(last)


def test_the_register_says_why_it_counts_fewer_projects_than_the_region_overview(app_users):
    """The overview counted 6 projects for Đồng bằng sông Hồng, the register 3, with nothing saying why."""
    at = signed_in(app_users["secretariat"])
    goto(at, "projects")
    assert not at.exception
    notes = [c.value for c in at.caption if "liên vùng" in c.value and "Còn" in c.value]
    assert len(notes) == 1
    # Ticked: every project is listed and the note goes.
    at.checkbox(key="projects_interregional").check().run()
    assert not [c.value for c in at.caption if "Còn" in c.value and "liên vùng" in c.value]
