"""The graph page's panels: one province's links, the metrics and communities, the missing links."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from council import network
from council.i18n import code_label, fmt_number
from council.io import to_csv
from council.textutil import vi_sort_key
from council.ui.charts import show_chart
from council.ui.tables import localized
from council.ui.text import plain

NUMBER_COLUMNS = ("border_km", "investment", "population")
SHARE_COLUMNS = ("betweenness", "pagerank", "clustering")
EXPLAINED = ("degree", "betweenness", "pagerank", "clustering", "community")
TABLE_COLUMNS = (
    "code",
    "name",
    "region",
    "community",
    "degree",
    "ties",
    "betweenness",
    "pagerank",
    "clustering",
    "degree_border",
    "border_km",
    "degree_project",
    "weight_project",
    "investment",
    "degree_agreement",
    "weight_agreement",
    "degree_conflict",
    "weight_conflict",
    "population",
)


def ego(c, ego: dict, province_id: int, name: str, figure) -> None:
    st.subheader(c.t("network.ego.title", name=name))
    if not ego["links"]:
        st.info(c.t("network.ego.none", name=name))
        return
    st.markdown(c.t("network.ego.summary", name=name, n=len(ego["links"])))
    left, right = st.columns([2, 3])
    with left:
        show_chart(
            figure(ego["graph"], highlight=province_id, height=480, which="ego"), key="network_ego_graph"
        )
    with right, st.container(height=480, key="network_ego_links"):
        for link in ego["links"]:
            parts = []
            if link["border"]:
                parts.append(c.t("network.ego.border", km=fmt_number(link["border_km"], c.lang)))
            if link["projects"]:
                parts.append(
                    c.t(
                        "network.ego.projects",
                        n=len(link["projects"]),
                        investment=fmt_number(link["investment"], c.lang, 0),
                    )
                    if link["investment"]
                    else c.t("network.ego.projects_no_investment", n=len(link["projects"]))
                )
            if link["agreements"]:
                parts.append(c.t("network.ego.agreements", n=len(link["agreements"])))
            if link["conflicts"]:
                parts.append(c.t("network.ego.conflicts", n=len(link["conflicts"])))
            lines = [f"**{link['b_name']}** — " + " · ".join(parts)]
            lines += [
                "- "
                + c.t(
                    "network.ego.project_item",
                    code=p["code"],
                    status=code_label("pstatus", p["status"], c.lang),
                    name=plain(p["name_vi"] if c.lang == "vi" or not p["name_en"] else p["name_en"]),
                )
                for p in link["projects"]
            ]
            lines += [
                "- "
                + c.t(
                    "network.ego.agreement_item",
                    code=plain(a["code"]),
                    title=plain(a["title"]),
                    form=c.t(f"agreements.form.{a['form']}"),
                    status=c.t(f"agreements.status.{a['status']}"),
                )
                for a in link["agreements"]
            ]
            lines += [
                "- "
                + c.t(
                    "network.ego.conflict_item",
                    code=plain(x["code"]),
                    title=plain(x["title"]),
                    severity=code_label("severity", x["severity"], c.lang),
                    status=code_label("cstatus", x["status"], c.lang),
                )
                for x in link["conflicts"]
            ]
            st.markdown("\n".join(lines))


def metrics(c, metrics, view: dict, rows: dict) -> None:
    st.subheader(c.t("network.metrics.title"))
    st.caption(c.t("network.metrics.help"))
    records = []
    for r in metrics.rows:
        full = {
            **r,
            "name": r["name_vi"],
            "region": r["region_vi"] if c.lang == "vi" else r["region_en"],
            "population": rows[r["id"]]["population"],
        }
        records.append(
            {
                c.t(f"network.col.{k}"): round(full[k], 3)
                if k in SHARE_COLUMNS
                else round(full[k], 1)
                if k in NUMBER_COLUMNS
                else full[k]
                for k in TABLE_COLUMNS
            }
        )
    frame = pd.DataFrame(records)
    # Written in the app's language (Vietnamese 0,231; English 0.231), whatever the browser's locale.
    digits = {
        **{c.t(f"network.col.{k}"): 1 for k in NUMBER_COLUMNS},
        **{c.t(f"network.col.{k}"): 3 for k in SHARE_COLUMNS},
    }
    st.dataframe(localized(frame, digits, c.lang), hide_index=True, key="network_metrics_table")
    # One plain sentence per metric, for readers who do not know network analysis.
    st.markdown("\n".join(f"- **{c.t(f'network.col.{k}')}**: {c.t(f'vi_ui.metric.{k}')}" for k in EXPLAINED))
    left, right = st.columns(2)
    left.download_button(
        c.t("network.download_csv"),
        lambda: to_csv(frame),
        file_name="province-network-metrics.csv",
        mime="text/csv",
        key="network_download_csv",
    )
    right.download_button(
        c.t("network.download_graphml"),
        lambda: network.to_graphml(view["full"]),
        file_name="province-network.graphml",
        mime="application/graphml+xml",
        key="network_download_graphml",
    )

    st.subheader(c.t("network.communities.title"))
    st.caption(c.t("network.communities.help"))
    st.markdown(c.t("network.communities.count", n=len(metrics.communities)))
    if metrics.ari is None:
        st.markdown(c.t("network.communities.ari_na"))
    else:
        st.markdown(c.t("network.communities.ari", value=fmt_number(metrics.ari, c.lang, 2)))
    regions = sorted({code for counts in metrics.crosstab.values() for code in counts})
    region_names = {
        r["region_code"]: r["region_vi"] if c.lang == "vi" else r["region_en"] for r in metrics.rows
    }
    crosstab = pd.DataFrame(
        [
            {
                c.t("network.col.community"): c.t("network.community", n=k),
                **{region_names[code]: counts.get(code, 0) for code in regions},
            }
            for k, counts in metrics.crosstab.items()
        ]
    )
    st.dataframe(crosstab, hide_index=True, key="network_crosstab")
    members = {k: [r["name_vi"] for r in metrics.rows if r["community"] == k] for k in metrics.crosstab}
    st.markdown(
        "\n".join(
            f"- **{c.t('network.community', n=k)}**: {', '.join(sorted(v, key=vi_sort_key))}"
            for k, v in members.items()
        )
    )


def missing(c, missing: list[dict]) -> None:
    st.subheader(c.t("network.missing.title"))
    st.caption(c.t("network.missing.help"))
    if not missing:
        st.info(c.t("network.missing.none"))
        return
    by_reason: dict[str, list[dict]] = {}
    for m in missing:
        by_reason.setdefault(m["reason"], []).append(m)
    for reason, items in by_reason.items():
        st.markdown(f"#### {c.t(f'network.reason.{reason}')} ({len(items)})")
        lines = []
        for m in items:
            if reason == "border_no_cooperation":
                cross = c.t("network.missing.cross_region") if m["region_a"] != m["region_b"] else ""
                lines.append(
                    c.t(
                        "network.missing.border_item",
                        a=m["a_name"],
                        b=m["b_name"],
                        km=fmt_number(m["border_km"], c.lang),
                        cross=cross,
                    )
                )
            elif reason == "projects_only_in_region":
                lines.append(
                    c.t("network.missing.region_item", a=m["a_name"], partners=", ".join(m["partners"]))
                )
            else:
                lines.append(
                    c.t(
                        "network.missing.conflict_item",
                        a=m["a_name"],
                        b=m["b_name"],
                        projects=plain(", ".join(m["project_codes"])),
                        conflicts=plain(", ".join(m["conflict_codes"])),
                    )
                )
        st.markdown("\n".join(f"- {line}" for line in lines))
