"""The user's e-mail choice: address, never / at once / a daily digest, language."""

from __future__ import annotations

import streamlit as st

from council import notify, notify_mail
from council.i18n import LANGUAGES
from council.ui.context import PageContext
from council.ui.forms import EditForm

LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


def render(c: PageContext) -> None:
    prefs = c.read(notify.preferences, c.actor)
    if not notify_mail.enabled():
        st.info(c.t("notify.email_off_server"))
    form = EditForm("notify_email", c.actor.id, prefs, prefix="notify_email")
    with form:
        email = st.text_input(c.t("notify.email"), value=form.record["email"], key=form.key("email"))
        modes = list(notify.EMAIL_MODES)
        mode = st.radio(
            c.t("notify.email_mode"),
            modes,
            index=modes.index(form.record["email_mode"]),
            format_func=lambda m: c.t(f"notify.mode.{m}"),
            key=form.key("mode"),
        )
        lang = st.selectbox(
            c.t("notify.lang"),
            LANGUAGES,
            index=LANGUAGES.index(form.record["lang"]),
            format_func=LANGUAGE_NAMES.get,
            key=form.key("lang"),
        )
        submitted = st.form_submit_button(c.t("notify.save_email"), type="primary")
    if submitted:
        values = {"email": email, "email_mode": mode, "lang": lang}
        form.save(
            c,
            lambda s, version: notify.set_preferences(s, c.actor, expected_version=version, **values),
            values=values,
            success=c.t("notify.saved_email"),
        )
