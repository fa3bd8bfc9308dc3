"""`ekg serve` on loopback: the endpoint answers, and other commands write through it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import Server, ekg

SELF_COMPASSION_INSTRUMENTS = """
PREFIX ekg: <https://w3id.org/evidence-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?abbrev WHERE {
  ?i ekg:measures ?c ; ekg:abbreviation ?abbrev . ?c skos:prefLabel "self-compassion"@en .
}"""
PAPERS = """PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX ekg: <https://w3id.org/evidence-kg/ontology#>
SELECT ?id WHERE { ?p a ekg:Paper ; dcterms:identifier ?id }"""


def test_sparql_finds_the_instruments_that_measure_self_compassion(example_server: Server) -> None:
    with example_server.client() as client:
        r = client.get(
            "/sparql",
            params={"query": SELF_COMPASSION_INSTRUMENTS},
            headers={"Accept": "application/sparql-results+json"},
        )
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    found = {b["abbrev"]["value"] for b in r.json()["results"]["bindings"]}
    assert "SCS" in found


def test_pages_load_nothing_from_outside(example_server: Server) -> None:
    with example_server.client() as client:
        for path in ("/", "/docs"):
            page = client.get(path)
            assert page.status_code == 200
            assert "http://" not in page.text.replace("http://www.w3.org", "")
            assert "https://cdn" not in page.text and "unpkg" not in page.text


def test_a_missing_static_file_is_a_404_that_lists_what_is_served(example_server: Server) -> None:
    with example_server.client() as client:
        missing = client.get("/static/no-such-script.js")
        escape = client.get("/static/..%2Fsettings.py")
    assert missing.status_code == 404 and escape.status_code == 404
    body = missing.json()
    assert body["error"] == "NotFoundError"
    assert "'no-such-script.js'" in body["message"] and "ekg.css" in body["message"]


def test_ingest_while_serving_shows_up_without_restart(
    corpus: Path, tmp_path: Path, server_factory: Callable[..., Server]
) -> None:
    store = tmp_path / "store"
    server = server_factory(store)
    with server.client() as client:
        before = client.get(
            "/sparql",
            params={"query": PAPERS},
            headers={"Accept": "application/sparql-results+json"},
        ).json()
        assert before["results"]["bindings"] == []
        ekg("ingest", str(corpus), store=store)
        after = client.get(
            "/sparql",
            params={"query": PAPERS},
            headers={"Accept": "application/sparql-results+json"},
        ).json()
    ids = {b["id"]["value"] for b in after["results"]["bindings"]}
    assert ids == {p.stem for p in corpus.glob("*.txt")}
    shell = ekg("query", PAPERS, "--format", "csv", store=store).stdout
    assert all(p.stem in shell for p in corpus.glob("*.txt"))
