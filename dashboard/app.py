"""Dirigent's dashboard: `streamlit run dashboard/app.py`."""

import sys
from pathlib import Path

# `streamlit run dashboard/app.py` puts only dashboard/ on the path; the packages live one level up.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st  # noqa: E402

from dashboard.i18n import LANGUAGES, t  # noqa: E402

st.set_page_config(page_title="Dirigent", page_icon=":material/insights:", layout="wide")

with st.sidebar:
    st.markdown("### Dirigent")
    st.caption("Learning ecosystem dashboard · Lern-Ökosystem-Dashboard")
    # One label in both languages: a label that changed with the choice would make a new widget and undo it.
    st.selectbox("Language · Sprache", list(LANGUAGES), format_func=LANGUAGES.get, key="language")

page = st.navigation([
    st.Page("pages/overview.py", title=t("overview"), icon=":material/dashboard:", default=True),
    st.Page("pages/data_health.py", title=t("data_health"), icon=":material/health_and_safety:",
            url_path="data-health"),
])
page.run()
