"""PDF through pypdf: text per page, cut into blocks, then the same structuring as
plain text (`_common.structure_text`).

pypdf's plain extraction follows the content stream, which keeps two-column prose in
reading order; its layout mode keeps column gaps, so table rows are taken from it and
their gaps written as tabs.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, PyPdfError

from ingest.document import Document
from ontology.errors import ReaderError

from ._common import is_heading, structure_text
from ._layout import ends_sentence
from ._tables import caption_match

_CELL = re.compile(r"\S+(?: \S+)*")


def _collapse(line: str) -> str:
    return " ".join(line.split())


def _cells(line: str) -> list[tuple[int, str]]:
    """(column, text) of each cell: runs of words separated by two or more spaces."""
    return [(m.start(), m.group(0)) for m in _CELL.finditer(line)]


def _aligned(lines: list[str]) -> list[str]:
    """Rows as tab-separated cells, each cell put under the nearest column start."""
    rows = [_cells(line) for line in lines]
    starts = [column for column, _ in max(rows, key=len)]
    out = []
    for cells in rows:
        slots = [""] * len(starts)
        for column, text in cells:
            slot = min(range(len(starts)), key=lambda i: abs(starts[i] - column))
            slots[slot] = f"{slots[slot]} {text}".strip()
        out.append("\t".join(slots))
    return out


def _layout_rows(layout: str, caption: str) -> list[str]:
    """Rows under `caption` in layout-mode text, cells separated by tabs."""
    lines = layout.split("\n")
    start = next((i for i, ln in enumerate(lines) if _collapse(ln) == caption), None)
    if start is None:
        return []
    block = []
    for line in lines[start + 1 :]:
        cells = _cells(line)
        if not cells or (len(cells) == 1 and len(cells[0][1]) > 60):
            break
        block.append(line)
    return _aligned(block) if block else []


def _with_tables(plain: list[str], layout: str) -> list[str]:
    """Plain lines with each table's rows replaced by tab-separated rows."""
    out: list[str] = []
    index = 0
    while index < len(plain):
        line = plain[index]
        out.append(line)
        index += 1
        if not caption_match(line.strip()):
            continue
        rows = _layout_rows(layout, _collapse(line))
        if not any("\t" in row for row in rows):
            continue
        out[-1:] = ["", line, ""]
        for row in rows:
            if index < len(plain) and _collapse(plain[index]) == _collapse(row):
                index += 1
            out.append(row)
        out.append("")
    return out


def _starts_block(line: str, previous: str, width: int) -> bool:
    if caption_match(line) or ("\t" in line) != ("\t" in previous):
        return True
    if is_heading(previous, True) and not ends_sentence(previous):
        return True
    closed = ends_sentence(previous) and len(previous) < 0.85 * width
    return closed or (ends_sentence(previous) and is_heading(line, True))


def page_blocks(text: str) -> str:
    """One page's lines cut into blank-line separated blocks."""
    lines = [ln.rstrip() for ln in text.split("\n")]
    lengths = sorted(len(ln) for ln in lines if ln.strip()) or [0]
    width = max(40, lengths[int(0.9 * (len(lengths) - 1))])
    out: list[str] = []
    previous = ""
    for line in lines:
        if not line.strip():
            out.append("")
            previous = ""
            continue
        if previous and _starts_block(line.strip(), previous, width):
            out.append("")
        out.append(line)
        previous = line.strip()
    return "\n".join(out)


def _pages(path: Path) -> list[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReaderError(
                str(path), "the PDF is encrypted and needs a password; give an unlocked copy"
            )
        pages = []
        for page in reader.pages:
            plain = page.extract_text() or ""
            if any(caption_match(ln.strip()) for ln in plain.split("\n")):
                layout = page.extract_text(extraction_mode="layout") or ""
                plain = "\n".join(_with_tables(plain.split("\n"), layout))
            pages.append(page_blocks(plain))
        return pages


def read_pdf(path: Path) -> Document:
    try:
        pages = _pages(path)
    except ReaderError:
        raise
    except DependencyError as error:
        raise ReaderError(
            str(path), f"the PDF needs an optional pypdf dependency: {error}"
        ) from error
    except (PyPdfError, OSError) as error:
        raise ReaderError(str(path), f"unreadable PDF: {error}") from error
    except Exception as error:  # pypdf documents that broken files raise arbitrary errors
        raise ReaderError(str(path), f"unreadable PDF ({type(error).__name__}: {error})") from error
    text = "\n\n".join(pages)
    if not text.strip():
        raise ReaderError(str(path), "no text in the PDF (a scanned PDF needs OCR first)")
    return structure_text(text, path.stem, str(path), "pdf")
