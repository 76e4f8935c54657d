"""User text never reaches HTML that Streamlit renders unescaped.

Streamlit escapes HTML in st.markdown/st.write unless ``unsafe_allow_html=True``, and st.html renders
raw HTML. This scan fails on any such call outside the reviewed allow-list; each allowed call renders
only text the app itself builds or escapes."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# file -> number of reviewed raw-HTML calls it may contain, and why
ALLOWED = {
    "council/ui/shell.py": 1,  # sets the sign-in cookie: the value is our own signed token, JSON-encoded
    "council/ui/cards.py": 1,  # a constant <style> block (no user text, no script): cards' layout
}
PATTERN = re.compile(r"unsafe_allow_html\s*=\s*True|\bst\.html\(|components\.html\(|unsafe_allow_javascript")


def test_no_unreviewed_raw_html():
    found = {}
    for path in [ROOT / "app.py", *(ROOT / "pages").rglob("*.py"), *(ROOT / "council").rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        hits = len(
            [
                line
                for line in text.splitlines()
                if PATTERN.search(line) and "unsafe_allow_javascript" not in line
            ]
        )
        if hits:
            found[str(path.relative_to(ROOT))] = hits
    assert found == ALLOWED


def test_sql_goes_through_bound_parameters():
    # No SQL text assembled with f-strings or % from values (DDL constants in db.py are fixed strings).
    bad = []
    for path in (ROOT / "council").rglob("*.py"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"(exec_driver_sql|text)\(\s*f[\"']", line) and "BEGIN {mode}" not in line:
                bad.append(f"{path.name}:{n}")
    assert bad == []
