"""IRIs the user gave, checked and written into SPARQL text safely."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from ontology.errors import InputError


def iri_ref(iri: str) -> str:
    """`<iri>` for a valid absolute IRI; an InputError naming it otherwise."""
    try:
        return str(ox.NamedNode(iri))
    except ValueError:
        raise InputError(
            f"'{iri[:200]}' is not an absolute IRI (e.g. https://w3id.org/evidence-kg/id/…)"
        ) from None


def iri_values(iris: Iterable[str]) -> str:
    """The body of a SPARQL VALUES block for these IRIs."""
    return " ".join(iri_ref(i) for i in iris)
