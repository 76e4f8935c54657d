"""A decision of the council: what it says, who answers for it, its follow-ups, and the forms to
record, edit (meeting open) or correct (meeting closed) it."""

from __future__ import annotations

from datetime import date

import streamlit as st

from council import meetings
from council.i18n import fmt_date
from council.textutil import vi_sort_key
from council.ui.forms import CreateForm, EditForm, act
from council.ui.shown import shown_version
from council.ui.text import plain


def fields(c, form, pname: dict[int, str], current: dict | None) -> tuple[dict, bool]:
    """The decision fields inside ``form``: the values and whether the form was submitted."""
    current = current or {}
    text = st.text_area(c.t("meetings.decision_text"), value=current.get("text", ""), key=form.key("text"))
    options = sorted(pname, key=lambda i: vi_sort_key(pname[i]))
    chosen = st.multiselect(
        c.t("meetings.decision_provinces"),
        options,
        default=current.get("province_ids", []),
        format_func=lambda i: pname[i],
        key=form.key("provinces"),
        placeholder=c.t("vi_ui.pick_provinces"),
    )
    bodies = st.text_input(
        c.t("meetings.decision_bodies"), value=current.get("responsible_bodies", ""), key=form.key("bodies")
    )
    cols = st.columns(2)
    deadline = cols[0].date_input(
        c.t("meetings.decision_deadline"),
        value=current.get("deadline") or date.today(),
        format="DD/MM/YYYY",
        key=form.key("deadline"),
    )
    none = cols[1].checkbox(
        c.t("meetings.no_deadline"),
        value=bool(current) and current.get("deadline") is None,
        key=form.key("nodeadline"),
    )
    submitted = st.form_submit_button(c.t("meetings.save_decision"), type="primary")
    values = {
        "text": text,
        "province_ids": chosen,
        "responsible_bodies": bodies,
        "deadline": None if none else deadline,
    }
    return values, submitted


def record_form(c, item_id: int, pname: dict[int, str]) -> None:
    form = CreateForm(f"meetings_dec_{item_id}")
    with form:
        values, submitted = fields(c, form, pname, None)
    if submitted:
        form.save(
            c,
            lambda session: meetings.record_decision(session, c.actor, item_id, **values),
            values=values,
            success=c.t("meetings.saved"),
        )


def decision(c, d: dict, pname: dict[int, str], manage: bool, is_open: bool) -> None:
    who = [pname.get(p, "?") for p in d["province_ids"]] + (
        [d["responsible_bodies"]] if d["responsible_bodies"] else []
    )
    lines = [
        f"**{c.t('meetings.decision_line', id=d['id'], text=plain(d['text']))}**",
        c.t("meetings.responsible", who=plain(", ".join(who)))
        + " · "
        + c.t("meetings.deadline_line", date=fmt_date(d["deadline"], c.lang)),
    ]
    if d["corrects_id"]:
        lines.append(c.t("meetings.correction_of", id=d["corrects_id"]))
    if d["corrected_by"]:
        lines.append(c.t("meetings.corrected_by", id=d["corrected_by"]))
    for fu in d["follow_ups"]:
        lines.append(f"{c.t('meetings.follow_up')}: {c.t('meetings.fu.' + fu['status'])}")
    st.markdown("  \n".join(lines))
    if not manage:
        return
    for fu in d["follow_ups"]:
        if fu["status"] != "superseded":
            _follow_up_button(c, fu)
    if d["corrected_by"]:
        return
    if is_open:
        with st.expander(c.t("meetings.edit_decision")):
            _edit_form(c, d, pname)
    else:
        with st.expander(c.t("meetings.correct_decision")):
            form = CreateForm(f"meetings_fix_{d['id']}")
            with form:
                values, submitted = fields(c, form, pname, d)
            if submitted:
                form.save(
                    c,
                    lambda session: meetings.correct_decision(session, c.actor, d["id"], **values),
                    values=values,
                    success=c.t("meetings.saved"),
                )


def _follow_up_button(c, fu: dict) -> None:
    # The version drawn when the user clicked, not the one read again in the click's rerun.
    version = shown_version(f"follow_up_{fu['id']}", fu["version"])
    done = fu["status"] == "open"
    label = c.t("meetings.fu_done") if done else c.t("meetings.fu_reopen")
    if st.button(label, key=f"meetings_fu_{fu['id']}"):
        act(
            c,
            lambda session: meetings.set_follow_up(
                session, c.actor, fu["id"], expected_version=version, done=done
            ),
            success=c.t("meetings.saved"),
        )


def _edit_form(c, d: dict, pname: dict[int, str]) -> None:
    # The version the form was opened with is kept until a save goes through (or is refused: then
    # the form reopens on the newer decision); it is never forgotten before the save.
    form = EditForm("meetings_edit", d["id"], d)
    with form:
        values, submitted = fields(c, form, pname, form.record)
    if submitted:
        form.save(
            c,
            lambda session, version: meetings.edit_decision(
                session, c.actor, d["id"], expected_version=version, **values
            ),
            values=values,
            success=c.t("meetings.saved"),
        )
