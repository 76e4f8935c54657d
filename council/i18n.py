"""Message catalogs: Vietnamese (default) and English, with the same keys.

Each capability keeps its messages in ``council/catalogs/<name>.py`` as two
dicts, ``VI`` and ``EN``; this module merges them. Codes stored in the
database (statuses, types, roles) are translated through keys such as
``status.approved`` or ``role.expert``.
"""

from __future__ import annotations

import importlib
import pkgutil
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime

from council import catalogs
from council.numbers import LOCALES, format_number

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"


def _load() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {"vi": {}, "en": {}}
    for info in sorted(pkgutil.iter_modules(catalogs.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{catalogs.__name__}.{info.name}")
        for lang, table in (("vi", module.VI), ("en", module.EN)):
            dup = set(merged[lang]) & set(table)
            if dup:
                raise RuntimeError(f"catalog {info.name} redefines {sorted(dup)[:5]}")
            merged[lang].update(table)
    return merged


CATALOGS = _load()


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params) -> str:
    """The message for ``key`` in ``lang``; the key itself if missing (so a gap shows, not crashes)."""
    table = CATALOGS.get(lang) or CATALOGS[DEFAULT_LANGUAGE]
    text = table.get(key) or CATALOGS[DEFAULT_LANGUAGE].get(key) or key
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def code_label(kind: str, code: str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    if code is None or code == "":
        return "—"
    return t(f"{kind}.{code}", lang)


def entity_label(entity: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A kind of record in the user's words ("project" -> "dự án"); the code when not in the catalog."""
    key = f"entity.{entity}"
    text = t(key, lang)
    return entity if text == key else text


def action_label(action: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """An audit action in the user's words ("transition" -> "chuyển trạng thái"); the code when unknown."""
    key = f"action.{action}"
    text = t(key, lang)
    return action if text == key else text


def fmt_number(value: float | int | None, lang: str = DEFAULT_LANGUAGE, digits: int = 1) -> str:
    """``value`` written the reader's way (``council.numbers.format_number``); "—" when missing."""
    text = format_number(value, lang, digits)
    return text or "—"


# The council's clock: times are stored in UTC and shown in Vietnam's time.
LOCAL_TZ = "Asia/Ho_Chi_Minh"


def local_time(value: datetime | None) -> datetime | None:
    """A stored UTC moment (SQLite gives it back without a zone) as Vietnam local time."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(ZoneInfo(LOCAL_TZ))


def fmt_date(value: date | datetime | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """dd/MM/yyyy; a moment also gets its time of day in Vietnam (HH:mm)."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return format_datetime(
            local_time(value).replace(tzinfo=None), "dd/MM/yyyy HH:mm", locale=LOCALES[lang]
        )
    return format_date(value, "dd/MM/yyyy", locale=LOCALES[lang])


def region_name(region, lang: str = DEFAULT_LANGUAGE) -> str:
    return region.name_vi if lang == "vi" else region.name_en


def name(obj, lang: str = DEFAULT_LANGUAGE) -> str:
    """Province and project names: Vietnamese always; English view shows the English name when known."""
    if lang == "en" and getattr(obj, "name_en", ""):
        return obj.name_en
    return obj.name_vi
