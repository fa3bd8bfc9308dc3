"""What the studies a paper cites found: "Patients who received MBSR showed a significant
decrease in anxiety and depressive symptoms (9)", "OT (1) yielded higher trust (Kosfeld et
al., 2005), (2) increased perceived attractiveness (Theodoridou et al., 2009)", "Luijten et
al. found reduced N2 amplitudes … [40]".

A sentence gives findings to the studies it cites when it reports a result (a reporting
verb, or a change told in the past: 'produced', 'reduced', 'improved'); each outcome goes
to the study that is the sentence's subject ('X et al. found'), else to the citation that
closes it, so a list whose items each carry a citation gives each item to its own. What a
paper says its own results agree with ('Such decrease … of our participants is consistent
with the results of Evans et al.') stays the paper's own. Outcome phrases lose what only
places them (population, time, task: 'accuracy on a Go/NoGo task in smokers' → accuracy),
and an improvement in a symptom is a decrease of it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..components.citations import Citation
from ..records import FindingRecord, Span
from .effects import Effect, parse_effects
from .prose import REPORTING, clauses, effect_stats, mask
from .reported import groups
from .targets import PEOPLE, Target, TargetResolver

CHANGED = re.compile(
    r"\b(?:produced|yielded|led\s+to|resulted\s+in|benefit(?:ed|ted)|indicat(?:ing|es)|"
    r"(?:has|have)\s+(?:been\s+)?(?:shown|found|reported|observed|described|demonstrated|"
    r"confirmed|documented|proven)|"
    r"(?:was|were)\s+(?:shown|found|observed|reported))\b",
    re.I,
)
# a past tense with its subject before it ('Yoga improved mood'), not an adjective
# ('and reduced energy expenditure', 'the increased amount', 'on reduced body weight')
CHANGED_VERB = re.compile(
    r"(?<!\band )(?<!\bor )(?<!\bthe )(?<!\ba )(?<!\ban )(?<!\bof )(?<!\bin )(?<!\bwith )"
    r"(?<!\bby )(?<!\bon )(?<!\bto )(?<!\bfor )(?<!\bas )(?<!\bis )(?<!\bare )(?<!, )"
    r"(?<!\bfrom )(?<!\btheir )(?<!\bits )\b(?:improved|reduced|increased|decreased|enhanced|"
    r"lowered|alleviated|diminished|promoted|facilitated|attenuated|mitigated)\s+(?!by\b)(?=[a-z])",
    re.I,
)
HYPOTHESIS = re.compile(
    r"\b(?:we|I)\s+(?:hypothesi[sz]ed|expected|predicted|anticipated)\b|\bwould\s+(?:result|lead)"
    r"|\b(?:is|are)\s+(?:expected|hypothesi[sz]ed|assumed)\b",
    re.I,
)
AGREES = re.compile(
    r"\b(?:(?:is|are|was|were|being)\s+)?(?:consistent|in\s+line|in\s+agreement|in\s+accordance|"
    r"congruent|concordant|comparable)\s+with\b|\b(?:support(?:s|ed)?|confirm(?:s|ed)?|"
    r"replicat(?:es|ed)|extend(?:s|ed)?|mirror(?:s|ed)?)\s+(?:the\s+)?(?:previous|earlier|prior|"
    r"findings|results|those)\b",
    re.I,
)
OWN = re.compile(
    r"\b(?:our|we|present|current|this)\s+(?:study|studies|trial|results?|findings?|"
    r"participants|sample|data|intervention)\b|\bour\b|\bwe\b",
    re.I,
)
PLACE = re.compile(
    r"\s+(?:using|within|over|after|before|during|following|via|through|among|across|"
    r"regardless|irrespective|resulting|result(?:ed)?\s+in|as\s+(?:evidenced|measured|assessed|indicated)|"
    r"(?:of|in|among|for)\s+(?:the\s+)?(?:[\w-]+\s+)?"
    + PEOPLE
    + r"|(?:in|on|at|for)\s+(?!(?:the\s+)?(?:[\w-]+\s+){0,3}(?:cortex|gyrus|amygdala|insula|"
    r"hippocampus|striatum|regions?|areas?|network)\b)(?:a|an|the|all|both|older|younger|"
    r"healthy|experienced|naive|naïve|"
    r"novices?|\d+)|in\s+[\w-]+\s+(?:patients|smokers|adults|students|samples?|populations?)|"
    r"in\s+(?:patients|smokers|adults|students|children|women|men|meditators|novices)\b|"
    r"in\s+(?:[\w-]+\s+)?(?:humans|rats|mice|animals)\b|(?:as\s+)?compared|versus|vs\b"
    r"|with\s+an?|by\s+\d+|represents?|promotes?|plays?|is|are|was|were|has|have|which|that"
    r")\b.*$|\s+\d+[\s-]*(?:minutes?|hours?|days?|weeks?|months?|years?)\b.*$|\s*[—–)].*$",
    re.I,
)
NOT_AN_OUTCOME = re.compile(
    r"^[\w-]+(?:al|ive|ous|ic)$|^(?:stronger|weaker|greater|larger|higher|lower|more|less|"
    r"better|worse)$|^(?:\w+ly|rate|rates|results?|benefits?|effects?|impact|outcomes?|particularly|"
    r"possibly|indicating|suggesting|need|measure\s+of)\b",
    re.I,
)
NEGATIVE = re.compile(
    r"anxi|depress|stress|symptom|distress|pain|aggress|craving|fatigue|worry|rumina|exhaust|"
    r"anger|hostil|insomnia|burnout|negative|relapse|recurren|withdrawal|suicid|disorder|"
    r"agitat|inflamm|dysfunction|impair",
    re.I,
)
IMPROVEMENT = re.compile(
    r"\b(?:improv\w*|positive|beneficial|favou?rable)\s+(?:\w+\s+){0,2}$", re.I
)
OWN_RESULT = re.compile(
    r"\b(?:we|our\s+(?:results|findings|data|study))\s+(?:also\s+|further\s+|again\s+)?"
    r"(?:observed|found|saw|detected|showed|show|demonstrated|did\s+not|failed|replicated|"
    r"confirmed|could\s+not)\b|^\s*(?:\w+,\s*)?(?:these|our|the\s+present|the\s+current)\s+"
    r"(?:[\w-]+\s+)?(?:results|findings|data)\b|\b(?:the\s+(?:present|current)\s+(?:study|trial|"
    r"series)|in\s+this\s+(?:study|trial))\b|^\s*(?:\w+,\s*)?(?:(?:consistent|in\s+line|in\s+agreement|"
    r"in\s+accordance|congruent)\s+with|as\s+in|like|similar\s+to)\b",
    re.I,
)
MODAL = re.compile(r"\b(?:may|might|could|would|should|can)\b", re.I)
UNSTUDIED = re.compile(
    r"\bnot\s+(?:yet\s+)?(?:been\s+)?(?:studied|evaluated|examined|investigated|tested|explored|"
    r"assessed|addressed|shown|known|clear)\b|\b(?:is|are|remains?)\s+(?:still\s+)?(?:unknown|"
    r"unclear|uncertain|controversial|debated)\b|\bno\s+(?:[\w-]+\s+){1,2}(?:has|have)\s+been\s+"
    r"shown|\b(?:is|are)\s+recommended\b|\brationale\b",
    re.I,
)
SOURCE_ONLY = re.compile(
    r"(?:\(|;)\s*(?:see|cf\.?|for\s+(?:a\s+)?reviews?,?\s*see)\s*(?:also\s*)?$", re.I
)
THAT = re.compile(r"\b(?:shown|found|demonstrated|reported|revealed|showed|show)\s+that\b", re.I)
PRESENT = re.compile(
    r"\b(reduc|improv|increas|decreas|enhanc|alleviat)es\b(?!\s+(?:in|of|on)\b)", re.I
)
GERUND = re.compile(r"\b(in )(reduc|improv|increas|decreas|enhanc|alleviat)ing\b", re.I)
AND_GERUND = re.compile(r"\b(and )(reduc|improv|increas|decreas|enhanc|alleviat)ing\b", re.I)
SYNONYMS = {
    "promoted": "enhanced",
    "facilitated": "enhanced",
    "heightened": "enhanced",
    "attenuated": "reduced",
    "mitigated": "reduced",
    "lessened": "reduced",
    "suppressed": "reduced",
    "elevations": "increases",
    "elevation": "increase",
}
SYNONYM = re.compile(rf"\b({'|'.join(SYNONYMS)})\b(?!\s+by\b)", re.I)
# where a sentence goes on to say something else ('…, and can cultivate', '…, and that X')
PREDICATE = re.compile(
    r",?\s+(?:and|but|while|whereas)\s+(?:that|can|could|may|might|has|have|had|is|are|was|"
    r"were|it|they|this|these|those)\b|;",
    re.I,
)
HIGHER = re.compile(r"\b(?:higher|greater|more|larger)\b", re.I)
LOWER = re.compile(r"\b(?:lower|less|fewer|smaller)\b", re.I)
QUANTITY = re.compile(
    r"\b(amplitude|time|rate|latenc|duration|concentration|value|level)(s|ies)$", re.I
)
LEADING = re.compile(r"^(?:both|either|all|the|a|an)\s+", re.I)
LIST = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|as\s+well\s+as)\s+", re.I)
GLUE = {"state", "trait", "self", "others", "body", "mind", "social"}


def reports_result(sentence: str) -> bool:
    said = REPORTING.search(sentence) or CHANGED.search(sentence) or CHANGED_VERB.search(sentence)
    return bool(said) and not HYPOTHESIS.search(sentence)


def _own_part(masked: str, first_citation: int) -> int:
    """Where a sentence stops telling the paper's own result: at 'is consistent with …'
    when what comes before speaks of the paper's own study or cites nobody; else 0."""
    agrees = AGREES.search(masked)
    if agrees and (OWN.search(masked[: agrees.start()]) or first_citation > agrees.start()):
        return agrees.start()
    return 0


def _placed(target: Target, resolver: TargetResolver) -> list[Target]:
    """The outcomes of a phrase without what only places them, a list split into its
    items ('residual symptoms and relapse rates'; not inside an of-phrase: 'processing
    of signals and feedback' is one), each re-read; none when what is left names no
    outcome."""
    if target.known:
        return [target]  # a lexicon's outcome, whole
    text = PLACE.sub("", target.text).strip(" ,;.:\u200e")
    text = re.sub(r"\s+(?:and|or)$", "", text)
    text = LEADING.sub("", text)
    if not text or NOT_AN_OUTCOME.match(text) or len(text.split()) > 8 or "(" in text:
        return []
    parts = [p for p in LIST.split(text) if p]
    first = LIST.split(text, maxsplit=1)[0]
    if (
        len(parts) > 1
        and " of " not in f" {first} "
        and all(len(p.split()) <= 5 and p.lower() not in GLUE for p in parts)
    ):
        found = [resolver.target(p) for p in parts if not NOT_AN_OUTCOME.match(p)]
        return [_singular(t) for t in found if t is not None]
    again = target if text == target.text else resolver.target(text)
    return [_singular(again)] if again is not None else []


def _singular(target: Target) -> Target:
    """A measured quantity named in the singular, as constructs are: 'reaction times' ->
    'reaction time', 'N2 amplitudes' -> 'N2 amplitude'."""
    if target.known:
        return target
    one = QUANTITY.sub(
        lambda m: m.group(1) + ("y" if m.group(2) == "ies" else ""), target.construct
    )
    return replace(target, construct=one)


def _owners(
    position: int, following: int, cited: list[tuple[bool, list[Citation]]]
) -> list[Citation]:
    """The studies an outcome at `position` is credited to: the narrative subject before
    it; else every citation between it and the next outcome ('Improvements in X have been
    found in meditators [59], after a retreat [60] and in novices [30]'), or the first
    after it; else the last one before it."""
    narrative = [g for narrative, g in cited if narrative and g[0].start < position]
    if narrative:
        return narrative[-1]
    between = [c for _, g in cited if position <= g[0].start < following for c in g]
    if between:
        return between
    after = [g for _, g in cited if g[0].start >= position]
    if after:
        return after[0]
    before = [g for _, g in cited if g[0].start < position]
    return before[-1] if before else []


def _direction(effect: Effect, target: Target, lead: str) -> str:
    """An improvement in (or a positive effect on) a symptom is a decrease of it; a
    cited study's 'higher levels of X than …' is an increase."""
    if effect.direction == "increase" and IMPROVEMENT.search(lead) and NEGATIVE.search(target.text):
        return "decrease"
    if not effect.direction and effect.comparison == "between groups":
        return "increase" if HIGHER.search(lead) else "decrease" if LOWER.search(lead) else ""
    return effect.direction


def _finders(sentence: str, start: int, citations: list[Citation]) -> list[Citation]:
    """The citations that can own a result: not a source to 'see', and not a year-less
    'Luijten et al.' when the sentence also cites that author by number or year."""
    out = []
    for c in citations:
        head = sentence[: max(c.start - start, 0)]
        if SOURCE_ONLY.search(head[-40:]):
            continue
        named = sentence[max(c.start - start, 0) : c.end - start]
        yearless = named[:1].isalpha() and not re.search(r"\d|press|review|submitted", named)
        if yearless and any(o is not c and o.first_author == c.first_author for o in citations):
            continue
        out.append(c)
    return out


def _as_results(masked: str) -> str:
    """The sentence with what a cited study found told as a change the effect grammar
    reads, each word replaced by one of the same length so offsets hold: 'has shown that
    training reduces anxiety' -> 'reduced', 'beneficial in reducing stress' -> 'reduced ',
    'promoted trust' -> 'enhanced trust'."""
    if THAT.search(masked):
        masked = PRESENT.sub(lambda m: m.group(1) + "ed", masked)
    if GERUND.search(masked):  # 'beneficial in enhancing A and decreasing B'
        masked = GERUND.sub(lambda m: m.group(1) + m.group(2) + "ed ", masked)
        masked = AND_GERUND.sub(lambda m: m.group(1) + m.group(2) + "ed ", masked)
    return SYNONYM.sub(lambda m: SYNONYMS[m.group(1).lower()].ljust(len(m.group(1))), masked)


def cited_findings(
    sentence: str,
    start: int,
    section: str,
    citations: list[Citation],
    resolver: TargetResolver,
    default_comparison: dict[str, str],
) -> list[tuple[Citation, FindingRecord]]:
    """Findings of the studies cited in one sentence, each with the study it belongs to."""
    if not citations or not reports_result(sentence) or OWN_RESULT.search(sentence):
        return []
    masked = mask(sentence, start, [(c.start, c.end) for c in citations])
    cited = groups(sentence, start, _finders(sentence, start, citations))
    own_until = _own_part(masked, min(c.start for c in citations) - start)
    read = _as_results(masked)
    told: list[tuple[Effect, dict[str, str], int, str]] = []
    starts: list[int] = []  # where every effect begins, those left out too
    for a, b in clauses(read):
        if UNSTUDIED.search(read[a:b]):
            continue  # what nobody has studied yet
        effects = parse_effects(read[a:b], resolver, start + a, prose=True)
        starts += [e.start for e in effects]
        for e, stats in zip(effects, effect_stats(sentence[a:b], start + a, effects), strict=True):
            if e.start - start < own_until:
                continue  # the paper's own result, said to agree with the cited one
            if MODAL.search(read, max(a, e.start - start - 40), max(e.start - start, a)):
                continue  # what a study might show
            if not e.direction and not (e.target.known or e.named):
                continue  # an association with no direction must at least name a construct
            at = read.find(e.target.text, max(e.start - start, 0))
            cue = max(e.start - start, 0)  # an outcome told before its cue: 'X improved'
            lead = read[cue:at] if at >= cue else " ".join(read[cue : cue + 40].split()[:2]) + " "
            told.append((e, stats, start + (at if at >= 0 else e.start - start), lead))
    positions = sorted({position for _, _, position, _ in told} | set(starts))
    breaks = [start + m.start() for m in PREDICATE.finditer(read)]
    out: list[tuple[Citation, FindingRecord]] = []
    seen: set[tuple[str, str, str]] = set()
    for e, stats, position, lead in told:
        following = min(
            (p for p in [*positions, *breaks] if p > position), default=start + len(sentence)
        )
        for target in _placed(e.target, resolver):
            direction = _direction(e, target, lead)
            if not direction and not (target.known or e.named):
                continue
            for cite in _owners(position, following, cited):
                if (cite.label, target.construct, direction) in seen:
                    continue
                seen.add((cite.label, target.construct, direction))
                finding = FindingRecord(
                    study=cite.label,
                    span=Span(start, start + len(sentence), section, 0.6),
                    construct=target.construct,
                    instrument=target.instrument,
                    direction=direction,
                    comparison=e.comparison or default_comparison.get(cite.label, ""),
                    stats=dict(stats),
                )
                out.append((cite, finding))
    return out
