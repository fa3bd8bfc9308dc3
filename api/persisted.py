"""Whole-graph summaries saved beside the store, so a restart reads them instead of
rebuilding them (seconds to a minute at a million quads).

Each summary is saved as `<store>/ekg-views/NAME.pickle` with the version of the code that
built it (`code_version`) and the token of the store's content it was read from (`AppState.token(revision)`: a new token for each revision the
app makes). A summary is read back only while its token is the current revision's, and at
revision 0 that is the seal the last server left when it stopped cleanly
(`graph/summary_seal.py`): any other process that opened the store since took the seal
away, so nothing saved before a write outside the server is ever read.

    rows = persisted(state, "map-rows", lambda: cell_rows(state.store))
    seal(state)  # when the server stops
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import pickle
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import graph
from graph.summary_seal import FOLDER, put_seal

from .state import AppState

T = TypeVar("T")
log = logging.getLogger("ekg.views")
_io = threading.Lock()


@functools.cache
def code_version() -> str:
    """A digest of the code that builds and reads the summaries (the api and graph
    packages): a file saved by other code is never read back, whatever the store holds."""
    h = hashlib.sha256()
    for package in (Path(__file__).parent, Path(graph.__file__).parent):
        for path in sorted(package.rglob("*.py")):
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def folder_of(state: AppState) -> Path | None:
    """Where the summaries of this store live; None for stores not on this disk."""
    path = getattr(state.store, "path", None)
    return Path(path) / FOLDER if isinstance(path, Path) else None


def start(state: AppState, seeded: bool) -> None:
    """At start: revision 0 is what the last server sealed, unless the seeding of the
    ontology and lexicon just wrote (`seeded`) or no server sealed it."""
    seal = getattr(state.store, "seal", None)
    if seal and not seeded:
        state.tokens.setdefault(0, seal)


def persisted(state: AppState, name: str, compute: Callable[[], T]) -> T:
    """The summary saved for the current revision, or `compute()` saved for it."""
    folder = folder_of(state)
    revision = state.revision  # read first: a write meanwhile makes the result stale
    if folder is None:
        return compute()
    token = state.token(revision)
    path = folder / f"{name}.pickle"
    try:
        with path.open("rb") as fh:
            saved_token, saved_code, value = pickle.load(fh)
        if saved_token == token and saved_code == code_version():
            return value
    except FileNotFoundError:
        pass
    except Exception:  # an old or damaged file: rebuild it
        log.warning("the saved %s could not be read; rebuilding it", name, exc_info=True)
    value = compute()
    save(state, name, value, revision)
    return value


def save(state: AppState, name: str, value: object, revision: int) -> None:
    """Save `value` as the summary `name` of `revision`, unless the app wrote since."""
    folder = folder_of(state)
    if folder is None or state.revision != revision:
        return
    path = folder / f"{name}.pickle"
    try:
        folder.mkdir(exist_ok=True)
        partial = path.with_suffix(".partial")
        with _io:
            with partial.open("wb") as fh:
                data = (state.token(revision), code_version(), value)
                pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(partial, path)
    except (OSError, RuntimeError, pickle.PicklingError):
        log.warning("the %s could not be saved beside the store", name, exc_info=True)


def seal(state: AppState) -> None:
    """When the server stops: the summaries saved for this revision hold at the next start."""
    folder = folder_of(state)
    if folder is not None:
        put_seal(folder.parent, state.token(state.revision))
