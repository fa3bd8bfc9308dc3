"""Result tables of primary studies → one finding per outcome, with M and SD per arm
and time, and the statistics (F and df, t, p, partial η², d, r) as printed.

Columns get roles from the header rows: an arm (treatment / control), a time (pre /
post), a statistic (M, SD, F, t, p, η², d, r) or a combined statistics cell. Two layouts
are read: one row per arm with a group column (the second arm's row continues the
outcome), or one row per outcome with the arms side by side."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..components.statistics import parse_statistics
from ..document import Table, TableRow
from ..records import FindingRecord, Span
from .targets import TargetResolver

CONTROL = re.compile(r"control|wait[\s-]*list|usual care|comparison|\btau\b|placebo", re.I)
MEASURE = re.compile(r"^(?P<name>.+?)\s*\((?P<abbrev>[A-Za-z][\w\-]{1,15})\)\s*$")
LEADING_ABBREV = re.compile(r"^(?P<abbrev>[A-Z][A-Za-z]*[A-Z][\w\-]*)(?:\s+(?P<rest>.+))?$")
NUMBER = re.compile(r"^[−\-]?\d*\.?\d+$")
MARK = re.compile(r"\^?\*+|[†‡§]")
STAT_HEADERS: list[tuple[str, str]] = [
    ("partial_eta_sq", r"η|eta|\\eta"),
    ("F", r"^F\b"),
    ("t", r"^t\b"),
    ("p", r"^p\b"),
    ("d", r"^(?:cohen'?s\s+)?d\b|^ES\b|effect size"),
    ("r", r"^r\b"),
]
ARM_KEYS = ("mean", "sd")


@dataclass
class Column:
    arm: str = ""  # treatment | control
    time: str = ""  # pre | post
    stat: str = ""  # mean | sd | F | t | p | partial_eta_sq | d | r | cell
    df: str = ""


@dataclass
class Outcome:
    label: str
    rows: list[TableRow] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)  # CSV column -> number as printed
    marked: bool = False  # a significance mark (*) in the row
    arms: set[str] = field(default_factory=set)


def _time(text: str) -> str:
    if re.search(r"\bpre|baseline|before|\bT0\b|\bT1\b|time 1", text, re.I):
        return "pre"
    if re.search(r"\bpost|after|follow|\bT2\b|time 2|end", text, re.I):
        return "post"
    return ""


def _stat(text: str) -> tuple[str, str]:
    text = text.strip()
    if re.fullmatch(r"(?:Pre|Post|Baseline)?\s*(?:M|Mean)", text, re.I):
        return "mean", ""
    if re.fullmatch(r"(?:Pre|Post|Baseline)?\s*SD", text, re.I):
        return "sd", ""
    for name, pattern in STAT_HEADERS:
        if re.search(pattern, text, re.I):
            df = re.search(r"\(([\d.]+(?:\s*,\s*[\d.]+)?)\)", text)
            return name, df.group(1) if df else ""
    if re.search(r"effect|ANOVA|interaction|statistic|test|×", text, re.I):
        return "cell", ""
    return "", ""


def columns(table: Table) -> list[Column]:
    width = max([len(r) for r in table.header] + [len(r.cells) for r in table.rows] + [0])
    cols = [Column() for _ in range(width)]
    for row in table.header:
        for i, cell in enumerate(row[:width]):
            c = cols[i]
            c.time = c.time or _time(cell)
            stat, df = _stat(re.sub(r"^(?:pre|post)[\s-]*", "", cell.strip(), flags=re.I) or cell)
            c.stat, c.df = (stat, df) if stat and not c.stat else (c.stat, c.df or df)
            if re.search(r"\(n\s*=|group|arm", cell, re.I) or CONTROL.search(cell):
                c.arm = c.arm or ("control" if CONTROL.search(cell) else "treatment")
    return cols


def is_result_table(table: Table) -> bool:
    cols = columns(table)
    return any(c.stat == "mean" for c in cols) and any(c.stat == "sd" for c in cols)


def _group_column(table: Table, cols: list[Column]) -> int | None:
    header = [" ".join(r[i] for r in table.header if i < len(r)) for i in range(len(cols))]
    for i, text in enumerate(header):
        if i > 0 and re.search(r"group|arm|condition", text, re.I) and not cols[i].stat:
            return i
    return None


def _clean(cell: str) -> str:
    return MARK.sub("", cell).strip().replace("−", "-")


def outcomes(table: Table) -> list[Outcome]:
    cols = columns(table)
    group_col = _group_column(table, cols)
    found: list[Outcome] = []
    for row in table.rows:
        cells = row.cells
        if not cells or not any(c.strip() for c in cells):
            continue
        if cells[0].strip():
            found.append(Outcome(cells[0].strip()))
        if not found:
            continue
        out = found[-1]
        out.rows.append(row)
        arm = ""
        if group_col is not None and group_col < len(cells):
            arm = (
                "control"
                if CONTROL.search(cells[group_col])
                else ("treatment" if "treatment" not in out.arms else "control")
            )
        _read_row(out, cells, cols, arm)
    return [o for o in found if o.arms]


def _read_row(out: Outcome, cells: list[str], cols: list[Column], arm: str) -> None:
    for i, cell in enumerate(cells[1:], start=1):
        if i >= len(cols) or not cell.strip():
            continue
        col = cols[i]
        out.marked = out.marked or "*" in cell
        value = _clean(cell)
        if col.stat in ("mean", "sd") and NUMBER.match(value):
            side = arm or col.arm or "treatment"
            time = col.time or ("pre" if f"pre_{col.stat}_{side}" not in _keys(out) else "post")
            out.values.setdefault(f"{time}_{col.stat}_{side}", value)
            out.arms.add(side)
        elif col.stat == "cell" or (not col.stat and re.search(r"[=<>]", cell)):
            _read_stats_cell(out, cell)
        elif col.stat in ("F", "t", "p", "partial_eta_sq", "d", "r") and value:
            key = "F" if col.stat == "t" else col.stat
            out.values.setdefault(key if col.stat != "t" else "t", value)
            if col.df and col.stat in ("F",):
                out.values.setdefault("df", col.df)


def _keys(out: Outcome) -> set[str]:
    return set(out.values)


def _read_stats_cell(out: Outcome, cell: str) -> None:
    for st in parse_statistics(cell):
        key = {"eta_sq": "partial_eta_sq"}.get(st.name, st.name)
        if key in ("F", "t", "p", "partial_eta_sq", "d", "r") and key not in out.values:
            out.values[key] = (
                st.value if st.comparator in ("=", "") else f"{st.comparator}{st.value}"
            )
            if st.name == "F" and st.df:
                out.values.setdefault("df", st.df)


def _significant(out: Outcome) -> bool | None:
    if out.marked:
        return True
    p = out.values.get("p", "")
    try:
        value = float(p.lstrip("<>=≤≥"))
    except ValueError:
        return None
    return value < 0.05 or (p.startswith("<") and value <= 0.05)


def _direction(values: dict[str, str], significant: bool | None) -> str:
    if significant is False:
        return "no change"
    try:
        change = float(values["post_mean_treatment"]) - float(values["pre_mean_treatment"])
        if "pre_mean_control" in values and "post_mean_control" in values:
            change -= float(values["post_mean_control"]) - float(values["pre_mean_control"])
    except (KeyError, ValueError):
        return ""
    if significant is None:
        return ""
    return "increase" if change > 0 else "decrease" if change < 0 else "no change"


def _measure(label: str, parent: str, resolver: TargetResolver, known: set[str]) -> tuple[str, str]:
    """(construct, instrument) of a row label: 'Self-compassion (SCS)', 'MAAS',
    'MBI emotional exhaustion', or a subscale row under its parent measure."""
    m = MEASURE.match(label)
    if m and (m.group("abbrev") in known or m.group("abbrev")[:2].isupper()):
        return resolver.construct(m.group("name"))[0], m.group("abbrev")
    lead = LEADING_ABBREV.match(label)
    if lead and (
        lead.group("abbrev") in known or resolver.lexicon.lookup(lead.group("abbrev"), "instrument")
    ):
        abbrev, rest = lead.group("abbrev"), (lead.group("rest") or "").strip()
        if rest and not re.fullmatch(r"total|score|sum|overall", rest, re.I):
            return resolver.construct(rest)[0], abbrev
        term = resolver.lexicon.lookup(abbrev, "instrument")
        return (term.measures[0] if term and term.measures else ""), abbrev
    return resolver.construct(label)[0], parent


def result_findings(
    table: Table, study: str, intervention: str, resolver: TargetResolver, known_abbrevs: set[str]
) -> list[FindingRecord]:
    findings = []
    parent = ""
    for out in outcomes(table):
        construct, instrument = _measure(out.label, parent, resolver, known_abbrevs)
        if (
            instrument
            and instrument != parent
            and (MEASURE.match(out.label) or LEADING_ABBREV.match(out.label))
        ):
            parent = instrument
        stats = {k: v for k, v in out.values.items() if k != "t"}
        significant = _significant(out)
        first, last = out.rows[0], out.rows[-1]
        findings.append(
            FindingRecord(
                study=study,
                span=Span(first.start, last.end, table.label, 0.9),
                construct=construct,
                instrument=instrument,
                intervention=intervention,
                direction=_direction(out.values, significant),
                comparison="vs control" if "control" in out.arms else "pre-post",
                stats=stats,
                significant=significant,
            )
        )
    return findings
