"""The curation API: the review queue, claims and what curators do to them, the history.

Reads follow the app's read setting; writes need a curator token. Every write of an
existing thing must carry `If-Match` with the ETag the curator last saw: a stale one
is refused with 412 (someone else changed it), a missing one with 428. Writes run
under the app's write lock, so of two curators sending the same ETag one wins.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

import pyoxigraph as ox
from fastapi import APIRouter, Header, Query, Request, Response

from graph import curation as cur
from graph.curation import Action, ClaimView
from graph.curation.claim_index import SUBJECT_TYPES, type_iri
from graph.store import Store
from ontology.errors import InputError, PreconditionRequiredError

from ..persisted import persisted, save
from ..state import AppState, get_state, require
from ..view_cache import lasting
from .curation_models import (
    ActionOut,
    AddIn,
    ClaimOut,
    CommentIn,
    DoneOut,
    EditIn,
    HistoryOut,
    MeOut,
    QueueOut,
    ValueIn,
)

router = APIRouter(prefix="/api", tags=["curation"])
T = TypeVar("T")
IfMatch = Annotated[
    str | None,
    Header(alias="If-Match", description="the ETag you last saw (required for writes)"),
]


def need_if_match(if_match: str | None) -> str:
    if not if_match:
        raise PreconditionRequiredError(
            "send 'If-Match' with the ETag you last saw (from the queue, the claim or the "
            "history), so that nobody's change is overwritten unseen"
        )
    return if_match


def write(state: AppState, work: Callable[[], T]) -> T:
    with state.write_lock:
        result = work()
        state.wrote(curation_only=True)
    return result


def claim_out(view: ClaimView) -> ClaimOut:
    return ClaimOut.model_validate(view, from_attributes=True)


def done(store: Store, action: Action) -> DoneOut:
    entry = cur.entries(store, [action.iri])[0]
    claims = cur.load_claims(store, [*action.targets[:50], *action.generated[:50]])
    return DoneOut(
        action=ActionOut.model_validate(entry, from_attributes=True),
        claims=[claim_out(v) for v in claims.values()],
    )


def value_of(v: ValueIn) -> ox.NamedNode | ox.Literal:
    if v.kind == "iri":
        return cur.iri(v.value, "object")
    return cur.literal(v.value, v.datatype, v.language)


def curator(state: AppState, request: Request) -> str:
    account = require(state, request, "curator")
    assert account is not None
    return account.name


@router.get("/me", summary="Who the bearer token belongs to", response_model=MeOut)
def me(request: Request) -> MeOut:
    state = get_state(request)
    account = require(state, request, "reader")
    if account is None:
        return MeOut(name="", role="anonymous")
    return MeOut(name=account.name, role=account.role)


@router.get("/curation/queue", summary="The review queue", response_model=QueueOut)
def queue(
    request: Request,
    paper: Annotated[str, Query(description="a paper_id")] = "",
    type: Annotated[str, Query(description="class of the subject, e.g. Finding")] = "",
    predicate: Annotated[str, Query(description="IRI of the property")] = "",
    subject: Annotated[str, Query(description="IRI of the subject")] = "",
    status: Annotated[
        str,
        Query(description="extracted, accepted, rejected, edited, curator-added, conflict, all"),
    ] = "extracted",
    min_confidence: float | None = None,
    max_confidence: float | None = None,
    include_retracted: bool = False,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
    group: Annotated[
        str, Query(description="'statement': page over findings, studies and terms, not claims")
    ] = "",
) -> Response:
    """Claims to review, least confident first, each with its evidence and ETag. With
    group=statement, `limit`, `offset` and `total` count statements (claim subjects) and
    `items` holds every claim of each."""
    state = get_state(request)
    require(state, request, "reader")
    if group not in ("", "claim", "statement"):
        raise InputError(f"unknown group '{group}'; choose claim or statement")
    f = cur.QueueFilter(
        paper, type, predicate, subject, status, min_confidence, max_confidence,
        include_retracted, limit, offset, group == "statement",
    )  # fmt: skip
    page = cur.review_queue(state.store, f, claim_index(state))
    out = QueueOut(
        total=page.total, limit=limit, offset=offset, items=[claim_out(v) for v in page.items]
    )
    # encoded here: FastAPI would dump, validate and encode the model again (6 ms a page)
    return Response(out.model_dump_json(), media_type="application/json")


def claim_index(state: AppState) -> cur.ClaimIndex:
    """The review queue's index of claims, kept until the paper graphs change."""
    revision = state.papers_revision  # read first: a write meanwhile makes the index stale
    return lasting(
        state,
        "claims",
        revision,
        lambda: persisted(state, "claim-index", lambda: cur.ClaimIndex.build(state.store)),
    )


def queue_types(state: AppState) -> None:
    """Read the subjects of each type the queue filters by into the index (the first
    `type=Finding` page read them: 2.6-8.8 s at 1M quads), and save it again with them."""
    revision = state.revision
    index = claim_index(state)
    missing = [t for t in map(type_iri, SUBJECT_TYPES) if t not in index.types]
    for cls in missing:
        index.typed(state.store, cls)
    if missing:
        save(state, "claim-index", index, revision)


@router.get("/claims/{paper}/{digest}", summary="One claim", response_model=ClaimOut)
def get_claim(request: Request, response: Response, paper: str, digest: str) -> ClaimOut:
    state = get_state(request)
    require(state, request, "reader")
    view = cur.get_claim(state.store, cur.claim_from_key(f"{paper}/{digest}"))
    response.headers["ETag"] = view.etag
    return claim_out(view)


@router.get(
    "/claims/{paper}/{digest}/history",
    summary="History of one claim (and of its edits)",
    response_model=list[ActionOut],
)
def claim_history(request: Request, paper: str, digest: str) -> list[ActionOut]:
    state = get_state(request)
    require(state, request, "reader")
    claim = cur.get_claim(state.store, cur.claim_from_key(f"{paper}/{digest}")).iri
    return [
        ActionOut.model_validate(e, from_attributes=True)
        for e in cur.claim_history(state.store, claim)
    ]


def _claim_write(
    request: Request,
    response: Response,
    key: str,
    if_match: str | None,
    act: Callable[[Store, str, str, str], Action],
) -> DoneOut:
    state = get_state(request)
    who = curator(state, request)
    tag = need_if_match(if_match)
    claim = cur.claim_from_key(key)

    def work() -> DoneOut:
        result = done(state.store, act(state.store, claim, who, tag))
        response.headers["ETag"] = cur.get_claim(state.store, claim).etag
        return result

    return write(state, work)


@router.post(
    "/claims/{paper}/{digest}/accept",
    summary="Accept a claim",
    response_model=DoneOut,
    responses={412: {"description": "stale If-Match"}, 428: {"description": "no If-Match"}},
)
def accept(
    request: Request,
    response: Response,
    paper: str,
    digest: str,
    if_match: IfMatch = None,
    body: CommentIn | None = None,
) -> DoneOut:
    comment = body.comment if body else ""
    return _claim_write(
        request,
        response,
        f"{paper}/{digest}",
        if_match,
        lambda s, c, who, tag: cur.accept(s, c, who, comment, if_match=tag),
    )


@router.post(
    "/claims/{paper}/{digest}/reject",
    summary="Reject a claim (a reason is required)",
    response_model=DoneOut,
    responses={412: {"description": "stale If-Match"}, 428: {"description": "no If-Match"}},
)
def reject(
    request: Request,
    response: Response,
    paper: str,
    digest: str,
    body: CommentIn,
    if_match: IfMatch = None,
) -> DoneOut:
    return _claim_write(
        request,
        response,
        f"{paper}/{digest}",
        if_match,
        lambda s, c, who, tag: cur.reject(s, c, who, body.comment, if_match=tag),
    )


@router.post(
    "/claims/{paper}/{digest}/edit",
    summary="Give a claim another object (a reason is required)",
    response_model=DoneOut,
    responses={412: {"description": "stale If-Match"}, 428: {"description": "no If-Match"}},
)
def edit(
    request: Request,
    response: Response,
    paper: str,
    digest: str,
    body: EditIn,
    if_match: IfMatch = None,
) -> DoneOut:
    """The claim becomes Edited; a curator-made claim with the new object replaces it."""
    value = value_of(body.object)
    return _claim_write(
        request,
        response,
        f"{paper}/{digest}",
        if_match,
        lambda s, c, who, tag: cur.edit(s, c, value, who, body.comment, if_match=tag),
    )


@router.post("/claims", summary="Add a statement", response_model=DoneOut, status_code=201)
def add(request: Request, response: Response, body: AddIn) -> DoneOut:
    state = get_state(request)
    who = curator(state, request)
    subject, predicate = cur.iri(body.subject, "subject"), cur.iri(body.predicate, "predicate")
    value = value_of(body.object)

    def work() -> DoneOut:
        action = cur.add(state.store, subject, predicate, value, who, body.comment, body.paper)
        made = cur.get_claim(state.store, action.generated[0])
        response.headers["Location"] = f"/api/claims/{made.key}"
        response.headers["ETag"] = made.etag
        return done(state.store, action)

    return write(state, work)


@router.get("/history", summary="Every curation action, newest first", response_model=HistoryOut)
def history(
    request: Request,
    curator: Annotated[str, Query(description="an account name")] = "",
    type: Annotated[str, Query(description="an action type, e.g. reject")] = "",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HistoryOut:
    state = get_state(request)
    require(state, request, "reader")
    page = cur.full_history(state.store, curator, type, limit, offset)
    return HistoryOut(
        total=page.total,
        entries=[ActionOut.model_validate(e, from_attributes=True) for e in page.entries],
    )


@router.get("/actions/{key}", summary="One curation action", response_model=ActionOut)
def get_action(request: Request, response: Response, key: str) -> ActionOut:
    state = get_state(request)
    require(state, request, "reader")
    action = cur.get_action(state.store, cur.action_from_key(key))
    entry = cur.entries(state.store, [action.iri])[0]
    response.headers["ETag"] = entry.etag
    return ActionOut.model_validate(entry, from_attributes=True)


@router.post(
    "/actions/{key}/revert",
    summary="Revert an action (a merge's revert is a split; reverting a revert redoes)",
    response_model=DoneOut,
    responses={412: {"description": "stale If-Match"}, 428: {"description": "no If-Match"}},
)
def revert(request: Request, key: str, body: CommentIn, if_match: IfMatch = None) -> DoneOut:
    state = get_state(request)
    who = curator(state, request)
    tag = need_if_match(if_match)
    target = cur.action_from_key(key)
    return write(
        state,
        lambda: done(state.store, cur.revert(state.store, target, who, body.comment, if_match=tag)),
    )
