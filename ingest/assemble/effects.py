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
    rf"\b(?:(?P<null>{_NULL})|(?P<level>(?:the\s+)?(?:(?:highest|lowest|higher|lower|high|low|elevated)\s+(?:levels?|rates?|scores?|prevalence)|(?:estimated\s+)?prevalence))|(?P<inc>{_INC})|(?P<dec>{_DEC})|(?P<neutral>changes?|differences?))\b"
    rf"(?:\s*\([^()]{{0,40}}\))?(?P<prep>\s+(?:in|on|of|for|to)\b)?\s*:?\s*",
    re.IGNORECASE,
)
STOP = re.compile(
    r"(?:^|\s*)(?:\(|\[|,\s*(?:which|leading|whereas|while|but|although|suggesting|indicating)\b|"
    r"(?:^|\s)(?:which|that|who|compared|relative|as\s+measured|among|after|during|than|when|"
    r"following|because|due|leading|over\s+the|at\s+the|in\s+the|in\s+a|in\s+their|"
    r"from|by\s+the|towards|along\s+with|over\s+time|until|reported|found|observed|seen|"
    r"described|noted|shown|in\s+(?:a|one)\s+sample|did|does|do|was|were|is|are|had|has|"
    r"have|remained|reached|thought|believed|known|considered|assumed|presumed|involved)\b)",
    re.I,
)
NEGATED = re.compile(
    r"\b(?:not|neither|nor|never|failed\s+to|fail\s+to)\b(?:\s+(?!only\b)[\w-]+){0,3}?\s*$",
    re.I,
)
NOT_SIGNIFICANT = re.compile(
    r"\b(?:did\s+not\s+reach\s+(?:statistical\s+)?significance|(?:was|were)\s+not\s+"
    r"(?:statistically\s+)?significant|non-?significant|n\.s\.)",
    re.I,
)
INCLUDING = re.compile(r",?\s+(?:including|such as|namely)\s+", re.I)
CORRELATION = re.compile(
    r"\b(?:correlat\w*|associated\s+with|related\s+to|predict\w*|accounts?\s+for)\b", re.I
)
NOT_RELATED = re.compile(
    r"\b(?:were|was|are|is)\s+(?:(?:shown|found)\s+to\s+be\s+)?not\s+(?:significantly\s+)?"
    r"(?:related|associated|correlated)\b",
    re.I,
)
_BELIEF = r"(?:beliefs?|notion|view|idea|perception|expectation|conviction)\s+that\s+"
NOT_DIFFERENT = re.compile(
    r"\b(?:did|does|do)\s+not\s+differ(?:\s+(?:significantly|statistically))?\b|"
    r"\b(?:was|were)\s+not\s+(?:significantly\s+|statistically\s+)*different\b",
    re.I,
)
THAT_SUBJECT = re.compile(
    r"\b(?:found|showed|shown|demonstrated|revealed)\s+that\s+"
    r"(?P<np>[^,;()]+?)\s+(?:is|are|was|were|shows?|showed|has|have|had|can|may|might|"
    r"var(?:y|ies|ied)|differ(?:s|ed)?|remain(?:s|ed)?|occur(?:s|red)?|persist(?:s|ed)?)\b",
    re.I,
)
EXHIBITED = re.compile(
    r"\b(?:exhibit(?:ed|s)?|display(?:ed|s)?|develop(?:ed|s)?)\s+(?P<np>[^,;()]+)", re.I
)
BELIEF = re.compile(rf"^(?:[\w-]+\s+){{0,3}}?{_BELIEF}[^,;()]+", re.I)
IN_BELIEF = re.compile(rf"\b{_BELIEF}", re.I)
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
    r"\s*(?:,?\s*(?:(?:compared\s+(?:to|with)|relative\s+to)\s+(?:the\s+)?(?:control|wait[\s-]*list)"
    r"[\w\s-]*|in\s+(?:first|second)\s+years?(?:\s+only)?|for\s+(?:first|second)"
    r"\s+years?(?:\s+only)?|only|at\s+follow[\s-]*up.*|over\s+time.*))\s*$",
    re.I,
)


BECOMING = re.compile(
    r"\b(?:becom(?:e|es|ing)|became|feel(?:s|ing)?|felt|grew|grow(?:ing)?|get(?:ting)?|got)\s+$",
    re.I,
)
VERB_CUE = re.compile(
    r"^(?:increased|decreased|improved|reduced|declined|rose|dropped|fell|enhanced)$", re.I
)
NO_OBJECT = re.compile(
    r"^\s*(?:$|[(,;.]|(?:significantly|statistically|slightly|markedly|substantially|steadily|"
    r"further|in|at|by|from|after|over|during|for|between|compared|relative|when|with|among|"
    r"across|as|than|until|within|following|only|both)\b)",
    re.I,
)
AUXILIARY_TAIL = re.compile(
    r"(?:\s+(?:was|were|is|are|has|have|had|been|being|also|further|not|significantly|"
    r"statistically|markedly|substantially|both|all|slightly))+\s*$",
    re.I,
)
SUBJECT_START = re.compile(
    r",\s*|\b(?:that|which|where|whereas|while|but|showed|revealed|indicated)\s+", re.I
)


def subject_of(head: str) -> str:
    """The subject of an intransitive change: 'Fasting insulin was decreased …' -> 'Fasting
    insulin'; 'The test showed that the mean score of X had increased' -> 'the mean score
    of X'."""
    return SUBJECT_START.split(AUXILIARY_TAIL.sub("", head))[-1].strip()


@dataclass(frozen=True)
class Effect:
    direction: str  # increase | decrease | no change | mixed
    comparison: str  # '' (study default) | vs control | between groups | correlation
    target: Target
    start: int  # offsets within the analysed text
    end: int
    hedged: bool = False
    named: bool = False  # the object of a reporting verb: a finding even if not a construct


def _direction(m: re.Match[str]) -> str:
    if m.group("null"):
        prep = (m.group("prep") or "").strip().lower()
        return "no change" if prep in ("", "in", "on", "of", "for") else ""
    if m.group("level"):
        return "associated" if (m.group("prep") or "").strip() == "of" else ""
    if m.group("neutral"):
        return "associated" if m.group("prep") and m.group("prep").strip() == "in" else ""
    word = (m.group("inc") or m.group("dec") or "").lower()
    comparative = word in ("more", "less", "fewer", "higher", "lower", "greater")
    if comparative and not m.group("prep") and not BECOMING.search(m.string[: m.start()]):
        return ""  # 'more X' is a change only in lists of gains or 'feeling more X'
    return "increase" if m.group("inc") else "decrease"


def _scopes(text: str, neutral: bool) -> list[tuple[re.Match[str], str, int]]:
    cues = [m for m in CUE.finditer(text) if _direction(m) and (neutral or not m.group("neutral"))]
    scopes = []
    for i, m in enumerate(cues):
        end = cues[i + 1].start() if i + 1 < len(cues) else len(text)
        body = text[m.end() : end]
        body = re.sub(
            r"[\s,;]*\b(?:and|but|while|whereas|which|that)(?:\s+(?:an?|the))?\s*$", "", body
        )
        scopes.append((m, body, m.end() + len(body)))
    return scopes


def _comparison(m: re.Match[str], body: str, comparison: str) -> str:
    mod = (m.group("mod") or "").strip().lower()
    if comparison:
        return comparison
    if m.group("level") and re.match(
        r"(?:the\s+)?(?:highest|lowest|higher|lower)", m.group("level"), re.I
    ):
        return "between groups"
    if mod in ("larger", "greater") or (BETWEEN.search(body) and "year" in body):
        return "between groups"
    return "vs control" if mod == "relative" else ""


def _part(
    text: str,
    offset: int,
    comparison: str,
    resolver: TargetResolver,
    prose: bool,
) -> list[Effect]:
    scopes = _scopes(text, neutral=comparison == "correlation")
    effects = []
    if prose and comparison == "correlation":
        lead = text[: scopes[0][0].start()] if scopes else text
        effects += _undirected(lead, offset, resolver)
    for m, body, b_end in scopes:
        direction = _direction(m)
        if direction == "associated":
            direction = ""
        body_clean = TAIL.sub("", body)
        body_clean = INCLUDING.split(body_clean, maxsplit=1)[-1]
        if prose:
            body_clean = _outcome_phrase(body_clean, resolver)
        cmp = _comparison(m, body, comparison)
        negated = NOT_SIGNIFICANT.search(body) or NEGATED.search(text[: m.start()])
        if prose and direction in ("increase", "decrease") and negated:
            direction = "no change"  # 'did not induce a significant increase in X'
        if (
            not prose
            and SUBGROUP.search(body)
            and cmp != "between groups"
            and direction not in ("no change", "")
        ):
            direction = "mixed"
        verb = m.group("inc") or m.group("dec") or ""
        if prose and not m.group("prep") and VERB_CUE.match(verb) and NO_OBJECT.match(body):
            body_clean = subject_of(text[: m.start()])  # 'Self-compassion increased (p = …)'
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


def _outcome_phrase(body: str, resolver: TargetResolver) -> str:
    """Where the outcome phrase after a cue ends: a belief with its that-clause, a phrase
    the lexicon knows whole ('compassionate towards themselves and others'), or the
    first stop word."""
    belief = BELIEF.match(body)
    if belief:
        return belief.group(0)
    cut = STOP.split(body, maxsplit=1)[0]
    lead = re.split(r"[,;(]", body, maxsplit=1)[0].strip()
    if len(lead) > len(cut.strip()) and (resolver.is_construct(lead) or resolver.distributed(lead)):
        return lead
    return cut


def _undirected(text: str, offset: int, resolver: TargetResolver) -> list[Effect]:
    """What a correlation names without a direction: 'predicted life satisfaction'."""
    body = STOP.split(text, maxsplit=1)[0]
    body = re.sub(r"[\s,;]*\b(?:and|or|as well as)\s*$", "", body)
    return [
        Effect("", "correlation", t, offset, offset + len(text))
        for t in resolver.split(body)
        if t.known
    ]


def _unrelated(clause: str, offset: int, resolver: TargetResolver) -> list[Effect]:
    """'X and Y were not significantly related': no change in either, as a correlation;
    'Mean age of … did not differ significantly from …': no change between groups."""
    for pattern, comparison in ((NOT_RELATED, "correlation"), (NOT_DIFFERENT, "between groups")):
        m = pattern.search(clause)
        if m is None:
            continue
        subject = re.split(r"\bthat\s+|^\w+,\s+", clause[: m.start()])[-1]
        return [
            Effect("no change", comparison, t, offset, offset + m.end())
            for t in resolver.split(subject)
            if t.known or comparison == "between groups"
        ]
    return []


def _stated(clause: str, offset: int, resolver: TargetResolver) -> list[Effect]:
    """What a reported result is about when it has no direction: the construct a 'found
    that' clause is about, or what people were found to exhibit."""
    effects = []
    subject = THAT_SUBJECT.search(clause)
    if subject:
        effects += [
            Effect("", "", t, offset + subject.start("np"), offset + subject.end("np"))
            for t in resolver.split(subject.group("np"))
            if t.known
        ]
    shown = EXHIBITED.search(clause)
    if shown:
        body = STOP.split(shown.group("np"), maxsplit=1)[0]
        effects += [
            Effect("", "", t, offset + shown.start("np"), offset + shown.end(), named=True)
            for t in resolver.split(body)
        ]
    return effects


def parse_effects(
    text: str,
    resolver: TargetResolver,
    base: int = 0,
    *,
    prose: bool = False,
) -> list[Effect]:
    """Effects in a cell or sentence, one per outcome; offsets shifted by `base`.
    In a sentence (`prose`), what precedes 'correlated with' / 'predicted' is a finding of
    its own; in a table cell it only names the predictor."""
    effects: list[Effect] = []
    for clause_start, clause in _clauses(text):
        offset = base + clause_start
        corr = CORRELATION.search(clause)
        if corr and IN_BELIEF.search(clause[: corr.start()]):
            corr = None  # 'the belief that happiness is related to …' names one outcome
        unrelated = _unrelated(clause, offset, resolver) if prose else []
        if unrelated:
            effects += unrelated
        elif corr:
            if prose:
                head = clause[: corr.start()]
                effects += _part(
                    head, offset, "vs control" if VERSUS.search(head) else "", resolver, prose
                )
            effects += _part(
                clause[corr.end() :], offset + corr.end(), "correlation", resolver, prose
            )
        else:
            effects += _part(
                clause, offset, "vs control" if VERSUS.search(clause) else "", resolver, prose
            )
        if prose and not effects:
            effects += _stated(clause, offset, resolver)
    return effects


def _clauses(text: str) -> list[tuple[int, str]]:
    """Split at semicolons and full stops, but not inside parentheses ('(SD, 10.8; range …)')."""
    out, start = [], 0
    for m in re.finditer(r";|\.\s+(?=[A-Z])|\.$", text):
        head = text[start : m.start()]
        if head.count("(") > head.count(")"):
            continue
        out.append((start, head))
        start = m.end()
    if start < len(text):
        out.append((start, text[start:]))
    return [(s, c) for s, c in out if c.strip()]


LIST_CUE = re.compile(rf"^(?:{_INC}|{_DEC})\s+(?:in|of)\s*:?\s*", re.I)


def list_items(text: str, resolver: TargetResolver, base: int = 0) -> list[Effect]:
    """A cell listing what participants reported ('Impact on client work: more comfort
    with silences, …' or 'Increase in: a, b, c'): each item a finding of its own, worded
    as in the cell."""
    body = text.strip()
    direction = "increase"
    while True:
        cue = LIST_CUE.match(body)
        label = re.match(r"^[A-Z][^:,;]{0,50}:\s*", body)
        if cue:
            direction = "decrease" if re.match(_DEC, cue.group(0), re.I) else "increase"
            body = body[cue.end() :]
        elif label:
            body = body[label.end() :]
        else:
            break
    pos = base + text.find(body)
    effects = []
    for item in _top_level(body.rstrip(".")):
        item = item.strip()
        if len(item) > 2:
            target = Target(item, item.lower(), "", resolver.is_construct(item))
            effects.append(Effect(direction, "", target, pos, pos + len(body)))
    return effects


def _top_level(text: str) -> list[str]:
    """Split on commas and semicolons outside parentheses."""
    items: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if ch in ",;" and depth == 0:
            items.append("".join(current))
            current = []
        else:
            current.append(ch)
    items.append("".join(current))
    return items
