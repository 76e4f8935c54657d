"""The permission matrix of ARCHITECTURE.md, proven on the services themselves.

Every mutating service function (a public function of council/*.py taking ``session`` and
``actor``) is called as each role: the secretariat, the representative of a province the record
concerns (Hà Nội), the representative of one it does not concern (Cần Thơ), Hà Nội's provincial
statistics officer, an expert and an observer. Allowed calls succeed; refused ones raise PermissionDenied, write nothing, and leave a
'refused' entry in the audit log. A meta-test fails when a new service function has no row here.
Sign-ins, successful and failed, are in the audit log too. The cases live in
tests/permission_cases.py.
"""

from __future__ import annotations

import copy
import hashlib
import shutil

import pytest
from sqlalchemy import func, select
from sqlmodel import Session, SQLModel

from council import agreements, audit, auth, conflicts, myprovince, notify
from council.dataversion import LOG
from council.db import make_engine, write_session
from council.errors import PermissionDenied, SignInError
from council.io import ImportRejected
from council.models import AuditEntry, DataVersion, Observation
from tests.conftest import engine_copy
from tests.permission_cases import (
    CASES,
    CASES_BY_NAME,
    FIGURE_YEARS,
    NOT_MUTATING,
    PASSWORD,
    ROLES,
    build_context,
    discover_mutating,
    discover_service_functions,
)


@pytest.fixture(scope="session")
def _context_template(tmp_path_factory, _seeded_template):
    """The context built once per run on a copy of the seeded SQLite template."""
    path = tmp_path_factory.mktemp("matrix") / "context.db"
    shutil.copy(_seeded_template, path)
    eng = make_engine(f"sqlite:///{path}")
    context = build_context(eng)
    eng.dispose()  # the last connection closes: the WAL is checkpointed into the file
    return path, context


@pytest.fixture(scope="session")
def _pg_context_template(pg_databases):
    """The same on PostgreSQL: the context built once in a copy of the seeded template, which
    each test's database is then a copy of (CREATE DATABASE ... TEMPLATE)."""
    name = pg_databases.new()
    eng = make_engine(pg_databases.url(name))
    context = build_context(eng)
    eng.dispose()  # no session may stay on a database that is copied
    return name, context


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def engine(request, tmp_path):
    """This module's ``engine``: a fresh copy, for every test, of the database the context of
    tests/permission_cases.py was built in once per run and dialect (building it took seconds a
    test on PostgreSQL)."""
    yield from engine_copy(
        request,
        tmp_path,
        lambda: request.getfixturevalue("_context_template")[0],
        lambda: request.getfixturevalue("_pg_context_template")[0],
    )


@pytest.fixture
def fx(engine, request):
    """The context of tests/permission_cases.py (the same ids in every copy of its database)."""
    built = "_context_template" if engine.dialect.name == "sqlite" else "_pg_context_template"
    return copy.deepcopy(request.getfixturevalue(built)[1])


def fingerprint(engine) -> str:
    """A digest of every row of every table but the audit log and its counter (a refusal is
    logged, which moves the log's counter) (compared before and after)."""
    digest = hashlib.sha256()
    with engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            if table.name in (AuditEntry.__tablename__, "dataversion"):
                continue
            query = select(table).order_by(*table.primary_key.columns)
            if table.name == DataVersion.__tablename__:  # the log counter moves with the refusal's entry
                query = query.where(table.c.name != LOG)
            rows = conn.execute(query).all()
            digest.update(f"{table.name}:{[tuple(r) for r in rows]!r}".encode())
    return digest.hexdigest()


def last_audit_id(engine) -> int:
    with Session(engine) as s:
        return s.exec(select(func.max(AuditEntry.id))).one()[0] or 0


def audit_since(engine, after_id: int) -> list[AuditEntry]:
    with Session(engine) as s:
        return list(
            s.exec(select(AuditEntry).where(AuditEntry.id > after_id).order_by(AuditEntry.id)).scalars()
        )


# --- the matrix ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case_name", [c.name for c in CASES])
def test_matrix(engine, fx, case_name, role):
    case = CASES_BY_NAME[case_name]
    actor = fx.actors[role]
    before, mark = fingerprint(engine), last_audit_id(engine)
    if role in case.allowed:
        with write_session(engine) as s:
            case.invoke(s, actor, fx)
        if case.writes:
            assert fingerprint(engine) != before, f"{case.name} as {role} changed nothing"
        assert all(e.action != "refused" for e in audit_since(engine, mark))
        return
    if f"{role}_refusal" in case.extra:
        # Refused row by row (the file's provinces are known only once it is read): the row and
        # column are named, nothing is written, and the refusal is logged like any other.
        with pytest.raises(ImportRejected) as exc, write_session(engine) as s:
            case.invoke(s, actor, fx)
        assert {(e.field, e.key) for e in exc.value.errors} == {("province", case.extra[f"{role}_refusal"])}
        assert fingerprint(engine) == before
        logged = [(e.action, e.actor_name, e.entity) for e in audit_since(engine, mark)]
        refused_action = case.extra.get(
            "refused_action", case.extra.get("refused_entity", "observation.enter")
        )
        assert logged == [("refused", actor.username, refused_action)], logged
        return
    with pytest.raises(PermissionDenied), write_session(engine) as s:
        case.invoke(s, actor, fx)
    assert fingerprint(engine) == before, f"{case.name} as {role} was refused but wrote data"
    logged = [(e.action, e.actor_name) for e in audit_since(engine, mark)]
    assert logged == [("refused", actor.username)], logged


def test_import_of_another_provinces_figures_is_refused_by_row_and_writes_nothing(engine, fx):
    """A representative's import file is read before its provinces are known: Cần Thơ's representative
    importing Hà Nội's figures is refused with the row and the column named, and nothing is written."""
    case = CASES_BY_NAME["targets.import_figures"]
    before = fingerprint(engine)
    with pytest.raises(ImportRejected) as exc, write_session(engine) as s:
        case.invoke(s, fx.actors["rep_other"], fx)
    assert [(e.row, e.field, e.key) for e in exc.value.errors] == [
        (2, "province", case.extra["rep_other_refusal"])
    ]
    assert fingerprint(engine) == before
    with Session(engine) as s:
        assert s.exec(select(Observation).where(Observation.year == FIGURE_YEARS["import"])).first() is None


def test_a_commenter_cannot_edit_someone_elses_comment(engine, fx):
    """Editing a comment is the author's own: the secretariat and Hà Nội's representative may comment
    on the conflict, yet editing the expert's comment is refused, logged, and nothing changes."""
    target = fx.comments["expert"]
    for role in ("secretariat", "rep_own"):
        actor = fx.actors[role]
        before, mark = fingerprint(engine), last_audit_id(engine)
        with pytest.raises(PermissionDenied) as exc, write_session(engine) as s:
            conflicts.edit_comment(
                s,
                actor,
                target,
                expected_version=fx.comment_versions[target],
                body="Sửa ý kiến của người khác",
                stance="information",
            )
        assert exc.value.action == "comment.edit_own"
        assert fingerprint(engine) == before
        assert [(e.action, e.entity, e.actor_name) for e in audit_since(engine, mark)] == [
            ("refused", "comment.edit_own", actor.username)
        ]


# --- the matrix agrees with auth.PERMISSIONS --------------------------------------------------


@pytest.mark.parametrize("case_name", [c.name for c in CASES])
def test_each_row_matches_the_permissions_table(case_name):
    """The allowed roles written in each row are what auth.PERMISSIONS gives for a record of Hà Nội
    (the province of rep_own): the rows and the table cannot drift apart unnoticed."""
    case = CASES_BY_NAME[case_name]
    hanoi, cantho = 1, 2
    actors = {
        "secretariat": auth.Actor(1, "s", "secretariat"),
        "rep_own": auth.Actor(2, "r1", "province_rep", province_id=hanoi),
        "rep_other": auth.Actor(3, "r2", "province_rep", province_id=cantho),
        "officer_own": auth.Actor(6, "st1", "statistics_officer", province_id=hanoi),
        "expert": auth.Actor(4, "e", "expert"),
        "observer": auth.Actor(5, "o", "observer"),
    }
    ids = {"own": hanoi, "other": cantho}
    expected = {
        role
        for role, a in actors.items()
        if all(auth.can(a, act, [ids[p]]) for act in case.actions for p in case.scope)
    }
    assert set(case.allowed) == expected
    assert set(case.allowed) <= set(ROLES)


# --- meta: every mutating service has a row -------------------------------------------------


def test_every_mutating_service_function_has_a_row_in_the_matrix():
    missing = discover_mutating() - {c.function for c in CASES}
    assert not missing, (
        f"service functions with no row in tests/permission_cases.py CASES "
        f"(add one, or to NOT_MUTATING with the reason): {sorted(missing)}"
    )


def test_matrix_and_exclusions_name_real_functions():
    found = discover_service_functions()
    assert {c.function for c in CASES} <= found
    assert set(NOT_MUTATING) <= found, sorted(set(NOT_MUTATING) - found)
    assert not set(NOT_MUTATING) & {c.function for c in CASES}


def test_the_discovery_finds_a_new_service(monkeypatch):
    """The meta-test bites: a new (session, actor) function in a council module is reported missing."""
    import council.projects as module

    def archive_project(session, actor, project_id):  # pragma: no cover - never called
        raise AssertionError

    archive_project.__module__ = module.__name__
    monkeypatch.setattr(module, "archive_project", archive_project, raising=False)
    assert "projects.archive_project" in discover_mutating() - {c.function for c in CASES}


def test_read_only_exclusions_write_nothing(engine, fx):
    """The read-only functions kept out of the matrix really only read, for every role."""
    before = fingerprint(engine)
    mark = last_audit_id(engine)
    for role in ROLES:
        actor = fx.actors[role]
        with write_session(engine) as s:
            conflicts.can_comment(s, actor, fx.conflict)
            myprovince.province_view(s, fx.hanoi)
            myprovince.changes_since(s, actor, None)
            agreements.editable(actor, agreements.list_agreements(s))
            notify.automatic(s, actor)
            notify.followed(s, actor)
            notify.list_notifications(s, actor)
            notify.preferences(s, actor)
            notify.following_state(s, actor, "conflict", fx.conflict)
    assert fingerprint(engine) == before
    assert audit_since(engine, mark) == []


# --- refusals and sign-ins are logged ---------------------------------------------------------


def test_a_refusal_is_logged_with_the_action_and_the_provinces(engine, fx):
    rep = fx.actors["rep_other"]
    mark = last_audit_id(engine)
    with pytest.raises(PermissionDenied), write_session(engine) as s:
        CASES_BY_NAME["projects.accept_share"].invoke(s, rep, fx)
    with Session(engine) as s:
        entries = audit.list_entries(s, action="refused", actor_name=rep.username)
    assert [(e["entity"], e["note"]) for e in entries if e["id"] > mark] == [
        ("project.accept_share", str([fx.hanoi]))
    ]


def test_sign_ins_success_and_failure_are_logged(engine, fx):
    """A sign-in is an audit entry; failures are counted per account (auth.sign_in_failure_report),
    never one audit row per attempt, and a typed name that is no account is stored nowhere."""
    rep = fx.actors["rep_own"]
    mark = last_audit_id(engine)
    assert auth.sign_in(engine, rep.username, PASSWORD).id == rep.id
    with pytest.raises(SignInError):
        auth.sign_in(engine, rep.username, "wrong-password-1")
    with pytest.raises(SignInError):
        auth.sign_in(engine, "nobody.here", PASSWORD)
    logged = [(e.action, e.actor_name, e.entity_id, e.note) for e in audit_since(engine, mark)]
    assert logged == [("sign_in", rep.username, str(rep.id), "")]
    with Session(engine) as s:
        report = auth.sign_in_failure_report(s)
    assert [(r["username"], r["recent_failures"]) for r in report] == [(rep.username, 1)]
