"""Read-only pages, public like every read: one statement's evidence (the quote
highlighted in its paragraph), a paper, a study."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from graph import curation as cur
from graph.evidence import finding_dict, findings_for, load_studies
from graph.results import rows
from graph.sparql_terms import iri_ref
from graph.store import Store
from graph.synthesis import quality_flags
from ontology.errors import NotFoundError
from ontology.vocab import sparql_prefixes

from ..pages import render
from ..state import get_state, require

router = APIRouter(tags=["pages"])
Iri = Annotated[str, Query(description="IRI", max_length=2000)]
P = sparql_prefixes()
PAPER = (
    P
    + """
SELECT ?paper ?pid ?title ?year ?authors ?doi ?type ?retracted WHERE {
  %s
  ?paper a ekg:Paper ; dcterms:identifier ?pid .
  OPTIONAL { ?paper dcterms:title ?title } OPTIONAL { ?paper ekg:year ?year }
  OPTIONAL { ?paper ekg:authorList ?authors } OPTIONAL { ?paper bibo:doi ?doi }
  OPTIONAL { ?paper ekg:paperType ?type } OPTIONAL { ?paper ekg:retracted ?retracted }
} LIMIT 1
"""
)
EXTRACTOR = (
    P
    + """
SELECT ?name ?version ?time WHERE {
  %s prov:wasGeneratedBy ?act . ?act prov:wasAssociatedWith ?agent .
  OPTIONAL { ?agent rdfs:label ?name } OPTIONAL { ?agent ekg:version ?version }
  OPTIONAL { ?act prov:endedAtTime ?time }
} LIMIT 1
"""
)
PAPER_STUDIES = (
    P
    + """
SELECT DISTINCT ?s WHERE { ?s ekg:reportedIn %s }
"""
)


def paper_info(store: Store, *, iri: str = "", paper_id: str = "") -> dict[str, str]:
    where = (
        f"BIND({iri_ref(iri)} AS ?paper)"
        if iri
        else f"?paper dcterms:identifier {_literal(paper_id)} ."
    )
    found = rows(store.query(PAPER % where))
    if not found:
        raise NotFoundError(f"no paper '{iri or paper_id}' in the graph; see /curation/papers")
    info = found[0]
    if info["doi"]:
        info["doi_url"] = "https://doi.org/" + info["doi"].removeprefix("https://doi.org/")
    return info


def _literal(text: str) -> str:
    import json

    return json.dumps(text)


def quote_data(store: Store, claim: str) -> dict[str, Any]:
    view = cur.get_claim(store, claim)
    labels = cur.labels(store, [view.subject.value, view.predicate.value, view.object.value])
    extractor = rows(store.query(EXTRACTOR % iri_ref(view.iri)))
    return {
        "claim": view,
        "labels": labels,
        "paper": paper_info(store, iri=view.paper) if view.paper else None,
        "extractor": extractor[0] if extractor else None,
        "history": cur.claim_history(store, view.iri),
    }


@router.get(
    "/quote",
    response_class=HTMLResponse,
    summary="Evidence page: a statement's quote in its paragraph",
)
async def quote_page(request: Request, claim: Iri) -> HTMLResponse:
    state = get_state(request)
    require(state, request, "reader")
    data = await run_in_threadpool(quote_data, state.store, claim)
    return render("quote.html", **data)


def paper_data(store: Store, paper_id: str) -> dict[str, Any]:
    info = paper_info(store, paper_id=paper_id)
    study_iris = [r["s"] for r in rows(store.query(PAPER_STUDIES % iri_ref(info["paper"])))]
    studies = sorted(load_studies(store, study_iris).values(), key=lambda s: s.label)
    return {"paper": info, "studies": studies}


@router.get("/paper", response_class=HTMLResponse, summary="A paper: metadata and its studies")
async def paper_page(request: Request, id: Annotated[str, Query(max_length=300)]) -> HTMLResponse:
    state = get_state(request)
    require(state, request, "reader")
    return render("paper.html", **await run_in_threadpool(paper_data, state.store, id))


def study_data(store: Store, iri: str) -> dict[str, Any]:
    studies = load_studies(store, [iri])
    if iri not in studies:
        raise NotFoundError(
            f"no study '{iri}' in the graph; find studies at /map or in the explorer"
        )
    study = studies[iri]
    found = findings_for(store, study=iri)
    return {
        "study": study,
        "papers": [paper_info(store, paper_id=pid) for pid in study.papers],
        "quality": quality_flags(study),
        "findings": [finding_dict(f) for f in found],
    }


@router.get(
    "/study", response_class=HTMLResponse, summary="A study: design, arms, instruments, findings"
)
async def study_page(request: Request, iri: Iri) -> HTMLResponse:
    state = get_state(request)
    require(state, request, "reader")
    return render("study.html", **await run_in_threadpool(study_data, state.store, iri))
