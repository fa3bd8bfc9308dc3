"""What a runaway query adds to a concurrent lookup, measured in turns.

    .venv/bin/python benchmarks/runaway.py [--tier 100k] [--turns 4] [--set slow_query_seconds=1]

Lookups (a study's properties, as in `benchmarks/mix.py`) are sent one after another, in
turns of `--seconds`: with nothing else running on the server, beside a busy loop (a
process outside the server spinning on one core), beside one runaway query (a triple cross
product stopped at its time limit) and beside two, with `--settle` seconds between turns
(a stopped runaway's worker is replaced then). The turns alternate, so that a spell of
other work on the machine falls on every condition alike (the probe of
`benchmarks/endpoint.py` measures "alone" first and "beside a runaway" after, which a
change of load in between skews). Printed: the median and p90 of each condition and what
each adds to the median alone. The busy loop is the baseline of the same run: what any
CPU-bound neighbour costs a lookup on this machine; what a runaway adds beyond it is the
server's. `--set` passes EKG_* settings to `ekg serve`.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from loadgen import http_caller, sequential  # noqa: E402
from mix import RUNAWAY, lookup  # noqa: E402
from servers import ekg_serve  # noqa: E402
from synthetic import TIERS, store_copy  # noqa: E402

SPIN = "import time\nend = time.monotonic() + %f\nwhile time.monotonic() < end: pass\n"
CONDITIONS = ("alone", "beside a busy loop", "beside 1 runaway", "beside 2 runaways")


def turn(url: str, studies: int, rng: random.Random, condition: str, seconds: float) -> list[float]:
    """Lookup times (s) during one turn of `seconds` under `condition`."""
    call = http_caller(url + "/sparql")()
    helpers: list[threading.Thread] = []
    spinner = None
    if condition == "beside a busy loop":
        spinner = subprocess.Popen([sys.executable, "-c", SPIN % (seconds + 0.5)])
    for _ in range(CONDITIONS.index(condition) - 1 if "runaway" in condition else 0):
        runaway = http_caller(url + "/sparql", {"timeout": str(seconds + 0.5)})()

        def go(run=runaway) -> None:  # type: ignore[no-untyped-def]
            with contextlib.suppress(RuntimeError):  # stopped at its time limit: expected
                run(RUNAWAY)

        helpers.append(threading.Thread(target=go, daemon=True))
    for t in helpers:
        t.start()
    time.sleep(0.3)  # the neighbours have started
    times: list[float] = []
    stop = time.monotonic() + seconds - 0.3
    while time.monotonic() < stop:
        times += sequential(call, lambda: lookup(rng, studies), 1)
        time.sleep(0.02)
    for t in helpers:
        t.join(timeout=seconds + 10)
    if spinner is not None:
        spinner.wait()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tier", default="100k", choices=list(TIERS))
    parser.add_argument("--turns", type=int, default=4, help="turns of each condition")
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--settle", type=float, default=3.0, help="pause between turns")
    parser.add_argument("--set", action="append", default=[], help="NAME=VALUE of EKG_NAME")
    args = parser.parse_args()
    settings = dict(item.split("=", 1) for item in args.set)
    served = store_copy(args.tier, Path(tempfile.mkdtemp(prefix="ekg-bench-runaway-")) / "s")
    studies, rng = TIERS[args.tier], random.Random(3)
    found: dict[str, list[float]] = {c: [] for c in CONDITIONS}
    with ekg_serve(served, **settings) as (_, url):
        call = http_caller(url + "/sparql")()
        sequential(call, lambda: lookup(rng, studies), 20)  # warm up
        for _ in range(args.turns):
            for condition in CONDITIONS:
                found[condition] += turn(url, studies, rng, condition, args.seconds)
                time.sleep(args.settle)  # stopped runaways' workers are replaced meanwhile
    alone = statistics.median(found["alone"]) * 1000
    print(f"{args.tier}, {args.turns} turns of {args.seconds:g} s each, settings {settings or '-'}")
    print("| condition | lookups | median ms | p90 ms | added to the median alone |")
    print("|---|---|---|---|---|")
    for condition, times in found.items():
        ordered = sorted(times)
        median = statistics.median(ordered) * 1000
        p90 = ordered[int(len(ordered) * 0.9)] * 1000
        print(f"| {condition} | {len(times)} | {median:.1f} | {p90:.1f} | {median - alone:+.1f} |")


if __name__ == "__main__":
    main()
