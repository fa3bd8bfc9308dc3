"""A remote SPARQL 1.1 store (Virtuoso, Fuseki, GraphDB, another `ekg serve`).

    sparql+http://host:port/sparql                         query and update at one URL
    sparql+http://host:port/sparql?update=http://…/update  a separate update URL
    sparql+http://user:password@host:port/sparql?update=…  digest (or basic) credentials
    …&default-graph=IRI                                    where default-graph writes go

Writes use SPARQL Update only (portable); queries use the form-encoded POST, which
every store accepts (Virtuoso 7 hangs on a direct `application/sparql-query` POST).

Virtuoso (recognised by its Server header) needs more care, and gets it here: its
default graph is the union of all graphs and cannot be written, so default-graph
writes go to a named graph (`graph/default` unless `default-graph=` says otherwise);
it refuses blank nodes in INSERT DATA, so data with blank nodes is written with
INSERT … WHERE {}; it names blank nodes `nodeID://…`; it cuts results at its
ResultSetMaxRows, so dumps are read in pages; and its own system graphs are left out
of graph lists, counts and dumps.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qs, urlsplit, urlunsplit

import httpx
import pyoxigraph as ox

from ontology.errors import AuthError, ForbiddenError, QueryError, StoreError
from ontology.vocab import GRAPH

from .formats import rdf_format
from .results import QueryResult
from .sparql_text import query_form
from .store import Store

RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
GRAPH_ACCEPT = "application/n-triples, text/plain;q=0.9, text/turtle;q=0.8"
INSERT_CHUNK = 20_000  # triples per update request
VIRTUOSO_CHUNK = 500  # Virtuoso compiles each request into SQL, and caps its length
PAGE = 5_000  # rows per request when reading everything (below common result caps)
DEFAULT_GRAPH = str(GRAPH["default"])
SYSTEM_GRAPHS = (  # Virtuoso's own graphs
    "http://www.openlinksw.com/",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/",
    "urn:activitystreams-owl:map",
    "http://www.w3.org/2002/07/owl#",
    "virtrdf-label",
)
_VIRTUOSO_BNODE = re.compile(rb'("type"\s*:\s*"bnode"\s*,\s*"value"\s*:\s*")nodeID://')


class SparqlHttpStore:
    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        *,
        token: str | None = None,
        auth: httpx.Auth | tuple[str, str] | None = None,
        timeout: float = 600.0,
        default_graph: str | None = None,
    ) -> None:
        self.location = f"sparql+{query_url}"
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.default_graph = default_graph
        self.virtuoso = False
        self._seen = False
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._client = httpx.Client(headers=headers, auth=auth, timeout=timeout)

    @classmethod
    def from_spec(cls, spec: str, token: str | None = None) -> SparqlHttpStore:
        parts = urlsplit(spec.removeprefix("sparql+"))
        options = parse_qs(parts.query)
        host = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
        base = urlunsplit((parts.scheme, host, parts.path, "", ""))
        auth = httpx.DigestAuth(parts.username, parts.password or "") if parts.username else None
        update = options.get("update", [None])[0]
        default = options.get("default-graph", [None])[0]
        return cls(base, update, token=token, auth=auth, default_graph=default)

    def _post(self, url: str, data: dict[str, str | list[str]], accept: str) -> httpx.Response:
        try:
            response = self._client.post(url, data=data, headers={"Accept": accept})
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach the SPARQL store at {url}: {exc}") from exc
        self._seen = True
        self.virtuoso = self.virtuoso or "virtuoso" in response.headers.get("server", "").lower()
        _raise_for(url, response)
        return response

    def _writes_to(self, graph: str | None) -> str | None:
        if graph is None and (self.default_graph or self.virtuoso):
            return self.default_graph or DEFAULT_GRAPH
        return graph

    def query(
        self,
        sparql: str,
        *,
        union_default: bool = True,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> QueryResult:
        data: dict[str, str | list[str]] = {"query": sparql}
        if default_graphs:
            data["default-graph-uri"] = default_graphs
        if named_graphs:
            data["named-graph-uri"] = named_graphs
        graph_form = query_form(sparql) in ("CONSTRUCT", "DESCRIBE")
        response = self._post(self.query_url, data, GRAPH_ACCEPT if graph_form else RESULTS_ACCEPT)
        media = response.headers.get("content-type", "").split(";")[0].strip().lower()
        body = response.content
        _check_cap(response)
        try:
            if media in ("application/sparql-results+json", "application/json"):
                body = _VIRTUOSO_BNODE.sub(rb"\1nodeID_", body)
                return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            if media in ("application/sparql-results+xml", "application/xml"):
                body = body.replace(b"<bnode>nodeID://", b"<bnode>nodeID_")
                return ox.parse_query_results(body, format=ox.QueryResultsFormat.XML)
            fmt = rdf_format(media or "nt")
            return iter([ox.Triple(t.subject, t.predicate, t.object) for t in ox.parse(body, fmt)])
        except SyntaxError as exc:
            raise StoreError(
                f"the store at {self.query_url} sent an unreadable answer: {exc}"
            ) from exc

    def update(self, sparql: str) -> None:
        self._post(self.update_url, {"update": sparql}, "*/*")

    def replace_graph(self, graph: str, nquads_or_ntriples: str) -> None:
        triples = [
            ox.Triple(t.subject, t.predicate, t.object)
            for t in ox.parse(nquads_or_ntriples, format=ox.RdfFormat.N_QUADS)
        ]
        self.update(f"DROP SILENT GRAPH <{graph}>")
        self._insert(graph, triples)

    def _insert(self, graph: str | None, triples: list[ox.Triple]) -> None:
        if not self.virtuoso and not self._seen:
            self.query("ASK {}")  # learn who we are talking to before choosing batch sizes
        target = self._writes_to(graph)
        for chunk in chunks(triples, VIRTUOSO_CHUNK if self.virtuoso else INSERT_CHUNK):
            text = _bytes(ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES)).decode("utf-8")
            block = f"GRAPH <{target}> {{\n{text}}}" if target else text
            if any(
                isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)
                for t in chunk
            ):
                self.update(f"INSERT {{ {block} }} WHERE {{ }}")  # fresh blank nodes
            else:
                self.update(f"INSERT DATA {{ {block} }}")

    def load(self, data: bytes, media_type: str, graph: str | None = None) -> None:
        fmt = rdf_format(media_type)
        try:
            items = list(ox.parse(data, format=fmt))
        except SyntaxError as exc:
            raise QueryError(f"cannot parse the {fmt.name} data: {exc}") from exc
        by_graph: dict[str | None, list[ox.Triple]] = {}
        for item in items:
            g = graph
            if isinstance(item, ox.Quad) and isinstance(item.graph_name, ox.NamedNode):
                g = graph or item.graph_name.value
            by_graph.setdefault(g, []).append(ox.Triple(item.subject, item.predicate, item.object))
        for g, triples in by_graph.items():
            self._insert(g, triples)

    def _graph_triples(self, graph: str | None) -> list[ox.Triple]:
        """Every triple of one graph, read in pages (a store may cut long results).
        None is the default graph: what no named graph holds (on stores whose default
        graph is the union of all, such as Virtuoso, that is nothing)."""
        where = (
            f"GRAPH <{graph}> {{ ?s ?p ?o }}"
            if graph is not None
            else "?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } }"
        )
        out: list[ox.Triple] = []
        offset = 0
        while True:
            page = _triples(
                self.query(
                    f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }} "
                    f"ORDER BY ?s ?p ?o LIMIT {PAGE} OFFSET {offset}"
                )
            )
            out += page
            if len(page) < PAGE:
                return out
            offset += PAGE

    def dump(self, media_type: str, graph: str | None = None) -> bytes:
        fmt = rdf_format(media_type)
        graphs = [graph] if graph is not None else self.graphs()
        quads = [
            ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g))
            for g in graphs
            for t in self._graph_triples(g)
        ]
        if graph is None and not self.virtuoso:
            quads += [ox.Quad(t.subject, t.predicate, t.object) for t in self._graph_triples(None)]
        if fmt.supports_datasets and graph is None:
            return _bytes(ox.serialize(quads, format=fmt))
        triples = list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads))
        return _bytes(ox.serialize(triples, format=fmt))

    def graphs(self) -> list[str]:
        result = _solutions(self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"))
        names = {term.value for s in result if isinstance(term := s["g"], ox.NamedNode)}
        return sorted(g for g in names if not g.startswith(SYSTEM_GRAPHS))

    def count(self, graph: str | None = None) -> int:
        if graph is not None:
            where = f"GRAPH <{graph}> {{ ?s ?p ?o }}"
        else:
            hidden = " && ".join(f'!STRSTARTS(STR(?g), "{p}")' for p in SYSTEM_GRAPHS)
            where = f"GRAPH ?g {{ ?s ?p ?o }} FILTER({hidden})"
        result = _solutions(self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"))
        count = next(iter(result))["n"]
        return int(count.value) if isinstance(count, ox.Literal) else 0

    def close(self) -> None:
        self._client.close()


def chunks(triples: list[ox.Triple], size: int) -> Iterable[list[ox.Triple]]:
    """Batches of about `size` triples that never split the triples of a blank node
    between two requests (each request makes its own fresh blank nodes)."""
    parent: dict[str, str] = {}

    def root(label: str) -> str:
        while parent.setdefault(label, label) != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    def labels(t: ox.Triple) -> list[str]:
        return [n.value for n in (t.subject, t.object) if isinstance(n, ox.BlankNode)]

    for t in triples:
        found = labels(t)
        for other in found[1:]:
            parent[root(other)] = root(found[0])
    groups: dict[str, list[ox.Triple]] = {}
    batch: list[ox.Triple] = []
    for t in triples:
        found = labels(t)
        if found:
            groups.setdefault(root(found[0]), []).append(t)
        else:
            batch.append(t)
        if len(batch) >= size:
            yield batch
            batch = []
    for group in groups.values():
        if batch and len(batch) + len(group) > size:
            yield batch
            batch = []
        batch += group
    if batch:
        yield batch


def _raise_for(url: str, response: httpx.Response) -> None:
    status, text = response.status_code, response.text[:500]
    if status == 401:
        raise AuthError(f"{url} refused the request: credentials missing or wrong")
    if status == 403 or (status == 500 and "SECURITY" in text):
        raise ForbiddenError(
            f"{url} refused the request: not allowed ({text.strip()[:200]}). On Virtuoso, "
            "updates go to /sparql-auth with a user who may write: "
            "sparql+http://USER:PASSWORD@host:port/sparql?update=http://host:port/sparql-auth"
        )
    if status == 400 or (status == 500 and "SPARQL compiler" in text):
        raise QueryError(f"the store at {url} rejected the request: {text}")
    if status >= 300:
        raise StoreError(f"{url} answered {status}: {text}")


def _check_cap(response: httpx.Response) -> None:
    if response.headers.get("x-ekg-truncated") == "true":
        raise StoreError(
            f"the Evidence KG service cut the result: {response.headers.get('x-ekg-hint', '')}"
        )
    cap = response.headers.get("x-sparql-maxrows")
    if cap is not None:
        raise StoreError(
            f"the store cut the result at {cap} rows (Virtuoso's ResultSetMaxRows); raise it "
            "in virtuoso.ini, or page through the result with ORDER BY, LIMIT and OFFSET"
        )


def _solutions(result: QueryResult) -> ox.QuerySolutions:
    if not isinstance(result, ox.QuerySolutions):
        raise StoreError("the store answered a SELECT query with something else")
    return result


def _triples(result: QueryResult) -> list[ox.Triple]:
    if isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
        raise StoreError("the store answered a CONSTRUCT query with something else")
    return list(result)


def _bytes(data: bytes | None) -> bytes:
    assert data is not None
    return data


def open_remote(spec: str, token: str | None = None) -> Store:
    """The opener of `sparql+http(s)://…` (see graph/store.py); `token` is sent as Bearer."""
    return SparqlHttpStore.from_spec(spec, token=token)
