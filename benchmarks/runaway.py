"""What a runaway query adds to a concurrent lookup, alone, in a few rounds.

    .venv/bin/python benchmarks/runaway.py [--tier 100k] [--rounds 3] [--set slow_query_seconds=1]

The probe of `benchmarks/endpoint.py` (`runaway_effect`): the median of 60 lookups (a
study's properties) one at a time, then lookups sent one after another while one (and
two) runaway queries, a triple cross product, run to their 5 s limit. Each round is a
fresh `ekg serve` on a copy of the tier's store; `--set` passes EKG_* settings.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from endpoint import runaway_effect  # noqa: E402
from servers import ekg_serve  # noqa: E402
from synthetic import TIERS, store_copy  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tier", default="100k", choices=list(TIERS))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--set", action="append", default=[], help="NAME=VALUE of EKG_NAME")
    args = parser.parse_args()
    settings = dict(item.split("=", 1) for item in args.set)
    added: list[float] = []
    print("| round | lookup alone ms | with 1 runaway (worst) | added | with 2 (worst) | added |")
    print("|---|---|---|---|---|---|")
    for n in range(args.rounds):
        served = store_copy(args.tier, Path(tempfile.mkdtemp(prefix="ekg-bench-runaway-")) / "s")
        with ekg_serve(served, **settings) as (_, url):
            alone, one, one_worst = runaway_effect(url, TIERS[args.tier], 1, 5.0)
            _, two, two_worst = runaway_effect(url, TIERS[args.tier], 2, 5.0)
        added.append(one - alone)
        print(
            f"| {n + 1} | {alone:.1f} | {one:.1f} ({one_worst:.0f}) | +{one - alone:.1f} "
            f"| {two:.1f} ({two_worst:.0f}) | +{two - alone:.1f} |",
            flush=True,
        )
    print(
        f"median added by one runaway over {len(added)} rounds: +{statistics.median(added):.1f} ms"
    )


if __name__ == "__main__":
    main()
