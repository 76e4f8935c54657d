"""Numbers as officers type and read them.

A Vietnamese officer writes ``18,5`` for eighteen and a half and ``1.234,5`` for one thousand two
hundred and thirty-four and a half; an English reader writes ``18.5`` and ``1,234.5``. Parsing and
formatting go through Babel's locale data (``vi_VN`` and ``en_GB``), never hand-written rules:

- the text is read strictly in the reader's locale first (so ``1.234`` is 1234 for a Vietnamese
  reader and 1.234 for an English one: each locale's own reading);
- if that fails, it is read strictly in the other locale, which accepts the unambiguous other habit
  (``18.5`` typed in the Vietnamese view, ``18,5`` typed in the English view, both 18.5);
- anything else (letters, two decimal marks, misplaced group separators, ``inf``, ``nan``) is
  refused with :class:`NumberInputError`, whose ``key`` is a catalog message for the field.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from functools import cache

from babel import Locale
from babel.numbers import NumberFormatError, parse_decimal, parse_pattern

LOCALES = {"vi": "vi_VN", "en": "en_GB"}
_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009\t")


class NumberInputError(ValueError):
    """A typed text that is not a number in the reader's (or the other) locale."""

    def __init__(self, text: str, key: str = "error.not_a_number"):
        super().__init__(text)
        self.text = text
        self.key = key


def parse_number(text: str | None, lang: str = "vi") -> float | None:
    """The number in ``text`` (None when blank); NumberInputError when it is not one."""
    if text is None:
        return None
    cleaned = str(text).translate(_SPACES).replace("\u2212", "-")
    if not cleaned:
        return None
    own = LOCALES.get(lang, LOCALES["vi"])
    other = LOCALES["en"] if own == LOCALES["vi"] else LOCALES["vi"]
    for locale in (own, other):
        try:
            value = parse_decimal(cleaned, locale=locale, strict=True)
        except (NumberFormatError, InvalidOperation, ValueError):
            continue
        if not isinstance(value, Decimal) or not value.is_finite():
            break
        number = float(value)
        if not math.isfinite(number):
            break
        return number
    raise NumberInputError(str(text))


def format_number(value: float | int | None, lang: str = "vi", decimals: int = 2) -> str:
    """``value`` with the reader's separators and at most ``decimals`` decimals; "" for None."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    locale, pattern = _number_format(lang, decimals)
    return pattern.apply(value, locale)


@cache
def _number_format(lang: str, decimals: int):
    """Babel's locale and pattern for ``format_number``, parsed once (``format_decimal`` parses both
    on every call: a table formats hundreds of numbers a rerun)."""
    pattern = "#,##0" if decimals <= 0 else "#,##0." + "#" * decimals
    return Locale.parse(LOCALES.get(lang, LOCALES["vi"])), parse_pattern(pattern)
