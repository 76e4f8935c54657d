"""Long tables are sent to the browser a page at a time: at ten times real size a register holds
thousands of rows, and a dataframe ships every row it is given."""

from __future__ import annotations

import streamlit as st

from council.i18n import fmt_number, t

# A hundred rows a page: a table shows about fifteen at a time, and every row sent is formatted on
# each rerun (the register's localized money column went through pandas' Styler for 250 rows, most
# of the projects page's rerun).
PAGE_SIZE = 100


def page_of(rows: list, key: str, lang: str, size: int | None = None) -> list:
    """The rows of the page the user picked (a pager is shown only when there is more than one)."""

    size = size or PAGE_SIZE
    if len(rows) <= size:
        return rows
    pages = (len(rows) + size - 1) // size
    left, right = st.columns([1, 3], vertical_alignment="bottom")
    page = left.number_input(t("table.page", lang), min_value=1, max_value=pages, value=1, step=1, key=key)
    start = (int(page) - 1) * size
    shown = rows[start : start + size]
    right.caption(
        t(
            "table.rows",
            lang,
            first=fmt_number(start + 1, lang, 0),
            last=fmt_number(start + len(shown), lang, 0),
            total=fmt_number(len(rows), lang, 0),
            pages=pages,
        )
    )
    return shown


def localized(frame, decimals: dict[str, int], lang: str):
    """``frame`` styled so the number columns in ``decimals`` (column -> at most that many
    decimals) are written the reader's way (Vietnamese 85.813 / 0,231; English 85,813 / 0.231),
    whatever the browser's locale; the cells stay numbers, so sorting stays numeric. Pass the
    result to ``st.dataframe`` with no ``format`` for those columns in ``column_config``."""
    from council.numbers import format_number

    formats = {
        col: (lambda v, d=d: format_number(v, lang, d)) for col, d in decimals.items() if col in frame.columns
    }
    # Only the formatted columns are translated by the Styler (the rest are hidden from it, not
    # from the table): Streamlit sends the same data and display values either way, and styling
    # every cell of a 250-row page took most of the register's rerun.
    others = [col for col in frame.columns if col not in formats]
    return frame.style.format(formats, na_rep="").hide(others, axis="columns")
