"""One path for what a page tells the user after an action.

``flash(message)`` keeps a message in the session so it is shown exactly once on the next run:
call it, then ``st.rerun()``, and the rerun (which re-reads every list) shows the message next
to fresh data. A notice may name a *scope* (a form's name): ``show(scope)`` renders it where the
form is. Whatever was not shown by its form during the next run is shown at the top of the page
by the shell (``show_leftovers``), so no confirmation is ever lost or shown twice.

``error_message(exc, lang)`` is the one way a domain error (council.errors) becomes words.
"""

from __future__ import annotations

import logging
import uuid

import streamlit as st

from council.errors import CouncilError
from council.i18n import entity_label, t
from council.ui.text import plain

_NOTICES = "_kit_notices"
_RUN = "_kit_run"
KINDS = ("success", "info", "warning", "error")

log = logging.getLogger("council.ui")


def permission_message(action: str, lang: str) -> str:
    """A refusal in words, from the permission table: "Chỉ Cơ quan thường trực được duyệt số liệu."
    (never the internal action code)."""
    from council.auth import PERMISSIONS

    what_key = f"perm.{action}"
    rules = PERMISSIONS.get(action)
    if rules is None or t(what_key, lang) == what_key:
        return t("error.permission_denied", lang)
    what = t(what_key, lang)
    who = []
    for role, rule in rules.items():
        if str(rule) == "yes":
            who.append(t(f"role.{role}", lang))
        elif str(rule) == "own":
            who.append(t("perm.own", lang))
    if not who:
        return t("perm.nobody", lang, what=what)
    names = who[0] if len(who) == 1 else ", ".join(who[:-1]) + t("perm.and", lang) + who[-1]
    return t("perm.only", lang, who=names, what=what)


def error_message(exc: CouncilError, lang: str) -> str:
    """The error in the user's words, with the row and field of an import when it has them."""
    if exc.key == "error.permission_denied" and isinstance(exc.params.get("action"), str):
        return permission_message(exc.params["action"], lang)
    # Parameters echo what the user typed (a code, a value): shown as text, never as markup.
    params = {k: plain(v) if isinstance(v, str) else v for k, v in exc.params.items()}
    if isinstance(params.get("entity"), str):  # "project" -> "dự án"
        params["entity"] = entity_label(params["entity"], lang)
    message = t(exc.key, lang, **params)
    row, field = params.get("row"), params.get("field")
    if row:
        message = t("error.row_field", lang, row=row, field=field or "", message=message)
    return message


def _render(kind: str, text: str) -> None:
    getattr(st, kind)(text)


def show_error(exc: CouncilError, lang: str) -> None:
    """The error shown at once, where the caller is (the form keeps the user's input)."""
    _render("error", error_message(exc, lang))


def flash(message: str, kind: str = "success", scope: str = "") -> None:
    """Show ``message`` once on the next run (at ``scope``'s form, else at the top of the page)."""
    if kind not in KINDS:
        raise ValueError(kind)
    pending = list(st.session_state.get(_NOTICES, []))
    pending.append({"scope": scope, "kind": kind, "text": message, "run": st.session_state.get(_RUN, 0)})
    st.session_state[_NOTICES] = pending


def start_run() -> int:
    """Called by the shell at the start of every run: counts the runs of this session."""
    number = st.session_state.get(_RUN, 0) + 1
    st.session_state[_RUN] = number
    return number


def _take(match) -> list[dict]:
    pending = st.session_state.get(_NOTICES, [])
    taken = [n for n in pending if match(n)]
    if taken:
        st.session_state[_NOTICES] = [n for n in pending if not match(n)]
    return taken


def show(scope: str = "") -> None:
    """Render (once) the notices flashed for ``scope``."""
    for notice in _take(lambda n: n["scope"] == scope):
        _render(notice["kind"], notice["text"])


def show_leftovers(container) -> None:
    """Notices flashed before this run that no form showed: rendered into ``container``."""
    current = st.session_state.get(_RUN, 0)
    leftovers = _take(lambda n: n["run"] < current)
    if leftovers:
        with container:
            for notice in leftovers:
                _render(notice["kind"], notice["text"])


def unexpected(exc: BaseException, lang: str, where: str) -> str:
    """An error no service foresaw: logged with its traceback under a short id that the user sees
    instead of the traceback (client.showErrorDetails is off)."""
    error_id = uuid.uuid4().hex[:8]
    log.error("unexpected error %s in %s", error_id, where, exc_info=exc)
    _render("error", t("kit.unexpected", lang, error_id=error_id))
    return error_id
