"""Every versioned write is a compare-and-set in the database (issue 14, items 3 and 4), on
SQLite and PostgreSQL: two decisions on one figure set, eight moves of one agenda item from the
same version, an acceptance of a split that moved, a batch of figures with a foreign row.

The races put both writers past their reads before either writes (a barrier inside the write):
on PostgreSQL both transactions really run at once; SQLite serialises write transactions
(BEGIN IMMEDIATE), so there the barrier times out and the writers take turns."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlmodel import Session, select

from council import agreements, meetings, projects, targets
from council.db import make_engine, write_session
from council.errors import CouncilError, NotFound, PermissionDenied, StaleEdit
from council.models import AgendaItem, AuditEntry, Indicator, Observation, Project
from tests.conftest import province_id

YEAR = 2031


def _indicator(engine, code: str = "urbanisation") -> int:
    with Session(engine) as s:
        return s.exec(select(Indicator.id).where(Indicator.code == code)).one()


def race(engine, monkeypatch, module, calls, *, hooks: tuple[str, ...], after: bool = True) -> list:
    """Run each ``call(session)`` in its own thread and engine at once; each waits at a barrier
    just after (or before) its first call of one of ``module``'s ``hooks`` (its read of the
    record, or its lock). Returns each call's result or exception."""
    url = engine.url.render_as_string(hide_password=False)
    barrier = threading.Barrier(len(calls))
    local = threading.local()

    def gate(real):
        def wait():
            if not getattr(local, "passed", False):
                local.passed = True
                try:
                    barrier.wait(timeout=1.5)
                except threading.BrokenBarrierError:
                    pass  # SQLite: the others wait on the write lock, not here

        def gated(*args, **kwargs):
            if not after:
                wait()
            result = real(*args, **kwargs)
            if after:
                wait()
            return result

        return gated

    for hook in hooks:
        monkeypatch.setattr(module, hook, gate(getattr(module, hook)))
    results: list = [None] * len(calls)

    def run(i, call):
        own = make_engine(url)
        try:
            with write_session(own) as s:
                results[i] = call(s)
        except BaseException as exc:  # noqa: BLE001 - returned to the test
            results[i] = exc
        finally:
            own.dispose()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _submitted_set(engine, users) -> int:
    hanoi = province_id(engine, "Hà Nội")
    with write_session(engine) as s:
        targets.apply_edits(
            s,
            users["rep_hanoi"],
            [{"province_id": hanoi, "indicator_id": _indicator(engine), "year": YEAR, "value": 50.0}],
        )
        targets.submit_set(s, users["rep_hanoi"], hanoi, YEAR)
    return hanoi


def test_approve_and_return_of_one_set_at_once_only_one_wins(engine, users, monkeypatch):
    hanoi = _submitted_set(engine, users)
    sec = users["secretariat"]
    results = race(
        engine,
        monkeypatch,
        targets,
        [
            lambda s: targets.approve_set(s, sec, hanoi, YEAR),
            lambda s: targets.return_set(s, sec, hanoi, YEAR, "Thiếu nguồn"),
        ],
        hooks=("_set_rows",),
    )
    won = [r for r in results if r == 1]
    lost = [r for r in results if isinstance(r, CouncilError)]
    assert len(won) == 1 and len(lost) == 1, results
    # PostgreSQL: the loser's compare-and-set matched no row. SQLite: it ran second and found
    # no submitted figure left. Either way one decision is recorded, once.
    assert isinstance(lost[0], StaleEdit) or lost[0].key == "targets.error.nothing_submitted"
    with Session(engine) as s:
        o = s.exec(
            select(Observation).where(Observation.province_id == hanoi, Observation.year == YEAR)
        ).one()
        moves = s.exec(
            select(AuditEntry.note).where(
                AuditEntry.entity == "observation",
                AuditEntry.entity_id == str(o.id),
                AuditEntry.action == "transition",
            )
        ).all()
    assert o.status in ("approved", "returned")
    assert moves == ["draft->submitted", f"submitted->{o.status}"]


def test_a_decision_on_a_set_that_changed_since_it_was_shown_is_refused(engine, users):
    hanoi = _submitted_set(engine, users)
    sec = users["secretariat"]
    with Session(engine) as s:
        shown = {
            o.id: o.version
            for o in s.exec(
                select(Observation).where(Observation.province_id == hanoi, Observation.year == YEAR)
            )
        }
    # Returned, corrected and resubmitted by the province after the secretariat looked.
    with write_session(engine) as s:
        targets.return_set(s, sec, hanoi, YEAR, "Sai đơn vị")
    with write_session(engine) as s:
        f = targets.figures_for(s, hanoi, YEAR)
        row = next(r for r in f if r["value"] is not None)
        targets.apply_edits(
            s,
            users["rep_hanoi"],
            [
                {
                    "province_id": hanoi,
                    "indicator_id": row["indicator_id"],
                    "year": YEAR,
                    "value": 90.0,
                    "version": row["version"],
                }
            ],
        )
        targets.submit_set(s, users["rep_hanoi"], hanoi, YEAR)
    with pytest.raises(StaleEdit), write_session(engine) as s:
        targets.approve_set(s, sec, hanoi, YEAR, shown)
    with Session(engine) as s:
        assert {o.status for o in s.exec(select(Observation).where(Observation.year == YEAR))} == {
            "submitted"
        }


def test_eight_moves_of_one_agenda_item_from_one_version_only_one_wins(engine, users, monkeypatch):
    sec = users["secretariat"]
    hanoi = province_id(engine, "Hà Nội")
    with write_session(engine) as s:
        from council.models import Province

        region = s.get(Province, hanoi).region_id
        meeting = meetings.create_meeting(
            s, sec, region_id=region, meeting_date=date(2026, 12, 15), place="Hà Nội"
        )
        ids = [meetings.add_item(s, sec, meeting["id"], title=f"Mục {i}")["id"] for i in range(4)]
    with Session(engine) as s:
        version = s.get(AgendaItem, ids[3]).version
    results = race(
        engine,
        monkeypatch,
        meetings,
        [lambda s: meetings.move_item(s, sec, ids[3], expected_version=version, step=-1) for _ in range(8)],
        hooks=("_item_for_edit",),
    )
    won = [r for r in results if isinstance(r, list)]
    lost = [r for r in results if isinstance(r, StaleEdit)]
    assert (len(won), len(lost)) == (1, 7), results
    with Session(engine) as s:
        items = sorted(
            s.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting["id"])), key=lambda i: i.position
        )
        assert [i.id for i in items] == [ids[0], ids[1], ids[3], ids[2]]
        assert s.get(AgendaItem, ids[3]).version == version + 1


def test_accepting_a_split_that_moved_since_it_was_shown_is_refused(engine, users):
    sec = users["secretariat"]
    with Session(engine) as s:
        project = s.exec(select(Project).where(Project.code == "DA-001")).one()
    with write_session(engine) as s:
        seen = projects.adopt_formula(s, sec, project.id, project.version, "equal")["version"]
    # The secretariat adopts another formula while the representative looks at the equal split.
    with write_session(engine) as s:
        projects.adopt_formula(s, sec, project.id, seen, "population")
    hanoi = province_id(engine, "Hà Nội")
    with pytest.raises(StaleEdit) as exc, write_session(engine) as s:
        projects.accept_share(s, users["rep_hanoi"], project.id, hanoi, expected_version=seen)
    assert exc.value.params["by"] == "sec"
    with Session(engine) as s:
        d = projects.project_detail(s, project.id)
    assert all(m["accepted_at"] is None for m in d["participants"])
    with write_session(engine) as s:
        projects.accept_share(s, users["rep_hanoi"], project.id, hanoi, expected_version=d["version"])


def test_an_acceptance_and_a_new_formula_at_once_never_record_a_split_not_seen(engine, users, monkeypatch):
    sec = users["secretariat"]
    hanoi = province_id(engine, "Hà Nội")
    with Session(engine) as s:
        project = s.exec(select(Project).where(Project.code == "DA-001")).one()
    with write_session(engine) as s:
        seen = projects.adopt_formula(s, sec, project.id, project.version, "equal")["version"]
    results = race(
        engine,
        monkeypatch,
        projects,
        [
            lambda s: projects.accept_share(s, users["rep_hanoi"], project.id, hanoi, expected_version=seen),
            lambda s: projects.adopt_formula(s, sec, project.id, seen, "population"),
        ],
        hooks=("lock_version", "save_versioned"),
        after=False,
    )
    assert not isinstance(results[1], BaseException), results
    assert results[0] is None or isinstance(results[0], dict | StaleEdit), results
    # The new split is the one in force and nobody has accepted it: an acceptance either came
    # first (and the new formula cleared it) or was refused.
    with Session(engine) as s:
        d = projects.project_detail(s, project.id)
    assert d["version"] == results[1]["version"]
    assert all(m["accepted_at"] is None for m in d["participants"])


def test_deleting_an_agreement_someone_just_edited_is_refused(engine, users, monkeypatch):
    sec = users["secretariat"]
    hanoi, hungyen = province_id(engine, "Hà Nội"), province_id(engine, "Hưng Yên")
    fields = dict(province_ids=[hanoi, hungyen], form="informal_cooperation", status="draft")
    with write_session(engine) as s:
        a = agreements.create_agreement(s, sec, title="Thỏa thuận", **fields)
    with Session(engine) as s:
        from council.models import Agreement

        version = s.get(Agreement, a["id"]).version
    results = race(
        engine,
        monkeypatch,
        agreements,
        [
            lambda s: agreements.update_agreement(
                s,
                sec,
                a["id"],
                expected_version=version,
                title="Thỏa thuận (sửa)",
                date_signed=None,
                **fields,
            ),
            lambda s: agreements.delete_agreement(s, sec, a["id"], expected_version=version),
        ],
        hooks=("load_for_edit",),
    )
    errors = [r for r in results if isinstance(r, BaseException)]
    # Exactly one wins: the edit first (the delete is then stale) or the delete first (the edit
    # then finds no record); never both.
    assert len(errors) == 1 and isinstance(errors[0], StaleEdit | NotFound), results


def test_a_batch_of_figures_with_one_foreign_row_is_refused_whole(engine, users):
    hanoi, cantho = province_id(engine, "Hà Nội"), province_id(engine, "Cần Thơ")
    ind = _indicator(engine)
    batch = [
        {"province_id": hanoi, "indicator_id": ind, "year": YEAR, "value": 51.0},
        {"province_id": cantho, "indicator_id": ind, "year": YEAR, "value": 99.0},
    ]
    with pytest.raises(PermissionDenied), write_session(engine) as s:
        targets.apply_edits(s, users["rep_hanoi"], batch)
    with Session(engine) as s:
        assert s.exec(select(Observation).where(Observation.year == YEAR)).all() == []
    with write_session(engine) as s:
        assert targets.apply_edits(s, users["secretariat"], batch) == 2


def test_saving_an_agreement_someone_deleted_meanwhile_says_it_is_gone(engine, users):
    """The edit read the record, then the delete committed before the edit's UPDATE: the user is
    told the record no longer exists (not an ORM error about an expired object)."""
    from council.models import Agreement
    from council.versioning import load_for_edit, save_versioned

    sec = users["secretariat"]
    fields = dict(
        province_ids=[province_id(engine, "Hà Nội"), province_id(engine, "Hưng Yên")],
        form="informal_cooperation",
        status="draft",
    )
    with write_session(engine) as s:
        a = agreements.create_agreement(s, sec, title="Thỏa thuận", **fields)
    with Session(engine) as editing:
        record = load_for_edit(editing, Agreement, a["id"], 1, "agreement")
        editing.commit()  # the edit's read is over; the delete may now commit on either engine
        with write_session(engine) as s:
            agreements.delete_agreement(s, sec, a["id"], expected_version=1)
        with pytest.raises(NotFound):
            save_versioned(editing, record, 1, "agreement", sec.username, {"title": "Thỏa thuận (sửa)"})
