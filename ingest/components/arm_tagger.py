"""A small trained tagger for the arms of a trial: which words of a sentence name the
intervention and which the comparator, shipped as `ingest/models/arm_tagger.npz`.

    tagger = load_arm_tagger()                      # cached; package file, no network
    paper = context_of(doc)                         # once per paper (PaperContext)
    tagger.mentions("Patients were randomised to metoprolol 50 mg or placebo.", paper)
    # -> [(28, 41, "experimental"), (48, 55, "control")]  in a paper titled 'Metoprolol …'

Like the outcome tagger of `result_models`, it is a linear token classifier over word,
suffix, case, shape and context features, what the paper says of the word
(`PaperContext`: in the title, a defined abbreviation, in the sentence that allocates
the arms, …) plus the tag before, decoded greedily left to right,
with two span types: INT (the arm under test) and CMP (its comparator). Trained by
`scripts/train_arm_tagger.py` on the Evidence Inference prompts of `../shared/ei-dev`
(the prompts' intervention and comparator found in the article's title, abstract and
evidence sentences; split and held-aside scores in `ingest/models/README.md`). Costs
about as much per token as the outcome tagger: call it on a few sentences per paper.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from .paper_context import PaperContext
from .result_models import ARM_MODEL, MODELS_DIR, GreedyTagger, LinearModel

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


class ArmTagger(GreedyTagger):
    """The shipped arm tagger, loaded once by `load_arm_tagger()`."""

    @classmethod
    def load(cls, folder: Path = MODELS_DIR) -> ArmTagger:
        return cls(LinearModel.load(folder / ARM_MODEL))

    def mentions(
        self, text: str, context: PaperContext | None = None
    ) -> list[tuple[int, int, str]]:
        """(start, end, role) of each arm the sentence names; role is experimental
        (the arm under test) or control (its comparator). `context`, the paper's
        (`PaperContext`, built once per paper), helps the tagger much."""
        offsets, tags = self.tags(text, context)
        return [(a, b, ROLES[kind]) for a, b, kind in decode_typed(offsets, tags)]


@lru_cache(maxsize=1)
def load_arm_tagger() -> ArmTagger | None:
    """The tagger shipped in `ingest/models/`, loaded once per process (no network);
    None where the model file is not installed (the rules alone name the arms)."""
    if not (MODELS_DIR / ARM_MODEL).is_file():
        return None
    return ArmTagger.load()
