"""Benchmarks on synthetic scale data (never the default database).

    python benchmarks/run.py                 # scales 1 and 10, writes benchmarks/RESULTS.md
    python benchmarks/run.py --scales 1 10 100 --runs 15

For each scale it builds a separate synthetic SQLite database (``council synth``) and measures:
  * every page's warm rerun (AppTest, in-process), median and p90 over --runs reruns, and the
    ratio to an empty Streamlit page measured in the same run;
  * dashboard aggregations against the same computation in pandas on data already in memory;
  * graph build and metrics at province scale and on the 3,321-commune graph;
  * parsing and importing a 10,000-row Excel file, and a full export;
  * the same service calls on SQLite and on PostgreSQL when COUNCIL_TEST_PG_URL is set.
Times are medians; the goals are ratios. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)

EMPTY_APP = "import streamlit as st\nst.title('empty')\n"


def timeit(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median and p90 in milliseconds over ``runs`` calls (after one warm-up call)."""
    fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(round(0.9 * (len(samples) - 1))))]


def timeit_cpu(fn: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """Like ``timeit``, plus the median CPU time of this process per call (ms): AppTest runs the
    script in a thread of this process, so on a shared machine the CPU time says what a rerun
    costs when the wall time mostly says how busy the other programs were."""
    fn()
    samples, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    samples.sort()
    p90 = samples[min(len(samples) - 1, int(round(0.9 * (len(samples) - 1))))]
    return statistics.median(samples), p90, statistics.median(cpu)


def fmt(ms: float) -> str:
    return f"{ms:,.1f}"


class Report:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def table(self, title: str, header: list[str], rows: list[list[str]]) -> None:
        self.lines += [
            "",
            f"### {title}",
            "",
            "| " + " | ".join(header) + " |",
            "|" + "|".join("---" for _ in header) + "|",
        ]
        self.lines += ["| " + " | ".join(r) + " |" for r in rows]
        print(f"\n{title}")
        widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=False)]
        for r in [header, *rows]:
            print("  ".join(str(x).ljust(w) for x, w in zip(r, widths, strict=False)))


def build_database(scale: int, workdir: Path) -> str:
    from council import auth
    from council.db import make_engine, write_session
    from council.synth import generate

    url = f"sqlite:///{workdir / f'synth-x{scale}.db'}"
    engine = make_engine(url)
    start = time.perf_counter()
    counts = generate(engine, scale=scale)
    print(f"x{scale}: generated {counts} in {time.perf_counter() - start:.1f}s")
    with write_session(engine) as s:
        auth.create_user(s, auth.SYSTEM, username="syn-bench", password="benchmark-pass", role="secretariat")
    engine.dispose()
    return url


def bench_pages(url: str, runs: int, report: Report, scale: int) -> None:
    from streamlit import config
    from streamlit.testing.v1 import AppTest

    from council import auth
    from council.db import make_engine, write_session
    from council.ui.shell import discover_pages

    config.set_option("runner.enforceSerializableSessionState", False)
    os.environ["COUNCIL_DATABASE_URL"] = url
    engine = make_engine(url)
    from sqlmodel import Session, select

    from council.models import User

    with Session(engine) as s:
        user = s.exec(select(User).where(User.username == "syn-bench")).one()
        actor = auth.Actor.from_user(user)
    with write_session(engine) as s:
        token = auth.issue_token(s, actor)

    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(EMPTY_APP)
        empty_path = f.name
    empty = AppTest.from_file(empty_path, default_timeout=120)
    empty_med, empty_p90, empty_cpu = timeit_cpu(lambda: empty.run(), runs)
    rows = [["(empty page)", fmt(empty_med), fmt(empty_p90), "1.0", "1.0", fmt(empty_cpu), "1.0", ""]]
    for spec in discover_pages():
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        at.session_state["actor"] = actor.to_dict()
        at.session_state["token"] = token
        at.run()
        wanted = "" if spec.default else spec.url_path  # the default page is served at "/"
        target = next(
            (h for h, info in at._registered_pages.items() if info.get("url_pathname") == wanted), None
        )
        if target is None:
            continue
        at._page_hash = target
        at.run()
        problem = "exception" if at.exception else ""
        med, p90, cpu = timeit_cpu(lambda at=at: at.run(), runs)
        rows.append(
            [
                spec.url_path,
                fmt(med),
                fmt(p90),
                f"{med / empty_med:.1f}",
                f"{p90 / empty_med:.1f}",
                fmt(cpu),
                f"{cpu / empty_cpu:.1f}",
                problem,
            ]
        )
    report.table(
        f"Pages at x{scale}: warm rerun in AppTest (ms, {runs} runs)",
        ["page", "median", "p90", "median / empty", "p90 / empty", "CPU", "CPU / empty", "note"],
        rows,
    )
    engine.dispose()


def bench_aggregations(url: str, runs: int, report: Report, scale: int) -> None:
    from sqlmodel import Session

    from council.db import make_engine

    engine = make_engine(url)
    rows = []
    for name, service, frame_loader, in_pandas in _aggregations():
        with Session(engine) as s:
            frame = frame_loader(s)

        def run_service(service=service):
            with Session(engine) as s:
                return service(s)

        svc_med, _ = timeit(run_service, runs)
        pd_med, _ = timeit(lambda frame=frame, in_pandas=in_pandas: in_pandas(frame), runs)
        rows.append([name, f"{len(frame):,}", fmt(svc_med), fmt(pd_med), f"{svc_med / pd_med:.1f}"])
    report.table(
        f"Dashboard aggregations at x{scale} (ms)",
        ["aggregation", "rows", "service", "pandas in memory", "ratio"],
        rows,
    )
    engine.dispose()


def _aggregations():
    """(name, service(session), load frame(session), same computation in pandas). Each capability's
    dashboard aggregation is registered here when it exists."""
    import pandas as pd
    from sqlmodel import select

    from council.models import Observation, Project

    out = []

    def obs_frame(s):
        return pd.DataFrame(
            s.exec(
                select(Observation.province_id, Observation.indicator_id, Observation.year, Observation.value)
            ).all(),
            columns=["province_id", "indicator_id", "year", "value"],
        )

    def obs_sql(s):
        from sqlalchemy import func

        return s.exec(
            select(Observation.indicator_id, Observation.year, func.sum(Observation.value)).group_by(
                Observation.indicator_id, Observation.year
            )
        ).all()

    out.append(
        (
            "figures: sum by indicator x year (SQL)",
            obs_sql,
            obs_frame,
            lambda f: f.groupby(["indicator_id", "year"])["value"].sum(),
        )
    )

    def proj_frame(s):
        return pd.DataFrame(
            s.exec(select(Project.status, Project.type, Project.total_investment)).all(),
            columns=["status", "type", "total_investment"],
        )

    def proj_sql(s):
        from sqlalchemy import func

        return s.exec(
            select(Project.status, Project.type, func.count(), func.sum(Project.total_investment)).group_by(
                Project.status, Project.type
            )
        ).all()

    out.append(
        (
            "projects: count and investment by status x type (SQL)",
            proj_sql,
            proj_frame,
            lambda f: f.groupby(["status", "type"])["total_investment"].agg(["count", "sum"]),
        )
    )
    try:  # registered by the register, conflicts and targets capabilities when present
        from benchmarks import aggregations

        out += aggregations.registered()
    except ImportError:
        pass
    return out


def bench_graph(url: str, runs: int, report: Report, scale: int) -> None:
    import networkx as nx

    from council.db import make_engine
    from council.synth import commune_graph

    engine = make_engine(url)
    rows = []
    try:
        from council import network

        if hasattr(network, "build_graph"):
            from sqlmodel import Session

            def build():
                with Session(engine) as s:
                    return network.build_graph(s)

            med, _ = timeit(build, max(3, runs // 3))
            rows.append(["province graph: build from the database", fmt(med)])
    except ImportError:
        pass
    g = commune_graph(engine)
    rows.append(
        [
            f"commune graph ({g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges): build",
            fmt(timeit(lambda: commune_graph(engine), 3)[0]),
        ]
    )
    pr, _ = timeit(lambda: nx.pagerank(g), 5)
    rows.append(["commune graph: PageRank", fmt(pr)])
    rows.append(
        [
            "commune graph: degree + clustering",
            fmt(timeit(lambda: (dict(g.degree()), nx.clustering(g)), 3)[0]),
        ]
    )
    k = 200
    approx, _ = timeit(lambda: nx.betweenness_centrality(g, k=k, seed=1), 1)
    rows.append([f"commune graph: approximate betweenness (k={k} samples)", fmt(approx)])
    rows.append(
        [
            "commune graph: greedy modularity communities",
            fmt(timeit(lambda: nx.community.louvain_communities(g, seed=1), 1)[0]),
        ]
    )
    report.table(f"Graph at x{scale} (ms, medians)", ["computation", "median"], rows)
    engine.dispose()


def bench_io(url: str, report: Report, scale: int) -> None:
    import pandas as pd
    from sqlmodel import Session, select

    from council.db import make_engine
    from council.io import read_table, to_excel
    from council.models import Project

    engine = make_engine(url)
    frame = pd.DataFrame(
        [
            {
                "code": f"X-{i:05d}",
                "name_vi": f"Dự án nhập {i}",
                "type": "road",
                "status": "proposed",
                "provinces": "Hà Nội;Hưng Yên",
                "total_investment": f"{i * 1.5:.1f}",
            }
            for i in range(10_000)
        ]
    )
    data = to_excel({"projects": frame})
    rows = []
    parse, _ = timeit(lambda: read_table(data, "import.xlsx"), 3)
    rows.append(["parse a 10,000-row Excel file", fmt(parse), "1.0"])
    try:
        from benchmarks import aggregations

        for name, fn in aggregations.imports(engine, data):
            med, _ = timeit(fn, 1)
            rows.append([name, fmt(med), f"{med / parse:.1f}"])
    except ImportError:
        pass

    def export():
        with Session(engine) as s:
            projects = pd.DataFrame([p.model_dump() for p in s.exec(select(Project))])
        return to_excel({"projects": projects})

    rows.append(["full export of projects to Excel", fmt(timeit(export, 3)[0]), ""])
    report.table(f"Import and export at x{scale} (ms)", ["operation", "median", "ratio to parse"], rows)
    engine.dispose()


def bench_backends(url: str, runs: int, report: Report, scale: int) -> None:
    pg = os.environ.get("COUNCIL_TEST_PG_URL")
    if not pg:
        report.lines += ["", f"(x{scale}: PostgreSQL comparison skipped: COUNCIL_TEST_PG_URL is not set)"]
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlmodel import Session

    from council import audit, regions
    from council.db import make_engine
    from council.synth import generate

    admin = create_engine(pg, isolation_level="AUTOCOMMIT")
    name = f"council_bench_x{scale}"
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        c.execute(text(f'CREATE DATABASE "{name}"'))
    pg_url = make_url(pg).set(database=name).render_as_string(hide_password=False)
    pg_engine = make_engine(pg_url)
    generate(pg_engine, scale=scale)
    sqlite_engine = make_engine(url)
    calls = {
        "region overview (home page)": lambda s: regions.region_overview(s, 2),
        "audit log, newest 500": lambda s: audit.list_entries(s, limit=500),
    }
    rows = []
    for label, call in calls.items():
        times = []
        for engine in (sqlite_engine, pg_engine):

            def run(engine=engine, call=call):
                with Session(engine) as s:
                    return call(s)

            times.append(timeit(run, runs)[0])
        rows.append([label, fmt(times[0]), fmt(times[1]), f"{times[1] / times[0]:.1f}"])
    report.table(
        f"SQLite vs PostgreSQL at x{scale} (ms, medians)",
        ["service call", "SQLite", "PostgreSQL", "PG / SQLite"],
        rows,
    )
    pg_engine.dispose()
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "RESULTS.md"))
    ap.add_argument("--only", nargs="*", default=["pages", "aggregations", "graph", "io", "backends"])
    a = ap.parse_args()
    import streamlit

    report = Report()
    report.lines += [
        "# Benchmark results",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node() or 'this machine'}: "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, Streamlit {streamlit.__version__}, "
        f"{platform.platform()}. Synthetic data from `council synth` (labelled, separate database). "
        "Medians; ratios are the goals. Regenerate with `python benchmarks/run.py`.",
    ]
    with tempfile.TemporaryDirectory(prefix="council-bench-") as tmp:
        for scale in a.scales:
            url = build_database(scale, Path(tmp))
            report.lines += ["", f"## Scale x{scale}"]
            if "pages" in a.only:
                bench_pages(url, a.runs, report, scale)
            if "aggregations" in a.only:
                bench_aggregations(url, a.runs, report, scale)
            if "graph" in a.only:
                bench_graph(url, a.runs, report, scale)
            if "backends" in a.only:
                bench_backends(url, a.runs, report, scale)
            if "io" in a.only:  # last: the import adds projects to this database
                bench_io(url, report, scale)
    text = "\n".join(report.lines) + "\n"
    # Keep the real-server tables of benchmarks/server.py (their own run, between markers).
    from benchmarks.server import BEGIN, END

    previous = Path(a.out).read_text(encoding="utf-8") if Path(a.out).exists() else ""
    if BEGIN in previous and END in previous:
        text += "\n" + BEGIN + previous.split(BEGIN, 1)[1].split(END, 1)[0] + END + "\n"
    Path(a.out).write_text(text, encoding="utf-8")
    print(f"\nwritten: {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
