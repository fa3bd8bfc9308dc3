"""Latency of the explorer and the evidence views of `ekg serve` on the synthetic graph.

    .venv/bin/python benchmarks/views.py [--tier 100k] [--tier 1m] [--requests 40]
        [--path /some/view?x=1 ...]

Each path is requested `--requests` times, one at a time, after one warm-up request;
p50 and p95 are printed with the target (p95 < 100 ms at 1M quads). Paths another
branch adds (the explorer's evidence views) can be given with `--path`; the default
set is what this checkout serves: the explorer map, with facets, the review queue
(claims with their evidence), one node, and a SPARQL lookup for reference.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from servers import ekg_serve  # noqa: E402
from synthetic import ID, TIERS, store_copy  # noqa: E402

DEFAULT_PATHS = [
    "/",
    "/?facets=true",
    "/api/curation/queue?limit=50",
    f"/api/entities?iri={quote(ID + 'study/s42')}",
    "/sparql?query=" + quote(f"SELECT ?p ?o WHERE {{ <{ID}study/s42> ?p ?o }}"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tier", action="append", choices=list(TIERS))
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--path", action="append")
    args = parser.parse_args()
    paths = args.path or DEFAULT_PATHS
    print("| tier | view | status | p50 ms | p95 ms | under 100 ms |")
    print("|---|---|---|---|---|---|")
    for tier in args.tier or ["100k"]:
        served = store_copy(tier, Path(tempfile.mkdtemp(prefix="ekg-bench-views-")) / "store")
        with ekg_serve(served) as (_, url), httpx.Client(base_url=url, timeout=300) as client:
            for path in paths:
                status = client.get(path).status_code
                if status != 200:
                    print(f"| {tier} | `{path[:57]}` | {status} | | | |")
                    continue
                times = []
                for _ in range(args.requests):
                    started = time.perf_counter()
                    client.get(path).raise_for_status()
                    times.append((time.perf_counter() - started) * 1000)
                times.sort()
                p50, p95 = (
                    times[len(times) // 2],
                    times[min(int(len(times) * 0.95), len(times) - 1)],
                )
                shown = path if len(path) < 60 else path[:57] + "..."
                print(
                    f"| {tier} | `{shown}` | {status} | {p50:.1f} | {p95:.1f} "
                    f"| {'yes' if p95 < 100 else 'no'} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
