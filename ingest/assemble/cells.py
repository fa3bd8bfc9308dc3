"""One table cell → a typed value, the numbers kept as printed.

Notations read (the marks `*`, `†`, `^a`, `¹` that follow a number are kept apart):

    12.3 ± 4.1 · 12.3 (4.1) · 12.3 [4.1] · 12.3 (SD 4.1)        mean with SD
    21 (88%) · 21 (88.0) under an "n (%)" header · 21/24 (88%)   n (%)
    12 [10–15] · 12 (IQR 10-15) · 12 (8, 20) under "range"       median with IQR / range
    0.45 (0.12 to 0.78) · 0.45 [0.12, 0.78] · −0.4 (−0.7–−0.1)   estimate with CI
    t(45) = 2.31 · F(1, 45) = 6.84, p = .012 · χ²(2) = 4.2 · U = 123 · z = −2.1
    p < .001 · <0.001 · ≤.05 · = .012 · ns                      p
    10.93 (<0.001) · 1.47 (0.15) under "t (p)"                   a statistic with its p
    −0.45 · 12 · 88%                                             plain numbers

A header (or row label) passed as `hint` settles what a bare pair means: "21 (88)" is
n (%) under "n (%)" and a mean with SD otherwise; "4 (2–7)" is a median with IQR
under "Median (IQR)" and an estimate with CI otherwise. Minus signs (−, –) become
"-" and a middle-dot decimal "12·3" becomes "12.3"; nothing else about a number is
rewritten (".012" stays ".012").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EMPTY = "empty"
TEXT = "text"
NUMBER = "number"
PERCENT = "percent"
MEAN_SD = "mean_sd"
MEAN_SE = "mean_se"
N_PCT = "n_pct"
MEDIAN_IQR = "median_iqr"
MEDIAN_RANGE = "median_range"
ESTIMATE_CI = "estimate_ci"
INTERVAL = "interval"  # a bare "0.12 to 0.78" in a CI column
TEST = "test"
P = "p"
VALUE_P = "value_p"  # "10.93 (<0.001)": a statistic and its p

NUM = r"[-−–+]?\s?(?:\d{1,3}(?:,\d{3})+(?:[.·]\d+)?|\d+(?:[.·]\d+)?|[.·]\d+)"  # '1,234.5' too
CMP = r"<=|>=|≤|≥|⩽|⩾|<|>|="
MARK_SIGNS = "*†‡§¶#⁎▲△⁺♦◆※"  # '⁎', '▲', '⁺' as several trials print them
_MARK = rf"(?:\^[^\s^]{{1,3}}|[{MARK_SIGNS}]+|[⁰¹²³⁴⁵⁶⁷⁸⁹]+|(?<=[\d)\]%])[a-h](?![A-Za-z])|\^$)"
TRAILING_MARKS = re.compile(rf"(?:\s?{_MARK}(?:\s*,\s*(?={_MARK}))?)+$")
INNER_MARK = re.compile(rf"(?<=[\d%])(?:{_MARK})+(?=\s*[(\[±/])")
RANGE_SEP = r"\s*(?:to|–|—|-|,|;|…|\.\.\.?)\s*"
INNER_LABEL = r"(?:(?:\d{2}\s*%\s*)?CI|IQR|range|SD|SE|SEM)?\s*[:=,]?\s*"

_EMPTY = re.compile(r"^(?:[-–—−]+|n/?a|NA|NR|NE|NC|\.+|/)?$", re.I)
_NS = re.compile(r"^\(?(?:n\.?\s?s\.?|not significant)\)?$", re.I)
# a p printed with a note on its test: '0.03 (one-tailed)', '0.012 (exact test)'
_NOTE = re.compile(r"^(?P<body>[<>=≤≥]?\s*[-−–]?\d*[.·]?\d+)\s*\((?P<note>[^()\d]{3,40})\)$")
_P_MARKED = re.compile(rf"^p\s*\^?[{MARK_SIGNS}]+\s*(?=[<>=≤≥])", re.I)  # 'P* = .05'
_P = re.compile(rf"^(?:p\s*)?(?P<cmp>{CMP})\s*(?P<v>{NUM})$", re.I)
_P_WORD = re.compile(rf"^p\s*(?P<cmp>{CMP})?\s*(?P<v>{NUM})$", re.I)
_NUMBER = re.compile(rf"^(?P<v>{NUM})(?P<pct>\s?%)?$")
_THOUSANDS = re.compile(r"^(?P<v>\d{1,3}(?:,\d{3})+(?:\.\d+)?)$")
_PM = re.compile(rf"^(?P<v>{NUM})\s*(?:±|\+/-|\+-|∓)\s*(?P<s>{NUM})$")
_PAIR = re.compile(
    rf"^(?P<v>{NUM})(?P<pct1>\s?%)?\s*(?P<open>[(\[])\s*(?P<lab>SD|SE|SEM)?\s*[:=]?\s*"
    rf"(?P<s>{NUM})(?P<pct>\s?%)?\s*[)\]]$",
    re.I,
)
# '105.2 ± 11.9 (80.2 – 124.3)', '3.8 ± 3.6 (28)', '−3.3 ± 3.6 [−4.3, −2.3]': a mean ± SD
# with its range, n, median or CI after it
_PM_MORE = re.compile(rf"^(?P<v>{NUM})\s*(?:±|\+/-|\+-)\s*(?P<s>{NUM})\s*[(\[].*[)\]]$")
_SLASH = re.compile(rf"^(?P<v>{NUM})\s*/\s*(?P<s>{NUM})$")
_FRACTION_PCT = re.compile(
    rf"^(?P<v>\d+(?:,\d{{3}})*)\s*/\s*\d+(?:,\d{{3}})*\s*\(\s*(?P<s>{NUM})\s*%?\s*\)$"
)
_WITH_P = re.compile(
    rf"^(?P<v>{NUM})\s*[(\[]\s*(?:p\s*)?(?P<cmp>{CMP})?\s*(?P<p>{NUM})\s*[)\]]$", re.I
)
_INTERVAL = re.compile(
    rf"^(?P<v>{NUM})\s*[(\[]\s*(?P<lab>{INNER_LABEL})(?P<lo>{NUM}){RANGE_SEP}(?P<hi>{NUM})"
    rf"\s*[)\]]$",
    re.I,
)
_BARE_INTERVAL = re.compile(
    rf"^[(\[]?\s*(?P<lo>{NUM}){RANGE_SEP}(?P<hi>{NUM})\s*[)\]]?$",
)
_STAT_NAME = r"(?P<stat>F|t|z|Z|U|H|W|χ\s?²|χ\s?2|χ|X\s?²|X2|chi[\s-]?squared?|chi2|Wald)"
_TEST = re.compile(
    rf"^{_STAT_NAME}\s*(?:\(\s*(?P<df>\d+(?:\.\d+)?(?:\s*,\s*\d+(?:\.\d+)?)?)"
    rf"(?:\s*,\s*N\s*=\s*\d+)?\s*\)|_?\{{?(?P<sub>\d+\s*,\s*\d+|\d+)\}}?|"
    rf"(?P<usub>[₀₁₂₃₄₅₆₇₈₉]+(?:\s*,\s*[₀₁₂₃₄₅₆₇₈₉]+)?))?"
    rf"\s*(?:=|:)\s*(?P<v>{NUM})(?P<rest>.*)$",
)
_REST_P = re.compile(
    rf"^[\s,;]*[(\[]?\s*(?:p\s*)?(?P<cmp>{CMP})?\s*(?P<p>{NUM})\s*[)\]]?\s*$", re.I
)
DECIMAL_COMMA = re.compile(r"(?<![\d.,])0,(?=\d)")
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


@dataclass(frozen=True)
class Cell:
    kind: str
    text: str  # as printed
    value: str = ""  # mean, n, median, estimate, statistic or p, minus written "-"
    spread: str = ""  # SD (or SE) of a mean, the percentage of an n
    low: str = ""  # CI, IQR or range bounds
    high: str = ""
    stat: str = ""  # of a test: F | t | chi2 | z | U | H | W
    df: str = ""  # "1, 45", "45" or ""
    comparator: str = ""  # of a p: < > = ≤ ≥, "" when printed bare
    p: str = ""  # p printed with a statistic, with its comparator unless "=": "<0.001", ".012"
    marks: tuple[str, ...] = ()

    @property
    def is_numeric(self) -> bool:
        return self.kind not in (EMPTY, TEXT)

    @property
    def number(self) -> float | None:
        try:
            return float(self.value)
        except ValueError:
            return None

    @property
    def as_p(self) -> str:
        """The cell read as a p value, as printed: ".012", "<0.001"."""
        if self.kind == P:
            return self.value if self.comparator in ("", "=") else self.comparator + self.value
        if self.kind in (NUMBER, VALUE_P, TEST) and self.p:
            return self.p
        if self.kind == NUMBER:
            return self.value
        return ""


def clean_number(text: str) -> str:
    text = re.sub(r"\s", "", text)
    text = re.sub(r"^[−–]", "-", text)
    return text.replace("·", ".")


def _comparator(text: str) -> str:
    return {"<=": "≤", ">=": "≥", "⩽": "≤", "⩾": "≥"}.get(text, text)


def _stat_name(text: str) -> str:
    text = text.replace(" ", "")
    if text[:1] in "χX" or text.lower().startswith("chi"):
        return "chi2"
    if text == "Z":
        return "z"
    return text


def split_marks(text: str) -> tuple[str, tuple[str, ...]]:
    """'.012^*' → ('.012', ('*',)); '3.1 (0.4)a' → ('3.1 (0.4)', ('a',))."""
    marks: list[str] = []

    def take(m: re.Match[str]) -> str:
        found = re.findall(rf"\^[^\s^]{{1,3}}|[{MARK_SIGNS}]+|[⁰¹²³⁴⁵⁶⁷⁸⁹]+|[a-h]", m.group(0))
        marks.extend(x.lstrip("^") for x in found)
        return ""

    stripped = TRAILING_MARKS.sub(take, text.strip())
    stripped = INNER_MARK.sub(take, stripped)
    return stripped.strip(), tuple(marks)


def _pair_kind(hint: str, pct: bool, label: str, signed: bool = False) -> str:
    """n (%) where the pair or its header says so; a value printed with its sign is a
    change, never a count ('+120.5 (40.0)' in a row 'White cell count')."""
    low = hint.lower()
    if pct or (not signed and re.search(r"\bn\s*\(\s*%|%|\bno\.\s*\(|frequency|count", low)):
        return N_PCT
    if label.upper() in ("SE", "SEM") or re.search(r"\bse(?:m)?\b|standard error", low):
        return MEAN_SE
    return MEAN_SD


def _interval_kind(hint: str, label: str) -> str:
    low = f"{label} {hint}".lower()
    if "iqr" in low or "interquartile" in low or "quartile" in low:
        return MEDIAN_IQR
    if "range" in low or "min" in low:
        return MEDIAN_RANGE
    if "ci" in low.split() or re.search(r"\bci\b|confidence", low):
        return ESTIMATE_CI
    if "median" in low:
        return MEDIAN_IQR
    return ESTIMATE_CI


def parse_cell(text: str, hint: str = "") -> Cell:
    """The typed value of a cell; `hint` is its column header or row label."""
    raw = text
    body, marks = split_marks(re.sub(r"\s+", " ", text).strip())
    body = DECIMAL_COMMA.sub("0.", body)
    body = _P_MARKED.sub("p ", body)
    if note := _NOTE.match(body):
        body = note.group("body")
    if _NS.match(body):
        return Cell(P, raw, comparator="ns", marks=marks)
    if _EMPTY.match(body):
        return Cell(EMPTY if not marks else TEXT, raw, marks=marks)
    if m := _P.match(body) or _P_WORD.match(body):
        cmp = _comparator(m.group("cmp") or "")
        return Cell(P, raw, clean_number(m.group("v")), comparator=cmp, marks=marks)
    if m := _NUMBER.match(body):
        kind = PERCENT if m.group("pct") else NUMBER
        return Cell(kind, raw, clean_number(m.group("v")), marks=marks)
    if m := _THOUSANDS.match(body):
        return Cell(NUMBER, raw, m.group("v"), marks=marks)
    if m := _PM.match(body):
        kind = MEAN_SE if re.search(r"\bSE(?:M)?\b|standard error", hint, re.I) else MEAN_SD
        return Cell(kind, raw, clean_number(m.group("v")), clean_number(m.group("s")), marks=marks)
    if re.search(r"\(\s*p\s*\)|\bp\s*\)|\bp\s*value\s*\)", hint, re.I) and (
        m := _WITH_P.match(body)
    ):
        return Cell(VALUE_P, raw, clean_number(m.group("v")), p=_p_text(m), marks=marks)
    if (m := _WITH_P.match(body)) and m.group("cmp") and m.group("cmp") != "=":
        return Cell(VALUE_P, raw, clean_number(m.group("v")), p=_p_text(m), marks=marks)
    if (m := _PAIR.match(body)) and m.group("pct1") and not m.group("pct"):
        return Cell(PERCENT, raw, clean_number(m.group("v")), marks=marks)
    if (m := _PAIR.match(body)) and not _grouped_range(m.group("v"), m.group("s")):
        signed = m.group("v").lstrip()[:1] in "+-−–"
        kind = _pair_kind(hint, bool(m.group("pct")), m.group("lab") or "", signed)
        return Cell(kind, raw, clean_number(m.group("v")), clean_number(m.group("s")), marks=marks)
    if m := _FRACTION_PCT.match(body):
        return Cell(N_PCT, raw, m.group("v"), clean_number(m.group("s")), marks=marks)
    if m := _INTERVAL.match(body):
        kind = _interval_kind(hint, m.group("lab") or "")
        lo, hi = clean_number(m.group("lo")), clean_number(m.group("hi"))
        return Cell(kind, raw, clean_number(m.group("v")), low=lo, high=hi, marks=marks)
    if m := _TEST.match(body):
        return _test(raw, m, marks)
    if (m := _SLASH.match(body)) and re.search(r"\bSD\b", hint):
        return Cell(
            MEAN_SD, raw, clean_number(m.group("v")), clean_number(m.group("s")), marks=marks
        )
    if m := _PM_MORE.match(body):
        kind = MEAN_SE if re.search(r"\bSE(?:M)?\b|standard error", hint, re.I) else MEAN_SD
        return Cell(kind, raw, clean_number(m.group("v")), clean_number(m.group("s")), marks=marks)
    if (m := _BARE_INTERVAL.match(body)) and re.search(r"\bCI\b|confidence|range|IQR", hint, re.I):
        lo, hi = clean_number(m.group("lo")), clean_number(m.group("hi"))
        return Cell(INTERVAL, raw, low=lo, high=hi, marks=marks)
    return Cell(TEXT, raw, marks=marks)


def _grouped_range(value: str, spread: str) -> bool:
    """'3 (1,100)': a range printed with a comma, not an SD of 1100."""
    try:
        return "," in spread and float(clean_number(value).replace(",", "")) * 10 < float(
            clean_number(spread).replace(",", "")
        )
    except ValueError:
        return False


def _p_text(m: re.Match[str]) -> str:
    cmp = _comparator(m.group("cmp") or "")
    value = clean_number(m.group("p"))
    return value if cmp in ("", "=") else cmp + value


def _test(raw: str, m: re.Match[str], marks: tuple[str, ...]) -> Cell:
    rest = m.group("rest").strip()
    p = ""
    if rest:
        rest_body, rest_marks = split_marks(rest)
        marks = marks + rest_marks
        pm = _REST_P.match(rest_body)
        if pm is None:
            return Cell(TEXT, raw, marks=marks)
        p = _p_text(pm)
    df = m.group("df") or m.group("sub") or (m.group("usub") or "").translate(_SUBSCRIPTS)
    df = re.sub(r"\s*,\s*", ", ", df)
    return Cell(
        TEST,
        raw,
        clean_number(m.group("v")),
        stat=_stat_name(m.group("stat")),
        df=df,
        p=p,
        marks=marks,
    )
