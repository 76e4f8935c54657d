"""Page modules. Each exposes ``render()`` and makes no Streamlit call at import time:
app.py wraps them in st.Page, so a page file run on its own renders nothing."""
