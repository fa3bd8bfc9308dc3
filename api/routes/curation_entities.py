"""The curation API for nodes and papers: merge and split nodes, retract papers, and what
a curator may choose from (the ontology's properties and the values they take)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from graph import curation as cur
from graph.curation.merge import MergePlan

from ..state import get_state, require
from .curation import IfMatch, curator, done, need_if_match, write
from .curation_models import (
    ActionOut,
    DoneOut,
    EntityOut,
    MergeIn,
    MergePlanOut,
    MoveOut,
    PaperDetailOut,
    PaperOut,
    PredicateOut,
    RetractIn,
    SplitIn,
)

router = APIRouter(prefix="/api", tags=["curation"])
STALE: dict[int | str, dict[str, Any]] = {
    412: {"description": "stale If-Match"},
    428: {"description": "no If-Match"},
}
IriQuery = Annotated[str, Query(description="the node's IRI")]


@router.get("/curation/papers", summary="Papers, with their claims and retraction")
def list_papers(request: Request) -> list[PaperOut]:
    state = get_state(request)
    require(state, request, "reader")
    return [PaperOut.model_validate(p, from_attributes=True) for p in cur.papers(state.store)]


@router.get("/curation/predicates", summary="Properties a curator may state")
def predicates(request: Request) -> list[PredicateOut]:
    require(get_state(request), request, "reader")
    return [PredicateOut.model_validate(p, from_attributes=True) for p in cur.predicates()]


@router.get(
    "/curation/choices",
    summary="The values a property takes: existing nodes of its range, or a datatype",
    response_model=PredicateOut,
)
def choices(
    request: Request, predicate: Annotated[str, Query(description="IRI of the property")]
) -> PredicateOut:
    state = get_state(request)
    require(state, request, "reader")
    info = cur.choices(state.store, cur.iri(predicate, "predicate").value)
    return PredicateOut.model_validate(info, from_attributes=True)


@router.get("/entities", summary="One node: labels, types, merge state", response_model=EntityOut)
def entity(request: Request, response: Response, iri: IriQuery) -> EntityOut:
    state = get_state(request)
    require(state, request, "reader")
    view = cur.describe_entity(state.store, cur.iri(iri).value)
    response.headers["ETag"] = view.etag
    return EntityOut.model_validate(view, from_attributes=True)


@router.get(
    "/entities/history",
    summary="History of the claims about a node",
    response_model=list[ActionOut],
)
def entity_history(request: Request, iri: IriQuery) -> list[ActionOut]:
    state = get_state(request)
    require(state, request, "reader")
    entries = cur.entity_history(state.store, cur.iri(iri).value)
    return [ActionOut.model_validate(e, from_attributes=True) for e in entries]


def plan_out(plan: MergePlan) -> MergePlanOut:
    moves = [
        MoveOut(
            claim=m.claim.key,
            subject=m.claim.subject.label,
            predicate=m.claim.predicate.label,
            object=m.claim.object.label,
            to_subject=m.subject,
            to_predicate=m.predicate,
            to_object=m.object.value if m.object is not None else "",
        )
        for m in plan.moves
    ]
    return MergePlanOut(
        keep=plan.keep,
        absorb=plan.absorb,
        keep_label=plan.keep_label,
        absorb_label=plan.absorb_label,
        aliases=plan.aliases,
        moves=moves,
        etag=plan.etag,
    )


@router.get(
    "/entities/merge-plan",
    summary="What a merge would move (and the ETag it must send)",
    response_model=MergePlanOut,
)
def merge_plan(
    request: Request,
    response: Response,
    keep: Annotated[str, Query(description="IRI of the node that stays")],
    absorb: Annotated[str, Query(description="IRI of the node merged into it")],
) -> MergePlanOut:
    state = get_state(request)
    require(state, request, "reader")
    plan = cur.plan_merge(state.store, cur.iri(keep).value, cur.iri(absorb).value)
    response.headers["ETag"] = plan.etag
    return plan_out(plan)


@router.post(
    "/entities/merge",
    summary="Merge two nodes that are the same thing",
    response_model=DoneOut,
    responses=STALE,
)
def merge(request: Request, body: MergeIn, if_match: IfMatch = None) -> DoneOut:
    """Claims about `absorb` move to `keep`; its names become aliases of `keep`.
    If-Match: the ETag of `GET /api/entities/merge-plan`."""
    state = get_state(request)
    who = curator(state, request)
    tag = need_if_match(if_match)
    keep, absorb = cur.iri(body.keep).value, cur.iri(body.absorb).value
    return write(
        state,
        lambda: done(
            state.store, cur.merge(state.store, keep, absorb, who, body.comment, if_match=tag)
        ),
    )


@router.post(
    "/entities/split", summary="Undo the merge of a node", response_model=DoneOut, responses=STALE
)
def split(request: Request, body: SplitIn, if_match: IfMatch = None) -> DoneOut:
    """If-Match: the ETag of `GET /api/entities?iri=…` for the merged-away node."""
    state = get_state(request)
    who = curator(state, request)
    tag = need_if_match(if_match)
    entity = cur.iri(body.entity).value
    return write(
        state,
        lambda: done(state.store, cur.split(state.store, entity, who, body.comment, if_match=tag)),
    )


def _paper_detail(request: Request, paper_id: str) -> PaperDetailOut:
    store = get_state(request).store
    paper = cur.paper_node(store, paper_id)
    summary = next(p for p in cur.papers(store) if p.iri == paper)
    actions = cur.entries(store, [a.iri for a in cur.paper_actions(store, paper)])
    return PaperDetailOut(
        **PaperOut.model_validate(summary, from_attributes=True).model_dump(),
        etag=cur.paper_etag(store, paper),
        actions=[ActionOut.model_validate(a, from_attributes=True) for a in actions],
    )


@router.get(
    "/papers/{paper_id}", summary="One paper and its retractions", response_model=PaperDetailOut
)
def paper(request: Request, response: Response, paper_id: str) -> PaperDetailOut:
    require(get_state(request), request, "reader")
    detail = _paper_detail(request, paper_id)
    response.headers["ETag"] = detail.etag
    return detail


@router.post(
    "/papers/{paper_id}/retract",
    summary="Retract or supersede a paper: its statements leave the default views",
    response_model=DoneOut,
    responses=STALE,
)
def retract(request: Request, paper_id: str, body: RetractIn, if_match: IfMatch = None) -> DoneOut:
    """Nothing is deleted; revert the action (`/api/actions/{key}/revert`) to restore it."""
    state = get_state(request)
    who = curator(state, request)
    tag = need_if_match(if_match)
    return write(
        state,
        lambda: done(
            state.store,
            cur.retract(state.store, paper_id, who, body.comment, body.superseded_by, if_match=tag),
        ),
    )
