"""Regional plan targets, provinces' figures, and the progress and contribution maths.

Three parts:

* **Maths** (pure functions, no database): regional aggregation by the indicator's rule,
  the progress status of a series against a target (after Open SDG / Statistics Canada:
  observed compound annual growth compared with the growth required), shares of the
  regional total, contributions to the regional change, quota defaults and checks.
* **Reading** (plain dicts for the pages): which new provinces a target covers, the
  regional and provincial statuses with all their inputs, the heatmap, a scorecard.
* **Writing** (``(session, actor, ...)`` services): targets and quotas (secretariat),
  figures entered by representatives for their own province, the submit / approve /
  return / reopen workflow, and the all-or-nothing Excel import. Every change is audited.

The formulas and thresholds are documented in README.md, "Targets and figures".
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import func
from sqlmodel import Session, col, select

from council import audit
from council.auth import Actor, authorize, can
from council.bounds import is_finite
from council.errors import NotFound, PermissionDenied, StaleEdit, ValidationError
from council.io import ImportRejected, RowError, parse_float, read_table, require_columns, to_excel
from council.models import (
    AGGREGATIONS,
    DIRECTIONS,
    AuditEntry,
    Indicator,
    IndicatorProgress,
    Observation,
    Province,
    ProvinceConstituent,
    ProvinceTarget,
    Region,
    Target,
    utcnow,
)
from council.people import people_names
from council.seed import parse_target_value
from council.textutil import fold, nfc, vi_sort_key
from council.versioning import delete_versioned, load_for_edit, save_versioned

# --- statuses and thresholds ----------------------------------------------------

ACHIEVED, ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA = "achieved", "on_track", "at_risk", "off_track", "no_data"
PROGRESS_STATUSES = (ACHIEVED, ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA)
# Open SDG (Statistics Canada) compares R = observed growth / required growth with 95 % and 60 %.
ON_TRACK_RATIO = 0.95
AT_RISK_RATIO = 0.60
# Quotas must aggregate back to the regional target within this relative tolerance.
QUOTA_TOLERANCE = 1e-6
EDITABLE_STATUSES = ("draft", "returned")
# Where the secretariat returns a set: to the entry level (the officer, or the representative
# where the province has one level) or to the representative's sign-off (two levels only).
RETURN_LEVELS = ("entry", "signoff")
YEAR_MIN, YEAR_MAX = 2000, 2100


# --- maths: aggregation ---------------------------------------------------------


# A regional status needs the reporting provinces to carry at least this share of the weight
# (population, GRDP, or the number of provinces for a plain mean); Indicator.min_coverage overrides it.
DEFAULT_MIN_COVERAGE = 0.80
WEIGHT_SERIES = ("population", "grdp")


def _finite(v) -> bool:
    return v is not None and isinstance(v, int | float) and math.isfinite(v)


def weight_series(indicator) -> str:
    """The series a weighted mean of ``indicator`` is weighted by: "population" or "grdp"."""
    by = getattr(indicator, "weight_by", "") or "population"
    return by if by in WEIGHT_SERIES else "population"


def min_coverage(indicator) -> float:
    """The share of the weight the reporting provinces must carry for a regional status."""
    value = getattr(indicator, "min_coverage", None)
    return float(value) if _finite(value) and 0 < value <= 1 else DEFAULT_MIN_COVERAGE


def weight_basis(indicator) -> str:
    """What a regional value of ``indicator`` is: "sum", "mean" (plain), or the series of a
    weighted mean ("population" or "grdp"); shown next to every regional value."""
    if indicator.aggregation == "weighted_mean":
        return weight_series(indicator)
    return indicator.aggregation


def lacking_weight(rule: str, province_ids: Iterable[int], weights: Mapping[int, float | None]) -> list[int]:
    """Provinces a weighted mean must leave out: no weight, or a weight that is not positive."""
    if rule != "weighted_mean":
        return []
    return [p for p in province_ids if not (_finite(weights.get(p)) and weights[p] > 0)]


def weights_for(
    rule: str, province_ids: Iterable[int], weights: Mapping[int, float | None]
) -> dict[int, float]:
    """The weight of each province in the regional value: 1 for a sum, the province's weight
    (statistical population or GRDP) for a weighted mean, 1 for a plain mean (then normalised).
    A province lacking its weight is left out of a weighted mean (``lacking_weight`` names it),
    never counted with weight 0."""
    ids = list(province_ids)
    if rule == "sum":
        return {p: 1.0 for p in ids}
    if rule == "weighted_mean":
        missing = set(lacking_weight(rule, ids, weights))
        raw = {p: float(weights[p]) for p in ids if p not in missing}
        total = math.fsum(raw.values())
        if total <= 0:
            raise ValueError("weighted mean without weights")
        return {p: w / total for p, w in raw.items()}
    if rule == "mean":
        return {p: 1.0 / len(ids) for p in ids} if ids else {}
    raise ValueError(f"unknown aggregation {rule!r}")


def _usable(values: Mapping[int, float], rule: str, weights: Mapping[int, float | None]) -> dict[int, float]:
    """The values that can enter the aggregate: finite, and weighted when the rule needs a weight."""
    finite = {p: float(v) for p, v in values.items() if _finite(v)}
    missing = set(lacking_weight(rule, finite, weights))
    return {p: v for p, v in finite.items() if p not in missing}


def aggregate(values: Mapping[int, float], rule: str, weights: Mapping[int, float | None]) -> float | None:
    """The regional value from the provinces' values (only the provinces given; NaN and
    provinces lacking a needed weight are left out, see ``aggregate_detail``)."""
    usable = _usable(values, rule, weights)
    if not usable:
        return None
    w = weights_for(rule, usable, weights)
    return math.fsum(w[p] * v for p, v in usable.items())


def aggregate_detail(
    values: Mapping[int, float],
    rule: str,
    weights: Mapping[int, float | None],
    covered: Iterable[int] | None = None,
) -> dict:
    """``aggregate`` with what it used and left out, and the coverage of ``covered`` (the
    provinces the regional value should stand for): ``weight_share`` is the share of their
    weight (their number for a sum or a plain mean) carried by the provinces used."""
    finite = {p: v for p, v in values.items() if _finite(v)}
    usable = _usable(values, rule, weights)
    covered = list(covered) if covered is not None else list(values)
    if rule == "weighted_mean":
        known = [p for p in covered if p not in set(lacking_weight(rule, covered, weights))]
        total = math.fsum(float(weights[p]) for p in known)
        part = math.fsum(float(weights[p]) for p in usable if p in set(known))
        share = part / total if total > 0 else 0.0
    else:
        share = len([p for p in usable if p in set(covered)]) / len(covered) if covered else 0.0
    return {
        "value": aggregate(usable, rule, weights),
        "used": sorted(usable),
        "not_finite": sorted(set(values) - set(finite)),
        "excluded_no_weight": sorted(lacking_weight(rule, finite, weights)),
        "unweighted_covered": sorted(lacking_weight(rule, covered, weights)),
        "weight_share": share,
    }


def shares(
    values: Mapping[int, float], rule: str, population: Mapping[int, float | None]
) -> dict[int, float]:
    """Each province's share (0..1) of the regional total: v_p / Σv for a sum, and
    w_p·v_p / Σ w·v for the means (its part of the weighted total). A province lacking its
    weight has no share (it is not in the result)."""
    values = _usable(values, rule, population)
    if not values:
        return {}
    w = weights_for(rule, values, population)
    parts = {p: w[p] * v for p, v in values.items()}
    total = math.fsum(parts.values())
    if total == 0:
        return {p: 0.0 for p in values}
    return {p: x / total for p, x in parts.items()}


def contributions(
    before: Mapping[int, float], after: Mapping[int, float], rule: str, population: Mapping[int, float | None]
) -> dict:
    """Who carried the regional change between two years. Only provinces with a value in
    both years count (the region is compared on the same provinces). Contribution of p =
    w_p·(v_p,after − v_p,before) with the weights of ``weights_for``; they add up to the
    regional change. ``pct_points`` expresses them as points of regional growth (sum rule).
    A province lacking its weight is named in ``excluded_no_weight``, not counted with weight 0."""
    no_weight = sorted(set(lacking_weight(rule, set(before) | set(after), population)))
    before = {p: v for p, v in before.items() if _finite(v) and p not in set(no_weight)}
    after = {p: v for p, v in after.items() if _finite(v) and p not in set(no_weight)}
    common = sorted(set(before) & set(after))
    if not common:
        return {
            "provinces": common,
            "region_before": None,
            "region_after": None,
            "change": None,
            "by_province": {},
            "excluded_no_weight": no_weight,
        }
    w = weights_for(rule, common, population)
    by = {p: w[p] * (after[p] - before[p]) for p in common}
    r0 = aggregate({p: before[p] for p in common}, rule, population)
    r1 = aggregate({p: after[p] for p in common}, rule, population)
    change = math.fsum(by.values())
    pct = {p: (100 * c / r0 if r0 else None) for p, c in by.items()}
    return {
        "provinces": common,
        "region_before": r0,
        "region_after": r1,
        "change": change,
        "by_province": by,
        "pct_points": pct,
        "excluded_before": sorted(set(before) - set(common)),
        "excluded_after": sorted(set(after) - set(common)),
        "excluded_no_weight": no_weight,
    }


# --- maths: progress ------------------------------------------------------------


def target_value(low: float | None, high: float | None, direction: str) -> float | None:
    """The figure to reach: the lower bound of a range when more is better, the upper when less is."""
    if direction == "decrease":
        return high if high is not None else low
    return low if low is not None else high


_ANNUAL_RATE_UNIT = re.compile(r"(điểm )?%/năm")


def is_annual_rate(unit: str) -> bool:
    """Units '%/năm' and 'điểm %/năm': the target is an average yearly rate over the period,
    not a level ('triệu đồng/người/năm' is a level)."""
    return _ANNUAL_RATE_UNIT.fullmatch(nfc(unit)) is not None


def _growth(y0: float, y1: float, years: float) -> tuple[float, str]:
    if y0 > 0 and y1 > 0:
        return (y1 / y0) ** (1 / years) - 1, "cagr"
    return (y1 - y0) / years, "linear"


def path_value(
    baseline_year: int, baseline_value: float, target_year: int, target: float, year: int
) -> float:
    """The straight path from baseline to target, read at ``year``."""
    if target_year == baseline_year:
        return target
    return baseline_value + (target - baseline_value) * (year - baseline_year) / (target_year - baseline_year)


def classify(ratio: float, on_track: float = ON_TRACK_RATIO, at_risk: float = AT_RISK_RATIO) -> str:
    if ratio >= on_track:
        return ON_TRACK
    if ratio >= at_risk:
        return AT_RISK
    return OFF_TRACK


# The progress methods an indicator may carry (council.signoff_models.IndicatorProgress):
# "cagr" (compound growth ratio, linear when a value is not positive), "linear" (yearly change
# ratio, always), "yearly_mean" (the mean of the yearly values against the target, for a target
# that is an average yearly rate). "" = the default: "yearly_mean" for a %/năm unit, else "cagr".
METHODS = ("cagr", "linear", "yearly_mean")


def default_method(unit: str) -> str:
    return "yearly_mean" if is_annual_rate(unit) else "cagr"


def progress_settings(unit: str, row=None) -> dict:
    """The method and thresholds a status of an indicator uses: its own (``row``, an
    IndicatorProgress or a dict) where set, else the defaults; ``source`` says which."""

    def get(name):
        if row is None:
            return None
        return row.get(name) if isinstance(row, dict) else getattr(row, name, None)

    method, on, risk = get("method") or "", get("on_track"), get("at_risk")
    return {
        "method": method or default_method(unit),
        "on_track": float(on) if _finite(on) else ON_TRACK_RATIO,
        "at_risk": float(risk) if _finite(risk) else AT_RISK_RATIO,
        "source": "indicator" if (method or _finite(on) or _finite(risk)) else "default",
    }


def progress_status(
    series: Mapping[int, float],
    *,
    direction: str,
    target: float | None,
    target_year: int | None,
    baseline_year: int | None = None,
    baseline_value: float | None = None,
    annual_rate: bool = False,
    settings: Mapping | None = None,
) -> dict:
    """The status of a series against a target, with every input used.

    ``settings`` (``progress_settings``: the indicator's method and thresholds) overrides the
    defaults: method "yearly_mean" reads the target as an average yearly rate (as ``annual_rate``
    does), "cagr" or "linear" as a level; "linear" compares linear yearly changes even when every
    value is positive; the thresholds replace 0.95 / 0.60. The status names what it used
    (``method``, ``thresholds``, ``settings_source``).

    Figures that are missing or not finite (NaN, infinity) are dropped first. When the target
    names its baseline year, only figures after that year measure progress: figures from before
    the plan are never used instead, and with no figure after the baseline there is no status
    (reason ``no_observation_after_baseline``).

    Level targets: achieved when the latest value has reached the target (in the desired
    direction); otherwise R = observed growth / required growth, where observed growth is the
    compound annual growth rate from the baseline to the latest value and required growth the
    rate from the baseline to the target in the target year (linear yearly change instead when
    a value is not positive); R ≥ 0.95 on track, 0.60 ≤ R < 0.95 at risk, R < 0.60 off track.
    The baseline is the target's own baseline (its value, or the figure of its year), or else
    the earliest observed value from the baseline year on.

    Annual-rate targets (e.g. average GRDP growth %/year over 2021-2030): the mean of the yearly
    values after the baseline year, compared with the target. When both are positive,
    R = mean / target (target / mean for a 'decrease' indicator), same thresholds; when either is
    zero or negative a ratio means nothing, so the status is on track if the mean is at or beyond
    the target and off track otherwise (``rate_method`` "difference"). Achieved once the target
    year is observed with the mean at target. A mean of one year against a multi-year average
    target is noted (``notes``: "single_year_of_average").
    """
    d = -1 if direction == "decrease" else 1
    chosen = dict(settings) if settings else {}
    method = chosen.get("method") or ("yearly_mean" if annual_rate else "cagr")
    annual_rate = method == "yearly_mean"
    on_ratio = float(chosen.get("on_track") or ON_TRACK_RATIO)
    risk_ratio = float(chosen.get("at_risk") or AT_RISK_RATIO)
    obs = {int(y): float(v) for y, v in series.items() if _finite(v)}
    if not _finite(target):
        target = None
    if not _finite(baseline_value):
        baseline_value = None
    out = {
        "direction": direction,
        "target": target,
        "target_year": target_year,
        "annual_rate": annual_rate,
        "baseline_year": baseline_year,
        "baseline_value": baseline_value,
        "baseline_source": None,
        "latest_year": None,
        "latest_value": None,
        "observed_growth": None,
        "required_growth": None,
        "growth_method": None,
        "rate_method": None,
        "mean_value": None,
        "years_used": [],
        "ratio": None,
        "expected_now": None,
        "thresholds": {"on_track": on_ratio, "at_risk": risk_ratio},
        "method": method,
        "settings_source": chosen.get("source", "default"),
        "status": NO_DATA,
        "reason": "",
        "notes": [],
    }
    if target is None or target_year is None:
        out["reason"] = "no_target"
        return out
    if not obs:
        out["reason"] = "no_observation"
        return out
    latest = max(obs)
    out["latest_year"], out["latest_value"] = latest, obs[latest]
    if annual_rate:
        start = baseline_year if baseline_year is not None else min(obs) - 1
        used = sorted(y for y in obs if start < y <= target_year)
        if not used:
            out["reason"] = "no_observation_in_period"
            return out
        mean = math.fsum(obs[y] for y in used) / len(used)
        out.update(mean_value=mean, years_used=used, baseline_year=start, expected_now=target)
        if len(used) == 1 and target_year - start > 1:
            out["notes"].append("single_year_of_average")
        met = d * (mean - target) >= 0
        if target > 0 and mean > 0:
            out["rate_method"] = "ratio"
            out["ratio"] = mean / target if d > 0 else target / mean
            status = classify(out["ratio"], on_ratio, risk_ratio)
        else:
            out["rate_method"] = "difference"
            status = ON_TRACK if met else OFF_TRACK
        out["status"] = ACHIEVED if max(used) >= target_year and met else status
        return out
    if baseline_year is not None:
        # The plan's own baseline: figures from before it do not measure the plan's progress.
        if baseline_value is None and baseline_year in obs:
            baseline_value = obs[baseline_year]
            out["baseline_value"], out["baseline_source"] = baseline_value, "observed"
        if latest <= baseline_year:
            out["reason"] = "no_observation_after_baseline"
            return out
    if d * (obs[latest] - target) >= 0:
        out["status"] = ACHIEVED
        if baseline_value is not None and out["baseline_source"] is None:
            out["baseline_source"] = "target"
        return out
    if baseline_value is not None and baseline_year is not None:
        y0_year, y0 = baseline_year, baseline_value
        out["baseline_source"] = out["baseline_source"] or "target"
    else:
        # No baseline value: the earliest figure, but never one from before the baseline year.
        earlier = [y for y in obs if y < latest and (baseline_year is None or y >= baseline_year)]
        if not earlier:
            out["reason"] = "single_observation"
            return out
        y0_year = min(earlier)
        y0, out["baseline_source"] = obs[y0_year], "observed"
    if target_year <= y0_year:
        out["reason"] = "target_year_before_baseline"
        return out
    out["baseline_year"], out["baseline_value"] = y0_year, y0
    observed, method_o = _growth(y0, obs[latest], latest - y0_year)
    required, method_r = _growth(y0, target, target_year - y0_year)
    if method_o != method_r or method == "linear":  # compare like with like (or linear by choice)
        observed, _ = (obs[latest] - y0) / (latest - y0_year), "linear"
        required, _ = (target - y0) / (target_year - y0_year), "linear"
        method_r = "linear"
    out.update(
        observed_growth=observed,
        required_growth=required,
        growth_method=method_r,
        expected_now=path_value(y0_year, y0, target_year, target, latest),
    )
    if d * required <= 0:
        # The baseline already met the target but the latest value no longer does.
        out["ratio"] = -1.0
        out["status"] = OFF_TRACK
        out["reason"] = "fell_below_target"
        return out
    out["ratio"] = observed / required
    out["status"] = classify(out["ratio"], on_ratio, risk_ratio)
    return out


# --- maths: quotas --------------------------------------------------------------


def default_quotas(regional_target: float, baseline: Mapping[int, float], rule: str) -> dict[int, float]:
    """A sum target split in proportion to each province's baseline value; for the means,
    every province gets the regional figure (so the weighted mean of the quotas is the target)."""
    if rule == "sum":
        total = math.fsum(baseline.values())
        if not baseline or total == 0:
            raise ValidationError("targets.error.no_baseline_shares", field="baseline")
        return {p: regional_target * v / total for p, v in baseline.items()}
    return {p: regional_target for p in baseline}


def check_quotas(
    quotas: Mapping[int, float], regional_target: float, rule: str, population: Mapping[int, float | None]
) -> dict:
    """Do the quotas add back (by the indicator's rule) to the regional target?"""
    total = aggregate(quotas, rule, population) if quotas else None
    diff = None if total is None else total - regional_target
    ok = diff is not None and abs(diff) <= QUOTA_TOLERANCE * max(1.0, abs(regional_target))
    return {"aggregate": total, "target": regional_target, "difference": diff, "ok": ok}


# --- coverage of old-region targets ---------------------------------------------


def _period_years(period: str) -> tuple[int | None, int | None]:
    years = [int(y) for y in re.findall(r"(?<!\d)(\d{4})(?!\d)", period or "")]
    if not years:
        return None, None
    return min(years), max(years)


def is_new_geography(target: Target, old_region_names: set[str]) -> bool:
    """2021-2030 plans speak of the pre-2025 regions; 2026-2030 targets of today's six."""
    start, _ = _period_years(target.period)
    if (start is not None and start >= 2026) or (target.baseline_year or 0) >= 2025:
        return True
    return target.plan_region not in old_region_names


def _constituents(session: Session) -> dict[int, list[tuple[str, str]]]:
    out: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for c in session.exec(select(ProvinceConstituent)):
        out[c.province_id].append((c.old_name, c.plan_region_2021))
    return out


class _World:
    """Everything the read functions need, loaded once per call."""

    def __init__(self, session: Session, indicator_ids: Iterable[int] | None = None):
        """``indicator_ids``: the indicators whose approved figures are needed; by default those
        that have a target (what every status is computed on), filtered in SQL, so a database
        with tens of thousands of other figures is not read for a heatmap."""
        self.provinces = {p.id: p for p in session.exec(select(Province))}
        # Weights: the statistics office's population and the derived GRDP (data/SOURCES.md).
        self.population = {p.id: p.population for p in self.provinces.values()}
        self.series = {
            "population": self.population,
            "grdp": {p.id: p.grdp_weight for p in self.provinces.values()},
        }
        self.indicators = {i.id: i for i in session.exec(select(Indicator))}
        # Each indicator's own progress method and thresholds (none: the defaults).
        self.progress = {r.indicator_id: r for r in session.exec(select(IndicatorProgress))}
        self.regions = {r.id: r for r in session.exec(select(Region))}
        self.constituents = _constituents(session)
        self.old_regions = {r for parts in self.constituents.values() for _, r in parts}
        self.targets = {t.id: t for t in session.exec(select(Target))}
        self._coverage: dict[int, list[dict]] = {}
        self._by_geography: dict[tuple, list[dict]] = {}
        self.province_targets = list(session.exec(select(ProvinceTarget)))
        # Looked up per heatmap cell: indexed once instead of scanned per cell.
        self.region_provinces: dict[int, list[int]] = defaultdict(list)
        for p in self.provinces.values():
            self.region_provinces[p.region_id].append(p.id)
        self.quota_of: dict[tuple[int, int], ProvinceTarget] = {}
        self.own_targets: dict[tuple[int, int], list[ProvinceTarget]] = defaultdict(list)
        for q in self.province_targets:
            if q.target_id is not None:
                self.quota_of.setdefault((q.target_id, q.province_id), q)
            else:
                self.own_targets[(q.province_id, q.indicator_id)].append(q)
        self.approved: dict[int, dict[int, dict[int, float]]] = defaultdict(lambda: defaultdict(dict))
        # Columns, not ORM objects: tens of thousands of figures at scale.
        wanted = (
            select(Target.indicator_id).distinct() if indicator_ids is None else sorted(set(indicator_ids))
        )
        for indicator_id, province_id, year, value in session.connection().execute(
            select(
                Observation.indicator_id, Observation.province_id, Observation.year, Observation.value
            ).where(
                Observation.status == "approved",
                col(Observation.value).is_not(None),
                col(Observation.indicator_id).in_(wanted),
            )
        ):
            self.approved[indicator_id][province_id][year] = value

    def coverage(self, t: Target) -> list[dict]:
        if t.id not in self._coverage:
            # Coverage depends only on the geography (the region, or the 2021 plan region):
            # computed once per geography, each target gets its own copy of the rows.
            key = ("2025", t.region_id) if is_new_geography(t, self.old_regions) else ("2021", t.plan_region)
            if key not in self._by_geography:
                self._by_geography[key] = self._compute_coverage(t)
            self._coverage[t.id] = [dict(r) for r in self._by_geography[key]]
        return self._coverage[t.id]

    def _compute_coverage(self, t: Target) -> list[dict]:
        if is_new_geography(t, self.old_regions):
            ids = self.region_provinces.get(t.region_id, []) if t.region_id is not None else []
            rows = [{"province_id": i, "coverage": "full", "inside": [], "outside": []} for i in ids]
        else:
            rows = []
            for pid, parts in self.constituents.items():
                inside = [n for n, r in parts if r == t.plan_region]
                if inside:
                    outside = [n for n, r in parts if r != t.plan_region]
                    rows.append(
                        {
                            "province_id": pid,
                            "coverage": "partial" if outside else "full",
                            "inside": inside,
                            "outside": outside,
                        }
                    )
        for r in rows:
            r["province"] = self.provinces[r["province_id"]].name_vi
        return sorted(rows, key=lambda r: vi_sort_key(r["province"]))

    def geography(self, t: Target) -> str:
        return "2025" if is_new_geography(t, self.old_regions) else "2021"

    def settings(self, ind: Indicator) -> dict:
        """The progress method and thresholds of ``ind`` (``progress_settings``)."""
        return progress_settings(ind.unit, self.progress.get(ind.id))

    def weights(self, ind: Indicator) -> Mapping[int, float | None]:
        """The weights of ``ind``'s weighted mean (population or GRDP, per ``Indicator.weight_by``)."""
        return self.series[weight_series(ind)]

    def regional_series(self, t: Target, covered: list[int]) -> dict:
        """The regional value of each year with its coverage. A year counts for the status only
        when its reporting provinces carry at least the indicator's minimum share of the weight
        (all provinces for a sum); otherwise it is "partial: n of N provinces, x % of weight"."""
        ind = self.indicators[t.indicator_id]
        weights = self.weights(ind)
        minimum = min_coverage(ind)
        values = self.approved.get(t.indicator_id, {})
        years = sorted({y for p in covered for y in values.get(p, {})})
        rows = []
        for y in years:
            vals = {p: values[p][y] for p in covered if y in values.get(p, {})}
            detail = aggregate_detail(vals, ind.aggregation, weights, covered)
            complete = len(detail["used"]) == len(covered)
            enough = complete if ind.aggregation == "sum" else detail["weight_share"] >= minimum - 1e-12
            rows.append(
                {
                    "year": y,
                    "value": detail["value"],
                    "reporting": len(detail["used"]),
                    "covered": len(covered),
                    "complete": complete,
                    "weight_share": detail["weight_share"],
                    "meets_coverage": enough and detail["value"] is not None,
                    "excluded_no_weight": [self.provinces[p].name_vi for p in detail["excluded_no_weight"]],
                }
            )
        usable = {r["year"]: r["value"] for r in rows if r["meets_coverage"]}
        return {"rows": rows, "usable": usable, "min_coverage": minimum, "weight_by": weight_basis(ind)}


def _target_dict(w: _World, t: Target) -> dict:
    ind = w.indicators[t.indicator_id]
    return {
        "id": t.id,
        "indicator_id": t.indicator_id,
        "indicator_code": ind.code,
        "indicator_vi": ind.name_vi,
        "indicator_en": ind.name_en,
        "unit": ind.unit,
        "direction": ind.direction,
        "aggregation": ind.aggregation,
        "weight_by": weight_basis(ind),
        "min_coverage": min_coverage(ind),
        "region_id": t.region_id,
        "plan_region": t.plan_region,
        "label": t.label,
        "baseline_year": t.baseline_year,
        "baseline_value": t.baseline_value,
        "target_year": t.target_year,
        "target_text": t.target_text,
        "target_low": t.target_low,
        "target_high": t.target_high,
        "target": target_value(t.target_low, t.target_high, ind.direction),
        "period": t.period,
        "source_document": t.source_document,
        "source_url": t.source_url,
        "version": t.version,
        "geography": w.geography(t),
    }


def _regional_progress(w: _World, t: Target) -> dict:
    ind = w.indicators[t.indicator_id]
    cov = w.coverage(t)
    covered = [c["province_id"] for c in cov]
    series = w.regional_series(t, covered)
    status = progress_status(
        series["usable"],
        direction=ind.direction,
        target=target_value(t.target_low, t.target_high, ind.direction),
        target_year=t.target_year,
        baseline_year=t.baseline_year,
        baseline_value=t.baseline_value,
        annual_rate=is_annual_rate(ind.unit),
        settings=w.settings(ind),
    )
    rows = series["rows"]
    latest = rows[-1] if rows else None
    if latest is not None and not latest["meets_coverage"]:
        # The latest year is partial: say so, with who reported and how much of the weight.
        status["coverage_note"] = {
            "year": latest["year"],
            "reporting": latest["reporting"],
            "covered": latest["covered"],
            "share": latest["weight_share"],
            "minimum": series["min_coverage"],
        }
        if status["status"] == NO_DATA and status["reason"] in ("no_observation", "no_observation_in_period"):
            status["reason"] = "incomplete_sum" if ind.aggregation == "sum" else "partial_coverage"
        elif status["status"] != NO_DATA:
            status["notes"].append("latest_year_partial")
    excluded = sorted({n for r in rows for n in r["excluded_no_weight"]}, key=vi_sort_key)
    if excluded:
        status["excluded_no_weight"] = excluded
    status["weight_by"] = series["weight_by"]
    return {
        **_target_dict(w, t),
        "coverage": cov,
        "partial": [c["province"] for c in cov if c["coverage"] == "partial"],
        "series": series["rows"],
        "progress": status,
    }


def _relevant(w: _World, t: Target, region_id: int) -> bool:
    return any(w.provinces[c["province_id"]].region_id == region_id for c in w.coverage(t))


# --- reading --------------------------------------------------------------------


def list_indicators(session: Session) -> list[dict]:
    return [i.model_dump() for i in session.exec(select(Indicator).order_by(Indicator.id))]


def list_targets(session: Session, region_id: int | None = None) -> list[dict]:
    """Targets (with coverage of today's provinces and the regional status) that concern
    ``region_id``: at least one province of the region is covered, wholly or in part."""
    w = _World(session)
    out = []
    for t in sorted(w.targets.values(), key=lambda t: t.id):
        if region_id is not None and not _relevant(w, t, region_id):
            continue
        out.append(_regional_progress(w, t))
    return out


def target_detail(session: Session, target_id: int) -> dict:
    """One target: regional series and status, target path, province series, quotas and
    each covered province's share, contribution and status."""
    w = _World(session)
    t = w.targets.get(target_id)
    if t is None:
        raise NotFound("target", target_id)
    out = _regional_progress(w, t)
    ind = w.indicators[t.indicator_id]
    p = out["progress"]
    if (
        p["target"] is not None
        and p["baseline_value"] is not None
        and p["baseline_year"] is not None
        and not p["annual_rate"]
    ):
        years = range(p["baseline_year"], t.target_year + 1)
        out["path"] = [
            {
                "year": y,
                "value": path_value(p["baseline_year"], p["baseline_value"], t.target_year, p["target"], y),
            }
            for y in years
        ]
    else:
        out["path"] = []
    covered = [c["province_id"] for c in out["coverage"]]
    values = w.approved.get(t.indicator_id, {})
    out["province_series"] = [
        {"province_id": pid, "province": w.provinces[pid].name_vi, "year": y, "value": v}
        for pid in covered
        for y, v in sorted(values.get(pid, {}).items())
    ]
    quotas = {q.province_id: q for q in w.province_targets if q.target_id == t.id}
    out["quotas"] = [
        {
            "province_id": pid,
            "province": w.provinces[pid].name_vi,
            "value": target_value(q.target_low, q.target_high, ind.direction),
            "version": q.version,
        }
        for pid, q in quotas.items()
    ]
    qvals = {q["province_id"]: q["value"] for q in out["quotas"] if q["value"] is not None}
    out["quota_check"] = (
        check_quotas(qvals, p["target"], ind.aggregation, w.weights(ind))
        if qvals and p["target"] is not None
        else None
    )
    out["years"] = sorted({y for pid in covered for y in values.get(pid, {})})
    return out


def contribution_table(session: Session, target_id: int, year_from: int, year_to: int) -> dict:
    """Each covered province's share of the regional total in ``year_to`` and its
    contribution to the regional change from ``year_from`` (adds up to the change)."""
    w = _World(session)
    t = w.targets.get(target_id)
    if t is None:
        raise NotFound("target", target_id)
    ind = w.indicators[t.indicator_id]
    covered = [c["province_id"] for c in w.coverage(t)]
    values = w.approved.get(t.indicator_id, {})
    before = {p: values[p][year_from] for p in covered if year_from in values.get(p, {})}
    after = {p: values[p][year_to] for p in covered if year_to in values.get(p, {})}
    result = contributions(before, after, ind.aggregation, w.weights(ind))
    common_after = {p: after[p] for p in result["provinces"]}
    share_to = shares(common_after, ind.aggregation, w.weights(ind)) if common_after else {}
    rows = [
        {
            "province_id": p,
            "province": w.provinces[p].name_vi,
            "before": before[p],
            "after": after[p],
            "contribution": result["by_province"][p],
            "pct_points": result["pct_points"][p],
            "share": share_to.get(p),
        }
        for p in result["provinces"]
    ]
    rows.sort(key=lambda r: -r["contribution"])
    names = lambda ids: [w.provinces[p].name_vi for p in ids]  # noqa: E731
    return {
        "target_id": target_id,
        "aggregation": ind.aggregation,
        "weight_by": weight_basis(ind),
        "excluded_no_weight": sorted(names(result.get("excluded_no_weight", [])), key=vi_sort_key),
        "year_from": year_from,
        "year_to": year_to,
        "region_before": result["region_before"],
        "region_after": result["region_after"],
        "change": result["change"],
        "rows": rows,
        "covered": len(covered),
        "excluded": sorted(
            set(names(result.get("excluded_before", []))) | set(names(result.get("excluded_after", []))),
            key=vi_sort_key,
        ),
        "missing": sorted(names(set(covered) - set(before) - set(after)), key=vi_sort_key),
    }


def _province_goal(
    w: _World, t: Target, province_id: int
) -> tuple[float | None, str, int | None, int | None]:
    """What a province is measured against for this target: its quota, else a province-level
    published target of the same indicator, else (for means) the regional figure itself."""
    ind = w.indicators[t.indicator_id]
    q = w.quota_of.get((t.id, province_id))
    if q is not None:
        return (
            target_value(q.target_low, q.target_high, ind.direction),
            "quota",
            t.baseline_year,
            t.target_year,
        )
    for q in w.own_targets.get((province_id, t.indicator_id), []):
        start, end = _period_years(q.period)
        t_start, _ = _period_years(t.period)
        if end is not None and end == t.target_year and (t_start is None or start == t_start):
            return (
                target_value(q.target_low, q.target_high, ind.direction),
                "province_target",
                start - 1 if start else None,
                end,
            )
    if ind.aggregation != "sum":
        return (
            target_value(t.target_low, t.target_high, ind.direction),
            "regional",
            t.baseline_year,
            t.target_year,
        )
    return None, "none", None, None


def _province_status(w: _World, t: Target, province_id: int) -> dict:
    ind = w.indicators[t.indicator_id]
    goal, basis, base_year, goal_year = _province_goal(w, t, province_id)
    series = w.approved.get(t.indicator_id, {}).get(province_id, {})
    status = progress_status(
        series,
        direction=ind.direction,
        target=goal,
        target_year=goal_year,
        baseline_year=base_year,
        annual_rate=is_annual_rate(ind.unit),
        settings=w.settings(ind),
    )
    status["goal_basis"] = basis
    return status


def heatmap(session: Session, region_id: int) -> dict:
    """Provinces of the region × targets concerning it, each cell a status with its inputs;
    a first row for the region as a whole (over the provinces each target covers)."""
    w = _World(session)
    targets = [t for t in sorted(w.targets.values(), key=lambda t: t.id) if _relevant(w, t, region_id)]
    provinces = sorted(
        (p for p in w.provinces.values() if p.region_id == region_id), key=lambda p: vi_sort_key(p.name_vi)
    )
    columns = [_target_dict(w, t) for t in targets]
    cells = []
    for t in targets:
        regional = _regional_progress(w, t)
        cells.append(
            {
                "target_id": t.id,
                "province_id": None,
                "province": None,
                "coverage": "region",
                **_cell(regional["progress"]),
            }
        )
        cov = {c["province_id"]: c["coverage"] for c in regional["coverage"]}
        for p in provinces:
            if p.id not in cov:
                cells.append(
                    {
                        "target_id": t.id,
                        "province_id": p.id,
                        "province": p.name_vi,
                        "coverage": "outside",
                        "status": None,
                    }
                )
                continue
            cells.append(
                {
                    "target_id": t.id,
                    "province_id": p.id,
                    "province": p.name_vi,
                    "coverage": cov[p.id],
                    **_cell(_province_status(w, t, p.id)),
                }
            )
    return {
        "columns": columns,
        "provinces": [{"id": p.id, "name": p.name_vi, "code": p.code} for p in provinces],
        "cells": cells,
    }


def _cell(progress: dict) -> dict:
    return {"status": progress["status"], "progress": progress}


def scorecard(session: Session, province_id: int) -> dict:
    """One province: every target covering it with its status and inputs, its quota gaps,
    and its figures in the workflow (what is due, what was returned)."""
    w = _World(session)
    prov = w.provinces.get(province_id)
    if prov is None:
        raise NotFound("province", province_id)
    rows = []
    for t in sorted(w.targets.values(), key=lambda t: t.id):
        cov = {c["province_id"]: c["coverage"] for c in w.coverage(t)}
        if province_id not in cov:
            continue
        st = _province_status(w, t, province_id)
        gap = None
        if st["target"] is not None and st["latest_value"] is not None:
            value = (
                st["mean_value"] if st["annual_rate"] and st["mean_value"] is not None else st["latest_value"]
            )
            gap = (st["target"] - value) * (-1 if st["direction"] == "decrease" else 1)
        rows.append({**_target_dict(w, t), "coverage": cov[province_id], "progress": st, "gap": gap})
    figures = [
        o.model_dump()
        for o in session.exec(
            select(Observation).where(
                Observation.province_id == province_id,
                col(Observation.status).in_(("draft", "verified", "submitted", "returned")),
            )
        )
    ]
    returned = [f for f in figures if f["status"] == "returned"]
    return {
        "province": {
            "id": prov.id,
            "name_vi": prov.name_vi,
            "name_en": prov.name_en,
            "region_id": prov.region_id,
        },
        "rows": rows,
        "open_figures": figures,
        "returned": returned,
    }


def map_values(session: Session, region_id: int, indicator_id: int, year: int) -> list[dict]:
    """Approved values of one indicator and year for the region's provinces, with coordinates."""
    w = _World(session, indicator_ids=[indicator_id])
    vals = w.approved.get(indicator_id, {})
    return [
        {
            "province_id": p.id,
            "code": p.code,
            "province": p.name_vi,
            "lat": p.lat,
            "lon": p.lon,
            "value": vals.get(p.id, {}).get(year),
        }
        for p in sorted(w.provinces.values(), key=lambda p: vi_sort_key(p.name_vi))
        if p.region_id == region_id
    ]


def observed_years(session: Session, indicator_id: int) -> list[int]:
    return sorted(
        set(
            session.exec(
                select(Observation.year).where(
                    Observation.indicator_id == indicator_id, Observation.status == "approved"
                )
            ).all()
        )
    )


# --- writing: targets and quotas -------------------------------------------------

_TARGET_FIELDS = (
    "indicator_id",
    "region_id",
    "plan_region",
    "label",
    "baseline_year",
    "baseline_value",
    "target_year",
    "target_text",
    "period",
    "source_document",
    "source_url",
)


def _validate_target(session: Session, data: dict) -> dict:
    ind = session.get(Indicator, data.get("indicator_id"))
    if ind is None:
        raise ValidationError(
            "targets.error.unknown_indicator", field="indicator", value=data.get("indicator_id")
        )
    ty = data.get("target_year")
    if not isinstance(ty, int) or not YEAR_MIN <= ty <= YEAR_MAX:
        raise ValidationError("targets.error.bad_year", field="target_year", value=ty)
    by = data.get("baseline_year")
    if by is not None and (not isinstance(by, int) or by >= ty):
        raise ValidationError("targets.error.baseline_after_target", field="baseline_year", value=by)
    low, high = parse_target_value(nfc(data.get("target_text")))
    if low is None and high is None:
        raise ValidationError(
            "targets.error.bad_target_text", field="target_text", value=data.get("target_text")
        )
    if data.get("region_id") is not None and session.get(Region, data["region_id"]) is None:
        raise ValidationError("targets.error.unknown_region", field="region", value=data["region_id"])
    clean = {k: data.get(k) for k in _TARGET_FIELDS}
    for k in ("plan_region", "label", "target_text", "period", "source_document", "source_url"):
        clean[k] = nfc(clean.get(k))
    if not clean["plan_region"]:
        raise ValidationError("error.required", field="plan_region")
    clean["target_low"], clean["target_high"] = low, high
    return clean


def save_target(
    session: Session,
    actor: Actor,
    *,
    target_id: int | None = None,
    expected_version: int | None = None,
    **fields,
) -> int:
    """Create (``target_id`` None) or edit a regional target; the edit names the version its form opened with."""
    authorize(actor, "target.edit")
    if target_id is None:
        data = _validate_target(session, fields)
        t = Target(**data, updated_at=utcnow(), updated_by=actor.username)
        session.add(t)
        session.flush()
        audit.record(session, actor, "create", "target", t.id, None, t)
        return t.id
    t = load_for_edit(session, Target, target_id, expected_version, "target")
    before = audit.snapshot(t)
    data = _validate_target(session, {**{k: getattr(t, k) for k in _TARGET_FIELDS}, **fields})
    save_versioned(session, t, expected_version, "target", actor.username, data)
    audit.record(session, actor, "update", "target", t.id, before, session.get(Target, target_id))
    return t.id


_INDICATOR_CODE = re.compile(r"^[a-z][a-z0-9_]{1,63}$")
INDICATOR_FIELDS = ("code", "name_vi", "name_en", "unit", "direction", "aggregation", "weight_by")


def save_indicator(
    session: Session,
    actor: Actor,
    *,
    indicator_id: int | None = None,
    expected_version: int | None = None,
    **fields,
) -> int:
    """Create (``indicator_id`` None) or edit an indicator of the catalogue: code (lower case, digits,
    underscores), names in both languages, unit, desired direction and how provinces aggregate to the
    region. An edit names the version its form opened with; every change is audited."""
    authorize(actor, "target.edit")
    current = None
    if indicator_id is not None:
        current = load_for_edit(session, Indicator, indicator_id, expected_version, "indicator")
        fields = {**{k: getattr(current, k) for k in INDICATOR_FIELDS}, **fields}
    data = {k: nfc(str(fields.get(k) or "")) for k in INDICATOR_FIELDS}
    data["code"] = data["code"].lower()
    if not _INDICATOR_CODE.match(data["code"]):
        raise ValidationError("targets.error.indicator_code", field="code", value=data["code"])
    taken = session.exec(select(Indicator.id).where(Indicator.code == data["code"])).first()
    if taken is not None and taken != indicator_id:
        raise ValidationError("targets.error.indicator_code_taken", field="code", value=data["code"])
    for name in ("name_vi", "name_en", "unit"):
        if not data[name]:
            raise ValidationError("error.required", field=name)
    if data["direction"] not in DIRECTIONS:
        raise ValidationError("targets.error.bad_choice", field="direction", value=data["direction"])
    if data["aggregation"] not in AGGREGATIONS:
        raise ValidationError("targets.error.bad_choice", field="aggregation", value=data["aggregation"])
    if data["weight_by"] not in ("", *WEIGHT_SERIES):
        raise ValidationError("targets.error.bad_choice", field="weight_by", value=data["weight_by"])
    if "min_coverage" in fields or current is None:
        raw = fields.get("min_coverage")
        try:  # "0,8" (Vietnamese) or 0.8; empty means the default
            share = (
                float(raw.strip().replace(",", ".")) if isinstance(raw, str) and raw.strip() else raw or None
            )
        except ValueError:
            share = math.nan
        if share is not None and not (_finite(share) and 0 < share <= 1):
            raise ValidationError("targets.error.bad_choice", field="min_coverage", value=raw)
        data["min_coverage"] = share
    if current is None:
        ind = Indicator(**data, updated_at=utcnow(), updated_by=actor.username)
        session.add(ind)
        session.flush()
        audit.record(session, actor, "create", "indicator", ind.id, None, ind)
        return ind.id
    before = audit.snapshot(current)
    save_versioned(session, current, expected_version, "indicator", actor.username, data)
    audit.record(
        session, actor, "update", "indicator", indicator_id, before, session.get(Indicator, indicator_id)
    )
    return indicator_id


def indicator_progress(session: Session) -> dict[int, dict]:
    """indicator id -> its progress settings as used (``progress_settings``) and the version of
    its own row (0: none yet, the defaults)."""
    rows = {r.indicator_id: r for r in session.exec(select(IndicatorProgress))}
    out = {}
    for ind in session.exec(select(Indicator)):
        row = rows.get(ind.id)
        out[ind.id] = {
            **progress_settings(ind.unit, row),
            "own_method": row.method if row else "",
            "own_on_track": row.on_track if row else None,
            "own_at_risk": row.at_risk if row else None,
            "version": row.version if row else 0,
        }
    return out


def _ratio_setting(raw, field: str) -> float | None:
    """A threshold as typed ("0,95" or 0.95; empty: the default), in (0, THRESHOLD_MAX]."""
    from council.signoff_models import THRESHOLD_MAX

    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = float(raw.strip().replace(",", ".")) if isinstance(raw, str) else float(raw)
    except (TypeError, ValueError):
        value = math.nan
    if not (_finite(value) and 0 < value <= THRESHOLD_MAX):
        raise ValidationError("targets.error.bad_threshold", field=field, value=raw, max=THRESHOLD_MAX)
    return value


def save_progress_settings(
    session: Session,
    actor: Actor,
    indicator_id: int,
    *,
    expected_version: int,
    method: str = "",
    on_track=None,
    at_risk=None,
) -> dict:
    """Set an indicator's progress method ("" = the default of its unit, or one of ``METHODS``) and
    thresholds (empty = 0.95 / 0.60; at risk must not exceed on track). ``expected_version``: the
    version the form showed (0: the indicator had no settings). Versioned and audited
    (entity "indicator_progress"); every status computed afterwards uses them."""
    authorize(actor, "target.edit")
    ind = session.get(Indicator, indicator_id)
    if ind is None:
        raise NotFound("indicator", indicator_id)
    method = (method or "").strip()
    if method not in ("", *METHODS):
        raise ValidationError("targets.error.bad_choice", field="method", value=method)
    on, risk = _ratio_setting(on_track, "on_track"), _ratio_setting(at_risk, "at_risk")
    if (risk if risk is not None else AT_RISK_RATIO) > (on if on is not None else ON_TRACK_RATIO):
        raise ValidationError(
            "targets.error.thresholds_order",
            field="at_risk",
            on=on if on is not None else ON_TRACK_RATIO,
            risk=risk if risk is not None else AT_RISK_RATIO,
        )
    values = {"method": method, "on_track": on, "at_risk": risk}
    row = session.exec(
        select(IndicatorProgress).where(IndicatorProgress.indicator_id == indicator_id)
    ).first()
    if row is None:
        if expected_version != 0:
            raise StaleEdit("indicator_progress", by="?", at="")
        row = IndicatorProgress(indicator_id=indicator_id, updated_by=actor.username, **values)
        session.add(row)
        session.flush()
        audit.record(session, actor, "create", "indicator_progress", row.id, None, row)
    else:
        before = audit.snapshot(row)
        save_versioned(session, row, expected_version, "indicator_progress", actor.username, values)
        row = session.get(IndicatorProgress, row.id)
        audit.record(session, actor, "update", "indicator_progress", row.id, before, row)
    return {**progress_settings(ind.unit, row), "version": row.version}


def suggest_quotas(session: Session, target_id: int, baseline_year: int | None = None) -> dict:
    """Default quotas of a target: a sum split by the covered provinces' shares of the approved
    values in the baseline year (the latest year every covered province reported, when not given);
    for the means, the regional figure for every covered province."""
    detail = target_detail(session, target_id)
    if detail["target"] is None:
        raise ValidationError("targets.error.no_baseline_shares", field="target")
    if detail["aggregation"] != "sum":  # a mean needs no shares: every province gets the regional figure
        return {"year": None, "quotas": {c["province_id"]: detail["target"] for c in detail["coverage"]}}
    values: dict[int, dict[int, float]] = defaultdict(dict)
    for r in detail["province_series"]:
        values[r["year"]][r["province_id"]] = r["value"]
    covered = [c["province_id"] for c in detail["coverage"]]
    candidates = [y for y in sorted(values) if set(values[y]) >= set(covered)]
    year = baseline_year if baseline_year is not None else (candidates[-1] if candidates else None)
    if year is None or not set(values.get(year, {})) >= set(covered):
        raise ValidationError("targets.error.no_baseline_shares", field="baseline")
    base = {p: values[year][p] for p in covered}
    q = default_quotas(detail["target"], base, detail["aggregation"])
    return {"year": year, "quotas": q}


def set_quotas(session: Session, actor: Actor, target_id: int, quotas: Mapping[int, float]) -> dict:
    """Replace a target's quotas (ProvinceTarget rows with ``target_id``). Refused unless every
    province is covered by the target and the quotas aggregate back to the target."""
    authorize(actor, "target.edit")
    w = _World(session)
    t = w.targets.get(target_id)
    if t is None:
        raise NotFound("target", target_id)
    ind = w.indicators[t.indicator_id]
    covered = {c["province_id"] for c in w.coverage(t)}
    for pid in quotas:
        if pid not in covered:
            raise ValidationError("targets.error.quota_outside", field="province", province=pid)
    goal = target_value(t.target_low, t.target_high, ind.direction)
    check = check_quotas(quotas, goal, ind.aggregation, w.weights(ind))
    if not check["ok"]:
        raise ValidationError("targets.error.quota_sum", field="quota", total=check["aggregate"], target=goal)
    existing = {q.province_id: q for q in w.province_targets if q.target_id == target_id}
    for pid, value in quotas.items():
        q = existing.pop(pid, None)
        before = audit.snapshot(q) if q else None
        text = f"{value:.6g}"
        if q is None:
            q = ProvinceTarget(
                province_id=pid,
                indicator_id=t.indicator_id,
                target_id=target_id,
                label=t.label,
                period=t.period,
                source_document="quota",
            )
        if before is not None:
            save_versioned(
                session,
                q,
                q.version,
                "province_target",
                actor.username,
                {"target_text": text, "target_low": value, "target_high": value},
            )
            q = session.get(ProvinceTarget, q.id)
        else:
            q.target_text, q.target_low, q.target_high = text, value, value
            session.add(q)
            session.flush()
        audit.record(session, actor, "update" if before else "create", "province_target", q.id, before, q)
    for q in existing.values():
        audit.record(session, actor, "delete", "province_target", q.id, q, None)
        delete_versioned(session, q, q.version, "province_target")
    return check


# --- writing: figures -------------------------------------------------------------


def _check_year(year, row: int | None = None) -> int:
    if not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        raise ValidationError("targets.error.bad_year", field="year", row=row, value=year)
    return year


SEED_USER = "seed"  # entered_by of the figures loaded from data/ by council.seed


def figures_for(session: Session, province_id: int, year: int) -> list[dict]:
    """The editable grid of a province and year: one row per indicator, with the figure if any."""
    obs = {
        o.indicator_id: o
        for o in session.exec(
            select(Observation).where(Observation.province_id == province_id, Observation.year == year)
        )
    }
    names = people_names(session, {o.entered_by for o in obs.values()})
    rows = []
    for ind in session.exec(select(Indicator).order_by(Indicator.id)):
        o = obs.get(ind.id)
        rows.append(
            {
                "indicator_id": ind.id,
                "code": ind.code,
                "name_vi": ind.name_vi,
                "name_en": ind.name_en,
                "unit": ind.unit,
                "value": o.value if o else None,
                "comment": o.comment if o else "",
                "follow_up": bool(o.follow_up) if o else False,
                "status": o.status if o else None,
                "return_reason": o.return_reason if o else "",
                "entered_by": o.entered_by if o else "",
                # The person's full name; the seed's figures say so in the reader's words on the page.
                "entered_by_name": names.get(o.entered_by, "") if o else "",
                "seeded": bool(o) and o.entered_by == SEED_USER,
                "entered_at": o.entered_at if o else None,
                "version": o.version if o else None,
                "id": o.id if o else None,
            }
        )
    return rows


def apply_edits(session: Session, actor: Actor, edits: list[dict]) -> int:
    """Write grid edits: each edit names province_id, indicator_id, year, and any of value,
    comment, follow_up; ``version`` is the version the grid showed (None for a new figure).
    Only draft or returned figures change; approved ones need the secretariat to reopen them.
    Returns the number of figures written; every change is audited."""
    # Every row on its own: "own province" holds for each figure, not for the batch as a whole
    # (a batch of one own row and one foreign row is refused whole, nothing written).
    provinces = sorted({e["province_id"] for e in edits})
    for pid in provinces or [None]:
        authorize(actor, "observation.enter", [pid] if pid is not None else None)
    written = 0
    for e in edits:
        written += _write_figure(session, actor, e, row=e.get("row"))
    return written


def _write_figure(session: Session, actor: Actor, e: dict, row: int | None) -> int:
    pid, iid, year = e["province_id"], e["indicator_id"], _check_year(e["year"], row)
    if session.get(Province, pid) is None:
        raise ValidationError("error.unknown_province", field="province", row=row, province=pid)
    if session.get(Indicator, iid) is None:
        raise ValidationError("targets.error.unknown_indicator", field="indicator", row=row, value=iid)
    value = e.get("value")
    if value is not None and (not isinstance(value, int | float) or not is_finite(value)):
        raise ValidationError("error.not_a_number", field="value", row=row, value=value)
    o = session.exec(
        select(Observation).where(
            Observation.province_id == pid, Observation.indicator_id == iid, Observation.year == year
        )
    ).first()
    values = {k: e[k] for k in ("value", "comment", "follow_up") if k in e}
    if "comment" in values:
        values["comment"] = nfc(values["comment"])
    if o is None:
        if values.get("value") is None:
            return 0
        o = Observation(
            province_id=pid,
            indicator_id=iid,
            year=year,
            status="draft",
            entered_by=actor.username,
            entered_at=utcnow(),
            **values,
        )
        session.add(o)
        session.flush()
        audit.record(session, actor, "create", "observation", o.id, None, o)
        return 1
    if o.status not in EDITABLE_STATUSES:
        raise ValidationError("targets.error.locked", field="value", row=row, status=o.status)
    if all(getattr(o, k) == v for k, v in values.items()):
        return 0
    before = audit.snapshot(o)
    expected = e.get("version", o.version)
    if expected is None:  # the grid saw no figure, but one was saved meanwhile
        expected = -1
    values.update(entered_by=actor.username, entered_at=utcnow())
    try:
        save_versioned(session, o, expected, "observation", actor.username, values)
    except StaleEdit:  # name who entered the figure and when (Observation has no updated_by)
        fresh = session.get(Observation, o.id)
        raise StaleEdit("observation", by=fresh.entered_by, at=fresh.entered_at) from None
    audit.record(session, actor, "update", "observation", o.id, before, session.get(Observation, o.id))
    return 1


def _set_rows(session: Session, province_id: int, year: int, statuses: tuple[str, ...]) -> list[Observation]:
    return list(
        session.exec(
            select(Observation).where(
                Observation.province_id == province_id,
                Observation.year == year,
                col(Observation.status).in_(statuses),
                col(Observation.value).is_not(None),
            )
        )
    )


def _check_seen(rows: list[Observation], seen: Mapping[int, int] | None) -> None:
    """The set is the one the user looked at: the same figures at the same versions."""
    if seen is None:
        return
    now = {o.id: o.version for o in rows}
    if now != {int(k): int(v) for k, v in seen.items()}:
        changed = [o for o in rows if seen.get(o.id) != o.version] or rows
        last = max(changed, key=lambda o: o.entered_at or datetime.min) if changed else None
        raise StaleEdit(
            "observation", by=last.entered_by if last else "?", at=last.entered_at if last else ""
        )


def _transition(session: Session, actor: Actor, rows: list[Observation], to: str, reason: str = "") -> int:
    """Each figure moves by compare-and-set on the version read: of two decisions on one set at
    once (approve and return), the second finds the versions moved and is refused whole. The
    reason is kept on a return (to "returned", or to "verified" when the secretariat returns a set
    to the representative's level) and on a reopening; any other step clears it."""
    for o in rows:
        before = audit.snapshot(o)
        values = {"status": to, "return_reason": reason}
        save_versioned(session, o, o.version, "observation", actor.username, values)
        audit.record(
            session,
            actor,
            "transition",
            "observation",
            o.id,
            before,
            session.get(Observation, o.id),
            note=f"{before['status']}->{to}",
        )
    return len(rows)


def signoff_levels(session: Session, province_id: int) -> int:
    """How many signatures a province's figures pass before the secretariat sees them: 1 (the
    representative submits what was entered) unless the secretariat set 2 (council.signoff)."""
    from council.models import ProvinceSignoff

    row = session.exec(select(ProvinceSignoff).where(ProvinceSignoff.province_id == province_id)).first()
    return row.levels if row is not None else 1


def submit_set(session: Session, actor: Actor, province_id: int, year: int) -> int:
    """The representative signs off a province's figures of a year and sends them to the
    secretariat. One level: the draft and returned figures (and any verified ones, left from a
    time the province had two levels). Two levels: the figures the statistics officer verified;
    refused while a figure of the set still awaits verification."""
    authorize(actor, "observation.submit", [province_id])
    year = _check_year(year)
    if signoff_levels(session, province_id) == 2:
        unverified = _set_rows(session, province_id, year, EDITABLE_STATUSES)
        if unverified:
            raise ValidationError("signoff.error.not_verified", field="year", year=year, n=len(unverified))
        rows = _set_rows(session, province_id, year, ("verified",))
    else:
        rows = _set_rows(session, province_id, year, (*EDITABLE_STATUSES, "verified"))
    if not rows:
        raise ValidationError("targets.error.nothing_to_submit", field="year", year=year)
    return _transition(session, actor, rows, "submitted")


def approve_set(
    session: Session, actor: Actor, province_id: int, year: int, seen: Mapping[int, int] | None = None
) -> int:
    """Approve a submitted set: its figures lock and count in the progress maths. ``seen`` maps
    each figure id the secretariat looked at to its version: a set that changed since is refused."""
    authorize(actor, "observation.approve", [province_id])
    rows = _set_rows(session, province_id, _check_year(year), ("submitted",))
    if not rows:
        raise ValidationError("targets.error.nothing_submitted", field="year", year=year)
    _check_seen(rows, seen)
    return _transition(session, actor, rows, "approved")


def return_set(
    session: Session,
    actor: Actor,
    province_id: int,
    year: int,
    reason: str,
    seen: Mapping[int, int] | None = None,
    level: str = "entry",
) -> int:
    """Send a submitted set back to the province with a reason. ``level`` "entry" (the default):
    to whoever enters the figures (status "returned": corrected, verified where the province has
    two levels, and submitted again); "signoff": to the representative only, in a province with
    two levels (back to "verified" with the reason: the representative signs off again or sends
    the figures back to the statistics officer)."""
    authorize(actor, "observation.approve", [province_id])
    reason = nfc(reason)
    if not reason:
        raise ValidationError("error.required", field="reason")
    if level not in RETURN_LEVELS:
        raise ValidationError("targets.error.bad_choice", field="level", value=level)
    year = _check_year(year)
    if level == "signoff" and signoff_levels(session, province_id) != 2:
        raise ValidationError("signoff.error.one_level", field="level")
    rows = _set_rows(session, province_id, year, ("submitted",))
    if not rows:
        raise ValidationError("targets.error.nothing_submitted", field="year", year=year)
    _check_seen(rows, seen)
    return _transition(session, actor, rows, "returned" if level == "entry" else "verified", reason)


def reopen_set(session: Session, actor: Actor, province_id: int, year: int, reason: str) -> int:
    """Unlock an approved set (back to draft) so the province can correct it."""
    authorize(actor, "observation.approve", [province_id])
    reason = nfc(reason)
    if not reason:
        raise ValidationError("error.required", field="reason")
    rows = _set_rows(session, province_id, _check_year(year), ("approved",))
    if not rows:
        raise ValidationError("targets.error.nothing_approved", field="year", year=year)
    return _transition(session, actor, rows, "draft", reason)


def figure_sets(
    session: Session, statuses: Iterable[str] = ("submitted",), region_id: int | None = None
) -> list[dict]:
    """Province × year sets holding figures in ``statuses`` (the secretariat's queue)."""
    provinces = {p.id: p for p in session.exec(select(Province))}
    sets: dict[tuple[int, int], dict] = {}
    # Counted in the database: the queue must not read every figure (tens of thousands at scale).
    q = (
        select(
            Observation.province_id,
            Observation.year,
            Observation.status,
            Observation.entered_by,
            func.count(),
            func.max(Observation.entered_at),
        )
        .where(col(Observation.status).in_(tuple(statuses)))
        .group_by(Observation.province_id, Observation.year, Observation.status, Observation.entered_by)
        .order_by(Observation.province_id, Observation.year, Observation.status, Observation.entered_by)
    )
    if region_id is not None:
        q = q.join(Province, Province.id == Observation.province_id).where(Province.region_id == region_id)
    for province_id, year, status, entered_by, count, last in session.exec(q):
        s = sets.setdefault(
            (province_id, year),
            {
                "province_id": province_id,
                "province": provinces[province_id].name_vi,
                "year": year,
                "count": 0,
                "status": status,
                "entered_by": set(),
                "last": None,
            },
        )
        s["count"] += count
        s["entered_by"].add(entered_by)
        s["last"] = max(filter(None, [s["last"], last]), default=None)
    out = []
    names = people_names(session, set().union(*(s["entered_by"] for s in sets.values())) if sets else set())
    for s in sets.values():
        s["entered_by_names"] = ", ".join(sorted(names.get(u) or u for u in s["entered_by"]))
        s["entered_by"] = ", ".join(sorted(s["entered_by"]))
        out.append(s)
    return sorted(out, key=lambda s: (vi_sort_key(s["province"]), s["year"]))


# --- import / export --------------------------------------------------------------

IMPORT_COLUMNS = ("province", "indicator_code", "year", "value")


def template(session: Session, province_id: int, year: int) -> bytes:
    """The Excel template of a province and year: one row per indicator, current figures filled in."""
    prov = session.get(Province, province_id)
    if prov is None:
        raise NotFound("province", province_id)
    rows = figures_for(session, province_id, year)
    frame = pd.DataFrame(
        [
            {
                "province": prov.name_vi,
                "indicator_code": r["code"],
                "indicator": r["name_vi"],
                "unit": r["unit"],
                "year": year,
                "value": r["value"],
                "comment": r["comment"],
                "follow_up": "x" if r["follow_up"] else "",
            }
            for r in rows
        ]
    )
    return to_excel({f"{prov.code}-{year}": frame})


def _parse_bool(text: str) -> bool:
    return fold(text).strip() in ("x", "1", "yes", "y", "true", "co", "có")


def import_figures(session: Session, actor: Actor, data: bytes, filename: str) -> int:
    """Validate the whole file, then write every row as a draft figure in this transaction.
    ImportRejected lists every bad row and column; nothing is written unless all rows are good.
    (The app calls ``import_figures_file``: the same, with the checking outside the write lock.)"""
    return _land_figures(session, actor, _plan_figures(session, actor, data, filename))


def import_figures_file(engine, actor: Actor, data: bytes, filename: str) -> int:
    """``import_figures`` in two steps, so a big file never holds the database's write lock
    while it is read and checked: the file is read and every row validated in a read-only
    session, then the figures land in one short write transaction with batched statements.
    A figure changed by someone in between refuses the import whole (error.import_changed)."""
    from council.db import checked_read_session, write_session

    with checked_read_session(engine) as session:
        plan = _plan_figures(session, actor, data, filename)
    with write_session(engine) as session:
        return _land_figures(session, actor, plan)


@dataclass
class _FigurePlan:
    filename: str
    new: list[dict]  # rows to insert
    changed: list[tuple[dict, dict]]  # (the figure as read, the values to write)
    provinces: list[int]
    years: list[int]


def _plan_figures(session: Session, actor: Actor, data: bytes, filename: str) -> _FigurePlan:
    authorize(actor, "observation.enter", [actor.province_id] if actor.province_id else None)
    rows = read_table(data, filename)
    require_columns(rows, IMPORT_COLUMNS)
    provinces = {}
    for p in session.exec(select(Province)):
        provinces[fold(p.name_vi)] = p
        provinces[fold(p.code)] = p
    indicators = {i.code: i for i in session.exec(select(Indicator))}
    errors: list[RowError] = []
    seen: dict[tuple, int] = {}
    good = []
    for r in rows:
        n = r["__row__"]
        if not r.get("value", "").strip():
            continue  # template rows not reported this time
        before = len(errors)
        prov = provinces.get(fold(r["province"]))
        if prov is None:
            errors.append(RowError(n, "province", "error.unknown_province", {"province": r["province"]}))
        elif not can(actor, "observation.enter", [prov.id]):
            errors.append(
                RowError(n, "province", "targets.error.not_your_province", {"province": prov.name_vi})
            )
        ind = indicators.get(r["indicator_code"].strip())
        if ind is None:
            errors.append(
                RowError(
                    n, "indicator_code", "targets.error.unknown_indicator", {"value": r["indicator_code"]}
                )
            )
        year = None
        try:
            year = int(float(r["year"].strip()))
            if not YEAR_MIN <= year <= YEAR_MAX or float(r["year"].strip()) != year:
                raise ValueError
        except ValueError:
            errors.append(RowError(n, "year", "targets.error.bad_year", {"value": r["year"]}))
            year = None
        value = parse_float(r["value"], n, "value", errors)
        if len(errors) > before:
            continue
        key = (prov.id, ind.id, year)
        if key in seen:
            errors.append(
                RowError(
                    n,
                    "indicator_code",
                    "targets.error.duplicate_row",
                    {"first": seen[key], "code": ind.code, "year": year},
                )
            )
            continue
        seen[key] = n
        good.append(
            {
                "row": n,
                "province_id": prov.id,
                "indicator_id": ind.id,
                "year": year,
                "value": value,
                "comment": r.get("comment", ""),
                "follow_up": _parse_bool(r.get("follow_up", "")),
            }
        )
    existing = _existing_figures(session, {(g["province_id"], g["year"]) for g in good})
    for g in good:
        current = existing.get((g["province_id"], g["indicator_id"], g["year"]))
        if current is not None and current.status not in EDITABLE_STATUSES:
            errors.append(RowError(g["row"], "value", "targets.error.locked", {"status": current.status}))
    if errors:
        foreign = sorted({e.params["province"] for e in errors if e.key == "targets.error.not_your_province"})
        raise ImportRejected(
            sorted(errors, key=lambda e: e.row),
            refusal=PermissionDenied("observation.enter", actor.username, provinces=", ".join(foreign))
            if foreign
            else None,
        )
    new, changed = [], []
    for g in good:
        values = {"value": g["value"], "comment": nfc(g["comment"]), "follow_up": g["follow_up"]}
        current = existing.get((g["province_id"], g["indicator_id"], g["year"]))
        if current is None:
            if values["value"] is not None:
                new.append(
                    {
                        "province_id": g["province_id"],
                        "indicator_id": g["indicator_id"],
                        "year": g["year"],
                        **values,
                    }
                )
        elif any(getattr(current, k) != v for k, v in values.items()):
            changed.append((audit.snapshot(current), values))
    return _FigurePlan(
        filename,
        new,
        changed,
        sorted({g["province_id"] for g in good}),
        sorted({g["year"] for g in good}),
    )


def _existing_figures(session: Session, sets: set[tuple[int, int]]) -> dict[tuple, Observation]:
    """The figures of the given (province, year) sets, by (province, indicator, year)."""
    if not sets:
        return {}
    q = select(Observation).where(
        col(Observation.province_id).in_(sorted({p for p, _ in sets})),
        col(Observation.year).in_(sorted({y for _, y in sets})),
    )
    return {(o.province_id, o.indicator_id, o.year): o for o in session.exec(q)}


def _land_figures(session: Session, actor: Actor, plan: _FigurePlan) -> int:
    """Write a checked plan in batched statements. Every figure the plan read must still be at
    the version it read (compare-and-set), and no figure may have appeared where the plan makes
    one: otherwise error.import_changed and nothing is written. One audit entry per figure."""
    from sqlalchemy import bindparam, insert, update
    from sqlalchemy.exc import IntegrityError

    for pid in plan.provinces:
        authorize(actor, "observation.enter", [pid])
    now = utcnow()
    sets = {(p, y) for p in plan.provinces for y in plan.years}
    current = _existing_figures(session, sets) if sets else {}
    appeared = [r for r in plan.new if (r["province_id"], r["indicator_id"], r["year"]) in current]
    if appeared:
        r = appeared[0]
        raise ValidationError(
            "error.import_changed",
            field="file",
            count=len(appeared),
            entity="observation",
            ident=f"{r['province_id']}/{r['indicator_id']}/{r['year']}",
        )
    entries = []
    if plan.new:
        rows = [
            {**r, "status": "draft", "entered_by": actor.username, "entered_at": now, "version": 1}
            for r in plan.new
        ]
        try:
            ids = session.scalars(
                insert(Observation).returning(Observation.id, sort_by_parameter_order=True), rows
            ).all()
        except IntegrityError as exc:  # a figure saved at the same moment (PostgreSQL)
            raise ValidationError(
                "error.import_changed", field="file", count=1, entity="observation", ident="?"
            ) from exc
        for ident, r in zip(ids, rows, strict=True):
            after = {**r, "id": ident, "label": "", "basis": "", "source_url": "", "return_reason": ""}
            entries.append(_audit_row(actor, "create", ident, None, after, now))
    if plan.changed:
        table = Observation.__table__
        statement = (
            update(table)
            .where(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_version"))
            .values(
                value=bindparam("b_value"),
                comment=bindparam("b_comment"),
                follow_up=bindparam("b_follow_up"),
                entered_by=actor.username,
                entered_at=now,
                version=bindparam("b_new_version"),
            )
        )
        params = [
            {
                "b_id": before["id"],
                "b_version": before["version"],
                "b_new_version": before["version"] + 1,
                **{f"b_{k}": v for k, v in values.items()},
            }
            for before, values in plan.changed
        ]
        result = session.connection().execute(statement, params)
        if result.rowcount != len(params):
            moved = next(
                (
                    b
                    for b, _ in plan.changed
                    if (o := session.get(Observation, b["id"])) is None or o.version != b["version"]
                ),
                plan.changed[0][0],
            )
            raise ValidationError(
                "error.import_changed",
                field="file",
                count=len(params) - max(result.rowcount, 0),
                entity="observation",
                ident=moved["id"],
            )
        for before, values in plan.changed:
            after = {
                **before,
                **values,
                "entered_by": actor.username,
                "entered_at": now,
                "version": before["version"] + 1,
            }
            entries.append(_audit_row(actor, "update", before["id"], before, after, now))
    written = len(plan.new) + len(plan.changed)
    entries.append(
        _audit_row(
            actor,
            "import",
            "",
            None,
            None,
            now,
            note=f"{plan.filename}: {written} figures",
            entity="observation",
        )
    )
    session.connection().execute(insert(AuditEntry.__table__), entries)
    session.expire_all()
    return written


# --- what the targets and figures pages read (no page runs its own query) -------------------


def grid_edits(original: list[dict], edited_rows: list[dict], province_id: int, year: int) -> list[dict]:
    """The changes between the figures grid as opened (``original``, rows of ``figures_for``) and
    as edited, as ``apply_edits`` takes them. Each edit names the version the grid was opened
    with, so a figure saved by someone else since is refused, not overwritten."""
    if len(original) != len(edited_rows):
        raise ValueError("the edited grid must have the rows it was opened with")
    edits = []
    for before, after in zip(original, edited_rows, strict=True):
        change: dict = {}
        value = after.get("value")
        if isinstance(value, float) and math.isnan(value):
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


def observed_indicator_ids(session: Session) -> set[int]:
    """The indicators with at least one approved figure: only approved figures are shown as data
    (drafts, submitted and returned figures are the provinces' work in progress)."""
    return set(session.exec(select(Observation.indicator_id).where(Observation.status == "approved")).all())


def scorecard_provinces(session: Session, region_id: int, own_province_id: int | None = None) -> list[dict]:
    """The provinces a scorecard may be shown for: the region's, and the reader's own province
    first when it lies outside the region (a representative looking at another region)."""
    rows = [
        {"id": p.id, "name_vi": p.name_vi}
        for p in session.exec(select(Province).where(Province.region_id == region_id))
    ]
    rows.sort(key=lambda p: vi_sort_key(p["name_vi"]))
    if own_province_id is not None and own_province_id not in {p["id"] for p in rows}:
        own = session.get(Province, own_province_id)
        if own is not None:
            rows.insert(0, {"id": own.id, "name_vi": own.name_vi})
    return rows


def _audit_row(actor, action, ident, before, after, at, note: str = "", entity: str = "observation") -> dict:
    """An audit entry as a row for a batched insert (what audit.record adds one at a time)."""
    return {
        "at": at,
        "actor_id": getattr(actor, "id", None),
        "actor_name": getattr(actor, "username", "") or "system",
        "action": action,
        "entity": entity,
        "entity_id": str(ident if ident is not None else ""),
        "before": audit.dumps(audit.snapshot(before)),
        "after": audit.dumps(audit.snapshot(after)),
        "note": note,
    }


# --- plausibility ---------------------------------------------------------------------

# A figure more than this many times above (or below) its reference is flagged for a second look.
PLAUSIBLE_FACTOR = 3.0


def _far(value: float, reference: float, factor: float) -> bool:
    if reference <= 0 or value <= 0:  # rates may change sign or be zero: no ratio to judge
        return False
    ratio = value / reference
    return ratio > factor or ratio < 1 / factor


def implausible_figures(
    session: Session, province_id: int, year: int, factor: float = PLAUSIBLE_FACTOR
) -> list[dict]:
    """The figures of a province's set that lie far from the province's own other years (the
    median of its figures for the indicator) or from its peers (the median of the other provinces
    of its region the same year): each with the reason and the reference it was compared with.
    A warning only: the secretariat may still approve (e.g. a real jump, or a change of method)."""
    from statistics import median

    province = session.get(Province, province_id)
    if province is None:
        return []
    rows = session.exec(
        select(Observation).where(
            Observation.province_id == province_id,
            Observation.year == year,
            col(Observation.value).is_not(None),
        )
    ).all()
    if not rows:
        return []
    ids = [o.indicator_id for o in rows]
    history: dict[int, list[float]] = {}
    for o in session.exec(
        select(Observation).where(
            Observation.province_id == province_id,
            col(Observation.indicator_id).in_(ids),
            Observation.year != year,
            col(Observation.value).is_not(None),
        )
    ):
        history.setdefault(o.indicator_id, []).append(o.value)
    peers: dict[int, list[float]] = {}
    for o in session.exec(
        select(Observation)
        .join(Province, Province.id == Observation.province_id)
        .where(
            Province.region_id == province.region_id,
            Observation.province_id != province_id,
            Observation.year == year,
            col(Observation.indicator_id).in_(ids),
            col(Observation.value).is_not(None),
        )
    ):
        peers.setdefault(o.indicator_id, []).append(o.value)
    indicators = {i.id: i for i in session.exec(select(Indicator).where(col(Indicator.id).in_(ids)))}
    out = []
    for o in sorted(rows, key=lambda r: indicators[r.indicator_id].code):
        ind = indicators[o.indicator_id]
        found = None
        if history.get(o.indicator_id) and _far(o.value, median(history[o.indicator_id]), factor):
            found = ("history", median(history[o.indicator_id]), len(history[o.indicator_id]))
        elif len(peers.get(o.indicator_id, [])) >= 2 and _far(o.value, median(peers[o.indicator_id]), factor):
            found = ("peers", median(peers[o.indicator_id]), len(peers[o.indicator_id]))
        if found:
            out.append(
                {
                    "indicator_id": ind.id,
                    "code": ind.code,
                    "name_vi": ind.name_vi,
                    "name_en": ind.name_en,
                    "unit": ind.unit,
                    "value": o.value,
                    "reason": found[0],
                    "reference": found[1],
                    "n": found[2],
                }
            )
    return out
