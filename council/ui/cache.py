"""Read-only service results shared between reruns, sessions and users, keyed on the database,
the day (late and overdue flags depend on it) and the versions of the tables the result was read
from. A rerun then costs one small query instead of rebuilding the register, the conflict list or
the targets' statuses.

Every data table has a counter (``council.dataversion``) that every committed change to it moves
in its own transaction; sign-ins, visits and refusals don't. When a result is computed, the tables
its SQL named are recorded with it (``dataversion.tracking_reads``), and the counters of those
tables are read in the same snapshot as the data: a result kept under those values is exactly the
database at them. A commit to one of those tables, in whatever order it lands, makes the next
rerun of every process compute it again; a commit to any other table (a user account created,
a notification read) leaves it warm. The audit log's own views read the audit table and so are
keyed on the log counter, which every committed audit entry moves.

Only functions whose result depends on nothing but the database, the day and their arguments
(the asking user is passed as an argument when it matters) belong here: what a function reads
outside the database is not seen by the tracking."""

from __future__ import annotations

import importlib
import pickle
import threading
from collections import OrderedDict
from datetime import UTC, date, datetime

from council import dataversion
from council.db import read_session
from council.i18n import local_time

MAX_ENTRIES = 256

# call -> (versions of what it read, its result pickled): a copy is handed out on every hit.
_store: OrderedDict[tuple, tuple[tuple[tuple[str, int], ...], bytes]] = OrderedDict()
_store_lock = threading.Lock()
# One computation per call at a time: twenty sessions arriving after a write wait for the first
# one's result instead of all building it.
_computing: dict[tuple, threading.Lock] = {}


def cache_day() -> str:
    """The day a cached result is valid for: the server's and the council's (Vietnam) date."""
    now = local_time(datetime.now(UTC))
    return f"{date.today().isoformat()}/{now.date().isoformat() if now else ''}"


def clear() -> None:
    """Forget every kept result of this process (tests; a restored database moves the counters
    past every kept value anyway)."""
    with _store_lock:
        _store.clear()


def _lookup(call: tuple, counters: dict[str, int]):
    with _store_lock:
        entry = _store.get(call)
        if entry is None:
            return None
        versions, payload = entry
        if any(counters.get(name, 0) != value for name, value in versions):
            return None
        _store.move_to_end(call)
        return versions, payload


def _keep(call: tuple, versions, payload: bytes) -> None:
    with _store_lock:
        _store[call] = (versions, payload)
        _store.move_to_end(call)
        while len(_store) > MAX_ENTRIES:
            _store.popitem(last=False)


def _compute_lock(call: tuple) -> threading.Lock:
    with _store_lock:
        lock = _computing.get(call)
        if lock is None:
            lock = _computing[call] = threading.Lock()
            if len(_computing) > 4 * MAX_ENTRIES:  # forget idle locks of calls long evicted
                for old in [k for k, v in _computing.items() if k not in _store and not v.locked()]:
                    if old != call:
                        del _computing[old]
        return lock


def cached_versioned(engine, fn, *args, **kwargs) -> tuple[object, tuple]:
    """``(fn(session, *args, **kwargs), version)``: the result, computed once per versions of the
    tables it read and day (a copy each time), and the database with those versions, which names
    exactly the data the result was read from (a key for a figure drawn from it,
    ``council.ui.charts.cached_figure``)."""
    call = (
        engine.url.render_as_string(hide_password=False),
        cache_day(),
        fn.__module__,
        fn.__name__,
        pickle.dumps((args, tuple(sorted(kwargs.items()))), protocol=pickle.HIGHEST_PROTOCOL),
    )
    with read_session(engine, snapshot=True) as session:
        counters = dataversion.current_all(session)  # first: the snapshot the data is read in
        hit = _lookup(call, counters)
        if hit is None:
            with _compute_lock(call):
                hit = _lookup(call, counters)  # computed meanwhile by another session
                if hit is None:
                    target = getattr(importlib.import_module(fn.__module__), fn.__name__)
                    with dataversion.tracking_reads() as read:
                        result = target(session, *args, **kwargs)
                    versions = dataversion.versions_of(counters, dataversion.depends(read))
                    payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
                    _keep(call, versions, payload)
                    hit = (versions, payload)
        versions, payload = hit
        dataversion.note_reads(name for name, _ in versions)
        return pickle.loads(payload), (call[0], versions)


def cached(engine, fn, *args, **kwargs):
    """``fn(session, *args, **kwargs)``, computed once per versions of the tables it read and day
    (a copy each time). The versions and the result come from one snapshot of the database."""
    return cached_versioned(engine, fn, *args, **kwargs)[0]
