"""Revenue and full-cost sharing between provinces (issue 18, seed 004's rules for a fair
shared arrangement): existing revenue stays where it is, new revenue is split by an agreed key;
all the costs are shared, not only the marginal ones; on a relocation the host keeps its current
level and the provinces split the increment and the agreed costs.

A year's settlement, per participating province (VND billion, two decimals):

- ``kept``: the baseline it keeps. When the year's revenue R covers the sum of baselines B, each
  keeps its baseline. When R < B (a shortfall) R is shared by the rule chosen at signing:
  ``pro_rata`` (in proportion to the baselines) or ``host_first`` (the host's baseline first,
  what is left pro rata among the others).
- ``increment``: its share of max(R - B, 0) by the adopted key.
- ``costs``: its share of each cost line of the year, each line by its own key.
- ``net`` = kept + increment - the sum of its cost shares; ``cumulative`` = the sum of its nets
  over the settled years up to this one.
- ``change`` = net - baseline (the status quo: what it had before); ``loses`` when negative.

Every split is costshare.split (largest remainder on the hundredth), so each column adds up to
its total exactly: kept to min(R, B), increment to R - B, each cost column to the line's amount,
net to R - total costs.

Keys: ``equal``; ``population`` (Province.population, the statistics office's figure);
``grdp`` (Province.grdp_weight); ``grdp_per_capita`` (grdp_weight / population); ``negotiated``
(weights typed in). A key needs every participant's figure; otherwise it is refused naming the
province.
"""

from __future__ import annotations

import json
from datetime import date
from fractions import Fraction

from sqlalchemy import update
from sqlmodel import Session, col, delete, select

from council import audit
from council.auth import Actor, authorize
from council.costshare import _exact, split
from council.errors import NotFound, StaleEdit, ValidationError
from council.models import Agreement, Indicator, Observation, Project, Province, utcnow
from council.numbers import NumberInputError, parse_number
from council.sharing_models import (
    SharingAcceptance,
    SharingArrangement,
    SharingCostLine,
    SharingParticipant,
    SharingRevenue,
    SharingScenario,
)
from council.textutil import nfc, vi_sort_key
from council.versioning import load_for_edit, save_versioned

KEYS = ("equal", "population", "grdp", "grdp_per_capita", "negotiated")
KINDS = ("standard", "relocation")
SHORTFALL_RULES = ("pro_rata", "host_first")
COST_CATEGORIES = ("capital", "operation", "maintenance")
COST_TYPES = ("full", "marginal")
CODE_PREFIX = "CS-"
MIN_PARTICIPANTS = 2
BASELINE_INDICATOR = "budget_revenue"


# --- the maths (pure) -----------------------------------------------------------------------


def _cents(x) -> int:
    return round(_exact(x) * 100)


def _split_cents(weights: dict[int, float], cents: int) -> dict[int, int]:
    if cents == 0:
        return dict.fromkeys(weights, 0)
    return {k: round(_exact(v) * 100) for k, v in split(weights, cents / 100, 2).items()}


def _shortfall(baselines: dict[int, int], revenue: int, rule: str, host: int | None) -> dict[int, int]:
    """Revenue below the sum of baselines, shared by ``rule``."""
    kept = dict.fromkeys(baselines, 0)
    if rule == "host_first" and host in baselines:
        kept[host] = min(baselines[host], revenue)
        rest = revenue - kept[host]
        others = {k: v for k, v in baselines.items() if k != host and v > 0}
        if rest and others:
            kept.update(_split_cents(others, rest))
        return kept
    positive = {k: v for k, v in baselines.items() if v > 0}
    if revenue and positive:
        kept.update(_split_cents(positive, revenue))
    return kept


def settle(
    baselines: dict[int, float],
    revenue: float,
    key_weights: dict[int, float],
    *,
    rule: str = "pro_rata",
    host: int | None = None,
    cost_lines: list[dict] | None = None,
) -> dict:
    """One year's settlement. ``cost_lines``: dicts with id, amount, weights (cost_type,
    category optional). Returns per-province rows and the column totals (floats, 2 decimals)."""
    if revenue < 0:
        raise ValidationError("sharing.error.negative", field="revenue")
    base = {k: _cents(v) for k, v in baselines.items()}
    if any(v < 0 for v in base.values()):
        raise ValidationError("sharing.error.negative", field="baseline_revenue")
    r = _cents(revenue)
    total_base = sum(base.values())
    if r >= total_base:
        kept = dict(base)
        inc_total = r - total_base
        increment = _split_cents(key_weights, inc_total) if inc_total else dict.fromkeys(base, 0)
    else:
        kept = _shortfall(base, r, rule, host)
        inc_total = 0
        increment = dict.fromkeys(base, 0)
    lines = cost_lines or []
    costs: dict[int, dict[int, int]] = {}
    for line in lines:
        if line["amount"] < 0:
            raise ValidationError("sharing.error.negative", field="amount")
        costs[line["id"]] = _split_cents(line["weights"], _cents(line["amount"]))
    rows = []
    for pid in baselines:
        cost_total = sum(c.get(pid, 0) for c in costs.values())
        net = kept[pid] + increment.get(pid, 0) - cost_total
        rows.append(
            {
                "province_id": pid,
                "baseline": base[pid] / 100,
                "kept": kept[pid] / 100,
                "increment": increment.get(pid, 0) / 100,
                "costs": {lid: c.get(pid, 0) / 100 for lid, c in costs.items()},
                "cost_total": cost_total / 100,
                "net": net / 100,
                "net_cents": net,
                "change": (net - base[pid]) / 100,
                "loses": net < base[pid],
            }
        )
    cost_sum = sum(_cents(line["amount"]) for line in lines)
    return {
        "rows": rows,
        "shortfall": r < total_base,
        "totals": {
            "baseline": total_base / 100,
            "kept": min(r, total_base) / 100,
            "increment": inc_total / 100,
            "costs": {line["id"]: _cents(line["amount"]) / 100 for line in lines},
            "cost_total": cost_sum / 100,
            "net": (r - cost_sum) / 100,
            "revenue": r / 100,
        },
        "marginal_only": bool(lines) and all(line.get("cost_type") == "marginal" for line in lines),
    }


def key_weights(
    key: str, participants: list[dict], negotiated: dict[int, float] | None = None
) -> dict[int, float]:
    """One weight per participant (dicts with province_id, name, population, grdp) for ``key``;
    ValidationError naming the first province without the figure."""
    if key not in KEYS:
        raise ValidationError("sharing.error.key", field="key", value=key)
    out: dict[int, float] = {}
    for p in participants:
        pid = p["province_id"]
        if key == "equal":
            value = 1.0
        elif key == "population":
            value = p.get("population")
        elif key == "grdp":
            value = p.get("grdp")
        elif key == "grdp_per_capita":
            pop, grdp = p.get("population"), p.get("grdp")
            value = float(Fraction(_exact(grdp)) / pop) if pop and grdp else None
        else:
            value = (negotiated or {}).get(pid)
        floor_ok = value is not None and (value >= 0 if key == "negotiated" else value > 0)
        if not floor_ok:
            raise ValidationError("sharing.error.key_missing", field="key", method=key, province=p["name"])
        out[pid] = float(value)
    if not any(out.values()):
        raise ValidationError("sharing.error.key_zero", field="weights")
    return out


# --- reading -------------------------------------------------------------------------------


def _number(value, field: str) -> float:
    if isinstance(value, str):
        try:
            value = parse_number(value)
        except NumberInputError:
            raise ValidationError("error.not_a_number", field=field, value=value) from None
    if value is None:
        raise ValidationError("error.required", field=field)
    value = float(value)
    if value < 0:
        raise ValidationError("sharing.error.negative", field=field)
    return value


def _load(session: Session, arrangement_id: int) -> SharingArrangement:
    arr = session.get(SharingArrangement, arrangement_id)
    if arr is None:
        raise NotFound("sharing", arrangement_id)
    return arr


def participants(session: Session, arrangement_id: int) -> list[dict]:
    """The participants with their baseline and every figure a key may use, in Vietnamese order."""
    rows = session.exec(
        select(SharingParticipant, Province)
        .join(Province, Province.id == SharingParticipant.province_id)
        .where(SharingParticipant.arrangement_id == arrangement_id)
    ).all()
    out = [
        {
            "province_id": pr.id,
            "name": pr.name_vi,
            "baseline": sp.baseline_revenue,
            "baseline_source": sp.baseline_source,
            "population": pr.population,
            "grdp": pr.grdp_weight,
        }
        for sp, pr in rows
    ]
    out.sort(key=lambda p: vi_sort_key(p["name"]))
    return out


def _weights_of(text: str) -> dict[int, float]:
    return {int(k): float(v) for k, v in json.loads(text).items()} if text else {}


def _lines(session: Session, arrangement_id: int, year: int | None = None) -> list[SharingCostLine]:
    q = select(SharingCostLine).where(SharingCostLine.arrangement_id == arrangement_id)
    if year is not None:
        q = q.where(SharingCostLine.year == year)
    return list(session.exec(q.order_by(SharingCostLine.year, SharingCostLine.id)))


def _revenues(session: Session, arrangement_id: int) -> dict[int, float]:
    rows = session.exec(select(SharingRevenue).where(SharingRevenue.arrangement_id == arrangement_id))
    return {r.year: r.revenue for r in rows}


def scenarios(session: Session, arrangement_id: int) -> list[dict]:
    rows = session.exec(
        select(SharingScenario)
        .where(SharingScenario.arrangement_id == arrangement_id)
        .order_by(SharingScenario.id)
    )
    return [{"id": s.id, "name": s.name, "key": s.key, "weights": _weights_of(s.weights)} for s in rows]


def _year_settlement(session, arr, parts, year, revenue, scenario) -> dict:
    lines = _lines(session, arr.id, year)
    result = settle(
        {p["province_id"]: p["baseline"] for p in parts},
        revenue,
        key_weights(scenario["key"], parts, scenario["weights"]),
        rule=arr.shortfall_rule,
        host=arr.host_province_id,
        cost_lines=[
            {
                "id": ln.id,
                "amount": ln.amount,
                "cost_type": ln.cost_type,
                "category": ln.category,
                "weights": key_weights(ln.key, parts, _weights_of(ln.weights)),
            }
            for ln in lines
        ],
    )
    result["lines"] = [
        {"id": ln.id, "category": ln.category, "amount": ln.amount, "key": ln.key, "cost_type": ln.cost_type}
        for ln in lines
    ]
    return result


def settlement(session: Session, arrangement_id: int, year: int, scenario_id: int | None = None) -> dict:
    """The settlement of ``year`` by a scenario (default: the adopted one), with the cumulative
    net of every settled year up to it and who has accepted it."""
    arr = _load(session, arrangement_id)
    if year < arr.base_year:
        raise ValidationError(
            "sharing.error.year_before_base", field="year", year=year, base_year=arr.base_year
        )
    scenario_id = scenario_id or arr.adopted_scenario_id
    by_id = {s["id"]: s for s in scenarios(session, arrangement_id)}
    if scenario_id not in by_id:
        raise ValidationError("sharing.error.no_scenario", field="scenario")
    revenues = _revenues(session, arrangement_id)
    if year not in revenues:
        raise ValidationError("sharing.error.no_revenue", field="revenue", year=year)
    parts = participants(session, arrangement_id)
    cumulative = dict.fromkeys((p["province_id"] for p in parts), 0)
    result = None
    for y in sorted(v for v in revenues if v <= year):
        result = _year_settlement(session, arr, parts, y, revenues[y], by_id[scenario_id])
        for row in result["rows"]:
            cumulative[row["province_id"]] += row["net_cents"]
    accepted = {
        a.province_id: a
        for a in session.exec(
            select(SharingAcceptance).where(
                SharingAcceptance.arrangement_id == arrangement_id, SharingAcceptance.year == year
            )
        )
    }
    names = {p["province_id"]: p["name"] for p in parts}
    for row in result["rows"]:
        pid = row["province_id"]
        row["name"] = names[pid]
        row["cumulative"] = cumulative[pid] / 100
        acc = accepted.get(pid)
        row["accepted_at"] = acc.accepted_at if acc else None
        row["accepted_version"] = acc.settlement_version if acc else None
    result["totals"]["cumulative"] = sum(cumulative.values()) / 100
    result.update(
        arrangement_id=arr.id,
        year=year,
        version=arr.version,
        scenario=by_id[scenario_id],
        adopted=scenario_id == arr.adopted_scenario_id,
        due=due_date(arr, year),
    )
    return result


def compare_scenarios(session: Session, arrangement_id: int, year: int) -> list[dict]:
    """Every saved scenario's settlement of ``year`` side by side; a scenario whose key lacks a
    figure carries the refusal instead."""
    out: list[dict] = []
    for s in scenarios(session, arrangement_id):
        try:
            out.append({"scenario": s, "settlement": settlement(session, arrangement_id, year, s["id"])})
        except ValidationError as exc:
            out.append({"scenario": s, "error": exc})
    return out


def due_date(arr: SharingArrangement, year: int) -> date:
    day = min(arr.due_day, 28) if arr.due_month == 2 else arr.due_day
    if arr.due_month in (4, 6, 9, 11):
        day = min(day, 30)
    return date(year + 1, arr.due_month, day)


def get_arrangement(session: Session, arrangement_id: int) -> dict:
    arr = _load(session, arrangement_id)
    data = audit.snapshot(arr)
    data["participants"] = participants(session, arrangement_id)
    data["province_ids"] = [p["province_id"] for p in data["participants"]]
    data["revenues"] = _revenues(session, arrangement_id)
    data["cost_lines"] = [audit.snapshot(ln) for ln in _lines(session, arrangement_id)]
    data["scenarios"] = scenarios(session, arrangement_id)
    return data


def list_arrangements(session: Session) -> list[dict]:
    return [
        get_arrangement(session, a.id)
        for a in session.exec(select(SharingArrangement).order_by(SharingArrangement.code))
    ]


def pending_settlements(session: Session, today: date, province_id: int | None = None) -> list[dict]:
    """Settlements past their due date that a participant has not accepted (of ``province_id``
    only, if given): one entry per arrangement, year and province."""
    out = []
    for arr in session.exec(
        select(SharingArrangement).where(col(SharingArrangement.adopted_scenario_id).is_not(None))
    ):
        parts = participants(session, arr.id)
        accepted = {
            (a.province_id, a.year)
            for a in session.exec(select(SharingAcceptance).where(SharingAcceptance.arrangement_id == arr.id))
        }
        for year in sorted(_revenues(session, arr.id)):
            if due_date(arr, year) >= today:
                continue
            for p in parts:
                if (p["province_id"], year) in accepted:
                    continue
                if province_id is not None and p["province_id"] != province_id:
                    continue
                out.append(
                    {
                        "arrangement_id": arr.id,
                        "code": arr.code,
                        "title": arr.title,
                        "year": year,
                        "province_id": p["province_id"],
                        "province": p["name"],
                        "due": due_date(arr, year),
                    }
                )
    return out


# --- writing -------------------------------------------------------------------------------


def _next_code(session: Session) -> str:
    numbers = [
        int(c[len(CODE_PREFIX) :])
        for c in session.exec(
            select(SharingArrangement.code).where(col(SharingArrangement.code).startswith(CODE_PREFIX))
        ).all()
        if c[len(CODE_PREFIX) :].isdigit()
    ]
    return f"{CODE_PREFIX}{max(numbers, default=0) + 1:03d}"


def baseline_from_figures(session: Session, province_id: int, year: int) -> float | None:
    """The province's approved ``budget_revenue`` figure of ``year`` (VND billion), if any."""
    return session.exec(
        select(Observation.value)
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .where(
            Indicator.code == BASELINE_INDICATOR,
            Observation.province_id == province_id,
            Observation.year == year,
            Observation.status == "approved",
        )
    ).first()


def create_arrangement(
    session: Session,
    actor: Actor,
    *,
    title: str,
    province_ids,
    base_year: int,
    baselines: dict | None = None,
    agreement_id: int | None = None,
    project_id: int | None = None,
    kind: str = "standard",
    host_province_id: int | None = None,
    shortfall_rule: str = "pro_rata",
    due_month: int = 3,
    due_day: int = 31,
    note: str = "",
) -> dict:
    """A sharing arrangement of two or more provinces, attached to an agreement or a project.
    ``baselines``: {province_id: amount}; a province left out (or None) takes its approved
    budget_revenue figure of ``base_year``. A relocation names the host, whose baseline is its
    current level, and always serves the host first in a shortfall."""
    authorize(actor, "sharing.manage")
    title = nfc(title)
    if not title:
        raise ValidationError("error.required", field="title")
    ids = sorted({int(i) for i in province_ids or []})
    if len(ids) < MIN_PARTICIPANTS:
        raise ValidationError("sharing.error.participants", field="provinces", min=MIN_PARTICIPANTS)
    known = set(session.exec(select(Province.id).where(col(Province.id).in_(ids))).all())
    if unknown := [i for i in ids if i not in known]:
        raise ValidationError("error.unknown_province", field="provinces", province=unknown[0])
    if agreement_id is None and project_id is None:
        raise ValidationError("sharing.error.attach", field="agreement")
    if agreement_id is not None and session.get(Agreement, agreement_id) is None:
        raise ValidationError("sharing.error.attach", field="agreement")
    if project_id is not None and session.get(Project, project_id) is None:
        raise ValidationError("sharing.error.attach", field="project")
    if kind not in KINDS:
        raise ValidationError("sharing.error.kind", field="kind", value=kind)
    if shortfall_rule not in SHORTFALL_RULES:
        raise ValidationError("sharing.error.rule", field="shortfall_rule", value=shortfall_rule)
    if kind == "relocation":
        if host_province_id not in ids:
            raise ValidationError("sharing.error.host", field="host_province_id")
        shortfall_rule = "host_first"
    elif host_province_id is not None and host_province_id not in ids:
        raise ValidationError("sharing.error.host", field="host_province_id")
    if shortfall_rule == "host_first" and host_province_id is None:
        raise ValidationError("sharing.error.host", field="host_province_id")
    if not 1 <= int(due_month) <= 12 or not 1 <= int(due_day) <= 31:
        raise ValidationError("sharing.error.due", field="due_month")
    baselines = {int(k): v for k, v in (baselines or {}).items()}
    names = {p.id: p.name_vi for p in session.exec(select(Province).where(col(Province.id).in_(ids)))}
    values: dict[int, tuple[float, str]] = {}
    for pid in ids:
        raw = baselines.get(pid)
        if raw is None or raw == "":
            figure = baseline_from_figures(session, pid, int(base_year))
            if figure is None:
                raise ValidationError(
                    "sharing.error.baseline_missing",
                    field="baseline_revenue",
                    province=names[pid],
                    year=base_year,
                )
            values[pid] = (_number(figure, "baseline_revenue"), f"{BASELINE_INDICATOR} {base_year}")
        else:
            values[pid] = (_number(raw, "baseline_revenue"), "entered")
    arr = SharingArrangement(
        code=_next_code(session),
        title=title,
        agreement_id=agreement_id,
        project_id=project_id,
        kind=kind,
        host_province_id=host_province_id,
        base_year=int(base_year),
        shortfall_rule=shortfall_rule,
        due_month=int(due_month),
        due_day=int(due_day),
        note=nfc(note),
        updated_by=actor.username,
    )
    session.add(arr)
    session.flush()
    for pid, (amount, source) in values.items():
        session.add(
            SharingParticipant(
                arrangement_id=arr.id, province_id=pid, baseline_revenue=amount, baseline_source=source
            )
        )
    session.flush()
    data = get_arrangement(session, arr.id)
    audit.record(session, actor, "create", "sharing", arr.id, None, data)
    return data


def _change_terms(
    session: Session,
    actor: Actor,
    arrangement_id: int,
    expected_version: int,
    from_year: int | None,
    values=None,
) -> SharingArrangement:
    """Move the settlement version on (compare-and-set) and clear the acceptances the change
    affects: of ``from_year`` and later, or all of them when ``from_year`` is None."""
    arr = load_for_edit(session, SharingArrangement, arrangement_id, expected_version, "sharing")
    save_versioned(session, arr, expected_version, "sharing", actor.username, values or {})
    q = delete(SharingAcceptance).where(SharingAcceptance.arrangement_id == arrangement_id)
    if from_year is not None:
        q = q.where(SharingAcceptance.year >= from_year)
    session.exec(q)
    return session.get(SharingArrangement, arrangement_id)


def _check_year(arr: SharingArrangement, year) -> int:
    year = int(year)
    if year < arr.base_year:
        raise ValidationError(
            "sharing.error.year_before_base", field="year", year=year, base_year=arr.base_year
        )
    return year


def set_revenue(
    session: Session, actor: Actor, arrangement_id: int, *, expected_version: int, year, revenue
) -> dict:
    """Record (or correct) the revenue the arrangement generated in ``year``."""
    authorize(actor, "sharing.manage")
    arr = load_for_edit(session, SharingArrangement, arrangement_id, expected_version, "sharing")
    year = _check_year(arr, year)
    amount = _number(revenue, "revenue")
    row = session.exec(
        select(SharingRevenue).where(
            SharingRevenue.arrangement_id == arrangement_id, SharingRevenue.year == year
        )
    ).first()
    before = {"year": year, "revenue": row.revenue if row else None}
    if row is None:
        row = SharingRevenue(arrangement_id=arrangement_id, year=year, revenue=amount)
    row.revenue = amount
    session.add(row)
    arr = _change_terms(session, actor, arrangement_id, expected_version, year)
    audit.record(
        session, actor, "set_revenue", "sharing", arrangement_id, before, {"year": year, "revenue": amount}
    )
    return {"year": year, "revenue": amount, "version": arr.version}


def _clean_key(session, arrangement_id, key, weights, field="key") -> str:
    parts = participants(session, arrangement_id)
    clean = {}
    if key == "negotiated":
        for p in parts:
            raw = (weights or {}).get(p["province_id"])
            if raw is None or raw == "":
                raise ValidationError(
                    "sharing.error.key_missing", field="weights", method=key, province=p["name"]
                )
            clean[p["province_id"]] = _number(raw, "weights")
    key_weights(key, parts, clean)  # refuses a key lacking a participant's figure
    return json.dumps({str(k): v for k, v in clean.items()}) if clean else ""


def add_cost_line(
    session: Session,
    actor: Actor,
    arrangement_id: int,
    *,
    expected_version: int,
    year,
    category: str,
    amount,
    key: str,
    cost_type: str = "full",
    weights: dict | None = None,
    note: str = "",
) -> dict:
    """A cost of ``year`` (capital, operation or maintenance) shared by its own key."""
    authorize(actor, "sharing.manage")
    arr = load_for_edit(session, SharingArrangement, arrangement_id, expected_version, "sharing")
    year = _check_year(arr, year)
    if category not in COST_CATEGORIES:
        raise ValidationError("sharing.error.category", field="category", value=category)
    if cost_type not in COST_TYPES:
        raise ValidationError("sharing.error.cost_type", field="cost_type", value=cost_type)
    value = _number(amount, "amount")
    text = _clean_key(session, arrangement_id, key, weights)
    line = SharingCostLine(
        arrangement_id=arrangement_id,
        year=year,
        category=category,
        amount=value,
        key=key,
        weights=text,
        cost_type=cost_type,
        note=nfc(note),
    )
    session.add(line)
    session.flush()
    arr = _change_terms(session, actor, arrangement_id, expected_version, year)
    audit.record(session, actor, "add_cost_line", "sharing", arrangement_id, None, line)
    return {**(audit.snapshot(line) or {}), "version": arr.version}


def delete_cost_line(
    session: Session, actor: Actor, arrangement_id: int, line_id: int, *, expected_version: int
) -> dict:
    authorize(actor, "sharing.manage")
    line = session.get(SharingCostLine, line_id)
    if line is None or line.arrangement_id != arrangement_id:
        raise NotFound("sharing_cost_line", line_id)
    before = audit.snapshot(line)
    session.delete(line)
    arr = _change_terms(session, actor, arrangement_id, expected_version, line.year)
    audit.record(session, actor, "delete_cost_line", "sharing", arrangement_id, before, None)
    return {"version": arr.version}


def save_scenario(
    session: Session, actor: Actor, arrangement_id: int, *, name: str, key: str, weights=None
) -> dict:
    """Save a key for the increment to compare with the others; it counts once adopted."""
    authorize(actor, "sharing.manage")
    _load(session, arrangement_id)
    name = nfc(name)
    if not name:
        raise ValidationError("error.required", field="name")
    if key not in KEYS:
        raise ValidationError("sharing.error.key", field="key", value=key)
    if session.exec(
        select(SharingScenario).where(
            SharingScenario.arrangement_id == arrangement_id, SharingScenario.name == name
        )
    ).first():
        raise ValidationError("error.duplicate", field="name", value=name)
    text = _clean_key(session, arrangement_id, key, weights)
    row = SharingScenario(
        arrangement_id=arrangement_id, name=name, key=key, weights=text, created_by=actor.username
    )
    session.add(row)
    session.flush()
    audit.record(session, actor, "save_scenario", "sharing", arrangement_id, None, row)
    return {"id": row.id, "name": name, "key": key, "weights": _weights_of(text)}


def adopt_scenario(
    session: Session, actor: Actor, arrangement_id: int, scenario_id: int, *, expected_version: int
) -> dict:
    """Adopt a saved scenario's key: every year's settlement changes, every acceptance is cleared."""
    authorize(actor, "sharing.manage")
    arr = load_for_edit(session, SharingArrangement, arrangement_id, expected_version, "sharing")
    scenario = session.get(SharingScenario, scenario_id)
    if scenario is None or scenario.arrangement_id != arrangement_id:
        raise ValidationError("sharing.error.no_scenario", field="scenario")
    key_weights(scenario.key, participants(session, arrangement_id), _weights_of(scenario.weights))
    before = {"adopted_scenario_id": arr.adopted_scenario_id}
    arr = _change_terms(
        session, actor, arrangement_id, expected_version, None, {"adopted_scenario_id": scenario_id}
    )
    audit.record(
        session,
        actor,
        "adopt_scenario",
        "sharing",
        arrangement_id,
        before,
        {"adopted_scenario_id": scenario_id},
    )
    return {"adopted_scenario_id": scenario_id, "version": arr.version}


def accept_settlement(
    session: Session,
    actor: Actor,
    arrangement_id: int,
    province_id: int,
    year: int,
    *,
    settlement_version: int,
) -> dict:
    """The province's representative accepts ``year``'s settlement as seen at ``settlement_version``;
    StaleEdit (nothing written) if the terms changed since."""
    authorize(actor, "sharing.accept", [province_id])
    arr = _load(session, arrangement_id)
    if province_id not in {p["province_id"] for p in participants(session, arrangement_id)}:
        raise ValidationError("sharing.error.not_participant", field="province")
    settlement(session, arrangement_id, year)  # refuses a year without revenue or an adopted key
    # Compare-and-set: the row is locked for the transaction and must still be at that version.
    matched = session.exec(
        update(SharingArrangement)
        .where(SharingArrangement.id == arrangement_id, SharingArrangement.version == settlement_version)
        .values(version=SharingArrangement.version)
    ).rowcount
    if matched != 1:
        session.refresh(arr)
        raise StaleEdit("sharing", by=arr.updated_by, at=arr.updated_at)
    row = session.exec(
        select(SharingAcceptance).where(
            SharingAcceptance.arrangement_id == arrangement_id,
            SharingAcceptance.province_id == province_id,
            SharingAcceptance.year == year,
        )
    ).first()
    before = audit.snapshot(row) if row else None
    if row is None:
        row = SharingAcceptance(
            arrangement_id=arrangement_id, province_id=province_id, year=year, settlement_version=0
        )
    row.settlement_version = settlement_version
    row.accepted_at = utcnow()
    row.accepted_by = actor.username
    session.add(row)
    session.flush()
    audit.record(session, actor, "accept_settlement", "sharing", arrangement_id, before, row)
    return audit.snapshot(row)


def agenda_candidates(
    session: Session, province_ids: list[int], today: date
) -> list[tuple[str, str, str, str]]:
    """(kind, ref_entity, ref_id, title) of the draft agenda: unaccepted settlements past due of
    the provinces ``province_ids`` (the meeting's region)."""
    wanted = set(province_ids)
    return [
        (
            "sharing_unaccepted",
            "sharing_settlement",
            f"{p['arrangement_id']}:{p['year']}:{p['province_id']}",
            f"{p['code']} {p['title']} — {p['year']} — {p['province']}",
        )
        for p in pending_settlements(session, today)
        if p["province_id"] in wanted
    ]


def region_summary(session: Session, province_ids: list[int]) -> list[dict]:
    """For the briefing pack: each adopted arrangement with a participant among ``province_ids``,
    its latest settled year with every province's net, change, loss flag and acceptance."""
    wanted = set(province_ids)
    out = []
    for arr in session.exec(
        select(SharingArrangement)
        .where(col(SharingArrangement.adopted_scenario_id).is_not(None))
        .order_by(SharingArrangement.code)
    ):
        parts = participants(session, arr.id)
        years = sorted(_revenues(session, arr.id))
        if not years or not wanted & {p["province_id"] for p in parts}:
            continue
        try:
            result = settlement(session, arr.id, years[-1])
        except ValidationError:
            continue  # a key whose figure went missing since: the page shows why
        out.append({"code": arr.code, "title": arr.title, "year": years[-1], "settlement": result})
    return out
