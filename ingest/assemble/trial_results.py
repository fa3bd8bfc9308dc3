"""The own trial's result sentences → findings: which outcome, which arm against which,
which direction, how significant, with the statistics the sentence prints.

A sentence of the results (or of the abstract's results) is read when it reports a
comparison: a test or p value, 'significant(ly)', a difference or a change. Outcomes
come from the effect grammar (the subject of a change, the phrase after 'an increase
in', 'differences in'); the arms from the trial's arms the sentence names, else the
experimental arm against the control arm. Where the shipped sentence models are
installed they decide whether a sentence reports a result and its direction."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..analysis import Sentence
from ..components._effect_grammar import clauses, outcome, read
from ..records import FindingRecord, Span, StudyRecord
from .arms import Arm, TrialArms
from .prose import clause_stats
from .targets import Target, TargetResolver

REPORTS = re.compile(
    r"\bsignifican|\bp\s*[<=≤>]|\bdiffer|\bcompared\b|\bthan\b|\bincreas|\bdecreas|\breduc|"
    r"\bimprov|\bsimilar\b|\bunchanged\b|\bno\s+(?:change|effect)|\bhigher\b|\blower\b|"
    r"\bgreater\b|\bbetter\b|\bworse\b",
    re.I,
)
WITHIN = re.compile(
    r"\bfrom\s+baseline\b|\bpre[\s-]*(?:to[\s-]*)?post|\bover\s+time\b|\bbefore\s+and\s+after\b",
    re.I,
)
BETWEEN = re.compile(
    r"\bbetween\s+(?:the\s+)?(?:two\s+|three\s+|treatment\s+)?(?:groups|arms)\b|\bthan\b|\bcompared\s+(?:with|to)\b|\bvs\.?\b|\bversus\b",
    re.I,
)
NUMBERISH = re.compile(r"^[\d\s.,%±()<>=-]+$")

Direction = Callable[[list[str]], list[str]]


@dataclass
class TrialContext:
    own: StudyRecord
    arms: TrialArms
    resolver: TargetResolver
    directions: Direction | None = None  # sentence texts -> increase | decrease | no change


def reports_result(text: str) -> bool:
    return bool(REPORTS.search(text))


def _arms_of(text: str, arms: TrialArms) -> tuple[Arm | None, Arm | None]:
    """(intervention, comparator) as the clause names them, defaulting to the trial's."""
    named: list[Arm] = []
    for arm in arms.arms:
        low = text.lower()
        at = low.find(arm.name.lower())
        if at >= 0:
            named.append(Arm(arm.name, arm.role, arm.n, at))
    named.sort(key=lambda a: a.start)
    if not named:
        return arms.experimental, arms.control
    first = named[0]
    others = [a for a in named[1:] if a.name != first.name]
    if others:
        return first, others[0]
    if first.role == "control":
        return first, arms.experimental
    return first, arms.control if first.name != (
        arms.control.name if arms.control else ""
    ) else None


def _targets(text: str, start: int, end: int, resolver: TargetResolver) -> list[tuple[Target, str]]:
    """(target, rule direction) of each effect the grammar reads in text[start:end]."""
    out = []
    for r in read(text, start, end):
        spans = [outcome(text, *r.body)] if r.body[1] > r.body[0] else []
        if r.subject and r.subject[1] > r.subject[0]:
            spans.append(r.subject)
        for a, b in spans:
            phrase = text[a:b].strip(" ,;:")
            if not phrase or NUMBERISH.match(phrase):
                continue
            for t in resolver.split(phrase):
                out.append((t, r.direction))
            if out:
                break
    return out


def trial_findings(sent: Sentence, section: str, ctx: TrialContext) -> list[FindingRecord]:
    text = sent.text
    if not reports_result(text):
        return []
    model_direction = ctx.directions([text])[0] if ctx.directions else ""
    out: list[FindingRecord] = []
    for a, b in clauses(text):
        clause = text[a:b]
        found = _targets(text, a, b, ctx.resolver)
        if not found:
            continue
        stats = clause_stats(clause)
        intervention, comparator = _arms_of(clause, ctx.arms)
        within = bool(WITHIN.search(clause)) and not BETWEEN.search(clause)
        for target, rule_direction in found:
            direction = rule_direction or model_direction
            if model_direction and len(found) == 1:
                direction = model_direction
            out.append(
                FindingRecord(
                    study=ctx.own.label,
                    span=Span(sent.start, sent.end, section, 0.6),
                    construct=target.construct,
                    instrument=target.instrument,
                    intervention=intervention.name if intervention else ctx.own.intervention,
                    comparator="" if within or comparator is None else comparator.name,
                    direction=direction,
                    comparison="pre-post" if within else "vs control",
                    stats=dict(stats),
                    significant=_significance(stats, direction, text),
                )
            )
    return out


NOT_SIGNIFICANT = re.compile(
    r"\bno(?:t|n)?[\s-]+(?:statistically\s+)?significant|\bn\.?s\.?\b|\bsimilar\b|\bno\s+difference",
    re.I,
)
SIGNIFICANT = re.compile(r"\bsignificant(?:ly)?\b", re.I)


def _significance(stats: dict[str, str], direction: str, text: str) -> bool | None:
    """From the p value when printed, else from the words."""
    p = stats.get("p", "")
    try:
        value = float(p.lstrip("<>=≤≥"))
    except ValueError:
        if NOT_SIGNIFICANT.search(text) or direction == "no change":
            return False
        return True if SIGNIFICANT.search(text) else None
    return value < 0.05 or (p.startswith("<") and value <= 0.05)
