"""An anonymous sign-in flood against other users' saves (issue 14, item 2).

    python benchmarks/signin_flood.py                       # SQLite file, 20 s per mode
    python benchmarks/signin_flood.py --seconds 30 --flooders 8 --writers 4
    python benchmarks/signin_flood.py --database postgresql+psycopg://postgres@127.0.0.1:5432/flood

Threads in one process, as Streamlit serves its sessions: ``--flooders`` threads sign in as fast
as they can with names that are no account (each from its own made-up address, as a botnet would),
while ``--writers`` signed-in users save a record (a versioned user update, audited) in a loop.
Everything stays in this process and its database (no network at all). Each loop is bounded by
``--seconds`` and by ``--max-attempts``.

Modes:
  * ``before``: the sign-in path of the previous release, reproduced here for comparison
    (Argon2 inside the write transaction, one ``sign_in_failed`` audit row per attempt);
  * ``now``: ``council.auth.sign_in`` as shipped (budgets on);
  * ``now-unthrottled``: ``council.auth.sign_in`` with the budgets lifted, so every attempt gets
    an Argon2 check: the write path must stay free even then.

Prints, per mode: attempts and password checks per second, saves done and failed, save latency
p50 / p95 / max, audit rows the flood added, sign-in counter rows left, and whether the data
version moved. A benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASSWORD = "flood-bench-horse-42"


def _old_sign_in(engine, username: str, password: str) -> None:
    """The previous release's failure path, for comparison only: the check and an audit row per
    failure inside one write transaction (SQLite: BEGIN IMMEDIATE, so the write lock is held
    while Argon2 runs)."""
    from sqlmodel import select

    from council import audit, auth
    from council.db import write_session
    from council.models import User

    with write_session(engine) as session:
        name = auth.normalise_username(username)
        user = session.exec(select(User).where(User.username == name)).first()
        auth.verify_password(user.password_hash if user else auth._DUMMY_HASH, password)
        audit.record(session, None, "sign_in_failed", "user", getattr(user, "id", ""), note=name)


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def run_mode(url: str, mode: str, seconds: float, flooders: int, writers: int, max_attempts: int) -> dict:
    from sqlalchemy import func
    from sqlmodel import Session, select

    from council import audit, auth
    from council.auth_models import SignInCounter
    from council.db import make_engine, write_session
    from council.errors import CouncilError
    from council.models import AuditEntry, User

    engine = make_engine(url)
    with Session(engine) as s:
        actors = [
            auth.Actor.from_user(s.exec(select(User).where(User.username == f"writer{n}")).one())
            for n in range(writers)
        ]
        audit_before = s.exec(select(func.count()).select_from(AuditEntry)).one()
        version_before = audit.data_version(s)
    saved_limits = dict(auth.LIMITS)
    if mode == "now-unthrottled":
        auth.LIMITS.update({k: 10**9 for k in auth.LIMITS})
    checks = []
    real_verify = auth.verify_password

    def counting_verify(h, p):
        checks.append(1)
        return real_verify(h, p)

    auth.verify_password = counting_verify
    stop = threading.Event()
    attempts = []
    flood_errors = []
    save_latencies = []
    save_failures = []
    per_flooder = max_attempts // max(1, flooders)

    def flooder(n: int) -> None:
        own = make_engine(url)
        try:
            for i in range(per_flooder):
                if stop.is_set():
                    break
                name = f"nobody-{n}-{i}"
                try:
                    if mode == "before":
                        _old_sign_in(own, name, "guess-" + name)
                    else:
                        auth.sign_in(
                            own, name, "guess-" + name, auth.Client(address=f"10.{n}.{i // 250}.{i % 250}")
                        )
                except CouncilError:
                    pass  # refused or throttled: what a flood gets
                except Exception as exc:  # noqa: BLE001 - counted: a flood must not error either
                    flood_errors.append(type(exc).__name__)
                attempts.append(1)
        finally:
            own.dispose()

    def writer(n: int) -> None:
        own = make_engine(url)
        actor = actors[n]
        try:
            i = 0
            while not stop.is_set():
                i += 1
                start = time.perf_counter()
                try:
                    with Session(own) as s:
                        version = s.get(User, actor.id).version
                    # A user editing their own record is not allowed; the secretariat account
                    # writer0 edits everyone's affiliation, as the users page does.
                    with write_session(own) as s:
                        auth.update_user(
                            s, actors[0], actor.id, expected_version=version, affiliation=f"save {n}-{i}"
                        )
                    save_latencies.append(time.perf_counter() - start)
                except Exception as exc:  # noqa: BLE001 - a failed save is what we count
                    save_failures.append(f"{type(exc).__name__}: {str(exc)[:60]}")
                time.sleep(0.05)
        finally:
            own.dispose()

    threads = [threading.Thread(target=flooder, args=(n,)) for n in range(flooders)]
    threads += [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    deadline = started + seconds
    while time.perf_counter() < deadline and any(t.is_alive() for t in threads[:flooders]):
        time.sleep(0.1)
    stop.set()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    auth.verify_password = real_verify
    auth.LIMITS.clear()
    auth.LIMITS.update(saved_limits)
    with Session(engine) as s:
        audit_after = s.exec(select(func.count()).select_from(AuditEntry)).one()
        version_after = audit.data_version(s)
        counters = s.exec(select(func.count()).select_from(SignInCounter)).one()
        # The writers' own saves are audited (that is data): count only what the flood added.
        flood_rows = s.exec(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action.like("sign_in%"))
        ).one()
    engine.dispose()
    return {
        "mode": mode,
        "seconds": elapsed,
        "attempts": len(attempts),
        "checks": len(checks),
        "flood_errors": len(flood_errors),
        "saves": len(save_latencies),
        "failed": len(save_failures),
        "failures_sample": sorted(set(save_failures))[:3],
        "p50": statistics.median(save_latencies) if save_latencies else 0.0,
        "p95": _pct(save_latencies, 0.95),
        "max": max(save_latencies, default=0.0),
        "audit_added": audit_after - audit_before,
        "flood_audit_rows": flood_rows,
        "counters": counters,
        "version_moved_by": version_after - version_before,
    }


def prepare(url: str, writers: int) -> None:
    from council import auth
    from council.db import init_db, make_engine, write_session
    from council.seed import seed

    engine = make_engine(url)
    init_db(engine)
    seed(engine)
    with write_session(engine) as s:
        for n in range(writers):
            role = "secretariat" if n == 0 else "observer"
            auth.create_user(s, auth.SYSTEM, username=f"writer{n}", password=PASSWORD, role=role)
    engine.dispose()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--flooders", type=int, default=8)
    ap.add_argument("--writers", type=int, default=4)
    ap.add_argument("--max-attempts", type=int, default=20000)
    ap.add_argument("--modes", nargs="+", default=["before", "now", "now-unthrottled"])
    ap.add_argument("--database", help="an empty database URL per run (default: a new SQLite file per mode)")
    args = ap.parse_args()
    os.environ.setdefault("COUNCIL_SECRET_KEY", "benchmark-only-key")
    workdir = Path(tempfile.mkdtemp(prefix="council-flood-"))
    rows = []
    for mode in args.modes:
        url = args.database or f"sqlite:///{workdir / f'{mode}.db'}"
        prepare(url, args.writers)
        r = run_mode(url, mode, args.seconds, args.flooders, args.writers, args.max_attempts)
        rows.append(r)
        print(
            f"{mode:16} attempts={r['attempts']:6} ({r['attempts'] / r['seconds']:7.1f}/s) "
            f"checks={r['checks']:6} saves={r['saves']:5} failed={r['failed']:3} "
            f"p50={r['p50'] * 1000:7.1f} ms p95={r['p95'] * 1000:7.1f} ms max={r['max'] * 1000:8.1f} ms "
            f"flood audit rows={r['flood_audit_rows']:6} counters={r['counters']:4} "
            f"flood errors={r['flood_errors']} {r['failures_sample'] or ''}",
            flush=True,
        )
    print()
    print(
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{args.flooders} flooders, {args.writers} writers, {args.seconds:g} s per mode, "
        f"{'SQLite file' if not args.database else args.database.split(':')[0]}"
    )
    print()
    print(
        "| mode | sign-in attempts/s | password checks | saves | failed saves | save p50 (ms) | p95 (ms) | max (ms) | audit rows from the flood | counter rows | data version moved by the flood |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        # data version = newest audit id on this release: every audit row of the flood moves it.
        moved = r["flood_audit_rows"]
        print(
            f"| {r['mode']} | {r['attempts'] / r['seconds']:,.0f} | {r['checks']:,} | {r['saves']:,} | {r['failed']} "
            f"| {r['p50'] * 1000:,.1f} | {r['p95'] * 1000:,.1f} | {r['max'] * 1000:,.1f} | {r['flood_audit_rows']:,} "
            f"| {r['counters']:,} | {'yes' if moved > 0 else 'no'} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
