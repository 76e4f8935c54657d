"""Every select that can be empty says what to choose in the reader's language: Streamlit's own
placeholder is English ("Choose an option", "Choose options"). A static scan of pages/ and the
page kit: each ``multiselect`` and each ``selectbox(..., index=None)`` passes ``placeholder=``."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted([*(ROOT / "pages").rglob("*.py"), *(ROOT / "council" / "ui").glob("*.py")])


def empty_selects_without_placeholder(source: str) -> list[int]:
    """Line numbers of the selects that can be empty and name no placeholder."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        keywords = {k.arg: k.value for k in node.keywords}
        name = node.func.attr
        can_be_empty = name == "multiselect" or (
            name == "selectbox"
            and isinstance(keywords.get("index"), ast.Constant)
            and keywords["index"].value is None
        )
        if can_be_empty and "placeholder" not in keywords:
            found.append(node.lineno)
    return found


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_selects_that_can_be_empty_have_a_placeholder(path):
    assert empty_selects_without_placeholder(path.read_text(encoding="utf-8")) == []


def test_the_scan_finds_a_missing_placeholder():
    source = (
        "st.multiselect('a', [1])\n"
        "st.selectbox('b', [1], index=None)\n"
        "st.selectbox('c', [1])\n"
        "st.multiselect('d', [1], placeholder=t('x'))\n"
    )
    assert empty_selects_without_placeholder(source) == [1, 2]
