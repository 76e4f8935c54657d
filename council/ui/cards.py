"""Cards that open a record: each card is one button whose label is the card's Markdown.

A board of cards as a bordered container holding a Markdown block and an "open" button cost three
elements a card; the conflict board shows up to 72 cards, and Chromium spent most of the page
switch drawing them (171 elements, 2,294 DOM nodes). A card here is one element, and the whole
card is the button, so a click anywhere on it opens the record::

    with card_board("conflicts_board"):
        for col, items in zip(st.columns(n), columns):
            with col:
                for r in items:
                    card(f"**{code}**  \\n{title}", key=f"conflicts_open_{r['id']}",
                         on_click=select, args=(r["id"],))

The label may hold what a button label renders: bold, colour, badges, line breaks (``"  \\n"``).
Text from users must be made plain first (``council.ui.text.plain``). What the browser pays for is
the Markdown it renders (``benchmarks/RESULTS.md``, *Issue 23, sixth pass*): a Material icon inside
a label cost ~1.5 ms a card, and a tooltip (``help``) made the 72-card board a third slower, so a
card has neither."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import streamlit as st

BOARD_SUFFIX = "_cards"

# Left-aligned, wrapped labels: a button centres one line and cuts it with an ellipsis. Scoped to the
# buttons inside a board (its container's key ends with BOARD_SUFFIX), nothing else on the page.
_STYLE = (
    "<style>"
    f'div[class*="{BOARD_SUFFIX}"] .stButton button {{justify-content: flex-start; text-align: left;'
    " padding: 0.55rem 0.75rem; line-height: 1.45;}"
    f'div[class*="{BOARD_SUFFIX}"] .stButton button div,'
    f' div[class*="{BOARD_SUFFIX}"] .stButton button p'
    " {white-space: normal; text-align: left; overflow: visible; text-overflow: clip;}"
    f'div[class*="{BOARD_SUFFIX}"] .stButton button p span'
    " {white-space: normal; overflow: visible; text-overflow: clip; max-width: none;}"
    "</style>"
)


@contextmanager
def card_board(key: str) -> Iterator[None]:
    """A container whose buttons are drawn as cards (``key`` is given the board suffix)."""
    st.html(_STYLE)
    with st.container(key=key + BOARD_SUFFIX):
        yield


def card(
    label: str,
    *,
    key: str,
    on_click: Callable[..., None],
    args: tuple = (),
) -> bool:
    """One card: a full-width button showing ``label`` (Markdown), calling ``on_click(*args)``."""
    return st.button(label, key=key, on_click=on_click, args=args, width="stretch")
