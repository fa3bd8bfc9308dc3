"""Starting the servers the benchmarks measure, and reading their memory.

`ekg serve` runs from this checkout; rdflib-endpoint (the Python peer) runs from its own
virtualenv, never the project's (`--rdflib-endpoint /tmp/rdflib-endpoint-venv`, made with
`python3 -m venv V && V/bin/pip install rdflib-endpoint`).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def ekg_cli(store: Path, *args: str) -> str:
    """`ekg ARGS` on `store` in a fresh process of this checkout; its standard output
    (CalledProcessError on a failure)."""
    return subprocess.run(
        [sys.executable, "-m", "api", *args],
        env={**os.environ, "EKG_STORE": str(store)},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(process: subprocess.Popen[bytes], url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server at {url} stopped (exit {process.returncode})")
        try:
            httpx.get(url, timeout=5)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"the server at {url} did not start within {seconds:g} s")


@contextmanager
def ekg_serve(store: Path, **settings: str) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """`ekg serve` on `store`; EKG_* settings from the keyword arguments."""
    port = free_port()
    env = {**os.environ, "EKG_STORE": str(store), "EKG_QUERY_TIMEOUT": "300"}
    env.update({f"EKG_{k.upper()}": v for k, v in settings.items()})
    process = subprocess.Popen(
        [sys.executable, "-m", "api", "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(process, url + "/openapi.json", 120)
        yield process, url
    finally:
        stop(process)


@contextmanager
def rdflib_endpoint(venv: Path, data: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    port = free_port()
    process = subprocess.Popen(
        [str(venv / "bin" / "rdflib-endpoint"), "serve", "--host", "127.0.0.1"]
        + ["--port", str(port), str(data)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(process, url + "/?query=ASK%7B%7D", 1800)
        yield process, url
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def tree(pid: int) -> list[int]:
    """The process and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    return found


def memory_mib(pid: int) -> tuple[float, float, float]:
    """(RSS summed over the process tree, PSS summed, peak RSS of the main process) in MiB."""
    rss = pss = 0.0
    for p in tree(pid):
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                key, _, value = line.partition(":")
                if key == "Rss":
                    rss += int(value.split()[0]) / 1024
                elif key == "Pss":
                    pss += int(value.split()[0]) / 1024
        except OSError:
            continue
    peak = 0.0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    except OSError:
        pass
    return rss, pss, peak


@contextmanager
def oxigraph_server(
    binary: Path, store: Path, timeout: float = 300
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """Oxigraph's own server (the `oxigraph` package's binary) read-only on `store`."""
    port = free_port()
    process = subprocess.Popen(
        [str(binary), "serve-read-only", "--location", str(store), "--union-default-graph"]
        + ["--bind", f"127.0.0.1:{port}", "--timeout-s", str(int(timeout))],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(process, url + "/query?query=ASK%7B%7D", 120)
        yield process, url
    finally:
        stop(process)
