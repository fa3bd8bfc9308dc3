"""The store interface and the registry that opens a backend from one string.

open_store("oxigraph:./ekg-store")             embedded Oxigraph on disk
open_store("./ekg-store")                      the same
open_store("memory:")                          in-memory Oxigraph (tests)
open_store("sparql+http://host/sparql")        a remote SPARQL 1.1 store (or sparql+https)

The registry names every built-in backend by where its opener lives, so it is complete
without importing any backend (as rdflib's `plugin.register`); `register_backend` adds
one. A folder whose name holds a colon is written `oxigraph:a:b` or `./a:b`.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from typing import Any, Protocol

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


Opener = Callable[..., Store]
"""Called with the whole spec (and any keyword options given to `open_store`)."""

_BACKENDS: dict[str, Opener | str] = {  # scheme → opener, or "module:function" to import
    "oxigraph": "graph.oxigraph_store:open_embedded",
    "memory": "graph.oxigraph_store:open_embedded",
    "sparql+http": "graph.remote_store:open_remote",
    "sparql+https": "graph.remote_store:open_remote",
}
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]+):")  # two letters at least: C:\ is a path


def register_backend(scheme: str, opener: Opener | str) -> None:
    """Open specs starting `scheme:` with `opener` (a callable, or "module:function")."""
    _BACKENDS[scheme] = opener


def backends() -> list[str]:
    return sorted(_BACKENDS)


def scheme_of(spec: str) -> str:
    """The backend a spec names; a plain folder path is an embedded Oxigraph store."""
    found = _SCHEME.match(spec)
    if found is None:
        return "oxigraph"
    if found[1] not in _BACKENDS:
        known = ", ".join(f"'{s}:'" for s in backends())
        raise InputError(
            f"unknown store '{spec}': no backend for '{found[1]}:'; use a folder path or one "
            f"of {known} (e.g. 'oxigraph:./ekg-store', 'sparql+http://host:port/sparql')"
        )
    return found[1]


def _opener(scheme: str) -> Opener:
    found = _BACKENDS[scheme]
    if isinstance(found, str):
        module, _, name = found.partition(":")
        found = _BACKENDS[scheme] = getattr(importlib.import_module(module), name)
    return found


def open_store(spec: str, **options: Any) -> Store:
    """Open the backend named by `spec` (see the module docstring)."""
    return _opener(scheme_of(spec))(spec, **options)
