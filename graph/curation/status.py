"""Writing one action: its triples, the statuses it implies, and the knowledge refresh.

A claim's status is a fold over the effective actions that touched it, latest last:
a target gets the status of the action's type (accept → Accepted, reject → Rejected,
edit / merge / conflict → Edited), a generated claim is CuratorAdded, an invalidated
one Edited. A curator-made claim whose making was reverted is Rejected (kept, not
asserted). The result is stored as one `ekg:curationStatus` triple per curated claim
in `graph/curation`, which is what `graph.knowledge` reads. Papers are retracted and
entities merged by records (`ekg:retracted true`, `owl:sameAs`) kept while an
effective action says so.
"""

from __future__ import annotations

from collections.abc import Iterable

from ontology.vocab import DCTERMS, EKG, OWL, XSD

from ..knowledge import refresh_operations
from ..results import term_text
from ..store import Store
from .log import Action, Effect, actions_touching, load_actions, revert_edges
from .terms import CUR, PAPER_TYPES, TARGET_STATUS, UNDO_TYPES, select_text, values

TRUE = f'"true"^^<{XSD.boolean}>'


def role_status(action: Action, claim: str) -> str | None:
    if action.type in UNDO_TYPES or action.type in PAPER_TYPES:
        return None
    if claim in action.generated:
        return str(EKG.CuratorAdded)
    if claim in action.invalidated:
        return str(EKG.Edited)
    if claim in action.targets:
        return TARGET_STATUS.get(action.type)
    return None


def fold(
    claims: Iterable[str],
    touching: dict[str, set[str]],
    actions: dict[str, Action],
    effective: Effect,
    curator_made: set[str],
) -> dict[str, str | None]:
    """claim → its status IRI, or None for a claim no effective action touched."""
    out: dict[str, str | None] = {}
    for c in claims:
        live = [actions[a] for a in touching.get(c, ()) if a in actions and effective(a)]
        status, made = None, False
        for action in sorted(live, key=lambda x: x.order):
            made = made or c in action.generated
            status = role_status(action, c) or status
        out[c] = str(EKG.Rejected) if c in curator_made and not made else status
    return out


def current_statuses(store: Store, claims: Iterable[str]) -> dict[str, str]:
    rows = select_text(
        store,
        f"SELECT ?c ?s WHERE {{ VALUES ?c {{ {values(claims)} }} "
        f"GRAPH <{CUR}> {{ ?c <{EKG.curationStatus}> ?s }} }}",
    )
    return {r["c"]: r["s"] for r in rows}


def curator_made(store: Store, claims: Iterable[str]) -> set[str]:
    rows = select_text(
        store,
        f"SELECT ?c WHERE {{ VALUES ?c {{ {values(claims)} }} "
        f"GRAPH <{CUR}> {{ ?c a <{EKG.Claim}> }} }}",
    )
    return {r["c"] for r in rows}


def claim_subjects_of(store: Store, claims: Iterable[str]) -> set[str]:
    rows = select_text(
        store,
        f"SELECT DISTINCT ?s WHERE {{ VALUES ?c {{ {values(claims)} }} "
        f"GRAPH ?g {{ ?c <{EKG.claimSubject}> ?s }} }}",
    )
    return {r["s"] for r in rows}


def _closure(store: Store, action: Action) -> dict[str, Action]:
    """The action and every action its reverts reach, transitively."""
    found = {action.iri: action}
    todo = list(action.reverts)
    while todo:
        loaded = load_actions(store, [a for a in todo if a not in found])
        found.update(loaded)
        todo = [r for a in loaded.values() for r in a.reverts if r not in found]
    return found


def _records(
    store: Store, papers: set[str], merged: set[str], effect: Effect, chain: dict[str, Action]
) -> set[str]:
    """The retraction and merge records the effective actions call for."""
    if not papers and not merged:
        return set()
    rows = select_text(
        store,
        f"SELECT DISTINCT ?a WHERE {{ GRAPH <{CUR}> {{ "
        f"{{ VALUES ?x {{ {values(papers)} }} ?a <http://www.w3.org/ns/prov#used> ?x }} UNION "
        f"{{ VALUES ?x {{ {values(merged)} }} ?a <{EKG.before}> ?x }} }} }}",
    )
    actions = {**load_actions(store, [r["a"] for r in rows]), **chain}
    out = set()
    for a in actions.values():
        if not effect(a.iri):
            continue
        if a.type in PAPER_TYPES:
            out |= {f"<{p}> <{EKG.retracted}> {TRUE} ." for p in a.used}
            if a.replaced_by:
                out |= {f"<{p}> <{DCTERMS.isReplacedBy}> <{a.replaced_by}> ." for p in a.used}
        elif a.type == "merge" and a.before and a.after:
            out.add(f"<{term_text(a.before[0])}> <{OWL.sameAs}> <{term_text(a.after[0])}> .")
    return out


def _stored_records(store: Store, papers: set[str], merged: set[str]) -> set[str]:
    rows = select_text(
        store,
        f"SELECT ?x ?p ?o WHERE {{ GRAPH <{CUR}> {{ "
        f"{{ VALUES ?x {{ {values(papers)} }} VALUES ?p {{ <{EKG.retracted}> "
        f"<{DCTERMS.isReplacedBy}> }} ?x ?p ?o }} UNION "
        f"{{ VALUES ?x {{ {values(merged)} }} BIND(<{OWL.sameAs}> AS ?p) ?x ?p ?o }} }} }}",
    )
    out = set()
    for r in rows:
        o = TRUE if r["p"] == str(EKG.retracted) else f"<{r['o']}>"
        out.add(f"<{r['x']}> <{r['p']}> {o} .")
    return out


def _data(verb: str, lines: Iterable[str]) -> str:
    body = "\n".join(sorted(lines))
    return f"{verb} DATA {{ GRAPH <{CUR}> {{\n{body}\n}} }}" if body else ""


def commit(store: Store, action: Action, triples: list[str], also: Iterable[str] = ()) -> None:
    """Write `action` (its triples already rendered) and bring statuses, records and the
    knowledge graph in line. `also` names claims whose status may change besides the
    ones the action touches."""
    chain = _closure(store, action)
    claims = set(also).union(*(a.touches() for a in chain.values()))
    papers = {u for a in chain.values() if a.type in PAPER_TYPES for u in a.used}
    merged = {term_text(a.before[0]) for a in chain.values() if a.type == "merge" and a.before}
    touching = actions_touching(store, claims)
    for c in action.touches():
        touching.setdefault(c, set()).add(action.iri)
    actions = load_actions(store, set().union(*touching.values()) if touching else set())
    actions.update(chain)
    edges = revert_edges(store)
    for r in action.reverts:
        edges.setdefault(r, []).append(action.iri)
    effect = Effect(edges)
    made = curator_made(store, claims) | set(action.generated)
    wanted = fold(claims, touching, actions, effect, made)
    stored = current_statuses(store, claims)
    status = f"<{EKG.curationStatus}>"
    delete = {f"<{c}> {status} <{s}> ." for c, s in stored.items() if wanted.get(c) != s}
    insert = {f"<{c}> {status} <{s}> ." for c, s in wanted.items() if s and stored.get(c) != s}
    want_records = _records(store, papers, merged, effect, chain)
    have_records = _stored_records(store, papers, merged)
    delete |= have_records - want_records
    insert |= want_records - have_records
    subjects = claim_subjects_of(store, claims) | _subjects_in(triples)
    subjects |= {s for p in papers for s in paper_claim_subjects(store, p)}
    # one update, so one transaction: the action, the statuses and the knowledge graph
    # change together or not at all (a kill in between cannot leave it short)
    parts = [_data("DELETE", delete), _data("INSERT", [*triples, *insert])]
    store.update(" ;\n".join([*(p for p in parts if p), *refresh_operations(subjects)]))


_CLAIM_SUBJECT = f"<{EKG.claimSubject}> <"


def _subjects_in(triples: Iterable[str]) -> set[str]:
    """Subjects of the claims an action makes (their triples are not stored yet)."""
    found = set()
    for line in triples:
        at = line.find(_CLAIM_SUBJECT)
        if at >= 0:
            rest = line[at + len(_CLAIM_SUBJECT) :]
            found.add(rest[: rest.index(">")])
    return found


def paper_claim_subjects(store: Store, paper: str) -> set[str]:
    """Subjects of every claim resting on the paper (its own and curator-made ones)."""
    rows = select_text(
        store,
        f"SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?c <{DCTERMS.source}> <{paper}> ; "
        f"<{EKG.claimSubject}> ?s }} }}",
    )
    return {r["s"] for r in rows}
