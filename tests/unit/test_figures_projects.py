"""The Gantt chart and the map of the project register, built from real list rows."""

from datetime import date

from sqlmodel import Session

from council import projects
from council.figures import projects as project_charts


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
    assert {t.name for t in fig.data} <= {
        "Đề xuất",
        "Đã phê duyệt chủ trương",
        "Đang thi công",
        "Hoàn thành",
        "Tạm dừng",
        "Không phê duyệt",
    }


def test_gantt_without_dates_says_so():
    assert project_charts.gantt([], "vi") == (None, 0)


def test_map_draws_each_project_through_its_provinces(engine):
    with Session(engine) as s:
        rows = projects.list_projects(s)
        provinces = projects.province_choices(s)
    fig = project_charts.project_map(rows, [{**p, "lat": 21.0, "lon": 105.8} for p in provinces], "vi")
    # Province outlines first (council.figures.maps), the archipelagos' names last.
    assert fig.data[0].type == "choropleth" and fig.data[-1].meta == "archipelagos"
    centres, *lines = [tr for tr in fig.data[:-1] if tr.type == "scattergeo"]
    assert len(centres.lat) == len(provinces)
    # One trace per status; each project is a run of points ended by a gap.
    assert len(lines) == len({r["status"] for r in rows})
    runs = {}
    for trace in lines:
        run = []
        for lat, text in zip(trace.lat, trace.text, strict=True):
            if lat is None:
                runs[run[0][1].split(" · ")[0]] = (trace, [p[0] for p in run])
                run = []
            else:
                run.append((lat, text))
    assert set(runs) == {r["code"] for r in rows}
    trace, ring4 = runs["DA-001"]
    assert len(ring4) == 3 and trace.mode == "lines+markers"
    # Under construction since the sourced 2025 update (data/project_status_updates.csv).
    assert next(r for r in rows if r["code"] == "DA-001")["status"] == "under_construction"
    assert trace.line.color == project_charts.STATUS_COLOURS["under_construction"]
    assert ring4 == sorted(ring4, reverse=True)  # north to south


def test_project_names_are_text_in_the_charts(engine):
    # Plotly renders a few HTML tags in labels and hovers (<a href>, <b>): a typed name stays text.
    with Session(engine) as s:
        rows = projects.list_projects(s)
    dated = next(r for r in rows if r["planned_start"] and r["planned_end"])
    dated["name_vi"] = '<a href="javascript:alert(1)">bấm</a>'
    fig, _ = project_charts.gantt([dated], "vi")
    labels = [y for trace in fig.data for y in trace.y]
    assert labels and all("<a" not in y and "&lt;a href=" in y for y in labels)
