"""networkx views over the explorer's projection (`graph/network.py`): the
construct–instrument–intervention graph, centrality, paths between constructs and
communities. The whole knowledge graph as GraphML is `graph/export.py`.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from ontology.errors import NotFoundError

CORE_KINDS = ("construct", "instrument", "intervention")


def projection(g: nx.DiGraph, kinds: tuple[str, ...] = CORE_KINDS) -> nx.Graph:
    """The undirected construct–instrument–intervention graph (studies left out),
    with each node's kind and label and each edge's relation."""
    keep = [n for n, a in g.nodes(data=True) if a["kind"] in kinds]
    out = nx.Graph()
    for n in keep:
        a = g.nodes[n]
        out.add_node(n, kind=a["kind"], label=a["label"])
    for u, v, d in g.subgraph(keep).edges(data=True):
        out.add_edge(u, v, relation=d["label"])
    return out


def centrality(g: nx.Graph, top: int = 20) -> list[dict[str, Any]]:
    """The most central nodes: degree and betweenness (approximated by sampling past 2,000
    nodes, with a fixed seed so the answer is stable)."""
    k = min(len(g), 300) if len(g) > 2000 else None
    between = nx.betweenness_centrality(g, k=k, seed=7)
    ranked = sorted(g.nodes, key=lambda n: (-between[n], -g.degree(n), str(n)))[:top]
    return [
        {
            "iri": n,
            "label": g.nodes[n]["label"],
            "kind": g.nodes[n]["kind"],
            "degree": g.degree(n),
            "betweenness": round(between[n], 6),
        }
        for n in ranked
    ]


def path_between(g: nx.Graph, source: str, target: str) -> list[dict[str, str]]:
    """The shortest chain of links between two nodes (e.g. two constructs)."""
    for end in (source, target):
        if end not in g:
            raise NotFoundError(f"no node '{end}' in the construct–instrument–intervention graph")
    try:
        nodes = nx.shortest_path(g, source, target)
    except nx.NetworkXNoPath:
        return []
    steps = []
    for i, n in enumerate(nodes):
        via = g.edges[nodes[i - 1], n]["relation"] if i else ""
        steps.append(
            {"iri": n, "label": g.nodes[n]["label"], "kind": g.nodes[n]["kind"], "via": via}
        )
    return steps


def communities(g: nx.Graph, min_size: int = 3) -> list[list[dict[str, str]]]:
    """Groups of densely linked nodes (greedy modularity), largest first."""
    if g.number_of_edges() == 0:
        return []
    found = nx.community.greedy_modularity_communities(g)
    out = []
    for group in sorted(found, key=lambda c: (-len(c), sorted(c)[0])):
        if len(group) < min_size:
            continue
        out.append(
            [
                {"iri": n, "label": g.nodes[n]["label"], "kind": g.nodes[n]["kind"]}
                for n in sorted(group, key=lambda n: (-g.degree(n), str(n)))
            ]
        )
    return out


def network_summary(g: nx.DiGraph) -> dict[str, Any]:
    """Size, centrality and communities of the construct–instrument–intervention graph."""
    p = projection(g)
    return {
        "nodes": p.number_of_nodes(),
        "edges": p.number_of_edges(),
        "central": centrality(p),
        "communities": communities(p)[:20],
    }
