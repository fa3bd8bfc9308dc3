"""Study tables of reviews: one row per study (author–year, N, sample, design, arms,
measures, results) → studies, and their result cells → findings."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Table, TableRow
from ..records import ArmRecord, FindingRecord, Span, StudyRecord
from .designs import comparison_for, design_of
from .effects import list_items, parse_effects
from .targets import TargetResolver

AUTHOR_YEAR = re.compile(
    r"^(?P<first>[A-Z][\w'’\-]+(?:\s[A-Z][\w'’\-]+)?)(?P<rest>\s+et\s+al\.?|\s+(?:and|&)\s+"
    r"[A-Z][\w'’\-]+)?,?\s+\(?(?P<year>(?:19|20)\d{2}[a-z]?)\)?$"
)
COLUMNS: list[tuple[str, str]] = [
    ("qualitative", r"qualitative"),
    ("instruments", r"measure|instrument|questionnaire"),
    ("results", r"result|finding|outcome|effect"),
    ("n", r"^n$|^n\s|sample size|^participants \(n\)|number"),
    ("design", r"design|type of study"),
    ("follow_up", r"follow"),
    ("control", r"control|comparison"),
    ("treatment", r"treatment|intervention|programme|program|training|condition"),
    ("home_practice", r"home practice|practice measured"),
    ("analysis", r"analysis"),
    ("sample", r"sample|participants|population|setting"),
    ("study", r"^(?:authors?|study|studies|reference|first author|citation)"),
]
N_IN_CELL = re.compile(r"\b[nN]\s*=\s*(\d+)(?:\s*/\s*\d+)?")
NONE_CELL = re.compile(r"^(?:na|n/a|none|-|–|—|no|not applicable)?$", re.I)


@dataclass
class StudyRow:
    study: StudyRecord
    results: str = ""
    results_start: int = -1
    qualitative: bool = False


def column_roles(header: list[str]) -> dict[int, str]:
    roles: dict[int, str] = {}
    for i, name in enumerate(header):
        text = name.strip().lower()
        for role, pattern in COLUMNS:
            if re.search(pattern, text) and role not in roles.values():
                roles[i] = role
                break
    return roles


def cite(cell: str) -> tuple[str, str, str] | None:
    """(label as cited, first author, year) of an author–year cell."""
    m = AUTHOR_YEAR.match(cell.strip())
    if not m:
        return None
    rest = re.sub(r"\s+", " ", m.group("rest") or "")
    if rest.strip().startswith(("et", "et al")):
        rest = " et al."
    return f"{m.group('first')}{rest} {m.group('year')}", m.group("first"), m.group("year")


def is_study_table(table: Table) -> bool:
    cited = sum(1 for r in table.rows if r.cells and cite(r.cells[0]))
    return cited >= 2 or (cited >= 1 and len(table.rows) <= 2)


def _cell_start(row: TableRow, index: int) -> int:
    pieces = row.text.split("\t")
    if len(pieces) == len(row.cells):
        return row.start + sum(len(p) + 1 for p in pieces[:index])
    found = row.text.find(row.cells[index]) if row.cells[index] else -1
    return row.start + max(found, 0)


def _merge_continuations(table: Table) -> list[tuple[TableRow, list[str]]]:
    merged: list[tuple[TableRow, list[str]]] = []
    for row in table.rows:
        cells = list(row.cells)
        if merged and (not cells or not cells[0].strip()):
            prev_row, prev = merged[-1]
            for i, cell in enumerate(cells):
                if cell.strip():
                    while len(prev) <= i:
                        prev.append("")
                    prev[i] = f"{prev[i]} {cell}".strip()
            continue
        merged.append((row, cells))
    return merged


def _arms(treatment: str, control: str) -> list[ArmRecord]:
    arms = []
    for role, cell in (("treatment", treatment), ("control", control)):
        if NONE_CELL.match(cell.strip()):
            continue
        m = N_IN_CELL.search(cell)
        description = N_IN_CELL.sub("", cell).strip(" ;,.")
        arms.append(ArmRecord(role, m.group(1) if m else "", description))
    return arms


def study_rows(
    table: Table, resolver: TargetResolver, known_interventions: list[str]
) -> list[StudyRow]:
    header = table.header[-1] if table.header else []
    roles = column_roles(header)
    roles.setdefault(0, "study")
    qualitative_table = "qualitative" in table.caption.lower() or "qualitative" in roles.values()
    out = []
    for row, cells in _merge_continuations(table):
        cited = cite(cells[0]) if cells else None
        if not cited:
            continue
        get = {role: cells[i].strip() if i < len(cells) else "" for i, role in roles.items()}
        label, first, year = cited
        design = design_of(get.get("design", "")) or ("qualitative" if qualitative_table else "")
        n = get.get("n", "")
        n = n if n.isdigit() else (N_IN_CELL.search(n).group(1) if N_IN_CELL.search(n) else "")  # type: ignore[union-attr]
        treatment = get.get("treatment", "")
        study = StudyRecord(
            label=label,
            first_author=first,
            year=year,
            span=Span(row.start, row.end, table.section or table.label, 0.9),
            n=n,
            sample=get.get("sample", ""),
            design=design,
            follow_up=get.get("follow_up", ""),
            intervention=next(
                (iv for iv in known_interventions if re.search(rf"\b{re.escape(iv)}\b", treatment)),
                "",
            ),
            control=N_IN_CELL.sub("", get.get("control", "")).strip(" ;,.")
            if not NONE_CELL.match(get.get("control", "").strip())
            else "",
            arms=_arms(treatment, get.get("control", "")),
            instruments=[
                i.strip()
                for i in re.split(r"[,;]", get.get("instruments", ""))
                if i.strip() and not NONE_CELL.match(i.strip())
            ],
            qualitative=qualitative_table,
            home_practice_measured=_yes_no(get.get("home_practice", "")),
        )
        results_index = next((i for i, r in roles.items() if r == "results"), None)
        results = (
            cells[results_index] if results_index is not None and results_index < len(cells) else ""
        )
        start = _cell_start(row, results_index) if results_index is not None else -1
        out.append(StudyRow(study, results, start, qualitative_table))
    return out


def _yes_no(cell: str) -> bool | None:
    low = cell.strip().lower()
    return True if low.startswith("yes") else False if low.startswith("no") else None


def row_findings(row: StudyRow, resolver: TargetResolver, section: str) -> list[FindingRecord]:
    if not row.results:
        return []
    st = row.study
    if row.qualitative:
        effects = list_items(row.results, resolver, row.results_start)
    else:
        effects = parse_effects(row.results, resolver, row.results_start)
    default = "" if row.qualitative else comparison_for(st.design)
    findings = []
    for e in effects:
        findings.append(
            FindingRecord(
                study=st.label,
                span=Span(e.start, e.end, section, 0.75 if e.target.known else 0.6),
                construct=e.target.construct,
                instrument=e.target.instrument,
                intervention=st.intervention,
                direction=e.direction,
                comparison=e.comparison or default,
            )
        )
    return findings


def listed_measures(tables: list[Table]) -> dict[str, Span]:
    """Every measure named in the measures column of the paper's study tables."""
    found: dict[str, Span] = {}
    for table in tables:
        if not is_study_table(table):
            continue
        roles = column_roles(table.header[-1] if table.header else [])
        column = next((i for i, r in roles.items() if r == "instruments"), None)
        if column is None:
            continue
        for row in table.rows:
            if column < len(row.cells) and row.cells[0].strip() and cite(row.cells[0]):
                start = _cell_start(row, column)
                for item in re.split(r"\s*[,;]\s*", row.cells[column]):
                    item = item.strip()
                    if item and not NONE_CELL.match(item):
                        found.setdefault(
                            item, Span(start, start + len(row.cells[column]), table.label, 0.7)
                        )
    return found
