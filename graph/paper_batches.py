"""Writing many new papers at once: `ekg ingest`'s fast path on an embedded store.

`write_paper` pays a SPARQL update per paper (its N-Triples parsed as update text, then
the knowledge triples of every subject it mentions recomputed over all papers), which
costs more than extracting the paper and grows with the store. Papers that are not in
the store yet can instead go in a batch:

1. one update marks them all `ekg:bulkWritePending` in the journal graph;
2. Oxigraph's bulk loader writes their quads (about half the CPU of a transaction);
   together with the knowledge triples their live claims assert (a new paper only adds
   claims, so the knowledge graph gains exactly those: `graph.knowledge.new_knowledge`,
   the same triples `refresh_subjects` would compute, at a tenth of its cost);
3. one update swaps those marks for `ekg:writePending`;
4. each paper is reconciled in input order, the later papers of the batch hidden from
   it, so holds come out as if the papers had been written one after another;
5. one update clears the marks.

All or nothing per paper, as `write_paper`: a kill during 1–2 leaves bulk marks, and
`recover_pending_writes` removes those papers whole; after 3 the papers are whole and
recovery reconciles them again. Re-ingested papers, a store with merges to replay
(`owl:sameAs` in the curation graph) and remote stores keep `write_paper`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Protocol

import pyoxigraph as ox

from ontology.errors import EkgError
from ontology.vocab import CURATION_GRAPH, OWL

from .knowledge import Candidate, new_knowledge
from .knowledge import K as KNOWLEDGE
from .oxigraph_store import OxigraphStore
from .papers import BULK_PENDING, JOURNAL_GRAPH, PENDING

NQUADS = "application/n-quads"


@dataclass
class NewPaper:
    graph: str
    nquads: bytes  # its quads, all in `graph`
    claims: list[Candidate] = field(default_factory=list)  # knowledge.claim_candidates


class BatchReconcile(Protocol):
    def __call__(
        self, store: OxigraphStore, graph: str, hidden: Collection[str], claims: Iterable[str]
    ) -> object: ...


def batchable(store: OxigraphStore) -> bool:
    """Whether `write_new_papers` may be used on this store: not while merges stand,
    whose replay on later papers reads the knowledge graph."""
    merges = f"ASK {{ GRAPH <{CURATION_GRAPH}> {{ ?b <{OWL.sameAs}> ?a }} }}"
    return not bool(store.query(merges, union_default=False))


def is_new(store: OxigraphStore, graph: str) -> bool:
    found = store.native.quads_for_pattern(None, None, None, ox.NamedNode(graph))
    return next(iter(found), None) is None


def _marks(graphs: list[str], mark: str) -> str:
    return " ".join(f"<{g}> <{mark}> true ." for g in graphs)


def write_new_papers(
    store: OxigraphStore,
    papers: list[NewPaper],
    reconcile: BatchReconcile | None = None,
) -> dict[str, str]:
    """Write `papers` (none of them in the store yet, each graph once) in input order;
    returns graph → error for the papers whose reconciling failed (they stay marked, and
    the next ingest reconciles them)."""
    graphs = [p.graph for p in papers]
    journal = f"GRAPH <{JOURNAL_GRAPH}>"
    knowledge = new_knowledge(store, (c for p in papers for c in p.claims))
    store.update(f"INSERT DATA {{ {journal} {{ {_marks(graphs, BULK_PENDING)} }} }}")
    try:
        lines = "".join(f"{t} <{KNOWLEDGE}> .\n" for t in sorted(knowledge)).encode()
        store.bulk_load(b"".join([*(p.nquads for p in papers), lines]), NQUADS)
    except EkgError:
        store.update(
            " ;\n".join(
                [*(f"DROP SILENT GRAPH <{g}>" for g in graphs)]
                + [f"DELETE DATA {{ {journal} {{ {_marks(graphs, BULK_PENDING)} }} }}"]
            )
        )
        raise
    store.update(
        f"DELETE DATA {{ {journal} {{ {_marks(graphs, BULK_PENDING)} }} }} ;\n"
        f"INSERT DATA {{ {journal} {{ {_marks(graphs, PENDING)} }} }}"
    )
    failed: dict[str, str] = {}
    for i, (graph, paper) in enumerate(zip(graphs, papers, strict=True)):
        if reconcile is not None:
            try:
                claims = [triple for _, _, triple in paper.claims]
                reconcile(store, graph, hidden=graphs[i + 1 :], claims=claims)
            except EkgError as exc:
                failed[graph] = exc.message
    done = [g for g in graphs if g not in failed]
    if done:
        store.update(f"DELETE DATA {{ {journal} {{ {_marks(done, PENDING)} }} }}")
    return failed
