"""The remote store against a real Virtuoso: the store contract, ingest + the named
queries giving the same answers as the embedded store, export, and `ekg serve` on it."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from api.named_queries import named_queries
from graph.oxigraph_store import OxigraphStore
from graph.remote_store import DEFAULT_GRAPH, VIRTUOSO_CHUNK, SparqlHttpStore
from graph.store import Store
from ontology.errors import ForbiddenError, QueryError
from tests import virtuoso as fixtures
from tests.conftest import EXAMPLES, Server, ekg
from tests.virtuoso import Virtuoso
from tests.w3c.compare import same_graph, triples

pytestmark = [pytest.mark.slow, pytest.mark.virtuoso]
virtuoso = fixtures.virtuoso
EX = "http://example.org/"
WHEN = {
    "https://w3id.org/evidence-kg/ontology#contentHash",
    "http://www.w3.org/ns/prov#endedAtTime",
}


@pytest.fixture
def remote(virtuoso: Virtuoso) -> Iterator[SparqlHttpStore]:
    """The Virtuoso as a store, emptied of every graph but Virtuoso's own."""
    store = SparqlHttpStore.from_spec(virtuoso.spec())
    for graph in store.graphs():
        store.update(f"DROP SILENT GRAPH <{graph}>")
    yield store
    store.close()


def test_store_contract(remote: SparqlHttpStore) -> None:
    graph = f"{EX}contract"
    # more triples than one request carries, with blank nodes spread over all of them
    data = "".join(
        f'<{EX}s{i}> <{EX}p> _:b{i % 300} .\n_:b{i % 300} <{EX}v> "{i % 300}" .\n'
        for i in range(VIRTUOSO_CHUNK + 200)
    ).encode()
    remote.load(data, "application/n-triples", graph)
    expected = triples(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    dumped = remote.dump("nt", graph)
    assert same_graph(expected, triples(ox.parse(dumped, format=ox.RdfFormat.N_TRIPLES)))
    assert remote.count(graph) == len(expected)
    assert graph in remote.graphs()
    assert not any(g.startswith("http://www.openlinksw.com/") for g in remote.graphs())

    remote.replace_graph(graph, f"<{EX}a> <{EX}p> <{EX}b> .\n")
    assert remote.count(graph) == 1
    remote.load(f'<{EX}d> <{EX}p> "default" .'.encode(), "text/turtle")
    assert remote.count(DEFAULT_GRAPH) == 1  # Virtuoso's default graph cannot be written
    ask = remote.query(f"ASK {{ GRAPH <{graph}> {{ <{EX}a> ?p ?o }} }}")
    assert bool(ask)
    with pytest.raises(QueryError):
        remote.query("SELECT * WHERE { ?s ?p ")
    anonymous = SparqlHttpStore(remote.query_url)
    with pytest.raises(ForbiddenError, match="sparql-auth"):
        anonymous.update(f"INSERT DATA {{ GRAPH <{graph}> {{ <{EX}x> <{EX}p> <{EX}y> }} }}")
    anonymous.close()


def cells(text: str) -> list[tuple[str, ...]]:
    """CSV rows with multi-valued cells in a fixed order (GROUP_CONCAT order is free)."""
    rows = list(csv.reader(io.StringIO(text)))
    return sorted(tuple("; ".join(sorted(cell.split("; "))) for cell in row) for row in rows[1:])


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("embedded") / "store"
    ekg("ingest", str(EXAMPLES), store=store)
    return store


def answer_csv(store: Store, query: str) -> str:
    result = store.query(query)
    assert isinstance(result, ox.QuerySolutions)
    return (result.serialize(format=ox.QueryResultsFormat.CSV) or b"").decode()


def test_ingest_and_named_queries_agree_with_the_embedded_store(
    remote: SparqlHttpStore, virtuoso: Virtuoso, embedded: Path
) -> None:
    ekg("ingest", str(EXAMPLES), store=virtuoso.spec())
    ekg("ingest", str(EXAMPLES), store=virtuoso.spec())  # idempotent there too
    local = OxigraphStore(str(embedded))
    try:
        for query in named_queries():
            here = answer_csv(local, query.text).replace("\r\n", "\n")
            there = answer_csv(remote, query.text).replace("\r\n", "\n")
            assert cells(there) == cells(here), query.name
            if query.name != "candidates-awaiting-curation":
                assert cells(here), f"{query.name} found nothing in the examples"
    finally:
        local.close()
    studies = next(q for q in named_queries() if q.name == "studies-per-construct")
    by_command = ekg(
        "query", "@queries/studies-per-construct.rq", "--format", "csv", store=virtuoso.spec()
    ).stdout
    assert cells(by_command) == cells(answer_csv(remote, studies.text).replace("\r\n", "\n"))


def test_export_agrees_with_the_embedded_store(
    remote: SparqlHttpStore,
    virtuoso: Virtuoso,
    embedded: Path,
) -> None:
    ekg("ingest", str(EXAMPLES), store=virtuoso.spec())
    here = ekg("export", "--format", "nq", store=embedded).stdout.encode()
    there = ekg("export", "--format", "nq", store=virtuoso.spec()).stdout.encode()

    def graphs(nq: bytes) -> dict[str, list[tuple[object, ...]]]:
        out: dict[str, list[ox.Quad]] = {}
        for q in ox.parse(nq, format=ox.RdfFormat.N_QUADS):
            if q.predicate.value not in WHEN:  # when things were written, not what they hold
                out.setdefault(str(q.graph_name), []).append(q)
        return {g: triples(qs) for g, qs in out.items()}

    ours, theirs = graphs(here), graphs(there)
    assert set(theirs) == set(ours)
    for name in ours:
        assert same_graph(ours[name], theirs[name]), name


def test_serve_on_virtuoso(
    remote: SparqlHttpStore,
    virtuoso: Virtuoso,
    server_factory: Callable[..., Server],
    tmp_path: Path,
) -> None:
    ekg("ingest", str(EXAMPLES), store=virtuoso.spec())
    server = server_factory(tmp_path / "unused", env={"EKG_STORE": virtuoso.spec()})
    query = next(q for q in named_queries() if q.name == "studies-per-construct")
    with server.client() as c:
        served = c.post("/sparql", data={"query": query.text}, headers={"Accept": "text/csv"})
        refused = c.post("/sparql", data={"update": "CLEAR ALL"})
        description = c.get("/sparql", headers={"Accept": "text/turtle"})
    direct = ekg(
        "query", f"@queries/{query.name}.rq", "--format", "csv", store=virtuoso.spec()
    ).stdout
    assert served.status_code == 200
    assert cells(served.text.replace("\r\n", "\n")) == cells(direct)
    assert refused.status_code == 401
    assert "https://w3id.org/evidence-kg/graph/lexicon" in description.text
