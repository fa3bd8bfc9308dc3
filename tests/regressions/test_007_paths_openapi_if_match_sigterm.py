"""Issue 12.7: NUL in a path gave 500; the OpenAPI document omitted 400/404/412/428 and
the required If-Match; 'If-Match: *' skipped the ETag check; SIGTERM left the runtime
record (with the run's admin key) behind; token checks were not constant-time."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from graph.runtime import _record_path, find_server
from tests.conftest import ekg, start_server

from .conftest import Served


@pytest.mark.parametrize("path", ["/static/%00", "/store/a%00b", "/api/claims/%00", "/%01"])
def test_nul_and_control_characters_in_paths_get_400(served: Served, path: str) -> None:
    with served.server.client() as c:
        r = c.get(path)
        w = c.put(path, content=b"<a> <b> <c> .", headers={"Content-Type": "text/turtle"})
    assert r.status_code == 400 and "NUL or control character" in r.json()["message"]
    assert w.status_code == 400
    assert served.alive()


def test_openapi_documents_the_errors_and_the_required_if_match(served: Served) -> None:
    with served.server.client() as c:
        doc = c.get("/openapi.json").json()
    writes = [
        op
        for item in doc["paths"].values()
        for method, op in item.items()
        if any(p.get("name") == "If-Match" for p in op.get("parameters", []))
    ]
    assert writes
    for op in writes:
        (if_match,) = [p for p in op["parameters"] if p["name"] == "If-Match"]
        assert if_match["required"] is True
        assert {"400", "404", "412", "428"} <= set(op["responses"])


def test_if_match_star_does_not_skip_the_etag_check(tmp_path: Path) -> None:
    from graph.curation import reject
    from graph.oxigraph_store import OxigraphStore
    from ingest.runner import ingest_files
    from ontology.errors import PreconditionRequiredError
    from tests.conftest import EXAMPLES

    store = OxigraphStore(str(tmp_path / "s"))
    ingest_files(store, [EXAMPLES / "pilot_loving_kindness_residents.txt"], jobs=1)
    claim = next(
        iter(
            store.query(
                "SELECT ?c WHERE { GRAPH ?g { ?c a <https://w3id.org/evidence-kg/ontology#Claim> ; "
                "<https://w3id.org/evidence-kg/ontology#claimPredicate> "
                "<https://w3id.org/evidence-kg/ontology#sampleSize> } } LIMIT 1",
                union_default=False,
            )
        )
    )["c"].value
    with pytest.raises(PreconditionRequiredError, match="If-Match: \\*"):
        reject(store, claim, "tester", "wrong", if_match="*")
    store.close()


def test_sigterm_removes_the_runtime_record(tmp_path: Path) -> None:
    store = tmp_path / "store"
    ekg("query", "ASK {}", store=store)
    server = start_server(store)
    assert find_server(str(store)) is not None
    server.process.send_signal(signal.SIGTERM)
    server.process.wait(timeout=60)
    assert not _record_path(str(store)).exists()


def test_token_checks_are_constant_time() -> None:
    import inspect

    from api import sparql_protocol, state

    for function in (state.authenticate, sparql_protocol.is_local):
        source = inspect.getsource(function)
        assert "compare_digest" in source and "== state.local_key" not in source
