"""After a paper is (re-)ingested: keep curators' work in force.

Decisions are keyed by the deterministic claim IRIs, so a re-extracted claim keeps its
status without any help. What needs help is new extraction that *disagrees* with a
curator: a claim of the paper, never reviewed, giving a single-valued property of a
subject another value than a claim a curator accepted, added or edited in (resting on
the same paper, or on none). The curator's version wins: the new claim is held back
(status Edited, by a `conflict` action of the software agent that `prov:used` the
winning claim) and waits in the review queue under status 'conflict'. Accepting it
there makes it win instead; rejecting it settles the matter.

Two papers that disagree, with no curator involved, are held apart the same way: a new
claim giving a property that a shape allows once (a violation, not a warning) another
value than a live claim of another paper is held back, with the claim it disagrees with
as `prov:used`. Both claims stay, each with its source; the knowledge graph keeps the
first one, so `ekg validate` passes, and the review queue shows the conflict.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from ontology.vocab import DCTERMS, EKG, KNOWLEDGE_GRAPH, LEXICON_GRAPH, PAPER_GRAPH_PREFIX

from ..store import Store
from .actions import render
from .log import Action
from .merge import replay_merges
from .options import single_valued, strictly_single_valued
from .status import commit
from .terms import CUR, TOUCHES, ask, new_action_iri, select, values

CONFLICTS = f"""
SELECT ?n ?o ?w ?wo WHERE {{
  GRAPH <%(graph)s> {{ ?n a <{EKG.Claim}> ; <{EKG.claimSubject}> ?s ;
                       <{EKG.claimPredicate}> ?p ; <{EKG.claimObject}> ?o ;
                       <{DCTERMS.source}> ?paper . }}
  VALUES ?p {{ %(single)s }}
  FILTER NOT EXISTS {{ GRAPH <{CUR}> {{ ?any {TOUCHES} ?n }} }}
  GRAPH ?wg {{ ?w a <{EKG.Claim}> ; <{EKG.claimSubject}> ?s ; <{EKG.claimPredicate}> ?p ;
                  <{EKG.claimObject}> ?wo . }}
  FILTER(STRSTARTS(STR(?wg), "{PAPER_GRAPH_PREFIX}") || ?wg = <{CUR}>)
  %(hidden)s
  FILTER(!sameTerm(?wo, ?o))
  GRAPH <{CUR}> {{ ?w <{EKG.curationStatus}> ?ws }}
  FILTER(?ws IN (<{EKG.Accepted}>, <{EKG.CuratorAdded}>))
  OPTIONAL {{ GRAPH ?wg {{ ?w <{DCTERMS.source}> ?wsource }} }}
  FILTER(!BOUND(?wsource) || ?wsource = ?paper)
  FILTER(!BOUND(?wsource) || NOT EXISTS {{ GRAPH ?r {{ ?wsource <{EKG.retracted}> true }} }})
}}"""


CURATOR_WON = f"""ASK {{ GRAPH <{CUR}> {{ ?w <{EKG.curationStatus}> ?ws }}
  FILTER(?ws IN (<{EKG.Accepted}>, <{EKG.CuratorAdded}>)) }}"""

# A cheap necessary condition of PAPER_CONFLICTS: a winner is a live claim, so its triple
# is in the knowledge graph (or, if the lexicon holds it, there). Looking values up there
# costs one row per distinct value, where PAPER_CONFLICTS visits every claim of every
# paper on the same subject and property (which grows with the store).
MAY_CONFLICT = f"""ASK {{
  GRAPH <%(graph)s> {{ ?n <{EKG.claimSubject}> ?s ; <{EKG.claimPredicate}> ?p ;
                       <{EKG.claimObject}> ?o . }}
  VALUES ?p {{ %(single)s }}
  {{ GRAPH <{KNOWLEDGE_GRAPH}> {{ ?s ?p ?wo }} }} UNION {{ GRAPH <{LEXICON_GRAPH}> {{ ?s ?p ?wo }} }}
  FILTER(!sameTerm(?wo, ?o))
}}"""

# MAY_CONFLICT for claims given as N-Triples lines ("<s> <p> o"): the paper's claims
# looked up where they are (in memory, for a batch) instead of read back from its graph,
# a star join that costs a read per claim part and grows with the store's files
MAY_CONFLICT_OF = f"""ASK {{
  VALUES (?s ?p ?o) {{ %(rows)s }}
  {{ GRAPH <{KNOWLEDGE_GRAPH}> {{ ?s ?p ?wo }} }} UNION {{ GRAPH <{LEXICON_GRAPH}> {{ ?s ?p ?wo }} }}
  FILTER(!sameTerm(?wo, ?o))
}}"""

PAPER_CONFLICTS = f"""
SELECT ?n ?o ?w ?wo WHERE {{
  GRAPH <%(graph)s> {{ ?n a <{EKG.Claim}> ; <{EKG.claimSubject}> ?s ;
                       <{EKG.claimPredicate}> ?p ; <{EKG.claimObject}> ?o . }}
  VALUES ?p {{ %(single)s }}
  FILTER NOT EXISTS {{ GRAPH <{CUR}> {{ ?any {TOUCHES} ?n }} }}
  GRAPH ?wg {{ ?w a <{EKG.Claim}> ; <{EKG.claimSubject}> ?s ; <{EKG.claimPredicate}> ?p ;
                  <{EKG.claimObject}> ?wo . }}
  FILTER(STRSTARTS(STR(?wg), "{PAPER_GRAPH_PREFIX}") && ?wg != <%(graph)s>)
  %(hidden)s
  FILTER(!sameTerm(?wo, ?o))
  FILTER NOT EXISTS {{ GRAPH <{CUR}> {{ ?w <{EKG.curationStatus}> ?ws .
                       FILTER(?ws IN (<{EKG.Rejected}>, <{EKG.Edited}>)) }} }}
  FILTER NOT EXISTS {{ GRAPH ?wg {{ ?w <{DCTERMS.source}> ?wp }}
                       GRAPH ?r {{ ?wp <{EKG.retracted}> true }} }}
}}"""
PAPER_COMMENT = (
    "another paper gives this single-valued property another value; the claim ingested "
    "first stays in the knowledge graph until a curator picks one"
)
CURATOR_COMMENT = (
    "new extraction disagrees with a curator's decision on a single-valued "
    "property; the curator's version stays until a curator reviews this"
)


@dataclass
class Reconciled:
    held: int = 0
    moved: int = 0


def _same_value(a: object, b: object) -> bool:
    """Numbers printed two ways ("44" and "44.0") are one value."""
    if isinstance(a, ox.Literal) and isinstance(b, ox.Literal):
        try:
            return float(a.value) == float(b.value)
        except ValueError:
            return a.value == b.value and a.language == b.language
    return a == b


def _hidden(graphs: Collection[str]) -> str:
    return f"FILTER(?wg NOT IN ({', '.join(f'<{g}>' for g in sorted(graphs))}))" if graphs else ""


def hold_conflicts(
    store: Store, graph: str, hidden: Collection[str] = (), claims: Iterable[str] | None = None
) -> int:
    """Hold back the claims of `graph` that contradict a curator, or a live claim of
    another paper on a property allowed once; returns how many. The claims of the
    `hidden` graphs count as not written yet (papers of the same batch that come later:
    `graph/paper_batches.py`). `claims`, when given, are every claim triple of `graph`
    as N-Triples lines (`knowledge.claim_candidates`), which spares reading them back."""
    fill = {"graph": graph, "hidden": _hidden(hidden)}
    held = 0
    if ask(store, CURATOR_WON):  # CONFLICTS needs one; skipping it saves ~25 ms a paper
        query = CONFLICTS % {**fill, "single": values(single_valued())}
        held = _hold(store, query, CURATOR_COMMENT)
    strict = values(strictly_single_valued())
    if not _may_conflict(store, graph, strict, claims):
        return held
    return held + _hold(store, PAPER_CONFLICTS % {**fill, "single": strict}, PAPER_COMMENT)


def _may_conflict(store: Store, graph: str, strict: str, claims: Iterable[str] | None) -> bool:
    if claims is not None:
        single = strictly_single_valued()
        rows, blank = [], False
        for line in claims:
            s, p, o = line.split(" ", 2)
            if p[1:-1] in single:
                rows.append(f"({line})")
                blank = blank or s.startswith("_:") or o.startswith("_:")
        if not blank:  # VALUES holds no blank nodes
            return bool(rows) and ask(store, MAY_CONFLICT_OF % {"rows": " ".join(rows)})
    return ask(store, MAY_CONFLICT % {"graph": graph, "single": strict})


def _hold(store: Store, query: str, comment: str) -> int:
    found: dict[str, tuple[Any, dict[str, Any]]] = {}
    for row in select(store, query):
        if _same_value(row["o"], row["wo"]):
            continue
        entry = found.setdefault(row["n"].value, (row["o"], {}))
        entry[1][row["w"].value] = row["wo"]
    for claim, (o, winners) in sorted(found.items()):
        action = Action(new_action_iri(), "conflict", targets=[claim], used=sorted(winners))
        action.comment = comment
        action.before = [o]
        action.after = [winners[w] for w in sorted(winners)]
        commit(store, action, render(action, ""))
    return len(found)


def reconcile_paper(
    store: Store, graph: str, hidden: Collection[str] = (), claims: Iterable[str] | None = None
) -> Reconciled:
    """Run after `write_paper(store, graph, quads)`: replay merges on the paper's new
    claims, then hold back the ones that contradict curators (or, on single-valued
    properties, earlier papers; `hidden` names graphs that count as later; `claims` as
    in `hold_conflicts`)."""
    moved = replay_merges(store, graph)
    claims = None if moved else claims  # moved claims are no longer the paper's
    return Reconciled(held=hold_conflicts(store, graph, hidden, claims), moved=moved)
