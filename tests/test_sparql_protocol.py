"""The SPARQL 1.1 Protocol and Graph Store Protocol of a real `ekg serve`, seen by the
clients people use: curl, SPARQLWrapper, httpx (as a browser or a script would)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from ontology.vocab import EKG, KNOWLEDGE_GRAPH, PAPER_GRAPH_PREFIX
from tests.conftest import Server, ekg, start_server, stop_server

EX = "http://example.org/"
DATA = "\n".join(
    f'<{EX}s{i}> <{EX}p> {i} .\n<{EX}s{i}> <{EX}label> "item {i}"@en .' for i in range(40)
)
GRAPH_A = f"<{EX}a> <{EX}in> <{EX}graphA> ."
SELECT = f"SELECT ?s ?o WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?o LIMIT 3"
CONSTRUCT = f"CONSTRUCT {{ ?s <{EX}p> ?o }} WHERE {{ ?s <{EX}p> ?o }} LIMIT 3"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, str, str]]:
    """A server (max 25 rows, 20 kB requests) with data, a curator and a reader token."""
    store = tmp_path_factory.mktemp("protocol") / "store"
    curator = ekg("token", "create", "cur", "--role", "curator", store=store).stdout.strip()
    reader = ekg("token", "create", "rd", "--role", "reader", store=store).stdout.strip()
    server = start_server(store, env={"EKG_MAX_ROWS": "25", "EKG_MAX_REQUEST_BYTES": "20000"})
    auth = {"Authorization": f"Bearer {curator}"}
    with server.client() as c:
        put = c.put(
            "/store",
            params={"graph": f"{EX}data"},
            content=DATA,
            headers={**auth, "Content-Type": "text/turtle"},
        )
        assert put.status_code == 201, put.text
        c.put(
            "/store",
            params={"graph": f"{EX}graphA"},
            content=GRAPH_A,
            headers={**auth, "Content-Type": "text/turtle"},
        ).raise_for_status()
    yield server, curator, reader
    stop_server(server)


RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": None,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


def curl(url: str, *args: str) -> tuple[str, bytes]:
    """(Content-Type, body) of a curl request."""
    proc = subprocess.run(
        ["curl", "-s", "-S", "-D", "-", *args, url], capture_output=True, check=True, timeout=60
    )
    head, _, body = proc.stdout.partition(b"\r\n\r\n")
    types = [
        line.split(b":", 1)[1].strip().decode()
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-type:")
    ]
    return (types[0] if types else ""), body


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
@pytest.mark.parametrize("media", list(RESULT_TYPES))
def test_curl_gets_each_result_format(service: tuple[Server, str, str], media: str) -> None:
    server, _, _ = service
    kind, body = curl(
        f"{server.url}/sparql", "-H", f"Accept: {media}", "--data-urlencode", f"query={SELECT}"
    )
    assert kind.split(";")[0] == media
    fmt = RESULT_TYPES[media]
    if fmt is None:
        assert body.decode().splitlines()[0] == "s,o"
        assert len(body.decode().splitlines()) == 4
    else:
        assert len(list(ox.parse_query_results(body, format=fmt))) == 3  # type: ignore[arg-type]


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
@pytest.mark.parametrize("media", list(GRAPH_TYPES))
def test_curl_gets_each_graph_format(service: tuple[Server, str, str], media: str) -> None:
    server, _, _ = service
    kind, body = curl(
        f"{server.url}/sparql",
        "-G",
        "-H",
        f"Accept: {media}",
        "--data-urlencode",
        f"query={CONSTRUCT}",
    )
    assert kind.split(";")[0] == media
    assert len(list(ox.parse(body, format=GRAPH_TYPES[media]))) == 3


@pytest.mark.parametrize(
    ("fmt", "media"),
    [
        (JSON, "application/sparql-results+json"),
        (XML, "application/sparql-results+xml"),
        (CSV, "text/csv"),
        (TSV, "text/tab-separated-values"),
    ],
)
def test_sparqlwrapper_select(service: tuple[Server, str, str], fmt: str, media: str) -> None:
    server, _, _ = service
    client = SPARQLWrapper(f"{server.url}/sparql")
    client.setQuery(SELECT)
    client.setReturnFormat(fmt)
    result = client.query()
    assert result.info()["content-type"].split(";")[0] == media
    converted = result.convert()
    if fmt == JSON:
        assert len(converted["results"]["bindings"]) == 3  # type: ignore[index]
    else:
        assert converted


@pytest.mark.parametrize(
    ("fmt", "media"),
    [
        (TURTLE, "text/turtle"),
        (N3, "text/turtle"),
        (RDFXML, "application/rdf+xml"),
        (JSONLD, "application/ld+json"),
    ],
)
def test_sparqlwrapper_construct(service: tuple[Server, str, str], fmt: str, media: str) -> None:
    server, _, _ = service
    client = SPARQLWrapper(f"{server.url}/sparql")
    client.setQuery(CONSTRUCT)
    client.setReturnFormat(fmt)
    result = client.query()
    assert result.info()["content-type"].split(";")[0] == media
    converted = result.convert()
    if isinstance(converted, bytes):  # SPARQLWrapper leaves Turtle as bytes
        converted = list(ox.parse(converted, format=ox.RdfFormat.TURTLE))
    assert len(converted) == 3  # type: ignore[arg-type]


def test_sparqlwrapper_ask_and_update(service: tuple[Server, str, str]) -> None:
    server, curator, _ = service
    update = SPARQLWrapper(f"{server.url}/sparql")
    update.addCustomHttpHeader("Authorization", f"Bearer {curator}")
    update.setMethod("POST")
    update.setQuery(f"INSERT DATA {{ GRAPH <{EX}wrapper> {{ <{EX}w> <{EX}p> 1 }} }}")
    update.query()
    ask = SPARQLWrapper(f"{server.url}/sparql")
    ask.setQuery(f"ASK {{ GRAPH <{EX}wrapper> {{ <{EX}w> <{EX}p> 1 }} }}")
    ask.setReturnFormat(JSON)
    assert ask.query().convert()["boolean"] is True  # type: ignore[index]


def test_malformed_query_gets_400_naming_the_problem(service: tuple[Server, str, str]) -> None:
    server, _, _ = service
    with server.client() as c:
        response = c.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p "})
    assert response.status_code == 400
    message = response.json()["message"]
    assert message.startswith("malformed query: error at 1:")
    assert "^" in message  # points at the place


def test_update_needs_a_curator(service: tuple[Server, str, str]) -> None:
    server, curator, reader = service
    update = {"update": f"INSERT DATA {{ <{EX}x> <{EX}p> 1 }}"}
    with server.client() as c:
        anonymous = c.post("/sparql", data=update)
        assert anonymous.status_code == 401
        assert anonymous.headers["www-authenticate"] == "Bearer"
        weak = c.post("/sparql", data=update, headers={"Authorization": f"Bearer {reader}"})
        assert weak.status_code == 403
        wrong = c.post("/sparql", data=update, headers={"Authorization": "Bearer nonsense"})
        assert wrong.status_code == 401
        ok = c.post("/sparql", data=update, headers={"Authorization": f"Bearer {curator}"})
        assert ok.status_code == 204
        seen = c.get("/sparql", params={"query": f"ASK {{ <{EX}x> <{EX}p> 1 }}"})
        assert seen.json()["boolean"] is True  # a query right after a write sees it


def test_bare_get_describes_the_service(service: tuple[Server, str, str]) -> None:
    server, _, _ = service
    with server.client() as c:
        sd = c.get("/sparql")
        page = c.get("/sparql", headers={"Accept": "text/html,application/xml;q=0.9,*/*;q=0.8"})
    assert sd.headers["content-type"].startswith("text/turtle")
    store = ox.Store()
    store.load(sd.content, format=ox.RdfFormat.TURTLE)
    sd_ns = "http://www.w3.org/ns/sparql-service-description#"
    assert bool(
        store.query(
            f"ASK {{ ?s <{sd_ns}feature> <{sd_ns}UnionDefaultGraph> ; "
            f"<{sd_ns}endpoint> <{server.url}/sparql> }}"
        )
    )
    assert page.headers["content-type"].startswith("text/html")
    assert "<textarea" in page.text and "PREFIX ekg:" in page.text


def test_union_default_graph_and_protocol_dataset(service: tuple[Server, str, str]) -> None:
    server, _, _ = service
    query = f"ASK {{ <{EX}a> <{EX}in> <{EX}graphA> }}"
    with server.client() as c:
        assert c.get("/sparql", params={"query": query}).json()["boolean"] is True
        only_data = c.get("/sparql", params={"query": query, "default-graph-uri": f"{EX}data"})
        assert only_data.json()["boolean"] is False
        from_clause = c.get("/sparql", params={"query": f"ASK FROM <{EX}data> {{ <{EX}a> ?p ?o }}"})
        assert from_clause.json()["boolean"] is False  # FROM replaces the union
        named = c.get(
            "/sparql",
            params={
                "query": "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                "named-graph-uri": f"{EX}graphA",
            },
        )
        graphs = {b["g"]["value"] for b in named.json()["results"]["bindings"]}
    assert graphs == {f"{EX}graphA"}


def test_using_graph_uri_applies_to_update(service: tuple[Server, str, str]) -> None:
    server, curator, _ = service
    auth = {"Authorization": f"Bearer {curator}"}
    update = f"INSERT {{ GRAPH <{EX}copied> {{ ?s <{EX}in> ?o }} }} WHERE {{ ?s <{EX}in> ?o }}"
    with server.client() as c:
        ok = c.post(
            "/sparql",
            params={"using-graph-uri": f"{EX}graphA"},
            content=update,
            headers={**auth, "Content-Type": "application/sparql-update"},
        )
        assert ok.status_code == 204
        copied = c.get("/sparql", params={"query": f"ASK {{ GRAPH <{EX}copied> {{ ?s ?p ?o }} }}"})
        assert copied.json()["boolean"] is True
        clash = c.post(
            "/sparql",
            params={"using-graph-uri": f"{EX}graphA"},
            content=f"WITH <{EX}graphA> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
            headers={**auth, "Content-Type": "application/sparql-update"},
        )
        assert clash.status_code == 400


def test_capped_result_says_it_was_cut(service: tuple[Server, str, str]) -> None:
    server, _, _ = service
    query = f"SELECT ?s ?o WHERE {{ ?s <{EX}p> ?o }}"  # 40 rows, the cap is 25
    with server.client() as c:
        response = c.get("/sparql", params={"query": query})
        page = c.get("/sparql", params={"query": query}, headers={"Accept": "text/html"})
    assert response.headers["x-ekg-truncated"] == "true"
    assert "OFFSET" in response.headers["x-ekg-hint"]
    assert len(response.json()["results"]["bindings"]) == 25
    assert 'id="truncated"' in page.text


def test_limits_and_errors(service: tuple[Server, str, str]) -> None:
    server, curator, _ = service
    with server.client() as c:
        too_big = c.post("/sparql", data={"query": "ASK {} #" + "x" * 30_000})
        assert too_big.status_code == 413
        not_acceptable = c.get(
            "/sparql", params={"query": "ASK {}"}, headers={"Accept": "image/png"}
        )
        assert not_acceptable.status_code == 406
        wrong_type = c.post("/sparql", content="ASK {}", headers={"Content-Type": "text/plain"})
        assert wrong_type.status_code == 415
        service_call = c.get(
            "/sparql",
            params={"query": "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"},
        )
        assert service_call.status_code == 400 and "SERVICE" in service_call.json()["message"]
        bad_timeout = c.get("/sparql", params={"query": "ASK {}", "timeout": "soon"})
        assert bad_timeout.status_code == 400
        update_by_get = c.get(
            "/sparql",
            params={"update": "CLEAR ALL"},
            headers={"Authorization": f"Bearer {curator}"},
        )
        assert update_by_get.status_code == 400
        failing_update = c.post(
            "/sparql",
            data={"update": f"CREATE GRAPH <{EX}graphA>"},
            headers={"Authorization": f"Bearer {curator}"},
        )
        assert failing_update.status_code == 400  # a user's mistake, never a 500
        nested = c.post("/sparql", data={"query": "SELECT * WHERE " + "{" * 600 + "}" * 600})
        assert nested.status_code == 400 and "levels deep" in nested.json()["message"]
        bad_dataset = c.get("/sparql", params={"query": "ASK {}", "default-graph-uri": "x y"})
        assert bad_dataset.status_code == 400
        bad_graph = c.get("/store", params={"graph": "not an iri"})
        assert bad_graph.status_code == 400


def test_cors_for_reads(service: tuple[Server, str, str]) -> None:
    server, _, _ = service
    with server.client() as c:
        preflight = c.options(
            "/sparql",
            headers={
                "Origin": "https://yasgui.example",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )
        answer = c.get(
            "/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://yasgui.example"}
        )
        error = c.get("/sparql", params={"query": "ASK {"})
    assert preflight.status_code == 204
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert answer.headers["access-control-allow-origin"] == "*"
    assert error.headers["access-control-allow-origin"] == "*"


def test_query_page_runs_queries_and_escapes(service: tuple[Server, str, str]) -> None:
    server, curator, _ = service
    nasty = "<script>alert(1)</script>"
    with server.client() as c:
        c.post(
            "/sparql",
            data={"update": f"INSERT DATA {{ <{EX}n> <{EX}p> {json.dumps(nasty)} }}"},
            headers={"Authorization": f"Bearer {curator}"},
        ).raise_for_status()
        page = c.get(
            "/sparql",
            params={"query": f"SELECT ?o WHERE {{ <{EX}n> <{EX}p> ?o }}"},
            headers={"Accept": "text/html"},
        )
        error = c.get("/sparql", params={"query": "SELECT * {"}, headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert nasty not in page.text and "&lt;script&gt;" in page.text
    assert 'id="results"' in page.text and "format=csv" in page.text
    assert error.status_code == 400 and 'id="error"' in page.text or "malformed" in error.text


def test_graph_store_protocol(service: tuple[Server, str, str]) -> None:
    server, curator, reader = service
    auth = {"Authorization": f"Bearer {curator}"}
    graph = {"graph": f"{EX}gsp"}
    with server.client() as c:
        assert (
            c.put(
                "/store", params=graph, content=GRAPH_A, headers={"Content-Type": "text/turtle"}
            ).status_code
            == 401
        )
        assert (
            c.put(
                "/store",
                params=graph,
                content=GRAPH_A,
                headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {reader}"},
            ).status_code
            == 403
        )
        assert (
            c.put(
                "/store",
                params=graph,
                content=GRAPH_A,
                headers={**auth, "Content-Type": "text/turtle"},
            ).status_code
            == 201
        )
        assert (
            c.post(
                "/store",
                params=graph,
                content=f'<{EX}b> <{EX}p> "2" .',
                headers={**auth, "Content-Type": "application/n-triples"},
            ).status_code
            == 204
        )
        got = c.get("/store", params=graph, headers={"Accept": "application/n-triples"})
        assert got.status_code == 200 and len(got.text.strip().splitlines()) == 2
        bad = c.put(
            "/store",
            params=graph,
            content="<not turtle",
            headers={**auth, "Content-Type": "text/turtle"},
        )
        assert bad.status_code == 400
        assert c.delete("/store", params=graph, headers=auth).status_code == 204
        assert c.get("/store", params=graph).status_code == 404


def test_writes_to_a_paper_graph_refresh_the_knowledge_graph(
    service: tuple[Server, str, str],
) -> None:
    server, curator, _ = service
    auth = {"Authorization": f"Bearer {curator}"}
    paper = PAPER_GRAPH_PREFIX + "protocol-test"
    claim = (
        f"<{EX}claim> a <{EKG.Claim}> ; <{EKG.claimSubject}> <{EX}scale> ; "
        f"<{EKG.claimPredicate}> <{EKG.measures}> ; <{EKG.claimObject}> <{EX}kindness> ."
    )
    known = f"ASK {{ GRAPH <{KNOWLEDGE_GRAPH}> {{ <{EX}scale> <{EKG.measures}> <{EX}kindness> }} }}"
    with server.client() as c:
        c.put(
            "/store",
            params={"graph": paper},
            content=claim,
            headers={**auth, "Content-Type": "text/turtle"},
        ).raise_for_status()
        assert c.get("/sparql", params={"query": known}).json()["boolean"] is True
        c.delete("/store", params={"graph": paper}, headers=auth).raise_for_status()
        assert c.get("/sparql", params={"query": known}).json()["boolean"] is False
        c.post(
            "/sparql",
            data={"update": f"INSERT DATA {{ GRAPH <{paper}> {{ {claim} }} }}"},
            headers=auth,
        ).raise_for_status()
        assert c.get("/sparql", params={"query": known}).json()["boolean"] is True


def test_commands_write_through_the_running_server(
    service: tuple[Server, str, str], tmp_path: Path
) -> None:
    server, _, _ = service
    data = tmp_path / "extra.ttl"
    data.write_text(f"<{EX}imported> <{EX}p> 99 .\n")
    ekg("import", str(data), store=server.store)
    with httpx.Client(base_url=server.url) as c:
        seen = c.get("/sparql", params={"query": f"ASK {{ <{EX}imported> <{EX}p> 99 }}"})
    assert seen.json()["boolean"] is True
    exported = ekg("export", "--format", "nq", store=server.store).stdout
    assert f"<{EX}imported> <{EX}p> " in exported  # the default graph, through the server
    assert f"<{EX}a> <{EX}in> <{EX}graphA> <{EX}graphA> ." in exported
    assert f"<{EX}a> <{EX}in> <{EX}graphA> .\n" not in exported  # not again as default
