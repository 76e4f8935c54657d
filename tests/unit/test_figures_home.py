"""The home page's figures, from plain data."""

from council.figures import home


def test_status_bars_one_bar_per_status_in_the_given_order():
    fig = home.status_bars([("Đang thi công", 3), ("Hoàn thành", 1)])
    (bar,) = fig.data
    assert bar.type == "bar" and bar.orientation == "h"
    assert list(bar.y) == ["Đang thi công", "Hoàn thành"] and list(bar.x) == [3, 1]


def test_province_map_sizes_markers_by_population_and_skips_unplaced_provinces():
    provinces = [
        {"name_vi": "Hà Nội", "lat": 21.03, "lon": 105.85, "population": 8_700_000},
        {"name_vi": "Hưng Yên", "lat": 20.65, "lon": 106.05, "population": 3_500_000},
        {"name_vi": "Không tọa độ", "lat": None, "lon": None, "population": 1},
    ]
    fig = home.province_map(provinces)
    (points,) = fig.data
    assert points.type == "scattergeo"
    assert list(points.text) == ["Hà Nội", "Hưng Yên"]
    assert list(points.marker.size) == [8_700_000, 3_500_000]
    # The largest marker is LARGEST_MARKER_PX across: area mode with sizeref = 2 * max / px².
    assert points.marker.sizeref == 2.0 * 8_700_000 / home.LARGEST_MARKER_PX**2


def test_province_map_without_population_still_draws():
    fig = home.province_map([{"name_vi": "A", "lat": 10.0, "lon": 106.0, "population": None}])
    assert list(fig.data[0].marker.size) == [0] and fig.data[0].marker.sizeref > 0
