"""The ingest layer: papers in (readers), extraction on spaCy, RDF with provenance out,
written to a store; and evaluation against gold annotations. Names below load from
their modules on first use (`ontology.lazy`): reading a file list does not load spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ontology.lazy import lazy_exports

if TYPE_CHECKING:
    from .document import Document
    from .evaluate import evaluate_store
    from .extract import extract_document, extract_file
    from .readers import SUPPORTED_SUFFIXES, iter_paper_files, read_document
    from .runner import FileResult, ingest_files

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Document",
    "FileResult",
    "evaluate_store",
    "extract_document",
    "extract_file",
    "ingest_files",
    "iter_paper_files",
    "read_document",
]

__getattr__ = lazy_exports(
    __name__,
    {
        ".document": ["Document"],
        ".evaluate": ["evaluate_store"],
        ".extract": ["extract_document", "extract_file"],
        ".readers": ["SUPPORTED_SUFFIXES", "iter_paper_files", "read_document"],
        ".runner": ["FileResult", "ingest_files"],
    },
)
