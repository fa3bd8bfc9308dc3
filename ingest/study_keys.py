"""How a study is keyed across papers: first author's surname + year (+ letter)."""

from __future__ import annotations

import unicodedata

from rdflib import URIRef

from ontology.iris import study_iri


def surname_key(name: str) -> str:
    """'Bartels-Velthuis' and 'Bartels‐Velthuis' and 'bartels velthuis' are one key."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_name.lower() if ch.isalpha())


def study_iri_for(first_author: str, year: str) -> URIRef:
    return study_iri(surname_key(first_author), year.strip().lower())
