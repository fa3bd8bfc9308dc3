"""The evidence behind a construct or an intervention × construct link.

`findings_for(store, construct=..., intervention=...)` reads the findings (with their
study, design, N, arms, statistics and the claim that gives their evidence) in three
bounded queries, computes an effect for each where the numbers allow (`effects`), flags
conflicts and sums the evidence. Every number says whether it was *reported*,
*computed* or is *not reported*.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
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

FINDING_IDS = (
    P
    + """
SELECT DISTINCT ?f WHERE { %(filter)s ?f a ekg:Finding . } LIMIT %(limit)d
"""
)
LINKS = ("study", "outcome", "intervention", "instrument", "direction", "comparison")
FINDING_FACTS = (
    P
    + """
SELECT ?s ?p ?v WHERE { VALUES ?s { %s } ?s ?p ?v FILTER(?p IN (PROPERTIES)) }
"""
)
STUDY_FACTS = (
    P
    + """
SELECT ?s ?p ?v WHERE {
  VALUES ?s { %s }
  ?s ?p ?v
  FILTER(?p IN (rdfs:label, ekg:year, ekg:sampleSize, ekg:controlCondition, ekg:sampleDescription,
                ekg:followUp, ekg:design, ekg:reportedIn, ekg:usedInstrument, ekg:hasArm))
}
"""
)
OBJECT_FACTS = (
    P
    + """
SELECT ?o ?p ?v WHERE {
  VALUES ?o { %s }
  ?o ?p ?v
  FILTER(?p IN (skos:notation, dcterms:identifier, ekg:abbreviation, skos:prefLabel, ekg:armRole,
                ekg:armSize))
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
    status: str = ""  # curation status of its claim: extracted, accepted, edited, curator-added


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


def is_iri(value: str) -> bool:
    """Lexical values of IRIs and literals look alike in rows(); a value a writer put as a
    plain literal (e.g. an intervention 'MBSR vs wait-list') is shown as it is."""
    return value.startswith(("http://", "https://", "urn:"))


def _facts(store: Store, query: str, iris: list[str]) -> dict[str, dict[str, list[str]]]:
    """subject → predicate local name → values, from bounded VALUES queries."""
    out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for chunk in _chunks(sorted({i for i in iris if is_iri(i)})):
        for r in rows(store.query(query % iri_values(chunk))):
            key = r["s"] if "s" in r else r["o"]
            out[key][r["p"].rsplit("#", 1)[-1].rsplit("/", 1)[-1]].append(r["v"])
    return out


def load_studies(store: Store, iris: list[str]) -> dict[str, Study]:
    """Design, N, arms, sample, control, follow-up, instruments and papers of each study
    (two queries bounded by the studies asked for, whatever the size of the graph)."""
    facts = _facts(store, STUDY_FACTS, iris)
    linked = [
        v
        for f in facts.values()
        for p in ("design", "reportedIn", "usedInstrument", "hasArm")
        for v in f.get(p, [])
    ]
    return studies_from(facts, _facts(store, OBJECT_FACTS, linked) if linked else {})


Facts = dict[str, dict[str, list[str]]]  # subject → property's local name → values


def _first(values: list[str]) -> str:
    return values[0] if values else ""


def studies_from(facts: Facts, objects: Facts) -> dict[str, Study]:
    """The studies of `facts` (STUDY_FACTS), with what `objects` (OBJECT_FACTS) says of
    their designs, papers, instruments and arms."""
    first = _first
    studies: dict[str, Study] = {}
    for iri, f in facts.items():
        if not f.get("label"):
            continue
        st = studies[iri] = Study(iri, first(f["label"]))
        st.year, st.n = first(f.get("year", [])), _int(first(f.get("sampleSize", [])))
        st.control = first(f.get("controlCondition", []))
        st.sample = first(f.get("sampleDescription", []))
        st.follow_up = first(f.get("followUp", []))
        st.design = first(sorted(objects.get(first(f.get("design", [])), {}).get("notation", [])))
        for paper in f.get("reportedIn", []):
            st.papers.extend(objects.get(paper, {}).get("identifier", []))
        for inst in f.get("usedInstrument", []):
            o = objects.get(inst, {})
            label = first(o.get("abbreviation", [])) or first(o.get("prefLabel", []))
            if label and label not in st.instruments:
                st.instruments.append(label)
        for arm in f.get("hasArm", []):
            o = objects.get(arm, {})
            role = first(o.get("armRole", []))
            if role:
                st.arms[role] = st.arms.get(role) or _int(first(o.get("armSize", [])))
        st.papers = sorted(set(st.papers))
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
        term = iri_ref(intervention) if is_iri(intervention) else json.dumps(intervention)
        where.append(f"?f ekg:intervention {term} .")
    query = FINDING_IDS % {"filter": " ".join(where), "limit": limit}
    ids = [r["f"] for r in rows(store.query(query))]
    props = ", ".join(f"ekg:{p}" for p in (*LINKS, "significant", *STATS.values()))
    facts = _facts(store, FINDING_FACTS.replace("PROPERTIES", props), ids)
    studies = load_studies(store, [v for f in facts.values() for v in f.get("study", [])[:1]])
    objects = _facts(
        store,
        OBJECT_FACTS,
        [v for f in facts.values() for p in LINKS[1:] for v in f.get(p, [])[:1]],
    )
    out = findings_from(ids, facts, studies, objects)
    claims = [
        r for chunk in _chunks(list(out)) for r in rows(store.query(EVIDENCE % iri_values(chunk)))
    ]
    claims_onto(out, [(r["f"], r["claim"], r["pid"], r["status"]) for r in claims])
    with_effects(out.values())
    flag_conflicts(list(out.values()))
    return sorted(out.values(), key=finding_order)


def finding_order(f: Finding) -> tuple[str, str, str]:
    return (f.study.label, f.instrument_label, f.iri)


def findings_from(
    ids: list[str], facts: Facts, studies: dict[str, Study], objects: Facts
) -> dict[str, Finding]:
    """The findings `ids` from their `facts` (FINDING_FACTS), their studies and what
    `objects` (OBJECT_FACTS) says of the things they link to."""
    first = _first

    def name(iri: str, abbrev_first: bool) -> str:
        if iri and not is_iri(iri):
            return iri
        o = objects.get(iri, {})
        order = ("abbreviation", "prefLabel") if abbrev_first else ("prefLabel", "abbreviation")
        return first(o.get(order[0], [])) or first(o.get(order[1], []))

    def notation(value: str) -> str:
        if value and not is_iri(value):
            return value
        return first(objects.get(value, {}).get("notation", []))

    out: dict[str, Finding] = {}
    for iri in ids:
        fact = facts.get(iri, {})
        s, c = first(fact.get("study", [])), first(fact.get("outcome", []))
        iv, inst = first(fact.get("intervention", [])), first(fact.get("instrument", []))
        sig = first(fact.get("significant", []))
        out[iri] = Finding(
            iri,
            studies.get(s) or Study(s, s.rsplit("/", 1)[-1]),
            c,
            name(c, False),
            iv,
            name(iv, True),
            inst,
            name(inst, True),
            notation(first(fact.get("direction", []))),
            notation(first(fact.get("comparison", []))),
            None if sig == "" else sig in ("true", "1"),
            {k: fact[p][0] for k, p in STATS.items() if fact.get(p)},
        )
    return out


def claims_onto(out: dict[str, Finding], found: list[tuple[str, str, str, str]]) -> None:
    """Each finding's claim, its curation status and papers from EVIDENCE rows (finding,
    claim, paper_id, status), read in a fixed order: the first claim, unless another has
    a curator's status."""
    for f_iri, claim, pid, status in sorted(set(found)):
        f = out.get(f_iri)
        if f is None:
            continue
        status = status or "extracted"
        if not f.claim or (status != "extracted" and f.status == "extracted"):
            f.claim, f.status = claim, status
        if pid and pid not in f.papers:
            f.papers.append(pid)


def with_effects(findings: Iterable[Finding]) -> None:
    for f in findings:
        nums = _numbers(f)
        f.effect = effect_of(nums, f.comparison or None)
        f.no_effect_reason = "" if f.effect else why_none(nums)


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
        "status": f.status or None,
        "claim": f.claim,
        "papers": f.papers,
    }
