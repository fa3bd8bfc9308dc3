"""Ingest many files: extraction in parallel processes, writes in the main process.

A file that fails is reported with its reason and the others go on; nothing already
stored is touched by a failure. On an embedded store, papers new to it are written in
batches by the bulk loader (`graph/paper_batches.py`); a re-ingested paper, or any paper
on another backend, has its graph replaced in one transaction (`write_paper`, knowledge
graph included). Either way a paper is written all or nothing, in input order, and a
write that a kill cut short is finished or undone first (`recover_pending_writes`). The
extraction processes die with the process that started them, whatever kills it.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import queue
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import pyoxigraph as ox

from graph.curation import reconcile_paper
from graph.knowledge import Candidate, claim_candidates
from graph.memory import give_back_freed_memory, keep_less_freed_memory
from graph.oxigraph_store import OxigraphStore
from graph.paper_batches import NewPaper, batchable, is_new, write_new_papers
from graph.papers import recover_pending_writes, write_paper
from graph.results import serialised
from graph.store import Store
from ontology.errors import EkgError
from ontology.vocab import paper_graph

from .extract import extract_file
from .pipeline import warm_up


@dataclass
class FileResult:
    path: str
    paper_id: str = ""
    triples: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    error: str = ""


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)

    @property
    def ok(self) -> list[FileResult]:
        return [r for r in self.results if not r.error]

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.error]


@dataclass
class Extracted:
    path: str
    paper_id: str = ""
    nquads: bytes = b""  # the paper's quads, all in its graph
    counts: dict[str, int] = field(default_factory=dict)
    quads: int = 0
    claims: list[Candidate] = field(default_factory=list)
    error: str = ""


# the store is closed and opened again after this many papers, for memory: RocksDB keeps
# what it took for the files written until then, and glibc the rest (docs/benchmarks.md)
REOPEN_PAPERS = 100
BATCH_PAPERS = 32  # papers per bulk load, and at most this much N-Quads text:
BATCH_BYTES = 8_000_000  # larger batches save a little CPU and cost memory (docs/benchmarks.md)


def _work(path: str) -> Extracted:
    """Runs in a worker process: read and extract one file, never raise."""
    try:
        paper_id, quads, counts = extract_file(Path(path))
        graph = ox.NamedNode(paper_graph(paper_id))
        if any(q.graph_name != graph for q in quads):
            quads = [ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads]
        data = serialised(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
        return Extracted(path, paper_id, data, counts, len(quads), claim_candidates(quads))
    except EkgError as exc:
        return Extracted(path, error=exc.message)
    except Exception as exc:  # a bug must not stop the other files
        return Extracted(path, error=f"{path}: internal error {type(exc).__name__}: {exc}")


def die_with_parent() -> None:
    """In a worker process: have the kernel kill it when its parent dies (Linux)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _extracted(paths: list[str], jobs: int) -> Iterable[Extracted]:
    """Each file's extraction, in order. At most two files per process are extracted
    ahead of the writes, so memory does not grow with the number of files when writing
    is the slower side (`Executor.map` would hold every finished result)."""
    if jobs <= 1 or len(paths) <= 1:
        yield from map(_work, paths)
        return
    # forked workers share what the parent built (copy on write); frozen objects are
    # left alone by the garbage collector, whose passes would otherwise copy their pages
    warm_up()
    gc.freeze()
    fork = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(jobs, fork, initializer=die_with_parent) as pool:
            waiting = iter(paths)
            ahead = deque(pool.submit(_work, p) for p in islice(waiting, 2 * jobs))
            while ahead:
                done = ahead.popleft().result()
                ahead.extend(pool.submit(_work, p) for p in islice(waiting, 1))
                yield done
    finally:
        gc.unfreeze()


class _Writer:
    """Writes extracted papers and reports them in input order; on an embedded store,
    papers new to it wait for a batch (`graph/paper_batches.py`)."""

    def __init__(self, store: Store, done: Callable[[FileResult], None]) -> None:
        self.store, self.done = store, done
        self.batching = store if isinstance(store, OxigraphStore) and batchable(store) else None
        self.waiting: list[tuple[FileResult, Extracted]] = []  # failed files wait in line too
        self.graphs: set[str] = set()
        self.size = 0
        self.written = 0

    def add(self, paper: Extracted) -> None:
        result = FileResult(paper.path, paper.paper_id, counts=paper.counts, error=paper.error)
        graph = paper_graph(paper.paper_id) if not paper.error else ""
        if paper.error or (
            self.batching is not None and graph not in self.graphs and is_new(self.batching, graph)
        ):
            self.waiting.append((result, paper))
            self.graphs.add(graph)
            self.size += len(paper.nquads)
            if len(self.graphs) >= BATCH_PAPERS or self.size >= BATCH_BYTES:
                self.flush()
            return
        self.flush()  # a paper already stored, or another backend: one transaction
        self._write_one(result, paper)
        self.done(result)

    def _write_one(self, result: FileResult, paper: Extracted) -> None:
        try:
            quads = list(ox.parse(paper.nquads, format=ox.RdfFormat.N_QUADS))
            result.triples = write_paper(
                self.store, paper_graph(paper.paper_id), quads, reconcile_paper
            )
        except EkgError as exc:
            result.error = f"{result.path}: {exc.message}"

    def flush(self) -> None:
        batch = [(r, p) for r, p in self.waiting if not r.error]
        if batch and self.batching is not None:
            new = [NewPaper(paper_graph(p.paper_id), p.nquads, p.claims) for _, p in batch]
            try:
                failed = write_new_papers(self.batching, new, reconcile_paper)
            except EkgError:  # the batch left nothing of itself: one paper at a time
                for r, p in batch:
                    self._write_one(r, p)
            else:
                for r, p in batch:
                    problem = failed.get(paper_graph(p.paper_id))
                    r.error = f"{r.path}: {problem}" if problem else ""
                    r.triples = 0 if problem else p.quads
        for r, _ in self.waiting:
            self.done(r)
        self.waiting, self.graphs, self.size = [], set(), 0
        if batch and self.batching is not None:
            self.written += len(batch)
            if self.written >= REOPEN_PAPERS and self.batching.reopen():
                self.written = 0
                give_back_freed_memory()


class _WriteBehind:
    """Runs a `_Writer` in a thread of its own, so that the main thread keeps the
    extraction processes fed while a batch is written (the store's bulk load and queries
    release the GIL). Without it the workers ran out of files during each batch write.
    Papers are written in the order they are put, as by the writer alone."""

    _STOP = Extracted("")  # give up: what waits for a batch is not written

    def __init__(self, writer: _Writer, depth: int) -> None:
        self.writer = writer
        self.failure: BaseException | None = None
        self.papers: queue.Queue[Extracted | None] = queue.Queue(depth)
        self.thread = threading.Thread(target=self._run, name="ekg-writer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        ended = False
        try:
            while True:
                paper = self.papers.get()
                if paper is None or paper is self._STOP:
                    ended = True
                    if paper is None:
                        self.writer.flush()
                    return
                self.writer.add(paper)
        except BaseException as exc:  # handed to the main thread
            self.failure = exc
            while not ended:  # the main thread must not block on a full queue
                rest = self.papers.get()
                ended = rest is None or rest is self._STOP

    def put(self, paper: Extracted) -> None:
        if self.failure is not None:
            raise self.failure
        self.papers.put(paper)

    def finish(self, *, write_rest: bool) -> None:
        self.papers.put(None if write_rest else self._STOP)
        self.thread.join()
        if self.failure is not None:
            raise self.failure


def ingest_files(
    store: Store,
    paths: list[Path],
    *,
    jobs: int = 0,
    on_done: Callable[[FileResult], None] | None = None,
) -> IngestReport:
    """Extract and store each file; `jobs=0` uses every core."""
    jobs = jobs or os.cpu_count() or 1
    report = IngestReport()
    keep_less_freed_memory()  # before the workers fork: they inherit it

    def done(result: FileResult) -> None:
        report.results.append(result)
        if on_done:
            on_done(result)

    recover_pending_writes(store, reconcile_paper)
    writer = _Writer(store, done)
    papers = _extracted([str(p) for p in paths], jobs)
    if jobs <= 1 or len(paths) <= 1:
        for paper in papers:
            writer.add(paper)
        writer.flush()
        return report
    behind = _WriteBehind(writer, depth=4 * jobs)
    try:
        for paper in papers:
            behind.put(paper)
    except BaseException:
        behind.finish(write_rest=False)
        raise
    behind.finish(write_rest=True)
    return report
