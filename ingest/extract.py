"""One file → the quads of its paper graph: read, analyse, assemble, write claims."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ontology.lexicon import load_lexicon

from .analysis import analyse
from .assemble import assemble
from .pipeline import EXTRACTOR_NAME, EXTRACTOR_VERSION, get_pipeline
from .rdf import paper_quads
from .readers import read_document
from .records import Extraction


def extract_document(path: Path) -> tuple[object, Extraction]:
    doc = read_document(path)
    lexicon = load_lexicon()
    analysis = analyse(doc, get_pipeline(lexicon))
    return doc, assemble(analysis, lexicon)


def extract_file(path: Path) -> tuple[str, list[ox.Quad], dict[str, int]]:
    """(paper_id, quads, counts of what was found) for one paper file."""
    doc, ext = extract_document(path)
    quads = paper_quads(doc, ext, EXTRACTOR_NAME, EXTRACTOR_VERSION)  # type: ignore[arg-type]
    counts = {
        "studies": len(ext.studies),
        "findings": len(ext.findings),
        "instruments": len(ext.instruments),
        "interventions": len(ext.interventions),
        "arms": sum(len(s.arms) for s in ext.studies),
        "sample sizes": sum(1 for s in ext.studies if s.n),
    }
    return ext.paper_id, quads, counts
