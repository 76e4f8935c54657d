"""Users page (secretariat): create, change role/province, deactivate, reset password."""

from __future__ import annotations

SPEC = dict(
    url_path="users",
    title_key="nav.users",
    icon=":material/group:",
    roles=("secretariat",),
    section="nav.section.admin",
    order=900,
)


def render() -> None:
    import pandas as pd
    import streamlit as st

    from council import auth
    from council.db import write_session
    from council.errors import CouncilError, StaleEdit
    from council.i18n import fmt_date
    from council.models import ROLES
    from council.regions import list_provinces
    from council.ui.cache import cached
    from council.ui.context import ctx, error_message, require_role, show_error

    c = ctx()
    require_role(c, "secretariat")
    st.title(c.t("users.title"))
    # Cached per data version like every other view: creating or editing a user moves it (a
    # sign-in does not; the sign-in bookkeeping in these rows is not shown here).
    users = cached(c.engine, auth.list_users)
    provinces = cached(c.engine, list_provinces)
    pname = {p["id"]: p["name_vi"] for p in provinces}
    province_ids = [p["id"] for p in provinces]

    st.dataframe(
        pd.DataFrame(
            [
                {
                    c.t("users.username"): u["username"],
                    c.t("users.display_name"): u["display_name"],
                    c.t("users.col.role"): c.t(f"role.{u['role']}"),
                    c.t("users.col.province"): pname.get(u["province_id"], ""),
                    c.t("users.col.active"): u["is_active"],
                    c.t("users.col.created"): fmt_date(u["created_at"], c.lang),
                }
                for u in users
            ]
        ),
        hide_index=True,
        key="users_table",
    )

    left, right = st.columns(2)
    with left, st.form("user_create", clear_on_submit=True):
        st.subheader(c.t("users.create"))
        username = st.text_input(c.t("users.username"), key="uc_username")
        display = st.text_input(c.t("users.display_name"), key="uc_display")
        password = st.text_input(c.t("users.password"), type="password", key="uc_password")
        role = st.selectbox(c.t("users.role"), ROLES, format_func=lambda r: c.t(f"role.{r}"), key="uc_role")
        province = st.selectbox(
            c.t("users.province"),
            [None, *province_ids],
            format_func=lambda i: "—" if i is None else pname[i],
            key="uc_province",
        )
        affiliation = st.text_input(c.t("users.affiliation"), key="uc_affiliation")
        if st.form_submit_button(c.t("users.submit_create"), type="primary"):
            try:
                with write_session(c.engine) as session:
                    created = auth.create_user(
                        session,
                        c.actor,
                        username=username,
                        password=password,
                        role=role,
                        province_id=province,
                        display_name=display,
                        affiliation=affiliation,
                    )
                st.success(c.t("users.created", username=created.username))
            except CouncilError as exc:
                show_error(exc, c.lang)

    with right:
        st.subheader(c.t("users.edit"))
        by_id = {u["id"]: u for u in users}
        uid = st.selectbox(
            c.t("users.select"), list(by_id), format_func=lambda i: by_id[i]["username"], key="ue_user"
        )
        if uid is not None:
            u = by_id[uid]
            # The version this form was opened with: a save after someone else's is refused, not merged.
            vkey = f"ue_version_{uid}"
            st.session_state.setdefault(vkey, u["version"])
            flash = st.session_state.pop("users_flash", None)
            if flash:
                (st.success if flash[0] == "ok" else st.error)(flash[1])
            with st.form(f"user_edit_{uid}"):
                role = st.selectbox(
                    c.t("users.role"),
                    ROLES,
                    index=ROLES.index(u["role"]),
                    format_func=lambda r: c.t(f"role.{r}"),
                    key=f"ue_role_{uid}",
                )
                options = [None, *province_ids]
                province = st.selectbox(
                    c.t("users.province"),
                    options,
                    index=options.index(u["province_id"]) if u["province_id"] in options else 0,
                    format_func=lambda i: "—" if i is None else pname[i],
                    key=f"ue_prov_{uid}",
                )
                active = st.checkbox(c.t("users.active"), value=u["is_active"], key=f"ue_active_{uid}")
                affiliation = st.text_input(
                    c.t("users.affiliation"), value=u["affiliation"], key=f"ue_aff_{uid}"
                )
                if st.form_submit_button(c.t("users.save")):
                    try:
                        with write_session(c.engine) as session:
                            auth.update_user(
                                session,
                                c.actor,
                                uid,
                                expected_version=st.session_state[vkey],
                                role=role,
                                province_id=province,
                                is_active=active,
                                affiliation=affiliation,
                            )
                        st.session_state["users_flash"] = ("ok", c.t("users.saved"))
                    except StaleEdit as exc:
                        st.session_state["users_flash"] = ("error", error_message(exc, c.lang))
                    except CouncilError as exc:
                        show_error(exc, c.lang)
                    else:
                        _forget_edit(st, uid)
                        st.rerun()
                    if "users_flash" in st.session_state:  # stale: reopen the form on the newer record
                        _forget_edit(st, uid)
                        st.rerun()
            with st.form(f"user_reset_{uid}", clear_on_submit=True):
                new_pw = st.text_input(c.t("users.new_password"), type="password", key=f"ur_pw_{uid}")
                if st.form_submit_button(c.t("users.reset")):
                    try:
                        with write_session(c.engine) as session:
                            auth.reset_password(session, c.actor, uid, new_pw)
                        st.success(c.t("users.reset_done"))
                    except CouncilError as exc:
                        show_error(exc, c.lang)


def _forget_edit(st, uid: int) -> None:
    """Drop the edit form's fields and opened version so it reopens on the record as it now is."""
    for key in (f"ue_version_{uid}", f"ue_role_{uid}", f"ue_prov_{uid}", f"ue_active_{uid}", f"ue_aff_{uid}"):
        st.session_state.pop(key, None)
