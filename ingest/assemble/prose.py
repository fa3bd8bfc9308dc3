"""Studies and findings from running text: the paper's own study (authors, N, design,
arms) and sentences that report what a cited study found."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..components._text import split_outside_parentheses
from ..components.citations import Citation
from ..components.statistics import parse_statistics
from ..document import Document
from ..records import ArmRecord, FindingRecord, Span, StudyRecord
from .arms import TrialArms
from .designs import design_of
from .effects import Effect, parse_effects
from .reported import groups
from .sample import TENS, UNITS, stated_size
from .sample import number as word_number
from .targets import PEOPLE, TargetResolver

_ONES = "|".join(w for w, n in UNITS.items() if 1 <= n <= 9)
WORD_NUMBER = re.compile(
    rf"\b((?:{'|'.join(TENS)})(?:[\s-](?:{_ONES}))?|one hundred(?: and \w+)?|\d{{1,5}}|"
    + "|".join(UNITS)
    + r")\b",
    re.I,
)
PARTICIPATED = re.compile(
    rf"(?P<n>\b[\w-]+(?:\s[\w-]+)?)\s+(?:\w+\s){{0,3}}?{PEOPLE}\b[^.]{{0,60}}?\b"
    r"(?:participated|took part|were (?:randomi[sz]ed|recruited|included|enrolled|allocated)|"
    r"completed|enrolled)",
    re.I,
)
TOTAL_N = re.compile(r"\b(?:N|total sample of|sample of|total of)\s*=?\s*(\d{2,5})\b")
REPORTING = re.compile(
    r"\b(?:found|find|finding|findings|showed|show|shown|showing|reported|report|"
    r"demonstrated|observed|revealed|results?|predicted|correlated|"
    r"indicated|resulted in|led to|experienced|identif(?:y|ied)|yielded|suggest(?:ed|s)?|"
    r"evidenced|evidence that|was associated|were associated|had a)\b",
    re.I,
)
CONTROL_ARM = re.compile(r"control|wait[\s-]*list", re.I)


INITIALS = re.compile(r"^(?:[A-Z]\.?-?){1,3}$")
PARTICLES = frozenset("van von der den de del della di da du le la ter ten bin al el".split())


def surname_of(name: str) -> str:
    """An author's surname however the name is printed: 'Catherine I. Andreu', 'S Asmaee
    Majid' (initials first: the rest is the surname), 'Majid SA', 'Majid, S.', 'Ruud van
    der Berg'."""
    if "," in name:
        return name.split(",")[0].strip()
    words = name.split()
    if len(words) > 1 and INITIALS.match(words[-1]):
        return " ".join(w for w in words if not INITIALS.match(w))
    lead = 0
    while lead < len(words) - 1 and INITIALS.match(words[lead]):
        lead += 1
    if lead:
        return " ".join(words[lead:])
    last = len(words) - 1
    while last > 1 and words[last - 1].lower() in PARTICLES:
        last -= 1
    return " ".join(words[last:])


def own_label(doc: Document) -> tuple[str, str, str] | None:
    """How the paper's own study is cited: 'Bartels-Velthuis et al. 2020'."""
    if not doc.authors or not doc.year:
        return None
    surnames = doc.surnames or [n for n in map(surname_of, doc.authors) if n]
    first = surnames[0]
    rest = " et al." if len(surnames) > 2 else f" and {surnames[1]}" if len(surnames) == 2 else ""
    return f"{first}{rest} {doc.year}", first, str(doc.year)


@dataclass
class SampleFacts:
    n: str = ""
    span: tuple[int, int] = (0, 0)
    arms: list[ArmRecord] | None = None


PARTICIPATION_VERB = re.compile(
    r"participated|took part|randomi[sz]ed|recruited|included|enrolled|allocated|completed", re.I
)


def sample_facts(doc: Document) -> SampleFacts:
    """N and arms from sentences like 'Forty-seven professionals participated …, of whom
    twenty-five followed the training and twenty-two were in the control group'."""
    for p in doc.paragraphs:
        if not PARTICIPATION_VERB.search(p.text):
            continue  # PARTICIPATED is slow; most paragraphs have none of its verbs
        for m in PARTICIPATED.finditer(p.text):
            n = _leading_number(m.group("n"))
            if n is None or n < 4:
                continue
            sentence_end = p.text.find(".", m.end())
            tail = p.text[m.end() : sentence_end if sentence_end > 0 else None]
            return SampleFacts(
                str(n), (p.start + m.start(), p.start + m.end() + len(tail)), _arms(tail)
            )
    for p in doc.paragraphs:
        total = TOTAL_N.search(p.text)
        if total:
            return SampleFacts(total.group(1), (p.start + total.start(), p.start + total.end()))
    return SampleFacts()


ARM_N = re.compile(
    r"(?P<name>(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,3}?)\s*(?:group|arm|condition)?\s*"
    r"\(\s*n\s*=\s*(?P<n>\d+)\s*[),;]",
    re.I,
)


def arms_in(doc: Document) -> list[ArmRecord]:
    """Arms named with their size: 'intervention group (n = 30) and wait-list (n = 28)'."""
    texts = [doc.abstract] + [
        p.text
        for p in doc.paragraphs
        if re.search(r"method|participant|sample|design|result|procedure", p.section, re.I)
    ]
    arms: list[ArmRecord] = []
    for text in texts:
        for m in ARM_N.finditer(text):
            name = m.group("name").strip()
            if re.search(r"\b(?:total|sample|all|participants|women|men|age)\b", name, re.I):
                continue
            role = "control" if CONTROL_ARM.search(name) else "treatment"
            if role not in {a.role for a in arms}:
                arms.append(ArmRecord(role, m.group("n"), name))
        if len(arms) == 2:
            return arms
    return arms if len(arms) == 2 else []


def _leading_number(words: str) -> int | None:
    for m in WORD_NUMBER.finditer(words):
        value = word_number(m.group(1))
        if value is not None:
            return value
    return None


ARM_WORDS = re.compile(
    r"\b(?:group|arm|condition|control|wait[\s-]*list|followed|allocated|"
    r"assigned|randomi[sz]ed\s+to|received)\b",
    re.I,
)
UNIT_AFTER = re.compile(
    r"^\s*(?:%|ml|mg|g\b|kg|yr|years?|months?|weeks?|days?|h\b|hours?|min|Gy|"
    r"IU|mmol|cm|mm)",
    re.I,
)


def _arms(tail: str) -> list[ArmRecord]:
    arms: list[ArmRecord] = []
    for part in re.split(r"\band\b|;|,", tail):
        if not ARM_WORDS.search(part):
            continue
        m = next(
            (m for m in WORD_NUMBER.finditer(part) if not UNIT_AFTER.match(part[m.end() :])), None
        )
        n = word_number(m.group(1)) if m else None
        if n is None or n < 2:
            continue
        role = "control" if CONTROL_ARM.search(part) else "treatment"
        if role not in {a.role for a in arms}:
            arms.append(ArmRecord(role, str(n), part.strip()))
    return arms


DESIGN_RANK = [
    "matched-randomised-controlled",
    "randomised-controlled",
    "non-randomised-controlled",
    "experimental",
    "cross-sectional",
    "qualitative",
    "pre-post",
]


METHOD_PART = re.compile(
    r"method|design|procedure|particip|subject|sample|population|recruit|enrol", re.I
)


def own_design(doc: Document) -> str:
    """The paper's own design: the most specific one its abstract and methods name; an
    uncontrolled-sounding design with a control group is a non-randomised controlled one."""
    texts = [doc.abstract] + [p.text for p in doc.paragraphs if METHOD_PART.search(p.section)]
    found = {design_of(t) for t in texts} - {""}
    design = next((d for d in DESIGN_RANK if d in found), "")
    controlled = any(CONTROL_ARM.search(t) for t in texts)
    if controlled and design in ("", "pre-post"):
        return "non-randomised-controlled"
    return design


def own_study(
    doc: Document, instruments: list[str], intervention: str, arms: TrialArms
) -> StudyRecord | None:
    cited = own_label(doc)
    if cited is None:
        return None
    label, first, year = cited
    facts = sample_facts(doc)
    stated = stated_size(doc)
    if stated:
        facts.n, facts.span = stated
    sized = [a for a in arms.arms if a.n]
    if not facts.n and len(sized) >= 2 and len(sized) == len(arms.arms):
        facts.n = str(sum(int(a.n) for a in sized))
        facts.span = (max(sized[0].start, 0), max(sized[-1].end, sized[0].start + 1, 1))
    if len(sized) >= 2 and (not facts.arms or len(facts.arms) < len(sized)):
        role = {"experimental": "treatment", "control": "control"}
        facts.arms = [ArmRecord(role[a.role], a.n, a.name) for a in arms.arms]
    start, end = facts.span if facts.n else (0, min(len(doc.text), len(doc.title) or 1))
    return StudyRecord(
        label=label,
        first_author=first,
        year=year,
        span=Span(start, end, "", 0.8),
        n=facts.n,
        design=own_design(doc),
        intervention=intervention,
        arms=facts.arms or [],
        instruments=instruments,
        qualitative=False,
    )


CLAUSE = re.compile(r";|,?\s+(?:whereas|while|but|although)\b", re.I)
STAT_KEYS = {
    "F": "F",
    "p": "p",
    "partial_eta_sq": "partial_eta_sq",
    "eta_sq": "partial_eta_sq",
    "d": "d",
    "r": "r",
}


def mask(sentence: str, start: int, spans: list[tuple[int, int]]) -> str:
    """The sentence with citations blanked (same length, so offsets hold)."""
    chars = list(sentence)
    for s, e in spans:
        for i in range(max(s - start, 0), min(e - start, len(chars))):
            chars[i] = " "
    text = "".join(chars)
    return re.sub(
        r"\((?:[\s;,–-]|and|e\.g\.|see|cf\.)*\)|\[(?:[\s;,–-]|and)*\]",
        lambda m: " " * len(m.group(0)),
        text,
    )


def clauses(text: str) -> list[tuple[int, int]]:
    """Clause bounds at ';' and 'whereas / while / but / although', not inside parentheses."""
    return split_outside_parentheses(text, CLAUSE)


def clause_stats(text: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for st in parse_statistics(text):
        key = STAT_KEYS.get(st.name)
        if key and key not in values:
            values[key] = st.value if st.comparator in ("=", "") else f"{st.comparator}{st.value}"
            if st.name == "F" and st.df:
                values["df"] = st.df
    return values


def effect_stats(text: str, base: int, effects: list[Effect]) -> list[dict[str, str]]:
    """The statistics of each effect in a clause: those between its cue and the next
    effect's cue ('increased X, F(1, 38) = 5.12, p = .030, and reduced Y'); the clause's
    own when it reports one effect."""
    if len(effects) <= 1:
        return [clause_stats(text) for _ in effects]
    starts = sorted({e.start - base for e in effects})
    out = []
    for e in effects:
        lo = e.start - base
        hi = next((s for s in starts if s > lo), len(text))
        out.append(clause_stats(text[lo:hi]))
    return out


def _owners(effect_start: int, groups: list[tuple[bool, list[Citation]]]) -> list[Citation]:
    narrative = [g for narrative, g in groups if narrative and g[0].start < effect_start]
    if narrative:
        return narrative[-1]
    after = [g for _, g in groups if g[0].start >= effect_start]
    if after:
        return after[0]
    before = [g for _, g in groups if g[0].start < effect_start]
    return before[-1] if before else []


def sentence_findings(
    sentence: str,
    start: int,
    section: str,
    citations: list[Citation],
    resolver: TargetResolver,
    default_comparison: dict[str, str],
) -> list[tuple[Citation, FindingRecord]]:
    """Findings of the cited studies in one sentence that reports a result; each effect
    goes to the study that is its subject, or else to the citation that closes it."""
    if not citations or not REPORTING.search(sentence):
        return []
    masked = mask(sentence, start, [(c.start, c.end) for c in citations])
    cited = groups(sentence, start, citations)
    out = []
    for a, b in clauses(masked):
        effects = parse_effects(masked[a:b], resolver, start + a, prose=True)
        for e, stats in zip(effects, effect_stats(sentence[a:b], start + a, effects), strict=True):
            if not e.direction and not (e.target.known or e.named):
                continue  # an association with no direction must at least name a construct
            for cite in _owners(e.start, cited):
                cmp = e.comparison or default_comparison.get(cite.label, "")
                out.append(
                    (
                        cite,
                        FindingRecord(
                            study=cite.label,
                            span=Span(start, start + len(sentence), section, 0.6),
                            construct=e.target.construct,
                            instrument=e.target.instrument,
                            direction=e.direction,
                            comparison=cmp,
                            stats=dict(stats),
                        ),
                    )
                )
    return out
