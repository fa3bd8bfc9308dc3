"""Writing and removing one paper's graph, keeping the knowledge graph in step.

A paper is written all or nothing. On the embedded store the journal mark, the new
paper graph and the knowledge triples of its subjects go in one update, so one
transaction: a kill leaves either the old paper or the new one, each with its knowledge
graph. Reconciling with curators' decisions follows; the journal mark (in the journal
graph, `<paper graph> ekg:writePending true`) is cleared only after it. A remote store
takes the same steps as separate requests; a write cut short there leaves its mark,
and `recover_pending_writes` (run by every `ekg ingest` before it writes) rebuilds the
knowledge graph and reconciles the marked papers again. Papers that `ekg ingest` writes
in batches with the bulk loader (`graph/paper_batches.py`) carry another mark,
`ekg:bulkWritePending`, until the load is complete: a kill during the load leaves part of
them, so recovery removes those papers whole (run the ingest again to add them).
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox

from ontology.vocab import EKG, GRAPH, PAPER_GRAPH_PREFIX

from .knowledge import claim_subjects, rebuild_all, refresh_operations, refresh_subjects
from .oxigraph_store import OxigraphStore
from .results import ntriples, term_text
from .store import Store

JOURNAL_GRAPH = str(GRAPH["journal"])
PENDING = str(EKG.writePending)
BULK_PENDING = str(EKG.bulkWritePending)
Reconcile = Callable[[Store, str], object]


def _mark(graph: str) -> str:
    return f"GRAPH <{JOURNAL_GRAPH}> {{ <{graph}> <{PENDING}> true }}"


def write_paper(
    store: Store, graph: str, quads: list[ox.Quad], reconcile: Reconcile | None = None
) -> int:
    """Replace the paper's graph with `quads`, then `reconcile(store, graph)` if given;
    returns the number of triples written."""
    before = claim_subjects(store, graph)
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    after = {term_text(t.object) for t in triples if t.predicate.value == str(EKG.claimSubject)}
    data = ntriples(triples)
    if isinstance(store, OxigraphStore):
        store.update(
            " ;\n".join(
                [
                    f"INSERT DATA {{ {_mark(graph)} }}",
                    f"DROP SILENT GRAPH <{graph}>",
                    f"INSERT DATA {{ GRAPH <{graph}> {{\n{data}\n}} }}",
                    *refresh_operations(before | after),
                ]
            )
        )
    else:
        store.update(f"INSERT DATA {{ {_mark(graph)} }}")
        store.replace_graph(graph, data)
        refresh_subjects(store, before | after)
    if reconcile is not None:
        reconcile(store, graph)
    store.update(f"DELETE DATA {{ {_mark(graph)} }}")
    return len(triples)


def _marked(store: Store, mark: str) -> set[str]:
    result = store.query(
        f"SELECT ?g WHERE {{ GRAPH <{JOURNAL_GRAPH}> {{ ?g <{mark}> true }} }}",
        union_default=False,
    )
    return {term_text(sol["g"]) for sol in result}  # type: ignore[union-attr]


def pending_writes(store: Store) -> list[str]:
    """Paper graphs whose write began and did not finish."""
    return sorted(_marked(store, PENDING) | _marked(store, BULK_PENDING))


def recover_pending_writes(store: Store, reconcile: Reconcile | None = None) -> list[str]:
    """Finish what a killed write left: remove the papers a bulk load cut short, rebuild
    the knowledge graph, reconcile the other marked papers again, clear the marks.
    Returns the paper graphs repaired or removed."""
    cut_short = _marked(store, BULK_PENDING)
    pending = sorted(_marked(store, PENDING) - cut_short)
    if not pending and not cut_short:
        return []
    if cut_short:
        store.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in sorted(cut_short)))
    rebuild_all(store)
    for graph in pending:
        if reconcile is not None and store.count(graph):
            reconcile(store, graph)
    store.update(f"DROP SILENT GRAPH <{JOURNAL_GRAPH}>")
    return sorted(cut_short.union(pending))


def remove_paper(store: Store, graph: str) -> None:
    before = claim_subjects(store, graph)
    store.update(" ;\n".join([f"DROP SILENT GRAPH <{graph}>", *refresh_operations(before)]))


def paper_graphs(store: Store) -> list[str]:
    result = store.query(
        f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "
        f'"{PAPER_GRAPH_PREFIX}")) }}',
        union_default=False,
    )
    return sorted(term_text(sol["g"]) for sol in result)  # type: ignore[union-attr]
