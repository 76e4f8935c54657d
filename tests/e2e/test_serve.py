"""Scale-out: `council serve --workers N` runs N Streamlit processes behind nginx (Debian's
package) with sticky sessions; a write through one process shows on another's next rerun."""

from __future__ import annotations

import asyncio
import subprocess
import urllib.request
import uuid

import pytest

from council import audit, auth
from council.db import write_session
from council.serve import Cluster, find_nginx, nginx_config
from tests.conftest import need
from tests.e2e.conftest import free_port, free_ports

pytestmark = pytest.mark.e2e

PASSWORD = "scale-out-password"


def _nginx() -> str:
    path = find_nginx()
    need(path is not None, "nginx not found (apt-get install nginx)")
    return path


def test_generated_nginx_config_is_valid(tmp_path):
    nginx = _nginx()
    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / name).mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(nginx_config("127.0.0.1", free_port(), [free_port(), free_port()], tmp_path))
    done = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    text = conf.read_text()
    assert "hash $council_route consistent" in text
    assert "proxy_set_header Upgrade $http_upgrade" in text


def _worker_for(url: str, route: str | None) -> tuple[str, list[str]]:
    req = urllib.request.Request(f"{url}/_stcore/health")
    if route:
        req.add_header("Cookie", f"council_route={route}")
    with urllib.request.urlopen(req, timeout=10) as resp:
        return resp.headers["X-Council-Worker"], resp.headers.get_all("Set-Cookie") or []


def _start_cluster(url: str, tmp_path, attempts: int = 3) -> Cluster:
    """Two workers behind nginx on three consecutive ports that were free when chosen; another
    xdist worker's server may take one of them before nginx or Streamlit binds it: then again on
    other ports (any other failure is raised)."""
    for attempt in range(attempts):
        cluster = Cluster(
            workers=2, port=free_ports(3), database_url=url, log_dir=tmp_path / f"serve-{attempt}"
        )
        cluster.start()
        try:
            return cluster.wait_ready()
        except RuntimeError:
            cluster.stop()
            logs = "".join(f.read_text(errors="replace") for f in cluster.run_dir.iterdir() if f.is_file())
            if "Address already in use" not in logs and "is not available" not in logs:
                raise
    raise AssertionError(f"no free ports for the cluster after {attempts} attempts")


def test_two_workers_sticky_sessions_and_a_write_on_one_shows_on_the_other(engine, tmp_path):
    _nginx()
    from benchmarks.stclient import Session, sign_in

    with write_session(engine) as s:
        for name in ("writer", "reader"):
            auth.create_user(s, auth.SYSTEM, username=name, password=PASSWORD, role="secretariat")
    url = engine.url.render_as_string(hide_password=False)
    cluster = _start_cluster(url, tmp_path)
    try:
        # Sticky: the first response hands out a route cookie; the same cookie always reaches the
        # same process, and different browsers spread over both.
        _worker, cookies = _worker_for(cluster.url, None)
        assert any(c.startswith("council_route=") for c in cookies)
        assert not any(c.startswith("council_route=") for c in _worker_for(cluster.url, "x")[1])
        routes = [uuid.uuid4().hex for _ in range(24)]
        first = {r: _worker_for(cluster.url, r)[0] for r in routes}
        assert all(_worker_for(cluster.url, r)[0] == w for r, w in first.items())
        assert len(set(first.values())) == 2

        created = f"made-on-a-{uuid.uuid4().hex[:8]}"

        async def scenario():
            a_url, b_url = cluster.worker_urls
            async with Session(b_url) as b, Session(a_url) as a:
                await sign_in(b, "reader", PASSWORD)
                before = await b.rerun(page="audit")  # cached on B (council.ui.cache)
                assert not before.exceptions
                await sign_in(a, "writer", PASSWORD)
                form = await a.rerun(page="users")
                done = await a.rerun(
                    values={
                        form.widget_id("uc_username"): created,
                        form.widget_id("uc_password"): PASSWORD,
                    },
                    trigger=form.submit_button("user_create"),
                )
                assert not done.exceptions
                after = await b.rerun()  # B's next rerun of the same page
                assert not after.exceptions
                return before, after

        before, after = asyncio.run(scenario())
    finally:
        cluster.stop()
    with write_session(engine) as s:
        assert any(u["username"] == created for u in auth.list_users(s))
        creation = next(e for e in audit.list_entries(s, actor_name="writer") if e["entity"] == "user")
    assert creation["after"]["username"] == created

    def shown_ids(run) -> set[int]:
        return {int(i) for frame in run.frames() if "#" in frame.columns for i in frame["#"]}

    assert creation["id"] not in shown_ids(before)
    assert creation["id"] in shown_ids(after), "process B still shows the data from before A's write"
