"""What the plan views share: numbers in the reader's locale, target labels, agenda links."""

from __future__ import annotations

import streamlit as st

from council.errors import ValidationError
from council.i18n import fmt_number
from council.numbers import NumberInputError, parse_number
from council.ui.records import parse_id, take_query_param
from council.ui.text import plain

VIEW_KEY = "plan_view"


def n(c, value, digits: int = 3) -> str:
    return fmt_number(value, c.lang, digits)


def pct(c, value) -> str:
    return "—" if value is None else f"{fmt_number(100 * value, c.lang, 1)} %"


def indicator_name(c, row: dict) -> str:
    return row["indicator_vi"] if c.lang == "vi" else row["indicator_en"]


def target_label(c, t: dict) -> str:
    """A creditable target as a choice: indicator, region, goal, unit and year."""
    return (
        f"#{t['id']} {indicator_name(c, t)} · {t['plan_region']} "
        f"({t['target_text']} {t['unit']}, {t['target_year']})"
    )


def code_of(label: str) -> str:
    """A project's code from its "code · name" choice label, as text for a message."""
    return plain(label.split(" · ")[0])


def open_from_link(views: list[str]) -> None:
    """?target=ID, ?priority=ID and ?province=ID&year=Y (agenda links) open their view once."""
    target = parse_id(take_query_param("target"))
    if target is not None:
        st.session_state[VIEW_KEY] = "delivery"
        st.session_state["plan_target"] = target
    priority = parse_id(take_query_param("priority"))
    if priority is not None:
        st.session_state[VIEW_KEY] = "checklist"
        st.session_state["plan_priority_focus"] = priority
    province = parse_id(take_query_param("province"))
    year = parse_id(take_query_param("year"))
    if province is not None:
        st.session_state[VIEW_KEY] = "reporting"
        st.session_state["plan_reporting_province"] = province
        if year is not None:
            st.session_state["plan_reporting_year"] = year


def quantity(c, text: str) -> float:
    """A quantity typed in the reader's locale ("100,5" in Vietnamese is 100.5); a refusal naming
    the text when it is no number (raised inside the form's write, so the input is kept)."""
    try:
        value = parse_number(text, c.lang)
    except NumberInputError:
        value = None
    if value is None:
        raise ValidationError("error.not_a_number", field="quantity", value=text or "")
    return value
