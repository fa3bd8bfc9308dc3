"""`ekg import` against pyoxigraph's own `Store.bulk_load` of the same file: time and peak RSS.

    .venv/bin/python benchmarks/store_load.py [--tier 100k] [--tier 1m] [--rounds 1]

Each load runs in a fresh process into an empty store folder; the peak RSS is that
process's own (`wait4`). The rows: the baseline (bulk_load alone, nothing else), `ekg
import` (a streaming parse check, bulk_load, seeding the ontology and lexicon, then the
knowledge graph recomputed), and `Store.load` in one transaction (what `ekg import` did
before, and still does through a running server).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import TIERS, dataset  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BULK = """import sys, pyoxigraph as ox
ox.Store(sys.argv[1]).bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_QUADS)"""
TRANSACTION = """import sys, pyoxigraph as ox
store = ox.Store(sys.argv[1])
with open(sys.argv[2], 'rb') as fh:
    store.load(fh.read(), format=ox.RdfFormat.N_QUADS)"""


def measured(command: list[str]) -> tuple[float, float, float]:
    """(seconds, peak RSS in MiB, CPU seconds) of the command, run to its end. CPU time
    moves much less than the wall clock with the host's other load."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tier", action="append", choices=list(TIERS))
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--old", action="store_true", help="also Store.load in one transaction")
    args = parser.parse_args()
    ekg = str(Path(sys.executable).with_name("ekg"))
    print(
        "| tier | load | seconds | peak RSS MiB | CPU s | time x bulk_load | RSS x bulk_load "
        "| CPU x bulk_load |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for tier in args.tier or ["100k"]:
        data = str(dataset(tier))
        runs: dict[str, list[tuple[float, float, float]]] = {}
        for _ in range(args.rounds):  # take turns, so all see the same machine load
            commands = {
                "Store.bulk_load (baseline)": [sys.executable, "-c", BULK],
                "ekg import": [ekg, "import", data, "--store"],
            }
            if args.old:
                commands["Store.load, one transaction"] = [sys.executable, "-c", TRANSACTION]
            for label, command in commands.items():
                folder = Path(tempfile.mkdtemp(prefix="ekg-bench-load-"))
                store = str(folder / "store")
                full = command + [store] if label == "ekg import" else command + [store, data]
                runs.setdefault(label, []).append(measured(full))
                shutil.rmtree(folder, ignore_errors=True)
        base = runs["Store.bulk_load (baseline)"]
        base_t, base_m, base_c = (min(r[i] for r in base) for i in range(3))
        for label, results in runs.items():
            t, m, c = (min(r[i] for r in results) for i in range(3))
            print(
                f"| {tier} | {label} | {t:.1f} | {m:.0f} | {c:.1f} | {t / base_t:.2f} "
                f"| {m / base_m:.2f} | {c / base_c:.2f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
