"""Running one evaluation test two ways: through the HTTP endpoint of a running
`ekg serve`, and in-process on pyoxigraph (the baseline).

Through HTTP the test data are loaded with the Graph Store Protocol (as N-Triples,
parsed here with the file's own IRI as base), the store is emptied with `DROP ALL`
before each test, and the query or update is sent with the test file's IRI as BASE.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pyoxigraph as ox

from .compare import (
    Expected,
    dataset,
    expected_answer,
    is_ordered,
    same_answer,
    same_dataset,
    solutions,
    triples,
)
from .manifest import Case, local

ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
}


@dataclass
class Endpoint:
    """A running service: its base URL and a curator token."""

    url: str
    token: str

    def client(self) -> httpx.Client:
        return httpx.Client(
            base_url=self.url, timeout=120, headers={"Authorization": f"Bearer {self.token}"}
        )


def read_triples(iri: str) -> list[ox.Triple]:
    path = local(iri)
    return [
        ox.Triple(t.subject, t.predicate, t.object)
        for t in ox.parse(path=str(path), format=FORMATS[path.suffix], base_iri=iri)
    ]


def text_of(iri: str) -> str:
    return local(iri).read_text(encoding="utf-8")


def with_base(text: str, iri: str) -> str:
    return f"BASE <{iri}>\n{text}"


# ---- in-process (the baseline) ---------------------------------------------------------


def local_store(case: Case) -> ox.Store:
    store = ox.Store()
    for iri in case.data:
        store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in read_triples(iri))
    for name, iri in case.graph_data:
        graph = ox.NamedNode(name)
        store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in read_triples(iri))
    return store


def local_answer(case: Case) -> Expected:
    assert case.query is not None
    result = local_store(case).query(text_of(case.query), base_iri=case.query)
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QuerySolutions):
        return solutions(result)
    return triples(result)


def local_update(case: Case) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    assert case.query is not None
    store = local_store(case)
    store.update(text_of(case.query), base_iri=case.query)
    return dataset(store)


# ---- through HTTP ----------------------------------------------------------------------


def reset(client: httpx.Client) -> None:
    check(client.post("/sparql", data={"update": "DROP ALL"}), "DROP ALL")


def check(response: httpx.Response, what: str) -> httpx.Response:
    if not response.is_success:
        raise AssertionError(f"{what}: {response.status_code} {response.text[:500]}")
    return response


def load(client: httpx.Client, case: Case) -> None:
    reset(client)
    for iri in case.data:
        body = ox.serialize(read_triples(iri), format=ox.RdfFormat.N_TRIPLES)
        check(
            client.post(
                "/store?default", content=body, headers={"Content-Type": "application/n-triples"}
            ),
            f"load {iri}",
        )
    for name, iri in case.graph_data:
        body = ox.serialize(read_triples(iri), format=ox.RdfFormat.N_TRIPLES)
        check(
            client.put(
                "/store",
                params={"graph": name},
                content=body,
                headers={"Content-Type": "application/n-triples"},
            ),
            f"load {iri}",
        )


def parse_answer(response: httpx.Response) -> Expected:
    media = response.headers.get("content-type", "").split(";")[0].strip()
    fmt = ox.QueryResultsFormat.from_media_type(media)
    if fmt is not None:
        parsed = ox.parse_query_results(response.content, format=fmt)
        return bool(parsed) if isinstance(parsed, ox.QueryBoolean) else solutions(parsed)
    rdf = ox.RdfFormat.from_media_type(media)
    if rdf is None:
        raise AssertionError(f"unexpected answer type {media!r}")
    return triples(ox.parse(response.content, format=rdf))


def http_answer(endpoint: Endpoint, case: Case) -> Expected:
    assert case.query is not None
    with endpoint.client() as client:
        load(client, case)
        response = client.post(
            "/sparql",
            content=with_base(text_of(case.query), case.query).encode("utf-8"),
            headers={"Content-Type": "application/sparql-query", "Accept": ACCEPT},
        )
        return parse_answer(check(response, "query"))


def http_update(endpoint: Endpoint, case: Case) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    assert case.query is not None
    with endpoint.client() as client:
        load(client, case)
        check(
            client.post(
                "/sparql",
                content=with_base(text_of(case.query), case.query).encode("utf-8"),
                headers={"Content-Type": "application/sparql-update"},
            ),
            "update",
        )
        dump = check(client.get("/store", headers={"Accept": "application/n-quads"}), "dump")
        return dataset(ox.parse(dump.content, format=ox.RdfFormat.N_QUADS))


# ---- expectations ----------------------------------------------------------------------


def expected_query(case: Case) -> Expected:
    assert case.result is not None
    return expected_answer(local(case.result), case.result)


def expected_update(case: Case) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    quads = [
        ox.Quad(t.subject, t.predicate, t.object)
        for iri in case.result_data
        for t in read_triples(iri)
    ]
    quads += [
        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(name))
        for name, iri in case.result_graphs
        for t in read_triples(iri)
    ]
    return dataset(quads)


def query_passes(case: Case, actual: Expected) -> bool:
    assert case.query is not None
    return same_answer(expected_query(case), actual, is_ordered(text_of(case.query)))


def update_passes(case: Case, actual: dict[str, list[tuple]]) -> bool:  # type: ignore[type-arg]
    return same_dataset(expected_update(case), actual)
