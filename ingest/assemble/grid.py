"""A table's grid read as structure: what each column holds and what each row is.

Columns get, from the header rows above them (a spanning header cell is repeated over
the columns it spans by the JATS reader; in text tables an upper header cell followed
by empty ones spans them, and is carried right here): an arm (the trial's arm a header
names, "MBSR (n = 52)", "Control group"), a time ("Baseline", "Post", "Week 8",
"Follow-up"), and a quantity: mean, sd, mean_sd, median, n_pct, change, diff (a
between-arm estimate), ci, test (F, t, χ², z, U with df), p, effect (d, η², r) or stats
(a cell of several statistics). Where the header says nothing, the cells say it.

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


def _columns(table: Table, arms: TrialArms, width: int) -> list[Column]:
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


def _kinds(values: list[Cell]) -> Counter[str]:
    return Counter(c.kind for c in values if c.kind != EMPTY)


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


def _with_header_rows(table: Table) -> Table:
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


def read_grid(table: Table, arms: TrialArms) -> Grid:
    table = _with_header_rows(table)
    width = max([len(r) for r in table.header] + [len(r.cells) for r in table.rows] + [0])
    cols = _columns(table, arms, width)
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
