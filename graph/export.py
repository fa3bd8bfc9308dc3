"""The whole graph in an RDF format, or as GraphML for network tools."""

from __future__ import annotations

import io

import networkx as nx

from ontology.errors import InputError

from .formats import RDF_FORMATS
from .results import rows
from .store import Store

EXPORT_FORMATS = ("ttl", "nt", "nq", "jsonld", "trig", "graphml")


def knowledge_network(store: Store) -> nx.MultiDiGraph:
    """Every IRI-to-IRI triple of the default graph as a labelled edge."""
    g = nx.MultiDiGraph()
    query = """SELECT DISTINCT ?s ?p ?o ?label WHERE { ?s ?p ?o . FILTER(isIRI(?o))
      OPTIONAL { ?s <http://www.w3.org/2004/02/skos/core#prefLabel>|<http://www.w3.org/2000/01/rdf-schema#label> ?label } }"""
    for r in rows(store.query(query)):
        g.add_node(r["s"], label=r["label"] or r["s"].rsplit("/", 1)[-1])
        if not g.has_node(r["o"]):
            g.add_node(r["o"], label=r["o"].rsplit("/", 1)[-1].rsplit("#", 1)[-1])
        g.add_edge(r["s"], r["o"], key=r["p"], predicate=r["p"])
    return g


def export_graph(store: Store, fmt: str) -> bytes:
    if fmt == "graphml":
        buffer = io.BytesIO()
        nx.write_graphml(knowledge_network(store), buffer)
        return buffer.getvalue()
    if fmt not in RDF_FORMATS:
        raise InputError(
            f"unknown export format '{fmt}'; choose one of {', '.join(EXPORT_FORMATS)}"
        )
    return store.dump(fmt)
