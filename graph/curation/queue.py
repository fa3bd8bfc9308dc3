"""The review queue: claims filtered by paper, subject type, predicate, confidence and
status (extracted, accepted, rejected, edited, curator-added, conflict, all), least
confident first. Claims of retracted papers are left out unless asked for."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from ontology.errors import InputError
from ontology.iris import paper_iri
from ontology.vocab import (
    DCTERMS,
    EKG,
    KNOWLEDGE_GRAPH,
    LEXICON_GRAPH,
    PAPER_GRAPH_PREFIX,
    RDF,
)

from ..store import Store
from .claim_index import (
    QUEUE_STATUSES,
    ClaimIndex,
    Criteria,
    QueueFilter,
    Selection,
    claim_keys,
    select_rows,
    statement_keys,
    statement_rows,
    type_iri,
)
from .claim_index import SUBJECT_TYPES as SUBJECT_TYPES
from .claims import ClaimView, held_back, load_claims
from .log import actions_touching
from .terms import CUR, STATUSES, column, iri, select_text


@dataclass
class QueuePage:
    total: int  # claims, or statements when the filter pages by statement
    items: list[ClaimView] = field(default_factory=list)


def held_claims(store: Store) -> set[str]:
    """Claims a conflict check holds back right now."""
    query = (
        f'SELECT DISTINCT ?c WHERE {{ GRAPH <{CUR}> {{ ?a <{EKG.actionType}> "conflict" ; '
        f"<{EKG.target}> ?c . ?c <{EKG.curationStatus}> <{EKG.Edited}> }} }}"
    )
    candidates = set(column(store, query, "c"))
    return set(held_back(store, candidates, actions_touching(store, candidates)))


def _where(store: Store, f: QueueFilter) -> str:
    if f.status not in QUEUE_STATUSES:
        raise InputError(f"unknown status '{f.status}'; choose one of {', '.join(QUEUE_STATUSES)}")
    parts = [
        f"GRAPH ?g {{ ?c a <{EKG.Claim}> ; <{EKG.claimSubject}> ?s ; <{EKG.claimPredicate}> ?p ."
        f" OPTIONAL {{ ?c <{EKG.confidence}> ?conf }} OPTIONAL {{ ?c <{DCTERMS.source}> ?src }} }}",
        f'FILTER(STRSTARTS(STR(?g), "{PAPER_GRAPH_PREFIX}") || ?g = <{CUR}>)',
        f"OPTIONAL {{ GRAPH <{CUR}> {{ ?c <{EKG.curationStatus}> ?st }} }}",
    ]
    if f.status == "extracted":
        parts.append("FILTER(!BOUND(?st))")
    elif f.status == "conflict":
        held = " ".join(f"<{c}>" for c in sorted(held_claims(store)))
        parts.insert(0, f"VALUES ?c {{ {held} }}")
    elif f.status != "all":
        parts.append(f"FILTER(?st = <{STATUSES[f.status]}>)")
    if f.paper:
        parts.append(f"FILTER(?src = <{paper_iri(f.paper)}>)")
    if not f.include_retracted:
        parts.append(
            f"FILTER(!BOUND(?src) || NOT EXISTS {{ GRAPH <{CUR}> {{ ?src <{EKG.retracted}> true }} }})"
        )
    if f.type:
        t = type_iri(f.type)
        parts.append(
            f"FILTER EXISTS {{ {{ GRAPH ?tg {{ ?s a <{t}> }} "
            f"FILTER(?tg IN (<{KNOWLEDGE_GRAPH}>, <{LEXICON_GRAPH}>)) }} UNION "
            f"{{ GRAPH ?tg {{ ?tc <{EKG.claimSubject}> ?s ; <{EKG.claimPredicate}> <{RDF.type}> ;"
            f" <{EKG.claimObject}> <{t}> }} }} }}"
        )
    if f.predicate:
        parts.append(f"FILTER(?p = <{iri(f.predicate, 'predicate').value}>)")
    if f.subject:
        parts.append(f"FILTER(?s = <{iri(f.subject, 'subject').value}>)")
    if f.min_confidence is not None:
        parts.append(f"FILTER(COALESCE(?conf, 1.0) >= {float(f.min_confidence)})")
    if f.max_confidence is not None:
        parts.append(f"FILTER(COALESCE(?conf, 1.0) <= {float(f.max_confidence)})")
    return "\n".join(parts)


def _check(f: QueueFilter) -> None:
    if not 1 <= f.limit <= 500:
        raise InputError(f"limit must be between 1 and 500, not {f.limit}")
    if f.offset < 0:
        raise InputError(f"offset must be 0 or more, not {f.offset}")


def review_queue(store: Store, f: QueueFilter, index: ClaimIndex | None = None) -> QueuePage:
    """A page of the queue, ordered and counted in memory over `index` (the paper graphs'
    claims, read now when not given: keep one between writes, see `claim_index`)."""
    _check(f)
    index = index or ClaimIndex.build(store)
    crit = Criteria.read(store, f, lambda: held_claims(store), index)
    chosen = select_rows(store, index, crit)
    if f.by_statement:
        return _statements(store, f, index, chosen)
    total = len(chosen.kept) + len(chosen.grouped)
    page = itertools.islice(claim_keys(index, chosen), f.offset, f.offset + f.limit)
    order = [key[3] for key in page]
    views = load_claims(store, order)
    return QueuePage(total, [views[c] for c in order if c in views])


def _statements(store: Store, f: QueueFilter, index: ClaimIndex, chosen: Selection) -> QueuePage:
    """One finding, study or term at a time with every claim about it that the filter keeps:
    statements least confident first, their claims by property."""
    total, keys = statement_keys(index, chosen)
    subjects = [s for _, s in itertools.islice(keys, f.offset, f.offset + f.limit)]
    claims: dict[str, str] = {}
    for row in statement_rows(index, chosen, subjects):
        claims[row[3]] = min(claims.get(row[3], row[2]), row[2])
    order = sorted(claims, key=lambda c: (claims[c], c))
    views = load_claims(store, order)
    rank = {s: i for i, s in enumerate(subjects)}
    items = sorted(
        (views[c] for c in order if c in views), key=lambda v: rank.get(v.subject.value, len(rank))
    )
    return QueuePage(total, items)


def sparql_page(store: Store, f: QueueFilter) -> QueuePage:
    """The same page computed in SPARQL alone: the reference the index is tested against."""
    _check(f)
    where = _where(store, f)
    if f.by_statement:
        return _statement_page(store, f, where)
    total = int(column(store, f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ {where} }}", "n")[0])
    order = column(
        store,
        f"SELECT ?c (MIN(COALESCE(?conf, 1.0)) AS ?k) (MIN(STR(?s)) AS ?ks) (MIN(STR(?p)) AS ?kp) "
        f"WHERE {{ {where} }} GROUP BY ?c ORDER BY ?k ?ks ?kp ?c "
        f"LIMIT {f.limit} OFFSET {f.offset}",
        "c",
    )
    views = load_claims(store, order)
    return QueuePage(total, [views[c] for c in order if c in views])


def _statement_page(store: Store, f: QueueFilter, where: str) -> QueuePage:
    total = int(column(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {where} }}", "n")[0])
    subjects = column(
        store,
        f"SELECT ?s (MIN(COALESCE(?conf, 1.0)) AS ?k) WHERE {{ {where} }} GROUP BY ?s "
        f"ORDER BY ?k ?s LIMIT {f.limit} OFFSET {f.offset}",
        "s",
    )
    if not subjects:
        return QueuePage(total)
    chosen = " ".join(f"<{s}>" for s in subjects)
    order = column(
        store,
        f"SELECT ?c (MIN(STR(?s)) AS ?ks) (MIN(STR(?p)) AS ?kp) WHERE {{ VALUES ?s {{ {chosen} }} "
        f"{where} }} GROUP BY ?c ORDER BY ?kp ?c",
        "c",
    )
    views = load_claims(store, order)
    rank = {s: i for i, s in enumerate(subjects)}
    items = sorted(
        (views[c] for c in order if c in views), key=lambda v: rank.get(v.subject.value, len(rank))
    )
    return QueuePage(total, items)


@dataclass
class PaperSummary:
    paper_id: str
    iri: str
    title: str = ""
    retracted: bool = False
    replaced_by: str = ""
    claims: int = 0


def papers(store: Store) -> list[PaperSummary]:
    rows = select_text(
        store,
        f"SELECT ?p ?id (SAMPLE(?t) AS ?title) (COUNT(DISTINCT ?c) AS ?n) "
        f"(SAMPLE(?r) AS ?retracted) (SAMPLE(?by) AS ?replaced) WHERE {{ "
        f"GRAPH ?g {{ ?p a <{EKG.Paper}> ; <{DCTERMS.identifier}> ?id . "
        f"OPTIONAL {{ ?p <{DCTERMS.title}> ?t }} OPTIONAL {{ ?c <{DCTERMS.source}> ?p }} }} "
        f'FILTER(STRSTARTS(STR(?g), "{PAPER_GRAPH_PREFIX}")) '
        f"OPTIONAL {{ GRAPH <{CUR}> {{ ?p <{EKG.retracted}> ?r }} }} "
        f"OPTIONAL {{ GRAPH <{CUR}> {{ ?p <{DCTERMS.isReplacedBy}> ?by }} }} "
        f"}} GROUP BY ?p ?id ORDER BY ?id",
    )
    return [
        PaperSummary(
            paper_id=r["id"],
            iri=r["p"],
            title=r["title"],
            retracted=r["retracted"] == "true",
            replaced_by=r["replaced"],
            claims=int(r["n"] or 0),
        )
        for r in rows
    ]
