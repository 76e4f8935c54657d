"""Sections behind a closed expander are not built (their table is neither computed nor sent on
every rerun); opening the expander, as a click does, builds and shows them."""

from __future__ import annotations

from council import projects, targets
from council.db import read_session, write_session
from council.models import Project
from tests.app.conftest import goto, signed_in


def _open(at, key: str):
    at.session_state[key] = True  # what a click on the expander's header sets (it reruns the page)
    return at.run()


def test_a_projects_history_is_built_when_its_expander_opens(app_users, app_db):
    from pages.project_views.related import HISTORY_KEY

    at = goto(signed_in(app_users["observer"]), "project")
    pid = at.selectbox(key="project_pick").value
    with write_session(app_db) as s:
        version = s.get(Project, pid).version
        projects.set_progress(s, app_users["secretariat"], pid, version, physical=40.0, disbursed=30.0)
    at.run()
    assert not at.exception
    closed = len(at.dataframe)
    at = _open(at, HISTORY_KEY)
    assert not at.exception
    with read_session(app_db) as s:
        history = projects.project_detail(s, pid)["history"]
    assert history and len(at.dataframe) == closed + 1
    assert len(at.dataframe[-1].value) == len(history)


def test_the_heatmap_table_is_built_when_its_expander_opens(app_users, app_db):
    from pages.target_views.heatmap import TABLE_KEY

    at = goto(signed_in(app_users["observer"]), "targets")
    assert not at.exception
    closed = len(at.dataframe)
    downloads = len(at.get("download_button"))
    at = _open(at, TABLE_KEY)
    assert not at.exception
    with read_session(app_db) as s:
        heat = targets.heatmap(s, at.session_state["region_id"])
    assert len(at.dataframe) == closed + 1 and len(at.get("download_button")) == downloads + 1
    assert len(at.dataframe[-1].value) == sum(1 for x in heat["cells"] if x["status"] is not None)
