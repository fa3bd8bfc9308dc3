"""Fixtures of the regression tests: a served store with a curator token."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.conftest import Server, ekg, start_server, stop_server


@dataclass
class Served:
    server: Server
    curator: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.curator}"}

    def alive(self) -> bool:
        """The server process still runs and answers a query."""
        if self.server.process.poll() is not None:
            return False
        with self.server.client() as c:
            return c.get("/sparql", params={"query": "ASK {}"}).status_code == 200


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    store = tmp_path_factory.mktemp("regression") / "store"
    curator = ekg("token", "create", "cur", "--role", "curator", store=store).stdout.strip()
    server = start_server(store)
    yield Served(server, curator)
    stop_server(server)
