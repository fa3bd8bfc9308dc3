"""Who changed what, when and why: the history of a claim, of an entity, or of everything."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from ontology.errors import InputError
from ontology.vocab import EKG, PROV, RDFS

from ..store import Store
from .claims import ClaimView, Term, labels, load_claims
from .log import Action, Effect, action_etag, load_actions, revert_edges
from .merge import entity_actions
from .terms import (
    ACTION_TYPES,
    CUR,
    TOUCHES,
    action_key,
    claim_key,
    column,
    curator_iri,
    select_text,
)

SHOWN_CLAIMS = 20  # a merge may touch hundreds: the history lists the first ones


@dataclass
class ClaimRef:
    iri: str
    key: str
    subject: str = ""
    predicate: str = ""
    object: str = ""


@dataclass
class HistoryEntry:
    iri: str
    key: str
    type: str
    time: str
    curator: str
    curator_iri: str
    comment: str
    effective: bool
    etag: str
    targets: list[ClaimRef] = field(default_factory=list)
    target_count: int = 0
    generated: list[ClaimRef] = field(default_factory=list)
    used: list[Term] = field(default_factory=list)
    before: list[Term] = field(default_factory=list)
    after: list[Term] = field(default_factory=list)
    reverts: list[str] = field(default_factory=list)
    reverted_by: list[str] = field(default_factory=list)
    replaced_by: str = ""


@dataclass
class HistoryPage:
    total: int
    entries: list[HistoryEntry] = field(default_factory=list)


def _agent_names(store: Store, agents: set[str]) -> dict[str, str]:
    if not agents:
        return {}
    body = " ".join(f"<{a}>" for a in sorted(agents))
    rows = select_text(
        store,
        f"SELECT ?a ?l WHERE {{ VALUES ?a {{ {body} }} GRAPH <{CUR}> {{ ?a <{RDFS.label}> ?l }} }}",
    )
    return {r["a"]: r["l"] for r in rows}


def _refs(claims: list[str], views: dict[str, ClaimView]) -> list[ClaimRef]:
    out = []
    for c in claims[:SHOWN_CLAIMS]:
        v = views.get(c)
        ref = ClaimRef(c, claim_key(c))
        if v is not None:
            ref.subject, ref.predicate = v.subject.label, v.predicate.label
            ref.object = v.object.label
        out.append(ref)
    return out


def entries(store: Store, iris: list[str] | set[str]) -> list[HistoryEntry]:
    """History entries for these actions, newest first."""
    actions = sorted(load_actions(store, iris).values(), key=lambda a: a.order, reverse=True)
    effect = Effect(revert_edges(store))
    shown = {c for a in actions for c in (*a.targets[:SHOWN_CLAIMS], *a.generated[:SHOWN_CLAIMS])}
    views = load_claims(store, shown)
    names = _agent_names(store, {a.agent for a in actions})
    named = [u for a in actions for u in a.used]
    named += [
        t.value for a in actions for t in (*a.before, *a.after) if isinstance(t, ox.NamedNode)
    ]
    used = labels(store, named)
    return [_entry(a, effect, views, names, used, action_etag(a, effect)) for a in actions]


def _entry(
    a: Action,
    effect: Effect,
    views: dict[str, ClaimView],
    names: dict[str, str],
    used: dict[str, str],
    tag: str,
) -> HistoryEntry:
    def term(t: object) -> Term:
        out = Term.of(t)
        out.label = used.get(out.value, out.value) if out.kind == "iri" else out.value
        return out

    return HistoryEntry(
        iri=a.iri,
        key=action_key(a.iri),
        type=a.type,
        time=a.time,
        curator=names.get(a.agent, a.agent.rsplit("/", 1)[-1]),
        curator_iri=a.agent,
        comment=a.comment,
        effective=effect(a.iri),
        etag=tag,
        targets=_refs(a.targets, views),
        target_count=len(a.targets),
        generated=_refs(a.generated, views),
        used=[Term(u, label=used.get(u, "")) for u in a.used],
        before=[term(t) for t in a.before],
        after=[term(t) for t in a.after],
        reverts=a.reverts,
        reverted_by=effect.reverted_by(a.iri),
        replaced_by=a.replaced_by,
    )


def claim_history(store: Store, claim: str) -> list[HistoryEntry]:
    """Actions on the claim, on the claims that revise it and on the one it revises."""
    query = (
        f"SELECT DISTINCT ?a WHERE {{ "
        f"{{ GRAPH <{CUR}> {{ ?a {TOUCHES} <{claim}> }} }} UNION "
        f"{{ GRAPH <{CUR}> {{ ?r <{PROV.wasRevisionOf}> <{claim}> . ?a {TOUCHES} ?r }} }} UNION "
        f"{{ GRAPH <{CUR}> {{ <{claim}> <{PROV.wasRevisionOf}> ?r . ?a {TOUCHES} ?r }} }} }}"
    )
    return entries(store, set(column(store, query, "a")))


def entity_history(store: Store, entity: str) -> list[HistoryEntry]:
    return entries(store, set(entity_actions(store, entity)))


def full_history(
    store: Store, curator: str = "", action_type: str = "", limit: int = 50, offset: int = 0
) -> HistoryPage:
    """Every action, newest first, optionally of one curator (account name) or type."""
    if action_type and action_type not in ACTION_TYPES:
        raise InputError(
            f"unknown action type '{action_type}'; choose one of {', '.join(ACTION_TYPES)}"
        )
    if not 1 <= limit <= 500 or offset < 0:
        raise InputError("limit must be between 1 and 500 and offset 0 or more")
    where = f"GRAPH <{CUR}> {{ ?a a <{EKG.CurationAction}> ; <{PROV.endedAtTime}> ?t ."
    if curator:
        where += f" ?a <{PROV.wasAssociatedWith}> <{curator_iri(curator)}> ."
    if action_type:
        where += f' ?a <{EKG.actionType}> "{action_type}" .'
    where += " }"
    total = int(column(store, f"SELECT (COUNT(?a) AS ?n) WHERE {{ {where} }}", "n")[0])
    page = column(
        store,
        f"SELECT ?a WHERE {{ {where} }} ORDER BY DESC(?t) DESC(?a) LIMIT {limit} OFFSET {offset}",
        "a",
    )
    return HistoryPage(total, entries(store, page))
