"""The register's writing views: a new project (or a representative's proposal), and the
import and export of the register."""

from __future__ import annotations

import streamlit as st

from council import projects
from council.errors import CouncilError
from council.i18n import fmt_number
from council.io import CSV_MIME, XLSX_MIME, read_table, to_csv, to_excel
from council.projects import Participant, ProjectInput
from council.ui.imports import import_form
from council.ui.live import LiveCreateForm
from council.ui.numbers import NumberText, number_field, read_all
from council.ui.text import plain
from pages.project_views.common import error_text, open_project

CREATED_KEY = "projects_created"


def may_create(c) -> bool:
    """The secretariat creates; a representative proposes for their own province."""
    return c.can("project.edit") or c.can("project.propose", [c.actor.province_id])


def new_project(c, provinces) -> None:
    if not may_create(c):
        st.info(c.t("projects.form.read_only"))
        return
    proposing = not c.can("project.edit")
    if proposing:
        st.info(c.t("projects.form.propose_help"))
    created = st.session_state.get(CREATED_KEY)
    if created and st.button(
        c.t("projects.nav_detail") + f" {plain(created['code'])}", key="projects_new_open"
    ):
        open_project(created["id"])
    pname = {p["id"]: p["name_vi"] for p in provinces}
    # Drawn without st.form: picking the provinces adds one share field per province, and the
    # running total of the shares follows what is typed.
    form = LiveCreateForm("projects_new_form", prefix="projects_new")
    with form:
        a, b = st.columns([1, 3])
        code = a.text_input(c.t("projects.form.code"), key=form.key("code"))
        name_vi = b.text_input(c.t("projects.form.name_vi"), key=form.key("name_vi"))
        name_en = st.text_input(c.t("projects.form.name_en"), key=form.key("name_en"))
        a, b, d = st.columns(3)
        ptype = a.selectbox(
            c.t("projects.form.type"),
            projects.PROJECT_TYPES,
            format_func=lambda x: c.t(f"ptype.{x}"),
            key=form.key("type"),
        )
        status = "proposed"
        if not proposing:
            status = b.selectbox(
                c.t("projects.form.status"),
                projects.PROJECT_STATUSES,
                format_func=lambda x: c.t(f"pstatus.{x}"),
                key=form.key("status"),
            )
        investment = number_field(
            d, c.t("projects.form.investment"), None, key=form.key("investment"), lang=c.lang, decimals=2
        )
        a, b, d = st.columns(3)
        length = number_field(
            a, c.t("projects.form.length"), None, key=form.key("length"), lang=c.lang, decimals=2
        )
        start = b.date_input(
            c.t("projects.form.planned_start"), value=None, format="DD/MM/YYYY", key=form.key("start")
        )
        end = d.date_input(
            c.t("projects.form.planned_end"), value=None, format="DD/MM/YYYY", key=form.key("end")
        )
        chosen = st.multiselect(
            c.t("projects.form.provinces"),
            list(pname),
            default=[c.actor.province_id] if proposing and c.actor.province_id else [],
            format_func=pname.get,
            key=form.key("provinces"),
            placeholder=c.t("projects.form.pick_provinces"),
        )
        lead = st.selectbox(
            c.t("projects.form.lead"),
            [None, *chosen],
            format_func=lambda i: c.t("projects.form.no_lead") if i is None else pname[i],
            key=form.key("lead"),
        )
        shares = share_fields(c, form, chosen, pname)
        note = st.text_input(c.t("projects.form.investment_note"), key=form.key("note"))
        source = st.text_input(c.t("projects.form.source_url"), key=form.key("source"))
        submitted = st.button(
            c.t("projects.form.submit_propose" if proposing else "projects.form.submit_create"),
            type="primary",
            key="projects_new_submit",
        )
    if not submitted:
        return
    numbers = read_all(c.lang, investment, length, *shares)
    if numbers is None:
        return
    investment, length, *share_values = numbers
    data = ProjectInput(
        code=code,
        name_vi=name_vi,
        name_en=name_en,
        type=ptype,
        status=status,
        total_investment=investment,
        length_km=length,
        planned_start=start,
        planned_end=end,
        investment_note=note,
        source_url=source,
        participants=[
            Participant(province_id=p, role="lead" if p == lead else "partner", cost_share_pct=s)
            for p, s in zip(chosen, share_values, strict=True)
        ],
    )
    write = projects.propose_project if proposing else projects.create_project
    form.save(
        c,
        lambda session: write(session, c.actor, data),
        values={"data": repr(data)},
        success=lambda row: c.t(
            "projects.form.proposed" if proposing else "projects.form.created", code=plain(row["code"])
        ),
        describe=lambda exc: error_text(c, exc),
        on_success=lambda row: st.session_state.__setitem__(
            CREATED_KEY, {"id": row["id"], "code": row["code"]}
        ),
    )


def share_fields(c, form, chosen: list[int], pname: dict) -> list[NumberText]:
    """One share field (%) per chosen province, with the running total and what is left to 100 %."""
    if not chosen:
        st.caption(c.t("projects.form.shares_pick_first"))
        return []
    st.markdown(f"**{c.t('projects.form.shares_title')}**")
    cols = st.columns(min(len(chosen), 4))
    fields = [
        number_field(
            cols[i % len(cols)],
            c.t("projects.form.share_of", province=pname[pid]),
            None,
            key=form.key(f"share_{pid}"),
            lang=c.lang,
            decimals=2,
        )
        for i, pid in enumerate(chosen)
    ]
    st.caption(share_balance_text(c, fields))
    return fields


def share_balance_text(c, fields: list[NumberText]) -> str:
    """The running total ("Tổng: 60 % · còn lại: 40 % đến 100 %") of what is typed so far, naming
    the fields not read as numbers."""
    values, unread = [], []
    for f in fields:
        try:
            values.append(f.value)
        except CouncilError:
            unread.append(f.label)
    balance = projects.share_balance(values)
    if balance is None:
        text = c.t("projects.form.shares_empty")
    else:
        total, left = (fmt_number(v, c.lang, 2) for v in balance)
        key = "projects.form.shares_left" if balance[1] >= 0 else "projects.form.shares_over"
        text = c.t(key, total=total, left=left, over=fmt_number(-balance[1], c.lang, 2))
    if unread:
        text += " " + c.t("projects.form.shares_unread", fields=", ".join(unread))
    return text


def import_export(c, rows) -> None:
    st.subheader(c.t("projects.io.export"))
    lang = c.lang  # the exports are built only when a button is clicked

    def frame():
        return projects.export_frame(rows, lang)

    a, b, d = st.columns(3)
    a.download_button(
        c.t("projects.io.excel"),
        lambda: to_excel({"projects": frame()}),
        file_name="du-an.xlsx",
        mime=XLSX_MIME,
        key="projects_export_xlsx",
        icon=":material/download:",
    )
    b.download_button(
        c.t("projects.io.csv"),
        lambda: to_csv(frame()),
        file_name="du-an.csv",
        mime=CSV_MIME,
        key="projects_export_csv",
        icon=":material/download:",
    )
    d.download_button(
        c.t("projects.io.template"),
        lambda: to_excel(projects.template_frames(c.lang)),
        file_name="mau-nhap-du-an.xlsx",
        mime=XLSX_MIME,
        key="projects_template",
    )
    st.divider()
    if not c.can("data.import"):
        st.caption(c.t("projects.io.only_secretariat"))
        return
    import_form(
        c,
        "projects_import_form",
        prefix="projects",
        label=c.t("projects.io.upload"),
        submit=c.t("projects.io.submit"),
        # The file is read before any write transaction starts, checked outside the write lock,
        # then landed in one short transaction.
        write=lambda engine, data, name: projects.import_projects_file(
            engine, c.actor, read_table(data, name)
        ),
        success=lambda result: c.t("projects.io.done", **result),
        own_transactions=True,
    )
