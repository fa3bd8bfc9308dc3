"""AN(C)OVA summary tables: 'Source | df | Mean Square | F | P', one block of source rows
per outcome ('Pre-intervention BAI scores' (the covariate), 'Group', 'Error').

The outcome of a block is the measure its rows name (the covariate's 'pre-test BAI',
a row 'BAI' or a section row); the effect of the intervention is the row of the group
(or group × time) factor, whose F and p it prints, its df paired with the block's error
df. The direction is left to the other reports of that outcome (`records.consolidate`)."""

from __future__ import annotations

import re

from ..document import Table
from ..records import FindingRecord, Span
from .result_tables import significance
from .table_measures import MeasureReader

SOURCE = re.compile(r"^(?:source|sources? of variation|variable|effect|factor)s?\b", re.I)
EFFECT = re.compile(
    r"^(?:groups?|treatment|condition|intervention|arm|group\s*[x×*]\s*time|time\s*[x×*]\s*group|"
    r"interaction|between(?:[\s-]+groups?)?)\b",
    re.I,
)
ERROR = re.compile(r"^(?:error|residual|within(?:[\s-]+groups?)?)\b", re.I)
NOT_OUTCOME = re.compile(r"^(?:total|corrected total|intercept|constant|model|time)\b", re.I)
COVARIATE = re.compile(
    r"^(?:pre[\s-]*(?:intervention|test|treatment)?|baseline|covariate:?)\s*(?P<what>.*?)"
    r"(?:\s+(?:scores?|values?))?$",
    re.I,
)
NUMBER = re.compile(r"^[-−]?\d*\.?\d+$")


def is_anova_table(table: Table) -> bool:
    """A header with a source column and an F column."""
    for header in table.header:
        cells = [c.strip() for c in header]
        if (
            cells
            and SOURCE.match(cells[0])
            and any(c in ("F", "F value", "F-value") for c in cells)
        ):
            return True
    return False


def _columns(table: Table) -> dict[str, int]:
    names = {"df": r"d\.?f\.?", "F": r"F(?:[\s-]?value)?", "p": r"p(?:[\s-]?value)?|sig\.?"}
    found: dict[str, int] = {}
    for header in table.header:
        for i, cell in enumerate(header):
            for key, pattern in names.items():
                if key not in found and re.fullmatch(pattern, cell.strip(), re.I):
                    found[key] = i
    return found


def anova_findings(table: Table, study: str, measures: MeasureReader) -> list[FindingRecord]:
    if not is_anova_table(table):
        return []
    cols = _columns(table)
    if "F" not in cols:
        return []
    findings: list[FindingRecord] = []
    outcome: tuple[str, str] = ("", "")
    pending: list[tuple[FindingRecord, str]] = []  # effects waiting for their error df
    for row in table.rows:
        label = row.cells[0].strip() if row.cells else ""
        cell = {k: row.cells[i].strip() if i < len(row.cells) else "" for k, i in cols.items()}
        if ERROR.match(label):
            for finding, df in pending:
                if df and NUMBER.match(cell.get("df", "")):
                    finding.stats["df"] = f"{df}, {cell['df']}"
            pending = []
            continue
        if EFFECT.match(label):
            if not (outcome[0] or outcome[1]) or not NUMBER.match(cell["F"]):
                continue
            stats = {"F": cell["F"]}
            if NUMBER.match(cell.get("p", "").lstrip("<>=≤")):
                stats["p"] = cell["p"]
            span = Span(row.start, row.end, table.label, 0.8)
            finding = FindingRecord(
                study, span, construct=outcome[0], instrument=outcome[1], comparison="vs control"
            )
            finding.stats = stats
            finding.significant = significance(stats.get("p", ""))
            findings.append(finding)
            pending.append(
                (finding, cell.get("df", "") if NUMBER.match(cell.get("df", "")) else "")
            )
            continue
        if NOT_OUTCOME.match(label) or not label:
            continue
        covariate = COVARIATE.match(label)
        named = measures.read(covariate.group("what") if covariate else label)
        if named[0] or named[1]:
            outcome = named
    return findings
