"""A large import and other people's saves at the same time (issue 14, item 2).

    python benchmarks/import_lock.py --rows 100000 [--pg]

Builds a fresh seeded SQLite database (or, with --pg, a PostgreSQL database at
COUNCIL_TEST_PG_URL), then imports an N-row project file (Excel, made here) while a second
thread saves a project every 20 ms with the app's own settings (write_session, 15 s busy
timeout). Run twice: the way the app imported before (read, check and write inside one write
transaction) and the way it imports now (``import_projects_file``: checked in a read-only
session, landed in one short write transaction). Prints how long the import held the write
lock, how many concurrent saves failed and their latency (p50, p95, max).
A benchmark, not a test: it asserts nothing about time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _file(rows: int) -> bytes:
    import pandas as pd

    from council.io import to_excel

    frame = pd.DataFrame(
        [
            {
                "code": f"DA-{100000 + i}",
                "name_vi": f"Dự án nhập {i}",
                "name_en": f"Imported project {i}",
                "type": "Đường bộ",
                "status": "Đề xuất",
                "provinces": "Hà Nội; Hưng Yên",
                "lead_province": "Hà Nội",
                "cost_shares_pct": "50; 50",
                "total_investment": f"{1000 + i * 1.5:.1f}",
                "planned_start": "2026",
                "planned_end": "2030",
                "progress_physical": "",
            }
            for i in range(rows)
        ]
    )
    return to_excel({"projects": frame})


def _database(pg: bool, tmp: Path) -> str:
    from council.db import init_db, make_engine
    from council.seed import seed

    if pg:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        base = make_url(os.environ["COUNCIL_TEST_PG_URL"])
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        name = f"council_bench_lock_{os.getpid()}_{int(time.time() * 1000) % 100000}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        url = base.set(database=name).render_as_string(hide_password=False)
    else:
        url = f"sqlite:///{tmp / f'lock-{time.time_ns()}.db'}"
    engine = make_engine(url)
    init_db(engine)
    seed(engine)
    engine.dispose()
    return url


def _run(url: str, data: bytes, mode: str) -> dict:
    from sqlmodel import select

    from council import auth, projects
    from council.db import make_engine, write_session
    from council.io import read_table
    from council.models import Project
    from council.versioning import save_versioned

    engine = make_engine(url)
    sec = auth.Actor(id=None, username="bench.sec", role="secretariat")
    stop = threading.Event()
    latencies: list[float] = []
    failures: list[str] = []

    def saver() -> None:
        own = make_engine(url)
        n = 0
        while not stop.is_set():
            n += 1
            started = time.perf_counter()
            try:
                with write_session(own) as s:
                    p = s.exec(select(Project).where(Project.code == "DA-001")).one()
                    save_versioned(s, p, p.version, "project", "bench.saver", {"status_note": f"lưu {n}"})
            except Exception as exc:  # noqa: BLE001 - counted, that is the measurement
                failures.append(type(exc).__name__ + ": " + str(exc)[:80])
            latencies.append(time.perf_counter() - started)
            time.sleep(0.02)
        own.dispose()

    held = {"seconds": 0.0}
    real_write = write_session

    def timed_import() -> dict:
        table = read_table(data, "import.xlsx")
        if mode == "before":  # read, check and write in one write transaction (the old page)
            started = time.perf_counter()
            with real_write(engine) as s:
                result = projects.import_projects(s, sec, table)
            held["seconds"] = time.perf_counter() - started
            return result
        original = projects._land_projects

        def land(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                held["seconds"] = time.perf_counter() - started

        projects._land_projects = land
        try:
            return projects.import_projects_file(engine, sec, table)
        finally:
            projects._land_projects = original

    thread = threading.Thread(target=saver)
    thread.start()
    time.sleep(0.3)
    started = time.perf_counter()
    result = timed_import()
    total = time.perf_counter() - started
    time.sleep(0.3)
    stop.set()
    thread.join()
    engine.dispose()
    ordered = sorted(latencies)
    return {
        "mode": mode,
        "result": result,
        "import_s": total,
        "lock_s": held["seconds"],
        "saves": len(latencies),
        "failed": len(failures),
        "first_failure": failures[0] if failures else "",
        "p50_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[int(0.95 * (len(ordered) - 1))] * 1000,
        "max_ms": ordered[-1] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--pg", action="store_true", help="PostgreSQL at COUNCIL_TEST_PG_URL")
    parser.add_argument("--modes", default="before,now")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="council-lock-"))
    try:
        data = _file(args.rows)
        print(
            f"{args.rows:,}-row project file: {len(data) / 1e6:.1f} MB xlsx; engine {'PostgreSQL' if args.pg else 'SQLite'}"
        )
        print(
            "| import | rows | import (s) | write lock held (s) | concurrent saves | failed | p50 (ms) | p95 (ms) | max (ms) |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        for mode in args.modes.split(","):
            url = _database(args.pg, tmp)
            r = _run(url, data, mode)
            label = (
                "before: checked inside the write transaction"
                if mode == "before"
                else "now: import_projects_file"
            )
            print(
                f"| {label} | {args.rows:,} | {r['import_s']:.1f} | {r['lock_s']:.1f} | {r['saves']} | {r['failed']} "
                f"| {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | {r['max_ms']:.0f} |"
            )
            if r["first_failure"]:
                print(f"  first failure: {r['first_failure']}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
