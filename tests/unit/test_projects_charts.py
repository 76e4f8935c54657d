"""The Gantt chart and the map of the project register, built from real list rows."""

from datetime import date

from sqlmodel import Session

from council import project_charts, projects


def test_gantt_marks_late_projects_and_today(engine):
    today = date(2026, 6, 1)
    with Session(engine) as s:
        rows = projects.list_projects(s, today=today)
    fig, missing = project_charts.gantt(rows, "vi", today=today)
    dated = [r for r in rows if r["planned_start"] and r["planned_end"]]
    assert missing == len(rows) - len(dated)
    labels = [y for trace in fig.data for y in trace.y]
    assert len(labels) == len(dated)
    late = {r["code"] for r in dated if r["late"]}
    assert late and {y.split(" · ")[0].lstrip("⚠ ") for y in labels if y.startswith("⚠")} == late
    assert fig.layout.shapes[0].x0 == today and fig.layout.annotations[0].text == "Hôm nay"
    assert {t.name for t in fig.data} <= {"Đề xuất", "Đã phê duyệt chủ trương", "Đang thi công", "Hoàn thành",
                                          "Tạm dừng", "Không phê duyệt"}


def test_gantt_without_dates_says_so():
    assert project_charts.gantt([], "vi") == (None, 0)


def test_map_draws_each_project_through_its_provinces(engine):
    with Session(engine) as s:
        rows = projects.list_projects(s)
        provinces = projects.province_choices(s)
    fig = project_charts.project_map(rows, [{**p, "lat": 21.0, "lon": 105.8} for p in provinces], "vi")
    centres, *lines = fig.data
    assert len(centres.lat) == len(provinces)
    assert len(lines) == len(rows)
    ring4 = next(t for t in lines if t.text[0].startswith("DA-001"))
    assert len(ring4.lat) == 3 and ring4.mode == "lines+markers"
    assert ring4.line.color == project_charts.STATUS_COLOURS["approved"]
    assert list(ring4.lat) == sorted(ring4.lat, reverse=True)  # north to south
