"""Instruments, interventions and constructs from the paper's own definitions
(prose and glossaries), checked against the lexicon: known terms keep the lexicon's key,
new ones become candidates for curators."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ontology.lexicon import Lexicon, Term, normalise

from ..components.abbreviations import Abbreviation
from ..records import InstrumentRecord, InterventionRecord, Span
from .prose import word_number

INSTRUMENT_WORDS = re.compile(
    r"\b(?:scales?|questionnaires?|inventory|inventories|index|measures?|tests?|surveys?|"
    r"checklists?|profiles?|schedules?|quotient|forms?|ratings?|assessments?)\b",
    re.I,
)
STATISTICAL_METHOD = re.compile(
    r"\b(?:AN(?:C)?OVA|analysis\s+of\s+(?:co)?variance|regression|t-tests?|chi-squared?|"
    r"mixed[\s-]+(?:effects?\s+)?models?|intention[\s-]+to[\s-]+treat|confidence\s+interval)\b",
    re.I,
)
INTERVENTION_WORDS = re.compile(
    r"\b(?:training|programs?|programmes?|therapy|therapies|interventions?|courses?|"
    r"meditations?|reduction|treatments?|practices?|workshops?|curriculum|groups?)\b",
    re.I,
)
ITEMS = re.compile(
    r"\b(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten)[\s-]items?\b", re.I
)
SUBSCALES = re.compile(
    r"\b(?:[Ss]ub-?scales?|facets?|aspects?|components?|dimensions?|domains?)\b[^().\n]{0,60}"
    r"\((?P<list>[^()\n]{3,300})\)"
)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
ITEM_WORD = re.compile(r"\bitems?\b", re.I)


@dataclass
class Definition:
    abbreviation: Abbreviation
    kind: str  # instrument | intervention
    term: Term | None


def classify(
    abbrev: Abbreviation,
    lexicon: Lexicon,
    as_instrument: bool = False,
) -> Definition | None:
    """What a definition names; `as_instrument` when the paper lists it among its measures."""
    for kind in ("instrument", "intervention"):
        term = lexicon.lookup(abbrev.long, kind) or (
            lexicon.lookup(abbrev.short, kind)
            if lexicon.lookup(abbrev.short, kind)
            and _same_name(lexicon.lookup(abbrev.short, kind), abbrev.long)  # type: ignore[arg-type]
            else None
        )
        if term is not None:
            return Definition(abbrev, kind, term)
    if STATISTICAL_METHOD.search(abbrev.long):
        return None
    if as_instrument or INSTRUMENT_WORDS.search(abbrev.long):
        return Definition(abbrev, "instrument", None)
    if INTERVENTION_WORDS.search(abbrev.long):
        return Definition(abbrev, "intervention", None)
    return None


def _same_name(term: Term, long: str) -> bool:
    """An abbreviation may mean two things (MBI): trust it only if the long forms agree."""
    words = set(normalise(long).split())
    return any(
        len(words & set(normalise(f).split())) * 2 >= len(words)
        for f in (term.label, *term.synonyms)
    )


def measured_construct(name: str, lexicon: Lexicon) -> str:
    """The construct an unknown instrument measures, read from its name."""
    best, best_len = "", 0
    low = normalise(name)
    for term in lexicon.of_kind("construct"):
        for form in (term.label, *term.synonyms):
            f = normalise(form)
            if len(f) > best_len and f in low and re.search(rf"\b{re.escape(f)}\b", low):
                best, best_len = term.label, len(f)
    if best:
        return best
    stripped = INSTRUMENT_WORDS.sub("", name).strip(" -")
    return stripped.lower()


def instrument_record(d: Definition, text: str, lexicon: Lexicon, section: str) -> InstrumentRecord:
    a = d.abbreviation
    items = ITEMS.search(text[max(0, a.start - 60) : a.end + 60])
    subscales = _subscale_list(text[a.end : a.end + 400])
    term = d.term
    return InstrumentRecord(
        abbrev=a.short,
        key=term.key if term else "",
        name=a.long,
        span=Span(a.start, a.end, section, 0.9 if term else 0.7),
        measures=list(term.measures)
        if term and term.measures
        else [measured_construct(a.long, lexicon)],
        citation=a.citation,
        subscales=subscales,
        items=str(word_number(items.group(1)) or "") if items else "",
        known=term is not None,
    )


def intervention_record(d: Definition, section: str) -> InterventionRecord:
    a = d.abbreviation
    short = a.short + ("s" if a.plural else "")
    long = a.long if not a.plural else a.long
    return InterventionRecord(
        abbrev=short,
        key=d.term.key if d.term and not a.plural else "",
        name=long,
        span=Span(a.start, a.end, section, 0.9 if d.term else 0.7),
        known=d.term is not None,
    )


def _subscale_list(after: str) -> list[str]:
    """'… assesses five facets of mindfulness (observing, describing, …)' after a
    definition; not the definition's own citation nor the next glossary entry."""
    found = SUBSCALES.search(after)
    if found is None or YEAR.search(found.group("list")) or ITEM_WORD.search(found.group("list")):
        return []
    return _list(found.group("list"))


def _list(text: str) -> list[str]:
    parts = re.split(r"\s*(?:,|;|\band\b)\s*", text)
    return [p.strip(" .") for p in parts if 1 < len(p.strip()) < 60]


ABBREVIATION = re.compile(r"^[A-Z][A-Za-z0-9]*[A-Z0-9](?:[-_][A-Za-z0-9]+)*$")


def known_instrument(term: Term, span: Span, abbrev: str | None = None) -> InstrumentRecord:
    """An instrument the lexicon knows, named as the lexicon names it; `abbrev` as the
    paper prints it, or (None) the lexicon's first abbreviation."""
    if abbrev is None:
        abbrev = term.abbreviations[0] if term.abbreviations else ""
    return InstrumentRecord(
        abbrev, term.label, span, list(term.measures), term.citation, known=True, key=term.key
    )


def listed_instrument(item: str, span: Span, lexicon: Lexicon) -> InstrumentRecord:
    """A measure a study table lists but the paper never defines ('salivary cortisol')."""
    term = lexicon.lookup(item, "instrument") or lexicon.lookup(
        item.replace("_", "-"), "instrument"
    )
    if term is not None:
        return known_instrument(term, span, item)
    is_abbrev = bool(ABBREVIATION.match(item)) and len(item) <= 12
    return InstrumentRecord(
        abbrev=item if is_abbrev else "",
        name="" if is_abbrev else item,
        span=span,
        measures=[] if is_abbrev else [measured_construct(item, lexicon)],
        known=False,
    )
