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
from dataclasses import dataclass

from ..analysis import Sentence
from ..components._effect_grammar import clauses, outcome, read
from ..components.paper_context import PaperContext
from ..components.result_models import ResultModels
from ..components.statistics import parse_statistics
from ..records import FindingRecord, Span, StudyRecord
from .arms import Arm, TrialArms, is_generic
from .clause_arms import arms_of, each_pair, mentions
from .outcomes import OutcomeVocabulary, trimmed, wordlike
from .prose import clause_stats
from .result_grammar import (
    blank_brackets,
    counted,
    non_significant,
    readings,
    stated_significance,
)
from .result_tables import significance
from .targets import Target, TargetResolver

REPORTS = re.compile(
    r"\bsignifican|\bp\s*[<=≤>]|\bdiffer|\bcompared\b|\bthan\b|\bincreas|\bdecreas|\breduc|"
    r"\bimprov|\bsimilar\b|insignifican|\bin\s+(?:either|both)\s+(?:of\s+the\s+)?(?:two\s+)?(?:groups?|arms?)\b|\bunchanged\b|\bno\s+(?:change|effect)|\bhigher\b|\blower\b|"
    r"\bgreater\b|\bbetter\b|\bworse\b|\bcomparable\b|\bno\s+[\w\s-]{2,60}?\s(?:was|were)\s+"
    r"(?:observed|found|seen|detected|noted|reported)",
    re.I,
)
AGAINST_BASELINE = (
    r"(?:with|to)\s+(?:the\s+)?(?:baseline|pre[\s-]?(?:treatment|intervention|test|operative)|"
    r"before\s+(?:the\s+)?(?:intervention|treatment))"
)
WITHIN = re.compile(
    r"\bfrom\s+baseline\b|\bpre[\s-]*(?:to[\s-]*)?post|\bover\s+time\b|\bbefore\s+and\s+after\b|"
    r"\bfrom\s+pre[\s-]?\w+|\bpre[\s-]?(?:treatment|intervention|test)\s+(?:and|to)\s+post|"
    r"\bpaired\s+(?:t[\s-]?test|samples?)|\bwilcoxon\s+signed|"
    r"\bfrom\s+[-−]?\d[^;:]{0,40}?\s+to\s+[-−]?\d|"  # 'fell from 32.9% to 29.4%'
    r"\bwithin\s+(?:each|both|either|all|the\s+two)\s+(?:groups?|arms?)\b|"
    rf"\bcompared\s+{AGAINST_BASELINE}",
    re.I,
)
# 'HDL increased significantly in the mangosteen group': a change within that arm (an arm
# set against another says 'higher in A than in B', 'A reduced X compared with B').
CHANGED_IN_ARM = re.compile(
    r"\b(?:increased|decreased|improved|reduced|declined|rose|fell|dropped|worsened)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:in|within|among)\s+(?:the\s+)?(?:[\w.%/+-]+\s+){0,4}?"
    r"(?:group|arm|patients|participants)\b",
    re.I,
)
# 'in both groups', 'in all three arms': a change every arm shows, no arm's own.
EVERY_ARM = re.compile(
    r"\b(?:both|all|each|either)\s+(?:of\s+the\s+)?(?:the\s+)?(?:(?:two|three|four|study|treatment)\s+)?"
    r"(?:groups|arms|conditions)\b|\b(?:in|for|within)\s+both\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?\s+and\s+"
    r"(?:the\s+)?[\w-]+(?:\s+[\w-]+)?\s+(?:groups|arms)\b",
    re.I,
)
BETWEEN = re.compile(
    r"\bbetween\s+(?:the\s+|both\s+)?(?:two\s+|three\s+|treatment\s+)?(?:groups|arms)\b|\bthan\b|"
    rf"\bcompared\s+(?!{AGAINST_BASELINE})(?:with|to)\b|\bvs\.?\b|\bversus\b",
    re.I,
)
BASELINE = re.compile(
    r"^\W*baseline\b(?![\s-]*(?:adjusted|corrected))|\bat\s+baseline\b|\bbaseline\s+(?:characteristics|values|data|scores|levels|measures)\b|"
    r"\bpre[\s-]?(?:induction|operative|treatment|intervention|randomi[sz]ation)\b[^.;]{0,80}"
    r"\b(?:comparable|similar|not\s+(?:significantly\s+)?different)|"
    r"\bbefore\s+(?:the\s+)?(?:intervention|treatment|randomi[sz]ation|training)\b|"
    r"\b(?:demographic|clinical)\s+characteristics\b",
    re.I,
)
NUMBERISH = re.compile(r"^[\d\s.,%±()<>=-]+$")


@dataclass
class TrialContext:
    own: StudyRecord
    arms: TrialArms
    resolver: TargetResolver
    vocabulary: OutcomeVocabulary | None = None
    models: ResultModels | None = None  # the shipped sentence models, when they load
    paper: PaperContext | None = None  # what the paper says of its words, for the taggers


def reports_result(text: str) -> bool:
    return bool(REPORTS.search(text))


Found = tuple[Target, str, tuple[int, int]]  # an outcome, its rule direction, where it is read


def _targets(text: str, start: int, end: int, resolver: TargetResolver) -> list[Found]:
    """(target, rule direction, where in the clause: its cue to its outcome's end) of each
    effect the grammar reads in text[start:end]."""
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
                out.append((t, r.direction, (min(a, r.cue.start) - start, b - start)))
            if out:
                break
    return out


def _stated(clause: str, ctx: TrialContext) -> list[Found]:
    resolver = ctx.resolver
    out = []
    masked = blank_brackets(clause)  # '… the depression [F = 126.04, p < .001], anxiety …'
    for r in readings(masked, tested=bool(TESTED.search(clause))) or counted(clause):
        phrase = " ".join(masked[r.start : r.end].split())
        if NUMBERISH.match(phrase) or not wordlike(phrase):
            continue
        if mentions(phrase, ctx.arms) and len(phrase.split()) <= 4:
            continue  # an arm is the subject: 'coffee significantly improved …'

        out += [(t, r.direction, (min(r.start, r.cue), r.end)) for t in resolver.split(phrase)]
    return out


TESTED = re.compile(r"\bp\s*[<=≤>]|\bsignifican", re.I)


def _tagged(
    clause: str, models: ResultModels, resolver: TargetResolver, paper: PaperContext | None
) -> list[Found]:
    """Where the grammar reads no outcome in a tested clause, the outcome tagger's spans
    ('IL-6 levels at 24 h (p = .02)'), with no direction stated: the numbers or the
    direction model will say."""
    out = []
    for a, b in models.outcomes(clause, paper):
        phrase = clause[a:b]
        if phrase.count("(") > phrase.count(")"):
            phrase = phrase[: phrase.rfind("(")]  # the span stopped inside a bracket
        out += [(t, "", (a, b)) for t in resolver.split(phrase)]
    return out


def _accepted(found: list[Found], ctx: TrialContext) -> bool:
    """Whether any outcome the rules read is one `_outcome` keeps."""
    return any(_outcome(target, ctx) is not None for target, _, _ in found)


def _tagger_read(
    found: list[Found], clause: str, models: ResultModels, ctx: TrialContext
) -> list[Found]:
    """The outcome tagger's spans for a clause whose rules read no outcome, or read only
    phrases that name none ('the percentages of patients in the calm and sedated scale',
    'mean score for variable attitude'): a comparison the rules read keeps its direction
    when they read one."""
    said = {direction for _, direction, _ in found if direction}
    direction = said.pop() if len(said) == 1 else ""
    return [(t, direction, at) for t, _, at in _tagged(clause, models, ctx.resolver, ctx.paper)]


def _one_test(text: str) -> tuple[dict[str, str], int]:
    """The sentence's statistics when it prints one p value ('…in 88%, 76% and 44%; P =
    0.002'), and where that p stands: a clause without statistics of its own reports that
    test when the p follows the clause's start (a p reports what comes before it)."""
    tests = [s for s in parse_statistics(text) if s.name == "p"]
    return (clause_stats(text), tests[0].start) if len(tests) == 1 else ({}, -1)


def _name(arm: Arm | None) -> str:
    return "" if arm is None or is_generic(arm.name) else arm.name


def _outcome(target: Target, ctx: TrialContext) -> tuple[str, str] | None:
    """(construct, instrument) the paper measured, or a trimmed outcome phrase."""
    if target.known or target.instrument:
        return target.construct, target.instrument
    anchored = ctx.vocabulary.anchor(target.text) if ctx.vocabulary else None
    if anchored:
        return anchored[0] or trimmed(target.construct), anchored[1]
    name = trimmed(target.construct)
    if name:
        return name, ""
    expanded = ctx.vocabulary.expand(target.text) if ctx.vocabulary else None
    name = trimmed(target.text).lower()  # 'OS' reads as an acronym before it is lowered
    return expanded or ((name, "") if name else None)


def trial_findings(sent: Sentence, section: str, ctx: TrialContext) -> list[FindingRecord]:
    text = sent.text
    if not reports_result(text):
        return []
    model_direction, confidence = "", 0.6
    if ctx.models is not None:
        # the result-sentence model's probability sets the confidence; it does not filter:
        # on devgold it cost within-group results the EI-trained model rarely saw
        confidence = round(0.4 + 0.5 * ctx.models.is_result([text])[0], 2)
        probs = ctx.models.direction([text])[0]
        model_direction = max(probs, key=lambda k: probs[k])
    out: list[FindingRecord] = []
    tested = bool(TESTED.search(text))
    whole, whole_at = _one_test(text)
    for a, b in clauses(text):
        clause = text[a:b]
        found = _stated(clause, ctx) or _targets(text, a, b, ctx.resolver)
        if ctx.models is not None and (tested or found) and not _accepted(found, ctx):
            found = _tagger_read(found, clause, ctx.models, ctx)
        if not found or (BASELINE.search(clause) and not WITHIN.search(clause)):
            continue  # nothing read, or a check that the arms started alike
        # a p printed after the clause reports it, unless its words say 'not significant'
        borrowed = whole if whole_at >= a and not non_significant(clause) else {}
        stats = clause_stats(clause) or borrowed
        named = mentions(clause, ctx.arms)
        intervention, comparator = arms_of(clause, ctx.arms, named, ctx.paper)
        tests = _tests_of(clause, [at for _, _, at in found])
        for target, rule_direction, at in found:
            outcome = _outcome(target, ctx)
            if outcome is None:
                continue
            part = tests.get(at, "")
            own = clause_stats(part) if part else stats
            stated = rule_direction or _shares(clause, named, intervention)
            direction = stated or model_direction
            within, every = _scope(clause, rule_direction)
            pairs = each_pair(clause, ctx.arms, intervention, comparator)
            for arm, other in [(intervention, comparator)] if within else pairs:
                out.append(
                    FindingRecord(
                        study=ctx.own.label,
                        span=Span(sent.start, sent.end, section, confidence),
                        construct=outcome[0],
                        instrument=outcome[1],
                        intervention="" if every else _name(arm) or ctx.own.intervention,
                        comparator="" if within else _name(other),
                        direction=direction,
                        comparison="pre-post" if within else "vs control",
                        stats=dict(own or stats),
                        significant=_significance(own or stats, direction, part or clause, text),
                        guessed=not stated,
                    )
                )
    return out


def _tests_of(clause: str, read: list[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """Where a clause reads several outcomes and prints several p values ('X did not
    differ (p = 0.82) but Y was higher (p = 0.004)', 'a 17% (p = 0.0004) reduction in X
    and a 19% (p = 0.08) reduction in Y'), each outcome's own words and test: a p reports
    the last outcome read before it that has none yet, else the next one ('a 17% (p = …)
    reduction in X'). Empty where the clause's tests are all of one outcome."""
    spans = sorted(set(read))
    tests = list(P_VALUE.finditer(clause))
    if len({a for a, _ in spans}) < 2 or len(tests) < 2:
        return {}
    owned: dict[tuple[int, int], str] = {}
    for m in tests:
        before = [sp for sp in reversed(spans) if sp[0] <= m.start() and sp not in owned]
        after = [sp for sp in spans if sp[0] > m.start() and sp not in owned]
        if not (before or after):
            break
        near = (before or after)[0]
        begin, end = _test_at(clause, m.start(), m.end())
        owned[near] = clause[min(near[0], begin) : max(near[1], end)]
    return owned


def _test_at(clause: str, start: int, end: int) -> tuple[int, int]:
    """The statistics a p value is printed with: from the bracket that holds it ('(F = 4.1,
    p = .03)'), else from the last comma before it, to where the bracket or list ends."""
    before = clause[max(0, start - 80) : start]
    opened = max(before.rfind(c) for c in "([{")
    closed = max(before.rfind(c) for c in ")]}")
    if opened > closed:
        begin = start - len(before) + opened + 1
    else:
        begin = start - len(before) + max(before.rfind(","), before.rfind(";"), -1) + 1
    stop = STATS_END.search(clause, end)
    return begin, stop.start() if stop else len(clause)


P_VALUE = re.compile(r"(?<![A-Za-z])[pP]\s*[<=≤>]")
STATS_END = re.compile(r"[)\]};,]|$")
SHARE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*%(?!\s*(?:CI|confidence|C\.I))", re.I)


def _shares(clause: str, named: list[Arm], subject: Arm | None) -> str:
    """The direction two shares state for the subject arm, each share read with the arm
    named nearest to it ('27% … in the A group as compared to 1% … in the B group'); ''
    unless the clause prints exactly two shares that go with two different arms."""
    shares = [(float(m.group(1)), m.start()) for m in SHARE.finditer(clause)]
    if subject is None or len(shares) != 2 or not named:
        return ""
    owners = [min(named, key=lambda a: abs(a.start - at)).name for _, at in shares]
    if owners[0] == owners[1] or subject.name not in owners or shares[0][0] == shares[1][0]:
        return ""
    mine, other = (
        (shares[0][0], shares[1][0]) if owners[0] == subject.name else (shares[1][0], shares[0][0])
    )
    return "increase" if mine > other else "decrease"


RATIO = re.compile(
    r"\b(?:a?OR|a?RR|a?HR|IRR|odds\s+ratio|risk\s+ratio|hazard\s+ratio|relative\s+risk|rate\s+ratio)\b"
)
DIFFERENCE = re.compile(r"\b(?:MD|WMD|SMD|mean\s+difference|difference|β|beta|B)\b", re.I)


def _interval_excludes_null(clause: str) -> bool | None:
    """Significance from a printed 95% CI where no p is printed: a ratio's interval
    excluding 1, a difference's excluding 0; None when the clause prints neither."""
    interval = next((s for s in parse_statistics(clause) if s.name == "CI"), None)
    if interval is None:
        return None
    before = clause[: interval.start]
    null = 1.0 if RATIO.search(before) else 0.0 if DIFFERENCE.search(before) else None
    try:
        low, high = sorted(float(v.replace("−", "-")) for v in interval.value.split(","))
    except ValueError:
        return None
    return None if null is None else not low <= null <= high


def _scope(clause: str, direction: str) -> tuple[bool, bool]:
    """(within an arm over time, a change every arm shows): 'X fell from baseline', 'X
    rose in both groups'; 'X was similar in both groups' compares the arms."""
    every = direction in ("increase", "decrease") and bool(EVERY_ARM.search(clause))
    changed = bool(CHANGED_IN_ARM.search(clause))
    within = bool(WITHIN.search(clause) or every or changed) and not BETWEEN.search(clause)
    return within, every and within


def _significance(stats: dict[str, str], direction: str, clause: str, text: str) -> bool | None:
    """From the p value when printed, else from the clause's words, else the sentence's."""
    printed = significance(stats.get("p", ""))
    if printed is None:
        printed = _interval_excludes_null(clause)
    if printed is not None:
        return printed
    if direction == "no change":
        return False
    said = stated_significance(clause)
    return stated_significance(text) if said is None else said
