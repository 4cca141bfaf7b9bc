"""The Overview in a real browser: Playwright drives Debian's Chromium against `streamlit run`."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from metrics.overview import OVERVIEW_KPIS
from metrics.periods import Period
from tests.dashboard.conftest import english

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM) and not os.environ.get("CI"),
                       reason="Debian's chromium is not installed (apt-get install chromium); CI always runs this"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(demo_db_url):
    port = free_port()
    env = {**os.environ, "DIRIGENT_DB_URL": demo_db_url}
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


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        yield page
        browser.close()


def wait_for_app(page) -> None:
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=90_000)
    page.wait_for_selector("[data-testid='stMetricValue']", timeout=60_000)


def test_overview_shows_the_kpis_the_metrics_layer_computes(page, server, demo_metrics):
    page.goto(server)
    wait_for_app(page)
    values = page.locator("[data-testid='stMetricValue']").all_inner_texts()
    last = demo_metrics.data_range()[1]
    figures = {k.current.metric_id: k.current.value for k in demo_metrics.kpis(Period.month(last.year, last.month))}
    assert [v.strip() for v in values] == [english(m, figures[m]) for m in OVERVIEW_KPIS]
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    assert page.locator(".js-plotly-plot").count() == 2
    page.screenshot(path=str(ARTIFACTS / "overview.png"), full_page=True)


def test_switching_to_german_relabels_and_reformats(page, server, demo_metrics):
    page.goto(server)
    wait_for_app(page)
    page.locator("[data-testid='stSelectbox']").first.click()
    page.get_by_role("option", name="Deutsch").click()
    # The chart legends say "Aktive Lernende" too: wait on the metric label alone.
    page.locator("[data-testid='stMetricLabel']", has_text="Aktive Lernende").wait_for(timeout=30_000)
    wait_for_app(page)
    labels = [t.strip() for t in page.locator("[data-testid='stMetricLabel']").all_inner_texts()]
    assert labels == ["Beschäftigte", "Aktive Lernende", "Beteiligungsquote", "Lernstunden pro VZÄ"]
    rate = page.locator("[data-testid='stMetricValue']").nth(2).inner_text().strip()
    last = demo_metrics.data_range()[1]
    share = {k.current.metric_id: k.current.value for k in demo_metrics.kpis(Period.month(last.year, last.month))}["P3"]
    assert rate == f"{share * 100:.1f} %".replace(".", ",")
    page.screenshot(path=str(ARTIFACTS / "overview-de.png"), full_page=True)
