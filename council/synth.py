"""Synthetic scale data for benchmarks and scale tests — never for the default database.

Deterministic (seeded). On top of the real geography and indicator catalogue (the real seed),
it adds a year of council work times ``scale``: projects with participants and funding lines,
conflicts with parties and threaded comments, yearly figures for synthetic indicators, and
audit entries. Everything synthetic is labelled: codes start with ``SYN-``, names with
``[Tổng hợp]``, users with ``syn-``, and the database carries ``AppSetting('synthetic')``.

Per scale factor s: 200·s projects, 500·s conflicts, 5,000·s comments, 6·s indicators × 34
provinces × 15 years of figures, 2,000·s audit entries (×10: 2,000 projects, 5,000 conflicts,
50,000 comments, 30,600 figures, 20,000 audit entries).
"""

from __future__ import annotations

import json
import math
import random
import re
from datetime import UTC, date, datetime, timedelta

import networkx as nx
from sqlalchemy import insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from council.config import get_settings
from council.db import init_db
from council.errors import CouncilError
from council.models import (
    CONFLICT_STATUSES,
    CONFLICT_TYPES,
    FUNDING_SOURCES,
    PROJECT_STATUSES,
    PROJECT_TYPES,
    SEVERITIES,
    STANCES,
    AppSetting,
    AuditEntry,
    Border,
    Comment,
    Conflict,
    ConflictParty,
    ConflictProject,
    FundingLine,
    Indicator,
    Observation,
    Project,
    ProjectProvince,
    Province,
    User,
)
from council.seed import seed

LABEL = "[Tổng hợp] "
YEARS = list(range(2016, 2031))  # 15 years
_BATCH = 5000


def _insert(session: Session, model, rows: list[dict]) -> None:
    for i in range(0, len(rows), _BATCH):
        session.exec(insert(model.__table__), params=rows[i : i + _BATCH])


def is_synthetic(engine: Engine) -> bool:
    with Session(engine) as s:
        return s.get(AppSetting, "synthetic") is not None


def _refuse_default(engine: Engine) -> None:
    default = get_settings().database_url
    if engine.url.render_as_string(hide_password=False) == default or engine.url.database in (
        "council.db",
        "./council.db",
    ):
        raise CouncilError("error.synth_default_db")
    with Session(engine) as s:
        real_users = s.exec(select(User).where(~User.username.startswith("syn-"))).first()
        if real_users is not None and s.get(AppSetting, "synthetic") is None:
            raise CouncilError("error.synth_real_db")


def generate(engine: Engine, scale: int = 1, seed_value: int = 42) -> dict[str, int]:
    """Fill a separate database with synthetic data at ``scale``. Refuses the default
    database and any database with real users."""
    if scale < 1:
        raise CouncilError("error.synth_scale")
    init_db(engine)
    _refuse_default(engine)
    seed(engine)
    rng = random.Random(seed_value)
    counts: dict[str, int] = {}
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with Session(engine) as session:
        if session.get(AppSetting, "synthetic") is not None:
            raise CouncilError("error.synth_already")
        session.add(AppSetting(key="synthetic", value=json.dumps({"scale": scale, "seed": seed_value})))
        provinces = session.exec(select(Province)).all()
        pids = [p.id for p in provinces]
        neighbours: dict[int, list[int]] = {p: [] for p in pids}
        for b in session.exec(select(Border)):
            neighbours[b.province_a_id].append(b.province_b_id)
            neighbours[b.province_b_id].append(b.province_a_id)

        users = []
        for n in range(max(20, 10 * scale)):
            role = ("expert", "province_rep", "secretariat", "observer")[n % 4]
            users.append(
                dict(
                    username=f"syn-{n:05d}",
                    display_name=f"{LABEL}Người dùng {n}",
                    password_hash="!synthetic-no-login",
                    role=role,
                    province_id=rng.choice(pids) if role == "province_rep" else None,
                    is_active=True,
                    failed_attempts=0,
                    created_at=now,
                    version=1,
                    affiliation="",
                )
            )
        _insert(session, User, users)
        user_ids = session.exec(select(User.id).where(User.username.startswith("syn-"))).all()
        counts["user"] = len(users)

        n_projects = 200 * scale
        projects = []
        for n in range(n_projects):
            start = date(rng.randint(2016, 2027), rng.randint(1, 12), 1)
            end = start + timedelta(days=rng.randint(365, 365 * 6))
            projects.append(
                dict(
                    code=f"SYN-P{n:06d}",
                    name_vi=f"{LABEL}Dự án {n}",
                    name_en=f"Synthetic project {n}",
                    type=rng.choice(PROJECT_TYPES),
                    status=rng.choice(PROJECT_STATUSES),
                    length_km=round(rng.uniform(1, 300), 1),
                    total_investment=round(rng.uniform(100, 100_000), 1),
                    investment_note="synthetic",
                    planned_start=start,
                    planned_end=end,
                    progress_physical=round(rng.uniform(0, 100), 1),
                    progress_disbursed=round(rng.uniform(0, 100), 1),
                    status_note="synthetic",
                    source_url="",
                    cross_province_after_2025=True,
                    created_at=now,
                    updated_at=now,
                    updated_by="synth",
                    version=1,
                )
            )
        _insert(session, Project, projects)
        project_ids = session.exec(select(Project.id).where(Project.code.startswith("SYN-P"))).all()
        participants, funding = [], []
        for pid in project_ids:
            first = rng.choice(pids)
            members = {
                first,
                *rng.sample(
                    neighbours[first] or pids, k=min(len(neighbours[first] or pids), rng.randint(1, 3))
                ),
            }
            shares = _shares(len(members), rng)
            for i, (prov, share) in enumerate(zip(sorted(members), shares, strict=True)):
                participants.append(
                    dict(
                        project_id=pid,
                        province_id=prov,
                        role="lead" if i == 0 else "partner",
                        cost_share_pct=share,
                        length_km=round(rng.uniform(0, 80), 1),
                    )
                )
            for year in range(2021, 2021 + rng.randint(1, 5)):
                planned = round(rng.uniform(10, 5000), 1)
                funding.append(
                    dict(
                        project_id=pid,
                        # The regional fund's lines come from allocation decisions only.
                        source=rng.choice(FUNDING_SOURCES[:5]),
                        year=year,
                        planned_amount=planned,
                        actual_amount=round(planned * rng.uniform(0, 1.1), 1),
                    )
                )
        _insert(session, ProjectProvince, participants)
        _insert(session, FundingLine, funding)
        counts.update(project=len(projects), project_province=len(participants), funding_line=len(funding))

        n_conflicts = 500 * scale
        conflicts = []
        for n in range(n_conflicts):
            opened = date(2025, 1, 1) + timedelta(days=rng.randint(0, 690))
            conflicts.append(
                dict(
                    code=f"SYN-C{n:06d}",
                    title=f"{LABEL}Xung đột {n}",
                    description="synthetic",
                    type=rng.choice(CONFLICT_TYPES),
                    severity=rng.choice(SEVERITIES),
                    status=rng.choice(CONFLICT_STATUSES),
                    opened_on=opened,
                    due_on=opened + timedelta(days=90),
                    owner_id=rng.choice(user_ids),
                    resolution_note="",
                    created_by_id=rng.choice(user_ids),
                    created_at=now,
                    updated_at=now,
                    updated_by="synth",
                    version=1,
                )
            )
        _insert(session, Conflict, conflicts)
        conflict_ids = session.exec(select(Conflict.id).where(Conflict.code.startswith("SYN-C"))).all()
        parties, links = [], []
        for cid in conflict_ids:
            a = rng.choice(pids)
            b = rng.choice(neighbours[a] or [p for p in pids if p != a])
            parties += [
                dict(conflict_id=cid, province_id=a, position="synthetic"),
                dict(conflict_id=cid, province_id=b, position="synthetic"),
            ]
            if rng.random() < 0.3:
                links.append(dict(conflict_id=cid, project_id=rng.choice(project_ids)))
        _insert(session, ConflictParty, parties)
        _insert(session, ConflictProject, links)
        counts.update(conflict=len(conflicts), conflict_party=len(parties))

        n_comments = 5000 * scale
        top = [
            dict(
                conflict_id=rng.choice(conflict_ids),
                parent_id=None,
                depth=0,
                author_id=rng.choice(user_ids),
                stance=rng.choice(STANCES),
                body=f"{LABEL}Ý kiến {n}",
                reason="synthetic",
                created_at=now,
                version=1,
                hidden_reason="",
            )
            for n in range(n_comments // 2)
        ]
        _insert(session, Comment, top)
        parents = session.exec(select(Comment.id, Comment.conflict_id)).all()
        replies = []
        for n in range(n_comments - len(top)):
            parent_id, conflict_id = rng.choice(parents)
            replies.append(
                dict(
                    conflict_id=conflict_id,
                    parent_id=parent_id,
                    depth=1,
                    author_id=rng.choice(user_ids),
                    stance=rng.choice(STANCES),
                    body=f"{LABEL}Trả lời {n}",
                    reason="synthetic",
                    created_at=now,
                    version=1,
                    hidden_reason="",
                )
            )
        _insert(session, Comment, replies)
        counts["comment"] = n_comments

        n_indicators = 6 * scale
        indicators = [
            dict(
                code=f"syn_{n:04d}",
                name_vi=f"{LABEL}Chỉ tiêu {n}",
                name_en=f"Synthetic indicator {n}",
                unit="%",
                direction="increase",
                aggregation=("sum", "weighted_mean", "mean")[n % 3],
            )
            for n in range(n_indicators)
        ]
        _insert(session, Indicator, indicators)
        indicator_ids = session.exec(select(Indicator.id).where(Indicator.code.startswith("syn_"))).all()
        figures = []
        for iid in indicator_ids:
            base = rng.uniform(10, 1000)
            for prov in pids:
                level = base * rng.uniform(0.5, 1.5)
                for year in YEARS:
                    level *= 1 + rng.uniform(-0.02, 0.08)
                    figures.append(
                        dict(
                            province_id=prov,
                            indicator_id=iid,
                            year=year,
                            value=round(level, 3),
                            status="approved",
                            label="synthetic",
                            basis="synthetic",
                            source_url="",
                            comment="",
                            follow_up=False,
                            entered_by="synth",
                            entered_at=now,
                            return_reason="",
                            version=1,
                        )
                    )
        _insert(session, Observation, figures)
        counts.update(indicator=n_indicators, observation=len(figures))

        audit = []
        for n in range(2000 * scale):
            pid = rng.choice(project_ids)
            audit.append(
                dict(
                    at=now + timedelta(minutes=n),
                    actor_id=rng.choice(user_ids),
                    actor_name="synth",
                    action="update",
                    entity="project",
                    entity_id=str(pid),
                    before=json.dumps({"progress_physical": n % 100}),
                    after=json.dumps({"progress_physical": (n + 1) % 100}),
                    note="synthetic",
                )
            )
        _insert(session, AuditEntry, audit)
        counts["audit_entry"] = len(audit)
        session.commit()
    return counts


def _shares(n: int, rng: random.Random) -> list[float]:
    """n cost shares (2 decimals) summing to exactly 100."""
    weights = [rng.uniform(1, 10) for _ in range(n)]
    total = sum(weights)
    cents = [math.floor(w / total * 10000) for w in weights]
    for i in range(10000 - sum(cents)):
        cents[i % n] += 1
    return [c / 100 for c in cents]


def commune_graph(engine: Engine, seed_value: int = 42, k: int = 5) -> nx.Graph:
    """A synthetic commune-level graph: 3,321 communes placed around their province's centre
    (count per province from its published number of units, scaled to 3,321), each linked to
    its k nearest communes (about 10,000 edges)."""
    rng = random.Random(seed_value)
    with Session(engine) as s:
        provinces = s.exec(select(Province)).all()
    units = {}
    for p in provinces:
        m = re.match(r"\s*(\d+)", p.wards_communes or "")
        units[p.id] = int(m.group(1)) if m else 100
    total = sum(units.values())
    counts = {pid: max(1, round(n * 3321 / total)) for pid, n in units.items()}
    diff = 3321 - sum(counts.values())
    biggest = max(counts, key=counts.get)
    counts[biggest] += diff
    g = nx.Graph()
    positions = []
    for p in provinces:
        spread = math.sqrt((p.area_km2 or 5000) / math.pi) / 111
        for i in range(counts[p.id]):
            node = f"{p.code}-{i:04d}"
            lat = (p.lat or 16) + rng.gauss(0, spread / 2)
            lon = (p.lon or 106) + rng.gauss(0, spread / 2)
            g.add_node(node, province=p.code, lat=lat, lon=lon, synthetic=True)
            positions.append((node, lat, lon))
    # k nearest neighbours on a coarse grid keeps this O(n) instead of O(n^2).
    cell = 0.25
    grid: dict[tuple[int, int], list[tuple[str, float, float]]] = {}
    for item in positions:
        grid.setdefault((int(item[1] // cell), int(item[2] // cell)), []).append(item)
    for node, lat, lon in positions:
        gx, gy = int(lat // cell), int(lon // cell)
        near = []
        radius = 1
        while len(near) <= k and radius < 40:
            near = [
                c
                for dx in range(-radius, radius + 1)
                for dy in range(-radius, radius + 1)
                for c in grid.get((gx + dx, gy + dy), ())
                if c[0] != node
            ]
            radius += 1
        near.sort(key=lambda c: (c[1] - lat) ** 2 + (c[2] - lon) ** 2)
        for other, _, _ in near[:k]:
            g.add_edge(node, other)
    return g
