"""Running one SPARQL query and serialising its answer, with a cap on the rows.

The same code runs inside a query worker process (on a read-only snapshot of the
store) and in-process (memory and remote stores). The answer is bytes in the media
type the client asked for, so nothing but bytes crosses the process boundary.

The row cap is applied while serialising: results are written as TSV (or XML),
where one row is one line (one `<result>` element), and writing stops one row past
the cap, which also stops the query's evaluation. Other formats are converted
from the capped TSV.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO, cast

import pyoxigraph as ox

from ontology.errors import InputError, QueryError, StoreError

from .results import QueryResult
from .sparql_text import check_nesting, has_dataset_clause, has_keyword


class NotAcceptableError(InputError):
    """None of the media types the client accepts fits this kind of result (406)."""

    status = 406


@dataclass(frozen=True)
class QueryJob:
    query: str
    results_media: str | None  # chosen for SELECT / ASK; None: nothing acceptable
    graph_media: str | None  # chosen for CONSTRUCT / DESCRIBE
    max_rows: int
    base_iri: str | None = None
    union_default: bool = False
    default_graphs: tuple[str, ...] | None = None  # from the protocol (default-graph-uri)
    named_graphs: tuple[str, ...] | None = None  # from the protocol (named-graph-uri)


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str
    kind: str  # "solutions" | "boolean" | "graph"
    rows: int
    truncated: bool


Runner = Callable[[QueryJob], QueryResult]

_NAME_CLASS = re.compile(r"\[[^\[\]]*'\\u\{[0-9A-Fa-f]+\}'.*?\]", re.DOTALL)


def syntax_message(kind: str, text: str, error: Exception) -> str:
    """The parser's message, shortened, with the offending line and a caret under it."""
    message = _NAME_CLASS.sub("a name", str(error)).replace("\n", " ")
    message = re.sub(r"\s+", " ", message)
    where = re.match(r"error at (\d+):(\d+)", message)
    if where:
        line_no, column = int(where.group(1)), int(where.group(2))
        lines = text.splitlines() or [""]
        if 1 <= line_no <= len(lines):
            line = lines[line_no - 1]
            message += f"\n  {line}\n  {' ' * max(column - 1, 0)}^"
    return f"malformed {kind}: {message}"


def oxigraph_runner(store: ox.Store) -> Runner:
    """Run jobs on a pyoxigraph store (a read-only snapshot or the in-memory store)."""

    def run(job: QueryJob) -> QueryResult:
        default: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = None
        named: list[ox.NamedNode] | None = None
        if job.default_graphs is not None or job.named_graphs is not None:
            default = [ox.NamedNode(g) for g in job.default_graphs or ()]
            named = [ox.NamedNode(g) for g in job.named_graphs or ()]
        union = job.union_default and default is None and not has_dataset_clause(job.query)
        return store.query(
            job.query,
            base_iri=job.base_iri,
            use_default_graph_as_union=union,
            default_graph=default,
            named_graphs=named,  # type: ignore[arg-type]
        )

    return run


def store_runner(store: object) -> Runner:
    """Run jobs on any backend of graph.store (the remote store, for one)."""

    def run(job: QueryJob) -> QueryResult:
        return store.query(  # type: ignore[attr-defined]
            job.query,
            union_default=job.union_default,
            default_graphs=list(job.default_graphs) if job.default_graphs is not None else None,
            named_graphs=list(job.named_graphs) if job.named_graphs is not None else None,
        )

    return run


def execute(runner: Runner, job: QueryJob) -> Answer:
    """Run the job and serialise its result; raises the project's errors only."""
    check_nesting(job.query)
    try:
        result = runner(job)
        return serialise(result, job)
    except SyntaxError as exc:
        raise QueryError(syntax_message("query", job.query, exc)) from exc
    except OSError as exc:
        if has_keyword(job.query, "SERVICE"):
            raise QueryError(f"the federated query failed: {exc}") from exc
        raise StoreError(f"the query failed while reading the store: {exc}") from exc
    except (RuntimeError, ValueError, TypeError) as exc:
        raise QueryError(f"the query failed: {exc}") from exc


class _Full(Exception):
    """Raised by the capped writer to stop serialising (and evaluating)."""


class _CappedWriter(io.RawIOBase):
    """Keeps what is written through the `limit`-th `marker`; stops at the one after."""

    def __init__(self, marker: bytes, limit: int) -> None:
        self.marker, self.limit = marker, limit
        self.parts: list[bytes] = []
        self.count = 0
        self.full = False
        self._tail = b""

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        chunk = bytes(data)
        window = self._tail + chunk
        seen = window.count(self.marker)
        if self.count + seen > self.limit:
            self._keep_until_limit(chunk)
            self.full = True
            raise _Full
        self.count += seen
        self.parts.append(chunk)
        self._tail = window[-(len(self.marker) - 1) :] if len(self.marker) > 1 else b""
        return len(chunk)

    def _keep_until_limit(self, chunk: bytes) -> None:
        data = b"".join(self.parts) + chunk
        cut, found = 0, 0
        while found < self.limit:
            cut = data.index(self.marker, cut) + len(self.marker)
            found += 1
        self.parts = [data[:cut]]

    def value(self) -> bytes:
        return b"".join(self.parts)


def _capped(write: Callable[[IO[bytes]], object], marker: bytes, limit: int) -> tuple[bytes, bool]:
    writer = _CappedWriter(marker, limit)
    with contextlib.suppress(_Full):
        write(cast(IO[bytes], writer))
    return writer.value(), writer.full


def _bytes(data: bytes | None) -> bytes:
    assert data is not None
    return data


def _solutions(result: ox.QuerySolutions, media: str, max_rows: int) -> Answer:
    target = ox.QueryResultsFormat.from_media_type(media)
    if target == ox.QueryResultsFormat.XML:
        body, cut = _capped(lambda w: result.serialize(w, format=target), b"</result>", max_rows)
        if cut:
            body += b"</results></sparql>"
        return Answer(body, media, "solutions", body.count(b"</result>"), cut)
    tsv, cut = _capped(
        lambda w: result.serialize(w, format=ox.QueryResultsFormat.TSV), b"\n", max_rows + 1
    )
    rows = max(tsv.count(b"\n") - 1, 0)
    if target == ox.QueryResultsFormat.TSV:
        return Answer(tsv, media, "solutions", rows, cut)
    parsed = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
    return Answer(_bytes(parsed.serialize(format=target)), media, "solutions", rows, cut)


def _graph(triples: Iterable[ox.Triple], media: str, max_rows: int) -> Answer:
    target = ox.RdfFormat.from_media_type(media)
    if target is None:
        raise NotAcceptableError(f"cannot write a graph as {media}")
    nt, cut = _capped(
        lambda w: ox.serialize(triples, w, format=ox.RdfFormat.N_TRIPLES), b"\n", max_rows
    )
    rows = nt.count(b"\n")
    if target == ox.RdfFormat.N_TRIPLES:
        return Answer(nt, media, "graph", rows, cut)
    parsed = ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)
    return Answer(_bytes(ox.serialize(parsed, format=target)), media, "graph", rows, cut)


def serialise(result: QueryResult, job: QueryJob) -> Answer:
    if isinstance(result, ox.QueryBoolean):
        if job.results_media is None:
            raise NotAcceptableError(_refusal("an ASK answer"))
        fmt = ox.QueryResultsFormat.from_media_type(job.results_media)
        return Answer(_bytes(result.serialize(format=fmt)), job.results_media, "boolean", 1, False)
    if isinstance(result, ox.QuerySolutions):
        if job.results_media is None:
            raise NotAcceptableError(_refusal("SELECT results"))
        return _solutions(result, job.results_media, job.max_rows)
    if job.graph_media is None:
        raise NotAcceptableError(_refusal("a graph (CONSTRUCT / DESCRIBE)"))
    return _graph(result, job.graph_media, job.max_rows)


def _refusal(what: str) -> str:
    return (
        f"the Accept header allows no format for {what}; accept one of "
        "application/sparql-results+json, application/sparql-results+xml, text/csv, "
        "text/tab-separated-values (results) or text/turtle, application/n-triples, "
        "application/ld+json, application/rdf+xml (graphs)"
    )
