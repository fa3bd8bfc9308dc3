"""What a header cell (or a stub cell) says: an arm of the trial ("MBSR (n = 52)",
"Control group", a bare "Yoga" beside a control), a time ("Baseline", "Week 8",
"Follow-up", "T2"), or a quantity (M, SD, M (SD), n (%), median (IQR), change,
difference, CI, a test with its df, p, an effect size, a cell of statistics)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .arms import CONTROL, TrialArms
from .cells import split_marks

PRE = re.compile(
    r"\b(?:pre(?:[\s-]?(?:test|treatment|intervention|training|course|program(?:me)?))?|"
    r"baseline|before|"
    r"T0|(?:time|week|wk|day|month|visit|year)\s*0|entry|initial|admission|screening|start|enrol+ment)\b|"
    r"^pre(?=[\s\-–(/:,]|$|test|treat|interv|op|train|course|program|rand|trial|study|season|exercis|dos|meal|prandial|surg)|"
    r"^(?:T\s*=\s*0|[MWD]\s?0)\b",  # 'T = 0', 'M0' (month 0), 'W0', 'D0'
    re.I,
)
POST = re.compile(
    r"\b(?:post(?:[\s-]?(?:test|treatment|intervention|training|course|program(?:me)?))?|"
    r"after|end|final|follow[\s-]?up|FU|T\s?[1-9]\d?|time\s*[1-9]|week\s*\d+|wk\s*\d+|"
    r"month\s*\d+|day\s*\d+|\d+\s*(?:weeks?|months?|wks?|mos?|days?|h(?:ou)?rs?|min(?:ute)?s?)|"
    r"discharge|completion|"
    r"session\s*\d+|retest|re-test|outcome\s+assessment)\b|"
    r"^post(?=[\s\-–(/:,]|$|test|treat|interv|op|train|course|program|rand|trial|study|season|exercis|dos|meal|prandial|surg)|"
    r"^(?:T\s*=\s*[1-9]|[MWD]\s?[1-9]\d{0,2}$)",  # 'T = 8 wk', 'M4', 'W12'
    re.I,
)
FOLLOW_UP = re.compile(r"follow[\s-]?up|\bFU\b|month\s*\d+|\d+\s*months?", re.I)
NOT_ARM = re.compile(
    r"^p\b|\bp[\s-]?values?\b|\bestimates?\b|\bwithin\b|\bF\b|\bt\b|η|\beta\b|effect|difference|\bdiff\b|×|interaction|"
    r"between|\bvs\.?|versus|\bCI\b|statistic|\btest\b|\btotal\b|\ball\b|overall|"
    r"whole sample|\bchange\b|\bcohen|\bdf\b|\bsig\b|\bvariable|\boutcome|\bmeasure|"
    r"\bcharacteristic|\bitem\b|\bscale\b|\bmean\b|\bsd\b|\bn\s*\(|\brange\b|\bmedian\b|"
    r"^(?:study|treatment|intervention|trial|randomi[sz]ed)\s+(?:groups|arms)$|^study\s+(?:group|arm)$|"
    r"\bper\b|sub-?groups?\b|\btype\b|\bS?MD\b|\bOR\b|\bRR\b|\bHR\b|ratio|\beach\b|\bsummary\b",
    re.I,
)
CONTROL_ABBREV = re.compile(r"\b(?:UC|WLC|WL|CG|CON|TAU|PBO)\b")  # usual care, wait-list, ...
CONTROL_NAME = re.compile(  # an arm's name puts its control word among its first three
    r"^\W*(?:[\w+/&.-]+\s+){0,2}?(?:control|wait|usual|placebo|sham|TAU|standard|no[\s-]treatment|"
    r"comparison|attention|UC|WLC|WL|CG|CON|PBO)",
    re.I,
)
SUMMARY = re.compile(
    r"[,(\[]?\s*\b(?:means?|M)\s*(?:±|\(|\[|,|/)\s*(?:SD|SE|SEM)\s*[)\]]?|"
    r"[,(\[]?\s*\bn\s*\(\s*%\s*\)[)\]]?|\(\s*%\s*\)|[,(\[]?\s*\bmedian\s*[(\[]\s*(?:IQR|range)\s*[)\]]",
    re.I,
)
ARM_CUE = re.compile(
    r"\(\s*n\s*=\s*\d+\s*\)|\bn\s*=\s*\d+|\b(?:group|arm|condition|cohort)s?\b|"
    r"\b(?:experimental|intervention|treatment|training)\b",
    re.I,
)
# 'Group 1', 'Group P7.5', 'Arm B', 'Group II (n = 30)': an arm the paper numbers or letters
NUMBERED_ARM = re.compile(
    r"^(?:the\s+)?(?:group|arm|cohort)\s+[A-Z0-9][\w.+-]{0,5}(?:\s*\(\s*n\s*=\s*\d+\s*\))?$", re.I
)
GENERIC_EXPERIMENTAL = re.compile(
    r"^(?:the\s+)?(?:experimental|intervention|treatment|training|study|active|EG|IG|TG)"
    r"(?:\s+(?:group|arm|condition))?$",
    re.I,
)
GENERIC_CONTROL = re.compile(
    r"^(?:the\s+)?(?:control|CG|comparison)(?:\s+(?:group|arm|condition))?$", re.I
)
QUANTITIES: list[tuple[str, str]] = [
    ("n_pct", r"\bn\s*\(\s*%\s*\)|\bno\.?\s*\(\s*%\s*\)|\bn\s*/\s*%|\bfrequency\b"),
    ("mean_se", r"\b(?:m|means?)\s*(?:\(\s*sem?\s*\)|±\s*sem?\b|\[\s*sem?\s*\])"),
    (
        "mean_sd",
        r"\b(?:m|means?|x̄)\s*(?:\(\s*s\.?d\.?\s*\)|±\s*s\.?d\b|\[\s*sd\s*\]|/\s*sd\b|,\s*sd\b)|"
        r"^\s*(?:mean\s*)?±\s*sd\s*$",
    ),
    ("median", r"\bmedian\b|\biqr\b"),
    (
        "diff",
        r"\b(?:mean|adjusted|group|between[\s-]group)?\s*diff(?:erence)?s?\b|\bMD\b|\bestimate\b|^B$|^β$",
    ),
    ("change", r"\bchange|Δ|\bgain\b|improvement|reduction"),
    ("ci", r"\bCI\b|confidence"),
    (
        "effect",
        r"(?i:η|\beta\b|\bcohen|\bhedges|effect\s*size|\bES\b|\bSMD\b)|"
        r"(?<![^\W\d_])[dg](?![^\W\d_])|^r$",
    ),
    (
        "test",
        r"^(?:F|t|z|Z|U|H|W|χ\s?²|χ\s?2|χ|X\s?²|X2|chi[\s-]?square[d]?|Wald)(?![A-Za-z]|(?<=^[tTFzZUHW])\d)|"
        r"\b[tFz][\s-](?:value|test)\b|test statistic",
    ),
    ("p", r"^p(?![A-Za-z])|p[\s-]?values?|\bsig\.?(?![a-z])|significance"),
    ("coef", r"coefficient|\bestimate\b|^B$|^β$|\bOR\b|odds ratio|\bRR\b|\bHR\b|hazard|\bAOR\b"),
    ("stats", r"effect|AN(?:C)?OVA|interaction|×|statistic|\btest\b"),
    ("df", r"^df$|degrees? of freedom"),
    ("mean", r"^(?:m|means?|x̄|adjusted means?|estimated means?|score|scores)$"),
    ("sd", r"^(?:sd|s\.d\.|standard deviation)$"),
    ("se", r"^(?:se|sem|s\.e\.)$"),
    ("n", r"^(?:n|no\.?)$"),
    ("pct", r"^%$"),
]
EFFECT_NAMES = [("partial_eta_sq", r"η|eta"), ("r", r"^r$"), ("g", r"hedges|\bg\b"), ("d", r".")]
TEST_NAMES = [
    ("chi2", r"χ|chi|X\s?²|X2"),
    ("F", r"^F|\bF\b"),
    ("t", r"^t|\bt\b"),
    ("z", r"^[zZ]"),
    ("U", r"^U"),
    ("H", r"^H"),
    ("W", r"^W"),
]


@dataclass(frozen=True)
class GroupArm:
    name: str  # as the paper (or TrialArms) names it
    role: str  # experimental | control


# 'change from baseline', 'vs baseline': what a change is measured against, not a time
FROM_BASELINE = re.compile(
    r"(?:\b(?:mean\s+)?(?:change|difference|reduction|increase|decrease|improvement)s?\s+)?"
    r"\b(?:from|vs\.?|versus|relative\s+to|compared\s+(?:with|to)|since|over)\s+baseline\b",
    re.I,
)


def time_of(text: str) -> str:
    text = FROM_BASELINE.sub(" ", text)
    if PRE.search(text):
        return "pre"
    if POST.search(text):
        return "follow-up" if FOLLOW_UP.search(text) else "post"
    return ""


def arm_of(text: str, arms: TrialArms, sibling: bool = False) -> GroupArm | None:
    """The arm a header or a stub cell names; `sibling`: another cell of the same header
    row names an arm, so a bare name ('Yoga') is one too."""
    text, _ = split_marks(text)
    text = text.strip()
    if (
        not text
        or len(text) > 60
        or re.search(r"\d+(?:\.\d+)?\s*(?:\(|±|$)", text)
        and not re.search(r"n\s*=\s*\d+", text, re.I)
        and not NUMBERED_ARM.match(text)
    ):
        return None
    text = SUMMARY.sub("", text).strip(" ,;:")
    if not text or NOT_ARM.search(text) or (time_of(text) and not ARM_CUE.search(time_strip(text))):
        return None
    name = re.sub(r"[(\[]?\s*\bn\s*=\s*\d+\s*[)\]]?|[,;:]$", "", text, flags=re.I).strip(" ,;:")
    known = arms.named(name) if name else None
    if (
        known is not None
        and known.name.lower() not in name.lower()
        and not CONTROL_NAME.match(name)
    ):
        known = None  # named() falls back on the control arm for any 'control' in the text
    if known is not None:
        return GroupArm(known.name, known.role)
    if (
        known is None
        and not ARM_CUE.search(text)
        and is_control(text)
        and not CONTROL_NAME.match(name)
    ):
        return None  # 'Problem in impulse control' is an outcome, not an arm
    if not (ARM_CUE.search(text) or is_control(text) or sibling):
        return None
    if not name or not re.search(r"[A-Za-z]", name):
        return None
    if GENERIC_EXPERIMENTAL.match(name) and arms.experimental is not None:
        return GroupArm(arms.experimental.name, "experimental")
    if GENERIC_CONTROL.match(name) and arms.control is not None:
        return GroupArm(arms.control.name, "control")
    short = re.sub(r"\s*\b(?:group|arm|condition)s?$", "", name, flags=re.I).strip()
    if not short:
        return None
    return GroupArm(short, "control" if is_control(name) else "experimental")


def is_control(name: str) -> bool:
    return bool(CONTROL.search(name) or CONTROL_ABBREV.search(name))


def time_strip(text: str) -> str:
    return POST.sub("", PRE.sub("", text)).strip(" -:,")


def quantity_of(text: str) -> tuple[str, str, str]:
    """(quantity, statistic name, df) a header cell names."""
    text, _ = split_marks(text)
    rest = re.sub(
        r"^(?:pre|post)(?:[\s-]*(?:test|treatment|intervention|training))?[\s-]*",
        "",
        text.strip(),
        flags=re.I,
    )
    rest = rest.strip() or text.strip()
    for name, pattern in QUANTITIES:
        if re.search(pattern, rest, re.I if name not in ("test", "effect") else 0):
            if name == "test":
                stat = next(s for s, p in TEST_NAMES if re.search(p, rest) or s == "W")
                df = re.search(r"\(\s*(\d+(?:\s*,\s*\d+)?)\s*\)|_?(\d+\s*,\s*\d+)", rest)
                return (
                    name,
                    stat,
                    re.sub(r"\s*,\s*", ", ", (df.group(1) or df.group(2))) if df else "",
                )
            if name == "effect":
                stat = next(s for s, p in EFFECT_NAMES if re.search(p, rest, re.I))
                return name, stat, ""
            return name, "", ""
    return "", "", ""
