"""The evidence gap map: an intervention × construct matrix, as a page, JSON and CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response

from graph.gap_map import CSV_HEADER, GapMap, cell_rows, gap_map, gap_map_rows
from ontology.errors import InputError

from ..pages import render
from ..persisted import persisted
from ..state import AppState, get_state, require
from ..view_cache import cached
from .evidence import DESIGNS

router = APIRouter(tags=["evidence"])


def map_rows(state: AppState) -> list[dict[str, str]]:
    """Every finding's cell of the map, kept until the next write."""
    return cached(
        state, ("map-rows",), lambda: persisted(state, "map-rows", lambda: cell_rows(state.store))
    )


def _map(state: AppState, design: str, population: str, instrument: str) -> GapMap:
    """The map under the filters, kept until the next write like the rows it counts."""
    if design and design not in DESIGNS:
        raise InputError(f"unknown design '{design}'; choose one of {', '.join(DESIGNS)}")
    found = map_rows(state)
    return cached(
        state,
        ("map", design, population, instrument),
        lambda: gap_map(
            state.store, design=design, population=population, instrument=instrument, found=found
        ),
    )


def map_json(m: GapMap) -> dict[str, Any]:
    return {
        "interventions": [{"iri": k, "label": v} for k, v in m.interventions.items()],
        "constructs": [{"iri": k, "label": v} for k, v in m.constructs.items()],
        "cells": [
            {
                "intervention": iv,
                "construct": c,
                "studies": len(cell.studies),
                "total_n": cell.total_n,
                "randomised": cell.randomised,
                "directions": dict(cell.directions),
                "weight": cell.weight,
            }
            for (iv, c), cell in m.cells.items()
            if iv in m.interventions and c in m.constructs
        ],
    }


@router.get(
    "/api/map",
    summary="Evidence gap map (intervention × construct)",
    response_model=dict[str, Any],
)
async def map_api(
    request: Request, design: str = "", population: str = "", instrument: str = ""
) -> Response:
    state = get_state(request)
    require(state, request, "reader")
    body = await run_in_threadpool(map_body, state, design, population, instrument)
    return Response(body, media_type="application/json")


def map_body(
    state: AppState, design: str = "", population: str = "", instrument: str = ""
) -> bytes:
    """The map's JSON, encoded once per revision and filter (encoding took 50-100 ms)."""

    def answer() -> bytes:
        m = _map(state, design, population, instrument)
        return bytes(JSONResponse(map_json(m)).body)

    if design or population or instrument:
        return cached(state, ("map-json", design, population, instrument), answer)
    return cached(state, ("map-json", "", "", ""), lambda: persisted(state, "map-json", answer))


@router.get(
    "/map.csv",
    summary="Evidence gap map as CSV",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "one row per cell"}},
)
async def map_csv(
    request: Request, design: str = "", population: str = "", instrument: str = ""
) -> Response:
    state = get_state(request)
    require(state, request, "reader")
    m = await run_in_threadpool(_map, state, design, population, instrument)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    writer.writerows(gap_map_rows(m))
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="evidence-gap-map.csv"'},
    )


@router.get("/map", response_class=HTMLResponse, summary="Evidence gap map (page)")
async def map_page(
    request: Request, design: str = "", population: str = "", instrument: str = ""
) -> HTMLResponse:
    state = get_state(request)
    require(state, request, "reader")
    m = await run_in_threadpool(_map, state, design, population, instrument)
    filters = {"design": design, "population": population, "instrument": instrument}
    query = "&".join(f"{k}={v}" for k, v in filters.items() if v)
    return render("map.html", m=m, designs=DESIGNS, filters=filters, query=query)
