"""The knowledge graph: the plain triples every live claim asserts.

A triple is in `graph/knowledge` when some claim in a paper graph or the curation
graph asserts it, no curator rejected or replaced that claim, its paper is not
retracted, and the lexicon does not already hold it. Kept with set semantics, so no
triple is stored twice (pyoxigraph 0.5's union default graph repeats a triple once per
graph holding it: oxigraph issue #1919).
"""

from __future__ import annotations

from collections.abc import Iterable

from ontology.vocab import CURATION_GRAPH, EKG, KNOWLEDGE_GRAPH, LEXICON_GRAPH, PAPER_GRAPH_PREFIX

from .results import term_text
from .store import Store

K, CUR, LEX = str(KNOWLEDGE_GRAPH), str(CURATION_GRAPH), str(LEXICON_GRAPH)
BATCH = 500

LIVE_CLAIM = f"""
  GRAPH ?g {{ ?c a <{EKG.Claim}> ; <{EKG.claimSubject}> ?s ;
                 <{EKG.claimPredicate}> ?p ; <{EKG.claimObject}> ?o . }}
  FILTER(STRSTARTS(STR(?g), "{PAPER_GRAPH_PREFIX}") || ?g = <{CUR}>)
  FILTER NOT EXISTS {{ GRAPH <{CUR}> {{ ?c <{EKG.curationStatus}> ?st .
                       FILTER(?st IN (<{EKG.Rejected}>, <{EKG.Edited}>)) }} }}
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?c <http://purl.org/dc/terms/source> ?paper }}
                       GRAPH ?any {{ ?paper <{EKG.retracted}> true }} }}
  FILTER NOT EXISTS {{ GRAPH <{LEX}> {{ ?s ?p ?o }} }}
"""


def rebuild_all(store: Store) -> None:
    """Recompute the whole knowledge graph (after bulk loads or curation)."""
    store.update(
        f"DROP SILENT GRAPH <{K}> ;\n"
        f"INSERT {{ GRAPH <{K}> {{ ?s ?p ?o }} }} WHERE {{ {LIVE_CLAIM} }}"
    )


def claim_subjects(store: Store, graph: str) -> set[str]:
    result = store.query(
        f"SELECT DISTINCT ?s WHERE {{ GRAPH <{graph}> {{ ?c <{EKG.claimSubject}> ?s }} }}",
        union_default=False,
    )
    return {term_text(sol["s"]) for sol in result}  # type: ignore[union-attr]


def refresh_operations(subjects: Iterable[str]) -> list[str]:
    """The update operations that recompute the knowledge triples of these subjects, to
    run after (and in the same request as) the write that changed their claims."""
    ordered = sorted(subjects)
    operations = []
    for i in range(0, len(ordered), BATCH):
        values = " ".join(f"<{s}>" for s in ordered[i : i + BATCH])
        operations.append(
            f"DELETE {{ GRAPH <{K}> {{ ?s ?p ?o }} }} WHERE {{ VALUES ?s {{ {values} }} "
            f"GRAPH <{K}> {{ ?s ?p ?o }} }} ;\n"
            f"INSERT {{ GRAPH <{K}> {{ ?s ?p ?o }} }} WHERE {{ VALUES ?s {{ {values} }} "
            f"{LIVE_CLAIM} }}"
        )
    return operations


def refresh_subjects(store: Store, subjects: Iterable[str]) -> None:
    """Recompute the knowledge triples of these subjects only."""
    for operation in refresh_operations(subjects):
        store.update(operation)


def knowledge_differences(store: Store) -> tuple[int, int, list[str]]:
    """(missing, extra, examples): how the stored knowledge graph differs from what the
    live claims of the paper graphs and the curation say it should hold."""
    want = {
        (str(r["s"]), str(r["p"]), str(r["o"]))
        for r in store.query(  # type: ignore[union-attr]
            f"SELECT DISTINCT ?s ?p ?o WHERE {{ {LIVE_CLAIM} }}", union_default=False
        )
    }
    have = {
        (str(r["s"]), str(r["p"]), str(r["o"]))
        for r in store.query(  # type: ignore[union-attr]
            f"SELECT ?s ?p ?o WHERE {{ GRAPH <{K}> {{ ?s ?p ?o }} }}", union_default=False
        )
    }
    missing, extra = sorted(want - have), sorted(have - want)
    examples = [f"missing: {s} {p} {o}" for s, p, o in missing[:5]]
    examples += [f"not claimed: {s} {p} {o}" for s, p, o in extra[:5]]
    return len(missing), len(extra), examples
