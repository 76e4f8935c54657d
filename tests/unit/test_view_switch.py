"""The page kit's view switch (council.ui.views.view_switch): one view at a time, always one."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _app(default=None):
    import streamlit as st

    from council.ui.views import view_switch

    view = view_switch(
        "Xem",
        ("list", "map", "io"),
        key="demo_view",
        label=lambda v: {"list": "Danh sách", "map": "Bản đồ", "io": "Nhập/xuất"}[v],
        default=default,
    )
    st.write(f"shown:{view}")


def _shown(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("shown:"))


def test_the_default_view_is_shown_then_the_picked_one():
    at = AppTest.from_function(_app, kwargs={"default": "map"}).run()
    assert _shown(at) == "shown:map"
    assert at.button_group(key="demo_view").value == "map"
    at.button_group(key="demo_view").set_value("io").run()
    assert _shown(at) == "shown:io"


def test_an_unknown_default_falls_back_to_the_first_view():
    at = AppTest.from_function(_app, kwargs={"default": "timeline"}).run()
    assert _shown(at) == "shown:list"


def test_a_cleared_switch_still_shows_a_view_and_cannot_be_left_empty():
    at = AppTest.from_function(_app).run()
    group = at.button_group(key="demo_view")
    assert group.proto.required  # the browser keeps a segment lit: a second click does nothing
    group.set_value(None).run()
    assert _shown(at) == "shown:list"
