"""The app shell: sign-in, remember-me cookie, language and region switches, navigation."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from council import auth
from council.config import get_settings
from council.db import read_session, write_session
from council.errors import CouncilError
from council.i18n import LANGUAGES, t
from council.regions import list_provinces, list_regions
from council.ui import notices
from council.ui.context import current_actor, current_lang, get_engine, show_error
from council.ui.text import plain

COOKIE = "council_session"
# A browser where an account signed in before: its sign-ins have their own budget, so a stranger
# spending the account's budget does not lock the user out of it (see auth.sign_in).
DEVICE_COOKIE = "council_device"


@dataclass(frozen=True)
class PageSpec:
    render: Callable[[], None]
    url_path: str
    title_key: str
    icon: str
    # The auth.PERMISSIONS action the page is for; None: every signed-in user (read everything).
    # A user sees the entry when the permission table lets them do the action (for a
    # representative: for their own province).
    action: str | None = None
    section: str = "nav.section.council"
    default: bool = False
    order: int = 100


def visible_to(spec: PageSpec, actor: auth.Actor) -> bool:
    """Whether ``actor``'s navigation lists the page: the permission table decides."""
    if spec.action is None:
        return True
    return auth.can(actor, spec.action, [actor.province_id] if actor.province_id else None)


def discover_pages() -> list[PageSpec]:
    """Every module in pages/ with a ``SPEC`` dict and a ``render`` function, by ``order``.

    ``url_path`` must differ from the module's file name: Streamlit still maps
    pages/<file>.py to /<file>, and a clash would run the bare file instead of the app.
    """
    import importlib
    import pkgutil

    import pages

    specs = []
    for info in pkgutil.iter_modules(pages.__path__):
        module = importlib.import_module(f"pages.{info.name}")
        spec = getattr(module, "SPEC", None)
        if spec is None:
            continue
        if spec["url_path"] == info.name:
            raise ValueError(f"pages/{info.name}.py: url_path must differ from the file name")
        specs.append(PageSpec(render=module.render, **spec))
    return sorted(specs, key=lambda s: (s.order, s.url_path))


def _cookie_script(name: str, value: str, max_age: int) -> str:
    # Set from the page (Streamlit has no server-side Set-Cookie), so it cannot be HttpOnly: a
    # script on the page could read it, which is why no user text is ever rendered as live HTML.
    secure = " + (location.protocol === 'https:' ? '; Secure' : '')"
    return (
        f"document.cookie = {json.dumps(name + '=' + value)} + "
        f"'; path=/; max-age={max_age}; SameSite=Strict'{secure};"
    )


def _set_cookie(value: str, max_age: int) -> None:
    # The cookie is read back by st.context.cookies when the browser opens a new session (reload).
    script = _cookie_script(COOKIE, value, max_age)
    device = st.session_state.pop("set_device", None)
    if device and max_age > 0:
        script += _cookie_script(DEVICE_COOKIE, device, auth.DEVICE_DAYS * 86400)
    st.html(
        f"<script>{script}</script>",
        unsafe_allow_javascript=True,
    )


def _remember(actor: auth.Actor) -> None:
    engine = get_engine()
    with auth.calm_when_busy(), write_session(engine) as session:
        token = auth.issue_token(session, actor)
    st.session_state["token"] = token
    st.session_state["set_cookie"] = token


def _sign_in_as(actor: auth.Actor) -> None:
    _remember(actor)
    st.session_state["actor"] = actor.to_dict()
    if auth.device_user_id(_cookie(DEVICE_COOKIE)) != actor.id:
        st.session_state["set_device"] = auth.issue_device(actor)


def _cookie(name: str) -> str:
    try:
        return st.context.cookies.get(name) or ""
    except Exception:  # no browser context (e.g. AppTest)
        return ""


def _client() -> auth.Client:
    """Where this sign-in comes from. Behind a reverse proxy every browser has the proxy's
    address; COUNCIL_CLIENT_IP_HEADER names the header the (trusted) proxy sets instead, and the
    last address in it is the one the proxy saw."""
    header = get_settings().client_ip_header
    address = ""
    try:
        if header:
            address = (st.context.headers.get(header) or "").split(",")[-1].strip()
        address = address or (st.context.ip_address or "")
    except Exception:  # no browser context (e.g. AppTest)
        address = ""
    return auth.Client(address=address, device=_cookie(DEVICE_COOKIE))


@st.cache_resource(show_spinner=False)
def _announce_setup_code(url: str) -> None:
    """Print the one-time setup code on the server's console, once per server process."""
    code = auth.setup_code(get_engine())
    if code:
        print(
            "\n  No account yet. Setup code for the first account (mã thiết lập):\n\n"
            f"      {code}\n\n  Also shown by: council setup-code\n",
            flush=True,
        )


def _restore_from_cookie() -> None:
    if st.session_state.get("signed_out"):
        return
    try:
        token = st.context.cookies.get(COOKIE)
    except Exception:  # no browser context (e.g. AppTest)
        token = None
    if not token:
        return
    with read_session(get_engine()) as session:
        actor = auth.actor_from_token(session, token)
    if actor is not None:
        st.session_state["actor"] = actor.to_dict()
        st.session_state["token"] = token


def _recheck_token() -> None:
    """On every rerun: the sign-in must still be valid (not expired, not revoked by sign-out,
    a password reset or deactivation). The actor is refreshed so a role change applies at once."""
    token = st.session_state.get("token")
    actor = None
    if token:
        # A read, not a write: reruns of many users must not queue on SQLite's write lock.
        with read_session(get_engine()) as session:
            actor = auth.actor_from_token(session, token)
    if actor is None:
        for key in ("actor", "token"):
            st.session_state.pop(key, None)
    else:
        st.session_state["actor"] = actor.to_dict()


def _first_run_form(lang: str) -> None:
    st.title(t("signin.first_title", lang))
    st.info(t("signin.first_help", lang))
    try:
        _announce_setup_code(get_settings().database_url)
    except CouncilError as exc:
        show_error(exc, lang)
    with st.form("first_run", border=True, enter_to_submit=False):
        st.caption(t("auth.setup_code_help", lang))
        code = st.text_input(t("auth.setup_code", lang), type="password", key="first_setup_code")
        username = st.text_input(t("signin.username", lang), key="first_username")
        display = st.text_input(t("signin.display_name", lang), key="first_display")
        pw1 = st.text_input(
            t("signin.password", lang),
            type="password",
            key="first_password",
            help=t("auth.password_rules", lang),
        )
        pw2 = st.text_input(t("signin.password_again", lang), type="password", key="first_password2")
        submitted = st.form_submit_button(t("signin.create", lang), type="primary")
    if submitted:
        if pw1 != pw2:
            st.error(t("signin.mismatch", lang))
            return
        try:
            with auth.calm_when_busy(), write_session(get_engine()) as session:
                actor = auth.create_first_secretariat(session, username, pw1, display, code=code)
            _sign_in_as(actor)
        except CouncilError as exc:
            show_error(exc, lang)
            return
        st.rerun()


def _sso_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets.toml at all
        return False


def _sso(lang: str) -> None:
    """Optional OIDC sign-in when .streamlit/secrets.toml has an [auth] section."""
    if not _sso_configured():
        return
    user = st.user
    if getattr(user, "is_logged_in", False):
        with write_session(get_engine()) as session:
            email = user.get("email")
            actor = auth.actor_for_identity(session, email if isinstance(email, str) else None)
        if actor is None:
            st.error(t("signin.sso_unknown", lang, email=user.get("email") or "?"))
            st.button(t("app.sign_out", lang), key="sso_logout", on_click=st.logout)
            return
        _sign_in_as(actor)
        st.rerun()
    st.button(t("signin.sso", lang), key="sso_login", on_click=st.login)


def _sign_in_form(lang: str) -> None:
    st.title(t("app.title", lang))
    st.subheader(t("signin.title", lang))
    _sso(lang)
    with st.form("sign_in", border=True, enter_to_submit=False):
        username = st.text_input(t("signin.username", lang), key="signin_username")
        password = st.text_input(t("signin.password", lang), type="password", key="signin_password")
        submitted = st.form_submit_button(t("signin.submit", lang), type="primary")
    if submitted:
        try:
            actor = auth.sign_in(get_engine(), username, password, _client())
            _sign_in_as(actor)
        except CouncilError as exc:
            show_error(exc, lang)
            return
        st.session_state.pop("signed_out", None)
        st.rerun()


LANG_PARAM = "lang"
# Where each role's work is: its first page after sign-in (others: the page marked default).
LANDING = {"province_rep": "my-province", "statistics_officer": "figures", "expert": "conflicts"}


def _language_from_url() -> None:
    """A new session (a reload, a deep link) speaks the language named in the URL (?lang=en)."""
    if "lang" in st.session_state:
        return
    wanted = st.query_params.get(LANG_PARAM)
    if wanted in LANGUAGES:
        st.session_state["lang"] = wanted


def _language_to_url(lang: str) -> None:
    """The chosen language kept in the URL, so a reload or a copied link keeps it."""
    if st.query_params.get(LANG_PARAM) != lang:
        st.query_params[LANG_PARAM] = lang


def _requested_page() -> str:
    """The url path the browser asked for ("" for the app's root), before st.navigation resolves it."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        manager = ctx.pages_manager if ctx else None
        if manager is None or manager.intended_page_script_hash:
            return ""
        return manager.intended_page_name or ""
    except Exception:  # Streamlit's internals moved: fall back to its own handling
        return ""


def _valid_path(path: str) -> bool:
    import re

    return bool(re.fullmatch(r"[A-Za-z0-9_-]{1,60}", path))


def _elsewhere(key: str, lang: str, **params) -> Callable[[], None]:
    """The app's own page for a page the reader may not open or that does not exist."""

    def render() -> None:
        st.title(t("shell.elsewhere_title", lang))
        st.warning(t(key, lang, **params))
        st.caption(t("shell.elsewhere_help", lang))

    return render


def role_label(actor: auth.Actor, lang: str) -> str:
    """The role with its province: "Đại diện Hà Nội"."""
    if actor.province_id:
        name = _province_names(get_settings().database_url).get(actor.province_id)
        if name:
            return t(f"role_of.{actor.role}", lang, province=name)
    return t(f"role.{actor.role}", lang)


@st.cache_resource(show_spinner=False)
def _province_names(url: str) -> dict[int, str]:
    with read_session(get_engine()) as session:
        return {p["id"]: p["name_vi"] for p in list_provinces(session)}


def _language_switch() -> str:
    lang = current_lang()
    labels = {"vi": "Tiếng Việt", "en": "English"}
    choice: str = (
        st.sidebar.selectbox(
            t("app.language", lang),
            list(LANGUAGES),
            index=LANGUAGES.index(lang),
            format_func=lambda code: labels[code],
            key="lang_select",
        )
        or lang
    )
    # Chosen before anything else renders, so this run already speaks the new language.
    st.session_state["lang"] = choice
    _language_to_url(choice)
    return choice


@st.cache_resource(show_spinner=False)
def _geography(url: str) -> tuple[list[dict], dict[int, int]]:
    """Regions and each province's region: fixed reference data, read once per server."""
    with read_session(get_engine()) as session:
        regions = list_regions(session)
        province_region = {p["id"]: p["region_id"] for p in list_provinces(session)}
    return regions, province_region


def _region_switch(lang: str, actor: auth.Actor) -> None:
    regions, province_region = _geography(get_settings().database_url)
    home_region = province_region.get(actor.province_id) if actor.province_id else None
    codes = [r["code"] for r in regions]
    by_code = {r["code"]: r for r in regions}
    if "region_code" not in st.session_state:
        default = next((r["code"] for r in regions if r["id"] == home_region), None)
        st.session_state["region_code"] = default or (
            get_settings().default_region if get_settings().default_region in codes else codes[0]
        )
    code = st.sidebar.selectbox(
        t("app.region", lang),
        codes,
        index=codes.index(st.session_state["region_code"]),
        format_func=lambda c: by_code[c]["name_vi" if lang == "vi" else "name_en"],
        key="region_select",
    )
    st.session_state["region_code"] = code
    st.session_state["region_id"] = by_code[code]["id"]


def _sign_out() -> None:
    token = st.session_state.get("token")
    if token:
        try:
            with auth.calm_when_busy(), write_session(get_engine()) as session:
                auth.revoke_token(session, token)
        except auth.Busy as exc:
            # Still signed in (the token could not be revoked): say so and let the user retry.
            st.sidebar.error(t(exc.key, current_lang()))
            st.stop()
    for key in ("actor", "token", "region_code", "region_id"):
        st.session_state.pop(key, None)
    st.session_state["signed_out"] = True
    st.session_state["clear_cookie"] = True


NOTIFICATIONS = "notifications"


def _bell(actor: auth.Actor, lang: str, page) -> None:
    """The bell on every page: the unread count (one indexed count per rerun), a link to the list."""
    from council import notify

    with read_session(get_engine()) as session:
        unread = notify.unread_count(session, actor.id)
    label = t("notify.bell", lang, n=unread) if unread else t("notify.bell_none", lang)
    # A button, not a page link: in-app navigation that keeps the session, and no extra link
    # among the page's own record links.
    # A Material icon, drawn by Streamlit's own font: an emoji bell shows as a box where the machine
    # has no emoji font (Debian's Chromium without fonts-noto-color-emoji).
    if st.sidebar.button(
        label,
        key="notify_bell",
        icon=":material/notifications:",
        type="primary" if unread else "secondary",
    ):
        st.switch_page(page)


def _unsubscribe(lang: str) -> None:
    """A message's unsubscribe link (?unsubscribe=TOKEN): e-mail off for the account the signed
    token names, signed in or not; the token leaves the address bar."""
    token = st.query_params.get("unsubscribe")
    if not token:
        return
    from council.notify_mail import unsubscribe

    try:
        with auth.calm_when_busy(), write_session(get_engine()) as session:
            user_id = unsubscribe(session, token)
    except CouncilError as exc:
        show_error(exc, lang)  # the database is busy: the link still works a moment later
        return
    del st.query_params["unsubscribe"]
    if user_id is None:
        st.error(t("notify.unsubscribe_bad", lang))
    else:
        st.success(t("notify.unsubscribed", lang))


def run(pages: list[PageSpec]) -> None:
    """Entry point called by app.py on every rerun."""
    notices.start_run()
    _language_from_url()
    lang = current_lang()
    _unsubscribe(lang)
    if st.session_state.pop("clear_cookie", False):
        _set_cookie("", 0)
    if current_actor() is None:
        _restore_from_cookie()
    else:
        _recheck_token()
    actor = current_actor()
    if actor is None:
        lang = _language_switch()
        with read_session(get_engine()) as session:
            empty = auth.count_users(session) == 0
        form = _first_run_form if empty else _sign_in_form
        # Always hand Streamlit a navigation: without one it would list the files in pages/.
        # A deep link (/projects) shows the sign-in form at that address: once signed in, the
        # rerun opens the page asked for; an unknown address shows the form too (no English dialog).
        signin = [st.Page(lambda: form(lang), title=t("signin.title", lang), url_path="signin", default=True)]
        requested = _requested_page()
        paths = {spec.url_path for spec in pages}
        if requested and requested != "signin" and _valid_path(requested):
            paths.add(requested)
        for path in sorted(paths):
            signin.append(
                st.Page(lambda: form(lang), title=t("signin.title", lang), url_path=path, visibility="hidden")
            )
        st.navigation(signin, position="hidden").run()
        return
    if "set_cookie" in st.session_state:
        _set_cookie(st.session_state.pop("set_cookie"), int(get_settings().session_hours * 3600))
    lang = _language_switch()
    _region_switch(lang, actor)
    st.sidebar.markdown(
        t(
            "app.signed_in_as",
            lang,
            name=plain(actor.display_name or actor.username),
            role=role_label(actor, lang),
        )
    )
    if st.sidebar.button(t("app.sign_out", lang), key="sign_out"):
        _sign_out()
        st.rerun()
    st.sidebar.caption(t("app.data_note", lang))
    sections: dict[str, list] = {}
    visible = [spec for spec in pages if visible_to(spec, actor)]
    landing = LANDING.get(actor.role)
    if landing not in {spec.url_path for spec in visible}:
        landing = next((spec.url_path for spec in visible if spec.default), visible[0].url_path)
    st.session_state["_landing"] = landing  # the page shown at the app's root address
    by_path = {}
    for spec in visible:
        by_path[spec.url_path] = st.Page(
            spec.render,
            title=t(spec.title_key, lang),
            icon=spec.icon,
            url_path=spec.url_path,
            default=spec.url_path == landing,
        )
        sections.setdefault(t(spec.section, lang), []).append(by_path[spec.url_path])
    # A page the role does not have, or an address that is no page: the app's own message in
    # the reader's language (hidden from the menu) instead of Streamlit's English dialog.
    hidden = []
    for spec in pages:
        if spec not in visible:
            hidden.append(
                st.Page(
                    _elsewhere(
                        "shell.forbidden", lang, page=t(spec.title_key, lang), role=role_label(actor, lang)
                    ),
                    title=t(spec.title_key, lang),
                    url_path=spec.url_path,
                    visibility="hidden",
                )
            )
    requested = _requested_page()
    known = {spec.url_path for spec in pages}
    if requested == "signin":  # the sign-in address, kept after signing in: the landing page
        first = next(spec for spec in visible if spec.url_path == landing)
        hidden.append(
            st.Page(first.render, title=t(first.title_key, lang), url_path="signin", visibility="hidden")
        )
    elif requested and requested not in known and _valid_path(requested):
        hidden.append(
            st.Page(
                _elsewhere("shell.not_found", lang, path=requested),
                title=t("shell.elsewhere_title", lang),
                url_path=requested,
                visibility="hidden",
            )
        )
    if hidden:  # in a listed section: a section of hidden pages only would show an empty heading
        next(iter(sections.values())).extend(hidden)
    # Every entry shown: no collapsed "View more" (Streamlit's English) hiding a page from the menu.
    page = st.navigation(sections, expanded=True)
    if NOTIFICATIONS in by_path:
        _bell(actor, lang, by_path[NOTIFICATIONS])
    top = st.container()
    try:
        page.run()
    except Exception as exc:  # st.stop/st.rerun are BaseExceptions and pass through
        notices.unexpected(exc, lang, page.url_path)
    notices.show_leftovers(top)
