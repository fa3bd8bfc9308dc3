"""Run the spaCy pipeline over a document's blocks (paragraphs, glossaries, table
footnotes) and keep what the components found, with offsets into `Document.text`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .components._text import token_columns
from .components.abbreviations import Abbreviation
from .components.citations import Citation
from .components.numbered import Cited, is_numbered, numbered_citations
from .document import Document, Paragraph
from .pipeline import process


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


def _sentences(doc: Doc, text: str, offset: int) -> list[Sentence]:
    """`doc.sents` as `Sentence`s, read off the token columns without making spans."""
    columns = token_columns(doc)
    starts = [0, *(i for i in (doc.to_array("SENT_START") == 1).nonzero()[0].tolist() if i)]
    sentences = []
    for first, stop in zip(starts, [*starts[1:], len(doc)], strict=True):
        begin, end = columns[first, 0], columns[stop - 1, 0] + columns[stop - 1, 1]
        sentences.append(Sentence(text[begin:end], offset + int(begin)))
    return sentences


def blocks_of(doc: Document) -> list[Paragraph]:
    seen: set[int] = set()
    out = []
    for p in [*doc.paragraphs, *doc.glossary, *(f for t in doc.tables for f in t.footnotes)]:
        if p.start not in seen and p.text.strip():
            seen.add(p.start)
            out.append(p)
    return sorted(out, key=lambda p: p.start)


# spaCy Docs of this many characters at most exist at once: a very long text is run in
# batches of blocks, so memory follows the batch, not the whole text (the components
# annotate each Doc on its own; the output is the same).
BATCH_CHARS = 250_000


def batches(paragraphs: list[Paragraph], limit: int = BATCH_CHARS) -> Iterator[list[Paragraph]]:
    batch: list[Paragraph] = []
    size = 0
    for p in paragraphs:
        if batch and size + len(p.text) > limit:
            yield batch
            batch, size = [], 0
        batch.append(p)
        size += len(p.text)
    if batch:
        yield batch


def analyse(doc: Document, nlp: Language) -> Analysis:
    blocks: list[Block] = []
    for batch in batches(blocks_of(doc)):
        blocks.extend(_analysed(batch, nlp))
    _cite_by_number(doc, blocks)
    return Analysis(doc, blocks)


def _cite_by_number(doc: Document, blocks: list[Block]) -> None:
    """In a paper that cites by number, each block's numbered citations join its
    author–year ones, named as the reference list names them."""
    listed = {
        int(r.number): Cited(r.label, r.first_author, r.year)
        for r in doc.references
        if r.number.isdigit()
    }
    author_year = sum(len(b.citations) for b in blocks)
    if not is_numbered((b.text for b in blocks), listed, author_year):
        return
    for b in blocks:
        found = numbered_citations(b.text, b.start, listed)
        if found:
            b.citations = sorted([*b.citations, *found], key=lambda c: c.start)


def _analysed(paragraphs: list[Paragraph], nlp: Language) -> Iterator[Block]:
    sdocs = process(nlp, (p.text for p in paragraphs))
    for p, sdoc in zip(paragraphs, sdocs, strict=True):
        yield (
            Block(
                text=p.text,
                start=p.start,
                section=p.section,
                sentences=_sentences(sdoc, p.text, p.start),
                abbreviations=_shift(sdoc._.ekg_abbreviations, p.start),
                citations=_shift(sdoc._.ekg_citations, p.start),
                entities=_shift(sdoc._.ekg_entities, p.start),
            )
        )
