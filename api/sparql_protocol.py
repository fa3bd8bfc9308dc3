"""Reading a SPARQL 1.1 Protocol request (GET, POST form, POST direct) and turning it
into a query job: parameters, dataset, formats, time limit."""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from fastapi import Request

from graph.query_exec import QueryJob
from graph.sparql_text import has_keyword
from ontology.errors import InputError, QueryError

from .negotiation import GRAPH_OFFER, GRAPH_TYPES, RESULT_OFFER, RESULT_TYPES, choose
from .settings import Settings

FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"


class PayloadTooLargeError(InputError):
    status = 413


class UnsupportedMediaTypeError(InputError):
    status = 415


@dataclass
class ProtocolRequest:
    params: dict[str, list[str]] = field(default_factory=dict)
    query: str | None = None
    update: str | None = None

    def one(self, name: str) -> str | None:
        values = self.params.get(name, [])
        if len(values) > 1:
            raise InputError(f"parameter '{name}' was given {len(values)} times; give it once")
        return values[0] if values else None

    def first(self, name: str) -> str | None:
        """A non-protocol parameter (format, output, timeout): the first value given."""
        values = self.params.get(name, [])
        return values[0] if values else None

    def many(self, name: str) -> list[str]:
        return self.params.get(name, [])


def media_and_charset(header: str) -> tuple[str, str | None]:
    media, *params = [p.strip() for p in header.split(";")]
    charset = None
    for p in params:
        key, _, value = p.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.lower(), charset


def decode(body: bytes, charset: str | None, what: str) -> str:
    if charset not in (None, "utf-8", "utf8", "us-ascii"):
        raise InputError(f"the {what} is sent as {charset}; send it as UTF-8")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"the {what} is not valid UTF-8 (byte {exc.start})") from exc


def is_local(request: Request, local_key: str | None) -> bool:
    """True for the `ekg` commands writing through this server: no public limits apply."""
    header = request.headers.get("authorization", "")
    return local_key is not None and hmac.compare_digest(
        header.encode("utf-8", "surrogateescape"), f"Bearer {local_key}".encode()
    )


def request_limit(request: Request, settings: Settings, local_key: str | None) -> int | None:
    """The largest body this request may send: none for the `ekg` commands' own key."""
    return None if is_local(request, local_key) else settings.max_request_bytes


async def read_body(request: Request, limit: int | None) -> bytes:
    """The body, refused with 413 past `limit` bytes (before reading it all)."""
    if limit is None:
        return await request.body()
    declared = request.headers.get("content-length", "")
    too_big = PayloadTooLargeError(
        f"the request is larger than {limit} bytes, the limit of this service "
        "(EKG_MAX_REQUEST_BYTES); split it, or load large files with `ekg import`"
    )
    if declared.isdigit() and int(declared) > limit:
        raise too_big
    parts, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_big
        parts.append(chunk)
    return b"".join(parts)


def _add(params: dict[str, list[str]], pairs: list[tuple[str, str]]) -> None:
    for key, value in pairs:
        params.setdefault(key, []).append(value)


async def parse_request(request: Request, limit: int | None) -> ProtocolRequest:
    """Parameters, query and update of a protocol request, checked as the protocol says."""
    if limit is not None and len(request.url.query) > limit:
        raise PayloadTooLargeError(f"the URL is longer than {limit} bytes; send it by POST")
    req = ProtocolRequest()
    _add(req.params, request.query_params.multi_items())
    if request.method == "POST":
        header = request.headers.get("content-type")
        if not header:
            raise InputError(f"a POST needs a Content-Type: {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}")
        media, charset = media_and_charset(header)
        body = await read_body(request, limit)
        if media == FORM:
            pairs = parse_qsl(decode(body, charset, "form"), keep_blank_values=True)
            _add(req.params, pairs)
        elif media in (QUERY_TYPE, UPDATE_TYPE):
            kind = "query" if media == QUERY_TYPE else "update"
            if req.params.get(kind):
                raise InputError(f"the {kind} is in both the URL and the body; send it once")
            text = decode(body, charset, kind)
            req.params[kind] = [text]
        else:
            raise UnsupportedMediaTypeError(
                f"unsupported Content-Type '{media}'; use {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}"
            )
    req.query, req.update = req.one("query"), req.one("update")
    if req.query is not None and req.update is not None:
        raise InputError("give either 'query' or 'update', not both")
    if req.update is not None and request.method != "POST":
        raise InputError("an update must be sent by POST (form or application/sparql-update)")
    return req


def endpoint_url(request: Request) -> str:
    return str(request.url.replace(query="", fragment=""))


def check_query(settings: Settings, query: str) -> None:
    if not settings.federated_query and has_keyword(query, "SERVICE"):
        raise QueryError(
            "SERVICE (federated query) is turned off on this endpoint; run the remote part "
            "against its own endpoint, or start the service with EKG_FEDERATED_QUERY=true"
        )


def timeout_of(settings: Settings, req: ProtocolRequest) -> float:
    """The request's `timeout` (seconds), at most the service's limit."""
    given = req.first("timeout")
    if given is None:
        return settings.query_timeout
    try:
        value = float(given)
    except ValueError:
        value = -1.0
    if not value > 0:
        raise InputError(f"timeout '{given}' is not a positive number of seconds")
    return min(value, settings.query_timeout)


def make_job(
    settings: Settings,
    request: Request,
    req: ProtocolRequest,
    fmt: str | None,
    media: tuple[str | None, str | None] | None = None,
) -> QueryJob:
    """The job for the request's query; `media` overrides the negotiated (results, graph)."""
    if media is None:
        accept = request.headers.get("accept")
        media = (choose(accept, RESULT_OFFER, fmt), choose(accept, GRAPH_OFFER, fmt))
    results, graph = media
    default, named = req.many("default-graph-uri"), req.many("named-graph-uri")
    given = bool(default or named)
    assert req.query is not None
    return QueryJob(
        req.query,
        RESULT_TYPES[results] if results else None,
        GRAPH_TYPES[graph] if graph else None,
        settings.max_rows,
        base_iri=endpoint_url(request),
        union_default=settings.union_default_graph,
        default_graphs=tuple(default) if given else None,
        named_graphs=tuple(named) if given else None,
    )


def truncation_headers(max_rows: int) -> dict[str, str]:
    return {
        "X-EKG-Truncated": "true",
        "X-EKG-Row-Limit": str(max_rows),
        "X-EKG-Hint": (
            f"the result was cut at {max_rows} rows, the limit of this service; page "
            f"through the rest with ORDER BY and LIMIT {max_rows} OFFSET {max_rows}, "
            f"{2 * max_rows}, ..."
        ),
    }
