"""Read-only service results shared between reruns, sessions and users, keyed on the database,
its data version and the day (late and overdue flags depend on it). A rerun then costs one small
query instead of rebuilding the register, the conflict list or the targets' statuses.

The data version (``council.dataversion``) is a counter every committed change to the data moves
in its own transaction; sign-ins, visits and refusals don't. It is read in the same snapshot as
the data computed under it, so a result cached under version n is exactly the database at n, and
a commit, in whatever order it lands, moves the key for every process on the next rerun. The audit
log's own views are keyed on the log counter too, which every committed audit entry moves.

Only functions whose result depends on nothing but the database, the day and their arguments
(the asking user is passed as an argument when it matters) belong here."""

from __future__ import annotations

import importlib
from datetime import UTC, date, datetime

import streamlit as st

from council import dataversion
from council.db import read_session
from council.i18n import local_time

# Views of the audit log itself: a sign-in or a refusal adds to them without changing data.
LOG_VIEWS = frozenset({("council.audit", "list_entries"), ("council.audit", "filter_choices")})


@st.cache_data(max_entries=256, show_spinner=False)
def _call(_session, url: str, version: tuple, day: str, module: str, name: str, args: tuple, kwargs: tuple):
    fn = getattr(importlib.import_module(module), name)
    return fn(_session, *args, **dict(kwargs))


def version_key(session, fn) -> tuple:
    """The counters ``fn``'s result depends on, as this session's snapshot sees them."""
    counters = dataversion.current_all(session)
    if (fn.__module__, fn.__name__) in LOG_VIEWS:
        return (counters[dataversion.DATA], counters[dataversion.LOG])
    return (counters[dataversion.DATA],)


def cache_day() -> str:
    """The day a cached result is valid for: the server's and the council's (Vietnam) date."""
    now = local_time(datetime.now(UTC))
    return f"{date.today().isoformat()}/{now.date().isoformat() if now else ''}"


def cached(engine, fn, *args, **kwargs):
    """``fn(session, *args, **kwargs)``, computed once per data version and day (a copy each time).
    The version and the result come from one snapshot of the database."""
    day = cache_day()
    with read_session(engine, snapshot=True) as session:
        return _call(
            session,
            engine.url.render_as_string(hide_password=False),
            version_key(session, fn),
            day,
            fn.__module__,
            fn.__name__,
            args,
            tuple(sorted(kwargs.items())),
        )
