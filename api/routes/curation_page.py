"""The curation page: the review queue with evidence in context, one-key decisions, the
history with revert, merges and retractions. The page is a shell; its script talks to
the JSON API with the curator's token (kept in sessionStorage, sent as Bearer)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from graph import curation as cur
from graph.curation.queue import QUEUE_STATUSES, SUBJECT_TYPES

from ..pages import render
from ..state import get_state

router = APIRouter(tags=["curation"])
REASONS = (
    "not what the paper says",
    "wrong node (another instrument, construct or study)",
    "not a finding of this study",
    "duplicate of another statement",
    "extraction noise",
)


@router.get("/curation", response_class=HTMLResponse, summary="Curation page")
def curation_page(request: Request) -> HTMLResponse:
    state = get_state(request)
    papers = cur.papers(state.store) if state.settings.public_reads else []
    return render(
        "curation.html",
        papers=papers,
        types=SUBJECT_TYPES,
        statuses=QUEUE_STATUSES,
        reasons=REASONS,
    )
