"""The project's spaCy components, registered with spaCy when this package is imported.

| factory                | sets                                   | holds            |
|------------------------|----------------------------------------|------------------|
| `ekg_sentences_v1`     | `Doc._.ekg_sentences`, `Doc.sents`     | (start, end)     |
| `ekg_abbreviations_v1` | `Doc._.ekg_abbreviations`              | `Abbreviation`   |
| `ekg_citations_v1`     | `Doc._.ekg_citations`                  | `Citation`       |
| `ekg_entities_v1`      | `Doc._.ekg_entities`                   | `Entity`         |

spaCy forbids "." in factory names, so `ekg.citations.v1` is spelt `ekg_citations_v1`.
Every offset is a character offset into `Doc.text`. Each module also offers its work as
a plain function of a string (`parse_citations(text)`, …) for text that is not a Doc.
Statistics (`parse_statistics`) are read by assembly clause by clause and cell by cell,
and effect statements by `_effect_grammar`: plain functions, not components.
"""

from .abbreviations import Abbreviation, find_abbreviations, long_form_start
from .citations import Citation, parse_citations
from .entities import DefinedTerm, Entity, EntityRecognizer, defined_mentions, defined_terms
from .sentences import sentence_spans, sentence_starts
from .statistics import Statistic, parse_statistics

__all__ = [
    "Abbreviation",
    "Citation",
    "DefinedTerm",
    "Entity",
    "EntityRecognizer",
    "Statistic",
    "defined_mentions",
    "defined_terms",
    "find_abbreviations",
    "long_form_start",
    "parse_citations",
    "parse_statistics",
    "sentence_spans",
    "sentence_starts",
]
