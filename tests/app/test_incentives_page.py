"""The investment incentives page: two provinces' packages for the same sector (constructed, not
real data), one beyond the region's floor → the warning shows on the page, naming the province
and the sector; a representative sees only their own province in the form."""

from __future__ import annotations

from datetime import date

from council import incentives
from council.db import write_session
from council.models import Province, Region
from tests.app.conftest import goto, signed_in
from tests.conftest import province_id


def _setup(engine, sec) -> None:
    hanoi, hungyen = province_id(engine, "Hà Nội"), province_id(engine, "Hưng Yên")
    with write_session(engine) as s:
        region = s.get(Province, hanoi).region_id
        sector = incentives.save_sector(s, sec, code="ELEC", name_vi="Điện tử", name_en="Electronics")["id"]
        incentives.set_standard(s, sec, region_id=region, sector_id=sector, max_cit_exempt_years=4)
        for pid, years in ((hanoi, 4), (hungyen, 6)):
            incentives.create_incentive(
                s,
                sec,
                province_id=pid,
                sector_id=sector,
                cit_exempt_years=years,
                effective_from=date(2026, 1, 1),
            )


def _region_code(engine, province: str) -> str:
    with write_session(engine) as s:
        return s.get(Region, s.get(Province, province_id(engine, province)).region_id).code


def test_a_package_beyond_the_floor_is_flagged_on_the_page(app_users, app_db):
    sec = app_users["secretariat"]
    _setup(app_db, sec)
    at = signed_in(sec)
    at.session_state["region_code"] = _region_code(app_db, "Hà Nội")
    at = goto(at, "incentives")
    assert not at.exception, at.exception
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 1, warnings
    assert "Hưng Yên" in warnings[0] and "Điện tử" in warnings[0] and "mức sàn" in warnings[0]
    assert "Hà Nội" not in warnings[0]
    at.sidebar.selectbox(key="lang_select").select("en").run()
    assert not at.exception, at.exception
    (warning,) = [w.value for w in at.warning]
    assert "Electronics" in warning and "regional floor" in warning


def test_a_representative_records_for_their_own_province_only(app_users, app_db):
    _setup(app_db, app_users["secretariat"])
    at = goto(signed_in(app_users["province_rep"]), "incentives")
    assert not at.exception, at.exception
    options = at.selectbox(key="inc_new_province").options
    assert options == ["Hà Nội"]
