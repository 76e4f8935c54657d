"""Work waiting today, where a role lands: the secretariat's list on the region overview and the
expert's list of conflicts awaiting their comment on the conflicts page (council/today.py)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from council import today
from council.i18n import code_label, fmt_date, fmt_number
from council.ui.links import link_list
from council.ui.text import plain

LIMIT = 5  # lines per list: the most urgent first, the rest counted


def _lines(c, title: str, items: list[dict], line: Callable[[dict], tuple[str, str]], key: str) -> None:
    """The first LIMIT items as lines (``line(item)`` -> text, link), the rest counted."""
    link_list(
        title,
        items,
        line,
        key=key,
        limit=LIMIT,
        open_label=c.t("today.open"),
        nothing=c.t("today.nothing"),
        more=lambda n: c.t("today.more", n=n),
    )


def secretariat_today(c) -> None:
    """On the region overview, for whoever approves the figures (the secretariat)."""
    if not c.can("observation.approve"):
        return
    work = c.cached(today.secretariat_today, c.region_id)
    total = sum(len(v) for v in work.values())
    st.subheader(c.t("today.title"))
    if not total:
        st.success(c.t("today.all_clear"))
        return
    st.caption(c.t("today.caption", n=total))
    left, right = st.columns(2)
    with left:
        _lines(
            c,
            c.t("today.figure_sets"),
            work["figure_sets"],
            lambda s: (
                "- " + c.t("today.set_line", province=plain(s["province"]), year=s["year"], n=s["count"]),
                s["link"],
            ),
            "today_sets",
        )
        _lines(
            c,
            c.t("today.pending_shares"),
            work["pending_shares"],
            lambda s: (
                "- "
                + c.t(
                    "today.share_line",
                    code=plain(s["code"]),
                    province=plain(s["province"]),
                    share=fmt_number(s["share"], c.lang, 2),
                ),
                s["link"],
            ),
            "today_shares",
        )
    with right:
        _lines(
            c,
            c.t("today.overdue_conflicts"),
            work["overdue_conflicts"],
            lambda r: (
                "- "
                + c.t(
                    "today.conflict_line",
                    code=plain(r["code"]),
                    title=plain(r["title"]),
                    due=fmt_date(r["due_on"], c.lang),
                ),
                r["link"],
            ),
            "today_conflicts",
        )
        _lines(
            c,
            c.t("today.settlements"),
            work["unaccepted_settlements"],
            lambda p: (
                "- "
                + c.t(
                    "today.settlement_line",
                    code=plain(p["code"]),
                    province=plain(p["province"]),
                    year=p["year"],
                    due=fmt_date(p["due"], c.lang),
                ),
                p["link"],
            ),
            "today_settlements",
        )


def awaiting_comment(c) -> None:
    """At the top of the conflicts page: the conflicts awaiting the signed-in expert's comment."""
    rows = c.cached(today.awaiting_comment, c.actor, c.region_id)
    if not rows:
        return
    _lines(
        c,
        c.t("today.awaiting_comment"),
        rows,
        lambda r: (
            "- "
            + c.t(
                "today.awaiting_line",
                code=plain(r["code"]),
                title=plain(r["title"]),
                status=code_label("cstatus", r["status"], c.lang),
                parties=plain(", ".join(r["parties"])),
            )
            + (f" — :red[{c.t('conflicts.overdue_badge')}]" if r["overdue"] else ""),
            r["link"],
        ),
        "today_awaiting",
    )
