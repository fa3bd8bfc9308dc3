"""The SPARQL 1.1 Protocol endpoint: query and update over GET and POST.

A bare GET answers the Service Description (or the query page, for a browser).
Queries run through the app's QueryRunner (time limit, row cap); updates need a
curator token and run on the store under the write lock.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import cast

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.concurrency import run_in_threadpool

from graph.engine_sandbox import shared_sandbox
from graph.knowledge import rebuild_all
from graph.oxigraph_store import OxigraphStore
from graph.query_exec import Answer, syntax_message
from graph.sparql_guard import check_sparql
from graph.sparql_text import check_nesting, graph_wide, has_keyword, mentions, with_using
from graph.store import Store
from ontology.errors import EkgError, InputError, QueryError, StoreError

from ..negotiation import GRAPH_OFFER, RESULT_OFFER, choose, content_type, prefers_html
from ..query_runner import QueryRunner, get_runner
from ..service_description import describe
from ..settings import Settings
from ..sparql_protocol import (
    ProtocolRequest,
    check_query,
    endpoint_url,
    is_local,
    make_job,
    parse_request,
    request_limit,
    timeout_of,
    truncation_headers,
)
from ..state import LOCAL, AppState, get_state, require
from . import query_page


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    runner = QueryRunner(app.state.ekg)
    app.state.ekg_queries = runner
    try:
        yield
    finally:
        app.state.ekg_queries = None
        runner.close()


router = APIRouter(tags=["sparql"], lifespan=lifespan)
LOCAL_ROWS, LOCAL_TIMEOUT = 10**12, 24 * 3600.0

EXPOSED = "X-EKG-Truncated, X-EKG-Row-Limit, X-EKG-Hint"
CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": EXPOSED}
# CORS is for reads only: a page on another origin may query (GET, or POST a form or
# application/sparql-query), but may not send a token, so it cannot update; updates'
# answers carry no CORS header either. One policy for /sparql, /store and /api.
PREFLIGHT = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Content-Type",
    "Access-Control-Max-Age": "86400",
}


async def error_response(request: Request, exc: EkgError) -> Response:
    """The app's own error answer (one handler for every route), with CORS headers."""
    handler = request.app.exception_handlers[EkgError]
    response = handler(request, exc)
    if inspect.isawaitable(response):
        response = await response
    response.headers.update(CORS)
    return cast(Response, response)


@router.options("/sparql", include_in_schema=False)
async def preflight() -> Response:
    return Response(status_code=204, headers=PREFLIGHT)


@router.api_route(
    "/sparql",
    methods=["GET", "POST"],
    summary="SPARQL 1.1 query and update",
    description="SPARQL 1.1 Protocol: `query` by GET, POST form or POST "
    "`application/sparql-query`; `update` by POST form or `application/sparql-update` "
    "(curator token). A bare GET gives the Service Description.",
)
async def sparql(request: Request) -> Response:
    try:
        response = await handle(request)
    except EkgError as exc:
        return await error_response(request, exc)
    if response.status_code != 204:  # 204 is an update's answer: no CORS for writes
        response.headers.update(CORS)
    return response


async def handle(request: Request) -> Response:
    state = get_state(request)
    req = await parse_request(request, request_limit(request, state.settings, state.local_key))
    if req.update is not None:
        return await run_update(state, request, req)
    accept = request.headers.get("accept")
    fmt = req.first("format") or req.first("output")
    if req.query is None:
        if request.method == "POST":
            raise InputError("missing 'query' (or 'update') parameter")
        require(state, request, "reader")
        if fmt is None and prefers_html(accept):
            return query_page.editor(request)
        return await describe(state, request, fmt)
    require(state, request, "reader")
    local = is_local(request, state.local_key)
    if not local:
        check_sparql(req.query, "query")
    check_query(state.settings, req.query)
    if fmt is None and prefers_html(accept):
        return await query_page.results(request, req)
    job = make_job(state.settings, request, req, fmt)
    timeout = timeout_of(state.settings, req)
    if local:  # `ekg export` and friends read everything
        job, timeout = replace(job, max_rows=LOCAL_ROWS), LOCAL_TIMEOUT
    answer = await get_runner(request).run(job, timeout)
    return answer_response(answer, state.settings, accept, fmt)


def answer_response(
    answer: Answer, settings: Settings, accept: str | None, fmt: str | None
) -> Response:
    offer = GRAPH_OFFER if answer.kind == "graph" else RESULT_OFFER
    media = choose(accept, offer, fmt) or answer.media_type
    headers = {"Vary": "Accept"}
    if answer.truncated:
        headers.update(truncation_headers(settings.max_rows))
    return Response(answer.body, headers=headers, media_type=content_type(media))


def apply_update(store: Store, text: str, base: str) -> None:
    """Run the update (one transaction) with `base` as its base IRI."""
    try:
        if isinstance(store, OxigraphStore):
            store.native.update(text, base_iri=base)
        else:
            store.update(f"BASE <{base}>\n{text}")
    except SyntaxError as exc:
        raise QueryError(syntax_message("update", text, exc)) from exc
    except (RuntimeError, ValueError) as exc:
        raise QueryError(f"the update failed: {exc}") from exc
    except OSError as exc:
        if has_keyword(text, "LOAD"):
            raise QueryError(f"the update failed: {exc}") from exc
        raise StoreError(f"the update failed while writing the store: {exc}") from exc


def touches_knowledge(update: str) -> bool:
    """True when the update may change claims, curation or retractions."""
    return mentions(update, "evidence-kg") or graph_wide(update)


async def run_update(state: AppState, request: Request, req: ProtocolRequest) -> Response:
    account = require(state, request, "curator")
    assert req.update is not None
    if account != LOCAL:  # the `ekg` commands send flat N-Triples of their own making
        check_sparql(req.update, "update")
    check_nesting(req.update, "update")
    text = with_using(req.update, req.many("using-graph-uri"), req.many("using-named-graph-uri"))
    base = endpoint_url(request)
    refresh = account != LOCAL and touches_knowledge(text)
    if account != LOCAL:  # a crash of the engine on this text costs this request only
        await run_in_threadpool(
            shared_sandbox().check_update, text, base, state.settings.query_timeout
        )

    def work() -> None:
        with state.write_lock:
            apply_update(state.store, text, base)
            state.wrote()
            if refresh:
                rebuild_all(state.store)
                state.wrote()

    await run_in_threadpool(work)
    return Response(status_code=204)


__all__ = ["router", "error_response", "CORS", "PREFLIGHT"]
