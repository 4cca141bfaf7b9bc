"""The real login, end to end: an OpenID Connect provider (oidc-provider-mock), `streamlit run` with `[auth]` in its
secrets, and Chromium clicking through it for every role.

The provider knows one user per role (the role in the ID token's `role` claim), one user without the claim whose
e-mail is in the role table, and one with neither. Each logs in as a person would: the app's login button, the
provider's page, back to the app; then the sidebar must offer exactly the role's pages and a link to a page outside
the role must not show it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request

import pytest

from dashboard.texts import TEXTS
from data.audit import entries
from data.db import make_engine
from metrics.access import POLICY, ROLES
from tests.conftest import TEST_KEY
from tests.dashboard.conftest import (ARTIFACTS, APP, ROOT, free_port, full_screenshot, needs_chromium,
                                      wait_for_app)

pytestmark = [pytest.mark.browser, needs_chromium]

USERS = {role: {"sub": f"{role}-1", "email": f"{role.replace('_', '.')}@corp.example", "role": role}
         for role in ROLES}
TABLE_USER = {"sub": "alice", "email": "Alice@Corp.example"}  # no role claim: the e-mail table says works_council
NO_ROLE = {"sub": "mallory", "email": "mallory@corp.example", "role": "superuser"}
URL_PATHS = {"overview": "", "participation": "participation", "network": "network", "skills": "skills",
             "companionship": "companionship", "ecosystem": "ecosystem", "works_council": "works-council",
             "quarterly_review": "quarterly-review", "audit_log": "audit-log", "data_inventory": "data-inventory",
             "data_health": "data-health"}
SHOTS = ARTIFACTS / "login"


def wait_until_up(url: str, process: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{process.args[:4]} exited with {process.returncode}; see {log}")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    process.kill()
    pytest.fail(f"{url} did not answer in 60 s; see {log}")


@pytest.fixture(scope="module")
def provider():
    """oidc-provider-mock on a free port, with the users above predefined (one click each on its page)."""
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / "oidc-provider.log"
    log = open(log_path, "w")
    claims = [*USERS.values(), TABLE_USER, NO_ROLE]
    process = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--port", str(port),
         *[arg for user in claims for arg in ("--user-claims", json.dumps(user))]],
        stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(f"{url}/.well-known/openid-configuration", process, log_path)
    yield url
    process.terminate()
    process.wait(timeout=20)
    log.close()


@pytest.fixture(scope="module")
def login_server(provider, demo_db_url, tmp_path_factory):
    """`streamlit run dashboard/app.py` with [auth] pointing at the provider (on the demo warehouse: login wins)."""
    port = free_port()
    folder = tmp_path_factory.mktemp("login")
    secrets = folder / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{"c0ffee" * 8}"\n'
        'client_id = "dirigent-test"\n'
        'client_secret = "dirigent-test-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n', encoding="utf-8")
    roles = folder / "roles.toml"
    roles.write_text('[roles]\n"alice@corp.example" = "works_council"\n', encoding="utf-8")
    env = {**os.environ, "DIRIGENT_DB_URL": demo_db_url, "DIRIGENT_PSEUDONYM_KEY": TEST_KEY,
           "DIRIGENT_ROLES_FILE": str(roles)}
    env.pop("DIRIGENT_ROLE_CLAIM", None)
    log_path = ARTIFACTS / "streamlit-login.log"
    log = open(log_path, "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", APP, "--server.port", str(port), "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--secrets.files", str(secrets)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(f"{url}/_stcore/health", process, log_path)
    yield url
    process.terminate()
    process.wait(timeout=20)
    log.close()


@pytest.fixture
def tab(browser):
    """A fresh browser (its own cookies) at 1280x800; the provider's page loads no stylesheet from the internet."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.route("https://cdn.jsdelivr.net/**", lambda route: route.abort())
    page = context.new_page()
    yield page
    context.close()


def log_in(tab, server: str, sub: str) -> None:
    """Open the app, press its login button, pick the user on the provider's page, come back to the app."""
    tab.goto(server)
    wait_for_app(tab)
    assert tab.locator("h1").inner_text() == "Dirigent: please log in"
    tab.get_by_role("button", name="Log in").click()
    tab.wait_for_url("**/oauth2/authorize**", timeout=30_000)
    tab.get_by_role("button", name=sub, exact=True).click()
    tab.wait_for_url(f"{server}/**", timeout=30_000)
    wait_for_app(tab)


def navigation(tab) -> list[str]:
    """The page titles the sidebar offers (all of them: 'View more' opened when it is there)."""
    more = tab.locator("[data-testid='stSidebarNavViewButton']")
    if more.count() and "more" in more.inner_text().lower():
        more.click()
    links = tab.locator("[data-testid='stSidebarNavLink']").all_inner_texts()
    return [text.strip().splitlines()[-1].strip() for text in links]  # the icon's name comes first


def titles(role: str) -> set[str]:
    return {TEXTS[page][0] for page in POLICY[role].pages}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_logs_in_and_gets_exactly_its_pages(tab, login_server, demo_db_url, role):
    user = USERS[role]
    log_in(tab, login_server, user["sub"])
    sidebar = tab.locator("[data-testid='stSidebar']")
    role_title = TEXTS[f"role_{role}"][0]
    assert f"Logged in as {user['email']} · role: {role_title}" in sidebar.inner_text()  # st.user has the claims
    assert "Demo mode" not in tab.locator("[data-testid='stMain']").inner_text()
    assert set(navigation(tab)) == titles(role)
    assert tab.locator("h1").first.inner_text() == "Overview"
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SHOTS / f"{role}.png"))
    # A link to a page outside the role: Streamlit does not know the page in this session, the overview opens.
    outside = sorted(set(POLICY["admin"].pages) - set(POLICY[role].pages))
    for page in outside[:2]:
        tab.goto(f"{login_server}/{URL_PATHS[page]}")
        wait_for_app(tab)
        main = tab.locator("[data-testid='stMain']").inner_text()
        assert TEXTS[page][0] not in [h.strip() for h in tab.locator("h1").all_inner_texts()], (role, page)
        assert f"Logged in as {user['email']}" in tab.locator("[data-testid='stSidebar']").inner_text()
        assert "Traceback" not in main
    if outside:  # the attempt is in the audit log
        engine = make_engine(demo_db_url)
        tried = {r["page"] for r in entries(engine, action="denied", login=user["email"], limit=None)}
        engine.dispose()
        assert set(outside[:2]) <= tried
    if outside:
        tab.screenshot(path=str(SHOTS / f"{role}-outside-{outside[0]}.png"))
    for page in ("audit_log", "data_inventory"):  # the privacy pages, for the roles that have them
        if page in POLICY[role].pages:
            tab.goto(f"{login_server}/{URL_PATHS[page]}")
            wait_for_app(tab)
            assert tab.locator("h1").first.inner_text() == TEXTS[page][0]
            assert tab.locator("[data-testid='stException']").count() == 0
            tab.locator("[data-testid='stDataFrame']").first.wait_for(timeout=60_000)  # the grid mounts after the run
            full_screenshot(tab, SHOTS / f"{role}-{page}.png")


def test_without_a_role_claim_the_email_table_gives_the_role(tab, login_server):
    log_in(tab, login_server, TABLE_USER["sub"])
    assert "role: Works council" in tab.locator("[data-testid='stSidebar']").inner_text()
    assert set(navigation(tab)) == titles("works_council")


def test_an_account_without_a_role_is_refused(tab, login_server):
    log_in(tab, login_server, NO_ROLE["sub"])
    assert tab.locator("h1").first.inner_text() == "No access to Dirigent"
    assert "mallory@corp.example" in tab.locator("[data-testid='stMain']").inner_text()
    assert navigation(tab) == []
    assert tab.locator("[data-testid='stMetric']").count() == 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SHOTS / "no-role.png"))
