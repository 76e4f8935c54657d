"""The Excel export of the register and the all-or-nothing import."""

from __future__ import annotations

import hashlib

import streamlit as st

from council import facilities
from council.io import XLSX_MIME, ImportRejected
from council.ui.context import PageContext
from council.ui.forms import CreateForm
from council.ui.notices import error_message
from council.ui.text import plain


def render(c: PageContext, data: dict) -> None:
    st.download_button(
        c.t("facilities.export"),
        data=lambda: c.read(facilities.export_excel),
        file_name="cong-trinh-quy-hoach.xlsx",
        mime=XLSX_MIME,
        key="facilities_export",
    )
    if not any(c.can("facility.edit", [p["id"]]) for p in data["provinces"]):
        return
    st.caption(c.t("facilities.import_help"))
    form = CreateForm("facilities_import_form", prefix="facilities_import")
    with form:
        upload = st.file_uploader(c.t("facilities.import_file"), type=["xlsx", "csv"], key=form.key("upload"))
        submitted = st.form_submit_button(c.t("facilities.import_button"), key="facilities_import")
    if not submitted or upload is None:
        return
    content = upload.getvalue()
    form.save(
        c,
        lambda s: facilities.import_facilities(s, c.actor, content, upload.name),
        values={"name": upload.name, "sha256": hashlib.sha256(content).hexdigest()},
        success=lambda result: c.t("facilities.import_done", **result),
        describe=lambda exc: _refusal(c, exc),
    )


def _refusal(c: PageContext, exc) -> str:
    message = error_message(exc, c.lang)
    if isinstance(exc, ImportRejected):
        message += "\n\n" + "\n".join(f"- {plain(e.message(c.lang))}" for e in exc.errors)
    return message
