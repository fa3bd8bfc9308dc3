"""Replaying the protocol and Graph Store Protocol tests: HTTP exchanges written in the
W3C HTTP vocabulary (ht:Request, mf:expectedStatus, …), sent to the running service.

Request paths are the suite's `/sparql/…` and `/gsp…`; they are sent to `/sparql` and
`/store`. A response body given in the test must be isomorphic to the one received.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx
import pyoxigraph as ox
from rdflib import RDFS, Graph, Namespace
from rdflib.collection import Collection
from rdflib.term import Node

from .compare import same_rows, triples
from .manifest import UT, Case
from .runners import Endpoint, check, read_triples, reset

HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
CODES = {"OK": 200, "Created": 201, "NoContent": 204, "NotFound": 404}
TABULAR = {
    "application/sparql-results+xml",
    "application/sparql-results+json",
    "text/csv",
    "text/tab-separated-values",
}
BOOLEAN = {"application/sparql-results+xml", "application/sparql-results+json"}
RDF_TYPES = {
    "application/rdf+xml",
    "text/turtle",
    "application/n-triples",
    "application/ld+json",
    "text/plain",
}


@dataclass
class Exchange:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    statuses: list[str] = field(default_factory=list)
    expected_format: str | None = None
    expected_boolean: bool | None = None
    expected_body: str | None = None
    expected_type: str | None = None
    location_variable: str | None = None


def _headers(g: Graph, node: Node | None) -> dict[str, str]:
    if node is None:
        return {}
    return {
        str(g.value(h, HT.fieldName)).lower(): str(g.value(h, HT.fieldValue))
        for h in Collection(g, node)
    }


def _body(g: Graph, node: Node | None) -> tuple[str | None, str]:
    if node is None:
        return None, "UTF-8"
    return str(g.value(node, CNT.chars)), str(g.value(node, CNT.characterEncoding) or "UTF-8")


def exchanges(case: Case) -> list[Exchange]:
    g, node = case.graph, case.node
    assert g is not None and node is not None
    action = g.value(node, MF.action)
    out = []
    for request in Collection(g, g.value(action, HT.requests)):
        text, encoding = _body(g, g.value(request, HT.body))
        response = g.value(request, HT.resp)
        resp_headers = _headers(g, g.value(response, HT.headers))
        expected_body, _ = _body(g, g.value(response, HT.body))
        boolean = g.value(response, MF.expectedBoolean)
        location = g.value(response, MF.expectedLocation)
        out.append(
            Exchange(
                method=str(g.value(request, HT.methodName)),
                path=str(g.value(request, HT.absolutePath)),
                headers=_headers(g, g.value(request, HT.headers)),
                body=text.encode(encoding) if text is not None else None,
                statuses=[
                    str(s).rsplit("#", 1)[-1] for s in g.objects(response, MF.expectedStatus)
                ],
                expected_format=str(g.value(response, MF.expectedFormat) or "") or None,
                expected_boolean=boolean.toPython() if boolean is not None else None,  # type: ignore[union-attr]
                expected_body=expected_body,
                expected_type=resp_headers.get("content-type"),
                location_variable=str(location) if location is not None else None,
            )
        )
    return out


def preload(client: httpx.Client, case: Case) -> None:
    """Empty the store, then load the graphs the test names (ut:graphData)."""
    reset(client)
    g, node = case.graph, case.node
    assert g is not None and node is not None
    for item in g.objects(node, UT.graphData):
        name = str(g.value(item, RDFS.label))
        data = read_triples(str(g.value(item, UT.graph)))
        check(
            client.put(
                "/store",
                params={"graph": name},
                content=ox.serialize(data, format=ox.RdfFormat.N_TRIPLES),
                headers={"Content-Type": "application/n-triples"},
            ),
            f"load {name}",
        )


def target(path: str) -> str:
    if path.startswith("/sparql"):
        return "/sparql" + path[len("/sparql/") :] if path.startswith("/sparql/") else path
    if path.startswith("/gsp"):
        return "/store" + path[len("/gsp") :]
    return path


def status_ok(code: int, expected: list[str]) -> bool:
    for name in expected:
        if name.startswith("StatusCode") and str(code).startswith(name[len("StatusCode")]):
            return True
        if CODES.get(name) == code:
            return True
    return not expected


def media(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def problems(exchange: Exchange, response: httpx.Response) -> list[str]:
    """What in the response differs from what the test expects (empty: it passes)."""
    found = []
    if not status_ok(response.status_code, exchange.statuses):
        found.append(f"status {response.status_code}, expected {exchange.statuses}")
    kind = media(response)
    if exchange.expected_format == "tabular" and kind not in TABULAR:
        found.append(f"tabular answer expected, got {kind}")
    if exchange.expected_format == "boolean" and kind not in BOOLEAN:
        found.append(f"boolean answer expected, got {kind}")
    if exchange.expected_format == "RDF" and kind not in RDF_TYPES:
        found.append(f"RDF answer expected, got {kind}")
    if exchange.expected_boolean is not None and response.is_success:
        fmt = ox.QueryResultsFormat.from_media_type(kind)
        answer = bool(ox.parse_query_results(response.content, format=fmt)) if fmt else None
        if answer is not exchange.expected_boolean:
            found.append(f"answer {answer}, expected {exchange.expected_boolean}")
    if exchange.expected_type and kind != exchange.expected_type.split(";")[0].strip():
        found.append(f"Content-Type {kind}, expected {exchange.expected_type}")
    if exchange.expected_body is not None and response.is_success:
        rdf = ox.RdfFormat.from_media_type(kind) or ox.RdfFormat.TURTLE
        expected = triples(ox.parse(exchange.expected_body.encode(), format=ox.RdfFormat.TURTLE))
        if not same_rows(expected, triples(ox.parse(response.content, format=rdf)), False):
            found.append("the graph received differs from the one expected")
    return found


def replay(endpoint: Endpoint, case: Case) -> list[str]:
    """Send the test's requests in order; the problems found (empty: it passes)."""
    found: list[str] = []
    variables: dict[str, str] = {}
    with endpoint.client() as client:
        preload(client, case)
        for exchange in exchanges(case):
            path, body = exchange.path, exchange.body
            for name, value in variables.items():
                path = path.replace(name, value)
                body = body.replace(name.encode(), value.encode()) if body else body
            headers = dict(exchange.headers)
            response = client.request(exchange.method, target(path), content=body, headers=headers)
            found += [f"{exchange.method} {path}: {p}" for p in problems(exchange, response)]
            if exchange.location_variable and "location" in response.headers:
                variables[exchange.location_variable] = response.headers["location"]
    return found
