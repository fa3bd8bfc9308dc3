"""Content negotiation for SPARQL results (SELECT/ASK) and graphs (CONSTRUCT/DESCRIBE)."""

from __future__ import annotations

import pyoxigraph as ox

from ontology.errors import InputError

RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}
SHORT_NAMES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "ttl": "text/turtle",
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}


def _accepted(accept: str) -> list[tuple[float, int, str]]:
    ranked = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if fields[0] and q > 0:
            ranked.append((-q, i, fields[0].lower()))
    return sorted(ranked)


def choose(accept: str | None, offered: list[str], fmt: str | None = None) -> str:
    """The offered media type that the client prefers; the first offered one by default."""
    if fmt:
        media = SHORT_NAMES.get(fmt.lower(), fmt.lower())
        if media not in offered:
            names = ", ".join(k for k, v in SHORT_NAMES.items() if v in offered)
            raise InputError(f"format '{fmt}' does not fit this result; choose one of {names}")
        return media
    for _, _, media in _accepted(accept or "*/*"):
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            family = media.split("/")[0]
            return next((o for o in offered if family == "*" or o.startswith(family)), offered[0])
    return offered[0]


RESULT_OFFER = list(RESULT_TYPES)
GRAPH_OFFER = [
    "text/turtle",
    "application/n-triples",
    "application/ld+json",
    "application/rdf+xml",
    "application/n-quads",
    "application/trig",
    "text/plain",
]
