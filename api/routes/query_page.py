"""The query page: what a browser gets at /sparql. An editor with the prefixes filled
in, the named queries as examples, results as a table and links to download them.
Everything is served by the app (no CDN); every value is escaped by the template."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from graph.curation import labels
from graph.curation.claims import local_name
from graph.query_exec import Answer
from graph.results import rows as rows_of
from graph.store import Store
from ontology.errors import EkgError
from ontology.vocab import EKG, ID, ONTOLOGY_GRAPH, PREFIXES, sparql_prefixes

from ..named_queries import named_queries, named_query
from ..pages import render
from ..query_runner import get_runner
from ..sparql_protocol import ProtocolRequest, make_job, timeout_of
from ..state import get_state, require

router = APIRouter(tags=["sparql"])

DEFAULT_QUERY = (
    sparql_prefixes()
    + """
SELECT ?instrument ?label ?construct WHERE {
  ?instrument a ekg:Instrument ; skos:prefLabel ?label .
  OPTIONAL { ?instrument ekg:measures ?construct }
}
LIMIT 25
"""
)
RESULT_DOWNLOADS = [("JSON", "json"), ("XML", "xml"), ("CSV", "csv"), ("TSV", "tsv")]
GRAPH_DOWNLOADS = [
    ("Turtle", "ttl"),
    ("N-Triples", "nt"),
    ("JSON-LD", "jsonld"),
    ("RDF/XML", "rdfxml"),
]


def short(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and "/" not in iri[len(namespace) :]:
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def cell(term: dict[str, str] | None) -> dict[str, str]:
    """A result term as what the table shows: text, full value, a link for IRIs, and for
    the graph's own nodes a link into the explorer (claims: to their evidence page)."""
    if term is None:
        return {"text": "", "title": "", "href": ""}
    value = term.get("value", "")
    if term.get("type") == "uri":
        describe = "/sparql?" + urlencode({"query": f"DESCRIBE <{value}>"})
        out = {"text": short(value), "title": value, "href": describe, "iri": value}
        if value.startswith(str(ID) + "claim/"):
            out["explore"], out["explore_title"] = (
                "/quote?" + urlencode({"claim": value}),
                "evidence",
            )
        elif value.startswith(str(ID)):
            out["explore"] = "/?" + urlencode({"focus": value})
            out["explore_title"] = "show in the explorer"
        return out
    if term.get("type") == "bnode":
        return {"text": f"_:{value}", "title": "", "href": ""}
    suffix = f"@{term['xml:lang']}" if "xml:lang" in term else ""
    return {"text": value + suffix, "title": term.get("datatype", ""), "href": ""}


def table(answer: Answer) -> tuple[list[str], list[list[dict[str, str]]], bool | None]:
    """(columns, rows, boolean) of an answer in JSON (results) or N-Triples (graphs)."""
    if answer.kind == "graph":
        rows = []
        for t in ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES):
            rows.append([cell(_json_term(term)) for term in (t.subject, t.predicate, t.object)])
        return ["subject", "predicate", "object"], rows, None
    data = json.loads(answer.body)
    if "boolean" in data:
        return [], [], bool(data["boolean"])
    columns = data["head"]["vars"]
    return columns, [[cell(b.get(c)) for c in columns] for b in data["results"]["bindings"]], None


MAX_LABELLED = 2000


def add_labels(store: Store, rows: list[list[dict[str, str]]]) -> None:
    """Put the label of each IRI of the graph beside its prefixed name."""
    iris = list(dict.fromkeys(c["iri"] for row in rows for c in row if c.get("iri")))
    named = labels(store, iris[:MAX_LABELLED]) if iris else {}
    for row in rows:
        for c in row:
            label = named.get(c.get("iri", ""), "")
            if label and label != local_name(c["iri"]) and label != c["text"]:
                c["label"] = label


def _json_term(term: object) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value, "datatype": term.datatype.value}
        if term.language:
            out["xml:lang"] = term.language
        return out
    return {"type": "literal", "value": str(term)}


_terms: list[str] = []


def ontology_terms(store: Store) -> list[str]:
    """The ontology's own classes and properties as prefixed names, for completion."""
    if not _terms:
        found = store.query(
            f"SELECT DISTINCT ?t WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?t a ?k }} "
            f'FILTER(STRSTARTS(STR(?t), "{EKG}")) }}'
        )
        _terms.extend(sorted("ekg:" + r["t"].split("#", 1)[1] for r in rows_of(found)))
    return _terms


def _page(request: Request, query: str, status: int = 200, **context: object) -> HTMLResponse:
    examples = [
        {
            "name": q.name,
            "title": q.title,
            "description": q.description,
            "text": q.text,
            "href": "/sparql?" + urlencode({"query": q.text}),
        }
        for q in named_queries()
    ]
    settings = get_state(request).settings
    return render(
        "query.html",
        status=status,
        query=query,
        examples=examples,
        prefixes={"namespaces": PREFIXES, "terms": ontology_terms(get_state(request).store)},
        max_rows=settings.max_rows,
        query_timeout=settings.query_timeout,
        **context,
    )


def editor(request: Request) -> HTMLResponse:
    return _page(request, DEFAULT_QUERY)


async def results(request: Request, req: ProtocolRequest) -> HTMLResponse:
    """Run the request's query and show its answer (or its error) on the page."""
    state = get_state(request)
    assert req.query is not None
    query = req.query
    try:
        job = make_job(
            state.settings,
            request,
            req,
            None,
            media=("application/sparql-results+json", "application/n-triples"),
        )
        answer = await get_runner(request).run(job, timeout_of(state.settings, req))
    except EkgError as exc:
        return _page(request, query, status=exc.status, error=exc.message)
    columns, rows, boolean = table(answer)
    await run_in_threadpool(add_labels, state.store, rows)
    fields = {k: v[0] for k, v in req.params.items() if k not in ("format", "output") and v}
    fields["query"] = query
    formats = GRAPH_DOWNLOADS if answer.kind == "graph" else RESULT_DOWNLOADS
    downloads = [(label, "/sparql?" + urlencode({**fields, "format": f})) for label, f in formats]
    return _page(
        request,
        query,
        columns=columns,
        rows=rows,
        boolean=boolean,
        truncated=answer.truncated,
        row_count=answer.rows,
        downloads=downloads,
        timeout=req.first("timeout") or "",
    )


@router.get("/queries", summary="The named queries (title, description, text)")
async def list_queries(request: Request) -> list[dict[str, str]]:
    require(get_state(request), request, "reader")
    return [
        {"name": q.name, "title": q.title, "description": q.description, "text": q.text}
        for q in named_queries()
    ]


@router.get("/queries/{name}.rq", summary="One named query as SPARQL text")
async def get_query(request: Request, name: str) -> Response:
    require(get_state(request), request, "reader")
    return Response(named_query(name).text, media_type="application/sparql-query")
