"""Revenue and cost sharing (issue 18): the settlement maths on constructed cases, totals
conserved for any key and amounts, validation, acceptance and its compare-and-set, permissions."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import select

from council import sharing
from council.auth import Actor
from council.db import read_session, write_session
from council.errors import PermissionDenied, StaleEdit, ValidationError
from council.models import Agreement, AuditEntry, Province
from council.sharing_models import SharingAcceptance, SharingArrangement, SharingCostLine, SharingRevenue
from tests.conftest import province_id

SEC = Actor(None, "sec", "secretariat")
A, B, C = 1, 2, 3


def _cents(x: float) -> int:
    return round(x * 100)


def _col(result, name):
    return sum(_cents(r[name]) for r in result["rows"])


# --- maths ------------------------------------------------------------------------------------


def test_baselines_are_kept_and_the_increment_split_by_the_key():
    r = sharing.settle({A: 100, B: 50}, 210, {A: 1, B: 3})
    rows = {x["province_id"]: x for x in r["rows"]}
    assert (rows[A]["kept"], rows[B]["kept"]) == (100, 50)
    assert (rows[A]["increment"], rows[B]["increment"]) == (15, 45)
    assert (rows[A]["net"], rows[B]["net"]) == (115, 95)
    assert not r["shortfall"] and r["totals"]["increment"] == 60


def test_an_equal_key_splits_an_odd_cent_by_largest_remainder():
    r = sharing.settle({A: 0, B: 0, C: 0}, 0.1, {A: 1, B: 1, C: 1})
    assert [x["increment"] for x in r["rows"]] == [0.04, 0.03, 0.03]
    assert _col(r, "increment") == 10


def test_pro_rata_shortfall_shares_the_revenue_by_baselines():
    r = sharing.settle({A: 300, B: 100}, 200, {A: 1, B: 1}, rule="pro_rata")
    rows = {x["province_id"]: x for x in r["rows"]}
    assert r["shortfall"] and (rows[A]["kept"], rows[B]["kept"]) == (150, 50)
    assert rows[A]["increment"] == rows[B]["increment"] == 0
    assert rows[A]["loses"] and rows[B]["loses"]


def test_host_first_shortfall_serves_the_host_baseline_first():
    r = sharing.settle({A: 300, B: 100, C: 100}, 350, {A: 1, B: 1, C: 1}, rule="host_first", host=A)
    rows = {x["province_id"]: x for x in r["rows"]}
    assert (rows[A]["kept"], rows[B]["kept"], rows[C]["kept"]) == (300, 25, 25)
    assert not rows[A]["loses"] and rows[B]["loses"]


def test_relocation_host_keeps_its_level_and_both_split_increment_and_costs():
    # The host had 80 before; the relocated plant brings the total to 180; costs 40 split 1:1.
    lines = [{"id": 7, "amount": 40, "weights": {A: 1, B: 1}, "cost_type": "full"}]
    r = sharing.settle({A: 80, B: 0}, 180, {A: 1, B: 1}, rule="host_first", host=A, cost_lines=lines)
    rows = {x["province_id"]: x for x in r["rows"]}
    assert rows[A]["net"] == 80 + 50 - 20 and rows[B]["net"] == 50 - 20
    assert rows[A]["costs"] == {7: 20} and not rows[A]["loses"] and not rows[B]["loses"]


def test_each_cost_line_has_its_own_key_and_a_province_paying_more_than_it_gains_loses():
    lines = [
        {"id": 1, "amount": 90, "weights": {A: 1, B: 2}, "cost_type": "full"},
        {"id": 2, "amount": 10, "weights": {A: 1, B: 0}, "cost_type": "full"},
    ]
    r = sharing.settle({A: 100, B: 100}, 230, {A: 1, B: 1}, cost_lines=lines)
    rows = {x["province_id"]: x for x in r["rows"]}
    assert rows[A]["costs"] == {1: 30, 2: 10} and rows[B]["costs"] == {1: 60, 2: 0}
    assert rows[A]["net"] == 100 + 15 - 40 and rows[A]["loses"]
    assert rows[B]["net"] == 100 + 15 - 60 and rows[B]["change"] == -45
    assert not r["marginal_only"]


def test_only_marginal_costs_are_warned_about():
    lines = [{"id": 1, "amount": 5, "weights": {A: 1, B: 1}, "cost_type": "marginal"}]
    assert sharing.settle({A: 1, B: 1}, 3, {A: 1, B: 1}, cost_lines=lines)["marginal_only"]


def test_keys_need_every_participants_figure():
    parts = [
        {"province_id": A, "name": "Hà Nội", "population": 100, "grdp": 50.0},
        {"province_id": B, "name": "Hưng Yên", "population": None, "grdp": 20.0},
    ]
    assert sharing.key_weights("grdp", parts) == {A: 50.0, B: 20.0}
    for key in ("population", "grdp_per_capita"):
        with pytest.raises(ValidationError) as err:
            sharing.key_weights(key, parts)
        assert err.value.field == "key" and err.value.params["province"] == "Hưng Yên"
    with pytest.raises(ValidationError):
        sharing.key_weights("negotiated", parts, {A: 1})
    parts[1]["population"] = 40
    assert sharing.key_weights("grdp_per_capita", parts) == {A: 0.5, B: 0.5}


amounts = st.decimals(min_value=0, max_value=10**7, places=2).map(float)


@settings(max_examples=150, deadline=None)
@given(
    baselines=st.lists(amounts, min_size=2, max_size=6),
    revenue=amounts,
    data=st.data(),
    rule=st.sampled_from(sharing.SHORTFALL_RULES),
)
def test_every_column_adds_up_exactly_for_any_key_and_amounts(baselines, revenue, data, rule):
    ids = list(range(1, len(baselines) + 1))
    weight = st.floats(min_value=0, max_value=1e6, allow_nan=False).filter(lambda w: w == 0 or w > 1e-6)
    key = {i: data.draw(weight) for i in ids}
    if not any(key.values()):
        key[ids[0]] = 1.0
    lines = []
    for n in range(data.draw(st.integers(0, 3))):
        w = {i: data.draw(weight) for i in ids}
        if not any(w.values()):
            w[ids[-1]] = 2.0
        lines.append({"id": n, "amount": data.draw(amounts), "weights": w, "cost_type": "full"})
    r = sharing.settle(
        dict(zip(ids, baselines, strict=True)), revenue, key, rule=rule, host=ids[0], cost_lines=lines
    )
    total_base = sum(_cents(b) for b in baselines)
    assert _col(r, "kept") == min(_cents(revenue), total_base) == _cents(r["totals"]["kept"])
    assert _col(r, "increment") == max(_cents(revenue) - total_base, 0)
    for line in lines:
        assert sum(_cents(x["costs"][line["id"]]) for x in r["rows"]) == _cents(line["amount"])
    assert _col(r, "net") == _cents(revenue) - sum(_cents(ln["amount"]) for ln in lines)
    for x in r["rows"]:
        assert _cents(x["net"]) == _cents(x["kept"]) + _cents(x["increment"]) - _cents(x["cost_total"])
        assert x["loses"] == (x["net"] < x["baseline"])


# --- services ---------------------------------------------------------------------------------


def _agreement(engine, names):
    from council import agreements

    with write_session(engine) as s:
        return agreements.create_agreement(
            s,
            SEC,
            title="Liên kết kiểm thử",
            province_ids=[province_id(engine, n) for n in names],
            form="joint_powers_agreement",
            status="signed",
            date_signed=date(2025, 1, 2),
        )["id"]


def _arrangement(engine, names=("Hà Nội", "Hưng Yên"), baselines=(1000, 400), **kw):
    ids = [province_id(engine, n) for n in names]
    with write_session(engine) as s:
        return sharing.create_arrangement(
            s,
            SEC,
            title="Khu công nghiệp liên tỉnh",
            province_ids=ids,
            base_year=2024,
            baselines=dict(zip(ids, baselines, strict=True)),
            agreement_id=_agreement(engine, names),
            **kw,
        )


def test_a_settlement_by_the_adopted_key_with_cumulative_and_acceptance_by_each_province(engine, users):
    arr = _arrangement(engine)
    hn, hy = arr["province_ids"] if arr["participants"][0]["name"] == "Hà Nội" else arr["province_ids"][::-1]
    with write_session(engine) as s:
        v = sharing.set_revenue(s, SEC, arr["id"], expected_version=1, year=2025, revenue="1600")["version"]
        v = sharing.set_revenue(s, SEC, arr["id"], expected_version=v, year=2026, revenue="1800,5")["version"]
        eq = sharing.save_scenario(s, SEC, arr["id"], name="Chia đều", key="equal")["id"]
        pop = sharing.save_scenario(s, SEC, arr["id"], name="Dân số", key="population")["id"]
        v = sharing.add_cost_line(
            s, SEC, arr["id"], expected_version=v, year=2026, category="operation", amount=100, key="equal"
        )["version"]
    with read_session(engine) as s:
        side = sharing.compare_scenarios(s, arr["id"], 2026)
        assert [c["scenario"]["id"] for c in side] == [eq, pop]
        nets = [{r["province_id"]: r["net"] for r in c["settlement"]["rows"]} for c in side]
        assert nets[0] != nets[1] and all(round(sum(n.values()), 2) == 1700.5 for n in nets)
    with write_session(engine) as s:
        v = sharing.adopt_scenario(s, SEC, arr["id"], eq, expected_version=v)["version"]
    with read_session(engine) as s:
        st_ = sharing.settlement(s, arr["id"], 2026)
        rows = {r["province_id"]: r for r in st_["rows"]}
        assert rows[hn]["increment"] == 200.25 and rows[hy]["increment"] == 200.25
        assert rows[hn]["net"] == 1000 + 200.25 - 50 and rows[hn]["cumulative"] == 1100 + 1150.25
        assert st_["version"] == v
        # 2025's settlement fell due on 31 March 2026: both provinces are on the list.
        assert {p["province_id"] for p in sharing.pending_settlements(s, date(2026, 4, 1))} == {hn, hy}
        assert sharing.pending_settlements(s, date(2026, 3, 31)) == []
    rep_hn = users["rep_hanoi"]
    rep_hy = Actor(None, "rep.hy", "province_rep", hy)
    with write_session(engine) as s:
        sharing.accept_settlement(s, rep_hn, arr["id"], hn, 2025, settlement_version=v)
    with write_session(engine) as s:
        sharing.accept_settlement(s, rep_hy, arr["id"], hy, 2025, settlement_version=v)
    with read_session(engine) as s:
        assert sharing.pending_settlements(s, date(2026, 4, 1)) == []
        acc = s.exec(select(SharingAcceptance)).all()
        assert {(a.province_id, a.settlement_version, a.accepted_by) for a in acc} == {
            (hn, v, "rep.hanoi"),
            (hy, v, "rep.hy"),
        }
    # A change to the key clears every acceptance; an acceptance of the old version is refused.
    with write_session(engine) as s:
        v2 = sharing.adopt_scenario(s, SEC, arr["id"], pop, expected_version=v)["version"]
    with read_session(engine) as s:
        assert s.exec(select(SharingAcceptance)).all() == []
    with pytest.raises(StaleEdit), write_session(engine) as s:
        sharing.accept_settlement(s, rep_hn, arr["id"], hn, 2025, settlement_version=v)
    with write_session(engine) as s:
        sharing.accept_settlement(s, rep_hn, arr["id"], hn, 2025, settlement_version=v2)
        # A cost line of 2026 clears the acceptances of 2026 and later only.
        sharing.add_cost_line(
            s, SEC, arr["id"], expected_version=v2, year=2026, category="capital", amount=5, key="grdp"
        )
    with read_session(engine) as s:
        assert len(s.exec(select(SharingAcceptance)).all()) == 1


def test_a_relocation_takes_the_host_first_and_a_baseline_from_the_figures(engine):
    with pytest.raises(ValidationError) as err, write_session(engine) as s:
        ids = [province_id(engine, "Hà Nội"), province_id(engine, "Bắc Ninh")]
        sharing.create_arrangement(
            s, SEC, title="Di dời", province_ids=ids, base_year=1990, agreement_id=None, project_id=None
        )
    assert err.value.field == "agreement"
    arr = _arrangement(
        engine,
        ("Hà Nội", "Bắc Ninh"),
        (500, 0),
        kind="relocation",
        host_province_id=province_id(engine, "Bắc Ninh"),
    )
    assert arr["kind"] == "relocation" and arr["shortfall_rule"] == "host_first"


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda s, a: sharing.set_revenue(s, SEC, a, expected_version=1, year=2025, revenue=-1), "revenue"),
        (lambda s, a: sharing.set_revenue(s, SEC, a, expected_version=1, year=2023, revenue=10), "year"),
        (
            lambda s, a: sharing.add_cost_line(
                s, SEC, a, expected_version=1, year=2025, category="capital", amount="-3", key="equal"
            ),
            "amount",
        ),
        (
            lambda s, a: sharing.add_cost_line(
                s,
                SEC,
                a,
                expected_version=1,
                year=2025,
                category="capital",
                amount=3,
                key="negotiated",
                weights={},
            ),
            "weights",
        ),
        (lambda s, a: sharing.save_scenario(s, SEC, a, name="x", key="negotiated", weights={}), "weights"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(engine, call, field):
    arr = _arrangement(engine)
    with pytest.raises(ValidationError) as err, write_session(engine) as s:
        call(s, arr["id"])
    assert err.value.field == field
    with read_session(engine) as s:
        assert s.exec(select(SharingRevenue)).all() == [] and s.exec(select(SharingCostLine)).all() == []
        assert s.get(SharingArrangement, arr["id"]).version == 1


def test_a_key_missing_a_provinces_figure_and_a_negative_baseline_are_refused(engine):
    arr = _arrangement(engine)
    with write_session(engine) as s:
        s.get(Province, arr["province_ids"][0]).grdp_weight = None
    with pytest.raises(ValidationError) as err, write_session(engine) as s:
        sharing.save_scenario(s, SEC, arr["id"], name="GRDP", key="grdp")
    assert err.value.field == "key" and err.value.params["province"] == arr["participants"][0]["name"]
    with pytest.raises(ValidationError) as err:
        _arrangement(engine, baselines=(10, -5))
    assert err.value.field == "baseline_revenue"
    with read_session(engine) as s:
        assert len(s.exec(select(SharingArrangement)).all()) == 1
        assert len(s.exec(select(Agreement)).all()) >= 1


def test_only_the_secretariat_manages_and_a_representative_accepts_only_for_its_province(engine, users):
    arr = _arrangement(engine)
    hn = province_id(engine, "Hà Nội")
    hy = province_id(engine, "Hưng Yên")
    for who in ("rep_hanoi", "expert", "observer"):
        with pytest.raises(PermissionDenied), write_session(engine) as s:
            sharing.save_scenario(s, users[who], arr["id"], name="x", key="equal")
    with write_session(engine) as s:
        sharing.set_revenue(s, SEC, arr["id"], expected_version=1, year=2025, revenue=2000)
        sc = sharing.save_scenario(s, SEC, arr["id"], name="Đều", key="equal")["id"]
        sharing.adopt_scenario(s, SEC, arr["id"], sc, expected_version=2)
    for who, pid in (("rep_hanoi", hy), ("rep_cantho", hn), ("secretariat", hn)):
        with pytest.raises(PermissionDenied), write_session(engine) as s:
            sharing.accept_settlement(s, users[who], arr["id"], pid, 2025, settlement_version=3)
    with read_session(engine) as s:
        refused = s.exec(select(AuditEntry).where(AuditEntry.action == "refused")).all()
        assert {e.entity for e in refused} == {"sharing.manage", "sharing.accept"} and len(refused) == 6
        assert s.exec(select(SharingAcceptance)).all() == []


def test_unaccepted_settlements_past_due_go_on_the_draft_agenda_and_my_province(engine, users):
    from council import meetings, myprovince
    from council.models import Meeting

    arr = _arrangement(engine)
    hn = province_id(engine, "Hà Nội")
    with write_session(engine) as s:
        region = s.get(Province, hn).region_id
        sharing.set_revenue(s, SEC, arr["id"], expected_version=1, year=2025, revenue=1500)
        sc = sharing.save_scenario(s, SEC, arr["id"], name="Đều", key="equal")["id"]
        sharing.adopt_scenario(s, SEC, arr["id"], sc, expected_version=2)
        mid = meetings.create_meeting(
            s, SEC, region_id=region, meeting_date=date(2026, 5, 1), place="Hà Nội"
        )["id"]
    with read_session(engine) as s:
        items = [
            c
            for c in meetings.draft_candidates(s, s.get(Meeting, mid), date(2026, 5, 1))
            if c.kind == "sharing_unaccepted"
        ]
        assert {c.ref_id for c in items} == {f"{arr['id']}:2025:{p}" for p in arr["province_ids"]}
        view = myprovince.province_view(s, hn, date(2026, 5, 1))
        assert [(p["year"], p["link"]) for p in view["settlements"]] == [
            (2025, f"sharing?arrangement={arr['id']}&year=2025")
        ]
    for pid in arr["province_ids"]:
        with write_session(engine) as s:
            sharing.accept_settlement(
                s, Actor(None, f"rep{pid}", "province_rep", pid), arr["id"], pid, 2025, settlement_version=3
            )
    with read_session(engine) as s:
        assert not [
            c
            for c in meetings.draft_candidates(s, s.get(Meeting, mid), date(2026, 5, 1))
            if c.kind == "sharing_unaccepted"
        ]
        assert myprovince.province_view(s, hn, date(2026, 5, 1))["settlements"] == []


def test_the_briefing_pack_has_a_sharing_section_with_who_loses_and_who_has_not_accepted(engine):
    from council import briefing, meetings

    arr = _arrangement(engine)
    hn = province_id(engine, "Hà Nội")
    with write_session(engine) as s:
        region = s.get(Province, hn).region_id
        sharing.set_revenue(s, SEC, arr["id"], expected_version=1, year=2025, revenue=1500)
        sc = sharing.save_scenario(s, SEC, arr["id"], name="Đều", key="equal")["id"]
        sharing.adopt_scenario(s, SEC, arr["id"], sc, expected_version=2)
        sharing.add_cost_line(
            s, SEC, arr["id"], expected_version=3, year=2025, category="capital", amount=300, key="equal"
        )
        mid = meetings.create_meeting(
            s, SEC, region_id=region, meeting_date=date(2026, 5, 1), place="Hà Nội"
        )["id"]
    with read_session(engine) as s:
        pack = briefing.build_pack(s, mid, "vi", date(2026, 5, 1))
    section = next(x for x in pack.sections if x.title == "Chia sẻ lợi ích và chi phí")
    # 1500 - 1400 = 100 split 50/50; costs 150 each: both lose 100 against the status quo.
    assert section.lines[1:] == [
        "– Hà Nội: thực nhận 900 tỷ đồng, chênh lệch so với hiện trạng -100 (thiệt); chưa chấp thuận.",
        "– Hưng Yên: thực nhận 300 tỷ đồng, chênh lệch so với hiện trạng -100 (thiệt); chưa chấp thuận.",
    ]


def test_a_blank_baseline_takes_the_approved_budget_revenue_figure_or_is_refused_naming_the_province(engine):
    from council.models import Indicator, Observation

    hn, hy = province_id(engine, "Hà Nội"), province_id(engine, "Hưng Yên")
    with write_session(engine) as s:
        ind = s.exec(select(Indicator).where(Indicator.code == "budget_revenue")).one()
        s.add(Observation(province_id=hn, indicator_id=ind.id, year=2024, value=510000.0, status="approved"))
        s.add(Observation(province_id=hy, indicator_id=ind.id, year=2024, value=38000.0, status="submitted"))
    with pytest.raises(ValidationError) as err:
        _arrangement(engine, baselines=(None, None))
    assert err.value.field == "baseline_revenue" and err.value.params["province"] == "Hưng Yên"
    arr = _arrangement(engine, baselines=(None, "1.200,5"))
    got = {p["province_id"]: (p["baseline"], p["baseline_source"]) for p in arr["participants"]}
    assert got == {hn: (510000.0, "budget_revenue 2024"), hy: (1200.5, "entered")}
