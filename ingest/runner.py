"""Ingest many files: extraction in parallel processes, writes one paper at a time.

A file that fails is reported with its reason and the others go on; nothing already
stored is touched by a failure, since a paper's graph is replaced in one transaction
(knowledge graph included). A write that a kill cut short is finished first
(`recover_pending_writes`). The extraction processes die with the process that started
them, whatever kills it.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import pyoxigraph as ox

from graph.curation import reconcile_paper
from graph.papers import recover_pending_writes, write_paper
from graph.results import serialised
from graph.store import Store
from ontology.errors import EkgError
from ontology.vocab import paper_graph

from .extract import extract_file


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


Extracted = tuple[str, str, bytes, dict[str, int], str]  # path, paper_id, nquads, counts, error


def _work(path: str) -> Extracted:
    """Runs in a worker process: read and extract one file, never raise."""
    try:
        paper_id, quads, counts = extract_file(Path(path))
        data = serialised(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
        return path, paper_id, data, counts, ""
    except EkgError as exc:
        return path, "", b"", {}, exc.message
    except Exception as exc:  # a bug must not stop the other files
        return path, "", b"", {}, f"{path}: internal error {type(exc).__name__}: {exc}"


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
    with ProcessPoolExecutor(max_workers=jobs, initializer=die_with_parent) as pool:
        waiting = iter(paths)
        ahead = deque(pool.submit(_work, p) for p in islice(waiting, 2 * jobs))
        while ahead:
            done = ahead.popleft().result()
            ahead.extend(pool.submit(_work, p) for p in islice(waiting, 1))
            yield done


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
    recover_pending_writes(store, reconcile_paper)
    for path, paper_id, data, counts, error in _extracted([str(p) for p in paths], jobs):
        result = FileResult(path=path, paper_id=paper_id, counts=counts, error=error)
        if not error:
            try:
                quads = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
                graph = paper_graph(paper_id)
                result.triples = write_paper(store, graph, quads, reconcile_paper)
            except EkgError as exc:
                result.error = f"{path}: {exc.message}"
        report.results.append(result)
        if on_done:
            on_done(result)
    return report
