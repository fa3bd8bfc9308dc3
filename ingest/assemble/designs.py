"""Study designs as papers write them → DESIGN.md's vocabulary."""

from __future__ import annotations

import re

_RULES: list[tuple[str, str]] = [
    (r"matched[\s-]*randomi[sz]ed", "matched-randomised-controlled"),
    (
        r"non[\s-]*randomi[sz]ed|quasi[\s-]*experimental|cohort[\s-]*controlled|"
        r"controlled (?:cohort|comparison)|wait[\s-]*list(?:ed)? comparison group",
        "non-randomised-controlled",
    ),
    (
        r"randomi[sz]ed[\s-]*(?:controlled|control|clinical)|\bRCTs?\b|randomi[sz]ed trial|"
        r"randomly (?:assigned|allocated)|(?:were|was|been)\s+randomi[sz]ed|"
        r"randomi[sz]ed\s+(?:to|into)\b",
        "randomised-controlled",
    ),
    (
        r"qualitative|thematic analysis|interpretative phenomenological|grounded theory",
        "qualitative",
    ),
    (
        r"pre[\s\-–]*(?:and[\s-]*)?post|uncontrolled|single[\s-]*(?:group|arm)|before[\s-]and[\s-]after",
        "pre-post",
    ),
    (
        r"cross[\s-]*sectional|correlational survey|compared\s+(?:[\w-]+\s+){0,3}?"
        r"(?:experienced|expert|long-term)\b[^.;]{0,80}?\bwith\s+(?:[\w-]+\s+){0,2}?"
        r"(?:novices?|non-?meditators|beginners|controls?)\b",
        "cross-sectional",
    ),
    (r"experimental|laborator", "experimental"),
    (r"controlled (?:study|trial|design)|control group", "non-randomised-controlled"),
]
_COMPILED = [(re.compile(p, re.IGNORECASE), design) for p, design in _RULES]

CONTROLLED = {"randomised-controlled", "matched-randomised-controlled", "non-randomised-controlled"}


def design_of(text: str) -> str:
    """The design named in `text`, or '' when it names none."""
    for pattern, design in _COMPILED:
        if pattern.search(text):
            return design
    return ""


def comparison_for(design: str) -> str:
    """The comparison a study of this design reports by default."""
    if design in CONTROLLED:
        return "vs control"
    if design in ("pre-post",):
        return "pre-post"
    return ""
