"""The register: every province's planned facilities, a form to add one and a form to change or
delete one (a representative sees the forms for their own province only)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council import facilities, projects
from council.numbers import format_number
from council.ui.context import PageContext
from council.ui.forms import CreateForm, EditForm, act
from council.ui.numbers import number_field, read_all

NUMBERS = (
    ("lat", False, 5),
    ("lon", False, 5),
    ("capacity", False, 2),
    ("area_ha", False, 2),
    ("start_year", True, 0),
    ("end_year", True, 0),
    ("lanes", True, 0),
    ("end_lat", False, 5),
    ("end_lon", False, 5),
)


def render(c: PageContext, data: dict) -> None:
    items = data["facilities"]
    editable = [p for p in data["provinces"] if c.can("facility.edit", [p["id"]])]
    if items:
        st.dataframe(_frame(c, items), hide_index=True, width="stretch", key="facilities_table")
    else:
        st.info(c.t("facilities.empty"))
    if not editable:
        return
    with st.expander(c.t("facilities.create"), expanded=not items):
        form = CreateForm("facilities_create", prefix="facilities_new")
        with form:
            values = _fields(c, form, {}, editable, data["provinces"])
            submitted = st.form_submit_button(c.t("facilities.save"), key="facilities_create_submit")
        if submitted and (values := _numbers(c, values)) is not None:
            form.save(
                c,
                lambda s: facilities.create_facility(s, c.actor, **values),
                values=values,
                success=lambda saved: c.t("facilities.saved", code=saved["code"]),
            )
    mine = [f for f in items if c.can("facility.edit", [f["province_id"]])]
    if mine:
        _edit(c, mine, editable, data["provinces"])


def _frame(c: PageContext, items: list[dict]) -> pd.DataFrame:
    rows = []
    for f in items:
        unit = facilities.UNITS.get(f["kind"])
        rows.append(
            {
                c.t("facilities.field.code"): f["code"],
                c.t("facilities.field.kind"): c.t(f"facilities.kind.{f['kind']}"),
                c.t("facilities.field.name"): f["name"],
                c.t("facilities.field.province"): f["province"],
                c.t("facilities.field.lat"): format_number(f["lat"], c.lang, 4)
                if not f["approximate"]
                else "",
                c.t("facilities.field.lon"): format_number(f["lon"], c.lang, 4)
                if not f["approximate"]
                else "",
                c.t("facilities.field.capacity"): format_number(f["capacity"], c.lang),
                c.t("facilities.field.unit"): c.t(f"facilities.unit.{unit}") if unit else "",
                c.t("facilities.field.area_ha"): format_number(f["area_ha"], c.lang),
                c.t("facilities.field.start_year"): f["start_year"] or "",
                c.t("facilities.field.end_year"): f["end_year"] or "",
                c.t("facilities.field.grade"): c.t(f"facilities.grade.{f['grade']}") if f["grade"] else "",
                c.t("facilities.field.border_province"): f["border_province"],
                c.t("facilities.field.project"): f["project_code"],
                c.t("facilities.field.source"): f["source"],
            }
        )
    return pd.DataFrame(rows)


def _fields(c: PageContext, form, record: dict, editable: list[dict], provinces: list[dict]) -> dict:
    kinds = list(facilities.KINDS)
    kind = st.selectbox(
        c.t("facilities.field.kind"),
        kinds,
        index=kinds.index(record["kind"]) if record.get("kind") in kinds else 0,
        format_func=lambda k: c.t(f"facilities.kind.{k}"),
        key=form.key("kind"),
    )
    name = st.text_input(c.t("facilities.field.name"), value=record.get("name", ""), key=form.key("name"))
    ids = [p["id"] for p in editable]
    names = {p["id"]: p["name"] for p in provinces}
    province = st.selectbox(
        c.t("facilities.field.province"),
        ids,
        index=ids.index(record["province_id"]) if record.get("province_id") in ids else 0,
        format_func=lambda i: names[i],
        key=form.key("province"),
    )
    cols = st.columns(3)
    fields = {}
    for i, (field, integer, decimals) in enumerate(NUMBERS):
        if field == "lanes":
            st.caption(c.t("facilities.route_help"))
            cols = st.columns(3)
        fields[field] = number_field(
            cols[i % 3] if field != "lanes" else cols[0],
            c.t(f"facilities.field.{field}"),
            record.get(field),
            key=form.key(field),
            lang=c.lang,
            integer=integer,
            decimals=decimals,
        )
    grades = ["", *facilities.GRADES]
    grade = st.selectbox(
        c.t("facilities.field.grade"),
        grades,
        index=grades.index(record.get("grade") or ""),
        format_func=lambda g: c.t(f"facilities.grade.{g}") if g else c.t("facilities.none"),
        key=form.key("grade"),
    )
    options = [None, *names]
    border = st.selectbox(
        c.t("facilities.field.border_province"),
        options,
        index=options.index(record.get("border_province_id")),
        format_func=lambda i: names[i] if i else c.t("facilities.none"),
        key=form.key("border"),
    )
    register = c.cached(projects.project_choices)
    labels = {p["id"]: f"{p['code']} · {p['name_vi']}" for p in register}
    project_options = [None, *labels]
    project = st.selectbox(
        c.t("facilities.field.project"),
        project_options,
        index=project_options.index(record.get("project_id")) if record.get("project_id") in labels else 0,
        format_func=lambda i: labels[i] if i else c.t("facilities.none"),
        key=form.key("project"),
    )
    source = st.text_input(
        c.t("facilities.field.source"), value=record.get("source", ""), key=form.key("source")
    )
    note = st.text_input(c.t("facilities.field.note"), value=record.get("note", ""), key=form.key("note"))
    return {
        "kind": kind,
        "name": name,
        "province_id": province,
        "grade": grade,
        "border_province_id": border,
        "project_id": project,
        "source": source,
        "note": note,
        "_numbers": fields,
    }


def _numbers(c: PageContext, values: dict) -> dict | None:
    fields = values.pop("_numbers")
    read = read_all(c.lang, *fields.values())
    if read is None:
        return None
    return values | dict(zip(fields, read, strict=True))


def _edit(c: PageContext, mine: list[dict], editable: list[dict], provinces: list[dict]) -> None:
    by_id = {f["id"]: f for f in mine}
    with st.expander(c.t("facilities.edit")):
        chosen = st.selectbox(
            c.t("facilities.choose"),
            list(by_id),
            format_func=lambda i: f"{by_id[i]['code']} · {by_id[i]['name']} ({by_id[i]['province']})",
            key="facilities_choose",
        )
        record = dict(by_id[chosen])
        if record["approximate"]:
            record["lat"] = record["lon"] = None
        form = EditForm(
            "facilities_edit", chosen, record, prefix="facilities_edit", group=f"facility_{chosen}"
        )
        with form:
            values = _fields(c, form, form.record, editable, provinces)
            submitted = st.form_submit_button(c.t("facilities.save"), key=f"facilities_edit_submit_{chosen}")
        if submitted and (values := _numbers(c, values)) is not None:
            form.save(
                c,
                lambda s, v: facilities.update_facility(s, c.actor, chosen, expected_version=v, **values),
                values=values,
                success=c.t("facilities.updated"),
            )
        if st.button(c.t("facilities.delete"), key=f"facilities_delete_{chosen}"):
            act(
                c,
                lambda s: facilities.delete_facility(s, c.actor, chosen, expected_version=form.version),
                success=c.t("facilities.deleted"),
                reopen=f"facility_{chosen}",
            )
