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
`ekg ingest` on one M-MB report in a fresh process and reports its peak RSS;
`--rss-ei-dev` does the same on all of ei-dev (50 MB of JATS in 714 files, 2 processes).
"""

from __future__ import annotations

import argparse
import os
import resource
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
from servers import memory_mib  # noqa: E402

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


def peak_tree_rss(command: list[str]) -> tuple[int, float, float, float, float]:
    """(exit code, seconds, peak RSS of the main process, peak RSS and peak PSS summed over
    the process and its workers, sampled every 0.2 s) in MiB. RSS counts the pages the
    forked workers share with the main process once per process; PSS splits them."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    summed = proportional = 0.0
    while process.poll() is None:
        rss, pss, _ = memory_mib(process.pid)
        summed, proportional = max(summed, rss), max(proportional, pss)
        time.sleep(0.2)
    main_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    seconds = time.perf_counter() - started
    return process.returncode, seconds, main_peak, max(summed, main_peak), proportional


def ingest_rss(label: str, paths: list[Path], megabytes: float, folder: Path) -> None:
    ekg = str(Path(sys.executable).with_name("ekg"))
    store = folder / f"rss-store-{label.split()[0]}"
    code, seconds, main_peak, summed, pss = peak_tree_rss(
        [ekg, "ingest", *map(str, paths), "--store", str(store)]
    )
    print(
        f"| {label} | {megabytes:.0f} MB | {code} | {seconds:.0f} | {main_peak:.0f} "
        f"| {summed:.0f} | {pss:.0f} | {summed / megabytes:.1f}x |",
        flush=True,
    )


def memory(long_mb: float, folder: Path, ei_dev: bool) -> None:
    print(
        "\n| ekg ingest of | text | exit | seconds | peak RSS MiB (main) | peak RSS MiB "
        "(all processes) | peak PSS MiB (all) | RSS x the text |"
    )
    print("|---|---|---|---|---|---|---|---|")
    if ei_dev:
        files = sorted(EI_DEV.glob("*.nxml"))
        size = sum(f.stat().st_size for f in files) / 1e6
        ingest_rss(f"{len(files)} ei-dev articles (JATS)", files, size, folder)
    if long_mb:
        path = write_long_text(folder / "long-report.txt", long_mb)
        ingest_rss("one synthetic report", [path], path.stat().st_size / 1e6, folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10,100")
    parser.add_argument("--source", action="append", choices=["synthetic", "ei-dev"])
    parser.add_argument("--speedup", type=int, default=0, help="papers for the 1-vs-2 test")
    parser.add_argument("--long-mb", type=float, default=0, help="one report this long")
    parser.add_argument("--rss-ei-dev", action="store_true", help="peak RSS on all of ei-dev")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ekg-bench-papers-"))
    try:
        for source in args.source or ["synthetic"]:
            ratios(source, [int(s) for s in args.sizes.split(",")], folder)
            if args.speedup:
                speedup(source, args.speedup, folder)
        if args.long_mb or args.rss_ei_dev:
            memory(args.long_mb, folder, args.rss_ei_dev)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
