"""Markdown typed by users, made safe to hand to ``st.markdown``.

Users may format comments with Markdown (bold, lists, links), but any HTML they type must show
as text and never run, and a link may only lead to http(s) or mailto. ``st.markdown`` without
``unsafe_allow_html`` already refuses raw HTML; this module does not rely on that alone:

- ``&`` and ``<`` become entities, so no tag or entity-encoded trick survives to the renderer
  (``<script>`` shows as the text ``<script>``; ``&#106;avascript:`` stays literal);
- a link or image whose destination is not http(s)/mailto loses its link syntax and shows as the
  text the user typed (``[x](javascript:...)``, ``data:``, ``vbscript:``, relative paths);
- images never load (the app works offline, and a remote image would leak who reads the thread):
  they become ordinary links when their address is http(s), text otherwise;
- reference-style link definitions are shown as text (their destination is not checked here).
"""

from __future__ import annotations

import re

from council.textutil import nfc

ALLOWED_SCHEMES = ("http://", "https://", "mailto:")
# "](" followed by the destination, whatever the link text was (nested brackets included).
_LINK_DEST = re.compile(r"\]\(([ \t]*\n?[ \t]*)([^\s)]*)")
_IMAGE_OPEN = re.compile(r"!\[")
_REF_DEFINITION = re.compile(r"^( {0,3})\[([^\]\n]*)\]:", re.MULTILINE)


def _link_allowed(destination: str) -> bool:
    return destination.lower().startswith(ALLOWED_SCHEMES)


def _neutralise_link(match: re.Match) -> str:
    space, destination = match.groups()
    if _link_allowed(destination):
        return f"]({space}{destination}"
    # An escaped parenthesis breaks the link syntax: the reader sees exactly what was typed.
    return f"]\\({space}{destination}"


def safe_markdown(text: str | None) -> str:
    """Markdown that renders the user's formatting but no HTML, no script, no unsafe link."""
    out = nfc(text).replace("&", "&amp;").replace("<", "&lt;")
    out = _IMAGE_OPEN.sub("[", out)
    out = _LINK_DEST.sub(_neutralise_link, out)
    return _REF_DEFINITION.sub(lambda m: f"{m.group(1)}\\[{m.group(2)}]:", out)
