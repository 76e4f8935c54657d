import math

import pytest

from council.figures.targets import (
    STATUS_COLOURS,
    STATUS_ORDER,
    contribution_bars,
    status_heatmap,
    target_series,
    value_map,
)


def test_status_heatmap_codes_each_status_and_leaves_uncovered_cells_blank():
    fig = status_heatmap(
        [["achieved", None], ["off_track", "no_data"]],
        ["#1 A", "#2 B"],
        ["Vùng", "Hà Nội"],
        [["Đạt", ""], ["Chậm", "—"]],
        [["h1", "ngoài"], ["h3", "h4"]],
    )
    (heat,) = fig.data
    codes = {s: i for i, s in enumerate(STATUS_ORDER)}
    assert [list(r) for r in heat.z] == [[codes["achieved"], None], [codes["off_track"], codes["no_data"]]]
    assert (heat.zmin, heat.zmax) == (-0.5, len(STATUS_ORDER) - 0.5)
    # Each status owns one band of the colour scale, in its own colour.
    colours = [c for _, c in heat.colorscale]
    assert colours == [STATUS_COLOURS[s] for s in STATUS_ORDER for _ in range(2)]
    assert fig.layout.height == 260 + 34 * 2 and fig.layout.yaxis.autorange == "reversed"


def test_target_series_draws_provinces_region_path_and_target():
    fig = target_series(
        [
            {"province": "Hà Nội", "year": 2020, "value": 1.0},
            {"province": "Hà Nội", "year": 2021, "value": 2.0},
            {"province": "Hải Phòng", "year": 2020, "value": 3.0},
        ],
        [{"year": 2020, "value": 2.0}, {"year": 2021, "value": None}],
        [{"year": 2020, "value": 2.0}, {"year": 2030, "value": 5.0}],
        region_label="Vùng",
        path_label="Lộ trình",
        target=5.0,
        target_label="Mục tiêu 2030: 5",
        unit="%",
    )
    names = [t.name for t in fig.data]
    assert names == ["Hà Nội", "Hải Phòng", "Vùng", "Lộ trình"]
    assert list(fig.data[2].x) == [2020]  # a year without a regional value is not drawn
    (line,) = fig.layout.shapes
    assert line.y0 == line.y1 == 5.0
    assert fig.layout.annotations[0].text == "Mục tiêu 2030: 5"
    assert fig.layout.yaxis.title.text == "%"


def test_target_series_without_data_or_target_is_empty():
    fig = target_series([], [], [], region_label="", path_label="", target=None, target_label="", unit="")
    assert fig.data == () and not fig.layout.shapes


def test_contribution_bars_colour_by_sign():
    fig = contribution_bars(
        [{"province": "Hà Nội", "contribution": 0.4}, {"province": "Hải Phòng", "contribution": -0.1}],
        up="Kéo lên",
        down="Kéo xuống",
        axis="Đóng góp",
    )
    by_name = {t.name: t for t in fig.data}
    assert list(by_name["Kéo lên"].y) == ["Hà Nội"] and by_name["Kéo lên"].marker.color == "#1a7f37"
    assert list(by_name["Kéo xuống"].y) == ["Hải Phòng"] and by_name["Kéo xuống"].marker.color == "#d64541"
    assert fig.layout.height == 120 + 30 * 2


def test_value_map_sizes_the_values_and_crosses_the_missing():
    points = [
        {"province": "Hà Nội", "lat": 21.0, "lon": 105.8, "value": 7.25},
        {"province": "Hải Phòng", "lat": 20.8, "lon": 106.7, "value": None},
    ]
    fig = value_map(points, no_data="Chưa có số liệu")
    bubbles, crosses = fig.data
    assert list(bubbles.lat) == [21.0] and list(bubbles.marker.size) == [7.25]
    assert list(bubbles.hovertext) == ["Hà Nội: 7.25"]
    assert crosses.name == "Chưa có số liệu" and list(crosses.text) == ["Hải Phòng: —"]
    assert crosses.marker.symbol == "x"
    assert fig.layout.geo.fitbounds == "locations"


@pytest.mark.parametrize("value", [None, math.nan])
def test_value_map_with_no_value_at_all_still_draws_the_provinces(value):
    fig = value_map([{"province": "Hà Nội", "lat": 21.0, "lon": 105.8, "value": value}], no_data="—")
    assert [t.name for t in fig.data if t.lat is not None] == ["—"]
