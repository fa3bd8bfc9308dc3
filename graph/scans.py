"""Whole-graph views read as scans of one property each, joined in Python.

One SPARQL query that joins every property a view needs, with OPTIONALs and GROUP BY, is
evaluated solution by solution: at a million quads the explorer's network took 72 s that
way and the gap map 37 s. A scan of one property is a range of one index, so the same
facts come in a second or two. Values are lexical (as `rows` gives them), each listed
once per subject (set semantics, whatever the number of graphs holding a triple).
"""

from __future__ import annotations

from collections import defaultdict

from ontology.vocab import sparql_prefixes

from .results import rows
from .store import Store

SCAN = sparql_prefixes() + "SELECT ?x ?v WHERE { %s }"
TYPED = sparql_prefixes() + "SELECT DISTINCT ?x WHERE { ?x a %s }"


def facts(store: Store, pattern: str) -> dict[str, list[str]]:
    """subject → its values, from a pattern binding ?x and ?v (e.g. `?x ekg:study ?v`)."""
    out: dict[str, list[str]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for r in rows(store.query(SCAN % pattern)):
        pair = (r["x"], r["v"])
        if pair not in seen:
            seen.add(pair)
            out[r["x"]].append(r["v"])
    return out


def typed(store: Store, cls: str) -> list[str]:
    """Every node of a class (e.g. `ekg:Finding`), once each."""
    return [r["x"] for r in rows(store.query(TYPED % cls))]
