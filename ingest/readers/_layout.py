"""Plain text from a PDF as blocks (runs of lines between blank lines), cleared of
page-break debris: page numbers, running heads, affiliation and correspondence
blocks, copyright and publisher boilerplate."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻ᵃᵇᶜᵈᵉᶠ"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:\d{1,4}|[ivxlc]{1,6}|page\s+\d+(?:\s+of\s+\d+)?|\d+\s*/\s*\d+)\s*$", re.I
)
_JOURNAL_HEAD = re.compile(
    r"^(?:\d{1,4}\s+)?[A-Z][\w .&:,'-]{2,80}\s\(\d{4}\)\s+\d+(?:\([\d–-]+\))?\s*[:,]\s*\d+(?:[–-]\d+)?(?:\s+\d{1,4})?$"
)
_LINE_DEBRIS = re.compile(
    r"^(?:✉|\S.*\(✉\)|e-?mail\s*:|(?:\*\s*)?correspond(?:ence|ing author)\b|published online\s*:?|"
    r"received\s*:?\s*\d|accepted\s*:?\s*\d|©|\(c\)\s*\d{4}|copyright\s*©?\s*\d{4}|doi\s*:?\s*10\.|"
    r"https?://(?:dx\.)?doi\.org/\S+$|downloaded from\b)",
    re.I,
)
_BOILERPLATE = re.compile(
    r"^(?:Open Access This article|Publisher['’]s Note|This article is distributed under|"
    r"Reprints and permission|Springer Nature remains neutral)",
)
_AFFILIATION = re.compile(
    r"\b(?:Universit|Department|Dept\b|Hospital|Institut|College|School of|Centre|Center|Faculty|"
    r"Foundation|Trust|Clinic|Laboratory|Division of)",
    re.I,
)
_MARKER_START = re.compile(rf"^\s*(?:[{SUPERSCRIPTS}]+|\^\{{?\w+\}}?|\d{{1,2}}\s(?=[A-Z]))\s*")
_SENTENCE_END = re.compile(r"[.!?][\"'’”)\]]*$")
NUMBERED = re.compile(r"^(?:(?:\d{1,2}\.)+\d{0,2}|\d{1,2}|[IVX]{1,4}\.)\s+(?=[A-Z])")
# A heading marked by its level, as the markdown reader writes every heading it finds.
MARKED_HEADING = re.compile(r"^(?P<marks>#{1,6})\s+(?=\S)")


@dataclass
class Block:
    lines: list[str]
    lineno: int  # 1-based line of the block's first line in the source

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def is_tabular(self) -> bool:
        return sum("\t" in line for line in self.lines) * 2 >= len(self.lines)

    def is_bullets(self) -> bool:
        return all(re.match(r"^\s*[-•–]", line) for line in self.lines)


def split_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    current: list[str] = []
    start = 1
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            if not current:
                start = number
            current.append(line.rstrip("\r"))
        elif current:
            blocks.append(Block(current, start))
            current = []
    if current:
        blocks.append(Block(current, start))
    return blocks


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip().lower())


def running_heads(blocks: list[Block], headings: frozenset[str] = frozenset()) -> set[str]:
    """Line shapes (digits masked) repeated on three or more pages: running heads; never
    a section heading the paper may repeat ("Participants" under Study 1, 2 and 3)."""
    counts = Counter(
        _shape(line)
        for block in blocks
        for line in block.lines
        if "\t" not in line
        and 12 <= len(line.strip()) <= 120
        and not re.match(r"^\s*[-•–]", line)
        and line.strip().rstrip(":.").lower() not in headings
    )
    return {shape for shape, n in counts.items() if n >= 3}


def is_line_debris(line: str, heads: set[str]) -> bool:
    stripped = line.strip()
    if "\t" in line:
        return False
    return bool(
        _PAGE_NUMBER.match(stripped)
        or _JOURNAL_HEAD.match(stripped)
        or (heads and _shape(line) in heads)
        or _LINE_DEBRIS.match(stripped)
        or ("@" in stripped and EMAIL.search(stripped) and len(stripped.split()) <= 6)
        or (
            _MARKER_START.match(stripped)
            and _AFFILIATION.search(stripped)
            and not _SENTENCE_END.search(stripped)
        )
    )


def _capitalised_share(lines: list[str]) -> float:
    words = [w for line in lines for w in re.findall(r"[A-Za-z][\w'’-]*", line)]
    if not words:
        return 0.0
    return sum(w[0].isupper() for w in words) / len(words)


def is_address_block(lines: list[str]) -> bool:
    """Affiliation / correspondence blocks left by a page footer."""
    if len(lines) < 2 or any("\t" in line for line in lines):
        return False
    if any(len(line) > 110 or _SENTENCE_END.search(line.strip()) for line in lines):
        return False
    text = " ".join(lines)
    clue = _AFFILIATION.search(text) or EMAIL.search(text) or "✉" in text
    return bool(clue) and _capitalised_share(lines) >= 0.6


def is_boilerplate(text: str) -> bool:
    return bool(_BOILERPLATE.match(text.strip()))


def clean_blocks(blocks: list[Block], headings: frozenset[str] = frozenset()) -> list[Block]:
    """Drop debris lines and blocks; a block split by a dropped line stays one block."""
    heads = running_heads(blocks, headings)
    kept: list[Block] = []
    for block in blocks:
        if is_address_block(block.lines) or is_boilerplate(block.lines[0]):
            continue
        lines = [line for line in block.lines if not is_line_debris(line, heads)]
        if lines:
            kept.append(Block(lines, block.lineno))
    return kept


# A citation printed after the full stop: "stakeholders.[3]", "disorder.¹²", "ill.^(4,5)"
_CITED_END = re.compile(r"[.!?][\"'’”)]*(?:\[\d[\d,;–\- ]*\]|[⁰¹²³⁴⁵⁶⁷⁸⁹⁻,]+|\^\([\d,–\-]+\))$")


def ends_sentence(text: str) -> bool:
    text = text.rstrip()
    return bool(_SENTENCE_END.search(text) or _CITED_END.search(text))


def join_lines(lines: list[str]) -> str:
    """Unwrap a prose block's lines into one paragraph."""
    text = ""
    for line in (line.strip() for line in lines):
        if not text:
            text = line
        elif text.endswith("-") and line[:1].islower():
            text += line
        else:
            text += " " + line
    return text


def heading_title(text: str) -> str:
    """A heading without its number or marks: "2.1 Participants", "## Participants" →
    "Participants"."""
    return NUMBERED.sub("", MARKED_HEADING.sub("", text.strip())).rstrip(":").strip()
