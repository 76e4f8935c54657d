"""The Excel export of the register and the all-or-nothing import."""

from __future__ import annotations

import streamlit as st

from council import facilities
from council.io import XLSX_MIME
from council.ui.context import PageContext
from council.ui.imports import import_form


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
    import_form(
        c,
        "facilities_import_form",
        prefix="facilities_import",
        submit_key="facilities_import",
        label=c.t("facilities.import_file"),
        submit=c.t("facilities.import_button"),
        write=lambda s, content, name: facilities.import_facilities(s, c.actor, content, name),
        success=lambda result: c.t("facilities.import_done", **result),
    )
