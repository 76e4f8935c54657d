"""Figures of the incentive monitor: the matrix colours by the deviation and writes the foregone
revenue in the reader's locale; the timeline has one trace per kind of change; the bars per province."""

from __future__ import annotations

import math
from datetime import date

from council.figures import incentives as figures


def _row(province, sector, foregone, deviation, change="first", day=date(2026, 1, 1)):
    return {
        "province": province,
        "province_en": province,
        "sector": sector,
        "sector_en": sector,
        "foregone": foregone,
        "deviation": deviation,
        "change": change,
        "effective_from": day,
    }


def test_the_matrix_colours_by_deviation_and_greys_a_sector_without_floor():
    cells = {
        ("Điện tử", "Hà Nội"): _row("Hà Nội", "Điện tử", 1234.5, 10.0),
        ("Điện tử", "Hưng Yên"): _row("Hưng Yên", "Điện tử", 66.2, -5.0),
        ("Dệt may", "Hà Nội"): _row("Hà Nội", "Dệt may", 12.0, None),
    }
    heat = figures.deviation_matrix(cells, "vi", {"value": "v"}).data[0]
    assert set(heat.y) == {"Dệt may", "Điện tử"}
    by = {(y, x): (heat.z[i][j], heat.text[i][j]) for i, y in enumerate(heat.y) for j, x in enumerate(heat.x)}
    assert by[("Điện tử", "Hà Nội")] == (10.0, "1.234,5")
    assert math.isnan(by[("Dệt may", "Hà Nội")][0])
    assert by[("Dệt may", "Hưng Yên")] == (None, "")
    assert heat.zmax == 10.0 and heat.zmin == -10.0


def test_the_timeline_has_a_trace_per_kind_of_change():
    rows = [_row("Hà Nội", "Điện tử", 10, None), _row("Hà Nội", "Điện tử", 20, None, "deepened")]
    labels = {"first": "lần đầu", "deepened": "tăng", "eased": "giảm", "same": "=", "value": "v", "date": "d"}
    fig = figures.timeline(rows, "vi", labels)
    assert [t.name for t in fig.data] == ["lần đầu", "tăng"]


def test_bars_per_province():
    rows = [{"province": "Hà Nội", "province_en": "Ha Noi", "max_foregone": 9.0, "mean_foregone": 4.5}]
    fig = figures.per_province_bars(rows, "en", {"max": "Highest", "mean": "Mean", "value": "v"})
    assert [list(t.x) for t in fig.data] == [["Ha Noi"], ["Ha Noi"]]
    assert [list(t.y) for t in fig.data] == [[9.0], [4.5]]
