"""Readers: one paper file in, one `Document` out, chosen by the file's suffix.

    read_document(Path("paper.nxml"))      # JATS XML as PubMed Central serves it
    read_document(Path("paper.txt"))       # plain text from a PDF, tables as tab-separated lines
    read_document(Path("paper.pdf"))       # PDF, through pypdf

Every failure is a `ReaderError` naming the file (and line, where there is one). A file
is checked by its content before its reader runs (a PDF starts with `%PDF-`, XML with
`<`, text is text), and what a library logs while reading it (pypdf's "EOF marker not
found") comes out as a warning line that names the file.
"""

from __future__ import annotations

import logging
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
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

__all__ = [
    "SUPPORTED_SUFFIXES",
    "ReaderError",
    "check_content",
    "find_paper_files",
    "iter_paper_files",
    "read_document",
]
SNIFF_BYTES = 65536
MAX_BAD_SHARE = 0.05  # control characters and undecodable bytes in a text file


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
    check_content(path)
    with _logged_as_warnings(path):
        return reader(path)


def check_content(path: Path) -> None:
    """Refuse a file whose bytes do not fit its suffix (random bytes named .txt …)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError as exc:
        raise ReaderError(str(path), f"cannot read the file: {exc.strerror or exc}") from exc
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        if b"%PDF-" not in head[:1024]:
            raise ReaderError(
                str(path), "unreadable PDF: not a PDF at all (it does not start with '%PDF-')"
            )
    elif suffix in (".xml", ".nxml"):
        if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            raise ReaderError(str(path), "not XML: it does not start with '<'")
    elif suffix == ".txt":
        if b"\x00" in head:
            raise ReaderError(str(path), "not a text file: it holds NUL bytes (binary data)")
        text = head.decode("utf-8", errors="replace")
        bad = sum(
            1
            for ch in text
            if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
        )
        if text and bad / len(text) > MAX_BAD_SHARE:
            raise ReaderError(
                str(path),
                f"not a text file: {bad / len(text):.0%} of its characters are control "
                "characters or undecodable bytes; give plain text (UTF-8), JATS XML or a PDF",
            )


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _logged_as_warnings(path: Path) -> Iterator[None]:
    """What pypdf logs while reading `path`, printed as one line each naming the file."""
    logger = logging.getLogger("pypdf")
    handler, propagate = _Collect(), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
        for message in dict.fromkeys(handler.messages):
            print(f"{path}: warning: {message}", file=sys.stderr)


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def iter_paper_files(paths: Iterable[Path | str]) -> list[Path]:
    """Files to read: files as given, folders expanded (recursively, sorted, hidden
    entries and unsupported suffixes skipped). A path that does not exist is an error."""
    found, missing = find_paper_files(paths)
    if missing:
        raise missing[0]
    return found


def find_paper_files(paths: Iterable[Path | str]) -> tuple[list[Path], list[ReaderError]]:
    """(files to read, one error per path that does not exist): the rest still go on."""
    found: list[Path] = []
    missing: list[ReaderError] = []
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
            missing.append(ReaderError(str(path), "no such file or folder"))
    return list(dict.fromkeys(found)), missing
