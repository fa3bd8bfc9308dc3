"""OWL consistency of the ontology (plus any triples) under HermiT, run by owlready2.

The reasoner works in its own owlready2 World, so nothing leaks between calls, and
offline: `owl:imports` are dropped before loading. owlready2 writes the ontology to a
temporary file for HermiT and leaves it behind when the ontology is inconsistent; we
point that file into a directory of our own, which is always removed.
"""

from __future__ import annotations

import functools
import io
import shutil
import tempfile
import threading
import types
from collections.abc import Iterator
from contextlib import contextmanager

import owlready2
import owlready2.reasoning
from rdflib import Graph
from rdflib.namespace import OWL

from .diagnostics import explain_inconsistency
from .errors import EkgError
from .resources import ontology_graph
from .vocab import BASE

_LOCK = threading.Lock()
_ONTOLOGY_IRI = BASE + "ontology"


def check_consistency(graph: Graph | None = None) -> list[str]:
    """Problems HermiT finds in the ontology plus `graph`; an empty list means consistent."""
    merged = ontology_graph()
    if graph is not None:
        merged += graph
    merged.remove((None, OWL.imports, None))
    data = merged.serialize(format="nt", encoding="utf-8")
    world = owlready2.World()
    try:
        onto = world.get_ontology(_ONTOLOGY_IRI).load(fileobj=io.BytesIO(data), format="ntriples")
        return _reason(world, onto, merged)
    finally:
        world.close()


def _reason(world: owlready2.World, onto: owlready2.Ontology, merged: Graph) -> list[str]:
    try:
        with _private_tempdir(), onto:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        causes = explain_inconsistency(merged)
        return ["HermiT: the ontology and the given triples are inconsistent", *causes]
    except owlready2.OwlReadyJavaError as exc:
        detail = str(exc).strip().splitlines()
        return [f"HermiT could not reason over the graph: {' '.join(detail[-3:])}"]
    return [
        f"class {cls.iri} is unsatisfiable (equivalent to owl:Nothing)"
        for cls in world.inconsistent_classes()
    ]


@contextmanager
def _private_tempdir() -> Iterator[None]:
    java = shutil.which(owlready2.JAVA_EXE) or shutil.which("java")
    if java is None:
        raise EkgError(
            "cannot check OWL consistency: no Java runtime found; "
            "install one (e.g. `apt-get install default-jre-headless`)"
        )
    with _LOCK, tempfile.TemporaryDirectory(prefix="ekg-hermit-") as tmpdir:
        shim = types.SimpleNamespace(
            NamedTemporaryFile=functools.partial(tempfile.NamedTemporaryFile, dir=tmpdir)
        )
        saved_module, saved_java = owlready2.reasoning.tempfile, owlready2.JAVA_EXE
        owlready2.reasoning.tempfile, owlready2.JAVA_EXE = shim, java
        try:
            yield
        finally:
            owlready2.reasoning.tempfile, owlready2.JAVA_EXE = saved_module, saved_java
