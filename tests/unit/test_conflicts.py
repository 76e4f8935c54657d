"""Conflicts: the record, the workflow and its role matrix, overdue and ageing, comments
(permissions per role and party, threading, edit history, moderation), views, exports, safety."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from sqlmodel import Session, select

from council import audit, auth, conflicts
from council.db import read_session, write_session
from council.errors import NotFound, PermissionDenied, StaleEdit, ValidationError
from council.models import CONFLICT_STATUSES, Comment, CommentRevision, Project, Province
from council.safe_markdown import safe_markdown
from tests.conftest import province_id

HANOI, HAIPHONG, CANTHO = "Hà Nội", "Hải Phòng", "Cần Thơ"
XSS = (
    '<script>alert("x")</script> <img src=x onerror="alert(1)"> '
    "[bấm vào đây](javascript:alert(document.cookie)) [data](data:text/html;base64,PHNjcmlwdD4=)"
)


def _parties(engine, *names):
    return [{"province_id": province_id(engine, n), "position": f"Quan điểm của {n}"} for n in names]


def _open(engine, actor, *names, **kw):
    kw.setdefault("title", "Ô nhiễm sông Đáy giữa Hà Nội và Hải Phòng")
    kw.setdefault("type", "environment")
    kw.setdefault("severity", "high")
    with write_session(engine) as s:
        return conflicts.open_conflict(
            s, actor, parties=_parties(engine, *(names or (HANOI, HAIPHONG))), **kw
        )


def _detail(engine, cid, today=None):
    with read_session(engine) as s:
        return conflicts.conflict_detail(s, cid, today=today)


def _move(engine, actor, cid, to, note=""):
    version = _detail(engine, cid)["version"]
    with write_session(engine) as s:
        conflicts.transition(s, actor, cid, to_status=to, expected_version=version, note=note)


def _comment(engine, actor, cid, body="Ý kiến", stance="support", reason="Vì lợi ích chung", **kw):
    with write_session(engine) as s:
        return conflicts.add_comment(s, actor, cid, body=body, stance=stance, reason=reason, **kw)


# --- opening -------------------------------------------------------------------------


def test_secretariat_opens_a_conflict_with_parties_projects_and_owner(engine, users):
    with read_session(engine) as s:
        project = s.exec(select(Project).order_by(Project.id)).first()
    opened = _open(
        engine,
        users["secretariat"],
        project_ids=[project.id],
        description="Mô tả **chi tiết**",
        opened_on=date(2026, 3, 2),
        due_on=date(2026, 6, 30),
    )
    assert opened["code"] == "C-2026-001"
    d = _detail(engine, opened["id"])
    assert d["status"] == "reported" and d["owner"] == "sec" and d["severity"] == "high"
    assert {p["name_vi"]: p["position"] for p in d["parties"]} == {
        HANOI: "Quan điểm của Hà Nội",
        HAIPHONG: "Quan điểm của Hải Phòng",
    }
    assert [p["code"] for p in d["projects"]] == [project.code]
    assert [(e["from_status"], e["to_status"], e["actor"]) for e in d["timeline"]] == [
        (None, "reported", "sec")
    ]
    assert _open(engine, users["secretariat"], opened_on=date(2026, 4, 1))["code"] == "C-2026-002"
    with read_session(engine) as s:
        entry = audit.list_entries(s, entity="conflict", entity_id=str(opened["id"]))[0]
        assert entry["action"] == "create" and entry["actor"] == "sec"
        assert len(entry["after"]["parties"]) == 2 and entry["after"]["projects"] == [project.id]
        # The project register sees it.
        linked = conflicts.conflicts_for_project(s, project.id)
    assert [(c["code"], c["status"], c["open"]) for c in linked] == [("C-2026-001", "reported", True)]


def test_who_may_open_a_conflict(engine, users):
    # A representative may open one only where their own province is a party.
    assert _open(engine, users["rep_hanoi"])["code"].startswith("C-")
    with pytest.raises(PermissionDenied):
        _open(engine, users["rep_cantho"])
    for role in ("expert", "observer"):
        with pytest.raises(PermissionDenied):
            _open(engine, users[role])
    with read_session(engine) as s:
        assert len(conflicts.list_conflicts(s)) == 1
        refused = audit.list_entries(s, action="refused")
    assert len(refused) == 3 and {r["entity"] for r in refused} == {"conflict.open"}


@pytest.mark.parametrize(
    "change, field",
    [
        (dict(parties_names=(HANOI,)), "parties"),
        (dict(parties_names=(HANOI, HANOI)), "parties"),
        (dict(title="   "), "title"),
        (dict(type="war"), "type"),
        (dict(severity="extreme"), "severity"),
        (dict(opened_on=date(2026, 5, 1), due_on=date(2026, 4, 1)), "due_on"),
        (dict(project_ids=[999_999]), "projects"),
        (dict(blank_position=True), "position"),
    ],
)
def test_opening_validates_every_field(engine, users, change, field):
    kw = dict(change)
    names = kw.pop("parties_names", (HANOI, HAIPHONG))
    parties = _parties(engine, *names)
    if kw.pop("blank_position", False):
        parties[1]["position"] = "  "
    kw.setdefault("title", "Tiêu đề")
    with pytest.raises(ValidationError) as err, write_session(engine) as s:
        conflicts.open_conflict(s, users["secretariat"], parties=parties, **kw)
    assert err.value.field == field
    with read_session(engine) as s:
        assert conflicts.list_conflicts(s) == []


def test_owner_must_be_an_active_secretariat_user(engine, users):
    with pytest.raises(ValidationError) as err:
        _open(engine, users["secretariat"], owner_id=users["expert"].id)
    assert err.value.field == "owner"
    # A representative's conflict has no owner until the secretariat assigns one.
    cid = _open(engine, users["rep_hanoi"])["id"]
    assert _detail(engine, cid)["owner"] == ""


def test_edit_conflict_changes_parties_and_projects_with_optimistic_lock(engine, users):
    cid = _open(engine, users["secretariat"])["id"]
    d = _detail(engine, cid)
    with read_session(engine) as s:
        project_ids = [p.id for p in s.exec(select(Project).order_by(Project.id).limit(2))]
    parties = _parties(engine, HANOI, CANTHO)
    parties[0]["position"] = "Hà Nội đề nghị lùi thời hạn"
    with pytest.raises(PermissionDenied), write_session(engine) as s:
        conflicts.edit_conflict(
            s,
            users["rep_hanoi"],
            cid,
            expected_version=d["version"],
            title="X",
            parties=parties,
            type="other",
            severity="low",
        )
    with write_session(engine) as s:
        conflicts.edit_conflict(
            s,
            users["secretariat"],
            cid,
            expected_version=d["version"],
            title="Tên mới",
            parties=parties,
            type="water_basin",
            severity="critical",
            project_ids=project_ids,
            due_on=date.today() + timedelta(days=10),
            owner_id=users["secretariat"].id,
        )
    after = _detail(engine, cid)
    assert (
        after["title"] == "Tên mới"
        and after["type"] == "water_basin"
        and after["version"] == d["version"] + 1
    )
    assert {p["name_vi"]: p["position"] for p in after["parties"]} == {
        HANOI: "Hà Nội đề nghị lùi thời hạn",
        CANTHO: "Quan điểm của Cần Thơ",
    }
    assert len(after["projects"]) == 2
    # A form opened before that save is refused, naming who saved and nothing is written.
    with pytest.raises(StaleEdit) as stale, write_session(engine) as s:
        conflicts.edit_conflict(
            s,
            users["secretariat"],
            cid,
            expected_version=d["version"],
            title="Cũ",
            parties=parties,
            type="other",
            severity="low",
        )
    assert stale.value.params["by"] == "sec"
    assert _detail(engine, cid)["title"] == "Tên mới"
    with read_session(engine) as s:
        entry = audit.list_entries(s, entity="conflict", action="update")[0]
    assert {"title", "parties", "projects", "type", "severity"} <= set(entry["changed"])


# --- workflow --------------------------------------------------------------------------


def test_transition_table_is_explicit_and_complete():
    assert set(conflicts.TRANSITIONS) == set(CONFLICT_STATUSES)
    assert conflicts.TRANSITIONS["closed"] == ()
    for targets in conflicts.TRANSITIONS.values():
        assert set(targets) <= set(CONFLICT_STATUSES)


PATH_TO = {
    "reported": [],
    "under_review": ["under_review"],
    "in_mediation": ["under_review", "in_mediation"],
    "resolved": ["under_review", "in_mediation", "resolved"],
    "escalated": ["under_review", "escalated"],
    "closed": ["under_review", "in_mediation", "resolved", "closed"],
}


@pytest.mark.parametrize("src", CONFLICT_STATUSES)
def test_every_transition_is_allowed_or_refused_by_the_table(engine, users, src):
    sec = users["secretariat"]
    for dst in CONFLICT_STATUSES:
        cid = _open(engine, sec)["id"]
        for step in PATH_TO[src]:
            _move(engine, sec, cid, step, note="Ghi chú bước")
        if dst in conflicts.TRANSITIONS[src]:
            _move(engine, sec, cid, dst, note="Kết luận của Hội đồng")
            assert _detail(engine, cid)["status"] == dst
        else:
            with pytest.raises(ValidationError) as err:
                _move(engine, sec, cid, dst, note="Kết luận")
            assert err.value.field == "status", dst
            assert _detail(engine, cid)["status"] == src


@pytest.mark.parametrize("role", ["rep_hanoi", "expert", "observer"])
def test_only_the_secretariat_moves_a_conflict(engine, users, role):
    cid = _open(engine, users["secretariat"])["id"]
    with pytest.raises(PermissionDenied):
        _move(engine, users[role], cid, "under_review")
    d = _detail(engine, cid)
    assert d["status"] == "reported" and len(d["timeline"]) == 1


@pytest.mark.parametrize("to", ["resolved", "escalated"])
def test_resolving_or_escalating_needs_a_written_note(engine, users, to):
    sec = users["secretariat"]
    cid = _open(engine, sec)["id"]
    _move(engine, sec, cid, "under_review")
    _move(engine, sec, cid, "in_mediation")
    with pytest.raises(ValidationError) as err:
        _move(engine, sec, cid, to, note="   ")
    assert err.value.field == "note"
    _move(engine, sec, cid, to, note="Hai tỉnh thống nhất phương án")
    d = _detail(engine, cid)
    assert d["resolution_note"] == "Hai tỉnh thống nhất phương án"
    assert [(e["from_status"], e["to_status"]) for e in d["timeline"]] == [
        (None, "reported"),
        ("reported", "under_review"),
        ("under_review", "in_mediation"),
        ("in_mediation", to),
    ]
    last = d["timeline"][-1]
    assert (
        last["actor"] == "sec" and last["note"] == "Hai tỉnh thống nhất phương án" and last["at"] is not None
    )
    with read_session(engine) as s:
        entries = audit.list_entries(s, entity="conflict", action="transition")
    assert [e["note"] for e in entries][:1] == [f"in_mediation -> {to}"]
    assert entries[0]["before"]["status"] == "in_mediation" and entries[0]["after"]["status"] == to


def test_a_stale_transition_is_refused(engine, users):
    sec = users["secretariat"]
    cid = _open(engine, sec)["id"]
    opened_version = _detail(engine, cid)["version"]
    _move(engine, sec, cid, "under_review")
    with pytest.raises(StaleEdit), write_session(engine) as s:
        conflicts.transition(s, sec, cid, to_status="in_mediation", expected_version=opened_version)
    assert _detail(engine, cid)["status"] == "under_review"


def test_overdue_and_ageing(engine, users):
    sec = users["secretariat"]
    today = date(2026, 11, 23)
    late = _open(engine, sec, opened_on=date(2026, 7, 1), due_on=date(2026, 11, 22))["id"]
    due_today = _open(engine, sec, opened_on=date(2026, 11, 1), due_on=today)["id"]
    no_due = _open(engine, sec, opened_on=date(2026, 1, 1))["id"]
    settled = _open(engine, sec, opened_on=date(2026, 2, 1), due_on=date(2026, 3, 1))["id"]
    for step in ("under_review", "in_mediation"):
        _move(engine, sec, settled, step)
    _move(engine, sec, settled, "resolved", note="Đã thống nhất")
    assert _detail(engine, late, today)["overdue"] is True
    assert _detail(engine, due_today, today)["overdue"] is False
    assert _detail(engine, no_due, today)["overdue"] is False
    assert _detail(engine, settled, today)["overdue"] is False
    assert _detail(engine, late, today)["age_days"] == 145
    with read_session(engine) as s:
        rows = conflicts.list_conflicts(s, today=today)
        assert [r["id"] for r in conflicts.list_conflicts(s, overdue=True, today=today)] == [late]
    by_id = {r["id"]: r for r in rows}
    assert by_id[late]["age_bucket"] == "90_180" and by_id[due_today]["age_bucket"] == "lt30"
    assert by_id[no_due]["age_bucket"] == "gt180"
    dash = conflicts.dashboard(rows)
    assert dash["open"] == 3 and dash["overdue"] == 1
    assert dash["by_age"] == {"lt30": 1, "30_90": 0, "90_180": 1, "gt180": 1}
    assert dash["by_type"] == {"environment": 3}
    assert dash["by_province"] == {HANOI: 3, HAIPHONG: 3}


def test_escalated_past_due_is_overdue_until_resolved():
    assert conflicts.is_overdue("escalated", date(2026, 1, 1), date(2026, 1, 2))
    assert not conflicts.is_overdue("resolved", date(2026, 1, 1), date(2026, 1, 2))
    assert not conflicts.is_overdue("closed", date(2026, 1, 1), date(2026, 1, 2))
    assert [conflicts.age_bucket(d) for d in (0, 29, 30, 89, 90, 179, 180)] == [
        "lt30",
        "lt30",
        "30_90",
        "30_90",
        "90_180",
        "90_180",
        "gt180",
    ]


def test_times_show_in_vietnam_local_time():
    # Stored moments are UTC (SQLite returns them without a zone); the council reads Vietnam time.
    shown = conflicts.local_time(datetime(2026, 11, 23, 20, 10))
    assert (shown.date(), shown.hour, shown.minute) == (date(2026, 11, 24), 3, 10)
    assert conflicts.local_time(None) is None


def test_filters_board_and_region(engine, users):
    sec = users["secretariat"]
    north = _open(engine, sec, HANOI, HAIPHONG, type="environment", severity="low")["id"]
    mixed = _open(
        engine,
        sec,
        HANOI,
        CANTHO,
        type="revenue_sharing",
        severity="critical",
        title="Chia sẻ nguồn thu cảng",
    )["id"]
    _move(engine, sec, mixed, "under_review")
    with read_session(engine) as s:
        cantho = province_id(engine, CANTHO)
        south_region = s.get(Province, cantho).region_id
        assert [r["id"] for r in conflicts.list_conflicts(s, region_id=south_region)] == [mixed]
        assert [r["id"] for r in conflicts.list_conflicts(s, province_id=cantho)] == [mixed]
        assert [r["id"] for r in conflicts.list_conflicts(s, type="environment")] == [north]
        assert [r["id"] for r in conflicts.list_conflicts(s, severity="critical")] == [mixed]
        assert [r["id"] for r in conflicts.list_conflicts(s, status="under_review")] == [mixed]
        assert [r["id"] for r in conflicts.list_conflicts(s, search="chia se nguon thu")] == [mixed]
        assert [r["id"] for r in conflicts.list_conflicts(s, search="can tho")] == [mixed]
        rows = conflicts.list_conflicts(s)
    columns = conflicts.board(rows)
    assert list(columns) == list(CONFLICT_STATUSES)
    assert [r["id"] for r in columns["reported"]] == [north]
    assert [r["id"] for r in columns["under_review"]] == [mixed]
    assert columns["closed"] == []


# --- comments --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("secretariat", True),
        ("expert", True),
        ("rep_hanoi", True),
        ("rep_cantho", False),
        ("observer", False),
    ],
)
def test_comment_permissions_per_role_and_party(engine, users, who, allowed):
    cid = _open(engine, users["secretariat"], HANOI, HAIPHONG)["id"]
    if allowed:
        _comment(engine, users[who], cid)
        assert [c["author_id"] for c in _detail(engine, cid)["comments"]] == [users[who].id]
    else:
        with pytest.raises(PermissionDenied):
            _comment(engine, users[who], cid)
        assert _detail(engine, cid)["comments"] == []
    with read_session(engine) as s:
        assert conflicts.can_comment(s, users[who], cid) is allowed


def test_representative_of_a_new_party_may_comment_after_the_edit(engine, users):
    sec = users["secretariat"]
    cid = _open(engine, sec, HANOI, HAIPHONG)["id"]
    with pytest.raises(PermissionDenied):
        _comment(engine, users["rep_cantho"], cid)
    with write_session(engine) as s:
        conflicts.edit_conflict(
            s,
            sec,
            cid,
            expected_version=_detail(engine, cid)["version"],
            title="T",
            parties=_parties(engine, HANOI, HAIPHONG, CANTHO),
            type="other",
            severity="low",
        )
    _comment(engine, users["rep_cantho"], cid)


def test_stance_and_reason_are_required(engine, users):
    cid = _open(engine, users["secretariat"])["id"]
    for kw, field in (
        (dict(stance="maybe"), "stance"),
        (dict(stance="oppose", reason=" "), "reason"),
        (dict(body="  "), "body"),
    ):
        with pytest.raises(ValidationError) as err:
            _comment(engine, users["expert"], cid, **kw)
        assert err.value.field == field
    # Information needs no reason.
    _comment(engine, users["expert"], cid, stance="information", reason="")


def test_threaded_replies_are_limited_in_depth(engine, users):
    cid = _open(engine, users["secretariat"])["id"]
    other = _open(engine, users["secretariat"])["id"]
    top = _comment(engine, users["expert"], cid, body="Gốc")
    reply = _comment(engine, users["rep_hanoi"], cid, body="Trả lời", parent_id=top, stance="oppose")
    deeper = _comment(
        engine, users["secretariat"], cid, body="Trả lời sâu hơn", parent_id=reply, stance="information"
    )
    second = _comment(engine, users["expert"], cid, body="Ý kiến thứ hai", stance="conditional")
    with pytest.raises(ValidationError) as err:
        _comment(engine, users["expert"], cid, parent_id=deeper)
    assert err.value.field == "parent"
    with pytest.raises(ValidationError):
        _comment(engine, users["expert"], other, parent_id=top)  # a comment of another conflict
    comments = _detail(engine, cid)["comments"]
    assert [(c["id"], c["depth"]) for c in comments] == [(top, 0), (reply, 1), (deeper, 2), (second, 0)]


def test_author_edits_own_comment_and_history_keeps_previous_text(engine, users):
    cid = _open(engine, users["secretariat"])["id"]
    mid = _comment(engine, users["expert"], cid, body="Bản đầu", stance="support", reason="Lý do 1")
    with pytest.raises(PermissionDenied), write_session(engine) as s:
        conflicts.edit_comment(
            s, users["secretariat"], mid, expected_version=1, body="Sửa hộ", stance="oppose", reason="x"
        )
    with write_session(engine) as s:
        conflicts.edit_comment(
            s,
            users["expert"],
            mid,
            expected_version=1,
            body="Bản sửa",
            stance="conditional",
            reason="Lý do 2",
        )
    with pytest.raises(StaleEdit), write_session(engine) as s:
        conflicts.edit_comment(
            s, users["expert"], mid, expected_version=1, body="Muộn", stance="oppose", reason="y"
        )
    c = _detail(engine, cid)["comments"][0]
    assert (c["body"], c["stance"], c["reason"]) == ("Bản sửa", "conditional", "Lý do 2")
    assert c["edited_at"] is not None and c["version"] == 2
    assert [(r["body"], r["stance"], r["reason"]) for r in c["revisions"]] == [
        ("Bản đầu", "support", "Lý do 1")
    ]
    with read_session(engine) as s:
        entry = audit.list_entries(s, entity="comment", action="update")[0]
        assert entry["before"]["body"] == "Bản đầu" and entry["after"]["body"] == "Bản sửa"
        assert len(s.exec(select(CommentRevision)).all()) == 1


def test_secretariat_hides_a_comment_replies_stay_and_who_why_are_kept(engine, users):
    cid = _open(engine, users["secretariat"])["id"]
    top = _comment(engine, users["expert"], cid, body="Lời lẽ không phù hợp", stance="oppose")
    reply = _comment(engine, users["rep_hanoi"], cid, body="Trả lời vẫn còn", parent_id=top)
    for who in ("expert", "rep_hanoi", "observer"):
        with pytest.raises(PermissionDenied), write_session(engine) as s:
            conflicts.hide_comment(s, users[who], top, expected_version=1, reason="x")
    with pytest.raises(ValidationError) as err, write_session(engine) as s:
        conflicts.hide_comment(s, users["secretariat"], top, expected_version=1, reason=" ")
    assert err.value.field == "reason"
    with write_session(engine) as s:
        conflicts.hide_comment(s, users["secretariat"], top, expected_version=1, reason="Ngôn từ xúc phạm")
    d = _detail(engine, cid)
    hidden, kept = d["comments"]
    assert hidden["hidden"] and hidden["body"] == "" and hidden["stance"] is None
    assert hidden["hidden_by"] == "sec" and hidden["hidden_reason"] == "Ngôn từ xúc phạm"
    assert conflicts.hidden_placeholder(hidden, "vi") == (
        f"Đã ẩn bởi Cơ quan thường trực ngày {hidden['hidden_at']:%d/%m/%Y}: Ngôn từ xúc phạm"
    )
    assert kept["id"] == reply and kept["body"] == "Trả lời vẫn còn" and kept["parent_id"] == top
    assert d["stances"] == {"support": 1, "oppose": 0, "conditional": 0, "information": 0}
    with read_session(engine) as s:
        stored = s.get(Comment, top)
        assert stored.body == "Lời lẽ không phù hợp"  # hidden, never deleted
        assert stored.hidden_by_id == users["secretariat"].id
        entry = audit.list_entries(s, entity="comment", action="hide")[0]
    assert entry["actor"] == "sec" and entry["note"] == "Ngôn từ xúc phạm"
    # A hidden comment can neither be edited by its author nor replied to.
    with pytest.raises(ValidationError), write_session(engine) as s:
        conflicts.edit_comment(
            s, users["expert"], top, expected_version=2, body="Sửa", stance="oppose", reason="x"
        )
    with pytest.raises(ValidationError):
        _comment(engine, users["expert"], cid, parent_id=top)


def test_stance_summary_counts_visible_comments(engine, users):
    cid = _open(engine, users["secretariat"])["id"]
    for stance in ("support", "support", "support", "support", "oppose", "conditional", "conditional"):
        _comment(engine, users["expert"], cid, stance=stance)
    assert _detail(engine, cid)["stances"] == {"support": 4, "oppose": 1, "conditional": 2, "information": 0}


def test_closed_conflict_takes_no_more_comments(engine, users):
    sec = users["secretariat"]
    cid = _open(engine, sec)["id"]
    for step, note in (("under_review", ""), ("escalated", "Báo cáo Thủ tướng"), ("closed", "")):
        _move(engine, sec, cid, step, note=note)
    with pytest.raises(ValidationError) as err:
        _comment(engine, users["expert"], cid)
    assert err.value.params["field"] == "status"


def test_expert_declares_interest_shown_with_affiliation(engine, users):
    cid = _open(engine, users["secretariat"], HANOI, HAIPHONG)["id"]
    with write_session(engine) as s:
        auth.update_user(
            s,
            auth.SYSTEM,
            users["expert"].id,
            expected_version=1,
            affiliation="Viện Quy hoạch xây dựng Hà Nội",
        )
    _comment(engine, users["expert"], cid, interest_declared="Tôi từng tư vấn cho UBND thành phố Hà Nội")
    c = _detail(engine, cid)["comments"][0]
    assert c["affiliation"] == "Viện Quy hoạch xây dựng Hà Nội"
    assert c["interest_declared"] == "Tôi từng tư vấn cho UBND thành phố Hà Nội"
    assert c["possible_interest"] == [HANOI]


def test_missing_records_are_reported(engine, users):
    with pytest.raises(NotFound), read_session(engine) as s:
        conflicts.conflict_detail(s, 424242)
    with pytest.raises(NotFound):
        _comment(engine, users["expert"], 424242)


# --- safety and exports -----------------------------------------------------------------


def test_script_and_javascript_link_are_stored_as_text_and_rendered_inert(engine, users):
    cid = _open(engine, users["secretariat"])["id"]
    mid = _comment(engine, users["expert"], cid, body=XSS, reason="<b>lý do</b>")
    with Session(engine) as s:
        assert s.get(Comment, mid).body == XSS  # stored exactly as typed
    shown = safe_markdown(XSS)
    assert "<" not in shown  # no tag can reach the renderer
    assert "](javascript:" not in shown.lower() and "](data:" not in shown.lower()
    assert "&lt;script>" in shown and "&lt;img src=x onerror" in shown
    page = conflicts.dossier_html(_detail(engine, cid), "vi")
    assert "<script" not in page.lower() and "<img" not in page.lower() and "<b>lý do" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    "text, expected",
    [
        ("[ok](https://chinhphu.vn) **đậm**", "[ok](https://chinhphu.vn) **đậm**"),
        ("[mail](mailto:vp@hoidong.vn)", "[mail](mailto:vp@hoidong.vn)"),
        ("[x](JavaScript:alert(1))", "[x]\\(JavaScript:alert(1))"),
        ("[x]( \n javascript:alert(1))", "[x]\\( \n javascript:alert(1))"),
        ("[a [b] c](vbscript:msgbox)", "[a [b] c]\\(vbscript:msgbox)"),
        ("[x](&#106;avascript:alert(1))", "[x]\\(&amp;#106;avascript:alert(1))"),
        ("[x](<javascript:alert(1)>)", "[x]\\(&lt;javascript:alert(1)>)"),
        ("![ảnh](https://x.vn/a.png)", "[ảnh](https://x.vn/a.png)"),
        ("![ảnh](data:image/png;base64,AAAA)", "[ảnh]\\(data:image/png;base64,AAAA)"),
        ("[r]: javascript:alert(1)\n\n[x][r]", "\\[r]: javascript:alert(1)\n\n[x][r]"),
        ("R&D, 5 < 7", "R&amp;D, 5 &lt; 7"),
    ],
)
def test_safe_markdown(text, expected):
    assert safe_markdown(text) == expected


def test_list_excel_and_dossier_exports(engine, users):
    sec = users["secretariat"]
    cid = _open(
        engine, sec, title='=HYPERLINK("http://x")', due_on=date(2020, 1, 2), opened_on=date(2019, 12, 1)
    )["id"]
    _comment(
        engine,
        users["expert"],
        cid,
        body="Cần **đánh giá** thêm",
        stance="conditional",
        reason="Thiếu số liệu",
    )
    with read_session(engine) as s:
        rows = conflicts.list_conflicts(s, today=date(2026, 1, 1))
    data = conflicts.export_list_excel(rows, "vi")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:5] == ["Mã", "Tên vụ việc", "Loại", "Mức độ", "Trạng thái"]
    # The title typed as a formula is a text cell holding exactly that text: never a formula.
    assert values[1][0] == "C-2019-001" and values[1][1].startswith("=")
    assert sheet.cell(row=2, column=2).data_type == "s"
    assert values[1][4] == "Tiếp nhận" and values[1][5] == "Hà Nội, Hải Phòng" and values[1][8] == "Có"
    page = conflicts.dossier_html(_detail(engine, cid), "vi")
    for text in (
        "C-2019-001",
        "Môi trường, ô nhiễm",
        "Quan điểm của Hà Nội",
        "Tiếp nhận",
        "Cần **đánh giá** thêm",
        "Thiếu số liệu",
        "Đồng ý có điều kiện",
        "02/01/2020",
        "Quá hạn",
    ):
        assert text in page, text


def test_a_representatives_comment_names_their_province(engine, users):
    cid = _open(engine, users["secretariat"], HANOI, HAIPHONG)["id"]
    _comment(engine, users["rep_hanoi"], cid)
    c = _detail(engine, cid)["comments"][0]
    assert c["author_role"] == "province_rep" and c["author_province"] == "Hà Nội"
