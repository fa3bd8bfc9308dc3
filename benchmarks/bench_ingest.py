"""Ingest against spaCy tokenising the same text (the floor), at 10, 100 and 1,000 papers.

    .venv/bin/python benchmarks/bench_ingest.py [--sizes 10,100,1000] [--source synthetic]
        [--source ei-dev] [--speedup 100] [--long-mb 50]

For each source (synthetic reports from benchmarks/papers.py; the real JATS articles of
../shared/ei-dev) and size it measures, in CPU seconds of this process, spaCy's blank
English tokenizer over the text the readers produce (the floor), extraction alone
(read, spaCy pipeline, assembly, RDF), and the whole ingest into a fresh on-disk store
(`ingest_files(jobs=1)`: extraction, writing each paper graph, reconciling curation).
Floor and ingest take turns so that the machine's other load slows both alike.
Targets: ingest within 3x the floor, and the ratio at 1,000 papers within 10% of the
ratio at 10 (linear). `--speedup N` times `ingest_files` on N papers with 1 and with 2
processes (wall clock: other load on the machine shows here). `--long-mb M` runs
`ekg ingest` on one M-MB report in a fresh process and reports its peak RSS.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from papers import write_long_text, write_papers  # noqa: E402

from graph.oxigraph_store import OxigraphStore  # noqa: E402
from ingest.extract import extract_file  # noqa: E402
from ingest.readers import read_document  # noqa: E402
from ingest.runner import ingest_files  # noqa: E402

EI_DEV = ROOT.parent / "shared" / "ei-dev" / "articles"


def cpu(fn: Callable[[], object]) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def ingest_into_fresh_store(files: list[Path], jobs: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="ekg-bench-ingest-"))
    store = OxigraphStore(str(folder / "store"))
    try:
        report = ingest_files(store, files, jobs=jobs)
        if report.failed:
            print(f"    ({len(report.failed)} files failed: {report.failed[0].error[:100]})")
    finally:
        store.close()
        shutil.rmtree(folder, ignore_errors=True)


def source_files(source: str, size: int, folder: Path) -> list[Path]:
    if source == "ei-dev":
        return sorted(EI_DEV.glob("*.nxml"))[:size]
    return write_papers(folder / "synthetic", size)


def ratios(source: str, sizes: list[int], folder: Path) -> None:
    tokenizer = spacy.blank("en").tokenizer
    extract_file(source_files(source, 1, folder)[0])  # load the pipeline once, as an ingest would
    print("\n| source | papers | MB of text | floor s | extract s | x floor | ingest s | x floor |")
    print("|---|---|---|---|---|---|---|---|")
    for size in sizes:
        files = source_files(source, size, folder)
        texts = [read_document(f).text for f in files]
        repeat = 3 if size <= 100 else 1
        floor, extract, ingest = [], [], []
        for _ in range(repeat):
            floor.append(cpu(lambda texts=texts: [tokenizer(t) for t in texts]))
            extract.append(cpu(lambda files=files: [extract_file(f) for f in files]))
            ingest.append(cpu(lambda files=files: ingest_into_fresh_store(files, jobs=1)))
        f, e, i = min(floor), min(extract), min(ingest)
        mb = sum(len(t) for t in texts) / 1e6
        print(
            f"| {source} | {len(files)} | {mb:.1f} | {f:.2f} | {e:.2f} | {e / f:.2f} "
            f"| {i:.2f} | {i / f:.2f} |",
            flush=True,
        )


def speedup(source: str, size: int, folder: Path) -> None:
    files = source_files(source, size, folder)
    walls = {}
    for jobs in (1, 2, 1, 2):
        started = time.perf_counter()
        ingest_into_fresh_store(files, jobs=jobs)
        spent = time.perf_counter() - started
        walls[jobs] = min(walls.get(jobs, spent), spent)
    print(
        f"\nspeed-up on {len(files)} {source} papers: 1 process {walls[1]:.1f} s, "
        f"2 processes {walls[2]:.1f} s: {walls[1] / walls[2]:.2f}x "
        f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )


def long_text(megabytes: float, folder: Path) -> None:
    path = write_long_text(folder / "long-report.txt", megabytes)
    size = path.stat().st_size / 2**20
    ekg = str(Path(sys.executable).with_name("ekg"))
    started = time.perf_counter()
    process = subprocess.Popen(
        [ekg, "ingest", str(path), "--store", str(folder / "long-store")],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    peak = usage.ru_maxrss / 1024
    print(
        f"\nekg ingest of one {size:.0f} MiB report: exit {os.waitstatus_to_exitcode(status)}, "
        f"{time.perf_counter() - started:.0f} s, peak RSS {peak:.0f} MiB "
        f"({peak / size:.1f}x the text)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10,100")
    parser.add_argument("--source", action="append", choices=["synthetic", "ei-dev"])
    parser.add_argument("--speedup", type=int, default=0, help="papers for the 1-vs-2 test")
    parser.add_argument("--long-mb", type=float, default=0)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ekg-bench-papers-"))
    try:
        for source in args.source or ["synthetic"]:
            ratios(source, [int(s) for s in args.sizes.split(",")], folder)
            if args.speedup:
                speedup(source, args.speedup, folder)
        if args.long_mb:
            long_text(args.long_mb, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
