"""`ekg_direction_v1`: the direction of reported effects, tied to their outcomes.

Extensions:
    Doc._.ekg_effects   list[Effect] in text order (None until the component ran)
    Span._.ekg_effects  the doc's effects whose target starts inside the span

Works per sentence, per table cell (tab) and per clause (";"). A cue sets the
direction: "increase(s) in", "improvements in/regarding", "reductions in", "decrease
in:", verbs ("improved mood", "empathy increased"), "higher levels of", "mixed
evidence with regard to", and neutral nouns ("change", "effect", "impact",
"difference") that only count when negated ("no changes in", "no significant effect
on", "did not find any changes in") or given a polarity ("positive effect on"). "X did
not change" and "X remained unchanged" point back at their subject. One `Effect` per
target: lists are split on ",", ";", "and", "or".

A polarity word is kept as printed in `cue`, and "positive effect on compassion
fatigue" is an *increase*: the text says nothing about which way the scale runs, so
turning that into "less fatigue" is left to whoever knows the instrument.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from ._text import doc_text, token_columns


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


_POLARITY = r"positive|beneficial|favou?rable|negative|detrimental|adverse"
_UP_WORDS = frozenset(
    "increase increases increased increasing improve improves improved improving "
    "improvement improvements enhance enhances enhanced enhancing enhancement "
    "enhancements gain gains rise rises boost boosts boosted boosting higher greater "
    "positive beneficial favourable favorable".split()
)
CUE = re.compile(
    r"(?P<mixed>\bmixed\s+(?:picture|evidence|results?|findings?|pattern|effects?)"
    r"(?:\s+(?:with\s+regard\s+to|regarding|in\s+relation\s+to|concerning|for|on|of)\b)?)"
    r"|(?P<level>\b(?:higher|greater|lower)\s+(?:levels?|scores?)\s+(?:of|on|in)\b)"
    rf"|(?P<dnoun>\b(?:(?:{_POLARITY})\s+)?(?:increases?|improvements?|gains?|rises?"
    r"|enhancements?|decreases?|reductions?|declines?|drops?)(?:\s*\([^()]{0,40}\))?"
    r"\s+(?:in|of|regarding|with\s+regard\s+to|in\s+relation\s+to|across)\b\s*:?)"
    rf"|(?P<nnoun>\b(?:(?P<polarity>{_POLARITY})\s+)?(?:changes?|differences?|effects?"
    r"|impacts?|influences?)(?!\s+in\s+(?:a|the)\s+\w+\s+direction)(?:\s*\([^()]{0,40}\))?"
    r"\s+(?:in|on|regarding|with\s+regard\s+to|in\s+relation\s+to)\b\s*:?)"
    r"|(?P<nochange>\b(?:(?:did|does|do)\s+not|didn['’]t|doesn['’]t)\s+change\b"
    r"|\b(?:remained|remains|was|were)\s+(?:unchanged|stable)\b)"
    r"|(?P<verb>\b(?:increase[sd]?|increasing|improve[sd]?|improving|enhance[sd]?|enhancing"
    r"|boost(?:s|ed|ing)?|decrease[sd]?|decreasing|reduce[sd]?|reducing|decline[sd]?"
    r"|declining|diminish(?:es|ed|ing)?|alleviate[sd]?|alleviating|lowered)\b)",
    re.IGNORECASE,
)
CUE_WORDS = frozenset(
    """mixed higher greater lower positive beneficial favourable favorable negative
    detrimental adverse increase increases increased increasing improvement improvements
    improve improves improved improving gain gains rise rises enhancement enhancements
    enhance enhances enhanced enhancing boost boosts boosted boosting decrease decreases
    decreased decreasing reduction reductions reduce reduces reduced reducing decline
    declines declined declining drop drops diminish diminishes diminished diminishing
    alleviate alleviates alleviated alleviating lowered change changes difference
    differences effect effects impact impacts influence influences did does do remained
    remains was were""".split()
)
_CUE_IDS = numpy.array(sorted(get_string_id(word) for word in CUE_WORDS), dtype="uint64")
_CUE_WORD = re.compile(
    r"\b(?:" + "|".join(sorted(CUE_WORDS, key=len, reverse=True)) + r")\b", re.IGNORECASE
)
_NEGATION = re.compile(
    r"\b(?:no|not|never|neither|nor|none|without|failed\s+to|absence\s+of|lack\s+of)\b|n['’]t\b",
    re.IGNORECASE,
)
_NOT_SIGNIFICANT = re.compile(r"\bnon-?significant|\binsignificant|\bnot\s+significant", re.I)
_SIGNIFICANT = re.compile(r"\bsignificant(?:ly)?\b", re.IGNORECASE)
_HEDGE = re.compile(
    r"\b(?:may|might|could|appears?\s+to|appeared\s+to|seems?\s+to|seemed\s+to"
    r"|suggest(?:s|ed|ing)?|trends?\s+towards?|tentative(?:ly)?|possibl[ey]|potential(?:ly)?"
    r"|preliminary|marginal(?:ly)?|likely|hypothes\w+|perhaps|presumably)\b",
    re.IGNORECASE,
)
_WINDOW_START = re.compile(r".*(?:,|\bbut\b|\band\b|\bwhereas\b|\bwhile\b)", re.I | re.S)
_SUBJECT_FOLLOW = re.compile(
    r"\s*(?:[.,;:)\]]|$|(?:significantly|slightly|markedly|substantially|considerably|only"
    r"|in|over|from|after|during|across|at|by|between|compared|relative|among|for|with"
    r"|until|to|when|than|as|more|less|both)\b)",
    re.IGNORECASE,
)
_NOUN_BEFORE = re.compile(
    r"\b(?:a|an|the|any|no|this|that|these|those|such|significant|small|large|larger"
    r"|greater|slight|further|overall|its|their|relative|initial)\s+$",
    re.IGNORECASE,
)
_STOP = re.compile(
    r"\s*[.(\[\n]|\s*,\s*(?:which|who|relative|compared|but|whereas|while|although|as"
    r"|leading|suggesting|indicating|with|in|at|thus|so|and\s+the|and\s+a)\b"
    r"|\s+(?:in|with|but|whereas|while|although|though|compared|relative|versus|vs\.?|than"
    r"|which|who|that|when|where|among|after|following|from|between|during|at|over|as"
    r"|because|due|since|leading|suggesting|indicating|were|was|is|are|has|had|have|did"
    r"|do|does|could|would|may|might|should|will|can|remained|showed|appeared|predicted"
    r"|correlated|related|associated|resulted|until)(?=[\s,.;:]|$)"
    r"|\s+for\s+(?!others|oneself|self|themselves|patients|clients)",
    re.IGNORECASE,
)
_ITEM_SPLIT = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s*;\s*|\s+(?:and|or|&)\s+", re.I)
_LEADING = re.compile(
    r"^(?:(?:the|a|an|any|their|its|his|her|our|one['’]s|participants['’]?|self-reported"
    r"|overall|total|mean|levels?\s+of|scores?\s+(?:on|of|for|in)|measures?\s+of)\s+)+",
    re.IGNORECASE,
)
_TRAILING = re.compile(r"(?:\s+(?:only|over\s+time|and|or)\b|[\s'\"‘’“”*:])+$", re.IGNORECASE)
_SUBJECT_BOUNDARY = re.compile(
    r".*(?:\b(?:that|whether|which|who|but|while|whereas|although|showed|found)\s|[:;])",
    re.I | re.S,
)
_AUXILIARIES = re.compile(
    r"(?:\s+(?:did|does|do|has|have|had|was|were|is|are|could|would|may|might|can|not"
    r"|significantly|also|further|slightly|never|then|all))+\s*$",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"(?:\([^()\t\n]*\)|[^;\t])+")
_PRONOUNS = frozenset("it they this these those which that them he she we who".split())
_EFFECT_ON = re.compile(
    r".*?\b(?:effects?|affect|impacts?|influence)\s+(?:of\s+.+?\s+)?on\s+", re.I
)


def _pieces(text: str, start: int, end: int, separator: str) -> Iterator[tuple[int, int]]:
    while start < end:
        cut = text.find(separator, start, end)
        stop = end if cut < 0 else cut
        yield start, stop
        start = stop + 1


def _clean(text: str, start: int, end: int) -> tuple[int, int] | None:
    piece = text[start:end]
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
    stop = _STOP.search(text, start, end)
    end = stop.start() if stop else end
    found: list[tuple[int, int]] = []
    cursor = start
    for sep in [*_ITEM_SPLIT.finditer(text, start, end), None]:
        piece_end = sep.start() if sep else end
        cleaned = _clean(text, cursor, piece_end)
        if cleaned:
            found.append(cleaned)
        cursor = sep.end() if sep else end
    return found


def _subject(text: str, start: int, end: int) -> list[tuple[int, int]]:
    piece = _AUXILIARIES.sub("", text[start:end])
    boundary = _SUBJECT_BOUNDARY.match(piece)
    offset = boundary.end() if boundary else 0
    comma = piece.find(",", offset)
    if comma >= 0 and re.match(r",\s*(?:as|which|who|measured|assessed|\()", piece[comma:]):
        piece = piece[:comma]
    return _targets(text, start + offset, start + len(piece))


def _direction(cue: re.Match[str], negated: bool) -> str | None:
    kind = cue.lastgroup
    words = cue.group().lower().split()
    if kind == "mixed":
        return "mixed"
    if kind == "nochange" or negated:
        return "no change"
    if kind == "nnoun" and not cue.group("polarity"):
        return None
    return "increase" if _UP_WORDS.intersection(words) else "decrease"


def _window(text: str, start: int, cue_start: int) -> str:
    window = text[max(start, cue_start - 80) : cue_start]
    cut = _WINDOW_START.match(window)
    return window[cut.end() :] if cut else window


def _significance(window: str, cue: str, negated: bool) -> bool | None:
    if _NOT_SIGNIFICANT.search(window):
        return False
    if _SIGNIFICANT.search(window) or _SIGNIFICANT.search(cue):
        return not negated
    return None


def _cue_targets(
    text: str, cues: list[re.Match[str]], i: int, previous: int, end: int
) -> list[tuple[int, int]]:
    """The outcome phrases cue `i` speaks of: its subject, or what follows it."""
    cue = cues[i]
    if cue.lastgroup == "nochange" or (
        cue.lastgroup == "verb" and _SUBJECT_FOLLOW.match(text, cue.end(), end)
    ):
        return _subject(text, previous, cue.start())
    scope = cue.end()
    following = cues[i + 1].start() if i + 1 < len(cues) else end
    on = _EFFECT_ON.match(text, scope, end) if cue.lastgroup == "mixed" else None
    if on:  # "mixed evidence regarding the effect of X on Y": the outcome is Y
        scope = on.end()
        following = next((c.start() for c in cues[i + 1 :] if c.start() >= scope), end)
    return _targets(text, scope, following)


def _clause_effects(
    text: str, start: int, end: int, hedged: bool, cues: list[re.Match[str]]
) -> list[Effect]:
    effects: list[Effect] = []
    for i, cue in enumerate(cues):
        previous = cues[i - 1].end() if i else start
        window = _window(text, previous, cue.start())
        negated = bool(_NEGATION.search(window) or _NEGATION.search(cue.group()))
        direction = _direction(cue, negated)
        if direction is None or (cue.lastgroup == "verb" and _NOUN_BEFORE.search(window)):
            continue
        significant = _significance(window, cue.group(), negated)
        phrase = cue.group().strip(" :")
        for t_start, t_end in _cue_targets(text, cues, i, previous, end):
            effects.append(
                Effect(direction, text[t_start:t_end], t_start, t_end, negated, hedged, phrase,
                       significant)
            )  # fmt: skip
    return effects


def _cues(text: str, positions: list[int], end: int) -> list[re.Match[str]]:
    cues: list[re.Match[str]] = []
    for position in positions:
        if cues and position < cues[-1].end():
            continue
        cue = CUE.match(text, position, end)
        if cue:
            cues.append(cue)
    return cues


def _within(positions: list[int], start: int, end: int) -> list[int]:
    return positions[bisect_left(positions, start) : bisect_left(positions, end)]


def cue_positions(text: str) -> list[int]:
    """Where a word that may start a cue begins (the component reads them off tokens)."""
    return [m.start() for m in _CUE_WORD.finditer(text)]


def _sentence_effects(text: str, start: int, end: int, positions: list[int]) -> list[Effect]:
    effects: list[Effect] = []
    for u_start, u_end in _pieces(text, start, end, "\t"):
        if not _within(positions, u_start, u_end):
            continue
        clauses = [
            (clause.start(), clause.end(), cues)
            for clause in _CLAUSE.finditer(text, u_start, u_end)
            if (cues := _cues(text, _within(positions, *clause.span()), clause.end()))
        ]
        hedged = bool(clauses) and bool(_HEDGE.search(text, u_start, u_end))
        for c_start, c_end, cues in clauses:
            effects.extend(_clause_effects(text, c_start, c_end, hedged, cues))
    return effects


def find_effects(
    text: str, sentences: Iterable[tuple[int, int]], cue_starts: list[int] | None = None
) -> list[Effect]:
    """Effects in `text`, sentence by sentence, cell by cell, clause by clause; only the
    sentences holding a word that may start a cue are read."""
    positions = sorted(cue_positions(text) if cue_starts is None else cue_starts)
    spans = list(sentences)
    firsts = [start for start, _ in spans]
    touched = sorted({bisect_right(firsts, p) - 1 for p in positions} - {-1})
    effects: list[Effect] = []
    for start, end in (spans[k] for k in touched):
        effects.extend(_sentence_effects(text, start, end, positions))
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


def _token_cues(doc: Doc) -> list[int]:
    """Offsets of the tokens that may start a cue, read off the tokens' lower-case ids."""
    if not len(doc):
        return []
    columns = token_columns(doc)
    starts, lower = columns[:, 0], columns[:, 2]
    found = numpy.searchsorted(_CUE_IDS, lower).clip(max=len(_CUE_IDS) - 1)
    return starts[_CUE_IDS[found] == lower].tolist()


@Language.component(
    "ekg_direction_v1", requires=["token.is_sent_start"], assigns=["doc._.ekg_effects"]
)
def direction_component(doc: Doc) -> Doc:
    sentences = doc._.ekg_sentences
    if sentences is None:
        sentences = [(s.start_char, s.end_char) for s in doc.sents]
    doc._.ekg_effects = find_effects(doc_text(doc), sentences, _token_cues(doc))
    return doc
