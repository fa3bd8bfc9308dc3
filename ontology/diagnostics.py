"""Why a graph is inconsistent: the usual causes, found without a reasoner.

HermiT only says *that* an ontology is inconsistent. These checks name the triples
behind the common causes: an individual in two disjoint classes, a literal outside a
datatype property's range, and two different values of a functional property.
"""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

_INTEGERS = {
    XSD.integer, XSD.nonNegativeInteger, XSD.positiveInteger, XSD.nonPositiveInteger,
    XSD.negativeInteger, XSD.long, XSD.int, XSD.short, XSD.byte, XSD.unsignedLong,
    XSD.unsignedInt, XSD.unsignedShort, XSD.unsignedByte,
}  # fmt: skip
_WITHIN = {XSD.decimal: _INTEGERS | {XSD.decimal}, XSD.integer: _INTEGERS}


def explain_inconsistency(graph: Graph) -> list[str]:
    """Every common cause of inconsistency found in `graph` (ontology plus data)."""
    return disjointness_clashes(graph) + range_clashes(graph) + functional_clashes(graph)


def disjointness_clashes(graph: Graph) -> list[str]:
    """Individuals typed with two classes the graph declares disjoint."""
    pairs: set[frozenset[Node]] = {frozenset(p) for p in graph.subject_objects(OWL.disjointWith)}
    for group in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = graph.value(group, OWL.members)
        classes = list(graph.items(members)) if members is not None else []
        pairs.update(frozenset((a, b)) for a in classes for b in classes if a != b)
    problems = []
    for individual in sorted(set(graph.subjects(RDF.type, None)), key=str):
        types = {
            cls
            for stated in graph.objects(individual, RDF.type)
            for cls in graph.transitive_objects(stated, RDFS.subClassOf)
        }
        clashes = sorted(sorted(str(c) for c in pair) for pair in pairs if pair <= types)
        problems += [f"{individual} is typed with disjoint classes {a} and {b}" for a, b in clashes]
    return problems


def range_clashes(graph: Graph) -> list[str]:
    """Literals of datatype properties that are ill-formed or outside the declared range."""
    problems = []
    for prop in sorted(set(graph.subjects(RDF.type, OWL.DatatypeProperty)), key=str):
        datatype = graph.value(prop, RDFS.range)
        for s, o in graph.subject_objects(prop):
            if not isinstance(o, Literal):
                continue
            if o.ill_typed:
                problems.append(f"{s} {prop} {o.n3()}: not a valid {o.datatype}")
            elif datatype is not None and not _fits(o, datatype):
                found = o.datatype or (RDF.langString if o.language else XSD.string)
                problems.append(f"{s} {prop} {o.n3()}: a {found}, but the range is {datatype}")
    return problems


def _fits(literal: Literal, datatype: Node) -> bool:
    if literal.language is not None:
        return datatype == RDF.langString
    found = literal.datatype or XSD.string
    return found == datatype or found in _WITHIN.get(datatype, set())  # type: ignore[call-overload]


def functional_clashes(graph: Graph) -> list[str]:
    """Subjects with two different values of a functional property."""
    problems = []
    for prop in sorted(set(graph.subjects(RDF.type, OWL.FunctionalProperty)), key=str):
        for s in sorted(set(graph.subjects(prop, None)), key=str):
            values = sorted(str(o) for o in graph.objects(s, prop))
            if len(values) > 1:
                problems.append(f"{s} has {len(values)} values of functional {prop}: {values}")
    return problems
