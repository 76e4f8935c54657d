"""What the targets and figures pages read from council.targets (no page runs its own query):
the grid's changes, the indicators with approved figures, the scorecard's provinces."""

import math

import pytest

from council import targets
from council.db import read_session, write_session
from council.errors import StaleEdit
from tests.conftest import province_id
from tests.unit.test_figures_workflow import YEAR, edit, figure, indicator_id


def _row(indicator_id, value=None, comment="", follow_up=False, version=None):
    return {
        "indicator_id": indicator_id,
        "value": value,
        "comment": comment,
        "follow_up": follow_up,
        "version": version,
    }


def test_grid_edits_lists_only_what_changed_with_the_version_the_grid_was_opened_with():
    original = [_row(1, 10.0, version=3), _row(2, None), _row(3, 5.0, "cũ", True, version=1)]
    edited = [
        {"value": 10.0, "comment": "", "follow_up": False},  # unchanged
        {"value": 7.5, "comment": None, "follow_up": None},  # a new figure
        {"value": math.nan, "comment": "mới", "follow_up": False},  # cleared value, new comment
    ]
    assert targets.grid_edits(original, edited, 9, 2025) == [
        {"province_id": 9, "indicator_id": 2, "year": 2025, "version": None, "value": 7.5},
        {
            "province_id": 9,
            "indicator_id": 3,
            "year": 2025,
            "version": 1,
            "value": None,
            "comment": "mới",
            "follow_up": False,
        },
    ]


def test_grid_edits_of_an_untouched_grid_is_empty_and_a_grid_of_other_rows_is_refused():
    original = [_row(1, 1.0, version=1)]
    assert targets.grid_edits(original, [{"value": 1.0, "comment": "", "follow_up": False}], 1, 2025) == []
    with pytest.raises(ValueError):
        targets.grid_edits(original, [], 1, 2025)


def test_a_grid_edit_opened_before_someone_elses_save_is_refused(engine, users):
    rep = users["rep_hanoi"]
    edit(engine, rep, "Hà Nội", "urbanisation", 50.0)
    opened = figure(engine, "Hà Nội", "urbanisation")
    edit(engine, rep, "Hà Nội", "urbanisation", 51.0, version=opened["version"])  # another browser
    edits = targets.grid_edits(
        [opened], [{"value": 52.0, "comment": "", "follow_up": False}], province_id(engine, "Hà Nội"), YEAR
    )
    with pytest.raises(StaleEdit), write_session(engine) as s:
        targets.apply_edits(s, rep, edits)
    assert figure(engine, "Hà Nội", "urbanisation")["value"] == 51.0


def test_only_approved_figures_count_as_observed(engine, users):
    with read_session(engine) as s:
        before = targets.observed_indicator_ids(s)
    code = "urbanisation"
    iid = indicator_id(engine, code)
    edit(engine, users["rep_hanoi"], "Hà Nội", code, 50.0)
    with read_session(engine) as s:
        assert targets.observed_indicator_ids(s) == before  # a draft is not data yet
    pid = province_id(engine, "Hà Nội")
    with write_session(engine) as s:
        targets.submit_set(s, users["rep_hanoi"], pid, YEAR)
    with write_session(engine) as s:
        targets.approve_set(s, users["secretariat"], pid, YEAR)
    with read_session(engine) as s:
        assert iid in targets.observed_indicator_ids(s)


def test_scorecard_provinces_put_the_readers_own_province_first_when_outside_the_region(engine):
    hanoi, cantho = province_id(engine, "Hà Nội"), province_id(engine, "Cần Thơ")
    with read_session(engine) as s:
        from council.regions import list_provinces

        region = next(p["region_id"] for p in list_provinces(s) if p["id"] == hanoi)
        inside = targets.scorecard_provinces(s, region)
        with_own = targets.scorecard_provinces(s, region, cantho)
        own_inside = targets.scorecard_provinces(s, region, hanoi)
    assert hanoi in [p["id"] for p in inside] and cantho not in [p["id"] for p in inside]
    assert with_own[0] == {"id": cantho, "name_vi": "Cần Thơ"} and with_own[1:] == inside
    assert own_inside == inside
