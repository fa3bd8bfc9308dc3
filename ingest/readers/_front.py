"""The front matter of a paper printed as text: title, authors, year, DOI."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ._layout import EMAIL, SUPERSCRIPTS, Block, is_line_debris

ABSTRACT = re.compile(r"^(?:Abstract|ABSTRACT|Summary|SUMMARY)\b[:.]?\s*(?P<rest>.*)$", re.S)
KEYWORDS = re.compile(r"^(?:Keywords|Key words|KEYWORDS|Key Words)\b[:.]?\s*", re.S)
DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>]+")
_YEAR = r"((?:19|20)\d{2})"
_CUE = r"(?:^|[/|;]\s*)"
_YEAR_CUES = [
    re.compile(rf"{_CUE}published(?: online)?\s*:?.*?\b{_YEAR}\b", re.I),
    re.compile(rf"{_CUE}accepted\s*:?.*?\b{_YEAR}\b", re.I),
    re.compile(rf"{_CUE}(?:©|\(c\)|copyright).*?\b{_YEAR}\b", re.I),
    re.compile(rf"{_CUE}received\s*:?.*?\b{_YEAR}\b", re.I),
]
_BODY_HEADING = re.compile(
    r"^(?:\d{1,2}\.?\s+)?(?:Introduction|Background|Methods?|Materials and Methods|Results|"
    r"Discussion|Conclusions?)\s*$",
    re.I,
)
_ARTICLE_TYPE = re.compile(r"^[A-Z][A-Z &\-]{3,40}$")
_MARKERS = re.compile(rf"\^\{{[^}}]*\}}|\^[\w*†‡]+|[{SUPERSCRIPTS}*†‡§¶]+|(?<=[a-z])\d+(?:,\d+)*\b")
_NAME_SPLIT = re.compile(r"\s*[·•|]\s*|\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*")
_NAME_WORD = re.compile(
    r"^(?:[A-Z][\w'’.\-]*|van|von|de|der|den|da|di|du|del|la|le|ten|ter|dos|y)$"
)


@dataclass
class FrontMatter:
    title: str = ""
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    doi: str = ""
    body_start: int = 0  # index of the first block after the front matter


def clean_name(raw: str) -> str:
    name = _MARKERS.sub("", raw)
    name = re.sub(r"\(✉\)|✉|\s+", " ", name)
    return name.strip(" ,*")


def split_names(line: str) -> list[str]:
    names = [clean_name(part) for part in _NAME_SPLIT.split(_MARKERS.sub("", line))]
    return [n for n in names if n]


def looks_like_names(line: str) -> bool:
    if EMAIL.search(line) or line.rstrip().endswith(".") and "·" not in line:
        return False
    names = split_names(line)
    if not names:
        return False
    for name in names:
        words = name.split()
        if not 2 <= len(words) <= 6 or re.search(r"\d", name):
            return False
        if not all(_NAME_WORD.match(w) for w in words):
            return False
    return True


def find_year(lines: list[str]) -> int | None:
    for cue in _YEAR_CUES:
        for line in lines:
            match = cue.search(line)
            if match:
                return int(match.group(1))
    return None


def _is_body_start(block: Block) -> bool:
    first = block.lines[0]
    if ABSTRACT.match(first) or KEYWORDS.match(first) or _BODY_HEADING.match(first.strip()):
        return True
    return len(block.text) > 400


def _looks_like_title(block: Block) -> bool:
    text = " ".join(line.strip() for line in block.lines)
    return (
        len(text) <= 300
        and "\t" not in block.text
        and not text.endswith(".")
        and not _BODY_HEADING.match(text)
        and not re.match(r"^(?:Table|Figure|Fig\.)\s+\d", text)
    )


def _front_end(blocks: list[Block]) -> int:
    """Index of the first block after the front matter."""
    explicit = next((i for i, b in enumerate(blocks[:12]) if _is_body_start(b)), None)
    if explicit is not None:
        return explicit
    end = 0
    if blocks and _looks_like_title(blocks[0]):
        end = 1
        while end < min(len(blocks), 6) and (
            looks_like_names(" ".join(blocks[end].lines))
            or all(is_line_debris(line, set()) for line in blocks[end].lines)
        ):
            end += 1
    return end


def read_front(blocks: list[Block]) -> FrontMatter:
    """Title, authors, year and DOI from the blocks before the abstract."""
    front = FrontMatter()
    end = _front_end(blocks)
    front.body_start = end
    lines = [line.strip() for block in blocks[:end] for line in block.lines]
    front.year = find_year(lines) or find_year(
        [ln for b in blocks for ln in b.lines if len(ln) < 200]
    )
    doi = next((m.group(0) for line in lines if (m := DOI.search(line))), "")
    front.doi = doi.rstrip(".,;)")
    candidates = [
        b
        for b in blocks[:end]
        if not all(
            is_line_debris(line, set()) or _ARTICLE_TYPE.match(line.strip()) for line in b.lines
        )
    ]
    texts = [re.sub(r"\s+", " ", " ".join(b.lines)).strip() for b in candidates]
    names_at = next((i for i, t in enumerate(texts[:4]) if i and looks_like_names(t)), None)
    title = " ".join(texts[: names_at or 1])
    if texts and len(title) <= 300:
        front.title = title
        front.authors = split_names(texts[names_at]) if names_at else []
    return front
