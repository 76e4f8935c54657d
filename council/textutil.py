"""Vietnamese-aware text helpers: NFC normalisation, sorting, search folding."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

_VI_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_ORDER = {ch: i for i, ch in enumerate(_VI_ALPHABET)}
# Tone order used in dictionaries: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


# Control characters have no place in council text. Word's line and page breaks (\x0b, \x0c)
# and the Unicode line/paragraph separators become new lines; tabs become spaces; the rest of
# C0 (NUL, ESC ...), DEL and C1 are removed. New lines are kept: notes and decisions have them.
_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")


def clean(text: str | None) -> str:
    """Text as the council stores it: NFC, control characters normalised (see above), trimmed.
    Every text field and every imported cell passes here on its way in."""
    text = unicodedata.normalize("NFC", text or "")
    if not text.isprintable():  # fast path: most text has no control character at all
        text = _CONTROL.sub("", _BREAKS.sub("\n", text).replace("\t", " "))
    return text.strip()


# Every character ``clean`` may change besides NFC and the trimming: the breaks, the tab and the
# control characters above (a new line is kept as it is).
_CLEANED = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def clean_all(texts: Sequence[str]) -> list[str]:
    """``[clean(t) for t in texts]``, for a whole column of an import at once: one NFC check and
    one look for control characters over the texts joined, and a walk through the texts one by
    one only when that finds something to change."""
    # "|" between two texts changes neither's NFC form: it composes with nothing, either side.
    joined = "|".join(texts)
    if unicodedata.is_normalized("NFC", joined) and (joined.isprintable() or not _CLEANED.search(joined)):
        return list(map(str.strip, texts))
    return list(map(clean, texts))


def line_breaks(text: str) -> str:
    """CR LF, CR, vertical tab, form feed and the Unicode separators as plain new lines."""
    return _BREAKS.sub("\n", text)


def nfc(text: str | None) -> str:
    """The boundary normalisation of every text field: see ``clean``."""
    return clean(text)


def fold(text: str | None) -> str:
    """Lower-case without diacritics, for searching: 'Đồng Nai' -> 'dong nai'."""
    decomposed = unicodedata.normalize("NFD", (text or "").replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=16384)  # names repeat (34 provinces, users): sorting thousands of rows stays cheap
def vi_sort_key(text: str | None) -> tuple:
    """Sort key following the Vietnamese alphabet (a ă â b c d đ e ê ...), then tones."""
    primary, tones = [], []
    for ch in unicodedata.normalize("NFC", (text or "").lower()):
        base = unicodedata.normalize("NFD", ch)
        letter = base[0]
        marks = base[1:]
        # Keep the letter-forming marks (breve, circumflex, horn) with the letter; tones sort after.
        forming = "".join(m for m in marks if m in "\u0306\u0302\u031b")
        tone = "".join(m for m in marks if m not in "\u0306\u0302\u031b")
        full = unicodedata.normalize("NFC", letter + forming)
        if full in _ORDER:
            primary.append(_ORDER[full])
        elif full.isspace():
            primary.append(-1)
        else:
            primary.append(100 + ord(full[0]) if full else 0)
        tones.append(_TONES.get(tone, 9))
    # Letters decide first; tone marks only break ties (Cà Mau < Cao Bằng < Cần Thơ).
    return tuple(primary), tuple(tones)
