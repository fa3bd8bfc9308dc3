"""Papers as plain text: text extracted from a PDF (blank lines between blocks, tabs
between cells), the plain and markdown layouts of converters (pandoc, GitHub markdown,
repository exports), tables drawn with pipes, grids, dash rules or aligned spaces."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.document import Document
from ontology.errors import ReaderError

from ._common import structure_text
from ._grid import tabulate
from ._markdown import looks_like_markdown, markdown_to_text, superscript

# Invisible format characters (zero-width spaces and joiners, direction marks, word
# joiner, BOM) that converters leave inside words: "Omidi\u200e; Seyyed …".
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060\ufeff]")


def decode(path: Path, data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise ReaderError(str(path), "binary content, not a text file; give a .txt, .nxml or .pdf")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return _INVISIBLE.sub("", text)


# Sub- and superscripts as plain-text writers print them (pandoc's plain: "F_((1, 90))",
# "3^(rd)", "0.02^(*)"), written as the JATS reader writes <sub> and <sup>.
_SUBSCRIPT = re.compile(r"(?<=[\w)\]])_\((?P<x>[^()\n]*(?:\([^()\n]*\))?[^()\n]*)\)")
_SUPERSCRIPT = re.compile(r"(?<=\S)\^\((?P<x>[^()\n]{1,20})\)")


def plain_marks(text: str) -> str:
    text = _SUBSCRIPT.sub(lambda m: m.group("x"), text)
    return _SUPERSCRIPT.sub(lambda m: superscript(m.group("x")), text)


def read_text(path: Path) -> Document:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ReaderError(str(path), f"cannot read the file: {error.strerror or error}") from error
    text = decode(path, data)
    if not text.strip():
        raise ReaderError(str(path), "the file is empty")
    # tables first: the columns of a drawn table are found at the widths as printed
    layout = markdown_to_text(text) if looks_like_markdown(text) else plain_marks(tabulate(text))
    doc = structure_text(layout, path.stem, str(path), "text")
    if not doc.paragraphs and not doc.tables:
        raise ReaderError(str(path), "no paragraphs or tables found in the text")
    return doc
