"""The explorer's network: constructs, instruments, interventions and studies as one
networkx graph, built once per store revision, asked for neighbourhoods and matches.

Edges (source → target, `label`): instrument *measures* construct, construct *facet of*
construct, instrument *subscale of* instrument, intervention *tested on* construct
(through findings), study *used* instrument, study *evaluated* intervention, study
*found* construct (with the directions of its findings).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx

from ontology.vocab import sparql_prefixes

from .results import rows
from .store import Store

P = sparql_prefixes()
KINDS = ("construct", "instrument", "intervention", "study")

TERMS = (
    P
    + """
SELECT ?x ?kind (SAMPLE(?l) AS ?label) (SAMPLE(?a) AS ?abbrev) (SAMPLE(?cand) AS ?candidate)
  (SAMPLE(?def) AS ?definition)
  (GROUP_CONCAT(DISTINCT ?pid; separator="\\t") AS ?papers) WHERE {
  VALUES (?cls ?kind) { (ekg:Construct "construct") (ekg:Instrument "instrument")
                        (ekg:Intervention "intervention") }
  ?x a ?cls .
  OPTIONAL { ?x skos:prefLabel ?l } OPTIONAL { ?x ekg:abbreviation ?a }
  OPTIONAL { ?x ekg:isCandidate ?cand } OPTIONAL { ?x skos:definition ?def }
  OPTIONAL { ?paper ekg:mentions ?x ; dcterms:identifier ?pid }
} GROUP BY ?x ?kind
"""
)
STUDIES = (
    P
    + """
SELECT ?s (SAMPLE(?l) AS ?label) (SAMPLE(?d) AS ?design) (SAMPLE(?n) AS ?size)
  (GROUP_CONCAT(DISTINCT ?pid; separator="\\t") AS ?papers) WHERE {
  ?s a ekg:Study ; rdfs:label ?l .
  OPTIONAL { ?s ekg:design/skos:notation ?d } OPTIONAL { ?s ekg:sampleSize ?n }
  OPTIONAL { ?s ekg:reportedIn/dcterms:identifier ?pid }
} GROUP BY ?s
"""
)
LINKS = (
    P
    + """
SELECT ?a ?label ?b WHERE {
  { ?a ekg:measures ?b BIND("measures" AS ?label) }
  UNION { ?a skos:broader ?b . ?a a ekg:Construct BIND("facet of" AS ?label) }
  UNION { ?b ekg:hasSubscale ?a BIND("subscale of" AS ?label) }
  UNION { ?a ekg:usedInstrument ?b BIND("used" AS ?label) }
  UNION { ?a ekg:evaluates ?b BIND("evaluated" AS ?label) }
}
"""
)
FINDINGS = (
    P
    + """
SELECT ?s ?iv ?c ?dir (COUNT(?f) AS ?k) WHERE {
  ?f a ekg:Finding ; ekg:study ?s ; ekg:outcome ?c .
  OPTIONAL { ?f ekg:intervention ?iv } OPTIONAL { ?f ekg:direction/skos:notation ?dir }
} GROUP BY ?s ?iv ?c ?dir
"""
)


def _papers(text: str) -> list[str]:
    return sorted(p for p in text.split("\t") if p)


def build_network(store: Store) -> nx.DiGraph:
    """The whole projection; every node has kind, label, title, papers, lexicon_only."""
    g = nx.DiGraph()
    for r in rows(store.query(TERMS)):
        label = (r["abbrev"] if r["kind"] != "construct" else "") or r["label"]
        g.add_node(
            r["x"],
            kind=r["kind"],
            label=label or r["x"].rsplit("/", 1)[-1],
            title=r["label"] or label,
            papers=_papers(r["papers"]),
            candidate=r["candidate"] == "true",
            definition=r["definition"],
        )
    for r in rows(store.query(STUDIES)):
        g.add_node(
            r["s"],
            kind="study",
            label=r["label"],
            title=r["label"],
            papers=_papers(r["papers"]),
            candidate=False,
            design=r["design"],
            n=int(float(r["size"])) if r["size"] else None,
            definition="",
        )
    for r in rows(store.query(LINKS)):
        if r["a"] in g and r["b"] in g:
            g.add_edge(r["a"], r["b"], label=r["label"])
    tested: dict[tuple[str, str], int] = defaultdict(int)
    found: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in rows(store.query(FINDINGS)):
        k = int(r["k"])
        if r["s"] in g and r["c"] in g:
            found[(r["s"], r["c"])][r["dir"] or "not stated"] += k
        if r["iv"] in g and r["c"] in g:
            tested[(r["iv"], r["c"])] += k
    for (s, c), dirs in found.items():
        g.add_edge(s, c, label="found", directions=dict(dirs))
    for (iv, c), k in tested.items():
        g.add_edge(iv, c, label="tested on", findings=k)
    for node, attrs in g.nodes(data=True):
        attrs["lexicon_only"] = (
            not attrs["papers"]
            and not any(
                d["label"] in ("found", "tested on", "used", "evaluated")
                for *_, d in g.in_edges(node, data=True)
            )
            and not any(
                d["label"] in ("found", "tested on", "used", "evaluated")
                for *_, d in g.out_edges(node, data=True)
            )
        )
    return g


def search(g: nx.DiGraph, text: str, limit: int = 12) -> list[dict[str, Any]]:
    """Nodes whose label or title contains `text`, prefix matches first."""
    q = text.strip().lower()
    if not q:
        return []
    hits = []
    for node, a in g.nodes(data=True):
        names = (a["label"].lower(), (a["title"] or "").lower())
        if any(q in n for n in names):
            starts = any(n.startswith(q) for n in names)
            hits.append((not starts, a["lexicon_only"], len(a["label"]), a["label"], node))
    hits.sort()
    return [
        {
            "id": node,
            "label": g.nodes[node]["label"],
            "title": g.nodes[node]["title"],
            "kind": g.nodes[node]["kind"],
        }
        for *_, node in hits[:limit]
    ]


def neighbourhood(
    g: nx.DiGraph,
    centre: str,
    depth: int = 1,
    kinds: set[str] | None = None,
    design: str = "",
    paper: str = "",
    hide_lexicon_only: bool = False,
    limit: int = 400,
    direction: str = "",
) -> nx.DiGraph:
    """The nodes within `depth` links of `centre` (either direction) that pass the filters;
    with `direction`, only studies that found a change in that direction."""

    def keep(node: str) -> bool:
        a = g.nodes[node]
        if node == centre:
            return True
        if kinds and a["kind"] not in kinds:
            return False
        if hide_lexicon_only and a["lexicon_only"]:
            return False
        if design and a["kind"] == "study" and a.get("design") != design:
            return False
        if (
            direction
            and a["kind"] == "study"
            and not any(
                direction in d.get("directions", {}) for *_, d in g.out_edges(node, data=True)
            )
        ):
            return False
        return not (paper and a["kind"] == "study" and paper not in a["papers"])

    seen = {centre}
    frontier = [centre]
    for _ in range(depth):
        nxt = []
        for node in frontier:
            for other in list(g.successors(node)) + list(g.predecessors(node)):
                if other not in seen and keep(other) and len(seen) < limit:
                    seen.add(other)
                    nxt.append(other)
        frontier = nxt
    return g.subgraph(seen)


def ranked(g: nx.DiGraph, hide_lexicon_only: bool = False) -> list[str]:
    """Nodes by degree, most linked first (then by label): the order of `overview`."""
    return sorted(
        (n for n, a in g.nodes(data=True) if not (hide_lexicon_only and a["lexicon_only"])),
        key=lambda n: (-g.degree(n), g.nodes[n]["label"]),
    )


def overview(
    g: nx.DiGraph, limit: int = 150, order: list[str] | None = None, **filters: Any
) -> nx.DiGraph:
    """The best-connected constructs and what links them, for a first look at a big graph;
    `order` is `ranked(g, hide_lexicon_only)` when the caller keeps it."""
    kinds = filters.get("kinds")
    if order is None:
        order = ranked(g, bool(filters.get("hide_lexicon_only")))
    chosen = [n for n in order if not kinds or g.nodes[n]["kind"] in kinds][:limit]
    return g.subgraph(chosen)
