import pytest

from council.figures.conflicts import count_bars


def test_count_bars_one_bar_per_label_in_order_first_on_top():
    fig = count_bars(["Đất đai", "Nước"], [3, 1], "Số vụ")
    (bar,) = fig.data
    assert bar.type == "bar" and bar.orientation == "h"
    assert list(bar.y) == ["Đất đai", "Nước"] and list(bar.x) == [3, 1]
    assert fig.layout.yaxis.autorange == "reversed"
    assert fig.layout.xaxis.dtick == 1 and fig.layout.xaxis.title.text == "Số vụ"
    assert fig.layout.height == 60 + 34 * 2


def test_count_bars_needs_one_value_per_label():
    with pytest.raises(ValueError):
        count_bars(["a", "b"], [1], "n")
