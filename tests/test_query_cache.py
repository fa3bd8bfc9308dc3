"""Repeated queries are answered from a cache that never outlives a write."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from graph.query_cache import ResultCache
from graph.query_exec import Answer, QueryJob
from tests.conftest import Server, ekg

EX = "http://example.org/"
COUNT = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{EX}g> {{ ?s ?p ?o }} }}"


def count(server: Server) -> str:
    with server.client() as c:
        response = c.get("/sparql", params={"query": COUNT})
    response.raise_for_status()
    return str(response.json()["results"]["bindings"][0]["n"]["value"])


def test_an_answer_reflects_every_write_made_before_the_query(
    server_factory: Callable[..., Server], tmp_path: Path
) -> None:
    store = tmp_path / "store"
    token = ekg("token", "create", "writer", "--role", "curator", store=store).stdout.strip()
    server = server_factory(store)
    auth = {"Authorization": f"Bearer {token}"}
    assert count(server) == count(server) == "0"
    for expected in ("1", "2"):
        with server.client() as c:
            c.post(
                "/sparql",
                data={
                    "update": f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}s{expected}> <{EX}p> 1 }} }}"
                },
                headers=auth,
            ).raise_for_status()
        assert count(server) == count(server) == expected
    with server.client() as c:
        c.delete("/store", params={"graph": f"{EX}g"}, headers=auth).raise_for_status()
    assert count(server) == "0"


def job(text: str) -> QueryJob:
    return QueryJob(text, "application/sparql-results+json", None, 100)


def answer(size: int) -> Answer:
    return Answer(b"x" * size, "application/sparql-results+json", "solutions", 1, False)


def test_the_cache_keeps_to_its_size_and_forgets_everything_at_a_new_revision() -> None:
    cache = ResultCache(8000)
    for i in range(20):
        cache.put(job(f"ASK {{ <{EX}{i}> ?p ?o }}"), 1, answer(900))
    assert 0 < len(cache) < 10  # the least recently used went first
    assert cache.get(job(f"ASK {{ <{EX}19> ?p ?o }}"), 1) is not None
    assert cache.get(job(f"ASK {{ <{EX}0> ?p ?o }}"), 1) is None
    assert cache.put(job("big"), 1, answer(5000)) and cache.get(job("big"), 1) is None
    assert cache.get(job(f"ASK {{ <{EX}19> ?p ?o }}"), 2) is None and len(cache) == 0
    cache.put(job("late"), 1, answer(10))  # computed before the write: not kept
    assert cache.get(job("late"), 2) is None
