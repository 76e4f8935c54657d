"""The permission matrix of ARCHITECTURE.md, as data: one case per mutating service function
(sometimes a second variant), the roles that may call it, and an invoker that calls it with
valid arguments taken from a context of records built with the services themselves.

Roles: the secretariat, the representative of Hà Nội (``rep_own``: a participant of the project,
a party of the conflict, a member of the agreement, the province of the figures), the
representative of Cần Thơ (``rep_other``: concerned by none of them), the provincial statistics
officer of Hà Nội (``officer_own``; Hà Nội's figures pass two sign-off levels), an expert, an observer.
Used by tests/test_permission_matrix.py.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from types import SimpleNamespace

from sqlmodel import Session, select

import council
from council import (
    agreements,
    allocation,
    auth,
    conflicts,
    early_warning,
    facilities,
    incentives,
    meetings,
    myprovince,
    notify,
    plan,
    preparation,
    projects,
    sharing,
    signoff,
    targets,
)
from council.db import write_session
from council.io import read_table
from council.models import AgendaItem, Comment, Decision, FollowUp, Indicator, Province, Target, User
from council.projects import Participant, ProjectInput

ROLES = ("secretariat", "rep_own", "rep_other", "officer_own", "expert", "observer")
PASSWORD = "correct-horse-42"
FIGURE_YEARS = {"draft": 2031, "submitted": 2032, "approved": 2033, "import": 2034, "verified": 2035}

# Functions that take (session, actor) but are not mutating services guarded by the matrix.
# Each one was read; the reason is given. (auth.authorize and auth.can take no session: they are
# the check itself and are not discovered.)
NOT_MUTATING: dict[str, str] = {
    # The audit writer every service calls itself, in its own transaction, after the check;
    # ``actor`` is who gets recorded, not who is being authorised.
    "audit.record": "infrastructure: writes the audit entry of a change already authorised",
    # Called by sign-in for the user who just proved their password: the remember-me token of
    # their own session. It changes no council record and has no role to check.
    "auth.issue_token": "infrastructure: the signed-in user's own session token",
    # A yes/no question (auth.can for the conflict's parties) the page asks to show or hide the box.
    "conflicts.can_comment": "read-only predicate",
    # "What changed since my last visit": only reads the audit log.
    "myprovince.changes_since": "read-only",
    # An expert's list of conflicts awaiting their comment (council/today.py): only SELECTs.
    "today.awaiting_comment": "read-only",
    # Following and notifications (issue 21): what the user follows and their own notifications
    # and e-mail choice, only read.
    "notify.automatic": "read-only",
    "notify.followed": "read-only",
    "notify.list_notifications": "read-only: the reader's own notifications",
    "notify.preferences": "read-only: the reader's own e-mail choice",
    "notify.following_state": "read-only: whether the reader follows one record",
}


def discover_service_functions() -> set[str]:
    """'module.function' of every public function in council/*.py (council.ui skipped) whose
    signature has parameters named ``session`` and ``actor``."""
    found = set()
    for info in pkgutil.iter_modules(council.__path__):
        if info.name == "ui":
            continue
        module = importlib.import_module(f"council.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or fn.__module__ != module.__name__:
                continue
            params = inspect.signature(fn).parameters
            if "session" in params and "actor" in params:
                found.add(f"{info.name}.{name}")
    return found


def discover_mutating() -> set[str]:
    return discover_service_functions() - set(NOT_MUTATING)


# --- the context --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _password_hash() -> str:
    return auth.hash_password(PASSWORD)  # argon2 once per run, not five times per test


def _province(s: Session, name_vi: str) -> int:
    return s.exec(select(Province.id).where(Province.name_vi == name_vi)).one()


def _make_actors(engine) -> dict[str, auth.Actor]:
    spec = {
        "secretariat": ("sec", "secretariat", None),
        "rep_own": ("rep.hanoi", "province_rep", "Hà Nội"),
        "rep_other": ("rep.cantho", "province_rep", "Cần Thơ"),
        "officer_own": ("stat.hanoi", "statistics_officer", "Hà Nội"),
        "expert": ("expert", "expert", None),
        "observer": ("observer", "observer", None),
    }
    actors = {}
    with write_session(engine) as s:
        for role, (username, kind, province) in spec.items():
            user = User(
                username=username,
                password_hash=_password_hash(),
                role=kind,
                province_id=_province(s, province) if province else None,
                display_name=username,
            )
            s.add(user)
            s.flush()
            actors[role] = auth.Actor.from_user(user)
    return actors


def project_input(code: str, provinces: list[int], shares: list[float] | None = None, **kw) -> ProjectInput:
    shares = shares or [None] * len(provinces)
    values = dict(
        code=code,
        name_vi="Cầu kiểm thử quyền",
        name_en="Permission test bridge",
        type="bridge",
        total_investment=1000.0,
        planned_start=date(2025, 1, 1),
        planned_end=date(2027, 12, 31),
        participants=[
            Participant(province_id=p, cost_share_pct=v) for p, v in zip(provinces, shares, strict=True)
        ],
    )
    values.update(kw)
    return ProjectInput(**values)


def build_context(engine) -> SimpleNamespace:
    """Users of each role and, created by the secretariat through the services: a project of
    Hà Nội and Hưng Yên with cost shares adopted; a conflict between Hà Nội and Bắc Ninh with
    comments by the expert, the secretariat and Hà Nội's representative; a draft agreement of
    Hà Nội and Hưng Yên; a meeting with two agenda items and a decision; a regional target;
    Hà Nội's figures as a draft, a submitted and an approved set."""
    fx = SimpleNamespace(actors=_make_actors(engine), comments={})
    sec = fx.actors["secretariat"]
    with write_session(engine) as s:
        fx.hanoi, fx.hungyen = _province(s, "Hà Nội"), _province(s, "Hưng Yên")
        fx.bacninh, fx.cantho = _province(s, "Bắc Ninh"), _province(s, "Cần Thơ")
        fx.region = s.get(Province, fx.hanoi).region_id
        fx.indicator = s.exec(select(Indicator.id).where(Indicator.code == "urbanisation")).one()

        created = projects.create_project(s, sec, project_input("DA-950", [fx.hanoi, fx.hungyen]))
        fx.project = created["id"]
        fx.project_version = projects.adopt_formula(s, sec, fx.project, created["version"], "equal")[
            "version"
        ]

        fx.conflict = conflicts.open_conflict(
            s,
            sec,
            title="Tranh chấp nguồn nước kiểm thử",
            type="water_basin",
            severity="high",
            parties=[
                {"province_id": fx.hanoi, "position": "Giữ lưu lượng"},
                {"province_id": fx.bacninh, "position": "Chia lại lưu lượng"},
            ],
            project_ids=[fx.project],
        )["id"]
        for role in ("expert", "secretariat", "rep_own"):
            actor = fx.actors[role]
            fx.comments[actor.username] = conflicts.add_comment(
                s, actor, fx.conflict, body=f"Ý kiến của {actor.username}", stance="information"
            )

        fx.agreement = agreements.create_agreement(
            s,
            sec,
            title="Thỏa thuận kiểm thử",
            province_ids=[fx.hanoi, fx.hungyen],
            form="informal_cooperation",
            status="draft",
        )["id"]

        fx.meeting = meetings.create_meeting(
            s,
            sec,
            region_id=fx.region,
            meeting_date=date(2026, 12, 15),
            place="Hà Nội",
            title="Phiên họp kiểm thử",
        )["id"]
        fx.item = meetings.add_item(s, sec, fx.meeting, title="Nguồn nước")["id"]
        fx.item2 = meetings.add_item(s, sec, fx.meeting, title="Cầu kiểm thử")["id"]
        decision = meetings.record_decision(
            s,
            sec,
            fx.item,
            text="Giao hai tỉnh thống nhất lưu lượng",
            province_ids=[fx.hanoi],
            deadline=date(2027, 3, 31),
        )
        fx.decision = decision["id"]
        fx.follow_up = decision["follow_ups"][0]["id"]

        fx.target = targets.save_target(
            s,
            sec,
            indicator_id=fx.indicator,
            plan_region="Đồng bằng sông Hồng",
            region_id=fx.region,
            baseline_year=2025,
            target_year=2030,
            target_text="60",
            period="2026-2030",
            source_document="kiểm thử",
        )

        for status in ("draft", "submitted", "approved", "verified"):
            targets.apply_edits(
                s,
                sec,
                [
                    {
                        "province_id": fx.hanoi,
                        "indicator_id": fx.indicator,
                        "year": FIGURE_YEARS[status],
                        "value": 50.0,
                    }
                ],
            )
        targets.submit_set(s, sec, fx.hanoi, FIGURE_YEARS["submitted"])
        targets.submit_set(s, sec, fx.hanoi, FIGURE_YEARS["approved"])
        targets.approve_set(s, sec, fx.hanoi, FIGURE_YEARS["approved"])
        # Two sign-off levels for Hà Nội (it has a statistics officer): a set verified, awaiting
        # the representative's sign-off.
        signoff.set_levels(s, sec, fx.hanoi, 2)
        signoff.verify_set(s, sec, fx.hanoi, FIGURE_YEARS["verified"])

        # Plan execution: a project credited to the Mekong Delta's expressway target, a priority
        # project, and an indicator with its own due date.
        fx.plan_targets = {
            code: s.exec(
                select(Target.id)
                .join(Indicator, Indicator.id == Target.indicator_id)
                .where(Indicator.code == code, Target.plan_region == "Đồng bằng sông Cửu Long")
            ).one()
            for code in ("expressway_km", "airports")
        }
        fx.plan_link = plan.link_project(
            s, sec, project_id=fx.project, target_id=fx.plan_targets["expressway_km"], quantity=12.5
        )["id"]
        fx.priority = plan.save_priority_project(
            s,
            sec,
            decision_code="KT/QĐ-TTg",
            name_vi="Dự án ưu tiên kiểm thử",
            type="bridge",
            province_ids=[fx.hanoi, fx.hungyen],
            period="2021-2030",
        )["id"]
        plan.set_due_date(s, sec, indicator_id=fx.indicator, month=6, day=30)

        # Revenue sharing: an arrangement of Hà Nội and Hưng Yên on the agreement, 2025's revenue,
        # two keys saved, the equal one adopted, one cost line (settlement version 4).
        fx.sharing = sharing.create_arrangement(
            s,
            sec,
            title="Chia sẻ nguồn thu kiểm thử",
            province_ids=[fx.hanoi, fx.hungyen],
            base_year=2024,
            baselines={fx.hanoi: 1000, fx.hungyen: 400},
            agreement_id=fx.agreement,
        )["id"]
        sharing.set_revenue(s, sec, fx.sharing, expected_version=1, year=2025, revenue=1600)
        fx.sharing_scenario = sharing.save_scenario(s, sec, fx.sharing, name="Chia đều", key="equal")["id"]
        fx.sharing_scenario_pop = sharing.save_scenario(s, sec, fx.sharing, name="Dân số", key="population")[
            "id"
        ]
        sharing.adopt_scenario(s, sec, fx.sharing, fx.sharing_scenario, expected_version=2)
        fx.sharing_line = sharing.add_cost_line(
            s, sec, fx.sharing, expected_version=3, year=2025, category="operation", amount=20, key="equal"
        )["id"]
        fx.sharing_version = 4

        # Allocation: the region's 2027 round (DA-950 is its proposal), at version 1.
        fx.alloc_round = allocation.create_round(s, sec, region_id=fx.region, year=2027, envelope=2000)["id"]
        # Facility plans: an airport of Hà Nội (Nội Bài's coordinates) and a forecast of its region.
        fx.facility = facilities.create_facility(
            s, sec, kind="airport", name="Nội Bài", province_id=fx.hanoi, lat=21.22, lon=105.81
        )["id"]
        fx.hanoi_region = s.get(Province, fx.hanoi).region_id
        fx.forecast = facilities.save_forecast(
            s, sec, region_id=fx.hanoi_region, kind="airport", year=2030, capacity=60
        )["id"]
        # Investment incentives: a sector, a package of Hà Nội, the region's floor (revision 1), an
        # assignment of the sector in the regional plan.
        fx.sector = incentives.save_sector(s, sec, code="MATRIX", name_vi="Ngành kiểm thử")["id"]
        fx.incentive = incentives.create_incentive(
            s,
            sec,
            province_id=fx.hanoi,
            sector_id=fx.sector,
            cit_exempt_years=2,
            effective_from=date(2026, 1, 1),
        )["id"]
        incentives.set_standard(s, sec, region_id=fx.region, sector_id=fx.sector, max_cit_exempt_years=4)
        fx.assignment = incentives.assign_sector(
            s, sec, region_id=fx.region, sector_id=fx.sector, province_ids=[fx.hungyen]
        )[0]["id"]

    with Session(engine) as s:
        fx.comment_versions = {cid: s.get(Comment, cid).version for cid in fx.comments.values()}
        fx.item2_version = s.get(AgendaItem, fx.item2).version
        fx.decision_version = s.get(Decision, fx.decision).version
        fx.follow_up_version = s.get(FollowUp, fx.follow_up).version
        fx.target_version = s.get(Target, fx.target).version
        fx.covered = [c["province_id"] for c in targets.target_detail(s, fx.target)["coverage"]]
        from council.models import Agreement, Conflict, Meeting, Observation

        fx.agreement_version = s.get(Agreement, fx.agreement).version
        fx.conflict_version = s.get(Conflict, fx.conflict).version
        fx.meeting_version = s.get(Meeting, fx.meeting).version
        fx.draft_figure_version = s.exec(
            select(Observation.version).where(
                Observation.province_id == fx.hanoi,
                Observation.indicator_id == fx.indicator,
                Observation.year == FIGURE_YEARS["draft"],
            )
        ).one()
    return fx


# --- the matrix -----------------------------------------------------------------------------

SEC = frozenset({"secretariat"})
SEC_OWN = frozenset({"secretariat", "rep_own"})
# Entering figures: the secretariat, the province's representative and its statistics officer.
ENTERERS = frozenset({"secretariat", "rep_own", "officer_own"})
COMMENTERS = frozenset({"secretariat", "rep_own", "expert"})
EVERYONE = frozenset(ROLES)


@dataclass(frozen=True)
class Case:
    name: str  # "module.function" or "module.function[variant]"
    allowed: frozenset[str]  # roles that may call it on the context's records
    invoke: Callable  # (session, actor, fx) -> None
    actions: tuple[str, ...] = ()  # the auth.PERMISSIONS actions it checks (() = none: anyone)
    why: str = ""  # how the row follows from ARCHITECTURE.md
    writes: bool = True  # an allowed call changes data
    extra: dict = field(default_factory=dict)
    # The provinces the call's records belong to ("own": Hà Nội, "other": Cần Thơ). A batch
    # mixing both is allowed only to roles allowed for every one of them (issue 14).
    scope: tuple[str, ...] = ("own",)

    @property
    def function(self) -> str:
        return self.name.split("[")[0]


def _conflict_parties(fx) -> list[dict]:
    return [
        {"province_id": fx.hanoi, "position": "Giữ lưu lượng"},
        {"province_id": fx.bacninh, "position": "Chia lại lưu lượng"},
    ]


def _figures_csv(fx) -> bytes:
    return f"province,indicator_code,year,value\nHà Nội,urbanisation,{FIGURE_YEARS['import']},51\n".encode()


_PROJECTS_CSV = (
    "code,name_vi,name_en,type,status,provinces,lead_province,cost_shares_pct,total_investment,"
    "planned_start,planned_end,progress_physical\n"
    'DA-960,Cầu nhập kiểm thử,Imported test bridge,Cầu,Đề xuất,Hà Nội; Hưng Yên,Hà Nội,"50; 50",'
    "1000,2026,2029,\n"
)

_PRIORITY_CSV = (
    "decision_code,name_vi,type,provinces,period\n"
    "KT/QĐ-TTg,Dự án ưu tiên nhập kiểm thử,Cao tốc,Hà Nội; Hưng Yên,2021-2030\n"
)

CASES: list[Case] = [
    # --- users: "manage users" is the secretariat's ---
    Case(
        "auth.create_user",
        SEC,
        lambda s, a, fx: auth.create_user(s, a, username="new.observer", password=PASSWORD, role="observer"),
        ("user.manage",),
        "manage users: secretariat only",
    ),
    Case(
        "auth.update_user",
        SEC,
        lambda s, a, fx: auth.update_user(
            s, a, fx.actors["observer"].id, expected_version=1, display_name="Quan sát viên"
        ),
        ("user.manage",),
        "manage users: secretariat only",
    ),
    Case(
        "auth.reset_password",
        SEC,
        lambda s, a, fx: auth.reset_password(s, a, fx.actors["observer"].id, "another-horse-99"),
        ("user.manage",),
        "manage users: secretariat only",
    ),
    # --- projects: the secretariat creates and edits; a representative proposes for, and accepts
    # the share of, their own province ---
    Case(
        "projects.create_project",
        SEC,
        lambda s, a, fx: projects.create_project(s, a, project_input("DA-951", [fx.hanoi, fx.hungyen])),
        ("project.edit",),
        "create projects: secretariat (representatives propose instead)",
    ),
    Case(
        "projects.propose_project",
        SEC_OWN,
        lambda s, a, fx: projects.propose_project(s, a, project_input("DA-952", [fx.hanoi, fx.hungyen])),
        ("project.propose",),
        "propose for own province: Hà Nội takes part, Cần Thơ does not",
    ),
    Case(
        "projects.update_project",
        SEC,
        lambda s, a, fx: projects.update_project(
            s,
            a,
            fx.project,
            fx.project_version,
            project_input("DA-950", [fx.hanoi, fx.hungyen], [50, 50], name_vi="Cầu kiểm thử quyền (sửa)"),
        ),
        ("project.edit",),
        "edit projects: secretariat only, even for a participant's representative",
    ),
    Case(
        "projects.transition",
        SEC,
        lambda s, a, fx: projects.transition(s, a, fx.project, fx.project_version, "approved"),
        ("project.edit",),
        "workflow: secretariat",
    ),
    Case(
        "projects.set_progress",
        SEC,
        lambda s, a, fx: projects.set_progress(
            s, a, fx.project, fx.project_version, physical=10.0, disbursed=5.0
        ),
        ("project.edit",),
        "edit projects",
    ),
    Case(
        "projects.set_funding_lines",
        SEC,
        lambda s, a, fx: projects.set_funding_lines(
            s, a, fx.project, fx.project_version, [{"source": "oda", "year": 2026, "planned_amount": 100.0}]
        ),
        ("project.edit",),
        "edit projects",
    ),
    Case(
        "projects.set_milestones",
        SEC,
        lambda s, a, fx: projects.set_milestones(
            s, a, fx.project, fx.project_version, [{"title": "Khởi công", "due_date": date(2026, 3, 1)}]
        ),
        ("project.edit",),
        "edit projects",
    ),
    Case(
        "projects.adopt_formula",
        SEC,
        lambda s, a, fx: projects.adopt_formula(s, a, fx.project, fx.project_version, "population"),
        ("project.edit",),
        "edit projects (the shares)",
    ),
    Case(
        "projects.accept_share",
        SEC_OWN,
        lambda s, a, fx: projects.accept_share(
            s, a, fx.project, fx.hanoi, expected_version=fx.project_version
        ),
        ("project.accept_share",),
        "a participant accepts its own share (the secretariat may record it on its behalf)",
    ),
    Case(
        "projects.import_projects",
        SEC,
        lambda s, a, fx: projects.import_projects(s, a, read_table(_PROJECTS_CSV.encode(), "projects.csv")),
        ("project.edit", "data.import"),
        "import data: secretariat only",
    ),
    # --- agreements: as projects; a representative keeps to drafts of their own province ---
    Case(
        "agreements.create_agreement",
        SEC_OWN,
        lambda s, a, fx: agreements.create_agreement(
            s,
            a,
            title="Đề xuất hợp tác kiểm thử",
            province_ids=[fx.hanoi, fx.hungyen],
            form="informal_cooperation",
            status="draft",
        ),
        ("agreement.propose",),
        "propose (a draft) for own province",
    ),
    Case(
        "agreements.create_agreement[signed]",
        SEC,
        lambda s, a, fx: agreements.create_agreement(
            s,
            a,
            title="Thỏa thuận đã ký kiểm thử",
            province_ids=[fx.hanoi, fx.hungyen],
            form="informal_cooperation",
            status="signed",
            date_signed=date(2025, 9, 1),
        ),
        ("agreement.edit",),
        "recording a signed agreement is an edit, not a proposal: secretariat only",
    ),
    Case(
        "agreements.update_agreement",
        SEC_OWN,
        lambda s, a, fx: agreements.update_agreement(
            s,
            a,
            fx.agreement,
            expected_version=fx.agreement_version,
            title="Thỏa thuận kiểm thử (sửa)",
            province_ids=[fx.hanoi, fx.hungyen],
            form="informal_cooperation",
            status="draft",
            date_signed=None,
        ),
        ("agreement.propose",),
        "a representative edits a draft of their own province",
    ),
    Case(
        "agreements.update_agreement[sign]",
        SEC,
        lambda s, a, fx: agreements.update_agreement(
            s,
            a,
            fx.agreement,
            expected_version=fx.agreement_version,
            title="Thỏa thuận kiểm thử",
            province_ids=[fx.hanoi, fx.hungyen],
            form="informal_cooperation",
            status="signed",
            date_signed=date(2025, 9, 1),
        ),
        ("agreement.edit",),
        "turning a draft into a signed agreement: secretariat only",
    ),
    Case(
        "agreements.delete_agreement",
        SEC,
        lambda s, a, fx: agreements.delete_agreement(
            s, a, fx.agreement, expected_version=fx.agreement_version
        ),
        ("agreement.edit",),
        "removing a record: secretariat only",
    ),
    # --- conflicts ---
    Case(
        "conflicts.open_conflict",
        SEC_OWN,
        lambda s, a, fx: conflicts.open_conflict(
            s, a, title="Xung đột mới kiểm thử", parties=_conflict_parties(fx), type="environment"
        ),
        ("conflict.open",),
        "open a conflict: own province a party",
    ),
    Case(
        "conflicts.edit_conflict",
        SEC,
        lambda s, a, fx: conflicts.edit_conflict(
            s,
            a,
            fx.conflict,
            expected_version=fx.conflict_version,
            title="Tranh chấp nguồn nước (sửa)",
            parties=_conflict_parties(fx),
            type="water_basin",
            severity="critical",
        ),
        ("conflict.edit",),
        "edit the record: secretariat only, even for a party's representative",
    ),
    Case(
        "conflicts.transition",
        SEC,
        lambda s, a, fx: conflicts.transition(
            s, a, fx.conflict, to_status="under_review", expected_version=fx.conflict_version
        ),
        ("conflict.transition",),
        "change conflict status: secretariat only",
    ),
    Case(
        "conflicts.add_comment",
        COMMENTERS,
        lambda s, a, fx: conflicts.add_comment(
            s, a, fx.conflict, body="Đề nghị họp liên tỉnh", stance="support", reason="Cần đối thoại"
        ),
        ("conflict.comment",),
        "comment: secretariat, experts, a party's representative; not observers",
    ),
    # Editing is the author's own: each role that may comment edits the comment it wrote in the
    # context (secretariat, Hà Nội's representative, expert); the others have none and try the
    # expert's. A commenter editing someone else's comment is tested apart (author-only rule).
    Case(
        "conflicts.edit_comment",
        COMMENTERS,
        lambda s, a, fx: conflicts.edit_comment(
            s,
            a,
            _own_comment(a, fx),
            expected_version=fx.comment_versions[_own_comment(a, fx)],
            body="Ý kiến đã sửa",
            stance="information",
        ),
        ("conflict.comment",),
        "edit own comment while allowed to comment on the conflict",
    ),
    Case(
        "conflicts.hide_comment",
        SEC,
        lambda s, a, fx: conflicts.hide_comment(
            s,
            a,
            fx.comments["expert"],
            expected_version=fx.comment_versions[fx.comments["expert"]],
            reason="Lạc đề",
        ),
        ("comment.hide",),
        "hide a comment: secretariat only",
    ),
    # --- council meetings: the secretariat's ---
    Case(
        "meetings.create_meeting",
        SEC,
        lambda s, a, fx: meetings.create_meeting(
            s, a, region_id=fx.region, meeting_date=date(2027, 1, 20), place="Hưng Yên"
        ),
        ("meeting.manage",),
        "meetings: secretariat",
    ),
    Case(
        "meetings.update_meeting",
        SEC,
        lambda s, a, fx: meetings.update_meeting(
            s,
            a,
            fx.meeting,
            expected_version=fx.meeting_version,
            meeting_date=date(2026, 12, 16),
            place="Bắc Ninh",
            kind="plenary",
        ),
        ("meeting.manage",),
        "meetings: secretariat",
    ),
    Case(
        "meetings.close_meeting",
        SEC,
        lambda s, a, fx: meetings.close_meeting(s, a, fx.meeting, expected_version=fx.meeting_version),
        ("meeting.manage",),
        "meetings: secretariat",
    ),
    # The rules may find nothing new to add; an allowed call then writes nothing.
    Case(
        "meetings.generate_agenda",
        SEC,
        lambda s, a, fx: meetings.generate_agenda(s, a, fx.meeting, today=date(2026, 12, 1)),
        ("meeting.manage",),
        "meetings: secretariat",
        writes=False,
    ),
    Case(
        "meetings.add_item",
        SEC,
        lambda s, a, fx: meetings.add_item(s, a, fx.meeting, title="Mục bổ sung"),
        ("meeting.manage",),
        "meetings: secretariat",
    ),
    Case(
        "meetings.set_dropped",
        SEC,
        lambda s, a, fx: meetings.set_dropped(
            s, a, fx.item2, expected_version=fx.item2_version, dropped=True
        ),
        ("meeting.manage",),
        "meetings: secretariat",
    ),
    Case(
        "meetings.move_item",
        SEC,
        lambda s, a, fx: meetings.move_item(s, a, fx.item2, expected_version=fx.item2_version, step=-1),
        ("meeting.manage",),
        "meetings: secretariat",
    ),
    Case(
        "meetings.record_decision",
        SEC,
        lambda s, a, fx: meetings.record_decision(
            s, a, fx.item2, text="Hoàn thành cầu trong năm 2027", province_ids=[fx.hanoi, fx.hungyen]
        ),
        ("meeting.manage",),
        "meetings: secretariat (a party's representative included)",
    ),
    Case(
        "meetings.edit_decision",
        SEC,
        lambda s, a, fx: meetings.edit_decision(
            s,
            a,
            fx.decision,
            expected_version=fx.decision_version,
            text="Giao hai tỉnh thống nhất lưu lượng (sửa)",
            province_ids=[fx.hanoi],
        ),
        ("meeting.manage",),
        "meetings: secretariat",
    ),
    Case(
        "meetings.correct_decision",
        SEC,
        lambda s, a, fx: meetings.correct_decision(
            s, a, fx.decision, text="Đính chính: giao ba tỉnh", province_ids=[fx.hanoi, fx.bacninh]
        ),
        ("meeting.manage",),
        "meetings: secretariat",
    ),
    Case(
        "meetings.set_follow_up",
        SEC,
        lambda s, a, fx: meetings.set_follow_up(
            s, a, fx.follow_up, expected_version=fx.follow_up_version, done=True, note="Đã thống nhất"
        ),
        ("meeting.manage",),
        "meetings: secretariat (even the province the decision is assigned to)",
    ),
    # --- targets and figures ---
    Case(
        "targets.save_target",
        SEC,
        lambda s, a, fx: targets.save_target(
            s, a, target_id=fx.target, expected_version=fx.target_version, target_text="61"
        ),
        ("target.edit",),
        "targets: secretariat",
    ),
    Case(
        "targets.save_target[new]",
        SEC,
        lambda s, a, fx: targets.save_target(
            s,
            a,
            indicator_id=fx.indicator,
            plan_region="Đồng bằng sông Hồng",
            region_id=fx.region,
            target_year=2035,
            target_text="65",
            period="2031-2035",
        ),
        ("target.edit",),
        "targets: secretariat",
    ),
    Case(
        "targets.save_indicator",
        SEC,
        lambda s, a, fx: targets.save_indicator(
            s, a, indicator_id=fx.indicator, expected_version=1, unit="%"
        ),
        ("target.edit",),
        "indicator catalogue: secretariat",
    ),
    Case(
        "targets.save_indicator[new]",
        SEC,
        lambda s, a, fx: targets.save_indicator(
            s,
            a,
            code="matrix_new",
            name_vi="Chỉ tiêu mới",
            name_en="New indicator",
            unit="%",
            direction="increase",
            aggregation="mean",
        ),
        ("target.edit",),
        "indicator catalogue: secretariat",
    ),
    # For a mean indicator every province's quota equal to the regional target adds back to it.
    Case(
        "targets.set_quotas",
        SEC,
        lambda s, a, fx: targets.set_quotas(s, a, fx.target, {p: 60.0 for p in fx.covered}),
        ("target.edit",),
        "targets: secretariat",
    ),
    Case(
        "targets.apply_edits",
        ENTERERS,
        lambda s, a, fx: targets.apply_edits(
            s,
            a,
            [
                {
                    "province_id": fx.hanoi,
                    "indicator_id": fx.indicator,
                    "year": FIGURE_YEARS["draft"],
                    "value": 52.5,
                    "version": fx.draft_figure_version,
                }
            ],
        ),
        ("observation.enter",),
        "enter figures: own province only",
    ),
    Case(
        "targets.submit_set",
        SEC_OWN,
        lambda s, a, fx: targets.submit_set(s, a, fx.hanoi, FIGURE_YEARS["verified"]),
        ("observation.submit",),
        "sign off and submit figures: the own province's representative (never its statistics officer)",
    ),
    Case(
        "signoff.verify_set",
        frozenset({"secretariat", "officer_own"}),
        lambda s, a, fx: signoff.verify_set(s, a, fx.hanoi, FIGURE_YEARS["draft"]),
        ("observation.verify",),
        "verify figures: the own province's statistics officer (two levels)",
    ),
    Case(
        "signoff.send_back_set",
        SEC_OWN,
        lambda s, a, fx: signoff.send_back_set(s, a, fx.hanoi, FIGURE_YEARS["verified"], "Thiếu nguồn"),
        ("observation.submit",),
        "send verified figures back to the officer: the own province's representative",
    ),
    Case(
        "signoff.set_levels",
        SEC,
        lambda s, a, fx: signoff.set_levels(s, a, fx.cantho, 1),
        ("observation.levels",),
        "set a province's sign-off levels: secretariat only",
    ),
    Case(
        "targets.save_progress_settings",
        SEC,
        lambda s, a, fx: targets.save_progress_settings(
            s, a, fx.indicator, expected_version=0, method="linear", on_track="1,0", at_risk="0,5"
        ),
        ("target.edit",),
        "an indicator's progress settings: secretariat (the catalogue)",
    ),
    # A representative of another province passes the first check (the file's provinces are not
    # known before it is read) and is then refused row by row, the refusal logged: see
    # test_import_of_another_provinces_figures.
    Case(
        "targets.import_figures",
        ENTERERS,
        lambda s, a, fx: targets.import_figures(s, a, _figures_csv(fx), "ha-noi.csv"),
        ("observation.enter",),
        "enter figures: own province only",
        extra={"rep_other_refusal": "targets.error.not_your_province"},
    ),
    Case(
        "targets.approve_set",
        SEC,
        lambda s, a, fx: targets.approve_set(s, a, fx.hanoi, FIGURE_YEARS["submitted"]),
        ("observation.approve",),
        "approve figures: secretariat, never the province itself",
    ),
    Case(
        "targets.return_set",
        SEC,
        lambda s, a, fx: targets.return_set(s, a, fx.hanoi, FIGURE_YEARS["submitted"], "Thiếu nguồn số liệu"),
        ("observation.approve",),
        "return figures: secretariat",
    ),
    Case(
        "targets.return_set[signoff]",
        SEC,
        lambda s, a, fx: targets.return_set(
            s, a, fx.hanoi, FIGURE_YEARS["submitted"], "Cần chữ ký lại", level="signoff"
        ),
        ("observation.approve",),
        "return figures to the representative's sign-off: secretariat",
    ),
    Case(
        "targets.reopen_set",
        SEC,
        lambda s, a, fx: targets.reopen_set(s, a, fx.hanoi, FIGURE_YEARS["approved"], "Sai đơn vị"),
        ("observation.approve",),
        "reopen approved figures: secretariat",
    ),
    # --- plan execution: crediting projects to targets, priority lists and due dates: secretariat ---
    Case(
        "plan.link_project",
        SEC,
        lambda s, a, fx: plan.link_project(
            s, a, project_id=fx.project, target_id=fx.plan_targets["airports"], quantity=1
        ),
        ("plan.link",),
        "credit projects to targets: secretariat only; representatives see the links",
    ),
    Case(
        "plan.update_link",
        SEC,
        lambda s, a, fx: plan.update_link(s, a, fx.plan_link, expected_version=1, quantity="13,5"),
        ("plan.link",),
        "credit projects to targets: secretariat only",
    ),
    Case(
        "plan.unlink_project",
        SEC,
        lambda s, a, fx: plan.unlink_project(s, a, fx.plan_link, expected_version=1),
        ("plan.link",),
        "credit projects to targets: secretariat only",
    ),
    Case(
        "plan.save_priority_project",
        SEC,
        lambda s, a, fx: plan.save_priority_project(
            s,
            a,
            decision_code="KT/QĐ-TTg",
            name_vi="Dự án ưu tiên thứ hai",
            type="road",
            province_ids=[fx.hanoi],
            period="2030",
        ),
        ("plan.priority",),
        "enter the plan's priority list: secretariat only",
    ),
    Case(
        "plan.match_priority_project",
        SEC,
        lambda s, a, fx: plan.match_priority_project(
            s, a, fx.priority, expected_version=1, project_id=fx.project
        ),
        ("plan.priority",),
        "match priority projects to the register: secretariat only",
    ),
    Case(
        "plan.delete_priority_project",
        SEC,
        lambda s, a, fx: plan.delete_priority_project(s, a, fx.priority, expected_version=1),
        ("plan.priority",),
        "priority list: secretariat only",
    ),
    Case(
        "plan.import_priority_list",
        SEC,
        lambda s, a, fx: plan.import_priority_list(s, a, _PRIORITY_CSV.encode(), "priority.csv"),
        ("plan.priority",),
        "import priority lists: secretariat only",
    ),
    Case(
        "plan.set_not_started_years",
        SEC,
        lambda s, a, fx: plan.set_not_started_years(s, a, 4),
        ("plan.settings",),
        "settings: secretariat only",
    ),
    Case(
        "plan.set_due_date",
        SEC,
        lambda s, a, fx: plan.set_due_date(s, a, month=4, day=30),
        ("plan.settings",),
        "the reporting due date: secretariat only",
    ),
    Case(
        "plan.clear_due_date",
        SEC,
        lambda s, a, fx: plan.clear_due_date(s, a, fx.indicator),
        ("plan.settings",),
        "the reporting due date: secretariat only",
    ),
    # --- revenue and cost sharing: the secretariat sets up; each province accepts for itself ---
    Case(
        "sharing.create_arrangement",
        SEC,
        lambda s, a, fx: sharing.create_arrangement(
            s,
            a,
            title="Chia sẻ thứ hai",
            province_ids=[fx.hanoi, fx.hungyen],
            base_year=2024,
            baselines={fx.hanoi: 10, fx.hungyen: 5},
            agreement_id=fx.agreement,
        ),
        ("sharing.manage",),
        "create sharing arrangements: secretariat only",
    ),
    Case(
        "sharing.set_revenue",
        SEC,
        lambda s, a, fx: sharing.set_revenue(
            s, a, fx.sharing, expected_version=fx.sharing_version, year=2026, revenue="1700,5"
        ),
        ("sharing.manage",),
        "the arrangement's figures: secretariat only",
    ),
    Case(
        "sharing.add_cost_line",
        SEC,
        lambda s, a, fx: sharing.add_cost_line(
            s,
            a,
            fx.sharing,
            expected_version=fx.sharing_version,
            year=2025,
            category="capital",
            amount=5,
            key="grdp",
        ),
        ("sharing.manage",),
        "cost lines: secretariat only",
    ),
    Case(
        "sharing.delete_cost_line",
        SEC,
        lambda s, a, fx: sharing.delete_cost_line(
            s, a, fx.sharing, fx.sharing_line, expected_version=fx.sharing_version
        ),
        ("sharing.manage",),
        "cost lines: secretariat only",
    ),
    Case(
        "sharing.save_scenario",
        SEC,
        lambda s, a, fx: sharing.save_scenario(s, a, fx.sharing, name="GRDP", key="grdp"),
        ("sharing.manage",),
        "keys to compare: secretariat only",
    ),
    Case(
        "sharing.adopt_scenario",
        SEC,
        lambda s, a, fx: sharing.adopt_scenario(
            s, a, fx.sharing, fx.sharing_scenario_pop, expected_version=fx.sharing_version
        ),
        ("sharing.manage",),
        "adopting a key: secretariat only",
    ),
    Case(
        "sharing.accept_settlement",
        frozenset({"rep_own"}),
        lambda s, a, fx: sharing.accept_settlement(
            s, a, fx.sharing, fx.hanoi, 2025, settlement_version=fx.sharing_version
        ),
        ("sharing.accept",),
        "a year's settlement is accepted by the province's own representative only",
    ),
    # --- allocation: criteria, envelope, contributions and the decision are the secretariat's ---
    Case(
        "allocation.create_round",
        SEC,
        lambda s, a, fx: allocation.create_round(s, a, region_id=fx.region, year=2028, envelope="1.500"),
        ("allocation.manage",),
        "opening an allocation round: secretariat only",
    ),
    Case(
        "allocation.update_round",
        SEC,
        lambda s, a, fx: allocation.update_round(
            s, a, fx.alloc_round, expected_version=1, envelope="2.500,5", method="greedy"
        ),
        ("allocation.manage",),
        "the envelope: secretariat only",
    ),
    Case(
        "allocation.set_weights",
        SEC,
        lambda s, a, fx: allocation.set_weights(
            s, a, fx.alloc_round, expected_version=1, weights={"readiness": 2}
        ),
        ("allocation.manage",),
        "criteria weights: secretariat only",
    ),
    Case(
        "allocation.add_criterion",
        SEC,
        lambda s, a, fx: allocation.add_criterion(
            s, a, fx.alloc_round, expected_version=1, name_vi="Tác động lan tỏa", scale_max=5
        ),
        ("allocation.manage",),
        "manual criteria: secretariat only",
    ),
    Case(
        "allocation.save_entry",
        SEC,
        lambda s, a, fx: allocation.save_entry(
            s, a, fx.alloc_round, fx.project, expected_version=0, policy_approved=True, land_cleared_pct=40
        ),
        ("allocation.manage",),
        "a proposal's readiness and scores: secretariat only",
    ),
    Case(
        "allocation.set_contributions",
        SEC,
        lambda s, a, fx: allocation.set_contributions(
            s, a, fx.alloc_round, expected_version=1, total=600, key="equal"
        ),
        ("allocation.manage",),
        "the fund's contributions: secretariat only",
    ),
    Case(
        "allocation.decide_allocation",
        SEC,
        lambda s, a, fx: allocation.decide_allocation(
            s, a, fx.alloc_round, expected_version=1, agenda_item_id=fx.item2
        ),
        ("allocation.manage",),
        "recording the allocation: secretariat only",
    ),
    Case(
        "allocation.set_net_contributor_years",
        SEC,
        lambda s, a, fx: allocation.set_net_contributor_years(s, a, 4),
        ("allocation.manage",),
        "the net-contributor setting: secretariat only",
    ),
    Case(
        "preparation.save_step",
        SEC,
        lambda s, a, fx: preparation.save_step(
            s, a, fx.agreement, 1, owner="Ban Kinh tế", status="in_progress"
        ),
        ("agreement.prepare",),
        "the six preparation steps are moved by the secretariat only",
    ),
    # --- following and notifications (issue 21): everyone, for themselves only ---
    Case(
        "notify.follow",
        EVERYONE,
        lambda s, a, fx: notify.follow(s, a, "conflict", fx.conflict),
        ("notify.follow",),
        "read everything: anyone may follow any record",
    ),
    Case(
        "notify.unfollow",
        EVERYONE,
        lambda s, a, fx: notify.unfollow(s, a, "conflict", fx.conflict),
        ("notify.follow",),
        "read everything: anyone may stop following a record",
    ),
    Case(
        "notify.mark_read",
        EVERYONE,
        lambda s, a, fx: notify.mark_read(s, a, _own_notification(s, a)),
        ("notify.read",),
        "one's own notifications only (someone else's is not found)",
    ),
    Case(
        "notify.mark_all_read",
        EVERYONE,
        lambda s, a, fx: (_own_notification(s, a), notify.mark_all_read(s, a)),
        ("notify.read",),
        "one's own notifications only",
    ),
    Case(
        "notify.set_preferences",
        EVERYONE,
        lambda s, a, fx: notify.set_preferences(
            s, a, email="nguoi.dung@example.vn", email_mode="daily", lang="en", expected_version=0
        ),
        ("notify.read",),
        "one's own e-mail choice",
    ),
    # --- my province: every signed-in user records their own visit (no council record changes) ---
    Case(
        "myprovince.start_visit",
        EVERYONE,
        lambda s, a, fx: myprovince.start_visit(s, a),
        (),
        "read everything: the visit mark is the reader's own",
    ),
]


# --- mixed batches: one row of the representative's own province and one of another (issue 14):
# every row is authorised on its own, so only the secretariat may send them.
def _mixed_edits(fx) -> list[dict]:
    return [
        {"province_id": p, "indicator_id": fx.indicator, "year": FIGURE_YEARS["draft"], "value": 53.0}
        for p in (fx.hanoi, fx.cantho)
    ]


def _mixed_figures_csv(fx) -> bytes:
    year = FIGURE_YEARS["import"]
    return (
        f"province,indicator_code,year,value\nHà Nội,urbanisation,{year},51\nCần Thơ,urbanisation,{year},52\n"
    ).encode()


CASES += [
    Case(
        "targets.apply_edits[mixed]",
        SEC,
        lambda s, a, fx: targets.apply_edits(s, a, _mixed_edits(fx)),
        ("observation.enter",),
        "enter figures: own province only, for every row of the batch",
        scope=("own", "other"),
    ),
    Case(
        "targets.import_figures[mixed]",
        SEC,
        lambda s, a, fx: targets.import_figures(s, a, _mixed_figures_csv(fx), "mixed.csv"),
        ("observation.enter",),
        "enter figures: own province only, for every row of the file",
        extra={
            "rep_own_refusal": "targets.error.not_your_province",
            "rep_other_refusal": "targets.error.not_your_province",
            "officer_own_refusal": "targets.error.not_your_province",
        },
        scope=("own", "other"),
    ),
]


# --- early warning: a flag raised for Hà Nội and Hưng Yên by a rule of the test's own ---------
def _with_test_flag(fx, call: Callable):
    """Run ``call`` with one rule registered: a flag on Hà Nội and Hưng Yên (the rule modules'
    own flags are not needed to check who may dismiss or open a case)."""

    def provider(session, today):
        return [
            early_warning.Flag(
                rule="test.rule",
                subject="matrix",
                conflict_type="investment_competition",
                province_ids=(fx.hanoi, fx.hungyen),
                fingerprint=early_warning.fingerprint(1),
                message_key="warning.status.open",
            )
        ]

    saved = (early_warning._PROVIDERS, early_warning._LOADED)
    early_warning._PROVIDERS, early_warning._LOADED = {"test": provider}, True
    try:
        return call()
    finally:
        early_warning._PROVIDERS, early_warning._LOADED = saved


CASES += [
    Case(
        "early_warning.dismiss",
        SEC,
        lambda s, a, fx: _with_test_flag(
            fx, lambda: early_warning.dismiss(s, a, "test.rule:matrix", "Đã thống nhất")
        ),
        ("warning.manage",),
        "dismiss a warning: secretariat only",
    ),
    Case(
        "early_warning.open_case",
        SEC_OWN,
        lambda s, a, fx: _with_test_flag(fx, lambda: early_warning.open_case(s, a, "test.rule:matrix")),
        ("conflict.open",),
        "a warning becomes a conflict: own province a party",
    ),
]


# --- facility plans: representatives their own province's, the secretariat all and the settings ---
def _facilities_csv(province: str) -> bytes:
    return f"kind,name,province,lat,lon\nseaport,Cảng kiểm thử quyền,{province},,\n".encode()


# --- investment incentives: a representative records their own province's; the floor is the
# secretariat's -------------------------------------------------------------------------------
def _incentive_csv(fx) -> bytes:
    return "province,sector,cit_exempt_years,effective_from\nHà Nội,MATRIX,3,2026-02-01\n".encode()


CASES += [
    Case(
        "facilities.create_facility",
        SEC_OWN,
        lambda s, a, fx: facilities.create_facility(
            s, a, kind="logistics_centre", name="Trung tâm logistics kiểm thử", province_id=fx.hanoi
        ),
        ("facility.edit",),
        "planned facilities: own province only",
    ),
    Case(
        "facilities.update_facility",
        SEC_OWN,
        lambda s, a, fx: facilities.update_facility(s, a, fx.facility, expected_version=1, capacity="30,5"),
        ("facility.edit",),
        "planned facilities: own province only",
    ),
    Case(
        "facilities.delete_facility",
        SEC_OWN,
        lambda s, a, fx: facilities.delete_facility(s, a, fx.facility, expected_version=1),
        ("facility.edit",),
        "planned facilities: own province only",
    ),
    Case(
        "facilities.import_facilities",
        SEC_OWN,
        lambda s, a, fx: facilities.import_facilities(s, a, _facilities_csv("Hà Nội"), "f.csv"),
        ("facility.edit",),
        "import facilities: own province only, for every row of the file",
        extra={"rep_other_refusal": "facilities.error.not_your_province", "refused_entity": "facility.edit"},
    ),
    Case(
        "facilities.save_forecast",
        SEC,
        lambda s, a, fx: facilities.save_forecast(
            s, a, region_id=fx.hanoi_region, kind="seaport", year=2030, capacity="120"
        ),
        ("facility.settings",),
        "the regional plan's forecasts: secretariat only",
    ),
    Case(
        "facilities.delete_forecast",
        SEC,
        lambda s, a, fx: facilities.delete_forecast(s, a, fx.forecast),
        ("facility.settings",),
        "the regional plan's forecasts: secretariat only",
    ),
    Case(
        "facilities.save_settings",
        SEC,
        lambda s, a, fx: facilities.save_settings(s, a, expected_version=0, connection_km="12"),
        ("facility.settings",),
        "the detector's thresholds: secretariat only",
    ),
    Case(
        "incentives.create_incentive",
        SEC_OWN,
        lambda s, a, fx: incentives.create_incentive(
            s,
            a,
            province_id=fx.hanoi,
            sector_id=fx.sector,
            land_exempt_years=5,
            effective_from=date(2026, 6, 1),
        ),
        ("incentive.edit",),
        "incentives: own province only",
    ),
    Case(
        "incentives.update_incentive",
        SEC_OWN,
        lambda s, a, fx: incentives.update_incentive(
            s, a, fx.incentive, expected_version=1, cit_exempt_years=3
        ),
        ("incentive.edit",),
        "incentives: own province only",
    ),
    Case(
        "incentives.delete_incentive",
        SEC_OWN,
        lambda s, a, fx: incentives.delete_incentive(s, a, fx.incentive, expected_version=1),
        ("incentive.edit",),
        "incentives: own province only",
    ),
    Case(
        "incentives.import_incentives",
        SEC_OWN,
        lambda s, a, fx: incentives.import_incentives(s, a, _incentive_csv(fx), "ud.csv"),
        ("incentive.edit",),
        "import incentives: own province's rows only",
        extra={"rep_other_refusal": "incentives.error.not_your_province", "refused_action": "incentive.edit"},
    ),
    Case(
        "incentives.save_sector",
        SEC,
        lambda s, a, fx: incentives.save_sector(s, a, code="LOG", name_vi="Logistics"),
        ("incentive.standard",),
        "the sector list: secretariat only",
    ),
    Case(
        "incentives.set_standard",
        SEC,
        lambda s, a, fx: incentives.set_standard(
            s, a, region_id=fx.region, sector_id=fx.sector, expected_revision=1, max_cit_exempt_years=2
        ),
        ("incentive.standard",),
        "the regional floor: secretariat only",
    ),
    Case(
        "incentives.assign_sector",
        SEC,
        lambda s, a, fx: incentives.assign_sector(
            s, a, region_id=fx.region, sector_id=fx.sector, province_ids=[fx.bacninh]
        ),
        ("incentive.standard",),
        "the regional plan's sector assignments: secretariat only",
    ),
    Case(
        "incentives.remove_assignment",
        SEC,
        lambda s, a, fx: incentives.remove_assignment(s, a, fx.assignment),
        ("incentive.standard",),
        "the regional plan's sector assignments: secretariat only",
    ),
    Case(
        "incentives.set_setting",
        SEC,
        lambda s, a, fx: incentives.set_setting(s, a, "discount_rate_pct", "9,5"),
        ("incentive.standard",),
        "the monitor's settings: secretariat only",
    ),
]

CASES_BY_NAME = {c.name: c for c in CASES}


def _own_notification(s: Session, actor) -> int:
    """A fresh unread notification of ``actor`` (on the newest audit entry), as the notifier writes."""
    from sqlalchemy import func

    from council.models import AuditEntry, Notification

    newest = s.exec(select(func.max(AuditEntry.id))).one()
    row = Notification(user_id=actor.id, audit_id=newest, reason="followed")
    s.add(row)
    s.flush()
    return row.id


def _own_comment(actor, fx) -> int:
    return fx.comments.get(actor.username, fx.comments["expert"])
