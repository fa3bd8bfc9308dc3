"""The FastAPI application: SPARQL endpoint, explorer, API docs, one error handler."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from graph.accounts import Accounts, accounts_path
from graph.seed import ensure_seeded
from graph.store import Store
from ontology.errors import EkgError

from . import persisted
from .openapi_errors import install as install_openapi
from .routes import (
    curation,
    curation_entities,
    curation_page,
    evidence,
    explorer,
    gap_map,
    graph_store,
    pages_read,
    query_page,
    sparql,
    static,
)
from .security import SecurityHeaders
from .settings import Settings
from .state import AppState
from .view_warmer import ViewWarmer

SWAGGER_DIR = Path(fastapi_offline.__file__).parent / "static"
DESCRIPTION = """Evidence KG: constructs, instruments, interventions, studies and findings
from papers on mindfulness, compassion and empathy in health care, each traceable to its
evidence. Query it at `/sparql` (SPARQL 1.1 Protocol); explore it at `/`."""


def error_response(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, EkgError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    body = {"error": type(exc).__name__, "message": exc.message}
    if "text/html" in request.headers.get("accept", "") and request.method == "GET":
        from html import escape

        return HTMLResponse(
            f"<!doctype html><title>{exc.status}</title><h1>{escape(type(exc).__name__)}</h1>"
            f"<p>{escape(exc.message)}</p>",
            status_code=exc.status,
            headers=headers,
        )
    return JSONResponse(body, status_code=exc.status, headers=headers)


def create_app(settings: Settings, store: Store, local_key: str | None = None) -> FastAPI:
    """The app over an open store. `local_key` lets `ekg` commands write through it."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state: AppState = app.state.ekg
        persisted.start(state, seeded=ensure_seeded(store))
        warmer.poke()  # a second after start: read the saved summaries (or build them)
        yield
        persisted.seal(state)

    app = FastAPI(
        title="Evidence KG",
        description=DESCRIPTION,
        version="0.1.0",
        docs_url=None,
        lifespan=lifespan,
    )
    app.state.ekg = AppState(settings, store, Accounts(accounts_path(settings.store)), local_key)
    warmer = ViewWarmer(app.state.ekg)
    app.state.ekg.after_write = warmer.poke
    app.add_exception_handler(EkgError, error_response)
    app.add_middleware(SecurityHeaders)  # CSP, nosniff, frame and referrer policy; NUL paths
    install_openapi(app)
    app.mount("/static/swagger", StaticFiles(directory=SWAGGER_DIR), name="swagger")
    for module in (
        sparql,
        graph_store,
        query_page,
        explorer,
        evidence,
        gap_map,
        pages_read,
        curation,
        curation_entities,
        curation_page,
        static,
    ):
        app.include_router(module.router)

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="Evidence KG API",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="/static/swagger/favicon.png",
        )

    return app
