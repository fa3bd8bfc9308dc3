"""The SPARQL 1.1 Service Description of the endpoint (what a bare GET answers)."""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import Request, Response
from fastapi.concurrency import run_in_threadpool

from .negotiation import GRAPH_OFFER, GRAPH_TYPES, choose, content_type
from .sparql_protocol import endpoint_url
from .state import AppState

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_COMMENT = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
)


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def service_description(
    endpoint: str, union: bool, federated: bool, graphs: list[str], limits: str
) -> list[ox.Triple]:
    service, dataset, default = (
        ox.BlankNode("service"),
        ox.BlankNode("dataset"),
        ox.BlankNode("default"),
    )
    triples = [
        ox.Triple(service, RDF_TYPE, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), ox.NamedNode(endpoint)),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Update")),
        ox.Triple(service, _sd("feature"), _sd("EmptyGraphs")),
        ox.Triple(
            service,
            _sd("defaultEntailmentRegime"),
            ox.NamedNode("http://www.w3.org/ns/entailment/Simple"),
        ),
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(service, RDFS_COMMENT, ox.Literal(limits)),
        ox.Triple(dataset, RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default),
        ox.Triple(default, RDF_TYPE, _sd("Graph")),
    ]
    triples += [
        ox.Triple(service, _sd("resultFormat"), ox.NamedNode(FORMATS + f)) for f in RESULT_FORMATS
    ]
    if federated:
        triples.append(ox.Triple(service, _sd("feature"), _sd("BasicFederatedQuery")))
    if union:
        triples.append(ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")))
        triples.append(
            ox.Triple(
                default,
                RDFS_COMMENT,
                ox.Literal(
                    "The default graph is the union of all named graphs (the paper graphs, the "
                    "lexicon, the ontology, the knowledge graph and the curation graph) and the "
                    "store's own default graph. FROM / FROM NAMED and default-graph-uri / "
                    "named-graph-uri replace it. Updates write to the store's own default graph "
                    "unless they name a graph."
                ),
            )
        )
    else:
        triples.append(
            ox.Triple(
                default,
                RDFS_COMMENT,
                ox.Literal(
                    "The default graph is the store's own default graph (standard behaviour)."
                ),
            )
        )
    for i, name in enumerate(sorted(graphs)):
        node = ox.BlankNode(f"g{i}")
        triples += [
            ox.Triple(dataset, _sd("namedGraph"), node),
            ox.Triple(node, RDF_TYPE, _sd("NamedGraph")),
            ox.Triple(node, _sd("name"), ox.NamedNode(name)),
        ]
    order = {s: i for i, s in reversed(list(enumerate(t.subject for t in triples)))}
    return sorted(triples, key=lambda t: order[t.subject])  # one block per subject


SD_PREFIXES = {
    "sd": SD,
    "formats": FORMATS,
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "ent": "http://www.w3.org/ns/entailment/",
}


async def describe(state: AppState, request: Request, fmt: str | None) -> Response:
    media = choose(request.headers.get("accept"), GRAPH_OFFER, fmt) or "text/turtle"
    graphs = await run_in_threadpool(state.store.graphs)
    s = state.settings
    limits = (
        f"Evidence KG SPARQL endpoint. Queries stop after {s.query_timeout:g} s (ask for "
        f"less with the 'timeout' parameter); results are cut at {s.max_rows} rows "
        f"(X-EKG-Truncated: true); requests are refused above {s.max_request_bytes} bytes; "
        "updates need a curator token (Authorization: Bearer TOKEN)."
    )
    triples = service_description(
        endpoint_url(request), s.union_default_graph, s.federated_query, graphs, limits
    )
    fmt_ = ox.RdfFormat.from_media_type(GRAPH_TYPES[media])
    body = ox.serialize(triples, format=fmt_, prefixes=SD_PREFIXES)
    return Response(body, media_type=content_type(media), headers={"Vary": "Accept"})
