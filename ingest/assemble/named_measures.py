"""Instruments and interventions a paper names without defining an abbreviation:

- subscales described inside an instrument's description: "… has two subscales:
  Work Strain (8 items) and …", "… comprises the Strain Scale and the Drain Scale";
- a measure named by what it measures, with its citation: "a new measure of
  gratitude (Author 2001)";
- what participants completed: "participants completed a feedback form";
- a programme named in an appositive: "Open Circle, a school-based programme …".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ontology.lexicon import Lexicon, normalise

from ..analysis import Analysis, Block, Sentence
from ..components.citations import parse_citations
from ..records import Extraction, InstrumentRecord, InterventionRecord, Span
from .prose import word_number
from .terms import measured_construct

_CAP = r"[A-Z][A-Za-z'’]*(?:-[A-Za-z'’]+)*"
_JOIN = r"(?:of\s+the|of|and|for|with|to|in|on)\s+"
NAME = rf"(?<![\w'’-]){_CAP}(?:\s+(?:{_JOIN})?{_CAP}){{0,5}}"
_NOT_SCALE = r"(?!(?:Sub-?scale|Scale)\b)"
_COUNT = r"\d{1,3}|[a-z]+(?:[\s-][a-z]+)?"
ITEM_COUNT = re.compile(
    rf"(?P<name>{NAME})\s*\(\s*(?P<n>{_COUNT})[\s-]items?\b[^()]{{0,40}}\)",
)
SCALE_NAME = re.compile(
    rf"(?P<name>(?<![\w'’-]){_NOT_SCALE}{_CAP}(?:\s+(?:{_JOIN})?{_NOT_SCALE}{_CAP}){{0,4}}"
    r"\s+(?:Sub-?scale|Scale))\b(?!\s*\()"
)
WHOLE_INSTRUMENT = re.compile(
    r"\b(?:Questionnaire|Inventory|Index|Measure|Survey|Test|Checklist|Schedule|Profile)$"
)
SUBSCALE_CUE = re.compile(r"\bsub-?scales?\b", re.I)
LEADING = re.compile(r"^(?:(?:The|A|An|Its|Their|This|Both|Each|Subscale|Sub-scale)\s+)+")
MEASURE_OF = re.compile(
    r"\b(?P<before>\w+\s+)?(?:a|an|the)\s+(?:[a-z][\w-]*\s+){0,3}?"
    r"(?P<name>(?:measure|scale|questionnaire|inventory|index|instrument)\s+of\s+"
    r"(?P<construct>[a-z][\w'’-]*(?:\s+[a-z][\w'’-]*){0,5}?))\s*\((?P<cite>[^()]{4,160})\)"
)
COMPLETED = re.compile(
    r"\b(?:[Cc]omplet(?:ed|es|e|ing)|fill(?:ed|s|ing)?\s+(?:in|out)|return(?:ed|s|ing)?|"
    r"kept|keep(?:s|ing)?|maintain(?:ed|s|ing)?)\s+(?:a|an|the|one)\s+"
    r"(?P<mods>(?:[\w’'-]+\s+){1,3}?)"
    r"(?P<head>form|questionnaire|survey|diary|journal|log|logbook|booklet|packet)\b(?![-\w])"
)
# 'ProActive Heart, a telephone delivered … program': kept because it names programmes
# beyond the source papers (one of 160 ei-dev training articles, two of pmc-sample's 200;
# one false hit there, a software package, 'Dentascan, a … program').
APPOSITIVE = re.compile(
    rf"(?P<name>{NAME}),\s+(?:a|an)\s+(?P<desc>(?:[\w-]+\s+){{0,6}}?)"
    r"(?:programmes?|programs?|interventions?|training|therapy|course|meditation)"
    r"(?=\s*[,.;:()]|\s+(?:which|that|where|developed|designed|based|for|with|in|of|to|"
    r"aimed|focused|focusing|created|adapted|delivered|consisting|comprising|including|"
    r"taught|offered|originally|rooted|grounded|derived)\b|\s*$)"
)
PURPOSE = re.compile(
    r"\b[Tt]o (?:assess|measure|evaluate|examine|gauge|capture|determine)\s+(?:the\s+)?"
    r"(?P<construct>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3}?)(?=\s+(?:of|in|among|with|at)\b|,)"
)
NOT_CONSTRUCT = frozenset(
    "the a an how their his her its this these those which what whether each all "
    "participants patients".split()
)
STATISTICAL = frozenset(
    """effect size association agreement reliability consistency variance variability
    dispersion fit heterogeneity bias precision correlation significance spread
    uncertainty""".split()
)
DROP_MODIFIERS = frozenset(
    """online paper same following brief short self-report self-reported additional
    final baseline follow-up written web-based electronic anonymous standard standardised
    standardized structured semi-structured new further second first third separate
    single previous printed completed mailed postal internet web email e-mail telephone
    phone custom custom-designed purpose-designed self-designed self-developed
    study-specific comprehensive detailed general lengthy ad hoc""".split()
)
NOT_MEASURES = frozenset(
    """consent registration enrolment enrollment application contact referral booking
    order demographic demographics background intake sign-up screening eligibility
    and or the a an of to with in for on at by from their his her its this that""".split()
)
NOT_PROGRAMMES = frozenset(
    """software computer statistical research graduate postgraduate doctoral degree
    residency funding screening vaccination""".split()
)
NOT_DESCRIPTION = frozenset(
    """who whose which that where of for in with to by on at from developed created
    designed founded introduced pioneered described proposed called known named""".split()
)
NOT_NAMES = frozenset(
    """However Moreover Furthermore Recently Previously Similarly Likewise Here Thus
    Therefore Finally First Second Third Instead Overall Notably Indeed Additionally
    Conversely Meanwhile Nevertheless Specifically Importantly Interestingly Hence Yet
    Also Again In For During After Before With Like Unlike As At By From On Of To While
    Although Since Following Part Section Form Version Study Table Appendix Figure Time
    Session Week Phase Item Items Total""".split()
)


@dataclass
class _Seen:
    """Names and abbreviations the paper already has, normalised."""

    instruments: dict[str, InstrumentRecord] = field(default_factory=dict)
    interventions: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, ext: Extraction) -> _Seen:
        seen = cls()
        for ins in ext.instruments:
            seen.add(ins)
        for iv in ext.interventions:
            seen.interventions |= {normalise(f) for f in (iv.abbrev, iv.name, iv.key) if f}
        return seen

    def add(self, ins: InstrumentRecord) -> None:
        for form in (ins.abbrev, ins.name):
            if form:
                self.instruments.setdefault(normalise(form), ins)


def named_terms(ext: Extraction, analysis: Analysis, lexicon: Lexicon) -> None:
    """Add the instruments and interventions named in prose without an abbreviation."""
    seen = _Seen.of(ext)
    for block in analysis.blocks:
        for ins in _subscales(block, ext.instruments, seen, lexicon):
            _keep(ext, seen, ins)
        for sent in block.sentences:
            for ins in [*_measures_of(sent, block, seen), *_completed(sent, block.section, seen)]:
                if not lexicon.lookup(ins.name, "instrument"):
                    _keep(ext, seen, ins)
            for iv in _appositives(sent, block.section, lexicon):
                forms = {normalise(f) for f in (iv.name, iv.key) if f}
                if not forms & seen.interventions:
                    seen.interventions |= forms
                    ext.interventions.append(iv)


def _keep(ext: Extraction, seen: _Seen, ins: InstrumentRecord) -> None:
    if normalise(ins.name) not in seen.instruments:
        seen.add(ins)
        ext.instruments.append(ins)


def _known_construct(name: str, lexicon: Lexicon) -> list[str]:
    construct = measured_construct(name, lexicon)
    return [construct] if lexicon.lookup(construct, "construct") else []


def _clean_name(name: str) -> str:
    return LEADING.sub("", name).strip()


def _subscales(
    block: Block, instruments: list[InstrumentRecord], seen: _Seen, lexicon: Lexicon
) -> list[InstrumentRecord]:
    """Capitalised subscale names an instrument's description gives with an item count,
    or as '<Name> Scale' in a sentence about subscales; each tied to its parent (the
    instrument named last before them). A whole instrument named with an item count
    ('… Questionnaire (12 items)') is not a subscale."""
    found: list[InstrumentRecord] = []
    for sent in block.sentences:
        cues = list(SUBSCALE_CUE.finditer(sent.text))
        candidates = [(m, m.group("n")) for m in ITEM_COUNT.finditer(sent.text)]
        if cues:
            candidates += [(m, "") for m in SCALE_NAME.finditer(sent.text, cues[-1].end())]
        first = min((m.start() for m, _ in candidates), default=0)
        for match, count in candidates:
            name = _clean_name(match.group("name"))
            items = word_number(count) if count else None
            if (
                (count and items is None)
                or not _is_new_name(name, seen, lexicon)
                or any(normalise(f.name) == normalise(name) for f in found)
            ):
                continue
            if not cues and WHOLE_INSTRUMENT.search(name):
                continue
            parent = _parent(block, sent, first, instruments + found)
            if parent is None:
                continue
            start = sent.start + match.start("name") + match.group("name").index(name)
            found.append(
                InstrumentRecord(
                    abbrev="",
                    name=name,
                    span=Span(start, start + len(name), block.section, 0.6),
                    measures=_known_construct(name, lexicon),
                    citation=parent.citation,
                    items=str(items) if items else "",
                    part_of=parent.key or parent.abbrev or parent.name,
                )
            )
            if name not in parent.subscales:
                parent.subscales.append(name)
    return found


def _is_new_name(name: str, seen: _Seen, lexicon: Lexicon) -> bool:
    return (
        len(name) > 3
        and not name.isupper()
        and name.split()[0] not in NOT_NAMES
        and normalise(name) not in seen.instruments
        and lexicon.lookup(name, "instrument") is None
    )


def _parent(
    block: Block, sent: Sentence, cut: int, instruments: list[InstrumentRecord]
) -> InstrumentRecord | None:
    """The instrument last named in the block before `cut` (an offset in the sentence)."""
    end = sent.start + cut
    text = block.text[: end - block.start]
    best: tuple[int, InstrumentRecord] | None = None
    for ins in instruments:
        where = max(
            (
                m.start() + block.start
                for form in (ins.abbrev, ins.name)
                if form
                for m in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text)
            ),
            default=ins.span.start if block.start <= ins.span.start < end else -1,
        )
        if where >= 0 and (best is None or where > best[0]):
            best = (where, ins)
    return best[1] if best else None


def _measures_of(sent: Sentence, block: Block, seen: _Seen) -> list[InstrumentRecord]:
    """'a relatively new measure of gratitude (Author 2001)': a measure named by what
    it measures, with the work that introduced it."""
    found = []
    cited: set[str] | None = None  # made on the first match: most sentences have none
    for m in MEASURE_OF.finditer(sent.text):
        if cited is None:
            cited = {ins.citation for ins in seen.instruments.values() if ins.citation}
        words = m.group("construct").split()
        cites = parse_citations(m.group("cite"))
        if (
            not cites
            or m.group("cite")[: cites[0].start].strip(" ,;:") not in ("", "e.g.", "e.g", "see")
            or cites[0].label in cited
            or words[0] in NOT_CONSTRUCT
            or STATISTICAL & set(words)
            or (m.group("before") or "").strip().lower() == "as"
        ):
            continue
        start = sent.start + m.start("name")
        found.append(
            InstrumentRecord(
                abbrev="",
                name=m.group("name"),
                span=Span(start, sent.start + m.end(), block.section, 0.6),
                measures=[m.group("construct")],
                citation=cites[0].label,
            )
        )
    return found


def _completed(sent: Sentence, section: str, seen: _Seen) -> list[InstrumentRecord]:
    """'participants completed an evaluation form': a form, questionnaire, diary or log
    named by what it is for (a bare 'questionnaire' names nothing)."""
    found = []
    for m in COMPLETED.finditer(sent.text):
        mods = m.group("mods").split()
        lowered = [w.lower() for w in mods]
        if any(w in NOT_MEASURES or normalise(w) in seen.instruments for w in lowered):
            continue
        items = None
        while mods and (mods[0].lower() in DROP_MODIFIERS or _item_count(mods[0])):
            items = items or _item_count(mods[0])
            mods = mods[1:]
        if not mods or not all(re.fullmatch(r"[A-Za-z][\w’'-]*", w) for w in mods):
            continue
        purpose = PURPOSE.search(sent.text, 0, m.start())
        if purpose and purpose.group("construct").split()[0] in NOT_CONSTRUCT:
            purpose = None
        first = sent.text.index(mods[0], m.start("mods"))
        start = sent.start + first
        name = sent.text[first : m.end("head")]
        found.append(
            InstrumentRecord(
                abbrev="",
                name=name,
                span=Span(start, sent.start + m.end(), section, 0.6),
                measures=[purpose.group("construct")] if purpose else [],
                items=str(items) if items else "",
            )
        )
    return found


def _item_count(word: str) -> int | None:
    m = re.fullmatch(r"(\d{1,3}|[a-z]+)-items?", word.lower())
    return word_number(m.group(1)) if m else None


def _appositives(sent: Sentence, section: str, lexicon: Lexicon) -> list[InterventionRecord]:
    """'Open Circle, a school-based programme which …': a programme named by its own
    capitalised name and described right after it."""
    found = []
    for m in APPOSITIVE.finditer(sent.text):
        name = _clean_name(m.group("name"))
        words = name.split()
        desc = m.group("desc").lower().split()
        if (
            not words
            or words[0] in NOT_NAMES
            or name.isupper()
            or NOT_PROGRAMMES & set(desc)
            or NOT_DESCRIPTION & set(desc)
        ):
            continue
        if len(words) < 2 and (m.start("name") == 0 or len(name) < 4):
            continue
        start = sent.start + m.start("name") + m.group("name").index(name)
        term = lexicon.lookup(name, "intervention")
        found.append(
            InterventionRecord(
                abbrev="",
                name=name,
                span=Span(start, sent.start + m.end(), section, 0.6),
                known=term is not None,
                key=term.key if term else "",
            )
        )
    return found
