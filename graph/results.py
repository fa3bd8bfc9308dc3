"""Query results shared by every backend: pyoxigraph's own result objects."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox

from ontology.errors import QueryError, StoreError

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | Iterator[ox.Triple]


def term_text(term: object) -> str:
    """The lexical value of a term ('' for an unbound variable)."""
    if term is None:
        return ""
    value = getattr(term, "value", None)
    return str(value) if value is not None else str(term)


def solutions(result: QueryResult, reader: str) -> ox.QuerySolutions:
    """The result of a SELECT query, or a QueryError saying what `reader` got instead."""
    if isinstance(result, ox.QuerySolutions):
        return result
    form = "an ASK query" if isinstance(result, ox.QueryBoolean) else "a CONSTRUCT or DESCRIBE"
    raise QueryError(f"{reader} reads rows of a SELECT query, and was given {form}")


def rows(result: QueryResult) -> list[dict[str, str]]:
    """SELECT results as plain dicts of lexical values, for tables and views."""
    result = solutions(result, "rows()")
    names = [v.value for v in result.variables]
    return [{n: term_text(sol[n]) for n in names} for sol in result]


def serialised(data: bytes | None) -> bytes:
    """pyoxigraph's serialize() returns bytes when it writes to no file."""
    if data is None:
        raise StoreError("pyoxigraph wrote the serialisation to a file instead of returning it")
    return data


def ntriples(triples: list[ox.Triple]) -> str:
    return serialised(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)).decode("utf-8")
