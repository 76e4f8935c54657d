"""Service results cached across reruns (council.ui.cache): recomputed after any audited change,
handed out as copies, and kept apart per database."""

from __future__ import annotations

from council import conflicts, projects
from council.db import write_session
from council.projects import ProjectFilter
from council.ui.cache import cached
from tests.conftest import province_id
from tests.permission_cases import project_input


def test_a_change_is_seen_at_once(engine, users):
    before = cached(engine, projects.list_projects, ProjectFilter())
    assert cached(engine, projects.list_projects, ProjectFilter()) == before
    hanoi, hungyen = province_id(engine, "Hà Nội"), province_id(engine, "Hưng Yên")
    with write_session(engine) as s:
        projects.create_project(s, users["secretariat"], project_input("DA-CACHE", [hanoi, hungyen]))
    after = cached(engine, projects.list_projects, ProjectFilter())
    assert [r["code"] for r in after if r["code"] not in {b["code"] for b in before}] == ["DA-CACHE"]
    assert cached(engine, conflicts.list_conflicts, region_id=None) == []
    with write_session(engine) as s:
        conflicts.open_conflict(
            s,
            users["secretariat"],
            title="Tranh chấp bộ nhớ đệm",
            parties=[{"province_id": hanoi, "position": "A"}, {"province_id": hungyen, "position": "B"}],
        )
    assert [r["title"] for r in cached(engine, conflicts.list_conflicts, region_id=None)] == [
        "Tranh chấp bộ nhớ đệm"
    ]


def test_callers_get_copies(engine):
    rows = cached(engine, projects.list_projects, ProjectFilter())
    rows[0]["name_vi"] = "đã sửa trong trang"
    rows.pop()
    again = cached(engine, projects.list_projects, ProjectFilter())
    assert len(again) == len(rows) + 1 and again[0]["name_vi"] != "đã sửa trong trang"


def test_databases_are_kept_apart(engine, empty_engine):
    assert cached(engine, projects.list_projects, ProjectFilter())
    assert cached(empty_engine, projects.list_projects, ProjectFilter()) == []
