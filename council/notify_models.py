"""Tables of following and notifications (issue 21, items 1-3): what a user follows or stopped
following, the notifications built from the audit log, the audit entries already looked at, each
user's e-mail choice, and the outgoing mail queue.

Only ``Follow`` is the council's data (it changes what "what changed" shows); the others are
bookkeeping and do not move the data version (``council.dataversion``).

Imported by the last line of council/models.py so that SQLModel.metadata (and Alembic) see
them; the services live in council/notify.py and council/notify_mail.py.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from council.models import utcnow

FOLLOWABLE = ("project", "conflict", "target", "agreement", "meeting")
EMAIL_MODES = ("off", "immediate", "daily")
MAIL_STATES = ("queued", "sending", "sent", "failed")

_NOT_DATA = {"info": {"council_data": False}}


class Follow(SQLModel, table=True):
    """A user's own choice about one record: ``following`` True (follow) or False (unfollow,
    which wins over every automatic reason to follow it)."""

    __table_args__ = (
        UniqueConstraint("user_id", "entity", "entity_id"),
        CheckConstraint(
            "entity IN ('project', 'conflict', 'target', 'agreement', 'meeting')", name="ck_follow_entity"
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    entity: str = Field(max_length=16)
    entity_id: int
    following: bool = True
    created_at: datetime = Field(default_factory=utcnow)


class Notification(SQLModel, table=True):
    """One change told to one user: the audit entry it comes from (the first of a group, e.g. the
    figures of one set returned together: ``entries`` counts them), the record followed and why."""

    __table_args__ = (
        UniqueConstraint("user_id", "audit_id"),
        Index("ix_notification_unread", "user_id", "read_at"),
        _NOT_DATA,
    )
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    audit_id: int = Field(foreign_key="auditentry.id", index=True)
    entity: str = Field(default="", max_length=16)  # the record followed ("" for the province's figures)
    entity_id: int | None = None
    reason: str = Field(default="", max_length=16)  # followed | province | commented | owner | approver
    entries: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    read_at: datetime | None = None
    # When it went into an e-mail (or was decided not to: the user had no e-mail then).
    mailed_at: datetime | None = None


class NotifyMark(SQLModel, table=True):
    """An audit entry the notifier has looked at (kept for a window below the newest one, so an
    entry committed late with a lower id is still looked at once, never twice)."""

    __table_args__ = (_NOT_DATA,)
    audit_id: int = Field(primary_key=True)


class NotifyPreference(SQLModel, table=True):
    """A user's e-mail choice: the address, off / immediate / daily digest, the language of the
    messages; ``mail_since``: notifications older than the choice are never mailed."""

    __table_args__ = (
        CheckConstraint("email_mode IN ('off', 'immediate', 'daily')", name="ck_notify_email_mode"),
        CheckConstraint("lang IN ('vi', 'en')", name="ck_notify_lang"),
        _NOT_DATA,
    )
    user_id: int = Field(foreign_key="user.id", primary_key=True, ondelete="CASCADE")
    email: str = Field(default="", max_length=254)
    email_mode: str = "off"
    lang: str = "vi"
    mail_since: datetime = Field(default_factory=utcnow)
    last_digest_at: datetime | None = None
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = 1


class OutgoingMail(SQLModel, table=True):
    """A message waiting to be sent, being sent, sent or given up: queued -> sending (claimed by
    one sender) -> sent | queued again (retry later) | failed (after the last attempt). A claim
    older than the lease (a sender that died) may be taken again."""

    __table_args__ = (
        CheckConstraint("state IN ('queued', 'sending', 'sent', 'failed')", name="ck_mail_state"),
        CheckConstraint("attempts >= 0", name="ck_mail_attempts"),
        Index("ix_outgoingmail_due", "state", "next_attempt_at"),
        _NOT_DATA,
    )
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    to_addr: str = Field(max_length=254)
    subject: str
    body: str = Field(sa_column=Column(Text, nullable=False))
    kind: str = Field(default="immediate", max_length=16)  # immediate | digest
    message_id: str = Field(unique=True, max_length=128)
    state: str = Field(default="queued", max_length=16)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow)
    claimed_at: datetime | None = None
    sent_at: datetime | None = None
    last_error: str = ""
    created_at: datetime = Field(default_factory=utcnow)


__all__ = ["Follow", "Notification", "NotifyMark", "NotifyPreference", "OutgoingMail"]
