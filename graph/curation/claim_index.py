"""The review queue's index: every claim's sort key and filter fields, read once.

Ordering the queue in SPARQL scans every claim on each request (0.1 s at 110k quads, a
second at 1M). The claims of the paper graphs change only when papers are written (an
ingest, an import, a SPARQL update), never by a curation action, which writes the
curation graph alone. So the index reads the paper graphs' claims once (`ClaimIndex.build`)
and the api keeps it until the next write that is not a curation action; each request then
reads only the curation graph (statuses, retractions, curator-added claims) and filters
and orders in memory, with the same rows, filters and order as `queue.sparql_page`.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ontology.errors import InputError
from ontology.iris import paper_iri
from ontology.vocab import DCTERMS, EKG, KNOWLEDGE_GRAPH, LEXICON_GRAPH, PAPER_GRAPH_PREFIX, RDF

from ..results import term_text
from ..store import Store
from .terms import CUR, STATUSES, iri, select

QUEUE_STATUSES = (*STATUSES, "conflict", "all")
SUBJECT_TYPES = ("Paper", "Study", "StudyArm", "Instrument", "Construct", "Intervention", "Finding")


@dataclass
class QueueFilter:
    paper: str = ""
    type: str = ""
    predicate: str = ""
    subject: str = ""
    status: str = "extracted"
    min_confidence: float | None = None
    max_confidence: float | None = None
    include_retracted: bool = False
    limit: int = 50
    offset: int = 0
    by_statement: bool = False  # page over statements (claim subjects), all their claims each


def type_iri(name: str) -> str:
    if name in SUBJECT_TYPES:
        return str(EKG[name])
    if ":" in name:
        return iri(name, "type").value
    raise InputError(f"unknown type '{name}'; choose one of {', '.join(SUBJECT_TYPES)}")


# one row per solution of the claim pattern: (confidence or 1.0, subject, predicate, claim, source)
Row = tuple[float, str, str, str, str]
Key = tuple[float, str, str, str]

ROWS = f"""SELECT ?c ?s ?p ?conf ?src WHERE {{
  GRAPH %s {{ ?c a <{EKG.Claim}> ; <{EKG.claimSubject}> ?s ; <{EKG.claimPredicate}> ?p .
    OPTIONAL {{ ?c <{EKG.confidence}> ?conf }} OPTIONAL {{ ?c <{DCTERMS.source}> ?src }} }}
  %s }}"""
PAPER_ROWS = ROWS % ("?g", f'FILTER(STRSTARTS(STR(?g), "{PAPER_GRAPH_PREFIX}"))')
CURATED_ROWS = ROWS % (f"<{CUR}>", "")
STATUS_ROWS = f"SELECT ?c ?st WHERE {{ GRAPH <{CUR}> {{ ?c <{EKG.curationStatus}> ?st }} }}"
RETRACTED = f"SELECT DISTINCT ?p WHERE {{ GRAPH <{CUR}> {{ ?p <{EKG.retracted}> true }} }}"
TYPED = (
    f"SELECT DISTINCT ?s WHERE {{ {{ GRAPH <{KNOWLEDGE_GRAPH}> {{ ?s a <%(t)s> }} }} UNION "
    f"{{ GRAPH <{LEXICON_GRAPH}> {{ ?s a <%(t)s> }} }} UNION {{ GRAPH ?tg {{ ?tc "
    f"<{EKG.claimSubject}> ?s ; <{EKG.claimPredicate}> <{RDF.type}> ; <{EKG.claimObject}> <%(t)s> }} }} }}"
)


def _confidence(term: object) -> float | None:
    """COALESCE(?conf, 1.0); None where the SPARQL comparison would fail (not a number)."""
    if term is None:
        return 1.0
    try:
        return float(term_text(term))
    except ValueError:
        return None


def read_rows(store: Store, query: str) -> list[Row]:
    out = []
    for r in select(store, query):
        conf = _confidence(r["conf"])
        if conf is None:  # ORDER BY cannot place it and the SPARQL filters drop it: keep it last
            conf = float("inf")
        out.append(
            (conf, term_text(r["s"]), term_text(r["p"]), term_text(r["c"]), term_text(r["src"]))
        )
    return out


@dataclass
class ClaimIndex:
    """The paper graphs' claims: claims with one row, sorted by the queue's key, and the
    few with several rows (several graphs, confidences or sources), grouped per request."""

    single: list[Row]
    multi: dict[str, list[Row]]

    @classmethod
    def build(cls, store: Store) -> ClaimIndex:
        by_claim: dict[str, list[Row]] = {}
        for row in read_rows(store, PAPER_ROWS):
            by_claim.setdefault(row[3], []).append(row)
        single = sorted(rows[0] for rows in by_claim.values() if len(rows) == 1)
        multi = {c: rows for c, rows in by_claim.items() if len(rows) > 1}
        return cls(single, multi)


@dataclass
class Selection:
    """The rows a filter keeps: single-row claims in queue order, the rest to be grouped."""

    ordered: Iterator[Row]
    grouped: dict[str, list[Row]]


def row_filter(store: Store, f: QueueFilter, held: Callable[[], set[str]]) -> Callable[[Row], bool]:
    """The queue filter as a test of one row, reading the curation graph."""
    if f.status not in QUEUE_STATUSES:
        raise InputError(f"unknown status '{f.status}'; choose one of {', '.join(QUEUE_STATUSES)}")
    statuses: dict[str, set[str]] = {}
    for r in select(store, STATUS_ROWS):
        statuses.setdefault(term_text(r["c"]), set()).add(term_text(r["st"]))
    tests: list[Callable[[Row], bool]] = []
    if f.status == "extracted":
        tests.append(lambda row: row[3] not in statuses)
    elif f.status == "conflict":
        chosen = held()
        tests.append(lambda row: row[3] in chosen)
    elif f.status != "all":
        wanted = STATUSES[f.status]
        tests.append(lambda row: wanted in statuses.get(row[3], ()))
    if f.paper:
        source = str(paper_iri(f.paper))
        tests.append(lambda row: row[4] == source)
    if not f.include_retracted:
        retracted = {term_text(r["p"]) for r in select(store, RETRACTED)}
        if retracted:
            tests.append(lambda row: row[4] not in retracted)
    if f.type:
        typed = {term_text(r["s"]) for r in select(store, TYPED % {"t": type_iri(f.type)})}
        tests.append(lambda row: row[1] in typed)
    if f.predicate:
        predicate = iri(f.predicate, "predicate").value
        tests.append(lambda row: row[2] == predicate)
    if f.subject:
        subject = iri(f.subject, "subject").value
        tests.append(lambda row: row[1] == subject)
    low, high = f.min_confidence, f.max_confidence
    if low is not None:
        tests.append(lambda row: row[0] != float("inf") and row[0] >= float(low))
    if high is not None:
        tests.append(lambda row: row[0] <= float(high))
    return lambda row: all(test(row) for test in tests)


def select_rows(store: Store, index: ClaimIndex, keep: Callable[[Row], bool]) -> Selection:
    curated = read_rows(store, CURATED_ROWS)
    grouped: dict[str, list[Row]] = {c: list(rows) for c, rows in index.multi.items()}
    both = {row[3] for row in curated}
    for row in curated:
        grouped.setdefault(row[3], []).append(row)
    overlap = {row[3] for row in index.single if row[3] in both} if both else set()
    for row in index.single:
        if row[3] in overlap:
            grouped[row[3]].append(row)
    kept = {c: [r for r in rows if keep(r)] for c, rows in grouped.items()}
    ordered = (r for r in index.single if r[3] not in overlap and keep(r))
    return Selection(ordered, {c: rows for c, rows in kept.items() if rows})


def claim_keys(selection: Selection) -> Iterator[Key]:
    """Every kept claim once, in the queue's order: MIN confidence, subject, predicate."""
    grouped = sorted(
        (min(r[0] for r in rows), min(r[1] for r in rows), min(r[2] for r in rows), c)
        for c, rows in selection.grouped.items()
    )
    singles = ((r[0], r[1], r[2], r[3]) for r in selection.ordered)
    return heapq.merge(singles, grouped)


def kept_rows(selection: Selection) -> Iterable[Row]:
    yield from selection.ordered
    for rows in selection.grouped.values():
        yield from rows
