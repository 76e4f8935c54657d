"""The ``council`` command: init, seed, setup-code, user add/list/failures, backup, restore, synth,
notify send."""

from __future__ import annotations

import argparse
import getpass
import sys

from sqlmodel import Session, select

from council import auth
from council.config import get_settings
from council.db import init_db, make_engine, write_session
from council.errors import CouncilError
from council.models import Province
from council.seed import seed


def _engine(args):
    return make_engine(args.database or get_settings().database_url)


def cmd_init(args) -> int:
    engine = _engine(args)
    init_db(engine)
    report = seed(engine)
    print(
        f"database ready: {engine.url.render_as_string(hide_password=True)}; seeded {report.created or 'nothing new'}"
    )
    _print_setup_code(engine)
    return 0


def _print_setup_code(engine) -> None:
    code = auth.setup_code(engine)
    if code:
        print(f"no account yet: setup code for the first account (mã thiết lập): {code}")


def cmd_setup_code(args) -> int:
    engine = _engine(args)
    init_db(engine)
    if auth.setup_code(engine) is None:
        print("an account exists already: no setup code (sign in, or add users with: council user add)")
        return 1
    _print_setup_code(engine)
    return 0


def cmd_seed(args) -> int:
    engine = _engine(args)
    init_db(engine)
    report = seed(engine)
    print(f"seeded: {report.created or 'nothing new (already seeded)'}")
    return 0


def cmd_user_add(args) -> int:
    engine = _engine(args)
    init_db(engine)
    password = args.password or getpass.getpass("password: ")
    with write_session(engine) as session:
        province_id = None
        if args.province:
            province = session.exec(
                select(Province).where((Province.code == args.province) | (Province.name_vi == args.province))
            ).first()
            if province is None:
                raise CouncilError("error.unknown_province", province=args.province)
            province_id = province.id
        if auth.count_users(session) == 0 and args.role == "secretariat":
            # The shell is trusted like the database file: no setup code needed here.
            actor = auth.create_first_secretariat(
                session, args.username, password, args.name or "", code=None
            )
        else:
            # The shell is trusted like the secretariat (it can read the database file anyway).
            actor = auth.create_user(
                session,
                auth.SYSTEM,
                username=args.username,
                password=password,
                role=args.role,
                province_id=province_id,
                display_name=args.name or "",
                affiliation=args.affiliation or "",
            )
    print(f"created {actor.username} ({actor.role})")
    return 0


def cmd_user_list(args) -> int:
    engine = _engine(args)
    with Session(engine) as session:
        for u in auth.list_users(session):
            print(
                f"{u['username']:24} {u['role']:14} province={u['province_id'] or '-'} active={u['is_active']}"
            )
    return 0


def cmd_user_failures(args) -> int:
    engine = _engine(args)
    with Session(engine) as session:
        rows = auth.sign_in_failure_report(session)
    for r in rows:
        last = r["last_failure_at"].isoformat(timespec="seconds") if r["last_failure_at"] else "-"
        print(
            f"{r['username']:24} last 15 min={r['recent_failures']:<4} total={r['total_failures']:<6} last={last}"
        )
    if not rows:
        print("no failed sign-ins for existing accounts")
    return 0


def cmd_backup(args) -> int:
    from council.backup import backup

    path = backup(_engine(args), args.file)
    print(f"backup written (readable by its owner only): {path}")
    return 0


def cmd_restore(args) -> int:
    from council.backup import inspect_backup, restore
    from council.i18n import t

    engine = _engine(args)
    revision = inspect_backup(engine, args.file)
    print(f"{args.file}: council backup, schema version {revision}")
    if not args.yes:
        if not sys.stdin.isatty():
            raise CouncilError("backup.needs_yes")
        if input(t("backup.confirm", "en")).strip().lower() != "yes":
            print(t("backup.cancelled", "en"))
            return 1
    safety = restore(engine, args.file)
    print(f"safety copy of the database before the restore: {safety}")
    print(f"restored from {args.file}")
    return 0


def cmd_synth(args) -> int:
    from council.synth import generate

    if not args.database:
        print(
            "error: council synth needs --database URL (a separate database, never the default one)",
            file=sys.stderr,
        )
        return 2
    counts = generate(_engine(args), scale=args.scale, seed_value=args.seed)
    print(f"synthetic data (scale x{args.scale}, seed {args.seed}): {counts}")
    return 0


def cmd_notify_send(args) -> int:
    """Build the notifications, queue the e-mails they make, send what is due; with --every,
    again every N seconds until interrupted (a background worker)."""
    import time

    from council.db import read_session
    from council.notify_mail import enabled, queue_state, run_once

    engine = _engine(args)
    init_db(engine)
    if not enabled():
        print("e-mail is off (COUNCIL_SMTP_HOST is not set): notifications are built, nothing is mailed")
    while True:
        done = run_once(engine)
        with read_session(engine) as session:
            states = queue_state(session)
        print(f"notify: {done}; queue: {states}", flush=True)
        if not args.every:
            return 0
        time.sleep(args.every)


def cmd_serve(args) -> int:
    from council.serve import serve

    return serve(args.workers, args.port, args.address, args.database, args.log_dir)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="council", description="Council workspace administration")
    p.add_argument("--database", help="database URL (default: COUNCIL_DATABASE_URL or sqlite:///council.db)")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="create the tables and load the real seed data").set_defaults(func=cmd_init)
    sub.add_parser("seed", help="load data/ (idempotent)").set_defaults(func=cmd_seed)
    user = sub.add_parser("user", help="manage users").add_subparsers(dest="user_command", required=True)
    add = user.add_parser("add", help="create a user")
    add.add_argument("username")
    add.add_argument("--role", choices=auth.ROLES if hasattr(auth, "ROLES") else None, default="observer")
    add.add_argument("--province", help="province code or Vietnamese name (representatives)")
    add.add_argument("--name", help="display name")
    add.add_argument("--affiliation", help="experts: declared affiliation")
    add.add_argument("--password", help="password (prompted when omitted)")
    add.set_defaults(func=cmd_user_add)
    user.add_parser("list", help="list users").set_defaults(func=cmd_user_list)
    user.add_parser("failures", help="failed sign-ins of existing accounts").set_defaults(
        func=cmd_user_failures
    )
    sub.add_parser(
        "setup-code", help="show the one-time code the first-account form asks for (while no account exists)"
    ).set_defaults(func=cmd_setup_code)
    sy = sub.add_parser("synth", help="fill a SEPARATE database with labelled synthetic scale data")
    sy.add_argument("--scale", type=int, default=1)
    sy.add_argument("--seed", type=int, default=42)
    sy.set_defaults(func=cmd_synth)
    b = sub.add_parser("backup", help="write a consistent copy of the database to FILE")
    b.add_argument("file")
    b.set_defaults(func=cmd_backup)
    r = sub.add_parser(
        "restore", help="check FILE is a council backup, keep a safety copy, replace the database's content"
    )
    r.add_argument("file")
    r.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    r.set_defaults(func=cmd_restore)
    nt = sub.add_parser("notify", help="notifications").add_subparsers(dest="notify_command", required=True)
    ns = nt.add_parser("send", help="build notifications, queue and send the e-mails (retries included)")
    ns.add_argument("--every", type=int, default=0, help="run again every N seconds (a background worker)")
    ns.set_defaults(func=cmd_notify_send)
    sv = sub.add_parser(
        "serve", help="run the app: one Streamlit process, or N behind nginx (sticky sessions)"
    )
    sv.add_argument("--workers", type=int, default=1, help="Streamlit processes (N > 1 puts nginx in front)")
    sv.add_argument("--port", type=int, default=8501, help="public port (workers use port+1 .. port+N)")
    sv.add_argument("--address", default="127.0.0.1", help="public address to listen on")
    sv.add_argument("--log-dir", help="folder for the workers' logs and nginx's generated config")
    sv.set_defaults(func=cmd_serve)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CouncilError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
