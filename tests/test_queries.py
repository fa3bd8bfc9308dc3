"""The named queries in queries/*.rq: documented, and answering what their header says,
on a small graph written here after docs/model.md and on the example papers served."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from api.named_queries import QUERIES, named_queries
from ontology.vocab import CURATION_GRAPH, KNOWLEDGE_GRAPH, LEXICON_GRAPH, PAPER_GRAPH_PREFIX
from tests import test_browser
from tests.conftest import Server

DOCS = Path(__file__).resolve().parents[1] / "docs" / "sparql.md"
ID = "https://w3id.org/evidence-kg/id/"
PAPER = PAPER_GRAPH_PREFIX + "review_a"

# A review reporting two studies; one finding each; an instrument the lexicon does not
# know (a candidate), one claim about it rejected by a curator, one still to review.
DATASET = f"""
@prefix ekg: <https://w3id.org/evidence-kg/ontology#> .
@prefix id: <{ID}> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .

<{LEXICON_GRAPH}> {{
  id:construct\\/self-compassion a ekg:Construct ; skos:prefLabel "self-compassion" .
  id:construct\\/burnout a ekg:Construct ; skos:prefLabel "burnout" .
  id:instrument\\/scs a ekg:Instrument ; skos:prefLabel "Self-Compassion Scale" ;
      ekg:abbreviation "SCS" ; ekg:measures id:construct\\/self-compassion .
  id:intervention\\/msc a ekg:Intervention ; skos:prefLabel "Mindful Self-Compassion" ;
      ekg:abbreviation "MSC" .
  ekg:RandomisedControlled skos:notation "randomised-controlled" .
  ekg:PrePost skos:notation "pre-post" .
  ekg:Increase skos:notation "increase" .
  ekg:Decrease skos:notation "decrease" .
  ekg:VersusControl skos:notation "vs control" .
}}

<{KNOWLEDGE_GRAPH}> {{
  id:paper\\/review_a a ekg:Paper ; dcterms:identifier "review_a" ;
      ekg:mentions id:instrument\\/scs, id:instrument\\/bcs .
  id:instrument\\/bcs a ekg:Instrument ; skos:prefLabel "Burnout Check Scale" ;
      ekg:measures id:construct\\/burnout ; ekg:isCandidate true ;
      ekg:definedIn id:paper\\/review_a .
  id:study\\/smith-2015 a ekg:Study ; rdfs:label "Smith et al. 2015" ; ekg:year 2015 ;
      ekg:design ekg:RandomisedControlled ; ekg:sampleSize 48 ;
      ekg:sampleDescription "Oncology nurses" ; ekg:evaluates id:intervention\\/msc ;
      ekg:controlCondition "wait-list" ; ekg:usedInstrument id:instrument\\/scs ;
      ekg:reportedIn id:paper\\/review_a .
  id:study\\/jones-2018 a ekg:Study ; rdfs:label "Jones 2018" ; ekg:year 2018 ;
      ekg:design ekg:PrePost ; ekg:sampleSize 22 ; ekg:evaluates id:intervention\\/msc ;
      ekg:usedInstrument id:instrument\\/bcs ; ekg:reportedIn id:paper\\/review_a .
  id:finding\\/f1 a ekg:Finding ; ekg:study id:study\\/smith-2015 ;
      ekg:intervention id:intervention\\/msc ; ekg:outcome id:construct\\/self-compassion ;
      ekg:instrument id:instrument\\/scs ; ekg:direction ekg:Increase ;
      ekg:comparison ekg:VersusControl ; ekg:pValue 0.01 ; ekg:significant true ;
      ekg:reportedIn id:paper\\/review_a .
  id:finding\\/f2 a ekg:Finding ; ekg:study id:study\\/jones-2018 ;
      ekg:intervention id:intervention\\/msc ; ekg:outcome id:construct\\/burnout ;
      ekg:direction ekg:Decrease ; ekg:reportedIn id:paper\\/review_a .
}}

<{PAPER}> {{
  id:claim\\/c1 a ekg:Claim ; ekg:claimSubject id:finding\\/f1 ;
      ekg:claimPredicate rdf:type ; ekg:claimObject ekg:Finding ;
      prov:wasDerivedFrom id:evidence\\/e1 .
  id:evidence\\/e1 a ekg:Evidence ; oa:hasTarget id:evidence\\/e1-target .
  id:evidence\\/e1-target oa:hasSelector id:evidence\\/e1-quote .
  id:evidence\\/e1-quote a oa:TextQuoteSelector ; oa:exact "self-compassion rose after MSC" .
  id:claim\\/c2 a ekg:Claim ; ekg:claimSubject id:instrument\\/bcs ;
      ekg:claimPredicate ekg:isCandidate ; ekg:claimObject true .
  id:claim\\/c3 a ekg:Claim ; ekg:claimSubject id:instrument\\/bcs ;
      ekg:claimPredicate ekg:measures ; ekg:claimObject id:construct\\/burnout .
}}

<{CURATION_GRAPH}> {{
  id:claim\\/c3 ekg:curationStatus ekg:Rejected .
}}
"""


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    s.load(DATASET.encode(), format=ox.RdfFormat.TRIG)
    return s


def run(store: ox.Store, name: str) -> list[dict[str, str]]:
    query = next(q for q in named_queries() if q.name == name)
    result = store.query(query.text, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: (s[n].value if s[n] is not None else "") for n in names} for s in result]


def test_every_named_query_says_what_it_answers() -> None:
    queries = named_queries()
    assert {q.name for q in queries} >= {
        "instruments-per-construct",
        "studies-per-construct",
        "evidence-intervention-construct",
        "review-studies-table",
        "candidates-awaiting-curation",
    }
    docs = DOCS.read_text(encoding="utf-8")
    for q in queries:
        assert q.title and len(q.description) > 40, f"{q.name} needs a comment header"
        assert f"{q.name}.rq" in docs, f"docs/sparql.md does not describe {q.name}.rq"
    assert QUERIES.is_dir()


def test_instruments_per_construct(store: ox.Store) -> None:
    rows = run(store, "instruments-per-construct")
    pairs = {(r["constructLabel"], r["abbreviations"] or r["instrumentLabel"]) for r in rows}
    assert pairs == {("self-compassion", "SCS"), ("burnout", "Burnout Check Scale")}
    candidate = next(r for r in rows if r["constructLabel"] == "burnout")
    assert candidate["candidate"] == "true" and candidate["papers"] == "1"


def test_studies_per_construct(store: ox.Store) -> None:
    rows = run(store, "studies-per-construct")
    found = {(r["constructLabel"], r["studyLabel"], r["design"], r["n"]) for r in rows}
    assert found == {
        ("self-compassion", "Smith et al. 2015", "randomised-controlled", "48"),
        ("burnout", "Jones 2018", "pre-post", "22"),
    }


def test_evidence_for_an_intervention_and_a_construct(store: ox.Store) -> None:
    rows = run(store, "evidence-intervention-construct")
    first = next(r for r in rows if r["constructLabel"] == "self-compassion")
    assert first["interventionLabel"] == "MSC" and first["instrument"] == "SCS"
    assert (first["direction"], first["comparison"], first["p"]) == (
        "increase",
        "vs control",
        "0.01",
    )
    assert first["evidence"] == "self-compassion rose after MSC"
    assert first["significant"] == "true" and first["papers"] == "review_a"
    one_pair = next(q for q in named_queries() if q.name == "evidence-intervention-construct")
    pinned = one_pair.text.replace(
        "(UNDEF UNDEF)", f"(<{ID}intervention/msc> <{ID}construct/burnout>)"
    )
    result = store.query(pinned, use_default_graph_as_union=True)
    assert [s["direction"].value for s in result] == ["decrease"]  # type: ignore[index,union-attr]


def test_review_studies_table(store: ox.Store) -> None:
    rows = run(store, "review-studies-table")
    assert [(r["study"], r["year"], r["design"], r["n"]) for r in rows] == [
        ("Smith et al. 2015", "2015", "randomised-controlled", "48"),
        ("Jones 2018", "2018", "pre-post", "22"),
    ]
    smith = rows[0]
    assert (smith["sample"], smith["intervention"], smith["control"], smith["instruments"]) == (
        "Oncology nurses",
        "MSC",
        "wait-list",
        "SCS",
    )


def test_candidates_awaiting_curation(store: ox.Store) -> None:
    rows = run(store, "candidates-awaiting-curation")
    assert len(rows) == 1
    row = rows[0]
    assert row["label"] == "Burnout Check Scale" and row["papers"] == "review_a"
    assert row["claimsToReview"] == "1"  # c2; c3 was rejected by a curator
    store.update(
        f"INSERT DATA {{ GRAPH <{CURATION_GRAPH}> {{ <{ID}claim/c2> "
        "<https://w3id.org/evidence-kg/ontology#curationStatus> "
        "<https://w3id.org/evidence-kg/ontology#Accepted> } }"
    )
    try:
        assert run(store, "candidates-awaiting-curation") == []
    finally:
        store.update(f"CLEAR GRAPH <{CURATION_GRAPH}>")


@pytest.mark.parametrize("name", [q.name for q in named_queries()])
def test_named_queries_run_on_the_example_papers(example_server: Server, name: str) -> None:
    query = next(q for q in named_queries() if q.name == name)
    with example_server.client() as c:
        response = c.post(
            "/sparql",
            data={"query": query.text},
            headers={"Accept": "application/sparql-results+json"},
        )
        listed = c.get("/queries").json()
        text = c.get(f"/queries/{name}.rq")
    assert response.status_code == 200, response.text
    rows = response.json()["results"]["bindings"]
    if name != "candidates-awaiting-curation":  # the examples may hold no candidate
        assert rows, f"{name} found nothing in the example papers"
    assert name in {q["name"] for q in listed}
    assert text.headers["content-type"].startswith("application/sparql-query")


@pytest.mark.browser
def test_query_page_runs_an_example_offline(browser: object, example_server: Server) -> None:
    page, blocked = test_browser.offline_page(browser, example_server)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))  # type: ignore[attr-defined]
    page.goto(example_server.url + "/sparql")  # type: ignore[attr-defined]
    assert "PREFIX ekg:" in page.input_value("#query")  # type: ignore[attr-defined]
    studies = next(i for i, q in enumerate(named_queries()) if q.name == "studies-per-construct")
    page.click(f"[data-example='{studies}']")  # type: ignore[attr-defined]
    assert "ekg:usedInstrument" in page.input_value("#query")  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("#results tbody tr")  # type: ignore[attr-defined]
    rows = page.locator("#results tbody tr").count()  # type: ignore[attr-defined]
    csv_link = page.get_attribute("#downloads a:text('CSV')", "href")  # type: ignore[attr-defined]
    assert rows > 0 and csv_link and "format=csv" in csv_link
    assert not blocked and not errors
