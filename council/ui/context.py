"""What every page needs: the engine, the signed-in actor, the language and the region.

Only plain data lives in ``st.session_state`` (an Actor dict, codes); sessions
and ORM objects never do.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from sqlalchemy.engine import Engine

from council.auth import Actor
from council.config import get_settings
from council.db import init_db, make_engine
from council.errors import CouncilError
from council.i18n import DEFAULT_LANGUAGE, entity_label, t
from council.seed import is_empty, needs_upgrade, seed


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


def require_role(c: PageContext, *roles: str) -> None:
    """Guard at the top of a restricted page (the services check again)."""
    if c.actor.role not in roles:
        st.error(c.t("error.permission_denied", action=", ".join(roles)))
        st.stop()


def error_message(exc: CouncilError, lang: str) -> str:
    """The error in the user's words, with the row and field of an import when it has them."""
    params = {k: v for k, v in exc.params.items()}
    if isinstance(params.get("entity"), str):  # "project" -> "dự án"
        params["entity"] = entity_label(params["entity"], lang)
    message = t(exc.key, lang, **params)
    row, field = params.get("row"), params.get("field")
    if row:
        message = t("error.row_field", lang, row=row, field=field or "", message=message)
    return message


def show_error(exc: CouncilError, lang: str) -> None:
    st.error(error_message(exc, lang))
