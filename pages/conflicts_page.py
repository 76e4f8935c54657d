"""Conflicts between localities: board by status, filtered list, dashboard, detail with the
comment thread, and the forms to record, move, edit, comment, reply and hide."""

from __future__ import annotations

SPEC = dict(
    url_path="conflicts",
    title_key="conflicts.nav",
    icon=":material/gavel:",
    section="nav.section.council",
    order=30,
)

VIEWS = ("board", "table", "dashboard", "detail", "open")
SEVERITY_COLOURS = {"low": "gray", "medium": "blue", "high": "orange", "critical": "red"}
STANCE_COLOURS = {"support": "green", "oppose": "red", "conditional": "orange", "information": "blue"}


# Cards per board column; the rest of a long column is counted, and listed in the table view.
BOARD_LIMIT = 12


def render() -> None:
    import streamlit as st

    from council import conflicts
    from council.db import read_session
    from council.models import CONFLICT_STATUSES, CONFLICT_TYPES, SEVERITIES
    from council.regions import list_provinces
    from council.ui.cache import cached
    from council.ui.context import ctx

    c = ctx()
    st.title(c.t("conflicts.title"))
    st.caption(c.t("conflicts.intro"))
    _select_from_query(c)
    if st.session_state.get("conflicts_goto") is not None:
        _select(st.session_state.pop("conflicts_goto"))
    views = [v for v in VIEWS if v != "open" or c.actor.role in ("secretariat", "province_rep")]
    if st.session_state.get("conflicts_view") not in views:
        st.session_state["conflicts_view"] = "board"
    view = st.radio(
        c.t("conflicts.title"),
        views,
        horizontal=True,
        key="conflicts_view",
        label_visibility="collapsed",
        format_func=lambda v: c.t(f"conflicts.tab.{v}"),
    )
    if view == "open":
        _open_form(c)
        return

    with read_session(c.engine) as session:
        region_provinces = list_provinces(session, c.region_id)
    names = {p["id"]: p["name_vi"] for p in region_provinces}
    f = st.columns([3, 2, 2, 2, 2])
    search = f[0].text_input(c.t("conflicts.filter.search"), key="conflicts_f_search")
    province = f[1].selectbox(
        c.t("conflicts.filter.province"),
        [None, *names],
        key="conflicts_f_province",
        format_func=lambda i: c.t("common.all") if i is None else names[i],
    )
    ctype = f[2].selectbox(
        c.t("conflicts.filter.type"),
        [None, *CONFLICT_TYPES],
        key="conflicts_f_type",
        format_func=lambda v: c.t("common.all") if v is None else c.t(f"ctype.{v}"),
    )
    severity = f[3].selectbox(
        c.t("conflicts.filter.severity"),
        [None, *SEVERITIES],
        key="conflicts_f_severity",
        format_func=lambda v: c.t("common.all") if v is None else c.t(f"severity.{v}"),
    )
    status = f[4].selectbox(
        c.t("conflicts.filter.status"),
        [None, *CONFLICT_STATUSES],
        key="conflicts_f_status",
        format_func=lambda v: c.t("common.all") if v is None else c.t(f"cstatus.{v}"),
    )
    overdue_only = st.checkbox(c.t("conflicts.filter.overdue"), key="conflicts_f_overdue")
    filters = dict(
        region_id=c.region_id,
        province_id=province,
        type=ctype,
        severity=severity,
        status=status,
        overdue=True if overdue_only else None,
        search=search,
    )
    rows = cached(c.engine, conflicts.list_conflicts, **filters)
    if view == "detail":
        _detail(c, rows)
        return
    if not rows:
        filtered = any((search, province, ctype, severity, status, overdue_only))
        st.info(c.t("conflicts.empty_filtered" if filtered else "conflicts.empty"))
        return
    if view == "dashboard":  # counted in SQL, once per data version
        _dashboard(c, cached(c.engine, conflicts.tiles, provinces=names, **filters))
        return
    {"board": _board, "table": _table}[view](c, rows, names)


# --- helpers ------------------------------------------------------------------------


def _show(c, exc) -> None:
    """show_error, with field names and status codes put into the reader's words."""
    from council.i18n import code_label
    from council.ui.context import show_error

    params = exc.params
    label = c.t(f"conflicts.field.{params.get('field')}")
    if params.get("field") and not label.startswith("conflicts.field."):
        params["field"] = label
    for key in ("src", "dst"):
        if key in params:
            params[key] = code_label("cstatus", params[key], c.lang)
    show_error(exc, c.lang)


def _select(conflict_id: int) -> None:
    import streamlit as st

    st.session_state["conflicts_pick"] = conflict_id
    st.session_state["conflicts_view"] = "detail"


def _select_from_query(c) -> None:
    """A link such as ?conflict=C-2026-001 (from the register, meetings, my province) opens that
    conflict once per arrival; an unknown code is said, not raised."""
    import streamlit as st

    from council import conflicts
    from council.db import read_session
    from council.ui.records import shown_param, take_query_param

    code = take_query_param("conflict")
    if not code:
        return
    with read_session(c.engine) as session:
        found = conflicts.id_for_code(session, code)
    if found is None:
        st.warning(c.t("records.conflict_not_found", ident=shown_param(code)))
    else:
        _select(found)


def _flash(message: str) -> None:
    import streamlit as st

    st.session_state["conflicts_flash"] = message


def _show_flash() -> None:
    import streamlit as st

    message = st.session_state.pop("conflicts_flash", None)
    if message:
        st.success(message)


def _done(message: str, *clear: str) -> None:
    """After a successful write: forget the form's inputs, keep a message for the next run, rerun."""
    import streamlit as st

    for key in clear:
        st.session_state.pop(key, None)
    _flash(message)
    st.rerun()


# --- list views -------------------------------------------------------------------------


def _board(c, rows, names) -> None:
    import streamlit as st

    from council.conflicts import board
    from council.i18n import fmt_date
    from council.models import CONFLICT_STATUSES
    from council.safe_markdown import safe_markdown

    columns = board(rows)
    for col, status in zip(st.columns(len(CONFLICT_STATUSES)), CONFLICT_STATUSES, strict=True):
        with col:
            st.markdown(f"**{c.t(f'cstatus.{status}')}** ({len(columns[status])})")
            if not columns[status]:
                st.caption(c.t("conflicts.board_empty_column"))
            # Overdue and severe first; past BOARD_LIMIT a column only counts (the table lists all).
            for r in columns[status][:BOARD_LIMIT]:
                with st.container(border=True, key=f"conflicts_card_{r['id']}"):
                    st.markdown(f"**{r['code']}**  \n{safe_markdown(r['title'])}")
                    st.badge(c.t(f"severity.{r['severity']}"), color=SEVERITY_COLOURS[r["severity"]])
                    if r["overdue"]:
                        st.badge(c.t("conflicts.overdue_badge"), icon=":material/schedule:", color="red")
                    st.caption(
                        ", ".join(r["parties"])
                        + " · "
                        + (
                            c.t("conflicts.col.due_on") + " " + fmt_date(r["due_on"], c.lang)
                            if r["due_on"]
                            else c.t("conflicts.age", days=r["age_days"])
                        )
                    )
                    st.button(
                        c.t("conflicts.tab.detail"),
                        key=f"conflicts_open_{r['id']}",
                        on_click=_select,
                        args=(r["id"],),
                    )
            if len(columns[status]) > BOARD_LIMIT:
                st.caption(c.t("conflicts.board_more", n=len(columns[status]) - BOARD_LIMIT))


def _table(c, rows, names) -> None:
    import streamlit as st

    from council.conflicts import export_list_excel, list_frame
    from council.io import XLSX_MIME
    from council.ui.tables import page_of

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


def _dashboard(c, d) -> None:
    import pandas as pd
    import plotly.express as px
    import streamlit as st

    from council.conflicts import AGE_BUCKETS
    from council.ui.charts import show_chart

    m = st.columns(2)
    m[0].metric(c.t("conflicts.open_count"), d["open"])
    m[1].metric(c.t("conflicts.overdue_count"), d["overdue"])
    if not d["open"]:
        st.info(c.t("conflicts.dash.none_open"))
        return
    count = c.t("conflicts.col.count")

    def bar(title: str, labels: list[str], values: list[int], key: str) -> None:
        st.subheader(title)
        frame = pd.DataFrame({"label": labels, count: values})
        fig = px.bar(frame, x=count, y="label", orientation="h", labels={"label": ""})
        fig.update_layout(
            height=60 + 34 * len(labels),
            margin=dict(l=0, r=0, t=10, b=0),
            yaxis=dict(autorange="reversed"),
            xaxis=dict(dtick=1),
        )
        show_chart(fig, key=key)

    by_type = sorted(d["by_type"].items(), key=lambda kv: -kv[1])
    bar(
        c.t("conflicts.dash.by_type"),
        [c.t(f"ctype.{k}") for k, _ in by_type],
        [v for _, v in by_type],
        "conflicts_chart_type",
    )
    bar(
        c.t("conflicts.dash.by_province"),
        list(d["by_province"]),
        list(d["by_province"].values()),
        "conflicts_chart_province",
    )
    from council.figures.maps import value_choropleth
    from council.regions import list_provinces
    from council.ui.cache import cached

    # The same counts on the province boundaries: the region's provinces and every other party.
    provinces = cached(c.engine, list_provinces)
    shown = [p for p in provinces if p["region_id"] == c.region_id or p["name_vi"] in d["by_province"]]
    show_chart(
        value_choropleth(
            {p["code"]: d["by_province"].get(p["name_vi"], 0) for p in shown},
            names={p["code"]: p["name_vi"] for p in shown},
            t=c.t,
            title=c.t("maps.conflicts_per_province"),
            fmt=lambda v: str(int(v)),
            colorscale="Reds",
            height=460,
        ),
        key="conflicts_map_province",
    )
    bar(
        c.t("conflicts.dash.by_age"),
        [c.t(f"conflicts.age.{b}") for _, b in AGE_BUCKETS],
        [d["by_age"][b] for _, b in AGE_BUCKETS],
        "conflicts_chart_age",
    )


# --- record forms -----------------------------------------------------------------------


def _record_fields(
    c, prefix: str, provinces: list[dict], projects: list[dict], owners: list[dict], initial: dict
) -> dict:
    """The inputs shared by the open and edit forms; returns the values as service arguments."""
    import streamlit as st

    from council.models import CONFLICT_TYPES, SEVERITIES

    pname = {p["id"]: p["name_vi"] for p in provinces}
    title = st.text_input(
        c.t("conflicts.form.title"), value=initial.get("title", ""), key=f"{prefix}_title", max_chars=200
    )
    left, right = st.columns(2)
    ctype = left.selectbox(
        c.t("conflicts.form.type"),
        CONFLICT_TYPES,
        key=f"{prefix}_type",
        index=CONFLICT_TYPES.index(initial.get("type", "other")),
        format_func=lambda v: c.t(f"ctype.{v}"),
    )
    severity = right.selectbox(
        c.t("conflicts.form.severity"),
        SEVERITIES,
        key=f"{prefix}_severity",
        index=SEVERITIES.index(initial.get("severity", "medium")),
        format_func=lambda v: c.t(f"severity.{v}"),
    )
    description = st.text_area(
        c.t("conflicts.form.description"), value=initial.get("description", ""), key=f"{prefix}_description"
    )
    party_ids = st.multiselect(
        c.t("conflicts.form.parties"),
        list(pname),
        default=initial.get("party_ids", []),
        format_func=pname.get,
        key=f"{prefix}_parties",
        placeholder=c.t("conflicts.form.choose"),
    )
    positions = initial.get("positions", {})
    parties = [
        {
            "province_id": pid,
            "position": st.text_area(
                c.t("conflicts.form.position", province=pname[pid]),
                value=positions.get(pid, ""),
                key=f"{prefix}_position_{pid}",
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
        key=f"{prefix}_projects",
        placeholder=c.t("conflicts.form.choose"),
    )
    left, right = st.columns(2)
    has_due = left.checkbox(
        c.t("conflicts.form.has_due"), value=initial.get("due_on") is not None, key=f"{prefix}_has_due"
    )
    due_on = left.date_input(
        c.t("conflicts.form.due_on"),
        value=initial.get("due_on"),
        key=f"{prefix}_due_on",
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
    if c.actor.role == "secretariat":
        owner_names = {o["id"]: o["name"] for o in owners}
        options = [None, *owner_names]
        values["owner_id"] = right.selectbox(
            c.t("conflicts.form.owner"),
            options,
            key=f"{prefix}_owner",
            index=options.index(initial.get("owner_id")) if initial.get("owner_id") in options else 0,
            format_func=lambda i: c.t("conflicts.form.no_owner") if i is None else owner_names[i],
        )
    return values


def _open_form(c) -> None:
    import streamlit as st

    from council import conflicts
    from council.db import read_session, write_session
    from council.errors import CouncilError
    from council.regions import list_provinces

    _show_flash()
    with read_session(c.engine) as session:
        provinces = list_provinces(session)
        projects = conflicts.project_choices(session)
        owners = conflicts.secretariat_users(session)
    if c.actor.role == "province_rep":
        st.info(c.t("conflicts.form.rep_hint"))
    initial = {
        "party_ids": [c.actor.province_id] if c.actor.province_id else [],
        "owner_id": c.actor.id if c.actor.role == "secretariat" else None,
    }
    with st.container(border=True):
        values = _record_fields(c, "conflicts_new", provinces, projects, owners, initial)
        # A conflict may have been raised (by letter, at a meeting) before it is recorded here.
        today = conflicts.local_today()
        values["opened_on"] = st.date_input(
            c.t("conflicts.form.opened_on"),
            value=today,
            format="DD/MM/YYYY",
            max_value=today,
            key="conflicts_new_opened_on",
        )
        if st.button(c.t("conflicts.form.submit"), type="primary", key="conflicts_new_submit"):
            try:
                with write_session(c.engine) as session:
                    opened = conflicts.open_conflict(session, c.actor, **values)
            except CouncilError as exc:
                _show(c, exc)
                return
            st.session_state["conflicts_goto"] = opened["id"]
            keys = [k for k in st.session_state if str(k).startswith("conflicts_new_")]
            _done(c.t("conflicts.form.done", code=opened["code"]), *keys)


# --- detail ----------------------------------------------------------------------------


def _detail(c, rows) -> None:
    import pandas as pd
    import streamlit as st

    from council import conflicts
    from council.db import read_session
    from council.errors import NotFound
    from council.i18n import code_label, fmt_date
    from council.regions import list_provinces
    from council.safe_markdown import safe_markdown
    from council.ui.records import council_decisions

    _show_flash()
    ids = [r["id"] for r in rows]
    picked = st.session_state.get("conflicts_pick")
    labels = {r["id"]: f"{r['code']} — {r['title']}" for r in rows}
    if picked is not None and picked not in ids:
        ids.insert(0, picked)
    if not ids:
        st.info(c.t("conflicts.empty"))
        return
    with read_session(c.engine) as session:
        for i in ids:
            if i not in labels:
                d = conflicts.conflict_detail(session, i)
                labels[i] = f"{d['code']} — {d['title']}"
    if picked not in ids:
        st.session_state["conflicts_pick"] = ids[0]
    cid = st.selectbox(c.t("conflicts.detail.pick"), ids, format_func=labels.get, key="conflicts_pick")
    try:
        with read_session(c.engine) as session:
            d = conflicts.conflict_detail(session, cid)
            may_comment = conflicts.can_comment(session, c.actor, cid)
            provinces = list_provinces(session) if c.actor.role == "secretariat" else []
            projects = conflicts.project_choices(session) if c.actor.role == "secretariat" else []
            owners = conflicts.secretariat_users(session) if c.actor.role == "secretariat" else []
    except NotFound as exc:
        _show(c, exc)
        return

    st.subheader(f"{d['code']} — {safe_markdown(d['title'])}")
    badges = st.container(horizontal=True)
    with badges:
        st.badge(c.t(f"cstatus.{d['status']}"), color="violet")
        st.badge(c.t(f"severity.{d['severity']}"), color=SEVERITY_COLOURS[d["severity"]])
        st.badge(c.t(f"ctype.{d['type']}"), color="gray")
        if d["overdue"]:
            st.badge(c.t("conflicts.overdue_badge"), icon=":material/schedule:", color="red")
    m = st.columns(3)
    m[0].metric(c.t("conflicts.col.opened_on"), fmt_date(d["opened_on"], c.lang))
    m[1].metric(c.t("conflicts.col.due_on"), fmt_date(d["due_on"], c.lang))
    m[2].metric(c.t("conflicts.col.age_days"), d["age_days"] if d["age_days"] is not None else "—")
    # Names can be long: a line of text, not a metric that would cut them.
    people = [
        f"**{c.t('conflicts.col.owner')}:** {safe_markdown(d['owner'] or c.t('conflicts.form.no_owner'))}"
    ]
    if d["created_by"]:
        people.append(safe_markdown(c.t("conflicts.detail.opened_by", name=d["created_by"])))
    st.markdown(" · ".join(people))
    if d["description"]:
        st.markdown(safe_markdown(d["description"]))
    if d["resolution_note"]:
        st.markdown(f"**{c.t('conflicts.detail.resolution')}**")
        st.info(safe_markdown(d["resolution_note"]))

    st.markdown(f"#### {c.t('conflicts.detail.parties')}")
    st.dataframe(
        pd.DataFrame(
            [
                {c.t("conflicts.col.province"): p["name_vi"], c.t("conflicts.col.position"): p["position"]}
                for p in d["parties"]
            ]
        ),
        hide_index=True,
        key="conflicts_parties",
    )
    st.markdown(f"#### {c.t('conflicts.detail.projects')}")
    if d["projects"]:
        st.markdown(
            "\n".join(
                f"- **{p['code']}** — {safe_markdown(p['name_vi'])} ({code_label('pstatus', p['status'], c.lang)})"
                for p in d["projects"]
            )
        )
    else:
        st.caption(c.t("conflicts.detail.no_projects"))
    st.markdown(f"#### {c.t('conflicts.detail.timeline')}")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    c.t("conflicts.col.at"): fmt_date(e["at"], c.lang),
                    c.t("conflicts.col.status"): (
                        code_label("cstatus", e["from_status"], c.lang) + " → " if e["from_status"] else ""
                    )
                    + code_label("cstatus", e["to_status"], c.lang),
                    c.t("conflicts.col.actor"): e["actor"],
                    c.t("conflicts.col.note"): e["note"],
                }
                for e in d["timeline"]
            ]
        ),
        hide_index=True,
        key="conflicts_timeline",
    )
    council_decisions(c, "conflict", str(d["id"]), key="conflicts_decision", subheader=False)

    if c.actor.role == "secretariat":
        _transition_form(c, d)
        with st.expander(c.t("conflicts.edit.title"), icon=":material/edit:"):
            _edit_form(c, d, provinces, projects, owners)
    st.download_button(
        c.t("conflicts.export.dossier"),
        conflicts.dossier_html(d, c.lang).encode("utf-8"),
        file_name=f"ho-so-{d['code']}.html",
        mime="text/html",
        key="conflicts_export_dossier",
        icon=":material/description:",
    )
    _thread(c, d, may_comment)


def _transition_form(c, d) -> None:
    import streamlit as st

    from council import conflicts
    from council.db import write_session
    from council.errors import CouncilError

    st.markdown(f"#### {c.t('conflicts.transition.title')}")
    if not d["next_statuses"]:
        st.caption(c.t("conflicts.transition.none"))
        return
    prefix = f"conflicts_tr_{d['id']}"
    with st.form(prefix, border=True):
        to = st.selectbox(
            c.t("conflicts.transition.to"),
            d["next_statuses"],
            key=f"{prefix}_to",
            format_func=lambda s: c.t(f"cstatus.{s}"),
        )
        note = st.text_area(c.t("conflicts.transition.note"), key=f"{prefix}_note")
        submitted = st.form_submit_button(
            c.t("conflicts.transition.submit"), type="primary", key=f"{prefix}_submit"
        )
    if submitted:
        try:
            with write_session(c.engine) as session:
                conflicts.transition(
                    session, c.actor, d["id"], to_status=to, expected_version=d["version"], note=note
                )
        except CouncilError as exc:
            _show(c, exc)
            return
        _done(c.t("conflicts.transition.done", status=c.t(f"cstatus.{to}")), f"{prefix}_to", f"{prefix}_note")


def _edit_form(c, d, provinces, projects, owners) -> None:
    import streamlit as st

    from council import conflicts
    from council.db import write_session
    from council.errors import CouncilError, StaleEdit

    # The version the form was opened with: part of its keys, and the version the save is checked
    # against. Someone else's save since then is refused with who and when (not silently taken over);
    # after any save the form opens again on the new values.
    opened_key = f"conflicts_edit_opened_{d['id']}"
    opened = st.session_state.setdefault(opened_key, d["version"])
    prefix = f"conflicts_edit_{d['id']}_{opened}"
    initial = {
        "title": d["title"],
        "type": d["type"],
        "severity": d["severity"],
        "description": d["description"],
        "party_ids": [p["province_id"] for p in d["parties"]],
        "positions": {p["province_id"]: p["position"] for p in d["parties"]},
        "project_ids": [p["id"] for p in d["projects"]],
        "due_on": d["due_on"],
        "owner_id": d["owner_id"],
    }
    values = _record_fields(c, prefix, provinces, projects, owners, initial)
    if st.button(c.t("conflicts.edit.submit"), key=f"{prefix}_submit"):
        try:
            with write_session(c.engine) as session:
                conflicts.edit_conflict(session, c.actor, d["id"], expected_version=opened, **values)
        except StaleEdit as exc:
            st.session_state.pop(opened_key, None)  # the next run opens the form on their version
            _show(c, exc)
            return
        except CouncilError as exc:
            _show(c, exc)
            return
        _done(c.t("conflicts.edit.done"), opened_key)


# --- comments ----------------------------------------------------------------------------


def _thread(c, d, may_comment: bool) -> None:
    import streamlit as st

    from council.models import STANCES

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
        _comment_form(c, d, f"conflicts_c_{d['id']}", parent_id=None)
    elif c.actor.role == "province_rep":
        st.caption(c.t("conflicts.detail.rep_not_party"))
    else:
        st.caption(c.t("conflicts.detail.read_only"))


def _comment(c, d, cm: dict, may_comment: bool) -> None:
    import streamlit as st

    from council.conflicts import MAX_DEPTH, hidden_placeholder
    from council.i18n import fmt_date
    from council.safe_markdown import safe_markdown

    holder = st.columns([cm["depth"], 24 - cm["depth"]])[1] if cm["depth"] else st.container()
    with holder, st.container(border=True, key=f"conflicts_comment_{cm['id']}"):
        if cm["hidden"]:
            st.caption(safe_markdown(hidden_placeholder(cm, c.lang)))
            return
        edited = (
            f" · _{c.t('conflicts.detail.edited', date=fmt_date(cm['edited_at'], c.lang))}_"
            if cm["edited_at"]
            else ""
        )
        role = c.t(f"role.{cm['author_role']}")
        st.markdown(
            f"**{safe_markdown(cm['author'])}** · {role} · {fmt_date(cm['created_at'], c.lang)}{edited}"
        )
        interests = [x for x in (cm["affiliation"], cm["interest_declared"]) if x]
        if interests:
            st.caption(c.t("conflicts.detail.interest") + ": " + safe_markdown(" · ".join(interests)))
        if cm["possible_interest"]:
            st.caption(
                ":material/warning: "
                + c.t("conflicts.detail.possible_interest", names=", ".join(cm["possible_interest"]))
            )
        st.badge(c.t(f"stance.{cm['stance']}"), color=STANCE_COLOURS[cm["stance"]])
        if cm["reason"]:
            st.markdown(f"*{c.t('conflicts.detail.reason')}:* {safe_markdown(cm['reason'])}")
        st.markdown(safe_markdown(cm["body"]))
        if cm["revisions"]:
            with st.expander(c.t("conflicts.detail.history", n=len(cm["revisions"]))):
                for rev in reversed(cm["revisions"]):
                    when = c.t("conflicts.detail.revision", date=fmt_date(rev["replaced_at"], c.lang))
                    stance = c.t(f"stance.{rev['stance']}") if rev["stance"] else ""
                    st.caption(f"{when} {stance}")
                    st.markdown(safe_markdown(rev["body"]))
                    if rev["reason"]:
                        st.caption(f"{c.t('conflicts.detail.reason')}: {safe_markdown(rev['reason'])}")
        prefix = f"conflicts_c_{d['id']}_{cm['id']}"
        if may_comment and cm["depth"] + 1 < MAX_DEPTH:
            with st.expander(c.t("conflicts.comment.reply"), icon=":material/reply:"):
                _comment_form(c, d, f"{prefix}_reply", parent_id=cm["id"])
        if may_comment and cm["author_id"] == c.actor.id:
            with st.expander(c.t("conflicts.comment.edit"), icon=":material/edit:"):
                _comment_form(c, d, f"{prefix}_edit_{cm['version']}", parent_id=None, editing=cm)
        if c.actor.role == "secretariat":
            with st.expander(c.t("conflicts.comment.hide"), icon=":material/visibility_off:"):
                _hide_form(c, cm, f"{prefix}_hide")


def _comment_form(c, d, prefix: str, parent_id: int | None, editing: dict | None = None) -> None:
    import streamlit as st

    from council import conflicts
    from council.db import write_session
    from council.errors import CouncilError
    from council.models import STANCES

    editing = editing or {}
    with st.form(prefix, border=not editing and parent_id is None):
        body = st.text_area(
            c.t("conflicts.comment.body"), value=editing.get("body", ""), key=f"{prefix}_body"
        )
        left, right = st.columns([1, 2])
        stance = left.selectbox(
            c.t("conflicts.comment.stance"),
            STANCES,
            key=f"{prefix}_stance",
            index=STANCES.index(editing.get("stance") or "support"),
            format_func=lambda s: c.t(f"stance.{s}"),
        )
        reason = right.text_input(
            c.t("conflicts.comment.reason"), value=editing.get("reason", ""), key=f"{prefix}_reason"
        )
        interest = st.text_input(
            c.t("conflicts.comment.interest"),
            value=editing.get("interest_declared", ""),
            key=f"{prefix}_interest",
        )
        label = (
            "conflicts.comment.edit_submit"
            if editing
            else "conflicts.comment.reply_submit"
            if parent_id
            else "conflicts.comment.submit"
        )
        submitted = st.form_submit_button(c.t(label), type="primary", key=f"{prefix}_submit")
    if submitted:
        try:
            with write_session(c.engine) as session:
                if editing:
                    conflicts.edit_comment(
                        session,
                        c.actor,
                        editing["id"],
                        expected_version=editing["version"],
                        body=body,
                        stance=stance,
                        reason=reason,
                        interest_declared=interest,
                    )
                else:
                    conflicts.add_comment(
                        session,
                        c.actor,
                        d["id"],
                        body=body,
                        stance=stance,
                        reason=reason,
                        parent_id=parent_id,
                        interest_declared=interest,
                    )
        except CouncilError as exc:
            _show(c, exc)
            return
        _done(
            c.t("conflicts.comment.done"),
            *(f"{prefix}_{k}" for k in ("body", "stance", "reason", "interest")),
        )


def _hide_form(c, cm: dict, prefix: str) -> None:
    import streamlit as st

    from council import conflicts
    from council.db import write_session
    from council.errors import CouncilError

    with st.form(prefix, border=False):
        reason = st.text_input(c.t("conflicts.comment.hide_reason"), key=f"{prefix}_reason")
        submitted = st.form_submit_button(c.t("conflicts.comment.hide_submit"), key=f"{prefix}_submit")
    if submitted:
        try:
            with write_session(c.engine) as session:
                conflicts.hide_comment(
                    session, c.actor, cm["id"], expected_version=cm["version"], reason=reason
                )
        except CouncilError as exc:
            _show(c, exc)
            return
        _done(c.t("conflicts.comment.hidden_done"), f"{prefix}_reason")
