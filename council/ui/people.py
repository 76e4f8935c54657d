"""People on a page: by full name (never the user name), the seed and the system in words.

name = people(c, [r["actor"] for r in rows])
... name(r["actor"]) ...
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from council.people import people_names

SEED_USER = "seed"  # who wrote the rows loaded from data/ (council.seed)
SYSTEM_USER = "system"  # council.auth.SYSTEM: the shell and the command line


def people(c, usernames: Iterable[str | None]) -> Callable[[str | None], str]:
    """A function giving each user name's full name; the seed's rows say "Dữ liệu gốc (nguồn
    công khai)", the system's "Hệ thống"; a name that is no account is shown as it is."""
    names = c.read(people_names, [u for u in usernames if u])

    def name(username: str | None) -> str:
        if not username:
            return ""
        if username == SEED_USER:
            return c.t("vi_ui.seeded")
        if username == SYSTEM_USER:
            return c.t("vi_ui.system")
        return names.get(username, username)

    return name
