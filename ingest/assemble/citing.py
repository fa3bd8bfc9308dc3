"""Which citations name studies: not the ones that cite an instrument's source
("Self-Compassion Scale (Neff 2003)"), and also the year-less ones that name a study the
paper has already cited ("the study by Krasner et al. found")."""

from __future__ import annotations

import re

from ..analysis import Analysis, Sentence
from ..components.citations import Citation
from ..records import StudyRecord
from .terms import INSTRUMENT_WORDS

BEFORE_CITATION = 60


def instrument_citations(analysis: Analysis) -> set[str]:
    """Labels of citations that give an instrument's source rather than a study."""
    labels = {a.citation for b in analysis.blocks for a in b.abbreviations if a.citation}
    text = analysis.doc.text
    for block in analysis.blocks:
        for c in block.citations:
            before = text[max(0, c.start - BEFORE_CITATION) : c.start]
            head = re.split(r"[.;]", before)[-1]
            numbered = re.search(r"\)\s*\[\s*$", head)  # 'the Attention Network Test (ANT) [58]'
            if (
                numbered or re.search(r"\(\s*(?:[A-Z][\w-]+\s*;\s*)?$", head)
            ) and INSTRUMENT_WORDS.search(head.rsplit("(", 1)[0][-40:]):
                labels.add(c.label)
    return labels


def yearless(sentence: Sentence, studies: dict[str, StudyRecord]) -> list[Citation]:
    """'Krasner et al.' or 'Beddoe and Murphy' without a year, for a study already known."""
    by_name: dict[str, list[StudyRecord]] = {}
    for st in studies.values():
        by_name.setdefault(st.first_author, []).append(st)
    found = []
    for name, candidates in by_name.items():
        if len(candidates) != 1:
            continue
        st = candidates[0]
        if name not in sentence.text:
            continue
        second = re.search(r"\band\s+([\w'’-]+)\s+\d", st.label)
        tail = (
            r"\s+et\s+al\.?"
            if "et al" in st.label
            else (
                rf"\s+(?:and|&)\s+{re.escape(second.group(1))}"
                if second
                else r"(?=\s+(?:found|showed|reported))"
            )
        )
        for m in re.finditer(
            rf"\b{re.escape(name)}{tail}(?!\s*,?\s*\(?\s*(?:19|20)\d\d)", sentence.text
        ):
            found.append(
                Citation(
                    st.label,
                    st.first_author,
                    st.year,
                    sentence.start + m.start(),
                    sentence.start + m.end(),
                )
            )
    return found
