"""A province's figures of a year: the grid, one figure at a time, submit, Excel import."""

from __future__ import annotations

import zlib

import pandas as pd
import streamlit as st

from council import targets
from council.errors import CouncilError
from council.io import XLSX_MIME
from council.ui.forms import CreateForm, EditForm, act
from council.ui.imports import import_form
from council.ui.notices import error_message
from council.ui.numbers import number_field, parse_cell, shown
from council.ui.shown import shown_version
from council.ui.text import plain

GRID = "figures_grid"
FIGURE_DECIMALS = 4  # at most; "185,3" stays "185,3"


def _grid_form(rows: list[dict], province_id: int, year: int) -> EditForm:
    """The grid as it was opened: its figures (and their versions) are kept while an edit is in
    progress, so a save names what the user edited; without one it reopens on the figures now."""
    # One number for the whole set: it moves whenever a figure, its version or its status does.
    state = repr([(r["indicator_id"], r["version"], r["status"], r["value"], r["comment"]) for r in rows])
    record = {"version": zlib.crc32(state.encode()), "rows": rows}
    form = EditForm(GRID, f"{province_id}_{year}", record, prefix="figures")
    editing = st.session_state.get(form.key("grid"), {})
    if form.changed_elsewhere and not any(
        editing.get(k) for k in ("edited_rows", "added_rows", "deleted_rows")
    ):
        form.close()
        form = EditForm(GRID, f"{province_id}_{year}", record, prefix="figures")
    return form


def grid(c, rows: list[dict], province_id: int, year: int) -> None:
    returned = [r for r in rows if r["status"] == "returned"]
    if returned:
        st.error(c.t("figures.returned_banner", n=len(returned), reason=plain(returned[0]["return_reason"])))
    counts = pd.Series([r["status"] for r in rows if r["status"]]).value_counts()
    st.caption(
        " · ".join(
            f"{c.t('ostatus.' + s)}: {int(counts.get(s, 0))}"
            for s in ("draft", "verified", "submitted", "returned", "approved")
        )
    )
    form = _grid_form(rows, province_id, year)
    opened = form.record["rows"]
    name_col = "name_vi" if c.lang == "vi" else "name_en"
    frame = pd.DataFrame(
        [
            {
                "indicator": r[name_col],
                "unit": r["unit"],
                # The value as text in the reader's locale ("185,3"), read back with parse_number.
                "value": shown(r["value"], c.lang, FIGURE_DECIMALS),
                "status": c.t(f"ostatus.{r['status']}") if r["status"] else "",
                "comment": r["comment"] or "",  # empty cells empty, never "None"
                "follow_up": bool(r["follow_up"]),
                "return_reason": r["return_reason"] or "",
                # the person's full name; the seed's figures: "Dữ liệu gốc"
                "entered_by": c.t("vi_ui.seeded")
                if r["seeded"]
                else (r["entered_by_name"] or r["entered_by"] or ""),
                "code": r["code"],
            }
            for r in opened
        ]
    )
    locked = [i for i, r in enumerate(opened) if r["status"] in ("verified", "submitted", "approved")]
    st.caption(c.t("figures.grid_help"))
    with form:
        edited = st.data_editor(
            frame,
            hide_index=True,
            key=form.key("grid"),
            num_rows="fixed",
            width="stretch",
            disabled=["code", "indicator", "unit", "status", "entered_by", "return_reason"],
            column_config={
                "code": st.column_config.TextColumn(c.t("figures.col.code")),
                # wide enough for the full names ("Tỷ trọng nông - lâm - thủy sản trong GRDP")
                "indicator": st.column_config.TextColumn(c.t("figures.col.indicator"), width="large"),
                "unit": st.column_config.TextColumn(c.t("figures.col.unit"), width="medium"),
                "value": st.column_config.TextColumn(c.t("figures.col.value")),
                "comment": st.column_config.TextColumn(c.t("figures.col.comment")),
                "follow_up": st.column_config.CheckboxColumn(c.t("figures.col.follow_up")),
                "status": st.column_config.TextColumn(c.t("figures.col.status"), width="medium"),
                "entered_by": st.column_config.TextColumn(c.t("figures.col.entered_by")),
                "return_reason": st.column_config.TextColumn(c.t("figures.col.return_reason")),
            },
        )
        submitted = st.form_submit_button(c.t("figures.save_grid"), type="primary", key="figures_save_grid")
    if locked:
        st.caption(c.t("figures.locked_note", n=len(locked)))
    if submitted:
        typed = edited.to_dict(orient="records")
        try:
            for i, (before, after) in enumerate(zip(opened, typed, strict=True), start=1):
                text = after.get("value")
                unchanged = (text or "") == shown(before["value"], c.lang, FIGURE_DECIMALS)
                after["value"] = (
                    before["value"]
                    if unchanged
                    else parse_cell(text, c.lang, field=c.t("figures.col.value"), row=i)
                )
        except CouncilError as exc:
            st.error(error_message(exc, c.lang))
            return
        edits = targets.grid_edits(opened, typed, province_id, year)
        if not edits:
            st.info(c.t("figures.no_changes"))
            return
        form.save(
            c,
            lambda session, _version: targets.apply_edits(session, c.actor, edits),
            values={"edits": edits},
            success=lambda n: c.t("figures.saved", n=n),
        )


def quick_entry(c, rows: list[dict], province_id: int, year: int) -> None:
    editable = [r for r in rows if r["status"] in (None, "draft", "returned")]
    if not editable:
        return
    by_id = {r["indicator_id"]: r for r in editable}
    # Each figure's version as drawn when the form was sent: a save after someone else's is refused.
    seen = {i: shown_version(f"figure_{province_id}_{year}_{i}", r["version"]) for i, r in by_id.items()}
    form = CreateForm("figures_quick")
    with st.expander(c.t("figures.quick_title"), expanded=False), form:
        values = {
            "indicator_id": st.selectbox(
                c.t("figures.col.indicator"),
                list(by_id),
                key=form.key("indicator"),
                format_func=lambda i: (
                    f"{by_id[i]['name_vi' if c.lang == 'vi' else 'name_en']} ({by_id[i]['unit']}) · {by_id[i]['code']}"
                ),
            ),
            "value": number_field(None, c.t("figures.col.value"), None, key=form.key("value"), lang=c.lang),
            "comment": st.text_input(c.t("figures.col.comment"), key=form.key("comment")),
            "follow_up": st.checkbox(c.t("figures.col.follow_up"), key=form.key("follow")),
        }
        submitted = st.form_submit_button(c.t("figures.quick_save"))
    if submitted:
        number = values.pop("value")
        edit = {"province_id": province_id, "year": year, "version": seen[values["indicator_id"]], **values}
        form.save(
            c,
            lambda session: targets.apply_edits(session, c.actor, [{**edit, "value": number.value}]),
            values={**edit, "value": number.text},
            success=lambda n: c.t("figures.saved", n=n),
        )


def submit(c, rows: list[dict], province_id: int, year: int) -> None:
    ready = [r for r in rows if r["status"] in ("draft", "returned") and r["value"] is not None]
    st.markdown(c.t("figures.ready", n=len(ready)))
    if ready and st.button(c.t("figures.submit", n=len(ready), year=year), key="figures_submit"):
        act(
            c,
            lambda session: targets.submit_set(session, c.actor, province_id, year),
            success=lambda n: c.t("figures.submitted", n=n),
        )


def import_figures(c, province_id: int, year: int, province_name: str) -> None:
    with st.expander(c.t("figures.import_title")):
        st.download_button(
            c.t("figures.template", province=province_name, year=year),
            data=lambda: c.read(targets.template, province_id, year),  # built when clicked
            file_name=f"so-lieu-{province_id}-{year}.xlsx",
            mime=XLSX_MIME,
            key="figures_template",
        )
        st.caption(c.t("figures.import_help"))
        import_form(
            c,
            "figures_import_form",
            prefix="figures",
            label=c.t("figures.upload"),
            submit=c.t("figures.import"),
            # Checked outside the write lock, then landed in one short transaction.
            write=lambda engine, data, name: targets.import_figures_file(engine, c.actor, data, name),
            success=lambda n: c.t("figures.imported", n=n),
            own_transactions=True,
        )
