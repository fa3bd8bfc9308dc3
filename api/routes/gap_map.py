"""The evidence gap map: an intervention × construct matrix, as a page, JSON and CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from graph.gap_map import CSV_HEADER, GapMap, gap_map, gap_map_rows
from graph.store import Store
from ontology.errors import InputError

from ..pages import render
from ..state import get_state, require
from .evidence import DESIGNS

router = APIRouter(tags=["evidence"])


def _map(store: Store, design: str, population: str, instrument: str) -> GapMap:
    if design and design not in DESIGNS:
        raise InputError(f"unknown design '{design}'; choose one of {', '.join(DESIGNS)}")
    return gap_map(store, design=design, population=population, instrument=instrument)


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


@router.get("/api/map", summary="Evidence gap map (intervention × construct)")
async def map_api(
    request: Request, design: str = "", population: str = "", instrument: str = ""
) -> dict[str, Any]:
    state = get_state(request)
    require(state, request, "reader")
    m = await run_in_threadpool(_map, state.store, design, population, instrument)
    return map_json(m)


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
    m = await run_in_threadpool(_map, state.store, design, population, instrument)
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
    m = await run_in_threadpool(_map, state.store, design, population, instrument)
    filters = {"design": design, "population": population, "instrument": instrument}
    query = "&".join(f"{k}={v}" for k, v in filters.items() if v)
    return render("map.html", m=m, designs=DESIGNS, filters=filters, query=query)
