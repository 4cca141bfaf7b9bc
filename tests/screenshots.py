"""`make screenshots`: every dashboard page on the demo company, in Chromium at 1280x800, into docs/screenshots/.

Run after `make demo` has synced the demo warehouse; the README shows these pictures.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.dashboard.conftest import CHROMIUM, free_port, full_screenshot, wait_for_app

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
PAGES = {"overview": "", "participation": "participation", "network": "network", "skills": "skills",
         "companionship": "companionship", "ecosystem": "ecosystem", "works-council": "works-council",
         "quarterly-review": "quarterly-review", "data-health": "data-health", "audit-log": "audit-log",
         "data-inventory": "data-inventory"}
GERMAN = ("overview", "works-council")


def main() -> int:
    from playwright.sync_api import sync_playwright

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.port",
                               str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false"],
                              cwd=ROOT, env=os.environ, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.5)
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            shots = [(name, path, "en") for name, path in PAGES.items()] + [
                (f"{name}-de", PAGES[name], "de") for name in GERMAN]
            for name, path, lang in shots:
                page.goto(f"{base}/{path}?period=2026-Q3&lang={lang}")
                wait_for_app(page)
                page.wait_for_timeout(1500)  # plotly draws after the script has finished
                full_screenshot(page, OUT / f"{name}.png")
                print(f"docs/screenshots/{name}.png")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
