"""Shared fixtures: the shared inputs, a real store on disk, a real server on loopback."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples" / "papers"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is missing: the shared inputs sit beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def corpus(shared: Path) -> Path:
    return shared / "corpus"


@pytest.fixture(scope="session")
def gold(shared: Path) -> Path:
    return shared / "gold"


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ekg(
    *args: str,
    store: Path | str,
    check: bool = True,
    timeout: float = 600,
    input: str | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the installed `ekg` command as a user would."""
    full_env = {**os.environ, "EKG_STORE": str(store), **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "api", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
        input=input,
        cwd=ROOT,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"ekg {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}")
    return proc


@dataclass
class Server:
    url: str
    store: Path
    process: subprocess.Popen[bytes]

    def client(self, **kwargs: object) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60, **kwargs)  # type: ignore[arg-type]


def start_server(store: Path, env: dict[str, str] | None = None) -> Server:
    port = free_port()
    log = open(store.parent / f"server-{port}.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "api", "serve", "--port", str(port)],
        env={**os.environ, "EKG_STORE": str(store), **(env or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(
                f"ekg serve exited: {(store.parent / f'server-{port}.log').read_text()}"
            )
        try:
            if httpx.get(url + "/openapi.json", timeout=2).status_code == 200:
                return Server(url, store, process)
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError("ekg serve did not answer within 60 s")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture
def server_factory() -> Iterator[Callable[..., Server]]:
    started: list[Server] = []

    def make(store: Path, env: dict[str, str] | None = None) -> Server:
        server = start_server(store, env)
        started.append(server)
        return server

    yield make
    for server in started:
        stop_server(server)


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """The system Chromium through Playwright (never a browser download)."""
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


@pytest.fixture(scope="session")
def example_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server for the session over the example papers (read-only tests share it)."""
    store = tmp_path_factory.mktemp("examples") / "store"
    ekg("ingest", str(EXAMPLES), store=store)
    server = start_server(store)
    yield server
    stop_server(server)


def wait_until(page: object, expression: str, timeout: float = 30.0) -> None:
    """Poll a JavaScript expression until it holds. Playwright's `wait_for_function`
    evaluates its predicate with `eval` inside the page, which the app's
    Content-Security-Policy (no 'unsafe-eval') rightly refuses; `evaluate` runs through
    the DevTools protocol, outside the page's policy, so the policy stays on in tests."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(f"Boolean({expression})"):  # type: ignore[attr-defined]
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout:.0f} s: {expression}")
        time.sleep(0.05)
