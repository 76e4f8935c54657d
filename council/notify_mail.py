"""E-mail notifications (issue 21, item 3): the queue, the digest, SMTP, unsubscribe links.

``council notify send`` runs ``run_once``: build the notifications (``council.notify.deliver``),
queue the mails they make (``queue_mails``: one message per notification for a user who chose
"immediate", one digest a day after COUNCIL_DIGEST_HOUR, Vietnam time, for "daily"; in the
user's language), then send what is due (``send_due``).

Each queued message is a row (``OutgoingMail``) moving queued -> sending -> sent. A sender claims
a row by compare-and-set in its own short transaction, talks to the SMTP server outside any
transaction, then records the outcome: sent; or queued again with a later ``next_attempt_at``
(BACKOFF) when the server refused or was down; or failed after MAX_ATTEMPTS. A sent row is never
claimed again, so a message is sent once; a row left in "sending" by a sender that died is taken
again after LEASE (with the same Message-ID, so a receiving server can drop a duplicate). Nothing
lives outside the database: a restart loses nothing.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from council import audit, notify
from council.auth import Actor
from council.config import Settings, get_settings, signing_key
from council.i18n import LOCAL_TZ, fmt_date, t
from council.models import User, utcnow
from council.notify_models import Notification, NotifyPreference, OutgoingMail

LEASE = timedelta(minutes=10)
MAX_ATTEMPTS = 6
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1))


def enabled(settings: Settings | None = None) -> bool:
    """E-mail is off until an SMTP host is set (COUNCIL_SMTP_HOST)."""
    return bool((settings or get_settings()).smtp_host)


# --- unsubscribe -----------------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(signing_key(), salt="council-unsubscribe")


def unsubscribe_token(user_id: int) -> str:
    """The signed token of a message's unsubscribe link (it names the user; nobody can forge one)."""
    return _serializer().dumps({"u": user_id})


def unsubscribe(session: Session, token: str) -> int | None:
    """Turn e-mail off for the user the token names; returns their id (None: not a valid token)."""
    try:
        user_id = int(_serializer().loads(token)["u"])
    except (BadSignature, KeyError, TypeError, ValueError):
        return None
    if session.get(User, user_id) is None:
        return None
    row = session.get(NotifyPreference, user_id)
    if row is not None and row.email_mode != "off":
        before = audit.snapshot(row)
        row.email_mode, row.updated_at, row.version = "off", utcnow(), row.version + 1
        session.add(row)
        session.flush()
        audit.record(session, None, "unsubscribe", "notify_preference", user_id, before, row)
    return user_id


# --- composing ---------------------------------------------------------------------------------


def _url(settings: Settings, link: str, lang: str) -> str:
    sep = "&" if "?" in link else "?"
    return f"{settings.base_url}/{link}{sep}lang={lang}"


def group_digest(items: list[dict]) -> list[dict]:
    """A digest's items grouped by record (the page that opens it, else the reference), in the
    order the records first changed; within a record, oldest first."""
    groups: dict[str, dict] = {}
    for item in sorted(items, key=lambda i: (i["at"], i["id"])):
        key = item["link"] or f"{item['kind']}:{item['ref']}"
        if key not in groups:
            groups[key] = {"kind": item["kind"], "ref": item["ref"], "link": item["link"], "items": []}
        groups[key]["items"].append(item)
    return list(groups.values())


def _line(item: dict, lang: str) -> str:
    return f"{notify.describe(item, lang)} — {item['who']}, {fmt_date(item['at'], lang)}"


def compose(settings: Settings, user_id: int, lang: str, items: list[dict], kind: str) -> tuple[str, str]:
    """Subject and plain-text body of one message, in ``lang``, with the unsubscribe link."""
    footer = t(
        "notify.mail.footer", lang, url=f"{settings.base_url}/?unsubscribe={unsubscribe_token(user_id)}"
    )
    if kind == "immediate":
        item = items[0]
        subject = t("notify.mail.subject", lang, what=notify.describe(item, lang))
        body = [
            t("notify.mail.hello", lang),
            "",
            _line(item, lang),
            t("notify.mail.open", lang, url=_url(settings, item["link"], lang)) if item["link"] else "",
        ]
    else:
        subject = t("notify.mail.digest_subject", lang, n=len(items))
        body = [t("notify.mail.digest_intro", lang, n=len(items)), ""]
        for group in group_digest(items):
            body.append(f"■ {group['ref']}")
            body += [f"  - {_line(i, lang)}" for i in group["items"]]
            if group["link"]:
                body.append("  " + t("notify.mail.open", lang, url=_url(settings, group["link"], lang)))
            body.append("")
    body += ["", "--", footer]
    return subject, "\n".join(body).strip() + "\n"


# --- queueing ----------------------------------------------------------------------------------


def digest_due(now: datetime, last: datetime | None, hour: int) -> bool:
    """A daily digest is due once a day, at the first run after ``hour`` o'clock Vietnam time."""
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(LOCAL_TZ)
    local = now.astimezone(tz)
    today = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if local < today:
        today -= timedelta(days=1)
    if last is None:
        return True
    last = last if last.tzinfo else last.replace(tzinfo=UTC)
    return last.astimezone(tz) < today


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def queue_mails(session: Session, now: datetime | None = None, settings: Settings | None = None) -> int:
    """Queue the messages the unmailed notifications make; returns how many were queued."""
    settings = settings or get_settings()
    if not enabled(settings):
        return 0
    now = now or utcnow()
    queued = 0
    prefs = session.exec(select(NotifyPreference).where(NotifyPreference.email_mode != "off")).all()
    for pref in prefs:
        user = session.get(User, pref.user_id)
        if user is None or not user.is_active or not pref.email:
            continue
        pending = session.exec(
            select(Notification)
            .where(
                Notification.user_id == pref.user_id,
                col(Notification.mailed_at).is_(None),
                Notification.created_at >= pref.mail_since,
            )
            .order_by(col(Notification.id))
        ).all()
        if not pending:
            continue
        if pref.email_mode == "daily" and not digest_due(now, pref.last_digest_at, settings.digest_hour):
            continue
        actor = Actor.from_user(user)
        # The list's own rules (read rights, records gone): what the page shows, the mail says.
        ids = [n.id for n in pending if n.id is not None]
        shown = {i["id"]: i for i in notify.list_notifications(session, actor, limit=len(ids), ids=ids)}
        items = [shown[n.id] for n in pending if n.id in shown and n.read_at is None]
        if pref.email_mode == "immediate":
            for item in items:
                queued += _queue(session, settings, pref, [item], "immediate", now)
        elif items:
            queued += _queue(session, settings, pref, items, "digest", now)
            pref.last_digest_at = now
            session.add(pref)
        for n in pending:
            n.mailed_at = now
            session.add(n)
    return queued


def _queue(session, settings, pref: NotifyPreference, items: list[dict], kind: str, now: datetime) -> int:
    subject, body = compose(settings, pref.user_id, pref.lang, items, kind)
    message_id = f"<council-{kind}-{pref.user_id}-{items[0]['id']}-{len(items)}@{_domain(settings)}>"
    if session.exec(select(OutgoingMail.id).where(OutgoingMail.message_id == message_id)).first():
        return 0
    session.add(
        OutgoingMail(
            user_id=pref.user_id,
            to_addr=pref.email,
            subject=subject,
            body=body,
            kind=kind,
            message_id=message_id,
            next_attempt_at=now,
            created_at=now,
        )
    )
    return 1


def _domain(settings: Settings) -> str:
    sender = settings.mail_from or "council@localhost"
    return sender.rsplit("@", 1)[-1].strip("> ") or "localhost"


# --- sending -----------------------------------------------------------------------------------


def _connect(settings: Settings) -> smtplib.SMTP:
    if settings.smtp_tls == "ssl":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.smtp_host, settings.smtp_port, timeout=30, context=ssl.create_default_context()
        )
    else:
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30)
        if settings.smtp_tls == "starttls":
            smtp.starttls(context=ssl.create_default_context())
    if settings.smtp_user:
        smtp.login(settings.smtp_user, settings.smtp_password)
    return smtp


def _message(settings: Settings, row: OutgoingMail) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = settings.mail_from or "council@localhost"
    msg["To"] = row.to_addr
    msg["Subject"] = row.subject
    msg["Message-ID"] = row.message_id
    msg["Date"] = formatdate(localtime=False)
    msg["List-Unsubscribe"] = f"<{settings.base_url}/?unsubscribe={unsubscribe_token(row.user_id)}>"
    msg.set_content(row.body)
    return msg


def claim(engine, now: datetime | None = None) -> int | None:
    """Claim the next due message (compare-and-set, in its own transaction); its id, or None."""
    from council.db import write_session

    now = now or utcnow()
    with write_session(engine) as session:
        due = or_(
            (col(OutgoingMail.state) == "queued") & (col(OutgoingMail.next_attempt_at) <= now),
            (col(OutgoingMail.state) == "sending") & (col(OutgoingMail.claimed_at) < now - LEASE),
        )
        for row_id, state, claimed in session.exec(
            select(OutgoingMail.id, OutgoingMail.state, OutgoingMail.claimed_at)
            .where(due)
            .order_by(col(OutgoingMail.id))
            .limit(5)
        ).all():
            same_claim = (
                col(OutgoingMail.claimed_at).is_(None)
                if claimed is None
                else col(OutgoingMail.claimed_at) == claimed
            )
            result = session.execute(
                update(OutgoingMail)
                .where(col(OutgoingMail.id) == row_id, col(OutgoingMail.state) == state, same_claim)
                .values(state="sending", claimed_at=now, attempts=OutgoingMail.attempts + 1)
            )
            if getattr(result, "rowcount", 0) == 1:
                return row_id
    return None


def _finish(engine, row_id: int, error: str | None, now: datetime) -> str:
    from council.db import write_session

    with write_session(engine) as session:
        row = session.get(OutgoingMail, row_id)
        if row is None or row.state != "sending":
            return row.state if row else "failed"
            return row.state
        if error is None:
            row.state, row.sent_at, row.last_error = "sent", now, ""
        elif row.attempts >= MAX_ATTEMPTS:
            row.state, row.last_error = "failed", error[:500]
        else:
            row.state, row.last_error = "queued", error[:500]
            row.next_attempt_at = now + BACKOFF[min(row.attempts - 1, len(BACKOFF) - 1)]
        session.add(row)
        return row.state


def send_due(
    engine,
    now: datetime | None = None,
    settings: Settings | None = None,
    connect: Callable[[Settings], smtplib.SMTP] | None = None,
    limit: int = 200,
) -> dict[str, int]:
    """Send every due message; returns how many were sent, put back for a retry, given up
    ({"sent", "retry", "failed"})."""
    from council.db import read_session

    settings = settings or get_settings()
    counts = {"sent": 0, "retry": 0, "failed": 0}
    if not enabled(settings):
        return counts
    now = now or utcnow()
    connect = connect or _connect
    smtp = None
    for _ in range(limit):
        row_id = claim(engine, now)
        if row_id is None:
            break
        with read_session(engine) as session:
            row = session.get(OutgoingMail, row_id)
            assert row is not None  # claimed rows are never deleted
            msg = _message(settings, row)
        error = None
        try:
            smtp = smtp or connect(settings)
            smtp.send_message(msg)
        except (OSError, smtplib.SMTPException) as exc:
            error = f"{type(exc).__name__}: {exc}"
            smtp = None
        state = _finish(engine, row_id, error, now)
        key = "retry" if state == "queued" else state
        counts[key] = counts.get(key, 0) + 1
    if smtp is not None:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            pass
    return counts


def run_once(engine, now: datetime | None = None, settings: Settings | None = None, connect=None) -> dict:
    """What ``council notify send`` does once: notifications, the mails they make, the sending."""
    from council.db import write_session

    settings = settings or get_settings()
    with write_session(engine) as session:
        made = notify.deliver(session)
    with write_session(engine) as session:
        queued = queue_mails(session, now, settings)
    return {"notifications": made, "mails_queued": queued, **send_due(engine, now, settings, connect)}


def queue_state(session: Session) -> dict[str, int]:
    """How many messages are in each state (for ``council notify send`` and the tests)."""
    from sqlalchemy import func

    return dict(session.exec(select(OutgoingMail.state, func.count()).group_by(OutgoingMail.state)).all())
