"""Queries that can be stopped: a pool of worker processes over snapshots of the store.

pyoxigraph cannot interrupt a running query (oxigraph issue #1926), and an on-disk
store admits one read-write process. So the process that owns the store keeps it for
writes, and queries run in a few worker processes, each on a read-only snapshot: a
RocksDB checkpoint (`Store.backup`, hard links, a few milliseconds) opened with
`Store.read_only`. A new snapshot is made for the first query after a write, so a
query always sees every write that finished before it started. A query past its
deadline gets its worker killed (that stops the work) and replaced.

    pool = QueryPool(store.native, Path("store.snapshots"), workers=2)
    answer = pool.run(job, timeout=30, revision=3)
"""

from __future__ import annotations

import os
import pickle
import select
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from queue import Empty, Queue
from typing import Any, cast

import pyoxigraph as ox

from ontology.errors import EkgError, QueryTimeoutError, StoreBusyError, StoreError

from .query_exec import Answer, QueryJob
from .query_worker import HEADER, send


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

    def current(self, revision: int) -> str:
        with self._lock:
            if self._current is None or self._current[0] != revision:
                self._made += 1
                path = self.folder / f"snapshot-{self._made}"
                try:
                    self.store.backup(str(path))
                except OSError as exc:
                    raise StoreError(f"cannot snapshot the store for queries: {exc}") from exc
                self._current = (revision, str(path))
            return self._current[1]

    def release(self, in_use: set[str]) -> None:
        """Delete the snapshots that are neither current nor open in a worker."""
        with self._lock:
            keep = in_use | ({self._current[1]} if self._current else set())
            for path in self.folder.iterdir():
                if str(path) not in keep:
                    shutil.rmtree(path, ignore_errors=True)

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

    def ask(self, snapshot: str, job: QueryJob, deadline: float) -> Any:
        assert self.process.stdin is not None
        send(self.process.stdin, (snapshot, job))  # type: ignore[arg-type]
        (size,) = HEADER.unpack(self._read(HEADER.size, deadline))
        return pickle.loads(self._read(size, deadline))

    def _read(self, size: int, deadline: float) -> bytes:
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        parts: list[bytes] = []
        while size > 0:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise TimeoutError
            chunk = os.read(fd, min(size, 1 << 20))
            if not chunk:
                raise EOFError
            parts.append(chunk)
            size -= len(chunk)
        return b"".join(parts)

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
    """`workers` processes; at most `max_queued` queries wait for one, the rest get 503."""

    def __init__(self, store: ox.Store, folder: Path, workers: int = 2, max_queued: int = 16):
        self.snapshots = Snapshots(store, folder)
        self.size, self.max_queued = max(workers, 1), max_queued
        self._idle: Queue[_Worker] = Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._snapshot_lock = threading.Lock()  # a snapshot handed out is never deleted
        self._pending = 0
        for _ in range(self.size):
            self._add(_Worker())

    def _add(self, worker: _Worker) -> None:
        with self._lock:
            self._all.append(worker)
        self._idle.put(worker)

    def _admit(self) -> None:
        with self._lock:
            if self._pending >= self.size + self.max_queued:
                raise SaturatedError(
                    f"the service is busy: {self._pending} queries are running or waiting; "
                    "try again in a moment"
                )
            self._pending += 1

    def _leave(self) -> None:
        with self._lock:
            self._pending -= 1

    def run(self, job: QueryJob, timeout: float, revision: int) -> Answer:
        """The job's answer; QueryTimeoutError when it runs past `timeout` seconds."""
        deadline = time.monotonic() + timeout
        self._admit()
        try:
            try:
                worker = self._idle.get(timeout=max(timeout, 0.001))
            except Empty:
                raise QueryTimeoutError(
                    f"the query timed out after {timeout:g} s waiting for a free query worker "
                    f"(all {self.size} are busy); try again, or ask for a longer 'timeout'"
                ) from None
            return self._ask(worker, job, deadline, timeout, revision)
        finally:
            self._leave()

    def _ask(
        self, worker: _Worker, job: QueryJob, deadline: float, timeout: float, revision: int
    ) -> Answer:
        try:
            with self._snapshot_lock:
                snapshot = self.snapshots.current(revision)
                worker.snapshot = snapshot
            status, value = worker.ask(snapshot, job, deadline)
        except TimeoutError:
            worker = self._replace(worker)
            raise QueryTimeoutError(
                f"the query timed out: it ran past its time limit of {timeout:g} s and was "
                "stopped. Make it more selective, add a LIMIT, or ask for a longer 'timeout' "
                "(up to the service's limit)"
            ) from None
        except (EOFError, OSError) as exc:
            worker = self._replace(worker)
            raise StoreError(f"the query worker stopped unexpectedly ({exc!r})") from exc
        finally:
            self._idle.put(worker)
            with self._snapshot_lock:
                self.snapshots.release(self._open_snapshots())
        if status == "ok":
            return cast(Answer, value)
        if isinstance(value, EkgError):
            raise value
        raise StoreError(f"the query failed: {value}")

    def _replace(self, worker: _Worker) -> _Worker:
        worker.stop(kill=True)
        fresh = _Worker()
        with self._lock:
            self._all = [w for w in self._all if w is not worker] + [fresh]
        return fresh

    def _open_snapshots(self) -> set[str]:
        with self._lock:
            return {w.snapshot for w in self._all if w.snapshot is not None}

    def close(self) -> None:
        with self._lock:
            workers, self._all = self._all, []
        for worker in workers:
            worker.stop()
        self.snapshots.close()
