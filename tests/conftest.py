"""Shared fixtures: databases built in code (SQLite per test, PostgreSQL when
COUNCIL_TEST_PG_URL is set), users of each role, and the skip-or-fail rule."""

from __future__ import annotations

import os
import shutil
from collections import deque
from collections.abc import Callable
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
# The pytest-xdist worker running this process (gw0, gw1, ...), "main" when run with -n 0.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")


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


@pytest.fixture(scope="session", autouse=True)
def _signing_key_outside_the_checkout(tmp_path_factory):
    """Without COUNCIL_SECRET_KEY the app keeps its signing key in ``council-secret.key`` in the
    working directory, the checkout. The tests, and every server or process they start (which
    inherit the environment), use one key file in this run's (this xdist worker's) temp folder
    instead: nothing in the checkout is written, and workers share no file."""
    patch = pytest.MonkeyPatch()
    if not os.environ.get("COUNCIL_SECRET_KEY_FILE"):
        patch.setenv("COUNCIL_SECRET_KEY_FILE", str(tmp_path_factory.getbasetemp() / "council-secret.key"))
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
        # council_t<worker>_<pid>: the xdist worker (gw0, gw1, ...; "main" without xdist) and the
        # process, so two workers, or two runs at once, never share or drop each other's databases.
        self.prefix = f"council_t{WORKER}_{os.getpid()}"
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
        self._ahead: dict[str, deque[Future[str]]] = {}  # per template

    def url(self, name: str) -> str:
        return self.base.set(database=name).render_as_string(hide_password=False)

    def _exec(self, sql: str) -> None:
        from sqlalchemy import text

        with self.admin.connect() as conn:
            conn.execute(text(sql))

    def _drop(self, name: str) -> None:
        self._exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _create(self, name: str, seeded: bool, template: str | None = None) -> str:
        self._drop(name)
        source = template or (self.template if seeded else None)
        self._exec(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{source}"' if source else ""))
        return name

    def _next_name(self) -> str:
        self.count += 1
        return f"{self.prefix}_{self.count}"

    def new(self, seeded: bool = True, template: str | None = None) -> str:
        """A fresh database: empty, a copy of the seeded template, or a copy of ``template`` (a
        database this pool made, left without connections, e.g. seeded and then given more)."""
        if not seeded:
            return self._create(self._next_name(), seeded=False)
        source = template or self.template
        ahead = self._ahead.setdefault(source, deque())
        if not ahead:
            ahead.append(self._worker.submit(self._create, self._next_name(), True, source))
        ready = ahead.popleft()
        while len(ahead) < self.READY:
            ahead.append(self._worker.submit(self._create, self._next_name(), True, source))
        return ready.result()

    def release(self, name: str) -> None:
        """Drop a test's database in the background once the test has disposed its engine."""
        self._worker.submit(self._drop, name)

    def close(self) -> None:
        from sqlalchemy import text

        self._worker.shutdown(wait=True, cancel_futures=True)
        with self.admin.connect() as conn:
            names = conn.execute(text("SELECT datname FROM pg_database")).scalars().all()
        # Compared in Python, not with LIKE (where "_" matches any character: council_tgw0_12_%
        # would also match another process's council_tgw0_123_...).
        for name in names:
            if name.startswith(f"{self.prefix}_"):
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


def engine_copy(
    request, tmp_path, sqlite_template: Callable[[], Path], pg_template: Callable[[], str | None]
):
    """An engine on a fresh copy, for one test, of a template database: on SQLite of the file
    ``sqlite_template()``, on PostgreSQL (``request.param``) of the pool's database
    ``pg_template()`` (None: the seeded template). Each is asked for only on its dialect."""
    if request.param == "sqlite":
        path = tmp_path / "council.db"
        shutil.copy(sqlite_template(), path)
        eng = make_engine(f"sqlite:///{path}")
    else:
        dbs = request.getfixturevalue("pg_databases")
        name = dbs.new(template=pg_template())
        eng = make_engine(dbs.url(name))
    yield eng
    eng.dispose()
    if request.param != "sqlite":
        dbs.release(name)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def engine(request, tmp_path, _seeded_template):
    """A seeded database: a copy of the SQLite template, or of the seeded PostgreSQL template."""
    yield from engine_copy(request, tmp_path, lambda: _seeded_template, lambda: None)


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
