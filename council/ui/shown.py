"""The version a button's write names: the one the user was looking at when they clicked.

A button (move up, drop, mark done, close, hide) has no form to open, so the kit's EditForm does
not apply; but its write must still be checked against the record *as the user saw it*, not as
read again in the rerun the click starts (which would accept any change made meanwhile)::

    version = shown_version(f"agenda_item_{iid}", item["version"])   # before drawing the buttons
    if st.button("Lên", key=...):
        act(c, lambda s: meetings.move_item(s, c.actor, iid, expected_version=version, step=-1), ...)

``shown_version`` returns the version drawn by the previous run (what was on the screen) and
remembers the version read now for the next click. A refusal (StaleEdit) therefore names who
changed the record and when, and the next click, made on the newer record now drawn, goes through.

"""

from __future__ import annotations

import streamlit as st

_SHOWN = "_kit_shown"


def shown_version(key: str, version: int | None) -> int | None:
    """The version of record ``key`` the previous run drew; ``version`` (read now) is kept for the
    next click. The first time a record is drawn, that is ``version`` itself."""
    seen = dict(st.session_state.get(_SHOWN, {}))
    previous = seen.get(key, version)
    seen[key] = version
    st.session_state[_SHOWN] = seen
    return previous
