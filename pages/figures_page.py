"""Figures: a representative enters and submits their province's figures of a year;
the secretariat approves, returns or reopens them. Excel template and import."""

from __future__ import annotations

SPEC = dict(
    url_path="figures",
    title_key="nav.figures",
    icon=":material/edit_note:",
    action="observation.enter",
    order=45,
)


def grid_edits(original: list[dict], edited_rows: list[dict], province_id: int, year: int) -> list[dict]:
    """The changes between the grid as loaded and as edited, as ``apply_edits`` takes them."""
    import math

    edits = []
    for before, after in zip(original, edited_rows, strict=True):
        change = {}
        value = after.get("value")
        if value is not None and isinstance(value, float) and math.isnan(value):
            value = None
        if value != before["value"]:
            change["value"] = value
        if (after.get("comment") or "") != (before["comment"] or ""):
            change["comment"] = after.get("comment") or ""
        if bool(after.get("follow_up")) != bool(before["follow_up"]):
            change["follow_up"] = bool(after.get("follow_up"))
        if change:
            edits.append(
                {
                    "province_id": province_id,
                    "indicator_id": before["indicator_id"],
                    "year": year,
                    "version": before["version"],
                    **change,
                }
            )
    return edits


def render() -> None:
    from datetime import date

    import pandas as pd
    import streamlit as st

    from council import targets
    from council.db import read_session
    from council.regions import list_provinces
    from council.ui.context import ctx, require_role

    c = ctx()
    require_role(c, "secretariat", "province_rep")
    st.title(c.t("figures.title"))
    with read_session(c.engine) as session:
        provinces = list_provinces(session)
    names = {p["id"]: p["name_vi"] for p in provinces}
    this_year = date.today().year
    years = list(range(this_year, 2019, -1))
    _open_from_link(st, c, names, years)
    left, right = st.columns(2)
    if c.actor.role == "province_rep":
        province_id = c.actor.province_id
        left.markdown(c.t("figures.your_province", province=names[province_id]))
    else:
        in_region = [p["id"] for p in provinces if p["region_id"] == c.region_id]
        others = [p["id"] for p in provinces if p["region_id"] != c.region_id]
        province_id = left.selectbox(
            c.t("figures.province"), in_region + others, format_func=names.get, key="figures_province"
        )
    year = right.selectbox(c.t("figures.year"), years, index=years.index(this_year - 1), key="figures_year")

    with read_session(c.engine) as session:
        rows = targets.figures_for(session, province_id, year)
    _grid(st, pd, c, rows, province_id, year)
    _quick_entry(st, c, rows, province_id, year)
    _submit(st, c, rows, province_id, year)
    _import(st, c, province_id, year, names[province_id])
    if c.actor.role == "secretariat":
        _queue(st, pd, c)


def _open_from_link(st, c, names: dict[int, str], years: list[int]) -> None:
    """A link such as ?province=3&year=2025 opens that province and year once. A representative
    stays on their own province: another province in the link is ignored (and said)."""
    from council.ui.records import parse_id, shown_param, take_query_param

    raw_province, raw_year = take_query_param("province"), take_query_param("year")
    if raw_province is not None:
        province_id = parse_id(raw_province)
        if province_id not in names:
            st.warning(
                c.t("records.province_not_found", ident=shown_param(raw_province)), icon=":material/link_off:"
            )
        elif c.actor.role == "province_rep":
            if province_id != c.actor.province_id:
                st.info(c.t("records.province_not_yours"))
        else:
            st.session_state["figures_province"] = province_id
    if raw_year is not None:
        year = parse_id(raw_year)
        if year in years:
            st.session_state["figures_year"] = year
        else:
            st.warning(
                c.t("records.year_not_found", ident=shown_param(raw_year), first=years[-1], last=years[0]),
                icon=":material/link_off:",
            )


def _run(st, c, action, success_key: str, **params) -> bool:
    """One write transaction for one user action; errors shown in the user's language."""
    from council.db import write_session
    from council.errors import CouncilError
    from council.ui.context import show_error

    try:
        with write_session(c.engine) as session:
            result = action(session)
    except CouncilError as exc:
        show_error(exc, c.lang)
        return False
    st.session_state["figures_flash"] = c.t(success_key, n=result, **params)
    st.rerun()
    return True


def _grid(st, pd, c, rows: list[dict], province_id: int, year: int) -> None:
    from council import targets

    flash = st.session_state.pop("figures_flash", None)
    if flash:
        st.success(flash)
    returned = [r for r in rows if r["status"] == "returned"]
    if returned:
        st.error(c.t("figures.returned_banner", n=len(returned), reason=returned[0]["return_reason"]))
    counts = pd.Series([r["status"] for r in rows if r["status"]]).value_counts()
    st.caption(
        " · ".join(
            f"{c.t('ostatus.' + s)}: {int(counts.get(s, 0))}"
            for s in ("draft", "submitted", "returned", "approved")
        )
    )
    name_col = "name_vi" if c.lang == "vi" else "name_en"
    frame = pd.DataFrame(
        [
            {
                "indicator": r[name_col],
                "unit": r["unit"],
                "value": r["value"],
                "status": c.t(f"ostatus.{r['status']}") if r["status"] else "",
                "comment": r["comment"],
                "follow_up": r["follow_up"],
                "return_reason": r["return_reason"],
                "entered_by": r["entered_by"],
                "code": r["code"],
            }
            for r in rows
        ]
    )
    locked = [i for i, r in enumerate(rows) if r["status"] in ("submitted", "approved")]
    st.caption(c.t("figures.grid_help"))
    edited = st.data_editor(
        frame,
        hide_index=True,
        key="figures_grid",
        num_rows="fixed",
        width="stretch",
        disabled=["code", "indicator", "unit", "status", "entered_by", "return_reason"],
        column_config={
            "code": st.column_config.TextColumn(c.t("figures.col.code")),
            "indicator": st.column_config.TextColumn(c.t("figures.col.indicator"), width="medium"),
            "unit": st.column_config.TextColumn(c.t("figures.col.unit")),
            "value": st.column_config.NumberColumn(c.t("figures.col.value"), format="localized"),
            "comment": st.column_config.TextColumn(c.t("figures.col.comment")),
            "follow_up": st.column_config.CheckboxColumn(c.t("figures.col.follow_up")),
            "status": st.column_config.TextColumn(c.t("figures.col.status")),
            "entered_by": st.column_config.TextColumn(c.t("figures.col.entered_by")),
            "return_reason": st.column_config.TextColumn(c.t("figures.col.return_reason")),
        },
    )
    if locked:
        st.caption(c.t("figures.locked_note", n=len(locked)))
    if st.button(c.t("figures.save_grid"), key="figures_save_grid", type="primary"):
        edits = grid_edits(rows, edited.to_dict(orient="records"), province_id, year)
        if not edits:
            st.info(c.t("figures.no_changes"))
        else:
            _run(st, c, lambda s: targets.apply_edits(s, c.actor, edits), "figures.saved")


def _quick_entry(st, c, rows: list[dict], province_id: int, year: int) -> None:
    from council import targets

    editable = [r for r in rows if r["status"] in (None, "draft", "returned")]
    if not editable:
        return
    by_id = {r["indicator_id"]: r for r in editable}
    with (
        st.expander(c.t("figures.quick_title"), expanded=False),
        st.form("figures_quick", clear_on_submit=True),
    ):
        ind = st.selectbox(
            c.t("figures.col.indicator"),
            list(by_id),
            key="figures_quick_indicator",
            format_func=lambda i: (
                f"{by_id[i]['name_vi' if c.lang == 'vi' else 'name_en']} ({by_id[i]['unit']})"
            ),
        )
        value = st.number_input(
            c.t("figures.col.value"), value=None, format="%.4f", key="figures_quick_value"
        )
        comment = st.text_input(c.t("figures.col.comment"), key="figures_quick_comment")
        follow = st.checkbox(c.t("figures.col.follow_up"), key="figures_quick_follow")
        if st.form_submit_button(c.t("figures.quick_save")):
            r = by_id[ind]
            edit = {
                "province_id": province_id,
                "indicator_id": ind,
                "year": year,
                "version": r["version"],
                "value": value,
                "comment": comment,
                "follow_up": follow,
            }
            _run(st, c, lambda s: targets.apply_edits(s, c.actor, [edit]), "figures.saved")


def _submit(st, c, rows: list[dict], province_id: int, year: int) -> None:
    from council import targets

    ready = [r for r in rows if r["status"] in ("draft", "returned") and r["value"] is not None]
    st.markdown(c.t("figures.ready", n=len(ready)))
    if ready and st.button(c.t("figures.submit", n=len(ready), year=year), key="figures_submit"):
        _run(st, c, lambda s: targets.submit_set(s, c.actor, province_id, year), "figures.submitted")


def _import(st, c, province_id: int, year: int, province_name: str) -> None:
    from council import targets
    from council.db import read_session, write_session
    from council.errors import CouncilError
    from council.io import XLSX_MIME, ImportRejected
    from council.ui.context import show_error

    with st.expander(c.t("figures.import_title")):

        def data() -> bytes:  # built when the button is clicked
            with read_session(c.engine) as session:
                return targets.template(session, province_id, year)

        st.download_button(
            c.t("figures.template", province=province_name, year=year),
            data=data,
            file_name=f"so-lieu-{province_id}-{year}.xlsx",
            mime=XLSX_MIME,
            key="figures_template",
        )
        st.caption(c.t("figures.import_help"))
        upload = st.file_uploader(c.t("figures.upload"), type=["xlsx", "csv"], key="figures_upload")
        if upload is not None and st.button(c.t("figures.import"), key="figures_import"):
            try:
                with write_session(c.engine) as session:
                    n = targets.import_figures(session, c.actor, upload.getvalue(), upload.name)
                st.success(c.t("figures.imported", n=n))
            except ImportRejected as exc:
                show_error(exc, c.lang)
                st.markdown("\n".join(f"- {e.message(c.lang)}" for e in exc.errors))
            except CouncilError as exc:
                show_error(exc, c.lang)


def _queue(st, pd, c) -> None:
    from council import targets
    from council.db import read_session
    from council.i18n import fmt_date, fmt_number
    from council.ui.cache import cached

    st.divider()
    st.subheader(c.t("figures.queue_title"))
    waiting = cached(c.engine, targets.figure_sets, ("submitted",))
    approved = cached(c.engine, targets.figure_sets, ("approved",))
    if not waiting:
        st.info(c.t("figures.queue_empty"))
    else:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        c.t("figures.province"): s["province"],
                        c.t("figures.year"): s["year"],
                        c.t("figures.count"): s["count"],
                        c.t("figures.col.entered_by"): s["entered_by"],
                        c.t("figures.last"): fmt_date(s["last"], c.lang),
                    }
                    for s in waiting
                ]
            ),
            hide_index=True,
            key="figures_queue_table",
        )
        keys = [(s["province_id"], s["year"]) for s in waiting]
        label = {
            (s["province_id"], s["year"]): f"{s['province']} · {s['year']} ({s['count']})" for s in waiting
        }
        chosen = st.selectbox(
            c.t("figures.queue_choose"), keys, format_func=label.get, key="figures_queue_set"
        )
        pid, yr = chosen
        with read_session(c.engine) as session:
            detail = [r for r in targets.figures_for(session, pid, yr) if r["status"] == "submitted"]
        st.markdown(
            "\n".join(
                f"- {r['name_vi' if c.lang == 'vi' else 'name_en']}: "
                f"**{fmt_number(r['value'], c.lang, 4)}** {r['unit']}"
                + (f" — {r['comment']}" if r["comment"] else "")
                for r in detail
            )
        )
        a, b = st.columns(2)
        if a.button(c.t("figures.approve"), key="figures_approve", type="primary"):
            _run(st, c, lambda s: targets.approve_set(s, c.actor, pid, yr), "figures.approved")
        reason = b.text_input(c.t("figures.return_reason"), key="figures_return_reason")
        if b.button(c.t("figures.return"), key="figures_return"):
            _run(st, c, lambda s: targets.return_set(s, c.actor, pid, yr, reason), "figures.returned")
    with st.expander(c.t("figures.reopen_title")):
        if not approved:
            st.caption(c.t("figures.none_approved"))
            return
        keys = [(s["province_id"], s["year"]) for s in approved]
        label = {
            (s["province_id"], s["year"]): f"{s['province']} · {s['year']} ({s['count']})" for s in approved
        }
        chosen = st.selectbox(
            c.t("figures.reopen_choose"), keys, format_func=label.get, key="figures_reopen_set"
        )
        reason = st.text_input(c.t("figures.reopen_reason"), key="figures_reopen_reason")
        if st.button(c.t("figures.reopen"), key="figures_reopen"):
            _run(
                st,
                c,
                lambda s: targets.reopen_set(s, c.actor, chosen[0], chosen[1], reason),
                "figures.reopened",
            )
