"""The targets pages' figures, from plain data."""

from council.figures import targets as figures


def test_heatmap_colours_each_cell_by_its_status_and_leaves_outside_cells_empty():
    fig = figures.status_heatmap(
        ["#1 GRDP", "#2 FDI"],
        ["Vùng", "Hà Nội"],
        [["achieved", None], ["off_track", "no_data"]],
        [["Đạt", ""], ["Chệch", "—"]],
        [["a", "b"], ["c", "d"]],
    )
    (heat,) = fig.data
    order = figures.STATUS_ORDER
    assert [list(r) for r in heat.z] == [
        [order.index("achieved"), None],
        [order.index("off_track"), order.index("no_data")],
    ]
    # Each status's band of the colour scale has its colour.
    n = len(order)
    for i, status in enumerate(order):
        assert heat.colorscale[2 * i] == ((i / n), figures.STATUS_COLOURS[status])
    assert fig.layout.height == 80 + figures.ROW_HEIGHT * 2


def test_heatmap_is_readable_at_1440_px():
    """Targets on the rows with their labels written out (wrapped, not cut), provinces across the
    top, and cell text at a fixed legible size (Plotly would otherwise shrink it to 6 px)."""
    label = "#12 Tỷ trọng nông - lâm - thủy sản trong GRDP của vùng (2021-2030)"
    fig = figures.status_heatmap(
        ["Vùng", "Hà Nội", "Hải Phòng"],
        [figures.wrap_label(label)],
        [["achieved", "on_track", None]],
        [["Đạt", "Đúng hướng", ""]],
        [["a", "b", "c"]],
    )
    (heat,) = fig.data
    assert heat.textfont.size >= 12
    assert fig.layout.xaxis.side == "top" and fig.layout.xaxis.tickangle == 0
    assert list(heat.x) == ["Vùng", "Hà Nội", "Hải Phòng"]
    (ylabel,) = heat.y
    assert "…" not in ylabel and ylabel.replace("<br>", " ") == label
    assert figures.wrap_label("x " * 200).count("<br>") == 1


def test_indicator_chart_draws_provinces_region_path_and_target():
    fig = figures.indicator_chart(
        [
            {"province": "Hà Nội", "year": 2022, "value": 2.0},
            {"province": "Hà Nội", "year": 2021, "value": 1.0},
            {"province": "Bắc Ninh", "year": 2021, "value": 3.0},
        ],
        [{"year": 2021, "value": 1.5}, {"year": 2022, "value": None}],
        [{"year": 2021, "value": 1.5}, {"year": 2030, "value": 9.0}],
        target=9.0,
        target_label="Mục tiêu 2030: 9",
        unit="%",
        region_name="Toàn vùng",
        path_name="Lộ trình",
    )
    names = [tr.name for tr in fig.data]
    assert names == ["Bắc Ninh", "Hà Nội", "Toàn vùng", "Lộ trình"]
    assert list(fig.data[1].x) == [2021, 2022]  # a province's values in year order
    assert list(fig.data[2].y) == [1.5]  # missing region values are left out
    assert fig.layout.shapes[0].y0 == 9.0 and fig.layout.yaxis.title.text == "%"


def test_indicator_chart_without_target_has_no_line():
    fig = figures.indicator_chart(
        [], [], [], target=None, target_label="", unit="", region_name="R", path_name="P"
    )
    assert not fig.data and not fig.layout.shapes


def test_contribution_bars_colour_by_sign():
    fig = figures.contribution_bars(
        [{"province": "A", "contribution": 2.0}, {"province": "B", "contribution": -1.0}],
        up="kéo lên",
        down="kéo xuống",
        value_label="Đóng góp",
    )
    colours = {tr.name: tr.marker.color for tr in fig.data}
    assert colours == {"kéo lên": figures.PUSHED_UP, "kéo xuống": figures.PULLED_DOWN}


def test_values_map_puts_provinces_without_a_value_apart():
    fig = figures.values_map(
        [
            {"province": "A", "lat": 21.0, "lon": 105.8, "value": 4.0},
            {"province": "B", "lat": 20.9, "lon": 106.0, "value": None},
        ],
        no_data="Chưa có số liệu",
    )
    valued, missing = fig.data
    assert list(valued.hovertext) == ["A: 4.0"]
    assert missing.name == "Chưa có số liệu" and list(missing.text) == ["B: —"]
    assert all(tr.type == "scattergeo" for tr in fig.data)


def test_values_map_with_no_values_at_all():
    fig = figures.values_map([{"province": "B", "lat": 20.9, "lon": 106.0, "value": None}], no_data="—")
    assert [tr.name for tr in fig.data if tr.name] == ["—"]
