"""The seal beside an on-disk store that says its saved view summaries are still its own.

The api saves whole-graph summaries (the explorer's network, the gap map's rows, the
findings table, …) in `<store>/ekg-views/`, each with the token of the store's content it
was read from, and writes that token to `<store>/ekg-views/seal` when the server stops
cleanly. Every process that opens the store takes the seal away (`take_seal`, called by
`OxigraphStore`), so a process that may have written (an ingest or import without the
server, a crash) leaves no seal, and the next server rebuilds instead of trusting files
older than what the store holds.
"""

from __future__ import annotations

import os
from pathlib import Path

FOLDER = "ekg-views"


def seal_path(store_path: Path) -> Path:
    return store_path / FOLDER / "seal"


def take_seal(store_path: Path) -> str | None:
    """The token the last server left (None when there is none), removed from disk."""
    path = seal_path(store_path)
    try:
        token = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    try:
        os.remove(path)
    except OSError:
        return None  # it could not be taken away: never trust it
    return token or None


def put_seal(store_path: Path, token: str) -> None:
    path = seal_path(store_path)
    path.parent.mkdir(exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_text(token, encoding="utf-8")
    os.replace(partial, path)
