"""AppTest of plan execution: a project credited to the Mekong Delta's expressway target from the
plan page, moved to completed, shows as delivered on the target page for each of its provinces;
the checklist flags an unmatched priority project; a bad priority-list file lands nothing and
names each bad row and field; the reporting table and "my province" show who is late."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, func, select

from council import plan, projects
from council.db import write_session
from council.models import Indicator, Project, Province, Target
from council.plan_models import PriorityProject, ProjectTarget
from council.projects import Participant, ProjectInput
from tests.app.conftest import goto, signed_in
from tests.conftest import make_user


def _mekong_expressway_target(engine) -> int:
    with Session(engine) as s:
        return s.exec(
            select(Target.id)
            .join(Indicator, Indicator.id == Target.indicator_id)
            .where(Indicator.code == "expressway_km", Target.plan_region == "Đồng bằng sông Cửu Long")
        ).one()


def _province(engine, name: str) -> int:
    with Session(engine) as s:
        return s.exec(select(Province.id).where(Province.name_vi == name)).one()


def _in_mekong(at):
    at.selectbox(key="region_select").select("DBSCL").run()
    assert not at.exception
    return at


def _table_with(at, *columns):
    for frame in at.dataframe:
        if all(col in frame.value.columns for col in columns):
            return frame.value
    raise AssertionError(f"no table with {columns}")


def test_a_completed_project_shows_as_delivered_for_each_of_its_provinces(app_users, app_db):
    sec = app_users["secretariat"]
    target = _mekong_expressway_target(app_db)
    with write_session(app_db) as s:
        created = projects.create_project(
            s,
            sec,
            ProjectInput(
                code="DA-990",
                name_vi="Cao tốc kiểm thử Cần Thơ – Cà Mau",
                type="expressway",
                status="under_construction",
                planned_start=date(2024, 1, 1),
                planned_end=date(2027, 12, 31),
                participants=[
                    Participant(province_id=_province(app_db, "Cần Thơ"), length_km=60),
                    Participant(province_id=_province(app_db, "Cà Mau"), length_km=40),
                ],
            ),
        )
    # The secretariat credits the project to the target on the plan page, typing "100,5" km.
    at = goto(_in_mekong(signed_in(sec)), "plan")
    assert not at.exception
    assert at.title[0].value == "Thực hiện quy hoạch vùng"
    at.selectbox(key="plan_link_project").select(created["id"])
    at.selectbox(key="plan_link_target").select(target)
    at.text_input(key="plan_link_quantity").input("100,5")
    at.button(key="plan_link_submit").click().run()
    assert not at.exception
    assert "Đã ghi nhận dự án DA-990 vào mục tiêu." in [s.value for s in at.success]
    with Session(app_db) as s:
        assert s.exec(select(ProjectTarget.quantity).where(ProjectTarget.target_id == target)).one() == 100.5
    # Under construction with a planned end in 2027: in the pipeline, nothing delivered yet.
    table = _table_with(at, "Tỉnh, thành phố", "Đã hoàn thành", "Đang triển khai").set_index(
        "Tỉnh, thành phố"
    )
    assert table.loc["Cần Thơ", "Đang triển khai"] == "60,3" and table.loc["Cần Thơ", "Đã hoàn thành"] == "0"

    with Session(app_db) as s:
        version = s.get(Project, created["id"]).version
    with write_session(app_db) as s:
        projects.transition(s, sec, created["id"], version, "completed")

    # The target page, reached from a link, shows the delivered km per province.
    at = signed_in(app_users["observer"])
    at.query_params["target"] = str(target)
    at = goto(_in_mekong(at), "targets")
    assert not at.exception
    assert at.radio(key="targets_view").value == "indicator"
    table = _table_with(at, "Tỉnh, thành phố", "Phạm vi", "Đã hoàn thành", "Đang triển khai")
    table = table.set_index("Tỉnh, thành phố")
    assert table.loc["Cần Thơ", "Đã hoàn thành"] == "60,3"
    assert table.loc["Cà Mau", "Đã hoàn thành"] == "40,2"
    assert table.loc["Cần Thơ", "Đang triển khai"] == "0"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Đã hoàn thành"] == "100,5 km"
    assert metrics["Còn thiếu so với mục tiêu"] == "729,5 km"
    derived = _table_with(at, "Nguồn", "Đã hoàn thành")
    assert set(derived["Nguồn"]) == {"suy ra từ dự án DA-990"}
    assert any("729,5 km" in w.value for w in at.warning)


def test_the_checklist_flags_an_unmatched_priority_project(app_users, app_db):
    sec = app_users["secretariat"]
    at = goto(_in_mekong(signed_in(sec)), "plan")
    at.radio(key="plan_view").set_value("checklist").run()
    assert not at.exception
    assert any("Chưa có danh sách dự án ưu tiên" in i.value for i in at.info)
    at.text_input(key="plan_priority_decision").input("287/QĐ-TTg")
    at.text_input(key="plan_priority_name").input("Cao tốc Hà Tiên – Rạch Giá – Bạc Liêu (kiểm thử)")
    at.selectbox(key="plan_priority_type").select("expressway")
    at.multiselect(key="plan_priority_provinces").select(_province(app_db, "An Giang"))
    at.text_input(key="plan_priority_period").input("2021-2027")
    at.button(key="plan_priority_submit").click().run()
    assert not at.exception
    table = _table_with(at, "Tên dự án", "Cảnh báo")
    row = table.set_index("Tên dự án").loc["Cao tốc Hà Tiên – Rạch Giá – Bạc Liêu (kiểm thử)"]
    assert row["Dự án trong danh mục"] == "Không có trong danh mục"
    assert "không có trong danh mục dự án" in row["Cảnh báo"]
    assert "chưa khởi công, còn dưới 3 năm" in row["Cảnh báo"]
    # An observer sees the same checklist but no form.
    at = goto(_in_mekong(signed_in(app_users["observer"])), "plan")
    at.radio(key="plan_view").set_value("checklist").run()
    assert "Cao tốc Hà Tiên – Rạch Giá – Bạc Liêu (kiểm thử)" in list(
        _table_with(at, "Tên dự án")["Tên dự án"]
    )
    assert not at.get("file_uploader")


def test_a_bad_priority_file_lands_nothing_and_names_each_bad_row_and_field(app_users, app_db):
    at = goto(_in_mekong(signed_in(app_users["secretariat"])), "plan")
    at.radio(key="plan_view").set_value("checklist").run()
    bad = (
        "decision_code,name_vi,type,provinces,period\n"
        "287/QĐ-TTg,Cảng Trần Đề,seaport,Cần Thơ,2021-2030\n"
        ",Cảng hàng không Phú Quốc,sân bay vũ trụ,An Giang,2030\n"
        "287/QĐ-TTg,Cao tốc X,expressway,Atlantis,2030-2021\n"
    ).encode()
    # The file and the import button are one form: the file is sent with the click.
    at.file_uploader(key="plan_priority_upload").set_value(("uu-tien.csv", bad, "text/csv"))
    at.button(key="plan_priority_import").click().run()
    assert not at.exception
    # The refusal lists every bad row and field; what the file holds is shown as text (escaped).
    errors = "\n".join(m.value for m in at.error).replace("\\", "")
    assert "Dòng 3, trường «decision_code»" in errors
    assert "Dòng 3, trường «type»: Không có loại công trình «sân bay vũ trụ»." in errors
    assert "Dòng 4, trường «provinces»: Không có tỉnh, thành phố Atlantis." in errors
    assert "Dòng 4, trường «period»" in errors
    assert "Dòng 2" not in errors
    with Session(app_db) as s:
        assert s.exec(select(func.count()).select_from(PriorityProject)).one() == 0


def test_reporting_view_and_my_province_show_who_is_late(app_users, app_db):
    sec = app_users["secretariat"]
    at = goto(_in_mekong(signed_in(sec)), "plan")
    at.radio(key="plan_view").set_value("reporting").run()
    assert not at.exception
    with Session(app_db) as s:
        region = s.exec(select(Province.region_id).where(Province.name_vi == "Cần Thơ")).one()
        year = plan.reporting_year(s, date.today())
        result = plan.reporting(s, region, [year])
    rates = _table_with(at, "Tỉnh, thành phố", "Phải báo cáo", "Tỷ lệ đã gửi (%)").set_index(
        "Tỉnh, thành phố"
    )
    for row in result["by_province"]:
        assert rates.loc[row["province"], "Phải báo cáo"] == row["expected"]
    assert rates.loc["Toàn vùng", "Phải báo cáo"] == result["region"]["expected"]
    late = _table_with(at, "Hạn báo cáo", "Số ngày chậm")
    assert len(late) == len(result["late"])
    rep = make_user(app_db, "province_rep", "Cần Thơ", username="rep.cantho")
    at = goto(signed_in(rep), "my-province")
    assert not at.exception
    assert any(m.value == "**Tình hình báo cáo số liệu của tỉnh**" for m in at.markdown)
    mine = _table_with(at, "Tỉnh, thành phố", "Phải báo cáo")
    assert list(mine["Tỉnh, thành phố"]) == ["Cần Thơ"]


def test_the_secretariat_credits_suggested_projects_with_their_length(app_users, app_db):
    target = _mekong_expressway_target(app_db)
    with Session(app_db) as s:
        project = s.exec(select(Project).where(Project.code == "DA-015")).one()
    at = goto(_in_mekong(signed_in(app_users["secretariat"])), "plan")
    at.selectbox(key="plan_suggest_target").select(target).run()
    assert f"DA-015 · {project.name_vi}" in list(_table_with(at, "Dự án", "Khối lượng")["Dự án"])
    at.multiselect(key=f"plan_suggest_pick_{target}").select(project.id)
    at.button(key="plan_suggest_submit").click().run()
    assert not at.exception
    assert "Đã ghi nhận 1 dự án." in [s.value for s in at.success]
    with Session(app_db) as s:
        link = s.exec(select(ProjectTarget).where(ProjectTarget.project_id == project.id)).one()
    assert link.target_id == target and link.quantity == project.length_km


def test_every_view_renders_in_english(app_users, app_db):
    at = signed_in(app_users["secretariat"])
    at.sidebar.selectbox(key="lang_select").select("en").run()
    at = goto(_in_mekong(at), "plan")
    assert not at.exception and at.title[0].value == "Regional plan execution"
    for view in ("delivery", "checklist", "reporting", "nation", "settings"):
        at.radio(key="plan_view").set_value(view).run()
        assert not at.exception, view
    observer = goto(signed_in(app_users["observer"]), "plan")
    assert "settings" not in observer.radio(key="plan_view").options
