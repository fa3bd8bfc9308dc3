"""The W3C SPARQL 1.1 test suite, through the HTTP endpoint of a real `ekg serve`.

Query evaluation and update tests run twice: through HTTP and in-process on
pyoxigraph (the baseline: what the engine itself passes). Tests the engine fails
in-process are xfail with the reason (`known.py`). Protocol and Graph Store Protocol
tests are replayed as HTTP exchanges. A table of pass counts ends the run.
"""

from __future__ import annotations

import csv
import io

import httpx
import pyoxigraph as ox
import pytest

from .compare import Row, Solutions, same_rows, solutions
from .exchanges import replay
from .known import KNOWN_FAILURES
from .manifest import SUITE, Case, cases_of, local
from .runners import (
    Endpoint,
    http_answer,
    http_update,
    load,
    local_answer,
    local_store,
    local_update,
    query_passes,
    text_of,
    update_passes,
    with_base,
)

pytestmark = pytest.mark.slow


def params(kind: str) -> list[object]:
    if not SUITE.is_dir():
        return []
    out = []
    for case in cases_of(kind):
        marks = []
        if case.id in KNOWN_FAILURES:
            marks.append(pytest.mark.xfail(reason=KNOWN_FAILURES[case.id], strict=True))
        out.append(pytest.param(case, id=case.id, marks=marks))
    return out


@pytest.mark.parametrize("case", params("QueryEvaluationTest"))
def test_query_http(endpoint: Endpoint, case: Case) -> None:
    assert query_passes(case, http_answer(endpoint, case))


@pytest.mark.parametrize("case", params("QueryEvaluationTest"))
def test_query_in_process(case: Case) -> None:
    assert query_passes(case, local_answer(case))


@pytest.mark.parametrize("case", params("UpdateEvaluationTest"))
def test_update_http(endpoint: Endpoint, case: Case) -> None:
    assert update_passes(case, http_update(endpoint, case))


@pytest.mark.parametrize("case", params("UpdateEvaluationTest"))
def test_update_in_process(case: Case) -> None:
    assert update_passes(case, local_update(case))


@pytest.mark.parametrize("case", params("ProtocolTest"))
def test_protocol(endpoint: Endpoint, case: Case) -> None:
    assert replay(endpoint, case) == []


@pytest.mark.parametrize("case", params("GraphStoreProtocolTest"))
def test_graph_store(endpoint: Endpoint, case: Case) -> None:
    assert replay(endpoint, case) == []


def csv_cell(value: str) -> tuple[object, ...]:
    """A CSV cell as a term: blank node, number (compared by value) or plain text."""
    if value.startswith("_:"):
        return ("B", value[2:])
    try:
        return ("N", float(value))
    except ValueError:
        return ("L", value)


def csv_rows(text: str) -> Solutions:
    table = list(csv.reader(io.StringIO(text)))
    header, body = table[0], table[1:]
    rows: list[Row] = []
    for line in body:
        cells = [(name, csv_cell(v)) for name, v in zip(header, line, strict=True) if v != ""]
        rows.append(tuple(sorted(cells)))  # type: ignore[arg-type]
    return Solutions(header, rows)


def _csv_matches(case: Case, text: str) -> bool:
    assert case.result is not None
    expected = csv_rows(local(case.result).read_text(encoding="utf-8"))
    actual = csv_rows(text)
    same_columns = set(expected.variables) == set(actual.variables)  # SELECT * order is free
    return same_columns and same_rows(expected.rows, actual.rows, False)


@pytest.mark.parametrize("case", params("CSVResultFormatTest"))
def test_csv_http(endpoint: Endpoint, case: Case) -> None:
    assert case.query is not None
    with endpoint.client() as client:
        load(client, case)
        response = client.post(
            "/sparql",
            data={"query": with_base(text_of(case.query), case.query)},
            headers={"Accept": "text/csv"},
        )
    assert response.headers["content-type"].startswith("text/csv")
    assert _csv_matches(case, response.text)


@pytest.mark.parametrize("case", params("CSVResultFormatTest"))
def test_csv_in_process(case: Case) -> None:
    assert case.query is not None
    result = local_store(case).query(text_of(case.query), base_iri=case.query)
    assert _csv_matches(case, result.serialize(format=ox.QueryResultsFormat.CSV).decode())


def _syntax(endpoint: Endpoint, case: Case) -> httpx.Response:
    assert case.query is not None
    field = "update" if "Update" in case.kind else "query"
    text = with_base(local(case.query).read_bytes().decode("utf-8", "replace"), case.query)
    with endpoint.client() as client:
        return client.post("/sparql", data={field: text}, params={"timeout": "5"})


def _is_syntax_error(response: httpx.Response) -> bool:
    return response.status_code == 400 and "malformed" in response.text


@pytest.mark.parametrize(
    "case", params("PositiveSyntaxTest11") + params("PositiveUpdateSyntaxTest11")
)
def test_syntax_accepted(endpoint: Endpoint, case: Case) -> None:
    assert not _is_syntax_error(_syntax(endpoint, case))


@pytest.mark.parametrize(
    "case", params("NegativeSyntaxTest11") + params("NegativeUpdateSyntaxTest11")
)
def test_syntax_refused(endpoint: Endpoint, case: Case) -> None:
    assert _is_syntax_error(_syntax(endpoint, case))


@pytest.mark.parametrize("case", params("ServiceDescriptionTest"))
def test_service_description(endpoint: Endpoint, case: Case) -> None:
    with endpoint.client() as client:
        response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    store = ox.Store()
    store.load(response.content, format=ox.RdfFormat.TURTLE)
    sd = "http://www.w3.org/ns/sparql-service-description#"
    found = solutions(
        store.query(
            f"SELECT ?s WHERE {{ ?s a <{sd}Service> ; <{sd}endpoint> <{endpoint.url}/sparql> ; "
            f"<{sd}supportedLanguage> <{sd}SPARQL11Query> ; <{sd}resultFormat> ?f }}"
        )
    )
    assert found.rows
