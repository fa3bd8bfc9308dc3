"""The curation log as stored: actions (PROV activities) read back from `graph/curation`.

An action is *effective* unless an effective revert (or split) points at it with
`ekg:reverts`, so reverting a revert redoes the original action.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import pyoxigraph as ox

from ontology.vocab import DCTERMS, EKG, PROV, RDFS

from ..results import term_text
from ..store import Store
from .terms import CUR, TOUCHES, etag, now, select, select_text, values

Term = ox.NamedNode | ox.Literal


@dataclass
class Action:
    iri: str
    type: str = ""
    time: str = field(default_factory=lambda: now().value)
    agent: str = ""
    comment: str = ""
    targets: list[str] = field(default_factory=list)
    generated: list[str] = field(default_factory=list)
    invalidated: list[str] = field(default_factory=list)
    used: list[str] = field(default_factory=list)
    reverts: list[str] = field(default_factory=list)
    before: list[Term] = field(default_factory=list)
    after: list[Term] = field(default_factory=list)
    replaced_by: str = ""

    @property
    def order(self) -> tuple[datetime, str]:
        """Chronological (the store may print fractions of seconds shorter)."""
        return (datetime.fromisoformat(self.time), self.iri)

    def touches(self) -> set[str]:
        return {*self.targets, *self.generated, *self.invalidated}


LISTS = {
    str(EKG.target): "targets",
    str(PROV.generated): "generated",
    str(PROV.invalidated): "invalidated",
    str(PROV.used): "used",
    str(EKG.reverts): "reverts",
}
SINGLE = {
    str(EKG.actionType): "type",
    str(PROV.endedAtTime): "time",
    str(PROV.wasAssociatedWith): "agent",
    str(RDFS.comment): "comment",
    str(DCTERMS.isReplacedBy): "replaced_by",
}


def load_actions(store: Store, iris: Iterable[str]) -> dict[str, Action]:
    """The actions with these IRIs, with every property they carry."""
    wanted = sorted(set(iris))
    found: dict[str, Action] = {}
    for i in range(0, len(wanted), 400):
        rows = select(
            store,
            f"SELECT ?a ?p ?o WHERE {{ VALUES ?a {{ {values(wanted[i : i + 400])} }} "
            f"GRAPH <{CUR}> {{ ?a ?p ?o }} }}",
        )
        for row in rows:
            a, p, o = term_text(row["a"]), term_text(row["p"]), row["o"]
            action = found.setdefault(a, Action(a))
            if p in LISTS:
                getattr(action, LISTS[p]).append(term_text(o))
            elif p in SINGLE:
                setattr(action, SINGLE[p], term_text(o))
            elif p == str(EKG.before):
                action.before.append(o)
            elif p == str(EKG.after):
                action.after.append(o)
    return {a: act for a, act in found.items() if act.type}


def actions_touching(store: Store, claims: Iterable[str]) -> dict[str, set[str]]:
    """claim → the IRIs of every action that targeted, generated or invalidated it."""
    wanted = sorted(set(claims))
    touching: dict[str, set[str]] = {c: set() for c in wanted}
    for i in range(0, len(wanted), 400):
        for row in select_text(
            store,
            f"SELECT ?c ?a WHERE {{ VALUES ?c {{ {values(wanted[i : i + 400])} }} "
            f"GRAPH <{CUR}> {{ ?a {TOUCHES} ?c }} }}",
        ):
            touching[row["c"]].add(row["a"])
    return touching


def revert_edges(store: Store) -> dict[str, list[str]]:
    """action → the reverts (and splits) that point at it."""
    edges: dict[str, list[str]] = {}
    for row in select_text(
        store, f"SELECT ?r ?a WHERE {{ GRAPH <{CUR}> {{ ?r <{EKG.reverts}> ?a }} }}"
    ):
        edges.setdefault(row["a"], []).append(row["r"])
    return edges


class Effect:
    """Answers 'is this action effective?' from the revert edges, memoised."""

    def __init__(self, edges: dict[str, list[str]]) -> None:
        self.edges = edges
        self._memo: dict[str, bool] = {}

    def __call__(self, action: str) -> bool:
        if action not in self._memo:
            self._memo[action] = not any(self(r) for r in self.edges.get(action, []))
        return self._memo[action]

    def reverted_by(self, action: str) -> list[str]:
        return [r for r in self.edges.get(action, []) if self(r)]


def claim_etag(claim: str, touching: Iterable[str]) -> str:
    """Changes whenever an action touches the claim (reverts list their targets too)."""
    return etag(claim, *sorted(touching))


def action_etag(action: Action, effect: Effect) -> str:
    """Changes when the action is reverted (or its revert reverted)."""
    return etag(action.iri, *sorted(effect.reverted_by(action.iri)))
