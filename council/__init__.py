"""Council workspace: domain layer for Vietnam's regional coordination councils.

Nothing in this package imports Streamlit except ``council.ui``.
"""
