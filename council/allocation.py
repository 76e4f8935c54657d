"""Allocation of resources (issue 20, seed 002): the council ranks its region's project proposals
by criteria and weights it sets itself, selects what a yearly envelope can fund, and keeps the
regional fund's ledger. Every rule is written out in README.md, "Phân bổ nguồn lực / Allocation".

**Proposals** of a round: the register's projects with status ``proposed`` that have a province
in the round's region and were not funded by an earlier decided round (the register is the one
project store; nothing is copied).

**Criteria** (per round, copied from the region's previous round when a round is opened, else the
defaults below with weight 1 each; the council changes them): computed ones

- ``provinces_served``: the number of provinces the project involves (ProjectProvince rows);
- ``inter_regional``: 1 when its provinces lie in two regions or more, else 0;
- ``missing_links``: how many missing links it closes, from council.network.missing_links on the
  graph *without the proposals* (a proposal must not close its own gap): a neighbouring pair with
  no joint project and no agreement, both of whose provinces it involves, and a province whose
  joint projects all stay in its own region, when it joins it to a province of another region;
- ``off_track_targets``: how many of the plan targets it is credited to (council.plan links) are
  off track by their entered figures or short of their delivered + pipeline amounts;
- ``readiness``: 50 if the investment policy is approved, plus half the land cleared (%), entered
  per proposal (0..100);
- ``cost_per_resident`` (lower is better): the amount asked of the fund in VND divided by the
  statistical population of the provinces it involves;

and ``manual_<n>`` criteria the council adds, scored per proposal on their own scale.

**Normalisation** (min–max over the round's rankable proposals): n = (x − min) / (max − min) for
a criterion where higher is better, n = (max − x) / (max − min) where lower is better; a missing
value counts as the worst (n = 0); when every known value is the same the criterion cannot tell
those proposals apart: n = 0 for all of them, or n = 1 for them when other proposals lack a value. **Score** = 100 × Σ wᵢ·nᵢ / Σ wᵢ (0..100); each term
100·wᵢ·nᵢ/Σw is shown, and the terms add up to the score.

**Selection** under the envelope, on costs in whole units of VND 1 billion (a coarser power of
ten when the envelope passes VND 100,000 billion; see :func:`unit_for`): a proposal's cost is
rounded *up* to the unit and the envelope *down*, so a selected set never exceeds the envelope.
``greedy``: by rank (score, then lower cost, then code), each proposal that still fits is taken.
``knapsack``: the set of greatest total score that fits (exact 0/1 dynamic programming over the
integer costs; scores counted to 0.001 point; among equal totals the set that uses more of the
envelope: when the criteria are indifferent the fund is there to be spent, as greedy would).

**Sensitivity**: each weight in turn multiplied by 0.8 and by 1.2 (the others unchanged); the
proposals whose funded / not funded status changes, for each method.

**Regional fund**: members (the region's provinces) pay the year's contribution split by a key
(``grdp``: Province.grdp_weight; ``budget_revenue``: the approved budget_revenue figure of a basis
year; ``equal``; ``negotiated``: weights typed in) with the exact largest-remainder rounding of
council.costshare.split. The allocation decision records a meeting decision and a funding line of
source ``regional_fund`` on each funded project. The **ledger** per province and year: paid in;
received = the province's part of each award to a project it is part of, split by the project's
cost shares (equally when they are not all recorded), largest remainder; net = received − paid;
cumulative = the sum of nets so far. A province is flagged a **net contributor** when its net was
negative in each of the last N round years running (setting, default 3).
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from datetime import date

import numpy as np
from sqlmodel import Session, col, select

from council import audit
from council.allocation_models import (
    AllocationAward,
    AllocationCriterion,
    AllocationEntry,
    AllocationRound,
    FundContribution,
)
from council.auth import Actor, authorize
from council.costshare import _exact, split
from council.errors import NotFound, ValidationError
from council.models import (
    AgendaItem,
    AppSetting,
    FundingLine,
    Indicator,
    Meeting,
    Observation,
    Project,
    ProjectProvince,
    Province,
    Region,
    utcnow,
)
from council.numbers import NumberInputError, parse_number
from council.textutil import nfc, vi_sort_key
from council.versioning import load_for_edit, save_versioned

ACTION = "allocation.manage"
ENTITY = "allocation_round"
COMPUTED = (
    "provinces_served",
    "inter_regional",
    "missing_links",
    "off_track_targets",
    "readiness",
    "cost_per_resident",
)
LOWER_IS_BETTER = ("cost_per_resident",)
METHODS = ("knapsack", "greedy")
CONTRIBUTION_KEYS = ("grdp", "budget_revenue", "equal", "negotiated")
SENSITIVITY_FACTORS = (0.8, 1.2)
NET_YEARS_KEY = "allocation.net_contributor_years"
NET_YEARS_DEFAULT = 3
FUND_SOURCE = "regional_fund"
BASE_UNIT = 1.0  # VND billion
MAX_UNITS = 100_000  # capacity of the exact selection before the unit grows by powers of ten
SCORE_STEP = 1000  # knapsack values: the score counted to 1/1000 of a point
YEAR_MIN, YEAR_MAX = 2000, 2100


# --- the maths (pure) -----------------------------------------------------------------------


def normalise(values: dict, direction: str = "higher") -> dict:
    """Min–max over ``values`` ({id: number or None}); see the module docstring."""
    known = [v for v in values.values() if v is not None]
    if not known:
        return dict.fromkeys(values, 0.0)
    lo, hi = min(known), max(known)
    if hi == lo:
        # Nothing tells the known values apart; they are still better than a missing one.
        some_missing = len(known) < len(values)
        return {k: (1.0 if v is not None and some_missing else 0.0) for k, v in values.items()}
    out = {}
    for k, v in values.items():
        if v is None:
            out[k] = 0.0
        elif direction == "lower":
            out[k] = (hi - v) / (hi - lo)
        else:
            out[k] = (v - lo) / (hi - lo)
    return out


def score(normalised: dict[str, dict], weights: dict[str, float]) -> dict:
    """{id: {"score": s, "terms": {criterion: term}}}: term = 100·w·n/Σw, score = Σ terms."""
    total = math.fsum(weights.values())
    ids = {i for by_id in normalised.values() for i in by_id}
    out = {}
    for i in ids:
        terms = {
            c: (100.0 * w * normalised.get(c, {}).get(i, 0.0) / total if total > 0 else 0.0)
            for c, w in weights.items()
        }
        out[i] = {"score": math.fsum(terms.values()), "terms": terms}
    return out


def unit_for(envelope: float) -> float:
    """The cost unit of the selection: VND 1 billion, or the power of ten that keeps the
    envelope within MAX_UNITS units."""
    unit = BASE_UNIT
    while envelope / unit > MAX_UNITS:
        unit *= 10
    return unit


def cost_units(cost: float, unit: float) -> int:
    return math.ceil(_exact(cost) / _exact(unit))


def capacity_units(envelope: float, unit: float) -> int:
    return math.floor(_exact(envelope) / _exact(unit))


def greedy(items: list[tuple], capacity: int) -> list:
    """``items``: (id, cost units, value) in rank order; each that still fits is taken."""
    left, out = capacity, []
    for ident, cost, _value in items:
        if cost <= left:
            out.append(ident)
            left -= cost
    return out


def knapsack(items: list[tuple], capacity: int) -> list:
    """The ids of the set of greatest total value with total cost <= ``capacity`` (exact 0/1
    dynamic programming; values and costs integers). Among equal totals, the set using more of
    the capacity; then the one found first in the order of ``items``."""
    if capacity < 0:
        return []
    total_cost = sum(c for _, c, _ in items) + 1
    # One number per capacity: value first, then the higher cost (value·M + cost).
    best = np.zeros(capacity + 1, dtype=np.int64)
    taken = []
    for _ident, cost, value in items:
        take = np.zeros(capacity + 1, dtype=bool)
        if cost <= capacity:
            gain = int(value) * total_cost + int(cost)
            candidate = best[: capacity + 1 - cost] + gain
            better = candidate > best[cost:]
            take[cost:] = better
            best[cost:] = np.where(better, candidate, best[cost:])
        taken.append(take)
    out, c = [], capacity
    for idx in range(len(items) - 1, -1, -1):
        if taken[idx][c]:
            out.append(items[idx][0])
            c -= items[idx][1]
    out.reverse()
    return out


def rank_order(rows: list[dict]) -> list[dict]:
    """By score (higher first), then lower cost, then code."""
    return sorted(rows, key=lambda r: (-round(r["score"], 9), r["cost"], r["code"]))


def select_both(rows: list[dict], envelope: float) -> dict:
    """Both selections of ranked ``rows`` (dicts with id, code, cost, score)."""
    unit = unit_for(envelope)
    cap = capacity_units(envelope, unit)
    items = [(r["id"], cost_units(r["cost"], unit), round(r["score"] * SCORE_STEP)) for r in rank_order(rows)]
    return {
        "unit": unit,
        "capacity": cap,
        "greedy": greedy(items, cap),
        "knapsack": knapsack(items, cap),
    }


def evaluate(rows: list[dict], criteria: list[dict], envelope: float) -> dict:
    """Normalise, score, rank and select ``rows`` (id, code, cost, values {criterion: x})."""
    normalised = {
        c["code"]: normalise({r["id"]: r["values"].get(c["code"]) for r in rows}, c["direction"])
        for c in criteria
    }
    weights = {c["code"]: c["weight"] for c in criteria}
    scored = score(normalised, weights) if rows else {}
    out = []
    for r in rows:
        s = scored.get(r["id"], {"score": 0.0, "terms": {}})
        out.append(
            {
                **r,
                "normalised": {c: normalised[c][r["id"]] for c in normalised},
                "terms": s["terms"],
                "score": s["score"],
            }
        )
    ranked = rank_order(out)
    for n, r in enumerate(ranked, start=1):
        r["rank"] = n
    return {"rows": ranked, "selection": select_both(ranked, envelope)}


def sensitivity(rows: list[dict], criteria: list[dict], envelope: float) -> list[dict]:
    """Each weight × 0.8 and × 1.2 in turn: who flips between funded and not, per method."""
    base = evaluate(rows, criteria, envelope)["selection"]
    out = []
    for c in criteria:
        if c["weight"] <= 0:
            continue
        for factor in SENSITIVITY_FACTORS:
            moved = [{**x, "weight": x["weight"] * factor} if x["code"] == c["code"] else x for x in criteria]
            sel = evaluate(rows, moved, envelope)["selection"]
            for method in METHODS:
                was, now = set(base[method]), set(sel[method])
                out.append(
                    {
                        "criterion": c["code"],
                        "factor": factor,
                        "method": method,
                        "now_funded": sorted(now - was),
                        "now_unfunded": sorted(was - now),
                    }
                )
    return out


def streaks(nets_by_year: dict[int, int]) -> int:
    """How many of the latest years running (in year order) had a negative net."""
    run = 0
    for year in sorted(nets_by_year, reverse=True):
        if nets_by_year[year] < 0:
            run += 1
        else:
            break
    return run


# --- reading ---------------------------------------------------------------------------------


def _round(session: Session, round_id: int) -> AllocationRound:
    rnd = session.get(AllocationRound, round_id)
    if rnd is None:
        raise NotFound(ENTITY, round_id)
    return rnd


def criteria(session: Session, round_id: int) -> list[dict]:
    rows = session.exec(
        select(AllocationCriterion)
        .where(AllocationCriterion.round_id == round_id)
        .order_by(AllocationCriterion.position, AllocationCriterion.id)
    )
    return [audit.snapshot(c) for c in rows]


def list_rounds(session: Session, region_id: int | None = None) -> list[dict]:
    q = select(AllocationRound).order_by(col(AllocationRound.year).desc())
    if region_id is not None:
        q = q.where(AllocationRound.region_id == region_id)
    return [get_round(session, r.id) for r in session.exec(q)]


def get_round(session: Session, round_id: int) -> dict:
    rnd = _round(session, round_id)
    data = audit.snapshot(rnd)
    data["criteria"] = criteria(session, round_id)
    data["contributions"] = contributions(session, round_id)
    return data


def contributions(session: Session, round_id: int) -> list[dict]:
    rows = session.exec(
        select(FundContribution, Province)
        .join(Province, Province.id == FundContribution.province_id)
        .where(FundContribution.round_id == round_id)
    ).all()
    out = [
        {"province_id": p.id, "name": p.name_vi, "weight": fc.weight, "amount": fc.amount} for fc, p in rows
    ]
    return sorted(out, key=lambda r: vi_sort_key(r["name"]))


def member_names(session: Session, region_id: int) -> list[tuple[int, str]]:
    """The fund's members (the region's provinces) in Vietnamese order."""
    rows = session.exec(select(Province.id, Province.name_vi).where(Province.region_id == region_id)).all()
    return sorted(((i, n) for i, n in rows), key=lambda r: vi_sort_key(r[1]))


def _region_ids(session: Session, region_id: int) -> list[int]:
    return list(session.exec(select(Province.id).where(Province.region_id == region_id)).all())


def _awarded_elsewhere(session: Session, rnd: AllocationRound) -> set[int]:
    return set(
        session.exec(
            select(AllocationAward.project_id)
            .join(AllocationRound, AllocationRound.id == AllocationAward.round_id)
            .where(AllocationRound.id != rnd.id)
        ).all()
    )


def proposal_ids(session: Session, rnd: AllocationRound) -> list[int]:
    """The round's proposals: see the module docstring. A decided round keeps its own awards."""
    members = _region_ids(session, rnd.region_id)
    ids = set(
        session.exec(
            select(ProjectProvince.project_id)
            .join(Project, Project.id == ProjectProvince.project_id)
            .where(Project.status == "proposed", col(ProjectProvince.province_id).in_(members))
        ).all()
    )
    ids |= set(
        session.exec(select(AllocationAward.project_id).where(AllocationAward.round_id == rnd.id)).all()
    )
    return sorted(ids - _awarded_elsewhere(session, rnd))


def _entries(session: Session, round_id: int) -> dict[int, AllocationEntry]:
    return {
        e.project_id: e
        for e in session.exec(select(AllocationEntry).where(AllocationEntry.round_id == round_id))
    }


def _missing_link_counts(session: Session, project_parts: dict[int, list[int]]) -> dict[int, int]:
    """Missing links each proposal closes, on the graph without the proposals' own ties."""
    from council import network

    g = network.cached_graph(session).copy()
    proposals = set(project_parts)
    for a, b, d in list(g.edges(data=True)):
        kept = [p for p in d["project_ids"] if p not in proposals]
        g.edges[a, b]["project_ids"] = kept
        g.edges[a, b]["projects"] = len(kept)
    gaps = network.missing_links(g)
    region = {n: g.nodes[n]["region_id"] for n in g.nodes}
    out = {}
    for pid, provinces in project_parts.items():
        mine = set(provinces)
        count = 0
        for gap in gaps:
            if gap["reason"] == "border_no_cooperation" and {gap["a"], gap["b"]} <= mine:
                count += 1
            elif gap["reason"] == "projects_only_in_region" and gap["a"] in mine:
                if any(region.get(p) != region.get(gap["a"]) for p in mine):
                    count += 1
        out[pid] = count
    return out


def _off_track_counts(session: Session, project_ids: list[int]) -> dict[int, int]:
    from council import plan, targets
    from council.plan_models import ProjectTarget

    links = session.exec(select(ProjectTarget).where(col(ProjectTarget.project_id).in_(project_ids))).all()
    flagged: dict[int, bool] = {}
    out = dict.fromkeys(project_ids, 0)
    for link in links:
        if link.target_id not in flagged:
            d = plan.target_delivery(session, link.target_id)
            flagged[link.target_id] = (
                bool(d["short"]) or d["entered_status"].get("status") == targets.OFF_TRACK
            )
        out[link.project_id] += int(flagged[link.target_id])
    return out


def _scores_of(text: str) -> dict[str, float]:
    return {k: float(v) for k, v in json.loads(text).items()} if text else {}


def readiness_of(policy_approved: bool, land_cleared_pct: float | None) -> float:
    return (50.0 if policy_approved else 0.0) + (land_cleared_pct or 0.0) / 2


def proposals(session: Session, round_id: int) -> dict:
    """The round's proposals with every criterion's raw value, and those that cannot be ranked
    (no amount: neither an amount asked nor a total investment)."""
    rnd = _round(session, round_id)
    ids = proposal_ids(session, rnd)
    if not ids:
        return {"rows": [], "unrankable": []}
    projects = {p.id: p for p in session.exec(select(Project).where(col(Project.id).in_(ids)))}
    parts: dict[int, list[int]] = defaultdict(list)
    for pp in session.exec(select(ProjectProvince).where(col(ProjectProvince.project_id).in_(ids))):
        parts[pp.project_id].append(pp.province_id)
    provinces = {p.id: p for p in session.exec(select(Province))}
    entries = _entries(session, round_id)
    crit = criteria(session, round_id)
    codes = {c["code"] for c in crit}
    links = _missing_link_counts(session, dict(parts)) if "missing_links" in codes else {}
    off = _off_track_counts(session, ids) if "off_track_targets" in codes else {}
    rows, unrankable = [], []
    for pid in ids:
        p = projects[pid]
        e = entries.get(pid)
        cost = e.requested_amount if e and e.requested_amount else p.total_investment
        mine = parts.get(pid, [])
        populations = [provinces[i].population for i in mine]
        people = sum(x for x in populations if x) if mine else 0
        manual = _scores_of(e.scores) if e else {}
        base = {
            "id": pid,
            "code": p.code,
            "name_vi": p.name_vi,
            "name_en": p.name_en,
            "province_ids": sorted(mine, key=lambda i: vi_sort_key(provinces[i].name_vi)),
            "provinces": sorted((provinces[i].name_vi for i in mine), key=vi_sort_key),
            "cost": cost,
            "total_investment": p.total_investment,
            "policy_approved": bool(e and e.policy_approved),
            "land_cleared_pct": e.land_cleared_pct if e else None,
            "requested_amount": e.requested_amount if e else None,
            "entry_version": e.version if e else 0,
            "manual_scores": manual,
        }
        if not cost or cost <= 0:
            unrankable.append(base)
            continue
        values = {
            "provinces_served": float(len(mine)),
            "inter_regional": 1.0 if len({provinces[i].region_id for i in mine}) > 1 else 0.0,
            "missing_links": float(links.get(pid, 0)),
            "off_track_targets": float(off.get(pid, 0)),
            "readiness": readiness_of(base["policy_approved"], base["land_cleared_pct"]),
            "cost_per_resident": cost * 1e9 / people if people else None,
        }
        for c in crit:
            if c["kind"] == "manual":
                values[c["code"]] = manual.get(c["code"])
        rows.append({**base, "values": {c["code"]: values.get(c["code"]) for c in crit}})
    return {"rows": rows, "unrankable": unrankable}


def ranking(session: Session, round_id: int) -> dict:
    """Everything the page shows of a round: the criteria, the ranked proposals with each raw
    value, normalised value and term, both selections, the sensitivity and the awards."""
    rnd = _round(session, round_id)
    crit = criteria(session, round_id)
    found = proposals(session, round_id)
    result = evaluate(found["rows"], crit, rnd.envelope)
    sel = result["selection"]
    by_id = {r["id"]: r for r in result["rows"]}
    for method in METHODS:
        sel[f"{method}_cost"] = math.fsum(by_id[i]["cost"] for i in sel[method])
        sel[f"{method}_score"] = math.fsum(by_id[i]["score"] for i in sel[method])
    for r in result["rows"]:
        r["greedy"] = r["id"] in sel["greedy"]
        r["knapsack"] = r["id"] in sel["knapsack"]
    awards = [
        audit.snapshot(a)
        for a in session.exec(
            select(AllocationAward).where(AllocationAward.round_id == round_id).order_by(AllocationAward.rank)
        )
    ]
    return {
        "round": get_round(session, round_id),
        "criteria": crit,
        "rows": result["rows"],
        "unrankable": found["unrankable"],
        "selection": sel,
        "sensitivity": sensitivity(found["rows"], crit, rnd.envelope) if found["rows"] else [],
        "awards": awards,
        "fund": fund_position(session, rnd.region_id, rnd.year),
    }


def fund_position(session: Session, region_id: int, year: int) -> dict:
    """Paid in and awarded up to ``year`` (rounds of the region), and the balance left."""
    rounds = session.exec(
        select(AllocationRound).where(AllocationRound.region_id == region_id, AllocationRound.year <= year)
    ).all()
    ids = [r.id for r in rounds]
    paid = sum(_cents(c.amount) for c in _rows(session, FundContribution, ids))
    awarded = sum(_cents(a.amount) for a in _rows(session, AllocationAward, ids))
    return {"paid_in": paid / 100, "awarded": awarded / 100, "balance": (paid - awarded) / 100}


def _rows(session: Session, model, round_ids: list[int]) -> list:
    if not round_ids:
        return []
    return list(session.exec(select(model).where(col(model.round_id).in_(round_ids))))


def _cents(x) -> int:
    return round(_exact(x) * 100)


def award_split(amount: float, parts: list[tuple[int, float | None]]) -> dict[int, float]:
    """An award split between the project's provinces by cost share (equal when the shares are
    not all recorded or add up to nothing), to the hundredth, adding up exactly."""
    if not parts:
        return {}
    shares = {pid: s for pid, s in parts}
    if any(s is None for s in shares.values()) or not any(shares.values()):
        shares = dict.fromkeys(shares, 1.0)
    return split({k: float(v) for k, v in shares.items()}, amount, 2)


def net_contributor_years(session: Session) -> int:
    row = session.get(AppSetting, NET_YEARS_KEY)
    return int(row.value) if row else NET_YEARS_DEFAULT


def ledger(session: Session, region_id: int) -> dict:
    """The regional fund's ledger: per year and member province paid in, received, net and
    cumulative; what projects outside the members received; the net-contributor flags."""
    rounds = session.exec(
        select(AllocationRound).where(AllocationRound.region_id == region_id).order_by(AllocationRound.year)
    ).all()
    members = {p.id: p.name_vi for p in session.exec(select(Province).where(Province.region_id == region_id))}
    names = dict(session.exec(select(Province.id, Province.name_vi)).all())
    years_needed = net_contributor_years(session)
    cumulative = dict.fromkeys(members, 0)
    nets: dict[int, dict[int, int]] = defaultdict(dict)
    rows, outside = [], []
    for rnd in rounds:
        paid = {c.province_id: _cents(c.amount) for c in _rows(session, FundContribution, [rnd.id])}
        received: dict[int, int] = defaultdict(int)
        awards = _rows(session, AllocationAward, [rnd.id])
        if not paid and not awards:
            continue
        for a in awards:
            parts = session.exec(
                select(ProjectProvince.province_id, ProjectProvince.cost_share_pct).where(
                    ProjectProvince.project_id == a.project_id
                )
            ).all()
            for pid, v in award_split(a.amount, list(parts)).items():
                received[pid] += _cents(v)
        for pid in members:
            net = received.get(pid, 0) - paid.get(pid, 0)
            cumulative[pid] += net
            nets[pid][rnd.year] = net
            rows.append(
                {
                    "year": rnd.year,
                    "province_id": pid,
                    "name": members[pid],
                    "paid_in": paid.get(pid, 0) / 100,
                    "received": received.get(pid, 0) / 100,
                    "net": net / 100,
                    "cumulative": cumulative[pid] / 100,
                    "streak": streaks(nets[pid]),
                }
            )
        for pid, cents in received.items():
            if pid not in members:
                outside.append(
                    {"year": rnd.year, "province_id": pid, "name": names[pid], "received": cents / 100}
                )
    for r in rows:
        r["net_contributor"] = r["streak"] >= years_needed
    rows.sort(key=lambda r: (r["year"], vi_sort_key(r["name"])))
    latest = max((r["year"] for r in rows), default=None)
    flagged = sorted(
        (r["name"] for r in rows if r["year"] == latest and r["net_contributor"]), key=vi_sort_key
    )
    return {
        "rows": rows,
        "outside": outside,
        "years_needed": years_needed,
        "flagged": flagged,
        "latest": latest,
    }


def province_ledger(session: Session, region_id: int, province_id: int) -> list[dict]:
    return [r for r in ledger(session, region_id)["rows"] if r["province_id"] == province_id]


def agenda_items_for(session: Session, region_id: int) -> list[dict]:
    """The agenda items of the region's open meetings, where an allocation decision can be recorded."""
    rows = session.exec(
        select(AgendaItem, Meeting)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(Meeting.region_id == region_id, Meeting.status == "open", col(AgendaItem.dropped).is_(False))
        .order_by(Meeting.meeting_date, AgendaItem.position)
    ).all()
    return [
        {
            "id": item.id,
            "title": item.title,
            "kind": item.kind,
            "ref_entity": item.ref_entity,
            "ref_id": item.ref_id,
            "meeting_date": m.meeting_date,
            "meeting_title": m.title,
        }
        for item, m in rows
    ]


# --- writing ---------------------------------------------------------------------------------


def _number(value, field: str, *, allow_none: bool = False, low: float | None = 0.0, high=None):
    if isinstance(value, str):
        value = value.strip()
        if value == "":
            value = None
        else:
            try:
                value = parse_number(value)
            except NumberInputError:
                raise ValidationError("error.not_a_number", field=field, value=value) from None
    if value is None:
        if allow_none:
            return None
        raise ValidationError("error.required", field=field)
    value = float(value)
    if not math.isfinite(value):
        raise ValidationError("error.not_finite", field=field, value=str(value))
    if (low is not None and value < low) or (high is not None and value > high):
        key = "allocation.error.min" if high is None else "allocation.error.range"
        raise ValidationError(
            key, field=field, value=f"{value:g}", low=f"{low or 0:g}", high=f"{high or 0:g}"
        )
    return value


DEFAULT_NAMES = {
    "provinces_served": ("Số tỉnh, thành phố hưởng lợi", "Provinces served"),
    "inter_regional": ("Liên vùng", "Inter-regional"),
    "missing_links": ("Nối liên kết còn thiếu", "Closes a missing link"),
    "off_track_targets": ("Phục vụ chỉ tiêu chậm tiến độ", "Serves an off-track target"),
    "readiness": ("Mức độ sẵn sàng", "Readiness"),
    "cost_per_resident": ("Chi phí trên mỗi người dân hưởng lợi", "Cost per resident served"),
}


def _default_criteria() -> list[dict]:
    return [
        {
            "code": code,
            "kind": "computed",
            "name_vi": vi,
            "name_en": en,
            "weight": 1.0,
            "direction": "lower" if code in LOWER_IS_BETTER else "higher",
            "scale_min": 0.0,
            "scale_max": 10.0,
        }
        for code, (vi, en) in DEFAULT_NAMES.items()
    ]


def create_round(
    session: Session,
    actor: Actor,
    *,
    region_id: int,
    year,
    envelope,
    method: str = "knapsack",
    note: str = "",
) -> dict:
    """Open the region's round of ``year``: criteria copied from its latest earlier round, else
    the six computed criteria with weight 1 each."""
    authorize(actor, ACTION)
    if session.get(Region, region_id) is None:
        raise ValidationError("allocation.error.region", field="region_id")
    year = int(_number(year, "year", low=YEAR_MIN, high=YEAR_MAX))
    if method not in METHODS:
        raise ValidationError("allocation.error.method", field="method", value=method)
    if session.exec(
        select(AllocationRound.id).where(AllocationRound.region_id == region_id, AllocationRound.year == year)
    ).first():
        raise ValidationError("allocation.error.round_exists", field="year", year=year)
    rnd = AllocationRound(
        region_id=region_id,
        year=year,
        envelope=_number(envelope, "envelope"),
        method=method,
        note=nfc(note),
        updated_by=actor.username,
    )
    session.add(rnd)
    session.flush()
    previous = session.exec(
        select(AllocationRound)
        .where(AllocationRound.region_id == region_id, AllocationRound.year < year)
        .order_by(col(AllocationRound.year).desc())
    ).first()
    source = criteria(session, previous.id) if previous else _default_criteria()
    for n, c in enumerate(source):
        values = {k: c[k] for k in ("code", "kind", "name_vi", "name_en", "weight", "direction")}
        values.update(scale_min=c["scale_min"], scale_max=c["scale_max"])
        session.add(AllocationCriterion(round_id=rnd.id, position=n, **values))
    session.flush()
    data = get_round(session, rnd.id)
    audit.record(session, actor, "create", ENTITY, rnd.id, None, data)
    return data


def _open_round(session: Session, round_id: int, expected_version: int) -> AllocationRound:
    rnd = load_for_edit(session, AllocationRound, round_id, expected_version, ENTITY)
    if rnd.status != "open":
        raise ValidationError("allocation.error.decided", field="status", year=rnd.year)
    return rnd


def update_round(
    session: Session,
    actor: Actor,
    round_id: int,
    *,
    expected_version: int,
    envelope,
    method: str,
    note: str = "",
) -> dict:
    """The envelope (VND billion), the method the decision takes by default, a note."""
    authorize(actor, ACTION)
    rnd = _open_round(session, round_id, expected_version)
    if method not in METHODS:
        raise ValidationError("allocation.error.method", field="method", value=method)
    before = audit.snapshot(rnd)
    values = {"envelope": _number(envelope, "envelope"), "method": method, "note": nfc(note)}
    save_versioned(session, rnd, expected_version, ENTITY, actor.username, values)
    after = get_round(session, round_id)
    audit.record(session, actor, "update", ENTITY, round_id, before, after)
    return after


def set_weights(
    session: Session, actor: Actor, round_id: int, *, expected_version: int, weights: dict
) -> dict:
    """New weights ({criterion code: weight >= 0}, Vietnamese numbers accepted); a criterion left
    out keeps its weight. Refused when every weight would be zero."""
    authorize(actor, ACTION)
    rnd = _open_round(session, round_id, expected_version)
    rows = {
        c.code: c
        for c in session.exec(select(AllocationCriterion).where(AllocationCriterion.round_id == rnd.id))
    }
    clean = {}
    for code, raw in (weights or {}).items():
        if code not in rows:
            raise ValidationError("allocation.error.criterion", field="weight", value=code)
        clean[code] = _number(raw, f"weight.{code}")
    before = {code: c.weight for code, c in rows.items()}
    after = {**before, **clean}
    if not any(after.values()):
        raise ValidationError("allocation.error.weights_zero", field="weight")
    for code, w in clean.items():
        rows[code].weight = w
        session.add(rows[code])
    save_versioned(session, rnd, expected_version, ENTITY, actor.username, {})
    audit.record(session, actor, "set_weights", ENTITY, round_id, {"weights": before}, {"weights": after})
    return get_round(session, round_id)


def add_criterion(
    session: Session,
    actor: Actor,
    round_id: int,
    *,
    expected_version: int,
    name_vi: str,
    name_en: str = "",
    weight=1.0,
    scale_min=0.0,
    scale_max=10.0,
    direction: str = "higher",
) -> dict:
    """A criterion the council scores by hand on [scale_min, scale_max]."""
    authorize(actor, ACTION)
    rnd = _open_round(session, round_id, expected_version)
    name_vi = nfc(name_vi)
    if not name_vi:
        raise ValidationError("error.required", field="name_vi")
    if direction not in ("higher", "lower"):
        raise ValidationError("allocation.error.direction", field="direction", value=direction)
    lo = _number(scale_min, "scale_min", low=None)
    hi = _number(scale_max, "scale_max", low=None)
    if hi <= lo:
        raise ValidationError("allocation.error.scale", field="scale_max", low=lo, high=hi)
    existing = criteria(session, rnd.id)
    if any(c["name_vi"] == name_vi for c in existing):
        raise ValidationError("error.duplicate", field="name_vi", value=name_vi)
    n = 1 + max((int(c["code"].split("_")[1]) for c in existing if c["kind"] == "manual"), default=0)
    row = AllocationCriterion(
        round_id=rnd.id,
        code=f"manual_{n}",
        kind="manual",
        name_vi=name_vi,
        name_en=nfc(name_en) or name_vi,
        weight=_number(weight, "weight"),
        direction=direction,
        scale_min=lo,
        scale_max=hi,
        position=len(existing),
    )
    session.add(row)
    session.flush()
    save_versioned(session, rnd, expected_version, ENTITY, actor.username, {})
    audit.record(session, actor, "add_criterion", ENTITY, round_id, None, row)
    return audit.snapshot(row)


def save_entry(
    session: Session,
    actor: Actor,
    round_id: int,
    project_id: int,
    *,
    expected_version: int,
    policy_approved: bool,
    land_cleared_pct=None,
    requested_amount=None,
    scores: dict | None = None,
) -> dict:
    """What is entered for a proposal: readiness, the amount asked (blank: the total investment),
    the manual criteria's scores within their scales. ``expected_version`` 0 for a first entry."""
    authorize(actor, ACTION)
    rnd = _round(session, round_id)
    if rnd.status != "open":
        raise ValidationError("allocation.error.decided", field="status", year=rnd.year)
    if project_id not in proposal_ids(session, rnd):
        raise ValidationError("allocation.error.not_proposal", field="project_id")
    manual = {c["code"]: c for c in criteria(session, round_id) if c["kind"] == "manual"}
    clean_scores = {}
    for code, raw in (scores or {}).items():
        if code not in manual:
            raise ValidationError("allocation.error.criterion", field="scores", value=code)
        v = _number(
            raw,
            f"score.{code}",
            allow_none=True,
            low=manual[code]["scale_min"],
            high=manual[code]["scale_max"],
        )
        if v is not None:
            clean_scores[code] = v
    values = {
        "policy_approved": bool(policy_approved),
        "land_cleared_pct": _number(land_cleared_pct, "land_cleared_pct", allow_none=True, high=100.0),
        "requested_amount": _number(requested_amount, "requested_amount", allow_none=True),
        "scores": json.dumps(clean_scores, sort_keys=True) if clean_scores else "",
    }
    if values["requested_amount"] == 0:
        raise ValidationError("allocation.error.positive", field="requested_amount")
    entry = session.exec(
        select(AllocationEntry).where(
            AllocationEntry.round_id == round_id, AllocationEntry.project_id == project_id
        )
    ).first()
    if entry is None:
        if expected_version != 0:
            raise ValidationError("allocation.error.entry_gone", field="project_id")
        entry = AllocationEntry(round_id=round_id, project_id=project_id, updated_by=actor.username, **values)
        session.add(entry)
        session.flush()
        before = None
    else:
        before = audit.snapshot(entry)
        save_versioned(session, entry, expected_version, "allocation_entry", actor.username, values)
    after = audit.snapshot(session.get(AllocationEntry, entry.id))
    audit.record(session, actor, "save_entry", ENTITY, round_id, before, after)
    return after


def _budget_revenue(session: Session, province_id: int, year: int) -> float | None:
    return session.exec(
        select(Observation.value)
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .where(
            Indicator.code == "budget_revenue",
            Observation.province_id == province_id,
            Observation.year == year,
            Observation.status == "approved",
        )
    ).first()


def contribution_weights(
    session: Session,
    region_id: int,
    key: str,
    *,
    basis_year: int | None = None,
    negotiated: dict | None = None,
) -> tuple[dict[int, float], str]:
    """One weight per member province for ``key`` and what it rests on; refused naming the first
    province without the figure."""
    if key not in CONTRIBUTION_KEYS:
        raise ValidationError("allocation.error.key", field="key", value=key)
    members = sorted(
        session.exec(select(Province).where(Province.region_id == region_id)),
        key=lambda p: vi_sort_key(p.name_vi),
    )
    out: dict[int, float] = {}
    years: set = set()
    for p in members:
        if key == "equal":
            value = 1.0
        elif key == "grdp":
            value = p.grdp_weight
            years.add(p.grdp_weight_year)
        elif key == "budget_revenue":
            if basis_year is None:
                raise ValidationError("error.required", field="basis_year")
            value = _budget_revenue(session, p.id, basis_year)
        else:
            raw = (negotiated or {}).get(p.id)
            value = _number(raw, "weights", allow_none=True)
        ok = value is not None and (value >= 0 if key == "negotiated" else value > 0)
        if not ok:
            raise ValidationError("allocation.error.key_missing", field="key", method=key, province=p.name_vi)
        out[p.id] = float(value)
    if not any(out.values()):
        raise ValidationError("allocation.error.weights_zero", field="weights")
    basis = {
        "equal": "equal",
        "grdp": "grdp " + ", ".join(str(y) for y in sorted(y for y in years if y)),
        "budget_revenue": f"budget_revenue {basis_year}",
        "negotiated": "entered",
    }[key]
    return out, basis


def set_contributions(
    session: Session,
    actor: Actor,
    round_id: int,
    *,
    expected_version: int,
    total,
    key: str,
    basis_year: int | None = None,
    weights: dict | None = None,
) -> dict:
    """The members' contributions of the round's year: ``total`` (VND billion) split by ``key``
    to the hundredth, largest remainder (the parts add up to the total exactly). Replaces any
    earlier split of the year."""
    authorize(actor, ACTION)
    rnd = load_for_edit(session, AllocationRound, round_id, expected_version, ENTITY)
    amount = _number(total, "total")
    w, basis = contribution_weights(
        session, rnd.region_id, key, basis_year=int(basis_year) if basis_year else None, negotiated=weights
    )
    parts = split(w, amount, 2)
    before = {
        "total": rnd.contribution_total,
        "key": rnd.contribution_key,
        "parts": contributions(session, round_id),
    }
    for old in session.exec(select(FundContribution).where(FundContribution.round_id == round_id)):
        session.delete(old)
    session.flush()
    for pid, value in parts.items():
        session.add(FundContribution(round_id=round_id, province_id=pid, weight=w[pid], amount=value))
    save_versioned(
        session,
        rnd,
        expected_version,
        ENTITY,
        actor.username,
        {"contribution_total": amount, "contribution_key": key, "contribution_basis": basis},
    )
    session.flush()
    after = {"total": amount, "key": key, "basis": basis, "parts": contributions(session, round_id)}
    audit.record(session, actor, "set_contributions", ENTITY, round_id, before, after)
    return after


def decide_allocation(
    session: Session,
    actor: Actor,
    round_id: int,
    *,
    expected_version: int,
    agenda_item_id: int,
    method: str | None = None,
    text: str = "",
) -> dict:
    """Record the council's allocation: the selection of ``method`` (default: the round's) as a
    decision on the agenda item (council.meetings.record_decision), an award and a funding line
    of source ``regional_fund`` (planned, the round's year) on each funded project; the round is
    then decided and no longer changes."""
    from council import meetings

    authorize(actor, ACTION)
    rnd = _open_round(session, round_id, expected_version)
    method = method or rnd.method
    if method not in METHODS:
        raise ValidationError("allocation.error.method", field="method", value=method)
    item = session.get(AgendaItem, agenda_item_id)
    if item is None:
        raise NotFound("agenda_item", agenda_item_id)
    meeting = session.get(Meeting, item.meeting_id)
    if meeting is None or meeting.region_id != rnd.region_id:
        raise ValidationError("allocation.error.item_region", field="agenda_item_id")
    result = ranking(session, round_id)
    chosen = result["selection"][method]
    if not chosen:
        raise ValidationError("allocation.error.nothing_selected", field="envelope")
    by_id = {r["id"]: r for r in result["rows"]}
    funded = [by_id[i] for i in sorted(chosen, key=lambda i: by_id[i]["rank"])]
    province_ids = sorted({pid for r in funded for pid in r["province_ids"]})
    from council.i18n import fmt_number

    default_text = "Phân bổ Quỹ phát triển vùng năm {year} ({method}): {items}.".format(
        year=rnd.year,
        method="tối ưu" if method == "knapsack" else "tham lam theo điểm",
        items="; ".join(f"{r['code']} {fmt_number(r['cost'], 'vi', 2)} tỷ đồng" for r in funded),
    )
    decision = meetings.record_decision(
        session,
        actor,
        agenda_item_id,
        text=nfc(text) or default_text,
        province_ids=province_ids,
    )
    awards = []
    for r in funded:
        line = FundingLine(project_id=r["id"], source=FUND_SOURCE, year=rnd.year, planned_amount=r["cost"])
        session.add(line)
        session.flush()
        # The project's funding lines changed: its version moves on, so a funding editor opened
        # before the decision is refused as stale instead of replacing the new line.
        project = session.get(Project, r["id"])
        save_versioned(session, project, project.version, "project", actor.username, {})
        award = AllocationAward(
            round_id=round_id,
            project_id=r["id"],
            amount=r["cost"],
            score=r["score"],
            rank=r["rank"],
            decision_id=decision["id"],
            funding_line_id=line.id,
            created_by=actor.username,
        )
        session.add(award)
        session.flush()
        audit.record(
            session, actor, "create", "funding_line", line.id, None, line, note=f"allocation {round_id}"
        )
        awards.append(audit.snapshot(award))
    save_versioned(
        session,
        rnd,
        expected_version,
        ENTITY,
        actor.username,
        {"status": "decided", "decision_id": decision["id"]},
    )
    audit.record(
        session,
        actor,
        "decide",
        ENTITY,
        round_id,
        {"status": "open"},
        {"status": "decided", "method": method, "decision_id": decision["id"], "awards": awards},
    )
    return {"decision": decision, "awards": awards, "method": method}


def set_net_contributor_years(session: Session, actor: Actor, years) -> int:
    """How many years running a province must be a net contributor to be flagged (1..20)."""
    authorize(actor, ACTION)
    value = int(_number(years, "years", low=1, high=20))
    row = session.get(AppSetting, NET_YEARS_KEY)
    before = {"years": int(row.value) if row else NET_YEARS_DEFAULT}
    if row is None:
        row = AppSetting(key=NET_YEARS_KEY, value=str(value))
    row.value = str(value)
    session.add(row)
    session.flush()
    audit.record(session, actor, "update", "allocation_setting", NET_YEARS_KEY, before, {"years": value})
    return value


# --- tables and the Excel export ----------------------------------------------------------------


def criterion_name(c: dict, lang: str) -> str:
    return c["name_en"] if lang == "en" and c["name_en"] else c["name_vi"]


def ranking_frame(result: dict, lang: str = "vi"):
    """The ranked proposals: raw value, normalised value and term of every criterion, the score,
    and whether each selection funds it."""
    import pandas as pd

    from council.i18n import t

    out = []
    for r in result["rows"]:
        row = {
            t("allocation.col.rank", lang): r["rank"],
            t("allocation.col.code", lang): r["code"],
            t("allocation.col.project", lang): r["name_en"]
            if lang == "en" and r["name_en"]
            else r["name_vi"],
            t("allocation.col.provinces", lang): ", ".join(r["provinces"]),
            t("allocation.col.cost", lang): r["cost"],
        }
        for c in result["criteria"]:
            name = criterion_name(c, lang)
            row[f"{name} — {t('allocation.col.value', lang)}"] = r["values"].get(c["code"])
            row[f"{name} — {t('allocation.col.normalised', lang)}"] = round(r["normalised"][c["code"]], 4)
            row[f"{name} — {t('allocation.col.term', lang)}"] = round(r["terms"][c["code"]], 2)
        row[t("allocation.col.score", lang)] = round(r["score"], 2)
        row[t("allocation.col.greedy", lang)] = t("common.yes", lang) if r["greedy"] else ""
        row[t("allocation.col.knapsack", lang)] = t("common.yes", lang) if r["knapsack"] else ""
        out.append(row)
    return pd.DataFrame(out)


def criteria_frame(result: dict, lang: str = "vi"):
    import pandas as pd

    from council.i18n import t

    return pd.DataFrame(
        [
            {
                t("allocation.col.criterion", lang): criterion_name(c, lang),
                t("allocation.col.kind", lang): t(f"allocation.kind.{c['kind']}", lang),
                t("allocation.col.weight", lang): c["weight"],
                t("allocation.col.direction", lang): t(f"allocation.direction.{c['direction']}", lang),
                t("allocation.col.scale", lang): f"{c['scale_min']:g}–{c['scale_max']:g}"
                if c["kind"] == "manual"
                else "",
            }
            for c in result["criteria"]
        ]
    )


def selection_frame(result: dict, lang: str = "vi"):
    """Both selections side by side: each proposal, funded by greedy, by knapsack, or by neither."""
    import pandas as pd

    from council.i18n import t

    yes = t("common.yes", lang)
    return pd.DataFrame(
        [
            {
                t("allocation.col.rank", lang): r["rank"],
                t("allocation.col.code", lang): r["code"],
                t("allocation.col.cost", lang): r["cost"],
                t("allocation.col.score", lang): round(r["score"], 2),
                t("allocation.col.greedy", lang): yes if r["greedy"] else "",
                t("allocation.col.knapsack", lang): yes if r["knapsack"] else "",
            }
            for r in result["rows"]
        ]
    )


def sensitivity_frame(result: dict, lang: str = "vi"):
    import pandas as pd

    from council.i18n import t

    codes = {r["id"]: r["code"] for r in result["rows"]}
    names = {c["code"]: criterion_name(c, lang) for c in result["criteria"]}
    return pd.DataFrame(
        [
            {
                t("allocation.col.criterion", lang): names[f["criterion"]],
                t("allocation.col.change", lang): f"{(f['factor'] - 1) * 100:+.0f} %",
                t("allocation.col.method", lang): t(f"allocation.method.{f['method']}", lang),
                t("allocation.col.now_funded", lang): ", ".join(codes[i] for i in f["now_funded"]),
                t("allocation.col.now_unfunded", lang): ", ".join(codes[i] for i in f["now_unfunded"]),
            }
            for f in result["sensitivity"]
            if f["now_funded"] or f["now_unfunded"]
        ]
    )


def ledger_frame(book: dict, lang: str = "vi"):
    import pandas as pd

    from council.i18n import t

    return pd.DataFrame(
        [
            {
                t("allocation.col.year", lang): r["year"],
                t("allocation.col.province", lang): r["name"],
                t("allocation.col.paid_in", lang): r["paid_in"],
                t("allocation.col.received", lang): r["received"],
                t("allocation.col.net", lang): r["net"],
                t("allocation.col.cumulative", lang): r["cumulative"],
                t("allocation.col.net_contributor", lang): t(
                    "allocation.net_contributor_years", lang, years=r["streak"]
                )
                if r["net_contributor"]
                else "",
            }
            for r in book["rows"]
        ]
    )


def export_excel(session: Session, round_id: int, lang: str = "vi") -> bytes:
    """The ranking, the criteria, both selections, the sensitivity and the region's ledger as one
    workbook (council.io.to_excel: every text a text cell, never a formula)."""
    from council.i18n import t
    from council.io import to_excel

    result = ranking(session, round_id)
    book = ledger(session, result["round"]["region_id"])
    return to_excel(
        {
            t("allocation.sheet.ranking", lang): ranking_frame(result, lang),
            t("allocation.sheet.criteria", lang): criteria_frame(result, lang),
            t("allocation.sheet.selection", lang): selection_frame(result, lang),
            t("allocation.sheet.sensitivity", lang): sensitivity_frame(result, lang),
            t("allocation.sheet.ledger", lang): ledger_frame(book, lang),
        }
    )


# --- agenda and briefing -----------------------------------------------------------------------


def agenda_candidates(session: Session, region_id: int) -> list[tuple[str, str, str, str]]:
    """(kind, ref_entity, ref_id, title): each open round of the region with proposals to rank,
    and each province of the region flagged a net contributor."""
    out = []
    for rnd in session.exec(
        select(AllocationRound)
        .where(AllocationRound.region_id == region_id, AllocationRound.status == "open")
        .order_by(AllocationRound.year)
    ):
        if proposal_ids(session, rnd):
            out.append(
                (
                    "allocation_round",
                    "allocation_round",
                    str(rnd.id),
                    f"Phân bổ Quỹ phát triển vùng năm {rnd.year}",
                )
            )
    book = ledger(session, region_id)
    for r in book["rows"]:
        if r["year"] == book["latest"] and r["net_contributor"]:
            out.append(
                (
                    "allocation_net_contributor",
                    "allocation_ledger",
                    f"{region_id}:{r['province_id']}",
                    f"{r['name']} — đóng góp ròng {r['streak']} năm liên tiếp",
                )
            )
    return out


def agenda_facts(session: Session, entity: str, ref: str) -> dict:
    if entity == "allocation_round":
        result = ranking(session, int(ref))
        rnd = result["round"]
        sel = result["selection"][rnd["method"]]
        return {
            "kind": "allocation_round",
            "year": rnd["year"],
            "envelope": rnd["envelope"],
            "proposals": len(result["rows"]),
            "selected": [r["code"] for r in result["rows"] if r["id"] in sel],
            "method": rnd["method"],
        }
    region_id, province_id = (int(x) for x in ref.split(":"))
    rows = province_ledger(session, region_id, province_id)
    last = rows[-1] if rows else {}
    return {
        "kind": "allocation_ledger",
        "province": last.get("name", ""),
        "cumulative": last.get("cumulative"),
        "streak": last.get("streak", 0),
    }


def region_summary(session: Session, region_id: int, today: date | None = None) -> dict:
    """For the briefing pack: the latest round of the region (ranking top, both selections, the
    awards) and the ledger's latest year with the flagged provinces."""
    rounds = list_rounds(session, region_id)
    latest = ranking(session, rounds[0]["id"]) if rounds else None
    return {"ranking": latest, "ledger": ledger(session, region_id), "generated": utcnow()}
