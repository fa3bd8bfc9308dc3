"""The evidence behind a construct or an intervention × construct link.

`findings_for(store, construct=..., intervention=...)` reads the findings (with their
study, design, N, arms, statistics and the claim that gives their evidence) in three
bounded queries, computes an effect for each where the numbers allow (`effects`), flags
conflicts and sums the evidence. Every number says whether it was *reported*,
*computed* or is *not reported*.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ontology.vocab import sparql_prefixes

from .effects import Effect, Numbers, effect_of, why_none
from .results import rows
from .sparql_terms import iri_ref, iri_values
from .store import Store

P = sparql_prefixes()
STATS = {
    "F": "fStatistic",
    "df": "degreesOfFreedom",
    "p": "pValue",
    "p_comparator": "pComparator",
    "partial_eta_sq": "partialEtaSquared",
    "d": "cohensD",
    "r": "correlationR",
    "pre_mean_treatment": "preMeanTreatment",
    "pre_sd_treatment": "preSdTreatment",
    "post_mean_treatment": "postMeanTreatment",
    "post_sd_treatment": "postSdTreatment",
    "pre_mean_control": "preMeanControl",
    "pre_sd_control": "preSdControl",
    "post_mean_control": "postMeanControl",
    "post_sd_control": "postSdControl",
}
RANDOMISED = {"randomised-controlled", "matched-randomised-controlled"}

FINDINGS = (
    P
    + """
SELECT ?f ?s ?c ?cL ?iv ?ivL ?inst ?instL ?dir ?cmp ?sig WHERE {
  %(filter)s
  ?f a ekg:Finding ; ekg:study ?s .
  OPTIONAL { ?f ekg:outcome ?c OPTIONAL { ?c skos:prefLabel ?cL } }
  OPTIONAL { ?f ekg:intervention ?iv OPTIONAL { ?iv ekg:abbreviation ?ivA }
             OPTIONAL { ?iv skos:prefLabel ?ivP } BIND(COALESCE(?ivA, ?ivP) AS ?ivL) }
  OPTIONAL { ?f ekg:instrument ?inst OPTIONAL { ?inst ekg:abbreviation ?ia }
             OPTIONAL { ?inst skos:prefLabel ?ip } BIND(COALESCE(?ia, ?ip) AS ?instL) }
  OPTIONAL { ?f ekg:direction/skos:notation ?dir }
  OPTIONAL { ?f ekg:comparison/skos:notation ?cmp }
  OPTIONAL { ?f ekg:significant ?sig }
} LIMIT %(limit)d
"""
)
FINDING_STATS = (
    P
    + """
SELECT ?f ?p ?v WHERE { VALUES ?f { %s } VALUES ?p { %s } ?f ?p ?v }
"""
)
STUDIES = (
    P
    + """
SELECT ?s ?label ?year ?design ?n ?role ?size ?pid ?ctl ?sample ?instL ?fu WHERE {
  VALUES ?s { %s }
  ?s rdfs:label ?label .
  { OPTIONAL { ?s ekg:year ?year } OPTIONAL { ?s ekg:design/skos:notation ?design }
    OPTIONAL { ?s ekg:sampleSize ?n } OPTIONAL { ?s ekg:controlCondition ?ctl }
    OPTIONAL { ?s ekg:sampleDescription ?sample } OPTIONAL { ?s ekg:followUp ?fu } }
  UNION { ?s ekg:usedInstrument ?i OPTIONAL { ?i ekg:abbreviation ?ia }
          OPTIONAL { ?i skos:prefLabel ?ip } BIND(COALESCE(?ia, ?ip) AS ?instL) }
  UNION { ?s ekg:hasArm ?a . ?a ekg:armRole ?role . OPTIONAL { ?a ekg:armSize ?size } }
  UNION { ?s ekg:reportedIn/dcterms:identifier ?pid }
}
"""
)
EVIDENCE = (
    P
    + """
SELECT ?f ?claim ?pid ?status WHERE {
  VALUES ?f { %s }
  ?claim ekg:claimSubject ?f ; ekg:claimPredicate rdf:type ; dcterms:source ?paper .
  OPTIONAL { ?paper dcterms:identifier ?pid }
  OPTIONAL { ?claim ekg:curationStatus/skos:notation ?status }
}
"""
)


@dataclass
class Study:
    iri: str
    label: str
    year: str = ""
    design: str = ""
    n: int | None = None
    arms: dict[str, int | None] = field(default_factory=dict)
    papers: list[str] = field(default_factory=list)
    control: str = ""
    sample: str = ""
    follow_up: str = ""
    instruments: list[str] = field(default_factory=list)

    @property
    def randomised(self) -> bool:
        return self.design in RANDOMISED


@dataclass
class Finding:
    iri: str
    study: Study
    construct: str = ""
    construct_label: str = ""
    intervention: str = ""
    intervention_label: str = ""
    instrument: str = ""
    instrument_label: str = ""
    direction: str = ""
    comparison: str = ""
    significant: bool | None = None
    stats: dict[str, str] = field(default_factory=dict)
    claim: str = ""
    papers: list[str] = field(default_factory=list)
    effect: Effect | None = None
    no_effect_reason: str = ""
    conflict: bool = False


def _num(text: str | None) -> float | None:
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None


def _int(text: str | None) -> int | None:
    value = _num(text)
    return int(value) if value is not None and value > 0 else None


def _chunks(items: list[str], size: int = 300) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def load_studies(store: Store, iris: list[str]) -> dict[str, Study]:
    studies: dict[str, Study] = {}
    for chunk in _chunks(sorted(set(iris))):
        for r in rows(store.query(STUDIES % iri_values(chunk))):
            st = studies.setdefault(r["s"], Study(r["s"], r["label"]))
            st.year = st.year or r["year"]
            st.design = st.design or r["design"]
            st.control = st.control or r["ctl"]
            st.sample = st.sample or r["sample"]
            st.follow_up = st.follow_up or r["fu"]
            if r["instL"] and r["instL"] not in st.instruments:
                st.instruments.append(r["instL"])
            st.n = st.n or _int(r["n"])
            if r["role"]:
                size = _int(r["size"])
                st.arms[r["role"]] = st.arms.get(r["role"]) or size
            if r["pid"] and r["pid"] not in st.papers:
                st.papers.append(r["pid"])
    return studies


def _numbers(f: Finding) -> Numbers:
    s, arms = f.stats, f.study.arms
    floats = {k: _num(s.get(k)) for k in STATS if k not in ("df", "p_comparator")}
    return Numbers(
        n_treatment=arms.get("treatment"),
        n_control=arms.get("control"),
        n_total=f.study.n,
        pre_mean_treatment=floats["pre_mean_treatment"],
        pre_sd_treatment=floats["pre_sd_treatment"],
        post_mean_treatment=floats["post_mean_treatment"],
        post_sd_treatment=floats["post_sd_treatment"],
        pre_mean_control=floats["pre_mean_control"],
        pre_sd_control=floats["pre_sd_control"],
        post_mean_control=floats["post_mean_control"],
        post_sd_control=floats["post_sd_control"],
        f=floats["F"],
        df=s.get("df"),
        partial_eta_sq=floats["partial_eta_sq"],
        d=floats["d"],
        r=floats["r"],
        direction=f.direction or None,
    )


def findings_for(
    store: Store,
    *,
    construct: str = "",
    intervention: str = "",
    study: str = "",
    instrument: str = "",
    limit: int = 5000,
) -> list[Finding]:
    """Findings on `construct`, of `intervention`, of `study`, with `instrument` (each
    filter when given), with their effects."""
    where = []
    if study:
        where.append(f"?f ekg:study {iri_ref(study)} .")
    if instrument:
        where.append(f"?f ekg:instrument {iri_ref(instrument)} .")
    if construct:
        where.append(f"?f ekg:outcome {iri_ref(construct)} .")
    if intervention:
        where.append(f"?f ekg:intervention {iri_ref(intervention)} .")
    query = FINDINGS % {"filter": "\n  ".join(where), "limit": limit}
    found: dict[str, dict[str, str]] = {}
    for r in rows(store.query(query)):
        found.setdefault(r["f"], r)
    studies = load_studies(store, [r["s"] for r in found.values()])
    out: dict[str, Finding] = {}
    for iri, r in found.items():
        out[iri] = Finding(
            iri,
            studies.get(r["s"]) or Study(r["s"], r["s"].rsplit("/", 1)[-1]),
            r["c"],
            r["cL"],
            r["iv"],
            r["ivL"],
            r["inst"],
            r["instL"],
            r["dir"],
            r["cmp"],
            None if r["sig"] == "" else r["sig"] == "true",
        )
    _attach_stats(store, out)
    _attach_claims(store, out)
    for f in out.values():
        nums = _numbers(f)
        f.effect = effect_of(nums, f.comparison or None)
        f.no_effect_reason = "" if f.effect else why_none(nums)
    flag_conflicts(list(out.values()))
    return sorted(out.values(), key=lambda f: (f.study.label, f.instrument_label, f.iri))


def _attach_stats(store: Store, out: dict[str, Finding]) -> None:
    props = iri_values([f"https://w3id.org/evidence-kg/ontology#{p}" for p in STATS.values()])
    by_prop = {f"https://w3id.org/evidence-kg/ontology#{p}": k for k, p in STATS.items()}
    for chunk in _chunks(list(out)):
        for r in rows(store.query(FINDING_STATS % (iri_values(chunk), props))):
            out[r["f"]].stats.setdefault(by_prop[r["p"]], r["v"])


def _attach_claims(store: Store, out: dict[str, Finding]) -> None:
    for chunk in _chunks(list(out)):
        for r in rows(store.query(EVIDENCE % iri_values(chunk))):
            f = out[r["f"]]
            if not f.claim or r["status"] == "accepted":
                f.claim = r["claim"]
            if r["pid"] and r["pid"] not in f.papers:
                f.papers.append(r["pid"])


def flag_conflicts(findings: list[Finding]) -> None:
    """Same intervention × construct with opposite directions or significance."""
    groups: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        if f.construct:
            groups[(f.intervention, f.construct)].append(f)
    for group in groups.values():
        dirs = {f.direction for f in group} & {"increase", "decrease"}
        sigs = {f.significant for f in group if f.significant is not None}
        if len(dirs) > 1 or len(sigs) > 1:
            for f in group:
                f.conflict = True


def summary(findings: list[Finding]) -> dict[str, int | float | None]:
    """Studies, randomised studies, total N (each study once), share significant."""
    studies = {f.study.iri: f.study for f in findings}
    judged = [f for f in findings if f.significant is not None]
    return {
        "findings": len(findings),
        "studies": len(studies),
        "randomised": sum(1 for s in studies.values() if s.randomised),
        "total_n": sum(s.n or 0 for s in studies.values()),
        "studies_without_n": sum(1 for s in studies.values() if not s.n),
        "share_significant": (
            sum(1 for f in judged if f.significant) / len(judged) if judged else None
        ),
        "conflicts": sum(1 for f in findings if f.conflict),
    }


STAT_ORDER = [k for k in STATS if k != "p_comparator"]


def finding_dict(f: Finding) -> dict[str, object]:
    """A finding as JSON: every statistic marked reported / not reported, the effect computed."""
    e = f.effect
    stats = {
        k: {"value": f.stats[k], "mark": "reported"}
        if k in f.stats
        else {"value": None, "mark": "not reported"}
        for k in STAT_ORDER
    }
    if "p" in f.stats and f.stats.get("p_comparator"):
        stats["p"]["value"] = f.stats["p_comparator"] + f.stats["p"]
    return {
        "iri": f.iri,
        "study": {
            "iri": f.study.iri,
            "label": f.study.label,
            "year": f.study.year,
            "design": f.study.design or None,
            "n": f.study.n,
            "arms": f.study.arms,
            "randomised": f.study.randomised,
            "papers": f.study.papers,
            "sample": f.study.sample,
            "control": f.study.control,
            "follow_up": f.study.follow_up,
        },
        "construct": {"iri": f.construct, "label": f.construct_label},
        "intervention": {"iri": f.intervention, "label": f.intervention_label},
        "instrument": {"iri": f.instrument, "label": f.instrument_label},
        "direction": f.direction or None,
        "comparison": f.comparison or None,
        "significant": f.significant,
        "stats": stats,
        "effect": None
        if e is None
        else {
            "yi": e.yi,
            "vi": e.vi,
            "se": e.se,
            "ci": list(e.ci),
            "kind": e.kind,
            "method": e.method,
            "formula": e.formula,
            "citation": e.citation,
            "mark": "reported" if e.reported else "computed",
            "notes": e.notes,
        },
        "no_effect_reason": f.no_effect_reason or None,
        "conflict": f.conflict,
        "claim": f.claim,
        "papers": f.papers,
    }
