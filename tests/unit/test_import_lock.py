"""Imports check the file outside the write lock and land it in one short transaction (issue 14,
item 2): while a file is being checked, other people's saves go through; a record someone
changed in between refuses the import whole, with nothing written. SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, func
from sqlmodel import Session, select

from council import projects, targets
from council.db import write_session
from council.errors import ValidationError
from council.io import read_table
from council.models import AuditEntry, Indicator, Observation, Project
from council.versioning import save_versioned

HEADER = (
    "code,name_vi,name_en,type,status,provinces,lead_province,cost_shares_pct,total_investment,"
    "planned_start,planned_end,progress_physical\n"
)


def _quick_engine(engine):
    """Another connection pool on the same database that gives up on a lock after 0.3 s."""
    url = engine.url.render_as_string(hide_password=False)
    if engine.dialect.name == "sqlite":
        return create_engine(url, connect_args={"timeout": 0.3})
    return create_engine(url, connect_args={"options": "-c lock_timeout=300"})


def _save_elsewhere(engine, code: str = "DA-001") -> None:
    other = _quick_engine(engine)
    try:
        with Session(other) as s:
            p = s.exec(select(Project).where(Project.code == code)).one()
            save_versioned(s, p, p.version, "project", "someone.else", {"status_note": "lưu trong lúc nhập"})
            s.commit()
    finally:
        other.dispose()


def _file(rows: int, start: int = 0) -> list[dict]:
    body = "".join(
        f'DA-{9000 + start + i},Cầu nhập {i},Bridge {i},Cầu,Đề xuất,Hà Nội; Hưng Yên,Hà Nội,"50; 50",100,2026,2029,\n'
        for i in range(rows)
    )
    return read_table((HEADER + body).encode(), "big.csv")


def test_a_save_goes_through_while_an_import_is_being_checked(engine, users, monkeypatch):
    real = projects._plan_projects

    def plan_with_a_save_meanwhile(*args, **kwargs):
        plan = real(*args, **kwargs)
        _save_elsewhere(engine)  # would wait on the lock and fail if checking held it
        return plan

    monkeypatch.setattr(projects, "_plan_projects", plan_with_a_save_meanwhile)
    counts = projects.import_projects_file(engine, users["secretariat"], _file(50))
    assert counts == {"created": 50, "updated": 0, "unchanged": 0}
    with Session(engine) as s:
        assert (
            s.exec(select(Project.status_note).where(Project.code == "DA-001")).one() == "lưu trong lúc nhập"
        )


def test_a_project_changed_while_the_file_was_checked_refuses_the_import(engine, users, monkeypatch):
    with Session(engine) as s:
        listed = projects.list_projects(s)
    table = read_table(
        # The export with one name changed: DA-001 is an update, the rest unchanged.
        __import__("council.io", fromlist=["to_csv"]).to_csv(
            projects.export_frame(listed).assign(
                name_vi=lambda f: f["name_vi"].where(f["code"] != "DA-001", "Tên mới")
            )
        ),
        "export.csv",
    ) + _file(3)
    real = projects._plan_projects

    def plan_then_someone_saves(*args, **kwargs):
        plan = real(*args, **kwargs)
        _save_elsewhere(engine)
        return plan

    monkeypatch.setattr(projects, "_plan_projects", plan_then_someone_saves)
    with Session(engine) as s:
        before = s.exec(select(func.count()).select_from(Project)).one()
    with pytest.raises(ValidationError) as exc:
        projects.import_projects_file(engine, users["secretariat"], table)
    assert exc.value.key == "error.import_changed" and exc.value.params["ident"] == "DA-001"
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(Project)).one() == before
        assert s.exec(select(Project.name_vi).where(Project.code == "DA-001")).one() != "Tên mới"


def test_figures_land_in_batches_with_one_audit_entry_each(engine, users):
    with Session(engine) as s:
        codes = s.exec(select(Indicator.code).order_by(Indicator.id)).all()
    years = range(2030, 2036)
    body = "".join(f"Hà Nội,{code},{y},{i}.5\n" for y in years for i, code in enumerate(codes))
    data = ("province,indicator_code,year,value\n" + body).encode()
    assert targets.import_figures_file(engine, users["rep_hanoi"], data, "hn.csv") == len(codes) * len(years)
    with Session(engine) as s:
        stored = s.exec(select(Observation).where(Observation.year >= 2030)).all()
        created = s.exec(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.entity == "observation", AuditEntry.action == "create")
        ).one()
    assert len(stored) == len(codes) * len(years)
    assert {(o.status, o.entered_by, o.version) for o in stored} == {("draft", "rep.hanoi", 1)}
    assert created >= len(stored)
    # The same file again with other values: every figure an update by compare-and-set.
    data2 = data.replace(b".5\n", b".25\n")
    assert targets.import_figures_file(engine, users["rep_hanoi"], data2, "hn.csv") == len(stored)
    with Session(engine) as s:
        assert {o.version for o in s.exec(select(Observation).where(Observation.year >= 2030))} == {2}


def test_a_figure_saved_while_the_file_was_checked_refuses_the_import(engine, users, monkeypatch):
    with Session(engine) as s:
        ind = s.exec(select(Indicator).order_by(Indicator.id)).first()
    hanoi_row = f"Hà Nội,{ind.code},2030,"
    targets.import_figures_file(
        engine, users["rep_hanoi"], f"province,indicator_code,year,value\n{hanoi_row}1\n".encode(), "a.csv"
    )
    real = targets._plan_figures

    def plan_then_someone_saves(*args, **kwargs):
        plan = real(*args, **kwargs)
        with write_session(engine) as s:
            rows = targets.figures_for(s, users["rep_hanoi"].province_id, 2030)
            r = next(r for r in rows if r["indicator_id"] == ind.id)
            targets.apply_edits(
                s,
                users["secretariat"],
                [
                    {
                        "province_id": users["rep_hanoi"].province_id,
                        "indicator_id": ind.id,
                        "year": 2030,
                        "value": 7.0,
                        "version": r["version"],
                    }
                ],
            )
        return plan

    monkeypatch.setattr(targets, "_plan_figures", plan_then_someone_saves)
    with pytest.raises(ValidationError) as exc:
        targets.import_figures_file(
            engine,
            users["rep_hanoi"],
            f"province,indicator_code,year,value\n{hanoi_row}2\n".encode(),
            "b.csv",
        )
    assert exc.value.key == "error.import_changed"
    with Session(engine) as s:
        o = s.exec(
            select(Observation).where(Observation.indicator_id == ind.id, Observation.year == 2030)
        ).one()
    assert o.value == 7.0
