"""The result-sentence models' cost as a ratio to spaCy tokenising the same sentences,
in CPU time, taking turns (as `bench_ingest.py`), per 1,000 sentences.

    python benchmarks/bench_result_models.py [PAPER ...]   (default: 40 ei-dev articles)

The sentences are those of the papers' abstract and results paragraphs, split by the
project's splitter: what the models are called on.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import spacy

from ingest.components.paper_context import context_of
from ingest.components.result_models import load_result_models
from ingest.components.sentences import sentence_spans
from ingest.document import Document
from ingest.readers import read_document

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = sorted((ROOT.parent / "shared" / "ei-dev" / "articles").glob("PMC*.nxml"))[:40]
RESULTS = re.compile(r"result|finding", re.I)
REPEAT = 5


def best(*fns: Callable[[], object], repeat: int = REPEAT) -> list[float]:
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for fn, spent in zip(fns, times, strict=True):
            start = time.process_time()
            fn()
            spent.append(time.process_time() - start)
    return [min(spent) for spent in times]


def candidate_sentences(docs: list[Document]) -> list[tuple[str, int]]:
    """(sentence, index of its paper) of the abstract and results paragraphs."""
    out = []
    for k, doc in enumerate(docs):
        for p in doc.paragraphs:
            if p.section == "Abstract" or RESULTS.search(p.section):
                out.extend((p.text[s:e], k) for s, e in sentence_spans(p.text))
    return out


def main(paths: list[Path]) -> None:
    docs = [read_document(path) for path in paths]
    found = candidate_sentences(docs)
    sentences = [s for s, _ in found]
    tokenizer = spacy.blank("en").tokenizer
    models = load_result_models()
    contexts = [context_of(doc) for doc in docs]

    def cold_result() -> None:
        models._index._keys.cache_clear()  # each round reads the sentences afresh
        models.is_result(sentences)

    def cold_direction() -> None:
        models._index._keys.cache_clear()
        models.direction(sentences)

    floor, result, direction, after, outcomes, in_context = best(
        lambda: [tokenizer(s) for s in sentences],
        cold_result,
        cold_direction,
        lambda: models.direction(sentences),  # right after is_result read them
        lambda: [models.outcomes(s) for s in sentences],
        lambda: [models.outcomes(s, contexts[k]) for s, k in found],
    )
    per = 1000 / len(sentences)
    print(f"{len(sentences)} sentences from {len(paths)} papers; ms per 1,000 sentences")
    print(f"spaCy tokenizer (floor)     {floor * 1000 * per:8.1f} ms   1.00x")
    for name, spent in (
        ("is_result", result),
        ("direction (alone)", direction),
        ("direction after is_result", after),
        ("outcomes", outcomes),
        ("outcomes, paper context", in_context),
    ):
        print(f"{name:<27} {spent * 1000 * per:8.1f} ms   {spent / floor:5.2f}x")
    both = result + after
    print(f"{'is_result + direction':<27} {both * 1000 * per:8.1f} ms   {both / floor:5.2f}x")
    # the paper context is built once per paper, from its whole text
    whole, built = best(
        lambda: [tokenizer(doc.text) for doc in docs], lambda: [context_of(d) for d in docs]
    )
    print(
        f"paper context, once a paper: {built * 1000 / len(docs):.1f} ms a paper, "
        f"{built / whole:.2f}x spaCy tokenising the whole paper"
    )


if __name__ == "__main__":
    main([Path(a) for a in sys.argv[1:]] or DEFAULT)
