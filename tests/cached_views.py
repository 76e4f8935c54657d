"""Every view the pages cache (``council.ui.cache.cached``), as (function, args, kwargs), and a
plain, comparable form of their results. Shared by the cache tests and their second process
(tests/cache_worker.py), which keeps its own cache like a second server process."""

from __future__ import annotations

import dataclasses
import json
import math
from datetime import date, datetime

import networkx as nx
from sqlmodel import Session, select

from council import audit, auth, conflicts, myprovince, network, plan, projects, targets
from council.models import Project, Region, Target
from council.projects import ProjectFilter
from council.regions import list_provinces, region_overview

REGION_CODE = "DBSH"  # the Red River Delta: Hà Nội, Hưng Yên, Bắc Ninh...


def views(engine, actor: auth.Actor, since: datetime | None) -> dict[str, tuple]:
    """name -> (fn, args, kwargs), with the arguments the pages pass for ``actor`` (a province
    representative) in the Red River Delta; the target shown is the region's newest, the plan
    page's target its newest one that takes project credit, the project the register's newest."""
    with Session(engine) as s:
        region = s.exec(select(Region.id).where(Region.code == REGION_CODE)).one()
        target = s.exec(
            select(Target.id).where(Target.region_id == region).order_by(Target.id.desc())
        ).first()
        creditable = [t["id"] for t in plan.creditable_targets(s, region)]
        project = s.exec(select(Project.id).order_by(Project.id.desc())).first()
        year = plan.reporting_year(s, date.today())
    out = {
        "register": (
            projects.list_projects,
            (ProjectFilter(region_id=region, include_interregional=True),),
            {},
        ),
        "register_all": (projects.list_projects, (ProjectFilter(),), {}),
        "register_count": (projects.count_projects, (ProjectFilter(region_id=region),), {}),
        "conflicts": (conflicts.list_conflicts, (), {"region_id": region}),
        "home": (region_overview, (region,), {}),
        "network": (
            network.network_summary,
            (),
            {"layers": network.COOPERATION_LAYERS, "scope": "region_partners", "region_id": region},
        ),
        "network_conflicts": (
            network.network_summary,
            (),
            {"layers": ("conflict",), "scope": "country", "region_id": region},
        ),
        "targets": (targets.list_targets, (region,), {}),
        "heatmap": (targets.heatmap, (region,), {}),
        "figures_submitted": (targets.figure_sets, (("submitted",),), {}),
        "figures_approved": (targets.figure_sets, (("approved",),), {}),
        "my_province": (myprovince.province_view, (actor.province_id,), {}),
        "changes": (myprovince.changes_since, (actor, since), {}),
        "audit": (audit.list_entries, (), {}),
        "audit_choices": (audit.filter_choices, (), {}),
        "users": (auth.list_users, (), {}),
        "provinces": (list_provinces, (), {}),
        # The plan page (pages/plan_views/) and the project page's credits.
        "plan_deliveries": (plan.region_deliveries, (region,), {}),
        "plan_creditable": (plan.creditable_targets, (region,), {}),
        "plan_checklist": (plan.checklist, (region,), {}),
        "plan_reporting": (plan.reporting, (region, (year,)), {}),
        "plan_my_reporting": (plan.province_reporting, (actor.province_id, (year - 1, year)), {}),
        "plan_sum_indicators": (plan.sum_indicators, (), {}),
        "project_choices": (projects.project_choices, (), {}),
    }
    if target is not None:
        out["target_detail"] = (targets.target_detail, (target,), {})
    if creditable:
        out["plan_target"] = (plan.target_delivery, (max(creditable),), {})
        out["plan_suggestions"] = (plan.suggest_links, (max(creditable),), {})
    if project is not None:
        out["project_credits"] = (plan.links_for_project, (project,), {})
    return out


def plain(value):
    """A JSON-comparable form of a view's result (graphs as sorted nodes and edges)."""
    if isinstance(value, nx.Graph):
        return {
            "nodes": [[n, plain(d)] for n, d in sorted(value.nodes(data=True))],
            "edges": sorted([sorted((a, b)), plain(d)] for a, b, d in value.edges(data=True)),
        }
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return plain(dataclasses.asdict(value))
    if hasattr(value, "to_dict") and hasattr(value, "columns"):  # a DataFrame
        return plain(value.to_dict("split"))
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, set | frozenset):
        return sorted((plain(v) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def as_json(value) -> str:
    return json.dumps(plain(value), ensure_ascii=False, sort_keys=True)
