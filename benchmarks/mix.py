"""The query mix of the endpoint benchmark: twelve kinds of query a user or a tool sends.

Each kind is a template filled with a random study, construct or intervention, so no two
requests need be the same text (a result cache must not make the numbers). `LOOKUP` and
`RUNAWAY` are the probes of the latency tests: a cheap lookup and a query that runs
until its time limit.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from synthetic import EKG, ID, INTERVENTIONS, TIERS

P = f"""PREFIX ekg: <{EKG}>
PREFIX id: <{ID}>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dct: <http://purl.org/dc/terms/>
"""

Template = Callable[[random.Random, int], str]


def _s(rng: random.Random, studies: int) -> int:
    return rng.randrange(studies)


MIX: dict[str, Template] = {
    "label-lookup": lambda r, n: (
        P + f'SELECT ?s WHERE {{ ?s rdfs:label "Author{_s(r, n)} et al. {2000 + _s(r, n) % 24}" }}'
    ),
    "describe-study": lambda r, n: P + f"SELECT ?p ?o WHERE {{ <{ID}study/s{_s(r, n)}> ?p ?o }}",
    "findings-of-construct": lambda r, n: (
        P
        + f"""SELECT ?f ?study ?direction WHERE {{
        ?f ekg:outcome <{ID}construct/c{r.randrange(150)}> ; ekg:study ?study ;
           ekg:direction ?direction }}"""
    ),
    "study-with-optionals": lambda r, n: (
        P
        + f"""SELECT ?study ?label ?n ?paperId WHERE {{
        ?study ekg:evaluates <{ID}intervention/v{r.randrange(INTERVENTIONS)}> ; rdfs:label ?label .
        OPTIONAL {{ ?study ekg:sampleSize ?n }}
        OPTIONAL {{ ?study ekg:reportedIn ?paper . ?paper dct:identifier ?paperId }} }}"""
    ),
    "regex-label": lambda r, n: (
        P
        + f"""SELECT ?study ?label WHERE {{ ?study a ekg:Study ; rdfs:label ?label .
        FILTER(REGEX(?label, "^Author{r.randrange(10, 99)}[0-9] ")) }}"""
    ),
    "designs-histogram": lambda r, n: (
        P
        + """SELECT ?design (COUNT(?s) AS ?n) WHERE {
        ?s a ekg:Study ; ekg:design ?design } GROUP BY ?design"""
    ),
    "directions-per-intervention": lambda r, n: (
        P
        + f"""SELECT ?direction (COUNT(?f) AS ?n) (AVG(?p) AS ?meanP) WHERE {{
        ?f ekg:intervention <{ID}intervention/v{r.randrange(INTERVENTIONS)}> ;
           ekg:direction ?direction ; ekg:pValue ?p }} GROUP BY ?direction"""
    ),
    "evidence-path": lambda r, n: (
        P
        + f"""SELECT ?claim ?text WHERE {{
        ?claim ekg:claimSubject <{ID}finding/s{_s(r, n)}-{r.randrange(3)}> ;
               prov:wasDerivedFrom/oa:hasTarget/oa:hasSelector/oa:exact ?text }}"""
    ),
    "evidence-in-graphs": lambda r, n: (
        P
        + f"""SELECT ?g ?claim WHERE {{ GRAPH ?g {{
        ?claim ekg:claimSubject ?f }} ?f ekg:study <{ID}study/s{_s(r, n)}> }}"""
    ),
    "recent-large-studies": lambda r, n: (
        P
        + f"""SELECT ?study ?year ?n WHERE {{
        ?study ekg:evaluates <{ID}intervention/v{r.randrange(INTERVENTIONS)}> ;
               ekg:year ?year ; ekg:sampleSize ?n . FILTER(?year >= 2015 && ?n > 200) }}
        ORDER BY DESC(?n) LIMIT 20"""
    ),
    "ask-finding": lambda r, n: (
        P + f"ASK {{ <{ID}finding/s{_s(r, n)}-0> ekg:direction ekg:Increase }}"
    ),
    "instrument-construct-map": lambda r, n: (
        P
        + """SELECT ?i ?abbrev ?clabel WHERE { ?i a ekg:Instrument ; ekg:abbreviation ?abbrev ;
        ekg:measures ?c . ?c skos:prefLabel ?clabel }"""
    ),
}

TINY = "ASK {}"
RUNAWAY = P + "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"


def lookup(rng: random.Random, studies: int) -> str:
    return MIX["describe-study"](rng, studies)


def studies_of(tier: str) -> int:
    return TIERS[tier]
