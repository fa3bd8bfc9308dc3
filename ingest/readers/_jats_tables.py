"""JATS `<table-wrap>` as a table: label, caption, header rows from `<thead>` (or
leading `<th>` rows), body rows, footnotes from `<table-wrap-foot>`.

Spanning cells: a header cell spanning columns repeats its text in each column (so
"Pre-training" sits over both its M and SD columns); any other spanned position is
empty, as in text tables, where an empty first cell continues the row above.
"""

from __future__ import annotations

from lxml import etree

from ._builder import RawTable
from ._jats_inline import children, flatten, local
from ._tables import is_glossary, split_header

_MAX_SPAN = 100


def _span(cell: etree._Element, name: str) -> int:
    try:
        value = int(float(cell.get(name, "1") or "1"))
    except ValueError:
        return 1
    return max(1, min(value, _MAX_SPAN))


def _grid(rows: list[etree._Element], header: bool) -> list[list[str]]:
    pending: dict[int, int] = {}  # column -> rows still covered by a rowspan above
    grid: list[list[str]] = []
    for row in rows:
        cells: list[str] = []
        column = 0
        queue = children(row, "td", "th")
        while queue or pending.get(column, 0) > 0:
            if pending.get(column, 0) > 0:
                pending[column] -= 1
                cells.append("")
                column += 1
                continue
            cell = queue.pop(0)
            text = flatten(cell)
            colspan, rowspan = _span(cell, "colspan"), _span(cell, "rowspan")
            for offset in range(colspan):
                cells.append(text if offset == 0 or header else "")
                if rowspan > 1:
                    pending[column + offset] = rowspan - 1
            column += colspan
        grid.append(cells)
    return grid


def _rows(table: etree._Element) -> tuple[list[etree._Element], list[etree._Element]]:
    head: list[etree._Element] = []
    body: list[etree._Element] = []
    for part in table:
        name = local(part)
        if name == "thead":
            head.extend(children(part, "tr"))
        elif name in ("tbody", "tfoot"):
            body.extend(children(part, "tr"))
        elif name == "tr":
            body.append(part)
    return head, body


def _as_rows(grid: list[list[str]]) -> list[tuple[list[str], str]]:
    return [(cells, "\t".join(cells)) for cells in grid if any(cells)]


def _caption(wrap: etree._Element) -> str:
    caption = next(iter(children(wrap, "caption")), None)
    return flatten(caption)


def _footnotes(wrap: etree._Element) -> list[str]:
    notes: list[str] = []
    for foot in children(wrap, "table-wrap-foot"):
        found = [
            node
            for node in foot.iter()
            if local(node) == "fn"
            or (local(node) == "p" and not any(local(a) == "fn" for a in node.iterancestors()))
        ]
        notes.extend(flatten(node) for node in found or [foot])
    return [note for note in notes if note]


def read_table_wrap(wrap: etree._Element, section: str) -> RawTable:
    label = flatten(next(iter(children(wrap, "label")), None))
    raw = RawTable(label=label or "Table", caption=_caption(wrap), section=section)
    for table in (t for t in wrap.iter() if local(t) == "table"):
        head, body = _rows(table)
        if not head:
            count = 0
            while count < len(body) and not children(body[count], "td"):
                count += 1
            head, body = body[:count], body[count:]
        header = _as_rows(_grid(head, header=True))
        rows = _as_rows(_grid(body, header=False))
        if not header:
            count = split_header(rows)
            header, rows = rows[:count], rows[count:]
        if not raw.header:
            raw.header = header
        raw.rows.extend(rows)
    raw.footnotes = _footnotes(wrap)
    raw.glossary_notes = {i for i, note in enumerate(raw.footnotes) if is_glossary(note)}
    return raw
