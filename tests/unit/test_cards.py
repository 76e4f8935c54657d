"""The page kit's cards (council.ui.cards): one element a card, the whole card the button that
opens the record, styled only inside its board."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _board():
    import streamlit as st

    from council.ui.cards import card, card_board

    def pick(n):
        st.session_state["picked"] = n

    with card_board("demo_board"):
        for n in range(3):
            card(
                f"**C-{n}**  \ntitle {n}  \n:red-badge[late]", key=f"demo_open_{n}", on_click=pick, args=(n,)
            )
    st.button("elsewhere", key="plain_button")
    st.write("picked", st.session_state.get("picked"))


def test_each_card_is_one_button_and_a_click_anywhere_on_it_opens_its_record():
    at = AppTest.from_function(_board).run()
    assert not at.exception
    cards = [b for b in at.button if b.key.startswith("demo_open_")]
    assert [b.label.split("  \n")[0] for b in cards] == ["**C-0**", "**C-1**", "**C-2**"]
    cards[1].click().run()
    assert at.session_state["picked"] == 1
    # No container, caption or Markdown block per card: the board's only Markdown is the page's own.
    assert len(at.markdown) == 1


def test_the_card_style_is_scoped_to_boards():
    from council.ui.cards import _STYLE, BOARD_SUFFIX

    assert _STYLE.count("{") == _STYLE.count("}")
    rules = [r for r in _STYLE.removeprefix("<style>").removesuffix("</style>").split("}") if r.strip()]
    assert rules and all(
        all(sel.strip().startswith(f'div[class*="{BOARD_SUFFIX}"]') for sel in r.split("{")[0].split(","))
        for r in rules
    )


def test_the_style_block_is_a_constant_with_no_script_or_user_text():
    import inspect

    from council.ui import cards

    assert "<script" not in cards._STYLE.lower() and "javascript" not in cards._STYLE.lower()
    # The only raw HTML the module sends is that constant.
    assert "st.html(_STYLE)" in inspect.getsource(cards.card_board)
