"""Server-side time of every dashboard page, cold and warm, and of a filter change, measured with AppTest."""

from __future__ import annotations

import logging
import os
import statistics
import time
from pathlib import Path

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
PAGES = ("overview", "participation", "network", "skills", "companionship", "ecosystem", "works_council",
         "quarterly_review", "data_health")


def time_pages(db_url: str, runs: int = 1) -> list[tuple[str, float]]:
    """(label, seconds) for the first run, each page cold then warm (the median of `runs` reruns), and a country
    filter on one page."""
    from streamlit.testing.v1 import AppTest

    os.environ["DIRIGENT_DB_URL"] = db_url
    # AppTest runs the cached loaders outside a script thread; Streamlit warns about that on every call.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)
    timings = []

    def run(label: str, step, times: int = 1) -> None:
        spent = []
        for _ in range(times):
            start = time.perf_counter()
            app = step()
            spent.append(time.perf_counter() - start)
            if app.exception:
                raise RuntimeError(f"{label}: {app.exception[0].message}")
        timings.append((label, statistics.median(spent)))

    app = AppTest.from_file(APP, default_timeout=600)
    run("dashboard: first run (loads the warehouse)", app.run)
    for name in list(logging.root.manager.loggerDict):  # Streamlit set its loggers' levels on the first run
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)
    for page in PAGES:
        # AppTest renders a page on the run after the one that switches to it: cold is both runs.
        run(f"page {page}, cold", lambda: (app.switch_page(f"views/{page}.py").run(), app.run())[1])
        run(f"page {page}, warm", app.run, runs)
    app.switch_page("views/participation.py").run()
    app.session_state["filter_country"] = "DE"  # the demo company's largest country
    # Like a page switch, a changed widget state shows on the next run: cold is both runs.
    run("filter change on participation, cold", lambda: (app.run(), app.run())[1])
    run("filter change on participation, warm", app.run, runs)
    return timings
