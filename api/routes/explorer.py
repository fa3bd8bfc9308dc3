"""The explorer: the construct–measure map drawn with vis-network, served offline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyvis
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse

from graph.store import Store
from graph.views import construct_measure_graph

from ..pages import render
from ..state import get_state, require

router = APIRouter(tags=["explorer"])
VIS_DIR = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
COLOURS = {"construct": "#2a9d8f", "instrument": "#e9c46a", "candidate": "#f4a261"}
SHAPES = {"construct": "ellipse", "instrument": "box", "candidate": "box"}


def network_data(facets: bool, store: Store) -> dict[str, list[dict[str, Any]]]:
    """Nodes and edges in vis-network's format."""
    g = construct_measure_graph(store, facets=facets)
    nodes = []
    for node_id, attrs in g.nodes(data=True):
        kind = attrs.get("kind", "construct")
        nodes.append(
            {
                "id": node_id,
                "label": attrs.get("label") or node_id.rsplit("/", 1)[-1],
                "title": f"{attrs.get('title') or ''} ({kind})",
                "group": kind,
                "color": COLOURS[kind],
                "shape": SHAPES[kind],
            }
        )
    edges = [
        {"from": a, "to": b, "label": attrs.get("label", "")} for a, b, attrs in g.edges(data=True)
    ]
    return {"nodes": nodes, "edges": edges}


@router.get("/", response_class=HTMLResponse, summary="Explorer: the construct–measure map")
async def explorer(request: Request, facets: bool = False) -> HTMLResponse:
    state = get_state(request)
    require(state, request, "reader")
    data = await run_in_threadpool(network_data, facets, state.store)
    payload = json.dumps(data).replace("<", "\\u003c").replace(">", "\\u003e")
    groups = [n.get("group") for n in data["nodes"]]
    counts = {
        "constructs": groups.count("construct"),
        "instruments": len(groups) - groups.count("construct"),
    }
    return render("explorer.html", graph_json=payload, counts=counts, facets=facets)


@router.get("/static/vis-network.min.js", include_in_schema=False)
async def vis_js() -> FileResponse:
    return FileResponse(VIS_DIR / "vis-network.min.js", media_type="text/javascript")


@router.get("/static/vis-network.css", include_in_schema=False)
async def vis_css() -> FileResponse:
    return FileResponse(VIS_DIR / "vis-network.css", media_type="text/css")
