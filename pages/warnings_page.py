"""Early warning: every flag the rules raise from the registers (incentives undercutting each
other, plans duplicating or not connecting), dismissed with a reason or opened as a conflict case
in one step."""

from __future__ import annotations

import streamlit as st

from council import early_warning
from council.i18n import fmt_date
from council.ui.context import PageContext, ctx
from council.ui.forms import CreateForm, act
from council.ui.links import record_link
from council.ui.text import plain
from council.ui.views import view_switch

SPEC = dict(
    url_path="warnings",
    title_key="warning.nav",
    icon=":material/warning:",
    section="nav.section.council",
    order=27,
)

STATUSES = ("open", "dismissed", "case")
# Flags shown per status at once: the most a reader can weigh on one screen.
PAGE_LIMIT = 30
TYPES = ("investment_competition", "planning_overlap", "connection_mismatch")


def render() -> None:
    c = ctx()
    st.title(c.t("warning.title"))
    st.caption(c.t("warning.intro"))
    rows = c.cached(early_warning.page_rows, c.lang, region_id=c.region_id)
    opened = [r for r in rows if r["status"] == "open"]
    cols = st.columns(len(TYPES))
    for col, kind in zip(cols, TYPES, strict=True):
        col.metric(c.t(f"ctype.{kind}"), sum(1 for r in opened if r["conflict_type"] == kind))
    wanted = st.query_params.get("flag")
    counts = {s: sum(1 for r in rows if r["status"] == s) for s in STATUSES}
    focus = next((r for r in rows if r["key"] == wanted), None)
    status = view_switch(
        c.t("warning.show"),
        STATUSES,
        key="warning_status",
        label=lambda s: f"{c.t('warning.status.' + s)} ({counts[s]})",
        default=focus["status"] if focus else "open",
        show_title=True,
    )
    shown = [r for r in rows if r["status"] == status]
    if focus is not None and focus in shown:
        shown.remove(focus)
        shown.insert(0, focus)
    if not shown:
        st.info(c.t(f"warning.none.{status}"))
        return
    for row in shown[:PAGE_LIMIT]:
        _flag(c, row)
    if len(shown) > PAGE_LIMIT:
        st.caption(c.t("warning.more", n=len(shown) - PAGE_LIMIT))


def _flag(c: PageContext, row: dict) -> None:
    with st.container(border=True, key=f"warning_{row['fingerprint']}"):
        st.markdown(f"**{plain(row['message'])}**")
        st.caption(
            c.t(
                "warning.facts",
                rule=c.t("warning.rule." + row["rule"]),
                kind=c.t("ctype." + row["conflict_type"]),
                provinces=", ".join(plain(p) for p in row["provinces"]),
            )
        )
        if row["links"]:
            st.caption(
                c.t("warning.records")
                + " "
                + "; ".join(f"{c.t('warning.link.' + kind)} #{rid}" for kind, rid in row["links"])
            )
        if row["earlier"] == "dismissed":
            st.caption(c.t("warning.back_after_dismissal"))
        elif row["earlier"]:
            st.caption(c.t("warning.back_after_case", code=plain(row["earlier"])))
        if row["status"] == "dismissed":
            st.markdown(
                c.t(
                    "warning.dismissed_line",
                    who=plain(row["decided_by"]),
                    at=fmt_date(row["decided_at"], c.lang),
                    reason=plain(row["reason"]),
                )
            )
        elif row["status"] == "case":
            record_link(
                f"conflicts?conflict={row['conflict_code']}",
                c.t("warning.open_conflict", code=plain(row["conflict_code"])),
            )
        else:
            _actions(c, row)


def _actions(c: PageContext, row: dict) -> None:
    left, right = st.columns(2)
    if c.can("conflict.open", row["province_ids"]):
        with left:
            if st.button(c.t("warning.to_case"), key=f"warning_case_{row['fingerprint']}", type="primary"):
                act(
                    c,
                    lambda s: early_warning.open_case(
                        s, c.actor, row["key"], lang=c.lang, fingerprint_seen=row["fingerprint"]
                    ),
                    success=lambda created: c.t("warning.case_opened", code=plain(created["code"])),
                )
    if not c.can("warning.manage"):
        return
    with right:
        form = CreateForm("warning_dismiss", prefix=f"warning_dismiss_{row['fingerprint']}", border=False)
        with form:
            reason = st.text_input(c.t("warning.field.reason"), key=form.key("reason"))
            submitted = st.form_submit_button(c.t("warning.dismiss"))
        if submitted:
            form.save(
                c,
                lambda s: early_warning.dismiss(
                    s, c.actor, row["key"], reason, fingerprint_seen=row["fingerprint"]
                ),
                values={"flag": row["key"], "reason": reason},
                success=c.t("warning.dismissed"),
            )
