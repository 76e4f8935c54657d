"""What users feel, measured on the real server (``council serve``'s workers, i.e. ``streamlit
run app.py`` with the project's .streamlit/config.toml), on synthetic scale data.

    python benchmarks/server.py                      # every table below, ~10 minutes
    python benchmarks/server.py --only pages load    # some of them

Tables (each measured in one run, as ratios where a goal is a ratio), written to
benchmarks/RESULTS.md between the "server benchmarks" markers (benchmarks/run.py keeps them):

* ``pages``: every page's warm rerun on the real server through a protocol-level client
  (benchmarks/stclient.py: request sent -> Streamlit's script-finished message), so it includes
  what the server does after a script run; beside it the same with Streamlit's post-run full GC
  back on (its default), the server CPU per rerun, all against an empty one-line app served the
  same way.
* ``felt``: headless Chromium (pinned to another core than the server with ``taskset``) clicks
  every sidebar entry: click -> new page's content rendered, nothing stale, app idle; against an
  empty two-page app (one line each) served the same way.
* ``load``: 1/5/10/20 concurrent sessions (protocol client, one process, light on CPU) signing in,
  then visiting every page in turn (half of them also creating a user each round): interactions/s,
  p50, p95, errors, server peak RSS, server CPU per interaction, the client's own CPU.
* ``scaleout``: the same 20-session load with one and with two workers behind nginx on PostgreSQL
  (COUNCIL_TEST_PG_URL or --pg), interactions/s ratio.
* ``soak``: thousands of reruns on one server; its RSS along the way (memory stays flat with the
  post-run GC off and long-lived objects frozen).
* ``spreadsheets``: council.io's Excel export and parse against xlsxwriter and python-calamine
  used directly on the same 10,000-row file.

Needs the ``bench`` extra (``pip install -e ".[bench]"``) and, for ``felt``, Debian's chromium;
for ``scaleout``, nginx (``apt-get install nginx``) and a PostgreSQL server. Asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BEGIN = "<!-- server benchmarks (python benchmarks/server.py) -->"
END = "<!-- /server benchmarks -->"
PASSWORD = "benchmark-pass"
EMPTY_APP = (
    "import streamlit as st\n"
    "st.navigation([st.Page(lambda: st.title('a'), title='a', url_path='a', default=True),"
    " st.Page(lambda: st.title('b'), title='b', url_path='b')]).run()\n"
)
CLK = os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------- process figures


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def _tree(pids: list[int]) -> list[int]:
    seen, todo = [], list(pids)
    while todo:
        p = todo.pop()
        if p not in seen:
            seen.append(p)
            todo += _children(p)
    return seen


def cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in _tree(pids):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / CLK
        except (OSError, IndexError, ValueError):
            pass
    return total


def rss_mb(pids: list[int]) -> float:
    total = 0.0
    for pid in _tree(pids):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            pass
    return total


def pct(samples: list[float], q: float) -> float:
    s = sorted(samples)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))] if s else float("nan")


def ms(x: float) -> str:
    return f"{x * 1000:,.0f}"


# ---------------------------------------------------------------- databases and servers


def sqlite_db(scale: int, workdir: Path) -> str:
    from benchmarks.run import build_database

    return build_database(scale, workdir)


def pg_db(scale: int, base_url: str, name: str) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from council import auth
    from council.db import make_engine, write_session
    from council.synth import generate

    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(base_url).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    generate(engine, scale=scale)
    with write_session(engine) as s:
        auth.create_user(s, auth.SYSTEM, username="syn-bench", password=PASSWORD, role="secretariat")
    engine.dispose()
    return url


def bench_users(url: str, count: int) -> list[str]:
    """``count`` secretariat accounts bench-00.. (created once per database)."""
    from council import auth
    from council.db import make_engine, write_session

    engine = make_engine(url)
    names = [f"bench-{i:02d}" for i in range(count)]
    with write_session(engine) as s:
        have = {u["username"] for u in auth.list_users(s)}
        for name in names:
            if name not in have:
                auth.create_user(s, auth.SYSTEM, username=name, password=PASSWORD, role="secretariat")
    engine.dispose()
    return names


def start(url: str, workers: int = 1, app: Path | None = None, extra=(), proxy=False, cpus=None):
    from council.serve import APP, Cluster
    from tests.e2e.conftest import free_port

    cluster = Cluster(
        workers=workers,
        port=free_port(),
        database_url=url,
        extra=tuple(extra),
        app=app or APP,
        always_proxy=proxy,
        cpus=cpus,
    )
    return cluster.start().wait_ready()


def worker_pids(cluster) -> list[int]:
    return [p.pid for p in cluster.procs]


def empty_app(workdir: Path) -> Path:
    path = workdir / "empty_app.py"
    path.write_text(EMPTY_APP)
    return path


# ---------------------------------------------------------------- drivers


@dataclass
class Load:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    writes: int = 0
    by_page: dict[str, list[float]] = field(default_factory=dict)


async def _visitor(url, username, rounds, think, writer, load, barrier, rng, signin=True, stagger=False):
    from benchmarks.stclient import Session, sign_in

    try:
        async with Session(url) as s:
            if signin:
                await sign_in(s, username, PASSWORD)
            else:
                await s.rerun()
            await barrier.wait()
            if stagger and think:  # users arrive at their own pace, not all in the same instant
                await asyncio.sleep(rng.uniform(0.0, think))
            order = sorted(s.pages)
            for r in range(rounds):
                for page in order:
                    run = await s.rerun(page=page)
                    load.latencies.append(run.seconds)
                    load.by_page.setdefault(page, []).append(run.seconds)
                    load.errors += run.exceptions
                    if think:
                        await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))
                if writer:
                    form = await s.rerun(page="users")
                    load.latencies.append(form.seconds)
                    load.by_page.setdefault("users", []).append(form.seconds)
                    run = await s.rerun(
                        values={
                            form.widget_id("uc_username"): f"w-{username}-{r}-{rng.randrange(10**6)}",
                            form.widget_id("uc_password"): PASSWORD,
                        },
                        trigger=form.submit_button("user_create"),
                    )
                    load.latencies.append(run.seconds)
                    load.by_page.setdefault("(create a user)", []).append(run.seconds)
                    load.errors += run.exceptions
                    load.writes += 1
    except Exception as exc:  # noqa: BLE001 - a failed session is a reported error
        load.errors.append(f"{username}: {type(exc).__name__}: {str(exc)[:160]}")
        await barrier.abort()


async def drive(
    url, pids, users, rounds, think=0.0, writers=True, signin=True, seed=1, stagger=False
) -> dict:
    """Every user signs in, then (measured) visits every page ``rounds`` times, all starting at
    the same instant, or with ``stagger`` each after a pause of up to ``think`` seconds."""
    load = Load()
    barrier = asyncio.Barrier(len(users) + 1)
    rng = random.Random(seed)
    tasks = [
        asyncio.create_task(
            _visitor(
                url,
                u,
                rounds,
                think,
                writers and i % 2 == 0,
                load,
                barrier,
                random.Random(rng.random()),
                signin,
                stagger,
            )
        )
        for i, u in enumerate(users)
    ]
    try:
        await barrier.wait()
    except asyncio.BrokenBarrierError:
        pass
    peak = 0.0

    async def sample():
        nonlocal peak
        while True:
            peak = max(peak, rss_mb(pids))
            await asyncio.sleep(0.5)

    sampler = asyncio.create_task(sample())
    cpu0, own0, t0 = cpu_seconds(pids), time.process_time(), time.perf_counter()
    await asyncio.gather(*tasks)
    elapsed, cpu, own = time.perf_counter() - t0, cpu_seconds(pids) - cpu0, time.process_time() - own0
    sampler.cancel()
    n = len(load.latencies)
    return {
        "sessions": len(users),
        "interactions": n,
        "per_s": n / elapsed if elapsed else 0.0,
        "p50": statistics.median(load.latencies) if n else float("nan"),
        "p95": pct(load.latencies, 0.95),
        "errors": load.errors,
        "rss": peak,
        "cpu_per": cpu / n if n else float("nan"),
        "client_cpu_per": own / n if n else float("nan"),
        "writes": load.writes,
        "by_page": load.by_page,
    }


async def page_runs(url, pids, runs, signin=True) -> dict[str, dict]:
    """One session: switch to each page, then ``runs`` back-to-back reruns of it."""
    from benchmarks.stclient import Session, sign_in

    out = {}
    async with Session(url) as s:
        if signin:
            await sign_in(s, "syn-bench", PASSWORD)
        else:
            await s.rerun()
        for page in sorted(s.pages):
            await s.rerun(page=page)  # the first visit fills the caches
            await s.rerun()
            samples, errors = [], []
            cpu0 = cpu_seconds(pids)
            for _ in range(runs):
                run = await s.rerun()
                samples.append(run.seconds)
                errors += run.exceptions
            cpu = (cpu_seconds(pids) - cpu0) / runs
            out[page or "(home)"] = {
                "median": statistics.median(samples),
                "p90": pct(samples, 0.9),
                "cpu": cpu,
                "errors": errors,
                "bytes": run.bytes_received,
            }
    return out


# ---------------------------------------------------------------- tables


class Report:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def table(self, title: str, header: list[str], rows: list[list[str]], note: str = "") -> None:
        self.lines += ["", f"### {title}", ""]
        if note:
            self.lines += [note, ""]
        self.lines += ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
        self.lines += ["| " + " | ".join(r) + " |" for r in rows]
        print(f"\n{title}", flush=True)
        widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=False)]
        for r in [header, *rows]:
            print("  ".join(str(x).ljust(w) for x, w in zip(r, widths, strict=False)), flush=True)


def bench_pages(url, workdir, report, runs, scale):
    results = {}
    for label, extra in (("project", ()), ("gc_on", ("--runner.postScriptGC", "true"))):
        for app in ("app", "empty"):
            cluster = start(url, app=empty_app(workdir) if app == "empty" else None, extra=extra)
            try:
                results[(label, app)] = asyncio.run(
                    page_runs(cluster.url, worker_pids(cluster), runs, app == "app")
                )
            finally:
                cluster.stop()
    empty = {
        k: statistics.median(v["median"] for v in results[(k, "empty")].values())
        for k in ("project", "gc_on")
    }
    empty_cpu = {
        k: statistics.median(v["cpu"] for v in results[(k, "empty")].values()) for k in ("project", "gc_on")
    }
    rows = [
        [
            "(empty app)",
            ms(empty["project"]),
            "1.0",
            ms(empty_cpu["project"]),
            ms(empty["gc_on"]),
            f"{empty['gc_on'] / empty['project']:.1f}",
            ms(empty_cpu["gc_on"]),
            "",
        ]
    ]
    for page, r in results[("project", "app")].items():
        g = results[("gc_on", "app")][page]
        rows.append(
            [
                page,
                ms(r["median"]),
                f"{r['median'] / empty['project']:.1f}",
                ms(r["cpu"]),
                ms(g["median"]),
                f"{g['median'] / empty['project']:.1f}",
                ms(g["cpu"]),
                "exception" if r["errors"] or g["errors"] else "",
            ]
        )
    report.table(
        f"Pages at x{scale} on the real server: warm rerun, request -> script finished ({runs} back-to-back reruns)",
        [
            "page",
            "median ms",
            "÷ empty app",
            "server CPU ms / rerun",
            "median ms, post-run GC on",
            "÷ empty app",
            "server CPU ms / rerun, GC on",
            "note",
        ],
        rows,
        "Project settings: `runner.postScriptGC = false`, warm start and `gc.freeze()` (council/ui/warmup.py). "
        '"Post-run GC on" is the same server with Streamlit\'s default `runner.postScriptGC = true` '
        "(warm start, freeze and TCP_NODELAY on in both). "
        "Ratios are to the empty app's median with the project settings.",
    )


def bench_load(url, report, scale, counts, rounds, think, warm=False):
    """The load table. ``warm`` (the paced table): a server that has been serving, i.e. one
    unmeasured visit of every page on every worker first, and users who arrive at their own pace;
    then two more rows at the largest count: a server just started, every session's first click
    at once, and two warm processes behind nginx."""
    users = bench_users(url, max(counts))
    rows = []
    base = None
    pages: dict[int, dict] = {}
    # (sessions, warmed, workers): the counts on one process; then, for the paced table, the largest
    # count on a process just started, and on two processes behind nginx (`council serve --workers 2`).
    runs = [(n, warm, 1) for n in counts]
    if warm:
        runs += [(max(counts), False, 1), (max(counts), True, 2)]
    for n, warmed, workers in runs:
        cluster = start(url, workers=workers)
        try:
            pids = [*worker_pids(cluster), *([cluster.proxy.pid] if cluster.proxy else [])]
            if warmed:  # every worker serves every page once, straight to its own port
                for worker_url in cluster.worker_urls:
                    asyncio.run(drive(worker_url, pids, users[:1], 1, 0.0, writers=False))
            r = asyncio.run(drive(cluster.url, pids, users[:n], rounds, think, stagger=warmed))
        finally:
            cluster.stop()
        base = base or r["p50"]
        if (warmed or not warm) and workers == 1:
            pages[n] = r["by_page"]
        label = str(n)
        if warm and not warmed:
            label = f"{n}, just started (caches cold, first clicks at once)"
        elif workers > 1:
            label = f"{n}, {workers} processes behind nginx (`council serve --workers {workers}`)"
        rows.append(
            [
                label,
                f"{r['per_s']:.1f}",
                ms(r["p50"]),
                ms(r["p95"]),
                f"{r['p95'] / base:.1f}",
                str(len(r["errors"])),
                f"{r['rss']:,.0f}",
                ms(r["cpu_per"]),
                ms(r["client_cpu_per"]),
            ]
        )
        if r["errors"]:
            print("errors:", r["errors"][:5])
    pacing = f"each user waits {think:.1f} s (±50 %) between clicks" if think else "no pause between clicks"
    how = (
        "The server has served every page once (caches warm) and each user's first click comes after a "
        f"pause of up to {think:.1f} s. Two more rows at the largest count: a server just started (every "
        "session's first click at the same instant), and two processes behind nginx, both warm. "
        if warm
        else "Each server is just started (caches cold). "
    )
    report.table(
        f"Concurrent sessions at x{scale}, one process (protocol-level client; {pacing})",
        [
            "sessions",
            "interactions/s",
            "p50 ms",
            "p95 ms",
            "p95 ÷ 1-session p50",
            "errors",
            "server peak RSS MB",
            "server CPU ms / interaction",
            "client CPU ms / interaction",
        ],
        rows,
        how + f"Each session signs in, then (measured) visits every page {rounds} times; every other "
        "session also creates a user each round. Latency = request sent -> Streamlit's script-finished message.",
    )
    first, last = min(pages), max(pages)
    names = sorted(set(pages[first]) | set(pages[last]), key=lambda p: -pct(pages[last].get(p, [0.0]), 0.95))
    report.table(
        f"Where the time goes: each page's latency at {first} and {last} sessions ({pacing})",
        [
            "page",
            f"p50 ms, {first}",
            f"p95 ms, {first}",
            f"p50 ms, {last}",
            f"p95 ms, {last}",
            "interactions",
        ],
        [
            [
                name,
                ms(statistics.median(pages[first][name])) if pages[first].get(name) else "",
                ms(pct(pages[first][name], 0.95)) if pages[first].get(name) else "",
                ms(statistics.median(pages[last][name])) if pages[last].get(name) else "",
                ms(pct(pages[last][name], 0.95)) if pages[last].get(name) else "",
                str(len(pages[last].get(name, []))),
            ]
            for name in names
        ],
        "Slowest at the largest count first; a switch to the page (the users page also before each new user).",
    )


def bench_scaleout(pg_base, report, scale, sessions, rounds):
    if not pg_base:
        report.lines += [
            "",
            "### One vs two processes on PostgreSQL",
            "",
            "Not run: no COUNCIL_TEST_PG_URL / --pg.",
        ]
        return
    url = pg_db(scale, pg_base, "council_bench_scaleout")
    users = bench_users(url, sessions)
    res = {}
    for workers in (1, 2):
        cluster = start(url, workers=workers, proxy=True)
        try:
            pids = [*worker_pids(cluster), cluster.proxy.pid]
            res[workers] = asyncio.run(drive(cluster.url, pids, users, rounds, 0.0))
            if res[workers]["errors"]:
                print("errors:", res[workers]["errors"][:5])
        finally:
            cluster.stop()
    one = res[1]["per_s"]
    rows = [
        [
            str(w),
            f"{r['per_s']:.1f}",
            f"{r['per_s'] / one:.2f}",
            ms(r["p50"]),
            ms(r["p95"]),
            str(len(r["errors"])),
            f"{r['rss']:,.0f}",
            ms(r["cpu_per"]),
            ms(r["client_cpu_per"]),
        ]
        for w, r in res.items()
    ]
    report.table(
        f"One vs two processes on PostgreSQL at x{scale}, {sessions} sessions, behind nginx (no pause between clicks)",
        [
            "workers",
            "interactions/s",
            "÷ one process",
            "p50 ms",
            "p95 ms",
            "errors",
            "server peak RSS MB (workers + nginx)",
            "server CPU ms / interaction",
            "client CPU ms / interaction",
        ],
        rows,
        "The same 2-core machine runs the workers, nginx, PostgreSQL and the load client.",
    )


def bench_soak(url, report, scale, reruns, sessions=4):
    from benchmarks.stclient import Session, sign_in

    users = bench_users(url, sessions)
    cluster = start(url)
    pids = worker_pids(cluster)
    samples: list[tuple[int, float]] = []
    done = 0

    async def one(user):
        nonlocal done
        async with Session(cluster.url) as s:
            await sign_in(s, user, PASSWORD)
            pages = sorted(s.pages)
            i = 0
            while done < reruns:
                await s.rerun(page=pages[i % len(pages)])
                i += 1
                done += 1
                if done % max(1, reruns // 20) == 0:
                    samples.append((done, rss_mb(pids)))

    try:
        t0 = time.perf_counter()

        async def everyone():
            await asyncio.wait_for(asyncio.gather(*(one(u) for u in users)), 900)

        asyncio.run(everyone())
        elapsed = time.perf_counter() - t0
    finally:
        cluster.stop()
    first = samples[0][1]
    mid = samples[len(samples) // 2]
    rows = [[f"{n:,}", f"{mb:,.0f}", f"{mb / first:.2f}"] for n, mb in samples[:: max(1, len(samples) // 8)]]
    if rows[-1][0] != f"{samples[-1][0]:,}":
        rows.append([f"{samples[-1][0]:,}", f"{samples[-1][1]:,.0f}", f"{samples[-1][1] / first:.2f}"])
    second_half = samples[-1][1] - mid[1]
    report.table(
        f"Soak at x{scale}: {reruns:,} reruns on one server ({sessions} sessions, every page in turn, {elapsed:.0f} s)",
        ["reruns so far", "server RSS MB", "÷ first sample"],
        rows,
        f"Post-run GC off, long-lived objects frozen. Growth over the second half: {second_half:+,.0f} MB.",
    )


def bench_felt(url, workdir, report, scale, rounds):
    import shutil as _sh
    from urllib.parse import urlparse

    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("COUNCIL_CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists():
        report.lines += ["", "### Felt page switch in Chromium", "", f"Not run: no Chromium at {chromium}."]
        return
    # The browser on core 1, the server on core 0: the table measures the server plus rendering,
    # not the two fighting for one core.
    wrapper = workdir / "chromium-pinned"
    wrapper.write_text(f'#!/bin/sh\nexec taskset -c 1 {chromium} "$@"\n')
    wrapper.chmod(0o755)
    pinned = str(wrapper) if _sh.which("taskset") and (os.cpu_count() or 1) > 1 else chromium
    server_cpus = "0" if pinned != chromium else None
    from tests.e2e.conftest import CHROMIUM_ARGS

    # Settled = the run started (the script state left notRunning, or the main area changed: a fast
    # run can finish before React shows "running"), the address is the new page's, nothing is
    # stale and the app is idle.
    watch = """() => {
        window.__sawRun = false;
        const app = document.querySelector('[data-testid="stApp"]');
        const main = document.querySelector('[data-testid="stMain"]') || app;
        const seen = () => { window.__sawRun = true; };
        new MutationObserver(() => {
            if (app.getAttribute('data-test-script-state') !== 'notRunning') seen();
        }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
        new MutationObserver(seen).observe(main, {childList: true, subtree: true, attributes: true,
            attributeFilter: ['data-stale']});
    }"""
    settled = """(path) => window.__sawRun
        && location.pathname.replace(/\\/$/, '').endsWith(path)
        && document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]')
        && !document.querySelector('[data-stale="true"]')"""

    def measure(base, signin, pages_wanted):
        out: dict[str, list[float]] = {}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=pinned, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(120_000)
            page.goto(base)
            page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(
                state="attached"
            )
            if signin:
                page.locator(".st-key-signin_username input").fill("syn-bench")
                page.locator(".st-key-signin_password input").fill(PASSWORD)
                # The kit's forms do not submit on Enter: click the form's button.
                page.locator('[data-testid="stFormSubmitButton"] button').first.click()
                page.locator(".st-key-sign_out").wait_for()
            links = page.locator('[data-testid="stSidebarNavLink"]')
            hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
            targets = [h for h in hrefs if h is not None]
            for r in range(rounds + 1):  # round 0 fills the caches, not counted
                for href in targets:
                    path = (
                        "/" + href.rstrip("/").rsplit("/", 1)[-1]
                        if href.rstrip("/") != base.rstrip("/")
                        else ""
                    )
                    name = path.strip("/") or "(home)"
                    if urlparse(page.url).path.rstrip("/") == path:
                        continue  # already there: a click would not rerun
                    page.evaluate(watch)
                    start_t = time.perf_counter()
                    page.locator(f'[data-testid="stSidebarNavLink"][href="{href}"]').click()
                    try:
                        page.wait_for_function(settled, arg=path, polling="raf", timeout=20_000)
                    except Exception:  # noqa: BLE001 - never saw the run start: accept the idle page
                        page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(
                            state="attached"
                        )
                    if r:
                        out.setdefault(name, []).append(time.perf_counter() - start_t)
            browser.close()
        return out

    app_cluster = start(url, cpus=server_cpus)
    try:
        app_times = measure(app_cluster.url, True, None)
    finally:
        app_cluster.stop()
    empty_cluster = start(url, app=empty_app(workdir), cpus=server_cpus)
    try:
        empty_times = measure(empty_cluster.url, False, None)
    finally:
        empty_cluster.stop()
    empty_med = statistics.median([x for v in empty_times.values() for x in v])
    rows = [["(empty two-page app)", ms(empty_med), "1.0", ""]]
    for name, samples in sorted(app_times.items()):
        med = statistics.median(samples)
        rows.append([name, ms(med), f"{med / empty_med:.1f}", "yes" if med / empty_med <= 3 else "no"])
    where = "server on core 0, Chromium on core 1 (taskset)" if server_cpus else "unpinned"
    report.table(
        f"Felt page switch in Chromium at x{scale} (click in the sidebar -> content rendered, nothing stale, app idle; "
        f"median of {rounds} rounds)",
        ["page", "median ms", "÷ empty app", "≤ 3× (goal)"],
        rows,
        f"{where}; the project's server settings for both apps.",
    )


def bench_spreadsheets(report, rows_n=10_000):
    import gc
    import io

    import pandas as pd
    import python_calamine
    import xlsxwriter

    from council.io import read_table, to_excel

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
            for i in range(rows_n)
        ]
    )

    def raw_xlsxwriter():
        buf = io.BytesIO()
        wb = xlsxwriter.Workbook(buf, {"in_memory": True})
        ws = wb.add_worksheet("projects")
        ws.write_row(0, 0, list(frame.columns))
        for r, row in enumerate(frame.itertuples(index=False), start=1):
            ws.write_row(r, 0, row)
        wb.close()
        return buf.getvalue()

    data = raw_xlsxwriter()

    def raw_calamine():
        wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        return wb.get_sheet_by_index(0).to_python()

    def best(fn, runs=5):
        fn()
        out = []
        for _ in range(runs):
            # Each timed call starts from a collected heap, so that neither side pays for the
            # other's garbage (a full collection of this process's heap costs more than a parse).
            gc.collect()
            t = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t)
        return statistics.median(out)

    # Side by side, alternating, so a drift of the machine hits both.
    pairs = {"export": (lambda: to_excel({"projects": frame}), raw_xlsxwriter)}
    pairs["parse"] = (lambda: read_table(data, "import.xlsx"), raw_calamine)
    rows = []
    for what, (ours, raw) in pairs.items():
        a, b = [], []
        for _ in range(5):
            a.append(best(ours, 1))
            b.append(best(raw, 1))
        ratio = statistics.median(x / y for x, y in zip(a, b, strict=True))
        lib = "xlsxwriter" if what == "export" else "python-calamine"
        fn = "council.io.to_excel" if what == "export" else "council.io.read_table"
        rows.append(
            [
                f"{what} {rows_n:,} rows",
                f"{fn}: {ms(statistics.median(a))}",
                f"{lib} directly: {ms(statistics.median(b))}",
                f"{ratio:.2f}",
                "yes" if ratio <= 2 else "no",
            ]
        )
    report.table(
        "Spreadsheets: the project's functions vs the raw libraries on the same file (ms, medians of 5 pairs)",
        ["operation", "project", "library", "ratio (pairwise median)", "≤ 2× (goal)"],
        rows,
        "The project's functions also neutralise formulas, normalise text (NFC) and keep row numbers.",
    )


# ---------------------------------------------------------------- main


def write_results(lines: list[str], path: Path) -> None:
    block = "\n".join([BEGIN, *lines, "", END])
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        new = head + block + rest.split(END, 1)[1]
    else:
        new = old.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(new, encoding="utf-8")


def main() -> int:
    import platform
    from datetime import UTC, datetime

    import streamlit

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    every = ["pages", "felt", "load", "scaleout", "soak", "spreadsheets"]
    ap.add_argument("--only", nargs="*", default=every, choices=every)
    ap.add_argument("--scale", type=int, default=10)
    ap.add_argument("--runs", type=int, default=15, help="reruns per page (pages)")
    ap.add_argument("--rounds", type=int, default=3, help="visits of every page per session (load, scaleout)")
    ap.add_argument("--sessions", type=int, nargs="+", default=[1, 5, 10, 20])
    ap.add_argument(
        "--think", type=float, default=2.0, help="seconds between a user's clicks (paced load table)"
    )
    ap.add_argument("--soak-reruns", type=int, default=3000)
    ap.add_argument("--felt-rounds", type=int, default=3)
    ap.add_argument(
        "--pg", default=os.environ.get("COUNCIL_TEST_PG_URL"), help="PostgreSQL server URL (scaleout)"
    )
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "RESULTS.md"))
    a = ap.parse_args()
    report = Report()
    report.lines += [
        "",
        "## On the real server",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"Streamlit {streamlit.__version__}. Regenerate with `python benchmarks/server.py`. "
        f"Load average at the start: {os.getloadavg()[0]:.1f} (a figure above the core count means other "
        "programs were competing for the processors: the latencies then say more about them than about "
        "the app; server CPU per interaction is less affected).",
    ]
    workdir = Path(tempfile.mkdtemp(prefix="council-server-bench-"))
    try:
        url = sqlite_db(a.scale, workdir) if set(a.only) - {"scaleout", "spreadsheets"} else None
        if "pages" in a.only:
            bench_pages(url, workdir, report, a.runs, a.scale)
        if "felt" in a.only:
            bench_felt(url, workdir, report, a.scale, a.felt_rounds)
        if "load" in a.only:
            bench_load(url, report, a.scale, a.sessions, a.rounds, 0.0)
            bench_load(url, report, a.scale, a.sessions, 1, a.think, warm=True)
        if "scaleout" in a.only:
            bench_scaleout(a.pg, report, a.scale, max(a.sessions), a.rounds)
        if "soak" in a.only:
            bench_soak(url, report, a.scale, a.soak_reruns)
        if "spreadsheets" in a.only:
            bench_spreadsheets(report)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    report.lines += ["", f"Load average at the end: {os.getloadavg()[0]:.1f}."]
    write_results(report.lines, Path(a.out))
    print(f"\nwritten: {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
