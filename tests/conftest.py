"""Shared fixtures: databases built in code (SQLite per test, PostgreSQL when
COUNCIL_TEST_PG_URL is set), users of each role, and the skip-or-fail rule."""

from __future__ import annotations

import os
import shutil
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlmodel import Session, select

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


@pytest.fixture(scope="session", autouse=True)
def _argon2_once_per_password():
    """Hash each distinct password with argon2 once per run, not once per user created.

    Every test user gets a real argon2 hash of its password with the production parameters
    (``auth._hasher``), and every sign-in still verifies it for real; only the salt is shared
    by test users with the same password. Argon2 is deliberately slow (~0.1 s a hash, ~1 s on a
    busy CI core), and the ``users`` fixtures create five users per test: hashing dominated the
    run (tests/permission_cases.py already did the same for the permission matrix)."""
    real = auth.hash_password
    hashes: dict[str, str] = {}

    def hash_once(password: str) -> str:
        if password not in hashes:
            hashes[password] = real(password)
        return hashes[password]

    patch = pytest.MonkeyPatch()
    patch.setattr(auth, "hash_password", hash_once)
    yield
    patch.undo()


@pytest.fixture(scope="session")
def _seeded_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "seeded.db"
    engine = make_engine(f"sqlite:///{path}")
    init_db(engine)
    seed(engine)
    engine.dispose()
    return path


class _PgDatabases:
    """Each test gets its own PostgreSQL database, copied from a seeded template made once
    per run (CREATE DATABASE ... TEMPLATE), so parallel runs never share tables.

    Copying an 11 MB template takes the server a few tenths of a second; one background thread
    keeps the next seeded copies ready (and drops used ones) while the tests run, so the test
    process does not wait for it. Every test still gets a fresh, untouched copy of the template."""

    READY = 2  # seeded copies made ahead

    def __init__(self, url: str):
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        self.base = make_url(url)
        self.admin = create_engine(self.base, isolation_level="AUTOCOMMIT")
        self.prefix = f"council_t{os.getpid()}"
        self.template = f"{self.prefix}_tmpl"
        self.count = 0
        self._drop(self.template)
        self._exec(f'CREATE DATABASE "{self.template}"')
        engine = make_engine(self.url(self.template))
        init_db(engine)
        seed(engine)
        engine.dispose()
        # One worker: the template is only ever copied by one connection at a time
        # (CREATE DATABASE ... TEMPLATE needs the template without other sessions).
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pg-template")
        self._ahead: deque[Future[str]] = deque()

    def url(self, name: str) -> str:
        return self.base.set(database=name).render_as_string(hide_password=False)

    def _exec(self, sql: str) -> None:
        from sqlalchemy import text

        with self.admin.connect() as conn:
            conn.execute(text(sql))

    def _drop(self, name: str) -> None:
        self._exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _create(self, name: str, seeded: bool) -> str:
        self._drop(name)
        self._exec(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{self.template}"' if seeded else ""))
        return name

    def _next_name(self) -> str:
        self.count += 1
        return f"{self.prefix}_{self.count}"

    def new(self, seeded: bool = True) -> str:
        if not seeded:
            return self._create(self._next_name(), seeded=False)
        if not self._ahead:
            self._ahead.append(self._worker.submit(self._create, self._next_name(), True))
        ready = self._ahead.popleft()
        while len(self._ahead) < self.READY:
            self._ahead.append(self._worker.submit(self._create, self._next_name(), True))
        return ready.result()

    def release(self, name: str) -> None:
        """Drop a test's database in the background once the test has disposed its engine."""
        self._worker.submit(self._drop, name)

    def close(self) -> None:
        from sqlalchemy import text

        self._worker.shutdown(wait=True, cancel_futures=True)
        with self.admin.connect() as conn:
            names = (
                conn.execute(
                    text("SELECT datname FROM pg_database WHERE datname LIKE :p"), {"p": f"{self.prefix}_%"}
                )
                .scalars()
                .all()
            )
        for name in names:
            self._drop(name)
        self.admin.dispose()


@pytest.fixture(scope="session")
def pg_databases():
    need(bool(PG_URL), "COUNCIL_TEST_PG_URL is not set (PostgreSQL tests)")
    try:
        dbs = _PgDatabases(PG_URL)
    except Exception as exc:  # depends on the machine
        need(False, f"PostgreSQL at COUNCIL_TEST_PG_URL is unusable: {exc}")
    yield dbs
    dbs.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def engine(request, tmp_path, _seeded_template):
    """A seeded database: a copy of the SQLite template, or a freshly seeded PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "council.db"
        shutil.copy(_seeded_template, path)
        eng = make_engine(f"sqlite:///{path}")
    else:
        dbs = request.getfixturevalue("pg_databases")
        name = dbs.new()
        eng = make_engine(dbs.url(name))
    yield eng
    eng.dispose()
    if request.param != "sqlite":
        dbs.release(name)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def tableless_engine(request, tmp_path):
    """A database with no tables at all, on SQLite and PostgreSQL."""
    if request.param == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path / 'blank.db'}")
    else:
        dbs = request.getfixturevalue("pg_databases")
        name = dbs.new(seeded=False)
        eng = make_engine(dbs.url(name))
    yield eng
    eng.dispose()
    if request.param != "sqlite":
        dbs.release(name)


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
        return auth.create_user(
            s,
            auth.SYSTEM,
            username=username or f"{role}-{province or 'x'}".lower().replace(" ", ""),
            password=PASSWORD,
            role=role,
            province_id=pid,
        )


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
