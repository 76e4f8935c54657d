"""The data version (council.dataversion) and the caches keyed on it: every committed change to
the data moves it, in whatever order transactions commit; sign-ins, visits and refusals don't;
two processes with their own caches on one database each see a write on their next rerun, for
every cached view. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, insert, text, update
from sqlmodel import Session, select

from council import audit, auth, conflicts, dataversion, myprovince, network, plan, projects, targets
from council.db import make_engine, read_session, write_session
from council.errors import PermissionDenied, SignInError
from council.models import AuditEntry, Indicator, Milestone, Project, Province, User
from council.projects import ProjectFilter
from council.ui.cache import cached, cached_versioned
from tests.cached_views import plain, views
from tests.conftest import PASSWORD, province_id
from tests.permission_cases import project_input

ROOT = Path(__file__).resolve().parents[2]


def versions(engine) -> dict[str, int]:
    with read_session(engine) as s:
        return dataversion.current_all(s)


class Worker:
    """A second process with its own cache (tests/cache_worker.py) on the same database."""

    def __init__(self, url: str):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.cache_worker", url],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def ask(self, actor: auth.Actor) -> dict:
        self.proc.stdin.write(json.dumps({"actor": actor.to_dict(), "since": None}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, f"the second process died (exit {self.proc.poll()})"
        return json.loads(line)

    def close(self) -> None:
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture
def worker(engine):
    w = Worker(engine.url.render_as_string(hide_password=False))
    yield w
    w.close()


def here(engine, actor: auth.Actor) -> dict:
    """This process's cache, like the worker's answer: {name: {"cached": ..., "fresh": ...}}."""
    out = {}
    for name, (fn, args, kwargs) in views(engine, actor, None).items():
        got = plain(cached(engine, fn, *args, **kwargs))
        with read_session(engine) as s:
            out[name] = {"cached": got, "fresh": plain(fn(s, *args, **kwargs))}
    return out


def assert_current(answer: dict, where: str) -> None:
    stale = [name for name, v in answer.items() if v["cached"] != v["fresh"]]
    assert not stale, f"{where}: cached views behind the database: {stale}"


# --- what moves the counter -------------------------------------------------------------


def test_sign_ins_visits_refusals_and_throttling_leave_the_data_version(engine, users):
    rep = users["rep_hanoi"]
    start = versions(engine)
    auth.sign_in(engine, rep.username, PASSWORD)
    for _ in range(auth.LIMITS["account"]):
        with pytest.raises(SignInError):
            auth.sign_in(engine, rep.username, "wrong password")
    with pytest.raises(SignInError) as throttled:
        auth.sign_in(engine, rep.username, PASSWORD)
    assert throttled.value.key == "auth.throttled"
    with pytest.raises(PermissionDenied), write_session(engine) as s:
        projects.create_project(s, users["observer"], project_input("DA-NO", [province_id(engine, "Hà Nội")]))
    with write_session(engine) as s:
        myprovince.start_visit(s, rep)
        token = auth.issue_token(s, rep)
    with write_session(engine) as s:
        auth.revoke_token(s, token)
    now = versions(engine)
    assert now["data"] == start["data"]
    # The audit log recorded all of it: its own views' counter moved.
    assert now["log"] > start["log"]
    with read_session(engine) as s:
        actions = {e["action"] for e in audit.list_entries(s, limit=50)}
    # Failed and throttled attempts are counted per account, not logged one row each (issue 14).
    assert {"sign_in", "refused"} <= actions


def test_every_kind_of_data_write_moves_it_once_per_commit(engine, users):
    sec = users["secretariat"]
    hanoi, hungyen = province_id(engine, "Hà Nội"), province_id(engine, "Hưng Yên")

    def moved(write) -> int:
        before = versions(engine)["data"]
        with write_session(engine) as s:
            write(s)
        return versions(engine)["data"] - before

    with write_session(engine) as s:
        project = projects.create_project(s, sec, project_input("DA-KIND", [hanoi, hungyen]))["id"]
    assert moved(lambda s: projects.create_project(s, sec, project_input("DA-KIND2", [hanoi, hungyen]))) == 1

    def orm_update(s):
        s.get(Province, hanoi).population += 1

    def orm_delete(s):
        s.delete(
            s.exec(select(Milestone).where(Milestone.project_id == project)).first()
            or s.get(Project, project)
        )

    def core_insert(s):
        s.exec(insert(Milestone).values(project_id=project, title="Mốc kiểm thử", due_date=date(2027, 1, 1)))

    def core_update(s):
        s.exec(update(Project).where(Project.id == project).values(name_en="renamed"))

    def raw_sql(s):
        s.exec(text("UPDATE province SET area_km2 = area_km2 + 1 WHERE id = :id").bindparams(id=hanoi))

    def several_in_one(s):
        core_update(s)
        orm_update(s)
        auth.create_user(s, sec, username="new.one", password=PASSWORD, role="expert")

    for write in (orm_update, core_insert, orm_delete, core_update, raw_sql, several_in_one):
        assert moved(write) == 1, write.__name__

    user_id = users["expert"].id
    with read_session(engine) as s:
        version = s.get(User, user_id).version
    assert moved(lambda s: auth.update_user(s, sec, user_id, expected_version=version, role="observer")) == 1
    assert moved(lambda s: auth.reset_password(s, sec, user_id, "another-password-1")) == 1

    def bookkeeping_only(s):
        s.get(User, user_id).failed_attempts += 1

    assert moved(bookkeeping_only) == 0
    assert moved(lambda s: s.exec(update(User).where(User.id == user_id).values(failed_attempts=0))) == 0

    # A rolled-back change moves nothing.
    before = versions(engine)
    with pytest.raises(RuntimeError), write_session(engine) as s:
        projects.create_project(s, sec, project_input("DA-ROLLBACK", [hanoi, hungyen]))
        s.flush()
        raise RuntimeError("abandon")
    assert versions(engine)["data"] == before["data"]


# --- commits in any order --------------------------------------------------------------


def test_a_transaction_that_inserts_first_and_commits_last_is_seen_by_both_caches(engine, users, worker):
    """T1 inserts a project and stays open; T2 inserts another and commits; T1 commits last.
    On PostgreSQL T1's audit id is below T2's (the old key, the largest id, would not move on T1's
    commit). On SQLite T2 waits for T1's lock, the only order SQLite allows. Either way both
    processes' caches show both projects on the next rerun."""
    sec, rep = users["secretariat"], users["rep_hanoi"]
    hanoi, hungyen = province_id(engine, "Hà Nội"), province_id(engine, "Hưng Yên")
    assert_current(here(engine, rep), "this process")
    assert_current(worker.ask(rep)["views"], "second process")

    second = make_engine(engine.url.render_as_string(hide_password=False))
    t1 = Session(engine.execution_options(sqlite_begin="IMMEDIATE"), expire_on_commit=False)
    first = projects.create_project(t1, sec, project_input("DA-T1", [hanoi, hungyen]))
    t1.flush()
    t1_audit = t1.exec(select(func.max(AuditEntry.id))).one()  # T1 sees its own entry
    t2_done = threading.Event()

    def t2():
        with write_session(second) as s:
            projects.create_project(s, sec, project_input("DA-T2", [hanoi, hungyen]))
        t2_done.set()

    thread = threading.Thread(target=t2)
    thread.start()
    pg = engine.dialect.name == "postgresql"
    if pg:
        assert t2_done.wait(30), "T2 should commit while T1 is open on PostgreSQL"
        with read_session(engine) as s:
            newest = s.exec(select(func.max(AuditEntry.id))).one()
        assert t1_audit < newest, "T1's audit entry must carry the smaller id (the out-of-order case)"

        def codes(answer):
            return {r["code"] for r in answer["register"]["cached"]}

        assert {"DA-T2"} <= codes(here(engine, rep)) and "DA-T1" not in codes(here(engine, rep))
        assert {"DA-T2"} <= codes(worker.ask(rep)["views"])
    t1.commit()
    t1.close()
    thread.join(30)
    assert t2_done.is_set()
    second.dispose()

    for where, answer in (("this process", here(engine, rep)), ("second process", worker.ask(rep)["views"])):
        assert_current(answer, where)
        register = {r["code"] for r in answer["register"]["cached"]}
        assert {"DA-T1", "DA-T2"} <= register, where
        graph_projects = {
            p for _, e in answer["network"]["cached"]["graph"]["edges"] for p in e["project_ids"]
        }
        assert first["id"] in graph_projects, where


def test_the_version_and_the_data_come_from_one_snapshot(engine, users, monkeypatch):
    """A commit landing between the version read and the data read is not cached under the older
    version: what is cached under n is the database at n, and the next rerun sees the commit."""
    sec = users["secretariat"]
    hanoi, hungyen = province_id(engine, "Hà Nội"), province_id(engine, "Hưng Yên")
    other = make_engine(engine.url.render_as_string(hide_password=False))
    real = dataversion.current_all
    fired = []

    def then_a_commit(session):
        found = real(session)
        if not fired:
            fired.append(True)
            with write_session(other) as s:
                projects.create_project(s, sec, project_input("DA-BETWEEN", [hanoi, hungyen]))
        return found

    monkeypatch.setattr(dataversion, "current_all", then_a_commit)
    flt = ProjectFilter(province_ids=[hanoi])
    assert "DA-BETWEEN" not in {r["code"] for r in cached(engine, projects.list_projects, flt)}
    assert "DA-BETWEEN" in {r["code"] for r in cached(engine, projects.list_projects, flt)}
    other.dispose()


# --- two processes, every cached view -----------------------------------------------------


def test_a_write_through_one_process_is_seen_by_the_other_on_every_view(engine, users, worker):
    sec, rep, expert = users["secretariat"], users["rep_hanoi"], users["expert"]
    hanoi, hungyen = province_id(engine, "Hà Nội"), province_id(engine, "Hưng Yên")
    with Session(engine) as s:
        region = s.get(Province, hanoi).region_id
        indicator = s.exec(select(Indicator.id).where(Indicator.code == "urbanisation")).one()
    state = {}

    def project():
        with write_session(engine) as s:
            projects.create_project(s, sec, project_input("DA-TWO", [hanoi, hungyen]))

    def conflict():
        with write_session(engine) as s:
            state["conflict"] = conflicts.open_conflict(
                s,
                sec,
                title="Tranh chấp hai tiến trình",
                parties=[{"province_id": hanoi, "position": "A"}, {"province_id": hungyen, "position": "B"}],
            )["id"]

    def comment():
        with write_session(engine) as s:
            conflicts.add_comment(
                s, expert, state["conflict"], body="Ý kiến chuyên gia", stance="information"
            )

    def target():
        with write_session(engine) as s:
            targets.save_target(
                s,
                sec,
                indicator_id=indicator,
                plan_region="Đồng bằng sông Hồng",
                region_id=region,
                baseline_year=2025,
                target_year=2030,
                target_text="60",
                period="2026-2030",
                source_document="kiểm thử",
            )

    def plan_execution():
        # A target taking project credit, the newest project credited to it, a priority
        # project and a due date (the plan page's views).
        with write_session(engine) as s:
            expressway = s.exec(select(Indicator.id).where(Indicator.code == "expressway_km")).one()
            new_target = targets.save_target(
                s,
                sec,
                indicator_id=expressway,
                plan_region="Đồng bằng sông Hồng",
                region_id=region,
                baseline_year=2025,
                target_year=2030,
                target_text="500",
                period="2026-2030",
                source_document="kiểm thử",
            )
            newest = s.exec(select(func.max(Project.id))).one()
            plan.link_project(s, sec, project_id=newest, target_id=new_target, quantity=12)
            plan.save_priority_project(
                s,
                sec,
                decision_code="368/QĐ-TTg",
                name_vi="Dự án ưu tiên hai tiến trình",
                type="road",
                province_ids=[hanoi],
                period="2021-2030",
            )
            plan.set_due_date(s, sec, month=4, day=30, year_offset=1)

    def figures():
        with write_session(engine) as s:
            edit = {"province_id": hanoi, "indicator_id": indicator, "year": 2026, "value": 55.0}
            grdp = s.exec(select(Indicator.id).where(Indicator.code == "grdp_current")).one()
            summed = {"province_id": hanoi, "indicator_id": grdp, "year": 2026, "value": 1_500_000.0}
            targets.apply_edits(s, rep, [edit, summed])
            targets.submit_set(s, rep, hanoi, 2026)

    def approve():
        with write_session(engine) as s:
            targets.approve_set(s, sec, hanoi, 2026)

    def user():
        with write_session(engine) as s:
            auth.create_user(s, sec, username="moi.tao", password=PASSWORD, role="observer")

    previous = {"here": here(engine, rep), "there": worker.ask(rep)["views"]}
    changed: set[str] = set()
    for write in (project, conflict, comment, target, plan_execution, figures, approve, user):
        write()
        answers = {"here": here(engine, rep), "there": worker.ask(rep)["views"]}
        for where, answer in answers.items():
            assert_current(answer, f"{where}, after {write.__name__}")
            changed |= {
                name
                for name, v in answer.items()
                if name not in previous[where] or v["cached"] != previous[where][name]["cached"]
            }
        previous = answers
    # Every view the pages cache was changed by one of the writes and followed it at once
    # (the province list is never written here).
    assert set(previous["there"]) - changed == {"provinces"}

    # A sign-in and a visit: the data caches stay as they were; the audit log shows them.
    version = worker.ask(rep)["version"]
    auth.sign_in(engine, rep.username, PASSWORD)
    with write_session(engine) as s:
        myprovince.start_visit(s, rep)
    after = worker.ask(rep)
    assert after["version"] == version
    assert_current(after["views"], "second process, after a sign-in")
    assert after["views"]["audit"]["cached"] != previous["there"]["audit"]["cached"]
    assert after["views"]["register"] == previous["there"]["register"]


def test_the_graph_follows_the_data_version(engine, users):
    sec = users["secretariat"]
    hanoi, hungyen = province_id(engine, "Hà Nội"), province_id(engine, "Hưng Yên")
    with read_session(engine) as s:
        before = network.cached_graph(s)
    with write_session(engine) as s:
        created = projects.create_project(s, sec, project_input("DA-GRAPH", [hanoi, hungyen]))
    with read_session(engine) as s:
        after = network.cached_graph(s)
    assert after is not before and created["id"] in after.edges[hanoi, hungyen]["project_ids"]
    auth.sign_in(engine, sec.username, PASSWORD)  # not data: the graph is not rebuilt
    with write_session(engine) as s:
        myprovince.start_visit(s, sec)
    with read_session(engine) as s:
        assert network.cached_graph(s) is after


# --- two app sessions -----------------------------------------------------------------------


def test_two_app_sessions_see_each_others_writes_on_the_next_rerun(app_users, app_db):
    """The users page and the register of session B show, on B's next rerun, what session A
    saved through its form and what another engine (as another process would) committed."""
    from tests.app.conftest import goto, signed_in

    sec = app_users["secretariat"]
    a, b = goto(signed_in(sec), "users"), goto(signed_in(sec), "users")

    def usernames(at) -> set[str]:
        assert not at.exception
        return set(at.dataframe[0].value.iloc[:, 0])  # the users table, username first

    assert "nguoi.moi" not in usernames(b)
    a.text_input(key="uc_username").input("nguoi.moi")
    a.text_input(key="uc_password").input(PASSWORD)
    a.selectbox(key="uc_role").select("expert")
    a.button(key="FormSubmitter:user_create-Tạo").click().run()
    assert not a.exception
    assert "nguoi.moi" in usernames(b.run())

    goto(b, "projects")
    shown = b.metric[0].value
    hanoi, hungyen = province_id(app_db, "Hà Nội"), province_id(app_db, "Hưng Yên")
    with write_session(app_db) as s:  # through another engine, as another process would
        projects.create_project(s, sec, project_input("DA-HAI-PHIEN", [hanoi, hungyen]))
    b.run()
    assert int(b.metric[0].value) == int(shown) + 1
    frame = next(df for df in b.dataframe if getattr(df, "key", None) == "projects_table").value
    assert "DA-HAI-PHIEN" in set(frame["code"])


def counting(monkeypatch, module, name: str) -> list:
    """Replace ``module.name`` by a wrapper that records each call (the cache looks the function
    up by name, so it computes through the wrapper); the list of calls."""
    calls: list = []
    real = getattr(module, name)

    def counted(session, *args, **kwargs):
        calls.append(1)
        return real(session, *args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


# --- a counter per table: views keyed on what they read ---------------------------------------


def test_each_write_moves_the_counters_of_the_tables_it_wrote_only(engine, users):
    sec = users["secretariat"]
    hanoi, hungyen = province_id(engine, "Hà Nội"), province_id(engine, "Hưng Yên")
    before = versions(engine)
    with write_session(engine) as s:
        auth.create_user(s, sec, username="chi.mot.bang", password=PASSWORD, role="observer")
    after = versions(engine)
    moved = {name for name in after if after[name] != before.get(name, 0)}
    assert moved == {"data", "log", "t:user"}
    with write_session(engine) as s:
        projects.create_project(s, sec, project_input("DA-BANG", [hanoi, hungyen]))
    again = versions(engine)
    moved = {name for name in again if again[name] != after.get(name, 0)}
    assert {"data", "t:project", "t:projectprovince"} <= moved and "t:user" not in moved


def test_a_view_is_rebuilt_by_writes_to_what_it_read_and_no_other(engine, users, monkeypatch):
    sec = users["secretariat"]
    hanoi, hungyen = province_id(engine, "Hà Nội"), province_id(engine, "Hưng Yên")
    real, calls = projects.list_projects, counting(monkeypatch, projects, "list_projects")
    flt = ProjectFilter(province_ids=[hanoi])
    first = cached(engine, real, flt)
    assert cached(engine, real, flt) == first and len(calls) == 1
    with write_session(engine) as s:  # not read by the register
        auth.create_user(s, sec, username="khong.lien.quan", password=PASSWORD, role="observer")
    assert cached(engine, real, flt) == first and len(calls) == 1
    with write_session(engine) as s:
        projects.create_project(s, sec, project_input("DA-DOC", [hanoi, hungyen]))
    assert "DA-DOC" in {r["code"] for r in cached(engine, real, flt)} and len(calls) == 2
    # The users list read the user table: the account above is in it at once.
    assert "khong.lien.quan" in {u["username"] for u in cached(engine, auth.list_users)}


def test_a_view_on_the_cached_graph_depends_on_the_graphs_tables(engine, users):
    """The graph has its own cache: a view built on a graph served from it still knows the
    graph's tables, so a new project moves the network view even when the graph was warm."""
    sec = users["secretariat"]
    hanoi, hungyen = province_id(engine, "Hà Nội"), province_id(engine, "Hưng Yên")
    with read_session(engine) as s:
        network.cached_graph(s)  # warm before the view is first computed
    kwargs = {"layers": network.COOPERATION_LAYERS, "scope": "country", "region_id": None}
    before, version = cached_versioned(engine, network.network_summary, **kwargs)
    assert any(name == "t:project" for name, _ in version[1])
    with write_session(engine) as s:
        created = projects.create_project(s, sec, project_input("DA-DO-THI", [hanoi, hungyen]))
    after, moved = cached_versioned(engine, network.network_summary, **kwargs)
    assert moved != version
    assert created["id"] in after["full"].edges[hanoi, hungyen]["project_ids"]


def test_sessions_arriving_together_compute_a_view_once(engine, monkeypatch):
    real, calls = auth.list_users, counting(monkeypatch, auth, "list_users")
    start = threading.Barrier(8)
    results = []

    def visit():
        start.wait()
        results.append(cached(engine, real))

    threads = [threading.Thread(target=visit) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(results) == 8 and all(r == results[0] for r in results)
    assert len(calls) == 1


def test_the_tables_a_statement_names_are_its_counters():
    named = dataversion._counters_named_by(
        'SELECT project.id, "user".full_name FROM project JOIN "user" ON "user".id = project.owner_id'
    )
    assert named == {"t:project", "t:user"}
    assert dataversion._counters_named_by("SELECT * FROM auditentry") == {"log"}
    assert dataversion._counters_named_by("SELECT value FROM dataversion") == frozenset()


def test_views_of_the_data_that_read_the_log_are_keyed_on_the_data_not_on_sign_ins():
    assert dataversion.depends({"log"}) == {"log"}
    assert dataversion.depends({"log", "t:comment"}) == {"data", "t:comment"}
    assert dataversion.depends({"t:project"}) == {"t:project"}


def test_a_sign_in_leaves_a_view_that_reads_the_log_for_data_warm(engine, users, monkeypatch):
    rep = users["rep_hanoi"]
    real, calls = myprovince.changes_since, counting(monkeypatch, myprovince, "changes_since")
    first = cached(engine, real, rep, None)
    auth.sign_in(engine, rep.username, PASSWORD)
    assert cached(engine, real, rep, None) == first and len(calls) == 1
    with write_session(engine) as s:
        conflicts.open_conflict(
            s,
            users["secretariat"],
            title="Tranh chấp sau khi đăng nhập",
            parties=[
                {"province_id": rep.province_id, "position": "A"},
                {"province_id": province_id(engine, "Hưng Yên"), "position": "B"},
            ],
        )
    cached(engine, real, rep, None)
    assert len(calls) == 2


def test_a_table_that_is_not_data_has_its_own_counter_and_leaves_the_data_views(engine, users):
    """A setting written (appsetting is not data) moves its own counter, not ``data``: a view that
    reads it would be rebuilt, the register is not."""
    before = versions(engine)
    with write_session(engine) as s:
        s.exec(text("INSERT INTO appsetting (key, value) VALUES ('kiem_thu', '1')"))
    after = versions(engine)
    assert {n for n in after if after[n] != before.get(n, 0)} == {"t:appsetting"}
    assert dataversion._counters_named_by("SELECT value FROM appsetting WHERE key = ?") == {"t:appsetting"}
