"""Every finding of the store with its study, numbers, evidence and effect, read once.

`findings_for` asks the store for one node's findings in ten bounded queries (a
construct at a million quads: ~350 findings, ~6,000 rows, 0.1-0.3 s of CPU). The evidence
views ask for node after node, so the api keeps this table per store revision instead:
it reads the same facts as scans of one property each (`graph/scans.py`), assembles them
with the same code (`findings_from`, `studies_from`, `claims_onto`, `with_effects`), and
answers `select(construct=..., ...)` from its indexes with what `findings_for` answers.

    table = FindingsTable.build(store)
    table.select(construct="https://w3id.org/evidence-kg/id/construct/c1")
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from ontology.vocab import sparql_prefixes

from .evidence import (
    LINKS,
    STATS,
    Facts,
    Finding,
    claims_onto,
    finding_order,
    findings_from,
    flag_conflicts,
    is_iri,
    studies_from,
    with_effects,
)
from .results import solutions, term_text
from .store import Store

P = sparql_prefixes()
SCAN = P + "SELECT ?x ?v WHERE { ?x %s ?v }"
FINDINGS = P + "SELECT DISTINCT ?x WHERE { ?x a ekg:Finding }"
FINDING_PROPS = [f"ekg:{p}" for p in (*LINKS, "significant", *STATS.values())]
STUDY_PROPS = ["rdfs:label"] + [
    f"ekg:{p}"
    for p in (
        "year",
        "sampleSize",
        "controlCondition",
        "sampleDescription",
        "followUp",
        "design",
        "reportedIn",
        "usedInstrument",
        "hasArm",
    )
]
OBJECT_PROPS = [
    "skos:notation",
    "dcterms:identifier",
    "ekg:abbreviation",
    "skos:prefLabel",
    "ekg:armRole",
    "ekg:armSize",
]
CLAIMS = (
    P
    + """SELECT ?f ?claim ?paper WHERE {
  ?claim ekg:claimPredicate rdf:type . ?claim ekg:claimSubject ?f . ?claim dcterms:source ?paper }"""
)
STATUSES = P + "SELECT ?claim ?v WHERE { ?claim ekg:curationStatus ?st . ?st skos:notation ?v }"
# the filters of `findings_for`, each an exact match of a term: (property, IRI or literal)
INDEXED = {"study": "study", "instrument": "instrument", "construct": "outcome"}
Key = tuple[str, bool]  # a term's lexical value, and whether it is an IRI


def _local(prop: str) -> str:
    return prop.split(":", 1)[1]


def _key(term: object) -> Key | None:
    """How `findings_for` matches a value: an IRI, or a plain string (json.dumps of the
    text); other literals (with a language or a datatype) never match."""
    if isinstance(term, ox.NamedNode):
        return term.value, True
    if (
        isinstance(term, ox.Literal)
        and term.language is None
        and term.datatype.value.endswith("#string")
    ):
        return term.value, False
    return None


class FindingsTable:
    """The findings in `findings_for`'s order, indexed by each term a filter matches."""

    def __init__(self, findings: list[Finding], index: dict[str, dict[Key, list[int]]]) -> None:
        self.findings = findings
        self.index = index

    @classmethod
    def build(cls, store: Store) -> FindingsTable:
        ids = [term_text(s["x"]) for s in solutions(store.query(FINDINGS), "FindingsTable")]
        wanted = set(ids)
        facts: Facts = defaultdict(lambda: defaultdict(list))
        index: dict[str, dict[Key, set[str]]] = {
            "study": defaultdict(set),
            "instrument": defaultdict(set),
            "outcome": defaultdict(set),
            "intervention": defaultdict(set),
        }
        for prop in FINDING_PROPS:
            name = _local(prop)
            for s in solutions(store.query(SCAN % prop), "FindingsTable"):
                x = term_text(s["x"])
                if x not in wanted:
                    continue
                facts[x][name].append(term_text(s["v"]))
                if name in index:
                    key = _key(s["v"])
                    if key is not None:
                        index[name][key].add(x)
        study_iris = {f["study"][0] for f in facts.values() if f.get("study")}
        study_facts = _scan(store, STUDY_PROPS, {s for s in study_iris if is_iri(s)})
        objects = _scan(store, OBJECT_PROPS, None)
        studies = studies_from(study_facts, objects)
        out = findings_from(ids, _dedup(facts), studies, objects)
        statuses: dict[str, list[str]] = defaultdict(list)
        for s in solutions(store.query(STATUSES), "FindingsTable"):
            statuses[term_text(s["claim"])].append(term_text(s["v"]))
        rows = []
        for s in solutions(store.query(CLAIMS), "FindingsTable"):
            f, claim, paper = term_text(s["f"]), term_text(s["claim"]), term_text(s["paper"])
            if f not in out:
                continue
            for pid in objects.get(paper, {}).get("identifier") or [""]:
                for status in statuses.get(claim) or [""]:
                    rows.append((f, claim, pid, status))
        claims_onto(out, rows)
        with_effects(out.values())
        ordered = sorted(out.values(), key=finding_order)
        position = {f.iri: i for i, f in enumerate(ordered)}
        return cls(
            ordered,
            {
                name: {k: sorted(position[x] for x in xs) for k, xs in by.items()}
                for name, by in index.items()
            },
        )

    def select(
        self,
        *,
        construct: str = "",
        intervention: str = "",
        study: str = "",
        instrument: str = "",
        limit: int = 5000,
    ) -> list[Finding]:
        """What `findings_for` answers with the same filters (copies: the conflict flags
        are set for this answer alone)."""
        cuts: list[list[int]] = []
        for value, name in ((study, "study"), (instrument, "instrument"), (construct, "outcome")):
            if value:
                cuts.append(self.index[name].get((value, True), []))
        if intervention:
            key = (intervention, is_iri(intervention))
            cuts.append(self.index["intervention"].get(key, []))
        if not cuts:
            chosen = list(range(len(self.findings)))
        else:
            smallest = min(cuts, key=len)
            rest = [set(c) for c in cuts if c is not smallest]
            chosen = [i for i in smallest if all(i in r for r in rest)]
        out = [_copy(self.findings[i]) for i in chosen[:limit]]
        flag_conflicts(out)
        return out


def _copy(f: Finding) -> Finding:
    """A shallow copy not yet flagged as a conflict (`dataclasses.replace` costs 10× more)."""
    new = Finding.__new__(Finding)
    new.__dict__.update(f.__dict__)
    new.conflict = False
    return new


def _scan(store: Store, props: list[str], subjects: set[str] | None) -> Facts:
    """subject → local name → values (each once), of these subjects (None: all)."""
    facts: Facts = defaultdict(lambda: defaultdict(list))
    for prop in props:
        name = _local(prop)
        for s in solutions(store.query(SCAN % prop), "FindingsTable"):
            x = term_text(s["x"])
            if subjects is None or x in subjects:
                values = facts[x][name]
                v = term_text(s["v"])
                if v not in values:
                    values.append(v)
    return facts


def _dedup(facts: Facts) -> Facts:
    for by in facts.values():
        for name, values in by.items():
            if len(values) > 1:
                by[name] = list(dict.fromkeys(values))
    return facts
