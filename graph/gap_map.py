"""The evidence gap map: intervention × construct cells with studies, N and directions.

Each cell counts distinct studies (a study several papers report counts once), sums their
N, splits the findings by direction and says whether any study was randomised. The
weight of evidence grades a cell 0–3: 0 no study, 1 one non-randomised study, 2 several
studies or one randomised, 3 several studies of which one at least randomised.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ontology.vocab import sparql_prefixes

from .evidence import RANDOMISED
from .results import rows
from .store import Store

CELLS = (
    sparql_prefixes()
    + """
SELECT ?iv ?ivL ?c ?cL ?s ?design ?n ?dir ?sample (GROUP_CONCAT(DISTINCT ?instL; separator="\\t") AS ?instruments)
WHERE {
  ?f a ekg:Finding ; ekg:intervention ?iv ; ekg:outcome ?c ; ekg:study ?s .
  OPTIONAL { ?iv ekg:abbreviation ?ivA } OPTIONAL { ?iv skos:prefLabel ?ivP }
  BIND(COALESCE(?ivA, ?ivP, STR(?iv)) AS ?ivL)
  OPTIONAL { ?c skos:prefLabel ?cP } BIND(COALESCE(?cP, STR(?c)) AS ?cL)
  OPTIONAL { ?f ekg:direction/skos:notation ?dir }
  OPTIONAL { ?s ekg:design/skos:notation ?design }
  OPTIONAL { ?s ekg:sampleSize ?n }
  OPTIONAL { ?s ekg:sampleDescription ?sample }
  OPTIONAL { ?f ekg:instrument ?i OPTIONAL { ?i ekg:abbreviation ?ia }
             OPTIONAL { ?i skos:prefLabel ?ip } BIND(COALESCE(?ia, ?ip) AS ?instL) }
} GROUP BY ?iv ?ivL ?c ?cL ?s ?design ?n ?dir ?sample
"""
)


@dataclass
class Cell:
    intervention: str
    construct: str
    studies: set[str] = field(default_factory=set)
    study_n: dict[str, int] = field(default_factory=dict)
    directions: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    randomised: bool = False

    @property
    def total_n(self) -> int:
        return sum(self.study_n.values())

    @property
    def weight(self) -> int:
        k = len(self.studies)
        if k == 0:
            return 0
        if k >= 2 and self.randomised:
            return 3
        return 2 if k >= 2 or self.randomised else 1


@dataclass
class GapMap:
    interventions: dict[str, str]  # iri → label, ordered by evidence
    constructs: dict[str, str]
    cells: dict[tuple[str, str], Cell]


def _n(text: str) -> int:
    try:
        return int(float(text))
    except ValueError:
        return 0


def gap_map(
    store: Store, *, design: str = "", population: str = "", instrument: str = "", limit: int = 60
) -> GapMap:
    """The matrix under the filters, its rows and columns the `limit` busiest of each."""
    cells: dict[tuple[str, str], Cell] = {}
    iv_labels: dict[str, str] = {}
    c_labels: dict[str, str] = {}
    pop, inst = population.strip().lower(), instrument.strip().lower()
    for r in rows(store.query(CELLS)):
        if design and r["design"] != design:
            continue
        if pop and pop not in r["sample"].lower():
            continue
        if inst and inst not in [i.lower() for i in r["instruments"].split("\t")]:
            continue
        key = (r["iv"], r["c"])
        cell = cells.setdefault(key, Cell(*key))
        iv_labels[r["iv"]], c_labels[r["c"]] = r["ivL"], r["cL"]
        cell.studies.add(r["s"])
        if r["n"]:
            cell.study_n[r["s"]] = max(cell.study_n.get(r["s"], 0), _n(r["n"]))
        cell.directions[r["dir"] or "not stated"] += 1
        cell.randomised = cell.randomised or r["design"] in RANDOMISED

    def busiest(index: int, labels: dict[str, str]) -> dict[str, str]:
        count: dict[str, int] = defaultdict(int)
        for key, cell in cells.items():
            count[key[index]] += len(cell.studies)
        top = sorted(count, key=lambda k: (-count[k], labels[k].lower()))[:limit]
        return {k: labels[k] for k in top}

    return GapMap(busiest(0, iv_labels), busiest(1, c_labels), cells)


CSV_HEADER = [
    "intervention",
    "construct",
    "studies",
    "total_n",
    "randomised",
    "increase",
    "decrease",
    "no_change",
    "mixed",
    "not_stated",
    "weight",
]


def gap_map_rows(m: GapMap) -> list[list[str]]:
    """One CSV row per filled cell, in the order of the matrix."""
    out = []
    for iv, ivl in m.interventions.items():
        for c, cl in m.constructs.items():
            cell = m.cells.get((iv, c))
            if cell is None:
                continue
            d = cell.directions
            out.append(
                [ivl, cl, str(len(cell.studies)), str(cell.total_n), str(cell.randomised).lower()]
                + [
                    str(d.get(k, 0))
                    for k in ("increase", "decrease", "no change", "mixed", "not stated")
                ]
                + [str(cell.weight)]
            )
    return out
