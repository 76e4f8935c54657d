"""Project import (all or nothing, every bad row and field listed) and export."""

import io

import pandas as pd
import pytest
from sqlmodel import Session, func, select

from council import projects
from council.db import write_session
from council.errors import PermissionDenied
from council.io import ImportRejected, read_table, to_csv, to_excel
from council.models import AuditEntry, Project, ProjectProvince

HEADER = "code,name_vi,name_en,type,status,provinces,lead_province,cost_shares_pct,total_investment,planned_start,planned_end,progress_physical\n"


def run_import(engine, actor, text: str, name="projects.csv"):
    rows = read_table(text.encode("utf-8"), name)
    with write_session(engine) as s:
        return projects.import_projects(s, actor, rows)


def count(engine):
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(Project)).one()


def test_good_file_creates_and_updates_in_one_audited_transaction(engine, users):
    text = HEADER + (
        'DA-100,Cầu Rạch Miễu 3,My Third Bridge,Cầu,Đề xuất,Vĩnh Long; Đồng Tháp,Vĩnh Long,"55; 45",'
        '"1.234,5",2026,2029,\n'
        "DA-002,Đường Vành đai 3 TP. Hồ Chí Minh,Ho Chi Minh City Ring Road 3,ring_road,completed,"
        "Hồ Chí Minh;Đồng Nai;Tây Ninh,,,75300,2023-01-01,31/12/2026,100\n"
    )
    assert run_import(engine, users["secretariat"], text) == {"created": 1, "updated": 1, "unchanged": 0}
    with Session(engine) as s:
        new = s.exec(select(Project).where(Project.code == "DA-100")).one()
        assert (new.type, new.status, new.total_investment) == ("bridge", "proposed", 1234.5)
        assert (new.planned_start.isoformat(), new.planned_end.isoformat()) == ("2026-01-01", "2029-12-31")
        parts = {
            pp.role: pp.cost_share_pct
            for pp in s.exec(select(ProjectProvince).where(ProjectProvince.project_id == new.id))
        }
        assert parts == {"lead": 55, "partner": 45}
        ring3 = s.exec(select(Project).where(Project.code == "DA-002")).one()
        assert (ring3.status, ring3.progress_physical, ring3.version) == ("completed", 100, 2)
        actions = [e.action for e in s.exec(select(AuditEntry).where(AuditEntry.entity == "project"))]
        assert actions.count("import") == 1 and "create" in actions and "update" in actions


def test_any_error_rejects_the_whole_file_and_lists_every_row_and_field(engine, users):
    before = count(engine)
    text = HEADER + (
        "DA-101,Dự án tốt,Good,bridge,proposed,Hà Nội;Hưng Yên,,,100,2026,2027,\n"  # row 2: fine
        "DA-102,Dự án xấu,Bad,spaceport,proposed,Hà Nội;Atlantis,,,-5,2027,2026,\n"  # row 3
        'DA-101,Trùng mã,Dup,bridge,proposed,Hà Nội;Hưng Yên,,"60; 30",,,,150\n'  # row 4
        ",Không mã,,bridge,proposed,Hà Nội,,,,x,,\n"  # row 5
        "DA-009,Cao tốc,,expressway,proposed,Hà Nội;Hưng Yên,,,,,,\n"
    )  # row 6
    with pytest.raises(ImportRejected) as exc:
        run_import(engine, users["secretariat"], text)
    found = {(e.row, e.field, e.key) for e in exc.value.errors}
    assert {
        (3, "type", "projects.error.bad_code"),
        (3, "provinces", "projects.error.unknown_province"),
        (3, "total_investment", "error.too_small"),
        (4, "code", "projects.error.code_twice"),
        (4, "cost_shares_pct", "projects.error.shares_sum"),
        (4, "progress_physical", "error.too_large"),
        (5, "code", "projects.error.required"),
        (5, "planned_start", "projects.error.bad_date"),
        (5, "provinces", "projects.error.two_provinces"),
        (6, "status", "projects.error.transition"),
    } <= found
    assert not any(e.row == 2 for e in exc.value.errors)
    assert count(engine) == before
    with Session(engine) as s:
        assert s.exec(select(Project).where(Project.code == "DA-101")).first() is None
    assert "Dòng 3" in exc.value.errors[0].message("vi") or exc.value.errors[0].row == 3


def test_missing_required_column_rejects(engine, users):
    with pytest.raises(ImportRejected) as exc:
        run_import(engine, users["secretariat"], "code,name_vi\nDA-200,Thiếu tỉnh\n")
    assert [(e.row, e.field) for e in exc.value.errors] == [(1, "provinces")]


@pytest.mark.parametrize("role", ["rep_hanoi", "expert", "observer"])
def test_only_the_secretariat_imports(engine, users, role):
    with pytest.raises(PermissionDenied):
        run_import(engine, users[role], HEADER + "DA-300,X,,bridge,proposed,Hà Nội;Hưng Yên,,,,,,\n")
    assert count(engine) == 37


def test_export_then_import_round_trips(engine, users):
    with Session(engine) as s:
        rows = projects.list_projects(s)
    frame = projects.export_frame(rows)
    assert len(frame) == 37 and list(frame.columns[: len(projects.COLUMNS)]) == list(projects.COLUMNS)
    data = to_excel({"projects": frame})
    back = pd.read_excel(io.BytesIO(data), dtype=str)
    assert back.loc[0, "code"] == "DA-001" and "Hà Nội" in back.loc[0, "provinces"]
    assert to_csv(frame).decode("utf-8-sig").startswith("code,name_vi")
    # The exported file imports back unchanged (every row an update with the same values).
    table = read_table(data, "export.xlsx")
    with write_session(engine) as s:
        assert projects.import_projects(s, users["secretariat"], table) == {
            "created": 0,
            "updated": 0,
            "unchanged": 37,
        }
    with Session(engine) as s:
        again = projects.list_projects(s)
    keep = (
        "code",
        "name_vi",
        "type",
        "status",
        "total_investment",
        "planned_start",
        "planned_end",
        "province_ids",
    )
    assert [{k: r[k] for k in keep} for r in again] == [{k: r[k] for k in keep} for r in rows]


def test_template_has_the_import_columns():
    frames = projects.template_frames("vi")
    assert list(frames["projects"].columns) == list(projects.COLUMNS)
    assert set(frames["help"]["column"]) >= set(projects.COLUMNS)
