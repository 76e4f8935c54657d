"""Users page (secretariat): create, change role/province, deactivate, reset password.

The kit's exemplar: a create form and an edit form through council.ui.forms, reads through the
page context, no session, no table class, no role comparison."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council import auth
from council.i18n import fmt_date
from council.regions import list_provinces
from council.ui.context import PageContext, ctx, require
from council.ui.forms import CreateForm, EditForm

SPEC = dict(
    url_path="users",
    title_key="nav.users",
    icon=":material/group:",
    action="user.manage",
    section="nav.section.admin",
    order=900,
)


def render() -> None:
    c = ctx()
    require(c, "user.manage")
    st.title(c.t("users.title"))
    # Cached per data version like every other view: creating or editing a user moves it.
    users = c.cached(auth.list_users)
    provinces = c.cached(list_provinces)
    pname = {p["id"]: p["name_vi"] for p in provinces}
    _table(c, users, pname)
    left, right = st.columns(2)
    with left:
        _create_form(c, pname)
    with right:
        _edit_forms(c, users, pname)


def _table(c: PageContext, users: list[dict], pname: dict) -> None:
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
    st.caption(c.t("users.count", count=len(users)))


def _province_choice(c: PageContext, pname: dict, key: str, current=None):
    options = [None, *pname]
    return st.selectbox(
        c.t("users.province"),
        options,
        index=options.index(current) if current in options else 0,
        format_func=lambda i: "—" if i is None else pname[i],
        key=key,
    )


def _create_form(c: PageContext, pname: dict) -> None:
    st.subheader(c.t("users.create"))
    form = CreateForm("user_create", prefix="uc")
    with form:
        values = {
            "username": st.text_input(c.t("users.username"), key=form.key("username")),
            "display_name": st.text_input(c.t("users.display_name"), key=form.key("display")),
            "password": st.text_input(c.t("users.password"), type="password", key=form.key("password")),
            "role": st.selectbox(
                c.t("users.role"), auth.ROLES, format_func=lambda r: c.t(f"role.{r}"), key=form.key("role")
            ),
            "province_id": _province_choice(c, pname, form.key("province")),
            "affiliation": st.text_input(c.t("users.affiliation"), key=form.key("affiliation")),
        }
        submitted = st.form_submit_button(c.t("users.submit_create"), type="primary")
    if submitted:
        form.save(
            c,
            lambda session: auth.create_user(session, c.actor, **values),
            values=values,
            success=lambda created: c.t("users.created", username=created.username),
        )


def _edit_forms(c: PageContext, users: list[dict], pname: dict) -> None:
    st.subheader(c.t("users.edit"))
    by_id = {u["id"]: u for u in users}
    uid = st.selectbox(
        c.t("users.select"), list(by_id), format_func=lambda i: by_id[i]["username"], key="ue_user"
    )
    if uid is None:
        return
    # Opened now (or kept from when it was opened): a save after someone else's is refused.
    form = EditForm("user_edit", uid, by_id[uid], prefix="ue")
    u = form.record
    with form:
        values = {
            "role": st.selectbox(
                c.t("users.role"),
                auth.ROLES,
                index=auth.ROLES.index(u["role"]),
                format_func=lambda r: c.t(f"role.{r}"),
                key=form.key("role"),
            ),
            "province_id": _province_choice(c, pname, form.key("prov"), u["province_id"]),
            "is_active": st.checkbox(c.t("users.active"), value=u["is_active"], key=form.key("active")),
            "affiliation": st.text_input(
                c.t("users.affiliation"), value=u["affiliation"], key=form.key("aff")
            ),
        }
        submitted = st.form_submit_button(c.t("users.save"))
    if submitted:
        form.save(
            c,
            lambda session, version: auth.update_user(
                session, c.actor, uid, expected_version=version, **values
            ),
            values=values,
            success=c.t("users.saved"),
        )
    reset = CreateForm(f"user_reset_{uid}", prefix=f"ur_{uid}")
    with reset:
        new_pw = st.text_input(c.t("users.new_password"), type="password", key=reset.key("pw"))
        submitted = st.form_submit_button(c.t("users.reset"))
    if submitted:
        reset.save(
            c,
            lambda session: auth.reset_password(session, c.actor, uid, new_pw),
            values={"uid": uid, "password": new_pw},
            success=c.t("users.reset_done"),
        )
