"""Charts shared by pages. Maps must work offline: plotly.js fetches its base map (TopoJSON)
from a CDN unless told otherwise, so every geo chart goes through ``show_map``."""

from __future__ import annotations

import streamlit as st

# Served by Streamlit from ./static (server.enableStaticServing). Relative to the page URL, so it
# also works under a reverse-proxy path prefix.
TOPOJSON_URL = "app/static/topojson/"
PLOTLY_CONFIG = {"topojsonURL": TOPOJSON_URL, "displaylogo": False}


GEO_TRACES = {"scattergeo", "choropleth"}


def show_chart(fig, key: str, **kwargs):
    """st.plotly_chart with the offline base map; geo figures also get the app's land and sea colours."""
    if any(trace.type in GEO_TRACES for trace in fig.data):
        fig.update_geos(
            resolution=50,
            showcountries=True,
            showland=True,
            landcolor="#f3efe6",
            countrycolor="#b9b2a3",
            showocean=True,
            oceancolor="#e8f1f8",
            showlakes=False,
        )
    return st.plotly_chart(fig, key=key, config=PLOTLY_CONFIG, **kwargs)
