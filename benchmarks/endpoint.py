"""The SPARQL endpoint against the engine it fronts, on the same data, in the same run.

    .venv/bin/python benchmarks/endpoint.py [--tier 100k] [--tier 1m] [--duration 10]
        [--clients 1,4,16] [--rdflib-endpoint /tmp/rdflib-endpoint-venv]

For each tier of the synthetic evidence graph (benchmarks/synthetic.py) it measures:
- throughput and p50/p95 of the query mix (benchmarks/mix.py) with 1, 4 and 16 clients,
  for `ekg serve` (HTTP, SPARQL JSON), pyoxigraph in-process on the same on-disk store
  (read-only), pyoxigraph in-process in memory, and rdflib-endpoint when given;
- the time a tiny query (`ASK {}`) takes over HTTP beyond its in-process time;
- what runaway queries (a triple cross product stopped by its time limit) add to a
  concurrent lookup;
- the memory of `ekg serve` (RSS and PSS summed over its processes).
Every figure is printed with its ratio to the in-process baseline of the same run.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from loadgen import Stats, http_caller, in_process_caller, median_ms, run_load, sequential  # noqa: E402
from mix import MIX, RUNAWAY, TINY, lookup  # noqa: E402
from servers import ekg_serve, memory_mib, oxigraph_server, rdflib_endpoint, tree  # noqa: E402
from synthetic import TIERS, built_store, store_copy  # noqa: E402


def mix_for(studies: int):  # type: ignore[no-untyped-def]
    kinds = list(MIX.values())

    def pick(rng: random.Random) -> str:
        return rng.choice(kinds)(rng, studies)

    return pick


def throughput(
    targets: dict[str, object],
    cpu_of: dict[str, Callable[[], float]],
    studies: int,
    clients: list[int],
    duration: float,
    slices: int,
) -> list[Stats]:
    """Each target for `duration` seconds per client count, in `slices` turns, so that a
    spell of other load on the machine falls on all of them alike. `cpu_of` reads the CPU
    seconds a target has used (the server's processes; this process for in-process)."""
    results = []
    for c in clients:
        merged = {label: Stats(label, c, 0.0) for label in targets}
        for turn in range(slices):
            for label, caller in targets.items():
                before = cpu_of[label]()
                part = run_load(label, caller, mix_for(studies), c, duration / slices, seed=turn)  # type: ignore[arg-type]
                total = merged[label]
                total.cpu += cpu_of[label]() - before
                total.latencies += part.latencies
                total.seconds += part.seconds
                total.errors += part.errors
        for stats in merged.values():
            print(
                f"  {stats.label:<28} {c:>3} clients  {stats.qps:7.1f} q/s  p50 {stats.p50:8.1f} ms"
                f"  p95 {stats.p95:8.1f} ms  CPU {stats.cpu_ms:6.1f} ms/q  errors {stats.errors}",
                flush=True,
            )
            results.append(stats)
    return results


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of the process and its children still alive."""
    total = 0
    for p in tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def tiny_overhead(local: ox.Store, url: str, pid: int, count: int) -> tuple[float, float, float]:
    """Median ms of `ASK {}` in-process and over HTTP, one request at a time, and the
    server's CPU ms per request (which the machine's other load does not change)."""
    base = in_process_caller(local)()
    http = http_caller(url + "/sparql")()
    sequential(http, lambda: TINY, 20)
    inner, outer = [], []
    cpu = 0.0
    for _ in range(count // 10):  # take turns, so both see the same machine load
        inner += sequential(base, lambda: TINY, 10)
        before = cpu_seconds(pid)
        outer += sequential(http, lambda: TINY, 10)
        cpu += cpu_seconds(pid) - before
    return median_ms(inner), median_ms(outer), cpu * 1000 / len(outer)


def runaway_effect(
    url: str, studies: int, runaways: int, seconds: float, path: str = "/sparql"
) -> tuple[float, float, float]:
    """Median ms of a lookup alone; median and worst ms of lookups sent while `runaways`
    runaway queries run (each lookup starts while they are still running)."""
    rng = random.Random(3)
    call = http_caller(url + path)()
    sequential(call, lambda: lookup(rng, studies), 10)
    alone = sequential(call, lambda: lookup(rng, studies), 60)
    threads = []
    for _ in range(runaways):
        runaway = http_caller(url + path, {"timeout": str(seconds)})()

        def go(run=runaway) -> None:  # type: ignore[no-untyped-def]
            with contextlib.suppress(RuntimeError):  # the time limit answers 503: expected
                run(RUNAWAY)

        threads.append(threading.Thread(target=go, daemon=True))
    for t in threads:
        t.start()
    time.sleep(0.3)  # the runaways have started
    during: list[float] = []
    stop = time.monotonic() + seconds - 1.0
    while time.monotonic() < stop:
        during += sequential(call, lambda: lookup(rng, studies), 1)
        time.sleep(0.02)
    for t in threads:
        t.join(timeout=seconds + 10)  # a server that cannot stop its runaway is not waited for
    return median_ms(alone), median_ms(during), max(during) * 1000


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop the servers on the way out
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tier", action="append", choices=list(TIERS))
    parser.add_argument("--clients", default="1,4,16")
    parser.add_argument("--duration", type=float, default=8.0)
    parser.add_argument("--slices", type=int, default=4, help="turns each target takes")
    parser.add_argument(
        "--variant",
        action="append",
        default=[],
        help="another ekg serve to measure beside, as NAME:SETTING=VALUE,... "
        "(e.g. cache:result_cache_mb=64)",
    )
    parser.add_argument("--rdflib-endpoint", type=Path)
    parser.add_argument(
        "--oxigraph-server", type=Path, help="the `oxigraph` binary (pip install oxigraph)"
    )
    parser.add_argument("--workers", default="", help="EKG_QUERY_WORKERS of the server")
    parser.add_argument(
        "--cache-mb", default="0", help="EKG_RESULT_CACHE_MB of the server (0: engine vs engine)"
    )
    args = parser.parse_args()
    clients = [int(c) for c in args.clients.split(",")]
    settings = {"result_cache_mb": args.cache_mb}
    if args.workers:
        settings["query_workers"] = args.workers
    variants = {}
    for given in args.variant:
        name, _, pairs = given.partition(":")
        variants[name] = dict(pair.split("=", 1) for pair in pairs.split(",") if pair)
    for tier in args.tier or ["100k"]:
        run_tier(
            tier,
            clients,
            args.duration,
            args.slices,
            args.rdflib_endpoint,
            settings,
            variants,
            args.oxigraph_server,
        )


def run_tier(
    tier: str,
    clients: list[int],
    duration: float,
    slices: int,
    rdflib_venv: Path | None,
    settings: dict[str, str],
    variants: dict[str, dict[str, str]],
    oxigraph_binary: Path | None,
) -> None:
    studies = TIERS[tier]
    folder = Path(tempfile.mkdtemp(prefix="ekg-bench-endpoint-"))
    source = built_store(tier)
    served = store_copy(tier, folder / "served")
    disk = ox.Store.read_only(str(source))
    dump = folder / "all.nq"
    disk.dump(str(dump), format=ox.RdfFormat.N_QUADS)
    memory = ox.Store()
    memory.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    print(f"\n## tier {tier}: {len(memory):,} quads, {studies:,} studies; {settings}", flush=True)
    with contextlib.ExitStack() as servers:
        server, url = servers.enter_context(ekg_serve(served, max_rows="1000000", **settings))
        targets: dict[str, object] = {
            "ekg serve": http_caller(url + "/sparql"),
            "in-process on-disk": in_process_caller(disk),
            "in-process in-memory": in_process_caller(memory),
        }
        cpu_of: dict[str, Callable[[], float]] = {
            "ekg serve": lambda: cpu_seconds(server.pid),
            "in-process on-disk": time.process_time,
            "in-process in-memory": time.process_time,
        }
        for name, extra in variants.items():
            copy = store_copy(tier, folder / f"served-{len(targets)}")
            variant, other = servers.enter_context(
                ekg_serve(copy, max_rows="1000000", **{**settings, **extra})
            )
            targets[f"ekg serve, {name}"] = http_caller(other + "/sparql")
            cpu_of[f"ekg serve, {name}"] = lambda pid=variant.pid: cpu_seconds(pid)
        rust_url = None
        if oxigraph_binary is not None:
            rust, rust_url = servers.enter_context(oxigraph_server(oxigraph_binary, source, 5))
            targets["oxigraph server (Rust)"] = http_caller(rust_url + "/query")
            cpu_of["oxigraph server (Rust)"] = lambda: cpu_seconds(rust.pid)
        if rdflib_venv is not None:
            with rdflib_endpoint(rdflib_venv, dump) as (peer, peer_url):
                targets["rdflib-endpoint"] = http_caller(peer_url + "/")
                cpu_of["rdflib-endpoint"] = lambda: cpu_seconds(peer.pid)
                results = throughput(targets, cpu_of, studies, clients, duration, slices)
                peer_rss = memory_mib(peer.pid)[0]
        else:
            results = throughput(targets, cpu_of, studies, clients, duration, slices)
            peer_rss = 0.0
        rss, pss, _ = memory_mib(server.pid)
        inner, outer, cpu = tiny_overhead(disk, url, server.pid, 400)
        alone, one, one_worst = runaway_effect(url, studies, 1, 5.0)
        _, two, two_worst = runaway_effect(url, studies, 2, 5.0)
        rss_after, pss_after, _ = memory_mib(server.pid)
        rust_lookup = None
        if rust_url is not None:
            rust_lookup = runaway_effect(rust_url, studies, 1, 5.0, "/query")
    report(tier, results, clients)
    if rust_lookup is not None:
        alone_r, one_r, worst_r = rust_lookup
        print(
            f"  oxigraph server: lookup alone {alone_r:.1f} ms; with 1 runaway {one_r:.1f} ms "
            f"(+{one_r - alone_r:.1f}, worst {worst_r:.1f})"
        )
    print(
        f"  ASK {{}}: in-process {inner:.3f} ms, over HTTP {outer:.3f} ms: +{outer - inner:.2f} ms"
        f" (server CPU {cpu:.2f} ms per request)"
    )
    print(
        f"  lookup alone {alone:.1f} ms; with 1 runaway {one:.1f} ms (+{one - alone:.1f}, "
        f"worst {one_worst:.1f}); with 2 runaways {two:.1f} ms (+{two - alone:.1f}, "
        f"worst {two_worst:.1f})"
    )
    print(
        f"  ekg serve memory: RSS {max(rss, rss_after):.0f} MiB summed over its processes "
        f"(PSS {max(pss, pss_after):.0f} MiB)"
        + (f"; rdflib-endpoint RSS {peer_rss:.0f} MiB" if peer_rss else "")
    )


def report(tier: str, results: list[Stats], clients: list[int]) -> None:
    print(
        "\n| tier | clients | target | q/s | p50 ms | p95 ms | x on-disk | x in-memory "
        "| CPU ms/query | CPU x on-disk |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for c in clients:
        row = {s.label: s for s in results if s.clients == c}
        disk, mem = row["in-process on-disk"].qps, row["in-process in-memory"].qps
        disk_cpu = row["in-process on-disk"].cpu_ms
        for label, s in row.items():
            print(
                f"| {tier} | {c} | {label} | {s.qps:.1f} | {s.p50:.1f} | {s.p95:.1f} "
                f"| {s.qps / disk:.2f} | {s.qps / mem:.2f} | {s.cpu_ms:.1f} "
                f"| {s.cpu_ms / disk_cpu:.2f} |"
            )


if __name__ == "__main__":
    main()
