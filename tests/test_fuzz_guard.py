"""Fuzzing the engine's guard through a live server: generated deep and long SPARQL
expressions of every kind (as queries and as updates) and deep JSON-LD bodies never get
a 5xx (other than a deliberate 503), and the server is alive after."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Server, ekg, start_server, stop_server

# one repeating unit per shape: (prefix, unit, joiner, suffix)
SHAPES = {
    "sum": ("SELECT (", "1", "+", " AS ?x) {}"),
    "or": ("SELECT * { BIND(1 AS ?a) FILTER(", "?a=1", "||", ") }"),
    "not": ("SELECT (", "!", "", "true AS ?x) {}"),
    "union": ("SELECT * { ", "{ BIND(1 AS ?a) }", " UNION ", " }"),
    "optional": ("SELECT * { ?s ?p ?o ", "OPTIONAL { ?s ?p ?o }", " ", " }"),
    "minus": ("SELECT * { ?s ?p ?o ", "MINUS { ?s ?p 1 }", " ", " }"),
    "bind": ("SELECT * { ", "BIND(1 AS ?v)", " ", " }"),
    "path": ("SELECT * { ?s ", "<http://x/p>", "/", " ?o }"),
    "alternative": ("SELECT * { ?s ", "<http://x/p>", "|", " ?o }"),
    "collection": ("SELECT * { ?s <http://x/p> (", "1", " ", ") }"),
    "parens": ("", "", "", ""),  # nested, written out in sparql()
    "braces": ("", "", "", ""),
    "bnodes": ("", "[ <http://x/p> ", "", ""),
}


def sparql(shape: str, n: int) -> str:
    prefix, unit, joiner, suffix = SHAPES[shape]
    body = joiner.join([unit] * n)
    if shape == "parens":
        return f"SELECT ({'(' * n}1{')' * n} AS ?x) {{}}"
    if shape == "braces":
        return "SELECT * " + "{" * n + "}" * n
    if shape == "bnodes":
        return f"SELECT * {{ ?s <http://x/p> {body}1{' ]' * n} }}"
    return prefix + body + suffix


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, str]]:
    store = tmp_path_factory.mktemp("fuzz") / "store"
    token = ekg("token", "create", "fuzz", "--role", "curator", store=store).stdout.strip()
    server = start_server(store, env={"EKG_QUERY_TIMEOUT": "5"})
    yield server, token
    stop_server(server)


def _as_update(query: str) -> str:
    where = query[query.index("{") :] if "{" in query else "{}"
    return f"INSERT {{ <http://x/a> <http://x/b> 1 }} WHERE {where}"


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    derandomize=True,
)
@given(
    shape=st.sampled_from(sorted(SHAPES)),
    n=st.one_of(st.integers(1, 300), st.integers(1500, 2500), st.integers(7000, 20000)),
    as_update=st.booleans(),
)
def test_deep_and_long_sparql_never_gets_a_5xx(
    fuzzed: tuple[Server, str], shape: str, n: int, as_update: bool
) -> None:
    server, token = fuzzed
    text = sparql(shape, n)
    with server.client() as c:
        if as_update:
            r = c.post(
                "/sparql",
                data={"update": _as_update(text)},
                headers={"Authorization": f"Bearer {token}"},
            )
        else:
            r = c.post("/sparql", data={"query": text})
    assert r.status_code < 500 or r.status_code == 503, (shape, n, r.text[:300])
    assert server.process.poll() is None


@settings(max_examples=10, deadline=None, derandomize=True)
@given(depth=st.one_of(st.integers(1, 100), st.integers(129, 400), st.integers(5000, 12000)))
def test_deep_json_ld_never_gets_a_5xx(fuzzed: tuple[Server, str], depth: int) -> None:
    server, token = fuzzed
    body = '{"@id":"http://x/a","http://x/p":' * depth + "1" + "}" * depth
    with server.client() as c:
        r = c.put(
            "/store",
            params={"graph": "http://x/fuzz"},
            content=body,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/ld+json"},
        )
    assert r.status_code < 500 or r.status_code == 503, (depth, r.text[:300])
    assert server.process.poll() is None


def test_the_server_is_alive_after_the_fuzzing(fuzzed: tuple[Server, str]) -> None:
    server, _ = fuzzed
    with server.client() as c:
        assert c.get("/sparql", params={"query": "ASK {}"}).status_code == 200
