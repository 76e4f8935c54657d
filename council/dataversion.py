"""The data version: a counter that every committed change to the council's data moves, read in
the same snapshot as the data it guards. Cached views (``council.ui.cache``, the graph in
``council.network``) are keyed on it.

Why a counter and not the largest audit id: an id is taken from its sequence when the row is
inserted, not when the transaction commits. On PostgreSQL a transaction that inserted first and
commits last adds an id below the largest one already visible, so "the largest id" does not move
and every cache keeps a page without that change. The counter is a row (``DataVersion``) that the
writing transaction itself increments just before it commits: on PostgreSQL the row lock makes
concurrent writers increment it one after the other in commit order (the second waits for the
first to commit and then adds one to the committed value); on SQLite writers are serialised by
the database lock anyway. The new value becomes visible in the same instant as the changes it
counts, so a reader that reads the counter and then the data in one snapshot (REPEATABLE READ on
PostgreSQL, one read transaction on SQLite) can never see a value whose changes it does not see.

What counts as data is decided by what the transaction wrote, not by what it said it did: the
Session events below look at every flushed object and every INSERT/UPDATE/DELETE the Session
executes, so no service can forget the counter. Rows that are not the council's data don't move
it: the audit log itself, remember-me tokens, settings, the "last visit" times, and a user's
sign-in bookkeeping (failed attempts, the time of the last failure, a re-hashed password). So a
sign-in, a visit, a refusal or a throttled attempt leaves every data cache warm. They still move
the ``log`` counter (any committed audit entry does), which keys the views of the audit log.

A new table that is not data says so with ``__table_args__ = {"info": {"council_data": False}}``.

Besides the two totals, every table has its own counter (``t:<table>``), moved in the same
transaction as the totals (a table that is not data moves its own counter only, never ``data``), so a cached view can be keyed on the tables it read: a user account
created does not rebuild the project register. Which tables a view read is not declared by hand
(a forgotten one would keep a view stale): ``tracking_reads`` records every table named by the
SQL the view ran, and the view's key is the counters of those tables (``depends``). A view is a
function of what it read, so while those counters stand still its result does too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from sqlalchemy import event, inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session as _OrmSession

from council.dataversion_models import DataVersion

DATA = "data"
LOG = "log"
COUNTERS = (DATA, LOG)
TABLE = "t:"  # a table's own counter: "t:project"

# Tables whose rows are bookkeeping, not the council's data.
NOT_DATA_TABLES = frozenset(
    {
        "auditentry",
        "authtoken",
        "appsetting",
        "uservisit",
        "dataversion",
        "alembic_version",
        "signincounter",  # sign-in throttling (council.auth_models): not data
    }
)
# Columns of a data table that sign-in keeps up to date: a change to these alone is not data.
BOOKKEEPING_COLUMNS = {"user": frozenset({"failed_attempts", "last_failed_at", "password_hash"})}
AUDIT_TABLE = "auditentry"
# Tables with no counter of their own: the audit log (the ``log`` counter), the counters themselves
# and Alembic's revision. Every other table that is not data (settings, tokens, visits, sign-in
# counters) has one, moved by its writes without moving ``data``: a view that ever reads one is
# kept fresh by it, and no data view is disturbed.
UNCOUNTED = frozenset({AUDIT_TABLE, "dataversion", "alembic_version"})

_MARKS = "council_changed_counters"
_DML = re.compile(
    r"^\s*(?:insert\s+(?:or\s+\w+\s+)?into|replace\s+into|update|delete\s+from)\s+[\"`]?(\w+)", re.I
)
_BUMP = text(
    "INSERT INTO dataversion (name, value) VALUES (:name, 1) "
    "ON CONFLICT (name) DO UPDATE SET value = dataversion.value + 1"
)


def is_data_table(table) -> bool:
    name = table if isinstance(table, str) else table.name
    if name in NOT_DATA_TABLES:
        return False
    info = getattr(table, "info", None) or {}
    return info.get("council_data", True)


def current(session, name: str = DATA) -> int:
    """The counter's value as this session's snapshot sees it (0 before the first change)."""
    return session.execute(select(DataVersion.value).where(DataVersion.name == name)).scalar() or 0


def current_all(session) -> dict[str, int]:
    """Every counter in one query: {"data": n, "log": m, "t:project": p, ...} (a table never
    written yet has no entry: its counter is 0)."""
    found = dict(session.execute(select(DataVersion.name, DataVersion.value)).all())
    return {name: 0 for name in COUNTERS} | found


def table_counter(table: str) -> str:
    return TABLE + table


def depends(read: Iterable[str]) -> frozenset[str]:
    """The counters a view keyed on what it ``read`` (``tracking_reads``) depends on. The audit log
    is read by two kinds of view: views of the log itself (every entry counts: the log counter),
    and views of the data that read the log for dates and authors (what changed since a visit,
    when a figure set was submitted). An entry that matters to the second kind is written with the
    data change it records, which moves the data counter: they are keyed on it instead of the log,
    so a sign-in or a refusal, which adds to the log alone, leaves them warm."""
    names = set(read)
    if LOG in names and any(name.startswith(TABLE) for name in names):
        names.discard(LOG)
        names.add(DATA)
    return frozenset(names)


def versions_of(counters: dict[str, int], names: Iterable[str]) -> tuple[tuple[str, int], ...]:
    """The values of ``names`` among ``counters`` (``current_all``), in a fixed order."""
    return tuple((name, counters.get(name, 0)) for name in sorted(names))


# --- what a view read ---------------------------------------------------------------------

_reads: ContextVar[set[str] | None] = ContextVar("council_reads", default=None)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@contextmanager
def tracking_reads() -> Iterator[set[str]]:
    """Collect the counters of every table the SQL run inside names (the set yielded). Nested
    tracking also reports to the outer one."""
    outer = _reads.get()
    found: set[str] = set()
    token = _reads.set(found)
    try:
        yield found
    finally:
        _reads.reset(token)
        if outer is not None:
            outer |= found


def note_reads(names: Iterable[str]) -> None:
    """A view served from its own cache tells the tracking around it what it depends on."""
    found = _reads.get()
    if found is not None:
        found.update(names)


@lru_cache(maxsize=1)
def _table_names() -> frozenset[str]:
    from sqlmodel import SQLModel

    return frozenset(SQLModel.metadata.tables)


@lru_cache(maxsize=4096)
def _counters_named_by(statement: str) -> frozenset[str]:
    """The counters of the tables a statement names (every word that is a table's name: a column
    that happens to share a table's name only makes the key stricter)."""
    tables = _table_names()
    words = {w.lower() for w in _WORD.findall(statement)}
    out = {table_counter(w) for w in words & tables if w not in UNCOUNTED}
    if AUDIT_TABLE in words:
        out.add(LOG)
    return frozenset(out)


@event.listens_for(Engine, "before_cursor_execute")
def _on_cursor_execute(_conn, _cursor, statement, _parameters, _context, _executemany) -> None:
    found = _reads.get()
    if found is not None:
        found |= _counters_named_by(statement)


def _mark(session, *names: str) -> None:
    session.info.setdefault(_MARKS, set()).update(names)


def _marked(session) -> set:
    return session.info.get(_MARKS, set())


def _changes_data(obj, deleted: bool = False) -> bool:
    """Is this flushed object a change to the council's data?"""
    state = inspect(obj)
    mapper = state.mapper
    table = mapper.local_table
    if not is_data_table(table):
        return False
    if state.pending or deleted:  # new or deleted rows
        return True
    bookkeeping = BOOKKEEPING_COLUMNS.get(table.name, frozenset())
    for attr in mapper.column_attrs:
        if attr.key in bookkeeping:
            continue
        if state.attrs[attr.key].history.has_changes():
            return True
    return False


@event.listens_for(_OrmSession, "before_flush")
def _before_flush(session, _flush_context, _instances) -> None:
    marked = _marked(session)
    if LOG not in marked and any(inspect(o).mapper.local_table.name == AUDIT_TABLE for o in session.new):
        _mark(session, LOG)
    for objects, deleted in ((session.new, False), (session.deleted, True), (session.dirty, False)):
        for obj in objects:
            table = inspect(obj).mapper.local_table
            name = table_counter(table.name)
            if name in marked:
                continue
            if _changes_data(obj, deleted=deleted):
                _mark(session, DATA, name)
            elif not is_data_table(table) and table.name not in UNCOUNTED:
                _mark(session, name)  # bookkeeping: its own counter, not ``data``
            marked = _marked(session)


@event.listens_for(_OrmSession, "do_orm_execute")
def _on_execute(state) -> None:
    """Statements run through the Session: ORM/Core INSERT, UPDATE, DELETE and textual SQL."""
    if state.is_select:
        return
    statement = state.statement
    if getattr(statement, "is_dml", False):
        table = statement.table
        name = getattr(table, "name", "")
        if name == AUDIT_TABLE:
            _mark(state.session, LOG)
        elif not is_data_table(table):
            if name and name not in UNCOUNTED:
                _mark(state.session, table_counter(name))
        elif not _only_bookkeeping(statement, name):
            _mark(state.session, DATA, table_counter(name))
        return
    sql = getattr(statement, "text", None)
    if sql:
        found = _DML.match(sql)
        if found:
            name = found.group(1).lower()
            if name == AUDIT_TABLE:
                _mark(state.session, LOG)
            elif is_data_table(name):
                _mark(state.session, DATA, table_counter(name))
            elif name not in UNCOUNTED:
                _mark(state.session, table_counter(name))


def _only_bookkeeping(statement, table_name: str) -> bool:
    bookkeeping = BOOKKEEPING_COLUMNS.get(table_name)
    if not bookkeeping or not getattr(statement, "is_update", False):
        return False
    values = getattr(statement, "_values", None) or {}
    names = {getattr(k, "key", k) for k in values}
    return bool(names) and names <= bookkeeping


@event.listens_for(_OrmSession, "before_commit")
def _before_commit(session) -> None:
    """Increment the counters this transaction changed, last thing before COMMIT (so the row
    lock on PostgreSQL is held only for the commit itself)."""
    if session.in_nested_transaction():
        return  # a savepoint: the outer transaction's commit counts it
    if not _marked(session) and not (session.new or session.dirty or session.deleted):
        return
    session.flush()
    names = sorted(session.info.pop(_MARKS, set()))  # always the same order: no deadlock
    for name in names:
        session.execute(_BUMP, {"name": name})


@event.listens_for(_OrmSession, "after_transaction_end")
def _after_transaction_end(session, transaction) -> None:
    if transaction.parent is None:  # the outermost transaction ended (committed or rolled back)
        session.info.pop(_MARKS, None)
