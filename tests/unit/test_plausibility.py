"""A figure far from the province's own other years or from its region's peers is flagged, with
the reason and the reference; figures in line with them are not (council.targets.implausible_figures)."""

from sqlmodel import Session, select

from council.models import Indicator, Observation, Province
from council.targets import _far, implausible_figures
from tests.conftest import province_id


def test_far_is_a_ratio_beyond_the_factor_either_way():
    assert _far(185.3, 5000.0, 3.0) and _far(5000.0, 185.3, 3.0)
    assert not _far(5200.0, 5000.0, 3.0) and not _far(14000.0, 5000.0, 3.0)
    assert not _far(-2.0, 5.0, 3.0) and not _far(1.0, 0.0, 3.0)  # no ratio to judge


def _indicator(s: Session) -> Indicator:
    ind = Indicator(
        code="TEST_GRDP_USD",
        name_vi="GRDP bình quân đầu người (USD)",
        name_en="GRDP per capita (USD)",
        unit="USD/người/năm",
    )
    s.add(ind)
    s.flush()
    return ind


def test_a_value_far_from_the_provinces_own_years_is_flagged_with_its_reason(engine):
    hanoi = province_id(engine, "Hà Nội")
    with Session(engine) as s:
        ind = _indicator(s)
        for year, value in ((2022, 5500.0), (2023, 6000.0), (2024, 6500.0)):
            s.add(
                Observation(province_id=hanoi, indicator_id=ind.id, year=year, value=value, status="approved")
            )
        s.add(Observation(province_id=hanoi, indicator_id=ind.id, year=2025, value=185.3, status="submitted"))
        s.commit()
        (flag,) = [f for f in implausible_figures(s, hanoi, 2025) if f["code"] == "TEST_GRDP_USD"]
        assert flag["reason"] == "history" and flag["reference"] == 6000.0 and flag["n"] == 3
        assert flag["value"] == 185.3 and flag["unit"] == "USD/người/năm"
        # The same figure typed right is not flagged.
        o = s.exec(
            select(Observation).where(Observation.indicator_id == ind.id, Observation.year == 2025)
        ).one()
        o.value = 6900.0
        s.add(o)
        s.commit()
        assert not [f for f in implausible_figures(s, hanoi, 2025) if f["code"] == "TEST_GRDP_USD"]


def test_without_history_a_value_far_from_the_regions_peers_is_flagged(engine):
    hanoi = province_id(engine, "Hà Nội")
    with Session(engine) as s:
        ind = _indicator(s)
        region = s.get(Province, hanoi).region_id
        peers = [
            p.id for p in s.exec(select(Province).where(Province.region_id == region, Province.id != hanoi))
        ][:3]
        for pid, value in zip(peers, (4000.0, 4500.0, 5000.0), strict=True):
            s.add(
                Observation(province_id=pid, indicator_id=ind.id, year=2025, value=value, status="approved")
            )
        s.add(Observation(province_id=hanoi, indicator_id=ind.id, year=2025, value=45000.0, status="draft"))
        s.commit()
        (flag,) = [f for f in implausible_figures(s, hanoi, 2025) if f["code"] == "TEST_GRDP_USD"]
        assert flag["reason"] == "peers" and flag["reference"] == 4500.0 and flag["n"] == 3
