"""Refuse a curator action that would break a SHACL shape (409 naming the shape).

Rejecting or editing a claim takes its triple out of the knowledge graph (unless another
live claim or the lexicon still asserts it). Other nodes may rest on that triple: reject
`construct/x rdf:type ekg:Construct` and every finding whose `ekg:outcome` is x breaks
"ekg:outcome must be one ekg:Construct". So before such an action commits, the shapes
run over the neighbourhood of the subject (its triples, the triples pointing at it, and
the types of everything they name) as it is and as it would be; a violation only the
second has refuses the action, naming the shape, the node and what to do instead.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from ontology.errors import ShapeConflictError
from ontology.resources import shapes_graph
from ontology.vocab import LEXICON_GRAPH

from ..knowledge import LIVE_CLAIM
from ..store import Store
from .claims import ClaimView

Triple = tuple[str, str, object]  # subject IRI, predicate IRI, object (rdflib term)


def still_asserted(store: Store, view: ClaimView, triple: Triple) -> bool:
    """True when the lexicon or another live claim keeps the triple in the graph."""
    s, p, o = f"<{triple[0]}>", f"<{triple[1]}>", str(triple[2])
    query = (
        f"ASK {{ {{ GRAPH <{LEXICON_GRAPH}> {{ {s} {p} {o} }} }} UNION "
        f"{{ BIND({s} AS ?s) BIND({p} AS ?p) BIND({o} AS ?o) {LIVE_CLAIM} "
        f"FILTER(?c != <{view.iri}>) }} }}"
    )
    return bool(store.query(query, union_default=False))


def neighbourhood(store: Store, subject: str) -> Graph:
    """The subject's triples, the triples naming it, and the types of what they name."""
    query = f"""CONSTRUCT {{ ?x ?p ?y . ?y a ?t . ?x a ?xt }} WHERE {{
      {{ BIND(<{subject}> AS ?x) ?x ?p ?y }} UNION {{ ?x ?p <{subject}> BIND(<{subject}> AS ?y) }}
      OPTIONAL {{ ?y a ?t }} OPTIONAL {{ ?x a ?xt }} }}"""
    graph = Graph()
    data = store.query(query)
    for t in data:  # type: ignore[union-attr]
        graph.add((_rdflib(t.subject), _rdflib(t.predicate), _rdflib(t.object)))
    return graph


def _rdflib(term: object) -> URIRef | Literal:
    if isinstance(term, ox.Literal):
        dt = URIRef(term.datatype.value) if term.language is None else None
        return Literal(term.value, lang=term.language, datatype=dt)
    return URIRef(term.value)  # type: ignore[attr-defined]


def _key(v: Any) -> tuple[str, str, str, str]:
    return (v.focus, v.path, v.message, v.component)


def _shape_name(v: Any) -> str:
    shapes = shapes_graph()
    for ps in shapes.subjects(SH.message, Literal(v.message)):
        for node in shapes.subjects(SH.property, ps):
            if isinstance(node, URIRef):
                return node.n3(shapes.namespace_manager)
    for node in shapes.subjects(SH.message, Literal(v.message)):
        if isinstance(node, URIRef):
            return node.n3(shapes.namespace_manager)
    return v.shape


def check_removal(store: Store, view: ClaimView, action: str, added: Triple | None = None) -> None:
    """Raise ShapeConflictError if taking the claim's triple out (and putting `added`
    in, for an edit) makes a shape fail that held before."""
    from ..validate import shacl_violations  # pySHACL and owlready2 load only when needed

    triple: Triple = (view.subject.value, view.predicate.value, view.object.rdf())
    if still_asserted(store, view, triple):
        return
    before = neighbourhood(store, triple[0])
    if added is not None and isinstance(added[2], ox.NamedNode):  # the new value's types
        for row in store.query(f"SELECT DISTINCT ?t WHERE {{ <{added[2].value}> a ?t }}"):  # type: ignore[union-attr]
            before.add((URIRef(added[2].value), RDF.type, _rdflib(row["t"])))
    after = Graph()
    for t in before:
        after.add(t)
    after.remove((URIRef(triple[0]), URIRef(triple[1]), _rdflib(triple[2])))
    if added is not None:
        after.add((URIRef(added[0]), URIRef(added[1]), _rdflib(added[2])))
    old = {_key(v) for v in shacl_violations(before)}
    new = [v for v in shacl_violations(after) if _key(v) not in old]
    if new:
        v = new[0]
        path = f" {v.path}" if v.path else ""
        raise ShapeConflictError(
            f"this {action} would break the shape {_shape_name(v)} on {v.focus}{path}: "
            f"{v.message} Fix or reject what rests on it first (e.g. the findings that "
            f"point at {triple[0]}), or edit the claim to another value instead"
        )
