"""The knowledge graph: the plain triples every live claim asserts.

A triple is in `graph/knowledge` when some claim in a paper graph or the curation
graph asserts it, no curator rejected or replaced that claim, its paper is not
retracted, and the lexicon does not already hold it. Kept with set semantics, so no
triple is stored twice (pyoxigraph 0.5's union default graph repeats a triple once per
graph holding it: oxigraph issue #1919).
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from ontology.vocab import (
    CURATION_GRAPH,
    DCTERMS,
    EKG,
    KNOWLEDGE_GRAPH,
    LEXICON_GRAPH,
    PAPER_GRAPH_PREFIX,
    RDF,
)

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


# one claim of a new paper: (claim, its sources, "<s> <p> o" in N-Triples), all as N-Triples
Candidate = tuple[str, tuple[str, ...], str]
_PART = {  # a claim's predicates → their place in `claim_candidates`' lists
    ox.NamedNode(str(p)): i
    for i, p in enumerate((EKG.claimSubject, EKG.claimPredicate, EKG.claimObject, DCTERMS.source))
}
_TYPE, _CLAIM = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(EKG.Claim))
_NO_PARTS: tuple[list[str], ...] = ([], [], [], [])


def claim_candidates(quads: Iterable[ox.Quad]) -> list[Candidate]:
    """The claims among one paper graph's quads, for `new_knowledge` (it is cheaper to
    pick them out where the quads are made than to query them back from the store)."""
    parts: dict[str, tuple[list[str], ...]] = {}
    claims: set[str] = set()
    for q in quads:  # terms compared as terms: no string made for most quads
        place = _PART.get(q.predicate)
        if place is not None:
            parts.setdefault(str(q.subject), ([], [], [], []))[place].append(str(q.object))
        elif q.predicate == _TYPE and q.object == _CLAIM:
            claims.add(str(q.subject))
    out = []
    for c in sorted(claims):
        subjects, predicates, objects, sources = parts.get(c, _NO_PARTS)
        for s in subjects:
            for p in predicates:
                out += [(c, tuple(sources), f"{s} {p} {o}") for o in objects]
    return out


def _column(store: Store, query: str) -> set[str]:
    return {str(sol[0]) for sol in store.query(query, union_default=False)}  # type: ignore[union-attr]


def new_knowledge(store: Store, candidates: Iterable[Candidate]) -> set[str]:
    """The knowledge triples (N-Triples lines, no final dot) that claims of paper graphs
    new to the store add: LIVE_CLAIM's test done on the candidates in memory. A new
    paper graph only adds claims (it holds no curation and no retraction), so the
    knowledge graph gains exactly these."""
    candidates = list(candidates)
    if not candidates:
        return set()
    excluded = _column(
        store,
        f"SELECT ?c WHERE {{ GRAPH <{CUR}> {{ ?c <{EKG.curationStatus}> ?st . "
        f"FILTER(?st IN (<{EKG.Rejected}>, <{EKG.Edited}>)) }} }}",
    )
    retracted = _column(store, f"SELECT ?p WHERE {{ GRAPH ?any {{ ?p <{EKG.retracted}> true }} }}")
    lexicon = {
        f"{r['s']} {r['p']} {r['o']}"
        for r in store.query(  # type: ignore[union-attr]
            f"SELECT ?s ?p ?o WHERE {{ GRAPH <{LEX}> {{ ?s ?p ?o }} }}", union_default=False
        )
    }
    return {
        triple
        for claim, sources, triple in candidates
        if claim not in excluded
        and not any(s in retracted for s in sources)
        and triple not in lexicon
    }


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
