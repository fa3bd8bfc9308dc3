"""Views over the graph: networkx projections for the explorer."""

from __future__ import annotations

import networkx as nx

from ontology.vocab import sparql_prefixes

from .results import rows
from .store import Store

CONSTRUCT_MAP = (
    sparql_prefixes()
    + """
SELECT DISTINCT ?instrument ?ilabel ?abbrev ?construct ?clabel ?candidate ?subscale WHERE {
  ?instrument a ekg:Instrument .
  OPTIONAL { ?parent ekg:hasSubscale ?instrument BIND(true AS ?subscale) }
  OPTIONAL { ?instrument skos:prefLabel ?ilabel }
  OPTIONAL { ?instrument ekg:abbreviation ?abbrev }
  OPTIONAL { ?instrument ekg:isCandidate ?candidate }
  OPTIONAL { ?instrument ekg:measures ?construct .
             OPTIONAL { ?construct skos:prefLabel ?clabel } }
}
"""
)
CONSTRUCT_TREE = (
    sparql_prefixes()
    + """
SELECT DISTINCT ?narrow ?nlabel ?broad ?blabel WHERE {
  ?narrow skos:broader ?broad .
  ?narrow a ekg:Construct . ?broad a ekg:Construct .
  OPTIONAL { ?narrow skos:prefLabel ?nlabel } OPTIONAL { ?broad skos:prefLabel ?blabel }
}
"""
)


def construct_measure_graph(store: Store, *, facets: bool = False) -> nx.DiGraph:
    """Instruments → the constructs they measure (and, with `facets`, facet → construct)."""
    g = nx.DiGraph()
    for r in rows(store.query(CONSTRUCT_MAP)):
        if r["subscale"] and not facets:
            continue
        label = r["abbrev"] or r["ilabel"] or r["instrument"].rsplit("/", 1)[-1]
        kind = "candidate" if r["candidate"] == "true" else "instrument"
        if not g.has_node(r["instrument"]) or kind == "candidate":
            g.add_node(r["instrument"], label=label, title=r["ilabel"] or label, kind=kind)
        if r["construct"]:
            clabel = r["clabel"] or r["construct"].rsplit("/", 1)[-1]
            g.add_node(r["construct"], label=clabel, title=clabel, kind="construct")
            g.add_edge(r["instrument"], r["construct"], label="measures")
    if facets:
        for r in rows(store.query(CONSTRUCT_TREE)):
            g.add_node(r["narrow"], label=r["nlabel"], title=r["nlabel"], kind="construct")
            g.add_node(r["broad"], label=r["blabel"], title=r["blabel"], kind="construct")
            g.add_edge(r["narrow"], r["broad"], label="facet of")
    return g
