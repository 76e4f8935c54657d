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


# --- statistical weights, real agreements and statuses (issue 16) -------------------------------

NSO_2024_TOTAL = 101_343_750  # data/SOURCES.md, population_gso.csv: the statistics office's total
MERGER_TOTAL = 112_093_848  # provinces.csv:population, the merger resolutions' figure


def test_population_weights_are_the_statistics_offices(engine):
    from council.models import Province

    with Session(engine) as s:
        provinces = list(s.exec(select(Province)))
    total = sum(p.population for p in provinces)
    assert abs(total - NSO_2024_TOTAL) <= 0.0001 * NSO_2024_TOTAL
    assert all(p.population_year == 2024 and p.population_source for p in provinces)
    # The merger-resolution figure is kept as its own field, not used as a weight.
    assert sum(p.population_resolution for p in provinces) == MERGER_TOTAL
    an_giang = next(p for p in provinces if p.name_vi == "An Giang")
    assert an_giang.population_resolution == 4_952_238
    assert an_giang.population_resolution / an_giang.population > 1.3
    assert all(p.grdp_weight and p.grdp_weight > 0 and p.grdp_weight_year == 2024 for p in provinces)
    assert round(sum(p.grdp_weight for p in provinces)) == 11_394_533


def test_seventeen_real_agreements_with_sources_and_participants(engine):
    from council.agreements import FORM_CODES
    from council.models import Agreement, AgreementProvince

    with Session(engine) as s:
        agreements = list(s.exec(select(Agreement)))
        members = {
            a.code: sorted(
                s.exec(
                    select(Province.name_vi)
                    .join(AgreementProvince)
                    .where(AgreementProvince.agreement_id == a.id)
                ).all()
            )
            for a in agreements
        }
    assert len(agreements) == 17
    assert {a.code for a in agreements} == {f"AG{i:02d}" for i in range(1, 18)}
    for a in agreements:
        assert a.source_url.startswith("https://"), a.code
        assert a.form in FORM_CODES and a.status == "signed"
        assert members[a.code], a.code
    assert members["AG09"] == sorted(["Hải Phòng", "Quảng Ninh"])
    assert len(members["AG03"]) == 9
    by_code = {a.code: a for a in agreements}
    assert str(by_code["AG01"].date_signed) == "2023-10-18"
    # Only a year in the source: no day is invented.
    assert by_code["AG11"].date_signed is None and "2023" in by_code["AG11"].note


def test_every_updated_project_has_a_status_date_and_source(engine):
    import csv

    from council.config import DATA_DIR

    rows = list(csv.DictReader((DATA_DIR / "project_status_updates.csv").open(encoding="utf-8")))
    assert len(rows) == 17
    with Session(engine) as s:
        projects = {p.code: p for p in s.exec(select(Project))}
    for row in rows:
        p = projects[row["code"]]
        assert p.status_date is not None and p.status_source == row["source"], row["code"]
        assert p.status_scheduled == (row["confirmed"] != "yes")
    scheduled = sorted(c for c, p in projects.items() if p.status_scheduled)
    assert {"DA-008", "DA-011", "DA-013", "DA-031"} <= set(scheduled)
    can_tho_ca_mau = projects["DA-015"]
    assert can_tho_ca_mau.status == "completed" and str(can_tho_ca_mau.status_date) == "2026-01-19"
    # The two figures the updates contradict: the newer one taken, the older kept in the note.
    assert projects["DA-028"].total_investment == 6810 and "5.175,45" in projects["DA-028"].investment_note
    assert str(projects["DA-029"].planned_end) == "2028-06-30"


def test_seeding_an_earlier_release_database_upgrades_it_without_duplicates(engine):
    """A database seeded before the statistical weights: merger population as the weight, no
    agreements, no status sources. Seeding again brings it up to date, once."""
    from sqlalchemy import text

    from council.models import Agreement, AgreementProvince

    with Session(engine) as s:
        s.exec(
            text(
                "UPDATE province SET population = population_resolution, population_year = NULL,"
                " population_resolution = NULL, grdp_weight = NULL, grdp_weight_year = NULL"
            )
        )
        s.exec(text("UPDATE indicator SET weight_by = ''"))
        s.exec(text("DELETE FROM agreementprovince"))
        s.exec(text("DELETE FROM agreement"))
        s.exec(text("UPDATE project SET status_source = '', status_date = NULL, status_scheduled = false"))
        s.commit()
        before = {
            m.__name__: count(s, m) for m in (Province, Project, ProjectProvince, Indicator, Observation)
        }
    from council.seed import needs_upgrade

    assert needs_upgrade(engine)
    report = seed(engine)
    assert report.created == {"agreement": 17}
    assert report.updated["province"] == 34
    assert not needs_upgrade(engine)
    with Session(engine) as s:
        assert sum(p.population for p in s.exec(select(Province))) == NSO_2024_TOTAL
        assert sum(p.population_resolution for p in s.exec(select(Province))) == MERGER_TOTAL
        grdp = s.exec(select(Indicator).where(Indicator.code == "grdp_growth")).one()
        assert grdp.weight_by == "grdp"
        assert count(s, Agreement) == 17 and count(s, AgreementProvince) > 17
        assert all(p.status_source for p in s.exec(select(Project).where(Project.code == "DA-015")))
        after = {
            m.__name__: count(s, m) for m in (Province, Project, ProjectProvince, Indicator, Observation)
        }
    assert after == before
    assert seed(engine).total == 0


def test_seeded_texts_name_no_data_file(engine):
    """Sources and notes are read by officers: "see provinces.csv:region_official" is no
    reference they can follow; the seed's texts name documents and sites, never our files."""
    import re

    from council.models import Agreement, Project, Target

    file_name = re.compile(r"\b\w+\.(csv|json|py)\b")
    with Session(engine) as s:
        texts = [t.source_document for t in s.exec(select(Target))]
        texts += [f"{p.investment_note} {p.status_note}" for p in s.exec(select(Project))]
        texts += [a.note for a in s.exec(select(Agreement))]
    assert texts and not [t for t in texts if file_name.search(t or "")]
