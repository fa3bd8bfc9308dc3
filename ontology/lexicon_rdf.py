"""The lexicon as SKOS triples: the content of the lexicon graph.

Constructs, instruments and interventions become `skos:Concept`s of their ekg class,
with `skos:prefLabel`, `skos:altLabel` (synonyms), `ekg:abbreviation`, `skos:broader`
and `skos:narrower`. An instrument `ekg:measures` constructs; each of its subscales is
an instrument of its own, `instrument/{key}-{facet}`, that measures the facet.
"""

from __future__ import annotations

from difflib import get_close_matches

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from .errors import InputError
from .iris import construct_iri, instrument_iri, intervention_iri
from .lexicon import Lexicon, Term
from .vocab import EKG, PREFIXES

CLASSES = {
    "construct": EKG.Construct,
    "instrument": EKG.Instrument,
    "intervention": EKG.Intervention,
}
IRI_OF = {
    "construct": construct_iri,
    "instrument": instrument_iri,
    "intervention": intervention_iri,
}


def lexicon_graph(lexicon: Lexicon) -> Graph:
    """SKOS triples for every term of the lexicon; InputError names an undeclared key."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    keys = {kind: {t.key for t in lexicon.of_kind(kind)} for kind in CLASSES}
    labels = {t.key: t.label for t in lexicon.of_kind("construct")}
    for term in lexicon.terms:
        _check_references(term, keys)
        _add_term(graph, term)
        for facet in term.subscales:
            _add_subscale(graph, term, facet, labels[facet])
    return graph


def _check_references(term: Term, keys: dict[str, set[str]]) -> None:
    wanted = [("construct", "measures", k) for k in term.measures]
    wanted += [("construct", "subscales", k) for k in term.subscales]
    wanted += [(term.kind, "broader", k) for k in term.broader]
    if term.version_of:
        wanted.append(("instrument", "version_of", term.version_of))
    for kind, field, key in wanted:
        if key not in keys[kind]:
            close = get_close_matches(key, sorted(keys[kind]), n=3)
            hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
            raise InputError(
                f"lexicon: {term.kind} '{term.key}' names {kind} '{key}' in '{field}', "
                f"but no [[{kind}]] has key = '{key}'; declare it or fix the name{hint}"
            )


def _add_term(graph: Graph, term: Term) -> None:
    iri = IRI_OF[term.kind](term.key)
    graph.add((iri, RDF.type, CLASSES[term.kind]))
    if term.version_of:  # both types: the store does no RDFS inference
        graph.add((iri, RDF.type, EKG.InstrumentVersion))
    graph.add((iri, SKOS.prefLabel, Literal(term.label, lang="en")))
    for synonym in term.synonyms:
        graph.add((iri, SKOS.altLabel, Literal(synonym, lang="en")))
    for abbreviation in term.abbreviations:
        graph.add((iri, EKG.abbreviation, Literal(abbreviation)))
    for construct in term.measures:
        graph.add((iri, EKG.measures, construct_iri(construct)))
    for key in term.broader:
        broader = IRI_OF[term.kind](key)
        graph.add((iri, SKOS.broader, broader))
        graph.add((broader, SKOS.narrower, iri))
    if term.version_of:
        graph.add((iri, EKG.versionOf, instrument_iri(term.version_of)))
    if term.citation:
        graph.add((iri, EKG.citation, Literal(term.citation)))
    if term.items is not None:
        graph.add((iri, EKG.itemCount, Literal(term.items, datatype=XSD.integer)))
    if term.definition:
        graph.add((iri, SKOS.definition, Literal(term.definition, lang="en")))


def subscale_iri(instrument_key: str, facet: str) -> URIRef:
    return instrument_iri(f"{instrument_key}-{facet}")


def _add_subscale(graph: Graph, term: Term, facet: str, facet_label: str) -> None:
    sub = subscale_iri(term.key, facet)
    graph.add((IRI_OF[term.kind](term.key), EKG.hasSubscale, sub))
    graph.add((sub, RDF.type, EKG.Instrument))
    graph.add((sub, SKOS.prefLabel, Literal(f"{term.label}: {facet_label} subscale", lang="en")))
    graph.add((sub, EKG.measures, construct_iri(facet)))
    if term.citation:
        graph.add((sub, EKG.citation, Literal(term.citation)))
