"""The page kit's forms: every create and edit form of every page goes through here.

How a page uses it
==================

An **edit form** (a record with a ``version``)::

    form = EditForm("user_edit", uid, record, prefix="ue")   # opens the form: version captured now
    with form:                                                # st.form + this form's notices
        role = st.selectbox(..., index=..., key=form.key("role"))
        aff = st.text_input(..., value=form.record["affiliation"], key=form.key("affiliation"))
        submitted = st.form_submit_button(c.t("users.save"))
    if submitted:
        form.save(
            c,
            lambda session, version: auth.update_user(
                session, c.actor, uid, expected_version=version, role=role, affiliation=aff
            ),
            values={"role": role, "affiliation": aff},
            success=c.t("users.saved"),
        )

- ``EditForm(name, record_id, record)`` captures ``record["version"]`` (and a copy of the record,
  ``form.record``) the first time the form is opened for that record; later reruns keep both, so
  a save made elsewhere while the user types is noticed. Build the widgets' defaults from
  ``form.record``, not from a fresh read.
- ``form.key(field)`` names widgets by the record id, never by its version
  (``{prefix}_{field}_{id}``): a save elsewhere must not rebuild the form and drop the edit.
- ``form.save(c, write, values=..., success=...)`` calls ``write(session, version)`` in one
  transaction with the captured version. On success: the success notice is flashed, the fields
  and the captured version are forgotten, and the page reruns (so every list shows the change and
  the form reopens on the saved record). On ``StaleEdit`` (someone saved first): nothing is
  written, the refusal naming who and when is shown, and the form reopens on the newer record.
  On any other domain error: the message is shown under the form, the input and the captured
  version are kept.
- ``values`` are what the user submitted: a second submit of the same form with the same values
  right after a success (a double click, a replayed request) writes nothing (for an edit form:
  while nobody else has saved the record since; otherwise the save is refused as stale).

A **create form**::

    form = CreateForm("user_create", prefix="uc")
    with form:
        username = st.text_input(..., key=form.key("username"))
        submitted = st.form_submit_button(c.t("users.submit_create"))
    if submitted:
        form.save(c, lambda session: auth.create_user(session, c.actor, username=username, ...),
                  values={"username": username, ...},
                  success=lambda created: c.t("users.created", username=created.username))

Same cycle without a version: fields cleared after a success, kept after a refusal, the same
values never written twice in a row.

**Buttons** that write (approve, hide, move): ``act(c, write, success=..., scope=...)``.
**Messages**: ``council.ui.notices.flash`` (shown once on the next run), ``error_message``.
**Reads**: ``c.read(fn, *args)`` / ``c.cached(fn, *args)`` on the page context
(council.ui.context); a page never opens a session itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import streamlit as st

from council.db import write_session
from council.errors import CouncilError, StaleEdit
from council.i18n import t
from council.ui.notices import error_message, flash, show

_OPENED = "_kit_opened"  # form key -> {"version": int, "record": dict}
_DONE = "_kit_done"  # form key -> {"fp": fingerprint of the last values written, "version": ...}

Message = str | Callable[[Any], str]


def stale_message(c, exc: StaleEdit) -> str:
    """The refusal of a save made after someone else's, naming that person by full name
    ("Phó Văn Phòng", not the user name "pho.vanphong")."""
    from council.people import people_names

    by = exc.params.get("by")
    if isinstance(by, str) and by not in ("", "?"):
        name = c.read(people_names, [by]).get(by)
        if name:
            # The same message with the name; "at" is already worded in Vietnam time.
            return error_message(CouncilError(exc.key, **{**exc.params, "by": name}), c.lang)
    return error_message(exc, c.lang)


def _fingerprint(values: dict) -> str:
    return hashlib.sha256(repr(sorted(values.items(), key=lambda kv: kv[0])).encode()).hexdigest()


def _text(message: Message, result: Any) -> str:
    return message(result) if callable(message) else message


class _Form:
    """What create and edit forms share: the st.form, the widget keys, the write cycle."""

    def __init__(self, form_key: str, *, border: bool = True):
        self.form_key = form_key
        self.border = border
        self._keys: list[str] = []
        self._form: Any = None

    def _widget_key(self, field: str) -> str:
        raise NotImplementedError

    def key(self, field: str) -> str:
        """The widget key for ``field`` (remembered, so the fields can be cleared)."""
        key = self._widget_key(field)
        if key not in self._keys:
            self._keys.append(key)
        return key

    def __enter__(self):
        show(self.form_key)
        # enter_to_submit=False: no "Press Enter to submit form" hint (English) under the inputs.
        self._form = st.form(self.form_key, border=self.border, enter_to_submit=False)
        self._form.__enter__()
        return self

    def __exit__(self, *exc):
        return self._form.__exit__(*exc)

    def clear(self) -> None:
        """Forget the typed values (the widgets show their defaults on the next run)."""
        for key in self._keys:
            st.session_state.pop(key, None)

    def _forget(self) -> None:
        self.clear()

    def _write(
        self,
        c,
        write: Callable,
        values: dict,
        success: Message,
        lang: str,
        describe: Callable[[CouncilError], str] | None = None,
        on_success: Callable[[Any], None] | None = None,
        own_transactions: bool = False,
    ) -> Any:
        done = dict(st.session_state.get(_DONE, {}))
        fingerprint = _fingerprint(values)
        previous = done.get(self.form_key)
        if previous is not None and self._repeats(previous, fingerprint):
            st.info(t("kit.already_saved", lang))
            return None
        # Remembered before the write: a rerun that interrupts this one after the commit must
        # already see these values as written.
        done[self.form_key] = self._done_entry(fingerprint)
        st.session_state[_DONE] = done
        try:
            if own_transactions:
                result = self._call(write, c.engine)
            else:
                with write_session(c.engine) as session:
                    result = self._call(write, session)
        except StaleEdit as exc:
            self._undo(previous)
            flash(f"{stale_message(c, exc)} {t('kit.reopened', lang)}", "error", self.form_key)
            self._forget()
            st.rerun()
        except CouncilError as exc:
            self._undo(previous)
            st.error(describe(exc) if describe else error_message(exc, lang))
            return None
        tell_followers(c.engine)
        flash(_text(success, result), "success", self.form_key)
        self._forget()
        if on_success is not None:
            on_success(result)
        st.rerun()

    def _done_entry(self, fingerprint: str) -> dict:
        return {"fp": fingerprint}

    def _repeats(self, previous: dict, fingerprint: str) -> bool:
        """Whether a submit is the last written one sent again (a double click, a resent request)."""
        return previous.get("fp") == fingerprint

    def _undo(self, previous: dict | None) -> None:
        done = dict(st.session_state.get(_DONE, {}))
        if previous is None:
            done.pop(self.form_key, None)
        else:
            done[self.form_key] = previous
        st.session_state[_DONE] = done

    def _call(self, write: Callable, session) -> Any:
        raise NotImplementedError


class CreateForm(_Form):
    """A form that creates a record: cleared after a success, one write per submitted values."""

    def __init__(self, name: str, *, prefix: str | None = None, border: bool = True):
        super().__init__(name, border=border)
        self.prefix = prefix or name

    def _widget_key(self, field: str) -> str:
        return f"{self.prefix}_{field}"

    def _call(self, write: Callable, session) -> Any:
        return write(session)

    def save(
        self,
        c,
        write: Callable[[Any], Any],
        *,
        values: dict,
        success: Message,
        describe: Callable[[CouncilError], str] | None = None,
        on_success: Callable[[Any], None] | None = None,
        own_transactions: bool = False,
    ) -> Any:
        """``write(session)`` in one transaction; see the module docstring for the cycle.
        ``describe`` words a refusal (default: ``error_message``); ``on_success(result)`` runs
        after a success, before the rerun (e.g. to remember the new record's id).
        ``own_transactions``: ``write(engine)`` opens its own (an import checked in a read-only
        session, then landed in one short write transaction)."""
        return self._write(c, write, values, success, c.lang, describe, on_success, own_transactions)


class EditForm(_Form):
    """A form that edits one versioned record (optimistic locking, see council.versioning)."""

    def __init__(
        self,
        name: str,
        record_id,
        record: dict,
        *,
        prefix: str | None = None,
        version_field: str = "version",
        group: str | None = None,
        border: bool = True,
    ):
        super().__init__(f"{name}_{record_id}", border=border)
        self.record_id = record_id
        self.prefix = prefix or name
        # Several forms on one record (a project's workflow, edit, progress...) share one opened
        # version: a save through any of them reopens them all on the saved record.
        self.group = group or self.form_key
        opened = dict(st.session_state.get(_OPENED, {}))
        state = opened.get(self.group)
        if state is None:
            # Opened now: this is the version every save of this form will name.
            state = {"version": record[version_field], "record": dict(record)}
            opened[self.group] = state
            st.session_state[_OPENED] = opened
        self.version: int = state["version"]
        self.record: dict = state["record"]
        self.current: dict = record

    @property
    def changed_elsewhere(self) -> bool:
        """True when the record read now is newer than the one the form was opened with."""
        return self.current.get("version") != self.version

    def _widget_key(self, field: str) -> str:
        return f"{self.prefix}_{field}_{self.record_id}"

    def _forget(self) -> None:
        self.clear()
        opened = dict(st.session_state.get(_OPENED, {}))
        opened.pop(self.group, None)
        st.session_state[_OPENED] = opened

    def close(self) -> None:
        """Forget the opened version and the typed values (e.g. the user picked another record)."""
        self._forget()

    def _call(self, write: Callable, session) -> Any:
        return write(session, self.version)

    def _done_entry(self, fingerprint: str) -> dict:
        # A versioned save moves the version by one (council.versioning.save_versioned).
        # A composite version (a grid's tuple of versions) has no single next value: None.
        version = self.version
        return {"fp": fingerprint, "version": version + 1 if isinstance(version, int) else None}

    def _repeats(self, previous: dict, fingerprint: str) -> bool:
        # The same values again, and nobody saved the record since our own save: nothing to write.
        # If someone did, the save goes on and is refused with who and when.
        if previous.get("version") is None:  # composite version: the same values are the repeat
            return previous.get("fp") == fingerprint
        return previous.get("fp") == fingerprint and self.current.get("version") == previous.get("version")

    def save(
        self,
        c,
        write: Callable[[Any, int], Any],
        *,
        values: dict,
        success: Message,
        describe: Callable[[CouncilError], str] | None = None,
        on_success: Callable[[Any], None] | None = None,
    ) -> Any:
        """``write(session, captured_version)`` in one transaction; see the module docstring."""
        return self._write(c, write, values, success, c.lang, describe, on_success)


def tell_followers(engine) -> None:
    """After a user's save: the notifications it makes, in their own short transaction
    (council.notify.deliver). A failure here never undoes or hides the save: the next save or
    ``council notify send`` looks at the same audit entries again."""
    from council import notify

    try:
        notify.deliver_pending(engine)
    except Exception:  # noqa: BLE001 - the save is committed; telling is retried later
        import logging

        logging.getLogger(__name__).exception("notifications not built after a save")


def forget_opened(group: str) -> None:
    """Forget the version a form (or group of forms) was opened with: it reopens on the next run."""
    opened = dict(st.session_state.get(_OPENED, {}))
    if opened.pop(group, None) is not None:
        st.session_state[_OPENED] = opened


def act(
    c,
    write: Callable[[Any], Any],
    *,
    success: Message,
    scope: str = "",
    describe: Callable[[CouncilError], str] | None = None,
    reopen: str | None = None,
    own_transactions: bool = False,
) -> Any:
    """A button's write (approve, hide, move, accept): ``write(session)`` in one transaction,
    then the success notice and a rerun, or the error shown where the button is. ``reopen``
    names an edit form group to reopen after the write (the record's version moved).
    ``own_transactions``: ``write(engine)`` opens its own (an import checked in a read-only
    session, then landed in one short write transaction)."""
    try:
        if own_transactions:
            result = write(c.engine)
        else:
            with write_session(c.engine) as session:
                result = write(session)
    except StaleEdit as exc:
        flash(f"{stale_message(c, exc)} {t('kit.reopened', c.lang)}", "error", scope)
        if reopen:
            forget_opened(reopen)
        st.rerun()
    except CouncilError as exc:
        st.error(describe(exc) if describe else error_message(exc, c.lang))
        return None
    tell_followers(c.engine)
    flash(_text(success, result), "success", scope)
    if reopen:
        forget_opened(reopen)
    st.rerun()
