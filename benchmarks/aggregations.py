"""The dashboards' aggregations as the pages run them (service call on the database, uncached),
each beside the same computation in pandas on data already in memory; and the 10,000-row project
import.
Used by benchmarks/run.py; nothing here is a test."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pandas as pd
from sqlmodel import Session, select

REGION_CODE = "DBSH"  # the synthetic data spreads over every region; the Red River Delta is measured


def _region_id(s: Session) -> int:
    from council.models import Region

    return s.exec(select(Region.id).where(Region.code == REGION_CODE)).one()


def _touching(rows, columns: list[str], region: int) -> pd.DataFrame:
    """Rows (one per record and province) of the records with at least one province in ``region``:
    what the register and the conflict list show for a region."""
    frame = pd.DataFrame(rows, columns=columns)
    return frame[frame["id"].isin(frame.loc[frame["region_id"] == region, "id"].unique())]


def registered() -> list[tuple[str, Callable, Callable, Callable]]:
    """(name, service(session), load frame(session), the same computation in pandas on the frame)."""
    from council import conflicts, projects, targets
    from council.models import Conflict, ConflictParty, Observation, Project, ProjectProvince, Province

    out = []

    # Project register tiles: count and money by status and by type, money per province by cost share.
    def projects_service(s):
        return projects.register_tiles(
            s, projects.ProjectFilter(region_id=_region_id(s), include_interregional=True)
        )

    def projects_frame(s):
        region = _region_id(s)
        rows = s.exec(
            select(
                Project.id,
                Project.status,
                Project.type,
                Project.total_investment,
                ProjectProvince.province_id,
                ProjectProvince.cost_share_pct,
                Province.region_id,
            )
            .join(ProjectProvince, ProjectProvince.project_id == Project.id)
            .join(Province, Province.id == ProjectProvince.province_id)
        ).all()
        return _touching(rows, ["id", "status", "type", "total", "province_id", "share", "region_id"], region)

    def projects_pandas(f):
        one = f.drop_duplicates("id")
        return (
            one.groupby("status")["total"].agg(["count", "sum"]),
            one.groupby("type")["total"].agg(["count", "sum"]),
            (f["total"] * f["share"] / 100).groupby(f["province_id"]).sum(),
        )

    out.append(
        (
            "project register tiles (projects.register_tiles: filters in SQL, sums in pandas)",
            projects_service,
            projects_frame,
            projects_pandas,
        )
    )

    # Conflict tiles: open conflicts by type, by party province, by age.
    def conflicts_service(s):
        return conflicts.tiles(s, region_id=_region_id(s))

    def conflicts_frame(s):
        region = _region_id(s)
        rows = s.exec(
            select(
                Conflict.id,
                Conflict.status,
                Conflict.type,
                Conflict.opened_on,
                Conflict.due_on,
                ConflictParty.province_id,
                Province.region_id,
            )
            .join(ConflictParty, ConflictParty.conflict_id == Conflict.id)
            .join(Province, Province.id == ConflictParty.province_id)
        ).all()
        return _touching(
            rows, ["id", "status", "type", "opened_on", "due_on", "province_id", "region_id"], region
        )

    def conflicts_pandas(f):
        open_ = f[~f["status"].isin(["resolved", "closed"])]
        one = open_.drop_duplicates("id")
        age = (pd.Timestamp.today().normalize() - pd.to_datetime(one["opened_on"])).dt.days
        return (
            one.groupby("type").size(),
            open_.groupby("province_id").size(),
            pd.cut(age, [-1, 30, 90, 180, 10**6]).value_counts(),
        )

    out.append(
        (
            "conflict tiles (conflicts.tiles: counted in SQL)",
            conflicts_service,
            conflicts_frame,
            conflicts_pandas,
        )
    )

    # Targets heatmap: every target's regional series by its aggregation rule, and a status per province.
    def heatmap_service(s):
        return targets.heatmap(s, _region_id(s))

    def observations_frame(s):
        rows = s.exec(
            select(
                Observation.province_id,
                Observation.indicator_id,
                Observation.year,
                Observation.value,
                Province.population,
                Province.region_id,
            ).join(Province, Province.id == Observation.province_id)
        ).all()
        return pd.DataFrame(
            rows, columns=["province_id", "indicator_id", "year", "value", "population", "region_id"]
        )

    def heatmap_pandas(f):
        weighted = f.assign(wv=f["value"] * f["population"])
        g = weighted.groupby(["region_id", "indicator_id", "year"])
        regional = pd.DataFrame(
            {
                "sum": g["value"].sum(),
                "mean": g["value"].mean(),
                "weighted": g["wv"].sum() / g["population"].sum(),
            }
        )
        first_last = (
            f.sort_values("year").groupby(["province_id", "indicator_id"])["value"].agg(["first", "last"])
        )
        return regional, first_last

    out.append(
        (
            "targets heatmap (targets.heatmap: regional series + statuses)",
            heatmap_service,
            observations_frame,
            heatmap_pandas,
        )
    )
    return out


def imports(engine, parse_seconds_file: bytes) -> list[tuple[str, Callable]]:
    """A 10,000-row project file read, validated and landed (each call with new codes, so every
    call creates 10,000 projects, never an "unchanged" shortcut)."""
    from council import auth, projects
    from council.db import write_session
    from council.io import read_table, to_excel
    from council.models import User

    with Session(engine) as s:
        actor = auth.Actor.from_user(s.exec(select(User).where(User.username == "syn-bench")).one())
    batch = itertools.count()

    def make_file() -> bytes:
        n = next(batch)
        frame = pd.DataFrame(
            [
                {
                    "code": f"SYN-IMP{n}-{i:05d}",
                    "name_vi": f"[Tổng hợp] Dự án nhập {i}",
                    "type": "road",
                    "status": "proposed",
                    "provinces": "Hà Nội;Hưng Yên",
                    "cost_shares_pct": "60;40",
                    "total_investment": f"{i * 1.5:.1f}",
                }
                for i in range(10_000)
            ]
        )
        return to_excel({"projects": frame})

    files = [make_file() for _ in range(3)]

    def land():
        data = files.pop()
        rows = read_table(data, "import.xlsx")
        with write_session(engine) as s:
            result = projects.import_projects(s, actor, rows)
        assert result["created"] == 10_000, result
        return result

    return [("read, validate and land the 10,000-row project file (import_projects)", land)]
