"""Plan execution (Thực hiện quy hoạch): what the register's projects deliver towards the plan's
targets and what is in the pipeline, the priority projects checklist, who reports on time, and
the region's weight in the nation. Thin: gather input, call council.plan, render."""

from __future__ import annotations

SPEC = dict(
    url_path="plan",
    title_key="plan.nav",
    icon=":material/timeline:",
    order=42,
)

VIEWS = ("delivery", "checklist", "reporting", "nation", "settings")


def render() -> None:
    import streamlit as st

    from council import plan
    from council.auth import can
    from council.db import read_session
    from council.io import XLSX_MIME
    from council.ui.context import ctx

    c = ctx()
    st.title(c.t("plan.title"))
    st.caption(c.t("plan.intro"))
    flash = st.session_state.pop("plan_flash", None)
    if flash:
        st.success(flash)
    views = [v for v in VIEWS if v != "settings" or can(c.actor, plan.ACTION_SETTINGS)]
    _open_from_link(st, views)
    if st.session_state.get("plan_view") not in views:
        st.session_state["plan_view"] = views[0]
    view = st.radio(
        c.t("plan.view.delivery"),
        views,
        horizontal=True,
        format_func=lambda v: c.t(f"plan.view.{v}"),
        key="plan_view",
        label_visibility="collapsed",
    )
    {
        "delivery": _delivery_view,
        "checklist": _checklist_view,
        "reporting": _reporting_view,
        "nation": _nation_view,
        "settings": _settings_view,
    }[view](st, c)

    def workbook() -> bytes:  # built when the button is clicked
        with read_session(c.engine) as session:
            return plan.export_excel(session, c.region_id, c.lang)

    st.download_button(
        c.t("plan.export"),
        data=workbook,
        file_name=f"thuc-hien-quy-hoach-{c.region_code or c.region_id}.xlsx",
        mime=XLSX_MIME,
        key="plan_export",
        icon=":material/download:",
    )


def _done(st, message: str) -> None:
    """After a write: say so on the rerun that shows the new data."""
    st.session_state["plan_flash"] = message
    st.rerun()


def _open_from_link(st, views: list[str]) -> None:
    """?target=ID, ?priority=ID and ?province=ID&year=Y (agenda links) open their view once."""
    from council.ui.records import parse_id, take_query_param

    target = parse_id(take_query_param("target"))
    if target is not None:
        st.session_state["plan_view"] = "delivery"
        st.session_state["plan_target"] = target
    priority = parse_id(take_query_param("priority"))
    if priority is not None:
        st.session_state["plan_view"] = "checklist"
        st.session_state["plan_priority_focus"] = priority
    province = parse_id(take_query_param("province"))
    year = parse_id(take_query_param("year"))
    if province is not None:
        st.session_state["plan_view"] = "reporting"
        st.session_state["plan_reporting_province"] = province
        if year is not None:
            st.session_state["plan_reporting_year"] = year


def _n(c, value, digits: int = 3) -> str:
    from council.i18n import fmt_number

    return fmt_number(value, c.lang, digits)


def _pct(c, value) -> str:
    from council.i18n import fmt_number

    return "—" if value is None else f"{fmt_number(100 * value, c.lang, 1)} %"


# --- delivery -------------------------------------------------------------------------------


def _delivery_view(st, c) -> None:
    import pandas as pd

    from council import plan
    from council.auth import can
    from council.ui.cache import cached

    deliveries = cached(c.engine, plan.region_deliveries, c.region_id)
    if not deliveries:
        st.info(c.t("plan.no_links"))
    else:
        name = "indicator_vi" if c.lang == "vi" else "indicator_en"
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        c.t("plan.col.target"): f"#{d['target_id']} {d[name]} · {d['plan_region']}",
                        c.t("plan.col.unit"): d["unit"],
                        c.t("plan.col.goal"): _n(c, d["target"]),
                        c.t("plan.col.target_year"): str(d["target_year"]),
                        c.t("plan.col.delivered"): _n(c, d["delivered"]),
                        c.t("plan.col.pipeline"): _n(c, d["pipeline"]),
                        c.t("plan.col.gap"): _n(c, d["gap"]),
                        c.t("plan.col.projected_status"): c.t(f"progress.{d['projected_status']['status']}"),
                    }
                    for d in deliveries
                ]
            ),
            hide_index=True,
            key="plan_targets_table",
        )
        by_id = {d["target_id"]: d for d in deliveries}
        if st.session_state.get("plan_target") not in by_id:
            st.session_state["plan_target"] = next(iter(by_id))
        chosen = st.selectbox(
            c.t("plan.choose_target"),
            list(by_id),
            format_func=lambda i: (
                f"#{i} {by_id[i][name]} · {by_id[i]['plan_region']} ({by_id[i]['target_year']})"
            ),
            key="plan_target",
        )
        delivery_section(st, c, by_id[chosen], key="plan")
    if can(c.actor, plan.ACTION_LINK):
        _link_forms(st, c, deliveries)


def target_delivery_section(st, c, target_id: int) -> None:
    """On the target page: the target's delivery from credited projects (nothing when the target
    takes no project credit and has none)."""
    from council import plan
    from council.ui.cache import cached

    d = cached(c.engine, plan.target_delivery, target_id)
    if not d["links"] and not d["creditable"]:
        return
    st.subheader(c.t("plan.title"))
    if not d["links"]:
        st.caption(c.t("plan.no_links"))
        return
    delivery_section(st, c, d, key="targets_plan")


def delivery_section(st, c, d: dict, key: str) -> None:
    """One target's delivery: metrics, the delivered / pipeline / target chart, the gap, per
    province, the credited projects and the derived figures."""
    import pandas as pd

    from council.figures.plan import delivery_figure
    from council.ui.charts import show_chart

    unit, year = d["unit"], d["target_year"]
    cols = st.columns(4)
    cols[0].metric(c.t("plan.metric.delivered"), f"{_n(c, d['delivered'])} {unit}")
    cols[1].metric(c.t("plan.metric.pipeline", year=year), f"{_n(c, d['pipeline'])} {unit}")
    cols[2].metric(c.t("plan.metric.projected", year=year), f"{_n(c, d['projected'])} {unit}")
    cols[3].metric(c.t("plan.metric.gap"), "—" if d["gap"] is None else f"{_n(c, max(d['gap'], 0))} {unit}")
    st.markdown(
        c.t(
            "plan.metric.projected_status",
            year=year,
            status=c.t(f"progress.{d['projected_status']['status']}"),
            ratio=_n(c, d["projected_status"]["ratio"], 2),
            current=c.t(f"progress.{d['current_status']['status']}"),
        )
    )
    if d["short"]:
        st.warning(
            c.t(
                "plan.short_warning",
                target=d["indicator_vi"] if c.lang == "vi" else d["indicator_en"],
                gap=_n(c, d["gap"]),
                unit=unit,
                delivered=_n(c, d["delivered"]),
                pipeline=_n(c, d["pipeline"]),
                goal=_n(c, d["target"]),
                year=year,
            )
        )
    elif d["target"] is not None:
        st.success(c.t("plan.enough", year=year))
    labels = {
        "delivered": c.t("plan.col.delivered"),
        "pipeline": c.t("plan.col.pipeline"),
        "delivered_cum": c.t("plan.series.delivered"),
        "projected_cum": c.t("plan.series.projected"),
        "target": c.t("plan.series.target"),
        "entered": c.t("plan.series.entered"),
        "year": c.t("plan.chart.year"),
    }
    show_chart(delivery_figure(d, labels), key=f"{key}_delivery_chart")
    st.caption(
        c.t(
            "plan.combine_note",
            entered=c.t(f"progress.{d['entered_status']['status']}"),
            projected=c.t(f"progress.{d['projected_status']['status']}"),
        )
    )
    if d["outside"]:
        st.caption(c.t("plan.outside_note", amount=_n(c, d["outside"]), unit=unit))
    st.markdown(f"**{c.t('plan.by_province')}**")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    c.t("plan.col.province"): p["province"],
                    c.t("plan.col.coverage"): c.t(f"targets.coverage.{p['coverage']}"),
                    c.t("plan.col.delivered"): _n(c, p["delivered"]),
                    c.t("plan.col.pipeline"): _n(c, p["pipeline"]),
                    c.t("plan.col.unit"): unit,
                }
                for p in d["provinces"]
            ]
        ),
        hide_index=True,
        key=f"{key}_province_table",
    )
    st.markdown(f"**{c.t('plan.linked_projects')}**")
    st.caption(c.t("plan.link_rule_help"))
    st.dataframe(
        pd.DataFrame(
            [
                {
                    c.t("plan.col.project"): f"{x['code']} · {x['name_vi']}",
                    c.t("plan.col.status"): c.t(f"pstatus.{x['status']}"),
                    c.t("plan.col.quantity"): _n(c, x["quantity"]),
                    c.t("plan.col.rule"): c.t(f"plan.rule.{x['rule']}"),
                    c.t("plan.col.split"): "; ".join(
                        f"{p['province']}: {_n(c, p['amount'])}" for p in x["parts"]
                    ),
                    c.t("plan.col.phase"): c.t(f"plan.phase.{x['phase']}")
                    + (
                        f" ({c.t('plan.basis.' + x['basis'])})"
                        if x["basis"] in ("planned", "pace", "unknown")
                        else ""
                    ),
                    c.t("plan.col.year"): "" if x["year"] is None else str(x["year"]),
                }
                for x in d["links"]
            ]
        ),
        hide_index=True,
        key=f"{key}_links_table",
    )
    with st.expander(c.t("plan.derived_title")):
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        c.t("plan.col.province"): r["province"],
                        c.t("plan.col.year"): "" if r["year"] is None else str(r["year"]),
                        c.t("plan.col.delivered"): _n(c, r["amount"]),
                        c.t("plan.col.source"): c.t("plan.derived_from", code=r["project_code"]),
                    }
                    for r in d["derived"]
                ],
                columns=[
                    c.t("plan.col.province"),
                    c.t("plan.col.year"),
                    c.t("plan.col.delivered"),
                    c.t("plan.col.source"),
                ],
            ),
            hide_index=True,
            key=f"{key}_derived_table",
        )


def _link_forms(st, c, deliveries: list[dict]) -> None:
    from council import plan, projects
    from council.db import write_session
    from council.errors import CouncilError
    from council.ui.cache import cached
    from council.ui.context import show_error

    with st.expander(c.t("plan.link_title"), expanded=not deliveries):
        choices = cached(c.engine, projects.project_choices)
        creditable = cached(c.engine, plan.creditable_targets, c.region_id)
        if not creditable:
            st.caption(c.t("plan.no_creditable"))
            return
        names = {p["id"]: f"{p['code']} · {p['name_vi']}" for p in choices}
        tnames = {
            t[
                "id"
            ]: f"#{t['id']} {t['indicator_vi' if c.lang == 'vi' else 'indicator_en']} · {t['plan_region']} "
            f"({t['target_text']} {t['unit']}, {t['target_year']})"
            for t in creditable
        }
        with st.form("plan_link_form", clear_on_submit=True):
            project_id = st.selectbox(
                c.t("plan.link_project"), list(names), format_func=names.get, key="plan_link_project"
            )
            target_id = st.selectbox(
                c.t("plan.link_target"), list(tnames), format_func=tnames.get, key="plan_link_target"
            )
            quantity = st.text_input(c.t("plan.link_quantity"), key="plan_link_quantity")
            note = st.text_input(c.t("plan.link_note"), key="plan_link_note")
            st.caption(c.t("plan.link_rule_help"))
            if st.form_submit_button(c.t("plan.link_save"), key="plan_link_submit"):
                try:
                    with write_session(c.engine) as session:
                        plan.link_project(
                            session,
                            c.actor,
                            project_id=project_id,
                            target_id=target_id,
                            quantity=quantity,
                            note=note,
                        )
                    _done(st, c.t("plan.link_saved", code=names[project_id].split(" · ")[0]))
                except CouncilError as exc:
                    show_error(exc, c.lang)
    _suggestions(st, c, tnames)
    links = [(d, x) for d in deliveries for x in d["links"]]
    if not links:
        return
    with st.expander(c.t("plan.link_edit")):
        options = {x["link_id"]: (d, x) for d, x in links}
        chosen = st.selectbox(
            c.t("plan.link_choose"),
            list(options),
            format_func=lambda i: (
                f"{options[i][1]['code']} → #{options[i][0]['target_id']} "
                f"{options[i][0]['indicator_vi']} ({_n(c, options[i][1]['quantity'])} {options[i][0]['unit']})"
            ),
            key="plan_link_edit_choice",
        )
        d, x = options[chosen]
        # The version the form opened with: a save after someone else's is refused, never merged.
        opened = st.session_state.setdefault(f"plan_link_opened_{chosen}", x["version"])
        with st.form(f"plan_link_edit_{chosen}"):
            quantity = st.text_input(
                c.t("plan.link_quantity"), value=_n(c, x["quantity"]), key=f"plan_link_q_{chosen}"
            )
            note = st.text_input(c.t("plan.link_note"), value=x["note"], key=f"plan_link_n_{chosen}")
            left, right = st.columns(2)
            save = left.form_submit_button(c.t("plan.link_update"), key="plan_link_update_submit")
            remove = right.form_submit_button(c.t("plan.link_remove"), key="plan_link_remove_submit")
        if save or remove:
            try:
                with write_session(c.engine) as session:
                    if remove:
                        plan.unlink_project(session, c.actor, chosen, expected_version=opened)
                    else:
                        plan.update_link(
                            session, c.actor, chosen, expected_version=opened, quantity=quantity, note=note
                        )
                st.session_state.pop(f"plan_link_opened_{chosen}", None)
                _done(st, c.t("plan.link_removed" if remove else "plan.link_updated"))
            except CouncilError as exc:
                st.session_state.pop(f"plan_link_opened_{chosen}", None)
                show_error(exc, c.lang)


def _suggestions(st, c, tnames: dict) -> None:
    """Register projects a target could be credited with, each confirmed by the secretariat."""
    import pandas as pd

    from council import plan
    from council.db import write_session
    from council.errors import CouncilError
    from council.ui.cache import cached
    from council.ui.context import show_error

    with st.expander(c.t("plan.suggest_title")):
        st.caption(c.t("plan.suggest_help"))
        target_id = st.selectbox(
            c.t("plan.link_target"), list(tnames), format_func=tnames.get, key="plan_suggest_target"
        )
        rows = cached(c.engine, plan.suggest_links, target_id)
        if not rows:
            st.caption(c.t("plan.suggest_none"))
            return
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        c.t("plan.col.project"): f"{r['code']} · {r['name_vi']}",
                        c.t("plan.col.status"): c.t(f"pstatus.{r['status']}"),
                        c.t("plan.col.provinces"): ", ".join(r["provinces"]),
                        c.t("plan.col.quantity"): "—" if r["quantity"] is None else _n(c, r["quantity"]),
                    }
                    for r in rows
                ]
            ),
            hide_index=True,
            key="plan_suggest_table",
        )
        usable = {r["project_id"]: r for r in rows if r["quantity"] is not None}
        picked = st.multiselect(
            c.t("plan.suggest_pick"),
            list(usable),
            format_func=lambda i: f"{usable[i]['code']} ({_n(c, usable[i]['quantity'])})",
            key=f"plan_suggest_pick_{target_id}",
        )
        if picked and st.button(c.t("plan.suggest_button"), key="plan_suggest_submit"):
            try:
                with write_session(c.engine) as session:
                    for pid in picked:
                        plan.link_project(
                            session,
                            c.actor,
                            project_id=pid,
                            target_id=target_id,
                            quantity=usable[pid]["quantity"],
                        )
                _done(st, c.t("plan.suggest_done", n=len(picked)))
            except CouncilError as exc:
                show_error(exc, c.lang)


# --- checklist ------------------------------------------------------------------------------


def _checklist_view(st, c) -> None:
    import pandas as pd

    from council import plan
    from council.auth import can
    from council.i18n import code_label
    from council.ui.cache import cached

    data = cached(c.engine, plan.checklist, c.region_id)
    n = data["not_started_years"]
    st.caption(c.t("plan.checklist_help", n=n))
    rows = data["rows"]
    focus = st.session_state.pop("plan_priority_focus", None)
    if not rows:
        st.info(c.t("plan.checklist_empty"))
    else:
        st.markdown(
            c.t(
                "plan.checklist_counts",
                total=len(rows),
                missing=sum("not_in_register" in r["flags"] for r in rows),
                late=sum("not_started_late" in r["flags"] for r in rows),
                n=n,
            )
        )
        if focus is not None:
            rows = sorted(rows, key=lambda r: r["id"] != focus)
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        c.t("plan.col.decision"): r["decision_code"],
                        c.t("plan.col.name"): r["name_vi"],
                        c.t("plan.col.type"): code_label("ptype", r["type"], c.lang),
                        c.t("plan.col.provinces"): ", ".join(r["provinces"]),
                        c.t("plan.col.period"): plan.period_text(r),
                        c.t("plan.col.register"): r["project_code"] or c.t("plan.not_in_register"),
                        c.t("plan.col.status"): c.t("plan.not_in_register")
                        if r["status"] == "not_in_register"
                        else code_label("pstatus", r["status"], c.lang),
                        c.t("plan.col.on_schedule"): "—"
                        if r["on_schedule"] is None
                        else c.t(f"plan.yesno.{r['on_schedule']}"),
                        c.t("plan.col.years_left"): "—" if r["years_left"] is None else str(r["years_left"]),
                        c.t("plan.col.flags"): "; ".join(c.t(f"plan.flag.{f}", n=n) for f in r["flags"])
                        or "—",
                    }
                    for r in rows
                ]
            ),
            hide_index=True,
            key="plan_checklist_table",
        )
    if can(c.actor, plan.ACTION_PRIORITY):
        _priority_forms(st, c, data["rows"])


def _priority_forms(st, c, rows: list[dict]) -> None:
    from council import plan, projects
    from council.db import write_session
    from council.errors import CouncilError
    from council.i18n import code_label
    from council.io import XLSX_MIME, ImportRejected
    from council.ui.cache import cached
    from council.ui.context import show_error

    provinces = cached(c.engine, projects.province_choices)
    pnames = {p["id"]: p["name_vi"] for p in provinces}
    with st.expander(c.t("plan.priority_add"), expanded=not rows):
        with st.form("plan_priority_form", clear_on_submit=True):
            decision = st.text_input(c.t("plan.priority_decision"), key="plan_priority_decision")
            name = st.text_input(c.t("plan.priority_name"), key="plan_priority_name")
            kind = st.selectbox(
                c.t("plan.priority_type"),
                plan.PROJECT_TYPES,
                format_func=lambda k: code_label("ptype", k, c.lang),
                key="plan_priority_type",
            )
            chosen = st.multiselect(
                c.t("plan.priority_provinces"),
                list(pnames),
                format_func=pnames.get,
                key="plan_priority_provinces",
            )
            period = st.text_input(c.t("plan.priority_period"), key="plan_priority_period")
            code = st.text_input(c.t("plan.priority_code"), key="plan_priority_code")
            note = st.text_input(c.t("plan.priority_note"), key="plan_priority_note")
            source = st.text_input(c.t("plan.priority_source"), key="plan_priority_source")
            if st.form_submit_button(c.t("plan.priority_save"), key="plan_priority_submit"):
                try:
                    with write_session(c.engine) as session:
                        saved = plan.save_priority_project(
                            session,
                            c.actor,
                            decision_code=decision,
                            name_vi=name,
                            type=kind,
                            province_ids=chosen,
                            period=period,
                            project_code=code.strip(),
                            note=note,
                            source_url=source,
                        )
                    _done(st, c.t("plan.priority_saved", name=saved["name_vi"]))
                except CouncilError as exc:
                    show_error(exc, c.lang)
    with st.expander(c.t("plan.import_title"), expanded=not rows):
        st.download_button(
            c.t("plan.import_template"),
            data=lambda: plan.priority_template(c.lang),
            file_name="mau-du-an-uu-tien.xlsx",
            mime=XLSX_MIME,
            key="plan_priority_template",
        )
        upload = st.file_uploader(c.t("plan.import_file"), type=["xlsx", "csv"], key="plan_priority_upload")
        if upload is not None and st.button(c.t("plan.import_button"), key="plan_priority_import"):
            try:
                with write_session(c.engine) as session:
                    result = plan.import_priority_list(session, c.actor, upload.getvalue(), upload.name)
                _done(st, c.t("plan.import_done", **result))
            except ImportRejected as exc:
                show_error(exc, c.lang)
                st.markdown("\n".join(f"- {e.message(c.lang)}" for e in exc.errors))
            except CouncilError as exc:
                show_error(exc, c.lang)
    if not rows:
        return
    with st.expander(c.t("plan.priority_match")):
        items = {r["id"]: r for r in rows}
        chosen_id = st.selectbox(
            c.t("plan.priority_choose"),
            list(items),
            format_func=lambda i: f"{items[i]['decision_code']} · {items[i]['name_vi']}",
            key="plan_priority_choice",
        )
        item = items[chosen_id]
        opened = st.session_state.setdefault(f"plan_priority_opened_{chosen_id}", item["version"])
        register = cached(c.engine, projects.project_choices)
        options = [None, *(p["id"] for p in register)]
        labels = {p["id"]: f"{p['code']} · {p['name_vi']}" for p in register}
        with st.form(f"plan_priority_match_{chosen_id}"):
            project_id = st.selectbox(
                c.t("plan.priority_match_project"),
                options,
                index=options.index(item["project_id"]) if item["project_id"] in options else 0,
                format_func=lambda i: c.t("plan.priority_match_none") if i is None else labels[i],
                key=f"plan_priority_project_{chosen_id}",
            )
            left, right = st.columns(2)
            save = left.form_submit_button(c.t("plan.priority_match_save"), key="plan_priority_match_submit")
            delete = right.form_submit_button(c.t("plan.priority_delete"), key="plan_priority_delete_submit")
        if save or delete:
            try:
                with write_session(c.engine) as session:
                    if delete:
                        plan.delete_priority_project(session, c.actor, chosen_id, expected_version=opened)
                    else:
                        plan.match_priority_project(
                            session, c.actor, chosen_id, expected_version=opened, project_id=project_id
                        )
                st.session_state.pop(f"plan_priority_opened_{chosen_id}", None)
                _done(st, c.t("plan.priority_deleted" if delete else "plan.settings_saved"))
            except CouncilError as exc:
                st.session_state.pop(f"plan_priority_opened_{chosen_id}", None)
                show_error(exc, c.lang)


# --- reporting ------------------------------------------------------------------------------


def reporting_table(st, c, result: dict, key: str, total: bool = True) -> None:
    """The rates per province and the table of who is late (secretariat view and my province)."""
    import pandas as pd

    from council.i18n import fmt_date

    st.dataframe(
        pd.DataFrame(
            [
                {
                    c.t("plan.col.province"): r["province"],
                    c.t("plan.col.expected"): r["expected"],
                    c.t("plan.col.submitted"): r["submitted"],
                    c.t("plan.col.on_time"): r["on_time"],
                    c.t("plan.col.approved"): r["approved"],
                    c.t("plan.col.submitted_rate"): _pct(c, r["submitted_rate"]),
                    c.t("plan.col.on_time_rate"): _pct(c, r["on_time_rate"]),
                    c.t("plan.col.approved_rate"): _pct(c, r["approved_rate"]),
                }
                for r in [
                    *result["by_province"],
                    *([{"province": c.t("plan.region_total"), **result["region"]}] if total else []),
                ]
            ]
        ),
        hide_index=True,
        key=f"{key}_rates_table",
    )
    st.markdown(f"**{c.t('plan.reporting_late')}** ({len(result['late'])})")
    if not result["late"]:
        st.caption(c.t("plan.reporting_none_late"))
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    c.t("plan.col.province"): x["province"],
                    c.t("plan.col.year"): str(x["year"]),
                    c.t("plan.col.indicator"): x["indicator"],
                    c.t("plan.col.due"): fmt_date(x["due"], c.lang),
                    c.t("plan.col.status"): c.t(f"plan.figstatus.{x['status']}"),
                    c.t("plan.col.submitted_on"): fmt_date(x["submitted_on"], c.lang)
                    if x["submitted_on"]
                    else "—",
                    c.t("plan.col.days_late"): x["days_late"],
                }
                for x in result["late"]
            ]
        ),
        hide_index=True,
        key=f"{key}_late_table",
    )


def _reporting_view(st, c) -> None:
    from datetime import date

    from council import plan
    from council.db import read_session
    from council.figures.plan import reporting_figure
    from council.ui.cache import cached
    from council.ui.charts import show_chart

    st.caption(c.t("plan.reporting_help"))
    with read_session(c.engine) as session:
        last = plan.reporting_year(session, date.today())
        settings = plan.deadline_settings(session)
    month, day, offset = settings["default"]
    st.caption(c.t("plan.settings_due_help", day=day, month=month, offset=offset))
    years = list(range(last + 1, last - 5, -1))
    if st.session_state.get("plan_reporting_year") not in years:
        st.session_state["plan_reporting_year"] = last
    year = st.selectbox(c.t("plan.reporting_years"), years, key="plan_reporting_year")
    result = cached(c.engine, plan.reporting, c.region_id, (year,))
    province = st.session_state.pop("plan_reporting_province", None)
    if province is not None and any(r["province_id"] == province for r in result["by_province"]):
        result = cached(c.engine, plan.province_reporting, province, (year,))
    if not result["cells"]:
        st.info(c.t("plan.reporting_nothing"))
        return
    r = result["region"]
    st.markdown(
        c.t(
            "plan.reporting_region",
            expected=r["expected"],
            submitted=r["submitted"],
            submitted_rate=_pct(c, r["submitted_rate"]),
            on_time=r["on_time"],
            on_time_rate=_pct(c, r["on_time_rate"]),
            approved=r["approved"],
            approved_rate=_pct(c, r["approved_rate"]),
        )
    )
    labels = {k: c.t(f"plan.col.{k}") for k in ("submitted_rate", "on_time_rate", "approved_rate")}
    show_chart(reporting_figure(result["by_province"], labels), key="plan_reporting_chart")
    reporting_table(st, c, result, key="plan_reporting")


def my_province_reporting(st, c, province_id: int) -> None:
    """The "my province" section: the province's reporting of the last two years and what is late."""
    from datetime import date

    from council import plan
    from council.db import read_session
    from council.ui.cache import cached

    with read_session(c.engine) as session:
        last = plan.reporting_year(session, date.today())
    result = cached(c.engine, plan.province_reporting, province_id, (last - 1, last))
    with st.container(border=True, key="myprovince_reporting"):
        st.markdown(f"**{c.t('plan.my_reporting')}**")
        for year in result["years"]:
            cells = [x for x in result["cells"] if x["year"] == year]
            r = plan.rates(cells)
            st.markdown(
                "- "
                + c.t(
                    "plan.my_reporting_line",
                    year=year,
                    expected=r["expected"],
                    submitted=r["submitted"],
                    on_time=r["on_time"],
                    approved=r["approved"],
                )
            )
        reporting_table(st, c, result, key="myprovince_reporting", total=False)


# --- region to nation -----------------------------------------------------------------------


def _nation_view(st, c) -> None:
    import pandas as pd

    from council import plan
    from council.db import read_session
    from council.ui.cache import cached

    st.caption(c.t("plan.nation_help"))
    indicators = [i for i in cached(c.engine, plan.sum_indicators) if len(i["years"]) >= 2]
    if not indicators:
        st.info(c.t("plan.nation_need_years"))
        return
    by_id = {i["id"]: i for i in indicators}
    name = "name_vi" if c.lang == "vi" else "name_en"
    chosen = st.selectbox(
        c.t("plan.nation_indicator"),
        list(by_id),
        format_func=lambda i: f"{by_id[i][name]} ({by_id[i]['unit']})",
        key="plan_nation_indicator",
    )
    years = by_id[chosen]["years"]
    a, b = st.columns(2)
    y0 = a.selectbox(c.t("plan.nation_from"), years[:-1], key=f"plan_nation_from_{chosen}")
    y1 = b.selectbox(c.t("plan.nation_to"), [y for y in years if y > y0], key=f"plan_nation_to_{chosen}")
    with read_session(c.engine) as session:
        r = plan.region_to_nation(session, chosen, y0, y1)
    if not r["provinces_counted"]:
        st.info(c.t("plan.nation_none"))
        return
    st.markdown(
        c.t(
            "plan.nation_summary",
            counted=r["provinces_counted"],
            total=r["provinces_total"],
            before=_n(c, r["nation_before"], 0),
            after=_n(c, r["nation_after"], 0),
            unit=r["unit"],
            growth=_n(c, r["nation_growth"], 2),
        )
    )
    region_name = "region_vi" if c.lang == "vi" else "region_en"
    st.dataframe(
        pd.DataFrame(
            [
                {
                    c.t("plan.col.region"): x[region_name]
                    + ("" if x["complete"] else f" ({c.t('plan.nation_incomplete')})"),
                    c.t("plan.col.counted"): f"{x['provinces_counted']}/{x['provinces_total']}",
                    c.t("plan.col.before"): _n(c, x["before"], 0),
                    c.t("plan.col.after"): _n(c, x["after"], 0),
                    c.t("plan.col.share"): _n(c, None if x["share"] is None else 100 * x["share"], 2),
                    c.t("plan.col.growth"): _n(c, x["growth"], 2),
                    c.t("plan.col.pct_points"): _n(c, x["pct_points"], 2),
                }
                for x in r["regions"]
            ]
        ),
        hide_index=True,
        key="plan_nation_table",
    )
    mine = next((x for x in r["regions"] if x["region_id"] == c.region_id), None)
    if mine and mine["provinces"]:
        st.markdown(f"**{c.t('plan.nation_provinces')}** — {mine[region_name]}")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        c.t("plan.col.province"): p["province"],
                        c.t("plan.col.contribution"): _n(c, p["contribution"], 0),
                        c.t("plan.col.pct_points_region"): _n(c, p["pct_points_region"], 2),
                    }
                    for p in mine["provinces"]
                ]
            ),
            hide_index=True,
            key="plan_nation_provinces",
        )


# --- settings -------------------------------------------------------------------------------


def _settings_view(st, c) -> None:
    import pandas as pd

    from council import plan
    from council.db import read_session, write_session
    from council.errors import CouncilError
    from council.ui.context import show_error

    with read_session(c.engine) as session:
        settings = plan.deadline_settings(session)
        indicators = {i["id"]: i for i in _indicators(session)}
        years = plan.not_started_years(session)
    st.subheader(c.t("plan.settings_due"))
    month, day, offset = settings["default"]
    st.caption(c.t("plan.settings_due_help", day=day, month=month, offset=offset))
    options = [None, *indicators]
    with st.form("plan_due_form"):
        indicator = st.selectbox(
            c.t("plan.settings_indicator"),
            options,
            format_func=lambda i: c.t("plan.settings_default") if i is None else indicators[i]["name"],
            key="plan_due_indicator",
        )
        a, b, d = st.columns(3)
        new_day = a.number_input(c.t("plan.settings_day"), 1, 31, day, key="plan_due_day")
        new_month = b.number_input(c.t("plan.settings_month"), 1, 12, month, key="plan_due_month")
        new_offset = d.number_input(c.t("plan.settings_offset"), 0, 2, offset, key="plan_due_offset")
        left, right = st.columns(2)
        save = left.form_submit_button(c.t("plan.settings_save"), key="plan_due_submit")
        clear = right.form_submit_button(c.t("plan.settings_clear"), key="plan_due_clear")
    if save or clear:
        try:
            with write_session(c.engine) as session:
                if clear and indicator is not None:
                    plan.clear_due_date(session, c.actor, indicator)
                elif save:
                    plan.set_due_date(
                        session,
                        c.actor,
                        indicator_id=indicator,
                        month=int(new_month),
                        day=int(new_day),
                        year_offset=int(new_offset),
                    )
            _done(st, c.t("plan.settings_saved"))
        except CouncilError as exc:
            show_error(exc, c.lang)
    if settings["overrides"]:
        st.markdown(f"**{c.t('plan.settings_overrides')}**")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        c.t("plan.col.indicator"): indicators[i]["name"],
                        c.t("plan.col.due"): f"{d:02d}/{m:02d} (Y + {o})",
                    }
                    for i, (m, d, o) in settings["overrides"].items()
                    if i in indicators
                ]
            ),
            hide_index=True,
            key="plan_due_overrides",
        )
    with st.form("plan_years_form"):
        n = st.number_input(c.t("plan.settings_years"), 0, 30, years, key="plan_years")
        if st.form_submit_button(c.t("plan.settings_years_save"), key="plan_years_submit"):
            try:
                with write_session(c.engine) as session:
                    plan.set_not_started_years(session, c.actor, int(n))
                _done(st, c.t("plan.settings_saved"))
            except CouncilError as exc:
                show_error(exc, c.lang)


def _indicators(session) -> list[dict]:
    from council.targets import list_indicators

    return [{"id": i["id"], "name": f"{i['name_vi']} ({i['code']})"} for i in list_indicators(session)]
