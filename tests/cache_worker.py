"""A second "server process" for the cache tests: its own Streamlit cache, its own engine.

    python -m tests.cache_worker <database url>

Each line on stdin is JSON {"actor": {...}, "since": iso or null}; the answer is one JSON line:
{"version": data version, "views": {name: {"cached": ..., "fresh": ...}}}, where "cached" went
through ``council.ui.cache.cached`` (this process's cache) and "fresh" was computed directly."""

from __future__ import annotations

import json
import logging
import sys
from datetime import datetime


def main(url: str) -> None:
    logging.disable(logging.WARNING)  # st.cache_data outside a running app warns on every call
    from council import audit, auth
    from council.db import make_engine, read_session
    from council.ui.cache import cached
    from tests.cached_views import plain, views

    engine = make_engine(url)
    for line in sys.stdin:
        request = json.loads(line)
        actor = auth.Actor(**request["actor"])
        since = datetime.fromisoformat(request["since"]) if request.get("since") else None
        out = {}
        for name, (fn, args, kwargs) in views(engine, actor, since).items():
            got = plain(cached(engine, fn, *args, **kwargs))
            with read_session(engine) as s:
                fresh = plain(fn(s, *args, **kwargs))
            out[name] = {"cached": got, "fresh": fresh}
        with read_session(engine) as s:
            version = audit.data_version(s)
        print(json.dumps({"version": version, "views": out}, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
