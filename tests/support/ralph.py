"""A real Ralph LRS for the tests: its own virtual environment, Basic-auth credentials, `runserver` on a free port.

Ralph (ralph-malph on PyPI) lives in `.venv-ralph` at the repository root, created on first use.
Its fs backend keeps statements in one JSON-lines file and accepts only the first POST (later
ones fail: the file exists), so a test seeds it once, in one bulk POST.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]
RALPH_VERSION = "5.1.0"
PINS = (f"ralph-malph[cli,lrs]=={RALPH_VERSION}", "requests==2.34.2")
VENV = REPO / ".venv-ralph"
INSTALLED = VENV / f".installed-{RALPH_VERSION}"
USERNAME = "dirigent-sync"


def unavailable(reason: str):
    """Skip locally, fail on CI: CI must test against the real LRS."""
    if os.environ.get("CI"):
        pytest.fail(f"Ralph LRS unavailable on CI: {reason}", pytrace=False)
    pytest.skip(f"Ralph LRS unavailable: {reason}")


def ralph_command() -> Path:
    """The `ralph` command of .venv-ralph, installing Ralph there first when it is missing."""
    ralph = VENV / "bin" / "ralph"
    if INSTALLED.is_file() and ralph.is_file():
        return ralph
    python = shutil.which("python3.11") or sys.executable
    steps = ([python, "-m", "venv", str(VENV)],
             [str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *PINS])
    for step in steps:
        try:
            done = subprocess.run(step, capture_output=True, text=True, timeout=900)
        except (OSError, subprocess.TimeoutExpired) as exc:
            unavailable(f"`{' '.join(step)}` did not run: {exc}")
        if done.returncode != 0:
            lines = (done.stderr + done.stdout).strip().splitlines()
            errors = [line for line in lines if line.startswith("ERROR")] or lines[-5:]
            unavailable(f"`{' '.join(step)}` failed: " + " | ".join(errors[-5:]))
    INSTALLED.touch()
    return ralph


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RalphLrs:
    """One Ralph LRS with the fs backend in a folder of its own."""

    def __init__(self, ralph: Path, folder: Path):
        self.ralph, self.folder = ralph, folder
        self.port = free_port()
        self.root = f"http://127.0.0.1:{self.port}"
        self.url = f"{self.root}/xAPI"
        self.username, self.password = USERNAME, secrets.token_urlsafe(16)
        self.process: subprocess.Popen | None = None
        self.seeded = False
        app = folder / "app"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("RALPH_", "PYTHON"))}
        self.env.update({
            "RALPH_APP_DIR": str(app),
            "RALPH_AUTH_FILE": str(app / "auth.json"),
            "RALPH_HISTORY_FILE": str(app / "history.json"),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(folder / "data"),
            "RALPH_BACKENDS__DATA__FS__DEFAULT_DIRECTORY_PATH": str(folder / "data"),
        })

    def start(self, wait_seconds: float = 60) -> None:
        (self.folder / "data").mkdir(parents=True, exist_ok=True)
        auth = subprocess.run(
            [str(self.ralph), "auth", "-u", self.username, "-p", self.password, "-s", "all",
             "-M", "mailto:lrs-admin@example.org", "-N", "Dirigent sync", "-w"],
            cwd=self.folder, env=self.env, capture_output=True, text=True, timeout=120)
        if auth.returncode != 0:
            pytest.fail(f"`ralph auth` failed: {auth.stderr.strip()[-500:]}", pytrace=False)
        self.log = (self.folder / "server.log").open("w")
        self.process = subprocess.Popen(
            [str(self.ralph), "runserver", "-b", "fs", "-h", "127.0.0.1", "-p", str(self.port)],
            cwd=self.folder, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + wait_seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stop()
                pytest.fail(f"`ralph runserver` exited with {self.process.returncode}: {self.log_tail()}",
                            pytrace=False)
            try:
                if requests.get(f"{self.root}/__heartbeat__", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        self.stop()
        pytest.fail(f"Ralph did not answer within {wait_seconds} s: {self.log_tail()}", pytrace=False)

    def seed(self, statements: list[dict]) -> list[str]:
        """Store statements in one bulk POST (the fs backend takes only one); returns their ids."""
        if self.seeded:
            raise RuntimeError("Ralph's fs backend accepts only the first POST; seed everything at once")
        response = requests.post(f"{self.url}/statements", json=statements, auth=(self.username, self.password),
                                 headers={"X-Experience-API-Version": "1.0.3"}, timeout=120)
        if response.status_code != 200:
            raise RuntimeError(f"seeding Ralph failed: HTTP {response.status_code} {response.text[:300]}")
        self.seeded = True
        return response.json()

    def stop(self) -> None:
        """End the server, its reloader and its worker: the process group this fixture started."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        if getattr(self, "log", None):
            self.log.close()

    def log_tail(self, lines: int = 15) -> str:
        path = self.folder / "server.log"
        return " | ".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.is_file() else ""


@pytest.fixture(scope="session")
def ralph_lrs(tmp_path_factory) -> Iterator[RalphLrs]:
    """A running, empty Ralph LRS (fs backend) with one Basic-auth user; stopped after the session."""
    lrs = RalphLrs(ralph_command(), tmp_path_factory.mktemp("ralph"))
    lrs.start()
    try:
        yield lrs
    finally:
        lrs.stop()
