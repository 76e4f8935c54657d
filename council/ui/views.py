"""One view of a page at a time: a segmented control in place of tabs.

``st.tabs`` builds and sends every tab's content on every rerun (a map, a table and three forms
for one click); a view switch builds only the view the user picked::

    view = view_switch(c.t("projects.view"), VIEWS, key="projects_view",
                       label=lambda v: c.t(f"projects.tab.{v}"))

The switch always has a view selected: clicking the selected segment again keeps it (where this
Streamlit lets a control require a value; elsewhere the default view is shown and stays lit).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from functools import cache
from typing import TypeVar

import streamlit as st

V = TypeVar("V")


@cache
def _can_require() -> bool:
    """Whether ``st.segmented_control`` takes ``required`` (newer Streamlit releases)."""
    return "required" in inspect.signature(st.segmented_control).parameters


def view_switch(
    title: str,
    options: Sequence[V],
    *,
    key: str,
    label: Callable[[V], str],
    default: V | None = None,
    show_title: bool = False,
) -> V:
    """The view picked in a segmented control of ``options`` (``default``, else the first, until
    the user picks another). ``title`` names the control for screen readers and, with
    ``show_title``, on screen."""
    options = list(options)
    fallback = default if default in options else options[0]
    extra = {"required": True} if _can_require() else {}
    control: Callable[..., object] = st.segmented_control  # one call whichever overload applies
    picked = control(
        title,
        options,
        default=fallback,
        key=key,
        format_func=label,
        label_visibility="visible" if show_title else "collapsed",
        **extra,
    )
    if picked not in options:  # deselected (older Streamlit) or an option that left the list
        return fallback
    return picked
