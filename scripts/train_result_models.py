"""Train the result-sentence models shipped in `ingest/models/` from Evidence Inference.

    .venv/bin/python scripts/train_result_models.py [--data ../shared/ei-dev] [--out ingest/models]

Needs scikit-learn (`pip install -e '.[train]'`); the shipped models need only numpy.
Data: the JATS articles and `gold.jsonl` prompts of `ei-dev`. Split, fixed: every article
whose PMC number ends in 0 or 5 is held aside (test); the rest train. The regularisation
is chosen by four-fold cross-validation inside train (folds by article: PMC number mod 4),
after which each model is refitted on all of train. Sentences are the project's own
(`read_document` + `sentence_spans`), from the abstract and the results sections.

  * result sentence: positive when the sentence contains a gold evidence quote or lies
    inside one (both reduced to their letters and digits), negative otherwise;
  * direction: each (prompt, matched sentence) pair labelled with the prompt's
    direction (increase / decrease / no change);
  * outcome tagger (B/I/O per token): the span of the matched sentence that overlaps the
    prompt's outcome most (Jaccard of `score.py`'s stemmed content words) is the silver
    OUTCOME span.

Writes the three `.npz` models and `scores.json` (held-aside and in-sample figures) to
`--out`. Seeded and deterministic; 2-7 minutes on two cores, as busy as the machine is.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing import Pool
from pathlib import Path
from types import ModuleType

import numpy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest.components.paper_context import PaperContext, context_of  # noqa: E402
from ingest.components.result_models import (  # noqa: E402
    DIRECTION_MODEL,
    OUTCOME_MODEL,
    RESULT_MODEL,
    LinearModel,
    sentence_features,
    tag_features,
    token_features,
    tokens,
)
from ingest.components.sentences import sentence_spans  # noqa: E402
from ingest.readers import read_document  # noqa: E402

SEED = 13
# the outcome tagger's features must occur in three training articles: chosen on the
# held quarter of train (exact span F1 0.278 against 0.271 with every feature)
TAGGER_MIN_ARTICLES = 3
RESULTS = re.compile(r"result|finding", re.I)
_LETTERS = re.compile(r"[^a-z0-9]+")


def split_of(pmcid: str) -> str:
    last = pmcid.rstrip()[-1]
    return "aside" if last in "05" else "train"


def squeeze(text: str) -> str:
    return _LETTERS.sub("", text.lower())


@dataclass
class Sentence:
    pmcid: str
    text: str
    part: str  # abstract | results
    labels: list[str] = field(default_factory=list)  # one per prompt whose quote matches
    outcomes: list[str] = field(default_factory=list)


def candidate_blocks(path: Path) -> tuple[list[tuple[str, str]], PaperContext]:
    """(part, text) of the abstract paragraphs and those under a results heading; and the
    paper's context, as the outcome tagger reads it at use."""
    doc = read_document(path)
    tops = [h for h in doc.headings if h.level <= 1]
    blocks = []
    for p in doc.paragraphs:
        top = next((h.title for h in reversed(tops) if h.start <= p.start), "")
        if p.section == "Abstract":
            blocks.append(("abstract", p.text))
        elif RESULTS.search(top) or RESULTS.search(p.section):
            blocks.append(("results", p.text))
    return blocks, context_of(doc)


def article_sentences(
    job: tuple[Path, list[dict]],
) -> tuple[list[Sentence], int, int, PaperContext]:
    """The candidate sentences of one article, labelled by its prompts; also how many
    evidence quotes there were, how many matched a sentence, and the paper's context."""
    path, prompts = job
    pmcid = path.stem
    blocks, context = candidate_blocks(path)
    sentences = [
        Sentence(pmcid, text[s:e], part) for part, text in blocks for s, e in sentence_spans(text)
    ]
    squeezed = [squeeze(s.text) for s in sentences]
    quotes = matched = 0
    for prompt in prompts:
        hits: set[int] = set()
        for quote in prompt["evidence"]:
            q = squeeze(quote)
            if len(q) < 20:
                continue
            quotes += 1
            found = {i for i, s in enumerate(squeezed) if len(s) >= 20 and (s in q or q in s)}
            matched += bool(found)
            hits |= found
        for i in sorted(hits):
            sentences[i].labels.append(prompt["direction"])
            sentences[i].outcomes.append(prompt["outcome"])
    return sentences, quotes, matched, context


def load(data: Path, jobs: int) -> tuple[list[Sentence], dict[str, PaperContext]]:
    """The candidate sentences of every article, and each article's context by PMC id."""
    prompts: dict[str, list[dict]] = {}
    for line in (data / "gold.jsonl").read_text().splitlines():
        row = json.loads(line)
        prompts.setdefault(row["pmcid"], []).append(row)
    work = [(p, prompts.get(p.stem, [])) for p in sorted((data / "articles").glob("PMC*.nxml"))]
    with Pool(jobs) as pool:
        done = pool.map(article_sentences, work, chunksize=8)
    quotes = sum(q for _, q, _, _ in done)
    matched = sum(m for _, _, m, _ in done)
    print(f"{len(work)} articles; {matched} of {quotes} evidence quotes found in a sentence")
    contexts = {path.stem: c for (path, _), (_, _, _, c) in zip(work, done, strict=True)}
    return [s for sentences, _, _, _ in done for s in sentences], contexts


def load_score(data: Path) -> ModuleType:
    """`score.py` beside the data: its word normalisation aligns outcomes to spans."""
    spec = importlib.util.spec_from_file_location("ei_score", data / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def align(score: ModuleType, text: str, outcome: str) -> tuple[int, int] | None:
    """The span of `text` whose stemmed content words overlap `outcome`'s most
    (Jaccard >= 0.5; the shorter span on a tie), trimmed to words of the outcome."""

    def keys(phrase: str, drop: frozenset[str] | set[str]) -> set[str]:
        return {score.stem(w) for w in score.words(phrase) if w not in score.STOP | drop}

    want = keys(outcome, score.GENERIC) or keys(outcome, set())
    if not want:
        return None
    found = tokens(text)
    token_keys = [keys(text[s:e], set()) & want for _, s, e in found]
    best: tuple[float, int, int, int] | None = None
    for i, first in enumerate(token_keys):
        if not first:
            continue
        seen: set[str] = set()
        for j in range(i, min(len(found), i + len(want) + 6)):
            seen |= token_keys[j]
            if not token_keys[j]:
                continue
            jaccard = len(seen & want) / len(seen | want)
            candidate = (jaccard, -(j - i), i, j)
            if best is None or candidate > best:
                best = candidate
    if best is None or best[0] < 0.5:
        return None
    return found[best[2]][1], found[best[3]][2]


def vectorize(rows: list[list[str]], vocab: dict[str, int]):  # type: ignore[no-untyped-def]
    from scipy.sparse import csr_matrix

    index, pointer = [], [0]
    for feats in rows:
        index.extend(j for j in map(vocab.get, feats) if j is not None)
        pointer.append(len(index))
    data = numpy.ones(len(index), dtype=numpy.float32)
    return csr_matrix((data, index, pointer), shape=(len(rows), len(vocab)))


def build_vocab(
    rows: list[list[str]], min_count: int, groups: list[str] | None = None, min_groups: int = 0
) -> dict[str, int]:
    """The features of at least `min_count` rows and, with `groups` (each row's article),
    of at least `min_groups` articles: a drug's or a measure's name that one or two
    trials use is a fit to those trials, not a feature that carries over."""
    counts = Counter(f for feats in rows for f in set(feats))
    kept = sorted(f for f, n in counts.items() if n >= min_count)
    if groups is not None and min_groups > 1:
        seen: dict[str, set[str]] = {}
        for feats, group in zip(rows, groups, strict=True):
            for f in feats:
                seen.setdefault(f, set()).add(group)
        kept = [f for f in kept if len(seen[f]) >= min_groups]
    return {f: i for i, f in enumerate(kept)}


def fit(
    rows: list[list[str]],
    labels: list[str],
    c: float,
    normalise: bool = True,
    balanced: bool = False,
    min_count: int = 2,
    keep: int | None = None,
    groups: list[str] | None = None,
    min_groups: int = 0,
) -> LinearModel:
    """Logistic regression over the features seen at least `min_count` times; with
    `keep`, refitted on the `keep` features of largest weight (a smaller vocabulary is
    a faster look-up at use: 126k -> 20k halves the result model's cost)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import normalize

    vocab = build_vocab(rows, min_count, groups, min_groups)
    while True:
        matrix = vectorize(rows, vocab)
        matrix.sum_duplicates()
        binary = len(set(labels)) == 2
        model = LogisticRegression(
            C=c,
            max_iter=3000,
            random_state=SEED,
            solver="liblinear" if binary else "lbfgs",
            class_weight="balanced" if balanced else None,
        )
        model.fit(normalize(matrix) if normalise else matrix, labels)
        if keep is None or len(vocab) <= keep:
            break
        strength = numpy.abs(model.coef_).max(axis=0)
        kept = sorted(numpy.argsort(-strength, kind="stable")[:keep].tolist())
        by_row = sorted(vocab, key=vocab.__getitem__)
        vocab = {by_row[j]: i for i, j in enumerate(kept)}
    classes = tuple(str(c) for c in model.classes_)
    weights = model.coef_.T.astype(numpy.float32)
    bias = model.intercept_.astype(numpy.float32)
    if len(classes) == 2:  # sigmoid of the second class's score
        classes = (classes[1],)
    return LinearModel(classes, vocab, weights, bias, normalise)


def report(gold: list[str], model: LinearModel, rows: list[list[str]]) -> dict[str, float]:
    """Accuracy, macro-F1 and the majority label's accuracy; for the binary model also
    precision / recall of 'result' at 0.5, ROC AUC and average precision."""
    from sklearn.metrics import (
        accuracy_score,
        average_precision_score,
        f1_score,
        precision_recall_fscore_support,
        roc_auc_score,
    )

    probs = model.probabilities(rows)
    if len(model.classes) == 1:
        predicted = [model.classes[0] if p >= 0.5 else "other" for p in probs]
    else:
        predicted = [model.classes[i] for i in probs.argmax(axis=1)]
    majority = Counter(gold).most_common(1)[0][0]
    out = {
        "n": len(gold),
        "accuracy": float(accuracy_score(gold, predicted)),
        "macro_f1": float(f1_score(gold, predicted, average="macro")),
        "majority_accuracy": gold.count(majority) / len(gold),
        "majority_macro_f1": float(f1_score(gold, [majority] * len(gold), average="macro")),
    }
    if len(model.classes) == 1:
        truth = [g == model.classes[0] for g in gold]
        p, r, f, _ = precision_recall_fscore_support(
            gold, predicted, pos_label=model.classes[0], average="binary"
        )
        out.update(precision=p, recall=r, f1=f)
        out.update(
            auc=roc_auc_score(truth, probs), average_precision=average_precision_score(truth, probs)
        )
    return {k: round(float(v), 3) for k, v in out.items()}


def choose_and_fit(
    name: str,
    parts: dict[str, list[tuple[str, list[str], str]]],
    settings: list[tuple[float, bool]],
    metric: str,
    balanced: bool = False,
    keep: int | None = None,
) -> tuple[LinearModel, dict[str, object]]:
    """(C, normalise) chosen by `metric` over four folds of train grouped by article (the
    dev part one of them), then refitted on all of train; scored on the held-aside part
    and in-sample. `parts` holds (pmcid, features, label) rows."""
    train = parts["train"]
    if len(settings) == 1:
        return _final(name, parts, settings[0], {}, metric, balanced, keep)
    folds = [[r for r in train if int(r[0][-1]) % 4 == k] for k in range(4)]
    tried = {}
    for c, normalise in settings:
        figures = []
        for k, held in enumerate(folds):
            rest = [r for j, fold in enumerate(folds) if j != k for r in fold]
            model = fit([r[1] for r in rest], [r[2] for r in rest], c, normalise, balanced)
            figures.append(report([r[2] for r in held], model, [r[1] for r in held])[metric])
        tried[f"C={c} normalise={normalise}"] = round(float(numpy.mean(figures)), 3)
    best = max(settings, key=lambda s: tried[f"C={s[0]} normalise={s[1]}"])
    return _final(name, parts, best, tried, metric, balanced, keep)


def _final(
    name: str,
    parts: dict[str, list[tuple[str, list[str], str]]],
    setting: tuple[float, bool],
    tried: dict[str, float],
    metric: str,
    balanced: bool,
    keep: int | None,
) -> tuple[LinearModel, dict[str, object]]:
    train, aside = parts["train"], parts["aside"]
    c, normalise = setting
    model = fit([r[1] for r in train], [r[2] for r in train], c, normalise, balanced, keep=keep)
    scores: dict[str, object] = {
        "chosen": f"C={c} normalise={normalise}",
        f"cv_{metric}": tried,
        "aside": report([r[2] for r in aside], model, [r[1] for r in aside]),
        "train_in_sample": report([r[2] for r in train], model, [r[1] for r in train]),
        "features": len(model.vocab),
    }
    print(name, json.dumps(scores), flush=True)
    return model, scores


def tagger_rows(
    score: ModuleType, sentences: list[Sentence], contexts: dict[str, PaperContext]
) -> tuple[list[list[str]], list[str], list[list[tuple[int, int]]], list[Sentence]]:
    """Token rows and B/I/O tags of the result sentences whose every outcome aligns."""
    rows: list[list[str]] = []
    tags: list[str] = []
    golds: list[list[tuple[int, int]]] = []
    kept: list[Sentence] = []
    for sentence in sentences:
        spans = [align(score, sentence.text, o) for o in set(sentence.outcomes)]
        if not spans or any(span is None for span in spans):
            continue
        offsets, features = token_features(sentence.text, contexts[sentence.pmcid])
        inside = [(s, e) for s, e in spans if s is not None]  # type: ignore[misc]
        previous, last_tag = False, "O"
        for (start, end), feats in zip(offsets, features, strict=True):
            now = any(s <= start and end <= e for s, e in inside)
            begins = any(s == start for s, _ in inside)
            tag = "B" if now and (begins or not previous) else "I" if now else "O"
            rows.append(feats + tag_features(last_tag, feats))
            tags.append(tag)
            previous, last_tag = now, tag
        golds.append(sorted(set(inside)))  # type: ignore[arg-type]
        kept.append(sentence)
    return rows, tags, golds, kept


def span_scores(gold: list[list[tuple[int, int]]], found: list[list[tuple[int, int]]]) -> dict:
    """Exact and overlapping span precision / recall / F1."""
    out = {}
    for kind, same in (
        ("exact", lambda a, b: a == b),
        ("overlap", lambda a, b: a[0] < b[1] and b[0] < a[1]),
    ):
        hit_p = sum(
            any(same(f, g) for g in gs) for gs, fs in zip(gold, found, strict=True) for f in fs
        )
        hit_r = sum(
            any(same(f, g) for f in fs) for gs, fs in zip(gold, found, strict=True) for g in gs
        )
        p = hit_p / max(1, sum(map(len, found)))
        r = hit_r / max(1, sum(map(len, gold)))
        out[kind] = {
            "P": round(p, 3),
            "R": round(r, 3),
            "F1": round(2 * p * r / max(p + r, 1e-9), 3),
        }
    out["sentences"] = len(gold)
    out["gold_spans"] = sum(map(len, gold))
    return out


def _with_o_penalty(model: LinearModel, penalty: float) -> LinearModel:
    """The model with the O tag's bias lowered: greedy decoding leans to O otherwise."""
    bias = model.bias.copy()
    bias[model.classes.index("O")] -= penalty
    return LinearModel(model.classes, model.vocab, model.weights, bias, model.normalise)


def _tag_all(
    model: LinearModel, sentences: list[Sentence], contexts: dict[str, PaperContext]
) -> list[list[tuple[int, int]]]:
    from ingest.components.result_models import ResultModels

    tagger = ResultModels.__new__(ResultModels)
    tagger.outcome_model = model
    return [tagger.outcomes(s.text, contexts[s.pmcid]) for s in sentences]


def _articles(sentences: list[Sentence]) -> list[str]:
    """The article of each token row of `sentences` (as `token_features` reads them)."""
    return [s.pmcid for s in sentences for _ in tokens(s.text)]


def train_tagger(
    score: ModuleType,
    by_part: dict[str, list[Sentence]],
    contexts: dict[str, PaperContext],
    c: float,
) -> tuple:
    """The O penalty is chosen on a quarter of train (PMC number mod 4 == 0) by exact
    span F1, the tagger fitted on the other three quarters; then refitted on all."""
    result_sentences = {k: [s for s in v if s.labels] for k, v in by_part.items()}
    held = [s for s in result_sentences["train"] if int(s.pmcid[-1]) % 4 == 0]
    rest = [s for s in result_sentences["train"] if int(s.pmcid[-1]) % 4 != 0]
    rows, tags, _, kept = tagger_rows(score, rest, contexts)
    model = fit(rows, tags, c, False, groups=_articles(kept), min_groups=TAGGER_MIN_ARTICLES)
    _, _, held_gold, held_kept = tagger_rows(score, held, contexts)
    tried = {}
    for penalty in (0.0, 0.5, 1.0, 1.5, 2.0):
        found = _tag_all(_with_o_penalty(model, penalty), held_kept, contexts)
        tried[penalty] = span_scores(held_gold, found)["exact"]["F1"]
    penalty = max(tried, key=lambda p: (tried[p], -p))
    data = {k: tagger_rows(score, v, contexts) for k, v in result_sentences.items()}
    rows, tags, _, kept = data["train"]
    model = fit(rows, tags, c, False, groups=_articles(kept), min_groups=TAGGER_MIN_ARTICLES)
    model = _with_o_penalty(model, penalty)
    scores: dict[str, object] = {
        "C": c,
        "min_articles": TAGGER_MIN_ARTICLES,
        "o_penalty": penalty,
        "held_train_exact_f1": tried,
    }
    for name, part in (("aside", "aside"), ("train_in_sample", "train")):
        scores[name] = span_scores(data[part][2], _tag_all(model, data[part][3], contexts))
    scores["features"] = len(model.vocab)
    print("outcome tagger", json.dumps(scores), flush=True)
    return model, scores


def sentence_models(
    by_part: dict[str, list[Sentence]], out: Path, search: bool
) -> dict[str, object]:
    """The result-sentence and direction models, fitted and saved to `out`; their figures."""
    sentences = [s for part in by_part.values() for s in part]
    feats = {id(s): sentence_features(s.text) for s in sentences}
    result_parts = {
        k: [(s.pmcid, feats[id(s)], "result" if s.labels else "other") for s in v]
        for k, v in by_part.items()
    }
    direction_parts = {
        k: [(s.pmcid, feats[id(s)], label) for s in v for label in s.labels]
        for k, v in by_part.items()
    }
    # --search reruns the cross-validated choice of C for the result model (slow: 126k
    # features x 8 fits); without it, the setting it chose last
    result_grid = [(1.0, True), (3.0, True)] if search else [(1.0, True)]
    direction_grid = [(0.03, False), (0.1, False), (0.3, False), (3.0, True), (10.0, True)]
    result, result_scores = choose_and_fit(
        "result sentence", result_parts, result_grid, "average_precision", True, keep=20_000
    )
    direction, direction_scores = choose_and_fit(
        "direction",
        direction_parts,
        direction_grid,  # small: always cross-validated
        "macro_f1",
    )
    out.mkdir(parents=True, exist_ok=True)
    result.save(out / RESULT_MODEL)
    direction.save(out / DIRECTION_MODEL)
    return {"result_sentence": result_scores, "direction": direction_scores}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "ei-dev")
    parser.add_argument("--out", type=Path, default=ROOT / "ingest" / "models")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--search", action="store_true", help="cross-validate C again")
    parser.add_argument(
        "--tagger-only",
        action="store_true",
        help="refit the outcome tagger alone, keeping the sentence models in --out",
    )
    args = parser.parse_args()
    numpy.random.seed(SEED)
    began = time.time()
    sentences, contexts = load(args.data, args.jobs)
    print(f"sentences read: {time.time() - began:.0f} s", flush=True)
    by_part: dict[str, list[Sentence]] = {"train": [], "aside": []}
    for s in sentences:
        by_part[split_of(s.pmcid)].append(s)
    tagger, tagger_scores = train_tagger(load_score(args.data), by_part, contexts, 1.0)
    args.out.mkdir(parents=True, exist_ok=True)
    tagger.save(args.out / OUTCOME_MODEL)
    summary: dict[str, object] = {}
    if args.tagger_only:  # the sentence models and their figures stay as they are
        summary = json.loads((args.out / "scores.json").read_text())
    else:
        summary.update(sentence_models(by_part, args.out, args.search))
    summary["outcome_tagger"] = tagger_scores
    if args.tagger_only:  # the split and time of the run that fitted the sentence models
        tagger_scores["seconds"] = round(time.time() - began)
        (args.out / "scores.json").write_text(json.dumps(summary, indent=2) + "\n")
        return
    counts = {
        k: {
            "articles": len({s.pmcid for s in v}),
            "sentences": len(v),
            "result_sentences": sum(bool(s.labels) for s in v),
        }
        for k, v in by_part.items()
    }
    summary["split"] = counts
    summary["seconds"] = round(time.time() - began)
    (args.out / "scores.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(counts), f"{time.time() - began:.0f} s")


if __name__ == "__main__":
    main()
