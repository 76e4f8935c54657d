"""The progress and contribution maths on hand-computed cases."""

import math

import pytest

from council import targets as T
from council.errors import ValidationError

POP = {1: 100, 2: 300, 3: 600}


def test_aggregation_rules():
    values = {1: 10.0, 2: 20.0, 3: 30.0}
    assert T.aggregate(values, "sum", POP) == 60.0
    # (100*10 + 300*20 + 600*30) / 1000 = 25
    assert T.aggregate(values, "weighted_mean", POP) == pytest.approx(25.0)
    assert T.aggregate(values, "mean", POP) == pytest.approx(20.0)
    assert T.aggregate({}, "sum", POP) is None
    # A weighted mean only weighs the provinces that reported: (300*20 + 600*30) / 900
    assert T.aggregate({2: 20.0, 3: 30.0}, "weighted_mean", POP) == pytest.approx(24000 / 900)


def test_weighted_mean_without_population_is_refused():
    # No province with a weight: no regional value (never a mean with weight 0).
    assert T.aggregate({1: 1.0}, "weighted_mean", {1: None}) is None
    with pytest.raises(ValueError):
        T.weights_for("weighted_mean", [1], {1: None})
    with pytest.raises(ValueError):
        T.aggregate({1: 1.0}, "median", POP)


def test_shares_of_the_regional_total():
    s = T.shares({1: 10.0, 2: 30.0, 3: 60.0}, "sum", POP)
    assert s == {1: pytest.approx(0.1), 2: pytest.approx(0.3), 3: pytest.approx(0.6)}
    w = T.shares({1: 10.0, 2: 20.0, 3: 30.0}, "weighted_mean", POP)
    # parts 1000, 6000, 18000 of 25000
    assert w[1] == pytest.approx(0.04) and w[2] == pytest.approx(0.24) and w[3] == pytest.approx(0.72)
    assert math.fsum(w.values()) == pytest.approx(1.0)


@pytest.mark.parametrize("rule", ["sum", "weighted_mean", "mean"])
def test_contributions_add_up_to_the_regional_change(rule):
    before = {1: 10.0, 2: 20.0, 3: 30.0, 4: 5.0}
    after = {1: 13.0, 2: 18.0, 3: 36.0}
    pop = {**POP, 4: 50}
    res = T.contributions(before, after, rule, pop)
    assert res["provinces"] == [1, 2, 3]  # province 4 has no second year
    assert res["excluded_before"] == [4]
    assert math.fsum(res["by_province"].values()) == pytest.approx(
        res["region_after"] - res["region_before"], abs=1e-12
    )
    assert res["change"] == pytest.approx(res["region_after"] - res["region_before"], abs=1e-12)


def test_contributions_hand_computed_sum_and_weighted():
    res = T.contributions({1: 10.0, 2: 20.0}, {1: 15.0, 2: 17.0}, "sum", POP)
    assert res["by_province"] == {1: 5.0, 2: -3.0}
    assert res["change"] == 2.0
    assert res["pct_points"][1] == pytest.approx(100 * 5 / 30)
    wres = T.contributions({1: 10.0, 2: 20.0}, {1: 14.0, 2: 20.0}, "weighted_mean", POP)
    # weights 100/400 and 300/400: province 1 carries 0.25 * 4 = 1 point, province 2 none.
    assert wres["by_province"] == {1: pytest.approx(1.0), 2: pytest.approx(0.0)}
    assert wres["region_before"] == pytest.approx(17.5) and wres["region_after"] == pytest.approx(18.5)


def test_target_value_follows_direction():
    assert T.target_value(8.5, 9.0, "increase") == 8.5
    assert T.target_value(140, None, "increase") == 140
    assert T.target_value(None, 3.0, "decrease") == 3.0
    assert T.target_value(2.0, 3.0, "decrease") == 3.0


def status(series, **kw):
    base = dict(
        direction="increase", target=200.0, target_year=2030, baseline_year=2020, baseline_value=100.0
    )
    return T.progress_status(series, **{**base, **kw})


def required_cagr():
    return 2 ** (1 / 10) - 1  # 100 -> 200 over ten years


def value_at_ratio(ratio, years=5):
    """The value after ``years`` whose CAGR is ``ratio`` times the required CAGR."""
    return 100 * (1 + ratio * required_cagr()) ** years


def test_achieved_when_the_latest_value_reaches_the_target():
    assert status({2025: 200.0})["status"] == "achieved"
    assert status({2025: 199.99})["status"] != "achieved"
    assert status({2025: 2.9}, direction="decrease", target=3.0, baseline_value=5.0)["status"] == "achieved"


@pytest.mark.parametrize(
    ("ratio", "expected"),
    [
        (1.5, "on_track"),
        (0.951, "on_track"),
        (0.949, "at_risk"),
        (0.601, "at_risk"),
        (0.599, "off_track"),
        (0.0, "off_track"),
        (-0.5, "off_track"),
    ],
)
def test_status_thresholds_around_each_boundary(ratio, expected):
    s = status({2025: value_at_ratio(ratio)})
    assert s["ratio"] == pytest.approx(ratio, abs=1e-9)
    assert s["status"] == expected
    assert s["required_growth"] == pytest.approx(required_cagr())
    assert s["growth_method"] == "cagr"
    assert s["thresholds"] == {"on_track": 0.95, "at_risk": 0.60}


def test_classify_boundaries_exact():
    assert T.classify(0.95) == "on_track"
    assert T.classify(0.9499999) == "at_risk"
    assert T.classify(0.6) == "at_risk"
    assert T.classify(0.5999999) == "off_track"


def test_status_carries_its_inputs_and_path():
    s = status({2025: 130.0})
    # observed CAGR 1.3^(1/5)-1, required 2^(1/10)-1
    assert s["observed_growth"] == pytest.approx(1.3**0.2 - 1)
    assert s["ratio"] == pytest.approx((1.3**0.2 - 1) / required_cagr())
    assert s["status"] == "at_risk"  # 0.0539 / 0.0718 = 0.751
    assert s["expected_now"] == pytest.approx(150.0)  # straight path 100 -> 200, halfway
    assert (s["baseline_year"], s["baseline_value"], s["baseline_source"]) == (2020, 100.0, "target")
    assert (s["latest_year"], s["latest_value"]) == (2025, 130.0)


def test_decrease_direction_uses_falling_growth():
    # unemployment 5 -> 3 by 2030; 2025 at 4: observed CAGR (0.8)^(1/5)-1, required (0.6)^(1/10)-1
    s = status({2025: 4.0}, direction="decrease", target=3.0, baseline_value=5.0)
    assert s["ratio"] == pytest.approx((0.8**0.2 - 1) / (0.6**0.1 - 1))  # 0.876
    assert s["status"] == "at_risk"
    worse = status({2025: 5.5}, direction="decrease", target=3.0, baseline_value=5.0)
    assert worse["ratio"] < 0 and worse["status"] == "off_track"


def test_baseline_from_the_earliest_observation_when_the_target_has_none():
    s = status({2021: 100.0, 2024: 120.0}, baseline_value=None)
    assert s["baseline_source"] == "observed" and s["baseline_year"] == 2021
    assert s["observed_growth"] == pytest.approx(1.2 ** (1 / 3) - 1)
    assert s["required_growth"] == pytest.approx(2 ** (1 / 9) - 1)


def test_no_data_cases_say_why():
    assert status({})["reason"] == "no_observation"
    assert status({2025: 120.0}, baseline_value=None)["reason"] == "single_observation"
    assert status({2025: 1.0}, target=None)["reason"] == "no_target"
    for s in (status({}), status({2025: 120.0}, baseline_value=None)):
        assert s["status"] == "no_data"


def test_linear_growth_when_a_value_is_not_positive():
    s = status({2025: 0.0}, baseline_value=-10.0, target=10.0)
    assert s["growth_method"] == "linear"
    assert s["observed_growth"] == pytest.approx(2.0) and s["required_growth"] == pytest.approx(2.0)
    assert s["status"] == "on_track"


def test_annual_rate_targets_compare_the_mean_rate():
    # GRDP growth 7 %/year on average over 2021-2030; 2021-2023 averaged 6.3 -> R = 0.9
    s = T.progress_status(
        {2020: 2.0, 2021: 6.0, 2022: 6.5, 2023: 6.4},
        direction="increase",
        target=7.0,
        target_year=2030,
        baseline_year=2020,
        annual_rate=True,
    )
    assert s["years_used"] == [2021, 2022, 2023]  # the baseline year itself is not in the period
    assert s["mean_value"] == pytest.approx(6.3)
    assert s["ratio"] == pytest.approx(0.9)
    assert s["status"] == "at_risk"
    done = T.progress_status(
        {y: 7.2 for y in range(2021, 2031)},
        direction="increase",
        target=7.0,
        target_year=2030,
        baseline_year=2020,
        annual_rate=True,
    )
    assert done["status"] == "achieved"
    early = T.progress_status(
        {2021: 7.2}, direction="increase", target=7.0, target_year=2030, baseline_year=2020, annual_rate=True
    )
    assert early["status"] == "on_track"  # above the rate, but the period is not over
    assert T.is_annual_rate("%/năm") and T.is_annual_rate("điểm %/năm")
    assert not T.is_annual_rate("%") and not T.is_annual_rate("triệu đồng/người/năm")


def test_path_value_is_a_straight_line():
    assert T.path_value(2020, 100, 2030, 200, 2020) == 100
    assert T.path_value(2020, 100, 2030, 200, 2027) == pytest.approx(170)


def test_default_quotas_split_by_baseline_share_and_add_up():
    q = T.default_quotas(1000.0, {1: 10.0, 2: 30.0, 3: 60.0}, "sum")
    assert q == {1: pytest.approx(100.0), 2: pytest.approx(300.0), 3: pytest.approx(600.0)}
    assert T.check_quotas(q, 1000.0, "sum", POP)["ok"]
    means = T.default_quotas(9.0, {1: 5.0, 2: 7.0}, "weighted_mean")
    assert means == {1: 9.0, 2: 9.0}
    assert T.check_quotas(means, 9.0, "weighted_mean", POP)["ok"]
    with pytest.raises(ValidationError):
        T.default_quotas(1000.0, {}, "sum")


def test_quota_check_reports_the_difference():
    chk = T.check_quotas({1: 100.0, 2: 250.0}, 400.0, "sum", POP)
    assert not chk["ok"] and chk["difference"] == pytest.approx(-50.0) and chk["aggregate"] == 350.0
    # Weighted: (100*8 + 300*10)/400 = 9.5
    assert T.check_quotas({1: 8.0, 2: 10.0}, 9.5, "weighted_mean", POP)["ok"]
