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

import bisect
import functools
import heapq
from collections.abc import Callable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

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
CLAIM_TYPED = (
    f"{{ GRAPH %(g)s {{ ?tc <{EKG.claimSubject}> ?s ; <{EKG.claimPredicate}> <{RDF.type}> ; "
    f"<{EKG.claimObject}> <%(t)s> }} %(f)s }}"
)
# a subject has a type when the knowledge or lexicon graph says so or any claim does (held
# or not): the first two change by curation only through claims, so with the paper graphs'
# claims they are read once per index; the curation graph's claims on each request
STABLY_TYPED = (
    f"SELECT DISTINCT ?s WHERE {{ {{ GRAPH <{KNOWLEDGE_GRAPH}> {{ ?s a <%(t)s> }} }} UNION "
    f"{{ GRAPH <{LEXICON_GRAPH}> {{ ?s a <%(t)s> }} }} UNION "
    + CLAIM_TYPED % {"g": "?tg", "t": "%(t)s", "f": f"FILTER(?tg != <{CUR}>)"}
    + " }"
)
CURATED_TYPED = "SELECT DISTINCT ?s WHERE " + CLAIM_TYPED % {"g": f"<{CUR}>", "t": "%(t)s", "f": ""}


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
    """The paper graphs' claims: claims with one row, sorted by the queue's key and indexed
    by source, subject and predicate, and the few with several rows (several graphs,
    confidences or sources), grouped per request."""

    single: list[Row]
    multi: dict[str, list[Row]]
    position: dict[str, int] = field(default_factory=dict)
    by_source: dict[str, list[int]] = field(default_factory=dict)
    by_subject: dict[str, list[int]] = field(default_factory=dict)
    by_predicate: dict[str, list[int]] = field(default_factory=dict)
    types: dict[str, tuple[set[str], set[int]]] = field(default_factory=dict)

    def typed(self, store: Store, cls: str) -> tuple[set[str], set[int]]:
        """The subjects of a class (see STABLY_TYPED; the curation graph's claims read now)
        and the positions of their single-row claims."""
        if cls not in self.types:
            stable = {term_text(r["s"]) for r in select(store, STABLY_TYPED % {"t": cls})}
            at = {i for s in stable for i in self.by_subject.get(s, ())}
            self.types[cls] = (stable, at)
        stable, at = self.types[cls]
        now = {term_text(r["s"]) for r in select(store, CURATED_TYPED % {"t": cls})} - stable
        if not now:
            return stable, at
        return stable | now, at | {i for s in now for i in self.by_subject.get(s, ())}

    @classmethod
    def build(cls, store: Store) -> ClaimIndex:
        by_claim: dict[str, list[Row]] = {}
        for row in read_rows(store, PAPER_ROWS):
            by_claim.setdefault(row[3], []).append(row)
        single = sorted(rows[0] for rows in by_claim.values() if len(rows) == 1)
        index = cls(single, {c: rows for c, rows in by_claim.items() if len(rows) > 1})
        for i, (_, subject, predicate, claim, source) in enumerate(single):
            index.position[claim] = i
            index.by_source.setdefault(source, []).append(i)
            index.by_subject.setdefault(subject, []).append(i)
            index.by_predicate.setdefault(predicate, []).append(i)
        return index


@dataclass
class Criteria:
    """A queue filter with what it needs from the curation graph, read once per request."""

    status: str
    statuses: dict[str, set[str]]  # claim → its curation statuses
    held: set[str]
    source: str | None
    retracted: set[str]
    typed: set[str] | None
    typed_at: set[int] | None  # positions of the typed subjects' single-row claims
    predicate: str | None
    subject: str | None
    low: float | None
    high: float | None

    @classmethod
    def read(
        cls, store: Store, f: QueueFilter, held: Callable[[], set[str]], index: ClaimIndex
    ) -> Criteria:
        if f.status not in QUEUE_STATUSES:
            raise InputError(
                f"unknown status '{f.status}'; choose one of {', '.join(QUEUE_STATUSES)}"
            )
        statuses: dict[str, set[str]] = {}
        for r in select(store, STATUS_ROWS):
            statuses.setdefault(term_text(r["c"]), set()).add(term_text(r["st"]))
        typed, typed_at = (None, None) if not f.type else index.typed(store, type_iri(f.type))
        return cls(
            f.status,
            statuses,
            held() if f.status == "conflict" else set(),
            str(paper_iri(f.paper)) if f.paper else None,
            set() if f.include_retracted else {term_text(r["p"]) for r in select(store, RETRACTED)},
            typed,
            typed_at,
            iri(f.predicate, "predicate").value if f.predicate else None,
            iri(f.subject, "subject").value if f.subject else None,
            None if f.min_confidence is None else float(f.min_confidence),
            None if f.max_confidence is None else float(f.max_confidence),
        )

    @functools.cached_property
    def wanted(self) -> set[str] | None:
        """The claims the status admits, where it admits only some (None: all but curated
        ones for 'extracted', every claim for 'all')."""
        if self.status == "conflict":
            return self.held
        if self.status in ("extracted", "all"):
            return None
        name = STATUSES[self.status]
        return {c for c, found in self.statuses.items() if name in found}

    def keep(self, row: Row) -> bool:
        conf, subject, predicate, claim, source = row
        if self.status == "extracted" and claim in self.statuses:
            return False
        wanted = self.wanted
        return (
            (wanted is None or claim in wanted)
            and (self.source is None or source == self.source)
            and source not in self.retracted
            and (self.typed is None or subject in self.typed)
            and (self.predicate is None or predicate == self.predicate)
            and (self.subject is None or subject == self.subject)
            and (self.low is None or (conf != INF and conf >= self.low))
            and (self.high is None or conf <= self.high)
        )


INF = float("inf")


@dataclass
class Kept:
    """Positions of the single-row claims a filter keeps: those of `chosen` when indexes
    cut them, else the range [lo, hi) of the sorted rows; never those in `exclude`."""

    lo: int
    hi: int
    exclude: set[int]
    chosen: list[int] | None = None
    allow: set[int] | None = None  # a large cut (a type): tested while reading the range

    def __iter__(self) -> Iterator[int]:
        if self.chosen is not None:
            return iter(self.chosen)
        allow = self.allow
        if allow is not None:
            return (i for i in range(self.lo, self.hi) if i in allow and i not in self.exclude)
        return (i for i in range(self.lo, self.hi) if i not in self.exclude)

    def __len__(self) -> int:
        if self.chosen is not None:
            return len(self.chosen)
        if self.allow is not None:
            return sum(1 for i in self.allow if self.lo <= i < self.hi and i not in self.exclude)
        return self.hi - self.lo - sum(1 for i in self.exclude if self.lo <= i < self.hi)

    def has(self, i: int) -> bool:
        if self.chosen is not None:
            return i in self._chosen_set
        allowed = self.allow is None or i in self.allow
        return allowed and self.lo <= i < self.hi and i not in self.exclude

    @functools.cached_property
    def _chosen_set(self) -> set[int]:
        return set(self.chosen or ())


@dataclass
class Selection:
    """What a filter keeps: the single-row claims (`kept`) and the other claims' kept
    rows, to be grouped."""

    kept: Kept
    grouped: dict[str, list[Row]]
    typed: set[str] | None = None  # the subjects a type filter admits


def _kept(index: ClaimIndex, crit: Criteria, skip: set[str]) -> Kept:
    """The single-row claims the criteria keep, without those in `skip`: a range of the
    sorted rows (confidence first), cut by the indexes, never a test of every row."""
    rows, conf = index.single, (lambda r: r[0])
    lo = 0 if crit.low is None else bisect.bisect_left(rows, crit.low, key=conf)
    if crit.high is not None:
        hi = bisect.bisect_right(rows, crit.high, key=conf)
    else:
        hi = len(rows) if crit.low is None else bisect.bisect_left(rows, INF, key=conf)
    include: list[set[int]] = []
    wanted = crit.wanted
    if wanted is not None:
        include.append({index.position[c] for c in wanted if c in index.position})
    for value, by in (
        (crit.source, index.by_source),
        (crit.predicate, index.by_predicate),
        (crit.subject, index.by_subject),
    ):
        if value is not None:
            include.append(set(by.get(value, ())))
    allow = crit.typed_at
    exclude = {index.position[c] for c in skip if c in index.position}
    for source in crit.retracted:
        exclude.update(index.by_source.get(source, ()))
    if crit.status == "extracted":
        exclude.update(index.position[c] for c in crit.statuses if c in index.position)
    if not include:
        return Kept(lo, hi, exclude, allow=allow)
    cut = set.intersection(*sorted(include, key=len))
    chosen = sorted(
        i for i in cut if lo <= i < hi and i not in exclude and (allow is None or i in allow)
    )
    return Kept(lo, hi, exclude, chosen)


def select_rows(store: Store, index: ClaimIndex, crit: Criteria) -> Selection:
    curated = read_rows(store, CURATED_ROWS)
    grouped: dict[str, list[Row]] = {c: list(rows) for c, rows in index.multi.items()}
    for row in curated:
        grouped.setdefault(row[3], []).append(row)
    overlap = {row[3] for row in curated if row[3] in index.position}
    for c in overlap:
        grouped[c].append(index.single[index.position[c]])
    kept = {c: [r for r in rows if crit.keep(r)] for c, rows in grouped.items()}
    grouped_kept = {c: rows for c, rows in kept.items() if rows}
    return Selection(_kept(index, crit, overlap), grouped_kept, crit.typed)


def claim_keys(index: ClaimIndex, selection: Selection) -> Iterator[Key]:
    """Every kept claim once, in the queue's order: MIN confidence, subject, predicate."""
    grouped = sorted(
        (min(r[0] for r in rows), min(r[1] for r in rows), min(r[2] for r in rows), c)
        for c, rows in selection.grouped.items()
    )
    rows = index.single
    singles = (rows[i][:4] for i in selection.kept)
    return heapq.merge(singles, grouped)


def statement_keys(
    index: ClaimIndex, selection: Selection
) -> tuple[int, Iterator[tuple[float, str]]]:
    """How many statements (claim subjects) the filter keeps, and each once in the queue's
    order: MIN confidence of its kept claims, then subject. A subject's first kept row in
    the sorted singles carries its key, so the singles are read only as far as the page."""
    rows, kept = index.single, selection.kept
    keys: dict[str, float] = {}
    for group in selection.grouped.values():
        for row in group:
            keys[row[1]] = min(keys.get(row[1], row[0]), row[0])
    for s in keys:
        first = next((i for i in index.by_subject.get(s, ()) if kept.has(i)), None)
        if first is not None:
            keys[s] = min(keys[s], rows[first][0])
    if kept.chosen is not None or kept.lo > 0 or kept.hi < len(rows):
        alone = len({rows[i][1] for i in kept} - keys.keys())
    else:  # every (typed) subject, but those all of whose rows are excluded
        pool: AbstractSet[str] = index.by_subject.keys()
        if selection.typed is not None:
            pool = pool & selection.typed
        gone = {rows[i][1] for i in kept.exclude if rows[i][1] in pool} - keys.keys()
        alone = (
            len(pool)
            - sum(1 for s in keys if s in pool)
            - sum(1 for s in gone if not any(kept.has(i) for i in index.by_subject[s]))
        )

    def firsts() -> Iterator[tuple[float, str]]:
        seen: set[str] = set(keys)
        for i in kept:
            conf, subject = rows[i][0], rows[i][1]
            if subject not in seen:
                seen.add(subject)
                yield conf, subject

    grouped = sorted((k, s) for s, k in keys.items())
    return alone + len(keys), heapq.merge(firsts(), grouped)


def statement_rows(index: ClaimIndex, selection: Selection, subjects: list[str]) -> list[Row]:
    """The kept rows of these subjects."""
    wanted = set(subjects)
    out = [
        index.single[i]
        for s in subjects
        for i in index.by_subject.get(s, ())
        if selection.kept.has(i)
    ]
    out += [r for group in selection.grouped.values() for r in group if r[1] in wanted]
    return out
