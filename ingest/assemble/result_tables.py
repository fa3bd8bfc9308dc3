"""Result tables of primary studies: one outcome per row group, M and SD per arm and
time, and a statistics cell (F, df, p, partial η²) → one finding per outcome."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..components.statistics import parse_statistics
from ..document import Table, TableRow
from ..records import FindingRecord, Span
from .targets import TargetResolver

CONTROL = re.compile(r"control|wait[\s-]*list|usual care|comparison|tau\b|placebo", re.I)
MEASURE = re.compile(r"^(?P<name>.+?)\s*\((?P<abbrev>[A-Za-z][\w\-]{1,15})\)\s*$")
NUMBER = re.compile(r"^[−\-]?\d*\.?\d+$")
STAT_NAMES = {
    "F": "F",
    "p": "p",
    "partial_eta_sq": "partial_eta_sq",
    "eta_sq": "partial_eta_sq",
    "d": "d",
    "r": "r",
}


@dataclass
class Outcome:
    label: str
    rows: list[TableRow] = field(default_factory=list)
    arms: dict[str, list[str]] = field(default_factory=dict)  # role -> numbers (M, SD, M, SD)
    stats: str = ""
    stats_start: int = -1


def is_result_table(table: Table) -> bool:
    header = " ".join(" ".join(row) for row in table.header)
    return bool(re.search(r"\bM\b|\bMean\b", header)) and bool(re.search(r"\bSD\b", header))


def _numbers(cells: list[str]) -> list[str]:
    return [c.strip().replace("−", "-") for c in cells if NUMBER.match(c.strip())]


def _role(cell: str, seen: dict[str, list[str]]) -> str:
    if CONTROL.search(cell):
        return "control"
    return "treatment" if "treatment" not in seen else "control"


def outcomes(table: Table) -> list[Outcome]:
    found: list[Outcome] = []
    for row in table.rows:
        cells = row.cells
        if not cells or not any(c.strip() for c in cells):
            continue
        numbers = _numbers(cells[1:])
        if cells[0].strip() and (not found or found[-1].arms or not numbers):
            found.append(Outcome(cells[0].strip()))
        if not found:
            continue
        current = found[-1]
        current.rows.append(row)
        group_cell = cells[1] if len(cells) > 1 and not NUMBER.match(cells[1].strip()) else ""
        if len(numbers) >= 2:
            current.arms[_role(group_cell, current.arms)] = numbers[:4]
        for i, cell in enumerate(cells):
            if re.search(r"\b[pFtd]\b\s*[=<>]|η|eta|\\eta", cell):
                current.stats = cell
                pieces = row.text.split("\t")
                offset = sum(len(p) + 1 for p in pieces[:i]) if len(pieces) == len(cells) else 0
                current.stats_start = row.start + offset
    return [o for o in found if o.arms]


def _stats(cell: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for st in parse_statistics(cell):
        key = STAT_NAMES.get(st.name)
        if key and key not in values:
            value = st.value if st.comparator in ("=", "") else f"{st.comparator}{st.value}"
            values[key] = value
            if st.name == "F" and st.df:
                values["df"] = st.df
    return values


def _significant(cell: str, stats: dict[str, str]) -> bool | None:
    if "*" in cell:
        return True
    p = stats.get("p", "")
    try:
        value = float(p.lstrip("<>=≤≥"))
    except ValueError:
        return None
    return value < 0.05 or (p.startswith("<") and value <= 0.05)


def _direction(arms: dict[str, list[str]], significant: bool | None) -> str:
    if significant is False:
        return "no change"
    treat, ctl = arms.get("treatment", []), arms.get("control", [])
    if len(treat) < 4:
        return ""
    change = float(treat[2]) - float(treat[0])
    if len(ctl) >= 4:
        change -= float(ctl[2]) - float(ctl[0])
    if significant is None:
        return ""
    return "increase" if change > 0 else "decrease" if change < 0 else "no change"


ARM_KEYS = ("pre_mean", "pre_sd", "post_mean", "post_sd")


def result_findings(
    table: Table, study: str, intervention: str, resolver: TargetResolver, known_abbrevs: set[str]
) -> list[FindingRecord]:
    findings = []
    parent_instrument = ""
    for outcome in outcomes(table):
        m = MEASURE.match(outcome.label)
        instrument = ""
        if m and (
            m.group("abbrev") in known_abbrevs
            or m.group("abbrev").isupper()
            or resolver.lexicon.lookup(m.group("abbrev"), "instrument")
        ):
            name, instrument = m.group("name"), m.group("abbrev")
            parent_instrument = instrument
        else:
            name, instrument = outcome.label, parent_instrument
        stats = _stats(outcome.stats)
        for role, numbers in outcome.arms.items():
            for key, value in zip(ARM_KEYS, numbers, strict=False):
                stats[f"{key}_{role}"] = value
        significant = _significant(outcome.stats, stats)
        construct, _ = resolver.construct(name)
        first, last = outcome.rows[0], outcome.rows[-1]
        findings.append(
            FindingRecord(
                study=study,
                span=Span(first.start, last.end, table.label, 0.9),
                construct=construct,
                instrument=instrument,
                intervention=intervention,
                direction=_direction(outcome.arms, significant),
                comparison="vs control" if "control" in outcome.arms else "pre-post",
                stats=stats,
                significant=significant,
            )
        )
    return findings
