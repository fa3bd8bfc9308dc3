"""The store interface and the registry that opens a backend from one string.

open_store("oxigraph:./ekg-store")             embedded Oxigraph on disk
open_store("./ekg-store")                      the same
open_store("memory:")                          in-memory Oxigraph (tests)
open_store("sparql+http://host/sparql")        a remote SPARQL 1.1 store
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from ontology.errors import InputError

from .results import QueryResult


class Store(Protocol):
    """What every backend offers. Graph names are IRIs as plain strings."""

    location: str

    def query(
        self,
        sparql: str,
        *,
        union_default: bool = True,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> QueryResult: ...

    def update(self, sparql: str) -> None: ...

    def replace_graph(self, graph: str, ntriples: str) -> None:
        """Atomically drop `graph` and fill it with the given N-Triples."""
        ...

    def load(self, data: bytes, media_type: str, graph: str | None = None) -> None: ...

    def dump(self, media_type: str, graph: str | None = None) -> bytes: ...

    def graphs(self) -> list[str]: ...

    def count(self, graph: str | None = None) -> int: ...

    def close(self) -> None: ...


Opener = Callable[[str], Store]
_BACKENDS: dict[str, Opener] = {}


def register_backend(scheme: str, opener: Opener) -> None:
    _BACKENDS[scheme] = opener


def open_store(spec: str) -> Store:
    """Open the backend named by `spec` (see the module docstring)."""
    scheme, sep, rest = spec.partition(":")
    if sep and scheme in _BACKENDS and not (len(scheme) == 1 and rest.startswith("\\")):
        return _BACKENDS[scheme](rest if scheme != "sparql+http" else spec)
    if sep and "://" in spec:
        raise InputError(
            f"unknown store '{spec}'; use a folder path, 'oxigraph:PATH', 'memory:' "
            "or 'sparql+http://host:port/sparql'"
        )
    return _BACKENDS["oxigraph"](spec)
