"""A small trained tagger for the arms of a trial: which words of a sentence name the
intervention and which the comparator, shipped as `ingest/models/arm_tagger.npz`.

    tagger = load_arm_tagger()                      # cached; package file, no network
    tagger.mentions("Patients were randomised to metoprolol 50 mg or placebo.")
    # -> [(28, 44, "experimental"), (48, 55, "control")]

Like the outcome tagger of `result_models`, it is a linear token classifier over word,
suffix, case and context features plus the tag before, decoded greedily left to right,
with two span types: INT (the arm under test) and CMP (its comparator). Trained by
`scripts/train_arm_tagger.py` on the Evidence Inference prompts of `../shared/ei-dev`
(the prompts' intervention and comparator found in the article's title, abstract and
evidence sentences; split and held-aside scores in `ingest/models/README.md`). Costs
about as much per token as the outcome tagger: call it on a few sentences per paper.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property, lru_cache
from pathlib import Path

import numpy

from .result_models import ARM_MODEL, MODELS_DIR, LinearModel, token_features

ROLES = {"INT": "experimental", "CMP": "control"}


def decode_typed(
    offsets: Sequence[tuple[int, int]], tags: Sequence[str]
) -> list[tuple[int, int, str]]:
    """(start, end, type) of the runs of `B-TYPE I-TYPE…` tags; an I after O or after
    another type starts a span of its own type."""
    spans: list[tuple[int, int, str]] = []
    open_start, last_end, kind = -1, -1, ""
    for (start, end), tag in zip(offsets, tags, strict=True):
        edge, _, now = tag.partition("-")
        if open_start >= 0 and (tag == "O" or edge == "B" or now != kind):
            spans.append((open_start, last_end, kind))
            open_start = -1
        if tag != "O":
            if open_start < 0:
                open_start, kind = start, now
            last_end = end
    if open_start >= 0:
        spans.append((open_start, last_end, kind))
    return spans


class ArmTagger:
    """The shipped arm tagger, loaded once by `load_arm_tagger()`."""

    def __init__(self, model: LinearModel) -> None:
        self.model = model

    @classmethod
    def load(cls, folder: Path = MODELS_DIR) -> ArmTagger:
        return cls(LinearModel.load(folder / ARM_MODEL))

    def tags(self, text: str) -> tuple[list[tuple[int, int]], list[str]]:
        """The tokens' (start, end) and their greedy tags."""
        offsets, rows = token_features(text)
        if not rows:
            return [], []
        classes = self.model.classes
        static = self.model.scores(rows).tolist()
        transitions = self._transitions
        tags: list[str] = []
        previous = "O"
        for total, feats in zip(static, rows, strict=True):
            base, by_feature = transitions[previous]
            total = [a + b for a, b in zip(total, base, strict=True)]
            for feature in (feats[0], feats[3]):
                weights = by_feature.get(feature)
                if weights is not None:
                    total = [a + b for a, b in zip(total, weights, strict=True)]
            previous = classes[total.index(max(total))]
            tags.append(previous)
        return offsets, tags

    def mentions(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, role) of each arm the sentence names; role is experimental
        (the arm under test) or control (its comparator)."""
        offsets, tags = self.tags(text)
        return [(a, b, ROLES[kind]) for a, b, kind in decode_typed(offsets, tags)]

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


@lru_cache(maxsize=1)
def load_arm_tagger() -> ArmTagger | None:
    """The tagger shipped in `ingest/models/`, loaded once per process (no network);
    None where the model file is not installed (the rules alone name the arms)."""
    if not (MODELS_DIR / ARM_MODEL).is_file():
        return None
    return ArmTagger.load()
