"""Media types and file suffixes of the RDF formats the project reads and writes."""

from __future__ import annotations

import pyoxigraph as ox

from ontology.errors import InputError

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdf": ox.RdfFormat.RDF_XML,
}
SUFFIXES = {
    ".ttl": "ttl",
    ".nt": "nt",
    ".nq": "nq",
    ".trig": "trig",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".rdf": "rdf",
    ".owl": "rdf",
    ".xml": "rdf",
}


def rdf_format(name_or_media_type: str) -> ox.RdfFormat:
    """The format for a short name ('ttl'), a media type or a file suffix."""
    key = name_or_media_type.split(";")[0].strip().lower()
    if key in RDF_FORMATS:
        return RDF_FORMATS[key]
    if key in SUFFIXES:
        return RDF_FORMATS[SUFFIXES[key]]
    fmt = ox.RdfFormat.from_media_type(key)
    if fmt is None:
        raise InputError(
            f"unknown RDF format '{name_or_media_type}'; choose one of "
            f"{', '.join(RDF_FORMATS)} or a media type such as text/turtle"
        )
    return fmt


def format_for_path(path: str) -> ox.RdfFormat:
    suffix = "." + path.rsplit(".", 1)[-1].lower() if "." in path else ""
    if suffix not in SUFFIXES:
        raise InputError(
            f"{path}: cannot tell the RDF format from the suffix; use one of "
            f"{', '.join(sorted(SUFFIXES))}"
        )
    return RDF_FORMATS[SUFFIXES[suffix]]
