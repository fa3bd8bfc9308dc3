"""Claims as curators see them: the statement, its labels, evidence, status and ETag."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from ontology.errors import NotFoundError
from ontology.vocab import (
    DCTERMS,
    EKG,
    KNOWLEDGE_GRAPH,
    LEXICON_GRAPH,
    OA,
    ONTOLOGY_GRAPH,
    PAPER_GRAPH_PREFIX,
    PROV,
    RDFS,
    SKOS,
)

from ..results import term_text
from ..store import Store
from .log import Effect, actions_touching, claim_etag, load_actions, revert_edges
from .status import current_statuses
from .terms import CUR, NOT_LIVE, STATUS_NAME, claim_key, select, values

LABEL_GRAPHS_LIST = [f"<{g}>" for g in (KNOWLEDGE_GRAPH, LEXICON_GRAPH, ONTOLOGY_GRAPH, CUR)]


@dataclass
class Term:
    value: str
    kind: str = "iri"  # iri | literal
    datatype: str = ""
    language: str = ""
    label: str = ""

    @classmethod
    def of(cls, term: object) -> Term:
        if isinstance(term, ox.Literal):
            return cls(term.value, "literal", term.datatype.value, term.language or "")
        return cls(term_text(term))

    def rdf(self) -> ox.NamedNode | ox.Literal:
        if self.kind == "iri":
            return ox.NamedNode(self.value)
        if self.language:
            return ox.Literal(self.value, language=self.language)
        return ox.Literal(self.value, datatype=ox.NamedNode(self.datatype))


@dataclass
class Evidence:
    quote: str = ""
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None
    section: str = ""


@dataclass
class ClaimView:
    iri: str
    subject: Term
    predicate: Term
    object: Term
    graph: str = ""
    paper: str = ""
    paper_id: str = ""
    paper_retracted: bool = False
    confidence: float | None = None
    method: str = ""
    evidence_iri: str = ""
    evidence: Evidence | None = None
    revision_of: str = ""
    status: str = "extracted"
    conflict_with: list[str] = field(default_factory=list)
    etag: str = ""

    @property
    def key(self) -> str:
        return claim_key(self.iri)

    @property
    def live(self) -> bool:
        return self.status not in ("rejected", "edited") and not self.paper_retracted


def labels(store: Store, iris: Iterable[str]) -> dict[str, str]:
    """A display label for each IRI: prefLabel, else rdfs:label, else abbreviation."""
    wanted = sorted({i for i in iris if i})
    rank = {str(SKOS.prefLabel): 0, str(RDFS.label): 1, str(EKG.abbreviation): 2}
    best: dict[str, tuple[int, str]] = {}
    for i in range(0, len(wanted), 400):
        body = f"VALUES ?x {{ {values(wanted[i : i + 400])} }} VALUES ?p {{ {values(rank)} }}"
        rows = select(  # a branch per graph: GRAPH ?g with a FILTER on ?g read every graph
            store,
            "SELECT ?x ?p ?l WHERE { "
            + " UNION ".join(f"{{ GRAPH {g} {{ {body} ?x ?p ?l }} }}" for g in LABEL_GRAPHS_LIST)
            + " FILTER(LANG(?l) = '' || LANGMATCHES(LANG(?l), 'en')) }",
        )
        for r in rows:
            x, candidate = term_text(r["x"]), (rank[term_text(r["p"])], term_text(r["l"]))
            if x not in best or candidate < best[x]:
                best[x] = candidate
    described = _described(store, [i for i in wanted if i not in best])
    return {i: best[i][1] if i in best else described.get(i) or local_name(i) for i in wanted}


DESCRIBE = f"""
SELECT ?x ?study ?outcome ?role WHERE {{
  {{ GRAPH ?g {{ VALUES ?x {{ %(x)s }} ?x <{EKG.study}> ?st }} OPTIONAL {{ GRAPH ?g {{ ?x <{EKG.outcome}> ?o }}
     OPTIONAL {{ GRAPH ?h {{ ?o <{SKOS.prefLabel}> ?outcome }} }} }} }}
  UNION
  {{ GRAPH ?g {{ VALUES ?x {{ %(x)s }} ?st <{EKG.hasArm}> ?x . OPTIONAL {{ ?x <{EKG.armRole}> ?role }} }} }}
  OPTIONAL {{ GRAPH ?i {{ ?st <{RDFS.label}> ?study }} }}
  FILTER(?g IN (<{KNOWLEDGE_GRAPH}>, <{CUR}>) || STRSTARTS(STR(?g), "{PAPER_GRAPH_PREFIX}"))
}}"""


def _described(store: Store, iris: list[str]) -> dict[str, str]:
    """Nodes without a name: findings by study and outcome, arms by role and study."""
    nameless = [i for i in iris if "/finding/" in i or "/arm/" in i][:400]
    out: dict[str, str] = {}
    for r in select(store, DESCRIBE % {"x": values(nameless)}) if nameless else []:
        x, study = term_text(r["x"]), term_text(r["study"]) or "a study"
        if r["role"] is not None:
            out[x] = f"{term_text(r['role'])} arm of {study}"
        elif x not in out or r["outcome"] is not None:
            outcome = f" on {term_text(r['outcome'])}" if r["outcome"] is not None else ""
            out[x] = f"finding of {study}{outcome}"
    return out


def local_name(iri: str) -> str:
    return iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


CORE = f"""
SELECT ?c ?g ?s ?p ?o ?conf ?method ?source ?ev ?rev WHERE {{
  GRAPH ?g {{ VALUES ?c {{ %s }}
    ?c a <{EKG.Claim}> ; <{EKG.claimSubject}> ?s ; <{EKG.claimPredicate}> ?p ;
                 <{EKG.claimObject}> ?o .
    OPTIONAL {{ ?c <{EKG.confidence}> ?conf }} OPTIONAL {{ ?c <{EKG.method}> ?method }}
    OPTIONAL {{ ?c <{DCTERMS.source}> ?source }} OPTIONAL {{ ?c <{PROV.wasDerivedFrom}> ?ev }}
    OPTIONAL {{ ?c <{PROV.wasRevisionOf}> ?rev }} }}
  FILTER(?g != <{KNOWLEDGE_GRAPH}>)
}}"""

EVIDENCE = f"""
SELECT ?ev ?exact ?prefix ?suffix ?section WHERE {{
  GRAPH ?g {{ VALUES ?ev {{ %s }}
    ?ev <{OA.hasTarget}> ?t . ?t <{OA.hasSelector}> ?q . ?q <{OA.exact}> ?exact .
    OPTIONAL {{ ?q <{OA.prefix}> ?prefix }} OPTIONAL {{ ?q <{OA.suffix}> ?suffix }}
    OPTIONAL {{ ?ev <{EKG.section}> ?section }} }}
}}"""
# apart: as an OPTIONAL of EVIDENCE it was joined after a scan of every position selector
POSITIONS = f"""
SELECT ?ev ?start ?end WHERE {{ GRAPH ?g {{ VALUES ?ev {{ %s }}
  ?ev <{OA.hasTarget}> ?t . ?t <{OA.hasSelector}> ?ps . ?ps <{OA.start}> ?start ; <{OA.end}> ?end }} }}"""

PAPERS = f"""
SELECT ?paper ?id ?retracted WHERE {{
  VALUES ?paper {{ %s }}
  OPTIONAL {{ GRAPH ?g {{ ?paper <{DCTERMS.identifier}> ?id }} }}
  OPTIONAL {{ GRAPH <{CUR}> {{ ?paper <{EKG.retracted}> ?retracted }} }}
}}"""


def _int(term: object) -> int | None:
    text = term_text(term)
    return int(text) if text.lstrip("-").isdigit() else None


def _evidence(store: Store, iris: set[str]) -> dict[str, Evidence]:
    out: dict[str, Evidence] = {}
    if not iris:
        return out
    for r in select(store, EVIDENCE % values(iris)):
        out[term_text(r["ev"])] = Evidence(
            quote=term_text(r["exact"]),
            prefix=term_text(r["prefix"]),
            suffix=term_text(r["suffix"]),
            section=term_text(r["section"]),
        )
    for r in select(store, POSITIONS % values(out)):
        found = out[term_text(r["ev"])]
        found.start, found.end = _int(r["start"]), _int(r["end"])
    return out


def _papers(store: Store, iris: set[str]) -> dict[str, tuple[str, bool]]:
    out: dict[str, tuple[str, bool]] = {}
    for r in select(store, PAPERS % values(iris)) if iris else []:
        out[term_text(r["paper"])] = (term_text(r["id"]), term_text(r["retracted"]) == "true")
    return out


def load_claims(store: Store, iris: Iterable[str]) -> dict[str, ClaimView]:
    """Full views of these claims (missing IRIs are left out)."""
    wanted = sorted(set(iris))
    views: dict[str, ClaimView] = {}
    for i in range(0, len(wanted), 300):
        for r in select(store, CORE % values(wanted[i : i + 300])):
            c = term_text(r["c"])
            if c in views:
                continue
            conf = term_text(r["conf"])
            views[c] = ClaimView(
                iri=c,
                subject=Term.of(r["s"]),
                predicate=Term.of(r["p"]),
                object=Term.of(r["o"]),
                graph=term_text(r["g"]),
                paper=term_text(r["source"]),
                confidence=float(conf) if conf else None,
                method=local_name(term_text(r["method"])),
                evidence_iri=term_text(r["ev"]),
                revision_of=term_text(r["rev"]),
            )
    _complete(store, views)
    return views


def _complete(store: Store, views: dict[str, ClaimView]) -> None:
    if not views:
        return
    evidence = _evidence(store, {v.evidence_iri for v in views.values() if v.evidence_iri})
    papers = _papers(store, {v.paper for v in views.values() if v.paper})
    statuses = current_statuses(store, views)
    touching = actions_touching(store, views)
    names = labels(
        store,
        [
            t.value
            for v in views.values()
            for t in (v.subject, v.predicate, v.object)
            if t.kind == "iri"
        ],
    )
    held = held_back(store, {c for c, s in statuses.items() if s == str(EKG.Edited)}, touching)
    for c, v in views.items():
        v.evidence = evidence.get(v.evidence_iri)
        v.paper_id, v.paper_retracted = papers.get(v.paper, ("", False))
        v.status = STATUS_NAME.get(statuses.get(c, ""), "extracted")
        v.etag = claim_etag(c, touching.get(c, set()))
        v.conflict_with = held.get(c, [])
        for t in (v.subject, v.predicate, v.object):
            t.label = names.get(t.value, "") if t.kind == "iri" else t.value


def held_back(
    store: Store, edited: set[str], touching: dict[str, set[str]]
) -> dict[str, list[str]]:
    """Claims held back by a conflict check → the curated claims that won."""
    candidates = {a for c in edited for a in touching.get(c, ())}
    if not candidates:
        return {}
    actions = load_actions(store, candidates)
    effect = Effect(revert_edges(store))
    out: dict[str, list[str]] = {}
    for c in edited:
        mine = sorted(
            (actions[a] for a in touching.get(c, ()) if a in actions and effect(a)),
            key=lambda a: a.order,
        )
        deciding = [a for a in mine if a.type not in ("revert", "split")]
        if deciding and deciding[-1].type == "conflict":
            out[c] = deciding[-1].used
    return out


def get_claim(store: Store, claim: str) -> ClaimView:
    view = load_claims(store, [claim]).get(claim)
    if view is None:
        raise NotFoundError(f"no claim {claim}; find claims in the review queue")
    return view


def is_live_status(status_iri: str | None) -> bool:
    return status_iri not in NOT_LIVE
