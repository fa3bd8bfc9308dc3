"""The W3C SPARQL 1.1 test manifests, read with rdflib into plain records.

IRIs are those of the official suite (`BASE` + category + file), so graph names and
base IRIs match what the tests expect; `local()` maps them to the files in
`../shared/w3c-sparql11`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

SUITE = Path(__file__).resolve().parents[2].parent / "shared" / "w3c-sparql11"
BASE = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
DAWGT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#")
SKIPPED_CATEGORIES = {"entailment", "service", "syntax-fed", "http-rdf-update"}


def local(iri: str) -> Path:
    if not iri.startswith(BASE):
        raise ValueError(f"{iri} is not a file of the suite")
    return SUITE / iri[len(BASE) :]


@dataclass
class Case:
    id: str  # category/name
    iri: str
    kind: str  # the mf: test type's local name
    category: str
    name: str
    approval: str
    query: str | None = None  # IRI of the query or update file
    data: list[str] = field(default_factory=list)  # default graph files
    graph_data: list[tuple[str, str]] = field(default_factory=list)  # (graph name, file)
    result: str | None = None  # result file (query tests)
    result_data: list[str] = field(default_factory=list)  # expected default graph (updates)
    result_graphs: list[tuple[str, str]] = field(default_factory=list)
    node: Node | None = None  # the test node, for protocol tests
    graph: Graph | None = None


def _graph_data(g: Graph, node: Node, predicate: URIRef) -> list[tuple[str, str]]:
    out = []
    for item in g.objects(node, predicate):
        if isinstance(item, URIRef):  # qt:graphData <file>: named by its own IRI
            out.append((str(item), str(item)))
        else:
            file = g.value(item, UT.graph)
            label = g.value(item, RDFS.label)
            out.append((str(label) if label is not None else str(file), str(file)))
    return out


def _case(g: Graph, node: Node, category: str) -> Case:
    kind = str(g.value(node, RDF.type)).rsplit("#", 1)[-1]
    approval = str(g.value(node, DAWGT.approval) or "").rsplit("#", 1)[-1]
    case = Case(
        id=f"{category}/{str(node).rsplit('#', 1)[-1]}",
        iri=str(node),
        kind=kind,
        category=category,
        name=str(g.value(node, MF.name) or ""),
        approval=approval,
        node=node,
        graph=g,
    )
    action, result = g.value(node, MF.action), g.value(node, MF.result)
    if isinstance(action, URIRef):
        case.query = str(action)
    elif action is not None:
        query = g.value(action, QT.query) or g.value(action, UT.request)
        case.query = str(query) if query is not None else None
        case.data = [str(d) for d in g.objects(action, QT.data)] + [
            str(d) for d in g.objects(action, UT.data)
        ]
        case.graph_data = _graph_data(g, action, QT.graphData) + _graph_data(
            g, action, UT.graphData
        )
    if isinstance(result, URIRef):
        case.result = str(result)
    elif result is not None:
        case.result_data = [str(d) for d in g.objects(result, UT.data)]
        case.result_graphs = _graph_data(g, result, UT.graphData)
    return case


@cache
def category_cases(category: str, file: str = "manifest.ttl") -> list[Case]:
    path = SUITE / category / file
    g = Graph().parse(path, format="turtle", publicID=f"{BASE}{category}/{file}")
    manifest = URIRef(f"{BASE}{category}/{file}")
    cases = []
    for entries in g.objects(manifest, MF.entries):
        for node in Collection(g, entries):
            cases.append(_case(g, node, category))
    for includes in g.objects(manifest, MF.include):
        for included in Collection(g, includes):
            name = str(included).rsplit("/", 1)[-1]
            cases += category_cases(category, name)
    return cases


@cache
def all_cases() -> list[Case]:
    g = Graph().parse(
        SUITE / "manifest-all.ttl", format="turtle", publicID=f"{BASE}manifest-all.ttl"
    )
    cases = []
    for includes in g.objects(URIRef(f"{BASE}manifest-all.ttl"), MF.include):
        for included in Collection(g, includes):
            category = str(included)[len(BASE) :].split("/", 1)[0]
            cases += category_cases(category)
    return cases


def cases_of(kind: str) -> list[Case]:
    return [c for c in all_cases() if c.kind == kind and c.category not in SKIPPED_CATEGORIES]
