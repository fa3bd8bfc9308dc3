"""Tables drawn with characters, rewritten as the tab-separated rows the text reader
takes (one row a line, cells joined by tabs, a "Table N: caption" line above).

Layouts, each found by its own rule:
- pipe tables (GitHub and pandoc markdown, many exports): `| a | b |` over a `|---|` rule;
- grid tables (pandoc, reStructuredText): `+---+---+` borders, a cell over several lines,
  cells spanning columns and rows (pandoc 3 draws JATS tables with spans so);
- simple and multiline tables (pandoc's plain and markdown): columns given by a rule of
  dash runs under the header (multiline: a full dash line above and below, rows apart);
- space-aligned tables (`pdftotext -layout`, fixed-width exports): columns at the gutters
  of blanks every row shares, most rows holding numbers;
- HTML tables (GitHub markdown's way out for tables with spans or several lines a cell);
  spans read as the JATS reader reads them.
A caption is the "Table N …" line above the table, pandoc's "Table: …" line above or
below it, or else a short unlabelled block right above it (pandoc's plain layout prints
the caption without its label); a table without a label is numbered in reading order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import lxml.html
from lxml import etree

from ._tables import caption_match

_RULE_RUNS = re.compile(r"-{3,}")
_SIMPLE_RULE = re.compile(r"^\s*-{3,}(?:\s+-{3,})+\s*$")
_FULL_RULE = re.compile(r"^\s*-{10,}\s*$")
_GRID_BORDER = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")
_PIPE_RULE = re.compile(
    r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$|^\s*\|\s*:?-{3,}:?\s*\|\s*$"
)
_PANDOC_CAPTION = re.compile(r"^\s*(?:Table)?:\s+(?P<caption>\S.*)$")
_GAP = re.compile(r"\S(?: {2,})\S")


@dataclass
class Drawn:
    rows: list[list[str]]
    end: int  # index of the first line after the table
    caption: str = ""


def _slice(line: str, starts: list[int]) -> list[str]:
    """Cells of a fixed-width line: column k runs from starts[k] to starts[k + 1]; text
    left of the first column joins it."""
    bounds = [0, *starts[1:], max(len(line), starts[-1]) + 1]
    return [line[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False)]


def _merge(lines: list[list[str]]) -> list[str]:
    """One row from the lines of a row that wraps (multiline and grid tables)."""
    width = max(len(cells) for cells in lines)
    return [" ".join(c[k] for c in lines if k < len(c) and c[k]).strip() for k in range(width)]


def _simple(lines: list[str], i: int) -> Drawn | None:
    """Pandoc's simple table (header lines over a rule of dash runs, rows to a blank
    line; headerless: between two such rules) and multiline table (framed by full dash
    lines, rows apart by blank lines)."""
    if i and lines[i - 1].strip():
        return None
    headless = bool(_SIMPLE_RULE.match(lines[i]))
    framed = not headless and bool(_FULL_RULE.match(lines[i]))
    head = i + 1 if framed else i
    rule: int | None = i
    if not headless:
        rule = next(
            (k for k in range(head + 1, min(head + 7, len(lines))) if _SIMPLE_RULE.match(lines[k])),
            None,
        )
        if rule is None or any(not lines[k].strip() for k in range(head, rule)):
            return None
    assert rule is not None
    # pandoc's headerless multiline table: rows apart by blank lines up to a closing rule
    multiline = framed or (headless and _closed_after_blanks(lines, i + 1))
    starts = [m.start() for m in _RULE_RUNS.finditer(lines[rule])]
    rows = [_merge([_slice(lines[k], starts) for k in range(head, rule)])] if rule > head else []
    group: list[list[str]] = []
    k = rule + 1
    while k < len(lines):
        line = lines[k]
        if (framed and _FULL_RULE.match(line)) or (headless and _SIMPLE_RULE.match(line)):
            k += 1
            break
        if not line.strip() and not multiline:
            if len(line) > 2:  # a row of empty cells, padded with blanks (pandoc's plain)
                k += 1
                continue
            break
        if not line.strip():
            rows += [_merge(group)] if group else []
            group = []
        elif multiline:
            group.append(_slice(line, starts))
        else:
            rows.append(_slice(line, starts))
        k += 1
    rows += [_merge(group)] if group else []
    return Drawn(rows, k) if len(rows) >= 2 else None


_GRID_RULE = re.compile(r"[+|][-=:+| ]*[+|]")


def _is_rule(line: str) -> bool:
    """A grid line of borders only: a full rule `+---+===+` or a partial one
    `|     +-----+` under a cell that spans rows."""
    body = line.strip()
    return "+" in body and ("-" in body or "=" in body) and bool(_GRID_RULE.fullmatch(body))


def _band(lines: list[str], columns: list[int], header: bool) -> list[str]:
    """One row of a grid from the lines between two rules: each stretch between two
    drawn bars is a cell over the columns it covers (its text repeated over them in a
    header, as a JATS colspan reads, else set in its first column)."""
    texts: dict[tuple[int, int], list[str]] = {}
    for line in lines:
        bars = [k for k, p in enumerate(columns) if p < len(line) and line[p] in "|+"]
        for a, b in zip(bars, bars[1:], strict=False):
            parts = texts.setdefault((a, b), [])
            text = line[columns[a] + 1 : columns[b]].strip()
            parts += [text] if text else []
    row = [""] * (len(columns) - 1)
    for (a, b), parts in texts.items():
        text = " ".join(parts)
        for k in range(a, b if header else a + 1):
            row[k] = row[k] or text
    return row


def _closed_after_blanks(lines: list[str], k: int) -> bool:
    """Lines from `k` on hold a blank line and then a closing rule of dash runs, with
    never two blank lines in a row before it."""
    blanks = 0
    seen_blank = False
    for line in lines[k : k + 2000]:
        if _SIMPLE_RULE.match(line):
            return seen_blank
        if line.strip():
            blanks = 0
            continue
        blanks += 1
        seen_blank = True
        if blanks >= 2:
            return False
    return False


def _grid(lines: list[str], i: int) -> Drawn | None:
    """A grid table (pandoc, reStructuredText, many exports), cells spanning columns
    or rows included: the columns are every `+` of its rules, a row the lines between
    two rules (a partial rule under a cell that spans rows ends the other cells' row),
    the header the rows above the first `===` rule."""
    if not _GRID_BORDER.match(lines[i]):
        return None
    k = i + 1
    while k < len(lines) and lines[k].lstrip()[:1] in ("|", "+"):
        k += 1
    block = [line.rstrip() for line in lines[i:k]]
    rules = [n for n, line in enumerate(block) if _is_rule(line)]
    columns = sorted({p for n in rules for p, ch in enumerate(block[n]) if ch == "+"})
    if len(columns) < 2:
        return None
    head_end = next((n for n in rules[1:] if "=" in block[n] and n != len(block) - 1), 0)
    rows: list[list[str]] = []
    band: list[str] = []
    for n, line in enumerate(block):
        if n not in rules:
            band.append(line)
            continue
        if band:
            row = _band(band, columns, header=n <= head_end)
            rows += [row] if any(row) else []
        band = []
    if band:
        rows += [_band(band, columns, header=False)]
    return Drawn(rows, k) if len(rows) >= 2 else None


def _pipe_cells(line: str) -> list[str]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", body)]


def _pipe(lines: list[str], i: int) -> Drawn | None:
    if "|" not in lines[i] or i + 1 >= len(lines) or not _PIPE_RULE.match(lines[i + 1]):
        return None
    rows = [_pipe_cells(lines[i])]
    closed = lines[i].rstrip().endswith("|")  # rows open and close with a pipe
    k = i + 2
    while k < len(lines) and "|" in lines[k] and lines[k].strip():
        row = lines[k]
        while closed and not row.rstrip().endswith("|") and k + 1 < len(lines):
            k += 1  # a row wrapped over lines (pandoc's gfm around inline HTML)
            row = f"{row.rstrip()} {lines[k].strip()}"
        rows.append(_pipe_cells(row))
        k += 1
    return Drawn(rows, k) if len(rows) >= 2 else None


def _gutters(block: list[str]) -> list[int]:
    """Column starts of a space-aligned block: where a run of blanks that every line
    shares (or ends before) gives way to text."""
    width = max(len(line) for line in block)
    blank = [all(p >= len(line) or line[p] == " " for line in block) for p in range(width)]
    starts = [p for p in range(1, width) if blank[p - 1] and not blank[p] and _gap_before(blank, p)]
    first = next((p for p in range(width) if not blank[p]), 0)
    return [first, *starts]


def _gap_before(blank: list[bool], p: int) -> bool:
    return p >= 2 and blank[p - 1] and blank[p - 2]


def _aligned(lines: list[str], i: int) -> Drawn | None:
    """A run of three or more lines whose columns line up at shared gutters of two or
    more blanks, most lines holding a number and none reading as a sentence."""

    def gapped(line: str) -> bool:
        return bool(line.strip()) and "\t" not in line and bool(_GAP.search(line))

    if i and gapped(lines[i - 1]):
        return None  # a run is judged once, from its first line (keeps the scan linear)
    k = i
    while k < len(lines) and gapped(lines[k]):
        k += 1
    block = lines[i:k]
    if len(block) < 3 or any(len(line) > 250 or line.rstrip().endswith(".") for line in block):
        return None
    if sum(bool(re.search(r"\d", line)) for line in block) * 2 < len(block):
        return None
    starts = _gutters(block)
    if len(starts) < 2:
        return None
    rows = [_slice(line, starts) for line in block]
    if sum(len([c for c in r if c]) >= 2 for r in rows) * 3 < len(rows) * 2:
        return None
    return Drawn(rows, k)


def _span(cell: lxml.html.HtmlElement, name: str) -> int:
    value = cell.get(name, "1")
    return max(1, min(int(value), 50)) if value.isdigit() else 1


def _html(lines: list[str], i: int) -> Drawn | None:
    """An HTML <table> (what GitHub markdown falls back to for tables it cannot draw):
    spanning cells as the JATS reader reads them (a header cell repeated over its
    columns, any other spanned place empty); cells keep their inline HTML for the
    markdown cleaner."""
    if not lines[i].lstrip().lower().startswith("<table"):
        return None
    k = i
    while k < len(lines) and "</table>" not in lines[k].lower():
        k += 1
    try:
        table = lxml.html.fragment_fromstring("\n".join(lines[i : k + 1]))
    except (etree.ParserError, ValueError):
        return None
    rows = []
    pending: dict[int, int] = {}  # column -> rows still covered by a rowspan above
    for tr in table.iter("tr"):
        cells: list[str] = []
        queue = [cell for cell in tr if cell.tag in ("td", "th")]
        header = tr.getparent().tag == "thead" or all(cell.tag == "th" for cell in queue)
        while queue or pending.get(len(cells), 0) > 0:
            if pending.get(len(cells), 0) > 0:  # under a cell spanning rows: empty
                pending[len(cells)] -= 1
                cells.append("")
                continue
            cell = queue.pop(0)
            inner = (cell.text or "") + "".join(
                etree.tostring(child, encoding="unicode", method="html") for child in cell
            )
            text = re.sub(r"\s+", " ", inner).strip()
            for offset in range(_span(cell, "colspan")):
                if _span(cell, "rowspan") > 1:
                    pending[len(cells)] = _span(cell, "rowspan") - 1
                cells.append(text if offset == 0 or header else "")
        rows.append(cells)
    return Drawn(rows, k + 1) if len(rows) >= 2 else None


READERS: tuple[Callable[[list[str], int], Drawn | None], ...] = (
    _html,
    _grid,
    _pipe,
    _simple,
    _aligned,
)


_PLACEHOLDER = re.compile(
    r"^(?:\[\]|!\[[^\]]*\]\([^)]*\)(?:\{[^}]*\})?|10\.\d{4,9}/\S+)$"
)  # pandoc's empty image, a table's DOI


def _caption_before(out: list[str]) -> tuple[str, int] | None:
    """The block right above a table (past an image placeholder), when it reads as a
    caption: (its text, its first line in `out`)."""
    end = len(out)
    while True:
        while end and not out[end - 1].strip():
            end -= 1
        start = end
        while start and out[start - 1].strip():
            start -= 1
        lines = [line.strip() for line in out[start:end]]
        text = " ".join(lines)
        if not _PLACEHOLDER.match(text) or not start:
            break
        end = start
    if not lines or len(lines) > 6 or len(text) > 450 or "\t" in text:
        return None
    if text.startswith("#") or text.endswith(":"):
        return None
    return text, start


def _pandoc_caption(lines: list[str], k: int) -> tuple[str, int] | None:
    """pandoc's "Table: caption" (or ": caption") line after the table, a blank between."""
    j = k
    while j < len(lines) and not lines[j].strip() and j - k < 2:
        j += 1
    match = _PANDOC_CAPTION.match(lines[j]) if j < len(lines) else None
    return (match.group("caption").strip(), j + 1) if match else None


def tabulate(text: str, clean: Callable[[str], str] = str.strip) -> str:
    """`text` with every drawn table rewritten as tab-separated rows under a caption line;
    `clean` tidies each cell (markdown's inline marks)."""
    lines = text.split("\n")
    out: list[str] = []
    tables = 0
    i = 0
    while i < len(lines):
        drawn = None
        if "\t" not in lines[i] and lines[i].strip():
            drawn = next((d for read in READERS if (d := read(lines, i)) is not None), None)
        if drawn is None:
            out.append(lines[i])
            i += 1
            continue
        tables += 1
        end = drawn.end
        before = _caption_before(out)
        if before and caption_match(before[0]):
            out += [""]  # its own "Table N" caption stands above it
        else:
            caption = ""
            after = _pandoc_caption(lines, end)
            if after:
                caption, end = after
            elif before:
                caption = before[0]
                del out[before[1] :]
            out += ["", f"Table {tables}: {caption}".strip(), ""]
        out += ["\t".join(clean(c) for c in row) for row in drawn.rows]
        out.append("")
        i = end
    return "\n".join(out)
