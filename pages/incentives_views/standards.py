"""The region's floor per sector (current revision, history, a form to set a new revision), and
the secretariat's lists: sectors, the regional plan's sector assignments, the monitor's settings."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from council import incentives
from council.numbers import format_number
from council.regions import list_provinces
from council.ui.context import PageContext
from council.ui.forms import CreateForm, act
from council.ui.numbers import number_field
from council.ui.text import plain

TERMS = (
    ("max_cit_exempt_years", 1),
    ("min_cit_rate", 2),
    ("max_cit_reduced_years", 1),
    ("max_land_exempt_years", 1),
    ("min_land_rent_price", 0),
)


def _sector_name(c: PageContext, s: dict) -> str:
    return s["name_vi"] if c.lang == "vi" else (s.get("name_en") or s["name_vi"])


def _frame(c: PageContext, rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                c.t("incentives.field.sector"): r["sector" if c.lang == "vi" else "sector_en"],
                c.t("incentives.field.revision"): r["revision"],
                **{c.t(f"incentives.field.{n}"): format_number(r[n], c.lang, d) for n, d in TERMS},
                c.t("incentives.field.decision_ref"): r["decision_ref"],
                c.t("incentives.field.decided_on"): r["decided_on"].strftime("%d/%m/%Y")
                if r["decided_on"]
                else "",
                c.t("incentives.field.set_by"): r["set_by"],
            }
            for r in rows
        ]
    )


def render(c: PageContext, sectors: list[dict]) -> None:
    st.subheader(c.t("incentives.standard.title"))
    st.caption(c.t("incentives.standard.help"))
    current = c.read(incentives.list_standards, c.region_id)
    if current:
        st.dataframe(_frame(c, current), hide_index=True, key="incentives_standards")
    else:
        st.info(c.t("incentives.standard.none"))
    history = c.read(incentives.list_standards, c.region_id, True)
    if len(history) > len(current):
        with st.expander(c.t("incentives.standard.history")):
            st.dataframe(_frame(c, history), hide_index=True, key="incentives_standard_history")
    if not c.can("incentive.standard") or not sectors:
        return
    with st.expander(c.t("incentives.standard.set"), expanded=not current):
        names = {s["id"]: _sector_name(c, s) for s in sectors}
        sector_id = st.selectbox(
            c.t("incentives.field.sector"), list(names), format_func=names.get, key="inc_std_sector"
        )
        now = next((r for r in current if r["sector_id"] == sector_id), None)
        revision = now["revision"] if now else 0
        st.caption(c.t("incentives.standard.current", revision=revision))
        form = CreateForm("incentive_standard", prefix=f"inc_std_{sector_id}")
        with form:
            cols = st.columns(3)
            fields = {
                n: number_field(
                    cols[i % 3],
                    c.t(f"incentives.field.{n}"),
                    now[n] if now else None,
                    key=form.key(n),
                    lang=c.lang,
                    decimals=d,
                )
                for i, (n, d) in enumerate(TERMS)
            }
            decision = st.text_input(c.t("incentives.field.decision_ref"), key=form.key("decision"))
            decided_on = st.date_input(
                c.t("incentives.field.decided_on"),
                value=date.today(),
                format="DD/MM/YYYY",
                key=form.key("on"),
            )
            submitted = st.form_submit_button(c.t("incentives.standard.save"), type="primary")
        if submitted:
            form.save(
                c,
                lambda s: incentives.set_standard(
                    s,
                    c.actor,
                    region_id=c.region_id,
                    sector_id=sector_id,
                    expected_revision=revision,
                    decision_ref=decision,
                    decided_on=decided_on,
                    **{n: f.value for n, f in fields.items()},
                ),
                values={"revision": revision, "decision": decision, **{n: f.text for n, f in fields.items()}},
                success=lambda row: c.t("incentives.standard.saved", revision=row["revision"]),
            )


def render_settings(c: PageContext, sectors: list[dict], cfg: dict) -> None:
    st.subheader(c.t("incentives.sector.title"))
    if sectors:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        c.t("incentives.sector.code"): s["code"],
                        c.t("incentives.sector.name_vi"): s["name_vi"],
                        c.t("incentives.sector.name_en"): s["name_en"],
                    }
                    for s in sectors
                ]
            ),
            hide_index=True,
            key="incentives_sectors",
        )
    manage = c.can("incentive.standard")
    if manage:
        form = CreateForm("incentive_sector", prefix="inc_sector")
        with form:
            cols = st.columns(3)
            code = cols[0].text_input(c.t("incentives.sector.code"), key=form.key("code"))
            name_vi = cols[1].text_input(c.t("incentives.sector.name_vi"), key=form.key("name_vi"))
            name_en = cols[2].text_input(c.t("incentives.sector.name_en"), key=form.key("name_en"))
            submitted = st.form_submit_button(c.t("incentives.sector.add"))
        if submitted:
            form.save(
                c,
                lambda s: incentives.save_sector(s, c.actor, code=code, name_vi=name_vi, name_en=name_en),
                values={"code": code, "name_vi": name_vi, "name_en": name_en},
                success=lambda row: c.t("incentives.sector.saved", name=plain(row["name_vi"])),
            )
    _assignments(c, sectors, manage)
    _settings(c, cfg, manage)


def _assignments(c: PageContext, sectors: list[dict], manage: bool) -> None:
    st.subheader(c.t("incentives.plan.title"))
    st.caption(c.t("incentives.plan.help"))
    rows = c.read(incentives.list_assignments, c.region_id)
    if rows:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        c.t("incentives.field.sector"): r["sector"],
                        c.t("incentives.field.province"): r["province"],
                        c.t("incentives.plan.source"): r["source"],
                    }
                    for r in rows
                ]
            ),
            hide_index=True,
            key="incentives_assignments",
        )
    else:
        st.info(c.t("incentives.plan.none"))
    if not manage or not sectors:
        return
    names = {s["id"]: _sector_name(c, s) for s in sectors}
    pnames = {p["id"]: p["name_vi"] for p in c.cached(list_provinces, c.region_id)}
    form = CreateForm("incentive_assign", prefix="inc_assign")
    with form:
        sector_id = st.selectbox(
            c.t("incentives.field.sector"), list(names), format_func=names.get, key=form.key("sector")
        )
        pids = st.multiselect(
            c.t("incentives.plan.provinces"),
            list(pnames),
            format_func=pnames.get,
            placeholder=c.t("incentives.plan.choose"),
            key=form.key("provinces"),
        )
        source = st.text_input(c.t("incentives.plan.source"), key=form.key("source"))
        submitted = st.form_submit_button(c.t("incentives.plan.save"))
    if submitted:
        form.save(
            c,
            lambda s: incentives.assign_sector(
                s, c.actor, region_id=c.region_id, sector_id=sector_id, province_ids=pids, source=source
            ),
            values={"sector": sector_id, "provinces": tuple(pids), "source": source},
            success=c.t("incentives.plan.saved"),
        )
    if rows:
        by_id = {r["id"]: r for r in rows}
        chosen = st.selectbox(
            c.t("incentives.plan.remove"),
            list(by_id),
            format_func=lambda i: f"{by_id[i]['sector']} · {by_id[i]['province']}",
            key="inc_assign_remove_choice",
        )
        if st.button(c.t("incentives.plan.remove"), key="inc_assign_remove"):
            act(
                c,
                lambda s: incentives.remove_assignment(s, c.actor, chosen),
                success=c.t("incentives.plan.removed"),
            )


def _settings(c: PageContext, cfg: dict, manage: bool) -> None:
    st.subheader(c.t("incentives.settings.title"))
    if not manage:
        st.dataframe(
            pd.DataFrame(
                [
                    {"": c.t(f"incentives.setting.{k}"), " ": format_number(v, c.lang, 2)}
                    for k, v in cfg.items()
                ]
            ),
            hide_index=True,
            key="incentives_settings_table",
        )
        return
    form = CreateForm("incentive_settings", prefix="inc_settings")
    with form:
        cols = st.columns(3)
        fields = {
            k: number_field(cols[i % 3], c.t(f"incentives.setting.{k}"), v, key=form.key(k), lang=c.lang)
            for i, (k, v) in enumerate(cfg.items())
        }
        submitted = st.form_submit_button(c.t("incentives.settings.save"))
    if submitted:

        def write(s):
            for k, f in fields.items():
                if f.value != cfg[k]:
                    incentives.set_setting(s, c.actor, k, f.value)

        form.save(
            c,
            write,
            values={k: f.text for k, f in fields.items()},
            success=c.t("incentives.settings.saved"),
        )
