"""Comparing SPARQL answers as the W3C test rules say.

Solutions are compared as bags (as sequences when the query has ORDER BY), blank
nodes up to a consistent renaming, numbers and booleans by value within their
datatype, language tags case-insensitively. Graphs are compared up to blank-node isomorphism.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graph.sparql_text import tokens

XSD = "http://www.w3.org/2001/XMLSchema#"
RS = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"
INTEGERS = {
    XSD + t
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}
FLOATS = {XSD + "double", XSD + "float"}

Term = tuple[object, ...]
Row = tuple[tuple[str, Term], ...]


def number(value: str, datatype: str) -> object | None:
    try:
        if datatype in INTEGERS:
            return int(value)
        if datatype == XSD + "decimal":
            return Decimal(value).normalize()
        if datatype == XSD + "boolean":
            return {"true": True, "1": True, "false": False, "0": False}[value]
        if datatype in FLOATS:
            parsed = float(value.replace("INF", "inf"))
            return "NaN" if math.isnan(parsed) else parsed
    except (ValueError, InvalidOperation, KeyError):
        return None
    return None


def term(t: object) -> Term:
    if isinstance(t, ox.NamedNode):
        return ("I", t.value)
    if isinstance(t, ox.BlankNode):
        return ("B", t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return ("L", t.value, "@" + t.language.lower())
        datatype = t.datatype.value
        value = number(t.value, datatype)
        if value is not None:
            return ("N", XSD + "integer" if datatype in INTEGERS else datatype, value)
        return ("L", t.value, datatype)
    if isinstance(t, ox.Triple):
        return ("T", term(t.subject), term(t.predicate), term(t.object))
    raise TypeError(f"not an RDF term: {t!r}")


def _bnodes(t: Term) -> list[str]:
    if t[0] == "B":
        return [str(t[1])]
    if t[0] == "T":
        return [b for part in t[1:] for b in _bnodes(part)]  # type: ignore[arg-type]
    return []


@dataclass
class Solutions:
    variables: list[str]
    rows: list[Row]


def solutions(result: ox.QuerySolutions) -> Solutions:
    names = [v.value for v in result.variables]
    rows = []
    for solution in result:
        rows.append(tuple(sorted((n, term(solution[n])) for n in names if solution[n] is not None)))
    return Solutions(names, rows)


def triples(items: Iterable[object]) -> list[Row]:
    out = set()
    for t in items:
        out.add(
            (
                ("s", term(t.subject)),
                ("p", term(t.predicate)),  # type: ignore[attr-defined]
                ("o", term(t.object)),
            )
        )  # type: ignore[attr-defined]
    return sorted(out, key=repr)


def _unify(
    expected: Row, actual: Row, forward: dict[str, str], backward: dict[str, str]
) -> tuple[dict[str, str], dict[str, str]] | None:
    if len(expected) != len(actual):
        return None
    forward, backward = dict(forward), dict(backward)
    for (ve, te), (va, ta) in zip(expected, actual, strict=True):
        if ve != va or not _same(te, ta, forward, backward):
            return None
    return forward, backward


def _same(te: Term, ta: Term, forward: dict[str, str], backward: dict[str, str]) -> bool:
    if te[0] != ta[0]:
        return False
    if te[0] == "B":
        e, a = str(te[1]), str(ta[1])
        if forward.get(e, a) != a or backward.get(a, e) != e:
            return False
        forward[e], backward[a] = a, e
        return True
    if te[0] == "T":
        return all(
            _same(x, y, forward, backward)  # type: ignore[arg-type]
            for x, y in zip(te[1:], ta[1:], strict=True)
        )
    return te == ta


def same_rows(expected: list[Row], actual: list[Row], ordered: bool) -> bool:
    """Equal as bags (or sequences), blank nodes renamed consistently."""
    if len(expected) != len(actual):
        return False
    with_bnodes = any(_bnodes(t) for row in expected + actual for _, t in row)
    if not with_bnodes:
        return expected == actual if ordered else Counter(expected) == Counter(actual)
    if not ordered and Counter(_shape(r) for r in expected) != Counter(_shape(r) for r in actual):
        return False
    used = [False] * len(actual)

    def search(i: int, forward: dict[str, str], backward: dict[str, str]) -> bool:
        if i == len(expected):
            return True
        candidates = [i] if ordered else range(len(actual))
        for j in candidates:
            if used[j]:
                continue
            unified = _unify(expected[i], actual[j], forward, backward)
            if unified is None:
                continue
            used[j] = True
            if search(i + 1, *unified):
                return True
            used[j] = False
        return False

    return search(0, {}, {})


def _shape(row: Row) -> Row:
    """The row with every blank node made anonymous (a quick necessary condition)."""

    def anon(t: Term) -> Term:
        if t[0] == "B":
            return ("B",)
        if t[0] == "T":
            return ("T", *[anon(x) for x in t[1:]])  # type: ignore[arg-type]
        return t

    return tuple((v, anon(t)) for v, t in row)


def _rdflib(t: Term) -> BNode | URIRef | Literal:
    if t[0] == "I":
        return URIRef(str(t[1]))
    if t[0] == "B":
        return BNode(str(t[1]))
    if t[0] == "N":
        return Literal(str(t[2]), datatype=URIRef(str(t[1])))
    if t[0] == "L" and str(t[2]).startswith("@"):
        return Literal(str(t[1]), lang=str(t[2])[1:])
    if t[0] == "L":
        return Literal(str(t[1]), datatype=URIRef(str(t[2])))
    raise TypeError(f"no rdflib term for {t!r}")


def same_graph(expected: list[Row], actual: list[Row]) -> bool:
    """Graphs (rows of s, p, o) equal up to blank-node renaming."""
    if len(expected) != len(actual):
        return False
    if not any(_bnodes(t) for row in expected + actual for _, t in row):
        return sorted(expected, key=repr) == sorted(actual, key=repr)
    graphs = []
    for rows in (expected, actual):
        g = Graph()
        for row in rows:
            g.add(tuple(_rdflib(t) for _, t in row))  # type: ignore[arg-type]
        graphs.append(g)
    return isomorphic(graphs[0], graphs[1])


def is_ordered(query: str) -> bool:
    previous = ""
    for token in tokens(query):
        if token.depth == 0 and previous == "ORDER" and token.keyword == "BY":
            return True
        previous = token.keyword if token.depth == 0 else ""
    return False


Expected = Solutions | bool | list[Row]


def expected_answer(path: Path, iri: str) -> Expected:
    """The expected answer in a result file: solutions, a boolean or a graph."""
    suffix = path.suffix
    formats = {
        ".srx": ox.QueryResultsFormat.XML,
        ".srj": ox.QueryResultsFormat.JSON,
        ".tsv": ox.QueryResultsFormat.TSV,
    }
    if suffix in formats:
        parsed = ox.parse_query_results(path=str(path), format=formats[suffix])
        return bool(parsed) if isinstance(parsed, ox.QueryBoolean) else solutions(parsed)
    fmt = {
        ".ttl": ox.RdfFormat.TURTLE,
        ".nt": ox.RdfFormat.N_TRIPLES,
        ".rdf": ox.RdfFormat.RDF_XML,
    }[suffix]
    graph = list(ox.parse(path=str(path), format=fmt, base_iri=iri))
    if any(t.object == ox.NamedNode(RS + "ResultSet") for t in graph):
        return result_set(graph)
    return triples(graph)


def result_set(graph: list[ox.Triple]) -> Solutions | bool:
    """A result set written in the rs: vocabulary (RDF)."""

    def objects(s: object, p: str) -> list[object]:
        return [t.object for t in graph if t.subject == s and t.predicate.value == RS + p]

    rs = next(t.subject for t in graph if t.object == ox.NamedNode(RS + "ResultSet"))
    boolean = objects(rs, "boolean")
    if boolean:
        return boolean[0].value == "true"  # type: ignore[attr-defined,no-any-return]
    variables = [v.value for v in objects(rs, "resultVariable")]  # type: ignore[attr-defined]
    indexed = []
    for solution in objects(rs, "solution"):
        row = []
        for binding in objects(solution, "binding"):
            name = objects(binding, "variable")[0].value  # type: ignore[attr-defined]
            row.append((name, term(objects(binding, "value")[0])))
        index = objects(solution, "index")
        indexed.append((int(index[0].value) if index else 0, tuple(sorted(row))))  # type: ignore[attr-defined]
    return Solutions(variables, [row for _, row in sorted(indexed, key=lambda x: x[0])])


def same_answer(expected: Expected, actual: Expected, ordered: bool) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected == actual
    if isinstance(expected, Solutions) and isinstance(actual, Solutions):
        return same_rows(expected.rows, actual.rows, ordered)
    if isinstance(expected, list) and isinstance(actual, list):
        return same_graph(expected, actual)
    return False


def dataset(quads: Iterable[ox.Quad]) -> dict[str, list[Row]]:
    """Quads as graph name ('' for the default graph) → its triples; empty graphs left out."""
    graphs: dict[str, list[ox.Quad]] = {}
    for q in quads:
        name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
        graphs.setdefault(name, []).append(q)
    return {name: triples(qs) for name, qs in graphs.items() if qs}


def same_dataset(expected: dict[str, list[Row]], actual: dict[str, list[Row]]) -> bool:
    if set(expected) != set(actual):
        return False
    return all(same_graph(expected[g], actual[g]) for g in expected)
