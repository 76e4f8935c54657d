"""Plan execution (Thực hiện quy hoạch): what the register's projects deliver towards the plan's
targets and what is in the pipeline, the priority projects checklist, who reports on time, and
the region's weight in the nation. The views are in pages/plan_views/."""

from __future__ import annotations

import streamlit as st

from council import plan
from council.io import XLSX_MIME
from council.ui.context import ctx
from pages.plan_views import checklist, delivery, nation, reporting, settings
from pages.plan_views.common import VIEW_KEY, open_from_link

SPEC = dict(
    url_path="plan",
    title_key="plan.nav",
    icon=":material/timeline:",
    order=42,
)

VIEWS = {
    "delivery": delivery.view,
    "checklist": checklist.view,
    "reporting": reporting.view,
    "nation": nation.view,
    "settings": settings.view,
}


def render() -> None:
    c = ctx()
    st.title(c.t("plan.title"))
    st.caption(c.t("plan.intro"))
    views = [v for v in VIEWS if v != "settings" or c.can(plan.ACTION_SETTINGS)]
    open_from_link(views)
    if st.session_state.get(VIEW_KEY) not in views:
        st.session_state[VIEW_KEY] = views[0]
    view = st.radio(
        c.t("plan.view.delivery"),
        views,
        horizontal=True,
        format_func=lambda v: c.t(f"plan.view.{v}"),
        key=VIEW_KEY,
        label_visibility="collapsed",
    )
    VIEWS[view](c)
    st.download_button(
        c.t("plan.export"),
        data=lambda: c.read(plan.export_excel, c.region_id, c.lang),  # built when clicked
        file_name=f"thuc-hien-quy-hoach-{c.region_code or c.region_id}.xlsx",
        mime=XLSX_MIME,
        key="plan_export",
        icon=":material/download:",
    )


# The sections other pages show, under their former names (the target page and "my province"
# still pass ``st`` first).
def target_delivery_section(_st, c, target_id: int) -> None:
    """On the target page: the target's delivery from credited projects."""
    delivery.target_section(c, target_id)


def my_province_reporting(_st, c, province_id: int) -> None:
    """On "my province": the province's reporting of the last two years and what is late."""
    reporting.my_province(c, province_id)
