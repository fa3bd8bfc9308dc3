"""The embedded default backend: Oxigraph on disk (or in memory for tests)."""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox

from ontology.errors import QueryError, StoreBusyError, StoreError

from .formats import rdf_format
from .results import QueryResult, serialised
from .store import Store
from .summary_seal import take_seal


def _graph_terms(
    graphs: list[str] | None,
) -> list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None:
    if graphs is None:
        return None
    return [ox.NamedNode(g) for g in graphs]


class OxigraphStore:
    """A pyoxigraph Store on disk; every update runs in one transaction."""

    def __init__(self, path: str | None) -> None:
        self.location = f"oxigraph:{path}" if path else "memory:"
        self.path = Path(path) if path else None
        try:
            if self.path is None:
                self._store = ox.Store()
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreBusyError(
                    f"the store {path} is open in another process (is `ekg serve` running "
                    "on it?). Stop that process, or let the command reach the server."
                ) from exc
            raise StoreError(f"cannot open the store {path}: {exc}") from exc
        except RuntimeError as exc:  # RocksDB reports a damaged folder so
            raise StoreError(
                f"cannot open the store {path}: its files are damaged ({exc}). Restore it from "
                "a backup or `ekg export`, or ingest into a new folder."
            ) from exc
        # whoever opens the store may write to it: the api's saved summaries stop counting
        self.seal = take_seal(self.path) if self.path is not None else None

    @property
    def native(self) -> ox.Store:
        return self._store

    def query(
        self,
        sparql: str,
        *,
        union_default: bool = True,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> QueryResult:
        try:
            return self._store.query(
                sparql,
                use_default_graph_as_union=union_default and default_graphs is None,
                default_graph=_graph_terms(default_graphs),
                named_graphs=[ox.NamedNode(g) for g in named_graphs] if named_graphs else None,
            )
        except SyntaxError as exc:
            raise QueryError(f"malformed query: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"query failed: {exc}") from exc

    def update(self, sparql: str) -> None:
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise QueryError(f"malformed update: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"update failed: {exc}") from exc

    def replace_graph(self, graph: str, ntriples: str) -> None:
        """One update, so one transaction: the old graph stays if the new data is bad."""
        self.update(
            f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{ntriples}\n}} }}"
        )

    def load(self, data: bytes, media_type: str, graph: str | None = None) -> None:
        fmt = rdf_format(media_type)
        try:
            self._store.load(data, format=fmt, to_graph=ox.NamedNode(graph) if graph else None)
        except SyntaxError as exc:
            raise QueryError(f"cannot parse the {fmt.name} data: {exc}") from exc

    def bulk_load(self, data: bytes, media_type: str) -> None:
        """Oxigraph's bulk loader: fast, but not one transaction (a kill can leave part
        of `data`). For a store this process holds alone, with its own journal."""
        fmt = rdf_format(media_type)
        try:
            self._store.bulk_load(data, format=fmt)
        except SyntaxError as exc:
            raise QueryError(f"cannot parse the {fmt.name} data: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"bulk load failed: {exc}") from exc

    def dump(self, media_type: str, graph: str | None = None) -> bytes:
        fmt = rdf_format(media_type)
        if graph is not None:
            return serialised(self._store.dump(format=fmt, from_graph=ox.NamedNode(graph)))
        if not fmt.supports_datasets:
            triples = {ox.Triple(q.subject, q.predicate, q.object) for q in self._store}
            return serialised(ox.serialize(triples, format=fmt))
        return serialised(self._store.dump(format=fmt))

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def count(self, graph: str | None = None) -> int:
        if graph is None:
            return len(self._store)
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def flush(self) -> None:
        self._store.flush()

    def reopen(self) -> bool:
        """Close the store and open it again, which makes RocksDB let go of the memory it
        took for what was written (a long ingest grew by about 30 MiB per 100 papers).
        Only on disk, and only where nothing else holds the open store (its lock would
        stay taken); returns whether it was reopened."""
        if self.path is None or sys.getrefcount(self._store) > 2:  # this attribute + the call
            return False
        self._store.flush()
        del self._store
        try:
            self._store = ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(f"cannot open the store {self.path} again: {exc}") from exc
        return True

    def close(self) -> None:
        self._store.flush()
        del self._store


def open_embedded(spec: str) -> Store:
    """The opener of `oxigraph:PATH`, a plain folder path and `memory:` (see graph/store.py)."""
    if spec.startswith("memory:"):
        return OxigraphStore(None)
    return OxigraphStore(spec.removeprefix("oxigraph:") or "./ekg-store")
