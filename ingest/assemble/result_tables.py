"""Result tables of the own trial → one finding per outcome row × comparison.

The grid (`grid.py`) says what each column and row holds, the cells (`cells.py`) what
each value is, and `table_outcomes.py` gathers each outcome with its values. From an
outcome come a between-arm finding (each experimental arm against the control arm:
"vs control", or "between groups" when no arm is a control) and within-arm findings
over time ("pre-post") where the table tests them (a p per arm, a mark whose footnote
says "vs baseline", or a table of one arm). Direction comes from the numbers (the
difference in change, else in post scores), significance from the p printed or from
the paper's marks; statistics are kept as printed. Baseline-characteristics tables
(age, sex, n (%)) are not result tables.

Checked on the tables of `pmc-sample`, `devgold/papers` and the tuning part of `ei-dev`
(PMC numbers not ending in 0 or 5): the layouts read are arms side by side with pre/post
columns, arms in rows under an outcome (or in a "Group" stub column), one arm over
time with t/p columns, and p, test or effect-size columns or combined statistics cells.
"""

from __future__ import annotations

import re

from ..document import Table
from ..records import FindingRecord, Span
from .arms import TrialArms
from .grid import Grid, GroupArm, read_grid
from .headers import time_of, time_strip
from .table_measures import MeasureReader
from .table_outcomes import STAT_KEYS, Outcome, mark_meanings, outcomes
from .targets import TargetResolver

BASELINE_CAPTION = re.compile(
    r"baseline (?:characteristics|data|demographics?|variables|values|features)|demographic|"
    r"characteristics|socio-?economic|participants?['’]?\s+(?:profile|details)|"
    r"sample description|clinical features|general (?:data|information)",
    re.I,
)
BASELINE_START = re.compile(
    r"^\W*(?:\(?[a-z0-9]\)\s*)?(?:(?:the|baseline|demographic|socio-?demographic|clinical|participants?|patients?|"
    r"sample|subjects?|study|general|descriptive|and|of)['’]?s?\s+)*"
    r"(?:characteristics|demographics|profile|description)\b",
    re.I,
)
BASELINE_STRONG = re.compile(
    r"baseline (?:characteristics|demographics?)|socio-?demographic|demographic (?:data|characteristics)|"
    r"characteristics of (?:the )?(?:participants|patients|subjects|sample|study population|women|men)",
    re.I,
)
NOT_BASELINE = re.compile(
    r"outcome measures? (?:at|by)|results|\bpost|follow|change|after|week|month|end\b", re.I
)
DEMOGRAPHIC = re.compile(
    r"^(?:age|sex|gender|female|male|women|men|education|marital|married|single|employ|"
    r"income|ethnic|race|white|black|bmi|body mass|height|occupation|smok|religio|living|"
    r"years of (?:education|experience|schooling)|nationality|work experience|job|profession)",
    re.I,
)
GROUPS = re.compile(r"\bgroups?\b|ANCOVA|ANOVA|between|control|compar|arms?\b", re.I)
AT_BASELINE = re.compile(r"^(?:mean|median)?\s*(?:±\s*sd\s*)?(?:at\s+)?baseline\b", re.I)
SOURCE_ROW = re.compile(
    r"^(?:error|residual|total|corrected total|intercept|constant|model|within groups?|"
    r"between groups?|groups?|time|group\s*[x×*]\s*time|interaction|covariates?|"
    r"(?:pre|baseline)\b.*)$",
    re.I,
)
NOT_RESULTS = re.compile(
    r"correlation|factor loading|reliability|psychometric|cronbach|regression|predictor|"
    r"intercorrelation|frequenc(?:y|ies) of|themes?\b|quotes?\b|schedule|overview|timeline|"
    r"adverse events?|content of|sessions?\b.*\b(?:content|topics)",
    re.I,
)


def is_baseline_table(table: Table) -> bool:
    caption = table.caption
    labels = [r.cells[0] for r in table.rows if r.cells]
    if re.search(r"\bat baseline\b", caption, re.I) and not NOT_BASELINE.search(caption):
        return True
    if (
        BASELINE_START.match(caption)
        or BASELINE_STRONG.search(caption)
        or (BASELINE_CAPTION.search(caption) and not NOT_BASELINE.search(caption))
    ):
        return True
    demographic = sum(bool(DEMOGRAPHIC.match(label.strip())) for label in labels)
    return demographic >= 2 and demographic >= 0.2 * len(labels)


def _shape(table: Table, arms: TrialArms) -> tuple[Grid, list[Outcome]] | None:
    if not table.rows or is_baseline_table(table) or NOT_RESULTS.search(table.caption):
        return None
    grid = read_grid(table, arms)
    found = outcomes(grid)
    compared = [
        o
        for o in found
        if len({a.name for a in o.arms if _measured(o, a.name)}) >= 2
        or (_measured(o, "") and len(o.arms) <= 1 and {"pre", "post"} <= _times(o))
        or (len(o.arms) == 1 and {"pre", "post"} <= _times(o, o.arms[0].name))
        or (o.within and any(_times(o, a) for a in o.within))
        or _tested_between(o, table)
    ]
    if not any(_analysed(o) for o in compared):
        return None
    return grid, compared


def _tested_between(out: Outcome, table: Table) -> bool:
    """A row of tests between the arms with no arm columns: an AN(C)OVA of group."""
    return (
        not out.arms
        and not out.values
        and bool({"F", "t"} & set(out.between))
        and "p" in out.between
        and bool(GROUPS.search(table.caption))
        and not SOURCE_ROW.match(out.label)
    )


def _analysed(out: Outcome) -> bool:
    """Tested, or at least summarised with a spread: plain counts are not results."""
    return bool(
        out.between
        or any(out.within.values())
        or any(k[2] in ("sd", "pct") for k in out.values)
        or any(m == "*" or not m.isalpha() for _a, _s, m in out.marks)
    )


def _measured(out: Outcome, arm: str) -> bool:
    return any(k[0] == arm and k[2] in ("mean", "change", "pct", "median") for k in out.values)


def _times(out: Outcome, arm: str = "") -> set[str]:
    return {k[1] for k in out.values if k[0] == arm and k[1]}


def is_result_table(table: Table, arms: TrialArms | None = None) -> bool:
    return _shape(table, arms or TrialArms()) is not None


def table_findings(
    table: Table, study: str, arms: TrialArms, resolver: TargetResolver, known: set[str]
) -> list[FindingRecord]:
    shaped = _shape(table, arms)
    if shaped is None:
        return []
    grid, found = shaped
    meanings = mark_meanings(table)
    uses_marks = not any("p" in o.between for o in found) and any(
        meanings.get(m) == "between" or (meanings.get(m) == "any" and not arm)
        for o in found
        for arm, slot, m in o.marks
        if slot != "label"
    )
    measures = MeasureReader(resolver, known)
    findings: list[FindingRecord] = []
    for out in found:
        if (
            DEMOGRAPHIC.match(out.label)
            or SOURCE_ROW.match(out.label)
            or AT_BASELINE.match(out.label)
            or _at_baseline(out.parent)
        ):
            continue  # a baseline check or an ANOVA source row, not an outcome
        construct, instrument = measures.read(out.label, out.parent)
        if not construct and not instrument:
            continue  # a row naming nothing ('<5', a bare range)
        span = Span(out.rows[0].start, out.rows[-1].end, table.label, 0.9)
        base = FindingRecord(study, span, construct=construct, instrument=instrument)
        findings += _between(out, base, arms, meanings, uses_marks)
        findings += _within(out, base, arms, meanings)
    return findings


def _at_baseline(section: str) -> bool:
    """A section row naming the baseline only ('Baseline', 'Pre-treatment') over the
    outcomes compared at each time (pmc-sample PMC3772033, PMC4301654, PMC5654748)."""
    return time_of(section) == "pre" and not re.sub(r"[\W\d]+", "", time_strip(section))


def _arm_values(out: Outcome, arm: str, side: str) -> dict[str, str]:
    values: dict[str, str] = {}
    post = next((t for t in ("post", "", "follow-up") if (arm, t, "mean") in out.values), "")
    for time, slot in (("pre", "pre"), (post, "post")):
        for q in ("mean", "sd"):
            value = out.values.get((arm, time, q), "")
            if value and (time or slot == "post"):
                values[f"{slot}_{q}_{side}"] = value
    return values


def _change(out: Outcome, arm: str, levels: tuple[str, ...] = ("mean",)) -> float | None:
    """An arm's change: as printed, else its level after less its level before (a mean;
    with `levels`, else a share or a median: '76.9%' before and '96.7%' after a survey's
    teaching, tested)."""
    for (a, _t, slot), value in out.values.items():
        if a == arm and slot == "change":
            return _float(value)
    level = next((q for q in levels if (arm, "pre", q) in out.values), "mean")
    post = next((t for t in ("post", "", "follow-up") if (arm, t, level) in out.values), None)
    if post is None:
        return None
    after, before = _float(out.values[(arm, post, level)]), out.values.get((arm, "pre", level))
    if after is None:
        return None
    if before is not None and post:
        start = _float(before)
        return None if start is None else after - start
    return None


def _level(out: Outcome, arm: str) -> float | None:
    for time in ("post", "", "follow-up"):
        for slot in ("mean", "pct", "median"):
            value = out.values.get((arm, time, slot))
            if value is not None:
                return _float(value)
    return None


def _float(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def significance(p: str) -> bool | None:
    if p == "ns":
        return False
    m = re.fullmatch(r"([<>≤≥=]?)\s*(-?\d*\.?\d+)", p.strip())
    if m is None:
        return None
    value = float(m.group(2))
    if m.group(1) in ("<", "≤"):
        return value <= 0.05
    if m.group(1) in (">", "≥"):
        return False if value >= 0.05 else None
    return value < 0.05


def _direction(delta: float | None, significant: bool | None) -> str:
    """From the numbers; untested differences too (a descriptive table's direction)."""
    if significant is False:
        return "no change"
    if delta is None:
        return ""
    if delta == 0:
        return "" if significant else "no change"
    return "increase" if delta > 0 else "decrease"


def _marked(out: Outcome, meanings: dict[str, str], scopes: set[str], where: set[str]) -> bool:
    return any(
        (m in meanings and meanings[m] in scopes) or (m == "*" and not meanings)
        for arm, slot, m in out.marks
        if arm in where or slot in where
    )


def _pairs(out: Outcome, arms: TrialArms) -> list[tuple[GroupArm, GroupArm]]:
    measured = [a for a in out.arms if _measured(out, a.name)]
    if not out.arms and not out.values and {"F", "t"} & set(out.between):
        named_e, named_c = arms.experimental, arms.control
        return [
            (
                GroupArm(named_e.name if named_e else "", "experimental"),
                GroupArm(named_c.name if named_c else "", "control"),
            )
        ]
    if len(measured) < 2:
        return []
    control = next((a for a in measured if a.role == "control"), measured[-1])
    return [(a, control) for a in measured if a != control and a.role == "experimental"] or [
        (measured[0], control)
    ]


def _between(
    out: Outcome,
    base: FindingRecord,
    arms: TrialArms,
    meanings: dict[str, str],
    uses_marks: bool,
) -> list[FindingRecord]:
    findings = []
    for treated, control in _pairs(out, arms):
        if treated.name == control.name and out.arms:
            continue
        stats = {k: v for k, v in out.between.items() if k in STAT_KEYS and v != "ns"}
        stats.update(_arm_values(out, treated.name, "treatment"))
        stats.update(_arm_values(out, control.name, "control"))
        p = out.between.get("p", "")
        significant = significance(p) if p else None
        if significant is None and not p:
            where = {"", "label", "test", "p", "effect", "stats", "diff"}
            if _marked(out, meanings, {"between", "any"}, where) or _marked(
                out, meanings, {"between"}, {treated.name}
            ):
                significant = True
            elif uses_marks:
                significant = False
        a, b = _change(out, treated.name), _change(out, control.name)
        delta = a - b if a is not None and b is not None else None
        if delta is None:
            x, y = _level(out, treated.name), _level(out, control.name)
            delta = x - y if x is not None and y is not None else None
        findings.append(
            _finding(
                base,
                treated.name,
                control.name,
                "vs control" if control.role == "control" else "between groups",
                stats,
                significant,
                _direction(delta, significant),
            )
        )
    return findings


def _within(
    out: Outcome, base: FindingRecord, arms: TrialArms, meanings: dict[str, str]
) -> list[FindingRecord]:
    findings = []
    single = len({a.name for a in out.arms}) <= 1
    names = [a.name for a in out.arms] or [""]
    for name in names:
        stats = dict(out.within.get(name, {}))
        if single:
            for k, v in out.between.items():
                stats.setdefault(k, v)
        p = stats.get("p", "")
        significant = significance(p) if p else None
        if significant is None and not p:
            scopes = (
                {"within", "any"} if single or {"pre", "post"} <= _times(out, name) else {"within"}
            )
            if _marked(out, meanings, scopes, {name} if name else {"", "label"}):
                significant = True
        change = _change(out, name, ("mean", "pct", "median") if significant is not None else ())
        if change is None or (significant is None and not single):
            continue
        values = {k: v for k, v in stats.items() if k in STAT_KEYS and v != "ns"}
        values.update(_arm_values(out, name, "treatment"))
        intervention = name or (arms.experimental.name if arms.experimental else "")
        findings.append(
            _finding(
                base,
                intervention,
                "",
                "pre-post",
                values,
                significant,
                _direction(change, significant),
            )
        )
    return findings


def _finding(
    base: FindingRecord,
    intervention: str,
    comparator: str,
    comparison: str,
    stats: dict[str, str],
    significant: bool | None,
    direction: str,
) -> FindingRecord:
    return FindingRecord(
        study=base.study,
        span=base.span,
        construct=base.construct,
        instrument=base.instrument,
        intervention=intervention,
        comparator=comparator,
        direction=direction,
        comparison=comparison,
        stats=stats,
        significant=significant,
    )


__all__ = ["is_baseline_table", "is_result_table", "significance", "table_findings"]
