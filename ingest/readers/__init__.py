"""Readers: one paper file in, one `Document` out, chosen by the file's suffix.

    read_document(Path("paper.nxml"))      # JATS XML as PubMed Central serves it
    read_document(Path("paper.txt"))       # plain text from a PDF, tables as tab-separated lines
    read_document(Path("paper.pdf"))       # PDF, through pypdf

Every failure is a `ReaderError` naming the file (and line, where there is one).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ingest.document import Document
from ontology.errors import ReaderError

from .jats import read_jats
from .pdf import read_pdf
from .text import read_text

Reader = Callable[[Path], Document]

READERS: dict[str, Reader] = {
    ".nxml": read_jats,
    ".pdf": read_pdf,
    ".txt": read_text,
    ".xml": read_jats,
}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(sorted(READERS))

__all__ = ["SUPPORTED_SUFFIXES", "ReaderError", "iter_paper_files", "read_document"]


def _reader_for(path: Path) -> Reader:
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        shown = f"'{path.suffix}'" if path.suffix else "no suffix"
        raise ReaderError(
            str(path),
            f"unsupported file type ({shown}); supported: {', '.join(SUPPORTED_SUFFIXES)}",
        )
    return reader


def read_document(path: Path) -> Document:
    """Read one paper; `paper_id` is the file's stem."""
    path = Path(path)
    reader = _reader_for(path)
    if not path.is_file():
        reason = "is a folder, not a file" if path.is_dir() else "no such file"
        raise ReaderError(str(path), reason)
    return reader(path)


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def iter_paper_files(paths: Iterable[Path | str]) -> list[Path]:
    """Files to read: files as given, folders expanded (recursively, sorted, hidden
    entries and unsupported suffixes skipped). A path that does not exist is an error."""
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and p.suffix.lower() in READERS and not _hidden(p, path)
                )
            )
        elif path.exists():
            found.append(path)
        else:
            raise ReaderError(str(path), "no such file or folder")
    return list(dict.fromkeys(found))
