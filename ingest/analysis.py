"""Run the spaCy pipeline over a document's blocks (paragraphs, glossaries, table
footnotes) and keep what the components found, with offsets into `Document.text`."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from spacy.language import Language

from .components.abbreviations import Abbreviation
from .components.citations import Citation
from .document import Document, Paragraph


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass
class Block:
    text: str
    start: int
    section: str
    sentences: list[Sentence] = field(default_factory=list)
    abbreviations: list[Abbreviation] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    entities: list[Any] = field(default_factory=list)


@dataclass
class Analysis:
    doc: Document
    blocks: list[Block]


def _shift(items: list[Any] | None, offset: int) -> list[Any]:
    return [replace(i, start=i.start + offset, end=i.end + offset) for i in items or []]


def blocks_of(doc: Document) -> list[Paragraph]:
    seen: set[int] = set()
    out = []
    for p in [*doc.paragraphs, *doc.glossary, *(f for t in doc.tables for f in t.footnotes)]:
        if p.start not in seen and p.text.strip():
            seen.add(p.start)
            out.append(p)
    return sorted(out, key=lambda p: p.start)


def analyse(doc: Document, nlp: Language) -> Analysis:
    paragraphs = blocks_of(doc)
    blocks = []
    for p, sdoc in zip(paragraphs, nlp.pipe(p.text for p in paragraphs), strict=True):
        blocks.append(
            Block(
                text=p.text,
                start=p.start,
                section=p.section,
                sentences=[Sentence(s.text, p.start + s.start_char) for s in sdoc.sents],
                abbreviations=_shift(sdoc._.ekg_abbreviations, p.start),
                citations=_shift(sdoc._.ekg_citations, p.start),
                entities=_shift(sdoc._.ekg_entities, p.start),
            )
        )
    return Analysis(doc, blocks)
