"""What the register and the detail page share: opening a project, wording a refusal."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from council.i18n import CATALOGS, fmt_number
from council.ui.text import plain

OPEN_KEY = "project_open"
DETAIL_URL = "project"
FIELD_LABELS = {
    "total_investment": "projects.form.investment",
    "length_km": "projects.form.length",
    "provinces": "projects.form.provinces",
    "cost_share_pct": "projects.detail.share",
    "progress_physical": "projects.detail.physical",
    "progress_disbursed": "projects.detail.disbursed",
    "role": "projects.detail.role",
    "source": "projects.detail.source_col",
    "year": "projects.detail.year",
    "planned_amount": "projects.detail.planned_amount",
    "actual_amount": "projects.detail.actual_amount",
    "title": "projects.detail.ms_title",
    "method": "projects.cost.adopt",
}


def open_project(project_id: int) -> None:
    """Show ``project_id`` on the detail page."""
    from pages.project_detail_page import render

    st.session_state[OPEN_KEY] = project_id
    st.session_state["project_pick"] = project_id
    st.switch_page(st.Page(render, url_path=DETAIL_URL))


def error_text(c, exc) -> str:
    """A validation message led by the label of the field it is about."""
    params = {
        k: fmt_number(v, c.lang, 2) if isinstance(v, float) else plain(v) if isinstance(v, str) else v
        for k, v in exc.params.items()
    }
    if exc.key == "projects.error.transition":
        params.update(frm=c.t(f"pstatus.{params['frm']}"), to=c.t(f"pstatus.{params['to']}"))
    message = c.t(exc.key, **params)
    field = getattr(exc, "field", "")
    key = FIELD_LABELS.get(field, f"projects.form.{field}")
    return f"{c.t(key)}: {message}" if field and key in CATALOGS["vi"] else message


def num(value) -> float | None:
    """A number from a table cell (empty and NaN cells are None)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def day(value):
    """A date from a table cell (empty cells are None)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()
