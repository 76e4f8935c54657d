"""The six steps of building an agreement (seed 004): ratings validated, order of steps, where
the agreement stands, optimistic locking, audit, secretariat only."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from council import preparation
from council.auth import Actor
from council.db import read_session, write_session
from council.errors import PermissionDenied, StaleEdit, ValidationError
from council.models import AuditEntry
from council.sharing_models import AgreementStep
from tests.unit.test_sharing import SEC, _agreement


def _groups(rating=2):
    return {
        g: {"representative": "Hiệp hội", **dict.fromkeys(preparation.RATINGS, rating)}
        for g in preparation.GROUPS
    }


def test_steps_move_on_in_order_and_the_agreement_shows_where_it_stands(engine, users):
    aid = _agreement(engine, ("Hà Nội", "Hưng Yên"))
    with read_session(engine) as s:
        assert preparation.progress(s, aid)["current"] == 1
    with pytest.raises(ValidationError) as err, write_session(engine) as s:
        preparation.save_step(s, SEC, aid, 2, status="in_progress")
    assert err.value.field == "status"
    with write_session(engine) as s:
        one = preparation.save_step(
            s,
            SEC,
            aid,
            1,
            owner="Ban Kinh tế",
            start_date=date(2026, 1, 5),
            status="in_progress",
            details={"groups": _groups()},
        )
    assert len(one["details"]["groups"]) == 7
    with write_session(engine) as s:
        preparation.save_step(
            s, SEC, aid, 1, expected_version=1, status="done", details={"groups": _groups(3)}
        )
        preparation.save_step(s, SEC, aid, 2, status="in_progress", details={"text": "Ùn tắc cửa ngõ"})
    with pytest.raises(StaleEdit), write_session(engine) as s:
        preparation.save_step(s, SEC, aid, 1, expected_version=1, status="in_progress")
    with read_session(engine) as s:
        p = preparation.progress(s, aid)
        assert p["current"] == 2 and [x["status"] for x in p["steps"]][:3] == [
            "done",
            "in_progress",
            "not_started",
        ]
        entries = s.exec(select(AuditEntry).where(AuditEntry.entity == "agreement_step")).all()
        assert [e.action for e in entries] == ["create", "update", "create"]
    with pytest.raises(PermissionDenied), write_session(engine) as s:
        preparation.save_step(s, users["rep_hanoi"], aid, 3, status="not_started")


@pytest.mark.parametrize(
    ("step", "details", "field"),
    [
        (1, {"groups": {"business": {"legal_standing": 4}}}, "business.legal_standing"),
        (1, {"groups": {"army": {}}}, "groups"),
        (4, {"scenario_ids": [999]}, "scenario_ids"),
        (6, {"results": [{"kind": "profit", "date": date(2026, 1, 1)}]}, "results"),
    ],
)
def test_bad_step_content_is_refused_naming_the_field_and_nothing_is_written(engine, step, details, field):
    aid = _agreement(engine, ("Hà Nội", "Hưng Yên"))
    with pytest.raises(ValidationError) as err, write_session(engine) as s:
        preparation.save_step(s, Actor(None, "sec", "secretariat"), aid, step, details=details)
    assert err.value.field == field
    with read_session(engine) as s:
        assert s.exec(select(AgreementStep)).all() == []


def test_options_link_the_agreements_scenarios_and_the_results_log_is_kept(engine):
    from council import sharing
    from tests.unit.test_sharing import _arrangement

    arr = _arrangement(engine)
    aid = arr["agreement_id"]
    with write_session(engine) as s:
        sc = sharing.save_scenario(s, SEC, arr["id"], name="Đều", key="equal")["id"]
        for n in range(1, 4):
            preparation.save_step(s, SEC, aid, n, status="done")
        four = preparation.save_step(s, SEC, aid, 4, status="in_progress", details={"scenario_ids": [sc]})
        preparation.save_step(s, SEC, aid, 5, status="done")
        six = preparation.save_step(
            s,
            SEC,
            aid,
            6,
            status="in_progress",
            details={
                "results": [
                    {"date": date(2027, 6, 30), "kind": "savings", "text": "Giảm 12 tỷ đồng chi vận hành"}
                ]
            },
        )
    assert four["details"]["scenario_ids"] == [sc]
    assert six["details"]["results"] == [
        {"date": "2027-06-30", "kind": "savings", "text": "Giảm 12 tỷ đồng chi vận hành"}
    ]
    with read_session(engine) as s:
        assert preparation.agreement_scenarios(s, aid) == [{"id": sc, "label": f"{arr['code']} · Đều"}]
        assert preparation.progress(s, aid)["current"] == 4
