"""The explorer: a page that asks the server for neighbourhoods of the network, never
the whole graph, and draws them with vis-network.

vis-network is the copy pyvis ships (pyvis is a dependency for that asset alone): the
app serves the file from pyvis's package folder, found without importing pyvis, so
start-up does not pay for pyvis's imports (see docs/explorer.md).
"""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path
from typing import Annotated, Any

import networkx as nx
from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from pydantic_core import to_json

from graph.evidence import finding_dict
from graph.network import KINDS, build_network, neighbourhood, overview, ranked, search
from graph.results import rows
from graph.sparql_terms import iri_ref
from graph.views import network_summary, path_between, projection
from ontology import vocab
from ontology.errors import InputError, NotFoundError
from ontology.vocab import sparql_prefixes

from ..findings_source import findings
from ..pages import render
from ..persisted import persisted
from ..state import AppState, get_state, require
from ..view_cache import cached
from .evidence import DESIGNS

router = APIRouter(tags=["explorer"])
Iri = Annotated[str, Query(description="IRI of a node", max_length=2000)]
DIRECTIONS = tuple(vocab.DIRECTIONS)


def _vis_dir() -> Path:
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise NotFoundError(
            "pyvis is not installed: it ships the vis-network asset (pip install pyvis)"
        )
    return Path(list(spec.submodule_search_locations)[0]) / "lib" / "vis-9.1.2"


_cache: dict[int, tuple[int, nx.DiGraph]] = {}
_cache_lock = threading.Lock()


def network(state: AppState) -> nx.DiGraph:
    """The projection of the store, rebuilt after every write the app makes."""
    with _cache_lock:
        hit = _cache.get(id(state))
        if hit and hit[0] == state.revision:
            return hit[1]
        revision = state.revision
        g = persisted(state, "network", lambda: build_network(state.store))
        _cache[id(state)] = (revision, g)
        return g


def ranking(state: AppState, g: nx.DiGraph, hide_lexicon_only: bool = False) -> list[str]:
    """Every node by degree, for the overview: sorted once per revision."""
    return cached(
        state,
        ("ranked", hide_lexicon_only),
        lambda: persisted(
            state, f"ranking-{hide_lexicon_only}", lambda: ranked(g, hide_lexicon_only)
        ),
    )


def summary_of(state: AppState, g: nx.DiGraph) -> dict[str, Any]:
    """Central nodes and communities of the network, once per revision."""
    return cached(
        state, ("summary",), lambda: persisted(state, "network-summary", lambda: network_summary(g))
    )


def vis_data(g: nx.DiGraph, focus: str = "") -> dict[str, Any]:
    nodes = [
        {
            "id": n,
            "label": a["label"],
            "title": a["title"],
            "kind": a["kind"],
            "lexiconOnly": a["lexicon_only"],
            "candidate": a["candidate"],
            "design": a.get("design") or "",
            "focus": n == focus,
        }
        for n, a in g.nodes(data=True)
    ]
    edges = [
        {"from": u, "to": v, "label": d["label"], "directions": d.get("directions")}
        for u, v, d in g.edges(data=True)
    ]
    return {"nodes": nodes, "edges": edges}


def _kinds(kinds: str) -> set[str] | None:
    chosen = {k for k in kinds.split(",") if k}
    unknown = chosen - set(KINDS)
    if unknown:
        raise InputError(
            f"unknown node type '{sorted(unknown)[0]}'; choose from {', '.join(KINDS)}"
        )
    return chosen or None


@router.get("/api/explorer/search", summary="Nodes whose name matches, for autocomplete")
async def explorer_search(
    request: Request, q: Annotated[str, Query(max_length=200)] = ""
) -> list[dict[str, Any]]:
    state = get_state(request)
    require(state, request, "reader")
    g = await run_in_threadpool(network, state)
    return search(g, q)


@router.get("/api/explorer/graph", summary="A neighbourhood of the network (or an overview)")
async def explorer_graph(
    request: Request,
    focus: Iri = "",
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    kinds: str = "",
    design: str = "",
    paper: str = "",
    hide_lexicon_only: bool = False,
    direction: str = "",
    limit: Annotated[int, Query(ge=1, le=2000)] = 300,
) -> dict[str, Any]:
    state = get_state(request)
    require(state, request, "reader")
    g = await run_in_threadpool(network, state)
    chosen = _kinds(kinds)
    if focus:
        if focus not in g:
            raise NotFoundError(f"no node '{focus}' in the explorer's graph; search for it by name")
        if direction not in ("", *DIRECTIONS):
            raise InputError(
                f"unknown direction '{direction}'; choose one of {', '.join(DIRECTIONS)}"
            )
        sub = neighbourhood(
            g,
            focus,
            depth,
            chosen,
            design,
            paper,
            hide_lexicon_only=hide_lexicon_only,
            limit=limit,
            direction=direction,
        )
    else:
        order = await run_in_threadpool(ranking, state, g, hide_lexicon_only)
        sub = overview(g, min(limit, 150), order, kinds=chosen)
    data = vis_data(sub, focus)
    data["total_nodes"] = g.number_of_nodes()
    return data


SYNONYMS = sparql_prefixes() + "SELECT DISTINCT ?l WHERE { %s skos:altLabel ?l }"


def node_details(state: AppState, g: nx.DiGraph, iri: str) -> dict[str, Any]:
    if iri not in g:
        raise NotFoundError(f"no node '{iri}' in the explorer's graph; search for it by name")
    a = g.nodes[iri]

    def linked(label: str, incoming: bool) -> list[dict[str, str]]:
        edges = g.in_edges(iri, data=True) if incoming else g.out_edges(iri, data=True)
        out = []
        for u, v, d in edges:
            other = u if incoming else v
            if d["label"] == label:
                o = g.nodes[other]
                out.append(
                    {"iri": other, "label": o["label"], "title": o["title"], "kind": o["kind"]}
                )
        return sorted(out, key=lambda e: e["label"].lower())

    kind = a["kind"]
    details: dict[str, Any] = {
        "iri": iri,
        "kind": kind,
        "label": a["label"],
        "title": a["title"],
        "definition": a.get("definition") or "",
        "synonyms": [r["l"] for r in rows(state.store.query(SYNONYMS % iri_ref(iri)))],
        "papers": a["papers"],
        "lexicon_only": a["lexicon_only"],
        "candidate": a["candidate"],
    }
    if kind == "construct":
        details["instruments"] = linked("measures", True)
        details["facets"] = linked("facet of", True)
        details["broader"] = linked("facet of", False)
        details["interventions"] = linked("tested on", True)
        found = findings(state, construct=iri)
    elif kind == "instrument":
        details["measures"] = linked("measures", False)
        details["subscales"] = linked("subscale of", True)
        details["subscale_of"] = linked("subscale of", False)
        details["studies"] = linked("used", True)
        found = findings(state, instrument=iri)
    elif kind == "intervention":
        details["constructs"] = linked("tested on", False)
        details["studies"] = linked("evaluated", True)
        found = findings(state, intervention=iri)
    else:
        details["design"] = a.get("design") or None
        details["n"] = a.get("n")
        details["instruments"] = linked("used", False)
        details["interventions"] = linked("evaluated", False)
        found = findings(state, study=iri)
    details["findings"] = [finding_dict(f) for f in found[:200]]
    details["findings_total"] = len(found)
    return details


@router.get("/api/explorer/node", summary="One node for the side panel: its links and findings")
async def explorer_node(request: Request, iri: Iri) -> Response:
    state = get_state(request)
    require(state, request, "reader")
    g = await run_in_threadpool(network, state)
    body = await run_in_threadpool(
        cached, state, ("node", iri), lambda: to_json(node_details(state, g, iri))
    )
    return Response(body, media_type="application/json")


@router.get(
    "/api/network/summary",
    summary="The construct–instrument–intervention graph: central nodes and communities",
)
async def network_overview(request: Request) -> JSONResponse:
    state = get_state(request)
    require(state, request, "reader")
    g = await run_in_threadpool(network, state)
    return JSONResponse(await run_in_threadpool(summary_of, state, g))


@router.get("/api/network/path", summary="The shortest chain of links between two nodes")
async def network_path(request: Request, source: Iri, target: Iri) -> list[dict[str, str]]:
    state = get_state(request)
    require(state, request, "reader")
    g = await run_in_threadpool(network, state)
    return await run_in_threadpool(path_between, projection(g), source, target)


@router.get("/", response_class=HTMLResponse, summary="Explorer")
async def explorer(request: Request, focus: Iri = "") -> HTMLResponse:
    state = get_state(request)
    require(state, request, "reader")
    return render("explorer.html", focus=focus, kinds=KINDS, designs=DESIGNS)


@router.get("/static/vis-network.min.js", include_in_schema=False)
async def vis_js() -> FileResponse:
    return FileResponse(_vis_dir() / "vis-network.min.js", media_type="text/javascript")


@router.get("/static/vis-network.css", include_in_schema=False)
async def vis_css() -> FileResponse:
    return FileResponse(_vis_dir() / "vis-network.css", media_type="text/css")
