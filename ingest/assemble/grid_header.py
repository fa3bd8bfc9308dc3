"""The header of a table's grid: what each column holds, read from the header rows above
it (a spanning header cell is repeated over the columns it spans by the JATS reader; in
text tables an upper header cell followed by empty ones spans them, and is carried right
here): an arm (the trial's arm a header names, "MBSR (n = 52)", "Control group"), a time
("Baseline", "Post", "Week 8", "Follow-up"), and a quantity: mean, sd, mean_sd, median,
n_pct, change, diff (a between-arm estimate), ci, test (F, t, χ², z, U with df), p,
effect (d, η², r) or stats (a cell of several statistics). Header rows a reader left at
the top of the body join the header first."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from ..document import Table
from .arms import TrialArms
from .cells import TEXT, parse_cell, split_marks
from .headers import ARM_CUE, GroupArm, arm_of, quantity_of, time_of, time_strip


@dataclass
class Column:
    index: int
    header: str = ""  # the header cells above it, top to bottom
    arm: GroupArm | None = None
    time: str = ""  # pre | post | follow-up
    time_label: str = ""
    quantity: str = ""
    stat: str = ""  # a test's or an effect size's name
    df: str = ""
    is_label: bool = False
    is_group: bool = False  # a stub column naming each row's arm
    is_time: bool = False  # a stub column naming each row's time
    outcome: str = ""  # a header naming what the column measures ('Hemoglobin', 'FBG')


def _filled_header(table: Table, width: int) -> list[list[str]]:
    """Header rows padded to the width; an upper cell is carried right over the empty
    cells beside it that have a lower header cell (a text table's spanning cell)."""
    rows = [list(r[:width]) + [""] * (width - len(r[:width])) for r in table.header]
    for level, row in enumerate(rows[:-1]):
        below = rows[level + 1 :]
        for i in range(1, width):
            carried = i > 1 and not row[i].strip() and row[i - 1].strip()
            if carried and any(b[i].strip() for b in below):
                row[i] = row[i - 1]
    return rows


SIZE_ONLY = re.compile(r"^\W*\(?\s*n\s*=\s*\d+\s*\)?\W*$", re.I)


def _sized(header: list[list[str]]) -> None:
    """A header row that only gives sizes ('(n = 16)') under a row of names: each size
    joins the name above it ('+ PI' → '+ PI (n = 16)'), which says it is an arm."""
    for upper, lower in zip(header, header[1:], strict=False):
        for i, cell in enumerate(lower):
            above = upper[i].strip()
            if (
                i
                and SIZE_ONLY.match(cell)
                and above
                and not re.search(r"\bn\s*=", above, re.I)
                and not time_of(above)  # 'Final visit' over 'N = 53' is a time's sample
                and not quantity_of(above)[0]
            ):
                upper[i] = f"{above} ({cell.strip(' ()')})"


def read_columns(table: Table, arms: TrialArms, width: int) -> list[Column]:
    header = _filled_header(table, width)
    _sized(header)
    cols = [Column(i) for i in range(width)]
    for hrow in header:
        flags = [arm_of(cell, arms) for cell in hrow]
        sibling = any(f is not None and f.role == "control" for f in flags[1:]) or _compared(hrow)
        named = {
            i: a
            for i, cell in enumerate(hrow)
            if i and (a := flags[i] or (arm_of(cell, arms, sibling=True) if sibling else None))
        }
        above = {cols[i].arm for i in named}
        # 'Study group' spanning 'Drug | Control': the names under the span are the arms
        spanned = (
            len({a.name for a in named.values()}) >= 2 and len(above) == 1 and None not in above
        )
        if spanned:
            for i in named:
                cols[i].arm = None
        for i, cell in enumerate(hrow):
            if not cell.strip():
                continue
            c = cols[i]
            c.header = (
                f"{c.header} / {cell}" if c.header and cell not in c.header else c.header or cell
            )
            time = time_of(cell)
            if time:
                c.time, c.time_label = time, cell
            arm = flags[i] or (arm_of(cell, arms, sibling=True) if sibling and i > 0 else None)
            if arm is not None and c.arm is None and i > 0:
                c.arm = arm
            elif arm is not None and c.arm is not None and i > 0 and ARM_CUE.search(cell):
                c.arm = GroupArm(f"{c.arm.name} {arm.name}", c.arm.role)  # a dose under its drug
            quantity, stat, df = quantity_of(cell)
            if quantity:
                c.quantity, c.stat, c.df = quantity, stat or c.stat, df or c.df
            elif i > 0 and not time and arm is None and re.search(r"[A-Za-z]{2,}", cell):
                c.outcome = split_marks(cell)[0].strip()
    names = {c.arm.name for c in cols if c.arm}
    for c in cols:
        parts = re.split(r"\s+[-–−]\s+|\s*[–−]\s*", c.arm.name) if c.arm else []
        if len(parts) == 2 and all(p in names for p in parts):
            c.arm = None  # 'Placebo – Drug': the difference of two arms, no arm
    for c in cols:
        own = split_marks(c.header.split(" / ")[-1])[0]
        if c.arm and c.quantity in ("p", "test", "stats", "diff") and COMPARED.search(own):
            c.arm = None  # 'p, time × treatment' under the last arm's span tests them all
    _arms_before_times(cols, arms)
    _arms_over_times(cols, header, arms)
    return cols


def _arms_over_times(cols: list[Column], header: list[list[str]], arms: TrialArms) -> None:
    """'Diet A' and 'Diet B' each spanning 'Baseline | 12 months', or '6 months' spanning
    'A | A+B': names with no arm cue, each over (or under) the same times as the
    others, are the arms (ei-dev PMC3751456, four tables; PMC5873829; PMC4727391)."""
    if any(c.arm for c in cols[1:]) or not any(c.time for c in cols):
        return
    for row in header:
        names: dict[str, list[int]] = {}
        for i, cell in enumerate(row):
            text = cell.strip()
            if (
                i
                and text
                and not time_of(text)
                and not quantity_of(text)[0]
                and not SIZE_ONLY.match(text)
                and arm_of(text, arms, sibling=True) is not None
            ):
                names.setdefault(text, []).append(i)
        times = [frozenset(cols[i].time for i in at if cols[i].time) for at in names.values()]
        if len(names) >= 2 and all(len(at) >= 2 for at in names.values()) and len(set(times)) == 1:
            if not next(iter(times)):
                continue
            for text, at in names.items():
                for i in at:
                    cols[i].arm = arm_of(text, arms, sibling=True)
            return


COMPARED = re.compile(r"×|\bx\b|interaction|\bbetween\b|\bvs\.?(?!\w)|versus", re.I)


# Column heads that name what a row of one patient or region holds, not a group.
NOT_GROUP = re.compile(
    r"^(?:age|sex|gender|years?|pt|patients?|id|no\.?|number|seed|contrast|regions?|brain|"
    r"cluster|coordinates?|[xyz]|variables?|parameters?|gm|gsd|weight|height|bmi|dose|ss|ms|"
    r"sums?\s+of\s+squares|mean\s+squares?|se|sem|b|beta|coefficients?|estimates?)\b",
    re.I,
)


def _compared(hrow: list[str]) -> bool:
    """A header row that sets two or more plain names before its p or test columns
    ('On-time | Late | P-value', 'Spray | Gargle | p') compares groups: the names are the
    groups compared, as a control arm's name beside them would say."""
    tests = [i for i, c in enumerate(hrow) if i and quantity_of(c)[0] in ("p", "test")]
    named = [
        (i, c)
        for i, c in enumerate(hrow)
        if i
        and c.strip()
        and not quantity_of(c)[0]
        and not time_of(c)
        and re.search(r"[A-Za-z]{2}", c)
        and arm_of(c, TrialArms(), sibling=True) is not None
    ]
    names = [c for _, c in named]
    variables = [c for c in names if NOT_GROUP.match(split_marks(c)[0].strip())]
    # 'Empathic concern | t (p) | Personal distress | t (p)': outcomes, each with its test
    before = bool(named) and bool(tests) and max(i for i, _ in named) < min(tests)
    return before and len(set(names)) >= 2 and not variables


def _arms_before_times(cols: list[Column], arms: TrialArms) -> None:
    """'HIP baseline | HIP 6 m | IV iron baseline | IV iron 6 m': one header cell gives arm
    and time; what is left without the time, the same over several columns and different
    between them, names the arms."""
    if any(c.arm for c in cols[1:]):
        return
    rests: dict[int, str] = {}
    for c in cols[1:]:
        if c.time and not c.quantity:
            rest = time_strip(split_marks(c.time_label)[0])
            if rest and re.search(r"[A-Za-z]", rest) and not quantity_of(rest)[0]:
                rests[c.index] = rest
    counts = Counter(rests.values())
    if len(counts) < 2 or any(n < 2 for n in counts.values()):
        return
    for index, rest in rests.items():
        cols[index].arm = arm_of(rest, arms, sibling=True)


# what a header cell may print with digits: a size, a time, a CI's level
HEADER_DIGITS = re.compile(
    r"\(?\s*n\s*=\s*\d+\s*\)?|\d+(?:\.\d+)?\s*(?:months?|weeks?|days?|years?|mo|wks?|h|hours?|"
    r"min(?:utes?)?)\b|\b(?:week|month|day|visit|year|T|M|W|D)\s*\d+\b|\d+\s*%\s*CI",
    re.I,
)


def _heading_like(cells: list[str]) -> bool:
    """A body row that reads as one more header row: two or more cells beside the stub,
    none a value ('Control (n = 23)', 'Mean (SD)', 'Week 12', 't statistic')."""
    rest = [c for c in cells[1:] if c.strip()]
    return len(rest) >= 2 and all(
        parse_cell(c).kind == TEXT and not re.search(r"\d", HEADER_DIGITS.sub("", c)) for c in rest
    )


def with_header_rows(table: Table) -> Table:
    """The header rows a reader left at the top of the body (a JATS <thead> of one row
    over two more rows of arms and 'Mean (SD)' cells; ei-dev PMC1779263, PMC3917487,
    PMC1914073, PMC3499458, PMC1134663; pmc-sample PMC4004088, PMC60658) join the header."""
    lead = 0
    while lead < min(len(table.rows) - 1, 4) and _heading_like(table.rows[lead].cells):
        lead += 1
    if not lead:
        return table
    header = table.header + [list(r.cells) for r in table.rows[:lead]]
    return replace(table, header=header, rows=table.rows[lead:])
