"""Generate a demo company and sync every source of `data/demo/sources.toml` into a warehouse.

The demo Moodle runs in a thread on a free port for the sync, as `make demo` runs it beside the sync.
"""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from pathlib import Path

from connectors.config import KINDS, load_sources
from data.demo import generate
from data.demo.moodle_server import make_server
from data.loading import SyncResult, run_sync
from data.meta import mark_demo
from data.pseudonyms import Pseudonymiser

DEMO_SOURCES = Path(__file__).resolve().parents[2] / "data" / "demo" / "sources.toml"
TOKEN = "demo-moodle-token"


@contextmanager
def demo_moodle(folder: Path, port: int = 0):
    """The demo Moodle answering from `folder` (port 0: a free one); yields its URL."""
    server = make_server(folder, TOKEN, port=port)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    previous = os.environ.get("DIRIGENT_DEMO_MOODLE_TOKEN")
    os.environ["DIRIGENT_DEMO_MOODLE_TOKEN"] = TOKEN
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        if previous is None:
            os.environ.pop("DIRIGENT_DEMO_MOODLE_TOKEN", None)
        else:
            os.environ["DIRIGENT_DEMO_MOODLE_TOKEN"] = previous


def generate_demo(root: Path, **arguments) -> dict:
    """Write the exports to root/demo_exports, where data/demo/sources.toml expects them."""
    return generate(root / "demo_exports", **arguments)


def sync_demo(engine, root: Path, pseudonymise: Pseudonymiser, timed=None, moodle_port: int = 0) -> list[SyncResult]:
    """Sync every demo source in order; `timed(label, action)` may wrap each sync to measure it.

    Syncing the same warehouse again needs the same `moodle_port`: the site's address is part of every Moodle
    key (course and account addresses), so a Moodle on another port is another site and loads everything anew."""
    config_dir = root / "demo"
    config_dir.mkdir(exist_ok=True)
    results = []
    with demo_moodle(root / "demo_exports" / "moodle", moodle_port) as moodle_url:
        for source in load_sources(DEMO_SOURCES):
            options = {**source.options, "url": moodle_url} if source.kind == "moodle" else source.options
            connector = KINDS[source.kind](source.name, options, pseudonymise, config_dir)

            def action(connector=connector):
                return run_sync(engine, connector)

            results.append(timed(f"sync {source.name} ({source.kind})", action) if timed else action())
    mark_demo(engine)  # as `make demo-sync` does: the dashboard opens the demo without a login
    return results
