"""Links from one page to the record another page acts on ("conflicts?conflict=C-2026-001"),
as in-app navigation that keeps the session."""

from __future__ import annotations

from functools import cache
from urllib.parse import parse_qsl

import streamlit as st
from streamlit.errors import StreamlitAPIException

from council.ui.text import plain


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
