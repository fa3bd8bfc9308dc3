"""A synthetic evidence graph shaped like docs/model.md, cached on disk for the benchmarks.

    path = dataset("1m")           # N-Quads file, made once (about 195 MB at 1M quads)
    store = built_store("1m")      # an on-disk Oxigraph store of it, seeded like `ekg serve`

Studies, findings and their claims with evidence in one named graph per paper, plus a
lexicon of constructs, instruments and interventions: about 56 quads per study.
Nothing here is read by the project; the data lives under $EKG_BENCH_DATA
(default /tmp/ekg-bench-data) so the big tier is built once per machine.
"""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

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
CONSTRUCTS, INSTRUMENTS, INTERVENTIONS = 150, 300, 40
TIERS = {"10k": 180, "100k": 1800, "1m": 18000}  # studies per tier
VERSION = 2  # bump when the shape changes: cached files are rebuilt


def data_folder() -> Path:
    folder = Path(os.environ.get("EKG_BENCH_DATA", "/tmp/ekg-bench-data"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def lit(value: object) -> ox.Literal:
    return ox.Literal(value)  # type: ignore[arg-type]


def synthetic(studies: int, seed: int = 7) -> Iterator[ox.Quad]:
    """A graph shaped like the model: lexicon, knowledge triples, claims per paper."""
    rng = random.Random(seed)
    lex, know = n(GRAPH + "bench-lexicon"), n(GRAPH + "bench")  # seeding leaves these alone
    for c in range(CONSTRUCTS):
        yield ox.Quad(n(f"{ID}construct/c{c}"), n(RDF_TYPE), n(EKG + "Construct"), lex)
        yield ox.Quad(n(f"{ID}construct/c{c}"), n(SKOS + "prefLabel"), lit(f"construct {c}"), lex)
    for i in range(INSTRUMENTS):
        inst = n(f"{ID}instrument/i{i}")
        yield ox.Quad(inst, n(RDF_TYPE), n(EKG + "Instrument"), lex)
        yield ox.Quad(inst, n(SKOS + "prefLabel"), lit(f"instrument {i}"), lex)
        yield ox.Quad(inst, n(EKG + "abbreviation"), lit(f"I{i}"), lex)
        yield ox.Quad(inst, n(EKG + "measures"), n(f"{ID}construct/c{i % CONSTRUCTS}"), lex)
    for v in range(INTERVENTIONS):
        iv = n(f"{ID}intervention/v{v}")
        yield ox.Quad(iv, n(RDF_TYPE), n(EKG + "Intervention"), lex)
        yield ox.Quad(iv, n(EKG + "abbreviation"), lit(f"V{v}"), lex)
    for s in range(studies):
        yield from study(rng, s, know)


def study(rng: random.Random, s: int, know: ox.NamedNode) -> Iterator[ox.Quad]:
    paper_no = s // 8
    paper, pgraph = n(f"{ID}paper/p{paper_no}"), n(f"{GRAPH}paper/p{paper_no}")
    node = n(f"{ID}study/s{s}")
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
        (EKG + "evaluates", n(f"{ID}intervention/v{rng.randrange(INTERVENTIONS)}")),
        (EKG + "usedInstrument", n(f"{ID}instrument/i{rng.randrange(INSTRUMENTS)}")),
    ]:
        yield ox.Quad(node, n(p), o, know)
    for k in range(3):
        yield from finding(rng, s, k, node, paper, pgraph, know)


def finding(
    rng: random.Random,
    s: int,
    k: int,
    study: ox.NamedNode,
    paper: ox.NamedNode,
    pgraph: ox.NamedNode,
    know: ox.NamedNode,
) -> Iterator[ox.Quad]:
    f = n(f"{ID}finding/s{s}-{k}")
    for p, o in [
        (RDF_TYPE, n(EKG + "Finding")),
        (EKG + "study", study),
        (EKG + "intervention", n(f"{ID}intervention/v{s % INTERVENTIONS}")),
        (EKG + "outcome", n(f"{ID}construct/c{rng.randrange(CONSTRUCTS)}")),
        (EKG + "instrument", n(f"{ID}instrument/i{rng.randrange(INSTRUMENTS)}")),
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


def dataset(tier: str) -> Path:
    """The tier's N-Quads file, written on first use."""
    path = data_folder() / f"synthetic-v{VERSION}-{tier}.nq"
    if not path.exists():
        partial = path.with_suffix(".partial")
        with partial.open("wb") as fh:
            ox.serialize(synthetic(TIERS[tier]), fh, format=ox.RdfFormat.N_QUADS)
        partial.rename(path)
    return path


def built_store(tier: str) -> Path:
    """An on-disk store of the tier, bulk-loaded and seeded as `ekg serve` would seed it."""
    from graph.oxigraph_store import OxigraphStore
    from graph.seed import ensure_seeded

    path = data_folder() / f"store-v{VERSION}-{tier}"
    if not (path / "CURRENT").exists():
        shutil.rmtree(path, ignore_errors=True)
        store = OxigraphStore(str(path))
        store.native.bulk_load(path=str(dataset(tier)), format=ox.RdfFormat.N_QUADS)
        ensure_seeded(store)
        store.native.optimize()
        store.close()
    return path


def store_copy(tier: str, dest: Path) -> Path:
    """A copy of the tier's store (a checkpoint: hard links, instant) that may be written."""
    shutil.rmtree(dest, ignore_errors=True)
    source = ox.Store(str(built_store(tier)))
    source.backup(str(dest))
    del source
    return dest
