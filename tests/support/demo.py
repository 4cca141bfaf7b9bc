"""Generate a demo company and sync every source of `data/demo/sources.toml` into a warehouse.

The demo Moodle runs in a process of its own for the sync, as `make demo` runs it beside the sync: in a thread of
the syncing process it would share one interpreter lock with the connector that calls it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

from connectors.config import KINDS, load_sources
from data.demo import generate
from data.demo.moodle_server import ENDPOINT, make_server
from data.db import make_engine
from data.loading import SyncResult, run_sync
from data.meta import mark_demo
from data.migrate import upgrade
from data.pseudonyms import Pseudonymiser

ROOT = Path(__file__).resolve().parents[2]
DEMO_SOURCES = ROOT / "data" / "demo" / "sources.toml"
TOKEN = "demo-moodle-token"
STARTUP_SECONDS = 60


@contextmanager
def demo_moodle(folder: Path, port: int = 0, separate: bool = True):
    """The demo Moodle answering from `folder` (port 0: a free one); yields its URL.

    `separate`: in a process of its own (`python -m data.demo.moodle_server`), ended when the block ends;
    otherwise in a thread of this process."""
    previous = os.environ.get("DIRIGENT_DEMO_MOODLE_TOKEN")
    os.environ["DIRIGENT_DEMO_MOODLE_TOKEN"] = TOKEN
    try:
        with (_moodle_process if separate else _moodle_thread)(folder, port) as url:
            yield url
    finally:
        if previous is None:
            os.environ.pop("DIRIGENT_DEMO_MOODLE_TOKEN", None)
        else:
            os.environ["DIRIGENT_DEMO_MOODLE_TOKEN"] = previous


@contextmanager
def _moodle_thread(folder: Path, port: int):
    server = make_server(folder, TOKEN, port=port)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def _moodle_process(folder: Path, port: int):
    """The server prints its address once it listens (port 0: the one the system gave it); until then, wait."""
    command = [sys.executable, "-m", "data.demo.moodle_server", "--dir", str(folder), "--port", str(port),
               "--token", TOKEN]
    process = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, text=True)
    try:
        url = _first_line(process).removesuffix(ENDPOINT).rpartition(" ")[2]
        if not url.startswith("http://"):
            raise RuntimeError(f"the demo Moodle did not start ({' '.join(command)}; see its error output): "
                               f"{url or 'no address'}")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()


def _first_line(process: subprocess.Popen) -> str:
    """The first line the process writes, or '' when it ends or says nothing within STARTUP_SECONDS."""
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(STARTUP_SECONDS)
    return lines[0].strip() if lines else ""


def generate_demo(root: Path, **arguments) -> dict:
    """Write the exports to root/demo_exports, where data/demo/sources.toml expects them."""
    return generate(root / "demo_exports", **arguments)


def sync_demo(engine, root: Path, pseudonymise: Pseudonymiser, timed=None, moodle_port: int = 0,
              moodle_separate: bool = True, skip: tuple[str, ...] = (),
              moodle_options: dict | None = None) -> list[SyncResult]:
    """Sync every demo source in order (but those named in `skip`); `timed(label, action)` may wrap each sync;
    `moodle_options` adds to the Moodle source's settings (the bench: `processes`).

    Syncing the same warehouse again needs the same `moodle_port`: the site's address is part of every Moodle
    key (course and account addresses), so a Moodle on another port is another site and loads everything anew."""
    config_dir = root / "demo"
    config_dir.mkdir(exist_ok=True)
    results = []
    with demo_moodle(root / "demo_exports" / "moodle", moodle_port, moodle_separate) as moodle_url:
        for source in load_sources(DEMO_SOURCES):
            if source.name in skip:
                continue
            options = ({**source.options, **(moodle_options or {}), "url": moodle_url} if source.kind == "moodle"
                       else source.options)
            connector = KINDS[source.kind](source.name, options, pseudonymise, config_dir)

            def action(connector=connector):
                return run_sync(engine, connector)

            results.append(timed(f"sync {source.name} ({source.kind})", action) if timed else action())
    mark_demo(engine)  # as `make demo-sync` does: the dashboard opens the demo without a login
    return results


def demo_warehouse(root: Path, key: bytes, skip: tuple[str, ...] = (), **arguments) -> tuple[str, list[SyncResult]]:
    """The demo company generated into `root` (`arguments` as for the generator) and synced into a SQLite
    warehouse there, but the sources in `skip`; its URL and the sync results."""
    generate_demo(root, **arguments)
    url = f"sqlite:///{root / 'warehouse.db'}"
    engine = make_engine(url)
    upgrade(engine)
    try:
        return url, sync_demo(engine, root, Pseudonymiser(key), skip=skip)
    finally:
        engine.dispose()
