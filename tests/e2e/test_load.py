"""A small version of benchmarks/load.py: a few concurrent browser sessions on a real server,
signing in, reading every page and writing; no errors and no lost writes."""

import asyncio
from pathlib import Path

import pytest

from tests.conftest import need
from tests.e2e.conftest import CHROMIUM

pytestmark = pytest.mark.e2e


def test_concurrent_sessions_no_errors_no_lost_writes():
    need(Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM}")
    from benchmarks.load import run

    report = asyncio.run(run(sessions=4, rounds=1, chromium=CHROMIUM))
    assert report["errors"] == []
    assert report["writes"] == 2
    assert report["lost_writes"] == []
