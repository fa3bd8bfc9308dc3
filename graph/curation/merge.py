"""Merging two entity nodes that are the same thing, and splitting them again.

Merging B into A is one `merge` action: every live claim about B (as subject or
object) becomes Edited, and a curator-made claim says the same of A (revising it,
keeping its paper and evidence). B's names (prefLabel, rdfs:label, abbreviation) are
kept as `skos:altLabel` aliases of A, and `B owl:sameAs A` is recorded in
`graph/curation` while the merge stands. The knowledge graph then shows one node, A.
Splitting is reverting that action. Claims about B ingested later are moved by
`replay_merges` (see `reconcile`), as part of the same merge, so a split undoes them too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from ontology.errors import InputError, NotFoundError
from ontology.vocab import EKG, KNOWLEDGE_GRAPH, LEXICON_GRAPH, OWL, PROV, RDF, RDFS, SKOS

from ..results import term_text
from ..store import Store
from .actions import Value, check, claim_lines, evidence_lines, need_comment, render, revert
from .claims import ClaimView, labels, load_claims
from .log import Action, Effect, load_actions, revert_edges
from .status import commit
from .terms import CUR, TOUCHES, ask, column, curator_claim_iri, etag, new_action_iri

NAMES = {str(SKOS.prefLabel), str(RDFS.label), str(EKG.abbreviation), str(SKOS.altLabel)}
DROPPED = {str(EKG.isCandidate)}  # B stops being a candidate: it is A now


@dataclass
class Move:
    claim: ClaimView
    subject: str = ""
    predicate: str = ""
    object: Value | None = None  # None: the claim is superseded without a replacement


@dataclass
class MergePlan:
    keep: str
    absorb: str
    keep_label: str
    absorb_label: str
    moves: list[Move] = field(default_factory=list)
    etag: str = ""

    @property
    def aliases(self) -> list[str]:
        return [m.claim.object.value for m in self.moves if m.predicate == str(SKOS.altLabel)]


def claims_about(store: Store, entity: str, graph: str | None = None) -> list[str]:
    where = f"VALUES ?g {{ <{graph}> }}" if graph else f"FILTER(?g != <{KNOWLEDGE_GRAPH}>)"
    query = (
        f"SELECT DISTINCT ?c WHERE {{ GRAPH ?g {{ {{ ?c <{EKG.claimSubject}> <{entity}> ; a "
        f"<{EKG.Claim}> }} UNION {{ ?c <{EKG.claimObject}> <{entity}> ; a <{EKG.Claim}> }} }} "
        f"{where} }}"  # the type in each branch: after the UNION it scanned every claim
    )
    return sorted(column(store, query, "c"))


def entity_actions(store: Store, entity: str) -> list[str]:
    """Every action on a claim about the entity, or naming it (merges)."""
    query = (
        f"SELECT DISTINCT ?a WHERE {{ {{ GRAPH ?g {{ {{ ?c <{EKG.claimSubject}> <{entity}> }} "
        f"UNION {{ ?c <{EKG.claimObject}> <{entity}> }} }} GRAPH <{CUR}> {{ ?a {TOUCHES} ?c }} }} "
        f"UNION {{ GRAPH <{CUR}> {{ ?a <{PROV.used}> <{entity}> }} }} }}"
    )
    return sorted(column(store, query, "a"))


def entity_etag(store: Store, entity: str) -> str:
    effect = Effect(revert_edges(store))
    acts = entity_actions(store, entity)
    return etag(entity, *acts, *(r for a in acts for r in effect.reverted_by(a)))


def exists(store: Store, entity: str) -> bool:
    return ask(
        store,
        f"ASK {{ GRAPH ?g {{ {{ <{entity}> ?p ?o }} UNION {{ ?c <{EKG.claimSubject}> <{entity}> }} "
        f"UNION {{ ?c <{EKG.claimObject}> <{entity}> }} }} FILTER(?g != <{CUR}>) }}",
    )


def merges_of(store: Store, entity: str) -> list[Action]:
    """The effective merges that absorbed `entity` into another node."""
    query = (
        f"SELECT ?a WHERE {{ GRAPH <{CUR}> {{ ?a <{EKG.before}> <{entity}> ; "
        f'<{EKG.actionType}> "merge" }} }}'
    )
    found = load_actions(store, column(store, query, "a"))
    effect = Effect(revert_edges(store))
    return sorted((a for a in found.values() if effect(a.iri)), key=lambda a: a.order)


def move_of(view: ClaimView, keep: str, absorb: str) -> Move:
    s, p = view.subject.value, view.predicate.value
    o = view.object.rdf()
    if s == absorb and p in DROPPED:
        return Move(view)
    if s == absorb and p in NAMES:
        return Move(view, keep, str(SKOS.altLabel), o)
    new_s = keep if s == absorb else s
    new_o: Value = (
        ox.NamedNode(keep) if view.object.value == absorb and view.object.kind == "iri" else o
    )
    if new_s == keep and isinstance(new_o, ox.NamedNode) and new_o.value == keep:
        return Move(view)  # B narrower-than A would become A narrower-than A
    return Move(view, new_s, p, new_o)


def plan_merge(store: Store, keep: str, absorb: str) -> MergePlan:
    """What merging `absorb` into `keep` would do, with the ETag a merge must match."""
    if keep == absorb:
        raise InputError("merge needs two different nodes: 'keep' and 'absorb' are the same")
    for entity in (keep, absorb):
        if not exists(store, entity):
            raise NotFoundError(f"no node {entity} in the graph")
    for entity in (keep, absorb):
        if merges_of(store, entity):
            raise InputError(f"{entity} is already merged into another node; split it first")
    views = load_claims(store, claims_about(store, absorb))
    names = labels(store, [keep, absorb])
    moves = [move_of(v, keep, absorb) for _, v in sorted(views.items()) if v.live]
    tag = etag("merge", entity_etag(store, keep), entity_etag(store, absorb))
    return MergePlan(keep, absorb, names[keep], names[absorb], moves, tag)


def _apply(action: Action, moves: list[Move]) -> list[str]:
    """Extend `action` with the moves; the new claims' triples."""
    lines: list[str] = []
    for m in moves:
        action.targets.append(m.claim.iri)
        if m.object is None:
            continue
        made = curator_claim_iri(m.subject, m.predicate, m.object, m.claim.paper)
        action.generated.append(made)
        lines += claim_lines(
            made, m.subject, m.predicate, m.object, action.iri, m.claim.paper, m.claim.iri
        )
        lines += evidence_lines(made, m.claim)
    return lines


def merge(
    store: Store, keep: str, absorb: str, curator: str, comment: str, if_match: str | None = None
) -> Action:
    plan = plan_merge(store, keep, absorb)
    check(if_match, plan.etag, "one of the two nodes")
    action = Action(new_action_iri(), "merge", comment=need_comment(comment, "merge"))
    action.used = [keep, absorb]
    action.before, action.after = [ox.NamedNode(absorb)], [ox.NamedNode(keep)]
    lines = _apply(action, plan.moves)
    commit(store, action, [*render(action, curator), *lines])
    return action


def split(
    store: Store, entity: str, curator: str, comment: str, if_match: str | None = None
) -> Action:
    """Undo the merge that absorbed `entity`: its claims are its own again."""
    merges = merges_of(store, entity)
    if not merges:
        raise InputError(f"{entity} is not merged into another node; nothing to split")
    check(if_match, entity_etag(store, entity), "the node")
    return revert(store, merges[-1].iri, curator, comment)


def replay_merges(store: Store, graph: str) -> int:
    """Move the untouched live claims of `graph` that name a merged-away node; returns how
    many claims were moved."""
    query = f"SELECT DISTINCT ?b WHERE {{ GRAPH <{CUR}> {{ ?b <{OWL.sameAs}> ?a }} }}"
    moved = 0
    for b in sorted(column(store, query, "b")):
        merges = merges_of(store, b)
        if not merges:
            continue
        current = merges[-1]
        views = load_claims(store, claims_about(store, b, graph))
        fresh = [v for v in views.values() if v.live and v.status == "extracted"]
        if not fresh:
            continue
        keep = term_text(current.after[0])
        delta = Action(current.iri, "merge")
        lines = _apply(delta, [move_of(v, keep, b) for v in fresh])
        a = f"<{current.iri}>"
        links = [f"{a} <{EKG.target}> <{c}> ." for c in delta.targets]
        links += [f"{a} <{PROV.generated}> <{c}> ." for c in delta.generated]
        current.targets += delta.targets
        current.generated += delta.generated
        commit(store, current, [*links, *lines])
        moved += len(fresh)
    return moved


def in_lexicon(store: Store, entity: str) -> bool:
    return ask(store, f"ASK {{ GRAPH <{LEXICON_GRAPH}> {{ <{entity}> ?p ?o }} }}")


@dataclass
class EntityView:
    iri: str
    label: str
    types: list[str]
    claims: int
    in_lexicon: bool
    merged_into: str = ""
    merge_action: str = ""
    etag: str = ""


def describe_entity(store: Store, entity: str) -> EntityView:
    """A node as a curator sees it before merging or splitting it."""
    if not exists(store, entity):
        raise NotFoundError(f"no node {entity} in the graph")
    types = column(
        store,
        f"SELECT DISTINCT ?t WHERE {{ {{ GRAPH ?g {{ <{entity}> a ?t }} }} UNION "
        f"{{ GRAPH ?g {{ ?c <{EKG.claimSubject}> <{entity}> ; "
        f"<{EKG.claimPredicate}> <{RDF.type}> ; <{EKG.claimObject}> ?t }} }} }}",
        "t",
    )
    merges = merges_of(store, entity)
    view = EntityView(
        iri=entity,
        label=labels(store, [entity])[entity],
        types=sorted(types),
        claims=len(claims_about(store, entity)),
        in_lexicon=in_lexicon(store, entity),
        etag=entity_etag(store, entity),
    )
    if merges:
        view.merged_into = term_text(merges[-1].after[0])
        view.merge_action = merges[-1].iri
    return view
