"""The ontology and lexicon graphs: loaded on first use, reloaded when their files change.

The content hash is taken over canonical N-Triples (blank nodes relabelled by
rdflib.compare's canonical algorithm, lines sorted), and the same canonical text is what
gets stored: the same files always give the same hash and the same stored graph, so a
read-only command finds the hash in place and writes nothing. A graph whose hash matches
but whose size does not (an `ekg import` of an export adds its blank nodes again) is
reloaded.
"""

from __future__ import annotations

from functools import lru_cache
from hashlib import sha256

from rdflib import Graph, Literal
from rdflib.compare import to_canonical_graph

from ontology.iris import digest
from ontology.lexicon import LEXICON_PATH, load_lexicon
from ontology.lexicon_rdf import lexicon_graph
from ontology.resources import ONTOLOGY_PATH, ontology_graph
from ontology.vocab import EKG, LEXICON_GRAPH, ONTOLOGY_GRAPH

from .knowledge import rebuild_all
from .store import Store


def _nt(graph: Graph) -> str:
    """Canonical N-Triples (canonical blank node labels, sorted lines): the same content
    always gives the same text."""
    canonical = to_canonical_graph(graph).serialize(format="nt")
    return "".join(sorted(line + "\n" for line in canonical.splitlines() if line.strip()))


@lru_cache(maxsize=2)
def _texts(sources: str) -> tuple[str, str]:
    """The ontology's and the lexicon's canonical text, computed once per process for
    the same files (`sources`: a digest of their bytes; building and canonicalising the
    graphs is most of what seeding costs)."""
    return _nt(ontology_graph()), _nt(lexicon_graph(load_lexicon()))


def _stored_hash(store: Store, graph: str) -> str | None:
    result = store.query(
        f"SELECT ?h WHERE {{ GRAPH <{graph}> {{ <{graph}> <{EKG.contentHash}> ?h }} }}",
        union_default=False,
    )
    for solution in result:  # type: ignore[union-attr]
        return str(solution["h"].value)
    return None


def _seed(store: Store, graph: str, text: str) -> bool:
    h = digest(text)
    if _stored_hash(store, graph) == h and store.count(graph) == text.count("\n") + 1:
        return False
    stamp = f"<{graph}> <{EKG.contentHash}> {Literal(h).n3()} .\n"
    store.replace_graph(graph, text + stamp)
    return True


def ensure_seeded(store: Store) -> bool:
    """Load or refresh the ontology and lexicon graphs; True when anything changed."""
    sources = sha256(ONTOLOGY_PATH.read_bytes() + LEXICON_PATH.read_bytes()).hexdigest()
    ontology, lexicon = _texts(sources)
    changed = _seed(store, str(ONTOLOGY_GRAPH), ontology)
    if _seed(store, str(LEXICON_GRAPH), lexicon):
        rebuild_all(store)  # the knowledge graph never repeats lexicon triples
        changed = True
    return changed
