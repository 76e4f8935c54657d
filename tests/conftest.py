"""Shared fixtures: databases built in code (SQLite per test, PostgreSQL when
COUNCIL_TEST_PG_URL is set), users of each role, and the skip-or-fail rule."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sqlmodel import Session, SQLModel, select

from council import auth
from council.db import init_db, make_engine, write_session
from council.models import Province
from council.seed import seed

REQUIRE_ALL = os.environ.get("COUNCIL_REQUIRE_ALL_TESTS") == "1"
PG_URL = os.environ.get("COUNCIL_TEST_PG_URL")
PASSWORD = "correct-horse-42"


def need(condition: bool, reason: str) -> None:
    """Skip when a resource (browser, PostgreSQL) is missing; in CI
    (COUNCIL_REQUIRE_ALL_TESTS=1) a missing resource is a failure instead."""
    if condition:
        return
    if REQUIRE_ALL:
        pytest.fail(f"required resource missing: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def _seeded_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "seeded.db"
    engine = make_engine(f"sqlite:///{path}")
    init_db(engine)
    seed(engine)
    engine.dispose()
    return path


def _pg_engine():
    need(bool(PG_URL), "COUNCIL_TEST_PG_URL is not set (PostgreSQL tests)")
    engine = make_engine(PG_URL)
    try:
        with engine.connect():
            pass
    except Exception as exc:  # pragma: no cover - depends on the machine
        need(False, f"PostgreSQL at COUNCIL_TEST_PG_URL is unreachable: {exc}")
    SQLModel.metadata.drop_all(engine)
    init_db(engine)
    return engine


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def engine(request, tmp_path, _seeded_template):
    """A seeded database: a copy of the SQLite template, or a freshly seeded PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "council.db"
        shutil.copy(_seeded_template, path)
        eng = make_engine(f"sqlite:///{path}")
    else:
        eng = _pg_engine()
        seed(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def empty_engine(tmp_path):
    eng = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    init_db(eng)
    yield eng
    eng.dispose()


def province_id(engine, name_vi: str) -> int:
    with Session(engine) as s:
        return s.exec(select(Province).where(Province.name_vi == name_vi)).one().id


def make_user(engine, role: str, province: str | None = None, username: str | None = None) -> auth.Actor:
    pid = province_id(engine, province) if province else None
    with write_session(engine) as s:
        return auth.create_user(s, auth.SYSTEM, username=username or f"{role}-{province or 'x'}".lower().replace(" ", ""),
                                password=PASSWORD, role=role, province_id=pid)


@pytest.fixture
def users(engine):
    """One user per role; representatives of Hà Nội and of Cần Thơ."""
    return {
        "secretariat": make_user(engine, "secretariat", username="sec"),
        "rep_hanoi": make_user(engine, "province_rep", "Hà Nội", username="rep.hanoi"),
        "rep_cantho": make_user(engine, "province_rep", "Cần Thơ", username="rep.cantho"),
        "expert": make_user(engine, "expert", username="expert"),
        "observer": make_user(engine, "observer", username="observer"),
    }
