"""The project register service: validation, workflow, optimistic locking, permissions,
shares and their acceptance, list filters, late flag and dashboard."""

from datetime import date

import pytest
from sqlmodel import Session, select

from council import projects
from council.db import write_session
from council.errors import PermissionDenied, StaleEdit, ValidationError
from council.models import AuditEntry, Conflict, ConflictProject, Project, ProjectProvince, Province
from council.projects import Participant, ProjectFilter, ProjectInput
from tests.conftest import province_id


def pid(engine, name):
    return province_id(engine, name)


def new_input(engine, code="DA-900", provinces=("Hà Nội", "Hưng Yên"), shares=None, **kw) -> ProjectInput:
    shares = shares or [None] * len(provinces)
    parts = [
        Participant(province_id=pid(engine, n), cost_share_pct=s)
        for n, s in zip(provinces, shares, strict=True)
    ]
    values = dict(
        code=code,
        name_vi="Cầu thử nghiệm",
        name_en="Test bridge",
        type="bridge",
        total_investment=1000.0,
        planned_start=date(2025, 1, 1),
        planned_end=date(2027, 12, 31),
        participants=parts,
    )
    values.update(kw)
    return ProjectInput(**values)


def create(engine, actor, data):
    with write_session(engine) as s:
        return projects.create_project(s, actor, data)


def get(engine, project_id) -> Project:
    with Session(engine) as s:
        return s.get(Project, project_id)


def code_id(engine, code):
    with Session(engine) as s:
        return s.exec(select(Project).where(Project.code == code)).one().id


# --- validation -----------------------------------------------------------------------


def test_create_writes_project_participants_and_audit(engine, users):
    created = create(engine, users["secretariat"], new_input(engine, shares=[60, 40]))
    with Session(engine) as s:
        p = s.get(Project, created["id"])
        assert (p.code, p.status, p.version, p.updated_by) == ("DA-900", "proposed", 1, "sec")
        shares = sorted(
            pp.cost_share_pct
            for pp in s.exec(select(ProjectProvince).where(ProjectProvince.project_id == p.id))
        )
        assert shares == [40, 60]
        entry = s.exec(
            select(AuditEntry).where(AuditEntry.entity == "project", AuditEntry.entity_id == str(p.id))
        ).one()
        assert entry.action == "create" and '"cost_share_pct": 60' in entry.after


@pytest.mark.parametrize(
    "change, field, key",
    [
        (dict(code=""), "code", "projects.error.required"),
        (dict(code="DA-001"), "code", "projects.error.code_taken"),
        (dict(code="DA 9 !"), "code", "projects.error.code_format"),
        (dict(name_vi="  "), "name_vi", "projects.error.required"),
        (dict(type="spaceport"), "type", "projects.error.bad_code"),
        (dict(total_investment=-1.0), "total_investment", "projects.error.negative"),
        (dict(length_km=-0.5), "length_km", "projects.error.negative"),
        (dict(progress_physical=101.0), "progress_physical", "projects.error.progress_range"),
        (dict(progress_disbursed=-3.0), "progress_disbursed", "projects.error.progress_range"),
        (
            dict(planned_start=date(2026, 1, 1), planned_end=date(2025, 12, 31)),
            "planned_end",
            "projects.error.end_before_start",
        ),
        (
            dict(actual_start=date(2026, 1, 1), actual_end=date(2025, 1, 1)),
            "actual_end",
            "projects.error.end_before_start",
        ),
        (dict(provinces=("Hà Nội",)), "provinces", "projects.error.two_provinces"),
        (dict(provinces=("Hà Nội", "Hà Nội")), "provinces", "projects.error.two_provinces"),
        (dict(shares=[60, 30]), "cost_share_pct", "projects.error.shares_sum"),
        (dict(shares=[100.02, 0]), "cost_share_pct", "projects.error.share_range"),
        (dict(shares=[60, None]), "cost_share_pct", "projects.error.shares_partial"),
    ],
)
def test_every_rule_is_refused_with_its_field(engine, users, change, field, key):
    change = dict(change)  # the parameters are shared by the SQLite and PostgreSQL runs
    provinces = change.pop("provinces", ("Hà Nội", "Hưng Yên"))
    shares = change.pop("shares", None)
    data = new_input(engine, provinces=provinces, shares=shares, **change)
    with pytest.raises(ValidationError) as exc:
        create(engine, users["secretariat"], data)
    assert (exc.value.field, exc.value.key) == (field, key)
    with Session(engine) as s:
        assert s.exec(select(Project).where(Project.name_vi == "Cầu thử nghiệm")).first() is None


def test_shares_within_a_hundredth_of_100_are_accepted(engine, users):
    create(
        engine,
        users["secretariat"],
        new_input(engine, provinces=("Hà Nội", "Hưng Yên", "Bắc Ninh"), shares=[33.33, 33.33, 33.33]),
    )
    with pytest.raises(ValidationError):
        create(engine, users["secretariat"], new_input(engine, code="DA-901", shares=[50, 49.98]))


def test_one_lead_at_most(engine, users):
    data = new_input(engine)
    for p in data.participants:
        p.role = "lead"
    with pytest.raises(ValidationError) as exc:
        create(engine, users["secretariat"], data)
    assert exc.value.key == "projects.error.one_lead"


# --- permissions ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["expert", "observer", "rep_hanoi"])
def test_only_the_secretariat_creates_and_edits(engine, users, role):
    with pytest.raises(PermissionDenied):
        create(engine, users[role], new_input(engine))
    project_id = code_id(engine, "DA-001")
    with pytest.raises(PermissionDenied), write_session(engine) as s:
        projects.update_project(s, users[role], project_id, 1, new_input(engine, code="DA-001"))
    with pytest.raises(PermissionDenied), write_session(engine) as s:
        projects.transition(s, users[role], project_id, 1, "under_construction")
    assert get(engine, project_id).version == 1


@pytest.mark.parametrize("role", ["expert", "observer"])
def test_expert_and_observer_cannot_propose(engine, users, role):
    with pytest.raises(PermissionDenied), write_session(engine) as s:
        projects.propose_project(s, users[role], new_input(engine))


def test_representative_proposes_for_own_province_only(engine, users):
    rep = users["rep_hanoi"]
    with pytest.raises(PermissionDenied), write_session(engine) as s:
        projects.propose_project(s, rep, new_input(engine, provinces=("Cần Thơ", "Vĩnh Long")))
    with write_session(engine) as s:
        created = projects.propose_project(s, rep, new_input(engine, status="under_construction"))
    p = get(engine, created["id"])
    assert p.status == "proposed" and p.proposed_by_id == rep.id
    # The secretariat approves through the workflow.
    with write_session(engine) as s:
        projects.transition(s, users["secretariat"], p.id, p.version, "approved")
    assert get(engine, p.id).status == "approved"


def test_representative_cannot_change_another_provinces_project(engine, users):
    # DA-002 (Ring Road 3, Hồ Chí Minh City) does not involve Cần Thơ.
    project_id = code_id(engine, "DA-002")
    with pytest.raises(PermissionDenied), write_session(engine) as s:
        projects.update_project(s, users["rep_cantho"], project_id, 1, new_input(engine, code="DA-002"))
    with pytest.raises(PermissionDenied), write_session(engine) as s:
        projects.accept_share(
            s, users["rep_cantho"], project_id, pid(engine, "Hồ Chí Minh"), expected_version=1
        )
    with Session(engine) as s:
        refused = s.exec(select(AuditEntry).where(AuditEntry.action == "refused")).all()
        assert {e.entity for e in refused} >= {"project.edit", "project.accept_share"}


# --- workflow -----------------------------------------------------------------------------


def _move(engine, actor, project_id, to):
    with write_session(engine) as s:
        version = s.get(Project, project_id).version
        return projects.transition(s, actor, project_id, version, to)


@pytest.mark.parametrize(
    "path",
    [
        ["approved", "under_construction", "completed"],
        ["rejected"],
        ["suspended", "proposed", "approved", "suspended", "approved"],
        ["approved", "under_construction", "suspended", "under_construction"],
    ],
)
def test_allowed_transitions(engine, users, path):
    project_id = create(engine, users["secretariat"], new_input(engine))["id"]
    for to in path:
        _move(engine, users["secretariat"], project_id, to)
        assert get(engine, project_id).status == to
    with Session(engine) as s:
        moves = s.exec(
            select(AuditEntry).where(
                AuditEntry.action == "transition", AuditEntry.entity_id == str(project_id)
            )
        ).all()
        assert len(moves) == len(path)


@pytest.mark.parametrize(
    "path, refused",
    [
        ([], "under_construction"),
        ([], "completed"),
        (["approved"], "proposed"),
        (["approved"], "rejected"),
        (["approved", "under_construction"], "approved"),
        (["rejected"], "approved"),
        (["rejected"], "suspended"),
        (["approved", "under_construction", "completed"], "suspended"),
        # Back from a suspension means back to where it was, not a jump ahead.
        (["approved", "suspended"], "under_construction"),
        (["approved", "suspended"], "completed"),
    ],
)
def test_refused_transitions(engine, users, path, refused):
    project_id = create(engine, users["secretariat"], new_input(engine))["id"]
    for to in path:
        _move(engine, users["secretariat"], project_id, to)
    before = get(engine, project_id)
    with pytest.raises(ValidationError) as exc:
        _move(engine, users["secretariat"], project_id, refused)
    assert exc.value.key == "projects.error.transition" and exc.value.field == "status"
    after = get(engine, project_id)
    assert (after.status, after.version) == (before.status, before.version)


def test_completion_records_actual_dates(engine, users):
    project_id = create(engine, users["secretariat"], new_input(engine))["id"]
    for to in ("approved", "under_construction", "completed"):
        _move(engine, users["secretariat"], project_id, to)
    p = get(engine, project_id)
    assert p.actual_start == date.today() and p.actual_end == date.today()


# --- optimistic locking ----------------------------------------------------------------------


def test_stale_edit_is_refused_and_names_the_other_change(engine, users):
    sec = users["secretariat"]
    other = projects.Actor(id=None, username="chanh.vp", role="secretariat")
    project_id = code_id(engine, "DA-001")
    opened = get(engine, project_id).version
    with write_session(engine) as s:
        projects.update_project(
            s,
            other,
            project_id,
            opened,
            new_input(
                engine,
                code="DA-001",
                provinces=("Hà Nội", "Hưng Yên", "Bắc Ninh"),
                name_vi="Vành đai 4 (sửa lần 1)",
            ),
        )
    with pytest.raises(StaleEdit) as exc, write_session(engine) as s:
        projects.update_project(
            s, sec, project_id, opened, new_input(engine, code="DA-001", name_vi="Vành đai 4 (sửa lần 2)")
        )
    assert exc.value.params["by"] == "chanh.vp"
    p = get(engine, project_id)
    assert p.name_vi == "Vành đai 4 (sửa lần 1)" and p.version == opened + 1
    for call in (
        lambda s: projects.transition(s, sec, project_id, opened, "under_construction"),
        lambda s: projects.set_progress(s, sec, project_id, opened, physical=10, disbursed=5),
        lambda s: projects.set_funding_lines(s, sec, project_id, opened, []),
        lambda s: projects.set_milestones(s, sec, project_id, opened, []),
        lambda s: projects.adopt_formula(s, sec, project_id, opened, "equal"),
    ):
        with pytest.raises(StaleEdit), write_session(engine) as s:
            call(s)
    assert get(engine, project_id).version == opened + 1


# --- funding, milestones, progress -----------------------------------------------------------


def test_funding_lines_and_milestones(engine, users):
    sec = users["secretariat"]
    project_id = code_id(engine, "DA-002")
    with write_session(engine) as s:
        v = projects.set_funding_lines(
            s,
            sec,
            project_id,
            1,
            [
                {"source": "central_budget", "year": 2024, "planned_amount": 1000.0, "actual_amount": 800.0},
                {"source": "provincial_budget", "year": 2025, "planned_amount": 500.0, "actual_amount": None},
            ],
        )["version"]
    with pytest.raises(ValidationError) as exc, write_session(engine) as s:
        projects.set_funding_lines(
            s, sec, project_id, v, [{"source": "oda", "year": 2025, "planned_amount": -1}]
        )
    assert exc.value.field == "planned_amount"
    with pytest.raises(ValidationError), write_session(engine) as s:
        projects.set_funding_lines(s, sec, project_id, v, [{"source": "lottery", "year": 2025}])
    with write_session(engine) as s:
        v = projects.set_milestones(
            s,
            sec,
            project_id,
            v,
            [{"title": "Thông xe kỹ thuật", "due_date": date(2026, 6, 30), "done_date": None}],
        )["version"]
    with pytest.raises(ValidationError) as exc, write_session(engine) as s:
        projects.set_milestones(s, sec, project_id, v, [{"title": " "}])
    assert exc.value.field == "title"
    with write_session(engine) as s:
        projects.set_progress(s, sec, project_id, v, physical=55.5, disbursed=48)
    with pytest.raises(ValidationError), write_session(engine) as s:
        projects.set_progress(s, sec, project_id, v + 1, physical=120, disbursed=48)
    with Session(engine) as s:
        d = projects.project_detail(s, project_id)
    assert [f["source"] for f in d["funding_lines"]] == ["central_budget", "provincial_budget"]
    assert [m["title"] for m in d["milestones"]] == ["Thông xe kỹ thuật"]
    assert d["progress_physical"] == 55.5 and d["version"] == v + 1
    assert {h["note"] for h in d["history"]} >= {"funding", "milestones", "progress"}
    with Session(engine) as s:
        rows = projects.list_projects(s, ProjectFilter(funding=["provincial_budget"]))
    assert [r["code"] for r in rows] == ["DA-002"]


# --- shares and acceptance --------------------------------------------------------------------


def test_adopt_formula_then_each_province_accepts(engine, users):
    sec = users["secretariat"]
    project_id = code_id(engine, "DA-001")  # Hà Nội, Hưng Yên, Bắc Ninh
    with write_session(engine) as s:
        projects.adopt_formula(s, sec, project_id, 1, "population")
    with Session(engine) as s:
        d = projects.project_detail(s, project_id)
    assert round(sum(m["cost_share_pct"] for m in d["participants"]), 2) == 100
    assert all(m["accepted_at"] is None for m in d["participants"])
    # The km formula is not available on the seed (no lengths per province): refused, nothing written.
    with pytest.raises(ValidationError) as exc, write_session(engine) as s:
        projects.adopt_formula(s, sec, project_id, d["version"], "km")
    assert exc.value.key == "projects.formula.missing.km"
    hanoi = pid(engine, "Hà Nội")
    with write_session(engine) as s:
        projects.accept_share(s, users["rep_hanoi"], project_id, hanoi, expected_version=d["version"])
    with pytest.raises(PermissionDenied), write_session(engine) as s:
        projects.accept_share(
            s, users["rep_hanoi"], project_id, pid(engine, "Hưng Yên"), expected_version=d["version"]
        )
    with pytest.raises(ValidationError), write_session(engine) as s:
        projects.accept_share(
            s, users["rep_cantho"], project_id, pid(engine, "Cần Thơ"), expected_version=d["version"]
        )
    with Session(engine) as s:
        d = projects.project_detail(s, project_id)
    accepted = {m["name_vi"]: m["accepted_at"] is not None for m in d["participants"]}
    assert accepted == {"Hà Nội": True, "Hưng Yên": False, "Bắc Ninh": False}
    # A new split must be accepted again.
    with write_session(engine) as s:
        projects.adopt_formula(s, sec, project_id, d["version"], "equal")
    with Session(engine) as s:
        d = projects.project_detail(s, project_id)
    assert all(m["accepted_at"] is None for m in d["participants"])
    assert sorted(m["cost_share_pct"] for m in d["participants"]) == [33.33, 33.33, 33.34]


def test_accepting_without_shares_is_refused(engine, users):
    with pytest.raises(ValidationError) as exc, write_session(engine) as s:
        projects.accept_share(
            s, users["rep_hanoi"], code_id(engine, "DA-001"), pid(engine, "Hà Nội"), expected_version=1
        )
    assert exc.value.key == "projects.error.no_shares"


# --- list, late flag, detail ----------------------------------------------------------------


def test_list_has_the_37_real_projects_with_provinces(engine):
    with Session(engine) as s:
        rows = projects.list_projects(s)
    assert [r["code"] for r in rows] == [f"DA-{i:03d}" for i in range(1, 38)]
    # Works inside one province since the 1/7/2025 mergers keep their single province.
    assert all(len(r["participants"]) >= (2 if r["cross_province_after_2025"] else 1) for r in rows)
    assert sum(1 for r in rows if not r["cross_province_after_2025"]) == 9
    assert all(r["lead"] is None and not r["has_shares"] for r in rows)
    ring4 = rows[0]
    assert {m["name_vi"] for m in ring4["participants"]} == {"Hà Nội", "Hưng Yên", "Bắc Ninh"}
    assert ring4["total_investment"] == 85813


def test_region_filter_and_interregional(engine):
    with Session(engine) as s:
        region = s.get(Province, pid(engine, "Hà Nội")).region_id
        own = projects.list_projects(s, ProjectFilter(region_id=region))
        wide = projects.list_projects(s, ProjectFilter(region_id=region, include_interregional=True))
        region_of = {p.id: p.region_id for p in s.exec(select(Province))}
    assert own and all(region_of[i] == region for r in own for i in r["province_ids"])
    assert {r["code"] for r in own} < {r["code"] for r in wide}
    extra = [r for r in wide if r not in own]
    assert all(r["interregional"] and region in r["region_ids"] for r in extra)


def test_filters_narrow_the_list(engine):
    with Session(engine) as s:
        everything = projects.list_projects(s)
        hanoi = projects.list_projects(s, ProjectFilter(province_ids=[pid(engine, "Hà Nội")]))
        bridges = projects.list_projects(s, ProjectFilter(types=["bridge"]))
        done = projects.list_projects(s, ProjectFilter(statuses=["completed"]))
        y2021 = projects.list_projects(s, ProjectFilter(year_from=2019, year_to=2021))
        search = projects.list_projects(s, ProjectFilter(search="vanh dai"))
        search_en = projects.list_projects(s, ProjectFilter(search="ring road"))
    assert (
        hanoi
        and all(pid(engine, "Hà Nội") in r["province_ids"] for r in hanoi)
        and len(hanoi) < len(everything)
    )
    assert bridges and all(r["type"] == "bridge" for r in bridges)
    assert done and all(r["status"] == "completed" for r in done)
    assert y2021 and all(r["planned_start"] and r["planned_start"].year <= 2021 for r in y2021)
    assert {"DA-001", "DA-002", "DA-003"} <= {r["code"] for r in search}
    assert {r["code"] for r in search} == {r["code"] for r in search_en}


def test_late_flag_rules():
    today = date(2026, 1, 1)
    base = dict(
        status="under_construction",
        planned_start=date(2024, 1, 1),
        planned_end=date(2027, 12, 31),
        progress_physical=0,
    )
    assert projects.late_reason({**base, "planned_end": date(2025, 12, 31)}, today) == "overdue"
    assert (
        projects.late_reason({**base, "planned_end": date(2025, 12, 31), "status": "completed"}, today) == ""
    )
    # Two of four years gone: 50 % expected; the tolerance is 10 points.
    assert projects.late_reason({**base, "progress_physical": 39}, today) == "behind"
    assert projects.late_reason({**base, "progress_physical": 41}, today) == ""
    # 0 % means no progress reported yet: only the end date can make it late.
    assert projects.late_reason(base, today) == ""
    assert projects.late_reason({**base, "planned_start": None}, today) == ""


def test_late_only_filter(engine):
    with Session(engine) as s:
        late = projects.list_projects(s, ProjectFilter(late_only=True), today=date(2026, 6, 1))
    assert late and all(r["late"] == "overdue" for r in late)
    assert "DA-009" in {r["code"] for r in late}  # under construction, planned end 2025


def test_detail_shows_linked_conflicts_and_history(engine, users):
    project_id = code_id(engine, "DA-002")
    with write_session(engine) as s:
        conflict = Conflict(
            code="XD-T1", title="Giải phóng mặt bằng đoạn qua Đồng Nai", status="in_mediation"
        )
        s.add(conflict)
        s.flush()
        s.add(ConflictProject(conflict_id=conflict.id, project_id=project_id))
    with write_session(engine) as s:
        projects.transition(s, users["secretariat"], project_id, 1, "completed")
    with Session(engine) as s:
        d = projects.project_detail(s, project_id)
    assert [c["code"] for c in d["conflicts"]] == ["XD-T1"]
    assert d["history"][0]["action"] == "transition" and d["history"][0]["changed"] == ["status"]


# --- dashboard ----------------------------------------------------------------------------------


def test_dashboard_investment_per_province_adds_up_to_total(engine, users):
    sec = users["secretariat"]
    with write_session(engine) as s:
        projects.adopt_formula(s, sec, code_id(engine, "DA-001"), 1, "population")
        projects.adopt_formula(s, sec, code_id(engine, "DA-002"), 1, "equal")
    with Session(engine) as s:
        rows = projects.list_projects(s)
    d = projects.dashboard(rows)
    allocated = sum(p["investment"] for p in d["per_province"])
    assert round(allocated, 2) == round(85813 + 75300, 2)
    assert round(allocated + d["unallocated"]["investment"], 2) == d["investment"]
    assert d["unallocated"]["count"] == sum(1 for r in rows if r["total_investment"] is not None) - 2
    assert d["count"] == 37 and sum(v["count"] for v in d["by_status"].values()) == 37
    assert sum(v["count"] for v in d["by_type"].values()) == 37
    assert d["no_amount"] == sum(1 for r in rows if r["total_investment"] is None)
    # Hồ Chí Minh takes part only in DA-002 (of the two): its share of that total, to the cent.
    hcm = next(p for p in d["per_province"] if p["name_vi"] == "Hồ Chí Minh")
    share = next(
        m["cost_share_pct"]
        for r in rows
        if r["code"] == "DA-002"
        for m in r["participants"]
        if m["name_vi"] == "Hồ Chí Minh"
    )
    assert abs(hcm["investment"] - 75300 * share / 100) <= 0.01


def test_single_province_since_the_mergers_stays_editable(engine, users):
    # DA-010 lies inside Đồng Nai since the 2025 mergers: it keeps one province when edited.
    project_id = code_id(engine, "DA-010")
    with Session(engine) as s:
        d = projects.project_detail(s, project_id)
    data = ProjectInput.from_dict(
        {
            **d,
            "name_vi": d["name_vi"] + " (cập nhật)",
            "participants": [Participant(province_id=m["province_id"]) for m in d["participants"]],
        }
    )
    assert data.cross_province_after_2025 is False and len(data.participants) == 1
    with write_session(engine) as s:
        projects.update_project(s, users["secretariat"], project_id, d["version"], data)
    assert get(engine, project_id).name_vi.endswith("(cập nhật)")
    data.participants = []
    with pytest.raises(ValidationError) as exc, write_session(engine) as s:
        projects.update_project(s, users["secretariat"], project_id, d["version"] + 1, data)
    assert exc.value.params["minimum"] == 1
