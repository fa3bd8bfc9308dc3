"""The document model every reader produces and the pipeline consumes.

Offsets are character offsets into `Document.text`, the one string every evidence
span points into. Readers build `text` by joining blocks with blank lines, and record
where each block starts.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Paragraph:
    text: str
    start: int
    section: str = ""

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class Heading:
    """A section heading, kept even when no paragraph follows it directly ("3. Results"
    right before "3.1 …"); `start` is where the next block begins, `level` its depth
    (1 = top level) or 0 when the paper does not show it."""

    title: str
    start: int
    level: int = 0


@dataclass
class TableRow:
    cells: list[str]
    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass
class Table:
    label: str  # "Table 1"
    caption: str
    header: list[list[str]] = field(default_factory=list)
    rows: list[TableRow] = field(default_factory=list)
    footnotes: list[Paragraph] = field(default_factory=list)
    start: int = 0
    section: str = ""


@dataclass
class Reference:
    label: str  # as cited: "Shapiro et al. 2005"
    first_author: str
    year: str  # "2005" or "2005a"
    title: str = ""
    container: str = ""  # journal or book
    authors: list[str] = field(default_factory=list)
    text: str = ""
    start: int = -1
    number: str = ""  # its number in a numbered list ("9"), for citations like "[9]"


@dataclass
class Document:
    paper_id: str
    path: str
    text: str
    title: str = ""
    authors: list[str] = field(default_factory=list)
    surnames: list[str] = field(default_factory=list)  # when the source marks them (JATS)
    year: int | None = None
    doi: str = ""
    abstract: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    glossary: list[Paragraph] = field(default_factory=list)  # abbreviation lists / footnotes
    headings: list[Heading] = field(default_factory=list)
    source_format: str = "text"  # text | jats | pdf

    def quote(self, start: int, end: int) -> str:
        return self.text[start:end]
