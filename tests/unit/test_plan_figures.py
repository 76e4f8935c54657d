"""council/figures/plan.py: the delivery chart and the reporting-rates chart from plain data."""

from council.figures.plan import delivery_figure, reporting_figure

LABELS = {
    "delivered": "Đã hoàn thành",
    "pipeline": "Đang triển khai",
    "delivered_cum": "Đã hoàn thành (cộng dồn)",
    "projected_cum": "Hoàn thành + đang triển khai (cộng dồn)",
    "target": "Mục tiêu",
    "entered": "Số liệu đã nhập",
    "year": "Năm",
}


def _delivery(entered=()):
    return {
        "series": [
            {"year": 2020, "delivered": 0, "pipeline": 0, "delivered_cum": 0, "projected_cum": 0},
            {"year": 2025, "delivered": 100, "pipeline": 0, "delivered_cum": 100, "projected_cum": 100},
            {"year": 2027, "delivered": 0, "pipeline": 50, "delivered_cum": 100, "projected_cum": 150},
        ],
        "target": 830.0,
        "target_year": 2030,
        "target_text": "~830",
        "unit": "km",
        "entered_series": list(entered),
    }


def test_delivery_figure_draws_bars_lines_and_the_target_line():
    fig = delivery_figure(_delivery(), LABELS)
    names = [t.name for t in fig.data]
    assert names == [LABELS[k] for k in ("delivered", "pipeline", "delivered_cum", "projected_cum")]
    assert list(fig.data[1].y) == [0, 0, 50] and list(fig.data[3].y) == [0, 100, 150]
    assert fig.layout.barmode == "stack"
    assert [s.y0 for s in fig.layout.shapes] == [830.0]
    assert fig.layout.annotations[0].text == "Mục tiêu 2030: ~830"


def test_entered_figures_are_a_separate_trace_never_added_to_the_bars():
    fig = delivery_figure(_delivery([{"year": 2024, "value": 90.0}]), LABELS)
    entered = [t for t in fig.data if t.name == LABELS["entered"]]
    assert len(entered) == 1 and list(entered[0].y) == [90.0] and entered[0].mode == "markers"
    assert list(fig.data[0].y) == [0, 100, 0]


def test_reporting_figure_in_percent_with_missing_rates_left_blank():
    rows = [
        {"province": "Cần Thơ", "submitted_rate": 0.5, "on_time_rate": None, "approved_rate": 0.25},
        {"province": "Cà Mau", "submitted_rate": 1.0, "on_time_rate": 1.0, "approved_rate": 1.0},
    ]
    labels = {"submitted_rate": "Đã gửi", "on_time_rate": "Đúng hạn", "approved_rate": "Đã phê duyệt"}
    fig = reporting_figure(rows, labels)
    assert [t.name for t in fig.data] == ["Đã gửi", "Đúng hạn", "Đã phê duyệt"]
    assert list(fig.data[0].x) == [50.0, 100.0] and list(fig.data[1].x) == [None, 100.0]
    assert list(fig.data[0].y) == ["Cần Thơ", "Cà Mau"]
