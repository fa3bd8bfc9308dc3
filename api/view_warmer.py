"""The whole-graph summaries some views keep, read or built at start, rebuilt after a write.

The explorer's network, the gap map's rows, the review queue's claim index and the
findings table of the evidence views each read every finding or claim of the store
(seconds at a million quads) and are kept until the next write. A thread reads them from
disk a second after the server starts (`api/persisted.py`; built where none was saved for
this store), and rebuilds them once writes have stopped for `QUIET` seconds. A request
that comes while one is being rebuilt waits for that one (it never gets a summary older
than the write: `view_cache.cached`, `explorer.network` and `view_cache.lasting` compute
one value per revision at a time), except the evidence views, which answer from the
store until the findings table is ready (`api/findings_source.py`). Writes in a burst (an
ingest through the server) cause one rebuild after the burst, not one per write.

    warmer = ViewWarmer(state)
    state.after_write = warmer.poke
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from graph.memory import give_back_freed_memory

from .findings_source import findings_table
from .routes.curation import claim_index, queue_types
from .routes.explorer import network, ranking, summary_of
from .routes.gap_map import map_body, map_rows
from .state import AppState

QUIET = 1.0  # seconds without a write before the summaries are rebuilt
log = logging.getLogger("ekg.views")


def summaries(state: AppState) -> list[tuple[str, Callable[[], object]]]:
    """What to rebuild, those views wait for first: each fills the cache its view reads."""
    return [
        ("claim index", lambda: claim_index(state)),
        ("gap map rows", lambda: map_rows(state)),
        ("gap map", lambda: map_body(state)),
        ("explorer network", lambda: network(state)),
        ("explorer ranking", lambda: ranking(state, network(state))),
        ("network summary", lambda: summary_of(state, network(state))),
        ("review queue types", lambda: queue_types(state)),
        # last: until it is ready the evidence views answer from the store, they never wait
        ("findings table", lambda: findings_table(state)),
    ]


class ViewWarmer:
    """One daemon thread, started at the server's start or on the first write, that
    rebuilds `summaries` (at start: reads those saved beside the store, `api/persisted.py`)."""

    def __init__(self, state: AppState, quiet: float = QUIET) -> None:
        self.state, self.quiet = state, quiet
        self._written = threading.Event()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._at_once = False
        self.rounds = 0  # rebuilds finished (tests read it)

    def start(self) -> None:
        """At the server's start: read or build the summaries now, not after a quiet spell."""
        self._at_once = True
        self.poke()

    def poke(self) -> None:
        """After a write: rebuild once writes have stopped for a while."""
        self._written.set()
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="view-warmer", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            self._written.wait()
            self._written.clear()
            at_once, self._at_once = self._at_once, False
            while not at_once and self._written.wait(
                self.quiet
            ):  # more writes: wait for a quiet spell
                self._written.clear()
            for name, rebuild in summaries(self.state):
                if self._written.is_set():
                    break  # written again meanwhile: start over after the next quiet spell
                started = time.perf_counter()
                try:
                    rebuild()
                except Exception:  # a view reports its own errors when asked
                    log.exception("rebuilding the %s after a write failed", name)
                    continue
                log.debug("rebuilt the %s in %.1f s", name, time.perf_counter() - started)
            else:
                self.rounds += 1
            give_back_freed_memory()  # what the builds let go (1M: 708 -> 690 MiB summed)
