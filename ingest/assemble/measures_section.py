"""Instruments a paper describes one subsection each under its Measures heading
('Measures' › 'Beck depression inventory (BDI-II)'), a layout trial reports of many
house styles share (devgold, pmc-sample)."""

from __future__ import annotations

import re

from ontology.lexicon import Lexicon

from ..document import Document, Heading
from ..records import InstrumentRecord, Span
from .terms import INSTRUMENT_WORDS, known_instrument, measured_construct

MEASURES = re.compile(
    r"^(?:[\dIVX]+(?:\.\d+)*\.?\s*)?(?:(?:primary|secondary|main|outcome|study|psychological|"
    r"self-report(?:ed)?|clinical)\s+)*(?:measures?|instruments?|questionnaires?|"
    r"assessments?(?:\s+tools)?|measurements?|scales?|tools?|outcomes?(?:\s+measures?)?|"
    r"materials?(?:\s+and\s+measures?)?)\s*$",
    re.I,
)
NAMED = re.compile(
    r"^(?:[\dIVX]+(?:\.\d+)*\.?\s*)?(?P<name>.+?)(?:\s*\((?P<abbrev>[^()]{2,15})\))?\s*$"
)
NOT_AN_INSTRUMENT = re.compile(
    r"\b(?:analys[ie]s|procedure|design|recording|processing|statistics?|data|participants|"
    r"sample|intervention|randomi[sz]ation|ethics|setting|demographic|covariates?)\b",
    re.I,
)


SECTION = re.compile(
    r"\b(?:results?|discussion|conclusions?|methods?|references|acknowledg\w*|limitations)\b", re.I
)


def _children(doc: Document) -> list[tuple[Heading, Heading | None]]:
    """(heading, the next heading) for each heading right under a Measures heading. Where
    the layout gives no levels (plain text), the headings after it up to one that names
    another part of the paper ('Statistical analysis', 'Results')."""
    headings = sorted(doc.headings, key=lambda h: h.start)
    out = []
    parent: Heading | None = None
    for i, h in enumerate(headings):
        following = headings[i + 1] if i + 1 < len(headings) else None
        if parent is not None and h.level and parent.level and h.level > parent.level:
            out.append((h, following))
            continue
        flat = parent is not None and not (h.level or parent.level)
        if flat and not (NOT_AN_INSTRUMENT.search(h.title) or SECTION.search(h.title)):
            out.append((h, following))
            continue
        parent = h if MEASURES.match(h.title.strip()) else None
    return out


def section_instruments(doc: Document, lexicon: Lexicon) -> list[InstrumentRecord]:
    found = []
    for heading, following in _children(doc):
        m = NAMED.match(heading.title.strip())
        if m is None or NOT_AN_INSTRUMENT.search(heading.title):
            continue
        name, abbrev = m.group("name").strip(" .:"), (m.group("abbrev") or "").strip()
        term = lexicon.lookup(abbrev, "instrument") if abbrev else None
        term = term or lexicon.lookup(name, "instrument")
        if term is None and not (abbrev or INSTRUMENT_WORDS.search(name)):
            continue
        span = _first_sentence(doc, heading.start, following.start if following else len(doc.text))
        if term is not None:
            found.append(known_instrument(term, span, abbrev or None))
        else:
            found.append(InstrumentRecord(abbrev, name, span, [measured_construct(name, lexicon)]))
    return found


def _first_sentence(doc: Document, start: int, limit: int) -> Span:
    end = doc.text.find(". ", start, limit)
    return Span(start, end + 1 if end > 0 else min(limit, start + 200), "Measures", 0.7)


_TYPE = (
    r"(?:Scale|Inventory|Questionnaire|Test|Schedule|Index|Checklist|Survey|Interview|Task|"
    r"Measure|Profile|Battery)"
)
_CAPITALISED = r"[A-Z][a-z/][\w/'’-]*\s+"  # 'Beck ', 'Go/NoGo '
_VERSION = r"(?:[\s-]+(?:II|III|IV|2|3|Revised|Short\s+Form))?"
TYPED_NAME = re.compile(
    rf"\b(?P<name>(?:{_CAPITALISED}(?:(?:of|for|in|and|the|to|on)\s+)*){{1,7}}"
    rf"{_TYPE}(?:\s+(?:for|of)(?:\s+[A-Z][\w-]*){{1,4}})?{_VERSION}"
    rf"|(?:{_CAPITALISED}){{1,3}}(?:task|paradigm)"
    rf"|{_TYPE}\s+(?:for|of)(?:\s+(?:the\s+)?[A-Z][\w-]*){{1,4}}{_VERSION})\b"
)
LEAD_WORDS = re.compile(
    r"^(?:(?:The|A|An|All|Both|Each|Using|With|Following|During|After|Before|In|Within|For|"
    r"From|This|That|These|Those|Our|Its|Their)\s+)+"
)
USED = re.compile(
    r"\b(?:assess|measur|complet|fill|administ|rated|used|using|evaluat|scored|respond|answer|"
    r"perform|"
    r"applied|employed)",
    re.I,
)
METHODS = re.compile(
    r"method|measure|instrument|assessment|procedure|material|outcome|participant|subject|"
    r"questionnaire|task|design|data\s+collection|recording",
    re.I,
)


def typed_names(doc: Document, lexicon: Lexicon) -> list[InstrumentRecord]:
    """Instruments the methods name in capitals with a word that says what they are
    ('Beck Depression Inventory II', 'Difficulties in Emotion Regulation Scale')."""
    found: dict[str, InstrumentRecord] = {}
    for p in doc.paragraphs:
        if not METHODS.search(p.section):
            continue
        for m in TYPED_NAME.finditer(p.text):
            start = p.text.rfind(". ", 0, m.start()) + 1
            stop = p.text.find(". ", m.end())
            if not USED.search(p.text[start : stop if stop > 0 else None]):
                continue
            name = LEAD_WORDS.sub("", m.group("name"))
            if len(name.split()) < 2 or name.lower() in found:
                continue
            span = Span(p.start + m.start("name"), p.start + m.end("name"), p.section, 0.6)
            term = lexicon.lookup(name, "instrument")
            found[name.lower()] = (
                known_instrument(term, span)
                if term is not None
                else InstrumentRecord("", name, span, [measured_construct(name, lexicon)])
            )
    return list(found.values())
