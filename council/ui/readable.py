"""Audit values in the reader's words: field names from the catalogs, ISO times in Vietnam time,
lists and records as plain text (no raw JSON)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from council.i18n import fmt_date, t
from council.numbers import format_number

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def field_label(name: str, lang: str) -> str:
    """A record's field in the reader's words ("total_investment" -> "Tổng mức đầu tư")."""
    key = f"audit_field.{name}"
    label = t(key, lang)
    return label if label != key else name.replace("_", " ")


def readable(value, lang: str) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return t("audit_value.yes" if value else "audit_value.no", lang)
    if isinstance(value, int | float):
        return format_number(value, lang, 4)
    if isinstance(value, list):
        return "; ".join(readable(v, lang) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{field_label(k, lang)}: {readable(v, lang)}" for k, v in value.items())
    text = str(value)
    if _ISO.match(text):
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return text
        if moment.tzinfo is None:  # stored in UTC
            moment = moment.replace(tzinfo=UTC)
        return fmt_date(moment, lang)
    if _DAY.match(text):
        try:
            return datetime.strptime(text, "%Y-%m-%d").strftime("%d/%m/%Y")
        except ValueError:
            return text
    return text


# The workflow steps a transition's note names ("draft->verified"), by the entity's status codes.
_STEP_CODES = {"observation": "ostatus"}


def step_label(entity: str, note: str, lang: str) -> str:
    """A figure's workflow step in the reader's words ("Nháp → Đã xác minh, chờ ký xác nhận"), or ""
    when the entry is no such step."""
    prefix = _STEP_CODES.get(entity)
    if prefix is None or "->" not in (note or ""):
        return ""
    before, after = note.split("->", 1)
    return " → ".join(t(f"{prefix}.{code.strip()}", lang) for code in (before, after))
