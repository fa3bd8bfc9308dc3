"""Ingest speed as a ratio to spaCy tokenising the same text (the floor), both measured
in the same run in CPU time and taking turns, so other work on the machine does not
skew the ratio.
Target: extraction within 3x of tokenisation.

    python benchmarks/bench_ingest.py [PAPER ...]      (default: ../shared/corpus)
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import spacy

from graph.oxigraph_store import OxigraphStore
from graph.papers import write_paper
from ingest.extract import extract_file
from ingest.readers import iter_paper_files, read_document
from ontology.vocab import paper_graph

ROOT = Path(__file__).resolve().parents[1]
REPEAT = 5


def best(*fns: Callable[[], object], repeat: int = REPEAT) -> list[float]:
    """The least CPU time of each function over `repeat` rounds. The functions take
    turns within a round, so a busy spell on the machine slows them alike."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for fn, spent in zip(fns, times, strict=True):
            start = time.process_time()
            fn()
            spent.append(time.process_time() - start)
    return [min(spent) for spent in times]


def main(paths: list[Path]) -> None:
    files = iter_paper_files(paths)
    texts = [read_document(f).text for f in files]
    tokenizer = spacy.blank("en").tokenizer
    extract_file(files[0])  # load the pipeline and lexicon once, as a long ingest would
    floor, extract = best(
        lambda: [tokenizer(t) for t in texts], lambda: [extract_file(f) for f in files]
    )

    def full() -> None:
        store = OxigraphStore(None)
        for f in files:
            paper_id, quads, _ = extract_file(f)
            write_paper(store, paper_graph(paper_id), quads)

    (ingest,) = best(full, repeat=3)
    chars = sum(len(t) for t in texts)
    print(f"{len(files)} papers, {chars:,} characters")
    print(f"spaCy tokenizer (floor)      {floor * 1000:8.1f} ms   1.00x")
    print(f"read + extract + RDF         {extract * 1000:8.1f} ms   {extract / floor:5.2f}x")
    print(f"... + write to the store     {ingest * 1000:8.1f} ms   {ingest / floor:5.2f}x")
    print(
        f"target: extraction within 3x of the floor -> "
        f"{'met' if extract / floor <= 3 else 'NOT met'}"
    )


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]] or [ROOT.parent / "shared" / "corpus"]
    main(args)
