"""`ekg serve`: uvicorn on the store, announced so other `ekg` commands can write through it."""

from __future__ import annotations

import uvicorn

from graph.runtime import announce_server, store_path_of, withdraw_server
from graph.store import open_store

from .app import create_app
from .settings import Settings


def run_server(settings: Settings) -> None:
    path = store_path_of(settings.store)
    store = open_store(settings.store)
    url = f"http://{settings.host if settings.host not in ('0.0.0.0', '::') else '127.0.0.1'}:{settings.port}"
    record = announce_server(path, url) if path is not None else None
    app = create_app(settings, store, local_key=record.key if record else None)
    try:
        uvicorn.run(app, host=settings.host, port=settings.port, log_level="info", access_log=True)
    finally:
        if path is not None:
            withdraw_server(path)
        store.close()
