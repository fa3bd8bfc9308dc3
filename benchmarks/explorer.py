"""Explorer and evidence-view API answers against the same SPARQL run in-process.

    .venv/bin/python benchmarks/explorer.py [--studies 1700] [--repeat 40]

Builds the synthetic evidence graph of benchmarks/endpoint.py (about 100k quads at the
default size) plus arms and statistics for every finding, serves it with `ekg serve`
and opens a copy in-process. Each API call runs `--repeat` times over rotating nodes,
interleaved with its baseline: the SPARQL query that answers the same question, run on
pyoxigraph in-process and serialised as JSON. Prints p50 and p95 of each, the ratio of
the p95s and whether each API p95 is under 100 ms (the target at 100k triples). The
first explorer call builds the network once per store revision; its time is printed
apart and not part of the p95. Each call runs twice over the same nodes: the first visit
computes the answer, the second comes from the per-revision view cache.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from endpoint import EKG, GRAPH, ID, n, serve, synthetic  # noqa: E402

from graph.oxigraph_store import OxigraphStore  # noqa: E402
from graph.seed import ensure_seeded  # noqa: E402
from ontology.vocab import sparql_prefixes  # noqa: E402

TARGET_MS = 100.0


def numbers(studies: int, seed: int = 11) -> Iterator[ox.Quad]:
    """Arms for every study, F(1, df), partial η² and means/SDs for every finding."""
    rng = random.Random(seed)
    know = n(GRAPH + "bench")

    def lit(v: object) -> ox.Literal:
        return ox.Literal(v)  # type: ignore[arg-type]

    for s in range(studies):
        study = n(f"{ID}study/s{s}")
        n1, n2 = rng.randint(10, 150), rng.randint(10, 150)
        for role, size in (("treatment", n1), ("control", n2)):
            arm = n(f"{ID}arm/s{s}-{role}")
            yield ox.Quad(study, n(EKG + "hasArm"), arm, know)
            yield ox.Quad(arm, n(EKG + "armRole"), lit(role), know)
            yield ox.Quad(arm, n(EKG + "armSize"), lit(size), know)
        for k in range(3):
            f = n(f"{ID}finding/s{s}-{k}")
            yield ox.Quad(f, n(EKG + "fStatistic"), lit(round(rng.random() * 8, 3)), know)
            yield ox.Quad(f, n(EKG + "degreesOfFreedom"), lit(f"1, {n1 + n2 - 2}"), know)
            yield ox.Quad(f, n(EKG + "partialEtaSquared"), lit(round(rng.random() / 5, 3)), know)
            if k == 0:
                for p in (
                    "preMeanTreatment",
                    "postMeanTreatment",
                    "preMeanControl",
                    "postMeanControl",
                ):
                    yield ox.Quad(f, n(EKG + p), lit(round(20 + rng.random() * 5, 2)), know)
                for p in ("preSdTreatment", "postSdTreatment", "preSdControl", "postSdControl"):
                    yield ox.Quad(f, n(EKG + p), lit(round(3 + rng.random(), 2)), know)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--studies", type=int, default=1700)
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ekg-bench-explorer-"))
    quads = list(synthetic(args.studies)) + list(numbers(args.studies))
    for name in ("served", "local"):
        store = OxigraphStore(str(folder / name))
        store.native.bulk_extend(quads)
        ensure_seeded(store)
        total = store.count()
        store.close()
    print(f"{total} quads in each store ({args.studies} studies); stores in {folder}")
    local = ox.Store(str(folder / "local"))
    process, url = serve(folder / "served")
    client = httpx.Client(base_url=url, timeout=600)
    P = sparql_prefixes()
    json_type = ox.QueryResultsFormat.JSON

    def sparql(text: str) -> Callable[[], object]:
        def run() -> object:
            return local.query(text, use_default_graph_as_union=True).serialize(format=json_type)  # type: ignore[union-attr]

        return run

    def api(path: str, **params: str) -> Callable[[], object]:
        def run() -> object:
            r = client.get(path, params=params)
            r.raise_for_status()
            return r.content

        return run

    def construct(i: int) -> str:
        return f"{ID}construct/c{i % 150}"

    cases: dict[str, Callable[[int], tuple[Callable[[], object], Callable[[], object]]]] = {
        "evidence view (construct)": lambda i: (
            api("/api/evidence", construct=construct(i)),
            sparql(
                P + f"SELECT ?f ?s ?dir WHERE {{ ?f ekg:outcome <{construct(i)}> ; ekg:study ?s "
                "OPTIONAL { ?f ekg:direction ?dir } }"
            ),
        ),
        "evidence view (intervention x construct)": lambda i: (
            api(
                "/api/evidence", construct=construct(i), intervention=f"{ID}intervention/v{i % 40}"
            ),
            sparql(
                P + f"SELECT ?f ?s WHERE {{ ?f ekg:outcome <{construct(i)}> ; "
                f"ekg:intervention <{ID}intervention/v{i % 40}> ; ekg:study ?s }}"
            ),
        ),
        "explorer neighbourhood": lambda i: (
            api("/api/explorer/graph", focus=construct(i)),
            sparql(
                f"SELECT ?s ?p ?o WHERE {{ {{ <{construct(i)}> ?p ?o }} UNION {{ ?s ?p <{construct(i)}> }} }}"
            ),
        ),
        "explorer side panel": lambda i: (
            api("/api/explorer/node", iri=construct(i)),
            sparql(
                P + f"SELECT ?f ?s ?dir WHERE {{ ?f ekg:outcome <{construct(i)}> ; ekg:study ?s "
                "OPTIONAL { ?f ekg:direction ?dir } }"
            ),
        ),
        "explorer search": lambda i: (
            api("/api/explorer/search", q=f"construct {i % 150}"),
            sparql(
                P
                + f'SELECT ?x ?l WHERE {{ ?x skos:prefLabel ?l FILTER(CONTAINS(LCASE(STR(?l)), "construct {i % 150}")) }} LIMIT 12'
            ),
        ),
    }
    try:
        started = time.perf_counter()
        api("/api/explorer/search", q="construct")()
        print(
            f"first explorer call (builds the network): {(time.perf_counter() - started) * 1000:.0f} ms"
        )
        results = []
        for name, make in cases.items():
            make(0)[0]()  # warm the code paths (not the answers: node 0 is not asked again)
            for visit in ("first visit", "again"):  # again: answered from the view cache
                a_times, b_times = [], []
                for i in range(1, args.repeat + 1):
                    call, base = make(i * 7)
                    for run, spent in ((call, a_times), (base, b_times)):
                        t = time.perf_counter()
                        run()
                        spent.append(time.perf_counter() - t)
                results.append((f"{name}, {visit}", a_times, b_times))
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=30)
    print(f"{'call':<56}{'API p50':>9}{'API p95':>9}{'SPARQL p95':>12}{'ratio p95':>11}  < 100 ms")
    for name, a, b in results:
        a95, b95 = percentile(a, 0.95) * 1000, percentile(b, 0.95) * 1000
        print(
            f"{name:<56}{statistics.median(a) * 1000:>9.1f}{a95:>9.1f}{b95:>12.1f}"
            f"{a95 / b95:>11.1f}  {'yes' if a95 < TARGET_MS else 'NO'}"
        )


if __name__ == "__main__":
    main()
