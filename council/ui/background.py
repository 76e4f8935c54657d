"""Writes a page makes by itself, not as a user's action: no form, no notice, no rerun.

The only one so far is "my province" recording the start of a visit (its "what changed" baseline),
once per browser session. A user's action always goes through council.ui.forms instead."""

from __future__ import annotations

from council.db import write_session


def record(c, fn, *args, **kwargs):
    """``fn(session, c.actor, *args, **kwargs)`` in its own transaction; returns its result."""
    with write_session(c.engine) as session:
        return fn(session, c.actor, *args, **kwargs)
