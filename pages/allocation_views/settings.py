"""The secretariat's forms of an open round: envelope and method, weights, a manual criterion,
a proposal's readiness and scores, the members' contributions, the net-contributor setting."""

from __future__ import annotations

import streamlit as st

from council import allocation
from council.numbers import format_number
from council.ui.context import PageContext
from council.ui.forms import CreateForm, EditForm


def render(c: PageContext, result: dict) -> None:
    rnd = result["round"]
    with st.expander(c.t("allocation.settings.title")):
        left, right = st.columns(2)
        with left:
            _envelope(c, rnd)
            _weights(c, rnd)
        with right:
            _criterion(c, rnd)
            _contributions(c, rnd)
        _entry(c, result)
        _net_years(c)


def _group(rnd: dict) -> str:
    return f"allocation_{rnd['id']}"


def _envelope(c: PageContext, rnd: dict) -> None:
    st.markdown(f"**{c.t('allocation.envelope.title')}**")
    form = EditForm("allocation_envelope", rnd["id"], rnd, prefix="allocation_env", group=_group(rnd))
    with form:
        envelope = st.text_input(
            c.t("allocation.field.envelope"),
            value=format_number(form.record["envelope"], c.lang, 2),
            key=form.key("envelope"),
        )
        method = st.selectbox(
            c.t("allocation.field.method"),
            allocation.METHODS,
            index=allocation.METHODS.index(form.record["method"]),
            key=form.key("method"),
            format_func=lambda m: c.t(f"allocation.method.{m}"),
        )
        note = st.text_input(c.t("allocation.field.note"), value=form.record["note"], key=form.key("note"))
        submitted = st.form_submit_button(c.t("allocation.save"))
    if submitted:
        form.save(
            c,
            lambda s, v: allocation.update_round(
                s, c.actor, rnd["id"], expected_version=v, envelope=envelope, method=method, note=note
            ),
            values={"envelope": envelope, "method": method, "note": note},
            success=c.t("allocation.saved"),
        )


def _weights(c: PageContext, rnd: dict) -> None:
    st.markdown(f"**{c.t('allocation.weights.title')}**")
    form = EditForm("allocation_weights", rnd["id"], rnd, prefix="allocation_w", group=_group(rnd))
    with form:
        weights = {
            cr["code"]: st.text_input(
                allocation.criterion_name(cr, c.lang),
                value=format_number(cr["weight"], c.lang, 2),
                key=form.key(cr["code"]),
            )
            for cr in form.record["criteria"]
        }
        submitted = st.form_submit_button(c.t("allocation.save_weights"))
    if submitted:
        form.save(
            c,
            lambda s, v: allocation.set_weights(s, c.actor, rnd["id"], expected_version=v, weights=weights),
            values=weights,
            success=c.t("allocation.saved"),
        )


def _criterion(c: PageContext, rnd: dict) -> None:
    st.markdown(f"**{c.t('allocation.criterion.title')}**")
    form = EditForm("allocation_criterion", rnd["id"], rnd, prefix="allocation_cr", group=_group(rnd))
    with form:
        name_vi = st.text_input(c.t("allocation.field.name_vi"), key=form.key("name_vi"))
        name_en = st.text_input(c.t("allocation.field.name_en"), key=form.key("name_en"))
        weight = st.text_input(c.t("allocation.field.weight"), value="1", key=form.key("weight"))
        low = st.text_input(c.t("allocation.field.scale_min"), value="0", key=form.key("low"))
        high = st.text_input(c.t("allocation.field.scale_max"), value="10", key=form.key("high"))
        submitted = st.form_submit_button(c.t("allocation.add_criterion"))
    if submitted:
        values = dict(name_vi=name_vi, name_en=name_en, weight=weight, scale_min=low, scale_max=high)
        form.save(
            c,
            lambda s, v: allocation.add_criterion(s, c.actor, rnd["id"], expected_version=v, **values),
            values=values,
            success=c.t("allocation.saved"),
        )


def _contributions(c: PageContext, rnd: dict) -> None:
    st.markdown(f"**{c.t('allocation.contributions.title')}**")
    st.caption(c.t("allocation.contributions.help"))
    form = EditForm("allocation_contrib", rnd["id"], rnd, prefix="allocation_ct", group=_group(rnd))
    names = dict(c.read(allocation.member_names, rnd["region_id"]))
    members = list(names)
    with form:
        total = st.text_input(c.t("allocation.field.total"), key=form.key("total"))
        key = st.selectbox(
            c.t("allocation.field.key"),
            allocation.CONTRIBUTION_KEYS,
            key=form.key("key"),
            format_func=lambda k: c.t(f"allocation.key.{k}"),
        )
        basis = st.number_input(
            c.t("allocation.field.basis_year"), 2000, 2100, rnd["year"] - 1, step=1, key=form.key("basis")
        )
        weights = {
            pid: st.text_input(
                c.t("allocation.field.weight_of", province=names[pid]), key=form.key(f"w_{pid}")
            )
            for pid in members
        }
        submitted = st.form_submit_button(c.t("allocation.save_contributions"))
    if submitted:
        form.save(
            c,
            lambda s, v: allocation.set_contributions(
                s,
                c.actor,
                rnd["id"],
                expected_version=v,
                total=total,
                key=key,
                basis_year=int(basis),
                weights=weights if key == "negotiated" else None,
            ),
            values={"total": total, "key": key, "basis": int(basis), "weights": repr(weights)},
            success=c.t("allocation.saved"),
        )


def _entry(c: PageContext, result: dict) -> None:
    rows = result["rows"] + result["unrankable"]
    if not rows:
        return
    st.markdown(f"**{c.t('allocation.entry.title')}**")
    by_id = {r["id"]: r for r in rows}
    pid = st.selectbox(
        c.t("allocation.field.proposal"),
        list(by_id),
        key="allocation_entry_pick",
        format_func=lambda i: f"{by_id[i]['code']} — {by_id[i]['name_vi']}",
    )
    r = by_id[pid]
    record = {**r, "version": r["entry_version"]}
    form = EditForm("allocation_entry", f"{result['round']['id']}_{pid}", record, prefix="allocation_en")
    manual = [cr for cr in result["criteria"] if cr["kind"] == "manual"]
    with form:
        policy = st.checkbox(
            c.t("allocation.field.policy"), value=form.record["policy_approved"], key=form.key("policy")
        )
        land = st.text_input(
            c.t("allocation.field.land"),
            value=format_number(form.record["land_cleared_pct"], c.lang, 2)
            if form.record["land_cleared_pct"] is not None
            else "",
            key=form.key("land"),
        )
        requested = st.text_input(
            c.t("allocation.field.requested"),
            value=format_number(form.record["requested_amount"], c.lang, 2)
            if form.record["requested_amount"] is not None
            else "",
            key=form.key("requested"),
        )
        scores = {
            cr["code"]: st.text_input(
                c.t(
                    "allocation.field.score",
                    name=allocation.criterion_name(cr, c.lang),
                    low=format_number(cr["scale_min"], c.lang, 2),
                    high=format_number(cr["scale_max"], c.lang, 2),
                ),
                value=format_number(form.record["manual_scores"][cr["code"]], c.lang, 2)
                if cr["code"] in form.record["manual_scores"]
                else "",
                key=form.key(cr["code"]),
            )
            for cr in manual
        }
        submitted = st.form_submit_button(c.t("allocation.save_entry"))
    if submitted:
        form.save(
            c,
            lambda s, v: allocation.save_entry(
                s,
                c.actor,
                result["round"]["id"],
                pid,
                expected_version=v,
                policy_approved=policy,
                land_cleared_pct=land,
                requested_amount=requested,
                scores=scores,
            ),
            values={"policy": policy, "land": land, "requested": requested, **scores},
            success=c.t("allocation.saved"),
        )


def _net_years(c: PageContext) -> None:
    current = c.read(allocation.net_contributor_years)
    form = CreateForm("allocation_net_years", prefix="allocation_ny")
    with form:
        years = st.number_input(
            c.t("allocation.field.net_years"), 1, 20, current, step=1, key=form.key("years")
        )
        submitted = st.form_submit_button(c.t("allocation.save"))
    if submitted:
        form.save(
            c,
            lambda s: allocation.set_net_contributor_years(s, c.actor, int(years)),
            values={"years": int(years)},
            success=c.t("allocation.saved"),
        )
