"""The ontology's files and their loaders.

Both graphs are parsed once per process; each call returns a fresh copy, so a caller
may add triples to what it gets without touching anyone else's.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph

from .errors import InputError

ONTOLOGY_PATH = Path(__file__).with_name("ekg.ttl")
SHAPES_PATH = Path(__file__).with_name("shapes.ttl")


@lru_cache(maxsize=4)
def _parsed(path: Path) -> Graph:
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except FileNotFoundError as exc:
        raise InputError(f"{path}: file not found; reinstall the package") from exc
    except Exception as exc:  # rdflib raises several unrelated types for bad Turtle
        raise InputError(f"{path}: not valid Turtle: {exc}") from exc
    return graph


def _copy(graph: Graph) -> Graph:
    copy = Graph()
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace, override=True)
    copy += graph
    return copy


def ontology_graph() -> Graph:
    """The OWL ontology (`ekg.ttl`)."""
    return _copy(_parsed(ONTOLOGY_PATH))


def shapes_graph() -> Graph:
    """The SHACL shapes (`shapes.ttl`)."""
    return _copy(_parsed(SHAPES_PATH))
