"""Where the evidence views get a node's findings: the findings table of the current
revision when it is ready (`graph/evidence_table.py`, kept and saved like the other
whole-graph summaries), else `findings_for` on the store, which answers the same, slower.
A request never waits for the table: the first that finds none starts building it."""

from __future__ import annotations

import logging
import threading

from graph.evidence import Finding, findings_for
from graph.evidence_table import FindingsTable
from graph.sparql_terms import iri_ref

from .persisted import persisted
from .state import AppState

log = logging.getLogger("ekg.views")
_tables: dict[int, tuple[int, FindingsTable]] = {}
_lock = threading.Lock()  # one build at a time
_building: set[int] = set()
_starting = threading.Lock()


def findings_table(state: AppState) -> FindingsTable:
    """The table of the current revision, built (or read from disk) once per revision."""
    with _lock:
        revision = state.revision
        hit = _tables.get(id(state))
        if hit is not None and hit[0] == revision:
            return hit[1]
        table = persisted(state, "findings-table", lambda: FindingsTable.build(state.store))
        _tables[id(state)] = (revision, table)
        return table


def ready_table(state: AppState) -> FindingsTable | None:
    """The table if it is ready for the current revision; else None, and a thread builds it."""
    hit = _tables.get(id(state))
    if hit is not None and hit[0] == state.revision:
        return hit[1]
    with _starting:
        if id(state) in _building:
            return None
        _building.add(id(state))
        threading.Thread(target=_build, args=(state,), name="findings-table", daemon=True).start()
    return None


def _build(state: AppState) -> None:
    try:
        findings_table(state)
    except Exception:  # the views answer from the store meanwhile
        log.exception("building the findings table failed")
    finally:
        _building.discard(id(state))


def findings(
    state: AppState,
    *,
    construct: str = "",
    intervention: str = "",
    study: str = "",
    instrument: str = "",
) -> list[Finding]:
    """What `findings_for` answers on the app's store, from the table when it is ready."""
    for iri in (construct, study, instrument):
        if iri:
            iri_ref(iri)  # an InputError naming it, as the store's path gives
    table = ready_table(state)
    if table is not None:
        return table.select(
            construct=construct, intervention=intervention, study=study, instrument=instrument
        )
    return findings_for(
        state.store,
        construct=construct,
        intervention=intervention,
        study=study,
        instrument=instrument,
    )
