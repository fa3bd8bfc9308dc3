"""A query that would run for minutes is stopped at its time limit, while the server
keeps answering other queries (real concurrent requests on a real `ekg serve`)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from tests.conftest import Server, ekg

EX = "http://example.org/"
# 3,000 triples; three of them joined with each other is 2.7e10 rows: hours of work.
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"
SIMPLE = f"SELECT ?o WHERE {{ <{EX}s7> <{EX}p> ?o }}"


def loaded_server(
    server_factory: Callable[..., Server], tmp_path: Path, env: dict[str, str]
) -> Server:
    store = tmp_path / "store"
    token = ekg("token", "create", "loader", "--role", "curator", store=store).stdout.strip()
    server = server_factory(store, env=env)
    data = "".join(f'<{EX}s{i}> <{EX}p> "{i}" .\n' for i in range(3000))
    with server.client() as c:
        c.put(
            "/store",
            params={"graph": f"{EX}data"},
            content=data,
            headers={
                "Content-Type": "application/n-triples",
                "Authorization": f"Bearer {token}",
            },
        ).raise_for_status()
    return server


def workers(server: Server) -> set[int]:
    """The server's child processes (its query workers)."""
    pid = server.process.pid
    children: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        children |= {int(p) for p in text}
    return children


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


def test_long_query_is_stopped_while_others_are_answered(
    server_factory: Callable[..., Server], tmp_path: Path
) -> None:
    server = loaded_server(server_factory, tmp_path, {"EKG_QUERY_WORKERS": "2"})
    with server.client() as c:  # warm both workers up
        assert c.get("/sparql", params={"query": SIMPLE}).status_code == 200
    before = workers(server)
    slow: dict[str, object] = {}

    def run_slow() -> None:
        started = time.monotonic()
        with server.client() as c:
            response = c.get("/sparql", params={"query": CROSS_PRODUCT, "timeout": "2"})
        slow.update(
            status=response.status_code, body=response.text, seconds=time.monotonic() - started
        )

    fast: list[tuple[int, float]] = []
    lock = threading.Lock()

    def run_fast() -> None:
        with server.client() as c:
            while "status" not in slow:
                started = time.monotonic()
                response = c.get("/sparql", params={"query": SIMPLE})
                with lock:
                    fast.append((response.status_code, time.monotonic() - started))
                time.sleep(0.05)

    threads = [threading.Thread(target=run_slow)] + [
        threading.Thread(target=run_fast) for _ in range(3)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert slow["status"] == 503
    assert "timed out" in str(slow["body"])
    assert 2 <= float(slow["seconds"]) < 10  # type: ignore[arg-type]
    assert len(fast) >= 10 and all(status == 200 for status, _ in fast)
    assert max(seconds for _, seconds in fast) < 2  # answered while the long one ran
    after = workers(server)
    stopped = before - after
    assert len(stopped) == 1 and not any(alive(pid) for pid in stopped)  # really stopped
    assert len(after) >= len(before)  # and replaced
    with server.client() as c:
        assert c.get("/sparql", params={"query": SIMPLE}).json()["results"]["bindings"]


def test_lookup_is_answered_while_every_worker_runs_a_runaway_query(
    server_factory: Callable[..., Server], tmp_path: Path
) -> None:
    """As many runaway queries as workers no longer stall the service: the pool starts
    another worker, and the lookup is answered while the runaways still run."""
    server = loaded_server(server_factory, tmp_path, {"EKG_QUERY_WORKERS": "2"})
    finished: list[str] = []
    lock = threading.Lock()

    def runaway() -> None:
        with server.client() as c:
            response = c.get("/sparql", params={"query": CROSS_PRODUCT, "timeout": "20"})
        with lock:
            finished.append(f"runaway {response.status_code}")

    threads = [threading.Thread(target=runaway) for _ in range(2)]
    for t in threads:
        t.start()
    time.sleep(1)  # both runaways hold a worker
    with server.client() as c:
        lookup = c.get("/sparql", params={"query": SIMPLE})
    with lock:
        finished.append(f"lookup {lookup.status_code}")
    for t in threads:
        t.join(timeout=60)
    assert finished == ["lookup 200", "runaway 503", "runaway 503"]
    assert lookup.json()["results"]["bindings"] == [{"o": {"type": "literal", "value": "7"}}]


def test_request_timeout_is_capped_by_the_setting(
    server_factory: Callable[..., Server], tmp_path: Path
) -> None:
    server = loaded_server(server_factory, tmp_path, {"EKG_QUERY_TIMEOUT": "1.5"})
    started = time.monotonic()
    with server.client() as c:
        response = c.get("/sparql", params={"query": CROSS_PRODUCT, "timeout": "600"})
    assert response.status_code == 503
    assert "1.5 s" in response.json()["message"]
    assert time.monotonic() - started < 8


def test_saturated_service_answers_503(
    server_factory: Callable[..., Server], tmp_path: Path
) -> None:
    env = {
        "EKG_QUERY_WORKERS": "1",
        "EKG_MAX_QUERY_WORKERS": "1",
        "EKG_MAX_QUEUED_QUERIES": "0",
    }
    server = loaded_server(server_factory, tmp_path, env)
    result: dict[str, int] = {}

    def run_slow() -> None:
        with server.client() as c:
            result["slow"] = c.get(
                "/sparql", params={"query": CROSS_PRODUCT, "timeout": "3"}
            ).status_code

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(1)
    with server.client() as c:
        busy = c.get("/sparql", params={"query": SIMPLE})
    thread.join(timeout=30)
    assert busy.status_code == 503
    assert "busy" in busy.json()["message"]
    assert result["slow"] == 503
    with httpx.Client(base_url=server.url, timeout=30) as c:
        assert c.get("/sparql", params={"query": SIMPLE}).status_code == 200


def test_timeout_never_looks_like_an_empty_answer(
    server_factory: Callable[..., Server], tmp_path: Path
) -> None:
    server = loaded_server(server_factory, tmp_path, {})
    with server.client() as c:
        for fmt in ("json", "csv", "tsv"):
            response = c.get(
                "/sparql", params={"query": CROSS_PRODUCT, "timeout": "1", "format": fmt}
            )
            assert response.status_code == 503
            assert "timed out" in response.text


def test_memory_store_answers_at_the_limit(
    server_factory: Callable[..., Server], tmp_path: Path
) -> None:
    """A memory store runs queries in-process: the answer still comes at the limit."""
    server = server_factory(tmp_path / "unused", env={"EKG_STORE": "memory:"})
    started = time.monotonic()
    with server.client() as c:
        response = c.get("/sparql", params={"query": CROSS_PRODUCT, "timeout": "1"})
        simple = c.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert response.status_code == 503 and "timed out" in response.text
    assert time.monotonic() - started < 8
    assert simple.json()["boolean"] is True
