"""One project: facts, participants and acceptance, funding, milestones, progress, linked
conflicts, history; for the secretariat the workflow, edits and the cost-sharing calculator."""

from __future__ import annotations

SPEC = dict(
    url_path="project",
    title_key="projects.nav_detail",
    icon=":material/description:",
    roles=("secretariat", "province_rep", "expert", "observer"),
    section="nav.section.council",
    order=11,
)

OPEN_KEY = "project_open"
_FIELD_LABELS = {
    "total_investment": "projects.form.investment",
    "length_km": "projects.form.length",
    "provinces": "projects.form.provinces",
    "cost_share_pct": "projects.detail.share",
    "progress_physical": "projects.detail.physical",
    "progress_disbursed": "projects.detail.disbursed",
    "role": "projects.detail.role",
    "source": "projects.detail.source_col",
    "year": "projects.detail.year",
    "planned_amount": "projects.detail.planned_amount",
    "actual_amount": "projects.detail.actual_amount",
    "title": "projects.detail.ms_title",
    "method": "projects.cost.adopt",
}


def open_project(project_id: int) -> None:
    """Show ``project_id`` on the detail page."""
    import streamlit as st

    st.session_state[OPEN_KEY] = project_id
    st.session_state["project_pick"] = project_id
    st.switch_page(st.Page(render, url_path=SPEC["url_path"]))


def error_text(c, exc) -> str:
    """A validation message led by the label of the field it is about."""
    from council.i18n import CATALOGS, fmt_number

    params = {k: fmt_number(v, c.lang, 2) if isinstance(v, float) else v for k, v in exc.params.items()}
    if exc.key == "projects.error.transition":
        params.update(frm=c.t(f"pstatus.{params['frm']}"), to=c.t(f"pstatus.{params['to']}"))
    message = c.t(exc.key, **params)
    field = getattr(exc, "field", "")
    key = _FIELD_LABELS.get(field, f"projects.form.{field}")
    return f"{c.t(key)}: {message}" if field and key in CATALOGS["vi"] else message


def render() -> None:
    import streamlit as st

    from council import projects
    from council.db import read_session
    from council.ui.context import ctx
    from council.ui.records import council_decisions

    c = ctx()
    with read_session(c.engine) as session:
        rows = projects.project_choices(session)
    if not rows:
        st.title(c.t("projects.nav_detail"))
        st.info(c.t("projects.detail.none"))
        return
    ids = [r["id"] for r in rows]
    names = {r["id"]: f"{r['code']} · {r['name_vi']}" for r in rows}
    _open_from_link(st, c, ids)
    wanted = st.session_state.get(OPEN_KEY)
    pid = st.selectbox(
        c.t("projects.detail.pick"),
        ids,
        index=ids.index(wanted) if wanted in ids else 0,
        format_func=names.get,
        key="project_pick",
    )
    st.session_state[OPEN_KEY] = pid
    with read_session(c.engine) as session:
        d = projects.project_detail(session, pid)
    # The version the forms below were opened with: kept until a save succeeds or the user reloads,
    # so a save after someone else's change is refused instead of overwriting it.
    vkey = f"project_version_{pid}"
    st.session_state.setdefault(vkey, d["version"])
    _header(st, c, d)
    _participants(st, c, d)
    left, right = st.columns(2)
    with left:
        _funding(st, c, d)
    with right:
        _milestones(st, c, d)
    _conflicts(st, c, d)
    council_decisions(c, "project", pid, key="project_decision")
    if c.actor.role == "secretariat":
        st.divider()
        _secretariat(st, c, d, vkey)
    _history(st, c, d)


def _open_from_link(st, c, ids: list[int]) -> None:
    """A link such as ?project=12 opens that project once; a wrong id is said, not raised."""
    from council.ui.records import parse_id, shown_param, take_query_param

    raw = take_query_param("project")
    if raw is None:
        return
    pid = parse_id(raw)
    if pid in ids:
        st.session_state[OPEN_KEY] = pid
        st.session_state["project_pick"] = pid
    else:
        st.warning(c.t("records.project_not_found", ident=shown_param(raw)), icon=":material/link_off:")


def _header(st, c, d) -> None:
    from council.i18n import fmt_date, fmt_number

    st.title(f"{d['code']} · {d['name_en'] if c.lang == 'en' and d['name_en'] else d['name_vi']}")
    if d["late"]:
        st.warning(c.t(f"projects.late.{d['late']}"), icon=":material/schedule:")

    def period(start, end) -> str:
        return (
            "—" if start is None and end is None else f"{fmt_date(start, c.lang)} – {fmt_date(end, c.lang)}"
        )

    facts = [
        ("projects.col.status", c.t(f"pstatus.{d['status']}")),
        ("projects.col.type", c.t(f"ptype.{d['type']}")),
        ("projects.col.investment", fmt_number(d["total_investment"], c.lang, 0)),
        ("projects.detail.length", fmt_number(d["length_km"], c.lang)),
        ("projects.col.lead", d["lead"]["name_vi"] if d["lead"] else "—"),
        ("projects.detail.planned", period(d["planned_start"], d["planned_end"])),
        ("projects.detail.actual", period(d["actual_start"], d["actual_end"])),
        ("projects.detail.physical", f"{fmt_number(d['progress_physical'], c.lang)} %"),
    ]
    for i in range(0, len(facts), 4):
        for col, (key, value) in zip(st.columns(4), facts[i : i + 4], strict=False):
            col.caption(c.t(key))
            col.markdown(f"**{value}**")
    if d["expected_progress"] is not None:
        st.caption(c.t("projects.detail.expected", value=fmt_number(d["expected_progress"], c.lang, 0)))
    st.progress(
        min(1.0, (d["progress_disbursed"] or 0) / 100),
        text=f"{c.t('projects.detail.disbursed')}: {fmt_number(d['progress_disbursed'], c.lang)} %",
    )
    for key, value in (
        ("projects.detail.status_note", d["status_note"]),
        ("projects.detail.investment_note", d["investment_note"]),
    ):
        if value:
            st.markdown(f"**{c.t(key)}:** {value}")
    if d["source_url"]:
        links = " · ".join(
            f"[{i + 1}]({u.strip()})" for i, u in enumerate(d["source_url"].split(" ; ")) if u.strip()
        )
        st.caption(f"{c.t('projects.detail.source')}: {links}")
    if d["proposed_by_id"]:
        st.caption(c.t("projects.detail.proposed_by"))


def _participants(st, c, d) -> None:
    import pandas as pd

    from council import projects
    from council.db import write_session
    from council.errors import CouncilError
    from council.i18n import fmt_date, fmt_number

    st.subheader(c.t("projects.detail.participants"))
    members = d["participants"]
    st.dataframe(
        pd.DataFrame(
            [
                {
                    c.t("projects.cost.province"): m["name_vi"],
                    c.t("projects.detail.role"): c.t(f"prole.{m['role']}"),
                    c.t("projects.detail.share"): fmt_number(m["cost_share_pct"], c.lang, 2),
                    c.t("projects.detail.km"): fmt_number(m["length_km"], c.lang),
                    c.t("projects.detail.accepted"): c.t(
                        "projects.detail.accepted_at", at=fmt_date(m["accepted_at"], c.lang)
                    )
                    if m["accepted_at"]
                    else ("—" if m["cost_share_pct"] is None else c.t("projects.detail.not_accepted")),
                }
                for m in members
            ]
        ),
        hide_index=True,
        key="project_participants",
    )
    if not d["has_shares"]:
        st.info(c.t("projects.detail.no_shares"))
        return
    missing = [m["name_vi"] for m in members if m["accepted_at"] is None]
    if missing:
        st.markdown(
            c.t(
                "projects.cost.acceptance",
                done=len(members) - len(missing),
                total=len(members),
                missing=", ".join(missing),
            )
        )
    else:
        st.success(c.t("projects.cost.all_accepted", total=len(members)))
    mine = [
        m
        for m in members
        if m["accepted_at"] is None
        and (c.actor.role == "secretariat" or m["province_id"] == c.actor.province_id)
    ]
    if c.actor.role not in ("secretariat", "province_rep"):
        return
    # The version whose split the previous run showed (the one the user clicked on), then this
    # run's: an acceptance of a split that moved in between is refused, and the new split shown.
    seen_key = f"project_split_seen_{d['id']}"
    seen = st.session_state.get(seen_key, d["version"])
    st.session_state[seen_key] = d["version"]
    for m in mine:
        if st.button(
            c.t("projects.cost.accept", province=m["name_vi"]), key=f"project_accept_{m['province_id']}"
        ):
            try:
                with write_session(c.engine) as session:
                    projects.accept_share(session, c.actor, d["id"], m["province_id"], expected_version=seen)
            except CouncilError as exc:
                st.error(error_text(c, exc))
            else:
                _forget(st, d["id"])
                st.toast(c.t("projects.cost.accepted", province=m["name_vi"]))
                st.rerun()


def _funding(st, c, d) -> None:
    import pandas as pd

    from council.i18n import fmt_number

    st.subheader(c.t("projects.detail.funding"))
    if not d["funding_lines"]:
        st.caption(c.t("projects.detail.no_funding"))
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    c.t("projects.detail.source_col"): c.t(f"funding.{f['source']}"),
                    c.t("projects.detail.year"): str(f["year"] or "—"),
                    c.t("projects.detail.planned_amount"): fmt_number(f["planned_amount"], c.lang),
                    c.t("projects.detail.actual_amount"): fmt_number(f["actual_amount"], c.lang),
                }
                for f in d["funding_lines"]
            ]
        ),
        hide_index=True,
        key="project_funding",
    )


def _milestones(st, c, d) -> None:
    import pandas as pd

    from council.i18n import fmt_date

    st.subheader(c.t("projects.detail.milestones"))
    if not d["milestones"]:
        st.caption(c.t("projects.detail.no_milestones"))
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    c.t("projects.detail.ms_title"): m["title"],
                    c.t("projects.detail.ms_due"): fmt_date(m["due_date"], c.lang),
                    c.t("projects.detail.ms_done"): fmt_date(m["done_date"], c.lang),
                }
                for m in d["milestones"]
            ]
        ),
        hide_index=True,
        key="project_milestones",
    )


def _conflicts(st, c, d) -> None:
    st.subheader(c.t("projects.detail.conflicts"))
    if not d["conflicts"]:
        st.caption(c.t("projects.detail.no_conflicts"))
        return
    for x in d["conflicts"]:
        status, severity = c.t("cstatus." + x["status"]), c.t("severity." + x["severity"])
        st.markdown(f"- **{x['code']}** · {x['title']} — {status}, {severity}")


def _history(st, c, d) -> None:
    import pandas as pd

    from council.i18n import fmt_date

    with st.expander(c.t("projects.detail.history")):
        if not d["history"]:
            st.caption(c.t("projects.detail.no_history"))
            return
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        c.t("projects.detail.when"): fmt_date(h["at"], c.lang),
                        c.t("projects.detail.who"): h["actor"],
                        c.t("projects.detail.what"): h["action"] + (f" ({h['note']})" if h["note"] else ""),
                        c.t("projects.detail.fields"): ", ".join(h["changed"]),
                    }
                    for h in d["history"]
                ]
            ),
            hide_index=True,
            key="project_history",
        )


def _forget(st, pid: int) -> None:
    """Drop the opened version and the forms' typed values, so the next run shows the record as it is now."""
    for key in list(st.session_state):
        if key == f"project_version_{pid}" or (key.startswith("project_") and key.endswith(f"_{pid}")):
            del st.session_state[key]


def _run(st, c, d, action, success: str) -> None:
    """Run one write; on success reload the page with fresh forms. A stale save is refused,
    shows who changed the project and what, and the forms reload on the next run."""
    from council.db import write_session
    from council.errors import CouncilError, StaleEdit, ValidationError
    from council.ui.context import show_error

    try:
        with write_session(c.engine) as session:
            action(session)
    except ValidationError as exc:
        st.error(error_text(c, exc))
        return
    except StaleEdit as exc:
        show_error(exc, c.lang)
        if d["history"]:
            last = d["history"][0]
            st.caption(
                c.t("projects.stale_change", who=last["actor"], fields=", ".join(last["changed"]) or "—")
            )
        _forget(st, d["id"])
        return
    except CouncilError as exc:
        show_error(exc, c.lang)
        return
    _forget(st, d["id"])
    st.session_state["project_flash"] = success
    st.rerun()


def _secretariat(st, c, d, vkey) -> None:
    flash = st.session_state.pop("project_flash", None)
    if flash:
        st.success(flash)
    # One form at a time (tabs built all six on every rerun).
    forms = {
        "workflow": (c.t("projects.workflow"), _workflow),
        "edit": (c.t("projects.edit"), _edit),
        "cost": (c.t("projects.cost.title"), _cost_sharing),
        "progress": (c.t("projects.detail.progress"), _progress_form),
        "funding": (c.t("projects.detail.funding"), _funding_form),
        "milestones": (c.t("projects.detail.milestones"), _milestone_form),
    }
    chosen = st.segmented_control(
        c.t("projects.detail.action"),
        list(forms),
        default="workflow",
        key="project_action",
        format_func=lambda k: forms[k][0],
    )
    forms[chosen or "workflow"][1](st, c, d, vkey)


def _workflow(st, c, d, vkey) -> None:
    from council import projects

    if not d["allowed_transitions"]:
        st.caption(c.t("projects.workflow.none", status=c.t(f"pstatus.{d['status']}")))
        return
    with st.form(f"project_workflow_{d['id']}"):
        to = st.selectbox(
            c.t("projects.workflow.to"),
            d["allowed_transitions"],
            format_func=lambda s: c.t(f"pstatus.{s}"),
            key=f"project_to_{d['id']}",
        )
        note = st.text_input(c.t("projects.workflow.note"), key=f"project_to_note_{d['id']}")
        if st.form_submit_button(c.t("projects.workflow.submit"), type="primary"):
            _run(
                st,
                c,
                d,
                lambda s: projects.transition(s, c.actor, d["id"], st.session_state[vkey], to, note),
                c.t("projects.workflow.done", status=c.t(f"pstatus.{to}")),
            )


def _edit(st, c, d, vkey) -> None:
    import pandas as pd

    from council import projects
    from council.db import read_session
    from council.models import PARTICIPANT_ROLES, PROJECT_TYPES
    from council.projects import Participant, ProjectInput

    with read_session(c.engine) as session:
        provinces = projects.province_choices(session)
    by_name = {p["name_vi"]: p["id"] for p in provinces}
    role_of = {c.t(f"prole.{r}"): r for r in PARTICIPANT_ROLES}
    pid = d["id"]
    with st.form(f"project_edit_{pid}"):
        a, b = st.columns([1, 3])
        code = a.text_input(c.t("projects.form.code"), value=d["code"], key=f"project_edit_code_{pid}")
        name_vi = b.text_input(
            c.t("projects.form.name_vi"), value=d["name_vi"], key=f"project_edit_name_vi_{pid}"
        )
        name_en = st.text_input(
            c.t("projects.form.name_en"), value=d["name_en"], key=f"project_edit_name_en_{pid}"
        )
        a, b, e = st.columns(3)
        ptype = a.selectbox(
            c.t("projects.form.type"),
            PROJECT_TYPES,
            index=PROJECT_TYPES.index(d["type"]),
            format_func=lambda x: c.t(f"ptype.{x}"),
            key=f"project_edit_type_{pid}",
        )
        investment = b.number_input(
            c.t("projects.form.investment"),
            value=d["total_investment"],
            step=100.0,
            key=f"project_edit_investment_{pid}",
        )
        length = e.number_input(
            c.t("projects.form.length"), value=d["length_km"], step=1.0, key=f"project_edit_length_{pid}"
        )
        a, b, e, f = st.columns(4)
        dates = {}
        for col, name in zip(
            (a, b, e, f), ("planned_start", "planned_end", "actual_start", "actual_end"), strict=True
        ):
            dates[name] = col.date_input(
                c.t(f"projects.form.{name}"),
                value=d[name],
                format="DD/MM/YYYY",
                key=f"project_edit_{name}_{pid}",
            )
        st.markdown(f"**{c.t('projects.form.edit_shares')}**")
        table = st.data_editor(
            pd.DataFrame(
                [
                    {
                        "province": m["name_vi"],
                        "role": c.t(f"prole.{m['role']}"),
                        "share": m["cost_share_pct"],
                        "km": m["length_km"],
                    }
                    for m in d["participants"]
                ]
            ),
            num_rows="dynamic",
            hide_index=True,
            key=f"project_edit_parts_{pid}",
            column_config={
                "province": st.column_config.SelectboxColumn(
                    c.t("projects.cost.province"), options=list(by_name), required=True
                ),
                "role": st.column_config.SelectboxColumn(
                    c.t("projects.detail.role"),
                    options=list(role_of),
                    required=True,
                    default=c.t("prole.partner"),
                ),
                "share": st.column_config.NumberColumn(c.t("projects.detail.share"), format="%.2f"),
                "km": st.column_config.NumberColumn(c.t("projects.detail.km"), format="%.2f"),
            },
        )
        note = st.text_input(
            c.t("projects.form.investment_note"), value=d["investment_note"], key=f"project_edit_note_{pid}"
        )
        status_note = st.text_input(
            c.t("projects.form.status_note"), value=d["status_note"], key=f"project_edit_status_note_{pid}"
        )
        source = st.text_input(
            c.t("projects.form.source_url"), value=d["source_url"], key=f"project_edit_src_{pid}"
        )
        if st.form_submit_button(c.t("projects.edit.save"), type="primary"):
            parts = [
                Participant(
                    province_id=by_name[r["province"]],
                    role=role_of.get(r["role"], "partner"),
                    cost_share_pct=_num(r["share"]),
                    length_km=_num(r["km"]),
                )
                for r in table.to_dict("records")
                if r.get("province") in by_name
            ]
            data = ProjectInput(
                code=code,
                name_vi=name_vi,
                name_en=name_en,
                type=ptype,
                total_investment=investment,
                length_km=length,
                investment_note=note,
                status_note=status_note,
                source_url=source,
                progress_physical=d["progress_physical"],
                progress_disbursed=d["progress_disbursed"],
                cross_province_after_2025=d["cross_province_after_2025"],
                participants=parts,
                **dates,
            )
            _run(
                st,
                c,
                d,
                lambda s: projects.update_project(s, c.actor, pid, st.session_state[vkey], data),
                c.t("projects.edit.saved", code=code),
            )


def _num(value) -> float | None:
    import math

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def _cost_sharing(st, c, d, vkey) -> None:
    import pandas as pd

    from council import costshare, projects
    from council.db import read_session
    from council.i18n import fmt_number

    with read_session(c.engine) as session:
        cmp = costshare.compare(session, d["id"])
    st.caption(c.t("projects.cost.help"))
    if cmp["total_investment"] is None:
        st.info(c.t("projects.cost.no_total"))
    formulas = cmp["formulas"]
    table = []
    for p in cmp["participants"]:
        row = {c.t("projects.cost.province"): p["name"]}
        for m, f in formulas.items():
            if not f["available"]:
                continue
            label = c.t(f"projects.method.{m}")
            row[f"{label} (%)"] = fmt_number(f["pct"][p["province_id"]], c.lang, 2)
            if f["amounts"] is not None:
                row[f"{label} ({c.t('projects.dash.amount')})"] = fmt_number(
                    f["amounts"][p["province_id"]], c.lang, 2
                )
        table.append(row)
    st.dataframe(pd.DataFrame(table), hide_index=True, key="project_cost_table")
    for m, f in formulas.items():
        if not f["available"]:
            st.caption(
                c.t(
                    "projects.cost.unavailable",
                    method=c.t(f"projects.method.{m}"),
                    reason=c.t(f["reason"], missing=", ".join(f["missing"])),
                )
            )
    grdp = formulas["grdp"]
    if grdp["available"]:
        st.caption(
            c.t("projects.method.grdp")
            + ": "
            + ", ".join(
                f"{p['name']} {c.t('projects.cost.grdp_year', year=p['grdp_year'])}"
                for p in cmp["participants"]
            )
        )
    usable = [m for m, f in formulas.items() if f["available"] and m != "negotiated"]
    if not usable:
        return
    with st.form(f"project_adopt_{d['id']}"):
        method = st.selectbox(
            c.t("projects.cost.adopt"),
            usable,
            format_func=lambda m: c.t(f"projects.method.{m}"),
            key=f"project_adopt_method_{d['id']}",
        )
        if st.form_submit_button(c.t("projects.cost.adopt_submit")):
            _run(
                st,
                c,
                d,
                lambda s: projects.adopt_formula(s, c.actor, d["id"], st.session_state[vkey], method),
                c.t("projects.cost.adopted", method=c.t(f"projects.method.{method}")),
            )


def _progress_form(st, c, d, vkey) -> None:
    from council import projects

    with st.form(f"project_progress_{d['id']}"):
        a, b = st.columns(2)
        physical = a.number_input(
            c.t("projects.detail.physical"),
            value=float(d["progress_physical"]),
            step=1.0,
            key=f"project_physical_{d['id']}",
        )
        disbursed = b.number_input(
            c.t("projects.detail.disbursed"),
            value=float(d["progress_disbursed"]),
            step=1.0,
            key=f"project_disbursed_{d['id']}",
        )
        if st.form_submit_button(c.t("projects.progress.save")):
            _run(
                st,
                c,
                d,
                lambda s: projects.set_progress(
                    s, c.actor, d["id"], st.session_state[vkey], physical=physical, disbursed=disbursed
                ),
                c.t("projects.saved"),
            )


def _funding_form(st, c, d, vkey) -> None:
    import pandas as pd

    from council import projects
    from council.models import FUNDING_SOURCES

    with st.form(f"project_funding_form_{d['id']}"):
        table = st.data_editor(
            pd.DataFrame(
                [
                    {k: f[k] for k in ("source", "year", "planned_amount", "actual_amount")}
                    for f in d["funding_lines"]
                ],
                columns=["source", "year", "planned_amount", "actual_amount"],
            ),
            num_rows="dynamic",
            hide_index=True,
            key=f"project_funding_editor_{d['id']}",
            column_config={
                "source": st.column_config.SelectboxColumn(
                    c.t("projects.detail.source_col"), options=list(FUNDING_SOURCES), required=True
                ),
                "year": st.column_config.NumberColumn(c.t("projects.detail.year"), format="%d", step=1),
                "planned_amount": st.column_config.NumberColumn(c.t("projects.detail.planned_amount")),
                "actual_amount": st.column_config.NumberColumn(c.t("projects.detail.actual_amount")),
            },
        )
        if st.form_submit_button(c.t("projects.funding.save")):
            lines = [
                {
                    "source": r["source"],
                    "year": None if _num(r["year"]) is None else int(r["year"]),
                    "planned_amount": _num(r["planned_amount"]),
                    "actual_amount": _num(r["actual_amount"]),
                }
                for r in table.to_dict("records")
                if r.get("source")
            ]
            _run(
                st,
                c,
                d,
                lambda s: projects.set_funding_lines(s, c.actor, d["id"], st.session_state[vkey], lines),
                c.t("projects.saved"),
            )


def _milestone_form(st, c, d, vkey) -> None:
    import pandas as pd

    from council import projects

    with st.form(f"project_milestone_form_{d['id']}"):
        table = st.data_editor(
            pd.DataFrame(
                [{k: m[k] for k in ("title", "due_date", "done_date")} for m in d["milestones"]],
                columns=["title", "due_date", "done_date"],
            ),
            num_rows="dynamic",
            hide_index=True,
            key=f"project_milestone_editor_{d['id']}",
            column_config={
                "title": st.column_config.TextColumn(c.t("projects.detail.ms_title"), required=True),
                "due_date": st.column_config.DateColumn(c.t("projects.detail.ms_due"), format="DD/MM/YYYY"),
                "done_date": st.column_config.DateColumn(c.t("projects.detail.ms_done"), format="DD/MM/YYYY"),
            },
        )
        if st.form_submit_button(c.t("projects.milestones.save")):
            items = [
                {"title": r["title"], "due_date": _day(r["due_date"]), "done_date": _day(r["done_date"])}
                for r in table.to_dict("records")
                if r.get("title")
            ]
            _run(
                st,
                c,
                d,
                lambda s: projects.set_milestones(s, c.actor, d["id"], st.session_state[vkey], items),
                c.t("projects.saved"),
            )


def _day(value):
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()
