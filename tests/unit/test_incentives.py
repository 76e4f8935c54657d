"""Investment incentives (issue 19, items 1-3): foregone revenue as an NPV on constructed cases,
the three flag rules on both sides of their thresholds, a representative's own province only,
the standard's history, and an import that lands nothing and names each bad row and field.
No real incentive data exists here: every package is constructed by the test."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from council import early_warning, incentive_monitor, incentives
from council.db import read_session, write_session
from council.errors import PermissionDenied, StaleEdit, ValidationError
from council.incentives_models import Incentive, IncentiveStandard
from council.io import ImportRejected
from council.models import AuditEntry, Province
from council.regions import neighbours
from tests.conftest import province_id

CFG = {
    "discount_rate_pct": 8.0,
    "profit_share_pct": 10.0,
    "standard_cit_rate_pct": 20.0,
    "land_m2_per_billion": 60.0,
    "horizon_years": 20.0,
    "escalation_months": 6.0,
}
TODAY = date(2026, 12, 1)


# --- the NPV ---------------------------------------------------------------------------------


def test_a_package_with_no_incentive_gives_nothing_away():
    assert incentive_monitor.foregone({"land_rent_price": 20000}, CFG) == 0


def test_cit_exemption_years_discounted_at_the_rate():
    # 4 years exempt: 1000 * 10 % * 20 % = 20 million a year, discounted at 8 %.
    expected = sum(20 / 1.08**t for t in range(1, 5))
    assert incentive_monitor.foregone({"cit_exempt_years": 4}, CFG) == pytest.approx(expected)
    assert expected == pytest.approx(66.2425, abs=1e-3)


def test_reduced_rate_after_the_exemption():
    # 2 years exempt, then 9 years at 10 %: 20 million, then 10 million a year.
    package = {"cit_exempt_years": 2, "cit_reduced_rate": 10, "cit_reduced_years": 9}
    expected = sum(20 / 1.08**t for t in (1, 2)) + sum(10 / 1.08**t for t in range(3, 12))
    assert incentive_monitor.foregone(package, CFG) == pytest.approx(expected)


def test_land_rent_exemption_and_a_price_below_the_floor():
    # 60 m² per billion at 20,000 VND: 1.2 million a year; exempt 3 years.
    exempt = {"land_exempt_years": 3, "land_rent_price": 20000}
    assert incentive_monitor.foregone(exempt, CFG) == pytest.approx(sum(1.2 / 1.08**t for t in (1, 2, 3)))
    # Against a floor price of 30,000 the price of 20,000 gives away 0.6 million every year after.
    cheap = {"land_rent_price": 20000}
    assert incentive_monitor.foregone(cheap, CFG, 30000) == pytest.approx(
        sum(0.6 / 1.08**t for t in range(1, 21))
    )
    # A rent above the floor is not revenue given away.
    assert incentive_monitor.foregone({"land_rent_price": 40000}, CFG, 30000) == 0


def test_a_higher_discount_rate_lowers_the_npv():
    package = {"cit_exempt_years": 4, "cit_reduced_rate": 10, "cit_reduced_years": 9}
    low = incentive_monitor.foregone(package, CFG)
    high = incentive_monitor.foregone(package, {**CFG, "discount_rate_pct": 12.0})
    assert high < low


def test_six_months_on_the_calendar():
    assert incentive_monitor.add_months(date(2026, 1, 15), 6) == date(2026, 7, 15)
    assert incentive_monitor.add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)


# --- the register and the flags --------------------------------------------------------------


@pytest.fixture
def setup(engine, users):
    sec = users["secretariat"]
    hanoi, hungyen = province_id(engine, "Hà Nội"), province_id(engine, "Hưng Yên")
    haiphong = province_id(engine, "Hải Phòng")
    with read_session(engine) as s:
        nb = neighbours(s)
        region = s.get(Province, hanoi).region_id
        assert {s.get(Province, p).region_id for p in (hungyen, haiphong)} == {region}
    assert hungyen in nb[hanoi] and haiphong not in nb[hanoi]
    with write_session(engine) as s:
        sector = incentives.save_sector(s, sec, code="ELEC", name_vi="Điện tử", name_en="Electronics")["id"]
    return {
        "sec": sec,
        "hanoi": hanoi,
        "hungyen": hungyen,
        "haiphong": haiphong,
        "region": region,
        "sector": sector,
    }


def _package(engine, actor, province, sector, **kw) -> dict:
    values = {"province_id": province, "sector_id": sector, "effective_from": date(2026, 1, 1), **kw}
    with write_session(engine) as s:
        return incentives.create_incentive(s, actor, **values)


def _standard(engine, fx, revision=0, **terms) -> dict:
    with write_session(engine) as s:
        return incentives.set_standard(
            s, fx["sec"], region_id=fx["region"], sector_id=fx["sector"], expected_revision=revision, **terms
        )


def _flags(engine, rule: str) -> list[early_warning.Flag]:
    with read_session(engine) as s:
        return [f for f in early_warning.compute_flags(s, TODAY) if f.rule == rule]


def test_below_floor_flag(engine, setup):
    fx = setup
    _standard(
        engine,
        fx,
        max_cit_exempt_years=4,
        min_cit_rate=10,
        max_land_exempt_years=3,
        min_land_rent_price=20000,
    )
    at_floor = _package(
        engine,
        fx["sec"],
        fx["hanoi"],
        fx["sector"],
        cit_exempt_years=4,
        cit_reduced_rate=10,
        cit_reduced_years=9,
        land_exempt_years=3,
        land_rent_price=20000,
    )
    assert _flags(engine, "incentive.below_floor") == []
    beyond = _package(
        engine, fx["sec"], fx["hungyen"], fx["sector"], cit_exempt_years=4.5, land_rent_price=19999
    )
    (flag,) = _flags(engine, "incentive.below_floor")
    # The province below the floor first, then the ones it undercuts for the same sector's investors.
    assert flag.subject == f"incentive={beyond['id']}" and flag.province_ids == (fx["hungyen"], fx["hanoi"])
    assert flag.conflict_type == "investment_competition"
    assert ("incentive", beyond["id"]) in flag.links
    vi, en = flag.message("vi"), flag.message("en")
    assert "Hưng Yên" in vi and "Điện tử" in vi and "số năm miễn thuế TNDN" in vi and "giá thuê đất" in vi
    assert "Electronics" in en and "land rent" in en
    with read_session(engine) as s:
        rows = {r["id"]: r for r in incentive_monitor.monitor(s, fx["region"], TODAY)["rows"]}
    assert rows[at_floor["id"]]["deviation"] == pytest.approx(0)
    assert rows[beyond["id"]]["deviation"] > 0
    assert rows[beyond["id"]]["breaches"] == ["cit_exempt_years", "land_rent_price"]
    # The reduced rate below the floor's, by a hair.
    _package(engine, fx["sec"], fx["haiphong"], fx["sector"], cit_reduced_rate=9.9, cit_reduced_years=2)
    flags = _flags(engine, "incentive.below_floor")
    assert len(flags) == 2
    assert all(set(f.province_ids) == {fx["hanoi"], fx["hungyen"], fx["haiphong"]} for f in flags)


def test_a_package_below_the_floor_with_no_rival_cannot_become_a_case(engine, setup):
    fx = setup
    _standard(engine, fx, max_cit_exempt_years=2)
    _package(engine, fx["sec"], fx["hanoi"], fx["sector"], cit_exempt_years=4)
    (flag,) = _flags(engine, "incentive.below_floor")
    assert flag.province_ids == (fx["hanoi"],)
    with write_session(engine) as s, pytest.raises(ValidationError, match="một tỉnh|one province"):
        early_warning.open_case(s, fx["sec"], flag.key, today=TODAY)


def test_an_expired_package_is_not_flagged(engine, setup):
    fx = setup
    _standard(engine, fx, max_cit_exempt_years=2)
    _package(
        engine, fx["sec"], fx["hanoi"], fx["sector"], cit_exempt_years=4, effective_to=date(2026, 11, 30)
    )
    assert _flags(engine, "incentive.below_floor") == []


def test_escalation_within_six_months_after_a_neighbour(engine, setup):
    fx = setup
    first = _package(
        engine, fx["sec"], fx["hanoi"], fx["sector"], cit_exempt_years=2, effective_from=date(2026, 1, 10)
    )
    # The neighbour deepens exactly six months later: flagged.
    later = _package(
        engine, fx["sec"], fx["hungyen"], fx["sector"], cit_exempt_years=3, effective_from=date(2026, 7, 10)
    )
    (flag,) = _flags(engine, "incentive.escalation")
    assert flag.province_ids == (fx["hanoi"], fx["hungyen"])
    assert flag.subject == f"sector={fx['sector']}:after={first['id']}:then={later['id']}"
    assert "181 ngày" in flag.message("vi") and "Hà Nội" in flag.message("vi")
    # One day later is outside the window.
    with write_session(engine) as s:
        incentives.update_incentive(
            s, fx["sec"], later["id"], expected_version=later["version"], effective_from=date(2026, 7, 11)
        )
    assert _flags(engine, "incentive.escalation") == []


def test_escalation_needs_a_neighbour_and_a_deepening(engine, setup):
    fx = setup
    _package(
        engine, fx["sec"], fx["hanoi"], fx["sector"], cit_exempt_years=2, effective_from=date(2026, 1, 10)
    )
    # Hải Phòng is no neighbour of Hà Nội.
    _package(
        engine, fx["sec"], fx["haiphong"], fx["sector"], cit_exempt_years=3, effective_from=date(2026, 2, 1)
    )
    assert _flags(engine, "incentive.escalation") == []
    # Hưng Yên's second package eases its first one: its first package is the deepening (flagged),
    # the easing is not.
    _package(
        engine, fx["sec"], fx["hungyen"], fx["sector"], cit_exempt_years=4, effective_from=date(2025, 1, 1)
    )
    _package(
        engine, fx["sec"], fx["hungyen"], fx["sector"], cit_exempt_years=1, effective_from=date(2026, 3, 1)
    )
    flags = _flags(engine, "incentive.escalation")
    assert all(f.params["later_vi"] != "Hưng Yên" for f in flags)


def test_two_provinces_competing_for_a_sector_the_plan_assigns_elsewhere(engine, setup):
    fx = setup
    with write_session(engine) as s:
        incentives.assign_sector(
            s, fx["sec"], region_id=fx["region"], sector_id=fx["sector"], province_ids=[fx["haiphong"]]
        )
    _package(engine, fx["sec"], fx["hanoi"], fx["sector"], cit_exempt_years=2)
    # One province outside the assignment: not yet a competition.
    assert _flags(engine, "incentive.plan_elsewhere") == []
    _package(engine, fx["sec"], fx["haiphong"], fx["sector"], cit_exempt_years=2)
    assert _flags(engine, "incentive.plan_elsewhere") == []
    _package(engine, fx["sec"], fx["hungyen"], fx["sector"], cit_exempt_years=2)
    (flag,) = _flags(engine, "incentive.plan_elsewhere")
    assert set(flag.province_ids) == {fx["hanoi"], fx["hungyen"], fx["haiphong"]}
    assert flag.params["count"] == 2 and "Hải Phòng" in flag.message("vi")


def test_a_dismissed_floor_flag_returns_when_the_package_changes(engine, setup):
    fx = setup
    _standard(engine, fx, max_cit_exempt_years=2)
    pkg = _package(engine, fx["sec"], fx["hanoi"], fx["sector"], cit_exempt_years=4)
    key = f"incentive.below_floor:incentive={pkg['id']}"
    with write_session(engine) as s:
        early_warning.dismiss(s, fx["sec"], key, "Đã giải trình tại phiên họp", today=TODAY)
    with read_session(engine) as s:
        assert early_warning.open_flags(s, today=TODAY) == []
    with write_session(engine) as s:
        incentives.update_incentive(
            s, fx["sec"], pkg["id"], expected_version=pkg["version"], cit_exempt_years=5
        )
    with read_session(engine) as s:
        assert [f.key for f in early_warning.open_flags(s, today=TODAY)] == [key]


# --- the standard ------------------------------------------------------------------------------


def test_the_standard_keeps_its_history_and_refuses_a_stale_form(engine, setup):
    fx = setup
    assert _standard(engine, fx, max_cit_exempt_years=4)["revision"] == 1
    assert _standard(engine, fx, 1, max_cit_exempt_years=2, min_cit_rate="10,5")["revision"] == 2
    with pytest.raises(StaleEdit), write_session(engine) as s:
        incentives.set_standard(
            s,
            fx["sec"],
            region_id=fx["region"],
            sector_id=fx["sector"],
            expected_revision=1,
            max_cit_exempt_years=3,
        )
    with read_session(engine) as s:
        history = incentives.list_standards(s, fx["region"], history=True)
        (current,) = incentives.list_standards(s, fx["region"])
        audited = s.exec(select(AuditEntry).where(AuditEntry.entity == "incentive_standard")).all()
    assert [h["max_cit_exempt_years"] for h in history] == [4, 2]
    assert current["revision"] == 2 and current["min_cit_rate"] == 10.5
    assert len(audited) == 2


# --- permissions -----------------------------------------------------------------------------


def test_a_representative_edits_only_their_own_provinces_incentives(engine, users, setup):
    fx = setup
    rep = users["rep_hanoi"]
    own = _package(engine, rep, fx["hanoi"], fx["sector"], cit_exempt_years=2)
    other = _package(engine, fx["sec"], fx["hungyen"], fx["sector"], cit_exempt_years=2)
    with pytest.raises(PermissionDenied), write_session(engine) as s:
        incentives.create_incentive(
            s,
            rep,
            province_id=fx["hungyen"],
            sector_id=fx["sector"],
            cit_exempt_years=1,
            effective_from=date(2026, 1, 1),
        )
    with pytest.raises(PermissionDenied), write_session(engine) as s:
        incentives.update_incentive(s, rep, other["id"], expected_version=1, cit_exempt_years=9)
    # Nor move their own package to another province.
    with pytest.raises(PermissionDenied), write_session(engine) as s:
        incentives.update_incentive(s, rep, own["id"], expected_version=1, province_id=fx["hungyen"])
    with pytest.raises(PermissionDenied), write_session(engine) as s:
        incentives.set_standard(
            s, rep, region_id=fx["region"], sector_id=fx["sector"], max_cit_exempt_years=1
        )
    with read_session(engine) as s:
        refused = s.exec(
            select(AuditEntry).where(AuditEntry.action == "refused", AuditEntry.actor_name == rep.username)
        ).all()
        assert s.get(Incentive, other["id"]).cit_exempt_years == 2
    assert [e.entity for e in refused] == ["incentive.edit"] * 3 + ["incentive.standard"]


# --- import ------------------------------------------------------------------------------------

GOOD = (
    "province,sector,cit_exempt_years,cit_reduced_rate,cit_reduced_years,land_rent_price,effective_from\n"
    'Hà Nội,ELEC,4,10,9,"20.000",01/01/2026\n'
    "Hưng Yên,Điện tử,2,,,,2026-03-01\n"
)


def test_an_import_lands_every_row(engine, setup):
    with write_session(engine) as s:
        assert incentives.import_incentives(s, setup["sec"], GOOD.encode(), "ud.csv") == {
            "created": 2,
            "updated": 0,
            "unchanged": 0,
        }
    with read_session(engine) as s:
        rows = incentives.list_incentives(s)
        exported = incentives.export_frame(rows)
    assert [r["land_rent_price"] for r in rows] == [20000, None]
    assert list(exported["sector"]) == ["ELEC", "ELEC"]


def test_a_bad_import_lands_nothing_and_names_each_bad_row_and_field(engine, setup):
    bad = GOOD + (
        "Hà Nội,NOPE,2,,,,2026-01-01\nHà Nội,ELEC,abc,150,,,2026-01-01\nAtlantis,ELEC,2,,,,31/02/2026\n"
    )
    with pytest.raises(ImportRejected) as exc, write_session(engine) as s:
        incentives.import_incentives(s, setup["sec"], bad.encode(), "ud.csv")
    assert {(e.row, e.field) for e in exc.value.errors} == {
        (4, "sector"),
        (5, "cit_exempt_years"),
        (5, "cit_reduced_rate"),
        (6, "province"),
        (6, "effective_from"),
    }
    with read_session(engine) as s:
        assert s.exec(select(Incentive)).all() == []


def test_a_representatives_import_of_another_province_is_refused_and_logged(engine, users, setup):
    rep = users["rep_hanoi"]
    with pytest.raises(ImportRejected) as exc, write_session(engine) as s:
        incentives.import_incentives(s, rep, GOOD.encode(), "ud.csv")
    assert [(e.row, e.field, e.key) for e in exc.value.errors] == [
        (3, "province", "incentives.error.not_your_province")
    ]
    with read_session(engine) as s:
        assert s.exec(select(Incentive)).all() == []
        refused = s.exec(select(AuditEntry).where(AuditEntry.action == "refused")).all()
    assert [(e.entity, e.note) for e in refused] == [("incentive.edit", "Hưng Yên")]


def test_settings_are_bounded_and_used(engine, setup):
    with write_session(engine) as s:
        incentives.set_setting(s, setup["sec"], "discount_rate_pct", "10,5")
    with pytest.raises(ValidationError), write_session(engine) as s:
        incentives.set_setting(s, setup["sec"], "discount_rate_pct", 80)
    with read_session(engine) as s:
        assert incentives.settings(s)["discount_rate_pct"] == 10.5
        assert s.exec(select(IncentiveStandard)).all() == []
