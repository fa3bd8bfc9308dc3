"""Structure shared by the text and PDF readers: plain text → `Document`.

Blocks are read in order and become abstract paragraphs, headings (which set the
section), body paragraphs (rejoined across page breaks, tables and footers), tables
with their footnotes, glossaries, and reference-list entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.document import Document

from ._builder import DocumentBuilder, RawTable
from ._front import ABSTRACT, KEYWORDS, read_front
from ._layout import (
    MARKED_HEADING,
    NUMBERED,
    Block,
    clean_blocks,
    ends_sentence,
    heading_title,
    join_lines,
    split_blocks,
)
from ._references import group_entries, is_entry_start, parse_reference
from ._tables import build_table, caption_match, is_continuation_caption, is_glossary, is_note

_PLACEHOLDER = re.compile(r"^(?:\[\]|!\[[^\]]*\]\([^)]*\)(?:\{[^}]*\})?)$")  # pandoc's images
_FIGURE = re.compile(r"^\[[^\[\]]{20,}\]$", re.S)
_REFERENCES = re.compile(
    r"^(?:References?|Bibliography|Literature Cited|Reference List|Works Cited)$", re.I
)
_BACK_LABEL = re.compile(
    r"^(?P<label>Acknowledge?ments?|Funding(?: information)?|Author Contributions?|"
    r"Conflicts? of Interests?|Competing Interests|Ethic(?:s|al) Approval|Informed Consent|"
    r"Data Availability(?: Statement)?|Declaration of Competing Interest)\b[:.]?\s+\S"
)
ABSTRACT_LABELS = {
    "background", "objective", "objectives", "aim", "aims", "purpose", "context", "methods",
    "method", "design", "setting", "participants", "interventions", "measurements", "results",
    "findings", "conclusion", "conclusions", "limitations", "implications", "trial registration",
}  # fmt: skip
KNOWN_HEADINGS = ABSTRACT_LABELS | {
    "abstract", "summary", "introduction", "discussion", "general discussion", "references",
    "materials and methods", "statistical analysis", "data analysis", "data analyses", "measures",
    "procedure", "acknowledgements", "acknowledgments", "appendix", "keywords", "bibliography",
}  # fmt: skip
# Words of the parts of structured abstracts beyond the usual labels, once a part is
# seen: "Materials and Methods", "Settings and Design", "Statistical Analysis Used".
_ABSTRACT_PART = re.compile(
    r"\b(?:method|material|design|setting|result|conclusion|analys[ie]s|subject|patient|"
    r"participant|intervention|outcome|measure|finding|aim|objective|purpose|context|"
    r"interpretation|funding|registration|significance|limitation|importance)",
    re.I,
)
_MINOR_WORDS = {
    "a", "an", "the", "and", "or", "of", "in", "on", "for", "to", "with", "as", "at", "by",
    "from", "vs", "versus", "into", "its", "their", "is", "are", "be", "via", "per", "than",
}  # fmt: skip


def _in_abstract(section: str) -> bool:
    return section == "Abstract" or section.startswith("Abstract: ")


def is_heading(text: str, allow_sentence_case: bool) -> bool:
    """A short, unpunctuated, title-like line; `allow_sentence_case` for "Data analysis"."""
    text = text.strip()
    words = text.split()
    if MARKED_HEADING.match(text) and "\n" not in text and len(text) <= 300:
        return True
    if not words or len(text) > 120 or len(words) > 14 or "\t" in text:
        return False
    if len(words) == 1 and re.search(r"\d{4}", text) and not NUMBERED.match(text):
        return False  # an identifier on a line of its own ("NCT00479011")
    if text[-1] in ".,;" or (text[-1] == ":" and len(words) > 5):
        return False
    title = heading_title(text)
    if title.lower() in KNOWN_HEADINGS or (NUMBERED.match(text) and title[:1].isupper()):
        return True
    if not text[0].isupper() or words[-1].lower() in _MINOR_WORDS:
        return False
    content = [w for w in re.findall(r"[A-Za-z][\w'’\-]*", title) if w.lower() not in _MINOR_WORDS]
    if not content:
        return False
    if sum(w[0].isupper() for w in content) / len(content) >= 0.6:
        return True
    return allow_sentence_case and len(words) <= 6


@dataclass
class _Heading:
    title: str
    level: int


@dataclass
class _Prose:
    text: str
    section: str
    glossary: bool = False


class _Structurer:
    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self.items: list[_Prose | RawTable | _Heading] = []
        self.references: list[tuple[str, bool]] = []
        self.section = ""
        self.body_section = ""  # the section before the reference list
        self.mode = "body"
        self.abstract_labels: set[str] = set()
        self.open: _Prose | None = None

    def run(self) -> None:
        index = 0
        while index < len(self.blocks):
            index = self._step(index)

    def _step(self, index: int) -> int:
        block = self.blocks[index]
        text = join_lines(block.lines)
        caption = caption_match(block.lines[0].strip())
        table = block.is_tabular() or bool(
            caption and self._table_follows(index, caption.group("caption"))
        )
        if self.mode == "references" and table:
            # tables printed after the reference list (floats at the end of a PDF, or
            # pandoc's empty "References" heading above them)
            self.mode, self.section = "body", self.body_section
        if self.mode == "references" and not self._ends_references(block, text):
            self.references.extend((line, n == 0) for n, line in enumerate(block.lines))
            return index + 1
        if caption and self._table_follows(index, caption.group("caption")):
            return self._take_table(index, caption.group("label"), caption.group("caption"))
        if block.is_tabular():
            return self._take_table(index, "", "", orphan=True)
        if _PLACEHOLDER.match(text):  # a figure or table printed as an image: ends a paragraph
            self.open = None
            return index + 1
        if _FIGURE.match(text) and self.mode != "references":
            self.open = None  # a figure's caption (pandoc's "[caption]"): a paragraph of its own
            self.items.append(_Prose(text, self.section))
            return index + 1
        if block.is_bullets() and self.mode != "abstract":
            for line in block.lines:
                self._add(re.sub(r"^\s*[-•–]\s*", "", line))
            self.open = None
            return index + 1
        self._prose(text)
        return index + 1

    def _ends_references(self, block: Block, text: str) -> bool:
        return len(block.lines) == 1 and not is_entry_start(text) and is_heading(text, False)

    def _prose(self, text: str) -> None:
        if KEYWORDS.match(text):
            self.open = None
            self.mode = "body"
            self.items.append(_Prose(text, "Keywords"))
            self.section = ""
            return
        abstract = ABSTRACT.match(text)
        if abstract and self._before_body():
            self.mode, self.section, self.open = "abstract", "Abstract", None
            self.abstract_labels = set()
            if abstract.group("rest"):
                self._add(abstract.group("rest"))
            return
        if self._heading(text):
            return
        if self.mode == "abstract" and self.open is None and self._abstract_done(text):
            self.mode, self.section = "body", ""
        back = _BACK_LABEL.match(text)
        if back:
            self.section, self.open = back.group("label"), None
        if is_glossary(text):
            self.items.append(_Prose(text, self.section, glossary=True))
            return
        if self.open is not None:
            self.open.text = join_lines([self.open.text, text])
            if ends_sentence(self.open.text):
                self.open = None
            return
        self._add(text)

    def _before_body(self) -> bool:
        return self.mode != "references" and all(
            isinstance(i, _Prose) and (i.section == "Keywords" or _in_abstract(i.section))
            for i in self.items
        )

    def _abstract_done(self, text: str) -> bool:
        """A paragraph without a label of the abstract's parts ends it, unless it follows
        such a label on a line of its own ('Methods:' then the methods)."""
        first = re.split(r"[\s:]", text, maxsplit=1)[0].lower()
        last = self.items[-1] if self.items else None
        labelled = isinstance(last, _Heading) and last.title.lower() in self.abstract_labels
        return first not in ABSTRACT_LABELS and not labelled and bool(self._abstract_paragraphs())

    def _abstract_paragraphs(self) -> list[_Prose]:
        return [i for i in self.items if isinstance(i, _Prose) and _in_abstract(i.section)]

    def _heading(self, text: str) -> bool:
        if not is_heading(text, allow_sentence_case=self.open is None):
            return False
        title = heading_title(text)
        self.open = None
        self.items.append(_Heading(title, _level(text)))
        if _REFERENCES.match(title):
            if self.mode != "references":
                self.body_section = self.section
            self.mode, self.section = "references", title
        elif self.mode == "abstract" and self._abstract_label(title.lower()):
            self.abstract_labels.add(title.lower())
            self.section = f"Abstract: {title}"  # as JATS names a structured abstract's parts
        else:
            self.mode, self.section = "body", title
        return True

    def _abstract_label(self, title: str) -> bool:
        """A part of a structured abstract, each named once; "Introduction" only as its
        first part (BMC and Critical Care abstracts open so)."""
        if title == "introduction":
            return not self.abstract_labels and not self._abstract_paragraphs()
        if title in self.abstract_labels:
            return False
        return title in ABSTRACT_LABELS or bool(
            self.abstract_labels and len(title.split()) <= 5 and _ABSTRACT_PART.search(title)
        )

    def _add(self, text: str) -> None:
        if not text.strip():
            return
        item = _Prose(text.strip(), self.section)
        self.items.append(item)
        self.open = None if ends_sentence(item.text) else item

    def _table_follows(self, index: int, caption: str) -> bool:
        if caption[:1].islower():
            return False
        block, after = self.blocks[index], self.blocks[index + 1 : index + 3]
        if len(block.lines) > 1:
            return block.is_tabular() or Block(block.lines[1:], 0).is_tabular()
        if after and (after[0].is_tabular() or after[0].is_bullets()):
            return True
        return (
            len(after) == 2
            and len(after[0].lines) == 1
            and (after[1].is_tabular() or after[1].is_bullets())
        )

    def _take_table(self, index: int, label: str, caption: str, orphan: bool = False) -> int:
        block = self.blocks[index]
        parts = (
            [block]
            if orphan
            else ([Block(block.lines[1:], block.lineno)] if len(block.lines) > 1 else [])
        )
        index += 1
        nxt = self.blocks[index : index + 2]
        if not parts and len(nxt) == 2 and len(nxt[0].lines) == 1 and not nxt[0].is_tabular():
            parts.append(nxt[0])
            index += 1
        while index < len(self.blocks) and (
            self.blocks[index].is_tabular() or self.blocks[index].is_bullets()
        ):
            parts.append(self.blocks[index])
            index += 1
        notes = self._trailing_notes(parts)
        table = build_table(label, caption, parts, self.section)
        previous = next((i for i in reversed(self.items) if isinstance(i, RawTable)), None)
        joins_previous = previous is not None and (
            (orphan and self.items[-1] is previous)
            or (label == previous.label and is_continuation_caption(caption))
        )
        if previous is not None and joins_previous:
            previous.rows.extend(table.header + table.rows if orphan else table.rows)
            table = previous
        else:
            self.items.append(table)
        for note in notes:
            self._add_note(table, note)
        return self._take_notes(index, table)

    @staticmethod
    def _trailing_notes(parts: list[Block]) -> list[str]:
        """Note lines printed right under the rows, in the same block."""
        if not parts or parts[-1].is_bullets():
            return []
        lines = parts[-1].lines
        cut = len(lines)
        while cut > 1 and "\t" not in lines[cut - 1] and is_note(lines[cut - 1]):
            cut -= 1
        parts[-1] = Block(lines[:cut], parts[-1].lineno)
        return lines[cut:]

    @staticmethod
    def _add_note(table: RawTable, text: str) -> None:
        if is_glossary(text):
            table.glossary_notes.add(len(table.footnotes))
        table.footnotes.append(text)

    def _take_notes(self, index: int, table: RawTable) -> int:
        while index < len(self.blocks):
            text = join_lines(self.blocks[index].lines)
            unfinished = (
                len(text) <= 200
                and not ends_sentence(text)
                and text[:1].isupper()
                and not is_heading(text, False)
                and not self._heads_prose(index)
            )
            if caption_match(text) or not (is_note(text) or unfinished):
                break
            self._add_note(table, text)
            index += 1
        return index

    def _heads_prose(self, index: int) -> bool:
        """A short sentence-case line of its own over a paragraph ("During surgery"
        under a table's notes): a heading, not the rest of a note."""
        block = self.blocks[index]
        after = self.blocks[index + 1] if index + 1 < len(self.blocks) else None
        if len(block.lines) != 1 or after is None or after.is_tabular():
            return False
        paragraph = join_lines(after.lines)
        return (
            is_heading(block.lines[0], allow_sentence_case=True)
            and len(paragraph) > 200
            and ends_sentence(paragraph)
            and not is_note(paragraph)
        )

    def emit(self, builder: DocumentBuilder) -> None:
        for item in self.items:
            if isinstance(item, RawTable):
                builder.table(item)
            elif isinstance(item, _Heading):
                builder.heading(item.title, item.level)
            else:
                builder.paragraph(item.text, item.section, glossary=item.glossary)
        for entry in group_entries(self.references):
            ref = parse_reference(entry)
            if ref is not None:
                builder.reference(ref)


def _level(heading: str) -> int:
    """'3. Results' -> 1, '3.2 Safety' -> 2, '## Safety' -> 2; 0 for a heading without a
    number or marks."""
    marks = MARKED_HEADING.match(heading.strip())
    if marks:
        return len(marks.group("marks"))
    number = NUMBERED.match(heading.strip())
    if number is None:
        return 0
    return max(1, len([n for n in number.group(0).strip().rstrip(".").split(".") if n]))


def structure_text(text: str, paper_id: str, path: str, source_format: str) -> Document:
    """Turn plain text (blank lines between blocks, tabs between cells) into a Document."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n").lstrip("\ufeff")
    raw = split_blocks(text)
    front = read_front(raw)
    blocks = clean_blocks(raw[front.body_start :], frozenset(KNOWN_HEADINGS))
    structurer = _Structurer(blocks)
    structurer.run()
    builder = DocumentBuilder(paper_id, path, source_format)
    structurer.emit(builder)
    doc = builder.build()
    doc.title, doc.authors, doc.year, doc.doi = front.title, front.authors, front.year, front.doi
    doc.abstract = "\n\n".join(p.text for p in doc.paragraphs if _in_abstract(p.section))
    return doc
