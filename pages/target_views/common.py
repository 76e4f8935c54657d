"""What the targets views share: a target's label, a status's inputs in words, the Excel download."""

from __future__ import annotations

import streamlit as st

from council.i18n import fmt_number
from council.io import XLSX_MIME, to_excel
from pages.target_views.progress import settings_line


def download(frame, name: str, key: str, label: str) -> None:
    st.download_button(
        label, data=lambda: to_excel({name: frame}), file_name=f"{name}.xlsx", mime=XLSX_MIME, key=key
    )


def target_label(c, t: dict) -> str:
    name = t["indicator_vi"] if c.lang == "vi" else t["indicator_en"]
    period = t["period"] or str(t["target_year"])
    goal = t["target_text"] or fmt_number(t["target"], c.lang)
    return f"{name} · {t['plan_region']} · {period} ({c.t('targets.target_short')} {goal})"


def short(text: str, size: int = 30) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def inputs_text(c, p: dict) -> str:
    """The inputs of a status, in words, so nobody has to take it on trust."""

    n = lambda v, d=2: fmt_number(v, c.lang, d)  # noqa: E731
    status = c.t(f"progress.{p['status']}")
    lines = [f"**{status}**"]
    partial = p.get("coverage_note")
    pct = lambda x: f"{fmt_number(100 * x, c.lang, 0)} %"  # noqa: E731
    partial_text = (
        c.t(
            "weights.partial",
            reporting=partial["reporting"],
            covered=partial["covered"],
            year=partial["year"],
            share=pct(partial["share"]),
            minimum=pct(partial["minimum"]),
        )
        if partial
        else ""
    )
    # How the regional value is made (population- or GRDP-weighted, sum, mean), next to it.
    basis = (
        c.t("weights.regional_value", basis=c.t(f"weights.basis.{p['weight_by']}"))
        if p.get("weight_by")
        else ""
    )
    excluded = (
        c.t("weights.excluded_no_weight", names=", ".join(p["excluded_no_weight"]))
        if p.get("excluded_no_weight")
        else ""
    )
    if p["status"] == "no_data":
        if p["reason"] == "partial_coverage" and partial:
            lines.append(partial_text)
        else:
            lines.append(c.t(f"targets.reason.{p['reason'] or 'no_observation'}"))
        return " — ".join(x for x in (*lines, basis, excluded) if x)
    lines.append(c.t("targets.in.target", value=n(p["target"]), year=p["target_year"]))
    if p["latest_year"] is not None:
        lines.append(c.t("targets.in.latest", value=n(p["latest_value"]), year=p["latest_year"]))
    if p["annual_rate"] and p["mean_value"] is not None:
        years = ", ".join(str(y) for y in p["years_used"])
        lines.append(c.t("targets.in.mean", value=n(p["mean_value"]), years=years))
    if p["baseline_value"] is not None and not p["annual_rate"]:
        lines.append(
            c.t(
                f"targets.in.baseline_{p['baseline_source'] or 'target'}",
                value=n(p["baseline_value"]),
                year=p["baseline_year"],
            )
        )
    if p["observed_growth"] is not None:
        factor = 100 if p["growth_method"] == "cagr" else 1
        unit = "%/năm" if p["growth_method"] == "cagr" else c.t("targets.per_year")
        lines.append(
            c.t(
                "targets.in.growth",
                observed=n(p["observed_growth"] * factor),
                required=n(p["required_growth"] * factor),
                unit=unit,
            )
        )
    if p["expected_now"] is not None and not p["annual_rate"]:
        lines.append(c.t("targets.in.path", value=n(p["expected_now"]), year=p["latest_year"]))
    if p["ratio"] is not None:
        lines.append(
            c.t(
                "targets.in.ratio",
                ratio=n(p["ratio"]),
                on=n(p["thresholds"]["on_track"]),
                risk=n(p["thresholds"]["at_risk"]),
            )
        )
    used = settings_line(c, p)  # the method and thresholds this status used
    if used:
        lines.append(used)
    if p.get("rate_method") == "difference":
        lines.append(c.t("targets.note.rate_difference"))
    for note in p.get("notes", []):
        lines.append(c.t(f"targets.note.{note}", years=", ".join(str(y) for y in p["years_used"])))
    if partial:
        lines.append(partial_text)
    return " — ".join(x for x in (*lines, basis, excluded) if x)
