"""Users, password hashing, sign-in, remember-me tokens and the permission
check every service calls.

``Actor`` is the plain, serialisable picture of the signed-in user that the
UI keeps in session state and hands to every service.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import bindparam, delete, func, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlmodel import Session, select

from council import audit
from council.auth_models import SignInCounter
from council.config import get_settings, signing_key
from council.errors import CouncilError, NotFound, PermissionDenied, SignInError, ValidationError
from council.models import PROVINCE_ROLES, ROLES, AppSetting, AuthToken, Province, User, utcnow
from council.textutil import clean
from council.versioning import load_for_edit, save_versioned

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
# zxcvbn's score (0-4); 3 = "safely unguessable: moderate protection from offline slow-hash attacks".
MIN_PASSWORD_SCORE = 3

# Sign-in throttling: failed attempts counted in fixed windows of WINDOW, per scope. A browser
# where the account signed in before ("device") has its own budget and is not held back by the
# others, so a stranger cannot lock a real user out of the browser they use.
WINDOW = timedelta(minutes=15)
LIMITS = {"account": 5, "device": 10, "client": 30, "global": 300}
DEVICE_DAYS = 180


@dataclass(frozen=True)
class Actor:
    id: int | None
    username: str
    role: str
    province_id: int | None = None
    display_name: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_user(cls, user: User) -> Actor:
        return cls(
            id=user.id,
            username=user.username,
            role=user.role,
            province_id=user.province_id,
            display_name=user.display_name or user.username,
        )


SYSTEM = Actor(id=None, username="system", role="secretariat", display_name="system")


# --- permissions ---------------------------------------------------------------
# The matrix of ARCHITECTURE.md. "own" means: allowed for a province_rep (or a provincial
# statistics officer) only when their province is among the provinces the action concerns.
ALLOW, OWN, DENY = "yes", "own", "no"
# One row per action (a table to read down its columns): kept on one line each by the formatter.
# fmt: off
PERMISSIONS: dict[str, dict[str, str]] = {
    "project.edit": {"secretariat": ALLOW, "province_rep": DENY, "statistics_officer": DENY, "expert": DENY, "observer": DENY},
    "project.propose": {"secretariat": ALLOW, "province_rep": OWN, "statistics_officer": DENY, "expert": DENY, "observer": DENY},
    "project.accept_share": {"secretariat": ALLOW, "province_rep": OWN, "statistics_officer": DENY, "expert": DENY, "observer": DENY},
    "agreement.edit": {"secretariat": ALLOW, "province_rep": DENY, "statistics_officer": DENY, "expert": DENY, "observer": DENY},
    "agreement.propose": {"secretariat": ALLOW, "province_rep": OWN, "statistics_officer": DENY, "expert": DENY, "observer": DENY},
    "conflict.open": {"secretariat": ALLOW, "province_rep": OWN, "statistics_officer": DENY, "expert": DENY, "observer": DENY},
    "conflict.edit": {"secretariat": ALLOW, "province_rep": DENY, "statistics_officer": DENY, "expert": DENY, "observer": DENY},
    "conflict.transition": {"secretariat": ALLOW, "province_rep": DENY, "statistics_officer": DENY, "expert": DENY, "observer": DENY},
    "conflict.comment": {"secretariat": ALLOW, "province_rep": OWN, "statistics_officer": DENY, "expert": ALLOW, "observer": DENY},
    "comment.hide": {"secretariat": ALLOW, "province_rep": DENY, "statistics_officer": DENY, "expert": DENY, "observer": DENY},
    "observation.enter": {"secretariat": ALLOW, "province_rep": OWN, "statistics_officer": OWN, "expert": DENY, "observer": DENY},
    "observation.approve": {"secretariat": ALLOW, "province_rep": DENY, "statistics_officer": DENY, "expert": DENY, "observer": DENY},
    "target.edit": {"secretariat": ALLOW, "province_rep": DENY, "statistics_officer": DENY, "expert": DENY, "observer": DENY},
    "user.manage": {"secretariat": ALLOW, "province_rep": DENY, "statistics_officer": DENY, "expert": DENY, "observer": DENY},
    "data.import": {"secretariat": ALLOW, "province_rep": DENY, "statistics_officer": DENY, "expert": DENY, "observer": DENY},
    "audit.read": {"secretariat": ALLOW, "province_rep": DENY, "statistics_officer": DENY, "expert": DENY, "observer": DENY},
    "meeting.manage": {"secretariat": ALLOW, "province_rep": DENY, "statistics_officer": DENY, "expert": DENY, "observer": DENY},
    # Plan execution (council/plan.py): crediting projects to targets, the priority lists, due dates.
    "plan.link": {"secretariat": ALLOW, "province_rep": DENY, "statistics_officer": DENY, "expert": DENY, "observer": DENY},
    "plan.priority": {"secretariat": ALLOW, "province_rep": DENY, "statistics_officer": DENY, "expert": DENY, "observer": DENY},
    "plan.settings": {"secretariat": ALLOW, "province_rep": DENY, "statistics_officer": DENY, "expert": DENY, "observer": DENY},
    # Revenue and cost sharing (council/sharing.py): the secretariat sets up arrangements, keys,
    # lines and the preparation steps; a year's settlement is accepted by each province itself.
    "sharing.manage": {"secretariat": ALLOW, "province_rep": DENY, "statistics_officer": DENY, "expert": DENY, "observer": DENY},
    "sharing.accept": {"secretariat": DENY, "province_rep": OWN, "statistics_officer": DENY, "expert": DENY, "observer": DENY},
    "agreement.prepare": {"secretariat": ALLOW, "province_rep": DENY, "statistics_officer": DENY, "expert": DENY, "observer": DENY},
    # Two-level sign-off of figures (council/signoff.py, issue 21): the provincial statistics
    # officer enters and verifies their province's figures, the representative signs them off and
    # submits them (or sends them back to the officer), the secretariat approves or returns them and
    # decides how many levels each province has.
    "observation.verify": {"secretariat": ALLOW, "province_rep": DENY, "statistics_officer": OWN, "expert": DENY, "observer": DENY},
    "observation.submit": {"secretariat": ALLOW, "province_rep": OWN, "statistics_officer": DENY, "expert": DENY, "observer": DENY},
    "observation.levels": {"secretariat": ALLOW, "province_rep": DENY, "statistics_officer": DENY, "expert": DENY, "observer": DENY},
    # Early warning (council/early_warning.py): the secretariat dismisses a flag with a reason; opening
    # a case from a flag is opening a conflict (conflict.open).
    "warning.manage": {"secretariat": ALLOW, "province_rep": DENY, "statistics_officer": DENY, "expert": DENY, "observer": DENY},
    # Allocation of resources (council/allocation.py): only the secretariat sets the criteria and
    # weights, the envelope, the fund's contributions and records the allocation; everyone reads.
    "allocation.manage": {"secretariat": ALLOW, "province_rep": DENY, "statistics_officer": DENY, "expert": DENY, "observer": DENY},
    # Facility plans (council/facilities.py): representatives record their own province's planned
    # facilities, the secretariat all; the detector's settings and the regional forecasts: secretariat.
    "facility.edit": {"secretariat": ALLOW, "province_rep": OWN, "statistics_officer": DENY, "expert": DENY, "observer": DENY},
    "facility.settings": {"secretariat": ALLOW, "province_rep": DENY, "statistics_officer": DENY, "expert": DENY, "observer": DENY},
    # Investment incentives (council/incentives.py): a representative records their own province's
    # packages, the secretariat every province's; the sector list, the regional standard, the plan's
    # sector assignments and the monitor's settings are the secretariat's.
    "incentive.edit": {"secretariat": ALLOW, "province_rep": OWN, "statistics_officer": DENY, "expert": DENY, "observer": DENY},
    "incentive.standard": {"secretariat": ALLOW, "province_rep": DENY, "statistics_officer": DENY, "expert": DENY, "observer": DENY},
    # Following and notifications (council/notify.py, issue 21): everyone follows what they want
    # and reads, marks and mails their own notifications (read everything; never someone else's).
    "notify.follow": {"secretariat": ALLOW, "province_rep": ALLOW, "statistics_officer": ALLOW, "expert": ALLOW, "observer": ALLOW},
    "notify.read": {"secretariat": ALLOW, "province_rep": ALLOW, "statistics_officer": ALLOW, "expert": ALLOW, "observer": ALLOW},
}
# fmt: on


def can(actor: Actor | None, action: str, province_ids: Iterable[int] | None = None) -> bool:
    if actor is None:
        return False
    rule = PERMISSIONS[action].get(actor.role, DENY)
    if rule == ALLOW:
        return True
    if rule == OWN:
        return (
            actor.province_id is not None
            and province_ids is not None
            and actor.province_id in set(province_ids)
        )
    return False


def authorize(actor: Actor | None, action: str, province_ids: Iterable[int] | None = None) -> None:
    """Raise PermissionDenied unless ``actor`` may do ``action`` (for these provinces)."""
    if action not in PERMISSIONS:
        raise KeyError(f"unknown action {action!r}")
    ids = list(province_ids) if province_ids is not None else None
    if not can(actor, action, ids):
        raise PermissionDenied(action, getattr(actor, "username", ""), provinces=ids)


# --- passwords -----------------------------------------------------------------


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def normalise_username(username: str) -> str:
    """NFC, control characters dropped (a NUL typed into the field is no error on PostgreSQL),
    trimmed, lower case."""
    return clean(username).lower()


def _has_control(text_: str) -> bool:
    return any(unicodedata.category(c) == "Cc" for c in text_)


def check_password(password: str, username: str = "", display_name: str = "") -> None:
    """The password policy: long enough, not the user's name, not a common or leaked password, and
    strong by zxcvbn (Dropbox's strength estimator, which knows the leaked-password lists, names,
    keyboard patterns, dates and l33t substitutions). Raises ValidationError on ``password``."""
    password = password or ""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError("error.password_too_short", field="password", min=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationError("auth.password_too_long", field="password", max=MAX_PASSWORD_LENGTH)
    lowered = password.casefold()
    names = [n for n in (normalise_username(username), normalise_username(display_name)) if len(n) >= 3]
    parts = [p for n in names for p in n.replace("@", " ").replace(".", " ").split() if len(p) >= 4]
    if any(n in lowered for n in names + parts):
        raise ValidationError("auth.password_has_name", field="password")
    from zxcvbn import zxcvbn
    from zxcvbn.matching import RANKED_DICTIONARIES

    if lowered in RANKED_DICTIONARIES.get("passwords", {}):
        raise ValidationError("auth.password_common", field="password")
    # zxcvbn's run time grows with the length; the first 100 characters decide the score.
    result = zxcvbn(password[:100], user_inputs=names + parts)
    if result["score"] < MIN_PASSWORD_SCORE:
        raise ValidationError("auth.password_weak", field="password", score=result["score"])


_check_password = check_password


# --- users ---------------------------------------------------------------------


def count_users(session: Session) -> int:
    return session.exec(select(func.count()).select_from(User)).one()


def _validate_role(session: Session, role: str, province_id: int | None) -> None:
    if role not in ROLES:
        raise ValidationError("error.bad_role", field="role", role=role)
    if role in PROVINCE_ROLES:
        if province_id is None:
            key = "error.rep_needs_province" if role == "province_rep" else "error.officer_needs_province"
            raise ValidationError(key, field="province")
        if session.get(Province, province_id) is None:
            raise ValidationError("error.unknown_province", field="province", province=province_id)


class SetupRefused(CouncilError):
    """The first-account form when an account already exists (another visitor was first)."""


SETUP_CODE_KEY = "setup_code"
FIRST_ACCOUNT_KEY = "first_account"
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed by hand


def _normalise_code(code: str) -> str:
    return "".join(c for c in (code or "").upper() if c.isalnum())


def _insert_ignore(session: Session, table, values: dict) -> None:
    """INSERT ... ON CONFLICT DO NOTHING, on SQLite and PostgreSQL."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    session.execute(insert(table).values(**values).on_conflict_do_nothing())


def setup_code(engine) -> str | None:
    """The one-time code the first-account form asks for, while no account exists (else None).

    COUNCIL_SETUP_CODE when the operator set one; otherwise made once, kept in the database until
    the first account is created (so every server process and ``council setup-code`` show the same
    code), then deleted. Whoever can read the database could create an account there anyway."""
    from council.db import read_session, write_session

    with read_session(engine) as session:
        if count_users(session) > 0:
            return None
        row = session.get(AppSetting, SETUP_CODE_KEY)
    configured = get_settings().setup_code
    if configured:
        return configured
    if row is not None:
        return row.value
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(20))
    code = "-".join(raw[i : i + 4] for i in range(0, 20, 4))
    with write_session(engine) as session:
        _insert_ignore(session, AppSetting, {"key": SETUP_CODE_KEY, "value": code})
    with read_session(engine) as session:
        return session.get(AppSetting, SETUP_CODE_KEY).value


def create_first_secretariat(
    session: Session, username: str, password: str, display_name: str = "", *, code: str | None
) -> Actor:
    """Only on an empty user table, and only with the setup code (``code``; None: the caller is
    the server's shell, ``council user add``, trusted like the database file itself).

    Atomic on both engines: the first account also inserts a marker row with a fixed key, so of
    simultaneous submissions one commits and the others fail on the primary key."""
    if count_users(session) > 0 or session.get(AppSetting, FIRST_ACCOUNT_KEY) is not None:
        raise SetupRefused("auth.already_set_up")
    if code is not None:
        expected = get_settings().setup_code or getattr(session.get(AppSetting, SETUP_CODE_KEY), "value", "")
        if not expected or not hmac.compare_digest(_normalise_code(code), _normalise_code(expected)):
            # The code is deleted when the first account commits: a submission that raced it and
            # finds no code was refused by that account, not by a wrong code.
            if count_users(session) > 0 or session.get(AppSetting, FIRST_ACCOUNT_KEY) is not None:
                raise SetupRefused("auth.already_set_up")
            raise ValidationError("auth.setup_code_wrong", field="setup_code")
    # The marker first: on PostgreSQL a concurrent submission waits here for the first one's
    # commit, then fails on the key (SQLite's writers are serialised by BEGIN IMMEDIATE).
    session.add(AppSetting(key=FIRST_ACCOUNT_KEY, value=normalise_username(username)))
    try:
        session.flush()
    except IntegrityError as exc:
        raise SetupRefused("auth.already_set_up") from exc
    actor = _create_user(session, SYSTEM, username, password, "secretariat", None, display_name, "")
    session.execute(delete(AppSetting).where(AppSetting.key == SETUP_CODE_KEY))
    return actor


def create_user(
    session: Session,
    actor: Actor,
    *,
    username: str,
    password: str,
    role: str,
    province_id: int | None = None,
    display_name: str = "",
    affiliation: str = "",
) -> Actor:
    authorize(actor, "user.manage")
    return _create_user(session, actor, username, password, role, province_id, display_name, affiliation)


def _create_user(session, actor, username, password, role, province_id, display_name, affiliation) -> Actor:
    name = normalise_username(username)
    if not name:
        raise ValidationError("error.required", field="username")
    if not all(c.isalnum() or c in "._-@" for c in name):
        raise ValidationError("error.bad_username", field="username")
    check_password(password, name, display_name)
    _validate_role(session, role, province_id)
    if session.exec(select(User).where(User.username == name)).first():
        raise ValidationError("error.duplicate", field="username", value=name)
    user = User(
        username=name,
        password_hash=hash_password(password),
        role=role,
        province_id=province_id if role in PROVINCE_ROLES else None,
        display_name=unicodedata.normalize("NFC", display_name.strip()) or name,
        affiliation=affiliation.strip(),
    )
    session.add(user)
    session.flush()
    audit.record(session, actor, "create", "user", user.id, None, user)
    return Actor.from_user(user)


def list_users(session: Session) -> list[dict]:
    rows = session.exec(select(User).order_by(User.username)).all()
    return [{k: v for k, v in u.model_dump().items() if k != "password_hash"} for u in rows]


def update_user(
    session: Session,
    actor: Actor,
    user_id: int,
    *,
    expected_version: int,
    role: str | None = None,
    province_id: int | None = None,
    is_active: bool | None = None,
    display_name: str | None = None,
    affiliation: str | None = None,
) -> None:
    authorize(actor, "user.manage")
    user = load_for_edit(session, User, user_id, expected_version, "user")
    before = audit.snapshot(user)
    new_role = role if role is not None else user.role
    new_province = province_id if role is not None or province_id is not None else user.province_id
    _validate_role(session, new_role, new_province)
    if user.id == actor.id and (new_role != "secretariat" or is_active is False):
        raise ValidationError("error.cannot_demote_self", field="role")
    values = {"role": new_role, "province_id": new_province if new_role in PROVINCE_ROLES else None}
    if is_active is not None:
        values["is_active"] = is_active
    if display_name is not None:
        values["display_name"] = unicodedata.normalize("NFC", display_name.strip())
    if affiliation is not None:
        values["affiliation"] = affiliation.strip()
    # UPDATE ... WHERE version = :expected: a concurrent save makes this one fail, never merge.
    save_versioned(session, user, expected_version, "user", actor.username, values)
    if is_active is False:
        _revoke_all(session, user_id)
    audit.record(session, actor, "update", "user", user_id, before, session.get(User, user_id))


def reset_password(session: Session, actor: Actor, user_id: int, new_password: str) -> None:
    authorize(actor, "user.manage")
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("user", user_id)
    check_password(new_password, user.username, user.display_name)
    # Compare-and-set like every versioned write: a concurrent edit of the account is refused
    # (who and when), never overwritten.
    save_versioned(
        session,
        user,
        user.version,
        "user",
        actor.username,
        {"password_hash": hash_password(new_password), "failed_attempts": 0},
    )
    _revoke_all(session, user.id)
    # A new password starts with a clean slate: its account's failure window is closed.
    session.execute(
        delete(SignInCounter).where(SignInCounter.scope == "account", SignInCounter.user_id == user.id)
    )
    audit.record(session, actor, "reset_password", "user", user.id, None, None)


# --- sign-in -------------------------------------------------------------------


class Busy(CouncilError):
    """The database is busy (locked by another writer past the busy timeout, or no connection
    free): the user is asked to try again, nothing was changed."""

    def __init__(self):
        super().__init__("auth.busy")


@contextmanager
def calm_when_busy() -> Iterator[None]:
    """Turn a locked or overloaded database into ``Busy`` (a message, never a traceback)."""
    try:
        yield
    except (OperationalError, PoolTimeout) as exc:
        raise Busy() from exc


@dataclass(frozen=True)
class Client:
    """Where a sign-in comes from: the network address (as the server sees it, or as the trusted
    proxy's header says) and the browser's device cookie, if it has one."""

    address: str = ""
    device: str = ""


def _hash_key(kind: str, value: str) -> str:
    # Keyed with the signing key, which is not in the database: a stolen database or backup
    # does not tell which names were tried.
    return hmac.new(signing_key().encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def issue_device(actor: Actor) -> str:
    """The value of the device cookie a browser gets when ``actor`` signs in on it."""
    payload = {"u": actor.id, "d": secrets.token_urlsafe(12)}
    return URLSafeTimedSerializer(signing_key(), salt="council-device").dumps(payload)


def _device(value: str) -> tuple[int, str] | None:
    if not value:
        return None
    try:
        data = URLSafeTimedSerializer(signing_key(), salt="council-device").loads(
            value, max_age=DEVICE_DAYS * 86400
        )
        return int(data["u"]), str(data["d"])
    except (BadSignature, SignatureExpired, KeyError, TypeError, ValueError):
        return None


def device_user_id(value: str) -> int | None:
    """The account a device cookie was issued to (None if forged or expired)."""
    found = _device(value)
    return found[0] if found else None


def _counter_keys(name: str, client: Client, user: User | None) -> list[tuple[str, str]]:
    device = _device(client.device)
    if user is not None and device is not None and device[0] == user.id:
        return [("device", _hash_key("device", device[1]))]
    keys = [("account", _hash_key("account", name)), ("global", "")]
    if client.address:
        keys.append(("client", _hash_key("client", client.address)))
    return sorted(keys)  # one order everywhere: concurrent upserts never deadlock on PostgreSQL


def _throttled(rows: Iterable[SignInCounter], now: datetime) -> SignInError | None:
    waits = [
        row.window_start + WINDOW - now
        for row in rows
        if row.window_start > now - WINDOW and row.failures >= LIMITS[row.scope]
    ]
    if not waits:
        return None
    return SignInError("auth.throttled", wait_seconds=max(1, int(max(waits).total_seconds()) + 1))


_UPSERT = text(
    "INSERT INTO signincounter (scope, key, user_id, window_start, failures, total_failures,"
    " last_failure_at) VALUES (:scope, :key, :uid, :now, 1, 1, :now)"
    " ON CONFLICT (scope, key) DO UPDATE SET"
    " failures = CASE WHEN signincounter.window_start <= :cutoff THEN 1"
    " ELSE signincounter.failures + 1 END,"
    " window_start = CASE WHEN signincounter.window_start <= :cutoff THEN :now"
    " ELSE signincounter.window_start END,"
    " total_failures = signincounter.total_failures + 1, last_failure_at = :now"
    " RETURNING failures"
).bindparams(
    # The column's own type: datetimes are bound exactly as the ORM stores them, on both engines.
    bindparam("now", type_=SignInCounter.__table__.c.window_start.type),
    bindparam("cutoff", type_=SignInCounter.__table__.c.window_start.type),
)


def _count_attempt(session: Session, keys: list[tuple[str, str]], user_id: int | None, now: datetime):
    """Count an attempt as a failure, atomically (one upsert per counter, RETURNING the new count):
    for the account, before its password is checked, so parallel guessers cannot get more checks
    than the limit. Returns the rows' (scope, failures) after the increment."""
    cutoff = now - WINDOW
    # Rows of unknown names, addresses and devices whose window is over are of no further use.
    session.execute(
        delete(SignInCounter).where(
            SignInCounter.window_start <= cutoff,
            (SignInCounter.user_id.is_(None)) | (SignInCounter.scope == "device"),
        )
    )
    counts = []
    for scope, key in keys:
        row = session.execute(
            _UPSERT,
            {
                "scope": scope,
                "key": key,
                "uid": user_id if scope in ("account", "device") else None,
                "now": now,
                "cutoff": cutoff,
            },
        ).one()
        counts.append((scope, row[0]))
    return counts


def _refund(session: Session, keys: list[tuple[str, str]]) -> None:
    """A successful sign-in was counted as a failure up front: take it back from the total, and
    close the account's (or the device's) window."""
    for scope, key in keys:
        session.execute(
            SignInCounter.__table__.update()
            .where(SignInCounter.scope == scope, SignInCounter.key == key, SignInCounter.failures > 0)
            .values(failures=0, total_failures=SignInCounter.total_failures - 1)
        )


def sign_in(engine, username: str, password: str, client: Client | None = None) -> Actor:
    """Check a password. The Argon2 check runs outside any transaction; the only writes are short:
    the account's counter before it, the address's and the global counters after a failure, and,
    on success, the refund and the ``sign_in`` audit entry. A failure writes no audit entry and no row per attempt; a throttled attempt writes
    nothing at all. Unknown names are counted and refused exactly like real ones.

    Raises SignInError (``error.sign_in_failed`` or ``auth.throttled``) or Busy."""
    from council.db import read_session, write_session

    client = client or Client()
    name = normalise_username(username)[:256]
    now = utcnow()
    with calm_when_busy():
        with read_session(engine) as session:
            user = None
            if name and not _has_control(name):  # a NUL would be a database error on PostgreSQL
                user = session.exec(select(User).where(User.username == name)).first()
            keys = _counter_keys(name, client, user)
            rows = [session.get(SignInCounter, k) for k in keys]
            refused = _throttled([r for r in rows if r is not None], now)
            user_id = user.id if user is not None else None
            stored_hash = user.password_hash if user is not None else _DUMMY_HASH
            active = bool(user is not None and user.is_active)
        if refused is not None:
            raise refused
        # The account's (or device's) budget is reserved before the check, so parallel guessers
        # of one account cannot pass it. The address's and the global budgets count failures once
        # known: many users signing in at once from one address (a proxy, an office) are not
        # refused for being many, only failures spend those budgets.
        reserved = [k for k in keys if k[0] in ("account", "device")]
        later = [k for k in keys if k not in reserved]
        with write_session(engine) as session:
            counts = _count_attempt(session, reserved, user_id, now)
        if any(n > LIMITS[scope] for scope, n in counts):
            with read_session(engine) as session:
                rows = [session.get(SignInCounter, k) for k in reserved]
            raise _throttled([r for r in rows if r is not None], now) or SignInError("auth.throttled")
        # Unknown names spend the same time on a dummy hash: no timing tells which names exist.
        ok = verify_password(stored_hash, password) and active
        if not ok:
            if later:
                with write_session(engine) as session:
                    _count_attempt(session, later, None, now)
            raise SignInError("error.sign_in_failed")
        # A renewed hash (new Argon2 parameters) is computed before the transaction too.
        new_hash = hash_password(password) if _hasher.check_needs_rehash(stored_hash) else None
        with write_session(engine) as session:
            _refund(session, reserved)
            user = session.get(User, user_id)
            # The account row is written only when its hash must be renewed: a sign-in changes
            # no council data (it writes its counters, its token and its audit entry).
            if new_hash is not None and user.password_hash == stored_hash:
                user.password_hash = new_hash
                session.add(user)
            actor = Actor.from_user(user)
            audit.record(session, actor, "sign_in", "user", user.id)
    return actor


_DUMMY_HASH = _hasher.hash("not-a-real-password")


def sign_in_failure_report(session: Session) -> list[dict]:
    """Existing accounts with failed sign-ins: failures in the current window, in total, and the
    last one (for the administrator; unknown names are never listed, nor stored)."""
    cutoff = utcnow() - WINDOW
    rows = session.exec(
        select(SignInCounter, User.username)
        .join(User, User.id == SignInCounter.user_id)
        .where(SignInCounter.scope == "account")
        .order_by(User.username)
    ).all()
    return [
        {
            "username": username,
            "recent_failures": row.failures if row.window_start > cutoff else 0,
            "total_failures": row.total_failures,
            "last_failure_at": row.last_failure_at,
        }
        for row, username in rows
        if row.total_failures > 0
    ]


def actor_for_identity(session: Session, email: str | None) -> Actor | None:
    """Single sign-on (OIDC via st.login): the identity provider vouches for the e-mail; the
    app's own user with that username decides the role. Unknown or inactive: None."""
    name = normalise_username(email or "")
    if not name or _has_control(name):
        return None
    user = session.exec(select(User).where(User.username == name)).first()
    if user is None or not user.is_active:
        # Only an existing account's name is kept; an unknown identity leaves no text behind.
        audit.record(
            session, None, "sso_refused", "user", getattr(user, "id", ""), note=user.username if user else ""
        )
        return None
    audit.record(session, Actor.from_user(user), "sign_in", "user", user.id, note="sso")
    return Actor.from_user(user)


# --- remember-me tokens ----------------------------------------------------------
# The cookie carries a signed random token id; the database keeps only its SHA-256, so neither
# the database nor a backup holds anything that can be turned into a valid cookie (the signing
# key lives in COUNCIL_SECRET_KEY or its 0600 key file, see council.config.signing_key).


def _token_row_id(token_id: str) -> str:
    return hashlib.sha256(token_id.encode()).hexdigest()


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(signing_key(), salt="council-session")


def issue_token(session: Session, actor: Actor, hours: float | None = None) -> str:
    hours = hours if hours is not None else get_settings().session_hours
    token_id = secrets.token_urlsafe(24)
    session.add(
        AuthToken(id=_token_row_id(token_id), user_id=actor.id, expires_at=utcnow() + timedelta(hours=hours))
    )
    return _serializer().dumps(token_id)


def _token_id(token: str, hours: float | None = None) -> str | None:
    try:
        if hours is None:
            return _serializer().loads(token)
        return _serializer().loads(token, max_age=int(hours * 3600))
    except (BadSignature, SignatureExpired):
        return None


def actor_from_token(session: Session, token: str, hours: float | None = None) -> Actor | None:
    """The user a token belongs to, or None if it is forged, expired, revoked or the user is inactive.
    Only reads: safe in a read-only session on every rerun."""
    if not token:
        return None
    token_id = _token_id(token, hours if hours is not None else get_settings().session_hours)
    if token_id is None:
        return None
    row = session.get(AuthToken, _token_row_id(token_id))
    if row is None or row.revoked_at is not None or row.expires_at < utcnow():
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.is_active:
        return None
    return Actor.from_user(user)


def revoke_token(session: Session, token: str) -> None:
    token_id = _token_id(token) if token else None
    if token_id is None:
        return
    row = session.get(AuthToken, _token_row_id(token_id))
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
        session.add(row)


def _revoke_all(session: Session, user_id: int) -> None:
    for row in session.exec(
        select(AuthToken).where(AuthToken.user_id == user_id, AuthToken.revoked_at.is_(None))
    ):
        row.revoked_at = utcnow()
        session.add(row)
