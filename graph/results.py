"""Query results shared by every backend: pyoxigraph's own result objects."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | Iterator[ox.Triple]


def term_text(term: object) -> str:
    """The lexical value of a term ('' for an unbound variable)."""
    if term is None:
        return ""
    value = getattr(term, "value", None)
    return str(value) if value is not None else str(term)


def rows(result: QueryResult) -> list[dict[str, str]]:
    """SELECT results as plain dicts of lexical values, for tables and views."""
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("rows() needs the result of a SELECT query")
    names = [v.value for v in result.variables]
    return [{n: term_text(sol[n]) for n in names} for sol in result]


def serialised(data: bytes | None) -> bytes:
    """pyoxigraph's serialize() returns bytes when it writes to no file."""
    if data is None:
        raise ValueError("serialize() wrote to a file instead of returning bytes")
    return data


def ntriples(triples: list[ox.Triple]) -> str:
    return serialised(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)).decode("utf-8")
