"""SPARQL 1.1 Graph Store HTTP Protocol at /store: read and write whole graphs.

    GET|HEAD|PUT|POST|DELETE /store?graph=IRI     a named graph (indirect identification)
    GET|HEAD|PUT|POST|DELETE /store?default       the store's own default graph
    GET|HEAD|PUT|POST|DELETE /store/some/path     the graph named by this very URL (direct)
    GET /store                                    the whole dataset (N-Quads, TriG)
    POST /store                                   a new graph; its IRI is in Location

Writes need a curator token. After a write the knowledge graph is brought up to date
with the claims and retractions the graph held before and holds after.
"""

from __future__ import annotations

import email.parser
import email.policy
import uuid
from collections.abc import Callable

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool

from graph.engine_sandbox import shared_sandbox
from graph.formats import rdf_format
from graph.knowledge import claim_subjects, rebuild_all, refresh_subjects
from graph.oxigraph_store import OxigraphStore
from graph.sparql_guard import check_rdf
from graph.store import Store
from ontology.errors import EkgError, InputError, NotFoundError
from ontology.vocab import EKG, KNOWLEDGE_GRAPH

from ..negotiation import GRAPH_OFFER, GRAPH_TYPES, choose, content_type
from ..sparql_protocol import (
    UnsupportedMediaTypeError,
    endpoint_url,
    read_body,
    request_limit,
)
from ..state import AppState, get_state, require
from .sparql import CORS, PREFLIGHT, error_response

router = APIRouter(tags=["graph store"])
METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE"]
DATASET_OFFER = ["application/n-quads", "application/trig"]
Target = str | None  # a graph IRI, or None for the default graph


def target_graph(request: Request, direct: bool) -> tuple[bool, Target]:
    """(named at all, graph): which graph the request is about."""
    if direct:
        url = endpoint_url(request)
        try:
            ox.NamedNode(url)
        except ValueError as exc:
            raise InputError(f"the path does not make a graph IRI: {exc}") from exc
        return True, url
    params = request.query_params
    if "graph" in params and "default" in params:
        raise InputError("give either ?graph=IRI or ?default, not both")
    if "default" in params:
        return True, None
    graph = params.get("graph")
    if graph is None:
        return False, None
    try:
        ox.NamedNode(graph)
    except ValueError as exc:
        raise InputError(f"graph '{graph}' is not an absolute IRI: {exc}") from exc
    return True, graph


def _bytes(data: bytes | None) -> bytes:
    assert data is not None
    return data


def exists(store: Store, graph: Target) -> bool:
    if graph is None:
        return True
    if isinstance(store, OxigraphStore):
        return bool(store.native.contains_named_graph(ox.NamedNode(graph)))
    return bool(store.query(f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"))


def read_graph(store: Store, graph: Target, media: str) -> bytes:
    fmt = ox.RdfFormat.from_media_type(GRAPH_TYPES[media])
    if isinstance(store, OxigraphStore):
        source = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        return _bytes(store.native.dump(format=fmt, from_graph=source))
    where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    result = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}", union_default=False)
    return _bytes(ox.serialize(result, format=fmt))  # type: ignore[arg-type]


def parse_body(
    body: bytes, header: str | None, base: str, timeout: float = 30.0
) -> list[ox.Triple]:
    """The triples of a request body (RDF in its Content-Type, or multipart parts);
    relative IRIs resolve against `base`. The body is parsed in the engine sandbox, so a
    parser crash costs this request only; the server reads back flat N-Triples."""
    if not header:
        raise InputError("say the format of the body with a Content-Type (e.g. text/turtle)")
    media = header.split(";")[0].strip().lower()
    if media == "multipart/form-data":
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            f"Content-Type: {header}\r\n\r\n".encode() + body
        )
        triples: list[ox.Triple] = []
        for part in message.iter_parts():
            payload = part.get_payload(decode=True)
            if not isinstance(payload, bytes):
                raise InputError("a part of the multipart body holds no data")
            part_type = part.get("content-type", "text/turtle")
            triples += parse_body(payload, part_type, base, timeout)
        return triples
    try:
        fmt = rdf_format(media)
    except InputError as exc:
        raise UnsupportedMediaTypeError(exc.message) from exc
    check_rdf(body, fmt.media_type)
    nt = shared_sandbox().parse_rdf(body, fmt.media_type, base, timeout)
    return [
        ox.Triple(q.subject, q.predicate, q.object)
        for q in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)
    ]


def write_graph(store: Store, graph: Target, triples: list[ox.Triple], replace: bool) -> None:
    nt = _bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)).decode("utf-8")
    if graph is not None and replace:
        store.replace_graph(graph, nt)
    elif graph is None and replace and isinstance(store, OxigraphStore):
        store.update(f"CLEAR SILENT DEFAULT ;\nINSERT DATA {{\n{nt}}}")
    else:
        if replace:
            store.update("CLEAR SILENT DEFAULT")
        if triples:
            store.load(nt.encode("utf-8"), "application/n-triples", graph)


def retractions(store: Store, graph: str) -> bool:
    return bool(
        store.query(
            f"ASK {{ GRAPH <{graph}> {{ ?paper <{EKG.retracted}> ?flag }} }}", union_default=False
        )
    )


def changing(state: AppState, graph: Target, change: Callable[[], None]) -> None:
    """Apply `change` to `graph`, keeping the knowledge graph in step with its claims."""
    store = state.store
    with state.write_lock:
        if graph is None or graph == str(KNOWLEDGE_GRAPH):
            change()
            state.wrote()
            return
        before, retracted = claim_subjects(store, graph), retractions(store, graph)
        change()
        state.wrote()
        subjects = before | claim_subjects(store, graph)
        if retracted or retractions(store, graph):
            rebuild_all(store)
        elif subjects:
            refresh_subjects(store, subjects)
        state.wrote()


async def handle(request: Request, direct: bool) -> Response:
    state = get_state(request)
    named, graph = target_graph(request, direct)
    method = request.method
    if method in ("GET", "HEAD"):
        require(state, request, "reader")
        return await read(state, request, named, graph)
    require(state, request, "curator")
    body = await read_body(request, request_limit(request, state.settings, state.local_key))
    if method == "DELETE":
        if not named:
            raise InputError("say which graph to delete: ?graph=IRI or ?default")
        return await delete(state, graph)
    created_iri = None
    if not named:
        if method == "PUT":
            raise InputError("say which graph to replace: ?graph=IRI or ?default")
        graph = created_iri = f"{endpoint_url(request).rstrip('/')}/{uuid.uuid4().hex}"
    triples = await run_in_threadpool(
        parse_body,
        body,
        request.headers.get("content-type"),
        graph or endpoint_url(request),
        state.settings.query_timeout,
    )
    existed = await run_in_threadpool(exists, state.store, graph)
    await run_in_threadpool(
        changing, state, graph, lambda: write_graph(state.store, graph, triples, method == "PUT")
    )
    if created_iri is not None:
        return Response(status_code=201, headers={"Location": created_iri})
    return Response(status_code=204 if existed else 201)


async def read(state: AppState, request: Request, named: bool, graph: Target) -> Response:
    accept = request.headers.get("accept")
    if not named:
        media = choose(accept, DATASET_OFFER) or "application/n-quads"
        body = await run_in_threadpool(state.store.dump, media)
    else:
        if not await run_in_threadpool(exists, state.store, graph):
            raise NotFoundError(f"no graph <{graph}> in the store")
        media = choose(accept, GRAPH_OFFER) or "text/turtle"
        body = await run_in_threadpool(read_graph, state.store, graph, media)
    headers = {"Vary": "Accept", **CORS}
    if request.method == "HEAD":
        return Response(headers=headers, media_type=content_type(media))
    return Response(body, headers=headers, media_type=content_type(media))


async def delete(state: AppState, graph: Target) -> Response:
    if not await run_in_threadpool(exists, state.store, graph):
        raise NotFoundError(f"no graph <{graph}> in the store")
    drop = "CLEAR SILENT DEFAULT" if graph is None else f"DROP SILENT GRAPH <{graph}>"
    await run_in_threadpool(changing, state, graph, lambda: state.store.update(drop))
    return Response(status_code=204)


async def answer(request: Request, direct: bool) -> Response:
    try:
        return await handle(request, direct)
    except EkgError as exc:
        return await error_response(request, exc)


@router.api_route("/store", methods=METHODS, summary="Graph Store Protocol (indirect)")
async def store_indirect(request: Request) -> Response:
    return await answer(request, direct=False)


@router.api_route("/store/{path:path}", methods=METHODS, summary="Graph Store Protocol (direct)")
async def store_direct(request: Request, path: str) -> Response:
    return await answer(request, direct=True)


@router.options("/store", include_in_schema=False)
@router.options("/store/{path:path}", include_in_schema=False)
async def preflight() -> Response:
    return Response(
        status_code=204, headers={**PREFLIGHT, "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS"}
    )
