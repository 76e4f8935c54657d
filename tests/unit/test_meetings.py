"""Meetings: draft agenda rules on crafted data, agenda editing, decisions and follow-ups,
frozen decisions after closing, permissions and audit."""

from datetime import date

import pytest
from sqlmodel import Session, select

from council import audit, meetings, targets
from council.db import read_session, write_session
from council.errors import PermissionDenied, StaleEdit, ValidationError
from council.models import AgendaItem, Decision, FollowUp, Indicator, Meeting, Observation, Province, Target
from tests import meeting_factories as f

TODAY = date(2026, 11, 23)  # figures of 2025 are overdue (due 31/03/2026)
PAST, FUTURE = date(2026, 6, 30), date(2028, 12, 31)


def new_meeting(engine, actor, region_id: int, when: date = date(2026, 12, 1)) -> int:
    with write_session(engine) as s:
        return meetings.create_meeting(s, actor, region_id=region_id, meeting_date=when, place="Hà Nội")["id"]


def candidates(engine, meeting_id: int) -> list[tuple[str, str, str]]:
    with read_session(engine) as s:
        m = s.get(Meeting, meeting_id)
        return [(c.kind, c.ref_entity, c.ref_id) for c in meetings.draft_candidates(s, m, TODAY)]


def generate(engine, actor, meeting_id: int) -> list[dict]:
    with write_session(engine) as s:
        return meetings.generate_agenda(s, actor, meeting_id, today=TODAY)


def test_each_rule_adds_exactly_the_expected_records_once(engine, users):
    sec = users["secretariat"]
    region = f.region_of(engine, "Hà Nội")
    mid = new_meeting(engine, sec, region)
    before = set(candidates(engine, mid))

    suspended_and_late = f.project(
        engine, "Đường vành đai tạm dừng", ["Hà Nội", "Hưng Yên"], status="suspended", planned_end=PAST
    )
    late = f.project(engine, "Cầu chậm tiến độ", ["Hải Phòng", "Quảng Ninh"], planned_end=PAST)
    behind = f.project(
        engine,
        "Tuyến đường sắt chậm so với kế hoạch",
        ["Hà Nội", "Bắc Ninh"],
        planned_start=date(2024, 1, 1),
        planned_end=FUTURE,
        progress=5,
    )
    split = f.project(
        engine,
        "Cấp nước liên tỉnh",
        ["Hà Nội", "Ninh Bình"],
        planned_end=FUTURE,
        shares={"Hà Nội": 60, "Ninh Bình": 40},
        accepted=("Hà Nội",),
    )
    f.project(
        engine,
        "Dự án đúng hạn, đã xác nhận",
        ["Hà Nội", "Ninh Bình"],
        planned_end=FUTURE,
        shares={"Hà Nội": 50, "Ninh Bình": 50},
        accepted=("Hà Nội", "Ninh Bình"),
    )
    f.project(engine, "Dự án hoàn thành", ["Hà Nội", "Hải Phòng"], status="completed", planned_end=PAST)
    f.project(
        engine,
        "Dự án vùng khác",
        ["Cần Thơ", "Cà Mau"],
        planned_end=PAST,
        shares={"Cần Thơ": 50, "Cà Mau": 50},
    )
    escalated = f.conflict(
        engine, "Chồng lấn quy hoạch", ["Hà Nội", "Hưng Yên"], status="escalated", due_on=PAST
    )
    overdue = f.conflict(
        engine, "Nguồn nước sông Đáy", ["Hà Nội", "Ninh Bình"], status="under_review", due_on=PAST
    )
    awaiting = f.conflict(
        engine, "Phân chia nguồn thu", ["Hải Phòng", "Quảng Ninh"], status="in_mediation", due_on=FUTURE
    )
    f.conflict(engine, "Mới tiếp nhận", ["Hà Nội", "Bắc Ninh"], status="reported")
    f.conflict(engine, "Đã giải quyết", ["Hà Nội", "Bắc Ninh"], status="resolved", due_on=PAST)
    f.conflict(engine, "Xung đột vùng khác", ["Cần Thơ", "Cà Mau"], status="escalated")
    indicator = next(iter(targets.list_targets(Session(engine), region)))["indicator_id"]
    hanoi = f.pid(engine, "Hà Nội")
    f.observation(engine, "Hà Nội", indicator, 2023, "returned", reason="Thiếu nguồn số liệu")
    f.observation(engine, "Cần Thơ", indicator, 2023, "returned", reason="Không thuộc vùng")

    after = candidates(engine, mid)
    assert len(after) == len(set(after)), "a record twice"
    new = set(after) - before
    assert new == {
        ("project_suspended", "project", str(suspended_and_late)),
        ("project_late", "project", str(late)),
        ("project_late", "project", str(behind)),
        ("cost_split_pending", "cost_split", str(split)),
        ("conflict_escalated", "conflict", str(escalated)),
        ("conflict_overdue", "conflict", str(overdue)),
        ("conflict_awaiting", "conflict", str(awaiting)),
        ("figures_returned", "figures", f"{hanoi}:2023"),
    }
    assert before - set(after) == set()


def test_target_and_missing_figure_rules(engine, users):
    sec = users["secretariat"]
    region = f.region_of(engine, "Hà Nội")
    mid = new_meeting(engine, sec, region)
    # A crafted target far behind its path: 10 -> 100 over 2020-2030, 11 observed in 2025.
    with write_session(engine) as s:
        indicator = Indicator(
            code="test_off_track",
            name_vi="Chỉ tiêu kiểm thử",
            name_en="Test indicator",
            unit="điểm",
            aggregation="mean",
        )
        s.add(indicator)
        s.flush()
        target = Target(
            indicator_id=indicator.id,
            region_id=region,
            plan_region="Đồng bằng sông Hồng",
            baseline_year=2020,
            baseline_value=10,
            target_year=2030,
            target_text="100",
            target_low=100,
        )
        s.add(target)
        s.flush()
        for province_id in s.exec(select(Province.id).where(Province.region_id == region)).all():
            s.add(
                Observation(
                    province_id=province_id, indicator_id=indicator.id, year=2025, value=11, status="approved"
                )
            )
        crafted = str(target.id)
    with read_session(engine) as s:
        off = {
            str(t["id"]) for t in targets.list_targets(s, region) if t["progress"]["status"] == "off_track"
        }
        tracked = meetings.tracked_indicators(s, region)
    assert crafted in off
    found = candidates(engine, mid)
    assert {r for k, _, r in found if k == "target_off_track"} == off
    hanoi, haiphong = f.pid(engine, "Hà Nội"), f.pid(engine, "Hải Phòng")
    missing = {r for k, _, r in found if k == "figures_missing"}
    assert {f"{hanoi}:2025", f"{haiphong}:2025"} <= missing
    # Once Hà Nội has submitted every tracked figure of 2025, it leaves the agenda; Hải Phòng stays.
    for indicator in tracked[hanoi]:
        f.observation(engine, "Hà Nội", indicator, 2025, "submitted")
    missing = {r for k, _, r in candidates(engine, mid) if k == "figures_missing"}
    assert f"{hanoi}:2025" not in missing and f"{haiphong}:2025" in missing
    # A draft does not count as sent.
    f.observation(engine, "Hà Nội", sorted(tracked[hanoi])[0], 2025, "draft")
    assert f"{hanoi}:2025" in {r for k, _, r in candidates(engine, mid) if k == "figures_missing"}


def test_generate_adds_each_record_once_and_respects_dropped_items(engine, users):
    sec = users["secretariat"]
    region = f.region_of(engine, "Hà Nội")
    late = f.project(engine, "Cầu chậm tiến độ", ["Hải Phòng", "Quảng Ninh"], planned_end=PAST)
    mid = new_meeting(engine, sec, region)
    added = generate(engine, sec, mid)
    assert [a["position"] for a in added] == list(range(1, len(added) + 1))
    item = next(a for a in added if a["ref_entity"] == "project" and a["ref_id"] == str(late))
    assert item["title"] == "Cầu chậm tiến độ"
    assert generate(engine, sec, mid) == []
    with write_session(engine) as s:
        meetings.set_dropped(s, sec, item["id"], expected_version=item["version"], dropped=True)
    assert generate(engine, sec, mid) == []  # a dropped item is not brought back
    with read_session(engine) as s:
        detail = meetings.meeting_detail(s, mid)
    assert detail["items"][-1]["id"] == item["id"] and detail["items"][-1]["dropped"]
    assert detail["items"][-1]["link"] == f"project?project={late}"


def test_reorder_and_add_items(engine, users):
    sec = users["secretariat"]
    mid = new_meeting(engine, sec, f.region_of(engine, "Hà Nội"))
    with write_session(engine) as s:
        a = meetings.add_item(s, sec, mid, title="Nội dung A")
        b = meetings.add_item(s, sec, mid, title="Nội dung B")
        c = meetings.add_item(s, sec, mid, title="Nội dung C", summary="Tóm tắt")
    with write_session(engine) as s:
        order = meetings.move_item(s, sec, c["id"], expected_version=c["version"], step=-2)
    assert [i["title"] for i in order] == ["Nội dung C", "Nội dung A", "Nội dung B"]
    with pytest.raises(StaleEdit), write_session(engine) as s:
        meetings.move_item(s, sec, c["id"], expected_version=c["version"], step=1)
    with write_session(engine) as s:
        meetings.move_item(s, sec, a["id"], expected_version=a["version"], step=5)
    with read_session(engine) as s:
        assert [i["title"] for i in meetings.meeting_detail(s, mid)["items"]] == [
            "Nội dung C",
            "Nội dung B",
            "Nội dung A",
        ]
    with pytest.raises(ValidationError) as err, write_session(engine) as s:
        meetings.add_item(s, sec, mid, title="  ")
    assert err.value.field == "title"
    assert b["kind"] == "manual"


def test_decisions_create_follow_ups_that_close_and_reach_the_next_agenda(engine, users):
    sec = users["secretariat"]
    region = f.region_of(engine, "Hà Nội")
    conflict = f.conflict(engine, "Nguồn nước sông Đáy", ["Hà Nội", "Ninh Bình"], status="in_mediation")
    first = new_meeting(engine, sec, region, date(2026, 10, 1))
    item = next(
        a
        for a in generate(engine, sec, first)
        if a["ref_id"] == str(conflict) and a["ref_entity"] == "conflict"
    )
    assert item["link"] == f"conflicts?conflict={f.conflict_code(engine, conflict)}"
    hanoi = f.pid(engine, "Hà Nội")
    with write_session(engine) as s:
        d = meetings.record_decision(
            s,
            sec,
            item["id"],
            text="Hà Nội chủ trì, hoàn thành phương án xả lũ",
            province_ids=[hanoi],
            responsible_bodies="Bộ Nông nghiệp và Môi trường",
            deadline=date(2027, 1, 31),
        )
    assert d["province_ids"] == [hanoi]
    [fu] = d["follow_ups"]
    assert (fu["ref_entity"], fu["ref_id"], fu["status"]) == ("conflict", str(conflict), "open")
    with read_session(engine) as s:
        on_record = meetings.follow_ups_for(s, "conflict", conflict)
    assert [r["decision_text"] for r in on_record] == ["Hà Nội chủ trì, hoàn thành phương án xả lũ"]

    second = new_meeting(engine, sec, region, date(2026, 12, 1))
    follow = [a for a in generate(engine, sec, second) if a["kind"] == "follow_up"]
    assert [(a["ref_id"], a["link"]) for a in follow] == [(str(fu["id"]), f"meetings?follow_up={fu['id']}")]
    # A decision on the follow-up item follows the original record.
    with write_session(engine) as s:
        d2 = meetings.record_decision(
            s, sec, follow[0]["id"], text="Gia hạn đến 31/3/2027", province_ids=[hanoi]
        )
    assert (d2["follow_ups"][0]["ref_entity"], d2["follow_ups"][0]["ref_id"]) == ("conflict", str(conflict))

    with write_session(engine) as s:
        done = meetings.set_follow_up(
            s, sec, fu["id"], expected_version=fu["version"], done=True, note="Đã xong"
        )
    assert done["status"] == "done" and done["done_by"] == "sec"
    third = new_meeting(engine, sec, region, date(2027, 2, 1))
    assert str(fu["id"]) not in {r for k, _, r in candidates(engine, third) if k == "follow_up"}
    assert str(d2["follow_ups"][0]["id"]) in {r for k, _, r in candidates(engine, third) if k == "follow_up"}
    # Another region's meeting does not inherit the follow-up.
    other = new_meeting(engine, sec, f.region_of(engine, "Cần Thơ"), date(2027, 2, 1))
    assert not [k for k, _, _ in candidates(engine, other) if k == "follow_up"]


def test_closed_meeting_freezes_decisions_corrections_are_new_entries(engine, users):
    sec = users["secretariat"]
    mid = new_meeting(engine, sec, f.region_of(engine, "Hà Nội"))
    hanoi, ninhbinh = f.pid(engine, "Hà Nội"), f.pid(engine, "Ninh Bình")
    with write_session(engine) as s:
        item = meetings.add_item(s, sec, mid, title="Cấp nước liên tỉnh")
        d = meetings.record_decision(s, sec, item["id"], text="Bản đầu", province_ids=[hanoi])
    with write_session(engine) as s:  # open meeting: the decision may still be edited
        d = meetings.edit_decision(
            s,
            sec,
            d["id"],
            expected_version=d["version"],
            text="Bản sửa trong phiên",
            province_ids=[hanoi, ninhbinh],
        )
    assert d["text"] == "Bản sửa trong phiên" and d["province_ids"] == sorted([hanoi, ninhbinh])
    with read_session(engine) as s:
        version = s.get(Meeting, mid).version
    with write_session(engine) as s:
        meetings.close_meeting(s, sec, mid, expected_version=version)

    with pytest.raises(ValidationError) as err, write_session(engine) as s:
        meetings.edit_decision(
            s, sec, d["id"], expected_version=d["version"], text="Sửa lén", province_ids=[hanoi]
        )
    assert err.value.key == "meetings.error.frozen"
    for call in (
        lambda s: meetings.record_decision(s, sec, item["id"], text="Thêm sau", province_ids=[hanoi]),
        lambda s: meetings.add_item(s, sec, mid, title="Thêm sau"),
        lambda s: meetings.generate_agenda(s, sec, mid, today=TODAY),
        lambda s: meetings.set_dropped(s, sec, item["id"], expected_version=item["version"], dropped=True),
    ):
        with pytest.raises(ValidationError), write_session(engine) as s:
            call(s)

    with write_session(engine) as s:
        fix = meetings.correct_decision(
            s,
            sec,
            d["id"],
            text="Đính chính: Ninh Bình chủ trì",
            province_ids=[ninhbinh],
            deadline=date(2027, 6, 30),
        )
    assert fix["corrects_id"] == d["id"] and fix["id"] != d["id"]
    with read_session(engine) as s:
        original = meetings.decision_dict(s, s.get(Decision, d["id"]))
        statuses = {fu.decision_id: fu.status for fu in s.exec(select(FollowUp))}
    assert original["text"] == "Bản sửa trong phiên" and original["version"] == d["version"]
    assert original["corrected_by"] == fix["id"]
    assert statuses == {d["id"]: "superseded", fix["id"]: "open"}
    with pytest.raises(ValidationError), write_session(engine) as s:
        meetings.correct_decision(s, sec, d["id"], text="Đính chính lần hai", province_ids=[hanoi])
    with pytest.raises(ValidationError) as err, write_session(engine) as s:
        meetings.record_decision(s, sec, item["id"], text="x", province_ids=[])
    assert err.value.key == "meetings.error.closed"


def test_decision_validation(engine, users):
    sec = users["secretariat"]
    mid = new_meeting(engine, sec, f.region_of(engine, "Hà Nội"))
    with write_session(engine) as s:
        item = meetings.add_item(s, sec, mid, title="Nội dung")
    for kwargs, field in (
        ({"text": "", "province_ids": [1]}, "text"),
        ({"text": "Kết luận", "province_ids": []}, "provinces"),
        ({"text": "Kết luận", "province_ids": [99999]}, "provinces"),
    ):
        with pytest.raises(ValidationError) as err, write_session(engine) as s:
            meetings.record_decision(s, sec, item["id"], **kwargs)
        assert err.value.field == field
    with write_session(engine) as s:  # a body alone is enough
        meetings.record_decision(s, sec, item["id"], text="Kết luận", responsible_bodies="Bộ Xây dựng")


@pytest.mark.parametrize("who", ["rep_hanoi", "expert", "observer"])
def test_only_the_secretariat_manages_meetings(engine, users, who):
    sec, actor = users["secretariat"], users[who]
    region = f.region_of(engine, "Hà Nội")
    mid = new_meeting(engine, sec, region)
    with write_session(engine) as s:
        item = meetings.add_item(s, sec, mid, title="Nội dung")
        d = meetings.record_decision(
            s, sec, item["id"], text="Kết luận", province_ids=[f.pid(engine, "Hà Nội")]
        )
    calls = [
        lambda s: meetings.create_meeting(s, actor, region_id=region, meeting_date=TODAY, place="Hà Nội"),
        lambda s: meetings.generate_agenda(s, actor, mid, today=TODAY),
        lambda s: meetings.add_item(s, actor, mid, title="x"),
        lambda s: meetings.set_dropped(s, actor, item["id"], expected_version=item["version"], dropped=True),
        lambda s: meetings.move_item(s, actor, item["id"], expected_version=item["version"], step=1),
        lambda s: meetings.record_decision(s, actor, item["id"], text="x", responsible_bodies="y"),
        lambda s: meetings.edit_decision(
            s, actor, d["id"], expected_version=d["version"], text="x", responsible_bodies="y"
        ),
        lambda s: meetings.correct_decision(s, actor, d["id"], text="x", responsible_bodies="y"),
        lambda s: meetings.set_follow_up(s, actor, d["follow_ups"][0]["id"], expected_version=1, done=True),
        lambda s: meetings.close_meeting(s, actor, mid, expected_version=1),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied), write_session(engine) as s:
            call(s)
    with read_session(engine) as s:
        assert len(s.exec(select(AgendaItem)).all()) == 1
        assert len(audit.list_entries(s, action="refused", entity="meeting.manage")) == len(calls)
        # Everyone reads.
        assert meetings.meeting_detail(s, mid)["items"][0]["title"] == "Nội dung"


def test_everything_is_audited(engine, users):
    sec = users["secretariat"]
    mid = new_meeting(engine, sec, f.region_of(engine, "Hà Nội"))
    with write_session(engine) as s:
        item = meetings.add_item(s, sec, mid, title="Nội dung")
    with write_session(engine) as s:
        d = meetings.record_decision(s, sec, item["id"], text="Kết luận", responsible_bodies="Bộ Tài chính")
    with write_session(engine) as s:
        meetings.set_follow_up(s, sec, d["follow_ups"][0]["id"], expected_version=1, done=True)
    with read_session(engine) as s:
        entries = audit.list_entries(s, actor_name="sec")
    seen = {(e["entity"], e["action"]) for e in entries}
    assert {
        ("meeting", "create"),
        ("agenda_item", "create"),
        ("decision", "create"),
        ("follow_up", "create"),
        ("follow_up", "update"),
    } <= seen
    fu_update = next(e for e in entries if e["entity"] == "follow_up" and e["action"] == "update")
    assert fu_update["before"]["status"] == "open" and fu_update["after"]["status"] == "done"


def test_rules_in_isolation():
    def late(status, start, end, progress):
        return meetings.project_late(
            {"status": status, "planned_start": start, "planned_end": end, "progress_physical": progress},
            TODAY,
        )

    assert late("completed", None, date(2020, 1, 1), 0) == ""
    assert late("approved", None, date(2026, 1, 1), 0) == "overdue"
    assert late("under_construction", date(2026, 1, 1), date(2026, 12, 31), 85) == ""
    assert late("under_construction", date(2026, 1, 1), date(2026, 12, 31), 50) == "behind"
    assert late("under_construction", date(2026, 1, 1), date(2026, 12, 31), 0) == ""
    assert meetings.reporting_year(date(2026, 3, 31)) == 2024
    assert meetings.reporting_year(date(2026, 4, 1)) == 2025
    assert not meetings.conflict_overdue("resolved", date(2020, 1, 1), TODAY)
    assert meetings.conflict_overdue("reported", date(2026, 11, 22), TODAY)
    assert meetings.link_for("figures", "3:2025") == "figures?province=3&year=2025"
    assert meetings.link_for("", "") == ""
    assert meetings.link_for("cost_split", "7") == "project?project=7"
