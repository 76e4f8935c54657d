"""Warm start for the Streamlit server process, and garbage collection out of the hot path.

* ``warm()`` imports everything a first script run would (the pages, plotly's figure and trace
  classes, pandas, Babel's Vietnamese locale data), so the first user's rerun does not pay for it.
  ``council serve`` calls it in each worker before the server starts listening.
* ``freeze()`` runs one full collection and then moves every object alive at that moment (modules,
  classes, caches of the warm-up) into the permanent generation (``gc.freeze()``): later
  collections no longer walk those hundreds of thousands of long-lived objects.
* ``freeze_after_first_run()`` is called by app.py at the end of every script run; it freezes once
  per process, after the first complete run (so a plain ``streamlit run app.py`` gets it too).

Streamlit's own full ``gc.collect(2)`` after every script run is switched off in
.streamlit/config.toml (``runner.postScriptGC = false``); Python's automatic, generational
collection still reclaims reference cycles (benchmarks/server.py ``soak`` checks memory stays flat).
"""

from __future__ import annotations

import gc
import threading

_frozen = False
_after_run = False
_lock = threading.Lock()


def warm() -> None:
    """Import and exercise what the pages use, once, outside any user's rerun."""
    import pandas as pd
    import plotly.express as px
    import plotly.graph_objects as go
    from babel import Locale
    from babel.numbers import format_decimal

    import council.ui.cache  # noqa: F401
    import council.ui.shell as shell

    shell.discover_pages()  # imports every page module and the services they use
    # Plotly loads each trace type's validators the first time a figure uses it.
    frame = pd.DataFrame({"x": [1, 2], "y": [1.0, 2.0], "lat": [21.0, 10.8], "lon": [105.8, 106.6]})
    figures = [
        go.Figure(
            [
                go.Bar(x=[1], y=[1]),
                go.Scatter(x=[1], y=[1]),
                go.Heatmap(z=[[1]]),
                go.Scattergeo(lat=[21.0], lon=[105.8]),
            ]
        ),
        px.bar(frame, x="x", y="y"),
        px.scatter_geo(frame, lat="lat", lon="lon"),
        px.timeline(
            pd.DataFrame({"s": ["2024-01-01"], "e": ["2024-02-01"], "t": ["a"]}),
            x_start="s",
            x_end="e",
            y="t",
        ),
    ]
    for fig in figures:
        fig.to_plotly_json()
    Locale.parse("vi_VN")
    format_decimal(1234.5, locale="vi_VN")


def freeze() -> None:
    """Collect once, then keep everything alive now out of all later collections."""
    global _frozen
    with _lock:
        gc.collect()
        gc.freeze()
        _frozen = True


def freeze_after_first_run() -> None:
    """Once per process: what the first complete run left alive (engine, connection pool, cached
    reference data) is long-lived too."""
    global _after_run
    if _after_run:
        return
    _after_run = True
    freeze()


def no_delay() -> None:
    """Send each websocket message at once (TCP_NODELAY on the listening socket, which accepted
    sockets inherit on Linux). Streamlit 1.67 binds the socket itself with protocol 0, so asyncio
    does not set TCP_NODELAY on the connections; Nagle's algorithm then holds the second small
    message of every rerun until the client's delayed ACK, ~40 ms on every interaction."""
    import socket

    from streamlit.web.server.starlette import starlette_server

    bind = getattr(starlette_server, "_bind_socket", None)
    if bind is None or getattr(bind, "_council_no_delay", False):
        return

    def _bind_no_delay(*args, **kwargs):
        sock = bind(*args, **kwargs)
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    _bind_no_delay._council_no_delay = True  # type: ignore[attr-defined]
    _bind_no_delay.__wrapped_bind__ = bind  # type: ignore[attr-defined]
    starlette_server._bind_socket = _bind_no_delay


def main(argv: list[str] | None = None) -> None:
    """``python -m council.ui.warmup run app.py [streamlit options]``: warm, freeze, then serve."""
    import sys

    warm()
    freeze()
    no_delay()
    from streamlit.web import cli

    cli.main(args=list(sys.argv[1:] if argv is None else argv), prog_name="streamlit")


if __name__ == "__main__":
    main()
