"""Curator actions on claims and papers: accept, reject, edit, add, revert, retract.

Each is one `ekg:CurationAction` (a PROV activity) in `graph/curation`: who
(`prov:wasAssociatedWith` the curator), when (`prov:endedAtTime`), why
(`rdfs:comment`), what (`ekg:actionType`, `ekg:target`), the values before and after,
and the claims it made (`prov:generated`) or superseded (`prov:invalidated`).
Nothing is ever deleted: a revert is one more action.

Every function takes `if_match`, the ETag the caller last saw; a stale one raises
ConflictError (412), None skips the check (for code that holds no ETag).
"""

from __future__ import annotations

import pyoxigraph as ox

from ontology.errors import (
    ConflictError,
    InputError,
    NotFoundError,
    PreconditionRequiredError,
)
from ontology.iris import paper_iri
from ontology.vocab import DCTERMS, EKG, PROV, RDF, RDFS

from ..store import Store
from .claims import ClaimView, get_claim, load_claims
from .log import Action, Effect, action_etag, load_actions, revert_edges
from .options import describe
from .shape_guard import check_removal
from .status import commit
from .terms import (
    CUR,
    PAPER_TYPES,
    STATUSES,
    SYSTEM_AGENT,
    ask,
    column,
    curator_claim_iri,
    curator_iri,
    etag,
    new_action_iri,
    now,
    nt,
    values,
)

Value = ox.NamedNode | ox.Literal


def etag_matches(if_match: str | None, current: str) -> bool:
    """True when `If-Match` names the current ETag. '*' names none: a curator's write
    must say which version it was made against, so '*' never skips the check."""
    if if_match is None:
        return True
    tags = [t.strip().removeprefix("W/") for t in if_match.split(",")]
    return current in tags


def check(if_match: str | None, current: str, what: str) -> None:
    if if_match is not None and {t.strip() for t in if_match.split(",")} <= {"*", ""}:
        raise PreconditionRequiredError(
            f"'If-Match: *' does not say which version of {what} you saw; send the ETag "
            "you last loaded (from the queue, the claim or the entity)"
        )
    if not etag_matches(if_match, current):
        raise ConflictError(
            f"{what} changed since you loaded it (your ETag {if_match}, now {current}); "
            "reload it, check the change, and try again"
        )


def need_comment(comment: str, action: str) -> str:
    if not comment.strip():
        raise InputError(f"a {action} needs a reason: send a non-empty 'comment'")
    return comment.strip()


def render(action: Action, curator: str) -> list[str]:
    """The action's triples (and its agent's) as N-Triples lines."""
    a = f"<{action.iri}>"
    agent = SYSTEM_AGENT if curator == "" else curator_iri(curator)
    kind = f"<{PROV.SoftwareAgent}>" if curator == "" else f"<{EKG.Curator}>"
    name = ox.Literal("ekg conflict check" if curator == "" else curator)
    lines = [
        f"{a} <{RDF.type}> <{EKG.CurationAction}> .",
        f"{a} <{PROV.wasAssociatedWith}> <{agent}> .",
        f"{a} <{PROV.endedAtTime}> {nt(now(action.time))} .",
        f"{a} <{EKG.actionType}> {nt(ox.Literal(action.type))} .",
        f"<{agent}> <{RDF.type}> {kind} .",
        f"<{agent}> <{RDFS.label}> {nt(name)} .",
    ]
    if action.comment:
        lines.append(f"{a} <{RDFS.comment}> {nt(ox.Literal(action.comment))} .")
    links = [
        (EKG.target, action.targets),
        (PROV.generated, action.generated),
        (PROV.invalidated, action.invalidated),
        (PROV.used, action.used),
        (EKG.reverts, action.reverts),
    ]
    lines += [f"{a} <{p}> <{x}> ." for p, xs in links for x in sorted(set(xs))]
    lines += [f"{a} <{EKG.before}> {nt(v)} ." for v in action.before]
    lines += [f"{a} <{EKG.after}> {nt(v)} ." for v in action.after]
    if action.replaced_by:
        lines.append(f"{a} <{DCTERMS.isReplacedBy}> <{action.replaced_by}> .")
    return lines


def claim_lines(
    claim: str, s: str, p: str, o: Value, action: str, source: str = "", based_on: str = ""
) -> list[str]:
    """A curator-made claim; `based_on` is the claim it revises (its evidence is kept)."""
    c = f"<{claim}>"
    lines = [
        f"{c} <{RDF.type}> <{EKG.Claim}> .",
        f"{c} <{EKG.claimSubject}> <{s}> .",
        f"{c} <{EKG.claimPredicate}> <{p}> .",
        f"{c} <{EKG.claimObject}> {nt(o)} .",
        f"{c} <{EKG.method}> <{EKG.CuratorMade}> .",
        f"{c} <{PROV.wasGeneratedBy}> <{action}> .",
    ]
    if source:
        lines.append(f"{c} <{DCTERMS.source}> <{source}> .")
    if based_on:
        lines.append(f"{c} <{PROV.wasRevisionOf}> <{based_on}> .")
    return lines


def evidence_lines(claim: str, view: ClaimView) -> list[str]:
    if not view.evidence_iri:
        return []
    return [f"<{claim}> <{PROV.wasDerivedFrom}> <{view.evidence_iri}> ."]


def live_revisions(store: Store, claim: str) -> list[str]:
    found = column(
        store,
        f"SELECT ?r WHERE {{ GRAPH <{CUR}> {{ ?r <{PROV.wasRevisionOf}> <{claim}> }} }}",
        "r",
    )
    return [c for c, v in load_claims(store, found).items() if v.live]


def _status_iri(view: ClaimView) -> ox.NamedNode:
    return ox.NamedNode(STATUSES[view.status])


def accept(
    store: Store, claim: str, curator: str, comment: str = "", if_match: str | None = None
) -> Action:
    """Confirm the claim; it wins over its edits and over what it was held against."""
    view = get_claim(store, claim)
    check(if_match, view.etag, "the claim")
    beaten = sorted(live_claims(store, view.conflict_with))
    action = Action(new_action_iri(), "accept", comment=comment.strip(), targets=[claim])
    action.invalidated = [*live_revisions(store, claim), *beaten]
    action.before, action.after = [_status_iri(view)], [ox.NamedNode(str(EKG.Accepted))]
    commit(store, action, render(action, curator))
    return action


def reject(
    store: Store, claim: str, curator: str, comment: str, if_match: str | None = None
) -> Action:
    view = get_claim(store, claim)
    check(if_match, view.etag, "the claim")
    action = Action(new_action_iri(), "reject", comment=need_comment(comment, "reject"))
    check_removal(store, view, "reject")
    action.targets = [claim]
    action.before, action.after = [_status_iri(view)], [ox.NamedNode(str(EKG.Rejected))]
    commit(store, action, render(action, curator))
    return action


def check_value(predicate: str, value: Value) -> None:
    info = describe(predicate)
    if info.kind == "iri" and not isinstance(value, ox.NamedNode):
        raise InputError(f"'{info.label}' takes an IRI (pick one of its choices), not text")
    if info.kind == "literal" and not isinstance(value, ox.Literal):
        raise InputError(f"'{info.label}' takes a value (text or number), not an IRI")


def edit(
    store: Store,
    claim: str,
    new_object: Value,
    curator: str,
    comment: str,
    if_match: str | None = None,
) -> Action:
    """Replace the claim's object: the claim becomes Edited, a curator-made claim with the
    new object takes its place (same subject, predicate, paper and evidence)."""
    view = get_claim(store, claim)
    check(if_match, view.etag, "the claim")
    reason = need_comment(comment, "edit")
    check_value(view.predicate.value, new_object)
    if view.object.rdf() == new_object:
        raise InputError("the new value is the one the claim already has; nothing to edit")
    check_removal(store, view, "edit", (view.subject.value, view.predicate.value, new_object))
    action = Action(new_action_iri(), "edit", comment=reason, targets=[claim])
    made = curator_claim_iri(view.subject.value, view.predicate.value, new_object, view.paper)
    action.generated = [made]
    action.invalidated = [c for c in live_revisions(store, claim) if c != made]
    action.before, action.after = [view.object.rdf()], [new_object]
    lines = claim_lines(
        made, view.subject.value, view.predicate.value, new_object, action.iri, view.paper, claim
    )
    commit(store, action, [*render(action, curator), *lines, *evidence_lines(made, view)])
    return action


def add(
    store: Store,
    subject: ox.NamedNode,
    predicate: ox.NamedNode,
    value: Value,
    curator: str,
    comment: str = "",
    paper_id: str = "",
) -> Action:
    """A statement the extractor missed, optionally resting on a paper."""
    check_value(predicate.value, value)
    source = paper_node(store, paper_id) if paper_id else ""
    made = curator_claim_iri(subject.value, predicate.value, value, source)
    existing = load_claims(store, [made]).get(made)
    if existing is not None and existing.live:
        raise InputError(f"this statement is already asserted by claim {existing.key}")
    action = Action(new_action_iri(), "add", comment=comment.strip())
    action.targets = action.generated = [made]
    action.after = [value]
    lines = claim_lines(made, subject.value, predicate.value, value, action.iri, source)
    commit(store, action, [*render(action, curator), *lines])
    return action


def live_claims(store: Store, claims: list[str]) -> set[str]:
    return {c for c, v in load_claims(store, claims).items() if v.live}


def get_action(store: Store, action: str) -> Action:
    found = load_actions(store, [action]).get(action)
    if found is None:
        raise NotFoundError(f"no curation action {action}; see the history for the actions")
    return found


def _dependents(store: Store, action: Action, effect: Effect) -> list[Action]:
    """Later effective actions that built new claims on what `action` generated."""
    if not action.generated:
        return []
    found = column(
        store,
        f"SELECT DISTINCT ?a WHERE {{ VALUES ?c {{ {values(action.generated)} }} "
        f"GRAPH <{CUR}> {{ ?a <{EKG.target}>|<{PROV.invalidated}> ?c }} }}",
        "a",
    )
    later = load_actions(store, found)
    return [
        a
        for a in later.values()
        if a.iri != action.iri and a.generated and effect(a.iri) and a.order > action.order
    ]


def revert(
    store: Store, action_iri: str, curator: str, comment: str, if_match: str | None = None
) -> Action:
    """Undo an action (a revert of a merge is a split; a revert of a revert redoes)."""
    target = get_action(store, action_iri)
    effect = Effect(revert_edges(store))
    check(if_match, action_etag(target, effect), "the action")
    if not effect(target.iri):
        raise ConflictError(
            f"the action is already undone by {', '.join(effect.reverted_by(target.iri))}; "
            "revert that to redo it"
        )
    blocking = _dependents(store, target, effect)
    if blocking:
        raise ConflictError(
            "later actions build on this one; revert them first: "
            + ", ".join(f"{a.type} {a.iri}" for a in blocking)
        )
    kind = "split" if target.type == "merge" else "revert"
    action = Action(new_action_iri(), kind, comment=need_comment(comment, kind))
    action.reverts = [target.iri]
    action.targets = sorted(target.touches())
    action.used = list(target.used)
    action.before, action.after = list(target.after), list(target.before)
    commit(store, action, render(action, curator))
    return action


def paper_node(store: Store, paper_id: str) -> str:
    p = str(paper_iri(paper_id))
    if not ask(store, f"ASK {{ GRAPH ?g {{ <{p}> <{RDF.type}> <{EKG.Paper}> }} }}"):
        raise NotFoundError(f"no paper '{paper_id}' in the store; ingest it first")
    return p


def paper_actions(store: Store, paper: str) -> list[Action]:
    found = load_actions(
        store,
        column(store, f"SELECT ?a WHERE {{ GRAPH <{CUR}> {{ ?a <{PROV.used}> <{paper}> }} }}", "a"),
    )
    return sorted((a for a in found.values() if a.type in PAPER_TYPES), key=lambda a: a.order)


def paper_etag(store: Store, paper: str) -> str:
    effect = Effect(revert_edges(store))
    return etag(paper, *(action_etag(a, effect) for a in paper_actions(store, paper)))


def retract(
    store: Store,
    paper_id: str,
    curator: str,
    comment: str,
    superseded_by: str = "",
    if_match: str | None = None,
) -> Action:
    """Withdraw a paper from the default views (its claims stay, no longer asserted);
    `superseded_by` names the paper that replaces it."""
    paper = paper_node(store, paper_id)
    check(if_match, paper_etag(store, paper), "the paper")
    effect = Effect(revert_edges(store))
    if any(effect(a.iri) for a in paper_actions(store, paper)):
        raise InputError(f"'{paper_id}' is already retracted; revert that action to restore it")
    kind = "supersede" if superseded_by else "retract"
    action = Action(new_action_iri(), kind, comment=need_comment(comment, kind), used=[paper])
    if superseded_by:
        action.replaced_by = paper_node(store, superseded_by)
    commit(store, action, render(action, curator))
    return action
