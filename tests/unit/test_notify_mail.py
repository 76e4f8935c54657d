"""E-mail notifications (issue 21, item 3): the digest's grouping, the queue's retries, sent once,
surviving a restart, and a real local SMTP server (aiosmtpd) receiving a returned figure set."""

from __future__ import annotations

import smtplib
import socket
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import Session, select

from council import notify, notify_mail, targets
from council.config import get_settings
from council.db import make_engine, read_session, write_session
from council.models import NotifyPreference, OutgoingMail
from tests import meeting_factories as f

YEAR = 2031
NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)  # 10:00 in Vietnam


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("COUNCIL_SECRET_KEY", "test-key-for-unsubscribe-links")


def _settings(**kw):
    return replace(
        get_settings(),
        smtp_host="127.0.0.1",
        smtp_port=2525,
        smtp_tls="none",
        mail_from="hoidong@council.example",
        base_url="https://council.example",
        **kw,
    )


def _item(i: int, kind: str, ref: str, minute: int) -> dict:
    return {
        "id": i,
        "at": NOW + timedelta(minutes=minute),
        "who": "Nguyễn Văn A",
        "action": "create",
        "kind": kind,
        "ref": ref,
        "status": None,
        "link": f"conflicts?conflict={ref}",
        "reason": "province",
        "entries": 1,
        "read": False,
    }


def test_a_digest_groups_by_record_in_the_order_records_first_changed():
    items = [
        _item(3, "comment", "C-2", 5),
        _item(1, "comment", "C-1", 1),
        _item(2, "conflict", "C-2", 2),
        _item(4, "comment", "C-1", 9),
    ]
    groups = notify_mail.group_digest(items)
    # By record: the opening of C-2 and the comment on it are one group.
    assert [(g["ref"], [i["id"] for i in g["items"]]) for g in groups] == [("C-1", [1, 4]), ("C-2", [2, 3])]
    subject, body = notify_mail.compose(_settings(), 7, "en", items, "digest")
    assert subject == "[Regional council] Daily digest: 4 changes"
    assert body.index("■ C-1") < body.index("■ C-2")
    assert "Unsubscribe: https://council.example/?unsubscribe=" in body


def test_the_digest_is_due_once_a_day_after_its_hour_vietnam_time():
    hour = 7
    before_seven = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)  # 06:30 on 2 December in Vietnam
    assert notify_mail.digest_due(NOW, None, hour)
    assert not notify_mail.digest_due(NOW, NOW - timedelta(hours=2), hour)  # 08:00 today: sent
    assert notify_mail.digest_due(NOW, NOW - timedelta(hours=4), hour)  # 06:00 today: yesterday's
    assert not notify_mail.digest_due(before_seven, NOW, hour)


def _queue_one(engine, user_id: int, address: str = "rep@example.vn") -> int:
    with write_session(engine) as s:
        row = OutgoingMail(
            user_id=user_id,
            to_addr=address,
            subject="Thử",
            body="Nội dung",
            message_id=f"<t-{user_id}@x>",
            next_attempt_at=NOW,
        )
        s.add(row)
        s.flush()
        return row.id


class FakeSMTP:
    """Refuses the first ``down`` messages (a server that is down), then accepts."""

    def __init__(self, down: int = 0):
        self.down, self.sent = down, []

    def __call__(self, settings):
        if self.down > 0:
            self.down -= 1
            raise smtplib.SMTPServerDisconnected("mail server is down")
        return self

    def send_message(self, msg):
        self.sent.append(msg)

    def quit(self):
        pass


def _state(engine, row_id: int) -> OutgoingMail:
    with Session(engine) as s:
        return s.get(OutgoingMail, row_id)


def test_a_down_server_loses_nothing_and_a_message_is_sent_once(engine, users):
    row_id = _queue_one(engine, users["rep_hanoi"].id)
    server = FakeSMTP(down=2)
    settings = _settings()
    assert notify_mail.send_due(engine, NOW, settings, server) == {"sent": 0, "retry": 1, "failed": 0}
    row = _state(engine, row_id)
    assert (row.state, row.attempts, "down" in row.last_error) == ("queued", 1, True)
    # Not due again before its back-off: nothing is tried.
    assert notify_mail.send_due(engine, NOW, settings, server)["retry"] == 0
    later = NOW + timedelta(minutes=2)
    assert notify_mail.send_due(engine, later, settings, server)["retry"] == 1
    much_later = NOW + timedelta(hours=2)
    assert notify_mail.send_due(engine, much_later, settings, server)["sent"] == 1
    assert (_state(engine, row_id).state, _state(engine, row_id).attempts) == ("sent", 3)
    assert notify_mail.send_due(engine, much_later + timedelta(days=1), settings, server)["sent"] == 0
    assert len(server.sent) == 1


def test_a_message_is_given_up_after_the_last_attempt(engine, users):
    row_id = _queue_one(engine, users["rep_hanoi"].id)
    server = FakeSMTP(down=100)
    at = NOW
    for _ in range(notify_mail.MAX_ATTEMPTS):
        notify_mail.send_due(engine, at, _settings(), server)
        at += timedelta(hours=2)
    assert _state(engine, row_id).state == "failed"
    assert notify_mail.send_due(engine, at, _settings(), server) == {"sent": 0, "retry": 0, "failed": 0}


def test_the_queue_survives_a_restart_and_a_sender_that_died(engine, users):
    row_id = _queue_one(engine, users["rep_hanoi"].id)
    assert notify_mail.claim(engine, NOW) == row_id  # a sender claims it, then dies
    url = engine.url.render_as_string(hide_password=False)
    engine.dispose()
    restarted = make_engine(url)  # a new process on the same database
    server = FakeSMTP()
    # Within the lease nobody takes it (the first sender might still be talking to the server).
    assert notify_mail.send_due(restarted, NOW + timedelta(minutes=5), _settings(), server)["sent"] == 0
    assert notify_mail.send_due(restarted, NOW + notify_mail.LEASE * 2, _settings(), server)["sent"] == 1
    assert [m["Message-ID"] for m in server.sent] == [f"<t-{users['rep_hanoi'].id}@x>"]
    assert notify_mail.claim(restarted, NOW + timedelta(days=1)) is None
    restarted.dispose()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(
                (envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default))
            )
            return "250 OK"

    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def test_a_returned_set_reaches_the_representatives_inbox_with_a_working_link(engine, users, smtp_server):
    from council.ui.shell import discover_pages

    inbox, port = smtp_server
    settings = replace(_settings(), smtp_port=port)
    rep, sec = users["rep_hanoi"], users["secretariat"]
    hanoi = f.pid(engine, "Hà Nội")
    notify.deliver_pending(engine)  # the notifier starts here
    with write_session(engine) as s:
        notify.set_preferences(
            s, rep, email="dai.dien@hanoi.gov.vn", email_mode="immediate", lang="vi", expected_version=0
        )
        targets.apply_edits(s, rep, [{"province_id": hanoi, "indicator_id": 1, "year": YEAR, "value": 51.0}])
        targets.submit_set(s, rep, hanoi, YEAR)
    with write_session(engine) as s:
        targets.return_set(s, sec, hanoi, YEAR, reason="Thiếu nguồn số liệu")

    done = notify_mail.run_once(engine, settings=settings)
    assert (done["mails_queued"], done["sent"]) == (1, 1)
    assert notify_mail.run_once(engine, settings=settings)["sent"] == 0  # sent once
    [(to, msg)] = inbox.messages
    assert to == ["dai.dien@hanoi.gov.vn"]
    assert msg["Subject"] == "[Hội đồng vùng] Số liệu năm 2031 của tỉnh: trạng thái mới: Bị trả lại"
    body = msg.get_content()
    link = next(w for w in body.split() if w.startswith("https://council.example/figures"))
    parts = urlsplit(link)
    pages = {spec.url_path for spec in discover_pages()}
    # The link opens the figures page on Hà Nội's 2031 set (the parameters the page reads).
    assert parts.path.strip("/") in pages
    assert parse_qs(parts.query) == {"province": [str(hanoi)], "year": [str(YEAR)], "lang": ["vi"]}
    unsubscribe = next(w for w in body.split() if "unsubscribe=" in w)
    token = parse_qs(urlsplit(unsubscribe).query)["unsubscribe"][0]
    assert msg["List-Unsubscribe"].strip() == f"<{unsubscribe}>"
    with write_session(engine) as s:
        assert notify_mail.unsubscribe(s, token) == rep.id
        assert notify_mail.unsubscribe(s, token[:-2] + "xx") is None  # a forged token does nothing
    with read_session(engine) as s:
        assert s.get(NotifyPreference, rep.id).email_mode == "off"
        assert s.exec(select(OutgoingMail.state)).all() == ["sent"]


def test_a_daily_digest_is_one_message_in_the_users_language_once_a_day(engine, users):
    from council import conflicts

    rep, sec, expert = users["rep_hanoi"], users["secretariat"], users["expert"]
    notify.deliver_pending(engine)
    parties = [{"province_id": f.pid(engine, n), "position": "Quan điểm"} for n in ("Hà Nội", "Hưng Yên")]
    with write_session(engine) as s:
        notify.set_preferences(
            s, rep, email="rep@hanoi.gov.vn", email_mode="daily", lang="en", expected_version=0
        )
        opened = conflicts.open_conflict(s, sec, title="Nguồn nước", parties=parties)
    with write_session(engine) as s:
        conflicts.add_comment(s, expert, opened["id"], body="Một", stance="information")
    notify.deliver_pending(engine)
    settings = _settings()
    day = datetime.now(UTC) + timedelta(days=1)
    with write_session(engine) as s:
        assert notify_mail.queue_mails(s, day, settings) == 1
    with write_session(engine) as s:
        assert notify_mail.queue_mails(s, day + timedelta(hours=1), settings) == 0  # nothing new, and not due
    with Session(engine) as s:
        [mail] = s.exec(select(OutgoingMail)).all()
    assert (mail.kind, mail.to_addr) == ("digest", "rep@hanoi.gov.vn")
    assert mail.subject == "[Regional council] Daily digest: 2 changes"
    # One group: both changes are about the same conflict, each with who and when.
    assert mail.body.count("■ ") == 1 and f"■ {opened['code']}" in mail.body
    assert "New opinion on conflict" in mail.body and "expert, " in mail.body
    assert f"/conflicts?conflict={opened['code']}&lang=en" in mail.body
