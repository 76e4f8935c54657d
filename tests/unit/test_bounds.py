"""Numbers are finite and dates lie in 1900..2200 everywhere (issue 14, item 5): in the services'
validation, for any ORM write, for compare-and-set updates, and in the database itself (CHECK
constraints of migration 0003_integrity), on SQLite and PostgreSQL."""

from __future__ import annotations

import math
from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from council import meetings, projects, targets
from council.db import write_session
from council.errors import ValidationError
from council.io import read_table
from council.models import Indicator, Project, Province
from tests.conftest import province_id

HEADER = (
    "code,name_vi,name_en,type,status,provinces,lead_province,cost_shares_pct,total_investment,"
    "planned_start,planned_end,progress_physical\n"
)


@pytest.mark.parametrize("bad", ["inf", "1e309", "nan", "-Infinity"])
def test_an_import_with_a_non_finite_investment_is_refused_by_row(engine, users, bad):
    table = read_table(
        (HEADER + f"DA-970,Cầu,Bridge,Cầu,Đề xuất,Hà Nội; Hưng Yên,Hà Nội,,{bad},2026,2029,\n").encode(),
        "p.csv",
    )
    from council.io import ImportRejected

    with pytest.raises(ImportRejected) as exc, write_session(engine) as s:
        projects.import_projects(s, users["secretariat"], table)
    assert [(e.row, e.field, e.key) for e in exc.value.errors] == [
        (2, "total_investment", "error.not_finite")
    ]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "2201-01-01"])
def test_an_import_with_a_date_out_of_range_is_refused_by_row(engine, users, day):
    table = read_table(
        (HEADER + f"DA-971,Cầu,Bridge,Cầu,Đề xuất,Hà Nội; Hưng Yên,Hà Nội,,100,{day},2229-01-01,\n").encode(),
        "p.csv",
    )
    from council.io import ImportRejected

    with pytest.raises(ImportRejected) as exc, write_session(engine) as s:
        projects.import_projects(s, users["secretariat"], table)
    assert ("planned_start", "error.date_out_of_range") in {(e.field, e.key) for e in exc.value.errors}


def test_services_refuse_non_finite_numbers_and_far_dates(engine, users):
    sec = users["secretariat"]
    hanoi = province_id(engine, "Hà Nội")
    with Session(engine) as s:
        ind = s.exec(select(Indicator.id)).first()
        region = s.get(Province, hanoi).region_id
    for value in (math.inf, -math.inf, math.nan, 1e309):
        with pytest.raises(ValidationError) as exc, write_session(engine) as s:
            targets.apply_edits(
                s, sec, [{"province_id": hanoi, "indicator_id": ind, "year": 2030, "value": value}]
            )
        assert exc.value.field == "value"
    for day in (date(1, 1, 1), date(9999, 12, 31)):
        with pytest.raises(ValidationError) as exc, write_session(engine) as s:
            meetings.create_meeting(s, sec, region_id=region, meeting_date=day, place="Hà Nội")
        assert (exc.value.key, exc.value.field) == ("error.date_out_of_range", "meeting_date")


def test_an_orm_write_of_a_bad_value_is_refused_before_the_database(engine):
    """A service that forgot to check still cannot store infinity or year 1 (the flush hook)."""
    with pytest.raises(ValidationError) as exc, write_session(engine) as s:
        p = s.exec(select(Project)).first()
        p.total_investment = math.inf
        s.add(p)
    assert (exc.value.key, exc.value.field) == ("error.not_finite", "total_investment")
    with pytest.raises(ValidationError) as exc, write_session(engine) as s:
        p = s.exec(select(Project)).first()
        p.planned_end = date(1, 1, 1)
        s.add(p)
    assert (exc.value.key, exc.value.field) == ("error.date_out_of_range", "planned_end")


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE project SET total_investment = :inf",
        "UPDATE project SET total_investment = -:inf",
        "UPDATE observation SET value = :inf",
        "UPDATE project SET planned_start = '0001-01-01'",
        "UPDATE project SET planned_end = '9999-12-31'",
        "UPDATE meeting SET meeting_date = '2300-01-01'",
    ],
)
def test_the_database_refuses_bad_values_written_around_the_app(engine, users, sql):
    sec = users["secretariat"]
    hanoi = province_id(engine, "Hà Nội")
    with write_session(engine) as s:  # a figure and a meeting to update
        ind = s.exec(select(Indicator.id)).first()
        targets.apply_edits(s, sec, [{"province_id": hanoi, "indicator_id": ind, "year": 2030, "value": 1.0}])
        region = s.get(Province, hanoi).region_id
        meetings.create_meeting(s, sec, region_id=region, meeting_date=date(2026, 12, 1), place="Hà Nội")
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(text(sql), {"inf": float("inf")} if ":inf" in sql else {})


def test_nan_is_refused_by_postgresql_and_never_stored_by_sqlite(engine):
    if engine.dialect.name == "postgresql":
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(text("UPDATE project SET total_investment = 'NaN'::float8"))
    else:
        with pytest.raises(ValidationError), write_session(engine) as s:
            p = s.exec(select(Project)).first()
            p.total_investment = math.nan
            s.add(p)
