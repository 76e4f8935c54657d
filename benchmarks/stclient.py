"""A light, protocol-level Streamlit client: one websocket per session speaking Streamlit's own
protobufs (``streamlit.proto``), as the browser does, without a browser.

It sends ``BackMsg.rerun_script`` (widget states, page switches) and waits for the
``ForwardMsg.script_finished`` message of that run (a run that ends early because the script
called ``st.rerun()`` is followed by the real one, which is awaited too). So a measured
interaction is "request sent -> the server says the script has finished", including whatever the
server does after the script before it can send that message or start the next run.

Used by benchmarks/server.py (load, page timings, soak, scale-out) and by tests/e2e/test_serve.py.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates

_DONE = {
    ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY,
    ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}


class ProtocolError(RuntimeError):
    pass


@dataclass
class Run:
    """What one interaction's script run sent: its elements (type, proto) and its timing."""

    seconds: float = 0.0
    elements: list[tuple[str, object]] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    bytes_received: int = 0

    def widgets(self, kind: str | None = None):
        for typ, el in self.elements:
            if getattr(el, "id", "") and (kind is None or typ == kind):
                yield typ, el

    def widget_id(self, key: str) -> str:
        """The id of the widget created with ``key=key`` (Streamlit appends the user key to the id)."""
        for _typ, el in self.widgets():
            if el.id.endswith("-" + key):
                return el.id
        raise ProtocolError(f"no widget with key {key!r} in this run")

    def submit_button(self, form: str) -> str:
        for _typ, el in self.widgets("button"):
            if el.is_form_submitter and el.form_id == form:
                return el.id
        raise ProtocolError(f"no submit button for form {form!r}")

    def frames(self) -> list:
        """The tables (st.dataframe / st.table) of this run as pandas frames."""
        import pyarrow as pa

        out = []
        for _typ, el in self.elements:
            arrow = getattr(el, "arrow_data", None)
            data = getattr(arrow, "data", None) if arrow is not None else getattr(el, "data", None)
            if isinstance(data, bytes) and data:
                out.append(pa.ipc.open_stream(bytes(data)).read_all().to_pandas())
        return out

    def texts(self) -> list[str]:
        out = []
        for _typ, el in self.elements:
            body = getattr(el, "body", None)
            if isinstance(body, str) and body:
                out.append(body)
        return out

    def contains(self, text: str) -> bool:
        """``text`` in a text element or a table cell of this run."""
        if any(text in t for t in self.texts()):
            return True
        return any(frame.astype(str).isin([text]).to_numpy().any() for frame in self.frames())


class Session:
    """One browser-like session. ``async with Session(url) as s: await s.rerun()``."""

    def __init__(self, base_url: str, cookies: dict[str, str] | None = None, timeout: float = 120.0):
        self.ws_url = base_url.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
        self.cookies = dict(cookies or {})
        # The reverse proxy's sticky-session cookie: a browser gets one on its first response.
        self.cookies.setdefault("council_route", uuid.uuid4().hex)
        self.timeout = timeout
        self.pages: dict[str, str] = {}  # url_pathname -> page_script_hash
        self.page_hash = ""
        self.states: dict[str, WidgetState] = {}
        self._ws = None
        self._reader: asyncio.Task | None = None
        self._queue: asyncio.Queue = asyncio.Queue()
        self.last: Run | None = None

    async def __aenter__(self) -> Session:
        import websockets

        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self._ws = await websockets.connect(
            self.ws_url,
            subprotocols=["streamlit"],
            additional_headers={"Cookie": cookie},
            max_size=None,
            open_timeout=self.timeout,
            ping_interval=None,
        )
        self._reader = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *exc) -> None:
        if self._reader:
            self._reader.cancel()
        if self._ws is not None:
            await self._ws.close()

    async def _read(self) -> None:
        try:
            async for data in self._ws:
                await self._queue.put(data)
        except Exception as exc:  # noqa: BLE001 - surfaced to the waiting interaction
            await self._queue.put(exc)
        await self._queue.put(ProtocolError("websocket closed"))

    async def rerun(
        self,
        values: dict[str, object] | None = None,
        trigger: str | None = None,
        page: str | None = None,
    ) -> Run:
        """One interaction: set widget ``values`` (by widget id), optionally fire the button
        ``trigger`` (a widget id) and/or switch to ``page`` (its url path), then wait for the run."""
        for wid, value in (values or {}).items():
            self.states[wid] = _state(wid, value)
        if page is not None:
            if page not in self.pages:
                raise ProtocolError(f"no page {page!r}: {sorted(self.pages)}")
            self.page_hash = self.pages[page]
        widgets = [s for wid, s in self.states.items() if wid != trigger]
        if trigger is not None:
            widgets.append(WidgetState(id=trigger, trigger_value=True))
        msg = BackMsg(
            rerun_script=ClientState(
                query_string="",
                widget_states=WidgetStates(widgets=widgets),
                page_script_hash=self.page_hash,
            )
        )
        start = time.perf_counter()
        await self._ws.send(msg.SerializeToString())
        run = await self._wait()
        run.seconds = time.perf_counter() - start
        # Like the browser: states of widgets that are no longer on the page are dropped.
        present = {el.id for _t, el in run.widgets()}
        self.states = {wid: s for wid, s in self.states.items() if wid in present}
        self.last = run
        return run

    async def _wait(self) -> Run:
        run = Run()
        deadline = time.monotonic() + self.timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no script_finished in time")
            data = await asyncio.wait_for(self._queue.get(), remaining)
            if isinstance(data, Exception):
                raise data
            run.bytes_received += len(data)
            fwd = ForwardMsg()
            fwd.ParseFromString(data)
            kind = fwd.WhichOneof("type")
            if kind == "new_session":
                run.elements.clear()
                run.exceptions.clear()
                self.page_hash = fwd.new_session.page_script_hash or self.page_hash
            elif kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in fwd.navigation.app_pages}
                self.page_hash = fwd.navigation.page_script_hash or self.page_hash
            elif kind == "page_info_changed":
                pass
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                el = fwd.delta.new_element
                typ = el.WhichOneof("type")
                if typ:
                    inner = getattr(el, typ)
                    run.elements.append((typ, inner))
                    if typ == "exception":
                        run.exceptions.append(f"{inner.type}: {inner.message}")
            elif kind == "script_finished":
                if fwd.script_finished in _DONE:
                    return run
                if fwd.script_finished == ForwardMsg.ScriptFinishedStatus.FINISHED_WITH_COMPILE_ERROR:
                    raise ProtocolError("script compile error")
                # FINISHED_EARLY_FOR_RERUN: st.rerun() or a newer request; the next run follows.
            elif kind == "ref_hash":
                raise ProtocolError("server sent a cached-message reference the client never cached")


def _state(wid: str, value: object) -> WidgetState:
    if isinstance(value, bool):
        return WidgetState(id=wid, bool_value=value)
    if isinstance(value, int):
        return WidgetState(id=wid, int_value=value)
    if isinstance(value, float):
        return WidgetState(id=wid, double_value=value)
    return WidgetState(id=wid, string_value=str(value))


async def sign_in(session: Session, username: str, password: str) -> Run:
    """Open the app and sign in through the sign-in form, as a person does."""
    first = await session.rerun()
    run = await session.rerun(
        values={first.widget_id("signin_username"): username, first.widget_id("signin_password"): password},
        trigger=first.submit_button("sign_in"),
    )
    if not any(el.id.endswith("-sign_out") for _t, el in run.widgets("button")):
        shown = [el.body for typ, el in run.elements if typ == "alert"] + run.exceptions
        raise ProtocolError(f"sign-in as {username} refused: {shown}")
    return run
