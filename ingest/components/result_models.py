"""Small trained models for the result sentences of trials, shipped in `ingest/models/`.

    models = load_result_models()                 # cached; reads package files, no network
    models.is_result(["Pain fell more in the yoga arm than with usual care (p = .01)."])
    # -> [0.97]   probability that the sentence states a comparative result
    models.direction(["There was no between-group difference in sleep quality."])
    # -> [{"increase": 0.05, "decrease": 0.04, "no change": 0.91}]
    models.outcomes("Anxiety decreased more in the MBSR group than in controls.")
    # -> [(0, 7)]   character spans of the outcomes the sentence reports on

The two sentence models are linear (logistic regression over word n-grams, the words
lower-cased and numbers reduced to their shape), trained by `scripts/train_result_models.py`
on the Evidence Inference prompts of `../shared/ei-dev` (data split and held-aside scores
in `ingest/models/README.md`). Each model is one `.npz`: the feature vocabulary, a weight
matrix and the biases; scoring a sentence is a few dict look-ups and a sum, cheaper than
spaCy tokenising it. The outcome tagger is a linear token classifier (B/I/O) over word,
shape and context features, decoded greedily with the B-I-O constraint.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy

from ontology.errors import EkgError

MODELS_DIR = Path(__file__).resolve().parents[1] / "models"
RESULT_MODEL = "result_sentence.npz"
DIRECTION_MODEL = "direction.npz"
OUTCOME_MODEL = "outcome_tagger.npz"
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
_NEGATORS = frozenset("no not nor neither without never nonsignificant insignificant".split())


def _shape(word: str) -> str:
    if word[0].isdigit():
        return "<dec>" if "." in word or "," in word else "<int>"
    return word


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(normalised word, start, end) of each token: lower-cased, NFKC-folded, numbers as
    `<int>` / `<dec>`; punctuation and symbols are tokens of their own."""
    lowered = text.lower()
    folded = lowered if len(lowered) == len(text) else text  # offsets stay the text's
    found = []
    for match in _TOKEN.finditer(folded):
        word = match.group()
        if not word.isascii():
            word = unicodedata.normalize("NFKC", word).lower()
        found.append((_shape(word), match.start(), match.end()))
    return found


def sentence_features(text: str) -> list[str]:
    """Unigrams, bigrams and trigrams of the normalised words, plus each word after a
    negator (within three words) marked `neg:`; the same on training and use."""
    words = ["<s>", *(w for w, _, _ in tokens(text)), "</s>"]
    feats = list(words[1:-1])
    feats.extend(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))
    feats.extend(f"{a} {b} {c}" for a, b, c in zip(words, words[1:], words[2:], strict=False))
    cues = [_POLARITY[w] for w in words if w in _POLARITY]
    feats.extend("cue:" + c for c in cues)
    feats.extend(f"cue:{a} {b}" for a, b in zip(cues, cues[1:], strict=False))
    scope = 0
    for word in words:
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
        vocab, weights = self.vocab, self.weights
        out = numpy.tile(self.bias, (len(rows), 1))
        for i, feats in enumerate(rows):
            counts = Counter(j for j in map(vocab.get, feats) if j is not None)
            if not counts:
                continue
            values = numpy.fromiter(counts.values(), dtype=numpy.float32, count=len(counts))
            if self.normalise:
                values /= numpy.sqrt(values @ values)
            out[i] += values @ weights[list(counts)]
        return out

    def probabilities(self, rows: Sequence[Sequence[str]]) -> numpy.ndarray:
        scores = self.scores(rows)
        if scores.shape[1] == 1:
            return 1.0 / (1.0 + numpy.exp(-scores[:, 0]))
        scores -= scores.max(axis=1, keepdims=True)
        exp = numpy.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)


def _case(raw: str) -> str:
    if raw[0].isdigit():
        return "digit"
    if raw.isupper() and len(raw) > 1:
        return "upper"
    if raw[0].isupper():
        return "title"
    return "lower" if raw[0].isalpha() else "punct"


def token_features(text: str) -> tuple[list[tuple[int, int]], list[list[str]]]:
    """The tokens' (start, end) and, for each, the features the outcome tagger reads:
    the word, its suffix and case, and the words up to two either side."""
    found = tokens(text)
    words = ["<s2>", "<s>", *(w for w, _, _ in found), "</s>", "</s2>"]
    rows = []
    for i, (word, start, end) in enumerate(found, start=2):
        prev, nxt = words[i - 1], words[i + 1]
        rows.append(
            [
                "w=" + word,
                "suf=" + word[-3:],
                "case=" + _case(text[start:end]),
                "p=" + prev,
                "n=" + nxt,
                "pp=" + words[i - 2],
                "nn=" + words[i + 2],
                f"pw={prev} {word}",
                f"wn={word} {nxt}",
                f"pn={prev} {nxt}",
            ]
        )
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

    def is_result(self, texts: Sequence[str]) -> list[float]:
        """Probability that each sentence states a comparative result of the trial."""
        if not texts:
            return []
        probs = self.result.probabilities([sentence_features(t) for t in texts])
        return [float(p) for p in probs]

    def direction(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """For each result sentence, the probability of each direction of the
        intervention relative to its comparator: increase, decrease, no change."""
        if not texts:
            return []
        probs = self.direction_model.probabilities([sentence_features(t) for t in texts])
        names = self.direction_model.classes
        return [{name: float(p) for name, p in zip(names, row, strict=True)} for row in probs]

    def outcomes(self, text: str) -> list[tuple[int, int]]:
        """Character spans of the outcomes a result sentence reports on."""
        offsets, rows = token_features(text)
        if not rows:
            return []
        model = self.outcome_model
        scores = model.scores(rows)
        tags: list[str] = []
        previous = "O"
        for row, feats in zip(scores, rows, strict=True):
            index = [
                j for j in map(model.vocab.get, tag_features(previous, feats)) if j is not None
            ]
            total = row + model.weights[index].sum(axis=0) if index else row
            previous = model.classes[int(total.argmax())]
            tags.append(previous)
        return decode_spans(offsets, tags)


@lru_cache(maxsize=1)
def load_result_models() -> ResultModels:
    """The models shipped in `ingest/models/`, loaded once per process (no network)."""
    return ResultModels()
