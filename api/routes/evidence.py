"""The evidence view: a construct (or intervention × construct), its measures, every
finding with its study, numbers and evidence, the forest plot and the pooled effect."""

from __future__ import annotations

import threading
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from pydantic_core import to_json

from graph.evidence import finding_dict, is_iri, summary
from graph.meta import preload
from graph.results import rows
from graph.sparql_terms import iri_ref
from graph.store import Store
from graph.synthesis import pooled_by_kind, quality_flags
from ontology import vocab
from ontology.errors import InputError
from ontology.vocab import sparql_prefixes

from ..findings_source import findings
from ..forest import forest_layout
from ..pages import render
from ..state import AppState, get_state, require
from ..view_cache import cached

router = APIRouter(tags=["evidence"])
# the app is being built: import statsmodels and PyMARE now, not on the first evidence view
threading.Thread(target=preload, name="preload-pooling", daemon=True).start()
Iri = Annotated[str, Query(description="IRI of the node", max_length=2000)]
MEASURES = (
    sparql_prefixes()
    + """
SELECT ?i ?label ?abbrev ?facet ?facetL ?parent WHERE {
  { ?i ekg:measures %(c)s } UNION { ?facet skos:broader %(c)s . OPTIONAL { ?facet skos:prefLabel ?facetL }
    OPTIONAL { ?i ekg:measures ?facet } }
  OPTIONAL { ?i skos:prefLabel ?label } OPTIONAL { ?i ekg:abbreviation ?abbrev }
  OPTIONAL { ?parent ekg:hasSubscale ?i }
}
"""
)
LABEL = (
    sparql_prefixes()
    + """SELECT (SAMPLE(?n) AS ?l) (SAMPLE(?ab) AS ?a) WHERE {
  { %(x)s skos:prefLabel|rdfs:label ?n } UNION { %(x)s ekg:abbreviation ?ab } }"""
)
DESIGNS = tuple(vocab.DESIGNS)  # the notations a design filter takes


def label_of(store: Store, iri: str) -> str:
    if not is_iri(iri):
        return iri  # an intervention written as text, e.g. 'MBSR vs wait-list'
    found = rows(store.query(LABEL % {"x": iri_ref(iri)}))
    name, abbrev = (found[0]["l"], found[0]["a"]) if found else ("", "")
    if name and abbrev and abbrev.lower() != name.lower():
        return f"{name} ({abbrev})"
    return name or abbrev or iri.rsplit("/", 1)[-1]


def measures_of(store: Store, construct: str) -> dict[str, list[dict[str, str]]]:
    """Instruments measuring the construct; facets with the subscales measuring them."""
    instruments: dict[str, dict[str, str]] = {}
    facets: dict[str, dict[str, Any]] = {}
    for r in rows(store.query(MEASURES % {"c": iri_ref(construct)})):
        entry = {"iri": r["i"], "label": r["abbrev"] or r["label"], "name": r["label"]}
        if r["facet"]:
            f = facets.setdefault(
                r["facet"], {"iri": r["facet"], "label": r["facetL"], "measures": []}
            )
            if r["i"] and entry not in f["measures"]:
                f["measures"].append(entry)
        elif r["i"] and not r["parent"]:
            instruments[r["i"]] = entry
        elif r["i"]:
            instruments.setdefault(r["i"], {**entry, "subscale": "true"})
    return {
        "instruments": sorted(instruments.values(), key=lambda e: e["label"].lower()),
        "facets": sorted(facets.values(), key=lambda e: str(e["label"]).lower()),
    }


STATUSES = ("extracted", "accepted", "edited", "curator-added", "reviewed")


def evidence_cached(
    state: AppState, construct: str, intervention: str, design: str, method: str, status: str = ""
) -> dict[str, Any]:
    key = ("evidence", construct, intervention, design, method, status)
    return cached(
        state,
        key,
        lambda: evidence_data(state, construct, intervention, design, method, status),
    )


def keep_status(status: str, wanted: str) -> bool:
    """`reviewed`: any curator decision that keeps the statement (accepted, edited, added)."""
    if not wanted:
        return True
    if wanted == "reviewed":
        return status in ("accepted", "edited", "curator-added")
    return status == wanted


def evidence_data(
    state: AppState, construct: str, intervention: str, design: str, method: str, status: str = ""
) -> dict[str, Any]:
    if not construct and not intervention:
        raise InputError("give construct=IRI, intervention=IRI or both (see /map for links)")
    if design and design not in DESIGNS:
        raise InputError(f"unknown design '{design}'; choose one of {', '.join(DESIGNS)}")
    if status and status not in STATUSES:
        raise InputError(f"unknown curation status '{status}'; choose one of {', '.join(STATUSES)}")
    store = state.store
    found = findings(state, construct=construct, intervention=intervention)
    if design:
        found = [f for f in found if f.study.design == design]
    found = [f for f in found if keep_status(f.status, status)]
    studies = {f.study.iri: f.study for f in found}
    return {
        "construct": {"iri": construct, "label": label_of(store, construct)} if construct else None,
        "intervention": {"iri": intervention, "label": label_of(store, intervention)}
        if intervention
        else None,
        "design": design or None,
        "status": status or None,
        "measures": measures_of(store, construct) if construct else None,
        "summary": summary(found),
        "findings": [finding_dict(f) for f in found],
        "pooled": pooled_by_kind(found, method),
        "method": method,
        "quality": {iri: quality_flags(s) for iri, s in studies.items()},
    }


@router.get("/api/evidence", summary="The evidence for a construct or intervention × construct")
async def evidence_api(
    request: Request,
    construct: Iri = "",
    intervention: Iri = "",
    design: str = "",
    method: str = "REML",
    status: Annotated[
        str, Query(description="extracted, accepted, edited, curator-added or reviewed")
    ] = "",
) -> Response:
    state = get_state(request)
    require(state, request, "reader")
    body = await run_in_threadpool(
        evidence_json, state, construct, intervention, design, method, status
    )
    return Response(body, media_type="application/json")


def evidence_json(
    state: AppState, construct: str, intervention: str, design: str, method: str, status: str
) -> bytes:
    """The view's JSON, kept (encoded: a construct's is ~0.6 MB at 1M quads) per revision."""
    key = ("evidence-json", construct, intervention, design, method, status)
    return cached(
        state,
        key,
        lambda: to_json(evidence_data(state, construct, intervention, design, method, status)),
    )


@router.get("/evidence", response_class=HTMLResponse, summary="Evidence view (page)")
async def evidence_page(
    request: Request,
    construct: Iri = "",
    intervention: Iri = "",
    design: str = "",
    method: str = "REML",
    status: str = "",
) -> HTMLResponse:
    state = get_state(request)
    require(state, request, "reader")
    data = await run_in_threadpool(
        evidence_cached, state, construct, intervention, design, method, status
    )
    forests = {}
    for kind, group in data["pooled"].items():
        chosen = set(group["findings"])
        plotted = [
            {
                "yi": f["effect"]["yi"],
                "vi": f["effect"]["vi"],
                "ci": f["effect"]["ci"],
                "label": f"{f['study']['label']} · {f['instrument']['label'] or f['construct']['label']}",
                "claim": f["claim"],
                "mark": f["effect"]["mark"],
                "pooled": f["iri"] in chosen,
            }
            for f in data["findings"]
            if f["effect"] and f["effect"]["kind"] == kind
        ]
        forests[kind] = forest_layout(plotted, group["pooled"])
    return render("evidence.html", data=data, forests=forests, designs=DESIGNS, statuses=STATUSES)
