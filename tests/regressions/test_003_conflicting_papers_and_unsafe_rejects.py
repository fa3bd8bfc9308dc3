"""Issue 12.3: two papers disagreeing on a single-valued property of one study made
`ekg validate` fail after an ingest that exited 0; a curator's reject of an rdf:type
claim broke a shape with no warning from the API."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.curation import held_claims, reconcile_paper
from graph.oxigraph_store import OxigraphStore
from graph.papers import write_paper
from graph.results import rows
from graph.seed import ensure_seeded
from graph.validate import validate_store
from ontology.vocab import EKG, KNOWLEDGE_GRAPH, paper_graph

ID = "https://w3id.org/evidence-kg/id/"
STUDY = ID + "study/shapiro-2005"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SOURCE = "http://purl.org/dc/terms/source"


def claims(paper: str, qualitative: bool) -> list[ox.Quad]:
    g, n = ox.NamedNode(paper_graph(paper)), ox.NamedNode
    quads = []
    for i, (p, o) in enumerate(
        [
            (RDF_TYPE, n(str(EKG.Study))),
            (
                str(EKG.qualitative),
                ox.Literal(
                    "true" if qualitative else "false",
                    datatype=n("http://www.w3.org/2001/XMLSchema#boolean"),
                ),
            ),
        ]
    ):
        c = n(f"{ID}claim/{paper}/{i}")
        quads += [
            ox.Quad(c, n(RDF_TYPE), n(str(EKG.Claim)), g),
            ox.Quad(c, n(str(EKG.claimSubject)), n(STUDY), g),
            ox.Quad(c, n(str(EKG.claimPredicate)), n(p), g),
            ox.Quad(c, n(str(EKG.claimObject)), o, g),
            ox.Quad(c, n(SOURCE), n(f"{ID}paper/{paper}"), g),
        ]
    return quads


def test_two_papers_disagreeing_keep_both_claims_and_validate(tmp_path: Path) -> None:
    store = OxigraphStore(str(tmp_path / "s"))
    ensure_seeded(store)
    write_paper(store, paper_graph("a"), claims("a", True), reconcile_paper)
    write_paper(store, paper_graph("b"), claims("b", False), reconcile_paper)
    values = rows(
        store.query(
            f"SELECT ?o WHERE {{ GRAPH <{KNOWLEDGE_GRAPH}> {{ <{STUDY}> <{EKG.qualitative}> ?o }} }}",
            union_default=False,
        )
    )
    assert [v["o"] for v in values] == ["true"]  # the first paper's value stays
    held = held_claims(store)
    assert f"{ID}claim/b/1" in held  # the second is kept, held back for review
    report = validate_store(store)  # the hand-made claims lack provenance; only the
    assert report.knowledge == []  # shape of the disputed property matters here
    assert not [v for v in report.violations if v.path == "qualitative"], report.lines()
    store.close()


TYPE_CLAIMS = """PREFIX ekg: <https://w3id.org/evidence-kg/ontology#>
SELECT ?c ?s WHERE {
  GRAPH ?g { ?c a ekg:Claim ; ekg:claimSubject ?s ; ekg:claimObject ekg:Construct ;
             ekg:claimPredicate <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> }
  GRAPH <https://w3id.org/evidence-kg/graph/knowledge> { ?f ekg:outcome ?s }
  FILTER NOT EXISTS { GRAPH <https://w3id.org/evidence-kg/graph/lexicon> { ?s a ?t } }
} ORDER BY ?c LIMIT 1"""


def test_rejecting_a_type_others_rest_on_is_refused_naming_the_shape(tmp_path: Path) -> None:
    from graph.curation import reject
    from ingest.runner import ingest_files
    from ontology.errors import ShapeConflictError
    from tests.conftest import EXAMPLES

    store = OxigraphStore(str(tmp_path / "s"))
    ensure_seeded(store)
    ingest_files(store, sorted(EXAMPLES.iterdir()), jobs=1)
    assert validate_store(store).ok
    found = rows(store.query(TYPE_CLAIMS, union_default=False))
    assert found, "the example papers have a construct that only extraction types"
    claim = found[0]["c"]
    with pytest.raises(ShapeConflictError, match="ekg:outcome must be one ekg:Construct") as e:
        reject(store, claim, "tester", "not a construct")
    assert e.value.status == 409 and "FindingShape" in e.value.message
    report = validate_store(store)
    assert report.ok, report.lines()
    store.close()
