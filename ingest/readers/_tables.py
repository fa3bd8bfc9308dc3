"""Tables printed as text: a "Table N Caption" line, tab-separated rows (or a bullet
list), then footnotes. Also tells abbreviation glossaries from other notes.

A body row whose first cell is empty continues the entity of the row above (the
"Control" line under a "Training" line); it stays a row of its own.
"""

from __future__ import annotations

import re

from ._builder import RawTable
from ._layout import Block

CAPTION = re.compile(
    r"^\s*(?P<label>(?:Table|TABLE)\s+(?:[A-Z]?\d+[a-z]?|[IVXL]+))(?:\s*[.:|]\s*|\s+|$)(?P<caption>.*)$"
)
_CONTINUED = re.compile(r"^\(?\s*cont(?:inued|\.|'d)?\s*\)?", re.I)
_NOTE_START = re.compile(
    r"^(?:Notes?\b|Source\b|Abbreviations?\b|Key\b:|\*|†|‡|§|¶|#|\^|[⁰¹²³⁴⁵⁶⁷⁸⁹ᵃᵇᶜᵈᵉᶠ]|[a-f]\s+[A-Z]|"
    r"[a-f][.)]\s)"
)
_GLOSSARY_HEAD = re.compile(r"^(?:Abbreviations?|Glossary|List of abbreviations)\s*[:.]?\s*", re.I)
_ABBREV_ITEM = re.compile(r"^\*?(?P<abbr>[A-Za-z][A-Za-z0-9\-_/&+]*)\*?\s*(?:,|=|:|\s)\s*\S")
_BULLET = re.compile(r"^\s*[-•–]")
_NUMERIC = re.compile(r"^[-−+]?\d+(?:[.,]\d+)?\s*%?$")


def caption_match(line: str) -> re.Match[str] | None:
    return CAPTION.match(line) if len(line) <= 400 and "\t" not in line else None


def is_continuation_caption(caption: str) -> bool:
    return bool(_CONTINUED.match(caption.strip()))


def _is_abbreviation(token: str) -> bool:
    capitals = sum(c.isupper() for c in token)
    letters = sum(c.isalpha() for c in token)
    if token in {"n", "df", "p", "r", "d"}:
        return True
    return (capitals >= 2 and capitals * 2 >= letters) or (len(token) <= 3 and token[:1].isupper())


def is_glossary(text: str) -> bool:
    """An abbreviation list: "SCS Self-Compassion Scale; PSS Perceived Stress Scale"."""
    text = text.strip()
    headed = _GLOSSARY_HEAD.match(text)
    body = text[headed.end() :] if headed else text
    items = [item.strip() for item in re.split(r";\s*", body.rstrip(".")) if item.strip()]
    if not items or (len(items) < 2 and not headed):
        return False
    good = 0
    for item in items:
        match = _ABBREV_ITEM.match(item)
        balanced = item.count("(") == item.count(")")  # not "(39.2 years; SD, 8.8)"
        if match and balanced and _is_abbreviation(match.group("abbr")) and len(item.split()) <= 15:
            good += 1
    return good / len(items) >= 0.6


def is_note(text: str) -> bool:
    return bool(_NOTE_START.match(text.strip())) or is_glossary(text)


def cells_of(line: str) -> list[str]:
    return [cell.strip() for cell in line.split("\t")]


def _is_data_row(cells: list[str]) -> bool:
    return any(_NUMERIC.match(cell) for cell in cells if cell)


def _is_subheader(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    return (
        bool(cells)
        and not cells[0]
        and bool(filled)
        and all(len(c) <= 20 and not re.search(r"\d", c) for c in filled)
    )


_ARM_SIZE = re.compile(r"^\(?[nN]\s*=\s*\d+\)?$")


def _is_value(cell: str) -> bool:
    """A printed value: a number with at most two letters around it ("12.3 (4.1)",
    "15·7%*", "<0.001", "3 (5%)"), not a label ("Albendazole (n=783)", "95% CI")."""
    letters = sum(c.isalpha() for c in cell)
    return bool(re.search(r"\d", cell)) and letters <= 2 and not _ARM_SIZE.match(cell)


def _is_label_row(cells: list[str]) -> bool:
    """A second header row as drawn tables print it: the stub empty, two or more cells,
    none of them a value ("Albendazole (n=783) | Control (n=802) | 95% CI for difference")."""
    filled = [c for c in cells if c]
    return bool(cells) and not cells[0] and len(filled) >= 2 and not any(map(_is_value, filled))


def split_header(rows: list[tuple[list[str], str]], drawn: bool = False) -> int:
    """How many leading rows are header rows; `drawn` for tables read from text, whose
    header rows may carry arm sizes and longer labels."""
    if len(rows) < 2 or _is_data_row(rows[0][0]):
        return 0
    count = 1
    while count < len(rows) - 1 and (
        _is_subheader(rows[count][0]) or (drawn and _is_label_row(rows[count][0]))
    ):
        count += 1
    return count


def table_rows(blocks: list[Block]) -> list[tuple[list[str], str]]:
    """Rows from tab-separated or bulleted lines; a wrapped line joins its row."""
    rows: list[tuple[list[str], str]] = []
    for block in blocks:
        bullets = block.is_bullets()
        for line in block.lines:
            if bullets:
                item = _BULLET.sub("", line).strip()
                if item:
                    rows.append(([item], line))
            elif "\t" in line or not rows:
                rows.append((cells_of(line), line))
            else:
                cells, text = rows[-1]
                cells[-1] = f"{cells[-1]} {line.strip()}".strip()
                rows[-1] = (cells, f"{text}\n{line}")
    return rows


def spread_header(header: list[list[str]]) -> list[list[str]]:
    """Repeat a spanning header cell over the columns labelled in the rows below it
    ("Pre-training" over both its M and SD columns), as a JATS colspan reads."""
    spread = [list(cells) for cells in header]
    for level, cells in enumerate(spread[:-1]):
        below = spread[level + 1 :]
        for column in range(1, len(cells)):
            labelled = any(column < len(row) and row[column] for row in below)
            if not cells[column] and cells[column - 1] and labelled:
                cells[column] = cells[column - 1]
    return spread


def build_table(label: str, caption: str, blocks: list[Block], section: str) -> RawTable:
    rows = table_rows(blocks)
    n_header = 0 if rows and _BULLET.match(rows[0][1]) else split_header(rows, drawn=True)
    spread = spread_header([cells for cells, _ in rows[:n_header]])
    header = [(cells, line) for cells, (_, line) in zip(spread, rows[:n_header], strict=True)]
    return RawTable(label, caption.strip(), header, rows[n_header:], section=section)
