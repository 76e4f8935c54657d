"""People as pages show them: by full name, never by user name."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, select

from council.models import User


def people_names(session: Session, usernames: Iterable[str]) -> dict[str, str]:
    """username -> the person's full name (display name; the user name when none is set).
    User names that are no account (``system``, ``seed``) are left out."""
    wanted = sorted({u for u in usernames if u})
    if not wanted:
        return {}
    return {
        u.username: u.display_name or u.username
        for u in session.exec(select(User).where(col(User.username).in_(wanted)))
    }


def full_name(names: dict[str, str], username: str | None) -> str:
    """The full name of ``username`` from ``names`` (the user name itself when unknown)."""
    return names.get(username or "", username or "")
