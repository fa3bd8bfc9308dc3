"""How a command finds the `ekg serve` that holds a store, so it can write through it.

An embedded Oxigraph store admits one process. While `ekg serve` holds it, other
commands reach the store through the server's own SPARQL endpoint, with a key made
fresh for each run of the server. The key lives in a file only this user can read,
outside the store, and is gone when the server stops.
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ontology.errors import StoreBusyError
from ontology.iris import digest

from .store import Store, open_store, scheme_of


@dataclass(frozen=True)
class ServerRecord:
    url: str
    pid: int
    key: str


def _record_path(store_path: str) -> Path:
    folder = Path(tempfile.gettempdir()) / f"ekg-servers-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder / f"{digest(str(Path(store_path).resolve()))}.json"


def announce_server(store_path: str, url: str) -> ServerRecord:
    record = ServerRecord(url=url, pid=os.getpid(), key=secrets.token_urlsafe(32))
    path = _record_path(store_path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(record.__dict__, fh)
    return record


def withdraw_server(store_path: str) -> None:
    _record_path(store_path).unlink(missing_ok=True)


def find_server(store_path: str) -> ServerRecord | None:
    path = _record_path(store_path)
    try:
        record = ServerRecord(**json.loads(path.read_text()))
    except (OSError, ValueError, TypeError):
        return None
    try:
        os.kill(record.pid, 0)
    except ProcessLookupError:
        path.unlink(missing_ok=True)
        return None
    except PermissionError:
        pass
    return record


def store_path_of(spec: str) -> str | None:
    """The folder of an embedded store spec, or None for memory and remote stores."""
    if scheme_of(spec) != "oxigraph":
        return None
    return spec.removeprefix("oxigraph:") or "./ekg-store"


def open_for_command(spec: str) -> Store:
    """Open the store; if `ekg serve` holds it, go through that server instead."""
    try:
        return open_store(spec)
    except StoreBusyError:
        path = store_path_of(spec)
        record = find_server(path) if path is not None else None
        if record is None:
            raise
        return open_store(f"sparql+{record.url}/sparql", token=record.key)
