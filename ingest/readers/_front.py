"""The front matter of a paper printed as text: title, authors, year, DOI.

Layouts read (each rule says which it serves):
- blocks: a title block, an author block, affiliations and dates (text from PDFs);
- one block of lines: title lines, a line of names, a bare date (pandoc's plain title
  block: `pandoc -s -t plain`, and the plain-text export of most reference managers);
- labelled lines: "Title: …", "Authors: …", "Published: 2016", "DOI: …" (repository and
  preprint exports; also what the markdown reader renders from YAML front matter).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ._layout import EMAIL, MARKED_HEADING, SUPERSCRIPTS, Block, is_line_debris

ABSTRACT = re.compile(r"^(?:Abstract|ABSTRACT|Summary|SUMMARY)\b[:.]?\s*(?P<rest>.*)$", re.S)
KEYWORDS = re.compile(r"^(?:Keywords|Key words|KEYWORDS|Key Words)\b[:.]?\s*", re.S)
DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>]+")
_YEAR = r"((?:19|20)\d{2})"
_CUE = r"(?:^|[/|;]\s*)"
_YEAR_CUES = [
    re.compile(rf"{_CUE}published(?: online)?\s*:?.*?\b{_YEAR}\b", re.I),
    re.compile(rf"{_CUE}(?:date|year|issued|publication date)\s*:.*?\b{_YEAR}\b", re.I),
    re.compile(rf"{_CUE}accepted\s*:?.*?\b{_YEAR}\b", re.I),
    re.compile(rf"{_CUE}(?:©|\(c\)|copyright).*?\b{_YEAR}\b", re.I),
    re.compile(rf"{_CUE}received\s*:?.*?\b{_YEAR}\b", re.I),
    # a journal citation line under the title (PubMed, Vancouver): "2016 Mar;72(3):201"
    re.compile(rf"\b{_YEAR}(?:\s+[A-Z][a-z]{{2,8}}\.?(?:\s+\d{{1,2}})?)?\s*;\s*\d+\s*[(:]"),
]
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"  # English month names
# A line that is a date and nothing else: "1 October 2012", "October 1, 2012", "2012 Oct 1",
# "2012-10-01", "2012" (pandoc's plain title block prints the date so).
_DATE_LINE = re.compile(
    rf"^(?:(?:\d{{1,2}}\s+)?{_MONTH}\s+(?:\d{{1,2}},?\s+)?{_YEAR}|{_YEAR}(?:\s+{_MONTH}(?:\s+\d{{1,2}})?|[-/.]\d{{1,2}}[-/.]\d{{1,2}})?)$",
    re.I,
)
_BODY_HEADING = re.compile(
    r"^(?:#{1,6}\s*)?(?:\d{1,2}\.?\s+)?(?:Introduction|Background|Methods?|Materials and Methods|"
    r"Results|Discussion|Conclusions?)\s*$",
    re.I,
)
_ARTICLE_TYPE = re.compile(r"^[A-Z][A-Z &\-]{3,40}$")
_MARKERS = re.compile(
    rf"\^\{{[^}}]*\}}|\^[\w*†‡]+|\[\d{{1,2}}\]|[{SUPERSCRIPTS}*⁎†‡§¶]+|(?<=[a-z])\d+(?:,\d+)*\b"
)
# Semicolons: pandoc's title blocks and most exports; commas / "and": printed bylines.
_NAME_SPLIT = re.compile(r"\s*[·•|;]\s*|\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*")
_NAME_WORD = re.compile(
    r"^(?:[A-Z][\w'’.\-]*|van|von|de|der|den|da|di|du|del|la|le|ten|ter|dos|y)$"
)
# What a byline carries after the last name (a JATS author note flattened into the
# line by converters): "H Habil*Corresponding Author: Email: …", "Mohr[1][2]*Corr…",
# "H. R. NagendraAddress for correspondence: …", "Franken[1]* E-mail: …".
_NAME_TAIL = re.compile(
    r"(?:Address(?: for)? correspondence|Author for correspondence|[\w.+-]+@[\w-]+\.|Correspond(?:ence|ing)|To whom|"
    r"For reprints|Reprint requests?|Present address|(?:These authors )?contributed equally|"
    r"(?<![a-z])e-?mail\b|\b(?:Tel|Fax|Phone)\s*[.:]|https?://).*$",
    re.I | re.S,
)
_AFFILIATION_START = re.compile(
    rf"^\s*(?:\d|[{SUPERSCRIPTS}]|Department|Dept\b|School|Faculty|Universit|Institut|Hospital)"
)
_LABEL = re.compile(
    r"^(?P<label>Title|Article title|Authors?|Author\(s\)|By|Published(?: online)?|Publication date|"
    r"Date|Year|DOI|Journal|Source|Citation)\s*:\s*(?P<value>.*)$",
    re.I,
)


@dataclass
class FrontMatter:
    title: str = ""
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    doi: str = ""
    body_start: int = 0  # index of the first block after the front matter


# An author note glued to the last name by a converter ("R HeyrmanVascular Biology and …",
# "Chris M. Gonzalez*Chris M. Gonzalez: …"): a capital after three lower-case letters or
# a note mark that starts a punctuated phrase; "VanderWeele" or "SungRyul Lee" stay whole.
_GLUED_NOTE = re.compile(r"(?:(?<=[a-z]{3})|[*⁎†‡]\s*)(?=[A-Z][^:,;]*[:,;]).*$", re.S)


def clean_name(raw: str) -> str:
    name = _MARKERS.sub("", _GLUED_NOTE.sub("", _NAME_TAIL.sub("", raw)))
    name = re.sub(r"\(✉\)|✉|\s+", " ", name)
    return name.strip(" ,;*")


def split_names(line: str) -> list[str]:
    names = [clean_name(p) for p in _NAME_SPLIT.split(_MARKERS.sub("", _NAME_TAIL.sub("", line)))]
    return [n for n in names if n]


def _is_name(name: str) -> bool:
    words = name.split()
    return (
        2 <= len(words) <= 6
        and not re.search(r"\d", name)
        and all(_NAME_WORD.match(w) for w in words)
    )


def looks_like_names(line: str) -> bool:
    if line.rstrip().endswith(".") and "·" not in line and ";" not in line:
        return False
    if EMAIL.search(_NAME_TAIL.sub("", line)):
        return False
    names = split_names(line)
    return bool(names) and all(_is_name(n) for n in names)


def find_year(lines: list[str], cues: list[re.Pattern[str]] = _YEAR_CUES) -> int | None:
    for cue in cues:
        for line in lines:
            match = cue.search(line)
            if match:
                return int(match.group(1))
    return None


def _date_year(lines: list[str]) -> int | None:
    for line in lines:
        match = _DATE_LINE.match(line.strip())
        if match:
            return int(next(g for g in match.groups() if g))
    return None


def _is_body_start(block: Block, index: int) -> bool:
    first = block.lines[0]
    if ABSTRACT.match(first) or KEYWORDS.match(first) or _BODY_HEADING.match(first.strip()):
        return True
    if index == 0 and _names_start([line.strip() for line in block.lines]) is not None:
        return False  # a title block with a long author note in it (pandoc's plain)
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
    explicit = next((i for i, b in enumerate(blocks[:12]) if _is_body_start(b, i)), None)
    if explicit is not None:
        return explicit
    end = 0
    title_block = blocks and _names_start([ln.strip() for ln in blocks[0].lines]) is not None
    if blocks and (_looks_like_title(blocks[0]) or title_block):
        end = 1
        while end < min(len(blocks), 6) and (
            looks_like_names(" ".join(blocks[end].lines))
            or all(is_line_debris(line, set()) for line in blocks[end].lines)
        ):
            end += 1
    return end


def read_labels(lines: list[str]) -> dict[str, str]:
    """Labelled header lines ("Title: …", "Authors: …"), a value wrapped onto the
    following unlabelled lines joined to it; keyed by the label in lower case."""
    found: dict[str, str] = {}
    current = ""
    for line in lines:
        match = _LABEL.match(line.strip())
        if match:
            current = match.group("label").lower()
            found.setdefault(current, match.group("value").strip())
        elif current and line.strip() and current in found:
            found[current] = f"{found[current]} {line.strip()}".strip()
        else:
            current = ""
    return found


def _labelled(front: FrontMatter, labels: dict[str, str]) -> bool:
    title = labels.get("title") or labels.get("article title", "")
    byline = next((labels[k] for k in ("authors", "author", "author(s)", "by") if k in labels), "")
    if not title and not byline:
        return False
    front.title = re.sub(r"\s+", " ", title)
    front.authors = [n for n in split_names(byline) if n]
    return True


def _names_start(lines: list[str]) -> int | None:
    """The line of a title block where the names begin: one holding several
    semicolon-separated names (pandoc), else a line of names ("A, B and C"); a title
    block is short, so only its first lines are looked at."""
    lines = lines[:12]
    for i in range(1, len(lines)):
        tail = " ".join(lines[i:])
        parts = [clean_name(p) for p in _NAME_TAIL.sub("", tail).split(";")]
        if ";" in lines[i] and len([p for p in parts if _is_name(p)]) >= 2:
            return i
    for i in range(1, len(lines)):
        if len(split_names(lines[i])) >= 2 and looks_like_names(lines[i]):
            return i
    for i in range(1, len(lines)):  # one author: a name carrying its note, or over a date
        cut = _NAME_TAIL.sub("", lines[i])
        dated = i + 1 < len(lines) and _DATE_LINE.match(lines[i + 1].strip())
        if (cut != lines[i] or dated) and _is_name(clean_name(cut)):
            return i
    return None


def _byline(lines: list[str]) -> list[str]:
    """Names from the lines of a byline, up to a date line or the author note."""
    kept: list[str] = []
    for line in lines:
        if _DATE_LINE.match(line.strip()) or (kept and _AFFILIATION_START.match(line)):
            break
        kept.append(line.strip())
    text = " ".join(kept)
    if ";" in text:
        return [n for n in (clean_name(p) for p in _NAME_TAIL.sub("", text).split(";")) if n]
    return split_names(text)


def read_front(blocks: list[Block]) -> FrontMatter:
    """Title, authors, year and DOI from the blocks before the abstract."""
    front = FrontMatter()
    end = _front_end(blocks)
    front.body_start = end
    lines = [line.strip() for block in blocks[:end] for line in block.lines]
    front.year = (  # "Published:"/"Date:", then a bare date line, then the weaker cues
        find_year(lines, _YEAR_CUES[:2])
        or _date_year(lines)
        or find_year(lines)
        or find_year([ln for b in blocks for ln in b.lines if len(ln) < 200])
    )
    doi = next((m.group(0) for line in lines if (m := DOI.search(line))), "")
    front.doi = doi.rstrip(".,;)")
    labelled = [  # blocks that open with a label: not "…Corresponding\nAuthor: …"
        line.strip() for b in blocks[:end] if _LABEL.match(b.lines[0].strip()) for line in b.lines
    ]
    if _labelled(front, read_labels(labelled)):
        return front
    candidates = [
        b
        for b in blocks[:end]
        if not all(
            is_line_debris(line, set()) or _ARTICLE_TYPE.match(line.strip()) for line in b.lines
        )
    ]
    texts = [re.sub(r"\s+", " ", " ".join(b.lines)).strip() for b in candidates]
    names_at = next((i for i, t in enumerate(texts[:4]) if i and looks_like_names(t)), None)
    if names_at is None and candidates:
        start = _names_start([ln.strip() for ln in candidates[0].lines])
        if start is not None:  # title and names in one block
            first = candidates[0].lines
            front.title = MARKED_HEADING.sub(
                "", re.sub(r"\s+", " ", " ".join(first[:start])).strip()
            )
            front.authors = _byline(first[start : start + 8])  # a byline wraps, but not far
            return front
    title = MARKED_HEADING.sub("", " ".join(texts[: names_at or 1]))  # "# Title" (markdown)
    if texts and len(title) <= 300:
        front.title = title
        front.authors = split_names(texts[names_at]) if names_at else []
    return front
