"""Answers of the read-only views, kept until the app's next write (state.revision)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from .state import AppState

T = TypeVar("T")
_lock = threading.Lock()
_cache: OrderedDict[tuple[int, int, Hashable], object] = OrderedDict()
_computing: dict[tuple[int, int, Hashable], threading.Event] = {}
SIZE = 256


def cached(state: AppState, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` once per key and store revision; the least recently used go first. A
    request that finds the same value being computed (by another request, or by the
    warmer after a write: `api/view_warmer.py`) waits for it instead of computing it
    again beside it."""
    full = (id(state), state.revision, key)
    while True:
        with _lock:
            if full in _cache:
                _cache.move_to_end(full)
                return _cache[full]  # type: ignore[return-value]
            running = _computing.get(full)
            if running is None:
                done = _computing[full] = threading.Event()
                break
        running.wait()  # then look again: it failed if the value is not there
    try:
        value = compute()
        with _lock:
            _cache[full] = value
            while len(_cache) > SIZE:
                _cache.popitem(last=False)
        return value
    finally:
        with _lock:
            del _computing[full]
        done.set()


_lasting: dict[tuple[int, Hashable], tuple[int, object]] = {}
_lasting_lock = threading.Lock()


def lasting(state: AppState, key: Hashable, revision: int, compute: Callable[[], T]) -> T:
    """One value per key, kept until `revision` moves (e.g. `state.papers_revision`);
    computed by one request at a time, the others wait for it."""
    with _lasting_lock:
        hit = _lasting.get((id(state), key))
        if hit is not None and hit[0] == revision:
            return hit[1]  # type: ignore[return-value]
        value = compute()
        _lasting[(id(state), key)] = (revision, value)
        return value
