"""The CSV tables of DESIGN.md, built by SPARQL over the store."""

from __future__ import annotations

from ontology.errors import InputError
from ontology.vocab import LEXICON_GRAPH, sparql_prefixes

from .effects_table import EFFECT_COLUMNS, effect_rows
from .evidence import STATS
from .results import rows
from .store import Store

SEP = "; "
P = sparql_prefixes()

STUDIES = (
    P
    + """
SELECT ?study (SAMPLE(?y) AS ?year) (GROUP_CONCAT(DISTINCT ?pid; separator="; ") AS ?paper_id)
  (GROUP_CONCAT(DISTINCT ?designN; separator="; ") AS ?design)
  (GROUP_CONCAT(DISTINCT STR(?nn); separator="; ") AS ?n)
  (GROUP_CONCAT(DISTINCT ?sampleD; separator="; ") AS ?sample)
  (GROUP_CONCAT(DISTINCT ?ivL; separator="; ") AS ?intervention)
  (GROUP_CONCAT(DISTINCT ?ctl; separator="; ") AS ?control)
  (GROUP_CONCAT(DISTINCT ?fu; separator="; ") AS ?follow_up)
  (GROUP_CONCAT(DISTINCT ?instA; separator="; ") AS ?instruments)
  (GROUP_CONCAT(DISTINCT STR(?q); separator="; ") AS ?qualitative)
WHERE {
  ?s a ekg:Study ; rdfs:label ?study .
  OPTIONAL { ?s ekg:year ?y }
  OPTIONAL { ?s ekg:reportedIn/dcterms:identifier ?pid }
  OPTIONAL { ?s ekg:design/skos:notation ?designN }
  OPTIONAL { ?s ekg:sampleSize ?nn }
  OPTIONAL { ?s ekg:sampleDescription ?sampleD }
  OPTIONAL { ?s ekg:evaluates ?iv . OPTIONAL { ?iv ekg:abbreviation ?ivA } OPTIONAL { ?iv skos:prefLabel ?ivP }
             BIND(COALESCE(?ivA, ?ivP, STR(?iv)) AS ?ivL) }
  OPTIONAL { ?s ekg:controlCondition ?ctl }
  OPTIONAL { ?s ekg:followUp ?fu }
  OPTIONAL { ?s ekg:usedInstrument ?inst . OPTIONAL { ?inst ekg:abbreviation ?ia }
             OPTIONAL { ?inst skos:prefLabel ?ip } BIND(COALESCE(?ia, ?ip) AS ?instA) }
  OPTIONAL { ?s ekg:qualitative ?q }
} GROUP BY ?study ORDER BY ?study
"""
)

STAT_COLUMNS = [(c, p) for c, p in STATS.items() if c != "p_comparator"]
_stat_select = " ".join(
    f'(GROUP_CONCAT(DISTINCT STR(?{c}); separator="; ") AS ?{c}_)' for c, _ in STAT_COLUMNS
)
_stat_where = "\n".join(f"  OPTIONAL {{ ?f ekg:{p} ?{c} }}" for c, p in STAT_COLUMNS)
FINDINGS = (
    P
    + f"""
SELECT ?f (SAMPLE(?studyL) AS ?study) (MIN(?ivL) AS ?intervention)
  (SAMPLE(?cL) AS ?construct) (MIN(?iL) AS ?instrument) (SAMPLE(?dirN) AS ?direction)
  (COALESCE(CONCAT(MIN(?ivL), " vs ", MIN(?cpL)), SAMPLE(?cmpN)) AS ?comparison) {_stat_select}
  (SAMPLE(STR(?sig)) AS ?significant) (GROUP_CONCAT(DISTINCT ?pid; separator="; ") AS ?paper_id)
  (SAMPLE(?quote) AS ?evidence) (MAX(?conf) AS ?confidence)
WHERE {{
  ?f a ekg:Finding ; ekg:study/rdfs:label ?studyL .
  OPTIONAL {{ ?f ekg:intervention ?iv . OPTIONAL {{ ?iv ekg:abbreviation ?ivA }}
             OPTIONAL {{ ?iv skos:prefLabel ?ivP }} BIND(COALESCE(?ivA, ?ivP) AS ?ivL) }}
  OPTIONAL {{ ?f ekg:outcome/skos:prefLabel ?cL }}
  OPTIONAL {{ ?f ekg:instrument ?i . OPTIONAL {{ ?i ekg:abbreviation ?ia }}
             OPTIONAL {{ ?i skos:prefLabel ?ip }} BIND(COALESCE(?ia, ?ip) AS ?iL) }}
  OPTIONAL {{ ?f ekg:direction/skos:notation ?dirN }}
  OPTIONAL {{ ?f ekg:comparison/skos:notation ?cmpN }}
  OPTIONAL {{ ?f ekg:comparator ?cp . OPTIONAL {{ ?cp ekg:abbreviation ?cpA }}
             OPTIONAL {{ ?cp skos:prefLabel ?cpP }} BIND(COALESCE(?cpA, ?cpP) AS ?cpL) }}
{_stat_where}
  OPTIONAL {{ ?f ekg:significant ?sig }}
  OPTIONAL {{ ?f ekg:reportedIn/dcterms:identifier ?pid }}
  OPTIONAL {{ ?c ekg:claimSubject ?f ; ekg:claimPredicate rdf:type ; ekg:confidence ?conf ;
             prov:wasDerivedFrom/oa:hasTarget/oa:hasSelector/oa:exact ?quote }}
}} GROUP BY ?f
ORDER BY ?study DESC(?confidence) ?construct ?instrument ?intervention ?comparison ?direction ?evidence ?f
"""
)

INSTRUMENTS = (
    P
    + """
SELECT ?i (GROUP_CONCAT(DISTINCT ?a; separator="; ") AS ?abbrev) (SAMPLE(?n) AS ?name)
  (GROUP_CONCAT(DISTINCT ?cL; separator="; ") AS ?construct)
  (COALESCE(SAMPLE(?cit), SAMPLE(?lexCit)) AS ?citation)
  (GROUP_CONCAT(DISTINCT ?sub; separator="; ") AS ?subscales)
  (GROUP_CONCAT(DISTINCT ?pid; separator="; ") AS ?papers)
WHERE {
  ?i a ekg:Instrument .
  FILTER (EXISTS { ?p ekg:mentions ?i } || NOT EXISTS { ?parent ekg:hasSubscale ?i })
  OPTIONAL { ?i ekg:abbreviation ?a } OPTIONAL { ?i skos:prefLabel ?n }
  OPTIONAL { ?i ekg:measures/skos:prefLabel ?cL }
  OPTIONAL { GRAPH ?cg { ?i ekg:citation ?cit } FILTER(?cg != <LEXICON>) }
  OPTIONAL { GRAPH <LEXICON> { ?i ekg:citation ?lexCit } }
  OPTIONAL { { ?i ekg:hasSubscale/skos:prefLabel ?sub } UNION { ?i ekg:subscaleLabel ?sub } }
  OPTIONAL { ?paper ekg:mentions ?i ; dcterms:identifier ?pid }
} GROUP BY ?i ORDER BY ?abbrev ?name
""".replace("<LEXICON>", f"<{LEXICON_GRAPH}>")
)

INTERVENTIONS = (
    P
    + """
SELECT ?i (GROUP_CONCAT(DISTINCT ?a; separator="; ") AS ?abbrev) (SAMPLE(?n) AS ?name)
  (GROUP_CONCAT(DISTINCT ?d; separator="; ") AS ?duration)
  (GROUP_CONCAT(DISTINCT ?pid; separator="; ") AS ?papers)
WHERE {
  ?i a ekg:Intervention .
  OPTIONAL { ?i ekg:abbreviation ?a } OPTIONAL { ?i skos:prefLabel ?n }
  OPTIONAL { ?i ekg:duration ?d }
  OPTIONAL { ?paper ekg:mentions ?i ; dcterms:identifier ?pid }
} GROUP BY ?i ORDER BY ?abbrev ?name
"""
)

CONSTRUCTS = (
    P
    + """
SELECT ?c (SAMPLE(?n) AS ?name) (GROUP_CONCAT(DISTINCT ?syn; separator="; ") AS ?synonyms)
  (GROUP_CONCAT(DISTINCT ?b; separator="; ") AS ?broader)
  (GROUP_CONCAT(DISTINCT ?pid; separator="; ") AS ?papers)
WHERE {
  ?c a ekg:Construct .
  OPTIONAL { ?c skos:prefLabel ?n } OPTIONAL { ?c skos:altLabel ?syn }
  OPTIONAL { ?c skos:broader/skos:prefLabel ?b }
  OPTIONAL { ?paper ekg:mentions ?c ; dcterms:identifier ?pid }
} GROUP BY ?c ORDER BY ?name
"""
)

TABLES: dict[str, tuple[str, list[str]]] = {
    "studies": (
        STUDIES,
        [
            "study",
            "year",
            "paper_id",
            "design",
            "n",
            "sample",
            "intervention",
            "control",
            "follow_up",
            "instruments",
            "qualitative",
        ],
    ),
    "findings": (
        FINDINGS,
        [
            "study",
            "intervention",
            "construct",
            "instrument",
            "direction",
            "comparison",
            *[c + "_" for c, _ in STAT_COLUMNS],
            "significant",
            "paper_id",
            "evidence",
        ],
    ),
    "instruments": (
        INSTRUMENTS,
        ["abbrev", "name", "construct", "citation", "subscales", "papers"],
    ),
    "interventions": (INTERVENTIONS, ["abbrev", "name", "duration", "papers"]),
    "constructs": (CONSTRUCTS, ["name", "synonyms", "broader", "papers"]),
    "effects": ("", EFFECT_COLUMNS),  # computed in Python (graph/effects.py), not by a query
}


def table_rows(store: Store, name: str) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of one table."""
    if name not in TABLES:
        raise InputError(f"unknown table '{name}'; choose one of {', '.join(TABLES)}")
    query, columns = TABLES[name]
    if name == "effects":
        return columns, effect_rows(store)
    header = [c.rstrip("_") for c in columns]
    return header, [[r.get(c, "") for c in columns] for r in rows(store.query(query))]
