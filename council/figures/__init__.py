"""Every chart of the app, one module per capability: plain functions from data to a plotly
figure, no Streamlit, each unit-tested (tests/unit/test_figures_*.py). Pages draw them with
council.ui.charts.show_chart."""
