"""Closed-loop load: `clients` threads each send one query after another for `duration`
seconds; every answer is read in full. The same loop drives in-process calls and HTTP.

    stats = run_load(http_caller(url), queries, clients=4, duration=10)
    stats.qps, stats.p50, stats.p95
"""

from __future__ import annotations

import http.client
import random
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox

Call = Callable[[str], bytes]
Caller = Callable[[], Call]  # makes one client's call (its own connection)
JSON = "application/sparql-results+json"


@dataclass
class Stats:
    label: str
    clients: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    cpu: float = 0.0  # CPU seconds the target used

    @property
    def cpu_ms(self) -> float:
        """CPU milliseconds per answered query."""
        return self.cpu * 1000 / len(self.latencies) if self.latencies else float("nan")

    @property
    def qps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(int(q * len(ordered)), len(ordered) - 1)] * 1000

    @property
    def p50(self) -> float:
        return self.pct(0.50)

    @property
    def p95(self) -> float:
        return self.pct(0.95)


def in_process_caller(store: ox.Store) -> Caller:
    """Query the store directly and serialise the answer as SPARQL JSON, as the endpoint does."""

    def make() -> Call:
        def call(query: str) -> bytes:
            result = store.query(query, use_default_graph_as_union=True)
            if isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
                return result.serialize(format=ox.QueryResultsFormat.JSON) or b""
            return ox.serialize(result, format=ox.RdfFormat.N_TRIPLES) or b""

        return call

    return make


def http_caller(url: str, extra: dict[str, str] | None = None) -> Caller:
    """POST the query as a form to `url` on one kept-alive connection per client."""
    parts = urlsplit(url)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": JSON}

    def make() -> Call:
        conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=600)

        def call(query: str) -> bytes:
            body = urlencode({"query": query, **(extra or {})})
            conn.request("POST", parts.path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            if response.status != 200:
                raise RuntimeError(f"HTTP {response.status}: {data[:200]!r}")
            return data

        return call

    return make


def run_load(
    label: str,
    caller: Caller,
    queries: Callable[[random.Random], str],
    clients: int,
    duration: float,
    seed: int = 1,
) -> Stats:
    stats = Stats(label, clients, duration)
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def client(k: int) -> None:
        rng = random.Random(seed * 1000 + k)
        call = caller()
        try:
            call(queries(rng))  # warm the connection up
        except Exception as exc:
            print(f"    {label}: {exc}"[:300], flush=True)
        start.wait()
        mine: list[float] = []
        errors = 0
        while True:
            query = queries(rng)
            began = time.perf_counter()
            if began >= stop_at[0]:
                break
            try:
                call(query)
                mine.append(time.perf_counter() - began)
            except Exception:
                errors += 1
                call = caller()  # a fresh connection: a broken one fails every later call
        with lock:
            stats.latencies.extend(mine)
            stats.errors += errors

    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(clients)]
    for t in threads:
        t.start()
    stop_at[0] = time.perf_counter() + duration + 3600  # until everyone is ready
    start.wait()
    began = time.perf_counter()
    stop_at[0] = began + duration
    for t in threads:
        t.join()
    stats.seconds = time.perf_counter() - began
    return stats


def sequential(call: Call, query: Callable[[], str], count: int) -> list[float]:
    """Seconds of each of `count` calls made one after another."""
    times = []
    for _ in range(count):
        q = query()
        began = time.perf_counter()
        call(q)
        times.append(time.perf_counter() - began)
    return times


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000
