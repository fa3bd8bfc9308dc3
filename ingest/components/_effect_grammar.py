"""The grammar of effect statements, with which assembly reads result sentences and
cells (`assemble/effects.py`, `assemble/trial_results.py`): the cues ('increase in',
'reductions in:', 'no significant effect on', 'X did not change', 'X remained
unchanged', 'positive effect on', 'mixed picture with regard to', 'trends towards a
decrease in'), the direction each gives, and around a cue its negation, hedging and
significance, where the outcome phrase after it ends or, for an intransitive change
('Self-compassion increased (p = .01)'), its subject. What the
outcome phrase names (one construct, a list, a lexicon term) is the caller's to say.

A polarity word is read as printed: "positive effect on compassion fatigue" is an
*increase*; which way the scale runs is for whoever knows the instrument. A level
('higher levels of', 'prevalence of') compares groups and gives no direction of change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._text import split_outside_parentheses

_UP = (
    r"increases?|increased|improvements?|improved|improves?|gains?|enhancements?|enhanced"
    r"|enhances?|boost(?:s|ed)?|rises?|(?-i:rose)"
    r"|higher|greater|more"
)
_DOWN = (
    r"decreases?|decreased|reductions?|reduced|reduces?|declines?|declined|drops?"
    r"|diminish(?:es|ed)?|alleviate[sd]?|lowered|lower|less|fewer"
)
_NEUTRAL = r"changes?|differences?|effects?|impacts?|influences?"
_NULL = (
    r"(?:no|null|not\s+any|did\s+not\s+(?:find|show|observe|identify)(?:\s+(?:any|a))?"
    r"|without(?:\s+any)?|absence\s+of(?:\s+any)?)\s+(?:(?:statistically\s+)?significant\s+)?"
    r"(?:changes?|impacts?|effects?|differences?|improvements?|increases?|decreases?|reductions?)"
)
_UNCHANGED = (
    r"(?:(?:did|does|do)\s+not|didn['’]t|doesn['’]t)\s+change"
    r"|(?:remained|remains|was|were)\s+(?:unchanged|stable)"
)
_LEVEL = (
    r"(?:the\s+)?(?:(?:highest|lowest|higher|lower|greater|high|low|elevated)\s+"
    r"(?:levels?|rates?|scores?|prevalence)|(?:estimated\s+)?prevalence)"
)
_MIXED = r"mixed\s+(?:picture|evidence|results?|findings?|pattern|effects?)"
_POSITIVE = r"positive|beneficial|favou?rable"
_POLARITY = rf"{_POSITIVE}|negative|detrimental|adverse"
_CUE = re.compile(  # '(?=[a-z])' lets the search skip what cannot begin a cue at once
    r"(?<![\w-])(?=[a-z])(?P<trend>trends?\s+towards?\s+(?:an?\s+)?)?"
    r"(?P<mod>(?:relative|larger|greater|small|modest|marked"
    r"|significant(?:ly)?(?:\s+(?:larger|greater))?)\s+)?"
    rf"(?P<head>(?P<null>{_NULL})|(?P<unchanged>{_UNCHANGED})|(?P<mixed>{_MIXED})"
    rf"|(?P<level>{_LEVEL})|(?P<polar>(?P<polarity>{_POLARITY})\s+(?:{_NEUTRAL}))"
    rf"|(?P<up>{_UP})|(?P<down>{_DOWN})|(?P<neutral>{_NEUTRAL}))\b"
    r"(?P<aside>\s*\([^()]{0,40}\))?"
    r"(?P<prep>\s+(?:in|on|of|for|to|regarding|concerning|with\s+regard\s+to"
    r"|in\s+relation\s+to)\b)?(?:\s*:)?",
    re.IGNORECASE,
)
_KINDS = ("null", "unchanged", "mixed", "level", "polar", "up", "down", "neutral")
_UNDIRECTED = ("neutral", "level")
_COMPARATIVES = frozenset("more less fewer higher lower greater".split())
_BARE_VERBS = frozenset(
    "improve improves enhance enhances boost boosts reduce reduces diminish diminishes "
    "alleviate alleviates".split()
)
_DO_SUPPORT = re.compile(
    r"\b(?:did|does|do|fail(?:ed|s)?\s+to|(?:shown|reported|found|observed)\s+to)"
    r"(?:\s+not|n['’]t)?(?:\s+\w+ly)?(?:\s+(?:both|further|also))?\s+$",
    re.IGNORECASE,
)  # a result: 'did not reduce', 'was found to reduce', 'reported to improve both'

_BECOMING = re.compile(
    r"\b(?:becom(?:e|es|ing)|became|feel(?:s|ing)?|felt|grew|grow(?:ing)?|get(?:ting)?|got"
    r"|yield(?:s|ed)?|produced|led\s+to|resulted\s+in)\s+$",
    re.IGNORECASE,
)
_BASELINE = re.compile(r"\bbaseline\s+$", re.IGNORECASE)
_EFFECT_NOUNS = ("effect", "effects", "impact", "impacts", "influence", "influences")
_ABOUT = ("regarding", "concerning", "with regard to", "in relation to", "of")
_EFFECT_PREPS = frozenset(["on", *_ABOUT])
_CHANGE_PREPS = frozenset(["in", *_ABOUT])
_NESTED = re.compile(
    r"\s*(?:[\w'’-]+\s+){0,2}?(?:(?:changes?|differences?|improvements?|increases?"
    r"|decreases?|reductions?)\s+(?:in|of)|(?:effects?|impacts?|influences?)\s+"
    r"(?:of\s+[^,;.()]{1,60}?\s+)?on)\s+",
    re.IGNORECASE,
)
_OF_ON = re.compile(r"[^,;.()]{1,60}?\s+on\s+", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:no|not|without|absence)\b|n['’]t\b", re.IGNORECASE)
_NEGATOR = r"(?:\b(?:not|no|neither|nor|never|without|fail(?:ed)?\s+to)\b|n['’]t\b)"
_NEGATED = re.compile(rf"{_NEGATOR}(?:\s+(?!only\b)[\w-]+){{0,3}}?\s*$", re.IGNORECASE)
_NEGATED_NEAR = re.compile(rf"{_NEGATOR}(?:\s+[\w-]+){{0,2}}?\s*$", re.IGNORECASE)
_NOT_SIGNIFICANT_WORDS = (
    r"(?:\bno(?:t|n)?[\s-]+(?:statistically\s+)?significan(?:t|ce)|\binsignificant"
    r"|\b(?:(?:did\s+)?not|fail(?:ed|s)?\s+to)\s+(?:reach|achieve|attain)(?:ed)?\s+"
    r"(?:(?:the\s+)?(?:level\s+of\s+)?statistical\s+)?significance|\bn\.?s\.?(?=[\s,;)]|$)"
    r"|\bno\s+statistical(?:ly)?\s+(?:significan(?:t|ce)|differences?)"
    r"|\b(?:did|does|do)\s+not\s+[a-z]+\s+(?:statistically\s+)?significantly\b)"
)
NOT_SIGNIFICANT = re.compile(_NOT_SIGNIFICANT_WORDS, re.IGNORECASE)

_NOT_SIGNIFICANT_BEFORE = re.compile(
    rf"{_NOT_SIGNIFICANT_WORDS}[\w-]*(?:\s+[\w-]+){{0,2}}\s*$", re.IGNORECASE
)
SIGNIFICANT = re.compile(r"\bsignificant(?:ly)?\b", re.IGNORECASE)

_SIGNIFICANT_BEFORE = re.compile(r"\bsignificant(?:ly)?(?:\s+[\w-]+){0,2}\s*$", re.IGNORECASE)
_SIGNIFICANT_AFTER = re.compile(r"\s*(?:statistically\s+)?significantly\b", re.IGNORECASE)
_HEDGE = re.compile(
    r"\b(?:may|might|could|appears?\s+to|appeared\s+to|seems?\s+to|seemed\s+to"
    r"|suggest(?:s|ed|ing)?|trends?\s+towards?|tentative(?:ly)?|possibl[ey]|potential(?:ly)?"
    r"|preliminary|marginal(?:ly)?|likely|hypothes\w+|perhaps|presumably)\b",
    re.IGNORECASE,
)
_WINDOW_START = re.compile(r".*(?:,|\bbut\b|\band\b|\bwhereas\b|\bwhile\b)", re.I | re.S)
_BODY_TAIL = re.compile(
    r"[\s,;]*\b(?:and|but|while|whereas|which|that)(?:\s+(?:an?|the))?\s*$", re.IGNORECASE
)
_NO_OBJECT = re.compile(
    r"\s*(?:$|[(,;.:)\]]|(?:significantly|statistically|slightly|markedly|substantially"
    r"|considerably|steadily|further|only|at|by|from|after|over|during|for|between|compared"
    r"|relative|when|with|among|across|as|than|until|within|following|both|more|less|to"
    r"|(?:in|on)\s+(?:the|a|an|both|all|each|their|its|this|these|those|every|either|\d"
    r"|(?-i:[A-Z])))\b)",
    re.IGNORECASE,
)
_AUXILIARIES = re.compile(
    r"(?:\s+(?:did|does|do|has|have|had|was|were|is|are|been|being|could|would|may|might"
    r"|can|not|also|further|never|then|all|both|and|or|be|to|observed|found|shown|seen"
    r"|noted|reported|\w+ly|\d[\d.]*\s*%))+\s*$",
    re.IGNORECASE,
)
_SUBJECT_BOUNDARY = re.compile(
    r".*(?:\b(?:that|whether|which|who|where|but|while|whereas|although|showed|found"
    r"|revealed|indicated)\s|[:;]|\band\s+(?=(?:the|a|an|their|its|this|these)\s))",
    re.I | re.S,
)
_APPOSITION = re.compile(
    r"\s*(?:(?:as|which|who|including|\w+ed)\b|$|(?:however|moreover|therefore|thus"
    r"|furthermore|nevertheless|also|overall|respectively|in\s+(?:addition|contrast)"
    r"|by\s+contrast)\s*$)",
    re.IGNORECASE,
)
_PARENTHESIS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_CONJUNCTION = re.compile(r"\s*(?P<joint>(?:and|or)\s+)?", re.IGNORECASE)
_LIST_ITEM = re.compile(
    r"\s*(?!(?:in|at|after|for|with|during|by|on)\b)(?:[\w'’/-]+\s+){0,3}[\w'’/-]+"
)
_PIECE = re.compile(r"(?:[^,]|,(?=\S))+")  # between commas, not inside '1,25-diOH-D3'
_NOT_SUBJECT = re.compile(
    r"(?:to|from|after|before|in|at|by|on|for|with|during|over|between|than|this|these"
    r"|those|that|it|they|such|not|no|(?:the\s+)?significance)\b|\d[\d.,]*(?:\s|%|$)",
    re.IGNORECASE,
)
_PASSIVE = re.compile(r"\b(?:was|were|is|are|be|been|being)(?:\s+\w+ly)*\s+$", re.IGNORECASE)
_PREPOSITION = re.compile(r"\s*(?:in|on|by|with|to|from|at|for|under|upon)\b", re.IGNORECASE)
_INCLUDING = re.compile(r",?\s+(?:including|such as|namely)\s+", re.IGNORECASE)
STOP = re.compile(
    r"(?:^|\s*)(?:\(|\[|\n|\.(?=\s|$)|,\s*(?:which|who|leading|whereas|while|but|although"
    r"|suggesting|indicating|relative|compared|thus|so)\b"
    r"|(?:^|\s)(?:which|that|who|where|compared|relative|versus|vs\.?|as\s+measured|among"
    r"|after|during|than|when|following|because|due|since|leading|over\s+the|at\s+the"
    r"|in\s+the|in\s+a|in\s+their|from|by\s+the|towards|along\s+with|over\s+time|until"
    r"|reported|found|observed|seen|described|noted|shown|showed|appeared|in\s+(?:a|one)"
    r"\s+sample|did|does|do|was|were|is|are|had|has|have|could|would|may|might|should"
    r"|will|can|remained|reached|thought|believed|known|considered|assumed|presumed"
    r"|involved|predicted|correlated|related|associated|resulted|according\s+to)\b)",
    re.IGNORECASE,
)
_CLAUSE_CUT = re.compile(r";|\t|\.\s+(?=[A-Z])|\.$|,\s+(?:but|while|whereas)\s+(?!not\b|also\b)")


@dataclass(frozen=True)
class Cue:
    start: int  # with a trend or modifier ('trends towards a', 'significantly larger')
    end: int  # after its preposition and colon, where the outcome phrase may begin
    kind: str  # null | unchanged | mixed | level | polar | up | down | neutral
    text: str  # as printed, from the head word: 'positive effect on', 'reductions in'
    word: str  # the head word, lower case: 'increased', 'more', 'changes'
    head_end: int  # after the head word and a parenthesis right after it
    prep: str = ""  # 'in', 'on', 'with regard to', …
    modifier: str = ""  # 'relative', 'larger', 'significantly larger', …
    trend: bool = False
    polarity: str = ""


@dataclass(frozen=True)
class Reading:
    """One cue read in its clause."""

    cue: Cue
    direction: str  # increase | decrease | no change | mixed | '' (none: 'changes in')
    negated: bool
    hedged: bool
    significant: bool | None
    body: tuple[int, int]  # from the cue to the next one: where its outcome phrase lies
    subject: tuple[int, int] | None  # of an intransitive change ('empathy did not change')


def clauses(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Clauses of text[start:end], cut at ';', tabs and full stops outside parentheses."""
    return split_outside_parentheses(text, _CLAUSE_CUT, start, end)


def _idle(text: str, m: re.Match[str], kind: str, prep: str) -> bool:
    """A match that says nothing: 'more sessions' (a change only when 'feeling more X'),
    'MBIs improve self-compassion' (a claim; a result is 'did not improve', 'improved'),
    'effects' or 'levels' with no outcome after them, 'an effect in any model'."""
    words = m.group(kind).lower().split()
    if words[0] in _BARE_VERBS:
        return not _DO_SUPPORT.search(text, max(0, m.start() - 40), m.start())
    if kind in ("up", "down") and words[0] in _COMPARATIVES and not prep:
        return not _BECOMING.search(text, max(0, m.start() - 40), m.start())
    if kind in ("neutral", "polar"):
        if _BASELINE.search(text, max(0, m.start() - 10), m.start()):
            return True  # 'no baseline differences in': the groups, not an effect
        effect = words[-1].startswith(_EFFECT_NOUNS)
        return prep not in (_EFFECT_PREPS if effect else _CHANGE_PREPS)
    return kind == "level" and not prep


def _cue(text: str, m: re.Match[str], end: int) -> Cue | None:
    kind = next(k for k in _KINDS if m.group(k))
    prep = " ".join((m.group("prep") or "").split()).lower()
    if _idle(text, m, kind, prep):
        return None
    stop = m.end()
    of_effect = prep == "of" and m.group(kind).lower().endswith(_EFFECT_NOUNS)
    if of_effect:
        on = _OF_ON.match(text, stop, end)
        if not on:
            return None  # 'the effects of X': X is no outcome
        stop = on.end()
    elif kind in ("mixed", "null", "neutral"):
        nested = _NESTED.match(text, stop, end)  # 'mixed evidence on MBIs' effect on Y': Y
        stop = nested.end() if nested else stop
    head = m.start("head")
    return Cue(
        start=m.start(),
        end=stop,
        kind=kind,
        text=" ".join(text[head:stop].split()).strip(" :"),
        word=m.group(kind).split()[0].lower(),
        head_end=m.end("aside") if m.group("aside") else m.end("head"),
        prep=prep,
        modifier=" ".join((m.group("mod") or "").split()).lower(),
        trend=bool(m.group("trend")),
        polarity=(m.group("polarity") or "").lower(),
    )


def cue_at(text: str, start: int = 0) -> Cue | None:
    """The cue that begins at text[start], if one does."""
    m = _CUE.match(text, start)
    return _cue(text, m, len(text)) if m else None


def cues(text: str, start: int = 0, end: int | None = None) -> list[Cue]:
    """The cues in text[start:end], in order."""
    end = len(text) if end is None else end
    found: list[Cue] = []
    position = start
    while (m := _CUE.search(text, position, end)) is not None:
        cue = _cue(text, m, end)
        if cue is not None:
            found.append(cue)
        position = max(cue.end if cue else m.end(), m.start() + 1)
    return found


def direction(cue: Cue, negated: bool, significant: bool | None) -> str:
    if cue.kind == "mixed":
        return "mixed"
    if cue.kind == "unchanged":
        return "no change"
    if cue.kind == "null":  # 'the absence of change to a ceiling effect' is no finding
        return "" if cue.prep == "to" else "no change"
    if cue.kind == "level":
        return ""
    if negated or significant is False:
        return "no change"
    if cue.kind == "neutral":
        return ""
    if cue.kind == "polar":
        return "increase" if re.match(_POSITIVE, cue.polarity) else "decrease"
    return "increase" if cue.kind == "up" else "decrease"


def _window(text: str, start: int, cue_start: int) -> int:
    """Where the words that may negate or qualify a cue begin: after the last comma or
    conjunction before it, at most 80 characters back."""
    begin = max(start, cue_start - 80)
    cut = _WINDOW_START.match(text, begin, cue_start)
    return cut.end() if cut else begin


def _significance(text: str, window: int, cue: Cue, reach: int, negated: bool) -> bool | None:
    """What the words around a cue say of its significance: right before it, or after it
    up to the words of the next cue that could have a direction of its own."""
    if _NOT_SIGNIFICANT_BEFORE.search(text, window, cue.start) or NOT_SIGNIFICANT.search(
        text, cue.end, reach
    ):
        return False
    if (
        "significant" in cue.modifier
        or SIGNIFICANT.search(cue.text)
        or _SIGNIFICANT_BEFORE.search(text, window, cue.start)
        or _SIGNIFICANT_AFTER.match(text, cue.head_end, reach)
    ):
        return not negated
    return None


def _blank_parentheses(text: str) -> str:
    for _ in range(2):  # one level of nesting
        text = _PARENTHESIS.sub(lambda m: " " * len(m.group()), text)
    return text


def subject(text: str, start: int, end: int, lists: bool = False) -> tuple[int, int]:
    """The subject of a change before text[end]: 'Results showed that empathy, as
    measured by the JSE, increased' -> 'empathy'; 'In the course group, fasting cortisol
    was decreased' -> 'fasting cortisol'; with `lists`, 'Visceral fat, liver fat, and
    weight' whole. Empty if there is none, or if the change is told inside a parenthesis
    or of 'this', 'it' or 'to 6 cm²'."""
    head = _AUXILIARIES.sub("", text[start:end])
    masked = _blank_parentheses(head)
    boundary = _SUBJECT_BOUNDARY.match(masked)
    begin = boundary.end() if boundary else 0
    if "(" in masked[begin:] or "[" in masked[begin:]:
        return end, end
    pieces = [
        (m.start(), m.start() + len(m.group().rstrip())) for m in _PIECE.finditer(masked, begin)
    ]
    while pieces and _APPOSITION.match(masked, *pieces[-1]):
        pieces.pop()
    if not pieces:
        return end, end
    a, b = pieces.pop()
    lead = _CONJUNCTION.match(masked, a)
    if lead is None or lead.end() == b or _NOT_SUBJECT.match(head, lead.end(), b):
        return end, end
    first = lead.end()
    while lists and lead.group("joint") and pieces and _LIST_ITEM.fullmatch(masked, *pieces[-1]):
        item = pieces.pop()[0]  # 'X, Y, and Z decreased'
        first = item + len(masked[item:b]) - len(masked[item:b].lstrip())
    return start + first, start + b


def _intransitive(text: str, cue: Cue, end: int) -> bool:
    """Whether a cue tells of its subject: 'X did not change', 'X rose', 'X was
    increased in …', 'X decreased (p = .01)', 'X was higher in the course group'."""
    if cue.kind == "unchanged" or cue.word == "rose":
        return True
    if cue.kind not in ("up", "down"):
        return False
    comparative = cue.word in _COMPARATIVES and cue.prep not in ("", "on")
    predicate = cue.word.endswith("ed") or comparative  # 'higher on X': X is the outcome
    if predicate and _NO_OBJECT.match(text, cue.head_end, end):
        return True
    passive = _PASSIVE.search(text, max(0, cue.start - 40), cue.start)  # 'was lowered in …'
    return predicate and bool(passive) and bool(_PREPOSITION.match(text, cue.head_end, end))


def _reach(text: str, found: list[Cue], i: int, end: int) -> int:
    """Where the words that may qualify cue `i` end: at those of the next cue that could
    have a direction of its own."""
    for j in range(i + 1, len(found)):
        if found[j].kind not in _UNDIRECTED:
            return _window(text, found[j - 1].end, found[j].start)
    return end


def _subject_of(
    text: str, found: list[Cue], i: int, start: int, end: int
) -> tuple[int, int] | None:
    """The subject of cue `i` if it tells of one. 'The reduction in X was higher in the
    course group' says how large a change was, not which way it went: empty."""
    cue = found[i]
    if not _intransitive(text, cue, end):
        return None
    previous = found[i - 1] if i else None
    span = subject(text, previous.end if previous else start, cue.start, lists=previous is None)
    if (
        previous is not None
        and previous.kind in ("up", "down")
        and cue.word in _COMPARATIVES
        and not text[previous.end : span[0]].strip()
    ):
        return cue.start, cue.start
    return span


def read(text: str, start: int, end: int) -> list[Reading]:
    """Every cue of the clause text[start:end], read."""
    found = cues(text, start, end)
    hedge = bool(_HEDGE.search(text, start, end))
    subjects = [_subject_of(text, found, i, start, end) for i in range(len(found))]
    readings = []
    for i, cue in enumerate(found):
        following = found[i + 1].start if i + 1 < len(found) else end
        after = subjects[i + 1] if i + 1 < len(found) else None
        if after and after[0] < after[1]:  # 'an increase in X, and Y decreased': not Y
            following = max(cue.end, min(following, after[0]))
        tail = _BODY_TAIL.search(text, cue.end, following)
        body_end = tail.start() if tail else following
        window = _window(text, found[i - 1].end if i else start, cue.start)
        near = _NEGATED_NEAR if cue.kind == "neutral" else _NEGATED
        negated = bool(_NEGATION.search(cue.text) or near.search(text, window, cue.start))
        significant = _significance(text, window, cue, _reach(text, found, i, end), negated)
        readings.append(
            Reading(
                cue=cue,
                direction=direction(cue, negated, significant),
                negated=negated,
                hedged=hedge or cue.trend,
                significant=significant,
                body=(cue.end, max(cue.end, body_end)),
                subject=subjects[i],
            )
        )
    return readings


def outcome(text: str, start: int, end: int) -> tuple[int, int]:
    """The outcome phrase at the start of text[start:end]: what follows 'including', or
    the words up to the first that cannot belong to it."""
    including = _INCLUDING.search(text, start, end)
    start = including.end() if including else start
    body = text[start:end]
    stop = STOP.search(body)
    return start, start + (stop.start() if stop else len(body))
