"""The arms of the paper's own trial: what each is called, its role and its size.

Assembly reads the arms once (`trial_arms`) and hands them to the table and sentence
readers, which name a finding's intervention and comparator by them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..components.paper_context import PaperContext

CONTROL = re.compile(
    r"\b(?:control|wait[\s-]*list(?:ed)?|waiting[\s-]*list|usual care|treatment as usual|"
    r"\bTAU\b|placebo|sham|standard care|no[\s-]treatment|comparison|attention control)\b",
    re.I,
)


CONTROL_ROLE = re.compile(
    r"\bcontrols\b|\bcontrol\s+(?:group|arm|condition|subjects|participants)|^\s*control\s*$|"
    r"\b(?:wait[\s-]*list(?:ed)?|waiting[\s-]*list|usual care|treatment as usual|\bTAU\b|placebo|"
    r"sham|standard care)\b",
    re.I,
)


@dataclass(frozen=True)
class Arm:
    name: str  # as the paper names it: "MBSR", "wait-list control"
    role: str  # experimental | control
    n: str = ""
    start: int = -1  # where the paper names it, in Document.text
    end: int = -1
    label: str = ""  # the paper's label for the arm, where it has one: 'Group I'
    grouped: bool = False  # the paper names it as an arm: 'the X group', 'received X'


@dataclass
class TrialArms:
    """The own trial's arms, experimental ones first."""

    arms: list[Arm] = field(default_factory=list)

    @property
    def experimental(self) -> Arm | None:
        return next((a for a in self.arms if a.role == "experimental"), None)

    @property
    def control(self) -> Arm | None:
        return next((a for a in self.arms if a.role == "control"), None)

    def named(self, text: str) -> Arm | None:
        """The arm a header or a phrase names ('MBSR (n = 52)', 'the wait-list group')."""
        low = text.lower()
        for arm in self.arms:
            if arm.label and re.search(rf"(?<![\w-]){re.escape(arm.label)}(?![\w-])", text, re.I):
                return arm  # 'Group I (n = 30)', 'group I patients'
        best = None
        for arm in self.arms:
            if is_generic(arm.name):
                continue  # 'control' is a role: CONTROL_ROLE below decides
            words = [w for w in re.findall(r"[a-z0-9]+", arm.name.lower()) if len(w) > 2]
            whole = re.search(rf"(?<![\w-]){re.escape(arm.name.lower())}(?![\w-])", low)
            names = whole or (words and all(re.search(rf"\b{w}\b", low) for w in words))
            if names and (best is None or len(arm.name) > len(best.name)):
                best = arm
        if best is None and CONTROL_ROLE.search(text):
            return self.control
        return best


def role_of(name: str) -> str:
    return "control" if CONTROL.search(name) else "experimental"


LEAD = re.compile(
    r"^(?:(?:a|an|the|either|or|and|receive|receiving|continue|to|one|single|dose|doses|of|"
    r"with|treatment|therapy|providing|using|use|adding|add|consuming|consume|taking|take|"
    r"undergo|undergoing|combining|comparing|[\w-]+ing\s+(?:of|with)|(?:[\w-]+[\s-])?(?:week|day|month|session)s?"
    r"(?:\s+(?:course|program(?:me)?|intervention))?\s+of|group|course\s+of)\s+)+",
    re.I,
)
TRAIL = re.compile(
    r"\s+(?:groups?|arms?|conditions?|cohorts?|only|alone|treatment\s+groups?|"
    r"respectively|each|group\s+[IV\d]+)$",
    re.I,
)
CUT = re.compile(
    r"\s*\((?:\s*n\s*=|\d+\s*\)).*$|\s+(?:for|during|in|at|from|on|over|prior|before|after|"
    r"until|daily|twice|once|per|who|which|that|were|was|by)\b.*$|\s*\[.*$",
    re.I,
)
ALLOCATION = re.compile(
    r"\b(?:randomi[sz]ed|randomly\s+(?:assigned|allocated|divided|distributed|selected)|"
    r"assigned|allocated|divided|received\s+either|receiving)\b(?:\s+[\w,()=-]+){0,5}?\s+"
    r"(?:to|into|between|with)\s+(?!(?:compare|evaluate|assess|determine|investigate|examine|"
    r"test|study|be|the\s+study)\b)(?:receive\s+|either\s+|one\s+of\s+(?:the\s+)?(?:\w+\s+){0,2}"
    r"(?:groups?|arms?|treatments?|regimens?|conditions?)\s*[:,]?\s*|(?:\w+\s+)?groups?\s*[:,]\s*)?"
    r"(?P<list>[^.;:]{3,300})",
    re.I,
)
LIST_SPLIT = re.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:or|and|versus|vs\.?|v\.)\s+", re.I)
# 'MBSR (n = 52)', 'the yoga group [41 participants]': the size first (a cheap scan), then
# the name before it; a pattern that began at the name tried every letter of the methods.
SIZE_MARK = re.compile(
    r"[(\[]\s*(?:n\s*=\s*(?P<n>\d+)|(?:[A-Z]{1,5}\s*[–-]\s*)?(?P<n2>\d+)\s+(?:subjects|"
    r"participants|patients|students|individuals|women|men|children|employees|nurses|adults|"
    r"volunteers)\b)",
    re.I,
)
NAME_BEFORE = re.compile(r"(?P<name>[A-Za-z][\w\-+/ ]{1,60}?)\s*(?:group|arm)?\s*$", re.I)


def sized(text: str) -> list[tuple[str, str, int]]:
    """(name, n, start) of each arm the text names with its size."""
    found = []
    for mark in SIZE_MARK.finditer(text):
        begin = max(0, mark.start() - 70)
        while 0 < begin < mark.start() and text[begin - 1].isalnum():
            begin += 1  # a name begins at a word
        before = NAME_BEFORE.search(text, begin, mark.start())
        if before is not None:
            found.append(
                (before.group("name"), mark.group("n") or mark.group("n2"), before.start())
            )
    return found


EFFECT_OF = re.compile(
    r"\b(?:effects?|efficacy|effectiveness|impact|influence|role|use|evaluation|comparison|trial|"
    r"study)\s+of\s+(?P<a>[^:;,.]{2,80}?)(?=\s+(?:on|in|for|among|to|versus|vs|compared)\s|[:;,.]|$)",
    re.I,
)
NOT_ARM = re.compile(
    r"^(?:\d+|two|three|four|one|patients|participants|subjects|women|men|children|the study|"
    r"study|groups?|random|blocks?|a ratio|ratio|\d+:\d+|have|has|had|be|is|are|was|were|"
    r"increased|decreased|kept|used|given|stratified|pretest|posttest|sealed|opaque|computer)\b|"
    r"\b(?:years?|months?|weeks?|days?|envelopes?|sequence|randomi[sz]ation|list|table|"
    r"comparisons?)\s*\)?$",
    re.I,
)
TITLE_HEAD = re.compile(
    r"^(?:(?:the\s+)?(?:effects?|efficacy|effectiveness|safety|impact|influence|role|use|"
    r"evaluation|comparison|assessment|benefits?)\s+(?:and\s+\w+\s+)?of\s+|"
    r"(?:an?\s+)?(?:randomi[sz]ed|controlled|clinical|pilot|open|double-blind|\s)+"
    r"(?:trial|study|comparison)\s+of\s+)?(?P<head>[^:;,.?]{2,80}?)"
    r"(?=\s+(?:in|for|on|among|to|after|during|with|versus|vs\.?|compared|improves?|reduces?|"
    r"increases?|decreases?|does|did|is|are|as|at|and\s+(?:its|their|the))\s|[:;,.?]|$)",
    re.I,
)
METHODS = re.compile(r"abstract|method|design|random|particip|interven|procedure|treatment", re.I)


def _clean(phrase: str) -> str:
    phrase = " ".join(re.sub(r"[\u200b-\u200f\u2060\ufeff]", "", phrase).split()).strip(" ,;:-")
    phrase = re.sub(r"\s*\([^()]*\)?\s*$", "", phrase)
    phrase = CUT.sub("", phrase)
    phrase = LEAD.sub("", phrase)
    phrase = TRAIL.sub("", phrase).strip(" ,;:-")
    return phrase


def clean_name(phrase: str) -> str:
    """A phrase that names an arm without its article, 'group', size or what follows."""
    return _clean(phrase)


def _arm(phrase: str, n: str = "", start: int = -1) -> Arm | None:
    name = _clean(phrase)
    words = name.split()
    if (
        not name
        or len(words) > 12
        or NOT_ARM.search(name)
        or not re.search(r"[A-Za-z]{3}|^[A-Z]{2}", name)
    ):
        return None
    return Arm(name, role_of(name), n, start, start + len(phrase) if start >= 0 else -1)


def _masked(text: str) -> str:
    """Parenthesised words blanked (same length), so a list splits only at its own commas."""
    out, depth = [], 0
    for c in text:
        depth += c in "(["
        out.append(" " if depth and c not in "()[]" else c)
        depth -= c in ")]" and depth > 0
    return "".join(out)


GENERIC = re.compile(
    r"^(?:the\s+)?(?:control|controls|intervention|experimental|treatment|case|study|active|"
    r"comparison|training|program|programme|course)(?:\s+(?:group|arm|condition|intervention))?s?$",
    re.I,
)


def is_generic(name: str) -> bool:
    """'control', 'the intervention group': a role, not a name of what the arm received."""
    return bool(GENERIC.match(name.strip()))


def _from_list(text: str, start: int) -> list[Arm]:
    arms = []
    masked = _masked(text)
    for m in ALLOCATION.finditer(masked):
        at, items = m.start("list"), []
        for sep in [*LIST_SPLIT.finditer(m.group("list")), None]:
            end = m.start("list") + sep.start() if sep else m.end("list")
            if text[at:end].strip():
                items.append(text[at:end])
            at = m.start("list") + sep.end() if sep else end
        found = [a for a in (_arm(i) for i in items[:4]) if a]
        if len(found) >= 2:
            arms += [Arm(a.name, a.role, a.n, start + m.start("list")) for a in found]
            break
    return arms


def trial_arms(
    title: str,
    paragraphs: list[tuple[str, str, int]],
    tagged: bool = True,
    context: PaperContext | None = None,
) -> TrialArms:
    """The own trial's arms from its title, abstract and methods: allocation sentences
    ('randomised to X or Y'), arms named with their size ('X (n = 52)'), the title's
    'X versus Y' or 'Effect of X on …'; a control the text names (placebo, usual care)
    when no arm is one. Where the shipped arm tagger reads the title and abstract
    (`tagged`) and finds an arm under test, the tagger's arms instead; where the methods
    define two or more groups by label ('Group I (n = 30) received X'), those groups,
    named by what each received (`group_labels`). On ei-dev's train quarter held out of
    a tagger refitted without it, the arms name the prompt's intervention for 74% of
    prompts (rules alone 41%). `paragraphs` are (section, text, start); `context` is
    the paper's, for the tagger (`PaperContext`; built from them when not given)."""
    texts = [(s, t, o) for s, t, o in paragraphs if METHODS.search(s)]
    found: list[Arm] = []
    for _, text, start in texts:
        found = _from_list(text, start)
        if found:
            break
    sizes = {}
    for _, text, start in texts:
        for name, n, at in sized(text):
            arm = _arm(name, n, start + at)
            if arm and arm.name.lower() not in sizes:
                sizes[arm.name.lower()] = arm
    if len(found) < 2 and len(sizes) >= 2:
        found = list(sizes.values())[:4]
    if len(found) < 2:
        found = _title_pair(title) or found
    if not found:
        effect = EFFECT_OF.search(title) or TITLE_HEAD.match(title)
        arm = _arm(effect.group(effect.lastgroup or 1)) if effect else None
        found = [arm] if arm else []
    if tagged:
        found = _or_tagged(found, title, paragraphs, context)
    found = _labelled(found, paragraphs)
    found = [_sized(a, sizes, texts) for a in found]
    if found and not any(a.role == "control" for a in found):
        if len(found) >= 2:
            last = found[-1]
            found[-1] = replace(last, role="control")
        else:
            control = _named_control(texts)
            if control:
                found.append(control)
    found = [replace(a, grouped=printed_as_arm(a.name, paragraphs)) for a in found]
    experimental = [a for a in found if a.role == "experimental"]
    return TrialArms(experimental + [a for a in found if a.role == "control"])


def _or_tagged(
    found: list[Arm],
    title: str,
    paragraphs: list[tuple[str, str, int]],
    context: PaperContext | None = None,
) -> list[Arm]:
    """The tagger's arms where it finds an arm under test, else the rules'; a tagged arm
    the rules read too counts one vote more. On the train quarter held out of the
    tagger's training (PMC number ending in 4 or 8; tagger refitted without it,
    `train_arm_tagger.py --without-quarter`), the tagger's arms name the prompt's
    intervention for 65% of prompts, the rules' for 41%, and keeping the rules' arms
    wherever one tagged mention shares their words (as before) for 59%."""
    from .arm_mentions import as_arms, content_words, tagged_arms

    mentioned = tagged_arms(title, paragraphs, context=context)
    if not any(m.role == "experimental" for m in mentioned):
        return found  # the tagger found no arm under test: the rules' arms stand
    ruled = [content_words(a.name) for a in found if not is_generic(a.name)]
    for m in mentioned:  # an arm the rules read too has one vote more (held quarter +1%)
        words = content_words(m.name)
        if words and any(w and (w <= words or words <= w) for w in ruled):
            m.votes[m.role] += 1
    texts = [(s, t, o) for s, t, o in paragraphs if METHODS.search(s)]
    arms = as_arms(mentioned, lambda name: bool(printed_size(name, texts)))
    once = {m.name for m in mentioned if m.votes["control"] < 2}
    control = next((a for a in found if a.role == "control"), None)
    distinct: list[Arm] = []
    for arm in arms:  # 'MBSR' and 'the eight-week mindfulness-based stress reduction program'
        if not any(_same(arm, d) for d in distinct):
            distinct.append(arm)
    if len(distinct) < len(arms):
        arms = distinct
        if control and not any(a.role == "control" or _same(a, control) for a in arms):
            arms.append(control)  # the one arm the tagger named twice is no comparator
    if any(a.role == "control" and a.name in once for a in arms):
        # a comparator the tagger reads once ('home practice') gives way to the rules' one
        arms = [a for a in arms if a.role == "experimental"] + ([control] if control else [])
    return arms


def _same(a: Arm, b: Arm) -> bool:
    """Two names of one arm: one's words inside the other's, or an abbreviation spelling
    the initials of the other's words."""
    from .arm_mentions import content_words

    words_a, words_b = content_words(a.name), content_words(b.name)
    if words_a and words_b and (words_a <= words_b or words_b <= words_a):
        return True
    short, long = sorted((a.name, b.name), key=len)
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", long)).lower()
    return short.isupper() and len(short) >= 2 and short.lower() in initials


def _labelled(found: list[Arm], paragraphs: list[tuple[str, str, int]]) -> list[Arm]:
    """The groups the methods define by label ('Group I (n = 30) received X'), named by
    their label, where the paper defines two or more."""
    from .group_labels import group_meanings

    meanings = group_meanings(paragraphs)
    if len(meanings) < 2:
        return found
    return [
        Arm(what, "control" if INERT.search(what) else role_of(what), label=label)
        for label, what in meanings.items()
    ]


# what a comparator group receives besides a named control: saline, a vehicle, nothing
INERT = re.compile(
    r"\b(?:normal|physiological|isotonic)\s+saline\b|\bvehicle\b|\bno\s+(?:intervention|treatment)",
    re.I,
)


def _title_pair(title: str) -> list[Arm]:
    """'Comparison of X with Y', 'between X and Y', 'X versus Y for …'."""
    for pattern in (
        r"\b(?:comparison|comparing|compared|effects?|efficacy|investigation|evaluation|impact)\s+"
        r"(?:of\s+)?(?P<a>.{2,80}?)\s+"
        r"(?:with|to|and|versus|vs\.?)\s+(?P<b>.{2,80}?)(?=\s+(?:for|in|on|among|as|after|during|at)"
        r"\s|[:;,.]|$)",
        r"\bbetween\s+(?P<a>.{2,80}?)\s+and\s+(?P<b>.{2,80}?)(?=\s+(?:for|in|on|among|as|after|"
        r"during|at)\s|[:;,.]|$)",
    ):
        m = re.search(pattern, title, re.I)
        if m:
            pair = [x for x in (_arm(m.group("a")), _arm(m.group("b"))) if x]
            if len(pair) == 2:
                return pair
    m = re.search(
        r"(?P<a>[^:;,.]{2,80}?)\s+(?:versus|vs\.?|v\.|compared\s+(?:with|to))\s+"
        r"(?P<b>[^:;,.]{2,80}?)(?=\s+(?:for|in|on|among|as|to|after|during|at|with)\s|[:;,.]|$)",
        title,
        re.I,
    )
    if m:
        return [x for x in (_arm(_after_of(m.group("a"))), _arm(m.group("b"))) if x]
    return []


def _after_of(phrase: str) -> str:
    m = re.search(r"\b(?:of|between)\s+(?P<x>.+)$", phrase, re.I)
    return m.group("x") if m else phrase


def _sized(arm: Arm, sizes: dict[str, Arm], texts: list[tuple[str, str, int]]) -> Arm:
    """The arm with its n: from the sized arms the rules read, else where the methods
    print its name with its size ('the yoga group (n = 41)')."""
    if arm.n:
        return arm
    sized = sizes.get(arm.name.lower())
    n = sized.n if sized else printed_size(arm.label or arm.name, texts)
    return replace(arm, n=n) if n else arm


AS_ARM = (
    r"(?<![\w]){0}(?:[\s-]+[\w.%/+-]+){{0,2}}?[\s-]+(?:groups?|arms?|cohorts?|treated)\b|"
    r"\b(?:receiv(?:ed|ing)|randomi[sz]ed\s+to|assigned\s+to|allocated\s+to|treated\s+with|"
    r"given|administered)\s+(?:receive\s+)?(?:either\s+)?(?:the\s+|an?\s+)?"
    r"(?:[\w.%/-]+\s+){{0,3}}?{0}(?!\w)|"
    r"(?<![\w]){0}\s*[(\[]\s*n\s*="
)


def printed_as_arm(name: str, paragraphs: list[tuple[str, str, int]]) -> bool:
    """Whether the paper names the phrase as an arm somewhere: 'the X group', 'X arm',
    'X-treated', 'X (n = 40)', 'received X', 'treated with X', 'randomised to X'. A word the tagger takes for an arm
    in the abstract ('early' of 'early Parkinson's disease', 'NoGo' of a Go/NoGo task)
    seldom is."""
    pattern = re.compile(AS_ARM.format(re.escape(name)), re.I)
    low = name.lower()
    return any(low in text.lower() and pattern.search(text) for _, text, _ in paragraphs)


SIZE_AFTER = re.compile(r"(?:\s+(?:group|arm))?\s*[(\[]\s*n\s*=\s*(\d+)", re.I)


def printed_size(name: str, texts: list[tuple[str, str, int]]) -> str:
    """N where a text prints 'NAME (n = N)' or 'NAME group (n = N)', else ''. The name is
    found by plain search (a pattern compiled per name was a cost of every paper)."""
    wanted = name.lower()
    for _, text, _ in texts:
        low = text.lower()
        if len(low) != len(text):
            low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        at = low.find(wanted)
        while at >= 0:
            bounded = at == 0 or not (low[at - 1].isalnum() or low[at - 1] in "_-")
            m = SIZE_AFTER.match(text, at + len(wanted)) if bounded else None
            if m:
                return m.group(1)
            at = low.find(wanted, at + 1)
    return ""


NAMED_CONTROL = re.compile(
    r"\b(?:placebo|usual care|treatment as usual|wait[\s-]*list(?:\s+control)?|sham|"
    r"standard care|no treatment|control group)\b",
    re.I,
)


def _named_control(texts: list[tuple[str, str, int]]) -> Arm | None:
    for _, text, start in texts:
        m = NAMED_CONTROL.search(text)
        if m:
            name = re.sub(r"\s+group$", "", m.group(0), flags=re.I)
            return Arm(name, "control", "", start + m.start(), start + m.end())
    return None
