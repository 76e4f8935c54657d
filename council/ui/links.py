"""Links from one page to the record another page acts on ("conflicts?conflict=C-2026-001"),
as in-app navigation that keeps the session."""

from __future__ import annotations

from urllib.parse import parse_qsl


def record_link(link: str, label: str) -> None:
    """``st.page_link`` to the page registered under the link's url path, with its query
    parameters; a plain link when this navigation has no such page (e.g. not for this role)."""
    import streamlit as st
    from streamlit.errors import StreamlitAPIException

    from council.ui.shell import discover_pages

    path, _, query = link.partition("?")
    spec = next((s for s in discover_pages() if s.url_path == path), None)
    if spec is not None:
        try:
            st.page_link(st.Page(spec.render, url_path=spec.url_path), label=label,
                         icon=":material/arrow_forward:", query_params=dict(parse_qsl(query)))
            return
        except StreamlitAPIException:  # the page is not in this user's navigation
            pass
    st.markdown(f"[{label}](/{link})")
