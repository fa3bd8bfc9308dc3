"""Where the app's queries run: worker processes on an embedded store, else in-process.

On an on-disk Oxigraph store queries run in `graph.query_pool` (snapshots, killable
workers), so a timeout really stops the work. A `memory:` store cannot be snapshotted
and a remote store runs queries on its own side: those run in threads here, and a
query past its deadline is answered with a timeout while its thread finishes.
On an embedded store (which only this server writes) answers are kept in a
`graph.query_cache.ResultCache` until the next write.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from fastapi import Request

from graph.oxigraph_store import OxigraphStore
from graph.query_cache import ResultCache
from graph.query_exec import Answer, QueryJob, Runner, execute, oxigraph_runner, store_runner
from graph.query_pool import QueryPool, SaturatedError
from ontology.errors import QueryTimeoutError

from .state import AppState, get_state


def snapshot_folder(store_path: Path) -> Path:
    path = store_path.resolve()
    return path.with_name(f".{path.name}.query-snapshots")


class QueryRunner:
    def __init__(self, state: AppState) -> None:
        settings = state.settings
        self.state = state
        self.workers = max(settings.query_workers, 1)
        self.max_workers = max(settings.max_query_workers or 2 * self.workers, self.workers)
        queued = max(settings.max_queued_queries, 0)
        self.capacity = self.max_workers + queued
        self.pending = 0
        self.pool: QueryPool | None = None
        self.local: Runner | None = None
        store = state.store
        if isinstance(store, OxigraphStore) and store.path is not None:
            self.pool = QueryPool(
                store.native,
                snapshot_folder(store.path),
                self.workers,
                queued,
                self.max_workers,
                slow_after=settings.slow_query_seconds,
            )
        elif isinstance(store, OxigraphStore):
            self.local = oxigraph_runner(store.native)
        else:
            self.local = store_runner(store)
        self.executor = ThreadPoolExecutor(self.capacity + 1, thread_name_prefix="ekg-query")
        cache_bytes = settings.result_cache_mb * 2**20
        embedded = isinstance(store, OxigraphStore)
        self.cache = ResultCache(cache_bytes) if embedded and cache_bytes > 0 else None

    @property
    def stoppable(self) -> bool:
        """True when a query past its deadline is really stopped."""
        return self.pool is not None

    async def run(self, job: QueryJob, timeout: float) -> Answer:
        if self.cache is None:
            return await self._run(job, timeout)
        revision = self.state.revision  # read first: a write meanwhile makes the answer stale
        return self.cache.get(job, revision) or self.cache.put(
            job, revision, await self._run(job, timeout)
        )

    async def _run(self, job: QueryJob, timeout: float) -> Answer:
        if self.pending >= self.capacity:
            raise SaturatedError(
                f"the service is busy: {self.pending} queries are running or waiting "
                f"(at most {self.capacity}); try again in a moment"
            )
        self.pending += 1
        loop = asyncio.get_running_loop()
        try:
            if self.pool is not None:
                return await loop.run_in_executor(
                    self.executor, self.pool.run, job, timeout, self.state.revision
                )
            assert self.local is not None
            try:
                return await asyncio.wait_for(in_thread(self.local, job), timeout)
            except TimeoutError:
                raise QueryTimeoutError(
                    f"the query timed out: it ran past its time limit of {timeout:g} s. "
                    "Make it more selective, add a LIMIT, or ask for a longer 'timeout'"
                ) from None
        finally:
            self.pending -= 1

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
        self.executor.shutdown(wait=False, cancel_futures=True)


def in_thread(runner: Runner, job: QueryJob) -> asyncio.Future[Answer]:
    """Run the job in a daemon thread: one that runs past its deadline cannot be stopped,
    and must not keep the server from exiting either."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[Answer] = loop.create_future()

    def settle(answer: Answer | None, error: BaseException | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(answer)  # type: ignore[arg-type]

    def work() -> None:
        outcome: tuple[Answer | None, BaseException | None]
        try:
            outcome = (execute(runner, job), None)
        except BaseException as exc:  # handed to the waiting request
            outcome = (None, exc)
        with contextlib.suppress(RuntimeError):  # the server stopped meanwhile
            loop.call_soon_threadsafe(settle, *outcome)

    threading.Thread(target=work, name="ekg-query", daemon=True).start()
    return future


def get_runner(request: Request) -> QueryRunner:
    """The app's runner (made on first use if the app was started without its lifespan)."""
    runner: QueryRunner | None = getattr(request.app.state, "ekg_queries", None)
    if runner is None:
        runner = QueryRunner(get_state(request))
        request.app.state.ekg_queries = runner
    return runner
