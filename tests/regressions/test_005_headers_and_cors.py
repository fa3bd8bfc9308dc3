"""Issue 12.5: no security headers on any page; SPARQL updates answered CORS preflights
from any origin with Authorization allowed."""

from __future__ import annotations

import pytest

from .conftest import Served

PAGES = ["/", "/sparql", "/docs", "/openapi.json", "/api/queue", "/static/nowhere.css", "/x"]


@pytest.mark.parametrize("path", PAGES)
def test_every_answer_carries_the_security_headers(served: Served, path: str) -> None:
    with served.server.client() as c:
        r = c.get(path, headers={"Accept": "text/html"})
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "no-referrer"


def test_cors_allows_reads_and_never_a_token(served: Served) -> None:
    with served.server.client() as c:
        preflight = c.options(
            "/sparql",
            headers={
                "Origin": "https://elsewhere.example",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization, content-type",
            },
        )
        update = c.post(
            "/sparql",
            data={"update": "INSERT DATA { <http://x/a> <http://x/b> 1 }"},
            headers={**served.auth, "Origin": "https://elsewhere.example"},
        )
        read = c.get(
            "/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://elsewhere.example"}
        )
    assert "authorization" not in preflight.headers["access-control-allow-headers"].lower()
    assert update.status_code == 204 and "access-control-allow-origin" not in update.headers
    assert read.headers["access-control-allow-origin"] == "*"
