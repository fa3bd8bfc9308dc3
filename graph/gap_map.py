"""The evidence gap map: intervention × construct cells with studies, N and directions.

Each cell counts distinct studies (a study several papers report counts once), sums their
N, splits the findings by direction and says whether any study was randomised. The
weight of evidence grades a cell 0–3: 0 no study, 1 one non-randomised study, 2 several
studies or one randomised, 3 several studies of which one at least randomised.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field

from .evidence import RANDOMISED
from .scans import facts, typed
from .store import Store

# each a scan of one property, joined in Python (`graph/scans.py`): the one query that
# joined them took 2.6 s at 110k quads and 37 s at 1M, these 0.5 s at 110k
PARTS = {
    "iv": "?x ekg:intervention ?v",
    "c": "?x ekg:outcome ?v",
    "s": "?x ekg:study ?v",
    "ivA": "?x ekg:abbreviation ?v",
    "label": "?x skos:prefLabel ?v",
    "dir": "?x ekg:direction ?d . ?d skos:notation ?v",
    "design": "?x ekg:design ?d . ?d skos:notation ?v",
    "n": "?x ekg:sampleSize ?v",
    "sample": "?x ekg:sampleDescription ?v",
    "inst": "?x ekg:instrument ?v",
}


def cell_rows(store: Store) -> list[dict[str, str]]:
    """One row per intervention, construct, study, design, N, direction and sample
    description found together (with every label an intervention or construct has), and
    the instruments of those findings joined by tabs: the rows the map is counted from."""
    found = {name: facts(store, pattern) for name, pattern in PARTS.items()}
    ab, label = found["ivA"], found["label"]

    def either(x: str, first: dict[str, list[str]], second: dict[str, list[str]]) -> list[str]:
        return first.get(x) or second.get(x) or []

    def optional(name: str, x: str) -> list[str]:
        return found[name].get(x) or [""]

    groups: dict[tuple[str, ...], set[str]] = {}
    links = [
        (f, iv, c, s)
        for f in typed(store, "ekg:Finding")
        for iv in found["iv"].get(f, ())
        for c in found["c"].get(f, ())
        for s in found["s"].get(f, ())
    ]
    for f, iv, c, s in links:
        names = {n for i in optional("inst", f) if i for n in either(i, ab, label)}
        for key in itertools.product(
            [iv], either(iv, ab, label) or [iv], [c], label.get(c) or [c], [s],
            optional("design", s), optional("n", s), optional("dir", f), optional("sample", s),
        ):  # fmt: skip
            groups.setdefault(key, set()).update(names)
    fields = ("iv", "ivL", "c", "cL", "s", "design", "n", "dir", "sample")
    return [
        {**dict(zip(fields, key, strict=True)), "instruments": "\t".join(sorted(names))}
        for key, names in groups.items()
    ]


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
    store: Store,
    *,
    design: str = "",
    population: str = "",
    instrument: str = "",
    limit: int = 60,
    found: list[dict[str, str]] | None = None,
) -> GapMap:
    """The matrix under the filters, its rows and columns the `limit` busiest of each;
    counted from `found` (the store's `cell_rows`, read now when not given)."""
    cells: dict[tuple[str, str], Cell] = {}
    iv_labels: dict[str, str] = {}
    c_labels: dict[str, str] = {}
    pop, inst = population.strip().lower(), instrument.strip().lower()
    for r in cell_rows(store) if found is None else found:
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
