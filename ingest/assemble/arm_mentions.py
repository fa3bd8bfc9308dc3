"""The trial's arms as the trained arm tagger reads them in the title and the abstract:
the words that name the intervention and the comparator, counted over the sentences.

Used by `arms.trial_arms` where the rules name no arm, only a role ('the intervention
group') or a phrase the tagger never takes for an arm, and by the result-sentence reader
where a sentence names an arm the trial's list does not hold."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..components.arm_tagger import ArmTagger, load_arm_tagger
from ..components.sentences import sentence_spans
from .arms import Arm, clean_name, is_generic

ABSTRACT = re.compile(r"abstract|summary", re.I)
MAX_SENTENCES = 16  # title and abstract: a few sentences per paper, not the whole paper


@dataclass
class Mentioned:
    name: str
    start: int
    votes: dict[str, int]

    @property
    def role(self) -> str:
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
    r"(?:in\s+)?comparison\s+(?:with|to))\s+",
    re.I,
)


def pieces(text: str, start: int, end: int, role: str) -> list[tuple[str, int, str]]:
    """(name, start, role) of the arms one tagged span names: the tagger runs on over
    'metoprolol or placebo' and 'HIT than after MCT'; what follows 'or' / 'than' is
    the comparator of an arm under test."""
    out = []
    at = start
    for n, part in enumerate([*BETWEEN_ARMS.split(text[start:end])]):
        name = clean_name(part)
        if re.search(r"[A-Za-z]{3}|^[A-Z]{2}", name) and not is_generic(name):
            out.append((name, at + max(0, part.find(name)), role if n == 0 else "control"))
        at += len(part)
        gap = BETWEEN_ARMS.search(text, at, end)
        at = gap.end() if gap else at
    return out


def tagged_arms(
    title: str, paragraphs: list[tuple[str, str, int]], tagger: ArmTagger | None = None
) -> list[Mentioned]:
    """The arms the tagger finds in the title and the abstract, the most often named
    first (the earlier on a tie), each with its votes for either role."""
    tagger = tagger or load_arm_tagger()
    if tagger is None:
        return []
    found: dict[str, Mentioned] = {}
    for text, start in _sentences(title, paragraphs):
        for name, a, role in (
            p for x, y, kind in tagger.mentions(text) for p in pieces(text, x, y, kind)
        ):
            key = key_of(name)
            if not re.search(r"[a-z]{3}", key):
                continue
            at = start + a if start >= 0 else -1
            seen = found.setdefault(key, Mentioned(name, at, {"experimental": 0, "control": 0}))
            seen.votes[role] += 1
            if seen.start < 0 and at >= 0:
                seen.start = at
    return sorted(found.values(), key=lambda m: -sum(m.votes.values()))


def as_arms(mentioned: list[Mentioned], most: int = 4) -> list[Arm]:
    """The tagged mentions as arms: the best-voted experimental arm and control arm, then
    the others as often named; experimental ones first."""
    chosen: list[Mentioned] = []
    for role in ("experimental", "control"):
        best = next((m for m in mentioned if m.role == role), None)
        if best is not None:
            chosen.append(best)
    chosen += [m for m in mentioned if m not in chosen]
    arms = [
        Arm(m.name, m.role, "", m.start, m.start + len(m.name) if m.start >= 0 else -1)
        for m in chosen[:most]
    ]
    return [a for a in arms if a.role == "experimental"] + [a for a in arms if a.role == "control"]


def _as_trial_arm(name: str, role: str, arms: list[Arm]) -> Arm:
    """The trial's arm a tagged name stands for ('the metoprolol group' → 'metoprolol
    50 mg'), else a new arm of that name."""
    said = content_words(name)
    for arm in arms:
        words = content_words(arm.name)
        if said and words and (said <= words or words <= said):
            return arm
    return Arm(name, role)


def sentence_arms(text: str, arms: list[Arm]) -> tuple[Arm, Arm | None] | None:
    """(intervention, comparator) of a result clause that names none of the trial's
    arms by its name but in which the tagger reads an intervention ('HIT lowered the
    AUC more than MCT', 'the C-MAC group … the Macintosh group'); None otherwise."""
    low = text.lower()
    if any(not is_generic(a.name) and a.name.lower() in low for a in arms):
        return None
    tagger = load_arm_tagger()
    if tagger is None:
        return None
    found: dict[str, list[str]] = {"experimental": [], "control": []}
    for a, b, kind in tagger.mentions(text):
        for name, _, role in pieces(text, a, b, kind):
            found[role].append(name)
    if not found["experimental"]:
        return None
    intervention = _as_trial_arm(found["experimental"][0], "experimental", arms)
    others = [n for n in found["control"] + found["experimental"][1:]]
    comparator = _as_trial_arm(others[0], "control", arms) if others else None
    if comparator is None:
        comparator = next((a for a in arms if a.role == "control"), None)
    if comparator is not None and comparator.name == intervention.name:
        comparator = None
    return intervention, comparator
