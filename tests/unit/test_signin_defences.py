"""Sign-in under attack (issue 14, items 2, 9, 10, 11, 13): the password check holds no write
transaction, failures are counted in bounded counters (no audit row per attempt, no data version
move), unknown names are treated like real ones, a stranger cannot lock a real user out of the
browser they use, parallel guessers get no more checks than the limit, and session tokens are
stored as hashes and signed with a key that is not in the database. SQLite and PostgreSQL."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, text
from sqlmodel import Session, select

from council import audit, auth
from council.auth_models import SignInCounter
from council.config import KeyFileError, signing_key
from council.db import init_db, make_engine, write_session
from council.errors import SignInError
from council.models import AppSetting, AuditEntry, AuthToken, User
from tests.conftest import PASSWORD, make_user


@pytest.fixture
def small_limits(monkeypatch):
    """Small budgets so a test needs few Argon2 checks."""
    limits = {"account": 3, "device": 3, "client": 5, "global": 8}
    monkeypatch.setattr(auth, "LIMITS", limits)
    return limits


def _audit_rows(engine) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(AuditEntry)).one()


def _counter_rows(engine) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(SignInCounter)).one()


def _fail(engine, name, password="wrong-guess-000", client=None) -> str:
    with pytest.raises(SignInError) as err:
        auth.sign_in(engine, name, password, client)
    return err.value.key


def test_the_password_is_checked_outside_any_transaction(engine, monkeypatch):
    make_user(engine, "expert", username="eva")
    seen = []
    real_verify = auth.verify_password

    def verify(password_hash, password):
        # No connection of the app is in use while Argon2 runs ...
        seen.append(engine.pool.checkedout())
        if engine.dialect.name == "sqlite":
            # ... and another writer can take SQLite's write lock at once.
            other = sqlite3.connect(engine.url.database, timeout=0)
            other.execute("BEGIN IMMEDIATE")
            other.rollback()
            other.close()
        return real_verify(password_hash, password)

    monkeypatch.setattr(auth, "verify_password", verify)
    assert auth.sign_in(engine, "eva", PASSWORD).username == "eva"
    _fail(engine, "eva")
    _fail(engine, "nobody")
    assert seen == [0, 0, 0]


def test_failed_and_throttled_sign_ins_write_no_audit_row_and_leave_the_data_version(engine, small_limits):
    make_user(engine, "expert", username="eva")
    with Session(engine) as s:
        version = audit.data_version(s)
    rows = _audit_rows(engine)
    for i in range(40):
        _fail(engine, f"stranger-{i}", client=auth.Client(address=f"10.0.{i}.1"))
    for _ in range(5):
        _fail(engine, "eva")
    assert _audit_rows(engine) == rows
    with Session(engine) as s:
        assert audit.data_version(s) == version
    # Bounded: the global budget stops new rows being made (one per name and address at most,
    # and only for attempts that got a check), however long the flood goes on.
    assert _counter_rows(engine) <= 2 * small_limits["global"] + 2


def test_counter_rows_of_unknown_names_are_deleted_when_their_window_is_over(engine, small_limits):
    eva = make_user(engine, "expert", username="eva")
    for i in range(3):
        _fail(engine, f"stranger-{i}", client=auth.Client(address="10.1.1.1"))
    _fail(engine, "eva", client=auth.Client(address="10.1.1.1"))
    with write_session(engine) as s:
        s.execute(SignInCounter.__table__.update().values(window_start=auth.utcnow() - 2 * auth.WINDOW))
    _fail(engine, "eva", client=auth.Client(address="10.1.1.2"))
    with Session(engine) as s:
        left = {(r.scope, r.user_id) for r in s.exec(select(SignInCounter))}
        report = auth.sign_in_failure_report(s)
    assert left == {("account", eva.id), ("global", None), ("client", None)}
    assert report[0]["username"] == "eva" and report[0]["total_failures"] == 2
    assert report[0]["recent_failures"] == 1


def test_no_typed_name_or_password_is_stored_in_clear(engine):
    make_user(engine, "expert", username="eva")
    typed = "Secret-Typed-In-The-Name-Field-41"
    _fail(engine, typed, client=auth.Client(address="192.0.2.7"))
    _fail(engine, "eva", typed)
    with Session(engine) as s:
        stored = " ".join(
            str(v)
            for model in (AuditEntry, SignInCounter, AppSetting)
            for row in s.exec(select(model))
            for v in row.model_dump().values()
        )
    assert typed.lower() not in stored.lower() and "192.0.2.7" not in stored


def test_unknown_names_are_throttled_exactly_like_real_ones(engine, small_limits):
    make_user(engine, "expert", username="eva")
    for name in ("eva", "nobody.here"):
        keys = [_fail(engine, name) for _ in range(small_limits["account"] + 2)]
        assert keys == ["error.sign_in_failed"] * small_limits["account"] + ["auth.throttled"] * 2
    # Even the right password waits: the account's budget is spent for this browser.
    assert _fail(engine, "eva", PASSWORD) == "auth.throttled"


def test_a_stranger_cannot_lock_a_user_out_of_the_browser_they_signed_in_on(engine, small_limits):
    eva = make_user(engine, "expert", username="eva")
    device = auth.issue_device(auth.sign_in(engine, "eva", PASSWORD))
    # The attacker spends the account's, the address's and the global budget ...
    for i in range(small_limits["global"] + 3):
        _fail(engine, "eva", client=auth.Client(address=f"198.51.100.{i % 2}"))
    assert _fail(engine, "eva", PASSWORD, client=auth.Client(address="203.0.113.9")) == "auth.throttled"
    # ... but Eva's browser has its own budget, and signs in.
    assert (
        auth.sign_in(engine, "eva", PASSWORD, auth.Client(address="198.51.100.0", device=device)).id == eva.id
    )
    # A device cookie of another account, or a forged one, gives no such pass.
    other = auth.issue_device(make_user(engine, "observer", username="olga"))
    for cookie in (other, device + "x"):
        client = auth.Client(address="203.0.113.9", device=cookie)
        assert _fail(engine, "eva", PASSWORD, client=client) == "auth.throttled"


def test_one_address_spraying_many_names_is_throttled_others_are_not(engine, small_limits):
    make_user(engine, "expert", username="eva")
    sprayer = auth.Client(address="198.51.100.7")
    keys = [_fail(engine, f"name-{i}", client=sprayer) for i in range(small_limits["client"] + 1)]
    assert keys[-1] == "auth.throttled" and keys.count("auth.throttled") == 1
    assert auth.sign_in(engine, "eva", PASSWORD, auth.Client(address="192.0.2.1")).username == "eva"


def test_spraying_from_many_addresses_meets_the_global_budget(engine, small_limits):
    make_user(engine, "expert", username="eva")
    keys = [
        _fail(engine, f"name-{i}", client=auth.Client(address=f"198.51.100.{i}"))
        for i in range(small_limits["global"] + 2)
    ]
    assert keys.count("error.sign_in_failed") == small_limits["global"]
    assert _fail(engine, "eva", PASSWORD, client=auth.Client(address="192.0.2.1")) == "auth.throttled"


def test_the_window_ends_and_the_counter_starts_again(engine, small_limits):
    make_user(engine, "expert", username="eva")
    for _ in range(small_limits["account"]):
        _fail(engine, "eva")
    assert _fail(engine, "eva", PASSWORD) == "auth.throttled"
    with write_session(engine) as s:
        s.execute(SignInCounter.__table__.update().values(window_start=auth.utcnow() - auth.WINDOW))
    assert auth.sign_in(engine, "eva", PASSWORD).username == "eva"


def test_parallel_guessers_get_no_more_checks_than_the_limit(engine, small_limits, monkeypatch):
    """16 threads guess one account at once: the counter is an atomic upsert, so exactly the
    account's budget of password checks happens and the counter holds every counted attempt."""
    make_user(engine, "expert", username="eva")
    monkeypatch.setitem(small_limits, "global", 1000)
    checks = []
    real_verify = auth.verify_password
    monkeypatch.setattr(auth, "verify_password", lambda h, p: checks.append(1) or real_verify(h, p))
    url = engine.url.render_as_string(hide_password=False)
    barrier = threading.Barrier(16)
    errors = []

    def guesser(n):
        own = make_engine(url)
        try:
            barrier.wait()
            for i in range(3):
                try:
                    auth.sign_in(own, "eva", f"guess-{n}-{i}", auth.Client(address=f"10.9.{n}.{i}"))
                except SignInError as exc:
                    assert exc.key in ("error.sign_in_failed", "auth.throttled")
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            own.dispose()

    threads = [threading.Thread(target=guesser, args=(n,)) for n in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(checks) == small_limits["account"]
    with Session(engine) as s:
        row = s.exec(select(SignInCounter).where(SignInCounter.scope == "account")).one()
    # Attempts refused by the read-only check are not counted; every counted one is.
    assert row.failures >= small_limits["account"] and row.total_failures == row.failures


def test_eight_simultaneous_first_run_submissions_create_one_account(tableless_engine):
    engine = tableless_engine
    init_db(engine)
    code = auth.setup_code(engine)
    url = engine.url.render_as_string(hide_password=False)
    barrier = threading.Barrier(8)
    outcomes = []

    def submit(n):
        own = make_engine(url)
        try:
            barrier.wait()
            with write_session(own) as s:
                auth.create_first_secretariat(s, f"admin{n}", PASSWORD, code=code)
            outcomes.append("created")
        except auth.SetupRefused:
            outcomes.append("refused")
        except Exception as exc:  # noqa: BLE001 - anything else is a failure of the test
            outcomes.append(repr(exc))
        finally:
            own.dispose()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["created"] + ["refused"] * 7
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(User)).one() == 1


def test_a_locked_database_is_a_calm_busy_error(tmp_path, _seeded_template, monkeypatch):
    import shutil

    from council import db

    path = tmp_path / "locked.db"
    shutil.copy(_seeded_template, path)
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 50)
    engine = make_engine(f"sqlite:///{path}")
    make_user(engine, "expert", username="eva")
    holder = sqlite3.connect(path)
    holder.execute("BEGIN IMMEDIATE")  # e.g. a long import holding the write lock
    try:
        with pytest.raises(auth.Busy) as err:
            auth.sign_in(engine, "eva", "wrong-guess-000")
        assert err.value.key == "auth.busy"
    finally:
        holder.rollback()
        holder.close()
        engine.dispose()


def test_tokens_are_stored_as_hashes_and_the_key_is_not_in_the_database(engine, users):
    token = None
    with write_session(engine) as s:
        token = auth.issue_token(s, users["expert"])
    token_id = auth._token_id(token)
    key = signing_key()
    with Session(engine) as s:
        ids = s.exec(select(AuthToken.id)).all()
        settings = s.exec(select(AppSetting)).all()
        assert auth.actor_from_token(s, token) == users["expert"]
    assert token_id not in ids and auth._token_row_id(token_id) in ids
    assert all(key not in row.value for row in settings)
    assert not any(row.key == "token_secret" for row in settings)


def test_a_database_copy_does_not_give_a_valid_cookie(engine, users):
    """With the old design the key sat in appsetting: a cookie signed with what the database
    holds, for a token id it holds, must not be accepted."""
    from itsdangerous import URLSafeTimedSerializer

    with write_session(engine) as s:
        auth.issue_token(s, users["secretariat"])
        s.add(AppSetting(key="token_secret", value="what-a-stolen-backup-holds"))
    with Session(engine) as s:
        stored_id = s.exec(select(AuthToken.id)).first()
        forged = URLSafeTimedSerializer("what-a-stolen-backup-holds", salt="council-session").dumps(stored_id)
        assert auth.actor_from_token(s, forged) is None
        resigned = URLSafeTimedSerializer(signing_key(), salt="council-session").dumps(stored_id)
        assert auth.actor_from_token(s, resigned) is None  # the stored value is a hash, not the id


def test_the_key_file_is_made_once_readable_by_its_owner_only(tmp_path, monkeypatch):
    monkeypatch.delenv("COUNCIL_SECRET_KEY", raising=False)
    path = tmp_path / "keys" / "council-secret.key"
    monkeypatch.setenv("COUNCIL_SECRET_KEY_FILE", str(path))
    first = signing_key()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert signing_key() == first and path.read_text().strip() == first
    monkeypatch.setenv("COUNCIL_SECRET_KEY", "from-the-environment")
    assert signing_key() == "from-the-environment"
    monkeypatch.delenv("COUNCIL_SECRET_KEY")
    os.chmod(path, 0o644)
    with pytest.raises(KeyFileError):
        signing_key()


def test_a_null_byte_in_the_name_is_a_plain_failure(engine):
    assert _fail(engine, "eva\x00") == "error.sign_in_failed"


def test_old_plain_tokens_are_dropped_by_the_migration(tableless_engine):
    """Tokens stored by their plain id, and the key kept in the database, do not survive."""
    from alembic import command

    from council.db import alembic_config, migration_connection

    engine = tableless_engine
    with migration_connection(engine) as conn:
        command.upgrade(alembic_config(conn), "0002")
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO appsetting (key, value) VALUES ('token_secret', 'k'), ('other', 'kept')")
        )
    init_db(engine)
    with Session(engine) as s:
        assert [r.key for r in s.exec(select(AppSetting))] == ["other"]


def test_session_lifetime_is_short_by_default(monkeypatch):
    monkeypatch.delenv("COUNCIL_SESSION_HOURS", raising=False)
    from council.config import get_settings

    assert get_settings().session_hours <= 8
    assert timedelta(hours=get_settings().session_hours) < timedelta(days=1)


def test_many_users_signing_in_at_once_from_one_address_are_not_refused(engine, small_limits):
    """An office behind one address: only failures spend the address's and the global budgets."""
    names = [f"staff{n}" for n in range(small_limits["client"] + small_limits["global"])]
    for name in names:
        make_user(engine, "observer", username=name)
    url = engine.url.render_as_string(hide_password=False)
    barrier = threading.Barrier(len(names))
    results = []

    def sign(name):
        own = make_engine(url)
        try:
            barrier.wait()
            results.append(auth.sign_in(own, name, PASSWORD, auth.Client(address="192.0.2.50")).username)
        except Exception as exc:  # noqa: BLE001 - reported below
            results.append(repr(exc))
        finally:
            own.dispose()

    threads = [threading.Thread(target=sign, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == sorted(names)


def test_a_hash_with_old_parameters_is_renewed_at_sign_in(engine, monkeypatch):
    from argon2 import PasswordHasher

    eva = make_user(engine, "expert", username="eva")
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    with write_session(engine) as s:
        user = s.get(User, eva.id)
        user.password_hash = weak
        s.add(user)
    assert auth.sign_in(engine, "eva", PASSWORD).id == eva.id
    with Session(engine) as s:
        renewed = s.get(User, eva.id).password_hash
    assert renewed != weak and not auth._hasher.check_needs_rehash(renewed)
    assert auth.verify_password(renewed, PASSWORD)
