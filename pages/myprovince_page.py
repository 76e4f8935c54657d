""" "My province": what the province owes and what concerns it, each with a link to where
it is acted on; and what changed since the user's last visit."""

from __future__ import annotations

SPEC = dict(
    url_path="my-province",
    title_key="myprovince.nav",
    icon=":material/location_city:",
    section="nav.section.council",
    order=5,
)


SECTION_LIMIT = 15


def render() -> None:
    from datetime import date, datetime

    import streamlit as st

    from council import myprovince
    from council.db import read_session, write_session
    from council.i18n import code_label, fmt_date, fmt_number
    from council.ui.cache import cached
    from council.ui.context import ctx
    from council.ui.links import record_link

    c = ctx()
    # The baseline of "what changed" is taken once per browser session, so reruns keep it.
    if "myprovince_since" not in st.session_state:
        with write_session(c.engine) as session:
            since = myprovince.start_visit(session, c.actor)
        st.session_state["myprovince_since"] = since.isoformat() if since else ""
    since_text = st.session_state["myprovince_since"]
    since = datetime.fromisoformat(since_text) if since_text else None

    title = st.empty()
    with read_session(c.engine) as session:
        choices = myprovince.province_choices(session)
    if c.actor.province_id is not None:
        province_id = c.actor.province_id
    else:
        in_region = [p for p in choices if p["region_id"] == c.region_id] or choices
        names = {p["id"]: p["name_vi"] for p in in_region}
        province_id = st.selectbox(
            c.t("myprovince.pick"), list(names), format_func=names.get, key="myprovince_province"
        )
    # The province's own view is the same for every reader: shared and recomputed after any change.
    view = cached(c.engine, myprovince.province_view, c.actor, province_id)
    changes = cached(c.engine, myprovince.changes_since, c.actor, since)

    title.title(c.t("myprovince.title", province=view["province"]["name_vi"]))
    today = date.today()

    def line_with_link(text: str, path: str) -> None:
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.markdown(text)
        if path:
            with right:
                record_link(path, c.t("myprovince.open"))

    def section(title_key: str, lines: list[tuple[str, str]], key: str) -> None:
        with st.container(border=True, key=key):
            st.markdown(f"**{c.t(title_key)}** ({len(lines)})")
            if not lines:
                st.caption(c.t("myprovince.nothing"))
            # The first lines only (most urgent first): a page of hundreds of links helps nobody.
            for text, path in lines[:SECTION_LIMIT]:
                line_with_link(text, path)
            if len(lines) > SECTION_LIMIT:
                st.caption(c.t("myprovince.more", n=len(lines) - SECTION_LIMIT))

    left, right = st.columns(2)
    with left:
        section(
            "myprovince.figures_due",
            [
                (
                    "- "
                    + c.t(
                        "myprovince.figures_due_line",
                        year=f["year"],
                        n=f["missing"],
                        deadline=fmt_date(f["deadline"], c.lang),
                    )
                    + (f" — :red[{c.t('myprovince.overdue')}]" if f["overdue"] else ""),
                    f["link"],
                )
                for f in view["figures_due"]
            ],
            "myprovince_figures",
        )
        section(
            "myprovince.returned",
            [
                (
                    "- "
                    + c.t(
                        "myprovince.returned_line",
                        year=r["year"],
                        n=r["count"],
                        reason="; ".join(r["reasons"]) or "—",
                    ),
                    r["link"],
                )
                for r in view["returned"]
            ],
            "myprovince_returned",
        )
        section(
            "myprovince.shares",
            [
                (
                    "- "
                    + c.t(
                        "myprovince.share_line",
                        project=f"{s['code']} · {s['name']}",
                        share=fmt_number(s["share"], c.lang),
                    ),
                    s["link"],
                )
                for s in view["shares"]
            ],
            "myprovince_shares",
        )
        section(
            "myprovince.late_projects",
            [
                (
                    "- "
                    + c.t(
                        "myprovince.late_line",
                        code=p["code"],
                        name=p["name"],
                        late=c.t(f"meetings.late.{p['late']}"),
                    ),
                    p["link"],
                )
                for p in view["late_projects"]
            ],
            "myprovince_late",
        )
        section(
            "myprovince.settlements",
            [
                (
                    "- "
                    + c.t(
                        "myprovince.settlement_line",
                        code=p["code"],
                        title=p["title"],
                        year=p["year"],
                        due=fmt_date(p["due"], c.lang),
                    ),
                    p["link"],
                )
                for p in view.get("settlements", [])
            ],
            "myprovince_settlements",
        )
    with right:
        conflict_lines = []
        for k in view["conflicts"]:
            line = "- " + c.t(
                "myprovince.conflict_line",
                code=k["code"],
                title=k["title"],
                status=code_label("cstatus", k["status"], c.lang),
            )
            cm = k["latest_comment"]
            line += "  \n  " + (
                c.t(
                    "myprovince.latest_comment",
                    who=cm["author"],
                    at=fmt_date(cm["at"], c.lang),
                    body=cm["body"],
                )
                if cm
                else c.t("myprovince.no_comment")
            )
            conflict_lines.append((line, k["link"]))
        section("myprovince.conflicts", conflict_lines, "myprovince_conflicts")
        section(
            "myprovince.decisions",
            [
                (
                    "- "
                    + c.t(
                        "myprovince.decision_line",
                        text=d["text"],
                        deadline=fmt_date(d["deadline"], c.lang),
                        status=c.t(f"meetings.fu.{d['status']}"),
                    )
                    + (
                        f" — :red[{c.t('myprovince.overdue')}]"
                        if d["status"] == "open" and d["deadline"] and d["deadline"] < today
                        else ""
                    ),
                    d["link"],
                )
                for d in view["decisions"]
            ],
            "myprovince_decisions",
        )

    from pages.plan_page import my_province_reporting

    # The province's reporting completeness and timeliness, and what is late (plan execution).
    my_province_reporting(st, c, province_id)

    with st.container(border=True, key="myprovince_changes"):
        st.markdown(f"**{c.t('myprovince.changes')}**")
        st.caption(
            c.t("myprovince.changes_since", at=fmt_date(since, c.lang))
            if since
            else c.t("myprovince.changes_first")
        )
        if not changes:
            st.caption(c.t("myprovince.no_changes"))
        for ch in changes:
            line_with_link(
                "- "
                + _change_text(c, ch, code_label)
                + " — "
                + c.t("myprovince.change.by", who=ch["actor"], at=fmt_date(ch["at"], c.lang)),
                ch["link"],
            )


def _change_text(c, ch: dict, code_label) -> str:
    what = (
        c.t(f"myprovince.what.{ch['action']}")
        if ch["action"] in ("create", "update", "transition")
        else ch["action"]
    )
    if ch.get("status"):
        kind = {
            "conflict": "cstatus",
            "project": "pstatus",
            "observation": "meetings.figstatus",
            "follow_up": "meetings.fu",
        }.get(ch["entity"], "")
        what = c.t(
            "myprovince.what.status", status=code_label(kind, ch["status"], c.lang) if kind else ch["status"]
        )
    return c.t(f"myprovince.change.{ch['entity']}", ref=ch["ref"], what=what)
