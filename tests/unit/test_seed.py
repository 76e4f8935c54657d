from sqlalchemy import func
from sqlmodel import Session, select

from council.models import Border, Indicator, Observation, Project, ProjectProvince, Province, Region, Target
from council.regions import neighbours
from council.seed import parse_target_value, seed


def count(session, model):
    return session.exec(select(func.count()).select_from(model)).one()


def test_seed_loads_the_real_geography(engine):
    with Session(engine) as s:
        assert count(s, Region) == 6
        assert count(s, Province) == 34
        assert count(s, Border) == 58
        cities = s.exec(select(Province.name_vi).where(Province.kind == "city")).all()
        assert sorted(cities) == sorted(["Hà Nội", "Hải Phòng", "Huế", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"])


def test_every_province_in_exactly_one_official_region(engine):
    expected = {"TDMNPB": 9, "DBSH": 6, "BTB": 5, "DHNTB_TN": 6, "DNB": 3, "DBSCL": 5}
    with Session(engine) as s:
        regions = {r.id: r.code for r in s.exec(select(Region))}
        sizes = {}
        for p in s.exec(select(Province)):
            assert p.region_id in regions
            sizes[regions[p.region_id]] = sizes.get(regions[p.region_id], 0) + 1
        assert sizes == expected
        # region_official, not the older inferred column: Thanh Hóa is in the new Bắc Trung Bộ.
        th = s.exec(select(Province).where(Province.name_vi == "Thanh Hóa")).one()
        assert regions[th.region_id] == "BTB"


def test_borders_are_symmetric_and_real(engine):
    with Session(engine) as s:
        nb = neighbours(s)
        names = {p.id: p.name_vi for p in s.exec(select(Province))}
    for a, others in nb.items():
        for b in others:
            assert a in nb[b], f"{names[a]} -> {names[b]} not symmetric"
    hanoi = next(i for i, n in names.items() if n == "Hà Nội")
    assert {names[i] for i in nb[hanoi]} == {"Thái Nguyên", "Bắc Ninh", "Hưng Yên", "Ninh Bình", "Phú Thọ"}


def test_seed_is_idempotent(engine):
    with Session(engine) as s:
        before = {
            m.__name__: count(s, m)
            for m in (Region, Province, Border, Project, ProjectProvince, Indicator, Target, Observation)
        }
    report = seed(engine)
    assert report.total == 0
    with Session(engine) as s:
        after = {
            m.__name__: count(s, m)
            for m in before
            and (Region, Province, Border, Project, ProjectProvince, Indicator, Target, Observation)
        }
    assert after == before


def test_real_projects_and_targets_with_provenance(engine):
    with Session(engine) as s:
        assert count(s, Project) == 37
        ring4 = s.exec(
            select(Project).where(Project.name_vi == "Đường Vành đai 4 – Vùng Thủ đô Hà Nội")
        ).one()
        assert ring4.total_investment == 85813
        assert ring4.source_url.startswith("https://")
        members = s.exec(
            select(Province.name_vi).join(ProjectProvince).where(ProjectProvince.project_id == ring4.id)
        ).all()
        assert sorted(members) == sorted(["Hà Nội", "Hưng Yên", "Bắc Ninh"])
        # Shares are unknown in the sources: none invented.
        assert all(pp.cost_share_pct is None for pp in s.exec(select(ProjectProvince)))
        assert count(s, Target) == 83
        assert all(t.source_document for t in s.exec(select(Target)))
        size = s.exec(select(Target).where(Target.label == "Regional economic size (current prices)")).one()
        assert size.target_low == 2_100_000  # 2,100 nghìn tỷ = 2,100,000 tỷ đồng


def test_nothing_synthetic_in_the_default_seed(engine):
    with Session(engine) as s:
        assert all(o.source_url for o in s.exec(select(Observation)))
        assert not any(
            "synthetic" in (p.name_vi + p.investment_note).lower() for p in s.exec(select(Project))
        )


def test_parse_target_value():
    assert parse_target_value("8.5-9.0") == (8.5, 9.0)
    assert parse_target_value("~9") == (9.0, 9.0)
    assert parse_target_value(">140") == (140.0, None)
    assert parse_target_value(">=9") == (9.0, None)
    assert parse_target_value("<3") == (None, 3.0)
    assert parse_target_value("") == (None, None)


def test_old_provinces_cover_the_63_and_agree_with_region_constituents(engine):
    import csv

    from council.config import DATA_DIR
    from council.models import ProvinceConstituent

    with Session(engine) as s:
        rows = s.exec(select(ProvinceConstituent)).all()
        names = {p.id: p for p in s.exec(select(Province))}
    assert len(rows) == 63
    by_province = {}
    for r in rows:
        by_province.setdefault(names[r.province_id].name_vi, set()).add(r.plan_region_2021)
    with (DATA_DIR / "provinces.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            assert by_province[row["name_vi"]] == set(row["region_constituents"].split(";")), row["name_vi"]
