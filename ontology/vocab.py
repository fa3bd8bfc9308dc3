"""Namespaces and the IRIs of every term the code uses.

The ontology (`ekg.ttl`) declares and documents each `EKG` term named here; a test
checks that the two agree.
"""

from __future__ import annotations

import re

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/evidence-kg/"
EKG = Namespace(BASE + "ontology#")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
OA = Namespace("http://www.w3.org/ns/oa#")
BIBO = Namespace("http://purl.org/ontology/bibo/")
FABIO = Namespace("http://purl.org/spar/fabio/")
OBO = Namespace("http://purl.obolibrary.org/obo/")

ONTOLOGY_GRAPH = GRAPH["ontology"]
LEXICON_GRAPH = GRAPH["lexicon"]
KNOWLEDGE_GRAPH = GRAPH["knowledge"]
CURATION_GRAPH = GRAPH["curation"]
PAPER_GRAPH_PREFIX = str(GRAPH) + "paper/"

# The controlled values of a study's design and a finding's direction and comparison, as
# the CSV tables and the API write them (skos:notation), each with the local name of its
# individual in the ontology.
DESIGNS: dict[str, str] = {
    "randomised-controlled": "RandomisedControlled",
    "matched-randomised-controlled": "MatchedRandomisedControlled",
    "non-randomised-controlled": "NonRandomisedControlled",
    "pre-post": "PrePost",
    "qualitative": "Qualitative",
    "experimental": "Experimental",
    "cross-sectional": "CrossSectional",
}
DIRECTIONS: dict[str, str] = {
    "increase": "Increase",
    "decrease": "Decrease",
    "no change": "NoChange",
    "mixed": "Mixed",
}
COMPARISONS: dict[str, str] = {
    "vs control": "VersusControl",
    "pre-post": "PrePostComparison",
    "between groups": "BetweenGroups",
    "correlation": "Correlation",
}

PREFIXES: dict[str, str] = {
    "ekg": str(EKG),
    "id": str(ID),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "oa": str(OA),
    "bibo": str(BIBO),
    "fabio": str(FABIO),
    "obo": str(OBO),
}


def sparql_prefixes() -> str:
    """The PREFIX lines for every namespace above, to put in front of a query."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


_NOT_IN_IRI_PATH = re.compile(r'[\x00-\x20<>"{}|\\^`#?%/\x7f-\x9f\s]')


def paper_graph(paper_id: str) -> str:
    """The graph of a paper; characters an IRI path cannot hold (space, #, ?, /, %, …)
    are percent-encoded, so any file name makes a valid, distinct IRI."""
    encoded = _NOT_IN_IRI_PATH.sub(
        lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), paper_id
    )
    return PAPER_GRAPH_PREFIX + encoded


__all__ = [
    "BASE",
    "EKG",
    "ID",
    "GRAPH",
    "OA",
    "BIBO",
    "FABIO",
    "OBO",
    "RDF",
    "RDFS",
    "OWL",
    "XSD",
    "SKOS",
    "DCTERMS",
    "PROV",
    "ONTOLOGY_GRAPH",
    "LEXICON_GRAPH",
    "KNOWLEDGE_GRAPH",
    "CURATION_GRAPH",
    "PAPER_GRAPH_PREFIX",
    "PREFIXES",
    "sparql_prefixes",
    "paper_graph",
]
