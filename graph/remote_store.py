"""A remote SPARQL 1.1 store (Virtuoso, Fuseki, GraphDB, another `ekg serve`).

    sparql+http://host:port/sparql                         query and update at one URL
    sparql+http://host:port/sparql?update=http://…/update  a separate update URL

Writes use SPARQL Update only (portable); queries use the form-encoded POST, which
every store accepts (Virtuoso 7 hangs on a direct `application/sparql-query` POST).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit, urlunsplit

import httpx
import pyoxigraph as ox

from ontology.errors import AuthError, ForbiddenError, QueryError, StoreError

from .formats import rdf_format
from .results import QueryResult
from .store import register_backend

RESULTS_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/plain;q=0.1"
INSERT_CHUNK = 20_000  # triples per INSERT DATA request


class SparqlHttpStore:
    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        *,
        token: str | None = None,
        auth: httpx.Auth | tuple[str, str] | None = None,
        timeout: float = 600.0,
    ) -> None:
        self.location = f"sparql+{query_url}"
        self.query_url = query_url
        self.update_url = update_url or query_url
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._client = httpx.Client(headers=headers, auth=auth, timeout=timeout)

    @classmethod
    def from_spec(cls, spec: str) -> SparqlHttpStore:
        url = spec.removeprefix("sparql+")
        parts = urlsplit(url)
        options = parse_qs(parts.query)
        base = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
        update = options.get("update", [None])[0]
        user, password = parts.username, parts.password
        auth: httpx.Auth | None = None
        if user:
            base = base.replace(
                f"{parts.netloc}", parts.hostname + (f":{parts.port}" if parts.port else "")
            )
            auth = httpx.DigestAuth(user, password or "")
        return cls(base, update, auth=auth)

    def _post(self, url: str, data: dict[str, str | list[str]], accept: str) -> httpx.Response:
        try:
            response = self._client.post(url, data=data, headers={"Accept": accept})
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach the SPARQL store at {url}: {exc}") from exc
        if response.status_code == 401:
            raise AuthError(f"{url} refused the request: credentials missing or wrong")
        if response.status_code == 403:
            raise ForbiddenError(f"{url} refused the request: not allowed")
        if response.status_code == 400:
            raise QueryError(f"the store at {url} rejected the request: {response.text[:500]}")
        if response.status_code >= 300:
            raise StoreError(f"{url} answered {response.status_code}: {response.text[:500]}")
        return response

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
        response = self._post(self.query_url, data, RESULTS_ACCEPT)
        media = response.headers.get("content-type", "").split(";")[0].strip()
        if media in ("application/sparql-results+json", "application/json"):
            return ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
        if media in ("application/sparql-results+xml", "application/xml"):
            return ox.parse_query_results(response.content, format=ox.QueryResultsFormat.XML)
        fmt = rdf_format(media or "nt")
        return iter(list(ox.parse(response.content, format=fmt)))  # type: ignore[arg-type]

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
        for i in range(0, len(triples), INSERT_CHUNK):
            body = ox.serialize(triples[i : i + INSERT_CHUNK], format=ox.RdfFormat.N_TRIPLES)
            text = body.decode("utf-8")
            block = f"GRAPH <{graph}> {{\n{text}}}" if graph else text
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

    def dump(self, media_type: str, graph: str | None = None) -> bytes:
        fmt = rdf_format(media_type)
        if graph is not None:
            result = self.query(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
            )
            return ox.serialize(list(result), format=fmt)  # type: ignore[arg-type,no-any-return]
        solutions = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        quads = [ox.Quad(s["s"], s["p"], s["o"], s["g"]) for s in solutions]  # type: ignore[union-attr]
        if fmt.supports_datasets:
            return ox.serialize(quads, format=fmt)  # type: ignore[no-any-return]
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
        return ox.serialize(triples, format=fmt)  # type: ignore[no-any-return]

    def graphs(self) -> list[str]:
        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(s["g"].value for s in result)  # type: ignore[union-attr]

    def count(self, graph: str | None = None) -> int:
        where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "GRAPH ?g { ?s ?p ?o }"
        result = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
        return int(next(iter(result))["n"].value)  # type: ignore[index,arg-type]

    def close(self) -> None:
        self._client.close()


register_backend("sparql+http", SparqlHttpStore.from_spec)
register_backend("sparql+https", SparqlHttpStore.from_spec)
