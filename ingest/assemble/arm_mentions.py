"""The trial's arms as the trained arm tagger reads them in the title and the abstract:
the words that name the intervention and the comparator, counted over the sentences.

Used by `arms.trial_arms` where the rules name no arm, only a role ('the intervention
group') or a phrase the tagger never takes for an arm, and by the result-sentence reader
where a sentence names an arm the trial's list does not hold."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..components.arm_tagger import ArmTagger, load_arm_tagger
from ..components.paper_context import PaperContext
from ..components.sentences import sentence_spans
from .arms import CONTROL, Arm, clean_name, is_generic

ABSTRACT = re.compile(r"abstract|summary", re.I)
MAX_SENTENCES = 12  # the title and the abstract's first sentences: 12 read best on held-out train


@dataclass
class Mentioned:
    name: str
    start: int
    votes: dict[str, int]

    @property
    def role(self) -> str:
        """Control for a name the rules know for one ('wait-list', 'placebo', 'usual
        care'; held quarter +1 prompt, and the example RCT's wait-list), else by votes."""
        if CONTROL.search(self.name):
            return "control"
        return "control" if self.votes["control"] > self.votes["experimental"] else "experimental"


def key_of(name: str) -> str:
    """'the Metoprolol groups' and 'metoprolol' are one arm."""
    words = [re.sub(r"(?<=[a-z]{3})s$", "", w) for w in re.findall(r"[a-z0-9]+", name.lower())]
    return " ".join(words)


FILLER = frozenset("the and with for plus group groups arm arms".split())


def content_words(name: str) -> set[str]:
    """The words of a name that say what the arm received."""
    return {w for w in key_of(name).split() if len(w) > 2 and w not in FILLER}


def _sentences(title: str, paragraphs: list[tuple[str, str, int]]) -> list[tuple[str, int]]:
    """(text, start) of the title and the abstract's sentences (else the first sentences
    of the paper), at most MAX_SENTENCES."""
    out = [(title, -1)] if title.strip() else []
    chosen = [(t, o) for s, t, o in paragraphs if ABSTRACT.search(s)] or [
        (t, o) for _, t, o in paragraphs[:3]
    ]
    for text, start in chosen:
        for a, b in sentence_spans(text):
            out.append((text[a:b], start + a))
            if len(out) >= MAX_SENTENCES:
                return out
    return out


BETWEEN_ARMS = re.compile(
    r"\s+(?:or|versus|vs\.?|v\.|than(?:\s+(?:after|with|in|on))?|compared\s+(?:with|to)|"
    r"(?:in\s+)?comparison\s+(?:with|to))\s+|\s+and\s+(?=(?-i:[A-Z]))",  # 'the YP and VM groups'
    re.I,
)


NOT_NAME = re.compile(
    r"\b(?:anova|ancova|manova|tables?|figures?|fig|analys[ie]s|tests?|scores?|p|"
    r"significant(?:ly)?|improved|increased|decreased|reduced|showed|apparently|regulate)\b",
    re.I,
)

# a finite verb: the span ran on over its clause ('NF positively affects stool …')
RUN_ON = re.compile(
    r"\s+(?:\w+ly\s+)?(?:is|are|was|were|has|have|had|does|did|may|can|could|will|would|"
    r"affects|shows|improves|increases|decreases|reduces|prevents|lowers|stimulates|enhances|"
    r"induces)\b.*$",
    re.I,
)
QUOTES = re.compile('["‘’“”]')  # a quoted subscale or item, not an arm
NOT_ARMS = frozenset("not none both either all other others first second third each".split())


# a word inside markup or code ('<b>x</b>', 'window.open=…'), not a word of the prose
GLUED_BEFORE = re.compile(r"[<>=:]$")
GLUED_AFTER = re.compile(r"^[.=:<>]\w")


def _glued(text: str, part: str, at: int, name: str) -> bool:
    """Whether the name stands glued to markup or code punctuation: the tagger reads the
    paper's words, and a title word inside '<script>window.x=1</script>' is not an arm."""
    begin = at + max(0, part.find(name))
    stop = begin + len(name)
    return bool(GLUED_BEFORE.search(text[:begin]) or GLUED_AFTER.match(text[stop : stop + 2]))


def pieces(text: str, start: int, end: int, role: str) -> list[tuple[str, int, str]]:
    """(name, start, role) of the arms one tagged span names: the tagger runs on over
    'metoprolol or placebo' and 'HIT than after MCT'; what follows 'or' / 'than' is
    the comparator of an arm under test, what follows 'and' one more arm of its role."""
    out = []
    at, now = start, role
    for gap in [*BETWEEN_ARMS.finditer(text, start, end), None]:
        stop = gap.start() if gap else end
        part = text[at:stop]
        name = re.sub(r"\s+(?:and|or|with|of|in)$", "", clean_name(part), flags=re.I)
        name = RUN_ON.sub("", name)
        named = not QUOTES.search(name) and re.search(r"[A-Za-z]{3}|^[A-Z]{2}", name)
        junk = NOT_NAME.search(name) or name.lower() in NOT_ARMS or _glued(text, part, at, name)
        if named and not is_generic(name) and not junk:
            out.append((name, at + max(0, part.find(name)), now))
        if gap is not None:
            at = gap.end()
            now = now if gap.group().strip().lower() == "and" else "control"
    return out


def tagged_arms(
    title: str,
    paragraphs: list[tuple[str, str, int]],
    tagger: ArmTagger | None = None,
    context: PaperContext | None = None,
) -> list[Mentioned]:
    """The arms the tagger finds in the title and the abstract, the most often named
    first (the earlier on a tie), each with its votes for either role; `context` is the
    paper's (built here from the title and paragraphs when not given)."""
    tagger = tagger or load_arm_tagger()
    if tagger is None:
        return []
    context = context or PaperContext.of(title, paragraphs)
    found: dict[str, Mentioned] = {}
    for text, start in _sentences(title, paragraphs):
        for name, a, role in (
            p for x, y, kind in tagger.mentions(text, context) for p in pieces(text, x, y, kind)
        ):
            key = key_of(name)
            if not re.search(r"[a-z]{3}", key):
                continue
            at = start + a if start >= 0 else -1
            seen = found.setdefault(key, Mentioned(name, at, {"experimental": 0, "control": 0}))
            seen.votes[role] += 1
            if seen.start < 0 and at >= 0:
                seen.start = at
    return sorted(_merged(list(found.values())), key=lambda m: (-sum(m.votes.values()), m.start))


# what kind of thing an arm is, not what it is
KINDS = frozenset("training program programme course intervention therapy treatment".split())


def _abbreviated(mentioned: list[Mentioned]) -> list[Mentioned]:
    """An abbreviation tagged with its long form ('IMP', 'Interpersonal Mindfulness
    Program') is one arm with the long form and with the long form's words tagged alone
    ('mindfulness', 'interpersonal'), by the abbreviation."""
    pool = list(mentioned)
    for short in [m for m in mentioned if re.fullmatch(r"[A-Z][A-Z0-9-]{1,7}", m.name)]:
        if short not in pool:
            continue
        longs = [m for m in pool if m is not short and _initials_of(short.name, m.name)]
        words = {w for m in longs for w in content_words(m.name)}
        for m in pool[:]:
            inside = content_words(m.name) - KINDS  # 'mindfulness training' for the program
            if m is not short and (m in longs or (inside and inside <= words)):
                for role, n in m.votes.items():
                    short.votes[role] += n
                pool.remove(m)
    return pool


def _merged(mentioned: list[Mentioned]) -> list[Mentioned]:
    """'gabapentin 300 mg' and 'gabapentin' are one arm, by its shorter name."""
    out: list[Mentioned] = []
    for m in sorted(_abbreviated(mentioned), key=lambda m: len(content_words(m.name))):
        words = content_words(m.name)
        into = next((o for o in out if words and content_words(o.name) <= words), None)
        into = into or next((o for o in out if _initials_of(o.name, m.name)), None)
        if into is None:
            out.append(m)
            continue
        for role, n in m.votes.items():
            into.votes[role] += n
        if m.start >= 0 and (into.start < 0 or m.start < into.start):
            into.start = m.start
    return out


def _initials_of(short: str, name: str) -> bool:
    """'IMP' for 'Interpersonal Mindfulness Program'."""
    if not re.fullmatch(r"[A-Z][A-Z0-9-]{1,7}", short):
        return False
    return (
        short.replace("-", "") == "".join(w[0] for w in re.findall(r"[A-Za-z0-9]+", name)).upper()
    )


def as_arms(
    mentioned: list[Mentioned], sized: Callable[[str], bool] = lambda name: False, most: int = 4
) -> list[Arm]:
    """The tagged mentions as arms: the best-voted experimental arm and control arm, then
    others named at least twice or printed with their size; experimental ones first."""
    chosen: list[Mentioned] = []
    for role in ("experimental", "control"):
        # the most votes for the role ('care' tagged once each way is not the arm under test)
        best = max(
            (m for m in mentioned if m.role == role), key=lambda m: m.votes[role], default=None
        )
        if best is not None:
            chosen.append(best)
    chosen += [
        m for m in mentioned if m not in chosen and (max(m.votes.values()) >= 2 or sized(m.name))
    ]
    arms = [
        Arm(m.name, m.role, "", m.start, m.start + len(m.name) if m.start >= 0 else -1)
        for m in chosen[:most]
    ]
    return [a for a in arms if a.role == "experimental"] + [a for a in arms if a.role == "control"]


def _as_trial_arm(name: str, role: str, arms: list[Arm]) -> Arm:
    """The trial's arm a tagged name stands for ('the metoprolol group' → 'metoprolol
    50 mg'), else a new arm of that name."""
    said = content_words(name)
    short = name.replace("-", "") if re.fullmatch(r"[A-Z][A-Z0-9-]{1,7}", name) else ""
    for arm in arms:
        words = content_words(arm.name)
        if said and words and (said <= words or words <= said):
            return arm

        initials = "".join(w[0] for w in re.findall(r"[A-Za-z0-9]+", arm.name)).upper()
        if short and short == initials:
            return arm  # 'VM' for 'Vedic Mathematics', 'HIT' for 'high-intensity training'
    return Arm(name, role)


AS_GROUP = re.compile(r"[\s-]*(?:treated\s+|treatment\s+)?(?:groups?|arms?|cohorts?)\b", re.I)


def sentence_arms(
    text: str, arms: list[Arm], context: PaperContext | None = None
) -> tuple[Arm, Arm | None] | None:
    """(intervention, comparator) of a result clause that names none of the trial's
    arms by its name but in which the tagger reads an intervention ('HIT lowered the
    AUC more than MCT', 'the C-MAC group … the Macintosh group'); None otherwise.
    A tagged name is taken when it is one of the trial's arms, a group ('the C-MAC
    group') or the clause holds both an intervention and a comparator the tagger reads
    apart; else the clause keeps the rules."""
    low = text.lower()
    if any(not is_generic(a.name) and a.name.lower() in low for a in arms):
        return None
    if any(
        a.label and re.search(rf"(?<![\w-]){re.escape(a.label)}(?![\w-])", text, re.I) for a in arms
    ):
        return None  # 'group I' names the arm labelled 'Group I'
    tagger = load_arm_tagger()
    if tagger is None:
        return None
    found: dict[str, list[Arm]] = {"experimental": [], "control": []}
    mentions = tagger.mentions(text, context)
    for a, b, kind in mentions:
        for name, at, role in pieces(text, a, b, kind):
            arm = _as_trial_arm(name, role, arms)
            grouped = AS_GROUP.match(text, at + len(name))
            found[role].append(Arm(arm.name, arm.role, arm.n, 1 if arm in arms or grouped else 0))
    both = {kind for _, _, kind in mentions} == {"experimental", "control"}
    kept = {role: [a for a in named if both or a.start] for role, named in found.items()}
    if not kept["experimental"]:
        return None
    intervention = _plain(kept["experimental"][0], arms)
    others = kept["control"] + kept["experimental"][1:]
    comparator = _plain(others[0], arms) if others else None
    if comparator is None:
        comparator = next((a for a in arms if a.role == "control"), None)
    if comparator is not None and comparator.name == intervention.name:
        comparator = None
    return intervention, comparator


def _plain(arm: Arm, arms: list[Arm]) -> Arm:
    """The trial's arm itself, or a new arm of that name and role."""
    return next((a for a in arms if a.name == arm.name), Arm(arm.name, arm.role))
