"""A real `streamlit run app.py` on a free loopback port, and Debian's Chromium via Playwright."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import need

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("COUNCIL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def free_port() -> int:
    """A port the OS reports free now (for servers that cannot be given port 0, like nginx)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_ports(count: int) -> int:
    """The first of ``count`` consecutive ports that are all free now (``council serve --workers N``
    listens on a port and runs its workers on the next N)."""
    while True:
        base = free_port()
        held: list[socket.socket] = []
        try:
            for port in range(base, base + count):
                held.append(socket.socket())
                held[-1].bind(("127.0.0.1", port))
            return base
        except (OSError, OverflowError):
            continue
        finally:
            for sock in held:
                sock.close()


_LISTENING = re.compile(rb"URL: http://127\.0\.0\.1:(\d+)")


class Server:
    """``streamlit run app.py`` on port 0: the OS picks a free port when Streamlit binds it (read
    back from the server's log), so servers started at once by several xdist workers never race
    for one port. ``port`` and ``url`` are known once ``wait_ready()`` returns."""

    def __init__(self, db_url: str, extra_args: tuple[str, ...] = ()):
        self.db_url = db_url
        self.port = 0
        self.url = ""
        fd, log = tempfile.mkstemp(prefix="council-streamlit-", suffix=".log")
        self.log = Path(log)
        env = dict(os.environ, COUNCIL_DATABASE_URL=db_url, PYTHONUNBUFFERED="1")
        try:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "streamlit",
                    "run",
                    "app.py",
                    "--server.headless",
                    "true",
                    "--server.address",
                    "127.0.0.1",
                    "--server.port",
                    "0",
                    "--browser.gatherUsageStats",
                    "false",
                    "--server.fileWatcherType",
                    "none",
                    *extra_args,
                ],
                cwd=ROOT,
                env=env,
                stdout=fd,
                stderr=subprocess.STDOUT,
            )
        finally:
            os.close(fd)

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited early:\n{self.output()}")
            if not self.port:
                found = _LISTENING.search(self.log.read_bytes())
                if found is None:
                    time.sleep(0.2)
                    continue
                self.port = int(found.group(1))
                self.url = f"http://127.0.0.1:{self.port}"
            try:
                if urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1).read() == b"ok":
                    return
            except OSError:
                time.sleep(0.3)
        raise TimeoutError(f"streamlit not ready after {timeout}s:\n{self.output()}")

    def output(self) -> str:
        try:
            return self.log.read_bytes().decode(errors="replace")[-4000:]
        except FileNotFoundError:
            return ""

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.unlink(missing_ok=True)


def _chromium():
    need(
        Path(CHROMIUM).exists() or shutil.which("chromium") is not None,
        f"Chromium not found at {CHROMIUM} (apt-get install chromium)",
    )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover
        need(False, "playwright is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def browser():
    yield from _chromium()


@pytest.fixture(scope="module")
def module_browser():
    """One Chromium for a module's tests; each test opens its own context (own cookies)."""
    yield from _chromium()


def _serve_copy(directory: Path, template: Path):
    db = directory / "e2e.db"
    shutil.copy(template, db)
    srv = Server(f"sqlite:///{db}")
    try:
        srv.wait_ready()
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def server(tmp_path, _seeded_template):
    yield from _serve_copy(tmp_path, _seeded_template)


@pytest.fixture(scope="module")
def module_server(tmp_path_factory, _seeded_template):
    """One server (on a copy of the seeded database) for a module whose tests only add their own
    users and read; tests that write data use ``server``."""
    yield from _serve_copy(tmp_path_factory.mktemp("e2e"), _seeded_template)


def wait_idle(page) -> None:
    page.wait_for_timeout(300)
    page.locator(IDLE).wait_for(state="attached", timeout=60_000)
