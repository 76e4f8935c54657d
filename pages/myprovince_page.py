""" "My province": what the province owes and what concerns it, each with a link to where
it is acted on; and what changed since the user's last visit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import streamlit as st

from council import myprovince
from council.i18n import code_label, fmt_date, fmt_number
from council.ui.background import record
from council.ui.context import ctx
from council.ui.links import link_list
from council.ui.text import plain
from pages.myprovince_views.changes import changes_section
from pages.plan_page import my_province_reporting

SPEC = dict(
    url_path="my-province",
    title_key="myprovince.nav",
    icon=":material/location_city:",
    section="nav.section.council",
    order=5,
)


SECTION_LIMIT = 15


def render() -> None:
    c = ctx()
    # The baseline of "what changed" is taken once per browser session, so reruns keep it.
    if "myprovince_since" not in st.session_state:
        since = record(c, myprovince.start_visit)
        st.session_state["myprovince_since"] = since.isoformat() if since else ""
    since_text = st.session_state["myprovince_since"]
    since = datetime.fromisoformat(since_text) if since_text else None
    title = st.empty()
    if c.actor.province_id is not None:
        province_id = c.actor.province_id
    else:
        choices = c.cached(myprovince.province_choices)
        in_region = [p for p in choices if p["region_id"] == c.region_id] or choices
        names = {p["id"]: p["name_vi"] for p in in_region}
        province_id = st.selectbox(
            c.t("myprovince.pick"), list(names), format_func=names.get, key="myprovince_province"
        )
    # The province's own view is the same for every reader: shared and recomputed after any change.
    view = c.cached(myprovince.province_view, province_id)
    changes = c.cached(myprovince.changes_since, c.actor, since)
    title.title(c.t("myprovince.title", province=plain(view["province"]["name_vi"])))
    left, right = st.columns(2)
    with left:
        _owed(c, view)
    with right:
        _concerns(c, view)
    changes_section(c, changes, since)
    # The province's reporting completeness and timeliness, and what is late (plan execution).
    my_province_reporting(st, c, province_id)


def _section(c, title_key: str, items: list[dict], line: Callable[[dict], tuple[str, str]], key: str) -> None:
    """A bordered section: its title with the number of items, the first SECTION_LIMIT as lines
    (``line(item)`` -> text, link), most urgent first, and the rest counted."""
    link_list(
        c.t(title_key),
        items,
        line,
        key=key,
        limit=SECTION_LIMIT,
        open_label=c.t("myprovince.open"),
        nothing=c.t("myprovince.nothing"),
        more=lambda n: c.t("myprovince.more", n=n),
    )


def _overdue(c, late: bool) -> str:
    return f" — :red[{c.t('myprovince.overdue')}]" if late else ""


def _owed(c, view: dict) -> None:
    """What the province owes: figures, corrections, cost shares, late projects."""
    _section(
        c,
        "myprovince.figures_due",
        view["figures_due"],
        lambda f: (
            "- "
            + c.t(
                "myprovince.figures_due_line",
                year=f["year"],
                n=f["missing"],
                deadline=fmt_date(f["deadline"], c.lang),
            )
            + _overdue(c, f["overdue"]),
            f["link"],
        ),
        "myprovince_figures",
    )
    _section(
        c,
        "myprovince.returned",
        view["returned"],
        lambda r: (
            "- "
            + c.t(
                "myprovince.returned_line",
                year=r["year"],
                n=r["count"],
                reason=plain("; ".join(r["reasons"])) or "—",
            ),
            r["link"],
        ),
        "myprovince_returned",
    )
    # Verified by the statistics officer, awaiting the representative's signature (two levels).
    if view.get("awaiting_signoff"):
        _section(
            c,
            "myprovince.awaiting_signoff",
            view["awaiting_signoff"],
            lambda a: (
                "- " + c.t("myprovince.awaiting_signoff_line", year=a["year"], n=a["count"]),
                a["link"],
            ),
            "myprovince_awaiting_signoff",
        )
    _section(
        c,
        "myprovince.shares",
        view["shares"],
        lambda s: (
            "- "
            + c.t(
                "myprovince.share_line",
                project=plain(f"{s['code']} · {s['name']}"),
                share=fmt_number(s["share"], c.lang),
            ),
            s["link"],
        ),
        "myprovince_shares",
    )
    _section(
        c,
        "myprovince.late_projects",
        view["late_projects"],
        lambda p: (
            "- "
            + c.t(
                "myprovince.late_line",
                code=plain(p["code"]),
                name=plain(p["name"]),
                late=c.t(f"meetings.late.{p['late']}"),
            ),
            p["link"],
        ),
        "myprovince_late",
    )
    _section(
        c,
        "myprovince.settlements",
        view.get("settlements", []),
        lambda p: (
            "- "
            + c.t(
                "myprovince.settlement_line",
                code=plain(p["code"]),
                title=plain(p["title"]),
                year=p["year"],
                due=fmt_date(p["due"], c.lang),
            ),
            p["link"],
        ),
        "myprovince_settlements",
    )


def _conflict_line(c, k: dict) -> tuple[str, str]:
    line = "- " + c.t(
        "myprovince.conflict_line",
        code=plain(k["code"]),
        title=plain(k["title"]),
        status=code_label("cstatus", k["status"], c.lang),
    )
    cm = k["latest_comment"]
    # A comment's preview is its text as typed: never Markdown, images or links here.
    line += "  \n  " + (
        c.t(
            "myprovince.latest_comment",
            who=plain(cm["author"]),
            at=fmt_date(cm["at"], c.lang),
            body=plain(cm["body"]),
        )
        if cm
        else c.t("myprovince.no_comment")
    )
    return line, k["link"]


def _concerns(c, view: dict) -> None:
    """What concerns the province: its conflicts (with the latest comment) and decisions."""
    _section(
        c, "myprovince.conflicts", view["conflicts"], lambda k: _conflict_line(c, k), "myprovince_conflicts"
    )
    today = date.today()
    _section(
        c,
        "myprovince.decisions",
        view["decisions"],
        lambda d: (
            "- "
            + c.t(
                "myprovince.decision_line",
                text=plain(d["text"]),
                deadline=fmt_date(d["deadline"], c.lang),
                status=c.t(f"meetings.fu.{d['status']}"),
            )
            + _overdue(c, d["status"] == "open" and d["deadline"] and d["deadline"] < today),
            d["link"],
        ),
        "myprovince_decisions",
    )
    _section(
        c,
        "myprovince.warnings",
        view.get("warnings", []),
        lambda w: ("- " + plain(w[c.lang]), w["link"]),
        "myprovince_warnings",
    )
