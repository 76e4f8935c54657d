"""The page kit's number field: a text input in the reader's locale, read with council.numbers.

Every form field where a user types a data number (a length, an investment, a progress, a
baseline, a figure, a share) is a ``number_field``, never ``st.number_input``:
``st.number_input`` ignores the locale, so "18,5" typed by a Vietnamese officer became 185.

How a page uses it::

    length = number_field(col, c.t("projects.form.length"), record["length_km"],
                          key=form.key("length"), lang=c.lang, decimals=1)
    ...
    if submitted:
        form.save(c, lambda session: projects.create(..., length_km=length.value), values={
            "length": length.text, ...})

- The input shows ``value`` formatted in the reader's locale ("4.850" / "18,5" in Vietnamese,
  "4,850" / "18.5" in English) with at most ``decimals`` decimals.
- ``.value`` reads the typed text with council.numbers.parse_number ("18,5", "1.234,5" and the
  unambiguous "18.5" are accepted; blank is None). Anything else raises ValidationError
  ``error.field_not_a_number`` naming the field, so inside ``form.save`` the message is shown
  under the form and nothing is saved. Read ``.value`` only inside the write (or call
  ``.check()`` first); ``.text`` is what the user typed (for ``values=``).
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from council.errors import ValidationError
from council.numbers import NumberInputError, format_number, parse_number


@dataclass(frozen=True)
class NumberText:
    label: str
    text: str
    lang: str
    integer: bool = False

    @property
    def value(self) -> float | None:
        try:
            number = parse_number(self.text, self.lang)
        except NumberInputError:
            raise ValidationError("error.field_not_a_number", field=self.label, value=self.text) from None
        if number is not None and self.integer:
            if number != int(number):
                raise ValidationError("error.field_not_a_whole_number", field=self.label, value=self.text)
            return int(number)
        return number

    def check(self) -> NumberText:
        """Raise the field's ValidationError now if the text is not a number."""
        self.value  # noqa: B018
        return self


def shown(value: float | int | None, lang: str, decimals: int = 2) -> str:
    """A stored number as the input shows it ("" for None)."""
    return format_number(value, lang, decimals)


def number_field(
    container,
    label: str,
    value: float | int | None = None,
    *,
    key: str,
    lang: str,
    decimals: int = 2,
    integer: bool = False,
    help: str | None = None,
    placeholder: str | None = None,
    disabled: bool = False,
) -> NumberText:
    """A text input for a number in the reader's locale (see the module docstring)."""
    from council.i18n import t

    container = container or st
    text = container.text_input(
        label,
        value=shown(value, lang, 0 if integer else decimals),
        key=key,
        help=help,
        placeholder=placeholder if placeholder is not None else t("kit.number_placeholder", lang),
        disabled=disabled,
    )
    return NumberText(label, text or "", lang, integer)


def parse_cell(value, lang: str, *, field: str, row: int | None = None) -> float | None:
    """A grid cell (text or number) as a number, for the service-side apply of a data_editor:
    "18,5" is 18.5, blank / None / NaN is None; anything else is ValidationError naming the
    field and row."""
    import math

    if value is None:
        return None
    if isinstance(value, int | float):
        return None if isinstance(value, float) and math.isnan(value) else float(value)
    try:
        return parse_number(str(value), lang)
    except NumberInputError:
        raise ValidationError("error.not_a_number", field=field, row=row, value=str(value)) from None


def read_all(lang: str, *fields: NumberText) -> list | None:
    """The fields' numbers; None (with the first bad field's message shown) when one is not a number.
    For forms that build their input before ``form.save``."""
    from council.ui.notices import error_message

    try:
        return [f.value for f in fields]
    except ValidationError as exc:
        st.error(error_message(exc, lang))
        return None
