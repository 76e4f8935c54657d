"""Every chart of the app, as plain functions from data to a plotly figure: one module per
capability (projects, network, home, targets, conflicts). No Streamlit here: the pages show a figure with
``council.ui.charts.show_chart`` (which adds the offline base map), and each function is
unit-tested in tests/unit/test_figures_<capability>.py."""
