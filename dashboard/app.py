"""Dirigent's dashboard: `streamlit run dashboard/app.py`."""

import sys
from pathlib import Path

# `streamlit run dashboard/app.py` puts only dashboard/ on the path; the packages live one level up.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st  # noqa: E402

from dashboard.i18n import LANGUAGES, t  # noqa: E402
from dashboard.loaders import metrics  # noqa: E402
from dashboard.state import read_url, view_bar  # noqa: E402

st.set_page_config(page_title="Dirigent", page_icon=":material/insights:", layout="wide")

model = metrics()
st.session_state.setdefault("language", model.settings.language)
read_url(model)
with st.sidebar:
    st.markdown("### Dirigent")
    st.caption("Learning ecosystem dashboard · Lern-Ökosystem-Dashboard")
    # One label in both languages: a label that changed with the choice would make a new widget and undo it.
    st.selectbox("Language · Sprache", list(LANGUAGES), format_func=LANGUAGES.get, key="language")
    view_bar(model)


def page(file: str, title: str, icon: str, **options) -> st.Page:
    return st.Page(f"views/{file}.py", title=t(title), icon=f":material/{icon}:", **options)


navigation = st.navigation({
    t("section_monitor"): [
        page("overview", "overview", "dashboard", default=True),
        page("participation", "participation", "groups", url_path="participation"),
        page("network", "network", "hub", url_path="network"),
        page("skills", "skills", "psychology", url_path="skills"),
        page("companionship", "companionship", "diversity_3", url_path="companionship"),
        page("ecosystem", "ecosystem", "account_tree", url_path="ecosystem"),
    ],
    t("section_review"): [
        page("works_council", "works_council", "balance", url_path="works-council"),
        page("quarterly_review", "quarterly_review", "event_note", url_path="quarterly-review"),
    ],
    t("section_operate"): [
        page("data_health", "data_health", "health_and_safety", url_path="data-health"),
    ],
})
navigation.run()
