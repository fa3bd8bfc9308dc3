"""Latency of the explorer and the evidence views of `ekg serve` on the synthetic graph.

    .venv/bin/python benchmarks/views.py [--tier 100k] [--tier 1m] [--requests 20]
        [--path /some/view?x=1 ...]

Each view is asked `--requests` times over different nodes (pages, constructs, studies)
that no request asked before ("new"), then the same again ("again": what the server keeps
between writes answers these), one request at a time. The first request of each view
is timed apart: right after the server starts on a copy of the store it never served
("first, new store": the whole-graph summaries are being built then: the explorer's
network, the review queue's claim index, the gap map's rows, the findings table), and
right after it restarts on the same store ("first, restart": it reads what it saved when
it stopped, `api/persisted.py`). "new" and "again" are timed once the summaries are saved
(`--settle` bounds the wait). p50 and p95 are printed beside the target (p95 < 100 ms at
1M quads), and a SPARQL lookup through the endpoint as the baseline of the same run.
`--path` adds fixed paths (another branch's views), measured the same way without
rotation.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from endpoint import cpu_seconds  # noqa: E402
from servers import ekg_serve  # noqa: E402
from synthetic import CONSTRUCTS, ID, INTERVENTIONS, TIERS, store_copy  # noqa: E402

from graph.summary_seal import FOLDER  # noqa: E402
from ontology.vocab import GRAPH  # noqa: E402

EKG = str(Path(sys.executable).with_name("ekg"))


def q(text: str) -> str:
    return quote(text, safe="")


def construct(i: int) -> str:
    return q(f"{ID}construct/c{i % CONSTRUCTS}")


VIEWS: dict[str, Callable[[int], str]] = {
    "explorer search": lambda i: f"/api/explorer/search?q=construct%20{i % CONSTRUCTS}",
    "explorer overview": lambda i: f"/api/explorer/graph?limit={100 + i}",
    "explorer neighbourhood": lambda i: f"/api/explorer/graph?focus={construct(i)}",
    "explorer side panel": lambda i: f"/api/explorer/node?iri={construct(i)}",
    "network summary": lambda i: "/api/network/summary",
    "evidence (construct)": lambda i: f"/api/evidence?construct={construct(i)}",
    "evidence (intervention × construct)": lambda i: (
        f"/api/evidence?construct={construct(i)}"
        f"&intervention={q(f'{ID}intervention/v{i % INTERVENTIONS}')}"
    ),
    "evidence page": lambda i: f"/evidence?construct={construct(i + 75)}",
    "gap map": lambda i: "/api/map",
    "gap map (filtered)": lambda i: f"/api/map?population=x{i}",
    "review queue": lambda i: f"/api/curation/queue?limit=50&offset={50 * i}",
    "review queue, findings": lambda i: (
        f"/api/curation/queue?type=Finding&limit=50&offset={50 * i}"
    ),
    "review queue, by statement": lambda i: f"/api/curation/queue?group=statement&offset={10 * i}",
    "one node (curation)": lambda i: f"/api/entities?iri={q(f'{ID}study/s{37 * i}')}",
    "SPARQL lookup (baseline)": lambda i: (
        "/sparql?query=" + q(f"SELECT ?p ?o WHERE {{ <{ID}study/s{41 * i}> ?p ?o }}")
    ),
}


SAVED = {"network", "map-rows", "map-json", "findings-table", "claim-index", "network-summary"}


def settle(store: Path, seconds: float) -> float:
    """Wait until the server has saved its summaries (at most `seconds`); how long it took."""
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        if {p.stem for p in (store / FOLDER).glob("*.pickle")} >= SAVED:
            break
        time.sleep(0.5)
    return time.perf_counter() - started


def firsts(client: httpx.Client, views: dict[str, Callable[[int], str]]) -> dict[str, str]:
    out = {}
    for name, path_of in views.items():
        started = time.perf_counter()
        response = client.get(path_of(0))
        ms = (time.perf_counter() - started) * 1000
        out[name] = f"{ms:.0f}" if response.status_code == 200 else str(response.status_code)
    return out


def percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(int(len(ordered) * share), len(ordered) - 1)]


def timed(client: httpx.Client, path: str) -> float:
    started = time.perf_counter()
    client.get(path).raise_for_status()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tier", action="append", choices=list(TIERS))
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--view", action="append", help="only these views (by name)")
    parser.add_argument("--path", action="append", default=[])
    parser.add_argument("--settle", type=float, default=900, help="wait for the summaries")
    parser.add_argument(
        "--pause", type=float, default=10, help="after the restart's first requests"
    )
    parser.add_argument(
        "--after-write",
        type=float,
        default=-1,
        help="then write through the server, wait this many seconds, time each view again",
    )
    args = parser.parse_args()
    views = {k: v for k, v in VIEWS.items() if not args.view or k in args.view}
    for path in args.path:
        views[path[:40]] = lambda i, path=path: path  # type: ignore[misc]
    print(
        "| tier | view | first, new store ms | first, restart ms | new p50 | new p95 "
        "| again p50 | again p95 | server CPU ms, new | p95 < 100 ms |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for tier in args.tier or ["100k"]:
        served = store_copy(tier, Path(tempfile.mkdtemp(prefix="ekg-bench-views-")) / "store")
        token = subprocess.run(
            [EKG, "token", "create", "bench", "--role", "admin", "--store", str(served)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        with ekg_serve(served) as (_, url), httpx.Client(base_url=url, timeout=600) as client:
            fresh_first = firsts(client, views)
            waited = settle(served, args.settle)
        print(f"<!-- {tier}: summaries saved {waited:.0f} s after the first requests -->")
        with ekg_serve(served) as (server, url), httpx.Client(base_url=url, timeout=600) as client:
            restart_first = firsts(client, views)
            time.sleep(args.pause)  # the warmer reads the rest of what was saved meanwhile
            for name, path_of in views.items():
                if not restart_first[name].isdigit():
                    print(f"| {tier} | {name} | {fresh_first[name]} | {restart_first[name]} |")
                    continue
                cpu = cpu_seconds(server.pid)
                fresh = [timed(client, path_of(i)) for i in range(1, args.requests + 1)]
                cpu = (cpu_seconds(server.pid) - cpu) * 1000 / args.requests
                again = [timed(client, path_of(i)) for i in range(1, args.requests + 1)]
                worst = max(percentile(fresh, 0.95), percentile(again, 0.95))
                print(
                    f"| {tier} | {name} | {fresh_first[name]} | {restart_first[name]} "
                    f"| {percentile(fresh, 0.5):.1f} | {percentile(fresh, 0.95):.1f} "
                    f"| {percentile(again, 0.5):.1f} | {percentile(again, 0.95):.1f} | {cpu:.0f} "
                    f"| {'yes' if worst < 100 else 'no'} |",
                    flush=True,
                )
            if args.after_write >= 0:
                after_write(client, token, tier, views, args.after_write)


def after_write(
    client: httpx.Client, token: str, tier: str, views: dict[str, Callable[[int], str]], wait: float
) -> None:
    """The first request of each view after a write that changes a paper graph, `wait`
    seconds after it (what the server rebuilds after a write: `api/view_warmer.py`)."""
    update = f'INSERT DATA {{ GRAPH <{GRAPH}paper/bench> {{ <{ID}study/bench> <{ID}x> "1" }} }}'
    client.post(
        "/sparql", data={"update": update}, headers={"Authorization": f"Bearer {token}"}
    ).raise_for_status()
    time.sleep(wait)
    for name, path_of in views.items():
        print(f"| {tier} | {name}, {wait:.0f} s after a write | {timed(client, path_of(0)):.0f} |")


if __name__ == "__main__":
    main()
