"""`ekg_direction_v1`: the direction of reported effects, tied to their outcomes.

Extensions:
    Doc._.ekg_effects   list[Effect] in text order (None until the component ran)
    Span._.ekg_effects  the doc's effects whose target starts inside the span

Works per sentence and per clause (";", tab), reading each with the effect grammar of
`_effect_grammar` (shared with assembly): "increase(s) in", "improvements in",
"reductions in", "decrease in:", verbs ("improved mood", "empathy increased"), "no
(significant) effect on", "did not find any changes in", "positive effect on", "mixed
evidence with regard to", "X did not change", "X remained unchanged". Without a lexicon
to say where an outcome ends, a target stops at the first preposition, and lists are
split on ",", ";", "and", "or": one `Effect` per target.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from . import _effect_grammar as grammar
from ._text import doc_text


@dataclass(frozen=True)
class Effect:
    direction: str  # increase | decrease | no change | mixed
    target_text: str
    start: int  # of the target
    end: int
    negated: bool = False
    hedged: bool = False
    cue: str = ""  # as printed: "positive effect on", "reductions in", "did not change"
    significant: bool | None = None  # "significant(ly)" -> True, "no/non-significant" -> False


_PHRASE_END = re.compile(
    r"\s+(?:in|with|at|over|as|between"
    r"|for(?!\s+(?:others|oneself|self|themselves|patients|clients)\b))\b"
    r"|\s*,\s*(?:with|in|at|as)\b",
    re.IGNORECASE,
)
_ITEM_SPLIT = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s*;\s*|\s+(?:and|or|&)\s+", re.I)
_LEADING = re.compile(
    r"^(?:(?:the|a|an|any|their|its|his|her|our|one['’]s|participants['’]?|self-reported"
    r"|overall|total|mean|levels?\s+of|scores?\s+(?:on|of|for|in)|measures?\s+of)\s+)+",
    re.IGNORECASE,
)
_TRAILING = re.compile(r"(?:\s+(?:only|over\s+time|and|or)\b|[\s'\"‘’“”*:.])+$", re.IGNORECASE)
_PRONOUNS = frozenset("it they this these those which that them he she we who".split())


def _clean(text: str, start: int, end: int) -> tuple[int, int] | None:
    """An item without its determiners and 'levels of', if it can be an outcome."""
    piece = text[start:end].lstrip()
    start = end - len(piece)
    lead = _LEADING.match(piece)
    skip = lead.end() if lead else 0
    piece = _TRAILING.sub("", piece[skip:].lstrip(" '\"‘“*"))
    begin = text.find(piece, start + skip, end) if piece else -1
    if begin < 0 or not piece or piece.lower() in _PRONOUNS:
        return None
    if len(piece.split()) > 8 or piece[0].isdigit():
        return None
    return begin, begin + len(piece)


def _targets(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The outcomes a phrase lists: 'mindfulness, stress and compassion satisfaction'."""
    start, end = grammar.outcome(text, start, end)
    cut = _PHRASE_END.search(text, start, end)
    end = cut.start() if cut else end
    found: list[tuple[int, int]] = []
    cursor = start
    for sep in [*_ITEM_SPLIT.finditer(text, start, end), None]:
        cleaned = _clean(text, cursor, sep.start() if sep else end)
        if cleaned:
            found.append(cleaned)
        cursor = sep.end() if sep else end
    return found


def _clause_effects(text: str, start: int, end: int) -> list[Effect]:
    effects: list[Effect] = []
    for r in grammar.read(text, start, end):
        if not r.direction:
            continue
        for t_start, t_end in _targets(text, *(r.subject or r.body)):
            effects.append(
                Effect(r.direction, text[t_start:t_end], t_start, t_end, r.negated, r.hedged,
                       r.cue.text, r.significant)
            )  # fmt: skip
    return effects


def find_effects(text: str, sentences: Iterable[tuple[int, int]]) -> list[Effect]:
    """Effects in `text`, sentence by sentence and clause by clause."""
    effects: list[Effect] = []
    for start, end in sentences:
        for c_start, c_end in grammar.clauses(text, start, end):
            effects.extend(_clause_effects(text, c_start, c_end))
    return effects


if not Doc.has_extension("ekg_effects"):
    Doc.set_extension("ekg_effects", default=None)
if not Span.has_extension("ekg_effects"):
    Span.set_extension(
        "ekg_effects",
        getter=lambda span: [
            e for e in span.doc._.ekg_effects or [] if span.start_char <= e.start < span.end_char
        ],
    )


@Language.component(
    "ekg_direction_v1", requires=["token.is_sent_start"], assigns=["doc._.ekg_effects"]
)
def direction_component(doc: Doc) -> Doc:
    sentences = doc._.ekg_sentences
    if sentences is None:
        sentences = [(s.start_char, s.end_char) for s in doc.sents]
    doc._.ekg_effects = find_effects(doc_text(doc), sentences)
    return doc
