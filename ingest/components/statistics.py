"""Reported statistics with their exact printed values: `parse_statistics(text)`.

Not a pipeline component: assembly reads the statistics of the clause, cell or
caption it is looking at, which a Doc-wide list would only have to be cut back to.

Reads plain and LaTeX-ish notation alike: "F(1, 44) = 5.917", "t(38) = 2.41",
"χ²(2) = 6.1", "p < .001", "p ≤ .05", "η² = .119", "ηp²", "η_p^2", "partial η²",
"\\eta^2", "Cohen's d = −0.3", "r(45) = −.21", "n = 20", "N = 78", "M = 3.2",
"SD = 0.4" (also "SD, 0.4"), "95% CI [0.1, 0.5]", "β = .2", "α = .91".

Names are normalised (F, t, chi2, p, partial_eta_sq, eta_sq, d, r, n, N, M, SD, CI,
beta, alpha); values are kept as printed (".019" stays ".019") except that any minus
sign becomes "-" and spaces inside the number are dropped. Degrees of freedom are
"1, 44" or "". A confidence interval's value is "low, high" and its level "95%".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ._text import windows


@dataclass(frozen=True)
class Statistic:
    name: str
    value: str
    comparator: str  # = < > ≤ ≥
    df: str
    start: int
    end: int
    level: str = ""  # confidence level of a CI: "95%"


_SQUARED = r"(?:\s*\^\s*\{?\s*2\s*\}?|²|2)"
_ETA = r"(?:η|\\eta(?![A-Za-z])|eta)"
_SUB_P = r"\s*_?\s*\{?\s*p\s*\}?"
NAMES: tuple[tuple[str, str], ...] = (
    ("partial_eta_sq", rf"partial\s+{_ETA}(?:{_SQUARED}|[\s-]squared)"),
    ("partial_eta_sq", rf"{_ETA}{_SUB_P}{_SQUARED}"),
    ("partial_eta_sq", rf"{_ETA}{_SQUARED}{_SUB_P}(?![a-z])"),
    ("eta_sq", rf"{_ETA}(?:{_SQUARED}|[\s-]squared)"),
    ("chi2", rf"(?:χ|\\chi(?![A-Za-z])){_SQUARED}|chi[\s-]?squared?"),
    ("d", r"(?:Cohen['’]?s\s+)?d"),
    ("alpha", r"(?:Cronbach['’]?s\s+)?(?:α|\\alpha(?![A-Za-z])|alpha)"),
    ("beta", r"β|\\beta(?![A-Za-z])|beta"),
    ("SD", r"SD"),
    ("F", r"F"),
    ("t", r"t"),
    ("p", r"[pP](?:[\s-]?values?)?"),
    ("r", r"r"),
    ("n", r"n"),
    ("N", r"N"),
    ("M", r"M"),
)
_NUMBER = r"\d+(?:\.\d+)?"
_VALUE = (
    r"[-−–]?\s?(?:\d+(?:\.\d+)?|\.\d+)"
    r"(?:\s*[×x]\s*10\s*\^?\s*\{?\s*[-−–]?\d+\s*\}?|e[-−]?\d+)?(?![\d.]?\d)"
)
_DF = (
    rf"(?:\s*\(\s*(?P<df1>{_NUMBER})(?:\s*,\s*(?P<df2>{_NUMBER}))?(?:\s*,\s*N\s*=\s*\d+)?\s*\)"
    rf"|\s*_\s*\{{\s*(?P<df3>{_NUMBER})(?:\s*,\s*(?P<df4>{_NUMBER}))?\s*\}})?"
)
_COMPARATOR = (
    r"<=|>=|=<|=>|≤|≥|⩽|⩾|≦|≧|<|>|=|(?:\\leq?|\\geq?|\\lt|\\gt)(?![A-Za-z])|&lt;|&gt;|,|of(?=\s)"
)
STATISTIC = re.compile(
    r"(?<![A-Za-z0-9\\])(?:"
    + "|".join(f"(?P<n{i}>{pattern})" for i, (_, pattern) in enumerate(NAMES))
    + r")[*_]{0,2}"
    + _DF
    + rf"\s*[*_]{{0,2}}\s*(?P<cmp>{_COMPARATOR})\s*(?P<value>{_VALUE})"
)
CONFIDENCE_INTERVAL = re.compile(
    r"(?:(?P<level>\d{2}(?:\.\d+)?)\s*%\s*)?(?<![A-Za-z])(?:CI|confidence\s+interval)\s*[:=,]?\s*"
    rf"(?P<open>[\[(])?\s*(?P<low>{_VALUE})\s*(?:,|;|to|–|—|-)\s*(?P<high>{_VALUE})\s*(?(open)[\])])"
)
_TRIGGER = re.compile(
    r"=|<|>|≤|≥|⩽|⩾|≦|≧|\\[lg](?:eq?|t)|&[lg]t;|SD,|M,|values? of "
)  # literals: fast
_CI_TRIGGER = re.compile(r"CI\b|confidence\s+interval")
_COMPARATORS = {
    "<=": "≤", "=<": "≤", "⩽": "≤", "≦": "≤", "\\le": "≤", "\\leq": "≤",
    ">=": "≥", "=>": "≥", "⩾": "≥", "≧": "≥", "\\ge": "≥", "\\geq": "≥",
    "\\lt": "<", "&lt;": "<", "\\gt": ">", "&gt;": ">", ",": "=", "of": "=",
}  # fmt: skip
_MINUS = re.compile(r"^[−–]")
_SPACE = re.compile(r"\s+")


def _value(printed: str) -> str:
    value = _SPACE.sub("", printed)
    return _MINUS.sub("-", value.replace("−", "-"))


def _name(match: re.Match[str]) -> str:
    for i, (name, _) in enumerate(NAMES):
        if match.group(f"n{i}") is not None:
            return name
    raise AssertionError("a statistic matched without a name")


def _df(match: re.Match[str]) -> str:
    parts = [match.group(g) for g in ("df1", "df2", "df3", "df4")]
    return ", ".join(p for p in parts if p)


def parse_statistics(text: str) -> list[Statistic]:
    found = [s for start, end in windows(text, _TRIGGER, 60, 40) for s in _stats(text, start, end)]
    for start, end in windows(text, _CI_TRIGGER, 12, 80):
        found.extend(_intervals(text, start, end))
    return sorted(found, key=lambda s: s.start)


def _stats(text: str, start: int, end: int) -> Iterator[Statistic]:
    for match in STATISTIC.finditer(text, start, end):
        name, comparator = _name(match), match.group("cmp")
        if comparator == "," and name not in ("M", "SD"):
            continue
        yield Statistic(
            name=name,
            value=_value(match.group("value")),
            comparator=_COMPARATORS.get(comparator, comparator),
            df=_df(match),
            start=match.start(),
            end=match.end(),
        )


def _intervals(text: str, start: int, end: int) -> Iterator[Statistic]:
    for match in CONFIDENCE_INTERVAL.finditer(text, start, end):
        level = match.group("level")
        yield Statistic(
            name="CI",
            value=f"{_value(match.group('low'))}, {_value(match.group('high'))}",
            comparator="=",
            df="",
            start=match.start(),
            end=match.end(),
            level=f"{level}%" if level else "",
        )
