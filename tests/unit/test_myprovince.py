""" "My province" lists exactly that province's items, each with its link; "what changed
since my last visit" comes from the audit log and concerns the user."""

from datetime import UTC, date, datetime, timedelta

from council import audit, meetings, myprovince
from council.db import read_session, write_session
from council.models import Comment, Observation
from tests import meeting_factories as f

TODAY = date(2026, 11, 23)
PAST, FUTURE = date(2026, 6, 30), date(2028, 12, 31)


def _craft(engine, users) -> dict:
    """The same kinds of items for Hà Nội and for Cần Thơ."""
    ids = {}
    for name, other in (("Hà Nội", "Hưng Yên"), ("Cần Thơ", "Cà Mau")):
        ids[name] = {
            "late": f.project(engine, f"Cầu chậm tiến độ {name}", [name, other], planned_end=PAST),
            "on_time": f.project(engine, f"Đường đúng hạn {name}", [name, other], planned_end=FUTURE),
            "share": f.project(
                engine,
                f"Cấp nước {name}",
                [name, other],
                planned_end=FUTURE,
                shares={name: 55, other: 45},
                accepted=(other,),
            ),
            "accepted": f.project(
                engine,
                f"Kè sông {name}",
                [name, other],
                planned_end=FUTURE,
                shares={name: 50, other: 50},
                accepted=(name,),
            ),
            "conflict": f.conflict(engine, f"Nguồn nước {name}", [name, other], status="in_mediation"),
            "settled": f.conflict(engine, f"Đã xong {name}", [name, other], status="closed"),
        }
        f.observation(engine, name, 1, 2024, "returned", reason=f"Thiếu nguồn ({name})")
    sec = users["secretariat"]
    with write_session(engine) as s:
        m = meetings.create_meeting(
            s, sec, region_id=f.region_of(engine, "Hà Nội"), meeting_date=TODAY, place="Hà Nội"
        )
        item = meetings.add_item(s, sec, m["id"], title="Nội dung")
        for name in ("Hà Nội", "Cần Thơ"):
            ids[name]["decision"] = meetings.record_decision(
                s,
                sec,
                item["id"],
                text=f"{name} báo cáo phương án",
                province_ids=[f.pid(engine, name)],
                deadline=date(2027, 1, 15),
            )["id"]
    return ids


def test_lists_exactly_the_province_items(engine, users):
    ids = _craft(engine, users)
    hanoi = f.pid(engine, "Hà Nội")
    with read_session(engine) as s:
        view = myprovince.province_view(s, hanoi, TODAY)
    mine = ids["Hà Nội"]
    assert view["province"]["name_vi"] == "Hà Nội"
    late = [p["id"] for p in view["late_projects"]]
    assert mine["late"] in late and mine["on_time"] not in late
    assert not set(late) & set(ids["Cần Thơ"].values())
    assert [(s["project_id"], s["share"], s["link"]) for s in view["shares"]] == [
        (mine["share"], 55, f"project?project={mine['share']}")
    ]
    code = f.conflict_code(engine, mine["conflict"])
    assert [(c["id"], c["link"]) for c in view["conflicts"]] == [
        (mine["conflict"], f"conflicts?conflict={code}")
    ]
    assert [(d["id"], d["deadline"], d["status"]) for d in view["decisions"]] == [
        (mine["decision"], date(2027, 1, 15), "open")
    ]
    assert [(r["year"], r["count"], r["reasons"], r["link"]) for r in view["returned"]] == [
        (2024, 1, ["Thiếu nguồn (Hà Nội)"], f"figures?province={hanoi}&year=2024")
    ]
    due = {d["year"]: d for d in view["figures_due"]}
    assert due[2025]["overdue"] and due[2025]["deadline"] == date(2026, 3, 31)
    assert due[2025]["link"] == f"figures?province={hanoi}&year=2025"
    assert all(not d["overdue"] for y, d in due.items() if y == 2026)


def test_latest_comment_and_corrected_decisions(engine, users):
    ids = _craft(engine, users)
    hanoi = f.pid(engine, "Hà Nội")
    author = f.user_id(engine, "expert")
    t0 = datetime(2026, 11, 1, tzinfo=UTC)
    f.comment(engine, ids["Hà Nội"]["conflict"], author, "Ý kiến cũ", t0)
    hidden = f.comment(engine, ids["Hà Nội"]["conflict"], author, "Ý kiến đã ẩn", t0 + timedelta(days=2))
    f.comment(engine, ids["Hà Nội"]["conflict"], author, "Ý kiến mới nhất về xả lũ", t0 + timedelta(days=1))
    with write_session(engine) as s:
        c = s.get(Comment, hidden)
        c.hidden_at = t0 + timedelta(days=3)
        s.add(c)
    with read_session(engine) as s:
        [conflict] = myprovince.province_view(s, hanoi, TODAY)["conflicts"]
    assert conflict["latest_comment"]["body"] == "Ý kiến mới nhất về xả lũ"
    assert conflict["latest_comment"]["author"] == "expert"
    # A corrected decision is replaced by its correction on the province's list.
    with write_session(engine) as s:
        fix = meetings.correct_decision(
            s,
            users["secretariat"],
            ids["Hà Nội"]["decision"],
            text="Bản đính chính",
            province_ids=[hanoi],
            deadline=date(2027, 2, 1),
        )
    with read_session(engine) as s:
        decisions = myprovince.province_view(s, hanoi, TODAY)["decisions"]
    assert [(d["id"], d["text"]) for d in decisions] == [(fix["id"], "Bản đính chính")]


def test_what_changed_since_my_last_visit(engine, users):
    rep = users["rep_hanoi"]
    ids = _craft(engine, users)
    with write_session(engine) as s:
        assert myprovince.start_visit(s, rep) is None  # first visit
    with read_session(engine) as s:
        first = myprovince.changes_since(s, rep, None)
    # Decisions assigned to Hà Nội are there, Cần Thơ's are not.
    refs = [c["ref"] for c in first if c["entity"] == "decision"]
    assert refs == ["Hà Nội báo cáo phương án"]

    with write_session(engine) as s:
        since = myprovince.start_visit(s, rep)
    assert since is not None
    # Changes after the visit: a new comment on Hà Nội's conflict (via the audit log), an approval
    # of Hà Nội's figures, a comment on Cần Thơ's conflict, and the rep's own comment.
    expert_id, rep_id = f.user_id(engine, "expert"), f.user_id(engine, "rep.hanoi")
    observation_id = f.observation(engine, "Hà Nội", 2, 2025, "submitted")
    with write_session(engine) as s:
        for conflict, author, actor in (
            (ids["Hà Nội"]["conflict"], expert_id, users["expert"]),
            (ids["Cần Thơ"]["conflict"], expert_id, users["expert"]),
            (ids["Hà Nội"]["conflict"], rep_id, rep),
        ):
            cm = Comment(conflict_id=conflict, author_id=author, body="Ý kiến")
            s.add(cm)
            s.flush()
            audit.record(s, actor, "create", "comment", cm.id, after=cm)
    with write_session(engine) as s:
        o = s.get(Observation, observation_id)
        before = o.model_dump()
        o.status = "approved"
        s.add(o)
        audit.record(s, users["secretariat"], "transition", "observation", o.id, before=before, after=o)
    with read_session(engine) as s:
        changes = myprovince.changes_since(s, rep, since)
    assert [(c["entity"], c["actor"]) for c in changes] == [("observation", "sec"), ("comment", "expert")]
    assert changes[0]["status"] == "approved"
    assert changes[1]["link"] == f"conflicts?conflict={f.conflict_code(engine, ids['Hà Nội']['conflict'])}"
    # The expert follows the conflicts they commented on; the rep's comment concerns them.
    with read_session(engine) as s:
        expert_changes = myprovince.changes_since(s, users["expert"], since)
    assert [(c["entity"], c["actor"]) for c in expert_changes if c["entity"] == "comment"] == [
        ("comment", "rep.hanoi")
    ]


def test_entries_that_cannot_concern_the_reader_do_not_use_up_the_scan(engine, users, monkeypatch):
    """Only the kinds of record that can concern the reader are scanned: a reader without a
    province and who follows no conflict still sees a decision older than many comments and
    figure changes elsewhere (the scan reads the newest SCAN_LIMIT entries it can use)."""
    ids = _craft(engine, users)
    observer = users["observer"]
    expert_id = f.user_id(engine, "expert")
    with write_session(engine) as s:
        for _ in range(4):
            cm = Comment(conflict_id=ids["Cần Thơ"]["conflict"], author_id=expert_id, body="Ý kiến")
            s.add(cm)
            s.flush()
            audit.record(s, users["expert"], "create", "comment", cm.id, after=cm)
    monkeypatch.setattr(myprovince, "SCAN_LIMIT", 4)  # as many as the newer comments
    with read_session(engine) as s:
        refs = [c["ref"] for c in myprovince.changes_since(s, observer, None)]
    assert "Cần Thơ báo cáo phương án" in refs
    assert myprovince._entities(set(), set(), None, None) == ("decision", "follow_up")
    assert myprovince._entities({1}, set(), 5, set()) == ("comment", "conflict", "observation")
