"""Issue 12.1: a long flat expression (or a JSON-LD body nested deep) crashed the engine;
as an update or a Graph Store load that killed the whole server."""

from __future__ import annotations

import pytest

from graph.engine_sandbox import Sandbox
from ontology.errors import QueryError

from .conftest import Served

LONG_SUM = "(" + "+".join(["1"] * 8000) + ")"
QUERIES = {
    "flat sum": f"SELECT ({LONG_SUM[1:-1]} AS ?x) {{}}",
    "10k-way union": "SELECT * { " + " UNION ".join(["{ BIND(1 AS ?a) }"] * 10000) + " }",
    "long optional chain": "SELECT * { ?s ?p ?o "
    + " ".join(f"OPTIONAL {{ ?s ?p ?o{i} }}" for i in range(8000))
    + " }",
    "long path": "SELECT * { ?s " + "/".join(["<http://x/p>"] * 16000) + " ?o }",
}


@pytest.mark.parametrize("name", QUERIES)
def test_a_long_query_gets_400_naming_the_limit(served: Served, name: str) -> None:
    with served.server.client() as c:
        r = c.post("/sparql", data={"query": QUERIES[name]})
    assert r.status_code == 400, r.text
    assert "limit of 2000" in r.json()["message"]
    assert served.alive()


def test_a_long_update_gets_400_and_the_server_lives(served: Served) -> None:
    update = f"INSERT {{ <http://x/a> <http://x/b> ?x }} WHERE {{ BIND({LONG_SUM} AS ?x) }}"
    with served.server.client() as c:
        r = c.post("/sparql", data={"update": update}, headers=served.auth)
    assert r.status_code == 400, r.text
    assert "max chain" in r.json()["message"]
    assert served.alive()


def test_a_deep_json_ld_body_gets_400_and_the_server_lives(served: Served) -> None:
    body = '{"@id":"http://x/a","http://x/p":' * 10000 + "1" + "}" * 10000
    with served.server.client() as c:
        r = c.put(
            "/store",
            params={"graph": "http://x/g"},
            content=body,
            headers={**served.auth, "Content-Type": "application/ld+json"},
        )
    assert r.status_code == 400, r.text
    assert "max JSON-LD nesting" in r.json()["message"]
    assert served.alive()


def test_an_engine_crash_in_the_sandbox_costs_one_request() -> None:
    """What the guard lets through still never reaches the server's engine first."""
    sandbox = Sandbox()
    crash = f"INSERT {{ <http://x/a> <http://x/b> ?x }} WHERE {{ BIND({LONG_SUM} AS ?x) }}"
    try:
        with pytest.raises(QueryError, match="stopped"):
            sandbox.check_update(crash, None, timeout=60)
        sandbox.check_update("INSERT DATA { <http://x/a> <http://x/b> 1 }", None, timeout=60)
        deep = ('{"@id":"http://x/a","http://x/p":' * 5000 + "1" + "}" * 5000).encode()
        with pytest.raises(QueryError, match="stopped"):
            sandbox.parse_rdf(deep, "application/ld+json", "http://x/", timeout=60)
        nt = sandbox.parse_rdf(b"<a> <b> <c> .", "text/turtle", "http://x/", timeout=60)
        assert nt.strip() == b"<http://x/a> <http://x/b> <http://x/c> ."
    finally:
        sandbox.close()


def test_the_sandbox_outlives_the_thread_that_started_it() -> None:
    """Found by the soak: a parent-death signal fired when the request thread that had
    started the sandbox exited, so a later update got a 400 'the engine stopped'."""
    import subprocess
    import threading

    sandbox = Sandbox()
    try:
        starter = threading.Thread(
            target=sandbox.check_update,
            args=("INSERT DATA { <http://x/a> <http://x/b> 1 }", None, 60),
        )
        starter.start()
        starter.join()
        process = sandbox._process
        assert process is not None
        with pytest.raises(subprocess.TimeoutExpired):  # still running a second later
            process.wait(timeout=1)
        sandbox.check_update("INSERT DATA { <http://x/a> <http://x/b> 2 }", None, timeout=60)
        assert sandbox._process is process
    finally:
        sandbox.close()
