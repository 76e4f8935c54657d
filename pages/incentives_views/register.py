"""The register: every package of the region's provinces, a form to record one, a form to edit
one, and the Excel import (all or nothing) and export."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from council import incentives
from council.io import XLSX_MIME
from council.numbers import format_number
from council.regions import list_provinces
from council.ui.context import PageContext
from council.ui.forms import CreateForm, EditForm
from council.ui.imports import import_form
from council.ui.numbers import number_field

NUMBER_TERMS = (
    ("cit_exempt_years", 1, False),
    ("cit_reduced_rate", 2, False),
    ("cit_reduced_years", 1, False),
    ("land_exempt_years", 1, False),
    ("land_rent_price", 0, False),
    ("processing_days", 0, True),
)
TEXT_FIELDS = ("area", "infrastructure_support", "training_support", "legal_basis", "source_url", "note")


def render(c: PageContext, sectors: list[dict], rows: list[dict]) -> None:
    _table(c, rows)
    provinces = [p for p in c.cached(list_provinces, c.region_id) if c.can("incentive.edit", [p["id"]])]
    if not provinces:
        return
    if not sectors:
        st.info(c.t("incentives.no_sectors"))
        return
    with st.expander(c.t("incentives.add"), expanded=not rows):
        _form(c, sectors, provinces, None)
    editable = [r for r in rows if c.can("incentive.edit", [r["province_id"]])]
    if editable:
        with st.expander(c.t("incentives.edit")):
            by_id = {r["id"]: r for r in editable}
            chosen = st.selectbox(
                c.t("incentives.choose"),
                list(by_id),
                format_func=lambda i: f"#{i} · {by_id[i]['province']} · {by_id[i]['sector']}",
                key="incentives_choose",
            )
            _form(c, sectors, provinces, by_id[chosen])
    with st.expander(c.t("incentives.import_title")):
        _import(c)


def _table(c: PageContext, rows: list[dict]) -> None:
    if not rows:
        st.info(c.t("incentives.empty"))
        return
    en = c.lang == "en"
    out = []
    for r in rows:
        line = {
            "#": r["id"],
            c.t("incentives.field.province"): r["province_en" if en else "province"],
            c.t("incentives.field.sector"): r["sector_en" if en else "sector"],
            c.t("incentives.field.area"): r["area"],
        }
        for name, decimals, _ in NUMBER_TERMS:
            line[c.t(f"incentives.field.{name}")] = format_number(r[name], c.lang, decimals)
        line[c.t("incentives.table.effective")] = " – ".join(
            d.strftime("%d/%m/%Y") for d in (r["effective_from"], r["effective_to"]) if d
        )
        line[c.t("incentives.table.foregone")] = format_number(r["foregone"], c.lang, 1)
        line[c.t("incentives.table.deviation")] = format_number(r["deviation"], c.lang, 1)
        line[c.t("incentives.table.breaches")] = ", ".join(c.t(f"incentives.term.{b}") for b in r["breaches"])
        line[c.t("incentives.table.change")] = c.t(f"incentives.change.{r['change']}")
        line[c.t("incentives.field.legal_basis")] = r["legal_basis"]
        out.append(line)
    st.dataframe(pd.DataFrame(out), hide_index=True, key="incentives_table")


def _form(c: PageContext, sectors: list[dict], provinces: list[dict], record: dict | None) -> None:
    pnames = {p["id"]: p["name_vi"] for p in provinces}
    snames = {s["id"]: s["name_vi"] if c.lang == "vi" else (s["name_en"] or s["name_vi"]) for s in sectors}
    if record is None:
        form: CreateForm | EditForm = CreateForm("incentive_create", prefix="inc_new")
        initial: dict = {"effective_from": date.today()}
    else:
        form = EditForm("incentive_edit", record["id"], record, prefix="inc_edit")
        initial = form.record
    with form:
        left, right = st.columns(2)
        pids = list(pnames)
        province_id = left.selectbox(
            c.t("incentives.field.province"),
            pids,
            index=pids.index(initial["province_id"]) if initial.get("province_id") in pids else 0,
            format_func=pnames.get,
            key=form.key("province"),
        )
        sids = list(snames)
        sector_id = right.selectbox(
            c.t("incentives.field.sector"),
            sids,
            index=sids.index(initial["sector_id"]) if initial.get("sector_id") in sids else 0,
            format_func=snames.get,
            key=form.key("sector"),
        )
        cols = st.columns(3)
        numbers = {
            name: number_field(
                cols[i % 3],
                c.t(f"incentives.field.{name}"),
                initial.get(name),
                key=form.key(name),
                lang=c.lang,
                decimals=decimals,
                integer=integer,
            )
            for i, (name, decimals, integer) in enumerate(NUMBER_TERMS)
        }
        left, right = st.columns(2)
        start = left.date_input(
            c.t("incentives.field.effective_from"),
            value=initial.get("effective_from"),
            format="DD/MM/YYYY",
            key=form.key("effective_from"),
        )
        end = right.date_input(
            c.t("incentives.field.effective_to"),
            value=initial.get("effective_to"),
            format="DD/MM/YYYY",
            key=form.key("effective_to"),
        )
        texts = {
            name: st.text_input(
                c.t(f"incentives.field.{name}"), value=initial.get(name) or "", key=form.key(name)
            )
            for name in TEXT_FIELDS
        }
        left, right = st.columns(2)
        submitted = left.form_submit_button(c.t("incentives.save"), type="primary")
        delete = right.form_submit_button(c.t("incentives.delete")) if record is not None else False
    values = {
        "province_id": province_id,
        "sector_id": sector_id,
        "effective_from": start,
        "effective_to": end,
        **texts,
    }
    shown = {**values, **{k: v.text for k, v in numbers.items()}}
    if submitted and isinstance(form, CreateForm):
        form.save(
            c,
            lambda s: incentives.create_incentive(
                s, c.actor, **values, **{k: v.value for k, v in numbers.items()}
            ),
            values=shown,
            success=c.t("incentives.created", province=pnames[province_id], sector=snames[sector_id]),
        )
    elif submitted and isinstance(form, EditForm) and record is not None:
        form.save(
            c,
            lambda s, v: incentives.update_incentive(
                s,
                c.actor,
                record["id"],
                expected_version=v,
                **values,
                **{k: n.value for k, n in numbers.items()},
            ),
            values=shown,
            success=c.t("incentives.saved"),
        )
    elif delete and isinstance(form, EditForm) and record is not None:
        form.save(
            c,
            lambda s, v: incentives.delete_incentive(s, c.actor, record["id"], expected_version=v),
            values={"delete": record["id"]},
            success=c.t("incentives.deleted"),
        )


def _import(c: PageContext) -> None:
    st.caption(c.t("incentives.import_help"))
    left, right = st.columns(2)
    left.download_button(
        c.t("incentives.template"),
        data=lambda: incentives.template_excel(c.lang),
        file_name="mau-uu-dai-dau-tu.xlsx",
        mime=XLSX_MIME,
        key="incentives_template",
    )
    right.download_button(
        c.t("incentives.export"),
        data=lambda: c.read(incentives.export_excel, c.region_id),
        file_name="uu-dai-dau-tu.xlsx",
        mime=XLSX_MIME,
        key="incentives_export",
    )
    import_form(
        c,
        "incentive_import",
        prefix="inc_import",
        submit_key="incentives_import",
        label=c.t("incentives.import_file"),
        submit=c.t("incentives.import_button"),
        write=lambda s, data, name: incentives.import_incentives(s, c.actor, data, name),
        success=lambda result: c.t("incentives.import_done", **result),
    )
