"""The conflicts dashboard's figures."""

from council.figures.conflicts import count_bars


def test_count_bars_one_bar_per_group_first_on_top():
    fig = count_bars(["Đất đai", "Nguồn nước"], [3, 1], "Số vụ")
    (bar,) = fig.data
    assert list(bar.y) == ["Đất đai", "Nguồn nước"] and list(bar.x) == [3, 1]
    assert fig.layout.yaxis.autorange == "reversed" and fig.layout.height == 60 + 34 * 2
