"""`ekg serve`: uvicorn on the store, announced so other `ekg` commands can write through it."""

from __future__ import annotations

import signal
import sys
from types import FrameType

import uvicorn

from graph.runtime import announce_server, store_path_of, withdraw_server
from graph.store import open_store

from .app import create_app
from .settings import Settings


def _exit_on(signum: int, frame: FrameType | None) -> None:
    sys.exit(128 + signum)


def run_server(settings: Settings) -> None:
    path = store_path_of(settings.store)
    store = open_store(settings.store)
    url = f"http://{settings.host if settings.host not in ('0.0.0.0', '::') else '127.0.0.1'}:{settings.port}"
    record = announce_server(path, url) if path is not None else None
    app = create_app(settings, store, local_key=record.key if record else None)
    # uvicorn shuts down on SIGTERM/SIGINT and then raises the signal again with the
    # handlers it found: make those exit through `finally`, so the runtime record (with
    # this run's admin key) is removed and the store closed, never left behind.
    signal.signal(signal.SIGTERM, _exit_on)
    try:
        uvicorn.run(app, host=settings.host, port=settings.port, log_level="info", access_log=True)
    finally:
        if path is not None:
            withdraw_server(path)
        store.close()
