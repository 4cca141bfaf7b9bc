"""Roles in Streamlit's AppTest: which pages, figures and downloads each role gets, decided on the server.

Demo mode (no [auth], the demo warehouse) with its role switcher; login (an [auth] section and `st.user`) with the
role from the ID token's claim or the e-mail table; no login configured on real data; the audit log and the data
inventory pages. The real OIDC login in a browser is tests/dashboard/test_login_browser.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data.audit import entries, login_pseudonym, mark_demo
from data.db import make_engine
from data.meta import set_meta
from metrics.access import POLICY, ROLES
from tests.dashboard.conftest import APP, run_app

AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32, "client_id": "dirigent",
        "client_secret": "secret", "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}


@pytest.fixture
def demo(demo_db_url, demo_metrics):
    """The small demo warehouse, marked as the demo (as `make demo-sync` marks data/dirigent.db)."""
    engine = make_engine(demo_db_url)
    mark_demo(engine)
    yield engine
    engine.dispose()


def pages(app: AppTest) -> set[str]:
    """The pages st.navigation registered for the session: the file names under views/."""
    return {Path(str(info["script_path"])).stem for info in app._registered_pages.values() if info.get("script_path")}


def banner(app: AppTest) -> str:
    return app.html[0].proto.body if app.html else ""


def logged_in(user: dict, page: str | None = None) -> AppTest:
    """The app with an [auth] section and `st.user` as the identity provider's ID token made it."""
    app = AppTest.from_file(APP, default_timeout=120)
    app.secrets["auth"] = AUTH
    app.user = user
    app.run()
    if page:
        app.switch_page(f"views/{page}.py").run()
    return app


# -- demo mode --------------------------------------------------------------------------------------------------

def test_demo_mode_says_so_on_every_page_and_defaults_to_every_page(demo):
    app = run_app()
    assert not app.exception, app.exception
    assert pages(app) == set(POLICY["admin"].pages)
    assert app.selectbox(key="role").value == "admin"
    assert "Demo mode" in banner(app) and "not by login" in banner(app)
    for page in ("participation", "audit_log", "data_inventory", "data_health"):
        app.switch_page(f"views/{page}.py").run()
        assert not app.exception, (page, app.exception)
        assert banner(app).startswith("<div") and "<strong>Demo mode:</strong>" in banner(app), page


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_its_pages(demo, role):
    app = run_app(role=role)
    assert not app.exception, app.exception
    assert pages(app) == set(POLICY[role].pages)
    assert app.title[0].value == "Overview"
    for page in POLICY[role].pages:
        app.switch_page(f"views/{page}.py").run()
        assert not app.exception, (role, page, app.exception)
        assert not app.error, (role, page, [e.value for e in app.error])
    outside = sorted(set(POLICY["admin"].pages) - set(POLICY[role].pages))
    for page in outside:  # not offered, and not reachable by switching to it either
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            app.switch_page(f"views/{page}.py")


def test_the_role_cannot_come_from_the_url(demo):
    app = run_app(query={"role": "admin", "_dirigent_session": "admin", "period": "x"}, role="executive")
    assert pages(app) == set(POLICY["executive"].pages)
    assert "role (Executive)" in banner(app)


def test_the_works_council_overview_leaves_out_what_it_may_not_see_and_uses_its_own_k(demo, monkeypatch):
    monkeypatch.setenv("DIRIGENT_WORKS_COUNCIL_MIN_GROUP_SIZE", "40")
    app = run_app(role="works_council")
    assert not app.exception, app.exception
    labels = [m.label for m in app.metric]
    assert "Skill coverage" not in labels and "Participation rate" in labels
    app.switch_page("views/works_council.py").run()
    assert app.info[0].value.startswith("**Figures about fewer than 40 people are hidden.**")
    admin = run_app(role="admin", page="works_council")
    assert admin.info[0].value.startswith("**Figures about fewer than 10 people are hidden.**")


def test_the_executive_sees_the_headline_figures_and_its_csv_has_no_p4(demo):
    app = run_app(role="executive")
    assert not app.exception, app.exception
    assert len(app.metric) == 8
    app.switch_page("views/quarterly_review.py").run()
    assert not app.exception, app.exception
    assert not app.error


def test_page_views_are_audited_once_per_page_and_view(demo):
    before = len(entries(demo, action="page", limit=None))
    app = run_app(role="ld_lead")
    app.run()  # a rerun of the same page and view adds nothing
    app.switch_page("views/participation.py").run()
    rows = entries(demo, action="page", limit=None)
    assert len(rows) - before == 2
    newest = rows[0]
    assert (newest["page"], newest["role"], newest["channel"]) == ("participation", "ld_lead", "dashboard")
    assert newest["login"] == login_pseudonym("demo") and "period" not in (newest["filters"] or {})


def test_no_login_configured_on_real_data_lets_nobody_in(demo):
    set_meta(demo, "demo", "false")
    try:
        app = run_app(role="admin")
        assert not app.exception, app.exception
        assert app.title[0].value == "Login is not configured"
        assert not app.metric and not app.dataframe
        assert pages(app) <= {"app"}  # no page of the dashboard, only the entry itself
    finally:
        mark_demo(demo)


# -- login ------------------------------------------------------------------------------------------------------

def test_with_auth_configured_the_login_page_comes_first_even_on_the_demo(demo):
    app = logged_in({"is_logged_in": False})
    assert not app.exception, app.exception
    assert app.title[0].value == "Dirigent: please log in"
    assert app.button[0].label == "Log in"
    assert not app.metric and pages(app) <= {"app"}


@pytest.mark.parametrize("role", ROLES)
def test_the_role_comes_from_the_id_tokens_claim(demo, role):
    app = logged_in({"is_logged_in": True, "sub": f"{role}-1", "email": f"{role}@corp.example", "role": role})
    assert not app.exception, app.exception
    assert pages(app) == set(POLICY[role].pages)
    assert any(f"Logged in as {role}@corp.example" in c.value for c in app.sidebar.caption)
    assert not app.html
    assert [r["role"] for r in entries(demo, action="login", login=f"{role}@corp.example", limit=1)] == [role]


def test_a_login_is_recorded_once_not_on_every_reload(demo):
    user = {"is_logged_in": True, "sub": "r1", "email": "reload@corp.example", "role": "executive", "iat": 1796000000}
    for _ in range(3):  # three sessions (page loads) with the same ID token
        logged_in(user)
    rows = entries(demo, action="login", login="reload@corp.example", limit=None)
    assert [r["detail"] for r in rows] == ["id token issued 2026-11-30 00:53:20 UTC"]
    logged_in({**user, "iat": 1796003600})  # logged in again: a new token
    assert len(entries(demo, action="login", login="reload@corp.example", limit=None)) == 2


def test_the_claim_name_is_a_setting_and_a_list_claim_counts_when_it_names_one_role(demo, monkeypatch):
    monkeypatch.setenv("DIRIGENT_ROLE_CLAIM", "dirigent_roles")
    app = logged_in({"is_logged_in": True, "sub": "x", "email": "x@corp.example", "role": "admin",
                     "dirigent_roles": ["staff", "executive"]})
    assert pages(app) == set(POLICY["executive"].pages)


def test_the_role_comes_from_the_email_table_when_the_claim_is_missing(demo, tmp_path, monkeypatch):
    table = tmp_path / "roles.toml"
    table.write_text('[roles]\n"Alice@Corp.example" = "works_council"\n', encoding="utf-8")
    monkeypatch.setenv("DIRIGENT_ROLES_FILE", str(table))
    app = logged_in({"is_logged_in": True, "sub": "a1", "email": "alice@corp.example"})
    assert not app.exception, app.exception
    assert pages(app) == set(POLICY["works_council"].pages)
    refused = logged_in({"is_logged_in": True, "sub": "b1", "email": "bob@corp.example", "role": "superuser"})
    assert refused.title[0].value == "No access to Dirigent"
    assert "bob@corp.example" in refused.info[0].value and pages(refused) <= {"app"}
    assert entries(demo, action="denied", login="bob@corp.example", limit=1)[0]["detail"] == \
        "account has no Dirigent role"


def test_a_wrong_role_table_refuses_everyone_with_the_reason(demo, tmp_path, monkeypatch):
    table = tmp_path / "roles.toml"
    table.write_text('[roles]\n"alice@corp.example" = "boss"\n', encoding="utf-8")
    monkeypatch.setenv("DIRIGENT_ROLES_FILE", str(table))
    app = logged_in({"is_logged_in": True, "sub": "a1", "email": "alice@corp.example"})
    assert not app.exception, app.exception
    assert "unknown roles" in app.info[0].value and not app.metric


# -- the audit log and data inventory pages -------------------------------------------------------------------------

def test_the_audit_log_page_filters_by_role_and_action(demo):
    run_app(role="executive")  # one page view by the executive
    app = run_app("audit_log", role="works_council")
    assert not app.exception, app.exception
    assert app.title[0].value == "Audit log"
    table = app.dataframe[0].value
    assert {"page"} <= set(table["action"]) and {"executive", "works_council"} <= set(table["role"])
    app.selectbox(key="audit_role").set_value("executive").run()
    app.selectbox(key="audit_action").set_value("page").run()
    table = app.dataframe[0].value
    assert len(table) and set(table["role"]) == {"executive"} and set(table["action"]) == {"page"}
    assert app.get("download_button")[0].proto.label == "CSV"
    assert all("@" not in str(login) for login in table["login"])  # pseudonyms only


def test_the_data_inventory_page_in_both_languages(demo, monkeypatch):
    monkeypatch.setenv("DIRIGENT_WORKS_COUNCIL_MIN_GROUP_SIZE", "12")
    app = run_app("data_inventory", role="ld_lead")
    assert not app.exception, app.exception
    assert app.title[0].value == "Data inventory"
    assert [m.value for m in app.metric[:2]] == ["10", "12"]
    assert "must not be used, to monitor" in app.info[0].value
    tables = app.dataframe[1].value.set_index("table")
    assert "actor_id" in tables.loc["events", "pseudonymised"] and tables.loc["events", "kept"] == "24 months"
    assert not tables.loc["org_units", "people"] and tables.loc["audit_log", "people"]
    app.session_state["language"] = "de"
    app.run()
    assert app.title[0].value == "Datenverzeichnis"
    assert "Aufbewahrungsfristen" in [h.value for h in app.subheader]


def test_a_figure_the_privacy_rules_refuse_reads_hidden_under_a_notice(demo):
    app = run_app("skills", filter_country="DE")  # the rest of DE's parent unit is below k in the fixture company
    assert not app.exception, app.exception
    notices = [w.value for w in app.warning if w.value.startswith("The privacy rules refuse some figures")]
    assert len(notices) == 1 and "is refused" in notices[0]
    assert app.title[0].value == "Skills" and app.metric  # the page goes on
    assert entries(demo, action="denied", limit=1)[0]["detail"] in notices[0]
