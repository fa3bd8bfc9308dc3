"""What a curator may pick: the properties of the ontology, and for each the values it
takes (existing constructs, instruments, designs … or a literal of its datatype)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS, XSD

from ontology.resources import ontology_graph, shapes_graph
from ontology.vocab import EKG, KNOWLEDGE_GRAPH, LEXICON_GRAPH, ONTOLOGY_GRAPH

from ..store import Store
from .claims import labels, local_name
from .terms import column

EXTRA = {  # reused vocabulary a claim may state, with what it takes
    str(RDF.type): ("iri", ""),
    str(SKOS.prefLabel): ("literal", "lang:en"),
    str(SKOS.altLabel): ("literal", "lang:en"),
    str(SKOS.definition): ("literal", "lang:en"),
    str(SKOS.broader): ("iri", str(EKG.Construct)),
    str(RDFS.label): ("literal", str(XSD.string)),
    str(RDFS.comment): ("literal", str(XSD.string)),
}
MAX_OPTIONS = 2000


@dataclass
class Choice:
    value: str
    label: str


@dataclass
class PredicateInfo:
    iri: str
    label: str
    kind: str  # iri | literal
    range: str = ""  # a class for IRIs, a datatype (or 'lang:en') for literals
    single: bool = False
    options: list[Choice] = field(default_factory=list)


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    return ontology_graph()


@lru_cache(maxsize=1)
def single_valued() -> frozenset[str]:
    """Properties a subject has one value of: functional in the ontology, or capped at
    one by a shape (warnings included)."""
    onto, shapes = _ontology(), shapes_graph()
    found = {str(p) for p in onto.subjects(RDF.type, OWL.FunctionalProperty)}
    for node in shapes.subjects(SH.maxCount, None):
        path = shapes.value(node, SH.path)
        if isinstance(path, URIRef) and str(shapes.value(node, SH.maxCount)) == "1":
            found.add(str(path))
    return frozenset(found - {str(RDF.type)})


@lru_cache(maxsize=1)
def strictly_single_valued() -> frozenset[str]:
    """Properties a shape caps at one value with a violation (not a warning): two
    values of one of these make `ekg validate` fail."""
    shapes = shapes_graph()
    found = set()
    for node in shapes.subjects(SH.maxCount, None):
        path = shapes.value(node, SH.path)
        severity = shapes.value(node, SH.severity)
        if (
            isinstance(path, URIRef)
            and str(shapes.value(node, SH.maxCount)) == "1"
            and severity in (None, SH.Violation)
        ):
            found.add(str(path))
    return frozenset(found - {str(RDF.type)})


def describe(predicate: str) -> PredicateInfo:
    onto = _ontology()
    p = URIRef(predicate)
    label = str(onto.value(p, RDFS.label) or local_name(predicate))
    single = predicate in single_valued()
    if predicate in EXTRA:
        kind, rng = EXTRA[predicate]
        return PredicateInfo(predicate, label, kind, rng, single)
    types = set(onto.objects(p, RDF.type))
    rng = str(onto.value(p, RDFS.range) or "")
    if OWL.ObjectProperty in types:
        return PredicateInfo(predicate, label, "iri", rng, single)
    if OWL.DatatypeProperty in types:
        return PredicateInfo(predicate, label, "literal", rng or str(XSD.string), single)
    return PredicateInfo(predicate, label, "literal", str(XSD.string), single)


def predicates() -> list[PredicateInfo]:
    """Every property a curator may state: the ontology's own, plus SKOS/RDFS labels."""
    onto = _ontology()
    own = {
        str(p)
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty)
        for p in onto.subjects(RDF.type, kind)
        if str(p).startswith(str(EKG))
    }
    skip = {str(EKG.curationStatus), str(EKG.method), str(EKG.target), str(EKG.reverts)}
    found = [describe(p) for p in sorted((own - skip) | set(EXTRA))]
    return sorted(found, key=lambda info: info.label.lower())


def classes(store: Store) -> list[Choice]:
    onto = _ontology()
    own = [c for c in onto.subjects(RDF.type, OWL.Class) if str(c).startswith(str(EKG))]
    return sorted(
        (Choice(str(c), str(onto.value(c, RDFS.label) or local_name(str(c)))) for c in own),
        key=lambda c: c.label.lower(),
    )


def choices(store: Store, predicate: str) -> PredicateInfo:
    """The property with the existing values it may take (IRIs only; literals are typed)."""
    info = describe(predicate)
    if info.kind != "iri":
        return info
    if predicate == str(RDF.type):
        info.options = classes(store)
        return info
    if not info.range:
        return info
    query = (
        f"SELECT DISTINCT ?x WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?t "
        f"<{RDFS.subClassOf}>* <{info.range}> }} GRAPH ?g {{ ?x a ?t }} "
        f"FILTER(?g IN (<{KNOWLEDGE_GRAPH}>, <{LEXICON_GRAPH}>, <{ONTOLOGY_GRAPH}>) "
        f"&& isIRI(?x)) }} LIMIT {MAX_OPTIONS}"
    )
    iris = column(store, query, "x")
    names = labels(store, iris)
    info.options = sorted((Choice(i, names[i]) for i in iris), key=lambda c: c.label.lower())
    return info
