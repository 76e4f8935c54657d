"""Links from one page to the record another page acts on ("conflicts?conflict=C-2026-001"),
as in-app navigation that keeps the session."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import TypeVar
from urllib.parse import parse_qsl

import streamlit as st
from streamlit.errors import StreamlitAPIException

from council.ui.text import plain

T = TypeVar("T")


@cache
def _specs_by_path() -> dict:
    """The pages by url path, read once per process (a page can hold hundreds of links)."""
    from council.ui.shell import discover_pages

    return {s.url_path: s for s in discover_pages()}


def record_link(link: str, label: str) -> None:
    """``st.page_link`` to the page registered under the link's url path, with its query
    parameters; a plain link when this navigation has no such page (e.g. not for this role)."""
    path, _, query = link.partition("?")
    spec = _specs_by_path().get(path)
    if spec is not None:
        try:
            st.page_link(
                st.Page(spec.render, url_path=spec.url_path),
                label=label,
                icon=":material/arrow_forward:",
                query_params=dict(parse_qsl(query)),
            )
            return
        except StreamlitAPIException:  # the page is not in this user's navigation
            pass

    st.markdown(f"[{plain(label)}](/{link})")


def link_row(text: str, link: str, open_label: str) -> None:
    """One line of a list: its Markdown ``text`` and, at the right, the link to where it is acted
    on. A flex row of three elements, where columns made five (a list page holds up to a hundred)."""
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        st.markdown(text)
        if link:
            record_link(link, open_label)


def link_list(
    title: str,
    items: Sequence[T],
    line: Callable[[T], tuple[str, str]],
    *,
    key: str,
    limit: int,
    open_label: str,
    nothing: str,
    more: Callable[[int], str],
) -> None:
    """A bordered list: ``title`` with the number of items, then the first ``limit`` items, each as
    ``line(item)`` -> (Markdown text, link), and the rest counted (``more(n)``). Only the lines
    shown are formatted: a list can hold thousands of items."""
    with st.container(border=True, key=key):
        st.markdown(f"**{title}** ({len(items)})")
        if not items:
            st.caption(nothing)
        for item in items[:limit]:
            link_row(*line(item), open_label)
        if len(items) > limit:
            st.caption(more(len(items) - limit))
