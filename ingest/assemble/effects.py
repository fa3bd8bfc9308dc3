"""Effect statements in result cells and sentences: 'Increase in: mindfulness and
self-compassion; decrease in: rumination', 'no changes in empathy', 'reductions in stress
correlated with reduction in rumination'. Null results are findings too."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .targets import Target, TargetResolver

_INC = r"(?:increases?|increased|improvements?|improved|gains?|enhanced|enhancements?|higher|greater|rises?|more)"
_DEC = r"(?:decreases?|decreased|reductions?|reduced|declines?|declined|drops?|lower|less|fewer)"
_NULL = (
    r"(?:no|not\s+any|did\s+not\s+(?:find|show|observe|identify)\s+(?:any|a)?|"
    r"without(?:\s+any)?|absence\s+of(?:\s+any)?)\s+(?:significant\s+|statistically\s+significant\s+)?"
    r"(?:changes?|impact|effects?|differences?|improvements?|increases?|decreases?)"
)
CUE = re.compile(
    rf"(?<![\w-])(?P<trend>trends?\s+towards?\s+(?:an?\s+)?)?(?P<mod>relative\s+|larger\s+|greater\s+|"
    rf"significant(?:ly)?\s+(?:larger\s+|greater\s+)?|small\s+|modest\s+|marked\s+)?"
    rf"\b(?:(?P<null>{_NULL})|(?P<inc>{_INC})|(?P<dec>{_DEC}))\b"
    rf"(?P<prep>\s+(?:in|on|of|for|to)\b)?\s*:?\s*",
    re.IGNORECASE,
)
STOP = re.compile(
    r"\s*(?:\(|\[|,\s*(?:which|leading|whereas|while|but|although|suggesting|indicating)\b|"
    r"\s(?:which|that|who|compared|relative|as\s+measured|among|after|during|than|when|"
    r"following|because|due|leading|over\s+the|at\s+the|in\s+the|in\s+a|in\s+their|"
    r"from|by\s+the|towards)\b)", re.I)
CORRELATION = re.compile(r"\b(?:correlat\w*|associated\s+with|related\s+to|predict\w*)\b", re.I)
SUBGROUP = re.compile(
    r"\b(?:only|for\s+(?:first|second|some)\b|in\s+(?:first|second)\s+years?)", re.I
)
BETWEEN = re.compile(
    r"\b(?:larger|greater)\s+(?:increase|decrease|reduction)|"
    r"\bin\s+(?:first|second)\s+years?\b|\bthan\b",
    re.I,
)
VERSUS = re.compile(
    r"\b(?:relative|compared\s+(?:to|with)|than\s+(?:the\s+)?control|"
    r"vs\.?\s+control|control\s+group)\b",
    re.I,
)
TAIL = re.compile(
    r"\s*(?:,?\s*(?:compared\s+(?:to|with)\s+(?:the\s+)?(?:control|wait[\s-]*list)"
    r"[\w\s-]*|in\s+(?:first|second)\s+years?(?:\s+only)?|for\s+(?:first|second)"
    r"\s+years?(?:\s+only)?|only|at\s+follow[\s-]*up.*|over\s+time.*))\s*$",
    re.I,
)


@dataclass(frozen=True)
class Effect:
    direction: str  # increase | decrease | no change | mixed
    comparison: str  # '' (study default) | vs control | between groups | correlation
    target: Target
    start: int  # offsets within the analysed text
    end: int
    hedged: bool = False


def _direction(m: re.Match[str]) -> str:
    if m.group("null"):
        return "no change"
    word = (m.group("inc") or m.group("dec") or "").lower()
    if word in ("more", "less", "fewer", "higher", "lower", "greater") and not m.group("prep"):
        return ""  # 'more X' is a change only in lists of reported gains
    return "increase" if m.group("inc") else "decrease"


def _scopes(text: str) -> list[tuple[re.Match[str], str, int, int]]:
    cues = [m for m in CUE.finditer(text) if _direction(m)]
    scopes = []
    for i, m in enumerate(cues):
        end = cues[i + 1].start() if i + 1 < len(cues) else len(text)
        body = text[m.end() : end]
        body = re.sub(r"[\s,;]*\b(?:and|but|while|whereas)\s*$", "", body)
        scopes.append((m, body, m.end(), m.end() + len(body)))
    return scopes


def parse_effects(text: str, resolver: TargetResolver, base: int = 0) -> list[Effect]:
    """Effects in a cell or sentence, one per outcome; offsets shifted by `base`."""
    effects: list[Effect] = []
    for clause_start, clause in _clauses(text):
        comparison = ""
        corr = CORRELATION.search(clause)
        scan_from = 0
        if corr:
            comparison, scan_from = "correlation", corr.end()
        elif VERSUS.search(clause):
            comparison = "vs control"
        for m, body, _, b_end in _scopes(clause[scan_from:]):
            direction = _direction(m)
            body_clean = STOP.split(TAIL.sub("", body), maxsplit=1)[0]
            cmp = comparison
            if (
                not cmp
                and m.group("mod")
                and m.group("mod").strip().lower() in ("larger", "greater")
            ):
                cmp = "between groups"
            if not cmp and BETWEEN.search(body) and "year" in body:
                cmp = "between groups"
            if SUBGROUP.search(body) and cmp != "between groups" and direction != "no change":
                direction = "mixed"
            if not cmp and m.group("mod") and m.group("mod").strip().lower() == "relative":
                cmp = "vs control"
            offset = base + clause_start + scan_from
            for target in resolver.split(body_clean):
                effects.append(
                    Effect(
                        direction,
                        cmp,
                        target,
                        offset + m.start(),
                        offset + b_end,
                        hedged=bool(m.group("trend")),
                    )
                )
    return effects


def _clauses(text: str) -> list[tuple[int, str]]:
    out, start = [], 0
    for m in re.finditer(r";|\.\s+(?=[A-Z])|\.$", text):
        out.append((start, text[start : m.start()]))
        start = m.end()
    if start < len(text):
        out.append((start, text[start:]))
    return [(s, c) for s, c in out if c.strip()]


def list_items(text: str, resolver: TargetResolver, base: int = 0) -> list[Effect]:
    """A cell of reported gains without a cue ('more comfort with silences, …'): each
    item an increase, as participants reported it."""
    body = re.sub(r"^[^:]{0,60}:\s*", "", text.strip())
    if CUE.match(body):
        return parse_effects(body, resolver, base + text.find(body))
    effects = []
    pos = base + text.find(body)
    for item in re.split(r"\s*[,;]\s*", body.rstrip(".")):
        item = item.strip()
        if item:
            target = Target(item, item.lower(), "", resolver.is_construct(item))
            effects.append(Effect("increase", "", target, pos, pos + len(body)))
    return effects
