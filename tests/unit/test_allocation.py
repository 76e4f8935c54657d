"""Allocation of resources (issue 20): normalisation and score on constructed cases, greedy and
knapsack selection (the knapsack against a brute force), sensitivity flips, contributions that
add up exactly, the ledger's balances, the net-contributor flag, and the services' refusals."""

from __future__ import annotations

import random
from datetime import date
from itertools import combinations

import pytest
from sqlmodel import select

from council import allocation, meetings, projects
from council.allocation_models import AllocationAward, AllocationRound
from council.auth import Actor
from council.db import read_session, write_session
from council.errors import StaleEdit, ValidationError
from council.models import AuditEntry, FundingLine, Province, Region
from council.projects import Participant, ProjectInput
from tests.conftest import province_id

SEC = Actor(None, "sec", "secretariat")


# --- maths ------------------------------------------------------------------------------------


def test_min_max_normalisation_both_directions_missing_and_constant():
    values = {"a": 10.0, "b": 30.0, "c": 20.0, "d": None}
    assert allocation.normalise(values) == {"a": 0.0, "b": 1.0, "c": 0.5, "d": 0.0}
    assert allocation.normalise(values, "lower") == {"a": 1.0, "b": 0.0, "c": 0.5, "d": 0.0}
    # Every proposal alike: the criterion cannot tell them apart.
    assert allocation.normalise({"a": 4.0, "b": 4.0}) == {"a": 0.0, "b": 0.0}
    assert allocation.normalise({"a": None}) == {"a": 0.0}
    # ...but a known value is better than a missing one.
    assert allocation.normalise({"a": 4.0, "b": None}) == {"a": 1.0, "b": 0.0}


def test_score_is_the_weighted_share_of_100_and_the_terms_add_up():
    n = {"x": {"a": 1.0, "b": 0.0, "c": 0.5}, "y": {"a": 0.0, "b": 1.0, "c": 0.5}}
    s = allocation.score(n, {"x": 1.0, "y": 3.0})
    assert s["a"]["terms"] == {"x": 25.0, "y": 0.0} and s["a"]["score"] == 25.0
    assert s["b"]["terms"] == {"x": 0.0, "y": 75.0} and s["b"]["score"] == 75.0
    assert s["c"]["score"] == pytest.approx(50.0)
    assert allocation.score(n, {"x": 0.0, "y": 0.0})["a"]["score"] == 0.0


def test_costs_are_rounded_up_and_the_envelope_down_to_the_unit():
    assert allocation.unit_for(5_000) == 1.0
    assert allocation.unit_for(2_500_000) == 100.0
    assert allocation.cost_units(10.2, 1.0) == 11 and allocation.cost_units(10.0, 1.0) == 10
    assert allocation.capacity_units(20.9, 1.0) == 20
    assert allocation.cost_units(0.3, 0.1) == 3  # exact: 0.3 / 0.1 is 3, not 3.0000000000000004


def test_greedy_takes_by_rank_and_knapsack_finds_the_better_set():
    items = [("A", 6, 60), ("B", 5, 50), ("C", 5, 45)]
    assert allocation.greedy(items, 10) == ["A"]
    assert allocation.knapsack(items, 10) == ["B", "C"]
    assert allocation.knapsack(items, 4) == [] and allocation.greedy(items, 4) == []
    # Among equal totals, the set using more of the envelope (a zero-score proposal that fits is
    # funded, as greedy would).
    assert allocation.knapsack([("P", 7, 10), ("Q", 3, 10), ("R", 9, 20)], 10) == ["P", "Q"]
    assert allocation.knapsack([("P", 7, 0)], 10) == ["P"]
    assert allocation.knapsack([("P", 7, 10), ("Q", 3, 10), ("R", 10, 20)], 10) == [
        "P",
        "Q",
    ]  # equal value and cost: the one found first


def _brute(items, capacity):
    best = (0, 0)
    for k in range(len(items) + 1):
        for subset in combinations(items, k):
            cost = sum(c for _, c, _ in subset)
            if cost <= capacity:
                best = max(best, (sum(v for _, _, v in subset), cost))
    return best


def test_knapsack_matches_a_brute_force_on_small_cases():
    rng = random.Random(20)
    for _ in range(300):
        n = rng.randint(0, 8)
        items = [(i, rng.randint(1, 30), rng.randint(0, 100)) for i in range(n)]
        capacity = rng.randint(0, 80)
        chosen = allocation.knapsack(items, capacity)
        by_id = {i: (c, v) for i, c, v in items}
        cost = sum(by_id[i][0] for i in chosen)
        value = sum(by_id[i][1] for i in chosen)
        assert cost <= capacity
        assert (value, cost) == _brute(items, capacity), (items, capacity, chosen)
        greedy = allocation.greedy(items, capacity)
        assert sum(by_id[i][0] for i in greedy) <= capacity
        assert sum(by_id[i][1] for i in greedy) <= value


def _rows():
    return [
        {"id": 1, "code": "P", "cost": 100.0, "values": {"x": 1.0, "y": 0.0}},
        {"id": 2, "code": "Q", "cost": 100.0, "values": {"x": 0.0, "y": 1.0}},
        {"id": 3, "code": "R", "cost": 300.0, "values": {"x": 0.5, "y": 0.5}},
    ]


def _criteria(wx: float, wy: float):
    return [
        {"code": "x", "weight": wx, "direction": "higher"},
        {"code": "y", "weight": wy, "direction": "higher"},
    ]


def test_evaluate_ranks_and_selects_under_the_envelope():
    result = allocation.evaluate(_rows(), _criteria(1.0, 1.1), 150)
    assert [r["code"] for r in result["rows"]] == ["Q", "R", "P"]
    q = result["rows"][0]
    assert q["score"] == pytest.approx(100 * 1.1 / 2.1)
    assert sum(q["terms"].values()) == pytest.approx(q["score"])
    assert result["selection"]["greedy"] == [2] and result["selection"]["knapsack"] == [2]


def test_sensitivity_names_who_flips_when_one_weight_moves_20_percent():
    found = allocation.sensitivity(_rows(), _criteria(1.0, 1.1), 150)
    flips = {(f["criterion"], f["factor"], f["method"]): (f["now_funded"], f["now_unfunded"]) for f in found}
    # x × 1.2 = 1.2 > 1.1: P overtakes Q; every other move keeps Q funded.
    assert flips[("x", 1.2, "greedy")] == ([1], [2])
    assert flips[("x", 1.2, "knapsack")] == ([1], [2])
    assert flips[("x", 0.8, "greedy")] == ([], [])
    assert flips[("y", 1.2, "knapsack")] == ([], [])
    assert flips[("y", 0.8, "greedy")] == ([1], [2])  # y × 0.8 = 0.88 < 1
    assert len(found) == 2 * 2 * 2


def test_net_contributor_streak_counts_the_latest_years_running():
    assert allocation.streaks({2026: -1, 2027: -5, 2028: -2}) == 3
    assert allocation.streaks({2026: -1, 2027: 4, 2028: -2}) == 1
    assert allocation.streaks({2026: -1, 2027: -1, 2028: 0}) == 0


def test_an_award_splits_by_cost_shares_exactly_or_equally():
    assert allocation.award_split(100.0, [(1, 50.0), (2, 30.0), (3, 20.0)]) == {1: 50.0, 2: 30.0, 3: 20.0}
    parts = allocation.award_split(100.0, [(1, None), (2, 10.0), (3, 10.0)])
    assert parts == {1: 33.34, 2: 33.33, 3: 33.33} and round(sum(parts.values()), 2) == 100.0


# --- services on the seeded database ---------------------------------------------------------------


def _region(engine, name="Đồng bằng sông Hồng") -> int:
    with read_session(engine) as s:
        return s.exec(select(Region.id).where(Region.name_vi == name)).one()


def _project(s, code, provinces, total, shares=None) -> int:
    shares = shares or [None] * len(provinces)
    return projects.create_project(
        s,
        SEC,
        ProjectInput(
            code=code,
            name_vi=f"Dự án kiểm thử {code}",
            type="road",
            total_investment=total,
            participants=[
                Participant(province_id=p, cost_share_pct=v) for p, v in zip(provinces, shares, strict=True)
            ],
        ),
    )["id"]


@pytest.fixture
def three(engine):
    """Three proposals of the Red River Delta (one inter-regional with Thái Nguyên) and its
    2027 round with an envelope that fits two of them."""
    hn, hy, bn = (province_id(engine, n) for n in ("Hà Nội", "Hưng Yên", "Bắc Ninh"))
    hp, tn = province_id(engine, "Hải Phòng"), province_id(engine, "Thái Nguyên")
    region = _region(engine)
    with write_session(engine) as s:
        ids = {
            "A": _project(s, "DX-001", [hn, hy], 400.0, [60.0, 40.0]),
            "B": _project(s, "DX-002", [hn, tn], 500.0),
            "C": _project(s, "DX-003", [hp, bn, hy], 700.0, [50.0, 25.0, 25.0]),
        }
        rnd = allocation.create_round(s, SEC, region_id=region, year=2027, envelope="1.000")
    return {"ids": ids, "round": rnd, "region": region, "hn": hn, "hy": hy, "tn": tn}


def test_a_round_ranks_its_proposals_with_every_term(engine, three):
    with read_session(engine) as s:
        r = allocation.ranking(s, three["round"]["id"])
    assert {x["code"] for x in r["rows"]} == {"DX-001", "DX-002", "DX-003"}
    by_code = {x["code"]: x for x in r["rows"]}
    assert by_code["DX-002"]["values"]["inter_regional"] == 1.0
    assert by_code["DX-001"]["values"]["inter_regional"] == 0.0
    assert by_code["DX-003"]["values"]["provinces_served"] == 3.0
    for x in r["rows"]:
        assert set(x["terms"]) == set(allocation.COMPUTED)
        assert sum(x["terms"].values()) == pytest.approx(x["score"])
    sel = r["selection"]
    assert sel["unit"] == 1.0 and sel["capacity"] == 1000
    for method in allocation.METHODS:
        assert sum(by_code[c]["cost"] for c in by_code if by_code[c]["id"] in sel[method]) <= 1000
    assert len(sel["knapsack"]) == 2


def test_readiness_and_manual_criteria_enter_the_score(engine, three):
    rid = three["round"]["id"]
    with write_session(engine) as s:
        allocation.save_entry(
            s, SEC, rid, three["ids"]["A"], expected_version=0, policy_approved=True, land_cleared_pct="80"
        )
        crit = allocation.add_criterion(
            s, SEC, rid, expected_version=1, name_vi="Tác động lan tỏa", weight="2", scale_min=0, scale_max=5
        )
        assert crit["code"] == "manual_1"
        allocation.save_entry(
            s,
            SEC,
            rid,
            three["ids"]["B"],
            expected_version=0,
            policy_approved=False,
            requested_amount="450,5",
            scores={"manual_1": "4"},
        )
        with pytest.raises(ValidationError) as exc:
            allocation.save_entry(
                s,
                SEC,
                rid,
                three["ids"]["C"],
                expected_version=0,
                policy_approved=False,
                scores={"manual_1": 6},
            )
        assert exc.value.field == "score.manual_1"
    with read_session(engine) as s:
        rows = {x["code"]: x for x in allocation.ranking(s, rid)["rows"]}
    assert rows["DX-001"]["values"]["readiness"] == 90.0
    assert rows["DX-002"]["cost"] == 450.5 and rows["DX-002"]["values"]["manual_1"] == 4.0
    assert rows["DX-002"]["normalised"]["manual_1"] == 1.0 and rows["DX-003"]["normalised"]["manual_1"] == 0.0


def test_weights_are_versioned_audited_and_never_all_zero(engine, three):
    rid = three["round"]["id"]
    zero = dict.fromkeys(allocation.COMPUTED, 0)
    with pytest.raises(ValidationError) as exc, write_session(engine) as s:
        allocation.set_weights(s, SEC, rid, expected_version=1, weights=zero)
    assert exc.value.key == "allocation.error.weights_zero"
    with write_session(engine) as s:
        out = allocation.set_weights(s, SEC, rid, expected_version=1, weights={"readiness": "2,5"})
    assert out["version"] == 2
    assert {c["code"]: c["weight"] for c in out["criteria"]}["readiness"] == 2.5
    with pytest.raises(StaleEdit), write_session(engine) as s:
        allocation.set_weights(s, SEC, rid, expected_version=1, weights={"readiness": 3})
    with read_session(engine) as s:
        entry = s.exec(select(AuditEntry).where(AuditEntry.action == "set_weights")).one()
    assert '"readiness": 2.5' in entry.after and '"readiness": 1.0' in entry.before


def test_contributions_add_up_exactly_for_every_key(engine, three):
    rid, region = three["round"]["id"], three["region"]
    with read_session(engine) as s:
        members = s.exec(select(Province.id).where(Province.region_id == region)).all()
    version = 1
    for key in ("equal", "grdp"):
        with write_session(engine) as s:
            out = allocation.set_contributions(
                s, SEC, rid, expected_version=version, total="1.000,01", key=key
            )
        version += 1
        assert {p["province_id"] for p in out["parts"]} == set(members)
        assert sum(round(p["amount"] * 100) for p in out["parts"]) == 100001
    with pytest.raises(ValidationError) as exc, write_session(engine) as s:
        allocation.set_contributions(
            s, SEC, rid, expected_version=version, total=10, key="budget_revenue", basis_year=1999
        )
    assert exc.value.key == "allocation.error.key_missing"


def _meeting_item(s, region) -> int:
    m = meetings.create_meeting(s, SEC, region_id=region, meeting_date=date(2027, 1, 20), place="Hà Nội")
    return meetings.add_item(s, SEC, m["id"], title="Phân bổ Quỹ phát triển vùng 2027")["id"]


def test_the_decision_funds_the_selection_and_the_ledger_balances(engine, three):
    rid, region = three["round"]["id"], three["region"]
    with write_session(engine) as s:
        allocation.set_contributions(s, SEC, rid, expected_version=1, total=1200, key="equal")
        item = _meeting_item(s, region)
        out = allocation.decide_allocation(s, SEC, rid, expected_version=2, agenda_item_id=item)
    funded = {a["project_id"]: a["amount"] for a in out["awards"]}
    with read_session(engine) as s:
        from council.models import Project

        assert all(s.get(Project, p).version == 2 for p in funded)  # a stale funding editor is refused
    assert len(funded) == 2 and sum(funded.values()) <= 1000
    assert out["decision"]["text"].startswith("Phân bổ Quỹ phát triển vùng năm 2027")
    with read_session(engine) as s:
        lines = s.exec(select(FundingLine).where(FundingLine.source == "regional_fund")).all()
        assert {(ln.project_id, ln.planned_amount, ln.year) for ln in lines} == {
            (p, a, 2027) for p, a in funded.items()
        }
        assert s.get(AllocationRound, rid).status == "decided"
        book = allocation.ledger(s, region)
        r2 = allocation.ranking(s, rid)
    rows = book["rows"]
    paid = sum(round(r["paid_in"] * 100) for r in rows)
    received = sum(round(r["received"] * 100) for r in rows) + sum(
        round(o["received"] * 100) for o in book["outside"]
    )
    assert paid == 120000 and received == round(sum(funded.values()) * 100)
    for r in rows:
        assert (
            round((r["received"] - r["paid_in"]) * 100)
            == round(r["net"] * 100)
            == round(r["cumulative"] * 100)
        )
    if three["ids"]["B"] in funded:  # Thái Nguyên is not a member: its half is received outside
        assert {o["name"] for o in book["outside"]} == {"Thái Nguyên"}
    assert r2["fund"] == {
        "paid_in": 1200.0,
        "awarded": sum(funded.values()),
        "balance": 1200.0 - sum(funded.values()),
    }
    # Decided: the round no longer changes, and the funded projects are no proposals of a later round.
    with pytest.raises(ValidationError), write_session(engine) as s:
        allocation.update_round(s, SEC, rid, expected_version=3, envelope=5, method="greedy")
    with write_session(engine) as s:
        later = allocation.create_round(s, SEC, region_id=region, year=2028, envelope=1000)
    with read_session(engine) as s:
        codes = {x["id"] for x in allocation.ranking(s, later["id"])["rows"]}
        assert codes == set(three["ids"].values()) - set(funded)
        assert len(s.exec(select(AllocationAward)).all()) == 2


def test_a_province_paying_in_three_years_running_is_flagged(engine, three):
    region, hn = three["region"], three["hn"]
    with read_session(engine) as s:
        members = s.exec(select(Province.id).where(Province.region_id == region)).all()
    # Negotiated: Hà Nội pays nothing, the others pay every year and receive nothing.
    weights = {p: (0 if p == hn else 1) for p in members}
    rid = three["round"]["id"]
    with write_session(engine) as s:
        allocation.set_contributions(
            s, SEC, rid, expected_version=1, total=100, key="negotiated", weights=weights
        )
        for year in (2028, 2029):
            r = allocation.create_round(s, SEC, region_id=region, year=year, envelope=0)
            allocation.set_contributions(
                s, SEC, r["id"], expected_version=1, total=100, key="negotiated", weights=weights
            )
    with read_session(engine) as s:
        book = allocation.ledger(s, region)
    latest = {r["province_id"]: r for r in book["rows"] if r["year"] == 2029}
    assert book["years_needed"] == 3 and not latest[hn]["net_contributor"]
    assert all(latest[p]["net_contributor"] for p in members if p != hn)
    before = {r["province_id"]: r for r in book["rows"] if r["year"] == 2028}
    assert not any(r["net_contributor"] for r in before.values())
    with write_session(engine) as s:
        allocation.set_net_contributor_years(s, SEC, 2)
    with read_session(engine) as s:
        book = allocation.ledger(s, region)
    assert all(r["net_contributor"] for r in book["rows"] if r["year"] == 2028 and r["province_id"] != hn)
    assert len(book["flagged"]) == len(members) - 1


def test_the_round_goes_on_the_draft_agenda_and_the_briefing_pack_until_decided(engine, three):
    from io import BytesIO

    import openpyxl

    from council import briefing
    from council.models import Meeting

    rid, region = three["round"]["id"], three["region"]
    with write_session(engine) as s:
        draft = Meeting(region_id=region, meeting_date=date(2027, 1, 20), place="Hà Nội")
        kinds = {(c.kind, c.ref_id) for c in meetings.draft_candidates(s, draft, date(2027, 1, 5))}
        assert ("allocation_round", str(rid)) in kinds
        assert meetings.link_for("allocation_round", str(rid)) == f"allocation?round={rid}"
        item = _meeting_item(s, region)
        pack = briefing.build_pack(s, s.get(meetings.AgendaItem, item).meeting_id, "vi")
    section = next(x for x in pack.sections if x.title == "Phân bổ nguồn lực và Quỹ phát triển vùng")
    assert section.lines[0].startswith("Đợt năm 2027 (đang xét): hạn mức 1.000 tỷ đồng, 3 đề xuất.")
    assert sum("được chọn" in line and "không" not in line for line in section.lines) == 2
    with read_session(engine) as s:
        book = openpyxl.load_workbook(BytesIO(allocation.export_excel(s, rid, "en")))
    assert book.sheetnames == ["Ranking", "Criteria", "Selection", "Sensitivity", "Fund ledger"]
    header = [c.value for c in book["Ranking"][1]]
    assert "Readiness — term" in header and "Score" in header
    with write_session(engine) as s:
        allocation.decide_allocation(s, SEC, rid, expected_version=1, agenda_item_id=item)
        kinds = {c.kind for c in meetings.draft_candidates(s, draft, date(2027, 1, 5))}
    assert "allocation_round" not in kinds


def test_a_net_contributor_goes_on_the_draft_agenda(engine, three):
    region, hn = three["region"], three["hn"]
    with read_session(engine) as s:
        members = s.exec(select(Province.id).where(Province.region_id == region)).all()
    weights = {p: (1 if p == hn else 0) for p in members}  # only Hà Nội pays
    with write_session(engine) as s:
        allocation.set_net_contributor_years(s, SEC, 1)
        allocation.set_contributions(
            s, SEC, three["round"]["id"], expected_version=1, total=50, key="negotiated", weights=weights
        )
    with write_session(engine) as s:
        from council.models import Meeting

        draft = Meeting(region_id=region, meeting_date=date(2027, 1, 20), place="Hà Nội")
        found = [
            c
            for c in meetings.draft_candidates(s, draft, date(2027, 1, 5))
            if c.kind == "allocation_net_contributor"
        ]
    assert [(c.ref_entity, c.ref_id) for c in found] == [("allocation_ledger", f"{region}:{hn}")]
    assert found[0].title == "Hà Nội — đóng góp ròng 1 năm liên tiếp"
