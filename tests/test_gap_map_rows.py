"""The gap map's rows, joined in Python from one scan per property, are the rows of the one
SPARQL query they replace (kept here as the reference), on the examples and on a graph of
the awkward cases: several labels, missing values, findings that share a row."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.gap_map import cell_rows, gap_map
from graph.oxigraph_store import OxigraphStore
from graph.results import rows
from graph.seed import ensure_seeded
from ingest.runner import ingest_files
from ontology.vocab import EKG, ID, KNOWLEDGE_GRAPH, RDF, SKOS, XSD, sparql_prefixes
from tests.conftest import EXAMPLES

REFERENCE = (
    sparql_prefixes()
    + """
SELECT ?iv ?ivL ?c ?cL ?s ?design ?n ?dir ?sample (GROUP_CONCAT(DISTINCT ?instL; separator="\\t") AS ?instruments)
WHERE {
  ?f a ekg:Finding ; ekg:intervention ?iv ; ekg:outcome ?c ; ekg:study ?s .
  OPTIONAL { ?iv ekg:abbreviation ?ivA } OPTIONAL { ?iv skos:prefLabel ?ivP }
  BIND(COALESCE(?ivA, ?ivP, STR(?iv)) AS ?ivL)
  OPTIONAL { ?c skos:prefLabel ?cP } BIND(COALESCE(?cP, STR(?c)) AS ?cL)
  OPTIONAL { ?f ekg:direction/skos:notation ?dir }
  OPTIONAL { ?s ekg:design/skos:notation ?design }
  OPTIONAL { ?s ekg:sampleSize ?n }
  OPTIONAL { ?s ekg:sampleDescription ?sample }
  OPTIONAL { ?f ekg:instrument ?i OPTIONAL { ?i ekg:abbreviation ?ia }
             OPTIONAL { ?i skos:prefLabel ?ip } BIND(COALESCE(?ia, ?ip) AS ?instL) }
} GROUP BY ?iv ?ivL ?c ?cL ?s ?design ?n ?dir ?sample
"""
)


def as_set(found: list[dict[str, str]]) -> set[tuple[object, ...]]:
    return {
        (*(r[k] for k in sorted(r) if k != "instruments"), frozenset(r["instruments"].split("\t")))
        for r in found
    }


def awkward(store: OxigraphStore) -> None:
    k = ox.NamedNode(str(KNOWLEDGE_GRAPH))

    def add(s: str, p: object, o: ox.NamedNode | ox.Literal) -> None:
        store.native.add(ox.Quad(ox.NamedNode(str(ID[s])), ox.NamedNode(str(p)), o, k))

    iv, c, i1, i2, bare = (ox.NamedNode(str(ID[x])) for x in ("iv/x", "c/y", "i/1", "i/2", "i/3"))
    add("iv/x", EKG.abbreviation, ox.Literal("X"))
    add("iv/x", EKG.abbreviation, ox.Literal("XX"))  # two abbreviations: two rows
    add("iv/x", SKOS.prefLabel, ox.Literal("Intervention X"))
    add("i/1", SKOS.prefLabel, ox.Literal("Scale one"))
    add("i/2", EKG.abbreviation, ox.Literal("S2"))
    for n, (study, direction, inst) in enumerate(
        [
            ("s/1", "Increase", i1),
            ("s/1", "Increase", i2),
            ("s/1", None, bare),
            ("s/2", "Mixed", None),
        ]
    ):
        f = f"f/{n}"
        add(f, RDF.type, ox.NamedNode(str(EKG.Finding)))
        add(f, EKG.intervention, iv)
        add(f, EKG.outcome, c)  # a construct without a label
        add(f, EKG.study, ox.NamedNode(str(ID[study])))
        if direction:
            add(f, EKG.direction, ox.NamedNode(str(EKG[direction])))
        if inst is not None:
            add(f, EKG.instrument, inst)
    add("s/1", EKG.sampleSize, ox.Literal("40", datatype=ox.NamedNode(str(XSD.integer))))
    add("s/1", EKG.design, ox.NamedNode(str(EKG.RandomisedControlled)))
    add("s/2", EKG.sampleDescription, ox.Literal("nurses"))


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    store = OxigraphStore(None)
    ensure_seeded(store)
    assert not ingest_files(store, sorted(EXAMPLES.glob("*.txt")), jobs=1).failed
    awkward(store)
    return store


def test_the_rows_are_the_reference_query_s(store: OxigraphStore) -> None:
    found = cell_rows(store)
    assert len(found) > 10 and any(r["ivL"] == "XX" for r in found)
    assert as_set(found) == as_set(rows(store.query(REFERENCE)))


def test_the_map_from_given_rows_is_the_map_read_now(store: OxigraphStore) -> None:
    given = cell_rows(store)
    for design in ("", "randomised-controlled"):
        assert gap_map(store, design=design, found=given) == gap_map(store, design=design)
