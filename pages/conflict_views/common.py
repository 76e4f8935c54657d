"""What the conflicts views share: colours, the selected conflict, errors in the reader's words."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from council.errors import CouncilError
from council.i18n import code_label

SEVERITY_COLOURS = {"low": "gray", "medium": "blue", "high": "orange", "critical": "red"}
STANCE_COLOURS = {"support": "green", "oppose": "red", "conditional": "orange", "information": "blue"}


def select(conflict_id: int) -> None:
    """Show this conflict in the detail view (a button's callback, or after it was recorded)."""
    st.session_state["conflicts_pick"] = conflict_id
    st.session_state["conflicts_view"] = "detail"


def worded(c, write: Callable) -> Callable:
    """``write`` whose errors name the field and the statuses in the reader's words."""

    def call(*args):
        try:
            return write(*args)
        except CouncilError as exc:
            params = exc.params
            label = c.t(f"conflicts.field.{params.get('field')}")
            if params.get("field") and not label.startswith("conflicts.field."):
                params["field"] = label
            for key in ("src", "dst"):
                if key in params:
                    params[key] = code_label("cstatus", params[key], c.lang)
            raise

    return call
