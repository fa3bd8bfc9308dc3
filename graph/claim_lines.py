"""The knowledge graph of N-Quads files bulk-loaded into a new store, read from their text.

After `ekg import` bulk-loads a file into a store that held only the ontology and
lexicon, the knowledge graph is what `LIVE_CLAIM` selects. Asking the store costs more
than the rest of the import (a freshly bulk-loaded store is not compacted yet: 4.4 CPU s
at a million quads), while the claims are a small part of the file's lines. N-Quads and
N-Triples hold one statement a line, so the lines that name a claim's parts can be picked
out by their text (a substring test, 1.2 CPU s at a million quads) and only those parsed,
in a thread beside the bulk loader (which lets go of the GIL). A picked line is parsed
for real, so a marker inside a literal costs a parse and nothing else.

LIVE_CLAIM's test then runs on the claims in memory (`live_triples`), against what the
store holds after the load: the curation statuses, the retracted papers and the lexicon.

    picker = ClaimLines(Path("dump.nq"))  # starts reading
    store.native.bulk_load(path="dump.nq", format=ox.RdfFormat.N_QUADS)
    triples = live_triples(store.native, picker.result() or [])  # None: ask the store

A line the text test would miss (an IRI written with escape sequences) cannot go unnoticed:
the claim quads found are counted against the store's own count of them, and any
difference (a missed line, a line written twice) sends the caller to the store.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from ontology.vocab import CURATION_GRAPH, DCTERMS, EKG, LEXICON_GRAPH, PAPER_GRAPH_PREFIX, RDF

BLOCK = 1 << 20  # bytes read at a time: memory stays flat whatever the file's size
# every line that can take part in LIVE_CLAIM's claim pattern or its source test holds one
_CLAIM_PART, _CLAIM_TYPE, _SOURCE_MARK = b"ontology#claim", b"ontology#Claim>", b"terms/source>"
LINE_FORMATS = (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES)

# a claim's parts, by where `live_triples` keeps them
_PARTS = {
    f"<{p}>": i
    for i, p in enumerate((EKG.claimSubject, EKG.claimPredicate, EKG.claimObject, DCTERMS.source))
}
_TYPE, _CLAIM = f"<{RDF.type}>", f"<{EKG.Claim}>"
_CUR, _PAPER = f"<{CURATION_GRAPH}>", f"<{PAPER_GRAPH_PREFIX}"
# one statement as pyoxigraph writes N-Quads: subject, predicate, object, graph or none
_LINE = re.compile(
    r'^(<[^>]*>|_:\S+) (<[^>]*>) (<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:@\S+|\^\^<[^>]*>)?)'
    r"(?: (<[^>]*>|_:\S+))? \.$",
    re.M,
)


def _blocks(path: Path, stop: threading.Event) -> Iterator[bytes]:
    """The file in blocks of whole lines."""
    with path.open("rb") as fh:
        rest = b""
        while not stop.is_set():
            chunk = fh.read(BLOCK)
            if not chunk:
                break
            block = rest + chunk
            cut = block.rfind(b"\n") + 1
            rest = block[cut:]
            yield block[:cut]
        if rest and not stop.is_set():
            yield rest


def claim_lines(path: Path, stop: threading.Event | None = None) -> list[bytes]:
    """The lines of an N-Quads or N-Triples file that may state a claim's type, parts or
    source (and perhaps a few others that merely mention one), a block at a time,
    written again by pyoxigraph: the same quads in its canonical text, which
    `live_triples` splits. Kept as text, a third of the memory of quad objects.
    SyntaxError if one of those lines is not a statement."""
    stop = stop or threading.Event()
    chunks = []
    for block in _blocks(path, stop):
        picked = [
            line
            for line in block.split(b"\n")
            if _CLAIM_PART in line or _CLAIM_TYPE in line or _SOURCE_MARK in line
        ]
        if picked:
            quads = ox.parse(input=b"\n".join(picked), format=ox.RdfFormat.N_QUADS)
            text = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
            assert text is not None  # no output given: the text is returned
            chunks.append(text)
    return chunks


class ClaimLines:
    """`claim_lines` of one file, read in a thread while the bulk loader runs;
    `result()` is None when the file could not be read that way."""

    def __init__(self, path: Path) -> None:
        self._stop = threading.Event()
        self._chunks: list[bytes] | None = None
        self._thread = threading.Thread(target=self._read, args=(path,), daemon=True)
        self._thread.start()

    def _read(self, path: Path) -> None:
        try:
            self._chunks = claim_lines(path, self._stop)
        except (SyntaxError, OSError):
            self._chunks = None

    def cancel(self) -> None:
        self._stop.set()
        self._thread.join()

    def result(self) -> list[bytes] | None:
        self._thread.join()
        return None if self._stop.is_set() else self._chunks


def _column(native: ox.Store, query: str) -> set[str]:
    solutions = native.query(query)
    assert isinstance(solutions, ox.QuerySolutions)
    return {str(row[0]) for row in solutions}


def _stored_counts(native: ox.Store) -> list[int]:
    """The store's count of `_PARTS` quads in named graphs, then of claim types (0.1 CPU s
    at a million quads)."""
    values = " ".join(_PARTS)
    by_part = native.query(
        f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ VALUES ?p {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} "
        "GROUP BY ?p"
    )
    types = native.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s a {_CLAIM} }} }}")
    assert isinstance(by_part, ox.QuerySolutions) and isinstance(types, ox.QuerySolutions)
    counts = [0] * (len(_PARTS) + 1)
    for row in by_part:
        counts[_PARTS[str(row[0])]] = int(row[1].value)
    counts[len(_PARTS)] = sum(int(row[0].value) for row in types)
    return counts


def live_triples(native: ox.Store, chunks: Iterable[bytes]) -> set[str] | None:
    """What LIVE_CLAIM selects, as N-Triples lines without their final dot (like
    `graph.knowledge.new_knowledge`), when these lines hold every claim of the store (it
    was new before the load): claims typed `ekg:Claim` in a paper graph or the curation
    graph, not rejected or replaced, no source of theirs (in the claim's graph)
    retracted, not in the lexicon. None when a claim or a triple has a blank node (the
    bulk loader gives those new labels, so only the store can say what they are) or a
    line does not parse. Terms are compared as text, which pyoxigraph writes canonically."""
    typed: set[tuple[str, str]] = set()
    # (graph, claim) -> its subjects, predicates, objects and sources
    parts: dict[tuple[str, str], tuple[list[str], ...]] = defaultdict(lambda: ([], [], [], []))
    counts = [0] * (len(_PARTS) + 1)  # of each part's quads in named graphs, then types
    for chunk in chunks:
        text, matched = chunk.decode(), 0
        for line in _LINE.finditer(text):
            matched += 1
            s, p, o, g = line.groups()
            if g is None:
                continue
            part = _PARTS.get(p)
            if part is None and not (p == _TYPE and o == _CLAIM):
                continue
            counts[len(_PARTS) if part is None else part] += 1
            if not (g.startswith(_PAPER) or g == _CUR):
                continue
            if part is not None:
                parts[(g, s)][part].append(o)
            else:
                typed.add((g, s))
        if matched != text.count("\n"):
            return None  # a statement of a shape the pattern does not know (RDF 1.2)
    if counts != _stored_counts(native):
        return None
    excluded = _column(
        native,
        f"SELECT ?c WHERE {{ GRAPH <{CURATION_GRAPH}> {{ ?c <{EKG.curationStatus}> ?st . "
        f"FILTER(?st IN (<{EKG.Rejected}>, <{EKG.Edited}>)) }} }}",
    )
    retracted = _column(native, f"SELECT ?p WHERE {{ GRAPH ?any {{ ?p <{EKG.retracted}> true }} }}")
    lexicon = native.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{LEXICON_GRAPH}> {{ ?s ?p ?o }} }}")
    assert isinstance(lexicon, ox.QuerySolutions)
    in_lexicon = {f"{row[0]} {row[1]} {row[2]}" for row in lexicon}
    out: set[str] = set()
    for graph_claim in typed:
        claim, got = graph_claim[1], parts.get(graph_claim)
        if claim.startswith("_:"):
            return None
        if got is None or claim in excluded:
            continue
        subjects, predicates, objects, sources = got
        if any(t.startswith("_:") for t in (*subjects, *objects, *sources)):
            return None
        if any(source in retracted for source in sources):
            continue
        for s in subjects:
            if not s.startswith("<"):
                continue  # a literal is no subject: LIVE_CLAIM's INSERT skips it too
            for p in predicates:
                if not p.startswith("<"):
                    continue
                for o in objects:
                    triple = f"{s} {p} {o}"
                    if triple not in in_lexicon:
                        out.add(triple)
    return out
