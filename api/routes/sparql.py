"""The SPARQL 1.1 Protocol endpoint: query and update over GET and POST."""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool

from graph.results import QueryResult
from ontology.errors import InputError

from ..negotiation import GRAPH_OFFER, GRAPH_TYPES, RESULT_OFFER, RESULT_TYPES, choose
from ..state import AppState, get_state, require

router = APIRouter(tags=["sparql"])

FORM = "application/x-www-form-urlencoded"


async def _params(request: Request) -> tuple[dict[str, list[str]], str | None, str | None]:
    """(parameters, query text, update text) from the URL and the body."""
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    query = update = None
    if request.method == "POST":
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media == FORM:
            form = await request.form()
            for key, value in form.multi_items():
                params.setdefault(key, []).append(str(value))
        elif media == "application/sparql-query":
            query = (await request.body()).decode("utf-8")
        elif media == "application/sparql-update":
            update = (await request.body()).decode("utf-8")
        else:
            raise InputError(
                f"unsupported Content-Type '{media}'; use {FORM}, application/sparql-query "
                "or application/sparql-update"
            )
    query = query or _one(params, "query")
    update = update or _one(params, "update")
    return params, query, update


def _one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name, [])
    if len(values) > 1:
        raise InputError(f"parameter '{name}' was given {len(values)} times; give it once")
    return values[0] if values else None


def serialise(result: QueryResult, request: Request, fmt: str | None) -> Response:
    accept = request.headers.get("accept")
    if isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
        media = choose(accept, RESULT_OFFER, fmt)
        body = result.serialize(format=RESULT_TYPES[media])
        return Response(body, media_type=media)
    media = choose(accept, GRAPH_OFFER, fmt)
    body = ox.serialize(list(result), format=GRAPH_TYPES[media])
    return Response(body, media_type=media)


@router.api_route("/sparql", methods=["GET", "POST"], summary="SPARQL 1.1 query and update")
async def sparql(request: Request) -> Response:
    state = get_state(request)
    params, query, update = await _params(request)
    if query and update:
        raise InputError("give either 'query' or 'update', not both")
    if update is not None:
        if request.method != "POST":
            raise InputError("updates must be sent by POST")
        return await run_update(state, request, update)
    if query is None:
        raise InputError("missing 'query' (or 'update') parameter")
    require(state, request, "reader")
    default_graphs = params.get("default-graph-uri") or None
    named_graphs = params.get("named-graph-uri") or None
    union = state.settings.union_default_graph
    fmt = _one(params, "format")

    def work() -> Response:
        result = state.store.query(
            query, union_default=union, default_graphs=default_graphs, named_graphs=named_graphs
        )
        return serialise(result, request, fmt)

    return await run_in_threadpool(work)


async def run_update(state: AppState, request: Request, update: str) -> Response:
    require(state, request, "curator")

    def work() -> None:
        with state.write_lock:
            state.store.update(update)
            state.wrote()

    await run_in_threadpool(work)
    return Response(status_code=204)
