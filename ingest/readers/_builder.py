"""Assemble `Document.text` block by block, recording where each block starts.

Every reader hands its blocks (paragraphs, tables, footnotes, references) to one
`DocumentBuilder`, so the offset invariant `doc.text[p.start:p.end] == p.text` holds
by construction, whatever the input format.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.document import Document, Heading, Paragraph, Reference, Table, TableRow

BLOCK_SEPARATOR = "\n\n"


@dataclass
class RawTable:
    """A table before it has offsets: rows are (cells, line as printed)."""

    label: str
    caption: str
    header: list[tuple[list[str], str]] = field(default_factory=list)
    rows: list[tuple[list[str], str]] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    glossary_notes: set[int] = field(default_factory=set)  # indexes into footnotes
    section: str = ""


class DocumentBuilder:
    def __init__(self, paper_id: str, path: str, source_format: str) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.doc = Document(paper_id=paper_id, path=path, text="", source_format=source_format)

    def _add(self, block: str) -> int:
        if self._parts:
            self._length += len(BLOCK_SEPARATOR)
        start = self._length
        self._parts.append(block)
        self._length += len(block)
        return start

    def heading(self, title: str, level: int = 0) -> None:
        start = self._length + (len(BLOCK_SEPARATOR) if self._parts else 0)
        self.doc.headings.append(Heading(title, start, level))

    def paragraph(self, text: str, section: str = "", glossary: bool = False) -> Paragraph | None:
        text = text.strip()
        if not text:
            return None
        para = Paragraph(text=text, start=self._add(text), section=section)
        (self.doc.glossary if glossary else self.doc.paragraphs).append(para)
        return para

    def table(self, raw: RawTable) -> Table:
        title = f"{raw.label} {raw.caption}".strip()
        lines = [title, *(line for _, line in raw.header)]
        offset = sum(len(line) + 1 for line in lines)
        rows: list[tuple[list[str], str, int]] = []
        for cells, line in raw.rows:
            rows.append((cells, line, offset))
            lines.append(line)
            offset += len(line) + 1
        start = self._add("\n".join(lines))
        table = Table(
            label=raw.label,
            caption=raw.caption,
            header=[cells for cells, _ in raw.header],
            rows=[TableRow(cells=c, start=start + off, text=line) for c, line, off in rows],
            start=start,
            section=raw.section,
        )
        for index, note in enumerate(raw.footnotes):
            note = note.strip()
            if not note:
                continue
            para = Paragraph(text=note, start=self._add(note), section=raw.section)
            table.footnotes.append(para)
            if index in raw.glossary_notes:
                self.doc.glossary.append(para)
        self.doc.tables.append(table)
        return table

    def reference(self, ref: Reference) -> Reference:
        ref.text = ref.text.strip()
        if ref.text:
            ref.start = self._add(ref.text)
        self.doc.references.append(ref)
        return ref

    def build(self) -> Document:
        self.doc.text = BLOCK_SEPARATOR.join(self._parts)
        return self.doc
