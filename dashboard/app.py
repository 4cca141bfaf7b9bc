"""Dirigent's dashboard: `streamlit run dashboard/app.py`."""

import sys
from html import escape
from pathlib import Path
from urllib.parse import urlparse

# `streamlit run dashboard/app.py` puts only dashboard/ on the path; the packages live one level up.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st  # noqa: E402

from dashboard import auth  # noqa: E402
from dashboard.components import audit, notice_slot, refuse  # noqa: E402
from dashboard.i18n import LANGUAGES, t  # noqa: E402
from dashboard.loaders import engine, metrics  # noqa: E402
from dashboard.state import read_url, view_bar  # noqa: E402
from data.settings import Settings  # noqa: E402
from metrics import access  # noqa: E402

st.set_page_config(page_title="Dirigent", page_icon=":material/insights:", layout="wide")

settings = Settings.from_env()
st.session_state.setdefault("language", settings.language)
if not st.session_state.get("_url_read") and not st.session_state.get("_gate_language"):
    st.session_state["_gate_language"] = True  # the login page speaks the link's language too
    if st.query_params.get("lang") in LANGUAGES:
        st.session_state["language"] = st.query_params["lang"]

# Who is here, in which role: login (OIDC), the demo's switcher, or nobody (the run stops with a page saying why).
session = auth.resolve(engine(), lambda who, action, **details: audit(action, session=who, **details))
st.session_state[auth.ROLE_KEY] = session
role = access.role(session.role)

model = metrics()
read_url(model)
with st.sidebar:
    st.markdown("### Dirigent")
    st.caption("Learning ecosystem dashboard · Lern-Ökosystem-Dashboard")
    if session.demo:
        auth.role_switcher()
    else:
        auth.user_box(session)
    # One label in both languages: a label that changed with the choice would make a new widget and undo it.
    st.selectbox("Language · Sprache", list(LANGUAGES), format_func=LANGUAGES.get, key="language")
    view = view_bar(model)

if session.demo:  # on every page, above its title
    st.html(f'<div class="dirigent-demo" style="background:#FFF3D6;border-left:4px solid #E69F00;padding:0.5rem '
            f'0.9rem;border-radius:0.4rem;color:#1F2933"><strong>{escape(t("auth_demo_banner_title"))}:</strong> '
            f'{escape(t("auth_demo_banner", role=t(f"role_{session.role}")))}</div>')
notice_slot()  # refused figures are named here, above the page

# (name in the access policy, file in views/, icon, url path); the first is the default page.
SECTIONS = {
    "section_monitor": [("overview", "dashboard", ""), ("participation", "groups", "participation"),
                        ("network", "hub", "network"), ("skills", "psychology", "skills"),
                        ("companionship", "diversity_3", "companionship"), ("ecosystem", "account_tree", "ecosystem")],
    "section_review": [("works_council", "balance", "works-council"),
                       ("quarterly_review", "event_note", "quarterly-review")],
    "section_privacy": [("audit_log", "manage_search", "audit-log"), ("data_inventory", "inventory_2", "data-inventory")],
    "section_operate": [("data_health", "health_and_safety", "data-health")],
}

# Only the role's pages exist for this session: a link to any other gets Streamlit's "page not found".
pages: dict[str, list[st.Page]] = {}
names: dict[int, str] = {}
for section, entries in SECTIONS.items():
    for name, icon, url_path in entries:
        if name not in role.pages:
            continue
        options = {"url_path": url_path} if url_path else {"default": True}  # every role has the overview
        page = st.Page(f"views/{name}.py", title=t(name), icon=f":material/{icon}:", **options)
        names[id(page)] = name
        pages.setdefault(t(section), []).append(page)
navigation = st.navigation(pages)
current = names[id(navigation)]

# A link to a page outside the role: Streamlit says "page not found" and runs the overview; the log says who tried.
PATHS = {url_path: name for entries in SECTIONS.values() for name, _, url_path in entries if url_path}
asked = PATHS.get(urlparse(st.context.url or "").path.rstrip("/").rsplit("/", 1)[-1])
if asked and asked not in role.pages and st.session_state.get("_asked_outside") != asked:
    st.session_state["_asked_outside"] = asked
    audit("denied", page=asked, detail=f"the role {session.role} may not open the page '{asked}' (a link)")

try:
    access.check_page(session.role, current)  # defence in depth: page_start checks again
except access.AccessDenied as denied:
    refuse(denied, page=current)

# One audit row per page and view a user opens, not per rerun.
opened = (current, view.period.label if view else None, tuple(view.filters.as_dict().items()) if view else (),
          session.role)
if st.session_state.get("_audit_opened") != opened:
    st.session_state["_audit_opened"] = opened
    audit("page", page=current, filters=view.filters.as_dict() if view else None,
          detail=view.period.label if view else None)
navigation.run()
