"""A conflict's comment thread: stances, comments with replies and history, and the comment,
reply, edit and hide forms (all through the page kit)."""

from __future__ import annotations

import streamlit as st

from council import conflicts
from council.conflicts import MAX_DEPTH, STANCES, hidden_placeholder
from council.i18n import fmt_date
from council.ui.forms import CreateForm, EditForm
from council.ui.text import plain, rich
from pages.conflict_views.common import STANCE_COLOURS, worded


def thread(c, d, may_comment: bool) -> None:
    st.markdown(f"#### {c.t('conflicts.detail.comments')}")
    summary = st.columns(len(STANCES))
    for col, stance in zip(summary, STANCES, strict=True):
        col.metric(c.t(f"stance.{stance}"), d["stances"][stance])
    st.caption(
        c.t("conflicts.detail.stances")
        + ": "
        + ", ".join(f"{n} {c.t(f'stance.{s}').lower()}" for s, n in d["stances"].items())
    )
    open_for_comments = d["status"] != "closed"
    if not d["comments"]:
        st.caption(c.t("conflicts.detail.no_comments"))
    for comment in d["comments"]:
        _comment(c, d, comment, may_comment and open_for_comments)
    if not open_for_comments:
        st.info(c.t("conflicts.detail.closed"))
    elif may_comment:
        st.markdown(f"#### {c.t('conflicts.comment.new')}")
        _new_comment(c, d, parent_id=None)
    elif c.can("conflict.comment", [c.actor.province_id]):  # may comment where a party, is not here
        st.caption(c.t("conflicts.detail.rep_not_party"))
    else:
        st.caption(c.t("conflicts.detail.read_only"))


def _comment(c, d, cm: dict, may_comment: bool) -> None:
    holder = st.columns([cm["depth"], 24 - cm["depth"]])[1] if cm["depth"] else st.container()
    with holder, st.container(border=True, key=f"conflicts_comment_{cm['id']}"):
        if cm["hidden"]:
            st.caption(plain(hidden_placeholder(cm, c.lang)))
            return
        edited = (
            f" · _{c.t('conflicts.detail.edited', date=fmt_date(cm['edited_at'], c.lang))}_"
            if cm["edited_at"]
            else ""
        )
        role = (
            c.t(f"role_of.{cm['author_role']}", province=cm["author_province"])
            if cm.get("author_province")
            else c.t(f"role.{cm['author_role']}")
        )
        st.markdown(
            f"**{plain(cm['author'])}** · {plain(role)} · {fmt_date(cm['created_at'], c.lang)}{edited}"
        )
        # Two labelled fields: where the expert works is not a declared conflict of interest.
        if cm["affiliation"]:
            st.caption(c.t("vi_ui.affiliation") + ": " + plain(cm["affiliation"]))
        if cm["interest_declared"]:
            st.caption(c.t("conflicts.detail.interest") + ": " + plain(cm["interest_declared"]))
        if cm["possible_interest"]:
            st.caption(
                ":material/warning: "
                + c.t("conflicts.detail.possible_interest", names=plain(", ".join(cm["possible_interest"])))
            )
        st.badge(c.t(f"stance.{cm['stance']}"), color=STANCE_COLOURS[cm["stance"]])
        if cm["reason"]:
            st.markdown(f"*{c.t('conflicts.detail.reason')}:* {rich(cm['reason'])}")
        st.markdown(rich(cm["body"]))
        if cm["revisions"]:
            with st.expander(c.t("conflicts.detail.history", n=len(cm["revisions"]))):
                for rev in reversed(cm["revisions"]):
                    when = c.t("conflicts.detail.revision", date=fmt_date(rev["replaced_at"], c.lang))
                    stance = c.t(f"stance.{rev['stance']}") if rev["stance"] else ""
                    st.caption(f"{when} {stance}")
                    st.markdown(rich(rev["body"]))
                    if rev["reason"]:
                        st.caption(f"{c.t('conflicts.detail.reason')}: {plain(rev['reason'])}")
        if may_comment and cm["depth"] + 1 < MAX_DEPTH:
            with st.expander(c.t("conflicts.comment.reply"), icon=":material/reply:"):
                _new_comment(c, d, parent_id=cm["id"])
        if may_comment and cm["author_id"] == c.actor.id:
            with st.expander(c.t("conflicts.comment.edit"), icon=":material/edit:"):
                _edit_comment(c, cm)
        if c.can("comment.hide"):
            with st.expander(c.t("conflicts.comment.hide"), icon=":material/visibility_off:"):
                _hide_form(c, cm)


def _fields(c, form, initial: dict, label: str) -> tuple[dict, bool]:
    body = st.text_area(c.t("conflicts.comment.body"), value=initial.get("body", ""), key=form.key("body"))
    left, right = st.columns([1, 2])
    stance = left.selectbox(
        c.t("conflicts.comment.stance"),
        STANCES,
        key=form.key("stance"),
        index=STANCES.index(initial.get("stance") or "support"),
        format_func=lambda s: c.t(f"stance.{s}"),
    )
    reason = right.text_input(
        c.t("conflicts.comment.reason"), value=initial.get("reason", ""), key=form.key("reason")
    )
    interest = st.text_input(
        c.t("conflicts.comment.interest"),
        value=initial.get("interest_declared", ""),
        key=form.key("interest"),
    )
    submitted = st.form_submit_button(c.t(label), type="primary", key=f"{form.form_key}_submit")
    return {"body": body, "stance": stance, "reason": reason, "interest_declared": interest}, submitted


def _new_comment(c, d, parent_id: int | None) -> None:
    """A new comment (parent_id None) or a reply: cleared after it is posted, posted once."""
    name = f"conflict_comment_{d['id']}" if parent_id is None else f"conflict_reply_{parent_id}"
    form = CreateForm(name, border=parent_id is None)
    label = "conflicts.comment.submit" if parent_id is None else "conflicts.comment.reply_submit"
    with form:
        values, submitted = _fields(c, form, {}, label)
    if submitted:
        form.save(
            c,
            worded(
                c,
                lambda session: conflicts.add_comment(
                    session, c.actor, d["id"], parent_id=parent_id, **values
                ),
            ),
            values=values,
            success=c.t("conflicts.comment.done"),
        )


def _edit_comment(c, cm: dict) -> None:
    # Keyed by the comment's id, never its version: a save elsewhere must not rebuild the form and
    # drop the edit; it is refused with who and when, and the form reopens on the newer comment.
    form = EditForm("comment_edit", cm["id"], cm, border=False)
    with form:
        values, submitted = _fields(c, form, form.record, "conflicts.comment.edit_submit")
    if submitted:
        form.save(
            c,
            worded(
                c,
                lambda session, version: conflicts.edit_comment(
                    session, c.actor, cm["id"], expected_version=version, **values
                ),
            ),
            values=values,
            success=c.t("conflicts.comment.done"),
        )


def _hide_form(c, cm: dict) -> None:
    form = EditForm("comment_hide", cm["id"], cm, border=False)
    with form:
        reason = st.text_input(c.t("conflicts.comment.hide_reason"), key=form.key("reason"))
        submitted = st.form_submit_button(c.t("conflicts.comment.hide_submit"), key=f"{form.form_key}_submit")
    if submitted:
        form.save(
            c,
            worded(
                c,
                lambda session, version: conflicts.hide_comment(
                    session, c.actor, cm["id"], expected_version=version, reason=reason
                ),
            ),
            values={"reason": reason},
            success=c.t("conflicts.comment.hidden_done"),
        )
