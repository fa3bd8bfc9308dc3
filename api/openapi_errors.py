"""The OpenAPI document says every status the API answers with, and that writes to
curated things need `If-Match`.

The error answers come from one handler (`api.app.error_response`), so the routes do not
list them one by one; this adds them to every operation, with the error body's schema.
`If-Match` is optional in the code (so a missing one gets a 428 that says what to send,
not a bare 422) and required in the document, which is what a client must do.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

ERROR_SCHEMA = {  # the one handler's {error, message}; the framework's own 400s say {detail}
    "type": "object",
    "properties": {
        "error": {"type": "string"},
        "message": {"type": "string"},
        "detail": {},
    },
}
ALWAYS = {
    "400": "bad input: a parameter, body or path the service cannot use (the message says which)",
    "404": "no such thing (claim, entity, graph, page)",
    "413": "the request is larger than the service accepts",
    "503": "the service is busy, or the query ran past its time limit",
}
WRITES = {
    "401": "no bearer token, or an unknown one",
    "403": "the token's role is too weak for this",
    "409": "the action would break a SHACL shape (the message names it)",
    "412": "stale If-Match: the thing changed since you loaded it",
    "415": "unsupported Content-Type",
    "428": "If-Match is missing (or '*'): send the ETag you last saw",
}
READS = {"401": WRITES["401"], "403": WRITES["403"], "406": "no acceptable format"}
RESULTS = [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
]
GRAPHS = ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"]
DATASETS = ["application/n-quads", "application/trig"]
SUCCESS_TYPES = {  # what a 200 may come as, by path (routes answering with Response)
    "/sparql": [*RESULTS, *GRAPHS, "text/html"],
    "/store": [*DATASETS, *GRAPHS],
    "/store/{path}": GRAPHS,
    "/queries/{name}.rq": ["application/sparql-query"],
}


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": ERROR_SCHEMA}},
    }


def complete(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the error answers to every operation and mark If-Match required."""
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            if method not in ("get", "head", "post", "put", "delete", "patch", "options"):
                continue
            responses = operation.setdefault("responses", {})
            if path in SUCCESS_TYPES and method in ("get", "head", "post"):
                ok = responses.setdefault("200", {"description": "the answer"})
                content = ok.setdefault("content", {})
                for media in SUCCESS_TYPES[path]:
                    content.setdefault(media, {"schema": {"type": "string"}})
            extra = {**ALWAYS, **(READS if method in ("get", "head") else WRITES)}
            for code, text in extra.items():
                responses.setdefault(code, _error(text))
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "header" and parameter.get("name") == "If-Match":
                    parameter["required"] = True
                    parameter["schema"] = {"type": "string", "minLength": 1}
    return schema


def install(app: FastAPI) -> None:
    """Serve the completed document at /openapi.json."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = complete(
                get_openapi(
                    title=app.title,
                    version=app.version,
                    description=app.description,
                    routes=app.routes,
                )
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
