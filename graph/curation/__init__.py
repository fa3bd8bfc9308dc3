"""Curation: curators accept, reject, edit and add claims, merge and split nodes, retract
papers and revert any of it; every action is a PROV activity in `graph/curation`, and
the knowledge graph follows. Callers that write hold the app's write lock.

Call `reconcile_paper(store, graph)` after `write_paper` so that re-extraction never
overrides a curator (see `reconcile`).
"""

from __future__ import annotations

from .actions import (
    accept,
    add,
    edit,
    etag_matches,
    get_action,
    paper_actions,
    paper_etag,
    paper_node,
    reject,
    retract,
    revert,
)
from .claim_index import ClaimIndex
from .claims import ClaimView, Evidence, Term, get_claim, labels, load_claims
from .history import HistoryEntry, HistoryPage, claim_history, entity_history, entries, full_history
from .log import Action, action_etag
from .merge import EntityView, MergePlan, describe_entity, entity_etag, merge, plan_merge, split
from .options import PredicateInfo, choices, predicates, single_valued
from .queue import QueueFilter, QueuePage, held_claims, papers, review_queue
from .reconcile import Reconciled, reconcile_paper
from .terms import action_from_key, claim_from_key, iri, literal

__all__ = [
    "Action",
    "ClaimIndex",
    "ClaimView",
    "EntityView",
    "Evidence",
    "HistoryEntry",
    "HistoryPage",
    "MergePlan",
    "PredicateInfo",
    "QueueFilter",
    "QueuePage",
    "Reconciled",
    "Term",
    "accept",
    "action_etag",
    "action_from_key",
    "add",
    "choices",
    "claim_from_key",
    "claim_history",
    "describe_entity",
    "edit",
    "entity_etag",
    "entity_history",
    "entries",
    "etag_matches",
    "full_history",
    "get_action",
    "get_claim",
    "held_claims",
    "iri",
    "labels",
    "literal",
    "load_claims",
    "merge",
    "paper_actions",
    "paper_etag",
    "paper_node",
    "papers",
    "plan_merge",
    "predicates",
    "reconcile_paper",
    "reject",
    "retract",
    "review_queue",
    "revert",
    "single_valued",
    "split",
]
