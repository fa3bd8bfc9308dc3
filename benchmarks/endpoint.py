"""The endpoint against the same queries run in-process on pyoxigraph, on the same data.

    .venv/bin/python benchmarks/endpoint.py [--studies 3000] [--repeat 7]

Builds a synthetic evidence graph shaped like docs/model.md (studies, findings, claims
with evidence in paper graphs, a lexicon), writes it to two on-disk stores, serves one
with `ekg serve` and opens the other in-process. Each query (the named queries in
queries/ and a few typical lookups) runs `--repeat` times both ways; the baseline is
`Store.query(...)` plus serialising the answer as SPARQL JSON, the endpoint is a POST
to /sparql reading the whole JSON answer. Prints the median times and their ratio
(target: the endpoint within 2x of in-process).
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from api.named_queries import named_queries  # noqa: E402
from graph.oxigraph_store import OxigraphStore  # noqa: E402
from graph.seed import ensure_seeded  # noqa: E402

B = "https://w3id.org/evidence-kg/"
EKG, ID, GRAPH = B + "ontology#", B + "id/", B + "graph/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
OA, PROV, DCT = (
    "http://www.w3.org/ns/oa#",
    "http://www.w3.org/ns/prov#",
    "http://purl.org/dc/terms/",
)
DESIGNS = ["RandomisedControlled", "PrePost", "NonRandomisedControlled", "Qualitative"]
DIRECTIONS = ["Increase", "Decrease", "NoChange", "Mixed"]

EXTRA_QUERIES = {
    "count-triples": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "one-study": f"SELECT ?p ?o WHERE {{ <{ID}study/s42> ?p ?o }}",
    "findings-of-a-construct": f"""SELECT ?f ?study ?direction WHERE {{
        ?f <{EKG}outcome> <{ID}construct/c7> ; <{EKG}study> ?study ;
           <{EKG}direction> ?direction }}""",
    "designs-histogram": f"""SELECT ?design (COUNT(?s) AS ?n) WHERE {{
        ?s a <{EKG}Study> ; <{EKG}design> ?design }} GROUP BY ?design""",
}


def n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def lit(value: object) -> ox.Literal:
    return ox.Literal(value)  # type: ignore[arg-type]


def synthetic(studies: int, seed: int = 7) -> Iterator[ox.Quad]:
    """A graph shaped like the model: lexicon, knowledge triples, claims per paper."""
    rng = random.Random(seed)
    lex, know = n(GRAPH + "bench-lexicon"), n(GRAPH + "bench")  # seeding leaves these alone
    constructs, instruments, interventions = 150, 300, 40
    for c in range(constructs):
        yield ox.Quad(n(f"{ID}construct/c{c}"), n(RDF_TYPE), n(EKG + "Construct"), lex)
        yield ox.Quad(n(f"{ID}construct/c{c}"), n(SKOS + "prefLabel"), lit(f"construct {c}"), lex)
    for i in range(instruments):
        inst = n(f"{ID}instrument/i{i}")
        yield ox.Quad(inst, n(RDF_TYPE), n(EKG + "Instrument"), lex)
        yield ox.Quad(inst, n(SKOS + "prefLabel"), lit(f"instrument {i}"), lex)
        yield ox.Quad(inst, n(EKG + "abbreviation"), lit(f"I{i}"), lex)
        yield ox.Quad(inst, n(EKG + "measures"), n(f"{ID}construct/c{i % constructs}"), lex)
    for v in range(interventions):
        iv = n(f"{ID}intervention/v{v}")
        yield ox.Quad(iv, n(RDF_TYPE), n(EKG + "Intervention"), lex)
        yield ox.Quad(iv, n(EKG + "abbreviation"), lit(f"V{v}"), lex)
    for s in range(studies):
        paper_no = s // 8
        paper, pgraph = n(f"{ID}paper/p{paper_no}"), n(f"{GRAPH}paper/p{paper_no}")
        study = n(f"{ID}study/s{s}")
        if s % 8 == 0:
            yield ox.Quad(paper, n(RDF_TYPE), n(EKG + "Paper"), know)
            yield ox.Quad(paper, n(DCT + "identifier"), lit(f"p{paper_no}"), know)
        for p, o in [
            (RDF_TYPE, n(EKG + "Study")),
            (RDFS_LABEL, lit(f"Author{s} et al. {2000 + s % 24}")),
            (EKG + "year", lit(2000 + s % 24)),
            (EKG + "design", n(EKG + rng.choice(DESIGNS))),
            (EKG + "sampleSize", lit(rng.randint(12, 400))),
            (EKG + "reportedIn", paper),
            (EKG + "evaluates", n(f"{ID}intervention/v{rng.randrange(interventions)}")),
            (EKG + "usedInstrument", n(f"{ID}instrument/i{rng.randrange(instruments)}")),
        ]:
            yield ox.Quad(study, n(p), o, know)
        for k in range(3):
            yield from finding(rng, s, k, study, paper, pgraph, know, constructs, instruments)


def finding(
    rng: random.Random,
    s: int,
    k: int,
    study: ox.NamedNode,
    paper: ox.NamedNode,
    pgraph: ox.NamedNode,
    know: ox.NamedNode,
    constructs: int,
    instruments: int,
) -> Iterator[ox.Quad]:
    f = n(f"{ID}finding/s{s}-{k}")
    for p, o in [
        (RDF_TYPE, n(EKG + "Finding")),
        (EKG + "study", study),
        (EKG + "intervention", n(f"{ID}intervention/v{s % 40}")),
        (EKG + "outcome", n(f"{ID}construct/c{rng.randrange(constructs)}")),
        (EKG + "instrument", n(f"{ID}instrument/i{rng.randrange(instruments)}")),
        (EKG + "direction", n(EKG + rng.choice(DIRECTIONS))),
        (EKG + "pValue", lit(round(rng.random() / 10, 3))),
        (EKG + "reportedIn", paper),
    ]:
        yield ox.Quad(f, n(p), o, know)
    claim, ev, target, sel = (
        n(f"{ID}{kind}/s{s}-{k}") for kind in ("claim", "evidence", "target", "selector")
    )
    for subject, p, o in [
        (claim, RDF_TYPE, n(EKG + "Claim")),
        (claim, EKG + "claimSubject", f),
        (claim, EKG + "claimPredicate", n(RDF_TYPE)),
        (claim, EKG + "claimObject", n(EKG + "Finding")),
        (claim, PROV + "wasDerivedFrom", ev),
        (ev, OA + "hasTarget", target),
        (target, OA + "hasSelector", sel),
        (sel, OA + "exact", lit(f"the sentence that reports finding {k} of study {s}")),
    ]:
        yield ox.Quad(subject, n(p), o, pgraph)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(store: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ,
        "EKG_STORE": str(store),
        "EKG_MAX_ROWS": "10000000",
        "EKG_QUERY_TIMEOUT": "300",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "api", "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(url + "/openapi.json", timeout=2).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("ekg serve did not start")


def timed(runs: list[Callable[[], bytes]], repeat: int) -> list[float]:
    """Median seconds of each run, interleaved so that both see the same machine load."""
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(repeat):
        for run, spent in zip(runs, times, strict=True):
            started = time.perf_counter()
            run()
            spent.append(time.perf_counter() - started)
    return [statistics.median(spent) for spent in times]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--studies", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ekg-bench-"))
    quads = list(synthetic(args.studies))
    for name in ("served", "local"):
        store = OxigraphStore(str(folder / name))
        store.native.bulk_extend(quads)
        ensure_seeded(store)  # as `ekg serve` does: both hold the ontology and the lexicon
        store.close()
    print(f"{len(quads)} quads, {args.studies} studies; stores in {folder}")
    local = ox.Store(str(folder / "local"))
    process, url = serve(folder / "served")
    queries = {q.name: q.text for q in named_queries()} | EXTRA_QUERIES
    client = httpx.Client(base_url=url, timeout=600)
    json_type = ox.QueryResultsFormat.JSON
    rows = []
    try:
        for name, text in queries.items():

            def in_process(text: str = text) -> bytes:
                result = local.query(text, use_default_graph_as_union=True)
                return result.serialize(format=json_type)  # type: ignore[union-attr,return-value]

            def over_http(text: str = text) -> bytes:
                response = client.post(
                    "/sparql",
                    data={"query": text},
                    headers={"Accept": "application/sparql-results+json"},
                )
                response.raise_for_status()
                return response.content

            size = len(over_http())  # warm both up, and check the answers have the same size
            assert abs(size - len(in_process())) <= max(64, size // 100), name
            base, http = timed([in_process, over_http], args.repeat)
            rows.append((name, base, http))
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=30)
    print(f"{'query':<36}{'in-process ms':>15}{'HTTP ms':>10}{'ratio':>8}")
    for name, base, http in rows:
        print(f"{name:<36}{base * 1000:>15.1f}{http * 1000:>10.1f}{http / base:>8.2f}")
    total_base, total_http = sum(r[1] for r in rows), sum(r[2] for r in rows)
    print(
        f"{'all queries (sum of medians)':<36}{total_base * 1000:>15.1f}"
        f"{total_http * 1000:>10.1f}{total_http / total_base:>8.2f}"
    )
    print(
        f"median ratio over queries: {statistics.median(r[2] / r[1] for r in rows):.2f} "
        "(target <= 2)"
    )


if __name__ == "__main__":
    main()
