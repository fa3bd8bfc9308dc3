"""Queries that can be stopped: a pool of worker processes over snapshots of the store.

pyoxigraph cannot interrupt a running query (oxigraph issue #1926), and an on-disk
store admits one read-write process. So the process that owns the store keeps it for
writes, and queries run in worker processes, each on a read-only snapshot: a RocksDB
checkpoint (`Store.backup`, hard links, a few milliseconds) opened with
`Store.read_only`. A new snapshot is made for the first query after a write, so a
query always sees every write that finished before it started. A query past its
deadline gets its worker killed (that stops the work) and replaced.

The pool keeps `workers` processes and grows up to `max_workers` when a query finds
none idle: a cheap lookup then runs beside slow queries instead of waiting for one of
them to finish. With `slow_after` > 0, while a query younger than that runs, the workers
of older queries have their priority lowered (nice +10), so the cores go to the short
queries first; a worker gets its priority back when it is alone again or done (or,
where the system does not allow raising it again, is replaced when done). Workers
beyond `workers` stop after `retire_after` idle seconds, to give their memory back.

    pool = QueryPool(store.native, Path("store.snapshots"), workers=2, max_workers=4)
    answer = pool.run(job, timeout=30, revision=3)
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from queue import Queue
from typing import Any, cast

import pyoxigraph as ox

from ontology.errors import EkgError, QueryTimeoutError, StoreBusyError, StoreError

from .framing import receive_by, send
from .query_exec import Answer, QueryJob

SLOW_NICENESS = 10


class SaturatedError(StoreBusyError):
    """More queries are waiting than the service takes on (503)."""


class Snapshots:
    """Read-only checkpoints of the store, one per revision that was queried."""

    def __init__(self, store: ox.Store, folder: Path) -> None:
        self.store, self.folder = store, folder
        shutil.rmtree(folder, ignore_errors=True)  # left over from a server that crashed
        folder.mkdir(parents=True)
        self._lock = threading.Lock()
        self._current: tuple[int, str] | None = None
        self._made = 0
        self.stale = False  # older snapshots may be left to delete

    def current(self, revision: int) -> str:
        with self._lock:
            if self._current is None or self._current[0] != revision:
                self._made += 1
                path = self.folder / f"snapshot-{self._made}"
                try:
                    self.store.backup(str(path))
                except OSError as exc:
                    raise StoreError(f"cannot snapshot the store for queries: {exc}") from exc
                self.stale = self._current is not None
                self._current = (revision, str(path))
            return self._current[1]

    def release(self, in_use: set[str]) -> None:
        """Delete the snapshots that are neither current nor open in a worker."""
        with self._lock:
            keep = in_use | ({self._current[1]} if self._current else set())
            left = False
            for path in self.folder.iterdir():
                if str(path) in keep:
                    left = left or (self._current is not None and str(path) != self._current[1])
                else:
                    shutil.rmtree(path, ignore_errors=True)
            self.stale = left

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


class _Worker:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "graph.query_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
        )
        self.snapshot: str | None = None
        self.ready = False
        self.idle_since = time.monotonic()
        self.busy_since: float | None = None
        self.demoted = False

    def demote(self) -> None:
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, self.process.pid, SLOW_NICENESS)
            self.demoted = True

    def promote(self) -> bool:
        """Back to normal priority; False where the system does not allow it."""
        try:
            os.setpriority(os.PRIO_PROCESS, self.process.pid, 0)
        except OSError:
            return False
        self.demoted = False
        return True

    def wait_ready(self, deadline: float) -> None:
        """Read the worker's greeting (sent once its imports are done)."""
        if not self.ready:
            assert self.process.stdout is not None
            receive_by(self.process.stdout.fileno(), deadline)
            self.ready = True

    def ask(self, snapshot: str, job: QueryJob, deadline: float) -> Any:
        assert self.process.stdin is not None
        send(self.process.stdin, (snapshot, job))  # type: ignore[arg-type]
        self.wait_ready(deadline)
        assert self.process.stdout is not None
        return receive_by(self.process.stdout.fileno(), deadline)

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            assert self.process.stdin is not None
            self.process.stdin.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None and not stream.closed:
                stream.close()


class QueryPool:
    """`workers` processes, up to `max_workers` when busy; at most `max_queued` queries
    wait for one, the rest get 503."""

    def __init__(
        self,
        store: ox.Store,
        folder: Path,
        workers: int = 2,
        max_queued: int = 16,
        max_workers: int | None = None,
        retire_after: float = 60.0,
        slow_after: float = 0.0,
    ):
        self.snapshots = Snapshots(store, folder)
        self.size = max(workers, 1)
        self.max_workers = max(max_workers or 2 * self.size, self.size)
        self.max_queued, self.retire_after = max_queued, retire_after
        self.slow_after = slow_after
        self._cond = threading.Condition()
        self._idle: list[_Worker] = []  # the most recently used last: it is taken first
        self._all: list[_Worker] = []
        self._starting = 0
        self._pending = 0
        self._open = True
        self._snapshot_lock = threading.Lock()  # a snapshot handed out is never deleted
        # Workers are started by one long-lived thread: a worker asks the kernel to kill it
        # when the thread that started it ends (PR_SET_PDEATHSIG), so never a passing one.
        self._requests: Queue[bool] = Queue()
        threading.Thread(target=self._spawner, name="ekg-query-spawner", daemon=True).start()
        threading.Thread(target=self._watch, name="ekg-query-watch", daemon=True).start()
        with self._cond:
            for _ in range(self.size):
                self._grow()

    @property
    def running(self) -> int:
        """Worker processes alive now."""
        with self._cond:
            return len(self._all)

    def _admit(self) -> None:
        with self._cond:
            if self._pending >= self.max_workers + self.max_queued:
                raise SaturatedError(
                    f"the service is busy: {self._pending} queries are running or waiting; "
                    "try again in a moment"
                )
            self._pending += 1

    def _leave(self) -> None:
        with self._cond:
            self._pending -= 1

    def run(self, job: QueryJob, timeout: float, revision: int) -> Answer:
        """The job's answer; QueryTimeoutError when it runs past `timeout` seconds."""
        deadline = time.monotonic() + timeout
        self._admit()
        try:
            worker = self._take(deadline, timeout)
            return self._ask(worker, job, deadline, timeout, revision)
        finally:
            self._leave()

    def _take(self, deadline: float, timeout: float) -> _Worker:
        with self._cond:
            while not self._idle:
                self._grow()
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise QueryTimeoutError(
                        f"the query timed out after {timeout:g} s waiting for a free query "
                        f"worker (all {len(self._all)} are busy); try again, or ask for a "
                        "longer 'timeout'"
                    )
                self._cond.wait(remaining)
            worker = self._idle.pop()
            worker.busy_since = time.monotonic()
            if not self._idle:
                self._grow()  # the next query finds a worker ready
            self._cond.notify_all()  # wakes the watch
            return worker

    def _watch(self) -> None:
        """While a short query runs beside queries older than `slow_after`, lower the old
        ones' priority; when none is left beside them, give it back where allowed."""
        if self.slow_after <= 0:
            return
        tick = max(self.slow_after / 4, 0.01)
        while True:
            with self._cond:
                if not self._open:
                    return
                busy = [w for w in self._all if w.busy_since is not None]
                if not busy:
                    self._cond.wait()
                    continue
                now = time.monotonic()
                slow = [w for w in busy if now - (w.busy_since or now) > self.slow_after]
                contended = len(slow) < len(busy)
            for worker in slow:
                if contended and not worker.demoted:
                    worker.demote()
                elif not contended and worker.demoted:
                    worker.promote()
            time.sleep(tick)

    def _grow(self) -> None:
        """Start one more worker in the background, if the pool may grow (lock held)."""
        if len(self._all) + self._starting >= self.max_workers:
            return
        self._starting += 1
        self._requests.put(True)

    def _spawner(self) -> None:
        while self._requests.get():
            worker: _Worker | None = None
            try:
                worker = _Worker()
                worker.wait_ready(time.monotonic() + 60)
            except (OSError, EOFError, TimeoutError):
                if worker is not None:
                    worker.stop(kill=True)
                worker = None
            with self._cond:
                self._starting -= 1
                if worker is not None and self._open:
                    self._all.append(worker)
                    self._idle.insert(0, worker)
                    self._cond.notify_all()
                    worker = None
            if worker is not None:
                worker.stop()

    def _give_back(self, worker: _Worker) -> None:
        worker.busy_since = None
        if worker.demoted and not worker.promote():
            self._drop(worker, kill=False)
            return
        retired: list[_Worker] = []
        now = time.monotonic()
        with self._cond:
            worker.idle_since = now
            self._idle.append(worker)
            self._cond.notify_all()
            while (
                len(self._all) > self.size
                and len(self._idle) > 1
                and now - self._idle[0].idle_since > self.retire_after
            ):
                old = self._idle.pop(0)
                self._all.remove(old)
                retired.append(old)
        for old in retired:
            old.stop()

    def _ask(
        self, worker: _Worker, job: QueryJob, deadline: float, timeout: float, revision: int
    ) -> Answer:
        try:
            with self._snapshot_lock:
                snapshot = self.snapshots.current(revision)
                worker.snapshot = snapshot
            status, value = worker.ask(snapshot, job, deadline)
        except TimeoutError:
            self._drop(worker)
            raise QueryTimeoutError(
                f"the query timed out: it ran past its time limit of {timeout:g} s and was "
                "stopped. Make it more selective, add a LIMIT, or ask for a longer 'timeout' "
                "(up to the service's limit)"
            ) from None
        except (EOFError, OSError) as exc:
            self._drop(worker)
            raise StoreError(f"the query worker stopped unexpectedly ({exc!r})") from exc
        except BaseException:  # a garbled reply: that worker is not trusted again
            self._drop(worker)
            raise
        else:
            self._give_back(worker)
        finally:
            with self._snapshot_lock:
                if self.snapshots.stale:
                    self.snapshots.release(self._open_snapshots())
        if status == "ok":
            return cast(Answer, value)
        if isinstance(value, EkgError):
            raise value
        raise StoreError(f"the query failed: {value}")

    def _drop(self, worker: _Worker, kill: bool = True) -> None:
        """Stop the worker (killing it stops its query) and start another in its place."""
        worker.busy_since = None
        worker.stop(kill=kill)
        with self._cond:
            self._all = [w for w in self._all if w is not worker]
            if len(self._all) + self._starting < self.size:
                self._grow()

    def _open_snapshots(self) -> set[str]:
        with self._cond:
            return {w.snapshot for w in self._all if w.snapshot is not None}

    def close(self) -> None:
        with self._cond:
            self._open = False
            workers, self._all, self._idle = self._all, [], []
            self._cond.notify_all()
        self._requests.put(False)
        for worker in workers:
            worker.stop()
        self.snapshots.close()
