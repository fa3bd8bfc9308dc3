"""The review queue answered from its index is the queue SPARQL gives, page for page, also
after curation actions made once the index was read (they never change the paper graphs)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

import graph.curation as cur
from graph.curation.claim_index import ClaimIndex
from graph.curation.queue import QueueFilter, QueuePage, sparql_page
from graph.oxigraph_store import OxigraphStore
from graph.seed import ensure_seeded
from ingest.runner import ingest_files
from ontology.errors import ShapeConflictError
from ontology.vocab import EKG, XSD
from tests.conftest import EXAMPLES

PILOT = "pilot_loving_kindness_residents"


@pytest.fixture(scope="module")
def curated() -> tuple[OxigraphStore, ClaimIndex]:
    """Examples ingested, the index read, then accepts, rejects, an edit, an add, a retraction."""
    store = OxigraphStore(None)
    ensure_seeded(store)
    assert not ingest_files(store, sorted(EXAMPLES.glob("*.txt")), jobs=1).failed
    index = ClaimIndex.build(store)
    items = cur.review_queue(store, QueueFilter(status="all", limit=500), index).items
    for kind in ("Finding", "Study"):  # the types the index keeps are read before curation
        cur.review_queue(store, QueueFilter(type=kind), index)
    cur.accept(store, items[0].iri, "alice")
    cur.accept(store, items[5].iri, "alice")
    for view in items[10:]:  # the first claim nothing else rests on
        try:
            cur.reject(store, view.iri, "alice", "noise")
            break
        except ShapeConflictError:
            continue
    [size] = [v for v in items if v.predicate.value == str(EKG.sampleSize)][:1]
    cur.edit(store, size.iri, ox.Literal("23", datatype=ox.NamedNode(str(XSD.integer))), "b", "n")
    study = ox.NamedNode(size.subject.value)
    cur.add(store, study, ox.NamedNode(str(EKG.followUp)), ox.Literal("3 months"), "c", "", PILOT)
    other = next(v.paper_id for v in items if v.paper_id not in (items[0].paper_id, PILOT))
    cur.retract(store, other, "alice", "retracted by the journal")
    return store, index


def same(a: QueuePage, b: QueuePage) -> None:
    assert a.total == b.total
    assert [(v.iri, v.status, v.etag) for v in a.items] == [
        (v.iri, v.status, v.etag) for v in b.items
    ]


FILTERS = [
    QueueFilter(),
    QueueFilter(status="all", limit=500),
    QueueFilter(status="all", limit=7, offset=20),
    QueueFilter(status="accepted"),
    QueueFilter(status="rejected"),
    QueueFilter(status="edited"),
    QueueFilter(status="curator-added"),
    QueueFilter(status="conflict"),
    QueueFilter(status="all", include_retracted=True, limit=500),
    QueueFilter(paper=PILOT, limit=500),
    QueueFilter(type="Finding", limit=500),
    QueueFilter(type="Study", status="all", limit=100),
    QueueFilter(predicate=str(EKG.outcome), limit=500),
    QueueFilter(max_confidence=0.65, limit=500),
    QueueFilter(min_confidence=0.7, max_confidence=0.9, status="all", limit=500),
    QueueFilter(min_confidence=0.8, limit=500),
    QueueFilter(status="all", paper=PILOT, predicate=str(EKG.outcome)),
    QueueFilter(status="accepted", type="Finding"),
    QueueFilter(status="all", offset=380, limit=30),
    QueueFilter(by_statement=True),
    QueueFilter(by_statement=True, status="all", limit=5, offset=3),
    QueueFilter(by_statement=True, type="Finding", limit=20),
    QueueFilter(by_statement=True, paper=PILOT, limit=10),
    QueueFilter(by_statement=True, min_confidence=0.7, limit=10, offset=2),
    QueueFilter(by_statement=True, status="curator-added"),
    QueueFilter(by_statement=True, status="all", include_retracted=True, limit=500),
    QueueFilter(by_statement=True, limit=500),
]


@pytest.mark.parametrize("f", FILTERS, ids=lambda f: repr(f)[12:80])
def test_the_index_gives_the_sparql_page(
    curated: tuple[OxigraphStore, ClaimIndex], f: QueueFilter
) -> None:
    store, index = curated
    same(cur.review_queue(store, f, index), sparql_page(store, f))


def test_a_subject_filter_and_a_fresh_index_agree(
    curated: tuple[OxigraphStore, ClaimIndex],
) -> None:
    store, index = curated
    first = cur.review_queue(store, QueueFilter(status="all"), index).items[0]
    f = QueueFilter(subject=first.subject.value, status="all")
    same(cur.review_queue(store, f), sparql_page(store, f))
    assert cur.review_queue(store, f).total >= 1


def test_claims_come_with_their_evidence_and_its_offsets(
    curated: tuple[OxigraphStore, ClaimIndex],
) -> None:
    store, index = curated
    items = cur.review_queue(store, QueueFilter(status="all", limit=500), index).items
    placed = [v.evidence for v in items if v.evidence and v.evidence.start is not None]
    assert placed and all(e.quote and e.end is not None and e.start < e.end for e in placed)  # type: ignore[operator]
