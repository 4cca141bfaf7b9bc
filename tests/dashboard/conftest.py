"""Helpers for the dashboard tests; the demo warehouse fixtures live in tests/conftest.py."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


def english(metric_id: str, value) -> str:
    """How the dashboard writes a value in English, spelled out independently of its helpers."""
    if metric_id in ("P3", "N2", "S3", "P7", "P8"):
        return f"{value * 100:,.1f}%"
    if metric_id in ("P4", "P5", "C4"):
        return f"{value:,.1f}"
    return f"{value:,}"


def german(metric_id: str, value) -> str:
    text = english(metric_id, value).replace(",", "_").replace(".", ",").replace("_", ".")
    return text.replace("%", " %")


def run_app(page: str | None = None, query: dict | None = None, **session) -> AppTest:
    """The app as a user opens it (optionally with a link's query parameters), switched to `page`."""
    app = AppTest.from_file(APP, default_timeout=120)
    for key, value in session.items():
        app.session_state[key] = value
    for key, value in (query or {}).items():
        app.query_params[key] = value
    app.run()
    if page:
        app.switch_page(f"views/{page}.py").run()
    return app


ROOT = Path(APP).parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
needs_chromium = pytest.mark.skipif(
    not os.path.exists(CHROMIUM) and not os.environ.get("CI"),
    reason="Debian's chromium is not installed (apt-get install chromium); CI always runs this")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def server(demo_db_url):
    """`streamlit run dashboard/app.py` on the small demo warehouse, once per test session."""
    port = free_port()
    # The key pseudonymises the audit log's logins; the autouse setting fixture is not in force for session ones.
    from tests.conftest import TEST_KEY

    env = {**os.environ, "DIRIGENT_DB_URL": demo_db_url, "DIRIGENT_PSEUDONYM_KEY": TEST_KEY}
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / "streamlit.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.port", str(port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.5)
    else:
        process.kill()
        pytest.fail(f"streamlit did not become healthy in 60 s; see {ARTIFACTS / 'streamlit.log'}")
    yield url
    process.terminate()
    process.wait(timeout=20)
    log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh tab at 1280x800, the size the dashboard must read well at."""
    tab = browser.new_page(viewport={"width": 1280, "height": 800})
    yield tab
    tab.close()


def wait_for_app(tab, settle_ms: int = 1_000) -> None:
    """Until the script has run and stayed idle for `settle_ms`: a widget change, the URL sync or a rerun can
    start another run right after the first one ends, and a slow machine shows that gap."""
    # Connected too: under load the websocket can drop and reconnect, and a page between the two shows no content.
    idle = "[data-testid='stApp'][data-test-script-state='notRunning'][data-test-connection-state='CONNECTED']"
    tab.wait_for_selector(idle, timeout=120_000)
    deadline = time.monotonic() + 120
    quiet_since = time.monotonic()
    while time.monotonic() < deadline:
        tab.wait_for_timeout(200)
        if tab.locator(idle).count() == 0:
            tab.wait_for_selector(idle, timeout=120_000)
            quiet_since = time.monotonic()
        elif (time.monotonic() - quiet_since) * 1000 >= settle_ms:
            crashed = tab.locator("[data-testid='stException']")
            assert crashed.count() == 0, f"the page shows an exception: {crashed.first.inner_text()[:2000]}"
            return
    raise AssertionError("the app never stayed idle for long enough")


def full_screenshot(tab, path) -> None:
    """The whole page: Streamlit scrolls inside its main block, so the window grows to its height first."""
    width = tab.viewport_size["width"] if tab.viewport_size else 1280
    height = tab.evaluate("""() => Math.max(...["[data-testid='stMain']", "[data-testid='stAppViewContainer']",
        "[data-testid='stMainBlockContainer']"].map(s => document.querySelector(s)).filter(Boolean)
        .map(e => e.scrollHeight), window.innerHeight)""")
    original = tab.viewport_size
    tab.set_viewport_size({"width": width, "height": min(int(height) + 40, 16000)})
    tab.wait_for_timeout(800)  # plotly redraws at the new size
    tab.screenshot(path=str(path), full_page=True)
    if original:
        tab.set_viewport_size(original)


def tiles(tab) -> dict[str, str]:
    """Every st.metric on the page: label -> value as shown (there is at least one: waited for, not assumed)."""
    tab.locator("[data-testid='stMetricValue']").first.wait_for(state="attached", timeout=30_000)
    labels = [t.strip() for t in tab.locator("[data-testid='stMetricLabel']").all_inner_texts()]
    values = [v.strip() for v in tab.locator("[data-testid='stMetricValue']").all_inner_texts()]
    return dict(zip(labels, values))


def metrics_show(db_url: str, metric_ids, period: str, *options: str) -> dict[str, dict]:
    """`python -m metrics show` for the same figures, as the browser tests compare against it."""
    env = {**os.environ, "DIRIGENT_DB_URL": db_url}
    out = subprocess.run([sys.executable, "-m", "metrics", "show", ",".join(metric_ids), "--period", period,
                          *options, "--format", "json"], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True).stdout
    results = json.loads(out)
    results = results if isinstance(results, list) else [results]
    return {r["metric"]: r for r in results}
