"""schemathesis against /openapi.json of a live server, with a curator token: no 5xx,
and every answer documented (status, content type, headers, body schema).

`positive_data_acceptance` is left out: the document takes SPARQL, RDF and comments as
free strings, so a schema-valid request is often, rightly, a 400."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, Server, ekg, start_server, stop_server

CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,"
    "response_schema_conformance,response_headers_conformance"
)


@pytest.fixture(scope="module")
def curated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, str]]:
    store = tmp_path_factory.mktemp("schemathesis") / "store"
    ekg("ingest", str(EXAMPLES), store=store)
    token = ekg("token", "create", "fuzz", "--role", "curator", store=store).stdout.strip()
    server = start_server(store)
    yield server, token
    stop_server(server)


@pytest.mark.slow
def test_the_api_answers_as_its_openapi_document_says(
    curated: tuple[Server, str], tmp_path: Path
) -> None:
    server, token = curated
    run = subprocess.run(
        [
            str(Path(sys.executable).with_name("schemathesis")),
            "run",
            f"{server.url}/openapi.json",
            "-H",
            f"Authorization: Bearer {token}",
            "--checks",
            CHECKS,
            "--max-examples",
            "15",
            "--seed",
            "1",
            "--suppress-health-check",
            "filter_too_much",
            "--report-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-6000:]
    assert server.process.poll() is None
