"""Train the arm tagger shipped as `ingest/models/arm_tagger.npz` from Evidence Inference.

    .venv/bin/python scripts/train_arm_tagger.py [--data ../shared/ei-dev] [--out ingest/models]

Needs scikit-learn (`pip install -e '.[train]'`); the shipped model needs only numpy.
Split as `train_result_models.py`: every article whose PMC number ends in 0 or 5 is held
aside (scored, never trained or tuned on); the rest train. Sentences are the project's
own (`read_document` + `sentence_spans`): the title, the abstract, and the sentences of
the results sections that hold a prompt's evidence quote.

Labels (silver): in each sentence, the runs of words whose content words (stemmed as
`score.py` does, generic words such as 'group' left out) all belong to a prompt's
intervention are INT, to its comparator CMP, with at least one word of three letters;
a run that matches both takes the role it matches more often over the article's
prompts, then the stronger overlap. This is exactly what `score.py` accepts as naming
the arm (containment), so a tagged 'metoprolol' in 'the metoprolol group' is a hit for
the prompt's 'oral metoprolol 50 mg'. Tags are B/I per type and O.

Writes the model and `arm_scores.json` (held-aside and in-sample span scores) to `--out`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field
from multiprocessing import Pool
from pathlib import Path
from types import ModuleType

import numpy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train_result_models import (  # noqa: E402
    RESULTS,
    SEED,
    fit,
    load_score,
    split_of,
    squeeze,
)

from ingest.components.arm_tagger import ARM_MODEL, ArmTagger, decode_typed  # noqa: E402
from ingest.components.paper_context import PaperContext, context_of  # noqa: E402
from ingest.components.result_models import tag_features, token_features  # noqa: E402
from ingest.components.sentences import sentence_spans  # noqa: E402
from ingest.readers import read_document  # noqa: E402

_WORD = re.compile(r"[A-Za-z0-9]+")
_JOINS = re.compile(r"^[\s\-/+]*$")  # what may stand between two words of one mention


@dataclass
class Sentence:
    pmcid: str
    text: str
    part: str  # title | abstract | results
    spans: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, INT|CMP)


def article_sentences(
    job: tuple[Path, list[dict]],
) -> tuple[list[tuple[str, str, str]], PaperContext]:
    """(pmcid, part, text) of the title, the abstract and the results sentences that hold
    a prompt's evidence quote; and the paper's context, as the taggers read it at use."""
    path, prompts = job
    doc = read_document(path)
    out = [(path.stem, "title", doc.title)]
    quotes = [squeeze(q) for p in prompts for q in p["evidence"] if len(squeeze(q)) >= 20]
    tops = [h for h in doc.headings if h.level <= 1]
    for p in doc.paragraphs:
        top = next((h.title for h in reversed(tops) if h.start <= p.start), "")
        results = RESULTS.search(top) or RESULTS.search(p.section)
        abstract = p.section.startswith("Abstract")
        if not abstract and not results:
            continue
        for s, e in sentence_spans(p.text):
            text = p.text[s:e]
            if abstract:
                out.append((path.stem, "abstract", text))
                continue
            q = squeeze(text)
            if len(q) >= 20 and any(q in quote or quote in q for quote in quotes):
                out.append((path.stem, "results", text))
    return out, context_of(doc)


def _runs(score: ModuleType, text: str, gold: str) -> list[tuple[int, int]]:
    """Character spans of the runs of words of `text` that name `gold` as score.py's
    containment does."""
    specific, _ = score.token_sets(score.words(gold))
    every = set(score.words(gold))
    found = [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)]
    spans: list[tuple[int, int]] = []
    run: list[tuple[str, int, int, bool]] = []

    def close() -> None:
        inside = [(s, e, w) for w, s, e, is_in in run if is_in]
        if inside and any(w.isalpha() and len(w) >= 3 for _, _, w in inside):
            spans.append((inside[0][0], inside[-1][1]))

    for word, start, end in found:
        core = word not in score.STOP and word not in score.GENERIC
        is_in = core and score.stem(word) in specific
        bridge = word in every
        joined = not run or _JOINS.match(text[run[-1][2] : start])
        if (is_in or bridge) and joined:
            run.append((word, start, end, is_in))
            continue
        close()
        run = [(word, start, end, is_in)] if is_in or bridge else []
    close()
    return spans


def label(score: ModuleType, sentence: Sentence, prompts: list[dict]) -> None:
    votes: dict[tuple[int, int], dict[str, float]] = {}
    for prompt in prompts:
        for kind, key in (("INT", "intervention"), ("CMP", "comparator")):
            for span in _runs(score, sentence.text, prompt[key]):
                strength = score.overlap(sentence.text[span[0] : span[1]], prompt[key])[1]
                v = votes.setdefault(span, {"INT": 0.0, "CMP": 0.0})
                v[kind] += 1 + strength / 10
    taken: list[tuple[int, int, str]] = []
    for (a, b), v in sorted(votes.items(), key=lambda x: (x[0][0], -x[0][1])):
        if taken and a < taken[-1][1]:
            continue  # overlapping runs: the earlier, longer one
        taken.append((a, b, max(v, key=lambda k: v[k])))
    sentence.spans = taken


def rows_of(
    sentences: list[Sentence], contexts: dict[str, PaperContext]
) -> tuple[list[list[str]], list[str], list[str]]:
    """Each token's features and tag, and the article it comes from."""
    rows: list[list[str]] = []
    tags: list[str] = []
    articles: list[str] = []
    for sentence in sentences:
        offsets, features = token_features(sentence.text, contexts[sentence.pmcid])
        last_tag, last_span = "O", None
        for (start, end), feats in zip(offsets, features, strict=True):
            span = next((s for s in sentence.spans if s[0] <= start and end <= s[1]), None)
            tag = "O" if span is None else ("I-" if span == last_span else "B-") + span[2]
            rows.append(feats + tag_features(last_tag, feats))
            tags.append(tag)
            articles.append(sentence.pmcid)
            last_tag, last_span = tag, span
    return rows, tags, articles


def span_scores(
    tagger: ArmTagger, sentences: list[Sentence], contexts: dict[str, PaperContext]
) -> dict[str, object]:
    """Exact and overlapping P/R/F1 of typed spans, and of spans whatever their type."""
    found = [_typed(tagger, s.text, contexts[s.pmcid]) for s in sentences]
    gold = [s.spans for s in sentences]
    out: dict[str, object] = {"sentences": len(sentences), "gold_spans": sum(map(len, gold))}
    for name, same in (
        ("exact_typed", lambda x, y: x == y),
        ("overlap_typed", lambda x, y: x[2] == y[2] and x[0] < y[1] and y[0] < x[1]),
        ("overlap_any", lambda x, y: x[0] < y[1] and y[0] < x[1]),
    ):
        hp = sum(
            any(same(f, g) for g in gs) for gs, fs in zip(gold, found, strict=False) for f in fs
        )
        hr = sum(
            any(same(f, g) for f in fs) for gs, fs in zip(gold, found, strict=False) for g in gs
        )
        p, r = hp / max(1, sum(map(len, found))), hr / max(1, sum(map(len, gold)))
        out[name] = {
            "P": round(p, 3),
            "R": round(r, 3),
            "F1": round(2 * p * r / max(p + r, 1e-9), 3),
        }
    return out


def _typed(tagger: ArmTagger, text: str, context: PaperContext) -> list[tuple[int, int, str]]:
    offsets, tags = tagger.tags(text, context)
    return decode_typed(offsets, tags)


def _with_o_penalty(tagger: ArmTagger, penalty: float) -> ArmTagger:
    from ingest.components.result_models import LinearModel

    m = tagger.model
    bias = m.bias.copy()
    bias[m.classes.index("O")] -= penalty
    return ArmTagger(LinearModel(m.classes, m.vocab, m.weights, bias, m.normalise))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "ei-dev")
    parser.add_argument("--out", type=Path, default=ROOT / "ingest" / "models")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--c", type=float, default=0.1)
    parser.add_argument(
        "--min-articles",
        type=int,
        default=3,  # held quarter: as good as every feature (0.734 / 0.737), 42k not 105k
        help="keep the features that occur in at least this many training articles",
    )
    parser.add_argument(
        "--without-quarter",
        action="store_true",
        help="fit the final model without the train quarter held out for choices (PMC number "
        "ending in 4 or 8), so that choices made on that quarter (eval_arms.py) are fair",
    )
    args = parser.parse_args()
    numpy.random.seed(SEED)
    began = time.time()
    score = load_score(args.data)
    prompts: dict[str, list[dict]] = {}
    for line in (args.data / "gold.jsonl").read_text().splitlines():
        row = json.loads(line)
        prompts.setdefault(row["pmcid"], []).append(row)
    work = [
        (p, prompts.get(p.stem, [])) for p in sorted((args.data / "articles").glob("PMC*.nxml"))
    ]
    with Pool(args.jobs) as pool:
        done = pool.map(article_sentences, work, chunksize=8)
    by_part: dict[str, list[Sentence]] = {"train": [], "aside": []}
    contexts: dict[str, PaperContext] = {}
    for found, context in done:
        for pmcid, part, text in found:
            contexts[pmcid] = context
            sentence = Sentence(pmcid, text, part)
            label(score, sentence, prompts.get(pmcid, []))
            by_part[split_of(pmcid)].append(sentence)
    print(f"sentences read and labelled: {time.time() - began:.0f} s", flush=True)
    train = by_part["train"]
    held = [s for s in train if int(s.pmcid[-1]) % 4 == 0]
    rest = [s for s in train if int(s.pmcid[-1]) % 4 != 0]
    rows, tags, articles = rows_of(rest, contexts)
    tagger = ArmTagger(
        fit(rows, tags, args.c, False, groups=articles, min_groups=args.min_articles)
    )
    tried = {}
    for penalty in (1.0, 1.5, 2.0, 2.5, 3.0):
        figures = span_scores(_with_o_penalty(tagger, penalty), held, contexts)
        tried[penalty] = figures["overlap_typed"]["F1"]  # type: ignore[index]
    penalty = max(tried, key=lambda p: (tried[p], -p))
    print("O penalty, overlap-typed F1 on a quarter of train:", tried, flush=True)
    rows, tags, articles = rows_of(rest if args.without_quarter else train, contexts)
    model = fit(rows, tags, args.c, False, groups=articles, min_groups=args.min_articles)
    tagger = _with_o_penalty(ArmTagger(model), penalty)
    scores: dict[str, object] = {
        "C": args.c,
        "min_articles": args.min_articles,
        "o_penalty": penalty,
        "held_train_f1": tried,
    }
    scores["aside"] = span_scores(tagger, by_part["aside"], contexts)
    scores["train_in_sample"] = span_scores(tagger, train, contexts)
    scores["features"] = len(tagger.model.vocab)
    scores["sentences"] = {k: len(v) for k, v in by_part.items()}
    scores["seconds"] = round(time.time() - began)
    print(json.dumps(scores), flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    tagger.model.save(args.out / ARM_MODEL)
    (args.out / "arm_scores.json").write_text(json.dumps(scores, indent=2) + "\n")


if __name__ == "__main__":
    main()
