"""Numbers typed the Vietnamese way (and the English way) through Babel."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from council.numbers import NumberInputError, format_number, parse_number


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("18,5", "vi", 18.5),
        ("185,3", "vi", 185.3),
        ("1.234,5", "vi", 1234.5),
        ("1.234", "vi", 1234.0),
        ("18.5", "vi", 18.5),  # the other habit, unambiguous
        ("-3,2", "vi", -3.2),
        ("\u22123,2", "vi", -3.2),  # a typographic minus
        (" 4 850 ", "vi", 4850.0),
        ("18.5", "en", 18.5),
        ("1,234.5", "en", 1234.5),
        ("1,234", "en", 1234.0),
        ("18,5", "en", 18.5),  # Vietnamese habit in the English view
        ("0", "vi", 0.0),
    ],
)
def test_parse_number(text, lang, expected):
    assert parse_number(text, lang) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["", "   ", None])
def test_blank_is_none(text):
    assert parse_number(text, "vi") is None


@pytest.mark.parametrize(
    "text", ["abc", "18,5,3", "1.2.3,4,5", "1,2.3,4", "inf", "nan", "NaN", "1e309", "--1", "12a"]
)
def test_garbage_is_refused(text):
    with pytest.raises(NumberInputError) as err:
        parse_number(text, "vi")
    assert err.value.text == text
    assert err.value.key == "error.not_a_number"


def test_format_number_uses_the_readers_separators():
    assert format_number(1234.5, "vi") == "1.234,5"
    assert format_number(1234.5, "en") == "1,234.5"
    assert format_number(4850.0, "vi") == "4.850"
    assert format_number(185.3, "vi", decimals=4) == "185,3"
    assert format_number(None, "vi") == ""
    assert format_number(float("nan"), "vi") == ""


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_round_trip(value):
    for lang in ("vi", "en"):
        assert parse_number(format_number(float(value), lang, decimals=2), lang) == pytest.approx(
            float(value)
        )


def test_tables_write_numbers_in_the_app_language_not_the_browser_locale():
    import pandas as pd

    from council.ui.tables import localized

    frame = pd.DataFrame(
        {"investment": [85813.0, None, 1234.5], "pagerank": [0.2314, 0.1, 0.0], "code": ["a", "b", "c"]}
    )
    vi = localized(frame, {"investment": 2, "pagerank": 3}, "vi").to_html()
    en = localized(frame, {"investment": 2, "pagerank": 3}, "en").to_html()
    assert ">85.813<" in vi and ">1.234,5<" in vi and ">0,231<" in vi
    assert ">85,813<" in en and ">1,234.5<" in en and ">0.231<" in en
    assert ">nan<" not in vi.lower()  # an empty cell stays empty
    # The cells stay numbers (a column sorts by value, not as text).
    assert localized(frame, {"investment": 2}, "vi").data["investment"].dtype.kind == "f"
