"""Load on a real server: start `streamlit run app.py` on loopback and drive N concurrent
browser sessions (headless Chromium contexts) through sign-in and a mixed read/write scenario.

    python benchmarks/load.py --sessions 20 --rounds 3

Prints reruns per second, p50/p95 latency of each interaction (click -> app idle), the server's
peak memory, the number of errors, and checks that every write is in the database afterwards.
A benchmark, not a test: it asserts nothing about time. tests/e2e/test_load.py runs a small version.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "load-test-password"


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    writes: list[str] = field(default_factory=list)


async def _idle(page) -> None:
    await page.wait_for_timeout(150)
    await page.locator(IDLE).wait_for(state="attached", timeout=120_000)


async def _timed(result: Result, page, action) -> None:
    start = time.perf_counter()
    await action()
    await _idle(page)
    result.latencies.append(time.perf_counter() - start)
    if await page.locator('[data-testid="stException"]').count():
        result.errors.append(await page.locator('[data-testid="stException"]').first.inner_text())


async def session(browser, url: str, username: str, writer: bool, rounds: int, result: Result) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    # Twenty browsers and the server share the machine: allow slow loads rather than report them as errors
    # (the latencies say how slow).
    context.set_default_timeout(120_000)
    context.set_default_navigation_timeout(120_000)
    page = await context.new_page()
    try:
        await page.goto(url)
        await _idle(page)
        await page.locator(".st-key-signin_username input").fill(username)
        await page.locator(".st-key-signin_password input").fill(PASSWORD)
        await _timed(result, page, lambda: page.get_by_role("button", name="Đăng nhập").click())
        signed_in = page.locator(".st-key-sign_out")
        refused = page.locator('[data-testid="stAlert"]')
        await signed_in.or_(refused).first.wait_for()
        if not await signed_in.count():
            raise RuntimeError(f"sign-in refused: {await refused.first.inner_text()}")
        links = page.locator('[data-testid="stSidebarNavLink"]')
        for r in range(rounds):
            for i in range(await links.count()):
                await _timed(result, page, lambda i=i: links.nth(i).click())
            if writer:
                name = f"load-{username}-{r}"
                # In-app navigation (as a user does), not a full page load.
                await _timed(result, page, lambda: links.filter(has_text="Người dùng").click())
                await page.locator(".st-key-uc_username input").fill(name)
                await page.locator(".st-key-uc_password input").fill(PASSWORD)
                # The kit's forms are sent with their button (Enter does not submit a form).
                form = page.locator('[data-testid="stForm"]').filter(has=page.locator(".st-key-uc_username"))
                submit = form.get_by_role("button", name="Tạo", exact=True)
                await _timed(result, page, submit.click)
                # A submitted write must be in the database afterwards unless the app refused it with a
                # message ("lost" = submitted without a refusal, yet absent). The confirmation can be
                # cleared by a later rerun before it is looked at, so its absence alone is not an error.
                saved = page.get_by_text(f"Đã tạo người dùng {name}.")
                refused = page.locator('[data-testid="stAlertContentError"]')
                try:
                    await saved.or_(refused).first.wait_for(timeout=30_000)
                except Exception:  # noqa: BLE001 - neither shown: checked in the database below
                    pass
                if await refused.count() and not await saved.count():
                    raise RuntimeError(f"write refused: {await refused.first.inner_text()}")
                result.writes.append(name)
    except Exception as exc:  # noqa: BLE001 - a failed session is a reported error, not a crash
        result.errors.append(f"{username}: {type(exc).__name__}: {str(exc)[:200]}")
    finally:
        await context.close()


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


async def run(
    sessions: int, rounds: int, chromium: str, db_url: str | None = None, post_script_gc: bool | None = None
) -> dict:
    from playwright.async_api import async_playwright
    from sqlmodel import Session, select

    from council import auth
    from council.db import init_db, make_engine, write_session
    from council.models import User
    from council.seed import seed
    from tests.e2e.conftest import Server

    workdir = Path(tempfile.mkdtemp(prefix="council-load-"))
    db_url = db_url or f"sqlite:///{workdir / 'load.db'}"
    engine = make_engine(db_url)
    init_db(engine)
    seed(engine)
    usernames = []
    with write_session(engine) as s:
        for n in range(sessions):
            role = "secretariat" if n % 2 == 0 else "observer"
            name = f"user{n:02d}"
            auth.create_user(s, auth.SYSTEM, username=name, password=PASSWORD, role=role)
            usernames.append((name, role == "secretariat"))
    extra = () if post_script_gc is None else ("--runner.postScriptGC", str(post_script_gc).lower())
    server = Server(db_url, extra)
    peak = 0.0
    result = Result()
    try:
        server.wait_ready()
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)

            async def sample_memory():
                nonlocal peak
                while True:
                    peak = max(peak, _rss_mb(server.proc.pid))
                    await asyncio.sleep(0.5)

            sampler = asyncio.create_task(sample_memory())
            start = time.perf_counter()
            await asyncio.gather(
                *(session(browser, server.url, name, writer, rounds, result) for name, writer in usernames)
            )
            elapsed = time.perf_counter() - start
            sampler.cancel()
            await browser.close()
    finally:
        server.stop()
    with Session(engine) as s:
        present = set(s.exec(select(User.username).where(User.username.like("load-%"))).all())
    lost = sorted(set(result.writes) - present)
    engine.dispose()
    shutil.rmtree(workdir, ignore_errors=True)
    lat = sorted(result.latencies)
    return {
        "sessions": sessions,
        "rounds": rounds,
        "interactions": len(lat),
        "seconds": round(elapsed, 1),
        "reruns_per_second": round(len(lat) / elapsed, 2) if elapsed else 0,
        "p50_s": round(statistics.median(lat), 3) if lat else None,
        "p95_s": round(lat[int(0.95 * (len(lat) - 1))], 3) if lat else None,
        "server_peak_rss_mb": round(peak, 1),
        "errors": result.errors,
        "writes": len(result.writes),
        "lost_writes": lost,
        "post_script_gc": "default" if post_script_gc is None else post_script_gc,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--chromium", default=os.environ.get("COUNCIL_CHROMIUM", "/usr/bin/chromium"))
    ap.add_argument("--database", help="database URL (default: a temporary seeded SQLite file)")
    ap.add_argument("--post-script-gc", choices=["on", "off"], help="Streamlit's runner.postScriptGC")
    a = ap.parse_args()
    gc = None if a.post_script_gc is None else a.post_script_gc == "on"
    report = asyncio.run(run(a.sessions, a.rounds, a.chromium, a.database, gc))
    for key, value in report.items():
        print(f"{key:20} {value}")
    return 0 if not report["errors"] and not report["lost_writes"] else 1


if __name__ == "__main__":
    sys.exit(main())
