"""Per-indicator progress settings (issue 21, item 5): the method (CAGR ratio, linear, yearly-rate
mean) and the thresholds of each indicator change a status exactly as README.md, "Per-indicator
progress settings", states; the status names the settings it used; changes are versioned and
audited, and only the secretariat makes them."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from council import audit, targets
from council import targets as T
from council.db import write_session
from council.errors import PermissionDenied, StaleEdit, ValidationError
from council.models import Indicator, Province

# The README's example: baseline 40 in 2020, target 60 in 2030, 50.8 observed in 2026.
BASE = dict(direction="increase", target=60.0, target_year=2030, baseline_year=2020, baseline_value=40.0)
SERIES = {2026: 50.8}


def settings(**kw) -> dict:
    return T.progress_settings("%", kw)


def test_defaults_are_todays_method_and_thresholds():
    s = T.progress_status(SERIES, **BASE)
    assert (s["method"], s["settings_source"]) == ("cagr", "default")
    assert s["thresholds"] == {"on_track": 0.95, "at_risk": 0.60}
    assert T.progress_settings("%/năm")["method"] == "yearly_mean"
    assert T.progress_settings("%")["method"] == "cagr"
    assert T.progress_settings("%") == {
        "method": "cagr",
        "on_track": 0.95,
        "at_risk": 0.60,
        "source": "default",
    }


def test_cagr_ratio_is_on_track_where_the_linear_ratio_is_at_risk():
    cagr = T.progress_status(SERIES, **BASE, settings=settings(method="cagr"))
    # R = ((50.8/40)^(1/6) - 1) / ((60/40)^(1/10) - 1)
    expected = ((50.8 / 40) ** (1 / 6) - 1) / ((60 / 40) ** (1 / 10) - 1)
    assert cagr["ratio"] == pytest.approx(expected) and cagr["ratio"] == pytest.approx(0.982, abs=1e-3)
    assert (cagr["status"], cagr["growth_method"]) == ("on_track", "cagr")
    linear = T.progress_status(SERIES, **BASE, settings=settings(method="linear"))
    # R = ((50.8 - 40)/6) / ((60 - 40)/10) = 1.8 / 2 = 0.9
    assert linear["ratio"] == pytest.approx(0.9)
    assert (linear["status"], linear["growth_method"], linear["method"]) == ("at_risk", "linear", "linear")
    assert linear["settings_source"] == "indicator"


def test_thresholds_move_the_status_across_each_boundary():
    # Linear R = 0.9: at risk by default; on track when on_track is 0.85; off track when at_risk is 0.95
    # and on_track 1.0 ("a rate that must never fall behind its path").
    run = lambda **kw: T.progress_status(SERIES, **BASE, settings=settings(method="linear", **kw))  # noqa: E731
    assert run()["status"] == "at_risk"
    assert run(on_track=0.85)["status"] == "on_track"
    assert run(on_track=1.0, at_risk=0.95)["status"] == "off_track"
    assert run(on_track=0.899)["status"] == "on_track"
    assert run(on_track=1.0, at_risk=0.899)["status"] == "at_risk"
    assert run(on_track=1.0, at_risk=0.901)["status"] == "off_track"
    assert run(on_track=0.85)["thresholds"] == {"on_track": 0.85, "at_risk": 0.60}


def test_yearly_mean_reads_the_target_as_an_average_rate():
    # A level unit set to the yearly-rate mean: mean(5, 7) = 6 against 6.5 -> R = 6/6.5 = 0.923.
    base = dict(direction="increase", target=6.5, target_year=2030, baseline_year=2020)
    s = T.progress_status({2021: 5.0, 2022: 7.0}, **base, settings=settings(method="yearly_mean"))
    assert (s["method"], s["annual_rate"], s["mean_value"]) == ("yearly_mean", True, pytest.approx(6.0))
    assert s["ratio"] == pytest.approx(6 / 6.5) and s["status"] == "at_risk"
    s = T.progress_status(
        {2021: 5.0, 2022: 7.0}, **base, settings=settings(method="yearly_mean", on_track=0.9)
    )
    assert s["status"] == "on_track"
    # A %/năm indicator set to "cagr" is read as a level: the latest value against the target.
    s = T.progress_status({2021: 5.0, 2022: 7.0}, **base, annual_rate=True, settings=settings(method="cagr"))
    assert (s["annual_rate"], s["method"], s["mean_value"]) == (False, "cagr", None)


def _region_target(engine, sec) -> tuple[int, int]:
    """A 2026-2030 target of Hà Nội's region on urbanisation (baseline 40 in 2020, target 60), every
    province of the region with an approved 50.8 in 2026."""
    with write_session(engine) as s:
        ind = s.exec(select(Indicator).where(Indicator.code == "urbanisation")).one()
        region = s.exec(select(Province).where(Province.name_vi == "Hà Nội")).one().region_id
        tid = targets.save_target(
            s,
            sec,
            indicator_id=ind.id,
            plan_region="Đồng bằng sông Hồng",
            region_id=region,
            baseline_year=2020,
            baseline_value=40.0,
            target_year=2030,
            target_text="60",
            period="2026-2030",
            source_document="kiểm thử",
        )
        pids = [p.id for p in s.exec(select(Province).where(Province.region_id == region))]
        targets.apply_edits(
            s, sec, [{"province_id": p, "indicator_id": ind.id, "year": 2026, "value": 50.8} for p in pids]
        )
        for p in pids:
            targets.submit_set(s, sec, p, 2026)
            targets.approve_set(s, sec, p, 2026)
        return tid, ind.id


def test_a_saved_setting_changes_the_regional_status_and_is_versioned_and_audited(engine, users):
    sec = users["secretariat"]
    tid, ind = _region_target(engine, sec)
    with Session(engine) as s:
        before = targets.target_detail(s, tid)["progress"]
    assert (before["status"], before["method"], before["settings_source"]) == ("on_track", "cagr", "default")
    with write_session(engine) as s:
        saved = targets.save_progress_settings(s, sec, ind, expected_version=0, method="linear")
    assert (saved["method"], saved["version"]) == ("linear", 1)
    with Session(engine) as s:
        after = targets.target_detail(s, tid)["progress"]
    assert (after["status"], after["ratio"]) == ("at_risk", pytest.approx(0.9))
    assert (after["method"], after["settings_source"]) == ("linear", "indicator")
    with write_session(engine) as s:
        targets.save_progress_settings(s, sec, ind, expected_version=1, method="linear", on_track="0,85")
    with Session(engine) as s:
        p = targets.target_detail(s, tid)["progress"]
        assert p["status"] == "on_track" and p["thresholds"]["on_track"] == 0.85
        log = audit.list_entries(s, entity="indicator_progress")
        assert [(e["action"], e["after"]["method"], e["after"]["on_track"]) for e in log] == [
            ("update", "linear", 0.85),
            ("create", "linear", None),
        ]
        assert targets.indicator_progress(s)[ind]["version"] == 2
    # A form opened on version 1 is refused once version 2 is saved.
    with pytest.raises(StaleEdit), write_session(engine) as s:
        targets.save_progress_settings(s, sec, ind, expected_version=1, method="cagr")
    # Back to the defaults: every field empty.
    with write_session(engine) as s:
        targets.save_progress_settings(s, sec, ind, expected_version=2)
    with Session(engine) as s:
        p = targets.target_detail(s, tid)["progress"]
        assert (p["status"], p["method"], p["settings_source"]) == ("on_track", "cagr", "default")


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"method": "median"}, "targets.error.bad_choice"),
        ({"on_track": "0"}, "targets.error.bad_threshold"),
        ({"on_track": "6"}, "targets.error.bad_threshold"),
        ({"at_risk": "abc"}, "targets.error.bad_threshold"),
        ({"on_track": "0,5"}, "targets.error.thresholds_order"),  # below the default at-risk 0.60
        ({"on_track": 0.8, "at_risk": 0.9}, "targets.error.thresholds_order"),
    ],
)
def test_bad_settings_are_refused_naming_the_field(engine, users, fields, key):
    with Session(engine) as s:
        ind = s.exec(select(Indicator.id).where(Indicator.code == "urbanisation")).one()
    with pytest.raises(ValidationError) as exc, write_session(engine) as s:
        targets.save_progress_settings(s, users["secretariat"], ind, expected_version=0, **fields)
    assert exc.value.key == key


def test_only_the_secretariat_sets_progress_settings(engine, users):
    with Session(engine) as s:
        ind = s.exec(select(Indicator.id).where(Indicator.code == "urbanisation")).one()
    for role in ("rep_hanoi", "expert", "observer"):
        with pytest.raises(PermissionDenied), write_session(engine) as s:
            targets.save_progress_settings(s, users[role], ind, expected_version=0, method="linear")
