"""Writing and removing one paper's graph, keeping the knowledge graph in step."""

from __future__ import annotations

import pyoxigraph as ox

from ontology.vocab import PAPER_GRAPH_PREFIX

from .knowledge import claim_subjects, refresh_subjects
from .results import ntriples, term_text
from .store import Store


def write_paper(store: Store, graph: str, quads: list[ox.Quad]) -> int:
    """Replace the paper's graph with `quads`; returns the number of triples written."""
    before = claim_subjects(store, graph)
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    store.replace_graph(graph, ntriples(triples))
    refresh_subjects(store, before | claim_subjects(store, graph))
    return len(triples)


def remove_paper(store: Store, graph: str) -> None:
    before = claim_subjects(store, graph)
    store.update(f"DROP SILENT GRAPH <{graph}>")
    refresh_subjects(store, before)


def paper_graphs(store: Store) -> list[str]:
    result = store.query(
        f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "
        f'"{PAPER_GRAPH_PREFIX}")) }}',
        union_default=False,
    )
    return sorted(term_text(sol["g"]) for sol in result)  # type: ignore[union-attr]
