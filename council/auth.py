"""Users, password hashing, sign-in, remember-me tokens and the permission
check every service calls.

``Actor`` is the plain, serialisable picture of the signed-in user that the
UI keeps in session state and hands to every service.
"""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func
from sqlmodel import Session, select

from council import audit
from council.config import get_settings
from council.errors import NotFound, PermissionDenied, SignInError, ValidationError
from council.models import ROLES, AppSetting, AuthToken, Province, User, utcnow
from council.versioning import load_for_edit, save_versioned

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 8
# Failed sign-ins: after FREE_ATTEMPTS, each further try must wait 2**(n - FREE_ATTEMPTS) seconds
# after the last failure, capped at MAX_WAIT_SECONDS.
FREE_ATTEMPTS = 3
MAX_WAIT_SECONDS = 300


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
# The matrix of ARCHITECTURE.md. "own" means: allowed for a province_rep only when
# their province is among the provinces the action concerns.
ALLOW, OWN, DENY = "yes", "own", "no"
PERMISSIONS: dict[str, dict[str, str]] = {
    "project.edit": {"secretariat": ALLOW, "province_rep": DENY, "expert": DENY, "observer": DENY},
    "project.propose": {"secretariat": ALLOW, "province_rep": OWN, "expert": DENY, "observer": DENY},
    "project.accept_share": {"secretariat": ALLOW, "province_rep": OWN, "expert": DENY, "observer": DENY},
    "agreement.edit": {"secretariat": ALLOW, "province_rep": DENY, "expert": DENY, "observer": DENY},
    "agreement.propose": {"secretariat": ALLOW, "province_rep": OWN, "expert": DENY, "observer": DENY},
    "conflict.open": {"secretariat": ALLOW, "province_rep": OWN, "expert": DENY, "observer": DENY},
    "conflict.edit": {"secretariat": ALLOW, "province_rep": DENY, "expert": DENY, "observer": DENY},
    "conflict.transition": {"secretariat": ALLOW, "province_rep": DENY, "expert": DENY, "observer": DENY},
    "conflict.comment": {"secretariat": ALLOW, "province_rep": OWN, "expert": ALLOW, "observer": DENY},
    "comment.hide": {"secretariat": ALLOW, "province_rep": DENY, "expert": DENY, "observer": DENY},
    "observation.enter": {"secretariat": ALLOW, "province_rep": OWN, "expert": DENY, "observer": DENY},
    "observation.approve": {"secretariat": ALLOW, "province_rep": DENY, "expert": DENY, "observer": DENY},
    "target.edit": {"secretariat": ALLOW, "province_rep": DENY, "expert": DENY, "observer": DENY},
    "user.manage": {"secretariat": ALLOW, "province_rep": DENY, "expert": DENY, "observer": DENY},
    "data.import": {"secretariat": ALLOW, "province_rep": DENY, "expert": DENY, "observer": DENY},
    "audit.read": {"secretariat": ALLOW, "province_rep": DENY, "expert": DENY, "observer": DENY},
    "meeting.manage": {"secretariat": ALLOW, "province_rep": DENY, "expert": DENY, "observer": DENY},
    # Plan execution (council/plan.py): crediting projects to targets, the priority lists, due dates.
    "plan.link": {"secretariat": ALLOW, "province_rep": DENY, "expert": DENY, "observer": DENY},
    "plan.priority": {"secretariat": ALLOW, "province_rep": DENY, "expert": DENY, "observer": DENY},
    "plan.settings": {"secretariat": ALLOW, "province_rep": DENY, "expert": DENY, "observer": DENY},
}


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
    return unicodedata.normalize("NFC", (username or "").strip()).lower()


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ValidationError("error.password_too_short", field="password", min=MIN_PASSWORD_LENGTH)


# --- users ---------------------------------------------------------------------


def count_users(session: Session) -> int:
    return session.exec(select(func.count()).select_from(User)).one()


def _validate_role(session: Session, role: str, province_id: int | None) -> None:
    if role not in ROLES:
        raise ValidationError("error.bad_role", field="role", role=role)
    if role == "province_rep":
        if province_id is None:
            raise ValidationError("error.rep_needs_province", field="province")
        if session.get(Province, province_id) is None:
            raise ValidationError("error.unknown_province", field="province", province=province_id)


def create_first_secretariat(session: Session, username: str, password: str, display_name: str = "") -> Actor:
    """Only on an empty user table: the first visitor becomes the secretariat."""
    if count_users(session) > 0:
        raise PermissionDenied("user.create_first")
    return _create_user(session, SYSTEM, username, password, "secretariat", None, display_name, "")


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
    _check_password(password)
    _validate_role(session, role, province_id)
    if session.exec(select(User).where(User.username == name)).first():
        raise ValidationError("error.duplicate", field="username", value=name)
    user = User(
        username=name,
        password_hash=hash_password(password),
        role=role,
        province_id=province_id if role == "province_rep" else None,
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
    values = {"role": new_role, "province_id": new_province if new_role == "province_rep" else None}
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
    _check_password(new_password)
    user.password_hash = hash_password(new_password)
    user.failed_attempts = 0
    user.version += 1
    session.add(user)
    _revoke_all(session, user.id)
    audit.record(session, actor, "reset_password", "user", user.id, None, None)


# --- sign-in -------------------------------------------------------------------


def wait_seconds(failed_attempts: int) -> int:
    if failed_attempts < FREE_ATTEMPTS:
        return 0
    return min(2 ** (failed_attempts - FREE_ATTEMPTS + 1), MAX_WAIT_SECONDS)


def sign_in(engine, username: str, password: str) -> Actor:
    """Check the password in its own transaction. Failures are counted per user,
    kept (the transaction commits), and slow the next try down."""
    from council.db import write_session

    with write_session(engine) as session:
        result = _check_sign_in(session, username, password)
    if isinstance(result, SignInError):
        raise result
    return result


def _check_sign_in(session: Session, username: str, password: str) -> Actor | SignInError:
    name = normalise_username(username)
    user = session.exec(select(User).where(User.username == name)).first()
    now = utcnow()
    if user is not None and user.last_failed_at is not None:
        wait = wait_seconds(user.failed_attempts)
        remaining = wait - int((now - user.last_failed_at).total_seconds())
        if remaining > 0:
            audit.record(session, None, "sign_in_throttled", "user", user.id, note=name)
            return SignInError("error.sign_in_wait", wait_seconds=remaining)
    if user is None or not user.is_active or not verify_password(user.password_hash, password):
        if user is None:
            # Spend the same time as a real check so usernames cannot be probed by timing.
            verify_password(_DUMMY_HASH, password)
        else:
            user.failed_attempts += 1
            user.last_failed_at = now
            session.add(user)
        audit.record(session, None, "sign_in_failed", "user", getattr(user, "id", ""), note=name)
        return SignInError("error.sign_in_failed")
    user.failed_attempts = 0
    user.last_failed_at = None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    session.add(user)
    actor = Actor.from_user(user)
    audit.record(session, actor, "sign_in", "user", user.id)
    return actor


_DUMMY_HASH = _hasher.hash("not-a-real-password")


def actor_for_identity(session: Session, email: str | None) -> Actor | None:
    """Single sign-on (OIDC via st.login): the identity provider vouches for the e-mail; the
    app's own user with that username decides the role. Unknown or inactive: None."""
    name = normalise_username(email or "")
    if not name:
        return None
    user = session.exec(select(User).where(User.username == name)).first()
    if user is None or not user.is_active:
        audit.record(session, None, "sso_refused", "user", getattr(user, "id", ""), note=name)
        return None
    audit.record(session, Actor.from_user(user), "sign_in", "user", user.id, note="sso")
    return Actor.from_user(user)


# --- remember-me tokens ----------------------------------------------------------


def _secret(session: Session, create: bool = True) -> str | None:
    """The token signing key: COUNCIL_SECRET_KEY, or one generated once and kept in the database.
    Readers pass create=False: without a stored key no token can be valid anyway."""
    configured = get_settings().secret_key
    if configured:
        return configured
    row = session.get(AppSetting, "token_secret")
    if row is None:
        if not create:
            return None
        row = AppSetting(key="token_secret", value=secrets.token_urlsafe(32))
        session.add(row)
        session.flush()
    return row.value


def issue_token(session: Session, actor: Actor, hours: float | None = None) -> str:
    hours = hours if hours is not None else get_settings().session_hours
    token_id = secrets.token_urlsafe(24)
    session.add(AuthToken(id=token_id, user_id=actor.id, expires_at=utcnow() + timedelta(hours=hours)))
    return URLSafeTimedSerializer(_secret(session), salt="council-session").dumps(token_id)


def actor_from_token(session: Session, token: str, hours: float | None = None) -> Actor | None:
    """The user a token belongs to, or None if it is forged, expired, revoked or the user is inactive.
    Only reads: safe in a read-only session on every rerun."""
    if not token:
        return None
    hours = hours if hours is not None else get_settings().session_hours
    key = _secret(session, create=False)
    if key is None:
        return None
    try:
        token_id = URLSafeTimedSerializer(key, salt="council-session").loads(token, max_age=int(hours * 3600))
    except (BadSignature, SignatureExpired):
        return None
    row = session.get(AuthToken, token_id)
    if row is None or row.revoked_at is not None or row.expires_at < utcnow():
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.is_active:
        return None
    return Actor.from_user(user)


def revoke_token(session: Session, token: str) -> None:
    key = _secret(session, create=False)
    if key is None:
        return
    try:
        token_id = URLSafeTimedSerializer(key, salt="council-session").loads(token)
    except BadSignature:
        return
    row = session.get(AuthToken, token_id)
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
        session.add(row)


def _revoke_all(session: Session, user_id: int) -> None:
    for row in session.exec(
        select(AuthToken).where(AuthToken.user_id == user_id, AuthToken.revoked_at.is_(None))
    ):
        row.revoked_at = utcnow()
        session.add(row)
