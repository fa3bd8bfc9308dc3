"""Effect statements in result cells and sentences: 'Increase in: mindfulness and
self-compassion; decrease in: rumination', 'no changes in empathy', 'reductions in stress
correlated with reduction in rumination'. Cues, directions, negation and the extent of an
outcome phrase come from the effect grammar (`components/_effect_grammar.py`);
assembly's own are the targets (through `TargetResolver`), the comparison (vs
control, between groups, correlation) and statements with no direction. Null results are
findings too."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..components import _effect_grammar as grammar
from ..components._effect_grammar import STOP, Cue, Reading
from ..components._text import split_outside_parentheses
from .targets import Target, TargetResolver

__all__ = ["STOP", "Effect", "list_items", "parse_effects"]

LIST_SEPARATOR = re.compile(r"[,;]")
CORRELATION = re.compile(
    r"\b(?:correlat\w*|associated\s+with|related\s+to|predict\w*|accounts?\s+for)\b", re.I
)
NOT_RELATED = re.compile(
    r"\b(?:were|was|are|is)\s+(?:(?:shown|found)\s+to\s+be\s+)?not\s+(?:significantly\s+)?"
    r"(?:related|associated|correlated)\b",
    re.I,
)
NOT_DIFFERENT = re.compile(
    r"\b(?:did|does|do)\s+not\s+differ(?:\s+(?:significantly|statistically))?\b|"
    r"\b(?:was|were)\s+not\s+(?:significantly\s+|statistically\s+)*different\b",
    re.I,
)
THAT_SUBJECT = re.compile(
    r"\b(?:found|showed|shown|demonstrated|revealed)\s+that\s+"
    r"(?P<np>[^,;()]+?)\s+(?:is|are|was|were|shows?|showed|has|have|had|can|may|might|"
    r"var(?:y|ies|ied)|differ(?:s|ed)?|remain(?:s|ed)?|occur(?:s|red)?|persist(?:s|ed)?)\b",
    re.I,
)
EXHIBITED = re.compile(
    r"\b(?:exhibit(?:ed|s)?|display(?:ed|s)?|develop(?:ed|s)?)\s+(?P<np>[^,;()]+)", re.I
)
SUBGROUP = re.compile(
    r"\b(?:only|for\s+(?:first|second|some)\b|in\s+(?:first|second)\s+years?)", re.I
)
BETWEEN = re.compile(
    r"\b(?:larger|greater)\s+(?:increase|decrease|reduction)|"
    r"\bin\s+(?:first|second)\s+years?\b|\bthan\b",
    re.I,
)
VERSUS = re.compile(
    r"\b(?:relative|compared\s+(?:to|with)|than\s+(?:the\s+)?control|"
    r"vs\.?\s+control|control\s+group)\b",
    re.I,
)
TAIL = re.compile(
    r"\s*(?:,?\s*(?:(?:compared\s+(?:to|with)|relative\s+to)\s+(?:the\s+)?(?:control|wait[\s-]*list)"
    r"[\w\s-]*|in\s+(?:first|second)\s+years?(?:\s+only)?|for\s+(?:first|second)"
    r"\s+years?(?:\s+only)?|only|at\s+follow[\s-]*up.*|over\s+time.*))\s*$",
    re.I,
)


@dataclass(frozen=True)
class Effect:
    direction: str  # increase | decrease | no change | mixed
    comparison: str  # '' (study default) | vs control | between groups | correlation
    target: Target
    start: int  # offsets within the analysed text
    end: int
    hedged: bool = False
    named: bool = False  # the object of a reporting verb: a finding even if not a construct
    significant: bool | None = None  # as the statement words it: 'no significant effect on'


def _counts(cue: Cue, comparison: str) -> bool:
    """A cue with no direction that still makes a finding: a level of something ('the
    highest levels of burnout'), or what changes correlate with ('changes in X')."""
    if cue.kind == "level":
        return cue.prep == "of"
    return comparison == "correlation" and cue.kind == "neutral" and cue.prep == "in"


def _comparison(cue: Cue, body: str, comparison: str) -> str:
    if comparison:
        return comparison
    if cue.kind == "level" and re.match(
        r"(?:the\s+)?(?:highest|lowest|higher|lower)", cue.text, re.I
    ):
        return "between groups"
    if cue.modifier in ("larger", "greater") or (BETWEEN.search(body) and "year" in body):
        return "between groups"
    return "vs control" if cue.modifier == "relative" else ""


def _direction(r: Reading, body: str, comparison: str, prose: bool) -> str:
    """A change in a table cell that held only for a subgroup ('for first years only')
    is mixed."""
    if prose or r.direction not in ("increase", "decrease") or comparison == "between groups":
        return r.direction
    return "mixed" if SUBGROUP.search(body) else r.direction


def _outcome_phrase(body: str, resolver: TargetResolver) -> str:
    """Where the outcome phrase after a cue ends: as the grammar says, or further when
    the lexicon knows the longer phrase whole ('compassionate towards themselves and
    others')."""
    body = TAIL.sub("", body)
    start, end = grammar.outcome(body, 0, len(body))
    cut = body[start:end]
    lead = re.split(r"[,;(]", body[start:], maxsplit=1)[0].strip()
    if len(lead) > len(cut.strip()) and (resolver.is_construct(lead) or resolver.distributed(lead)):
        return lead
    return cut


def _part(
    text: str,
    offset: int,
    comparison: str,
    resolver: TargetResolver,
    prose: bool,
) -> list[Effect]:
    readings = grammar.read(text, 0, len(text))
    effects = []
    if prose and comparison == "correlation":
        lead = text[: readings[0].cue.start] if readings else text
        effects += _undirected(lead, offset, resolver)
    for r in readings:
        if not (r.direction or _counts(r.cue, comparison)):
            continue
        body = text[r.body[0] : r.body[1]]
        cmp = _comparison(r.cue, body, comparison)
        phrase = text[r.subject[0] : r.subject[1]] if r.subject else _outcome_phrase(body, resolver)
        for target in resolver.split(phrase):
            effects.append(
                Effect(
                    _direction(r, body, cmp, prose),
                    cmp,
                    target,
                    offset + r.cue.start,
                    offset + r.body[1],
                    hedged=r.hedged,
                    significant=r.significant,
                )
            )
    return effects


def _undirected(text: str, offset: int, resolver: TargetResolver) -> list[Effect]:
    """What a correlation names without a direction: 'predicted life satisfaction'."""
    body = STOP.split(text, maxsplit=1)[0]
    body = re.sub(r"[\s,;]*\b(?:and|or|as well as)\s*$", "", body)
    return [
        Effect("", "correlation", t, offset, offset + len(text))
        for t in resolver.split(body)
        if t.known
    ]


def _unrelated(clause: str, offset: int, resolver: TargetResolver) -> list[Effect]:
    """'X and Y were not significantly related': no change in either, as a correlation;
    'Mean age of … did not differ significantly from …': no change between groups."""
    for pattern, comparison in ((NOT_RELATED, "correlation"), (NOT_DIFFERENT, "between groups")):
        m = pattern.search(clause)
        if m is None:
            continue
        subject = re.split(r"\bthat\s+|^\w+,\s+", clause[: m.start()])[-1]
        return [
            Effect("no change", comparison, t, offset, offset + m.end())
            for t in resolver.split(subject)
            if t.known or comparison == "between groups"
        ]
    return []


def _stated(clause: str, offset: int, resolver: TargetResolver) -> list[Effect]:
    """What a reported result is about when it has no direction: the construct a 'found
    that' clause is about, or what people were found to exhibit."""
    effects = []
    subject = THAT_SUBJECT.search(clause)
    if subject:
        effects += [
            Effect("", "", t, offset + subject.start("np"), offset + subject.end("np"))
            for t in resolver.split(subject.group("np"))
            if t.known
        ]
    shown = EXHIBITED.search(clause)
    if shown:
        body = STOP.split(shown.group("np"), maxsplit=1)[0]
        effects += [
            Effect("", "", t, offset + shown.start("np"), offset + shown.end(), named=True)
            for t in resolver.split(body)
        ]
    return effects


def parse_effects(
    text: str,
    resolver: TargetResolver,
    base: int = 0,
    *,
    prose: bool = False,
) -> list[Effect]:
    """Effects in a cell or sentence, one per outcome; offsets shifted by `base`.
    In a sentence (`prose`), what precedes 'correlated with' / 'predicted' is a finding of
    its own; in a table cell it only names the predictor."""
    effects: list[Effect] = []
    for start, end in grammar.clauses(text):
        clause, offset = text[start:end], base + start
        corr = CORRELATION.search(clause)
        unrelated = _unrelated(clause, offset, resolver) if prose else []
        if unrelated:
            effects += unrelated
        elif corr:
            if prose:
                head = clause[: corr.start()]
                effects += _part(
                    head, offset, "vs control" if VERSUS.search(head) else "", resolver, prose
                )
            effects += _part(
                clause[corr.end() :], offset + corr.end(), "correlation", resolver, prose
            )
        else:
            effects += _part(
                clause, offset, "vs control" if VERSUS.search(clause) else "", resolver, prose
            )
        if prose and not effects:
            effects += _stated(clause, offset, resolver)
    return effects


def list_items(text: str, resolver: TargetResolver, base: int = 0) -> list[Effect]:
    """A cell listing what participants reported ('Impact on client work: more comfort
    with silences, …' or 'Increase in: a, b, c'): each item a finding of its own, worded
    as in the cell."""
    body = text.strip()
    direction = "increase"
    while True:
        cue = grammar.cue_at(body)
        label = re.match(r"^[A-Z][^:,;]{0,50}:\s*", body)
        if cue and cue.kind in ("up", "down") and cue.prep in ("in", "of"):
            direction = "increase" if cue.kind == "up" else "decrease"
            body = body[cue.end :].lstrip()
        elif label:
            body = body[label.end() :]
        else:
            break
    pos = base + text.find(body)
    effects = []
    items = body.rstrip(".")
    for start, end in split_outside_parentheses(items, LIST_SEPARATOR):
        item = items[start:end].strip()
        if len(item) > 2:
            target = Target(item, item.lower(), "", resolver.is_construct(item))
            effects.append(Effect(direction, "", target, pos, pos + len(body)))
    return effects
