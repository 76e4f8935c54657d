"""The one way user-entered text reaches the screen.

Streamlit renders Markdown in ``st.markdown``, ``st.title``, ``st.subheader``, ``st.caption``,
labels, tabs and metric labels. Text a user typed (names, titles, notes, reasons, addresses) must
never become markup there: an image would load a remote address in every reader's browser (a
tracking pixel), and a link would lead anywhere under a harmless label.

- ``plain(text)``: the text exactly as typed, every Markdown character escaped. For names, titles,
  short fields, and anything quoted back from a URL.
- ``rich(text)``: Markdown the user may format (comments, notes): no HTML, images never load,
  only http(s)/mailto links survive and each shows its address next to its label.

Tables (``st.dataframe``) show cells as text and need neither.
"""

from __future__ import annotations

import re

from council.safe_markdown import safe_markdown
from council.textutil import nfc

# The characters that open inline markup: links and images need "[", raw HTML and autolinks "<",
# emphasis "*", "_", "~", code "`", tables "|", maths "$", entities "&", Streamlit's ":red[...]"
# directives "[" too. A bare web address stays text with its address in full (GFM may make it
# clickable, but it then shows exactly where it leads).
_PUNCT = re.compile(r"([\\`*_{}\[\]<>|~$&])")
# A block marker only counts at the start of a line ("# ", "- ", "1. ", "> ").
_BLOCK_START = re.compile(r"^(\s*)([#>+=-]|\d+(?=[.)]))")
_ALLOWED_LINK = re.compile(r"\[([^\[\]\n]*)\]\(((?:https?://|mailto:)[^\s)]*)\)", re.IGNORECASE)


def plain(text: object) -> str:
    """``text`` shown literally inside any Markdown-rendering Streamlit call."""
    if text is None:
        return ""
    out = _PUNCT.sub(r"\\\1", nfc(str(text)))
    # A line break inside a title or caption is shown as a space, never as a new block.
    out = re.sub(r"\s*\n\s*", " ", out)
    return _BLOCK_START.sub(_escape_block, out)


def _escape_block(match: re.Match) -> str:
    space, marker = match.groups()
    if marker.isdigit():  # "12." -> "12\." (a backslash before a digit would show)
        return f"{space}{marker}\\"
    return f"{space}\\{marker}"


def _with_address(match: re.Match) -> str:
    label, address = match.groups()
    shown = plain(address)
    if plain(label) == shown or not label.strip():
        return f"[{shown}]({address})"
    return f"[{label}]({address}) ({shown})"


def rich(text: object) -> str:
    """User Markdown made safe: no HTML, no image, links only to http(s)/mailto, address shown."""
    if text is None:
        return ""
    return _ALLOWED_LINK.sub(_with_address, safe_markdown(str(text)))
