"""How trial reports state a comparison, read without a parser.

Four shapes cover most result sentences of trials (checked on the results sections of
ei-dev's training part, pmc-sample and devgold, all house styles):

- a subject and its comparative: 'The incidence of X was significantly lower in …',
  'X did not differ between groups', 'X decreased from baseline';
- a change or difference *in* something: 'a significant reduction in X', 'no significant
  difference between the groups in X', 'greater improvements in X';
- an arm doing something to an object: 'the MBSR group showed lower X than …',
  'Drug A significantly reduced X';
- 'X: no difference' and other list forms are left to the tables.

Each reading gives the outcome phrase's span and the direction its words state, before
any model or arm is consulted."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..components._effect_grammar import NOT_SIGNIFICANT, SIGNIFICANT
from .targets import PEOPLE

UP = r"higher|greater|larger|longer|more|increased|increases?|increasing|elevated|raised|rose|better|improved|improvements?|improves?|gains?|gained|rise|enhanced"
DOWN = r"lower|smaller|shorter|less|fewer|poorer|decreased|decreases?|decreasing|reduced|reductions?|reduces?|declined?|declines|dropped|drops?|fell|falls?|worse|attenuated|lowered|diminished"
SAME = r"similar|comparable|unchanged|no\s+different|not\s+different|equivalent|identical|stable|insignificant|non-?significant"
CHANGE_NOUN = r"(?:increase|decrease|reduction|improvement|enhancement|difference|change|rise|decline|effect|benefit|gain|loss|elevation|worsening|deterioration)s?"
# any '-ly' adverb of degree or manner: 'somewhat', 'marginally', 'numerically', 'slightly'
ADVERBS = r"(?:(?:[a-z]+ly|non-?significantly|somewhat|much|far|also|still|both|not|even)\s+)*"

# A verb and comparative after a subject: 'X was (significantly) lower', 'X did not differ'.
# Matched at the verb; the subject is read backwards from it (a regex that starts at the
# subject tries every start in the sentence, and was most of extraction's time).
PREDICATE = re.compile(
    rf"\s+(?:(?:was|were|is|are|remained|became|tended\s+to\s+be|appeared|"
    rf"(?:was|were|is|are)\s+(?:found|shown|noted|observed|seen)\s+to\s+be)\s+)"
    rf"{ADVERBS}(?P<cue>{UP}|{DOWN}|{SAME}|different|(?:un)?affected|altered|changed)\b"
    rf"|\s+{ADVERBS}(?P<cue2>increased|decreased|improved|declined|"
    rf"rose|fell|dropped|differed|did\s+not\s+(?:differ|change|improve|increase|decrease|vary|show)|"
    rf"showed\s+no|was\s+not\s+(?:different|changed|affected|altered)|(?:were|was)\s+not\s+"
    rf"significantly\s+(?:different|changed|affected|altered))\b",
    re.I,
)
SUBJECT_STOP = re.compile(r"[,;:()]")
INSERTED = re.compile(
    r"\s*(?:however|moreover|furthermore|therefore|though|in\s+contrast|in\s+addition|also|"
    r"in\s+turn|overall|thus)\s*,\s*",
    re.I,
)
SAID_THAT = re.compile(
    r"\b(?:(?:showed|revealed|found|indicated|demonstrated|suggested|observed|noted)\s+that|"
    r"while|whereas|although|though|but)\s+",
    re.I,
)
# '(a / no / greater) (significant) reduction in X', 'differences between groups in X'.
CHANGE_IN = re.compile(
    rf"\b(?:(?P<cmp>{UP}|{DOWN})\s+)?(?:{ADVERBS}(?:significant|statistically\s+significant|"
    rf"marked|greater|larger|smaller|mean|overall|similar|relevant|clinically\s+(?:relevant|"
    rf"important|meaningful))\s+)*(?P<noun>{CHANGE_NOUN})"
    rf"(?:\s+(?:was|were)\s+(?:found|observed|seen|detected|noted))?(?:\s+from\s+baseline)?"
    rf"(?:\s+between\s+(?:the\s+)?[^,;:()]{{1,60}}?(?=\s+(?:in|on|for|of|regarding|with\s+respect\s+to)\s))?"
    rf"\s+(?:in|on|of|for|regarding|with\s+respect\s+to|in\s+terms\s+of)\s+(?P<obj>[^;:()]{{2,300}})",
    re.I,
)
# 'no differences between X, Y and Z in the two groups': the outcomes between the
# difference and the groups; 'the groups did not differ in X': the outcome after the verb.
BETWEEN_IN_GROUPS = re.compile(
    rf"\b{CHANGE_NOUN}\s+between\s+(?!(?:the\s+)?(?:two|three|both|treatment|study)?\s*(?:groups|arms)\b)"
    r"(?P<obj>[^;:()]{2,200}?)\s+(?:in|among|across)\s+(?:the\s+)?(?:two\s+|three\s+|both\s+|all\s+|"
    r"study\s+|treatment\s+)?(?:groups|arms)\b",
    re.I,
)
DIFFER_IN = re.compile(
    r"\b(?P<cue>did\s+not\s+(?:significantly\s+)?differ|differed|(?:was|were)\s+(?:not\s+)?"
    r"(?:significantly\s+|statistically\s+)*different)(?:\s+(?:significantly|statistically|"
    r"significantly))*(?:\s+between\s+(?:the\s+)?(?:two\s+|three\s+|treatment\s+|study\s+)?"
    r"(?:groups|arms))?\s+(?:in|on|regarding|with\s+respect\s+to|in\s+terms\s+of)\s+"
    r"(?P<obj>[^;:()]{2,300})",
    re.I,
)
# 'the X group had / showed / achieved (significantly) lower Y (than …)', 'A reduced Y'.
ARM_OBJECT = re.compile(
    rf"\b(?:had|showed|demonstrated|experienced|achieved|reported|exhibited|displayed|produced|"
    rf"elicited|resulted\s+in|led\s+to|caused|induced|yielded|gave|provided)\s+(?:a\s+|an\s+)?{ADVERBS}"
    rf"(?:(?:statistically\s+)?significant\s+(?=(?:higher|greater|larger|longer|lower|smaller|"
    rf"shorter|better|worse|poorer|more|less|fewer)\b))?"
    rf"(?P<cue>{UP}|{DOWN}|{SAME})\s+(?P<obj>[^;:()]{{2,300}})"
    rf"|\b{ADVERBS}(?P<cue2>improved|reduced|increased|decreased|lowered|raised|prevented|"
    rf"attenuated|enhanced|shortened|prolonged|accelerated|delayed)\s+(?!by\b|from\b|to\b|in\b|"
    rf"with\b|after\b|at\b|significantly\b)(?P<obj2>[^;:()]{{2,300}})",
    re.I,
)
# '(a significantly) higher proportion of X', 'lower rates of Y': an amount of the outcome.
AMOUNT_OF = re.compile(
    rf"\b{ADVERBS}(?P<cue>{UP}|{DOWN})\s+(?:mean\s+|median\s+|overall\s+)?(?P<obj>(?:proportion|"
    rf"percentage|number|incidence|rate|frequency|risk|prevalence|odds|likelihood|amount|"
    rf"concentration|level|score|duration|consumption|requirement)s?\s+(?:of|for)\s+[^;:()]{{2,300}})",
    re.I,
)
_NUM = r"(?<![\w.])[-−]?\d+(?:\.\d+)?(?![\d.]?\d)"
# 'X was 11 mg in A compared with 34 mg in B', 'X was 0.36 for A and 0.66 for B'.
VALUE_PAIR = re.compile(
    rf"\s+(?:was|were|is|are|averaged|reached|occurred\s+in|(?:was|were)\s+(?:reported|observed|seen|"
    rf"found|detected|noted|recorded|present)\s+(?:in|for|among))\s+(?:(?:about|approximately|only|a\s+mean\s+of|"
    rf"a\s+median\s+of|on\s+average)\s+)?(?P<a>{_NUM})[^;:]{{0,100}}?\s(?:compared\s+(?:with|to)|"
    rf"versus|vs\.?|v\.|and|whereas|while)\s+(?:[^\d;:]{{0,40}}?\s)?(?P<b>{_NUM})",
    re.I,
)
# 'There were 142 and 115 deaths in the A and B groups, respectively': counts side by side.
THERE_WERE = re.compile(
    rf"\b[Tt]here\s+(?:were|was)\s+(?P<a>{_NUM})\s+(?:and|versus|vs\.?)\s+(?P<b>{_NUM})\s+"
    r"(?P<obj>[^;:()]{2,120}?)\s+(?:in|among|for|with)\s+[^;:()]{2,80}?,?\s+respectively\b"
)
# 'There were no local infections in either group', 'No morbidity occurred in either group'.
NONE_IN_EITHER = re.compile(
    r"\b[Nn]o\s+(?:evidence\s+of\s+)?(?:(?:postoperative|serious|severe|major|local)\s+)*(?P<obj>[^,;:()]{2,80}?)"
    r"\s+(?:(?:occurred|(?:was|were)\s+(?:observed|seen|found|noted|reported|recorded))\s+)?"
    r"(?:in|among|for)\s+(?:either|both|any)\s+(?:of\s+the\s+)?(?:two\s+|study\s+)?(?:groups?|arms?)\b"
)
# 'No severe side-effects were observed (in either group)'.
NONE_OBSERVED = re.compile(
    r"\b[Nn]o\s+(?:(?:statistically\s+)?(?:significant|serious|severe|major|relevant|"
    r"clinically\s+relevant)\s+)*(?P<obj>[^,;:()]{2,80}?)\s+(?:was|were|has\s+been|have\s+been|"
    r"had\s+been)\s+(?:observed|found|seen|detected|noted|reported|recorded|identified)\b"
)
# what a difference no one found was in: '… was found (across groups) in terms of X'
CHANGE_TARGET = re.compile(
    r"\b(?:in\s+terms\s+of|with\s+respect\s+to|according\s+to|regarding|in|for|on)\s+(?!(?:the\s+)?"
    r"(?:two\s+|three\s+|both\s+|all\s+|study\s+|treatment\s+)?(?:groups|arms)\b)",
    re.I,
)
# 'Five patients (16.2%) in A and one (3.3%) in B had / developed X': counts set side by side.
COUNTS = re.compile(
    rf"\(\s*(?P<a>{_NUM})\s*%\s*\)[^;:]{{0,80}}?\band\b[^;:]{{0,40}}?\(\s*(?P<b>{_NUM})\s*%\s*\)"
    r"[^;:()]{0,60}?(?:\s(?:\w+ly\s+)?(?:had|developed|experienced|required|needed|reported|suffered\s+from|"
    r"underwent|achieved|received|showed)\s+(?P<obj>[^;:()]{2,200})"
    r"|\s(?:\w+ly\s+)?(?P<obj2>(?!compared|included|randomi[sz]ed|assigned|allocated|treated|"
    r"enrolled)[a-z]{3,}ed\s+[^;:()]{2,200}))",
    re.I,
)
TESTED_WORDS = re.compile(r"(?<![A-Za-z])[pP]\s*[<=≤>]|\bsignifican", re.I)
OBJECT_END = re.compile(
    r"\s*(?:,|\bthan\b|\bbetween\b|\bamong\b|\bcompared\b|\bcomparing\b|\brelative\s+to\b|"
    r"\bversus\b|\bvs\.?|\bwhen\b|\bwhile\b|\bwhereas\b|\bbut\b|\bwas\b|\bwere\b|\bfrom\s+baseline\b|"
    r"\bafter\b|\bat\s+(?:\d|the\s+end|week|month|day|follow|baseline)|\bduring\b|\bover\b|"
    r"\bby\b|\bwith\b|\bwhich\b|\bthat\b|\band\s+(?:significantly\s+)?(?:improved|reduced|"
    r"increased|decreased|lowered|raised|enhanced|was|were|had|showed)\b|"
    rf"\band\s+(?:an?\s+)?(?:\w+\s+)?{CHANGE_NOUN}\s+(?:in|of)\b|\bin\s+(?:the\s+|both\s+|all\s+|either\s+)?"
    r"(?:[\w-]+\s+){0,3}?(?:groups?|arms?|patients|participants|subjects|cohort)\b|"
    r"\bin\s+(?:the\s+)?(?:intervention|control|placebo|treatment|experimental)\b|"
    r"\bin\s+favou?r\b|\(|\[|\bp\s*[<=>]|\d+(?:\.\d+)?\s*%|\s+\d|$)",
    re.I,
)
SUBJECT_LEAD = re.compile(
    r"^(?:.*?,\s+)?(?:(?:and|but|or)\s+)?(?:(?:for|regarding|concerning|as\s+for)\s+)?"
    r"(?:(?:however|moreover|furthermore|in\s+addition|additionally|also|overall|"
    r"similarly|likewise|in\s+contrast|conversely|notably|importantly|finally|thus|therefore)\s*,?\s+)?"
    r"(?:the\s+|a\s+|an\s+|both\s+|all\s+)?",
    re.I,
)
CHANGE_OBJECT = re.compile(rf"{CHANGE_NOUN}\s+(?:in|of)\b", re.I)
OBJECT_LEAD = re.compile(r"^(?:the\s+|a\s+|an\s+|both\s+|all\s+)", re.I)
NEGATION = re.compile(
    r"\b(?:no|not|neither|nor|without|failed\s+to|did\s+not|was\s+not|were\s+not)\b", re.I
)
WEAK_SUBJECT = re.compile(
    r"^(?:there|it|this|these|that|those|they|we|which|results?|analysis|analyses|data|"
    r"differences?|changes?|effects?|the\s+difference|no|none|p|values?|\d)\b",
    re.I,
)


@dataclass(frozen=True)
class Reading:
    start: int  # the outcome phrase, as offsets into the sentence
    end: int
    direction: str  # increase | decrease | no change | ''
    cue: int  # where the words stating the direction start


def _direction(cue: str, negated: bool) -> str:
    cue = cue.lower()
    if (
        negated
        or re.match(SAME, cue)
        or cue.startswith(("did not", "showed no", "was not", "were not"))
    ):
        return "no change"
    if re.fullmatch(UP, cue):
        return "increase"
    if re.fullmatch(DOWN, cue):
        return "decrease"
    return ""


LIST_TAIL = re.compile(
    r"(?:\s*,\s*(?!and\b|or\b|but\b|which\b|while\b)[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,3}\s*){0,6}"
    r",?\s*(?:and|or)\s+(?:the\s+)?[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,3}"
)


def _object(text: str, start: int, limit: int) -> tuple[int, int]:
    """The object phrase from `start`: up to the first word that cannot belong to it, or
    on over a list of outcomes ('X, Y and Z') that a comma would otherwise cut."""
    stop = OBJECT_END.search(text, start + 1, limit)
    end = stop.start() if stop else limit
    if stop and stop.group(0).strip() == ",":
        tail = LIST_TAIL.match(text, end, limit)
        if tail and tail.end() > end:
            stops = (
                m
                for m in OBJECT_END.finditer(text, end + 1, tail.end())
                if m.group(0).strip() != ","
            )
            after = next(stops, None)
            end = after.start() if after is not None and after.start() > end else tail.end()
    return start, end


def _trim(text: str, start: int, end: int, subject: bool = False) -> tuple[int, int]:
    """Without a leading connective or article ('However, the …'); a subject also loses
    what comes before its last comma ('In the MBSR group, stress …')."""
    phrase = text[start:end]
    lead = (SUBJECT_LEAD if subject else OBJECT_LEAD).match(phrase)
    if lead and lead.end() < len(phrase):
        start += lead.end()
    while end > start and text[end - 1] in " ,.;:":
        end -= 1
    return start, end


def _each(pattern: re.Pattern[str], text: str, cues: tuple[str, ...]) -> list[re.Match[str]]:
    """Every match, the next searched from just after this one's cue: an object phrase may
    run over the next statement ('X increased A, F = …, and reduced B'), which `finditer`
    would then skip."""
    found, pos = [], 0
    while (m := pattern.search(text, pos)) is not None:
        found.append(m)
        cue = next((g for g in cues if m.group(g)), None)
        pos = max(m.end(cue) if cue else m.end(), m.start() + 1)
    return found


def _subject(text: str, verb: int) -> tuple[int, int] | None:
    """The subject phrase read backwards from its verb, up to a comma or bracket."""
    begin = max(verb - 120, 0)
    stops = [s.end() for s in SUBJECT_STOP.finditer(text, begin, verb)]
    inserted = len(stops) > 1 and not text[stops[-1] : verb].strip()
    if inserted and INSERTED.fullmatch(text, stops[-2], stops[-1]):
        stops = stops[:-2]  # 'Insulin doses, however, were lower': the subject is before it
    start = stops[-1] if stops else begin
    if start == begin > 0:  # the window cut a word: start at the next one
        space = text.find(" ", begin, verb)
        start = space + 1 if space >= 0 else verb
    said = list(SAID_THAT.finditer(text, start, verb))
    start = said[-1].end() if said else start  # '… evaluation showed that intact tubes were …'
    if verb - start < 3:
        return None
    a, b = _trim(text, *_object(text, start, verb), subject=True)
    if b - a < 2 or WEAK_SUBJECT.match(text[a:b]):
        return None
    return a, b


def _number(printed: str) -> float:
    return float(printed.replace("−", "-").replace("–", "-"))


def _side_by_side(m: re.Match[str]) -> str:
    """The direction two printed values state: the first arm's ('a') against the second's."""
    first, second = _number(m.group("a")), _number(m.group("b"))
    return "increase" if first > second else "decrease" if first < second else "no change"


def _compared_values(text: str) -> list[Reading]:
    """'X was 11 mg in A compared with 34 mg in B (p = .05)': the direction the numbers
    state."""
    found = []
    for m in VALUE_PAIR.finditer(text):
        span = _subject(text, m.start())
        if span is None:
            continue
        found.append(Reading(*span, _side_by_side(m), m.start("a")))
    return found


# 'The decrease in pain was greater in A': the subject is a change of the outcome.
CHANGE_SUBJECT = re.compile(
    r"(?:the\s+)?(?:mean\s+|median\s+|overall\s+)?(?:(?P<up>increase|rise|gain|improvement|"
    r"elevation)|(?P<down>decrease|reduction|decline|drop|fall|loss))s?\s+(?:in|of)\s+",
    re.I,
)


def _of_change(text: str, span: tuple[int, int], direction: str) -> tuple[tuple[int, int], str]:
    """A subject 'the decrease in X' with 'greater': X decreased more; with 'smaller', less."""
    changed = CHANGE_SUBJECT.match(text, span[0], span[1])
    if changed is None or direction not in ("increase", "decrease"):
        return span, direction
    own = "increase" if changed.group("up") else "decrease"
    other = "decrease" if own == "increase" else "increase"
    return (changed.end(), span[1]), own if direction == "increase" else other


def readings(text: str, tested: bool | None = None) -> list[Reading]:
    """Every comparison the sentence states, in order; values set side by side only where
    the sentence reports a test (`tested`, else read from `text`)."""
    found: list[Reading] = []
    for m in PREDICATE.finditer(text):
        cue = "cue" if m.group("cue") else "cue2"
        span = _subject(text, m.start())
        if span is None:
            continue
        negated = bool(NEGATION.search(text, m.start(), m.start(cue)))
        span, direction = _of_change(text, span, _direction(m.group(cue), negated))
        found.append(Reading(*span, direction, m.start(cue)))
    stated = {(r.start, r.end) for r in found}
    if TESTED_WORDS.search(text) if tested is None else tested:
        found += [r for r in _compared_values(text) if (r.start, r.end) not in stated]
    for m in THERE_WERE.finditer(text):
        a, b = _trim(text, m.start("obj"), m.end("obj"))
        if b - a >= 2:
            found.append(Reading(a, b, _side_by_side(m), m.start("a")))
    for m in NONE_IN_EITHER.finditer(text):
        a, b = _trim(text, m.start("obj"), m.end("obj"))
        if b - a >= 2:
            found.append(Reading(a, b, "no change", m.start()))
    for m in NONE_OBSERVED.finditer(text):
        a, b = _trim(text, m.start("obj"), m.end("obj"))
        if re.fullmatch(CHANGE_NOUN, text[a:b], re.I):  # 'no difference was found in X'
            after = CHANGE_TARGET.search(text, m.end(), m.end() + 80)
            a, b = _trim(text, *_object(text, after.end(), len(text))) if after else (a, a)
        if b - a >= 2:
            found.append(Reading(a, b, "no change", m.start()))

    for m in _each(CHANGE_IN, text, ("noun",)):
        a, b = _trim(text, *_object(text, m.start("obj"), m.end("obj")))
        if b - a < 2:
            continue
        noun = m.group("noun").lower()
        directional = not noun.startswith(("difference", "change", "effect"))
        word = noun if directional else (m.group("cmp") or noun)
        negated = bool(NEGATION.search(text, max(0, m.start() - 45), m.start("noun")))
        direction = _direction(word, negated)
        if not direction and noun.startswith(
            ("increase", "rise", "gain", "elevation", "improvement", "benefit")
        ):
            direction = "increase"
        elif not direction and noun.startswith(
            ("decrease", "reduction", "decline", "loss", "worsening", "deterioration")
        ):
            direction = "decrease"
        found.append(Reading(a, b, direction, m.start("noun")))
    for m in BETWEEN_IN_GROUPS.finditer(text):
        a, b = _trim(text, m.start("obj"), m.end("obj"))
        if b - a >= 2:
            negated = bool(NEGATION.search(text, max(0, m.start() - 45), m.start()))
            found.append(Reading(a, b, "no change" if negated else "", m.start()))
    for m in DIFFER_IN.finditer(text):
        a, b = _trim(text, *_object(text, m.start("obj"), m.end("obj")))
        if b - a >= 2:
            negated = bool(NEGATION.search(m.group("cue")))
            found.append(Reading(a, b, "no change" if negated else "", m.start("cue")))
    for m in _each(ARM_OBJECT, text, ("cue", "cue2")):
        obj, cue = ("obj", "cue") if m.group("obj") else ("obj2", "cue2")
        a, b = _trim(text, *_object(text, m.start(obj), m.end(obj)))
        if b - a < 2 or WEAK_SUBJECT.match(text[a:b]) or CHANGE_OBJECT.match(text, a):
            continue
        negated = bool(NEGATION.search(text, max(0, m.start(cue) - 25), m.start(cue)))
        found.append(Reading(a, b, _direction(m.group(cue), negated), m.start(cue)))
        while (item := ITEM_BY.match(text, b)) is not None:  # 'X by 8%, Y by 10% and Z by 9%'
            a, b = item.start("item"), item.end("item")
            found.append(Reading(a, b, found[-1].direction, m.start(cue)))
    for m in _each(AMOUNT_OF, text, ("cue",)):
        a, b = _trim(text, *_object(text, m.start("obj"), m.end("obj")))
        if b - a < 2:
            continue
        negated = bool(NEGATION.search(text, max(0, m.start("cue") - 25), m.start("cue")))
        found.append(Reading(a, b, _direction(m.group("cue"), negated), m.start("cue")))
    return _distinct(found)


# 'reduced X by 8%, Y by 10% and Z by 9%': the next outcome of a list of amounts.
ITEM_BY = re.compile(
    r"\s*by\s+[^,;]{1,40}?(?:,\s*(?:and\s+)?|\s+and\s+)"
    r"(?P<item>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,3}?)(?=\s+by\s)"
)
# 'More patients in the IG reported good self-efficacy', 'fewer ELAD subjects had positive
# PEth': more or fewer people with the outcome.
MORE_PEOPLE = re.compile(
    rf"\b(?P<cue>[Mm]ore|[Ff]ewer|[Ll]ess)\s+(?:[\w-]+\s+){{0,2}}?(?:{PEOPLE}|infants|cases)\s+"
    r"(?:(?:in|of)\s+the\s+"
    r"[^,;:()]{1,40}?\s+)?(?:who\s+)?(?:\w+ly\s+)?(?:(?:had|reported|developed|experienced|required|"
    r"needed|achieved|reached|showed|were)\s+(?P<obj>[^;:()]{2,200})|(?P<obj2>(?!compared|included|"
    r"randomi[sz]ed|assigned|allocated|enrolled)[a-z]{3,}ed\s+[^;:()]{2,200}))"
)


def counted(text: str) -> list[Reading]:
    """'Five patients (16.2%) in A and one (3.3%) in B had X': the direction the shares
    state. Read on the text as printed (the shares are in brackets)."""
    found = []
    for m in COUNTS.finditer(text):
        obj = "obj" if m.group("obj") else "obj2"  # 'passed stones': the verb is the outcome's
        a, b = _trim(text, *_object(text, m.start(obj), m.end(obj)))
        if b - a >= 2:
            found.append(Reading(a, b, _side_by_side(m), m.start("a")))
    for m in MORE_PEOPLE.finditer(text):
        obj = "obj" if m.group("obj") else "obj2"
        a, b = _trim(text, *_object(text, m.start(obj), m.end(obj)))
        if b - a >= 2:
            cue = m.group("cue").lower()
            found.append(Reading(a, b, "increase" if cue == "more" else "decrease", m.start()))
    return found


def _distinct(found: list[Reading]) -> list[Reading]:
    """Drop readings whose outcome lies inside another's."""
    out: list[Reading] = []
    for r in sorted(found, key=lambda r: (r.start, -(r.end - r.start))):
        if any(o.start <= r.start and r.end <= o.end for o in out):
            continue
        out.append(r)
    return out


def blank_brackets(text: str) -> str:
    """Bracketed and parenthesised words (statistics, abbreviations) as spaces: the same
    length, so offsets hold, and a list of outcomes reads on past each one's numbers."""
    out: list[str] = []
    stack: list[str] = []
    for c in text:
        if c in "([":
            stack.append(c)
        out.append(" " if stack else c)
        if c in ")]" and stack:
            opener = "(" if c == ")" else "["
            while stack and stack.pop() != opener:
                pass  # '[F (126.04, p < .001]': the bracket closes the parenthesis too
    return "".join(out)


def non_significant(text: str) -> bool:
    return bool(NOT_SIGNIFICANT.search(text))


def stated_significance(text: str) -> bool | None:
    """What the words say: 'not significant' False, 'significantly' True, else None."""
    if non_significant(text):
        return False
    return True if SIGNIFICANT.search(text) else None
