"""The one safe path for user text (council.ui.text) and URL schemes checked on input."""

from __future__ import annotations

import re

import pytest

from council import projects
from council.errors import ValidationError
from council.projects import ProjectInput
from council.ui.notices import error_message
from council.ui.text import plain, rich

# An image or link that Markdown would render: "![..](..)" / "[..](..)" not preceded by "\".
LIVE_IMAGE = re.compile(r"(?<!\\)!(?<!\\)\[[^\]]*(?<!\\)\]\(")
LIVE_LINK = re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\(")

HOSTILE = [
    "![px](http://tracker.example/p.png)",
    "[bấm vào đây](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "**đậm** _nghiêng_ `mã` ~~gạch~~ | bảng |",
    "# Tiêu đề\n- mục",
    ":red[đỏ] $x^2$ &#91;x&#93;",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_plain_leaves_no_markup(text):
    out = plain(text)
    assert not LIVE_IMAGE.search(out) and not LIVE_LINK.search(out)
    assert "<" not in out.replace("\\<", "")
    for ch in "*_`~|$&[]":
        assert ch not in out.replace("\\" + ch, "")
    assert "\n" not in out and not out.startswith("#")


def test_plain_keeps_ordinary_names_as_typed():
    assert (
        plain("DA-001 · Đường Vành đai 4 – Vùng Thủ đô (Hà Nội)")
        == "DA-001 · Đường Vành đai 4 – Vùng Thủ đô (Hà Nội)"
    )
    assert plain(None) == ""


def test_rich_shows_web_links_with_their_address_and_never_loads_an_image():
    out = rich("xem [tài liệu](https://chinhphu.vn/qd) và ![p](http://tracker.example/p.png)")
    assert "[tài liệu](https://chinhphu.vn/qd) (https://chinhphu.vn/qd)" in out
    assert not LIVE_IMAGE.search(out)
    assert "(http://tracker.example/p.png)" in out  # the image is now a link, its address shown


def test_rich_drops_script_links():
    out = rich("[x](javascript:alert(1)) [y](data:text/html,abc)")
    assert not LIVE_LINK.search(out)


def test_error_messages_echo_typed_values_as_text():
    exc = ValidationError("projects.error.code_format", field="code", value="![p](http://t.example/p.png)")
    assert not LIVE_IMAGE.search(error_message(exc, "vi"))


@pytest.mark.parametrize(
    "url, refused",
    [
        ("https://chinhphu.vn/a", False),
        ("http://a.vn ; https://b.vn", False),
        ("", False),
        ("javascript:alert(1)", True),
        ("https://a.vn ; data:text/html,x", True),
        ("file:///etc/passwd", True),
        ("www.example.vn", True),
    ],
)
def test_project_sources_must_be_web_addresses(engine, url, refused):
    from sqlmodel import Session

    data = ProjectInput(code="DA-900", name_vi="Thử", type="road", status="proposed", source_url=url)
    with Session(engine) as s:
        found = [p for p in projects.problems(s, data) if p[0] == "source_url"]
    assert bool(found) == refused
