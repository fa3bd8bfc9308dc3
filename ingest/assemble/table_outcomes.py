"""The outcomes of a result table's grid: each outcome row with the arm or time rows
under it, its values per arm and time, the statistics of its comparisons and the
significance marks the paper put on it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..components.statistics import parse_statistics
from ..document import Table, TableRow
from .cells import (
    EMPTY,
    ESTIMATE_CI,
    MEAN_SD,
    MEAN_SE,
    MEDIAN_IQR,
    MEDIAN_RANGE,
    N_PCT,
    NUMBER,
    PERCENT,
    TEST,
    TEXT,
    VALUE_P,
    Cell,
    P,
)
from .grid import Grid, GridRow, GroupArm
from .grid_header import Column

MEAN_LIKE = {"", "number", "mean", "mean_sd", "value"}  # a bare number under these is a score
STAT_KEYS = ("F", "df", "p", "partial_eta_sq", "d", "r")
INTERACTION = re.compile(r"×|\bx\b|interaction|group\s*(?:by|\*)\s*time|time\s*[x×*]\s*group", re.I)
SIGNIFICANCE_NOTE = re.compile(
    r"(?:^|[\s;,.(])\^?(?P<mark>\*{1,3}|[†‡§¶#⁎▲△⁺♦◆※]|[a-h](?=[\s:)=]))\s*[:=)]?\s*"
    r"(?P<text>[^;*†‡§¶#]*)"
)
BETWEEN_WORDS = re.compile(r"control|between|group|compar|vs\.?|versus|placebo|wait", re.I)
WITHIN_WORDS = re.compile(
    r"baseline|pre[\s-]?(?:test|treatment|intervention)|within|over time|previous|before|T0|"
    r"pre\b|time point",
    re.I,
)


@dataclass
class Outcome:
    label: str
    parent: str
    rows: list[TableRow] = field(default_factory=list)
    values: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (arm, time, slot)
    between: dict[str, str] = field(default_factory=dict)  # statistic -> as printed
    within: dict[str, dict[str, str]] = field(default_factory=dict)  # arm -> statistics
    marks: list[tuple[str, str, str]] = field(default_factory=list)  # (arm, time or slot, mark)
    arms: list[GroupArm] = field(default_factory=list)
    row_stats: dict[str, dict[str, str]] = field(default_factory=dict)  # printed on an arm's row

    def settle(self) -> None:
        """Statistics printed on one arm's row only (the first of the outcome's rows)
        test the arms against each other; printed on every arm's row, each its own."""
        if len(self.row_stats) == 1 and len(self.arms) >= 2:
            for key, value in next(iter(self.row_stats.values())).items():
                self.between.setdefault(key, value)
        else:
            for arm, stats in self.row_stats.items():
                for key, value in stats.items():
                    self.within.setdefault(arm, {}).setdefault(key, value)
        self.row_stats = {}


def mark_meanings(table: Table) -> dict[str, str]:
    """Mark → what it flags: 'between' (vs control), 'within' (vs baseline) or 'any'
    (a significant test), read from the footnotes and caption ('* p < .05')."""
    meanings: dict[str, str] = {}
    texts = [n.text for n in table.footnotes] + [table.caption]
    for text in texts:
        for m in SIGNIFICANCE_NOTE.finditer(text):
            note = m.group("text")
            if not re.search(r"\bp\s*[<≤=]|signific", note, re.I):
                continue
            if re.search(r"\bn\.?s\.?\b|not significant|non-?significant", note, re.I):
                continue
            scope = (
                "within"
                if WITHIN_WORDS.search(note)
                else "between"
                if BETWEEN_WORDS.search(note)
                else "any"
            )
            meanings.setdefault(m.group("mark"), scope)
    return meanings


def outcomes(grid: Grid) -> list[Outcome]:
    if grid.transposed:
        return _by_column(grid)
    found: list[Outcome] = []
    current: Outcome | None = None
    parent = ""
    heading = ""
    by_label: dict[tuple[str, str], Outcome] = {}
    first = next((r for r in grid.rows if r.kind != "continuation"), None)
    if first is not None and first.kind in ("arm", "time") and grid.title:
        heading = grid.title  # arm or time rows with no outcome row: the table's own
    for row in grid.rows:
        if row.kind == "arm-section":
            heading, current = "", None
            continue
        if row.kind == "section":
            if heading:
                parent = heading
            heading, current = row.label, None
            continue
        if row.kind in ("arm", "time", "continuation", "p-values"):
            if current is None and heading:
                current = Outcome(heading, parent)
                found.append(current)
                heading = ""
            if current is not None:
                _read(current, row, grid)
            continue
        if heading:
            parent, heading = heading, ""
        again = by_label.get((parent, row.label)) if row.arm is not None else None
        if again is not None and row.arm not in again.arms:
            current = again  # the same outcome under the next arm's section
        elif current is None or not (row.time and current.label == row.label):
            current = Outcome(row.label, parent)
            found.append(current)
            by_label.setdefault((parent, row.label), current)
        _read(current, row, grid)
    for out in found:
        out.settle()
    return [o for o in found if o.values or o.between or o.within]


def _read(out: Outcome, row: GridRow, grid: Grid) -> None:
    out.rows.append(row.row)
    out.marks += [("", "label", m) for m in row.marks]
    ordered = sorted(
        zip(grid.columns, row.cells, strict=True),
        key=lambda cc: (0 if INTERACTION.search(cc[0].header) else 1, cc[0].time == "pre"),
    )
    for col, cell in ordered:
        if col.is_label or cell.kind == EMPTY:
            continue
        arm = row.arm or col.arm
        if arm is not None and arm not in out.arms and cell.kind != TEXT:
            out.arms.append(arm)
        name = arm.name if arm else ""
        time = row.time or col.time
        out.marks += [(name, time or col.quantity, m) for m in cell.marks]
        as_p = row.kind == "p-values" and cell.kind == NUMBER
        stats = statistics_of(replace(col, quantity="p") if as_p else col, cell)
        if stats and time == "pre" and col.arm is None:
            continue  # the arms compared at baseline: no result of the trial
        if stats:
            if col.arm is not None:
                target = out.within.setdefault(name, {})
            elif name:
                target = out.row_stats.setdefault(name, {})
            else:
                target = out.between
            for key, value in stats.items():
                target.setdefault(key, value)
            continue
        _value(out, col, cell, name, time)


def _value(out: Outcome, col: Column, cell: Cell, arm: str, time: str) -> None:
    q = col.quantity
    if time == "change":  # a row of changes under the outcome's time rows
        if arm and cell.kind in (NUMBER, MEAN_SD, MEAN_SE, ESTIMATE_CI, MEDIAN_IQR):
            out.values.setdefault((arm, "", "change"), cell.value)
        return
    key = (arm, time)
    if q in ("change", "diff") and arm and cell.kind in (NUMBER, MEAN_SD, MEAN_SE, ESTIMATE_CI):
        out.values.setdefault((*key, "change"), cell.value)
    elif cell.kind == MEAN_SE:
        out.values.setdefault((*key, "mean"), cell.value)  # an SE is no SD: the mean alone
    elif cell.kind in (MEDIAN_IQR, MEDIAN_RANGE):
        out.values.setdefault((*key, "median"), cell.value)
    elif cell.kind == MEAN_SD:
        out.values.setdefault((*key, "mean"), cell.value)
        out.values.setdefault((*key, "sd"), cell.spread)
    elif cell.kind == N_PCT:
        out.values.setdefault((*key, "pct"), cell.spread)
    elif cell.kind == PERCENT:
        out.values.setdefault((*key, "pct"), cell.value)
    elif cell.kind == ESTIMATE_CI and (arm or time) and q not in ("coef", "effect"):
        out.values.setdefault((*key, "mean"), cell.value)
    elif cell.kind == NUMBER and (arm or time) and q != "coef":
        slot = {"sd": "sd", "pct": "pct", "percent": "pct", "median": "median"}.get(
            q, "mean" if q in MEAN_LIKE else ""
        )  # a median in a column of its own, its IQR beside it
        if slot:
            out.values.setdefault((*key, slot), cell.value)


def statistics_of(col: Column, cell: Cell) -> dict[str, str]:
    """The statistics a test, p or effect-size cell prints, keyed by CSV column."""
    q = col.quantity
    if cell.kind == TEST:
        out = {cell.stat: cell.value}
        if cell.stat in ("F", "t") and (cell.df or col.df):
            out["df"] = cell.df or col.df
        if cell.p:
            out["p"] = cell.p
        return out
    if cell.kind == P:
        return {"p": cell.as_p if cell.comparator != "ns" else "ns"}
    if cell.kind == VALUE_P:
        out = {"p": cell.p}
        if col.stat:
            out[col.stat] = cell.value
            if col.df and col.stat in ("F", "t"):
                out["df"] = col.df
        return out
    if cell.kind == TEXT:
        return _printed(cell.text) if "=" in cell.text else {}
    if cell.kind not in (NUMBER, ESTIMATE_CI):
        return {}
    if q == "p":
        return {"p": cell.value}
    if q == "test" and col.stat:
        out = {col.stat: cell.value}
        if col.df and col.stat in ("F", "t"):
            out["df"] = col.df
        return out
    if q == "effect" and col.stat:
        return {col.stat: cell.value}
    if q == "df":
        return {"df": cell.value}
    if q in ("diff", "ci") and cell.kind == ESTIMATE_CI and (q == "diff" or col.arm is None):
        return {"diff": cell.value}
    return {}


def _printed(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for st in parse_statistics(text):
        key = {"eta_sq": "partial_eta_sq"}.get(st.name, st.name)
        if key in ("F", "t", "p", "partial_eta_sq", "d", "r", "chi2") and key not in out:
            out[key] = st.value if st.comparator in ("=", "") else f"{st.comparator}{st.value}"
            if st.name in ("F", "t") and st.df:
                out.setdefault("df", st.df)
    return out


def _by_column(grid: Grid) -> list[Outcome]:
    """Outcomes in the columns: each column an outcome, each row an arm at a time (a
    row labelled only by its time, '20' under 'Weeks', takes its place in time order)."""
    labels = list(dict.fromkeys(r.label for r in grid.rows if r.kind == "data" and not r.time))
    order = {label: ("pre", "post")[i] if i < 2 else "follow-up" for i, label in enumerate(labels)}
    found: dict[str, Outcome] = {}  # one outcome over the columns of every arm
    for col in grid.columns:
        if not col.outcome or col.is_label or col.quantity in ("", "text", "p"):
            continue
        out = found.setdefault(col.outcome, Outcome(col.outcome, ""))
        for row in grid.rows:
            if row.kind == "section":
                continue
            cell = row.cells[col.index]
            arm = row.arm or col.arm
            if arm is not None and arm not in out.arms:
                out.arms.append(arm)
            name = arm.name if arm else ""
            time = row.time or order.get(row.label, "")
            if re.fullmatch(r"p(?:[\s-]?values?)?", row.label, re.I):
                out.between.update(statistics_of(Column(col.index, quantity="p"), cell))
                continue
            if cell.kind == EMPTY:
                continue
            if row.row not in out.rows:
                out.rows.append(row.row)
            out.marks += [(name, time, m) for m in cell.marks]
            _value(out, col, cell, name, time)
    for out in found.values():
        out.rows.sort(key=lambda r: r.start)
    return [o for o in found.values() if o.values]
