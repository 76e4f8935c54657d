"""Facility plans and the overlap and mismatch detector (issue 19, items 4–5): distance rules with
real coordinates on both sides of each threshold, over-capacity and connection mismatch on both
sides, the representative's own province, an import that lands nothing and names each bad row."""

from __future__ import annotations

import pytest
from sqlmodel import select

from council import early_warning, facilities, facilities_rules
from council.db import read_session, write_session
from council.errors import PermissionDenied, StaleEdit, ValidationError
from council.facilities_models import PlannedFacility
from council.io import ImportRejected
from council.models import AuditEntry, Province
from tests.conftest import make_user, province_id


@pytest.fixture
def sec(engine):
    return make_user(engine, "secretariat")


def _add(engine, actor, **values) -> int:
    with write_session(engine) as s:
        return facilities.create_facility(s, actor, **values)["id"]


def _candidates(engine, rule: str | None = None):
    with read_session(engine) as s:
        found = facilities_rules.candidates(s)
    return [c for c in found if rule is None or c.flag.rule == rule]


def _airport(engine, sec, name, province, lat=None, lon=None, start=2026, end=2030, capacity=None):
    return _add(
        engine,
        sec,
        kind="airport",
        name=name,
        province_id=province_id(engine, province),
        lat=lat,
        lon=lon,
        start_year=start,
        end_year=end,
        capacity=capacity,
        source="QĐ kiểm thử",
    )


def test_haversine_on_real_airports():
    # Long Thành (10.77, 107.05) – Tân Sơn Nhất (10.82, 106.66): about 43 km.
    assert facilities_rules.haversine_km(10.77, 107.05, 10.82, 106.66) == pytest.approx(42.96, abs=0.05)
    # Nội Bài (21.22, 105.81) – Cát Bi (20.82, 106.72): about 104 km.
    assert facilities_rules.haversine_km(21.22, 105.81, 20.82, 106.72) == pytest.approx(104.4, abs=0.1)


def test_airports_within_100_km_are_a_duplicate_and_beyond_are_not(engine, sec):
    lt = _airport(engine, sec, "Cảng hàng không quốc tế Long Thành", "Đồng Nai", 10.77, 107.05)
    tsn = _airport(engine, sec, "Cảng hàng không quốc tế Tân Sơn Nhất", "Hồ Chí Minh", 10.82, 106.66)
    _airport(engine, sec, "Cảng hàng không quốc tế Nội Bài", "Hà Nội", 21.22, 105.81)
    _airport(engine, sec, "Cảng hàng không quốc tế Cát Bi", "Hải Phòng", 20.82, 106.72)
    found = _candidates(engine, facilities_rules.RULE_DUPLICATE)
    assert [c.flag.subject for c in found] == [f"{lt}-{tsn}"]  # Nội Bài – Cát Bi: 104 km > 100
    c = found[0]
    assert c.distance_km == pytest.approx(42.96, abs=0.05) and not c.approximate
    assert c.flag.conflict_type == "planning_overlap"
    assert set(c.flag.links) == {("facility", lt), ("facility", tsn)}
    assert c.flag.province_ids == tuple(
        sorted((province_id(engine, "Đồng Nai"), province_id(engine, "Hồ Chí Minh")))
    )
    assert "43 km" in c.flag.message("vi") and "Long Thành" in c.flag.message("en")
    # Threshold lowered to 40 km (settings): 43 km no longer a duplicate.
    with write_session(engine) as s:
        facilities.save_settings(s, sec, expected_version=0, **{"distance.airport": "40"})
    assert _candidates(engine, facilities_rules.RULE_DUPLICATE) == []
    # …and to 110 km: Nội Bài – Cát Bi (104 km) is one too.
    with write_session(engine) as s:
        facilities.save_settings(s, sec, expected_version=1, **{"distance.airport": "110"})
    assert len(_candidates(engine, facilities_rules.RULE_DUPLICATE)) == 2


def test_seaports_on_both_sides_of_50_km(engine, sec):
    def port(name, province, lat, lon):
        return _add(
            engine,
            sec,
            kind="seaport",
            name=name,
            province_id=province_id(engine, province),
            lat=lat,
            lon=lon,
        )

    a = port("Cảng Cái Lân", "Quảng Ninh", 20.97, 107.05)
    b = port("Cảng Lạch Huyện", "Hải Phòng", 20.80, 106.93)  # 22.6 km
    port("Cảng Nghi Sơn", "Thanh Hóa", 19.32, 105.80)
    port("Cảng Cửa Lò", "Nghệ An", 18.82, 105.72)  # 56.2 km > 50
    assert [c.flag.subject for c in _candidates(engine)] == [f"{a}-{b}"]


def test_periods_that_do_not_overlap_are_no_duplicate(engine, sec):
    _airport(engine, sec, "Long Thành", "Đồng Nai", 10.77, 107.05, start=2026, end=2030)
    _airport(engine, sec, "Tân Sơn Nhất", "Hồ Chí Minh", 10.82, 106.66, start=2031, end=2040)
    assert _candidates(engine) == []


def test_province_only_stands_at_the_province_centre_and_says_so(engine, sec):
    _airport(engine, sec, "Sân bay kiểm thử", "Đồng Nai")
    _airport(engine, sec, "Tân Sơn Nhất", "Hồ Chí Minh", 10.82, 106.66)
    found = _candidates(engine)
    assert len(found) == 1 and found[0].approximate
    assert "tâm tỉnh" in found[0].flag.message("vi") and "province centre" in found[0].flag.message("en")
    lat, lon = facilities.province_centres()["75"]  # Đồng Nai's outline
    assert 10.5 < lat < 12.5 and 106.5 < lon < 108.0


def test_over_capacity_on_both_sides_of_the_margin(engine, sec):
    with read_session(engine) as s:
        region = s.get(Province, province_id(engine, "Hồ Chí Minh")).region_id
        assert s.get(Province, province_id(engine, "Đồng Nai")).region_id == region
    with write_session(engine) as s:
        facilities.save_forecast(s, sec, region_id=region, kind="airport", year=2030, capacity="50")
    _airport(engine, sec, "Long Thành", "Đồng Nai", 10.77, 107.05, capacity=35, end=2040)
    tsn = _airport(engine, sec, "Tân Sơn Nhất", "Hồ Chí Minh", 10.82, 106.66, capacity=25, end=2040)
    # 60 = 50 × 1.2: not above the margin.
    assert _candidates(engine, facilities_rules.RULE_OVER) == []
    with write_session(engine) as s:
        facilities.update_facility(s, sec, tsn, expected_version=1, capacity="26")
    found = _candidates(engine, facilities_rules.RULE_OVER)
    assert len(found) == 1
    assert found[0].flag.conflict_type == "planning_overlap" and len(found[0].flag.province_ids) == 2
    assert "61" in found[0].flag.message("vi") and "22 %" in found[0].flag.message("en")


def _road(engine, sec, name, province, border, end, grade="expressway"):
    return _add(
        engine,
        sec,
        kind="road",
        name=name,
        province_id=province_id(engine, province),
        grade=grade,
        lanes=4,
        end_lat=end[0],
        end_lon=end[1],
        border_province_id=province_id(engine, border),
    )


def test_connection_mismatch_on_both_sides_of_10_km(engine, sec):
    a = _road(engine, sec, "Tuyến A", "Hà Nội", "Bắc Ninh", (21.20, 106.00))
    found = _candidates(engine)
    assert [(c.reason, c.flag.subject) for c in found] == [("no_counterpart", str(a))]
    assert found[0].flag.conflict_type == "connection_mismatch"
    b = _road(engine, sec, "Tuyến B", "Bắc Ninh", "Hà Nội", (21.30, 106.10))  # 15.2 km away
    found = _candidates(engine)
    assert sorted(c.reason for c in found) == ["no_counterpart", "no_counterpart"]
    assert "15,2 km" in found[0].flag.message("vi")
    with write_session(engine) as s:
        facilities.update_facility(s, sec, b, expected_version=1, end_lat=21.22, end_lon=106.03)  # 3.8 km
    assert _candidates(engine) == []  # same grade, within 10 km: connected
    with write_session(engine) as s:
        facilities.update_facility(s, sec, b, expected_version=2, grade="national_road")
    found = _candidates(engine)
    assert [(c.reason, c.flag.subject) for c in found] == [("different_grade", f"{a}-{b}")]
    assert "quốc lộ" in found[0].flag.message("vi")


def test_flags_reach_the_early_warning_core(engine, sec):
    _airport(engine, sec, "Long Thành", "Đồng Nai", 10.77, 107.05)
    _airport(engine, sec, "Tân Sơn Nhất", "Hồ Chí Minh", 10.82, 106.66)
    with read_session(engine) as s:
        flags = early_warning.compute_flags(s)
    assert [f.rule for f in flags] == [facilities_rules.RULE_DUPLICATE]


def test_checks_name_the_field(engine, sec):
    hn = province_id(engine, "Hà Nội")
    cases = [
        (dict(kind="airport", name="X", province_id=hn, lat=30.0, lon=105.0), "lat"),
        (dict(kind="airport", name="X", province_id=hn, lat=21.0), "lon"),
        (dict(kind="castle", name="X", province_id=hn), "kind"),
        (dict(kind="airport", name="X", province_id=hn, start_year=2030, end_year=2025), "end_year"),
        (
            dict(
                kind="road",
                name="X",
                province_id=hn,
                grade="expressway",
                border_province_id=province_id(engine, "Cần Thơ"),
                end_lat=21.0,
                end_lon=105.9,
            ),
            "border_province_id",
        ),
        (dict(kind="airport", name="X", province_id=hn, grade="expressway"), "grade"),
    ]
    for values, field in cases:
        with pytest.raises(ValidationError) as err, write_session(engine) as s:
            facilities.create_facility(s, sec, **values)
        assert err.value.field == field, values
    # Trường Sa (Khánh Hòa) is inside the bounds.
    _add(
        engine,
        sec,
        kind="seaport",
        name="Cảng kiểm thử",
        province_id=province_id(engine, "Khánh Hòa"),
        lat=8.65,
        lon=111.92,
    )


def test_a_representative_edits_only_their_own_province(engine, sec):
    rep = make_user(engine, "province_rep", "Hà Nội")
    own = _airport(engine, rep, "Nội Bài", "Hà Nội", 21.22, 105.81)
    other = _airport(engine, sec, "Cát Bi", "Hải Phòng", 20.82, 106.72)
    with pytest.raises(PermissionDenied), write_session(engine) as s:
        facilities.create_facility(
            s, rep, kind="airport", name="X", province_id=province_id(engine, "Cần Thơ")
        )
    with pytest.raises(PermissionDenied), write_session(engine) as s:
        facilities.update_facility(s, rep, other, expected_version=1, name="Đổi tên")
    with pytest.raises(PermissionDenied), write_session(engine) as s:  # moving its own elsewhere
        facilities.update_facility(
            s, rep, own, expected_version=1, province_id=province_id(engine, "Cần Thơ")
        )
    with write_session(engine) as s:
        facilities.update_facility(s, rep, own, expected_version=1, name="Cảng hàng không quốc tế Nội Bài")
    with pytest.raises(StaleEdit), write_session(engine) as s:
        facilities.update_facility(s, rep, own, expected_version=1, name="Cũ")
    with read_session(engine) as s:
        refusals = s.exec(select(AuditEntry).where(AuditEntry.action == "refused")).all()
        assert len(refusals) == 3
        assert s.get(PlannedFacility, other).name == "Cát Bi"


def _csv(text: str) -> bytes:
    return text.encode("utf-8")


def test_a_bad_file_lands_nothing_and_names_each_row_and_field(engine, sec):
    data = _csv(
        "kind,name,province,lat,lon,start_year,end_year\n"
        'airport,Long Thành,Đồng Nai,"10,77","107,05",2026,2030\n'  # good
        "airport,,Đồng Nai,10.77,107.05,2026,2030\n"  # row 3: name
        "castle,Lâu đài,Hà Nội,,,,\n"  # row 4: kind
        "airport,Sân bay,Atlantis,,,,\n"  # row 5: province
        "seaport,Cảng,Hà Nội,40,105,2030,2020\n"  # row 6: lat, end_year
    )
    with pytest.raises(ImportRejected) as err, write_session(engine) as s:
        facilities.import_facilities(s, sec, data, "f.csv")
    got = {(e.row, e.field) for e in err.value.errors}
    assert got == {(3, "name"), (4, "kind"), (5, "province"), (6, "lat"), (6, "end_year")}
    with read_session(engine) as s:
        assert s.exec(select(PlannedFacility)).all() == []


def test_import_then_export_round_trip_and_a_representatives_foreign_row(engine, sec):
    data = _csv(
        "code,kind,name,province,lat,lon,capacity,start_year,end_year,source\n"
        "LT,Cảng hàng không,Long Thành,Đồng Nai,10.77,107.05,25,2026,2030,QĐ 1\n"
        'TSN,airport,Tân Sơn Nhất,Hồ Chí Minh,10.82,106.66,"25,5",2026,2030,QĐ 2\n'
    )
    with write_session(engine) as s:
        assert facilities.import_facilities(s, sec, data, "f.csv") == {
            "created": 2,
            "updated": 0,
            "unchanged": 0,
        }
    with read_session(engine) as s:
        frame = facilities.export_frame(s)
        assert list(frame["code"]) == ["LT", "TSN"] and list(frame["capacity"]) == [25.0, 25.5]
        xlsx = facilities.export_excel(s)
    with write_session(engine) as s:
        assert facilities.import_facilities(s, sec, xlsx, "f.xlsx")["unchanged"] == 2
    rep = make_user(engine, "province_rep", "Đồng Nai")
    with pytest.raises(ImportRejected) as err, write_session(engine) as s:
        facilities.import_facilities(s, rep, data, "f.csv")
    assert {(e.row, e.field) for e in err.value.errors} == {(3, "province")}
    with read_session(engine) as s:
        assert s.exec(select(AuditEntry).where(AuditEntry.action == "refused")).first() is not None


def test_a_dismissed_duplicate_returns_when_a_location_changes(engine, sec):
    lt = _airport(engine, sec, "Long Thành", "Đồng Nai", 10.77, 107.05)
    tsn = _airport(engine, sec, "Tân Sơn Nhất", "Hồ Chí Minh", 10.82, 106.66)
    key = f"{facilities_rules.RULE_DUPLICATE}:{lt}-{tsn}"
    with write_session(engine) as s:
        early_warning.dismiss(s, sec, key, "Hai cảng bổ trợ nhau theo quy hoạch vùng")
    with read_session(engine) as s:
        assert early_warning.open_flags(s) == []
    with write_session(engine) as s:  # Long Thành moved 2 km: still a duplicate, on new figures
        facilities.update_facility(s, sec, lt, expected_version=1, lat=10.79)
    with read_session(engine) as s:
        states = early_warning.evaluate(s)
    assert [(st.flag.key, st.status, st.earlier) for st in states] == [(key, "open", "dismissed")]
    with write_session(engine) as s:
        created = early_warning.open_case(s, sec, key)
    with read_session(engine) as s:
        from council.models import ConflictParty

        parties = s.exec(
            select(ConflictParty.province_id).where(ConflictParty.conflict_id == created["id"])
        ).all()
    assert sorted(parties) == sorted((province_id(engine, "Đồng Nai"), province_id(engine, "Hồ Chí Minh")))


def test_one_provinces_own_excess_is_no_overlap(engine, sec):
    with read_session(engine) as s:
        region = s.get(Province, province_id(engine, "Đồng Nai")).region_id
    with write_session(engine) as s:
        facilities.save_forecast(s, sec, region_id=region, kind="airport", year=2030, capacity="50")
    _airport(engine, sec, "Long Thành", "Đồng Nai", 10.77, 107.05, capacity=100, end=2040)
    assert _candidates(engine, facilities_rules.RULE_OVER) == []
