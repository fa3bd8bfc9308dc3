"""Which arms of the own trial a result clause names: by name, by a word only that arm's
name has ('the propofol group'), by its label or initials, or as 'the intervention /
control group'; which of them is compared with which ('… than in the placebo group');
and, in a trial of several arms under test, every pair a clause names none of."""

from __future__ import annotations

import re

from ..components.paper_context import PaperContext
from .arm_mentions import content_words, sentence_arms
from .arms import Arm, TrialArms, is_generic

GENERIC_ARM = {
    "experimental": re.compile(
        r"\b(?:intervention|experimental|treatment|active|study|trained|training)\s+"
        r"(?:(?:group|arm|condition)s?\b|and\s+(?:the\s+)?(?:control|placebo|comparison)\s+"
        r"(?:group|arm|condition)s?\b)",
        re.I,
    ),
    "control": re.compile(
        r"\b(?:control|placebo|sham|usual[\s-]+care|wait[\s-]*list(?:ed)?|comparison)\s*"
        r"(?:group|arm|condition)?s?\b",
        re.I,
    ),
}
_COMPARED_TAIL = (
    r"(?:(?:that|those)\s+(?:in|of|receiving)\s+)?(?:(?:in|for|with|on|among)\s+)?"
    r"(?:the\s+|either\s+)?(?:patients\s+(?:in|on|receiving|treated\s+with)\s+(?:the\s+)?)?$"
)
COMPARED_WITH = re.compile(
    rf"(?:\bthan|\brelative\s+to|\bover)\s+{_COMPARED_TAIL}|"
    r"(?:\bcompared\s+(?:with|to)|\bversus|\bvs\.?)\s+"
    rf"(?:[\d.,%±()\s-]{{1,25}}\s(?:in|for|among|of)\s+)?{_COMPARED_TAIL}",  # 'vs 13.3% in the'
    re.I,
)
NOT_TELLING = frozenset(
    "based group groups treated treatment therapy received receiving daily dose doses once "
    "twice standard alone plus only".split()
)


# A word of an arm's name used as the arm ('the propofol group', 'with propofol'), not
# inside an outcome ('meropenem-related ICU stay').
USED_AS_ARM = (
    r"(?:\b(?:with|receiving|received|given|taking|on|after)\s+(?:the\s+)?{0}(?:e?s)?\b(?!-)|"
    r"\b{0}(?:e?s)?(?:[\s-]+[\w.%/]+){{0,2}}?[\s-]+(?:group|arm|condition|cohort|treated)s?\b)"
)


def _telling_words(arm: Arm, arms: TrialArms) -> list[str]:
    """The words of an arm's name no other arm of the trial has: 'propofol' of 'propofol
    based sedation' against 'etomidate'."""
    others = set().union(*(content_words(a.name) for a in arms.arms if a.name != arm.name))
    return [
        w
        for w in content_words(arm.name)
        if len(w) > 3 and not w.isdigit() and w not in others and w not in NOT_TELLING
    ]


def _initials(name: str) -> list[str]:
    """'hfnc' for 'high-flow nasal cannula': how a paper abbreviates a name of 3-5 words."""
    words = [w for w in re.findall(r"[A-Za-z]+", name) if w.lower() not in ("of", "and", "the")]
    return ["".join(w[0] for w in words).lower()] if 3 <= len(words) <= 5 else []


def _named_at(low: str, arm: Arm, arms: TrialArms) -> tuple[int, int] | None:
    """Where a clause names an arm: its whole name, else a word only that arm's name has
    ('the propofol group' for 'propofol based on midazolam')."""
    at = low.find(arm.name.lower())
    if at >= 0:
        return at, at + len(arm.name)
    if arm.label:  # 'group I' names the arm labelled 'Group I'
        by_label = re.search(rf"(?<![\w-]){re.escape(arm.label.lower())}(?![\w-])", low)
        if by_label is not None:
            return by_label.span()
    hits = [
        (at, at + len(w))
        for w in [*_telling_words(arm, arms), *_initials(arm.name)]
        if (m := re.search(USED_AS_ARM.format(re.escape(w)), low)) is not None
        for at in [low.find(w, m.start())]  # the word, not the 'with' before it
    ]
    return min(hits, default=None)


def mentions(text: str, arms: TrialArms) -> list[Arm]:
    """The arms a clause names, by their names or as 'the intervention / control group'."""
    named: list[Arm] = []
    low = text.lower()
    for arm in arms.arms:
        where = _named_at(low, arm, arms)
        if where is not None:
            named.append(Arm(arm.name, arm.role, arm.n, *where))
    for role, pattern in GENERIC_ARM.items():
        default = arms.experimental if role == "experimental" else arms.control
        for m in pattern.finditer(text):
            inside = any(n.start <= m.start() < n.end for n in named)
            if default is not None and not inside:
                named.append(Arm(default.name, default.role, default.n, m.start(), m.end()))
    return sorted(named, key=lambda a: a.start)


def arms_of(
    text: str, arms: TrialArms, named: list[Arm], paper: PaperContext | None = None
) -> tuple[Arm | None, Arm | None]:
    """(intervention, comparator) as the clause names them: the arm named after 'than' or
    'compared with' is the comparator; by default the trial's experimental and control arm.
    A clause that names no arm of the trial but in which the arm tagger reads one takes the
    tagger's arms (arm_mentions.sentence_arms)."""
    if not any(not is_generic(a.name) for a in named):
        tagged = sentence_arms(text, arms.arms, paper)
        if tagged is not None:
            return tagged
    if not named:
        return arms.experimental, arms.control
    compared = [a for a in named if COMPARED_WITH.search(text[max(0, a.start - 40) : a.start])]
    subject = next((a for a in named if a not in compared), None)
    other = next((a for a in compared if subject is None or a.name != subject.name), None)
    if subject is None:
        subject = arms.experimental if other is None or other.role == "control" else arms.control
    if other is None and subject is not None:
        other = next((a for a in named if a.name != subject.name), None) or (
            arms.control if subject.role == "experimental" else arms.experimental
        )
    if subject is not None and other is not None and subject.name == other.name:
        other = None
    return subject, other


def each_pair(
    clause: str, arms: TrialArms, intervention: Arm | None, comparator: Arm | None
) -> list[tuple[Arm | None, Arm | None]]:
    """The pairs of arms a clause reports: where the trial has several arms under test and
    the clause names none of them by name, each of them the paper names as an arm ('the
    X group', 'X (n = 40)', 'received X', a label) against the control ('X was
    lower than with placebo' in a trial of two doses and placebo; 'X was higher in the
    placebo group'; 'X fell significantly in the treatment groups'); else its own pair."""
    pair = [(intervention, comparator)]
    tested = [a for a in arms.arms if a.role == "experimental" and not is_generic(a.name)]
    # an arm the paper never names as one ('NoGo' of a Go/NoGo task) reports nothing
    tested = tested[:1] + [a for a in tested[1:] if a.n or a.label or a.grouped]
    control = arms.control
    if len(tested) < 2 or intervention is None or control is None:
        return pair
    low = clause.lower()
    if any(_named_at(low, a, arms) is not None for a in tested):
        return pair
    if intervention.name == tested[0].name:
        return [(a, comparator) for a in tested]
    if intervention.name == control.name and comparator is not None:
        return [(intervention, a) for a in tested] if comparator.name == tested[0].name else pair
    return pair
