"""Deterministic IRIs: the same key always gives the same IRI, so ingest is idempotent."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from .vocab import ID


def slug(text: str) -> str:
    """Lower-case ASCII words joined by '-': 'Self-Compassion Scale' -> 'self-compassion-scale'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def digest(*parts: object, length: int = 16) -> str:
    key = "\x1f".join(str(p) for p in parts)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:length]


def entity_iri(kind: str, key: str) -> URIRef:
    """IRI of a shared entity (construct, instrument, intervention, study) by its stable key."""
    return ID[f"{kind}/{slug(key)}"]


def construct_iri(name: str) -> URIRef:
    return entity_iri("construct", name)


def instrument_iri(abbrev_or_name: str) -> URIRef:
    return entity_iri("instrument", abbrev_or_name)


def intervention_iri(abbrev_or_name: str) -> URIRef:
    return entity_iri("intervention", abbrev_or_name)


def study_iri(first_author: str, year: str | int, suffix: str = "") -> URIRef:
    """Studies are identified across papers by first author's surname + year (+ letter)."""
    return entity_iri("study", f"{first_author} {year}{suffix}")


_PLAIN_ID = re.compile(r"[A-Za-z0-9._-]+")


def paper_key(paper_id: str) -> str:
    """The paper's IRI segment: its slug, plus a digest of the exact id when the slug
    loses something (spaces, '#', '?', accents …), so 'a b' and 'a-b' stay two papers."""
    key = slug(paper_id)
    return key if _PLAIN_ID.fullmatch(paper_id) else f"{key}-{digest(paper_id, length=8)}"


def paper_iri(paper_id: str) -> URIRef:
    return ID[f"paper/{paper_key(paper_id)}"]


def scoped_iri(kind: str, paper_id: str, *key: object) -> URIRef:
    """IRI of a node that belongs to one paper (claim, finding, evidence, arm)."""
    return ID[f"{kind}/{paper_key(paper_id)}/{digest(*key)}"]
