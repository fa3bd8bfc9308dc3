"""Content negotiation for SPARQL results (SELECT/ASK) and graphs (CONSTRUCT/DESCRIBE).

`choose` picks the offered media type the client ranks highest (q-values, then the
order of its Accept header, then our order of preference); a `format` parameter
(`json`, `csv`, `ttl`, … or a media type) overrides the header. It answers None when
the client accepts none of the offered types, which the endpoint turns into a 406.
"""

from __future__ import annotations

from ontology.errors import InputError

# media type a client may ask for → the canonical one the serialiser knows
RESULT_TYPES: dict[str, str] = {
    "application/sparql-results+json": "application/sparql-results+json",
    "application/sparql-results+xml": "application/sparql-results+xml",
    "text/csv": "text/csv",
    "text/tab-separated-values": "text/tab-separated-values",
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
}
GRAPH_TYPES: dict[str, str] = {
    "text/turtle": "text/turtle",
    "application/n-triples": "application/n-triples",
    "application/ld+json": "application/ld+json",
    "application/rdf+xml": "application/rdf+xml",
    "application/n-quads": "application/n-quads",
    "application/trig": "application/trig",
    "text/plain": "application/n-triples",
    "application/x-turtle": "text/turtle",
    "application/json": "application/ld+json",
    "application/xml": "application/rdf+xml",
}
RESULT_OFFER = list(RESULT_TYPES)
GRAPH_OFFER = list(GRAPH_TYPES)
SHORT_NAMES: dict[str, tuple[str, str]] = {  # name → (results media, graph media)
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", ""),
    "tsv": ("text/tab-separated-values", ""),
    "ttl": ("", "text/turtle"),
    "turtle": ("", "text/turtle"),
    "n3": ("", "text/turtle"),  # SPARQLWrapper's name; Turtle is N3 without its extensions
    "nt": ("", "application/n-triples"),
    "ntriples": ("", "application/n-triples"),
    "jsonld": ("", "application/ld+json"),
    "rdfxml": ("", "application/rdf+xml"),
    "rdf+xml": ("", "application/rdf+xml"),
    "json-ld": ("", "application/ld+json"),
    "rdf": ("", "application/rdf+xml"),
    "nq": ("", "application/n-quads"),
    "trig": ("", "application/trig"),
}
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/", "application/n-triples", "application/n-quads", "application/trig")


def ranges(accept: str | None) -> list[tuple[str, float, int]]:
    """The media ranges of an Accept header as (range, q, position)."""
    out = []
    for position, part in enumerate((accept or "*/*").split(",")):
        fields = [f.strip() for f in part.split(";")]
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if fields[0]:
            out.append((fields[0].lower(), q, position))
    return out


def _match(media: str, accepted: list[tuple[str, float, int]]) -> tuple[float, int] | None:
    """(q, position) of the most specific range that covers `media`."""
    best: tuple[int, float, int] | None = None
    kind = media.split("/")[0]
    for name, q, position in accepted:
        if name == media:
            specificity = 2
        elif name == f"{kind}/*":
            specificity = 1
        elif name == "*/*":
            specificity = 0
        else:
            continue
        if best is None or specificity > best[0]:
            best = (specificity, q, position)
    return (best[1], best[2]) if best else None


def choose(accept: str | None, offered: list[str], fmt: str | None = None) -> str | None:
    """The offered media type the client prefers, or None if it accepts none of them."""
    if fmt:
        return _by_name(fmt, offered)
    accepted = ranges(accept)
    scored = []
    for preference, media in enumerate(offered):
        found = _match(media, accepted)
        if found is not None and found[0] > 0:
            scored.append((-found[0], found[1], preference, media))
    return min(scored)[3] if scored else None


def _by_name(fmt: str, offered: list[str]) -> str | None:
    name = fmt.strip().lower()
    if name in SHORT_NAMES:
        results, graph = SHORT_NAMES[name]
        pick = results if offered is RESULT_OFFER else graph
        return pick or None
    if "/" in name:
        return name if name in offered else None
    raise InputError(f"unknown format '{fmt}'; choose one of {', '.join(SHORT_NAMES)}")


def prefers_html(accept: str | None) -> bool:
    """True when the client names HTML and ranks it at least as high as any RDF format."""
    accepted = ranges(accept)
    html = max((q for name, q, _ in accepted if name in HTML_TYPES), default=0.0)
    other = max(
        (q for name, q, _ in accepted if name in RESULT_TYPES or name in GRAPH_TYPES),
        default=0.0,
    )
    return html > 0 and html >= other


def content_type(media: str) -> str:
    """The Content-Type header for a media type (text formats say they are UTF-8)."""
    if media.startswith(TEXT_TYPES) or media.endswith(("+xml", "/xml")):
        return f"{media}; charset=utf-8"
    return media
