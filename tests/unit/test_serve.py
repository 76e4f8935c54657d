"""The server's warm start and settings (council/ui/warmup.py, .streamlit/config.toml) and the
`council serve` launcher's configuration (council/serve.py)."""

from __future__ import annotations

import socket
import subprocess
import sys
import tomllib
from pathlib import Path

from council.serve import Cluster, nginx_config, worker_command

ROOT = Path(__file__).resolve().parents[2]


def test_streamlit_post_run_full_collection_is_off():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["runner"]["postScriptGC"] is False


def test_warm_start_imports_the_pages_and_freezes_long_lived_objects():
    code = (
        "import gc, sys\n"
        "from council.ui import warmup\n"
        "warmup.warm()\n"
        "assert gc.get_freeze_count() == 0\n"
        "warmup.freeze()\n"
        "print(gc.get_freeze_count(), 'pages.users_page' in sys.modules, 'plotly.graph_objects' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    frozen, pages, plotly = done.stdout.split()
    assert int(frozen) > 10_000
    assert pages == "True" and plotly == "True"


def test_worker_sockets_send_without_nagle_delay():
    from streamlit.web.server.starlette import starlette_server

    from council.ui import warmup

    original = starlette_server._bind_socket
    try:
        warmup.no_delay()
        warmup.no_delay()  # idempotent: patched once
        assert starlette_server._bind_socket.__wrapped_bind__ is original
        sock = starlette_server._bind_socket("127.0.0.1", 0, 8)
        try:
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
        finally:
            sock.close()
    finally:
        starlette_server._bind_socket = original


def test_cluster_ports_and_worker_command(tmp_path):
    one = Cluster(workers=1, port=9000)
    assert one.worker_ports == [9000] and not one.proxied
    three = Cluster(workers=3, port=9000)
    assert three.worker_ports == [9001, 9002, 9003] and three.proxied
    cmd = worker_command(9001)
    assert cmd[1:4] == ["-m", "council.ui.warmup", "run"]
    assert cmd[cmd.index("--server.address") + 1] == "127.0.0.1"
    text = nginx_config("0.0.0.0", 9000, three.worker_ports, tmp_path)
    assert "listen 0.0.0.0:9000;" in text
    for port in three.worker_ports:
        assert f"server 127.0.0.1:{port} " in text
    assert "client_max_body_size 10m;" in text


def test_upload_limit_matches_streamlit_config():
    from council.serve import MAX_UPLOAD_MB

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_MB


def test_serve_refuses_zero_workers(capsys):
    from council.cli import main

    assert main(["serve", "--workers", "0"]) == 2
    assert "workers" in capsys.readouterr().err
