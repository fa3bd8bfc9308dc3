"""A table's grid read as structure: what each column holds and what each row is.

Columns get their arm, time and quantity from the header rows (`grid_header.py`);
where the header says nothing, the cells say it.

Rows are section rows (a label and no numbers: "Secondary outcomes", an instrument
over its subscales, an outcome over its arm or time rows), arm rows and time rows
(their label names an arm or a time), or data rows; a stub column that names arms
("Group") or times gives each row its arm or time.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from ..document import Table, TableRow
from .arms import TrialArms
from .cells import EMPTY, MEAN_SD, N_PCT, TEXT, Cell, parse_cell, split_marks
from .grid_header import Column, read_columns, with_header_rows
from .headers import GroupArm, arm_of, quantity_of, time_of, time_strip


@dataclass
class GridRow:
    row: TableRow
    label: str  # the outcome label, marks stripped
    kind: str  # section | data | arm | time | continuation | p-values
    cells: list[Cell] = field(default_factory=list)
    arm: GroupArm | None = None
    time: str = ""
    marks: tuple[str, ...] = ()


@dataclass
class Grid:
    columns: list[Column]
    rows: list[GridRow]
    transposed: bool = False  # outcomes in columns, arms and times in rows
    title: str = ""  # the one outcome of a table whose rows are only arms or times

    @property
    def arms(self) -> list[GroupArm]:
        seen: list[GroupArm] = []
        for a in [c.arm for c in self.columns] + [r.arm for r in self.rows]:
            if a is not None and a not in seen:
                seen.append(a)
        return seen

    @property
    def times(self) -> set[str]:
        return {c.time for c in self.columns if c.time} | {r.time for r in self.rows if r.time}


def _kinds(values: list[Cell]) -> Counter[str]:
    return Counter(c.kind for c in values if c.kind != EMPTY)


def read_grid(table: Table, arms: TrialArms) -> Grid:
    table = with_header_rows(table)
    width = max([len(r) for r in table.header] + [len(r.cells) for r in table.rows] + [0])
    cols = read_columns(table, arms, width)
    body = [r.cells + [""] * (width - len(r.cells)) for r in table.rows]
    cols[0].is_label = True
    for c in cols[1:3]:
        texts = [row[c.index] for row in body if row[c.index].strip()]
        parsed = [parse_cell(t, c.header) for t in texts]
        share = sum(p.kind == TEXT for p in parsed) / len(texts) if texts else 0.0
        if share >= 0.9 or (share >= 0.6 and not c.quantity):
            c.is_label = True
            timed = sum(bool(time_of(t)) for t in texts) >= 0.5 * len(texts)
            c.is_time = timed or bool(re.search(r"\btime|visit|assessment", c.header, re.I))
            stubs = [split_marks(t)[0].strip() for t in texts]
            repeated = _arm_labels(stubs, arms, repeats=1)  # a stub of its own: all arms
            c.is_group = not c.is_time and (
                sum(s in repeated for s in stubs) >= 0.5 * len(texts)
                or bool(re.search(r"\b(?:group|arm|condition|treatment)s?\b", c.header, re.I))
            )
        else:
            break
    for c in cols:
        if c.is_label or c.quantity:
            continue
        kinds = _kinds([parse_cell(row[c.index], c.header) for row in body])
        if kinds:
            c.quantity = kinds.most_common(1)[0][0]
    for c in cols:
        if c.is_label:
            c.arm = None  # 'Description' beside 'Control (n = 23)' heads the stub
    _ordered_times(cols)
    col_arms = any(c.arm for c in cols if not c.is_label)
    col_times = any(c.time for c in cols)
    named = {} if col_arms else _arm_labels([_label_of(row, cols)[0] for row in body], arms)
    rows: list[GridRow] = []
    section = ""
    arm_section: GroupArm | None = None
    for table_row, cells in zip(table.rows, body, strict=True):
        row = _row(table_row, cells, cols, arms, named, col_times, section)
        section = row.label if row.kind == "section" else section
        if row.kind == "arm-section":
            arm_section = row.arm
        elif row.kind == "data" and row.arm is None:
            row.arm = arm_section
        elif row.kind == "continuation" and row.arm is None and rows and rows[-1].arm:
            row.arm = rows[-1].arm  # the rows under an arm's first row are the same arm's
        rows.append(row)
    _counts_with_percent(cols, rows)
    return Grid(cols, rows, _transposed(cols, rows), _title(table, cols))


# A stub head that names the rows' kind, not the outcome they measure.
GENERIC_STUB = re.compile(
    r"^(?:groups?|arms?|treatments?|conditions?|interventions?|variables?|parameters?|"
    r"outcomes?|measures?|characteristics?|items?|times?|visits?|periods?|subjects?|"
    r"patients?|participants?|n|no\.?|study groups?|treatment groups?)$",
    re.I,
)
CAPTION_LEAD = re.compile(
    r"^(?:(?:the|a|an|mean|means|median|adjusted|average|comparison|changes?|differences?|"
    r"results?|effects?|values?|levels?|and|±|standard deviations?|SDs?|\(SD\)|"
    r"of|in|on|for|between)\s+)+",
    re.I,
)
CAPTION_TAIL = re.compile(
    r"\s+(?:in|at|before|after|during|among|between|by|across|from|over|versus|vs\.?|"
    r"within|of (?:the )?(?:two|both|study|treatment|intervention|control|placebo)|"
    r"for (?:the )?(?:two|both|each|all|study|treatment|intervention|control|placebo))\b.*$",
    re.I,
)


def caption_outcome(caption: str) -> str:
    """What a caption says the table measures: 'Mean and SD of serum ferritin before and
    after eight weeks' → 'serum ferritin'."""
    text = re.sub(r"\s+", " ", caption).strip(" .:")
    text = CAPTION_LEAD.sub("", CAPTION_TAIL.sub("", text)).strip(" ,;:")
    return text if re.search(r"[A-Za-z]{2}", text) and len(text.split()) <= 8 else ""


def _title(table: Table, cols: list[Column]) -> str:
    """The outcome of a table of arm (or time) rows and no outcome rows: its stub head
    ('Serum ferritin, ng/mL') unless that names the rows' kind ('Group'), else what the
    caption names."""
    stub = split_marks(cols[0].header.split(" / ")[-1])[0].strip() if cols else ""
    if stub and not GENERIC_STUB.match(stub) and not time_of(stub) and not quantity_of(stub)[0]:
        return stub
    return caption_outcome(table.caption)


# 'Change in scores', 'Mean change', 'Difference (post − pre)' under 'Baseline' and
# '4 months' rows (pmc-sample PMC5729492)
CHANGE_ROW = re.compile(
    r"^(?:mean\s+)?(?:change|difference|Δ|delta)(?:\s+(?:in|of)\s+(?:the\s+)?scores?|\s+scores?)?"
    r"(?:\s*\([^)]*\))?$",
    re.I,
)
TOTAL_COLUMN = re.compile(r"^(?:all|total|overall|whole sample|both)\b", re.I)


def _transposed(cols: list[Column], rows: list[GridRow]) -> bool:
    """Outcomes in the columns ('Hemoglobin', 'FBG (mmol/l)'), each row an arm or a
    time: rows that name arms or times, or a stub headed 'Week', 'Time', 'Group'."""
    measured = [
        c
        for c in cols
        if c.outcome
        and not c.is_label
        and c.quantity not in ("", "text", "p", "diff", "ci", "test", "effect", "stats", "df")
        and not TOTAL_COLUMN.match(c.outcome)  # 'All (n = 38)' beside the arms
    ]
    if len(measured) < 1 or any(c.time for c in measured):
        return False
    data = [r for r in rows if r.kind != "section"]
    placed = sum(bool(r.arm or r.time or r.kind in ("arm", "time")) for r in data)
    stub = re.search(
        r"\b(?:weeks?|time|days?|months?|visits?|periods?|hours?|group)\b", cols[0].header, re.I
    )
    # under arm columns, a stub head 'Weeks' or '3-month follow-up' makes the rows times
    # only when their labels read as times ('20', 'Week 4'), not as outcomes
    by_arm = any(c.arm for c in cols if not c.is_label)
    timed = sum(bool(re.fullmatch(r"[\d.\s–-]+", r.label) or time_of(r.label)) for r in data)
    by_stub = bool(stub) and (not by_arm or timed >= 0.6 * len(data))
    return bool(data) and (placed >= 0.6 * len(data) or by_stub)


def _ordered_times(cols: list[Column]) -> None:
    """Without a baseline column, the first of several times ('Day 5', 'Day 45';
    'T1', 'T2') is the one the others are compared with."""
    labels = list(dict.fromkeys(c.time_label for c in cols if c.time))
    if len(labels) < 2 or any(c.time == "pre" for c in cols):
        return
    for c in cols:
        if c.time_label == labels[0]:
            c.time = "pre"


def _label_of(cells: list[str], cols: list[Column]) -> tuple[str, tuple[str, ...]]:
    """A row's label: its inner stub cell ('Subscales' | 'Observing') or its first."""
    inner = next(
        (cells[c.index] for c in cols[1:] if c.is_label and not (c.is_group or c.is_time)), ""
    )
    label, marks = split_marks(inner if inner.strip() else cells[0])
    return re.sub(r"\s+", " ", label).strip(" :"), marks


def _arm_labels(labels: list[str], arms: TrialArms, repeats: int = 2) -> dict[str, GroupArm]:
    """Row labels that name arms: by a cue ('Control', 'MBSR group (n = 20)') or, where
    one repeated label is a control arm, every label repeated under each outcome."""
    counts = Counter(label for label in labels if label)
    named = {label: arm for label in counts if (arm := arm_of(label, arms)) is not None}
    if any(a.role == "control" and counts[label] >= repeats for label, a in named.items()):
        for label, count in counts.items():
            if count >= repeats and label not in named and not time_of(label):
                arm = arm_of(label, arms, sibling=True)
                if arm is not None:
                    named[label] = arm
    return named


def _counts_with_percent(cols: list[Column], rows: list[GridRow]) -> None:
    """'44 (41.9)' under 'Arm (n = 105)' is n (%) when 44 of 105 is 41.9 %."""
    for c in cols:
        size = re.search(r"\bn\s*=\s*(\d+)", c.header, re.I)
        if size is None or int(size.group(1)) == 0:
            continue
        total = int(size.group(1))
        for row in rows:
            cell = row.cells[c.index]
            count = cell.value.replace(",", "")
            if cell.kind == MEAN_SD and count.isdigit():
                share = 100 * int(count) / total
                if abs(share - float(cell.spread.replace(",", ""))) < 0.6:
                    row.cells[c.index] = replace(cell, kind=N_PCT)


def _row(
    table_row: TableRow,
    cells: list[str],
    cols: list[Column],
    arms: TrialArms,
    named_rows: dict[str, GroupArm],
    col_times: bool,
    section: str,
) -> GridRow:
    parsed = [
        parse_cell(text, f"{c.header} {cells[0]} {section}") if not c.is_label else Cell(TEXT, text)
        for c, text in zip(cols, cells, strict=True)
    ]
    label, marks = _label_of(cells, cols)
    arm = None
    time = ""
    for c in cols[1:]:
        if c.is_group and cells[c.index].strip():
            arm = arm_of(cells[c.index], arms, sibling=True) or arm
        if c.is_time and cells[c.index].strip():
            time = time or time_of(cells[c.index])
    numeric = any(p.is_numeric for c, p in zip(cols, parsed, strict=True) if not c.is_label)
    row = GridRow(table_row, label, "data", parsed, arm, time, marks)
    if not numeric:
        row.kind = "section" if label else "continuation"
        if (
            label
            and not any(c.arm for c in cols if not c.is_label)
            and (named := arm_of(label, arms)) is not None
        ):
            row.kind, row.arm = "arm-section", named
        return row
    stubs = [split_marks(cells[c.index])[0].strip() for c in cols if c.is_label]
    if arm is None and any(re.fullmatch(r"p(?:[\s-]?values?)?", s, re.I) for s in stubs):
        row.kind, row.label = "p-values", ""  # the tests of the outcome above, between arms
        return row
    if not label:
        row.kind = "continuation"
        return row
    named = None if arm is not None else named_rows.get(label)
    if named is not None:
        row.kind, row.arm, row.label = "arm", named, ""
        return row
    if not col_times and not time and CHANGE_ROW.match(label):
        row.kind, row.time, row.label = "time", "change", ""  # the change under time rows
        return row
    if not col_times and not time:
        t = time_of(label)
        rest = time_strip(label)
        if t and (
            not rest
            or re.fullmatch(
                r"(?:assessment|measurement|score|test|treatment|intervention)s?", rest, re.I
            )
        ):
            row.kind, row.time, row.label = "time", t, ""
            return row
        trailing = re.match(
            r"^(?P<base>.+?)[\s,(]+(?P<t>pre|post|baseline|follow[\s-]?up|T\d|final|end)\)?$",
            label,
            re.I,
        )
        if trailing:
            row.time, row.label = time_of(trailing.group("t")), trailing.group("base").strip()
    return row
