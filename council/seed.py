"""Load the real public data in ``data/`` into a database.

Idempotent: every row is looked up by its natural key first, so seeding twice
changes nothing. Runs in one transaction. Seeding a database loaded by an earlier release
also upgrades it: provinces get the statistics office's population and the GRDP weight
(once: a province whose ``population_year`` is set is left alone), indicators the series their
weighted mean uses, the real agreements are added, and the sourced project status updates are
applied to projects whose recorded status is older (``data/project_status_updates.csv``).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from council import audit
from council.auth import SYSTEM
from council.config import DATA_DIR
from council.db import write_session
from council.models import (
    Agreement,
    AgreementProvince,
    Border,
    Indicator,
    Observation,
    Project,
    ProjectProvince,
    Province,
    ProvinceConstituent,
    ProvinceTarget,
    Region,
    Target,
)
from council.textutil import nfc

# The six socio-economic regions since 2025 (data/SOURCES.md, "region_official").
# GSO writes "Nam Trung Bộ và Tây Nguyên" for the fourth; the proposal's wording is kept.
REGIONS = [
    ("TDMNPB", "Trung du và miền núi phía Bắc", "Northern Midlands and Mountains"),
    ("DBSH", "Đồng bằng sông Hồng", "Red River Delta"),
    ("BTB", "Bắc Trung Bộ", "North Central"),
    ("DHNTB_TN", "Duyên hải Nam Trung Bộ và Tây Nguyên", "South Central Coast and Central Highlands"),
    ("DNB", "Đông Nam Bộ", "Southeast"),
    ("DBSCL", "Đồng bằng sông Cửu Long", "Mekong Delta"),
]

PROJECT_TYPE_MAP = {
    "expressway": "expressway",
    "ring road (expressway standard)": "ring_road",
    "road": "road",
    "railway": "railway",
    "bridge": "bridge",
    "power line": "power",
    "irrigation / salinity control": "water",
}

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def parse_target_value(text: str) -> tuple[float | None, float | None]:
    """'8.5-9.0' -> (8.5, 9.0); '~9' -> (9, 9); '>140' -> (140, None); '<3' -> (None, 3)."""
    text = (text or "").strip()
    nums = [float(n) for n in _NUMBER.findall(text.replace("−", "-"))]
    if not nums:
        return None, None
    if re.fullmatch(r"\s*-?\d+(?:\.\d+)?\s*-\s*\d+(?:\.\d+)?\s*", text):
        a, b = nums[0], abs(nums[1])
        return min(a, b), max(a, b)
    if text.startswith(">"):
        return nums[0], None
    if text.startswith("<"):
        return None, nums[0]
    return nums[0], nums[0]


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return [{k: nfc(v) for k, v in row.items()} for row in csv.DictReader(f)]


def _float(text: str) -> float | None:
    text = (text or "").strip()
    return float(text) if text else None


def _int(text: str) -> int | None:
    text = (text or "").strip()
    return int(float(text)) if text else None


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def add(self, entity: str) -> None:
        self.created[entity] = self.created.get(entity, 0) + 1

    def change(self, entity: str) -> None:
        self.updated[entity] = self.updated.get(entity, 0) + 1

    @property
    def total(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())


def seed(engine: Engine, data_dir: Path = DATA_DIR) -> SeedReport:
    report = SeedReport()
    with write_session(engine) as session:
        _seed_all(session, data_dir, report)
        if report.total:
            audit.record(
                session,
                SYSTEM,
                "seed",
                "database",
                "",
                None,
                {"created": dict(report.created), "updated": dict(report.updated)},
                note=f"data/ ({data_dir.name})",
            )
    return report


def _seed_all(session: Session, data_dir: Path, report: SeedReport) -> None:
    regions = _seed_regions(session, report)
    provinces = _seed_provinces(session, data_dir, regions, report)
    _seed_borders(session, data_dir, provinces, report)
    _seed_constituents(session, data_dir, provinces, report)
    indicators, source_map = _seed_indicators(session, data_dir, report)
    _seed_targets(session, data_dir, regions, indicators, source_map, report)
    _seed_province_targets(session, data_dir, provinces, indicators, source_map, report)
    _seed_observations(session, data_dir, provinces, indicators, source_map, report)
    fresh = _seed_projects(session, data_dir, provinces, report)
    _seed_agreements(session, data_dir, provinces, report)
    _apply_status_updates(session, data_dir, report, fresh)
    _reconcile_amounts(session, report, fresh)
    _seed_priority_projects(session, data_dir, provinces, report)


def _seed_regions(session: Session, report: SeedReport) -> dict[str, Region]:
    out = {}
    for order, (code, vi, en) in enumerate(REGIONS):
        region = session.exec(select(Region).where(Region.code == code)).first()
        if region is None:
            region = Region(code=code, name_vi=vi, name_en=en, sort_order=order)
            session.add(region)
            session.flush()
            report.add("region")
        out[vi] = region
    return out


POPULATION_SOURCE = "NSO (Cục Thống kê) E02.01, dân số trung bình 2024 (sơ bộ)"


def _weights(data_dir: Path) -> dict[str, dict]:
    """Province code -> the statistical population and the derived GRDP (data/SOURCES.md)."""
    grdp = {r["code"]: r for r in _read(data_dir / "grdp_2024_derived.csv")}
    out = {}
    for r in _read(data_dir / "population_gso.csv"):
        g = grdp[r["code"]]
        out[r["code"]] = {
            "population": _int(r["population_gso"]),
            "population_year": int(r["year"]),
            "grdp_weight": _float(g["grdp_current_bn_vnd"]),
            "grdp_weight_year": int(g["year"]),
        }
    return out


def _seed_provinces(session, data_dir, regions, report) -> dict[str, Province]:
    out = {}
    weights = _weights(data_dir)
    for row in _read(data_dir / "provinces.csv"):
        province = session.exec(select(Province).where(Province.code == row["code"])).first()
        w = weights[row["code"]]
        if province is not None and province.population_year is None:
            # A database seeded before the statistical weights: the stored population is the
            # merger-resolution figure; keep it under its own name and weight by the statistics.
            province.population_resolution = _int(row["population"])
            province.population = w["population"]
            province.population_year = w["population_year"]
            province.population_source = POPULATION_SOURCE
            province.grdp_weight = w["grdp_weight"]
            province.grdp_weight_year = w["grdp_weight_year"]
            session.add(province)
            report.change("province")
        if province is None:
            province = Province(
                code=row["code"],
                name_vi=row["name_vi"],
                name_en=row["name_en"],
                kind=row["kind"],
                region_id=regions[row["region_official"]].id,
                plan_region_2021=row["region"],
                area_km2=_float(row["area_km2"]),
                population=w["population"],
                population_year=w["population_year"],
                population_source=POPULATION_SOURCE,
                population_resolution=_int(row["population"]),
                grdp_weight=w["grdp_weight"],
                grdp_weight_year=w["grdp_weight_year"],
                lat=_float(row["lat"]),
                lon=_float(row["lon"]),
                merged_from=row["merged_from"],
                admin_centre_ward=row["admin_centre_ward"],
                wards_communes=row["wards_communes"],
            )
            session.add(province)
            session.flush()
            report.add("province")
        out[province.name_vi] = province
    return out


def _seed_constituents(session, data_dir, provinces, report) -> None:
    existing = set(session.exec(select(ProvinceConstituent.old_name)).all())
    for row in _read(data_dir / "old_provinces.csv"):
        if row["old_province"] in existing:
            continue
        session.add(
            ProvinceConstituent(
                province_id=provinces[row["province"]].id,
                old_name=row["old_province"],
                plan_region_2021=row["plan_region_2021"],
            )
        )
        report.add("province_constituent")


def _seed_borders(session, data_dir, provinces, report) -> None:
    by_code = {p.code: p for p in provinces.values()}
    existing = {(b.province_a_id, b.province_b_id) for b in session.exec(select(Border))}
    for row in _read(data_dir / "adjacency.csv"):
        a, b = by_code[row["code_a"]].id, by_code[row["code_b"]].id
        key = (min(a, b), max(a, b))
        if key in existing:
            continue
        session.add(
            Border(
                province_a_id=key[0], province_b_id=key[1], length_km=_float(row["shared_boundary_km_approx"])
            )
        )
        existing.add(key)
        report.add("border")


def _seed_indicators(session, data_dir, report):
    indicators = {}
    for row in _read(data_dir / "indicators.csv"):
        ind = session.exec(select(Indicator).where(Indicator.code == row["code"])).first()
        if ind is None:
            ind = Indicator(**row)
            session.add(ind)
            session.flush()
            report.add("indicator")
        elif not ind.weight_by and row["weight_by"]:
            # Seeded before indicators named their weight: the data's choice (GRDP growth by GRDP).
            ind.weight_by = row["weight_by"]
            session.add(ind)
            report.change("indicator")
        indicators[ind.code] = ind
    source_map = {
        (r["source_name"], r["source_unit"]): (r["indicator_code"], float(r["factor"]))
        for r in _read(data_dir / "indicator_sources.csv")
    }
    return indicators, source_map


def _scaled(value: float | None, factor: float) -> float | None:
    return None if value is None else round(value * factor, 6)


def _seed_targets(session, data_dir, regions, indicators, source_map, report) -> None:
    for row in _read(data_dir / "regional_targets.csv"):
        code, factor = source_map[(row["indicator"], row["unit"])]
        low, high = parse_target_value(row["target_value"])
        start = _period_start(row["period"])
        key = dict(
            indicator_id=indicators[code].id,
            plan_region=row["region"],
            label=row["indicator"],
            target_year=int(row["target_year"]),
            target_text=row["target_value"],
            source_document=row["source_document"],
        )
        if session.exec(select(Target).filter_by(**key)).first():
            continue
        region = regions.get(row["region"])
        session.add(
            Target(
                **key,
                region_id=region.id if region else None,
                target_low=_scaled(low, factor),
                target_high=_scaled(high, factor),
                baseline_year=start,
                period=row["period"],
                source_kind=row["source_kind"],
                source_url=row["source_url"],
            )
        )
        report.add("target")


def _period_start(period: str) -> int | None:
    m = re.match(r"(\d{4})-\d{4}", period or "")
    return int(m.group(1)) - 1 if m else None


def _seed_province_targets(session, data_dir, provinces, indicators, source_map, report) -> None:
    for row in _read(data_dir / "province_targets.csv"):
        code, factor = source_map[(row["indicator"], row["unit"])]
        key = dict(
            province_id=provinces[row["province"]].id,
            indicator_id=indicators[code].id,
            label=row["indicator"],
            target_text=row["target_value"],
            period=row["period"],
        )
        if session.exec(select(ProvinceTarget).filter_by(**key)).first():
            continue
        low, high = parse_target_value(row["target_value"])
        session.add(
            ProvinceTarget(
                **key,
                target_low=_scaled(low, factor),
                target_high=_scaled(high, factor),
                source_document=row["source_document"],
                source_url=row["source_url"],
            )
        )
        report.add("province_target")


def _seed_observations(session, data_dir, provinces, indicators, source_map, report) -> None:
    seen = set()
    for row in _read(data_dir / "observations.csv"):
        code, factor = source_map[(row["indicator"], row["unit"])]
        province_id, indicator_id, year = provinces[row["province"]].id, indicators[code].id, int(row["year"])
        key = (province_id, indicator_id, year)
        if key in seen:
            # The file can hold two figures for one cell (e.g. a rounded provincial estimate
            # beside the GSO release); the first listed, the published one, is kept.
            continue
        seen.add(key)
        if session.exec(
            select(Observation).where(
                Observation.province_id == province_id,
                Observation.indicator_id == indicator_id,
                Observation.year == year,
            )
        ).first():
            continue
        session.add(
            Observation(
                province_id=province_id,
                indicator_id=indicator_id,
                year=year,
                value=_scaled(_float(row["value"]), factor),
                status="approved",
                label=row["indicator"],
                basis=row["basis"],
                source_url=row["source_url_or_repo_path"],
                entered_by="seed",
            )
        )
        report.add("observation")


def _seed_projects(session, data_dir, provinces, report) -> set[str]:
    """Creates the projects not yet there; returns their codes (still at their first version)."""
    fresh = set()
    statuses = {r["name_vi"]: (r["code"], r["status"]) for r in _read(data_dir / "project_status.csv")}
    for row in _read(data_dir / "projects.csv"):
        code, status = statuses[row["name_vi"]]
        if session.exec(select(Project).where(Project.code == code)).first():
            continue
        start, end = _int(row["start_year"]), _int(row["planned_completion_year"])
        project = Project(
            code=code,
            name_vi=row["name_vi"],
            name_en=row["name_en"],
            type=PROJECT_TYPE_MAP[row["type"]],
            status=status,
            length_km=_float(row["length_km"]),
            total_investment=_float(row["total_investment_vnd_billion"]),
            investment_note=row["investment_note"],
            planned_start=date(start, 1, 1) if start else None,
            planned_end=date(end, 12, 31) if end else None,
            status_note=row["status_as_reported"],
            status_date=_partial_date(row["status_date"]),
            source_url=row["source_url"],
            cross_province_after_2025=row["cross_province_after_2025"] == "yes",
            updated_by="seed",
        )
        session.add(project)
        session.flush()
        # Sources name the provinces crossed, not who leads or how costs are split: leave those unset.
        for name in row["provinces"].split(";"):
            session.add(
                ProjectProvince(project_id=project.id, province_id=provinces[nfc(name)].id, role="partner")
            )
        report.add("project")
        fresh.add(code)
    return fresh


def _touch(project: Project, report: SeedReport, fresh: set[str]) -> None:
    """A project changed by the seed: a new version, unless it was created by this very run."""
    if project.code not in fresh:
        project.version += 1
        project.updated_by = "seed"
        report.change("project")


def _seed_priority_projects(session, data_dir, provinces, report) -> None:
    """The priority projects of the regional plan decisions, from data/priority_projects.csv (the
    import template's columns). Shipped empty: no public source at hand lists them (data/SOURCES.md)."""
    from council import plan
    from council.plan_models import PriorityProject, PriorityProjectProvince

    path = data_dir / "priority_projects.csv"
    if not path.exists():
        return
    register = list(session.exec(select(Project.id, Project.code, Project.name_vi)))
    for row in _read(path):
        key = plan.name_key(row["name_vi"])
        if session.exec(
            select(PriorityProject).where(
                PriorityProject.decision_code == row["decision_code"], PriorityProject.name_key == key
            )
        ).first():
            continue
        start, end = plan.parse_period(row["period"])
        project_id, basis = plan.match_project(row["name_vi"], row.get("project_code", ""), register)
        item = PriorityProject(
            decision_code=row["decision_code"],
            name_vi=row["name_vi"],
            name_key=key,
            type=row["type"] or "other",
            period_start=start,
            period_end=end,
            project_id=project_id,
            match_basis=basis,
            note=row.get("note", ""),
            source_url=row.get("source_url", ""),
            updated_by="seed",
        )
        session.add(item)
        session.flush()
        for name in row["provinces"].split(";"):
            session.add(PriorityProjectProvince(priority_id=item.id, province_id=provinces[nfc(name)].id))
        report.add("priority_project")


def _partial_date(text: str) -> date | None:
    """'2025-12-15' or '2024-06' (month only: the first of the month)."""
    if not text:
        return None
    parts = [int(p) for p in text.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


# agreements.csv ``kind`` -> the form on the spectrum (council.agreements.FORMS). A memorandum
# is a handshake agreement and a sectoral department-level agreement a network (both "network");
# a socio-economic cooperation agreement or joint programme with implementation plans a regional
# partnership ("partnership"). The rule is stated in data/SOURCES.md.
AGREEMENT_FORMS = {
    "memorandum (handshake agreement)": "handshake_agreement",
    "memorandum + standing working group (network)": "handshake_agreement",
    "sectoral agreement (health)": "informal_cooperation",
    "sectoral agreement (tourism network)": "informal_cooperation",
    "cooperation agreement (joint programme)": "regional_partnership",
    "joint programme (Party standing committees)": "regional_partnership",
}
_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _seed_agreements(session, data_dir, provinces, report) -> None:
    """The real agreements (data/agreements.csv), keyed by their code (AG01...). A date given only
    as a year or a month is not turned into a day: ``date_signed`` stays empty and the note says it."""
    for row in _read(data_dir / "agreements.csv"):
        if session.exec(select(Agreement).where(Agreement.code == row["id"])).first():
            continue
        when = row["date_signed"]
        full = _FULL_DATE.fullmatch(when) is not None
        parts = [
            row["form_vi"],
            f"Ký: {when}" + ("" if full else " (nguồn chỉ nêu năm/tháng)"),
            f"Thời kỳ: {row['period']}",
            f"Cấp ký: {row['signatory_level']}",
            f"Bên ký (tên trước sáp nhập): {row['participants_as_signed'].replace(';', ', ')}",
            row["title_en"],
            row["note"],
        ]
        agreement = Agreement(
            code=row["id"],
            title=row["title"],
            date_signed=_partial_date(when) if full else None,
            status="signed",
            form=AGREEMENT_FORMS[row["kind"]],
            note="\n".join(x for x in parts if x),
            source_url=row["source_url"],
            updated_by="seed",
        )
        session.add(agreement)
        session.flush()
        for name in row["participants_new"].split(";"):
            session.add(AgreementProvince(agreement_id=agreement.id, province_id=provinces[nfc(name)].id))
        report.add("agreement")


def _apply_status_updates(session, data_dir, report, fresh: set[str]) -> None:
    """data/project_status_updates.csv: status, status date, source and whether the row reports
    only a scheduled event. Applied to a project whose recorded status date is older (or unknown)
    and not already from that source, so a later status entered in the app is never overwritten."""
    for row in _read(data_dir / "project_status_updates.csv"):
        project = session.exec(select(Project).where(Project.code == row["code"])).first()
        if project is None or project.status_source == row["source"]:
            continue
        when = _partial_date(row["status_date"])
        if project.status_date is not None and project.status_date > when:
            continue
        project.status = row["status"]
        project.status_date = when
        project.status_note = row["new_status"]
        project.status_source = row["source"]
        project.status_scheduled = row["confirmed"] != "yes"
        if row["status"] == "completed" and project.actual_end is None:
            project.actual_end = when
        _touch(project, report, fresh)
        session.add(project)


# The two figures project_status_updates.csv contradicts (data/SOURCES.md, "reconciled"):
# DA-028's total investment: the newer source (6,810 bn at the inauguration) replaces 5,175.45,
# which stays in the note with its source; DA-029's completion: 06/2028 for its main package
# (Đại Ngãi 1) means the project cannot end in 2026, so the newer date is taken.
RECONCILED = {
    "DA-028": {
        "total_investment": 6810.0,
        "note": "6.810 tỷ đồng khi khánh thành (kienthuc.net.vn, 19/08/2025); trước đó 5.175,45 tỷ"
        " (investgo.vn, markettimes.vn).",
    },
    "DA-029": {
        "planned_end": date(2028, 6, 30),
        "note": "Hoàn thành dự kiến 06/2028 theo gói Đại Ngãi 1 (3.907 tỷ; VietNamNet 11/12/2025);"
        " trước đó cuối 2026 (nguồn ban đầu của danh mục). Tổng mức đầu tư giữ gần 8.000 tỷ (giai đoạn I).",
    },
}


def _reconcile_amounts(session, report, fresh: set[str]) -> None:
    for code, fix in RECONCILED.items():
        project = session.exec(select(Project).where(Project.code == code)).first()
        if project is None or fix["note"] in project.investment_note:
            continue
        for name in ("total_investment", "planned_end"):
            if name in fix:
                setattr(project, name, fix[name])
        project.investment_note = "; ".join(x for x in (project.investment_note, fix["note"]) if x)
        _touch(project, report, fresh)
        session.add(project)


def needs_upgrade(engine: Engine) -> bool:
    """A database seeded by an earlier release (no statistical population yet)."""
    with Session(engine) as session:
        return (
            session.exec(select(Province).where(col(Province.population_year).is_(None))).first() is not None
        )


def is_empty(engine: Engine) -> bool:
    with Session(engine) as session:
        return session.exec(select(Province)).first() is None
