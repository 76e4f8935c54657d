"""The kit's import form (council.ui.imports) on the pages that take a spreadsheet: a bad file is
refused whole, the refusal names each bad row and field in the reader's language, and nothing
lands; a good file lands with its count."""

from __future__ import annotations

from sqlmodel import func, select

from council.db import read_session
from council.models import PlannedFacility, Project
from tests.app.conftest import goto, signed_in


def _errors(at) -> str:
    return "\n".join(e.value for e in at.error).replace("\\", "")


def _facilities(engine) -> int:
    with read_session(engine) as s:
        return s.exec(select(func.count()).select_from(PlannedFacility)).one()


def test_a_bad_facility_file_names_each_row_and_field_and_lands_nothing(app_users, app_db):
    at = goto(signed_in(app_users["secretariat"]), "facilities")
    at.segmented_control(key="facilities_view").set_value("io").run()
    assert not at.exception
    uploader = at.file_uploader(key="facilities_import_upload")
    assert uploader.proto.type == [".xlsx", ".csv"]
    assert "tối đa 10 MB" in uploader.proto.help  # the server's cap, lower than the import's bound
    bad = (
        "kind,name,province,lat,lon,start_year,end_year\n"
        'airport,Long Thành,Đồng Nai,"10,77","107,05",2026,2030\n'
        "airport,,Đồng Nai,10.77,107.05,2026,2030\n"
        "castle,Lâu đài,Hà Nội,,,,\n"
    ).encode()
    uploader.set_value(("cong-trinh.csv", bad, "text/csv"))
    at.button(key="facilities_import").click().run()
    assert not at.exception
    errors = _errors(at)
    assert "Tệp bị từ chối: 2 lỗi. Không có dòng nào được ghi." in errors
    assert "Dòng 3, trường «name»" in errors
    assert "Dòng 4, trường «kind»" in errors
    assert "Dòng 2" not in errors
    assert _facilities(app_db) == 0
    # The same form with the bad rows taken out lands the good one.
    good = (
        "kind,name,province,lat,lon,start_year,end_year\nairport,Long Thành,Đồng Nai,10.77,107.05,2026,2030\n"
    )
    at.file_uploader(key="facilities_import_upload").set_value(("cong-trinh.csv", good.encode(), "text/csv"))
    at.button(key="facilities_import").click().run()
    assert not at.exception and not at.error, _errors(at)
    assert _facilities(app_db) == 1
    assert "Đã nhập: 1 mới, 0 cập nhật, 0 không đổi." in [s.value for s in at.success]


def test_a_bad_project_file_is_refused_in_english_and_lands_nothing(app_users, app_db):
    at = signed_in(app_users["secretariat"])
    at.sidebar.selectbox(key="lang_select").select("en").run()
    at = goto(at, "projects")
    at.segmented_control(key="projects_view").set_value("io").run()
    assert not at.exception
    with read_session(app_db) as s:
        before = s.exec(select(func.count()).select_from(Project)).one()
    bad = (
        "code,name_vi,type,status,provinces\n"
        "DA-901,Cầu kiểm thử,bridge,proposed,Hà Nội;Hưng Yên\n"
        "DA-902,Cảng vũ trụ,spaceport,proposed,Hà Nội;Atlantis\n"
    ).encode()
    at.file_uploader(key="projects_upload").set_value(("du-an.csv", bad, "text/csv"))
    at.button(key="projects_import").click().run()
    assert not at.exception
    errors = _errors(at)
    assert "File refused:" in errors and "No row was written." in errors
    assert "Row 3, field “type”" in errors
    assert "Row 3, field “provinces”" in errors
    assert "Row 2" not in errors
    with read_session(app_db) as s:
        assert s.exec(select(func.count()).select_from(Project)).one() == before


def test_importing_without_a_file_asks_for_one(app_users, app_db):
    at = goto(signed_in(app_users["secretariat"]), "facilities")
    at.segmented_control(key="facilities_view").set_value("io").run()
    at.button(key="facilities_import").click().run()
    assert not at.exception
    assert "Hãy chọn tệp cần nhập trước khi bấm nút." in [w.value for w in at.warning]
