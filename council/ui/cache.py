"""Read-only service results shared between reruns and sessions, keyed on the database, its data
version (``council.audit.data_version``: every change writes an audit entry, so any change moves
it) and the day (late and overdue flags depend on it). A rerun then costs one small query instead
of rebuilding the register, the conflict list or the targets' statuses.

Only functions whose result depends on nothing but the database, the day and their arguments
(the asking user is passed as an argument when it matters) belong here, and only on data that is
never written without an audit entry."""

from __future__ import annotations

import importlib
from datetime import UTC, date, datetime

import streamlit as st

from council.audit import data_version
from council.db import read_session
from council.i18n import local_time


@st.cache_data(max_entries=256, show_spinner=False)
def _call(_engine, url: str, version: int, day: str, module: str, name: str, args: tuple, kwargs: tuple):
    fn = getattr(importlib.import_module(module), name)
    with read_session(_engine) as session:
        return fn(session, *args, **dict(kwargs))


def cached(engine, fn, *args, **kwargs):
    """``fn(session, *args, **kwargs)``, computed once per data version and day (a copy each time)."""
    with read_session(engine) as session:
        version = data_version(session)
    local_now = local_time(datetime.now(UTC))
    day = f"{date.today().isoformat()}/{local_now.date().isoformat() if local_now else ''}"
    return _call(
        engine,
        engine.url.render_as_string(hide_password=False),
        version,
        day,
        fn.__module__,
        fn.__name__,
        args,
        tuple(sorted(kwargs.items())),
    )
