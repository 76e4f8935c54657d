"""What every page needs: the engine, the signed-in actor, the language and the region.

Only plain data lives in ``st.session_state`` (an Actor dict, codes); sessions
and ORM objects never do.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from sqlalchemy.engine import Engine

from council.auth import Actor, can
from council.config import get_settings
from council.db import init_db, make_engine, read_session
from council.i18n import DEFAULT_LANGUAGE, t
from council.seed import is_empty, needs_upgrade, seed
from council.ui.notices import error_message, show_error

__all__ = ["PageContext", "ctx", "current_actor", "current_lang", "error_message", "get_engine", "show_error"]


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    engine = make_engine(url)
    init_db(engine)
    if is_empty(engine) or needs_upgrade(engine):
        # First start on an empty database, or one seeded by an earlier release: load (or bring up
        # to date) the real public data (idempotent).
        seed(engine)
    return engine


def get_engine() -> Engine:
    return _engine_for(get_settings().database_url)


@dataclass(frozen=True)
class PageContext:
    engine: Engine
    actor: Actor
    lang: str
    region_id: int
    region_code: str

    def t(self, key: str, **params) -> str:
        return t(key, self.lang, **params)

    def can(self, action: str, province_ids=None) -> bool:
        """May the signed-in user do ``action`` (for these provinces)? The permission table decides."""
        return can(self.actor, action, province_ids)

    def read(self, fn, *args, **kwargs):
        """``fn(session, *args, **kwargs)`` in a read-only session: how a page reads a service."""
        with read_session(self.engine) as session:
            return fn(session, *args, **kwargs)

    def cached(self, fn, *args, **kwargs):
        """Like ``read``, computed once per versions of the tables it read and day (council.ui.cache)."""
        from council.ui.cache import cached

        return cached(self.engine, fn, *args, **kwargs)

    def cached_versioned(self, fn, *args, **kwargs) -> tuple:
        """``(result, version)``: ``cached`` and a key naming exactly the data the result was read
        from, for the figures drawn from it (``council.ui.charts.cached_figure``)."""
        from council.ui.cache import cached_versioned

        return cached_versioned(self.engine, fn, *args, **kwargs)


def current_actor() -> Actor | None:
    data = st.session_state.get("actor")
    return Actor(**data) if data else None


def current_lang() -> str:
    return st.session_state.get("lang", DEFAULT_LANGUAGE)


def ctx() -> PageContext:
    """The context of the running page. Pages call this first; without a signed-in
    user it stops the page, so a page reached without the shell renders nothing."""
    actor = current_actor()
    if actor is None or "region_id" not in st.session_state:
        st.stop()
    return PageContext(
        engine=get_engine(),
        actor=actor,
        lang=current_lang(),
        region_id=st.session_state["region_id"],
        region_code=st.session_state.get("region_code", ""),
    )


def require(c: PageContext, action: str, province_ids=None) -> None:
    """Guard at the top of a restricted page (the services check again): stops the page unless
    the permission table lets the user do ``action``."""
    if not c.can(action, province_ids if province_ids is not None else [c.actor.province_id]):
        from council.ui.notices import permission_message

        st.error(permission_message(action, c.lang))
        st.stop()


def require_role(c: PageContext, *roles: str) -> None:
    """Deprecated (pages not yet on the kit): use ``require(c, action)``, which asks the
    permission table instead of restating it."""
    if c.actor.role not in roles:
        st.error(c.t("error.permission_denied", action=", ".join(roles)))
        st.stop()
