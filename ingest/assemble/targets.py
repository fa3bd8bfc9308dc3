"""Outcome phrases → constructs and instruments: 'burnout symptoms and mood disturbance'
→ burnout, mood disturbance. Lists are split on 'and' / 'or' only where every part is a
construct the lexicon or the paper knows, so 'state and trait anxiety' stays whole."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ontology.lexicon import Lexicon, normalise

from .outcomes import wordlike

SUFFIXES = re.compile(
    r"\s+(?:symptoms?|levels?|scores?|ratings?|subscales?|scales?|variance|"
    r"(?:of|at)\s+\d+(?:\.\d+)?\s*%)$",
    re.I,
)
PREFIXES = re.compile(
    r"^(?:(?:an?|the|their|participants'|self-reported|overall|total|mean\s*(?:±|\+/-)\s*SEM?|mean\s*(?:±|\+/-)\s*SDs?\s+of|mean|average|baseline|"
    r"levels? of|feelings? of|"
    r"(?:an?\s+)?(?:ability|capacity|willingness)\s+(?:for|to)|sense of|"
    r"symptoms? of|scores? (?:on|of)|perceived levels of|significant(?:ly)?|"
    r"(?:about|approximately|around|nearly|some|over)?\s*\d+(?:\.\d+)?\s*%\s+of|"
    r"(?:supposedly|allegedly|presumably|putatively|so-called|seemingly)\s+[\w-]+)\s+)+",
    re.I,
)
PEOPLE = (
    r"(?:participants?|professionals|nurses|physicians|students|trainees|individuals|employees|"
    r"clinicians|therapists|workers|residents|staff|people|adults|caregivers|patients|women|"
    r"men|mothers|children|adolescents|veterans|survivors|subjects|volunteers|teachers|carers|"
    r"parents|couples|youths?|persons|practitioners|meditators|counsel+ors)"
)
AMONG_WHOM = re.compile(
    rf"\s+(?:of|in|among|for)\s+(?:the\s+)?(?:(?!(?:of|in|for|among)\b)[\w-]+\s+){{0,3}}?"
    rf"(?:{PEOPLE}|groups?)\b.*$",
    re.I,
)
BETWEEN_WHAT = re.compile(
    r"^between\s+(?:[\w-]+\s+){1,5}?(?:regarding|in|on|for|with respect to|in terms of)\s+", re.I
)
NOT_A_TARGET = re.compile(
    rf"^(?:between|with|at|by|as|in|on|to|from|for|of|among|than|when|while|which|that|you|"
    rf"your|we|our|they|respectively|significantly|statistically|compared|{PEOPLE})(?![\w-])",
    re.I,
)
DISTRIBUTIVE = re.compile(
    r"^(?P<head>.+?\b(?:towards?|to|for|with)\s+)(?P<a>[\w-]+)\s+and\s+(?P<b>[\w-]+)$", re.I
)
AMOUNT = re.compile(
    r"(?:the\s+|a\s+)?(?:mean\s+|median\s+|total\s+)?(?:number|proportion|percentage|share|rate|"
    r"incidence|frequency|fraction)s?",
    re.I,
)
QUALIFIER = re.compile(r"\s+(?:to|towards?)\s+.+$", re.I)
QUOTED = re.compile(r"[‘'\"“]([^’'\"”]+)[’'\"”]")
WHO = re.compile(r"\b(?:group|groups|arm|arms|participants|sample|condition|cohort)$", re.I)
FILLER = {
    "and",
    "or",
    "the",
    "this",
    "that",
    "these",
    "those",
    "them",
    "it",
    "its",
    "other",
    "others",
    "change",
    "changes",
    "effect",
    "effects",
    "outcome",
    "outcomes",
    "all",
    "both",
    "most",
    "some",
    "any",
    "also",
    "further",
    "well",
}
JOINED = {"state", "trait", "self", "others", "body", "client", "clients", "mind"}
SUBSCALE = re.compile(r"^(?P<inst>[A-Z][A-Za-z\-]{1,12})\s+subscales?\s+(?P<facet>.+)$")


@dataclass(frozen=True)
class Target:
    text: str  # as written
    construct: str  # normalised construct name
    instrument: str = ""  # abbreviation named in the phrase itself
    known: bool = False


def clean(phrase: str) -> str:
    phrase = phrase.strip(" .:;,\t\n")
    for pattern in (PREFIXES, SUFFIXES):
        phrase = pattern.sub("", phrase)
    return phrase.strip(" .:;,")


class TargetResolver:
    def __init__(self, lexicon: Lexicon, known_abbrevs: dict[str, str] | None = None) -> None:
        self.lexicon = lexicon
        self.paper_terms = {normalise(k): v for k, v in (known_abbrevs or {}).items()}

    def construct(self, phrase: str) -> tuple[str, bool]:
        """The construct name for a phrase, and whether it is a known one."""
        for candidate in (phrase, clean(phrase)):
            term = self.lexicon.lookup(candidate, "construct")
            if term is not None:
                return term.label, True
            if normalise(candidate) in self.paper_terms:
                return self.paper_terms[normalise(candidate)], True
        base = PREFIXES.sub("", phrase.strip(" .:;,")).strip()
        head = QUALIFIER.sub("", base)
        if len(head.split()) >= 2 and " that " not in base:
            base = head  # 'empathic response to social stimuli' -> 'empathic response'
        return base.lower() if not base.isupper() else base, False

    def is_construct(self, phrase: str) -> bool:
        return self.construct(phrase)[1]

    def _separable(self, parts: list[str]) -> bool:
        """'depression and anger' splits; 'state and trait anxiety' does not."""
        if all(self.is_construct(p) for p in parts):
            return True
        short = all(len(p.split()) <= 4 for p in parts)
        glue = any(p.lower() in JOINED for p in parts)
        return short and not glue and any(self.is_construct(p) or SUBSCALE.match(p) for p in parts)

    def distributed(self, piece: str) -> list[str]:
        """'compassionate towards themselves and others' -> '… towards themselves',
        '… towards others', when both are constructs."""
        m = DISTRIBUTIVE.match(piece)
        if m is None:
            return []
        parts = [m.group("head") + m.group("a"), m.group("head") + m.group("b")]
        return parts if all(self.is_construct(p) for p in parts) else []

    def target(self, phrase: str) -> Target | None:
        phrase = BETWEEN_WHAT.sub("", phrase.strip(" .:;,"))
        among = AMONG_WHOM.sub("", phrase)
        # 'the proportion of patients who needed rescue analgesia' is that proportion, not
        # a bare 'proportion'
        phrase = phrase if AMOUNT.fullmatch(among) else among
        if NOT_A_TARGET.match(phrase):
            return None
        if (
            not wordlike(phrase)
            or len(phrase) > 120
            or phrase.lower() in FILLER
            or WHO.search(phrase)
        ):
            return None
        sub = SUBSCALE.match(phrase)
        if sub:
            facet = QUOTED.sub(r"\1", sub.group("facet")).strip(" '‘’")
            return Target(phrase, facet.lower(), sub.group("inst"), True)
        inst = self.lexicon.lookup(phrase, "instrument")
        if inst is not None and inst.measures and phrase in inst.abbreviations:
            return Target(phrase, inst.measures[0], inst.key, True)
        quoted = QUOTED.search(phrase)
        name, known = self.construct(quoted.group(1) if quoted else phrase)
        return Target(phrase, name, "", known)

    def split(self, text: str) -> list[Target]:
        """Targets of a list such as 'perceived stress, negative affect and rumination'."""
        text = re.sub(r"\s*\([^)]*\)", lambda m: m.group(0) if "'" in m.group(0) else "", text)
        out: list[Target] = []
        for piece in re.split(r"\s*[,;]\s*", text):
            piece = re.sub(r"^(?:and|or)\s+", "", piece.strip())
            parts = re.split(r"\s+(?:and|or|as well as)\s+", piece)
            chosen = self.distributed(piece) or (
                parts
                if len(parts) > 1 and self._separable(parts)
                else re.split(r"\s+(?:and|or)\s+(?=the\s)", piece)
            )
            targets = [t for t in map(self.target, chosen) if t is not None]
            out += _contrasted(targets)
        return out


CONTRASTS = {("compassion", "self-compassion"): "compassion for others"}


def _contrasted(targets: list[Target]) -> list[Target]:
    """'compassion and self-compassion': set against the self, 'compassion' is
    compassion for others."""
    names = {t.construct for t in targets}
    out = []
    for t in targets:
        meant = next(
            (CONTRASTS[(t.construct, o)] for o in names if (t.construct, o) in CONTRASTS),
            t.construct,
        )
        out.append(replace(t, construct=meant))
    return out
