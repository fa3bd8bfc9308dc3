"""One settings object: the environment fills it, the flags a user gives win, and a bad
value in the environment is named in one clear error."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from api.commands import settings_for
from api.settings import get_settings
from tests.conftest import Server, ekg, free_port


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


def test_flags_override_the_environment_and_left_out_flags_keep_it(
    environment: pytest.MonkeyPatch,
) -> None:
    environment.setenv("EKG_STORE", "memory:")
    environment.setenv("EKG_PORT", "9001")
    environment.setenv("EKG_JOBS", "3")
    kept = settings_for(store=None, host=None, port=None, jobs=None)
    assert (kept.store, kept.host, kept.port, kept.jobs) == ("memory:", "127.0.0.1", 9001, 3)
    given = settings_for(store="./elsewhere", port=8123, jobs=0)
    assert (given.store, given.port, given.jobs) == ("./elsewhere", 8123, 0)


def test_a_bad_value_in_the_environment_is_named(tmp_path: Path) -> None:
    proc = ekg("query", "ASK {}", store=tmp_path / "s", check=False, env={"EKG_PORT": "eighty"})
    assert proc.returncode == 2
    assert "EKG_PORT='eighty'" in proc.stderr and "integer" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_serve_listens_where_the_flag_says_not_where_the_environment_does(
    tmp_path: Path, server_factory: Callable[..., Server]
) -> None:
    elsewhere = free_port()
    server = server_factory(tmp_path / "s", env={"EKG_PORT": str(elsewhere)})  # with --port
    assert httpx.get(server.url + "/openapi.json", timeout=10).status_code == 200
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{elsewhere}/openapi.json", timeout=2)
