"""The conflict lists: board by status, table with the Excel export, dashboard."""

from __future__ import annotations

import streamlit as st

from council.conflicts import AGE_BUCKETS, CONFLICT_STATUSES, export_list_excel, list_frame
from council.conflicts import board as by_status
from council.figures.conflicts import count_bars
from council.figures.maps import value_choropleth
from council.i18n import fmt_date
from council.io import XLSX_MIME
from council.regions import list_provinces
from council.ui.cards import card, card_board
from council.ui.charts import show_chart
from council.ui.maps import cached_map
from council.ui.tables import page_of
from council.ui.text import plain
from pages.conflict_views.common import SEVERITY_COLOURS, select

# Cards per board column; the rest of a long column is counted, and listed in the table view.
BOARD_LIMIT = 12


def board(c, rows, names) -> None:
    columns = by_status(rows)
    with card_board("conflicts_board"):
        for col, status in zip(st.columns(len(CONFLICT_STATUSES)), CONFLICT_STATUSES, strict=True):
            with col:
                st.markdown(f"**{c.t(f'cstatus.{status}')}** ({len(columns[status])})")
                if not columns[status]:
                    st.caption(c.t("conflicts.board_empty_column"))
                # Overdue and severe first; past BOARD_LIMIT a column only counts (the table lists all).
                for r in columns[status][:BOARD_LIMIT]:
                    _card(c, r)
                if len(columns[status]) > BOARD_LIMIT:
                    st.caption(c.t("conflicts.board_more", n=len(columns[status]) - BOARD_LIMIT))


def _card(c, r: dict) -> None:
    # One element a card, the whole card a button that opens the conflict (council.ui.cards): the
    # board shows up to 72 cards, and three elements each were most of the browser's page switch.
    when = (
        c.t("conflicts.col.due_on") + " " + fmt_date(r["due_on"], c.lang)
        if r["due_on"]
        else c.t("conflicts.age", days=r["age_days"])
    )
    severity = _badge_text(c.t(f"severity.{r['severity']}"))
    badges = f":{SEVERITY_COLOURS[r['severity']]}-badge[{severity}]"
    if r["overdue"]:
        # No icon in the badge: a Material icon inside Markdown cost the browser ~1.5 ms a card.
        badges += f" :red-badge[{_badge_text(c.t('conflicts.overdue_badge'))}]"
    card(
        f"**{plain(r['code'])}**  \n{plain(r['title'])}  \n{badges}  \n"
        f":gray[{_badge_text(plain(', '.join(r['parties'])) + ' · ' + when)}]",
        key=f"conflicts_open_{r['id']}",
        on_click=select,
        args=(r["id"],),
    )


def _badge_text(text: str) -> str:
    """Text inside a ``:colour[...]`` directive: square brackets would close it early."""
    return text.replace("[", "(").replace("]", ")")


def table(c, rows, names) -> None:
    st.dataframe(
        list_frame(page_of(rows, "conflicts_table_page", c.lang), c.lang),
        hide_index=True,
        key="conflicts_table",
    )
    st.download_button(
        c.t("conflicts.export.excel"),
        lambda: export_list_excel(rows, c.lang),
        file_name="xung-dot.xlsx",
        mime=XLSX_MIME,
        key="conflicts_export_excel",
        icon=":material/download:",
    )


def dashboard(c, d: dict) -> None:
    """The open conflicts counted by type, province and age (``conflicts.tiles``)."""
    m = st.columns(2)
    m[0].metric(c.t("conflicts.open_count"), d["open"])
    m[1].metric(c.t("conflicts.overdue_count"), d["overdue"])
    if not d["open"]:
        st.info(c.t("conflicts.dash.none_open"))
        return
    count = c.t("conflicts.col.count")
    by_type = sorted(d["by_type"].items(), key=lambda kv: -kv[1])
    charts = [
        ("by_type", [c.t(f"ctype.{k}") for k, _ in by_type], [v for _, v in by_type], "type"),
        ("by_province", list(d["by_province"]), list(d["by_province"].values()), "province"),
        (
            "by_age",
            [c.t(f"conflicts.age.{b}") for _, b in AGE_BUCKETS],
            [d["by_age"][b] for _, b in AGE_BUCKETS],
            "age",
        ),
    ]
    for title, labels, values, key in charts:
        st.subheader(c.t(f"conflicts.dash.{title}"))
        show_chart(count_bars(labels, values, count), key=f"conflicts_chart_{key}")
        if key == "province":
            _province_map(c, d)


def _province_map(c, d: dict) -> None:
    """The same counts on the province boundaries: the region's provinces and every other party."""
    shown = [
        p
        for p in c.cached(list_provinces)
        if p["region_id"] == c.region_id or p["name_vi"] in d["by_province"]
    ]
    values = {p["code"]: d["by_province"].get(p["name_vi"], 0) for p in shown}
    names = {p["code"]: p["name_vi"] for p in shown}
    fig = cached_map(  # once per values shown and language (council.ui.maps)
        lambda: value_choropleth(
            values,
            names=names,
            t=c.t,
            title=c.t("maps.conflicts_per_province"),
            fmt=lambda v: str(int(v)),
            colorscale="Reds",
            height=460,
        ),
        "conflicts_map",
        c.lang,
        tuple(values.items()),
        tuple(names.items()),
    )
    show_chart(fig, key="conflicts_map_province")
