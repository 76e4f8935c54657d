"""The page kit's file import: one form for every register that takes a spreadsheet.

    import_form(
        c,
        "facilities_import_form",
        prefix="facilities_import",            # widgets: facilities_import_upload, facilities_import
        label=c.t("facilities.import_file"),
        submit=c.t("facilities.import_button"),
        write=lambda session, data, name: facilities.import_facilities(session, c.actor, data, name),
        success=lambda result: c.t("facilities.import_done", **result),
    )

The upload accepts Excel (.xlsx) and CSV files up to the smaller of the server's upload cap and
``council.io.MAX_IMPORT_BYTES``, and says so in the reader's language. The file and the button are
one form (the file is sent with the click). The import is all or nothing: on success the notice
with the count; on refusal (``council.io.ImportRejected``) the message and every bad row and
field, each as text (what a file holds never becomes markup), and nothing is written. The same
file sent twice in a row is written once (the kit's form cycle, council.ui.forms).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import streamlit as st

from council.errors import CouncilError
from council.io import MAX_IMPORT_BYTES, ImportRejected
from council.ui.forms import CreateForm, Message
from council.ui.notices import error_message
from council.ui.text import plain

ACCEPTED_TYPES = ("xlsx", "csv")
_MB = 1024 * 1024


def max_upload_mb() -> int:
    """The largest file the form takes, in MB: the server's cap or the import's bound, the lower."""
    server = st.get_option("server.maxUploadSize")
    return min(int(server), MAX_IMPORT_BYTES // _MB)


def import_refusal(c, exc: CouncilError) -> str:
    """A refused import in words: the message, then every bad row and field on its own line."""
    message = error_message(exc, c.lang)
    if isinstance(exc, ImportRejected):
        message += "\n\n" + "\n".join(f"- {plain(e.message(c.lang))}" for e in exc.errors)
    return message


def import_form(
    c,
    name: str,
    *,
    prefix: str,
    label: str,
    submit: str,
    write: Callable[[Any, bytes, str], Any],
    success: Message,
    submit_key: str | None = None,
    own_transactions: bool = False,
) -> None:
    """The upload form and its import (see the module docstring). ``write(session, data,
    filename)`` lands the file in one transaction; with ``own_transactions`` it is
    ``write(engine, data, filename)`` and opens its own (checked outside the write lock, then
    landed in one short transaction). Widget keys: ``{prefix}_upload`` and ``submit_key``
    (default ``{prefix}_import``)."""
    limit = max_upload_mb()
    form = CreateForm(name, prefix=prefix)
    with form:
        upload = st.file_uploader(
            label,
            type=list(ACCEPTED_TYPES),
            key=form.key("upload"),
            max_upload_size=limit,
            help=c.t("kit.import.limits", mb=limit),
        )
        submitted = st.form_submit_button(submit, key=submit_key or f"{prefix}_import", type="primary")
    if not submitted:
        return
    if upload is None:
        st.warning(c.t("kit.import.no_file"))
        return
    data, filename = upload.getvalue(), upload.name
    form.save(
        c,
        lambda target: write(target, data, filename),
        values={"name": filename, "sha256": hashlib.sha256(data).hexdigest()},
        success=success,
        describe=lambda exc: import_refusal(c, exc),
        own_transactions=own_transactions,
    )
