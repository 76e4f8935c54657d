"""Plan execution: what the register's projects deliver towards the regional plan's targets,
what is in the pipeline, the plan's priority projects as a checklist, who reports their
figures on time, and a region's weight in the nation.

Five parts (every rule is written out in README.md, "Plan execution"):

* **Credit** (pure): a project linked to a target delivers ``quantity`` in the target's unit,
  split between its provinces by their length in the project when every length is recorded,
  else by their cost shares when every share is recorded, else equally; the parts add up
  exactly (largest remainder, :func:`council.costshare.split`).
* **Delivery and pipeline**: a completed project delivers in the year it was completed; an
  approved or under-construction project whose expected end is on or before the target year is
  in the pipeline (a late project by the register's own rule counts at its expected end, see
  :func:`expected_end`). Delivered amounts are *derived figures*: never written as Observations,
  never in the submit/approve workflow, always shown apart from entered figures. The projected
  status at the target year uses :func:`council.targets.progress_status`, the gap is in the
  target's unit.
* **Priority projects** of a regional plan decision: entry, all-or-nothing import, matching to the
  register, the checklist and its flags.
* **Reporting completeness and timeliness** per province × year × indicator, against due dates
  that are settings (a default and per-indicator overrides).
* **Region to nation** for sum indicators: shares of the national value and contributions to the
  national change, next to the provinces' contributions to the region.

Writers are ``(session, actor, ...)`` services that check ``auth.PERMISSIONS`` first and audit
every change; readers return plain dicts.
"""

from __future__ import annotations

import calendar
import math
import re
from collections import defaultdict
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import func
from sqlmodel import Session, col, select

from council import audit, costshare
from council.auth import Actor, authorize
from council.errors import NotFound, ValidationError
from council.i18n import local_time, t
from council.io import ImportRejected, RowError, read_table, require_columns, to_excel
from council.models import (
    PROJECT_TYPES,
    AuditEntry,
    Indicator,
    Observation,
    Project,
    ProjectProvince,
    Province,
    Region,
    Target,
    utcnow,
)
from council.plan_models import (
    PlanSetting,
    PriorityProject,
    PriorityProjectProvince,
    ProjectTarget,
    ReportingDeadline,
)
from council.projects import late_reason
from council.textutil import fold, nfc, vi_sort_key
from council.versioning import load_for_edit, save_versioned

ACTION_LINK = "plan.link"
ACTION_PRIORITY = "plan.priority"
ACTION_SETTINGS = "plan.settings"

# Credited amounts are kept to 3 decimals (a metre of a km, a thousandth of an airport).
DELIVERY_DECIMALS = 3
SPLIT_RULES = ("length", "cost_share", "equal")
PIPELINE_STATUSES = ("approved", "under_construction")
STARTED_STATUSES = ("under_construction", "completed")
# Flag a priority project not started with fewer than this many years left (a setting).
NOT_STARTED_YEARS_KEY = "not_started_years"
NOT_STARTED_YEARS_DEFAULT = 3
# A province whose submitted or on-time rate for the reporting year is below this goes on the agenda.
LOW_REPORTING_RATE = 0.8
# Defaults of the due date (the council's deadline before it became a setting: 31/03 of Y + 1).
DEFAULT_DUE_MONTH, DEFAULT_DUE_DAY, DEFAULT_DUE_OFFSET = 3, 31, 1
YEAR_MIN, YEAR_MAX = 2000, 2100


# --- credit --------------------------------------------------------------------------


def credit_split(quantity: float, participants: list[dict], decimals: int = DELIVERY_DECIMALS) -> dict:
    """Split ``quantity`` between a project's provinces (dicts with ``province_id``,
    ``length_km``, ``cost_share_pct``): by length when every province's length is recorded
    (and they are not all 0), else by cost share when every share is recorded (not all 0),
    else equally. Returns ``{"rule": ..., "parts": {province_id: amount}}``; the parts add up
    to ``round(quantity, decimals)`` exactly."""
    if not participants:
        return {"rule": "none", "parts": {}}
    ids = [p["province_id"] for p in participants]

    def complete(key: str) -> dict[int, float] | None:
        values = [p.get(key) for p in participants]
        if all(v is not None and v >= 0 for v in values) and math.fsum(values) > 0:
            return {pid: float(v) for pid, v in zip(ids, values, strict=True)}
        return None

    weights, rule = complete("length_km"), "length"
    if weights is None:
        weights, rule = complete("cost_share_pct"), "cost_share"
    if weights is None:
        weights, rule = {pid: 1.0 for pid in ids}, "equal"
    return {"rule": rule, "parts": costshare.split(weights, quantity, decimals)}


def expected_end(project: dict, today: date) -> tuple[date | None, str]:
    """When a project is expected to end, and on what basis: its planned end when it is not late
    by the register's rule (``planned``); when late, the end at the pace it has kept — start
    (actual, else planned) + elapsed days × 100 / physical progress, never before today
    (``pace``); ``unknown`` when late with no progress reported (0 % means not reported) or
    without a planned end."""
    end = project.get("planned_end")
    if not late_reason(project, today):
        return (end, "planned") if end is not None else (None, "unknown")
    progress = project.get("progress_physical") or 0
    start = project.get("actual_start") or project.get("planned_start")
    if progress > 0 and start is not None and start < today:
        days = math.ceil((today - start).days * 100.0 / progress)
        return max(start + timedelta(days=days), today), "pace"
    return None, "unknown"


def completion_year(project: dict) -> int | None:
    """The year a completed project counts as delivered: its actual end, else the date of its
    status, else its planned end."""
    for key in ("actual_end", "status_date", "planned_end"):
        if project.get(key) is not None:
            return project[key].year
    return None


def project_phase(project: dict, target_year: int, period_start: int | None, today: date) -> dict:
    """Where a linked project stands for a target: ``delivered`` (completed in the target's period,
    on or before the target year), ``pipeline`` (approved or under construction, expected end on
    or before the target year), ``beyond`` (expected after the target year), ``unknown_end``
    (approved or under construction without an expected end), ``outside_period`` (completed
    before the period or after the target year) or ``none`` (proposed, suspended, rejected)."""
    status = project["status"]
    if status == "completed":
        year = completion_year(project)
        if year is not None and (year > target_year or (period_start is not None and year < period_start)):
            return {"phase": "outside_period", "year": year, "basis": "completed"}
        return {"phase": "delivered", "year": year, "basis": "completed"}
    if status in PIPELINE_STATUSES:
        end, basis = expected_end(project, today)
        if end is None:
            return {"phase": "unknown_end", "year": None, "basis": basis}
        return {
            "phase": "pipeline" if end.year <= target_year else "beyond",
            "year": end.year,
            "basis": basis,
        }
    return {"phase": "none", "year": None, "basis": ""}


def period_start_of(period: str, baseline_year: int | None) -> int | None:
    years = [int(y) for y in re.findall(r"(?<!\d)(\d{4})(?!\d)", period or "")]
    if len(years) >= 2:
        return min(years)
    if baseline_year is not None:
        return baseline_year + 1
    return None


def gap_of(target: float | None, projected: float, direction: str = "increase") -> float | None:
    """What is still missing at the target year, in the target's unit (positive = short)."""
    if target is None:
        return None
    d = -1 if direction == "decrease" else 1
    return round((target - projected) * d, DELIVERY_DECIMALS)


def projected_status(
    by_year: dict[int, float],
    *,
    baseline_year: int,
    baseline_value: float,
    target: float | None,
    target_year: int,
    direction: str = "increase",
    until: int | None = None,
) -> dict:
    """The status, by :func:`council.targets.progress_status`, of the series baseline + amounts
    added up year by year (``by_year``: amount added in each year), read at ``until`` (the target
    year for the projection)."""
    from council.targets import progress_status

    last = min(until if until is not None else target_year, target_year)
    series, running = {}, baseline_value
    for year in range(baseline_year + 1, last + 1):
        running += by_year.get(year, 0.0)
        series[year] = running
    return progress_status(
        series,
        direction=direction,
        target=target,
        target_year=target_year,
        baseline_year=baseline_year,
        baseline_value=baseline_value,
    )


# --- links: reading -----------------------------------------------------------------------


def _participants(session: Session, project_ids: list[int]) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = defaultdict(list)
    if not project_ids:
        return out
    for project_id, province_id, name, length, share in session.exec(
        select(
            ProjectProvince.project_id,
            Province.id,
            Province.name_vi,
            ProjectProvince.length_km,
            ProjectProvince.cost_share_pct,
        )
        .join(Province, Province.id == ProjectProvince.province_id)
        .where(col(ProjectProvince.project_id).in_(project_ids))
    ):
        out[project_id].append(
            {"province_id": province_id, "province": name, "length_km": length, "cost_share_pct": share}
        )
    for rows in out.values():
        rows.sort(key=lambda r: vi_sort_key(r["province"]))
    return out


_PROJECT_COLUMNS = (
    "id",
    "code",
    "name_vi",
    "status",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "status_date",
    "progress_physical",
)


def _links(
    session: Session, target_ids: list[int] | None = None, project_id: int | None = None
) -> list[dict]:
    q = select(ProjectTarget, *(getattr(Project, c) for c in _PROJECT_COLUMNS)).join(
        Project, Project.id == ProjectTarget.project_id
    )
    if target_ids is not None:
        q = q.where(col(ProjectTarget.target_id).in_(target_ids))
    if project_id is not None:
        q = q.where(ProjectTarget.project_id == project_id)
    out = []
    for link, *values in session.exec(q.order_by(col(Project.code))):
        project = dict(zip(_PROJECT_COLUMNS, values, strict=True))
        out.append(
            {
                "link_id": link.id,
                "version": link.version,
                "target_id": link.target_id,
                "quantity": link.quantity,
                "note": link.note,
                "updated_by": link.updated_by,
                "project": project,
            }
        )
    return out


def _delivery(t: dict, links: list[dict], parts_by_project: dict[int, list[dict]], today: date) -> dict:
    """Delivered and pipeline amounts of one target (``t``: a targets.list_targets row)."""
    covered = {c["province_id"]: c for c in t["coverage"]}
    period_start = period_start_of(t["period"], t["baseline_year"])
    baseline_year = (
        t["baseline_year"]
        if t["baseline_year"] is not None
        else (period_start - 1 if period_start is not None else min([today.year, t["target_year"]]) - 1)
    )
    baseline_value = float(t["baseline_value"]) if t["baseline_value"] is not None else 0.0
    provinces: dict[int, dict] = {
        pid: {
            "province_id": pid,
            "province": c["province"],
            "coverage": c["coverage"],
            "delivered": 0.0,
            "pipeline": 0.0,
        }
        for pid, c in covered.items()
    }
    delivered_by_year: dict[int, float] = defaultdict(float)
    pipeline_by_year: dict[int, float] = defaultdict(float)
    rows, derived = [], []
    outside = 0.0
    undated = 0.0
    for link in links:
        p = link["project"]
        split = credit_split(link["quantity"], parts_by_project.get(p["id"], []))
        names = {x["province_id"]: x["province"] for x in parts_by_project.get(p["id"], [])}
        ph = project_phase(p, t["target_year"], period_start, today)
        counted = math.fsum(v for pid, v in split["parts"].items() if pid in covered)
        outside += math.fsum(v for pid, v in split["parts"].items() if pid not in covered)
        if ph["phase"] == "delivered":
            if ph["year"] is None:
                undated += counted
            else:
                delivered_by_year[ph["year"]] += counted
            for pid, v in split["parts"].items():
                if pid in covered:
                    provinces[pid]["delivered"] += v
                    derived.append(
                        {
                            "province_id": pid,
                            "province": names[pid],
                            "year": ph["year"],
                            "amount": v,
                            "project_id": p["id"],
                            "project_code": p["code"],
                        }
                    )
        elif ph["phase"] == "pipeline":
            pipeline_by_year[ph["year"]] += counted
            for pid, v in split["parts"].items():
                if pid in covered:
                    provinces[pid]["pipeline"] += v
        rows.append(
            {
                **{k: link[k] for k in ("link_id", "version", "quantity", "note", "updated_by")},
                "project_id": p["id"],
                "code": p["code"],
                "name_vi": p["name_vi"],
                "status": p["status"],
                "late": late_reason(p, today),
                "rule": split["rule"],
                "parts": [
                    {"province_id": pid, "province": names[pid], "amount": v, "covered": pid in covered}
                    for pid, v in split["parts"].items()
                ],
                "counted": round(counted, DELIVERY_DECIMALS),
                **ph,
            }
        )
    # Undated completions count from the first year of the period (they are delivered, year unknown).
    if undated:
        delivered_by_year[baseline_year + 1] += undated
    delivered = round(math.fsum(delivered_by_year.values()), DELIVERY_DECIMALS)
    pipeline = round(math.fsum(pipeline_by_year.values()), DELIVERY_DECIMALS)
    projected = round(delivered + pipeline, DELIVERY_DECIMALS)
    years = sorted({*delivered_by_year, *pipeline_by_year, baseline_year, t["target_year"]})
    series, d_cum, p_cum = [], baseline_value, baseline_value
    for y in range(min(years), max(years) + 1):
        d_cum += delivered_by_year.get(y, 0.0)
        p_cum += delivered_by_year.get(y, 0.0) + pipeline_by_year.get(y, 0.0)
        series.append(
            {
                "year": y,
                "delivered": round(delivered_by_year.get(y, 0.0), DELIVERY_DECIMALS),
                "pipeline": round(pipeline_by_year.get(y, 0.0), DELIVERY_DECIMALS),
                "delivered_cum": round(d_cum, DELIVERY_DECIMALS),
                "projected_cum": round(p_cum, DELIVERY_DECIMALS),
            }
        )
    combined = defaultdict(float, delivered_by_year)
    for y, v in pipeline_by_year.items():
        combined[y] += v
    target = t["target"]
    status_args = dict(
        baseline_year=baseline_year,
        baseline_value=baseline_value,
        target=target,
        target_year=t["target_year"],
        direction=t["direction"],
    )
    gap = gap_of(target, baseline_value + projected, t["direction"])
    for row in provinces.values():
        row["delivered"] = round(row["delivered"], DELIVERY_DECIMALS)
        row["pipeline"] = round(row["pipeline"], DELIVERY_DECIMALS)
    return {
        "target_id": t["id"],
        "indicator_id": t["indicator_id"],
        "indicator_vi": t["indicator_vi"],
        "indicator_en": t["indicator_en"],
        "plan_region": t["plan_region"],
        "region_id": t["region_id"],
        "unit": t["unit"],
        "aggregation": t["aggregation"],
        "direction": t["direction"],
        "target": target,
        "target_text": t["target_text"],
        "target_year": t["target_year"],
        "period": t["period"],
        "period_start": period_start,
        "baseline_year": baseline_year,
        "baseline_value": baseline_value,
        "source_document": t["source_document"],
        "links": rows,
        "provinces": sorted(provinces.values(), key=lambda r: vi_sort_key(r["province"])),
        "series": series,
        "delivered": delivered,
        "pipeline": pipeline,
        "projected": projected,
        "outside": round(outside, DELIVERY_DECIMALS),
        "gap": gap,
        "short": bool(links) and gap is not None and gap > 0,
        "projected_status": projected_status(combined, **status_args),
        "current_status": projected_status(delivered_by_year, **status_args, until=today.year),
        "derived": sorted(
            derived, key=lambda r: (vi_sort_key(r["province"]), r["year"] or 0, r["project_code"])
        ),
        # The target's status from entered (approved) figures, shown beside the derived one, never mixed.
        "entered_status": t["progress"],
        "entered_series": [r for r in t.get("series", []) if r.get("value") is not None],
    }


def creditable(t: dict) -> bool:
    """Only targets of a summed indicator measured as a level (km, count, MW) take project credit."""
    from council.targets import is_annual_rate

    return t["aggregation"] == "sum" and not is_annual_rate(t["unit"])


def target_delivery(session: Session, target_id: int, today: date | None = None) -> dict:
    """One target: delivered, pipeline, projected status at the target year and the gap, per
    province and per year, the linked projects with their split, and the derived figures."""
    from council import targets

    today = today or date.today()
    detail = targets.target_detail(session, target_id)
    links = _links(session, [target_id])
    parts = _participants(session, [link["project"]["id"] for link in links])
    out = _delivery(detail, links, parts, today)
    out["creditable"] = creditable(detail)
    return out


def region_deliveries(session: Session, region_id: int, today: date | None = None) -> list[dict]:
    """Every target concerning the region that has projects credited to it, with its delivery."""
    from council import targets

    today = today or date.today()
    listed = targets.list_targets(session, region_id)
    links = _links(session, [t["id"] for t in listed])
    by_target: dict[int, list[dict]] = defaultdict(list)
    for link in links:
        by_target[link["target_id"]].append(link)
    parts = _participants(session, sorted({link["project"]["id"] for link in links}))
    return [_delivery(t, by_target[t["id"]], parts, today) for t in listed if by_target.get(t["id"])]


def creditable_targets(session: Session, region_id: int | None = None) -> list[dict]:
    """Targets a project can be credited to (summed level indicators), for the link form."""
    from council import targets

    return [
        {
            "id": t["id"],
            "indicator_vi": t["indicator_vi"],
            "indicator_en": t["indicator_en"],
            "unit": t["unit"],
            "plan_region": t["plan_region"],
            "target_text": t["target_text"],
            "target_year": t["target_year"],
            "period": t["period"],
        }
        for t in targets.list_targets(session, region_id)
        if creditable(t)
    ]


def links_for_project(session: Session, project_id: int) -> list[dict]:
    """The targets a project is credited to, with its split between its provinces."""
    links = _links(session, project_id=project_id)
    parts = _participants(session, [project_id])
    targets = {
        tid: (ind_vi, unit, year)
        for tid, ind_vi, unit, year in session.exec(
            select(Target.id, Indicator.name_vi, Indicator.unit, Target.target_year).join(
                Indicator, Indicator.id == Target.indicator_id
            )
        )
    }
    out = []
    for link in links:
        split = credit_split(link["quantity"], parts.get(project_id, []))
        name, unit, year = targets[link["target_id"]]
        out.append({**link, "indicator_vi": name, "unit": unit, "target_year": year, **split})
    return out


# Which register project types an indicator counts, for suggested credits.
SUGGESTED_TYPES = {
    "expressway_km": ("expressway", "ring_road"),
    "national_road_km": ("road",),
    "airports": ("airport",),
    "seaports": ("seaport",),
}


def suggest_links(session: Session, target_id: int) -> list[dict]:
    """Register projects the target could be credited with, for the secretariat to confirm (never
    linked automatically): of a type the indicator counts (expressways and ring roads for expressway
    km, roads for national-road km, airports, seaports), with a province the target covers, not
    rejected, not credited to it yet. Suggested quantity: the project's length for a km target (None
    when the register has no length), 1 for a count."""
    from council import targets

    detail = targets.target_detail(session, target_id)
    kinds = SUGGESTED_TYPES.get(detail["indicator_code"])
    if not kinds:
        return []
    covered = {c["province_id"] for c in detail["coverage"]}
    linked = set(
        session.exec(select(ProjectTarget.project_id).where(ProjectTarget.target_id == target_id)).all()
    )
    rows = session.exec(
        select(Project.id, Project.code, Project.name_vi, Project.status, Project.length_km)
        .where(col(Project.type).in_(kinds), Project.status != "rejected")
        .order_by(col(Project.code))
    ).all()
    parts = _participants(session, [r[0] for r in rows])
    per_km = fold(detail["unit"]) == "km"
    out = []
    for pid, code, name, status, length in rows:
        if pid in linked or not {p["province_id"] for p in parts.get(pid, [])} & covered:
            continue
        out.append(
            {
                "project_id": pid,
                "code": code,
                "name_vi": name,
                "status": status,
                "provinces": [p["province"] for p in parts.get(pid, [])],
                "quantity": (length if per_km else 1.0),
            }
        )
    return out


# --- links: writing -----------------------------------------------------------------------


def _quantity(value, field: str = "quantity") -> float:
    """A quantity typed the Vietnamese way ("18,5") or the other (18.5), not negative, to 3 decimals."""
    from council.numbers import NumberInputError, parse_number

    if isinstance(value, str):
        try:
            value = parse_number(value, "vi")
        except NumberInputError:
            raise ValidationError("error.not_a_number", field=field, value=value) from None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or math.isnan(value)
        or math.isinf(value)
    ):
        raise ValidationError("error.not_a_number", field=field, value=value)
    if value < 0:
        raise ValidationError("plan.error.negative", field=field, value=value)
    return round(float(value), DELIVERY_DECIMALS)


def link_project(
    session: Session, actor: Actor, *, project_id: int, target_id: int, quantity, note: str = ""
) -> dict:
    """Credit a project to a target with the quantity it delivers in the target's unit
    (secretariat). A project is linked to a target once; edit the link to change it."""
    authorize(actor, ACTION_LINK)
    project = session.get(Project, project_id)
    if project is None:
        raise ValidationError("plan.error.unknown_project", field="project", value=project_id)
    target = session.get(Target, target_id)
    if target is None:
        raise ValidationError("plan.error.unknown_target", field="target", value=target_id)
    indicator = session.get(Indicator, target.indicator_id)
    from council.targets import is_annual_rate

    if indicator.aggregation != "sum" or is_annual_rate(indicator.unit):
        raise ValidationError("plan.error.not_creditable", field="target", indicator=indicator.name_vi)
    amount = _quantity(quantity)
    taken = session.exec(
        select(ProjectTarget.id).where(
            ProjectTarget.project_id == project_id, ProjectTarget.target_id == target_id
        )
    ).first()
    if taken is not None:
        raise ValidationError("plan.error.already_linked", field="target", code=project.code)
    link = ProjectTarget(
        project_id=project_id, target_id=target_id, quantity=amount, note=nfc(note), updated_by=actor.username
    )
    session.add(link)
    session.flush()
    audit.record(session, actor, "create", "project_target", link.id, None, link, note=project.code)
    return link.model_dump()


def update_link(
    session: Session, actor: Actor, link_id: int, *, expected_version: int, quantity, note: str = ""
) -> dict:
    """Change the quantity (or note) of a link; refused if someone saved it since the form opened."""
    authorize(actor, ACTION_LINK)
    link = load_for_edit(session, ProjectTarget, link_id, expected_version, "project_target")
    before = audit.snapshot(link)
    values = {"quantity": _quantity(quantity), "note": nfc(note)}
    save_versioned(session, link, expected_version, "project_target", actor.username, values)
    after = session.get(ProjectTarget, link_id)
    audit.record(session, actor, "update", "project_target", link_id, before, after)
    return after.model_dump()


def unlink_project(session: Session, actor: Actor, link_id: int, *, expected_version: int) -> None:
    """Remove a project's credit to a target (the audit log keeps what it was)."""
    authorize(actor, ACTION_LINK)
    link = load_for_edit(session, ProjectTarget, link_id, expected_version, "project_target")
    before = audit.snapshot(link)
    session.delete(link)
    session.flush()
    audit.record(session, actor, "delete", "project_target", link_id, before, None)


# --- priority projects ----------------------------------------------------------------------

PRIORITY_COLUMNS = ("decision_code", "name_vi", "type", "provinces", "period")
PRIORITY_OPTIONAL = ("project_code", "note", "source_url")
_LIST_SEP = re.compile(r"\s*[;\n]\s*")
_PERIOD = re.compile(r"^\s*(\d{4})\s*(?:[-–—/]\s*(\d{4}))?\s*$")


def name_key(name: str) -> str:
    """A name folded for matching: no diacritics, lower case, punctuation as spaces, single spaces."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(nfc(name))).split())


def parse_period(text: str) -> tuple[int | None, int | None]:
    """'2021-2030' -> (2021, 2030); '2030' -> (None, 2030); '' -> (None, None). ValueError if bad."""
    text = nfc(text)
    if not text:
        return None, None
    m = _PERIOD.match(text)
    if not m:
        raise ValueError(text)
    a, b = int(m.group(1)), int(m.group(2)) if m.group(2) else None
    start, end = (a, b) if b is not None else (None, a)
    for y in (start, end):
        if y is not None and not YEAR_MIN <= y <= YEAR_MAX:
            raise ValueError(text)
    if start is not None and start > end:
        raise ValueError(text)
    return start, end


def _type_lookup() -> dict[str, str]:
    out = {fold(c): c for c in PROJECT_TYPES}
    for c in PROJECT_TYPES:
        for lang in ("vi", "en"):
            out[fold(t(f"ptype.{c}", lang))] = c
    return out


def _province_lookup(session: Session) -> dict[str, int]:
    out = {}
    for p in session.exec(select(Province)):
        for key in (p.name_vi, p.name_en, p.code):
            out[fold(key)] = p.id
    return out


def match_project(name: str, code: str, projects: list[tuple[int, str, str]]) -> tuple[int | None, str]:
    """The register project a priority project is: the one with ``code`` when given, else the only
    one whose Vietnamese name folds to the same key. ``(None, "")`` when none or several match."""
    if code:
        for pid, pcode, _ in projects:
            if pcode == code:
                return pid, "code"
        return None, ""
    key = name_key(name)
    found = [pid for pid, _, pname in projects if name_key(pname) == key]
    return (found[0], "name") if len(found) == 1 else (None, "")


def _register(session: Session) -> list[tuple[int, str, str]]:
    return list(session.exec(select(Project.id, Project.code, Project.name_vi)))


def _clean_priority(
    session: Session, data: dict, lookups: dict | None = None, row: int | None = None
) -> dict:
    """The fields of a priority project from a form (``province_ids``, ``type`` code, ``period``
    text) checked; ValidationError names the first bad field."""
    lookups = lookups or {}
    decision = nfc(data.get("decision_code"))
    if not decision:
        raise ValidationError("error.required", field="decision_code", row=row)
    if len(decision) > 64:
        raise ValidationError("plan.error.too_long", field="decision_code", row=row, limit=64)
    name = nfc(data.get("name_vi"))
    if not name:
        raise ValidationError("error.required", field="name_vi", row=row)
    kind = data.get("type") or "other"
    if kind not in PROJECT_TYPES:
        raise ValidationError("plan.error.bad_type", field="type", row=row, value=kind)
    ids = list(dict.fromkeys(data.get("province_ids") or []))
    if not ids:
        raise ValidationError("plan.error.no_province", field="provinces", row=row)
    known = lookups.get("province_ids") or set(session.exec(select(Province.id)).all())
    for pid in ids:
        if pid not in known:
            raise ValidationError("error.unknown_province", field="provinces", row=row, province=pid)
    try:
        start, end = parse_period(data.get("period") or "")
    except ValueError:
        raise ValidationError(
            "plan.error.bad_period", field="period", row=row, value=data.get("period")
        ) from None
    return {
        "decision_code": decision,
        "name_vi": name,
        "name_key": name_key(name),
        "type": kind,
        "period_start": start,
        "period_end": end,
        "note": nfc(data.get("note")),
        "source_url": nfc(data.get("source_url")),
        "province_ids": ids,
    }


def _set_priority_provinces(session: Session, priority_id: int, ids: list[int]) -> None:
    for row in session.exec(
        select(PriorityProjectProvince).where(PriorityProjectProvince.priority_id == priority_id)
    ):
        session.delete(row)
    session.flush()
    for pid in ids:
        session.add(PriorityProjectProvince(priority_id=priority_id, province_id=pid))
    session.flush()


def _priority_snapshot(session: Session, item: PriorityProject) -> dict:
    ids = session.exec(
        select(PriorityProjectProvince.province_id).where(PriorityProjectProvince.priority_id == item.id)
    ).all()
    return {**item.model_dump(), "province_ids": sorted(ids)}


def save_priority_project(
    session: Session,
    actor: Actor,
    *,
    priority_id: int | None = None,
    expected_version: int | None = None,
    project_code: str = "",
    **fields,
) -> dict:
    """Enter (``priority_id`` None) or edit a priority project of a plan decision (secretariat):
    decision code, name, type, provinces (``province_ids``), period ('2021-2030' or '2030').
    A new entry is matched to the register (``project_code``, else a unique name); an edit keeps
    its match. Decision + name are unique."""
    authorize(actor, ACTION_PRIORITY)
    data = _clean_priority(session, fields)
    other = session.exec(
        select(PriorityProject.id).where(
            PriorityProject.decision_code == data["decision_code"],
            PriorityProject.name_key == data["name_key"],
        )
    ).first()
    if other is not None and other != priority_id:
        raise ValidationError("plan.error.priority_duplicate", field="name_vi", name=data["name_vi"])
    ids = data.pop("province_ids")
    if priority_id is None:
        pid, basis = match_project(data["name_vi"], nfc(project_code), _register(session))
        if project_code and pid is None:
            raise ValidationError("plan.error.unknown_project", field="project_code", value=project_code)
        item = PriorityProject(**data, project_id=pid, match_basis=basis, updated_by=actor.username)
        session.add(item)
        session.flush()
        _set_priority_provinces(session, item.id, ids)
        audit.record(
            session, actor, "create", "priority_project", item.id, None, _priority_snapshot(session, item)
        )
        return _priority_snapshot(session, item)
    item = load_for_edit(session, PriorityProject, priority_id, expected_version, "priority_project")
    before = _priority_snapshot(session, item)
    save_versioned(session, item, expected_version, "priority_project", actor.username, data)
    item = session.get(PriorityProject, priority_id)
    _set_priority_provinces(session, priority_id, ids)
    after = _priority_snapshot(session, item)
    audit.record(session, actor, "update", "priority_project", priority_id, before, after)
    return after


def match_priority_project(
    session: Session, actor: Actor, priority_id: int, *, expected_version: int, project_id: int | None
) -> dict:
    """Set by hand which register project a priority project is (None: not in the register)."""
    authorize(actor, ACTION_PRIORITY)
    item = load_for_edit(session, PriorityProject, priority_id, expected_version, "priority_project")
    if project_id is not None and session.get(Project, project_id) is None:
        raise ValidationError("plan.error.unknown_project", field="project", value=project_id)
    before = _priority_snapshot(session, item)
    values = {"project_id": project_id, "match_basis": "manual" if project_id is not None else ""}
    save_versioned(session, item, expected_version, "priority_project", actor.username, values)
    after = _priority_snapshot(session, session.get(PriorityProject, priority_id))
    audit.record(session, actor, "update", "priority_project", priority_id, before, after, note="match")
    return after


def delete_priority_project(
    session: Session, actor: Actor, priority_id: int, *, expected_version: int
) -> None:
    authorize(actor, ACTION_PRIORITY)
    item = load_for_edit(session, PriorityProject, priority_id, expected_version, "priority_project")
    before = _priority_snapshot(session, item)
    session.delete(item)
    session.flush()
    audit.record(session, actor, "delete", "priority_project", priority_id, before, None)


def priority_template(lang: str = "vi") -> bytes:
    """The import template: sheet ``priority_projects`` with the columns, sheet ``help`` explaining them."""
    columns = [*PRIORITY_COLUMNS, *PRIORITY_OPTIONAL]
    help_rows = [{"column": c, "meaning": t(f"plan.import.col.{c}", lang)} for c in columns]
    return to_excel({"priority_projects": pd.DataFrame(columns=columns), "help": pd.DataFrame(help_rows)})


def import_priority_list(session: Session, actor: Actor, data: bytes, filename: str) -> dict:
    """Import a priority list (.xlsx or .csv, columns of :data:`PRIORITY_COLUMNS`, optional
    ``project_code``, ``note``, ``source_url``). The whole file is checked first; ImportRejected
    lists every bad row and field and nothing is written. A row whose decision and name exist
    updates that entry (its manual match kept); other rows are added and matched to the register."""
    authorize(actor, ACTION_PRIORITY)
    rows = read_table(data, filename)
    header = set(rows[0]) if rows else set()
    if not rows:
        raise ImportRejected([RowError(1, "file", "plan.error.empty_file", {})])
    require_columns(rows, PRIORITY_COLUMNS, header)
    provinces = _province_lookup(session)
    types = _type_lookup()
    register = _register(session)
    codes = {code for _, code, _ in register}
    errors: list[RowError] = []
    seen: dict[tuple[str, str], int] = {}
    good = []
    for r in rows:
        n = r["__row__"]
        before = len(errors)
        decision = nfc(r.get("decision_code"))
        name = nfc(r.get("name_vi"))
        if not decision:
            errors.append(RowError(n, "decision_code", "error.required", {"field": "decision_code"}))
        elif len(decision) > 64:
            errors.append(RowError(n, "decision_code", "plan.error.too_long", {"limit": 64}))
        if not name:
            errors.append(RowError(n, "name_vi", "error.required", {"field": "name_vi"}))
        raw_type = nfc(r.get("type"))
        kind = types.get(fold(raw_type)) if raw_type else "other"
        if kind is None:
            errors.append(RowError(n, "type", "plan.error.bad_type", {"value": raw_type}))
        ids = []
        names = [x for x in _LIST_SEP.split(nfc(r.get("provinces"))) if x]
        if not names:
            errors.append(RowError(n, "provinces", "plan.error.no_province", {}))
        for pname in names:
            pid = provinces.get(fold(pname))
            if pid is None:
                errors.append(RowError(n, "provinces", "error.unknown_province", {"province": pname}))
            else:
                ids.append(pid)
        try:
            parse_period(r.get("period", ""))
        except ValueError:
            errors.append(RowError(n, "period", "plan.error.bad_period", {"value": r.get("period", "")}))
        code = nfc(r.get("project_code"))
        if code and code not in codes:
            errors.append(RowError(n, "project_code", "plan.error.unknown_project", {"value": code}))
        if len(errors) > before:
            continue
        key = (decision, name_key(name))
        if key in seen:
            errors.append(RowError(n, "name_vi", "plan.error.duplicate_row", {"first": seen[key]}))
            continue
        seen[key] = n
        good.append((n, r, kind, ids, code))
    if errors:
        raise ImportRejected(errors)
    existing = {(p.decision_code, p.name_key): p for p in session.exec(select(PriorityProject))}
    added = updated = 0
    for n, r, kind, ids, code in good:
        fields = {
            "decision_code": r.get("decision_code"),
            "name_vi": r.get("name_vi"),
            "type": kind,
            "province_ids": ids,
            "period": r.get("period", ""),
            "note": r.get("note", ""),
            "source_url": r.get("source_url", ""),
        }
        clean = _clean_priority(session, fields, {"province_ids": set(provinces.values())}, row=n)
        current = existing.get((clean["decision_code"], clean["name_key"]))
        if current is None:
            save_priority_project(session, actor, project_code=code, **fields)
            added += 1
            continue
        snapshot = _priority_snapshot(session, current)
        same = (
            all(snapshot[k] == clean[k] for k in clean if k != "province_ids")
            and sorted(ids) == snapshot["province_ids"]
        )
        if same and not code:
            continue
        save_priority_project(
            session, actor, priority_id=current.id, expected_version=current.version, **fields
        )
        if code:
            pid = next(i for i, c, _ in register if c == code)
            fresh = session.get(PriorityProject, current.id)
            if fresh.project_id != pid:
                match_priority_project(
                    session, actor, current.id, expected_version=fresh.version, project_id=pid
                )
        updated += 1
    audit.record(
        session, actor, "import", "priority_project", "", None, None, note=f"{filename}: +{added} ~{updated}"
    )
    return {"added": added, "updated": updated}


def not_started_years(session: Session) -> int:
    row = session.get(PlanSetting, NOT_STARTED_YEARS_KEY)
    try:
        return int(row.value) if row is not None else NOT_STARTED_YEARS_DEFAULT
    except ValueError:
        return NOT_STARTED_YEARS_DEFAULT


def set_not_started_years(session: Session, actor: Actor, years) -> int:
    """Set N of the flag "not started with less than N years left" (secretariat; 0-30)."""
    authorize(actor, ACTION_SETTINGS)
    if isinstance(years, bool) or not isinstance(years, int) or not 0 <= years <= 30:
        raise ValidationError("plan.error.bad_years", field="years", value=years)
    row = session.get(PlanSetting, NOT_STARTED_YEARS_KEY)
    before = audit.snapshot(row)
    if row is None:
        row = PlanSetting(key=NOT_STARTED_YEARS_KEY, value=str(years))
    row.value, row.updated_at, row.updated_by = str(years), utcnow(), actor.username
    session.add(row)
    session.flush()
    audit.record(
        session, actor, "update" if before else "create", "plan_setting", NOT_STARTED_YEARS_KEY, before, row
    )
    return years


def is_started(status: str | None, actual_start: date | None) -> bool:
    """Started: under construction or completed, or suspended after construction began."""
    return status in STARTED_STATUSES or (status == "suspended" and actual_start is not None)


def checklist_row(item: dict, project: dict | None, today: date, years: int) -> dict:
    """One checklist line: register status, on schedule or not, years left (end of the period −
    this year) and the flags ``not_in_register`` and ``not_started_late`` (not started with fewer
    than ``years`` years left)."""
    years_left = item["period_end"] - today.year if item["period_end"] is not None else None
    started = project is not None and is_started(project["status"], project.get("actual_start"))
    late = late_reason(project, today) if project is not None else ""
    if project is None:
        on_schedule = None
    else:
        on_schedule = not late and project["status"] not in ("suspended", "rejected")
    flags = []
    if project is None:
        flags.append("not_in_register")
    if not started and years_left is not None and years_left < years:
        flags.append("not_started_late")
    return {
        **item,
        "status": project["status"] if project else "not_in_register",
        "project_code": project["code"] if project else "",
        "project_name": project["name_vi"] if project else "",
        "late": late,
        "on_schedule": on_schedule,
        "years_left": years_left,
        "started": started,
        "flags": flags,
    }


def checklist(session: Session, region_id: int | None = None, today: date | None = None) -> dict:
    """The priority projects (those with a province in the region, all when ``region_id`` is None),
    each with its checklist line, and the N used for the flag."""
    today = today or date.today()
    years = not_started_years(session)
    names = dict(session.exec(select(Province.id, Province.name_vi)).all())
    regions = dict(session.exec(select(Province.id, Province.region_id)).all())
    provinces: dict[int, list[int]] = defaultdict(list)
    for priority_id, province_id in session.exec(
        select(PriorityProjectProvince.priority_id, PriorityProjectProvince.province_id)
    ):
        provinces[priority_id].append(province_id)
    items = list(session.exec(select(PriorityProject)))
    project_ids = sorted({i.project_id for i in items if i.project_id is not None})
    projects = {}
    if project_ids:
        for row in session.exec(
            select(*(getattr(Project, c) for c in (*_PROJECT_COLUMNS, "code"))).where(
                col(Project.id).in_(project_ids)
            )
        ):
            d = dict(zip((*_PROJECT_COLUMNS, "code"), row, strict=True))
            projects[d["id"]] = d
    rows = []
    for item in items:
        ids = provinces.get(item.id, [])
        if region_id is not None and ids and not any(regions.get(p) == region_id for p in ids):
            continue
        base = {
            "id": item.id,
            "version": item.version,
            "decision_code": item.decision_code,
            "name_vi": item.name_vi,
            "type": item.type,
            "period_start": item.period_start,
            "period_end": item.period_end,
            "province_ids": sorted(ids, key=lambda p: vi_sort_key(names[p])),
            "provinces": sorted((names[p] for p in ids), key=vi_sort_key),
            "project_id": item.project_id,
            "match_basis": item.match_basis,
            "note": item.note,
            "source_url": item.source_url,
        }
        rows.append(checklist_row(base, projects.get(item.project_id), today, years))
    rows.sort(key=lambda r: (r["decision_code"], -len(r["flags"]), vi_sort_key(r["name_vi"])))
    return {"rows": rows, "not_started_years": years}


# --- reporting ----------------------------------------------------------------------------


def deadline_settings(session: Session) -> dict:
    """The due-date settings: ``default`` (month, day, year offset) and per-indicator ``overrides``."""
    default = (DEFAULT_DUE_MONTH, DEFAULT_DUE_DAY, DEFAULT_DUE_OFFSET)
    overrides, rows = {}, []
    for row in session.exec(select(ReportingDeadline)):
        if row.indicator_id is None:
            default = (row.month, row.day, row.year_offset)
        else:
            overrides[row.indicator_id] = (row.month, row.day, row.year_offset)
        rows.append(row.model_dump())
    return {"default": default, "overrides": overrides, "rows": rows}


def due_date(settings: dict, indicator_id: int | None, year: int) -> date:
    """The day the figures of ``year`` are due (a 31 in a shorter month is its last day)."""
    month, day, offset = settings["overrides"].get(indicator_id, settings["default"])
    y = year + offset
    return date(y, month, min(day, calendar.monthrange(y, month)[1]))


def default_due_date(session: Session, year: int) -> date:
    """The default due date of ``year``'s figures (what the draft agenda and "my province" use)."""
    return due_date(deadline_settings(session), None, year)


def set_due_date(
    session: Session,
    actor: Actor,
    *,
    indicator_id: int | None = None,
    month: int,
    day: int,
    year_offset: int = 1,
) -> dict:
    """Set the default due date (``indicator_id`` None) or an indicator's own (secretariat)."""
    authorize(actor, ACTION_SETTINGS)
    for name, value, low, high in (
        ("month", month, 1, 12),
        ("day", day, 1, 31),
        ("year_offset", year_offset, 0, 2),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValidationError("plan.error.bad_deadline", field=name, value=value)
    if day > calendar.monthrange(2024, month)[1]:  # a leap year: 29/02 is allowed
        raise ValidationError("plan.error.bad_deadline", field="day", value=day)
    if indicator_id is not None and session.get(Indicator, indicator_id) is None:
        raise ValidationError("targets.error.unknown_indicator", field="indicator", value=indicator_id)
    q = select(ReportingDeadline).where(
        col(ReportingDeadline.indicator_id).is_(None)
        if indicator_id is None
        else ReportingDeadline.indicator_id == indicator_id
    )
    row = session.exec(q).first()
    before = audit.snapshot(row)
    if row is None:
        row = ReportingDeadline(indicator_id=indicator_id, month=month, day=day, year_offset=year_offset)
    else:
        row.month, row.day, row.year_offset = month, day, year_offset
        row.version += 1
    row.updated_at, row.updated_by = utcnow(), actor.username
    session.add(row)
    session.flush()
    audit.record(session, actor, "update" if before else "create", "reporting_deadline", row.id, before, row)
    return row.model_dump()


def clear_due_date(session: Session, actor: Actor, indicator_id: int) -> None:
    """Drop an indicator's own due date: it follows the default again."""
    authorize(actor, ACTION_SETTINGS)
    row = session.exec(
        select(ReportingDeadline).where(ReportingDeadline.indicator_id == indicator_id)
    ).first()
    if row is None:
        raise NotFound("reporting_deadline", indicator_id)
    before = audit.snapshot(row)
    session.delete(row)
    session.flush()
    audit.record(session, actor, "delete", "reporting_deadline", row.id, before, None)


def reporting_year(session: Session, today: date) -> int:
    """The latest year whose figures are past the default due date on ``today``."""
    settings = deadline_settings(session)
    year = today.year
    while due_date(settings, None, year) >= today:
        year -= 1
    return year


def cell_state(status: str | None, submitted_at: datetime | None, due: date, today: date) -> dict:
    """One province × year × indicator expected: submitted (now submitted or approved), approved,
    on time (submitted, and first submitted, in Vietnam time, on or before the due date; None when
    the submission date is not on record, e.g. figures loaded by the seed), late (the due date has
    passed and it is not submitted — a returned figure is owed again — or it was first submitted
    after the due date)."""
    submitted = status in ("submitted", "approved")
    first = local_time(submitted_at).date() if submitted_at is not None else None
    if not submitted:
        on_time = False
    else:
        on_time = None if first is None else first <= due
    late = due < today and (not submitted or on_time is False)
    if first is not None and first > due:
        days = (first - due).days
    elif not submitted and due < today:
        days = (today - due).days
    else:
        days = 0
    return {
        "status": status or "missing",
        "submitted": submitted,
        "approved": status == "approved",
        "submitted_on": first,
        "on_time": on_time,
        "late": late,
        "days_late": days,
        "due": due,
    }


def rates(cells: list[dict]) -> dict:
    """Counts and rates of a set of expected cells: submitted / expected, approved / expected,
    on time / (expected − submitted without a known date)."""
    expected = len(cells)
    submitted = sum(c["submitted"] for c in cells)
    approved = sum(c["approved"] for c in cells)
    on_time = sum(c["on_time"] is True for c in cells)
    unknown = sum(c["on_time"] is None for c in cells)
    late = sum(c["late"] for c in cells)
    known = expected - unknown
    return {
        "expected": expected,
        "submitted": submitted,
        "approved": approved,
        "on_time": on_time,
        "unknown_date": unknown,
        "late": late,
        "submitted_rate": submitted / expected if expected else None,
        "approved_rate": approved / expected if expected else None,
        "on_time_rate": on_time / known if known else None,
    }


def _first_submissions(session: Session, observation_ids: list[int]) -> dict[int, datetime]:
    if not observation_ids:
        return {}
    out: dict[int, datetime] = {}
    ids = [str(i) for i in observation_ids]
    for chunk in range(0, len(ids), 900):  # keep each IN list within SQLite's limit
        part = ids[chunk : chunk + 900]
        for entity_id, first in session.exec(
            select(AuditEntry.entity_id, func.min(AuditEntry.at))
            .where(
                AuditEntry.entity == "observation",
                AuditEntry.action == "transition",
                col(AuditEntry.note).like("%->submitted"),
                col(AuditEntry.entity_id).in_(part),
            )
            .group_by(AuditEntry.entity_id)
        ):
            out[int(entity_id)] = first
    return out


def reporting(
    session: Session,
    region_id: int,
    years: list[int] | None = None,
    today: date | None = None,
    province_id: int | None = None,
) -> dict:
    """Completeness and timeliness of the region's figures (or one province's): per province ×
    year × indicator expected (a target covering the province tracks the indicator), its state
    (:func:`cell_state`), rates per province and for the region, and who is late."""
    from council.meetings import tracked_indicators

    today = today or date.today()
    years = sorted(years or [reporting_year(session, today)])
    settings = deadline_settings(session)
    provinces = {
        p.id: p.name_vi
        for p in session.exec(select(Province).where(Province.region_id == region_id))
        if province_id is None or p.id == province_id
    }
    tracked = tracked_indicators(session, region_id)
    indicators = dict(session.exec(select(Indicator.id, Indicator.name_vi)).all())
    obs = {}
    if provinces:
        for oid, pid, iid, year, status in session.exec(
            select(
                Observation.id,
                Observation.province_id,
                Observation.indicator_id,
                Observation.year,
                Observation.status,
            ).where(
                col(Observation.province_id).in_(list(provinces)),
                col(Observation.year).in_(years),
                col(Observation.value).is_not(None),
            )
        ):
            obs[(pid, iid, year)] = (oid, status)
    firsts = _first_submissions(session, [oid for oid, _ in obs.values()])
    cells = []
    for pid in sorted(provinces, key=lambda p: vi_sort_key(provinces[p])):
        for year in years:
            for iid in sorted(tracked.get(pid, ()), key=lambda i: vi_sort_key(indicators[i])):
                oid, status = obs.get((pid, iid, year), (None, None))
                state = cell_state(status, firsts.get(oid), due_date(settings, iid, year), today)
                cells.append(
                    {
                        "province_id": pid,
                        "province": provinces[pid],
                        "year": year,
                        "indicator_id": iid,
                        "indicator": indicators[iid],
                        **state,
                    }
                )
    by_province = []
    for pid in sorted(provinces, key=lambda p: vi_sort_key(provinces[p])):
        mine = [c for c in cells if c["province_id"] == pid]
        by_province.append({"province_id": pid, "province": provinces[pid], **rates(mine)})
    return {
        "region_id": region_id,
        "years": years,
        "cells": cells,
        "by_province": by_province,
        "region": rates(cells),
        "late": [c for c in cells if c["late"]],
        "settings": {"default": settings["default"], "overrides": settings["overrides"]},
    }


def province_reporting(
    session: Session, province_id: int, years: list[int] | None = None, today: date | None = None
) -> dict:
    """One province's completeness and timeliness ("my province")."""
    province = session.get(Province, province_id)
    if province is None:
        raise NotFound("province", province_id)
    return reporting(session, province.region_id, years, today, province_id=province_id)


def low_reporting(session: Session, region_id: int, today: date | None = None) -> list[dict]:
    """Provinces whose submitted or on-time rate for the reporting year is below LOW_REPORTING_RATE."""
    result = reporting(session, region_id, None, today)
    year = result["years"][-1]
    out = []
    for row in result["by_province"]:
        if not row["expected"]:
            continue
        low = [
            k
            for k in ("submitted_rate", "on_time_rate")
            if row[k] is not None and row[k] < LOW_REPORTING_RATE
        ]
        if low:
            out.append({**row, "year": year, "low": low})
    return out


# --- region to nation -----------------------------------------------------------------------


def region_to_nation(session: Session, indicator_id: int, year_from: int, year_to: int) -> dict:
    """For a summed indicator: each region's value, its share of the national value in
    ``year_to`` and its contribution to the national change from ``year_from`` (points of national
    growth = 100 × change of the region / national value in ``year_from``; they add up to the
    national growth), with its provinces' contributions to the region. Only provinces with an
    approved figure in both years count, so regions and nation are compared on the same provinces;
    a region is ``complete`` when all its provinces count. A region's share is also the elasticity:
    1 % more in the region is share % more for the nation."""
    from council import targets

    indicator = session.get(Indicator, indicator_id)
    if indicator is None:
        raise NotFound("indicator", indicator_id)
    if indicator.aggregation != "sum":
        raise ValidationError("plan.error.not_sum", field="indicator", indicator=indicator.name_vi)
    values: dict[int, dict[int, float]] = defaultdict(dict)
    for pid, year, value in session.exec(
        select(Observation.province_id, Observation.year, Observation.value).where(
            Observation.indicator_id == indicator_id,
            Observation.status == "approved",
            col(Observation.value).is_not(None),
            col(Observation.year).in_([year_from, year_to]),
        )
    ):
        values[year][pid] = value
    provinces = {p.id: p for p in session.exec(select(Province))}
    common = sorted(set(values[year_from]) & set(values[year_to]))
    nation_a = math.fsum(values[year_from][p] for p in common)
    nation_b = math.fsum(values[year_to][p] for p in common)
    rows = []
    for region in session.exec(select(Region).order_by(Region.sort_order, Region.id)):
        members = [p for p in provinces.values() if p.region_id == region.id]
        used = [p.id for p in members if p.id in common]
        a = math.fsum(values[year_from][p] for p in used)
        b = math.fsum(values[year_to][p] for p in used)
        inner = targets.contributions(
            {p: values[year_from][p] for p in used}, {p: values[year_to][p] for p in used}, "sum", {}
        )
        rows.append(
            {
                "region_id": region.id,
                "region_vi": region.name_vi,
                "region_en": region.name_en,
                "provinces_counted": len(used),
                "provinces_total": len(members),
                "complete": len(used) == len(members),
                "before": a if used else None,
                "after": b if used else None,
                "share": b / nation_b if used and nation_b else None,
                "change": b - a if used else None,
                "pct_points": 100 * (b - a) / nation_a if used and nation_a else None,
                "growth": 100 * (b - a) / a if used and a else None,
                "provinces": sorted(
                    (
                        {
                            "province_id": p,
                            "province": provinces[p].name_vi,
                            "contribution": inner["by_province"][p],
                            "pct_points_region": inner["pct_points"][p],
                        }
                        for p in used
                    ),
                    key=lambda r: -r["contribution"],
                ),
            }
        )
    return {
        "indicator_id": indicator_id,
        "indicator_vi": indicator.name_vi,
        "indicator_en": indicator.name_en,
        "unit": indicator.unit,
        "year_from": year_from,
        "year_to": year_to,
        "provinces_counted": len(common),
        "provinces_total": len(provinces),
        "nation_before": nation_a if common else None,
        "nation_after": nation_b if common else None,
        "nation_change": nation_b - nation_a if common else None,
        "nation_growth": 100 * (nation_b - nation_a) / nation_a if common and nation_a else None,
        "regions": rows,
    }


def sum_indicators(session: Session) -> list[dict]:
    """Summed indicators with the years that have approved figures (for the region-to-nation view)."""
    out = []
    for ind in session.exec(select(Indicator).where(Indicator.aggregation == "sum").order_by(Indicator.id)):
        years = sorted(
            set(
                session.exec(
                    select(Observation.year).where(
                        Observation.indicator_id == ind.id, Observation.status == "approved"
                    )
                ).all()
            )
        )
        out.append(
            {
                "id": ind.id,
                "code": ind.code,
                "name_vi": ind.name_vi,
                "name_en": ind.name_en,
                "unit": ind.unit,
                "years": years,
            }
        )
    return out


# --- export ---------------------------------------------------------------------------------


def export_excel(session: Session, region_id: int, lang: str = "vi", today: date | None = None) -> bytes:
    """Everything of plan execution for the region as one workbook: targets (delivered, pipeline,
    gap, projected status), provinces, linked projects, derived figures, the checklist, reporting
    rates and who is late."""
    today = today or date.today()
    deliveries = region_deliveries(session, region_id, today)
    tr = lambda key, **kw: t(key, lang, **kw)  # noqa: E731
    targets_frame = pd.DataFrame(
        [
            {
                tr(
                    "plan.col.target"
                ): f"#{d['target_id']} {d['indicator_vi'] if lang == 'vi' else d['indicator_en']}",
                tr("plan.col.plan_region"): d["plan_region"],
                tr("plan.col.unit"): d["unit"],
                tr("plan.col.goal"): d["target"],
                tr("plan.col.target_year"): d["target_year"],
                tr("plan.col.delivered"): d["delivered"],
                tr("plan.col.pipeline"): d["pipeline"],
                tr("plan.col.projected"): d["projected"],
                tr("plan.col.gap"): d["gap"],
                tr("plan.col.projected_status"): tr(f"progress.{d['projected_status']['status']}"),
                tr("plan.col.entered_status"): tr(f"progress.{d['entered_status']['status']}"),
            }
            for d in deliveries
        ]
    )
    province_frame = pd.DataFrame(
        [
            {
                tr("plan.col.target"): f"#{d['target_id']}",
                tr("plan.col.province"): p["province"],
                tr("plan.col.delivered"): p["delivered"],
                tr("plan.col.pipeline"): p["pipeline"],
                tr("plan.col.unit"): d["unit"],
            }
            for d in deliveries
            for p in d["provinces"]
        ]
    )
    links_frame = pd.DataFrame(
        [
            {
                tr("plan.col.target"): f"#{d['target_id']}",
                tr("plan.col.project"): f"{x['code']} {x['name_vi']}",
                tr("plan.col.status"): tr(f"pstatus.{x['status']}"),
                tr("plan.col.quantity"): x["quantity"],
                tr("plan.col.rule"): tr(f"plan.rule.{x['rule']}"),
                tr("plan.col.split"): "; ".join(f"{p['province']}: {p['amount']:g}" for p in x["parts"]),
                tr("plan.col.phase"): tr(f"plan.phase.{x['phase']}"),
                tr("plan.col.year"): x["year"],
            }
            for d in deliveries
            for x in d["links"]
        ]
    )
    derived_frame = pd.DataFrame(
        [
            {
                tr("plan.col.target"): f"#{d['target_id']}",
                tr("plan.col.province"): r["province"],
                tr("plan.col.year"): r["year"],
                tr("plan.col.delivered"): r["amount"],
                tr("plan.col.source"): tr("plan.derived_from", code=r["project_code"]),
            }
            for d in deliveries
            for r in d["derived"]
        ]
    )
    check = checklist(session, region_id, today)
    check_frame = pd.DataFrame(
        [
            {
                tr("plan.col.decision"): r["decision_code"],
                tr("plan.col.name"): r["name_vi"],
                tr("plan.col.provinces"): ", ".join(r["provinces"]),
                tr("plan.col.period"): period_text(r),
                tr("plan.col.register"): r["project_code"] or tr("plan.not_in_register"),
                tr("plan.col.status"): tr(f"pstatus.{r['status']}")
                if r["status"] != "not_in_register"
                else tr("plan.not_in_register"),
                tr("plan.col.on_schedule"): ""
                if r["on_schedule"] is None
                else tr(f"plan.yesno.{r['on_schedule']}"),
                tr("plan.col.years_left"): r["years_left"],
                tr("plan.col.flags"): "; ".join(
                    tr(f"plan.flag.{f}", n=check["not_started_years"]) for f in r["flags"]
                ),
            }
            for r in check["rows"]
        ]
    )
    rep = reporting(session, region_id, None, today)
    rates_frame = pd.DataFrame(
        [
            {
                tr("plan.col.province"): r["province"],
                tr("plan.col.expected"): r["expected"],
                tr("plan.col.submitted"): r["submitted"],
                tr("plan.col.on_time"): r["on_time"],
                tr("plan.col.approved"): r["approved"],
                tr("plan.col.submitted_rate"): _pct(r["submitted_rate"]),
                tr("plan.col.on_time_rate"): _pct(r["on_time_rate"]),
                tr("plan.col.approved_rate"): _pct(r["approved_rate"]),
            }
            for r in [*rep["by_province"], {"province": tr("plan.region_total"), **rep["region"]}]
        ]
    )
    late_frame = pd.DataFrame(
        [
            {
                tr("plan.col.province"): c["province"],
                tr("plan.col.year"): c["year"],
                tr("plan.col.indicator"): c["indicator"],
                tr("plan.col.due"): c["due"].isoformat(),
                tr("plan.col.status"): tr(f"plan.figstatus.{c['status']}"),
                tr("plan.col.submitted_on"): c["submitted_on"].isoformat() if c["submitted_on"] else "",
                tr("plan.col.days_late"): c["days_late"],
            }
            for c in rep["late"]
        ]
    )
    return to_excel(
        {
            "targets": targets_frame,
            "provinces": province_frame,
            "projects": links_frame,
            "derived": derived_frame,
            "checklist": check_frame,
            "reporting": rates_frame,
            "late": late_frame,
        }
    )


def _pct(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def period_text(row: dict) -> str:
    """'2021-2030', '2030' or '' for a checklist row."""
    if row["period_start"] and row["period_end"]:
        return f"{row['period_start']}-{row['period_end']}"
    return str(row["period_end"] or "")


# --- the draft agenda and the briefing pack --------------------------------------------------

AGENDA_RULES = ("target_short", "priority_not_started", "reporting_low")


def agenda_candidates(session: Session, region_id: int, today: date) -> list[tuple[str, str, str, str]]:
    """(kind, ref_entity, ref_id, title) of the plan-execution items of a region's draft agenda:
    targets whose delivered + pipeline falls short (only targets with credited projects), priority
    projects not started with fewer than N years left, provinces with a low reporting rate."""
    out = []
    for d in region_deliveries(session, region_id, today):
        if d["short"]:
            title = f"{d['indicator_vi']} — {d['plan_region']} ({d['target_year']})"
            out.append(("target_short", "delivery", str(d["target_id"]), title))
    for r in checklist(session, region_id, today)["rows"]:
        if "not_started_late" in r["flags"]:
            out.append(("priority_not_started", "priority_project", str(r["id"]), r["name_vi"]))
    for r in low_reporting(session, region_id, today):
        out.append(
            (
                "reporting_low",
                "reporting",
                f"{r['province_id']}:{r['year']}",
                f"{r['province']} — {r['year']}",
            )
        )
    return out


def agenda_facts(session: Session, entity: str, ref: str, today: date) -> dict:
    """Key numbers of a plan-execution agenda item (language-neutral, like meetings.item_facts)."""
    if entity == "delivery":
        try:
            d = target_delivery(session, int(ref), today)
        except NotFound:
            return {"kind": "missing"}
        return delivery_facts(d)
    if entity == "priority_project":
        rows = [r for r in checklist(session, None, today)["rows"] if str(r["id"]) == ref]
        if not rows:
            return {"kind": "missing"}
        r = rows[0]
        return {
            "kind": "priority",
            "decision": r["decision_code"],
            "name": r["name_vi"],
            "period": period_text(r),
            "status": r["status"],
            "project_code": r["project_code"],
            "years_left": r["years_left"],
            "provinces": r["provinces"],
            "flags": r["flags"],
        }
    if entity == "reporting":
        province_id, year = (int(x) for x in ref.split(":"))
        try:
            rep = province_reporting(session, province_id, [year], today)
        except NotFound:
            return {"kind": "missing"}
        row = rep["by_province"][0] if rep["by_province"] else rates([])
        return {
            "kind": "reporting",
            "province": session.get(Province, province_id).name_vi,
            "year": year,
            **{
                k: row[k]
                for k in ("expected", "submitted", "on_time", "approved", "submitted_rate", "on_time_rate")
            },
            "late_names": sorted({c["indicator"] for c in rep["late"]}, key=vi_sort_key),
            "chart": {
                "labels": ["expected", "submitted", "on_time"],
                "values": [row["expected"], row["submitted"], row["on_time"]],
                "unit": "",
                "title": "reporting",
                "translate": True,
            },
        }
    return {"kind": "manual"}


def delivery_facts(d: dict) -> dict:
    """The key numbers of one target's delivery (a :func:`target_delivery` result) for the pack."""
    facts = {
        "kind": "delivery",
        "indicator": d["indicator_vi"],
        "unit": d["unit"],
        "goal": d["target"],
        "target_year": d["target_year"],
        "delivered": d["delivered"],
        "pipeline": d["pipeline"],
        "gap": d["gap"],
        "status": d["projected_status"]["status"],
        "provinces": [
            (p["province"], p["delivered"], p["pipeline"])
            for p in d["provinces"]
            if p["delivered"] or p["pipeline"]
        ],
    }
    facts["chart"] = {
        "labels": ["delivered", "pipeline", "gap"],
        "values": [d["delivered"], d["pipeline"], max(d["gap"] or 0, 0)],
        "unit": d["unit"],
        "title": "delivery",
        "translate": True,
        "reference": d["target"],
    }
    return facts


def region_summary(session: Session, region_id: int, today: date | None = None) -> dict:
    """The plan-execution section of a briefing pack: each target with credited projects, the
    checklist counts and the region's reporting rates for the reporting year."""
    today = today or date.today()
    check = checklist(session, region_id, today)
    rep = reporting(session, region_id, None, today)
    return {
        "deliveries": region_deliveries(session, region_id, today),
        "checklist": {
            "total": len(check["rows"]),
            "missing": sum("not_in_register" in r["flags"] for r in check["rows"]),
            "late": sum("not_started_late" in r["flags"] for r in check["rows"]),
            "n": check["not_started_years"],
        },
        "reporting": {"year": rep["years"][-1], **rep["region"]},
    }
