"""Plan execution (council/plan.py): credit split rules, delivered vs pipeline by year, the
projected status and gap, priority-list matching, flags and import, reporting completeness and
timeliness, and region-to-nation shares and contributions."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, func, select

from council import plan, projects, targets
from council.db import write_session
from council.errors import PermissionDenied, StaleEdit, ValidationError
from council.io import ImportRejected
from council.models import AuditEntry, Indicator, Observation, Province, Target
from council.plan_models import PriorityProject, ProjectTarget
from council.projects import Participant, ProjectInput
from tests.conftest import province_id

TODAY = date(2026, 12, 1)


# --- credit split (pure) --------------------------------------------------------------------


def _p(pid, length=None, share=None):
    return {"province_id": pid, "length_km": length, "cost_share_pct": share}


def test_split_by_length_when_every_length_is_recorded():
    out = plan.credit_split(100.0, [_p(1, 60, 10), _p(2, 40, 90)])
    assert out == {"rule": "length", "parts": {1: 60.0, 2: 40.0}}


def test_split_by_cost_share_when_a_length_is_missing():
    out = plan.credit_split(100.0, [_p(1, 60, 25), _p(2, None, 75)])
    assert out == {"rule": "cost_share", "parts": {1: 25.0, 2: 75.0}}


def test_split_equally_when_neither_is_complete_and_the_parts_add_up_exactly():
    out = plan.credit_split(100.0, [_p(1, 5, None), _p(2), _p(3, None, 40)])
    assert out["rule"] == "equal"
    assert out["parts"] == {1: 33.334, 2: 33.333, 3: 33.333}
    assert round(math.fsum(out["parts"].values()), 3) == 100.0


def test_split_lengths_all_zero_fall_back_and_uneven_lengths_add_up_exactly():
    assert plan.credit_split(1.0, [_p(1, 0, None), _p(2, 0, None)])["rule"] == "equal"
    out = plan.credit_split(830.0, [_p(1, 1), _p(2, 1), _p(3, 1), _p(4, 4)])
    assert out["rule"] == "length"
    assert sum(round(v * 1000) for v in out["parts"].values()) == 830_000
    assert plan.credit_split(5.0, []) == {"rule": "none", "parts": {}}


# --- phases and expected end (pure) ---------------------------------------------------------


def _project(status, start=date(2024, 1, 1), end=date(2028, 12, 31), progress=0.0, **kw):
    return {
        "id": 1,
        "code": "X",
        "status": status,
        "planned_start": start,
        "planned_end": end,
        "actual_start": None,
        "actual_end": None,
        "status_date": None,
        "progress_physical": progress,
        **kw,
    }


def test_completed_project_is_delivered_in_its_completion_year():
    ph = plan.project_phase(_project("completed", actual_end=date(2025, 6, 1)), 2030, 2021, TODAY)
    assert ph == {"phase": "delivered", "year": 2025, "basis": "completed"}
    early = plan.project_phase(_project("completed", actual_end=date(2019, 6, 1)), 2030, 2021, TODAY)
    assert early["phase"] == "outside_period"


def test_pipeline_needs_planned_end_by_the_target_year():
    assert plan.project_phase(_project("under_construction"), 2030, 2021, TODAY)["phase"] == "pipeline"
    assert (
        plan.project_phase(_project("approved", end=date(2031, 6, 30)), 2030, 2021, TODAY)["phase"]
        == "beyond"
    )
    assert plan.project_phase(_project("proposed"), 2030, 2021, TODAY)["phase"] == "none"
    assert plan.project_phase(_project("suspended"), 2030, 2021, TODAY)["phase"] == "none"


def test_a_late_project_counts_at_its_expected_end():
    # Started 01/01/2024, 25 % done on 01/12/2026 (1065 days): at that pace it ends 4260 days after start.
    late = _project("under_construction", progress=25.0)
    assert projects.late_reason(late, TODAY) == "behind"
    end, basis = plan.expected_end(late, TODAY)
    assert (end, basis) == (date(2035, 8, 31), "pace")
    assert plan.project_phase(late, 2030, 2021, TODAY) == {"phase": "beyond", "year": 2035, "basis": "pace"}
    # Planned end passed and no progress reported: the end cannot be estimated, it is not counted.
    overdue = _project("under_construction", end=date(2025, 12, 31))
    assert plan.expected_end(overdue, TODAY) == (None, "unknown")
    assert plan.project_phase(overdue, 2030, 2021, TODAY)["phase"] == "unknown_end"
    on_time = _project("under_construction", progress=50.0)
    assert plan.expected_end(on_time, TODAY) == (date(2028, 12, 31), "planned")


def test_projected_status_uses_the_targets_status_rule():
    args = dict(baseline_year=2020, baseline_value=0.0, target=100.0, target_year=2030)
    reached = plan.projected_status({2025: 60.0, 2029: 40.0}, **args)
    assert reached["status"] == targets.ACHIEVED
    short = plan.projected_status({2025: 30.0}, **args)
    # Linear growth from 0: R = 30 / 100, below 0.60.
    assert short["status"] == targets.OFF_TRACK and short["ratio"] == pytest.approx(0.3)
    nearly = plan.projected_status({2025: 96.0}, **args)
    assert nearly["status"] == targets.ON_TRACK
    assert plan.gap_of(100.0, 96.0) == 4.0 and plan.gap_of(100.0, 120.0) == -20.0


# --- delivery on the database ----------------------------------------------------------------


def _mekong_expressway_target(engine) -> int:
    with Session(engine) as s:
        return s.exec(
            select(Target.id)
            .join(Indicator, Indicator.id == Target.indicator_id)
            .where(Indicator.code == "expressway_km", Target.plan_region == "Đồng bằng sông Cửu Long")
        ).one()


def _create_project(engine, actor, code, parts, **kw):
    values = dict(
        code=code,
        name_vi=f"Cao tốc kiểm thử {code}",
        type="expressway",
        planned_start=date(2024, 1, 1),
        planned_end=date(2027, 12, 31),
        participants=[Participant(province_id=province_id(engine, n), length_km=km) for n, km in parts],
    )
    values.update(kw)
    with write_session(engine) as s:
        return projects.create_project(s, actor, ProjectInput(**values))


def _move(engine, actor, project_id, *statuses):
    for status in statuses:
        with Session(engine) as s:
            from council.models import Project

            version = s.get(Project, project_id).version
        with write_session(engine) as s:
            projects.transition(s, actor, project_id, version, status)


def test_delivered_and_pipeline_by_year_and_province(engine, users):
    sec = users["secretariat"]
    target = _mekong_expressway_target(engine)
    a = _create_project(engine, sec, "DA-901", [("Cần Thơ", 60), ("Cà Mau", 40)], status="under_construction")
    b = _create_project(engine, sec, "DA-902", [("An Giang", None), ("Đồng Tháp", None)], status="approved")
    c = _create_project(
        engine,
        sec,
        "DA-903",
        [("Vĩnh Long", 10)],
        cross_province_after_2025=False,
        status="approved",
        planned_end=date(2033, 12, 31),
    )
    with write_session(engine) as s:
        for pid, qty in ((a["id"], "100"), (b["id"], "50,5"), (c["id"], 30)):
            plan.link_project(s, sec, project_id=pid, target_id=target, quantity=qty)
    _move(engine, sec, a["id"], "completed")
    with Session(engine) as s:
        d = plan.target_delivery(s, target, today=TODAY)
    assert d["delivered"] == 100.0 and d["pipeline"] == 50.5 and d["projected"] == 150.5
    by = {p["province"]: (p["delivered"], p["pipeline"]) for p in d["provinces"]}
    assert by["Cần Thơ"] == (60.0, 0.0) and by["Cà Mau"] == (40.0, 0.0)
    assert by["An Giang"] == (0.0, 25.25) and by["Đồng Tháp"] == (0.0, 25.25)
    assert by["Vĩnh Long"] == (0.0, 0.0)  # expected after 2030: beyond the target year
    year = date.today().year  # the transition records today's date as the actual end
    series = {r["year"]: r for r in d["series"]}
    assert series[year]["delivered"] == 100.0 and series[2027]["pipeline"] == 50.5
    assert series[2030]["projected_cum"] == 150.5
    rules = {x["code"]: (x["rule"], x["phase"]) for x in d["links"]}
    assert rules == {
        "DA-901": ("length", "delivered"),
        "DA-902": ("equal", "pipeline"),
        "DA-903": ("length", "beyond"),
    }
    # Derived figures name their project and are never written as entered figures.
    assert {(r["province"], r["amount"], r["project_code"]) for r in d["derived"]} == {
        ("Cà Mau", 40.0, "DA-901"),
        ("Cần Thơ", 60.0, "DA-901"),
    }
    with Session(engine) as s:
        assert (
            s.exec(select(func.count()).select_from(Observation).where(Observation.year == year)).one() == 0
        )
    # ~830 km by 2030: 679.5 km short, in the target's unit; the projected status follows targets' rule.
    assert d["target"] == 830.0 and d["gap"] == 679.5 and d["short"]
    assert d["projected_status"]["status"] == targets.OFF_TRACK
    assert d["entered_status"]["status"] == targets.NO_DATA


def test_only_covered_provinces_count_and_only_summed_targets_take_credit(engine, users):
    sec = users["secretariat"]
    target = _mekong_expressway_target(engine)
    p = _create_project(engine, sec, "DA-904", [("Cần Thơ", 30), ("Hà Nội", 70)], status="approved")
    with write_session(engine) as s:
        plan.link_project(s, sec, project_id=p["id"], target_id=target, quantity=100)
    with Session(engine) as s:
        d = plan.target_delivery(s, target, today=TODAY)
        growth = s.exec(
            select(Target.id)
            .join(Indicator, Indicator.id == Target.indicator_id)
            .where(Indicator.code == "grdp_growth")
        ).first()
    assert d["pipeline"] == 30.0 and d["outside"] == 70.0
    with pytest.raises(ValidationError) as exc, write_session(engine) as s:
        plan.link_project(s, sec, project_id=p["id"], target_id=growth, quantity=1)
    assert exc.value.key == "plan.error.not_creditable"
    with pytest.raises(ValidationError) as exc, write_session(engine) as s:
        plan.link_project(s, sec, project_id=p["id"], target_id=target, quantity=5)
    assert exc.value.key == "plan.error.already_linked"
    with pytest.raises(ValidationError) as exc, write_session(engine) as s:
        plan.link_project(s, sec, project_id=p["id"], target_id=target, quantity="-1")
    assert exc.value.key == "plan.error.negative"


def test_links_are_audited_versioned_and_refused_to_representatives(engine, users):
    sec, rep = users["secretariat"], users["rep_cantho"]
    target = _mekong_expressway_target(engine)
    p = _create_project(engine, sec, "DA-905", [("Cần Thơ", 30), ("Cà Mau", 70)])
    with write_session(engine) as s:
        link = plan.link_project(s, sec, project_id=p["id"], target_id=target, quantity=12.5)
    with write_session(engine) as s:
        plan.update_link(s, sec, link["id"], expected_version=1, quantity="13,5")
    with pytest.raises(StaleEdit), write_session(engine) as s:
        plan.update_link(s, sec, link["id"], expected_version=1, quantity=14)
    with pytest.raises(PermissionDenied), write_session(engine) as s:
        plan.link_project(s, rep, project_id=p["id"], target_id=target, quantity=1)
    with Session(engine) as s:
        assert s.get(ProjectTarget, link["id"]).quantity == 13.5
        entries = s.exec(
            select(AuditEntry)
            .where(AuditEntry.entity.in_(["project_target", "plan.link"]))
            .order_by(AuditEntry.id)
        ).all()
    assert [(e.action, e.entity) for e in entries] == [
        ("create", "project_target"),
        ("update", "project_target"),
        ("refused", "plan.link"),
    ]
    with write_session(engine) as s:
        plan.unlink_project(s, sec, link["id"], expected_version=2)
    with Session(engine) as s:
        assert s.get(ProjectTarget, link["id"]) is None


# --- priority projects -----------------------------------------------------------------------


REGISTER = [
    (1, "DA-016", "Cao tốc Mỹ Thuận – Cần Thơ"),
    (2, "DA-015", "Cao tốc Cần Thơ – Cà Mau"),
    (3, "DA-050", "Cầu mới"),
    (4, "DA-051", "Cau moi"),
]


def test_matching_by_code_then_by_a_unique_folded_name():
    assert plan.match_project("whatever", "DA-015", REGISTER) == (2, "code")
    assert plan.match_project("cao tốc MỸ THUẬN - Cần Thơ", "", REGISTER) == (1, "name")
    assert plan.match_project("Cầu mới", "", REGISTER) == (None, "")  # two register names fold alike
    assert plan.match_project("Cao tốc Hà Tiên – Rạch Giá", "", REGISTER) == (None, "")
    assert plan.match_project("x", "DA-999", REGISTER) == (None, "")


def test_checklist_flags():
    item = {"period_end": 2028}
    unmatched = plan.checklist_row(item, None, TODAY, 3)
    assert unmatched["status"] == "not_in_register" and unmatched["years_left"] == 2
    assert unmatched["flags"] == ["not_in_register", "not_started_late"]
    approved = plan.checklist_row(item, {**_project("approved"), "name_vi": "A"}, TODAY, 3)
    assert approved["flags"] == ["not_started_late"] and approved["on_schedule"] is True
    building = plan.checklist_row(item, {**_project("under_construction"), "name_vi": "B"}, TODAY, 3)
    assert building["flags"] == [] and building["started"]
    far = plan.checklist_row({"period_end": 2035}, {**_project("proposed"), "name_vi": "C"}, TODAY, 3)
    assert far["flags"] == []
    behind = plan.checklist_row(
        item, {**_project("under_construction", progress=5.0), "name_vi": "D"}, TODAY, 3
    )
    assert behind["late"] == "behind" and behind["on_schedule"] is False
    suspended = {**_project("suspended", actual_start=date(2024, 3, 1)), "name_vi": "E"}
    assert plan.checklist_row(item, suspended, TODAY, 3)["started"]


def test_priority_entry_matches_the_register_and_flags_unmatched(engine, users):
    sec = users["secretariat"]
    ct, cm = province_id(engine, "Cần Thơ"), province_id(engine, "Cà Mau")
    with write_session(engine) as s:
        matched = plan.save_priority_project(
            s,
            sec,
            decision_code="287/QĐ-TTg",
            name_vi="cao toc can tho - ca mau",
            type="expressway",
            province_ids=[ct, cm],
            period="2021-2025",
        )
        missing = plan.save_priority_project(
            s,
            sec,
            decision_code="287/QĐ-TTg",
            name_vi="Cao tốc Hà Tiên – Rạch Giá",
            type="expressway",
            province_ids=[province_id(engine, "An Giang")],
            period="2021-2028",
        )
        plan.set_not_started_years(s, sec, 3)
    assert matched["match_basis"] == "name" and matched["project_id"] is not None
    with Session(engine) as s:
        rows = {r["id"]: r for r in plan.checklist(s, targets_region(engine, "Cần Thơ"), TODAY)["rows"]}
    assert rows[missing["id"]]["flags"] == ["not_in_register", "not_started_late"]
    assert (
        # Cần Thơ – Cà Mau opened on 19/01/2026 (data/project_status_updates.csv).
        rows[matched["id"]]["status"] == "completed" and rows[matched["id"]]["project_code"] == "DA-015"
    )
    with pytest.raises(ValidationError) as exc, write_session(engine) as s:
        plan.save_priority_project(
            s,
            sec,
            decision_code="287/QĐ-TTg",
            name_vi="Cao tốc Hà Tiên - Rạch Giá",
            type="expressway",
            province_ids=[ct],
            period="2030",
        )
    assert exc.value.key == "plan.error.priority_duplicate"
    with write_session(engine) as s:
        plan.match_priority_project(
            s, sec, missing["id"], expected_version=1, project_id=matched["project_id"]
        )
    with Session(engine) as s:
        assert s.get(PriorityProject, missing["id"]).match_basis == "manual"


def targets_region(engine, name):
    with Session(engine) as s:
        return s.exec(select(Province.region_id).where(Province.name_vi == name)).one()


GOOD_CSV = (
    "decision_code,name_vi,type,provinces,period,project_code\n"
    "287/QĐ-TTg,Cao tốc Cần Thơ – Cà Mau,Cao tốc,Cần Thơ; Cà Mau,2021-2025,\n"
    "287/QĐ-TTg,Cảng biển kiểm thử,seaport,An Giang,2030,\n"
)


def test_import_lands_a_good_file_and_is_idempotent(engine, users):
    sec = users["secretariat"]
    with write_session(engine) as s:
        assert plan.import_priority_list(s, sec, GOOD_CSV.encode(), "list.csv") == {"added": 2, "updated": 0}
    with write_session(engine) as s:
        assert plan.import_priority_list(s, sec, GOOD_CSV.encode(), "list.csv") == {"added": 0, "updated": 0}
    with Session(engine) as s:
        rows = s.exec(select(PriorityProject).order_by(PriorityProject.id)).all()
    assert [(r.type, r.period_start, r.period_end, r.match_basis) for r in rows] == [
        ("expressway", 2021, 2025, "name"),
        ("seaport", None, 2030, ""),
    ]


def test_a_bad_priority_file_lands_nothing_and_names_each_bad_row_and_field(engine, users):
    sec = users["secretariat"]
    bad = (
        "decision_code,name_vi,type,provinces,period,project_code\n"
        "287/QĐ-TTg,Cao tốc A,Cao tốc,Cần Thơ,2021-2030,\n"
        ",Cao tốc B,tàu vũ trụ,Atlantis,2030-2021,\n"
        "287/QĐ-TTg,,expressway,,abc,DA-999\n"
        "287/QĐ-TTg,Cao tốc A,expressway,Cà Mau,2030,\n"
    )
    with pytest.raises(ImportRejected) as exc, write_session(engine) as s:
        plan.import_priority_list(s, sec, bad.encode(), "bad.csv")
    assert [(e.row, e.field, e.key) for e in exc.value.errors] == [
        (3, "decision_code", "error.required"),
        (3, "type", "plan.error.bad_type"),
        (3, "provinces", "error.unknown_province"),
        (3, "period", "plan.error.bad_period"),
        (4, "name_vi", "error.required"),
        (4, "provinces", "plan.error.no_province"),
        (4, "period", "plan.error.bad_period"),
        (4, "project_code", "plan.error.unknown_project"),
        (5, "name_vi", "plan.error.duplicate_row"),
    ]
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(PriorityProject)).one() == 0
    with pytest.raises(ImportRejected) as exc, write_session(engine) as s:
        plan.import_priority_list(s, sec, "name_vi,provinces\nA,Cần Thơ\n".encode(), "cols.csv")
    assert {e.field for e in exc.value.errors} == {"decision_code", "type", "period"}


# --- reporting -------------------------------------------------------------------------------


def test_cell_state_and_rates_on_constructed_data():
    due = date(2026, 3, 31)
    on_time = plan.cell_state("approved", datetime(2026, 3, 30, 20, 0, tzinfo=UTC), due, TODAY)
    # 30/03 20:00 UTC is 31/03 03:00 in Vietnam: still on the due day.
    assert on_time["on_time"] is True and not on_time["late"]
    late = plan.cell_state("submitted", datetime(2026, 4, 10, tzinfo=UTC), due, TODAY)
    assert late["on_time"] is False and late["late"] and late["days_late"] == 10
    missing = plan.cell_state(None, None, due, TODAY)
    assert missing["late"] and missing["days_late"] == (TODAY - due).days and missing["status"] == "missing"
    returned = plan.cell_state("returned", datetime(2026, 3, 1, tzinfo=UTC), due, TODAY)
    assert not returned["submitted"] and returned["on_time"] is False and returned["late"]
    seeded = plan.cell_state("approved", None, due, TODAY)
    assert seeded["on_time"] is None and not seeded["late"]
    not_due = plan.cell_state(None, None, date(2027, 3, 31), TODAY)
    assert not not_due["late"]
    r = plan.rates([on_time, late, missing, seeded])
    assert (r["expected"], r["submitted"], r["approved"], r["on_time"], r["unknown_date"], r["late"]) == (
        4,
        3,
        2,
        1,
        1,
        2,
    )
    assert (
        r["submitted_rate"] == 0.75
        and r["approved_rate"] == 0.5
        and r["on_time_rate"] == pytest.approx(1 / 3)
    )
    assert plan.rates([])["submitted_rate"] is None


def test_due_dates_are_settings_with_per_indicator_overrides(engine, users):
    sec = users["secretariat"]
    with Session(engine) as s:
        assert plan.default_due_date(s, 2025) == date(2026, 3, 31)
        assert plan.reporting_year(s, date(2026, 3, 31)) == 2024
        assert plan.reporting_year(s, date(2026, 4, 1)) == 2025
        indicator = s.exec(select(Indicator.id).where(Indicator.code == "urbanisation")).one()
    with write_session(engine) as s:
        plan.set_due_date(s, sec, month=6, day=30)
        plan.set_due_date(s, sec, indicator_id=indicator, month=2, day=29, year_offset=1)
    with Session(engine) as s:
        settings = plan.deadline_settings(s)
        assert plan.due_date(settings, None, 2025) == date(2026, 6, 30)
        assert plan.due_date(settings, indicator, 2027) == date(2028, 2, 29)  # 29/02 in a leap year
        assert plan.due_date(settings, indicator, 2025) == date(2026, 2, 28)
    with pytest.raises(ValidationError), write_session(engine) as s:
        plan.set_due_date(s, sec, month=4, day=31)
    with pytest.raises(PermissionDenied), write_session(engine) as s:
        plan.set_due_date(s, users["rep_hanoi"], month=4, day=30)
    with write_session(engine) as s:
        plan.clear_due_date(s, sec, indicator)
    with Session(engine) as s:
        assert plan.due_date(plan.deadline_settings(s), indicator, 2025) == date(2026, 6, 30)


def test_completeness_and_timeliness_of_a_region(engine, users):
    sec = users["secretariat"]
    hanoi = province_id(engine, "Hà Nội")
    region = targets_region(engine, "Hà Nội")
    year = date.today().year - 2
    with Session(engine) as s:
        ind = s.exec(select(Indicator.id).where(Indicator.code == "hospital_beds")).one()
    with write_session(engine) as s:
        targets.save_target(
            s,
            sec,
            indicator_id=ind,
            plan_region="Đồng bằng sông Hồng",
            region_id=region,
            baseline_year=2025,
            target_year=2030,
            target_text="40",
            period="2026-2030",
        )
        # A year two years back: its default due date (31/03 of last year) has passed; the
        # submission is recorded now, so it is late by the default and on time by a later override.
        targets.apply_edits(
            s, sec, [{"province_id": hanoi, "indicator_id": ind, "year": year, "value": 33.0}]
        )
        targets.submit_set(s, sec, hanoi, year)
    today = date.today()
    with Session(engine) as s:
        result = plan.reporting(s, region, [year], today)
    cells = {c["province"]: c for c in result["cells"] if c["indicator_id"] == ind}
    assert len(cells) == 6  # the six provinces of the new ĐBSH region are covered by the 2026-2030 target
    assert cells["Hà Nội"]["submitted"] and cells["Hà Nội"]["on_time"] is False and cells["Hà Nội"]["late"]
    assert cells["Hà Nội"]["due"] == date(year + 1, 3, 31)
    assert all(c["late"] and c["status"] == "missing" for name, c in cells.items() if name != "Hà Nội")
    late_names = {c["province"] for c in result["late"] if c["indicator_id"] == ind}
    assert late_names == set(cells)
    assert result["region"]["expected"] == len(result["cells"])
    assert result["region"]["submitted"] == sum(r["submitted"] for r in result["by_province"])
    # The indicator's own, later due date makes the same submission on time.
    with write_session(engine) as s:
        plan.set_due_date(s, sec, indicator_id=ind, month=12, day=31, year_offset=2)
    with Session(engine) as s:
        again = plan.province_reporting(s, hanoi, [year], today)
    cell = next(c for c in again["cells"] if c["indicator_id"] == ind)
    assert cell["on_time"] is True and not cell["late"] and cell["due"] == date(year + 2, 12, 31)
    assert {c["province"] for c in again["cells"]} == {"Hà Nội"}
    hn = again["by_province"][0]
    assert hn["on_time"] == sum(c["on_time"] is True for c in again["cells"])


# --- region to nation ------------------------------------------------------------------------


def test_region_to_nation_shares_and_contributions_add_up(engine, users):
    sec = users["secretariat"]
    with Session(engine) as s:
        ind = s.exec(select(Indicator.id).where(Indicator.code == "budget_revenue")).one()
        provinces = s.exec(select(Province.id).order_by(Province.id)).all()
    with write_session(engine) as s:
        for i, pid in enumerate(provinces):
            edits = [
                {"province_id": pid, "indicator_id": ind, "year": 2041, "value": 100.0 + i},
                {"province_id": pid, "indicator_id": ind, "year": 2042, "value": 110.0 + 2 * i},
            ]
            targets.apply_edits(s, sec, edits)
            for year in (2041, 2042):
                targets.submit_set(s, sec, pid, year)
                targets.approve_set(s, sec, pid, year)
    with Session(engine) as s:
        r = plan.region_to_nation(s, ind, 2041, 2042)
    assert r["provinces_counted"] == 34
    assert math.fsum(x["share"] for x in r["regions"]) == pytest.approx(1.0)
    assert math.fsum(x["pct_points"] for x in r["regions"]) == pytest.approx(r["nation_growth"])
    assert math.fsum(x["change"] for x in r["regions"]) == pytest.approx(r["nation_change"])
    for region in r["regions"]:
        assert region["complete"]
        assert math.fsum(p["contribution"] for p in region["provinces"]) == pytest.approx(region["change"])
    with Session(engine) as s:
        growth = s.exec(select(Indicator.id).where(Indicator.code == "grdp_growth")).one()
        with pytest.raises(ValidationError):
            plan.region_to_nation(s, growth, 2041, 2042)


# --- agenda, briefing pack, export -----------------------------------------------------------


def test_agenda_gains_plan_items_and_the_pack_has_a_plan_section(engine, users):
    import io

    from docx import Document

    from council import briefing, meetings

    sec = users["secretariat"]
    target = _mekong_expressway_target(engine)
    p = _create_project(engine, sec, "DA-906", [("Cần Thơ", 20), ("Cà Mau", 30)], status="under_construction")
    with write_session(engine) as s:
        plan.link_project(s, sec, project_id=p["id"], target_id=target, quantity=50)
        late = plan.save_priority_project(
            s,
            sec,
            decision_code="287/QĐ-TTg",
            name_vi="Cảng biển kiểm thử",
            type="seaport",
            province_ids=[province_id(engine, "Cà Mau")],
            period="2021-2028",
        )
        m = meetings.create_meeting(
            s, sec, region_id=targets_region(engine, "Cần Thơ"), meeting_date=TODAY, place="Cần Thơ"
        )
        added = meetings.generate_agenda(s, sec, m["id"], today=TODAY)
    kinds = {(i["kind"], i["ref_entity"], i["ref_id"]) for i in added}
    assert ("target_short", "delivery", str(target)) in kinds
    assert ("priority_not_started", "priority_project", str(late["id"])) in kinds
    low = [i for i in added if i["kind"] == "reporting_low"]
    assert low and all(i["link"].startswith("plan?province=") for i in low)
    short = next(i for i in added if i["kind"] == "target_short")
    assert short["link"] == f"plan?target={target}"
    with Session(engine) as s:
        pack = briefing.build_pack(s, m["id"], "vi", TODAY)
        docx = briefing.export(s, m["id"], "docx", "vi", TODAY)
    item = next(i for i in pack.items if i.title == short["title"])
    assert any("đã hoàn thành 0" in line and "đang triển khai 50" in line for line in item.lines)
    assert item.chart is not None
    section = pack.sections[0]
    assert section.title == "Tình hình thực hiện quy hoạch vùng"
    assert any("còn thiếu 780" in line for line in section.lines)
    text = "\n".join(par.text for par in Document(io.BytesIO(docx)).paragraphs)
    assert "Tình hình thực hiện quy hoạch vùng" in text and "Cảng biển kiểm thử" in text


def test_excel_export_has_every_sheet(engine, users):
    import io

    import pandas as pd

    sec = users["secretariat"]
    target = _mekong_expressway_target(engine)
    p = _create_project(engine, sec, "DA-907", [("Cần Thơ", 20), ("Cà Mau", 30)])
    with write_session(engine) as s:
        plan.link_project(s, sec, project_id=p["id"], target_id=target, quantity=50)
    with Session(engine) as s:
        data = plan.export_excel(s, targets_region(engine, "Cần Thơ"), "vi", TODAY)
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None)
    assert set(sheets) == {"targets", "provinces", "projects", "derived", "checklist", "reporting", "late"}
    assert sheets["projects"].iloc[0]["Cách phân bổ"] == "theo chiều dài trên địa bàn"
    # A proposed project is listed with its split but not counted: the whole target is still missing.
    assert sheets["projects"].iloc[0]["Được tính là"].startswith("chưa được tính")
    assert sheets["targets"].iloc[0]["Còn thiếu"] == 830


# --- seed ------------------------------------------------------------------------------------


def test_the_seed_ships_an_empty_priority_list_and_loads_one_when_a_source_gives_it(
    engine, empty_engine, tmp_path
):
    import shutil

    from council.config import DATA_DIR
    from council.seed import seed

    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(PriorityProject)).one() == 0
    header = (DATA_DIR / "priority_projects.csv").read_text(encoding="utf-8")
    assert header.strip() == ",".join((*plan.PRIORITY_COLUMNS, *plan.PRIORITY_OPTIONAL))
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    with open(data / "priority_projects.csv", "a", encoding="utf-8") as f:
        f.write(
            "287/QĐ-TTg,Cao tốc Cần Thơ – Cà Mau,expressway,Cần Thơ;Cà Mau,2021-2025,,,https://example.org/qd\n"
        )
    assert seed(empty_engine, data).created.get("priority_project") == 1
    assert seed(empty_engine, data).created.get("priority_project") is None  # idempotent
    with Session(empty_engine) as s:
        row = plan.checklist(s)["rows"][0]
    assert (row["project_code"], row["provinces"], row["period_end"]) == (
        "DA-015",
        ["Cà Mau", "Cần Thơ"],
        2025,
    )


def test_suggested_credits_are_of_the_right_type_in_the_targets_area_and_not_linked_yet(engine, users):
    target = _mekong_expressway_target(engine)
    with Session(engine) as s:
        rows = {r["code"]: r for r in plan.suggest_links(s, target)}
        from council.models import Project

        lengths = {p.code: p.length_km for p in s.exec(select(Project)).all()}
    assert {"DA-015", "DA-016"} <= set(rows)  # Cần Thơ – Cà Mau, Mỹ Thuận – Cần Thơ (expressways)
    assert rows["DA-015"]["quantity"] == lengths["DA-015"]
    assert "DA-028" not in rows  # Rạch Miễu 2 is a bridge
    assert "DA-001" not in rows  # Ring Road 4 of Hà Nội: outside the Mekong Delta
    with write_session(engine) as s:
        plan.link_project(
            s, users["secretariat"], project_id=rows["DA-015"]["project_id"], target_id=target, quantity=1
        )
    with Session(engine) as s:
        assert "DA-015" not in {r["code"] for r in plan.suggest_links(s, target)}
