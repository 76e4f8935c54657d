"""Kit forms whose fields react while the user fills them in (not an ``st.form``).

Some forms change as they are filled in: picking the parties of a conflict adds one position field
per party, ticking "has a deadline" enables the date. An ``st.form`` sends nothing until it is
submitted, so these forms are drawn in a bordered container instead; everything else is the kit's
cycle (council.ui.forms): the version captured when the form is opened, widgets keyed by record id,
the fields cleared after a success, the same values never written twice in a row. The page draws
its submit button with ``st.button`` inside the ``with`` block.
"""

from __future__ import annotations

import streamlit as st

from council.ui.forms import CreateForm, EditForm
from council.ui.notices import show


class _Live:
    form_key: str
    border: bool

    def __enter__(self):
        show(self.form_key)
        self._form = st.container(border=self.border)
        self._form.__enter__()
        return self


class LiveCreateForm(_Live, CreateForm):
    """CreateForm drawn without st.form."""


class LiveEditForm(_Live, EditForm):
    """EditForm drawn without st.form."""
