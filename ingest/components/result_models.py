"""Small trained models for the result sentences of trials, shipped in `ingest/models/`.

    models = load_result_models()                 # cached; reads package files, no network
    models.is_result(["Pain fell significantly more with yoga than with usual care (p = .01)."])
    # -> [0.71]   probability that the sentence states a comparative result
    models.direction(["There was no between-group difference in sleep quality."])
    # -> [{"decrease": 0.03, "increase": 0.02, "no change": 0.95}]
    models.outcomes("Anxiety decreased more in the MBSR group than in controls.")
    # -> [(0, 7)]   character spans of the outcomes the sentence reports on

The two sentence models are linear (logistic regression over word n-grams, the words
lower-cased and numbers reduced to their shape), trained by `scripts/train_result_models.py`
on the Evidence Inference prompts of `../shared/ei-dev` (data split and held-aside scores
in `ingest/models/README.md`). Each model is one `.npz`: the feature vocabulary, a weight
matrix and the biases; scoring a sentence is dict look-ups of integer n-gram keys and a
sum (about 3x spaCy's tokenizer on the same sentence). `is_result` comes from a class-balanced fit, so 0.5 is
where missing a result and taking a non-result cost alike, not the base rate (9% of the
candidate sentences). The outcome tagger is a linear token classifier (B/I/O) over word,
shape and context features and what the paper says of the word (`paper_context`),
decoded greedily with the B-I-O constraint.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy

from ontology.errors import EkgError

if TYPE_CHECKING:
    from .paper_context import PaperContext

MODELS_DIR = Path(__file__).resolve().parents[1] / "models"
RESULT_MODEL = "result_sentence.npz"
DIRECTION_MODEL = "direction.npz"
OUTCOME_MODEL = "outcome_tagger.npz"
ARM_MODEL = "arm_tagger.npz"  # read by components/arm_tagger.py
DIRECTIONS = ("increase", "decrease", "no change")

_TOKEN = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)*|[^\w\s]", re.UNICODE)
_UP = """increase increased increases increasing higher high greater more larger rise rose
risen improved improvement improvements improve elevated gain gains better superior longer
raised enhanced""".split()
_DOWN = """decrease decreased decreases decreasing lower low less fewer smaller reduction reductions
reduced reduce reduces decline declined drop dropped fall fell worse inferior shorter lowered
diminished""".split()
_SAME = """similar comparable equivalent unchanged same nonsignificant insignificant""".split()
_POLARITY = {
    **{w: "up" for w in _UP},
    **{w: "down" for w in _DOWN},
    **{w: "same" for w in _SAME},
    **{w: "neg" for w in ("no", "not", "nor", "neither", "without", "never")},
}
_MARKED = ("cue:", "neg:")
_NEGATORS = frozenset("no not nor neither without never nonsignificant insignificant".split())


def _shape(word: str) -> str:
    if word[0].isdigit():
        return "<dec>" if "." in word or "," in word else "<int>"
    return word


def _fold(text: str) -> tuple[str, bool]:
    """The lower-cased text, or the text itself (and False) where lower-casing would
    change its length and so the offsets."""
    lowered = text.lower()
    return (lowered, True) if len(lowered) == len(text) else (text, False)


def _normal(word: str, lowered: bool) -> str:
    if not word.isascii():
        word = unicodedata.normalize("NFKC", word).lower()
    elif not lowered:
        word = word.lower()
    return _shape(word) if word[0].isdigit() else word


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(normalised word, start, end) of each token: lower-cased, NFKC-folded, numbers as
    `<int>` / `<dec>`; punctuation and symbols are tokens of their own."""
    folded, lowered = _fold(text)
    return [(_normal(m.group(), lowered), m.start(), m.end()) for m in _TOKEN.finditer(folded)]


def words(text: str) -> list[str]:
    """The normalised words of `tokens(text)`, without offsets (faster)."""
    folded, lowered = _fold(text)
    found = _TOKEN.findall(folded)
    if lowered and folded.isascii():
        return [_shape(w) if w[0].isdigit() else w for w in found]
    return [_normal(w, lowered) for w in found]


def sentence_features(text: str) -> list[str]:
    """Unigrams, bigrams and trigrams of the normalised words, plus each word after a
    negator (within three words) marked `neg:`; the same on training and use."""
    return _sentence_features(text)


def _sentence_features(text: str) -> list[str]:
    found = ["<s>", *words(text), "</s>"]
    feats = found[1:-1]
    feats.extend([f"{a} {b}" for a, b in zip(found, found[1:], strict=False)])
    feats.extend([f"{a} {b} {c}" for a, b, c in zip(found, found[1:], found[2:], strict=False)])
    feats.extend(_marked_features(found))
    return feats


def _marked_features(found: list[str]) -> list[str]:
    """The polarity cues ("cue:up", "cue:up down") and the words within three after a
    negator ("neg:significant"), of words between "<s>" and "</s>"."""
    cues = [_POLARITY[w] for w in found if w in _POLARITY]
    feats = ["cue:" + c for c in cues]
    feats.extend(f"cue:{a} {b}" for a, b in zip(cues, cues[1:], strict=False))
    scope = 0
    for word in found:
        if word in _NEGATORS:
            scope = 3
        elif scope:
            feats.append("neg:" + word)
            scope -= 1
    return feats


@dataclass(frozen=True)
class LinearModel:
    """A linear model over string features: `vocab` maps a feature to its row of
    `weights` (features x classes); one class means a binary model (sigmoid)."""

    classes: tuple[str, ...]
    vocab: dict[str, int]
    weights: numpy.ndarray
    bias: numpy.ndarray
    normalise: bool = False  # feature counts scaled to unit length (L2) before scoring

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        if not path.is_file():
            raise EkgError(
                f"model file {path} is missing: reinstall evidence-kg, or rebuild the models "
                "with `python scripts/train_result_models.py`"
            )
        with numpy.load(path, allow_pickle=False) as data:
            vocab = str(data["vocab"]).split("\n")
            return cls(
                classes=tuple(str(c) for c in data["classes"]),
                vocab={feature: i for i, feature in enumerate(vocab)},
                weights=data["weights"].astype(numpy.float32),
                bias=data["bias"].astype(numpy.float32),
                normalise=bool(data["normalise"]),
            )

    def save(self, path: Path) -> None:
        ordered = sorted(self.vocab, key=self.vocab.__getitem__)
        numpy.savez_compressed(
            path,
            classes=numpy.array(self.classes),
            vocab=numpy.array("\n".join(ordered)),
            weights=self.weights.astype(numpy.float16),
            bias=self.bias.astype(numpy.float32),
            normalise=numpy.array(self.normalise),
        )

    def scores(self, rows: Sequence[Sequence[str]]) -> numpy.ndarray:
        """Raw scores (len(rows) x width of `weights`) of each row of features."""
        get = self.vocab.get
        return self.scores_of_index(
            [[j for j in map(get, feats) if j is not None] for feats in rows]
        )

    def scores_of_index(self, rows: Sequence[Sequence[int]]) -> numpy.ndarray:
        """Raw scores of rows given as the vocabulary indices of their features: the
        feature counts (scaled to unit length if `normalise`) times the weights."""
        n, width = len(rows), self.weights.shape[1]
        row_of = numpy.repeat(numpy.arange(n), [len(r) for r in rows])
        columns = numpy.fromiter((j for r in rows for j in r), dtype=numpy.int64, count=len(row_of))
        counts = numpy.ones(len(columns), dtype=numpy.float64)
        if self.normalise and len(columns):
            pairs, counts = numpy.unique(row_of * len(self.vocab) + columns, return_counts=True)
            row_of, columns = numpy.divmod(pairs, len(self.vocab))
            norms = numpy.sqrt(numpy.bincount(row_of, weights=counts * counts, minlength=n))
            counts = counts / norms[row_of]
        picked = self.weights[columns].astype(numpy.float64) * counts[:, None]
        out = numpy.empty((n, width), dtype=numpy.float64)
        for k in range(width):
            out[:, k] = numpy.bincount(row_of, weights=picked[:, k], minlength=n)
        return out + self.bias

    def probabilities_of_index(self, rows: Sequence[Sequence[int]]) -> numpy.ndarray:
        return _probabilities(self.scores_of_index(rows))

    def probabilities(self, rows: Sequence[Sequence[str]]) -> numpy.ndarray:
        return _probabilities(self.scores(rows))


def _probabilities(scores: numpy.ndarray) -> numpy.ndarray:
    """Sigmoid of a single column, softmax of several."""
    if scores.shape[1] == 1:
        return 1.0 / (1.0 + numpy.exp(-scores[:, 0]))
    scores = scores - scores.max(axis=1, keepdims=True)
    exp = numpy.exp(scores)
    return exp / exp.sum(axis=1, keepdims=True)


class SentenceIndex:
    """`sentence_features` looked up in the vocabularies of several models without
    building the n-gram strings: each word gets an id, each n-gram an integer key (the
    same rows, faster). A sentence's keys are cached, so a second model reading the
    sentences the first has just read pays only its look-ups."""

    def __init__(self, vocabs: Sequence[dict[str, int]]) -> None:
        ids = {"<s>": 0, "</s>": 1}
        for vocab in vocabs:
            for feature in vocab:
                if not feature.startswith(_MARKED):
                    for word in feature.split(" "):
                        ids.setdefault(word, len(ids))
        self.ids = ids
        self.unknown = len(ids)  # in no key of any vocabulary
        self.size = len(ids) + 1
        self.tables: list[dict[int | str, int]] = []
        for vocab in vocabs:
            table: dict[int | str, int] = {}
            for feature, row in vocab.items():
                if feature.startswith(_MARKED):
                    table[feature] = row
                else:
                    table[self._key([ids[w] for w in feature.split(" ")])] = row
            self.tables.append(table)
        self._keys = lru_cache(maxsize=4096)(self._compute_keys)

    def _key(self, ids: list[int]) -> int:
        v = self.size
        if len(ids) == 1:
            return ids[0]
        if len(ids) == 2:
            return v + ids[0] * v + ids[1]
        return v + v * v + (ids[0] * v + ids[1]) * v + ids[2]

    def _compute_keys(self, text: str) -> tuple[int | str, ...]:
        found = words(text)
        get, unknown, v = self.ids.get, self.unknown, self.size
        seq = [0, *[get(w, unknown) for w in found], 1]
        keys: list[int | str] = [*seq[1:-1]]
        keys.extend([v + a * v + b for a, b in zip(seq, seq[1:], strict=False)])
        base = v + v * v
        keys.extend(
            [base + (a * v + b) * v + c for a, b, c in zip(seq, seq[1:], seq[2:], strict=False)]
        )
        keys.extend(_marked_features(["<s>", *found, "</s>"]))
        return tuple(keys)

    def rows(self, text: str, model: int = 0) -> list[int]:
        """The rows of the sentence's features in the `model`-th vocabulary."""
        lookup = self.tables[model].get
        return [j for j in map(lookup, self._keys(text)) if j is not None]


def _case(raw: str) -> str:
    if raw[0].isdigit():
        return "digit"
    if raw.isupper() and len(raw) > 1:
        return "upper"
    if raw[0].isupper():
        return "title"
    return "lower" if raw[0].isalpha() else "punct"


_SHAPE_RUNS = re.compile(r"(.)\1+")


@lru_cache(maxsize=8192)
def word_shape(raw: str) -> str:
    """'Metoprolol' -> 'Xx', 'IL-6' -> 'X-d', 'HbA1c' -> 'XxXdx': the word's case and
    digits, each run of one kind written once."""
    mapped = "".join(
        "X" if c.isupper() else "x" if c.isalpha() else "d" if c.isdigit() else c for c in raw
    )
    return _SHAPE_RUNS.sub(r"\1", mapped)


def token_features(
    text: str, context: PaperContext | None = None
) -> tuple[list[tuple[int, int]], list[list[str]]]:
    """The tokens' (start, end) and, for each, the features the taggers read: the word,
    its suffix, case and shape, the words up to two either side and, given the paper's
    `context`, what the paper says of the word and of its neighbours (`PaperContext`)."""
    found = tokens(text)
    words = ["<s2>", "<s>", *(w for w, _, _ in found), "</s>", "</s2>"]
    none: tuple[list[str], list[str], list[str]] = ([], [], [])
    marks = [none, *(context.marks(w) for w, _, _ in found), none] if context else []
    rows = []
    for i, (word, start, end) in enumerate(found, start=2):
        prev, nxt = words[i - 1], words[i + 1]
        raw = text[start:end]
        row = [
            "w=" + word,
            "suf=" + word[-3:],
            "case=" + _case(raw),
            "p=" + prev,
            "n=" + nxt,
            "pp=" + words[i - 2],
            "nn=" + words[i + 2],
            f"pw={prev} {word}",
            f"wn={word} {nxt}",
            f"pn={prev} {nxt}",
            "shape=" + word_shape(raw),
        ]
        if marks:
            row.extend(marks[i - 1][0])
            row.extend(marks[i - 2][1])  # the word before's flags
            row.extend(marks[i][2])  # the word after's
        rows.append(row)
    return [(s, e) for _, s, e in found], rows


def tag_features(previous: str, features: list[str]) -> list[str]:
    """The features that read the tag before a token (decoded greedily, left to right)."""
    return ["t=" + previous, f"t={previous} {features[0]}", f"t={previous} {features[3]}"]


def decode_spans(offsets: Sequence[tuple[int, int]], tags: Sequence[str]) -> list[tuple[int, int]]:
    """Character spans of the runs of B/I tags; an I after O starts a span, a B a new one."""
    spans: list[tuple[int, int]] = []
    open_start = last_end = -1
    for (start, end), tag in zip(offsets, tags, strict=True):
        if tag == "O" or (tag == "B" and open_start >= 0):
            if open_start >= 0:
                spans.append((open_start, last_end))
            open_start = -1
        if tag != "O":
            if open_start < 0:
                open_start = start
            last_end = end
    if open_start >= 0:
        spans.append((open_start, last_end))
    return spans


class ResultModels:
    """The shipped models, loaded once by `load_result_models()`."""

    def __init__(self, folder: Path = MODELS_DIR) -> None:
        self.result = LinearModel.load(folder / RESULT_MODEL)
        self.direction_model = LinearModel.load(folder / DIRECTION_MODEL)
        self.outcome_model = LinearModel.load(folder / OUTCOME_MODEL)
        self._index = SentenceIndex([self.result.vocab, self.direction_model.vocab])

    def is_result(self, texts: Sequence[str]) -> list[float]:
        """Probability that each sentence states a comparative result of the trial."""
        if not texts:
            return []
        rows = [self._index.rows(t, 0) for t in texts]
        probs = self.result.probabilities_of_index(rows)
        return [float(p) for p in probs]

    def direction(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """For each result sentence, the probability of each direction of the
        intervention relative to its comparator: increase, decrease, no change."""
        if not texts:
            return []
        rows = [self._index.rows(t, 1) for t in texts]
        probs = self.direction_model.probabilities_of_index(rows)
        names = self.direction_model.classes
        return [{name: float(p) for name, p in zip(names, row, strict=True)} for row in probs]

    def outcomes(self, text: str, context: PaperContext | None = None) -> list[tuple[int, int]]:
        """Character spans of the outcomes a result sentence reports on; `context`, the
        paper's (`PaperContext`), built once per paper, helps the tagger much."""
        return decode_spans(*self._outcome_tagger.tags(text, context))

    @cached_property
    def _outcome_tagger(self) -> GreedyTagger:
        return GreedyTagger(self.outcome_model)


class GreedyTagger:
    """A linear token tagger (`token_features` plus the tag before) decoded greedily left
    to right: the outcome tagger and the arm tagger."""

    def __init__(self, model: LinearModel) -> None:
        self.model = model

    def tags(
        self, text: str, context: PaperContext | None = None
    ) -> tuple[list[tuple[int, int]], list[str]]:
        """The tokens' (start, end) and their tags; `context` is the paper's (without
        one, the sentence's own: the taggers were trained to read a context)."""
        if context is None:
            from .paper_context import PaperContext

            context = PaperContext.of("", [("", text, 0)])
        offsets, rows = token_features(text, context)
        if not rows:
            return [], []
        static = self.model.scores(rows).tolist()
        transitions = self._transitions
        classes = self.model.classes
        tags: list[str] = []
        previous = "O"
        for total, feats in zip(static, rows, strict=True):
            # the features of tag_features(previous, feats), looked up by their parts
            base, by_feature = transitions[previous]
            total = [a + b for a, b in zip(total, base, strict=True)]
            for feature in (feats[0], feats[3]):
                weights = by_feature.get(feature)
                if weights is not None:
                    total = [a + b for a, b in zip(total, weights, strict=True)]
            previous = classes[total.index(max(total))]
            tags.append(previous)
        return offsets, tags

    @cached_property
    def _transitions(self) -> dict[str, tuple[list[float], dict[str, list[float]]]]:
        """Per previous tag, the weights of "t=TAG" and of "t=TAG FEATURE" by FEATURE."""
        model = self.model
        width = model.weights.shape[1]
        out: dict[str, tuple[list[float], dict[str, list[float]]]] = {
            tag: ([0.0] * width, {}) for tag in model.classes
        }
        for feature, j in model.vocab.items():
            if not feature.startswith("t="):
                continue
            tag, _, rest = feature[2:].partition(" ")
            weights = model.weights[j].astype(numpy.float64).tolist()
            if rest:
                out[tag][1][rest] = weights
            else:
                out[tag][0][:] = weights
        return out


def models_fingerprint(folder: Path = MODELS_DIR) -> str:
    """A short hash of the shipped model files: part of the extractor's version, so a
    retrained model shows in every claim's provenance."""
    digest = hashlib.sha256()
    for name in (RESULT_MODEL, DIRECTION_MODEL, OUTCOME_MODEL, ARM_MODEL):
        path = folder / name
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:8]


@lru_cache(maxsize=1)
def load_result_models() -> ResultModels:
    """The models shipped in `ingest/models/`, loaded once per process (no network)."""
    return ResultModels()
