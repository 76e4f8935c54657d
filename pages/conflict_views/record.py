"""The forms on a conflict itself: record (open), edit, move along the workflow."""

from __future__ import annotations

import streamlit as st

from council import conflicts
from council.conflicts import CONFLICT_TYPES, SEVERITIES
from council.regions import list_provinces
from council.ui.forms import EditForm
from council.ui.live import LiveCreateForm, LiveEditForm
from pages.conflict_views.common import worded


def choices(c) -> tuple[list[dict], list[dict], list[dict]]:
    """Provinces, projects and secretariat users offered by the record forms."""
    return (
        c.read(list_provinces),
        c.read(conflicts.project_choices),
        c.read(conflicts.secretariat_users),
    )


def _fields(c, form, provinces: list[dict], projects: list[dict], owners: list[dict], initial: dict) -> dict:
    """The inputs shared by the open and edit forms; returns the values as service arguments."""
    pname = {p["id"]: p["name_vi"] for p in provinces}
    title = st.text_input(
        c.t("conflicts.form.title"), value=initial.get("title", ""), key=form.key("title"), max_chars=200
    )
    left, right = st.columns(2)
    ctype = left.selectbox(
        c.t("conflicts.form.type"),
        CONFLICT_TYPES,
        key=form.key("type"),
        index=CONFLICT_TYPES.index(initial.get("type", "other")),
        format_func=lambda v: c.t(f"ctype.{v}"),
    )
    severity = right.selectbox(
        c.t("conflicts.form.severity"),
        SEVERITIES,
        key=form.key("severity"),
        index=SEVERITIES.index(initial.get("severity", "medium")),
        format_func=lambda v: c.t(f"severity.{v}"),
    )
    description = st.text_area(
        c.t("conflicts.form.description"), value=initial.get("description", ""), key=form.key("description")
    )
    party_ids = st.multiselect(
        c.t("conflicts.form.parties"),
        list(pname),
        default=initial.get("party_ids", []),
        format_func=pname.get,
        key=form.key("parties"),
        placeholder=c.t("conflicts.form.choose"),
    )
    positions = initial.get("positions", {})
    parties = [
        {
            "province_id": pid,
            "position": st.text_area(
                c.t("conflicts.form.position", province=pname[pid]),
                value=positions.get(pid, ""),
                key=form.key(f"position_{pid}"),
                height=80,
            ),
        }
        for pid in party_ids
    ]
    by_project = {p["id"]: f"{p['code']} — {p['name_vi']}" for p in projects}
    project_ids = st.multiselect(
        c.t("conflicts.form.projects"),
        list(by_project),
        format_func=by_project.get,
        default=initial.get("project_ids", []),
        key=form.key("projects"),
        placeholder=c.t("conflicts.form.choose"),
    )
    left, right = st.columns(2)
    has_due = left.checkbox(
        c.t("conflicts.form.has_due"), value=initial.get("due_on") is not None, key=form.key("has_due")
    )
    due_on = left.date_input(
        c.t("conflicts.form.due_on"),
        value=initial.get("due_on"),
        key=form.key("due_on"),
        format="DD/MM/YYYY",
        disabled=not has_due,
    )
    values = {
        "title": title,
        "type": ctype,
        "severity": severity,
        "description": description,
        "parties": parties,
        "project_ids": project_ids,
        "due_on": due_on if has_due else None,
    }
    if has_due and due_on is None:  # "set a due date" ticked: the date is required
        values["_due_missing"] = c.t("conflicts.form.due_on")
    if c.can("conflict.edit"):  # who may edit a conflict also names its owner
        owner_names = {o["id"]: o["name"] for o in owners}
        options = [None, *owner_names]
        values["owner_id"] = right.selectbox(
            c.t("conflicts.form.owner"),
            options,
            key=form.key("owner"),
            index=options.index(initial.get("owner_id")) if initial.get("owner_id") in options else 0,
            format_func=lambda i: c.t("conflicts.form.no_owner") if i is None else owner_names[i],
        )
    return values


def _checked(values: dict) -> dict:
    """The values for the service; a ticked due date left empty is refused naming the field."""
    from council.errors import ValidationError

    if "_due_missing" in values:
        raise ValidationError("error.required", field=values["_due_missing"])
    return values


def open_form(c) -> None:
    provinces, projects, owners = choices(c)
    if not c.can("conflict.open"):  # only where their own province is a party
        st.info(c.t("conflicts.form.rep_hint"))
    initial = {
        "party_ids": [c.actor.province_id] if c.actor.province_id else [],
        "owner_id": c.actor.id if c.can("conflict.edit") else None,
    }
    form = LiveCreateForm("conflict_open", prefix="conflicts_new")
    with form:
        values = _fields(c, form, provinces, projects, owners, initial)
        # A conflict may have been raised (by letter, at a meeting) before it is recorded here.
        today = conflicts.local_today()
        values["opened_on"] = st.date_input(
            c.t("conflicts.form.opened_on"),
            value=today,
            format="DD/MM/YYYY",
            max_value=today,
            key=form.key("opened_on"),
        )
        submitted = st.button(c.t("conflicts.form.submit"), type="primary", key="conflicts_new_submit")
    if submitted:
        form.save(
            c,
            worded(c, lambda session: conflicts.open_conflict(session, c.actor, **_checked(values))),
            values=values,
            success=lambda opened: c.t("conflicts.form.done", code=opened["code"]),
            # The next run shows the new conflict.
            on_success=lambda opened: st.session_state.update(conflicts_goto=opened["id"]),
        )


def edit_form(c, d: dict, provinces, projects, owners) -> None:
    # Opened now or kept from when it was opened: a save after someone else's is refused with who
    # and when, and the form reopens on their version. Widgets are keyed by the conflict's id.
    # The edit and move forms share what they were opened with: a save through either reopens both.
    form = LiveEditForm(
        "conflict_edit", d["id"], d, prefix="conflicts_edit", group=f"conflict_{d['id']}", border=False
    )
    r = form.record
    initial = {
        "title": r["title"],
        "type": r["type"],
        "severity": r["severity"],
        "description": r["description"],
        "party_ids": [p["province_id"] for p in r["parties"]],
        "positions": {p["province_id"]: p["position"] for p in r["parties"]},
        "project_ids": [p["id"] for p in r["projects"]],
        "due_on": r["due_on"],
        "owner_id": r["owner_id"],
    }
    with form:
        values = _fields(c, form, provinces, projects, owners, initial)
        submitted = st.button(c.t("conflicts.edit.submit"), key=f"conflicts_edit_{d['id']}_submit")
    if submitted:
        form.save(
            c,
            worded(
                c,
                lambda session, version: (
                    _checked(values)
                    and conflicts.edit_conflict(session, c.actor, d["id"], expected_version=version, **values)
                ),
            ),
            values=values,
            success=c.t("conflicts.edit.done"),
        )


def transition_form(c, d: dict) -> None:
    st.markdown(f"#### {c.t('conflicts.transition.title')}")
    form = EditForm("conflict_move", d["id"], d, prefix="conflicts_tr", group=f"conflict_{d['id']}")
    if not form.record["next_statuses"]:
        st.caption(c.t("conflicts.transition.none"))
        return
    with form:
        to = st.selectbox(
            c.t("conflicts.transition.to"),
            form.record["next_statuses"],
            key=form.key("to"),
            format_func=lambda s: c.t(f"cstatus.{s}"),
        )
        note = st.text_area(c.t("conflicts.transition.note"), key=form.key("note"))
        submitted = st.form_submit_button(
            c.t("conflicts.transition.submit"), type="primary", key=f"conflicts_tr_{d['id']}_submit"
        )
    if submitted:
        form.save(
            c,
            worded(
                c,
                lambda session, version: conflicts.transition(
                    session, c.actor, d["id"], to_status=to, expected_version=version, note=note
                ),
            ),
            values={"to": to, "note": note},
            success=c.t("conflicts.transition.done", status=c.t(f"cstatus.{to}")),
        )
