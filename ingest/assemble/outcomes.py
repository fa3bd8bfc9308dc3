"""A result sentence's outcome phrase → what the paper measured.

'the intervention group's depression scores in the post-test' is the paper's BDI-II
measuring depression; 'pre-test and post-intervention scores on the DERS' its DERS. The
vocabulary is the paper's own instruments (abbreviation, name, subscales, what they
measure) and the lexicon's constructs; the longest entry inside the phrase wins. A phrase
with no entry is kept, trimmed, when it still reads as an outcome (trial outcomes are
mostly outside any lexicon: 'length of stay', 'HbA1c'), and dropped when it does not."""

from __future__ import annotations

import re

from ontology.lexicon import Lexicon

from ..records import InstrumentRecord

TRIM_START = re.compile(
    r"^(?:(?:the|a|an|their|its|mean|median|average|overall|total|global|baseline|final|"
    r"post[\s-]?(?:test|treatment|intervention)|pre[\s-]?(?:test|treatment|intervention)|"
    r"changes?\s+in|levels?\s+of|scores?\s+(?:on|of|for)|both|all|each|"
    r"(?:[\w-]+\s+){0,3}?(?:group|arm|patients|participants)(?:'s|’s|s'|s’)?)\s+)+",
    re.I,
)
TRIM_END = re.compile(
    r"(?:\s+(?:in|at|during|from|after|before|on|of|for)\s+(?:the\s+)?(?:post|pre|baseline|"
    r"follow|week|month|day|end|\d).*|\s+(?:as\s+)?(?:measured|assessed|evaluated|rated)\s+"
    r"(?:by|with|in|on|using)\s.*|\s+(?:scores?|levels?|values?|ratings?|measured|only|mean|median|"
    r"alone|respectively))+$",
    re.I,
)
NOT_OUTCOME = re.compile(
    r"^(?:\d|this|these|that|those|it|they|we|which|such|could|may|might|can|will|would|"
    r"suggest|only|further|other|both|results?|findings?|data|analys[ie]s|variables?|"
    r"effects?|differences?|changes?|groups?|time|sex|gender|age|drug|picture|electrode|"
    r"interaction|participants?|patients?|subjects?|trend|significance)\b|"
    r"\b(?:was|were|is|are|be|been|had|have|has|showed|found|find|reported|revealed|"
    r"demonstrated|indicated|suggested|observed|may|could|would|not|than|anova|"
    r"statistic(?:al|s)?|significant(?:ly)?)\b",
    re.I,
)


WORDLIKE = re.compile(r"[A-Za-z]{3}|(?<![A-Za-z])[A-Z]{2}(?![A-Za-z])")  # 'HbA1c', 'DH', not 'x2'


def wordlike(phrase: str) -> bool:
    """A phrase that names something: a word of three letters or a two-letter acronym."""
    return bool(WORDLIKE.search(phrase))


class OutcomeVocabulary:
    def __init__(self, lexicon: Lexicon, instruments: list[InstrumentRecord]) -> None:
        entries: dict[str, tuple[str, str]] = {}
        for term in lexicon.of_kind("construct"):
            for name in (term.label, *term.synonyms):
                if len(name) > 3:
                    entries.setdefault(name.lower(), (term.label, ""))
        for ins in instruments:
            key = ins.key or ins.abbrev or ins.name
            measures = ins.measures[0] if ins.measures else ""
            for name in (ins.abbrev, ins.name):
                if name and len(name) > 1:
                    entries[name.lower()] = (measures, key)
            for sub in ins.subscales:
                entries[sub.lower()] = (sub.lower(), key)
        self.entries = entries
        names = sorted(entries, key=len, reverse=True)
        self.pattern = (
            re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])", re.I)
            if names
            else None
        )

    def anchor(self, phrase: str) -> tuple[str, str] | None:
        """(construct, instrument) of the longest entry the phrase holds."""
        if self.pattern is None:
            return None
        found = max(self.pattern.findall(phrase), key=len, default="")
        return self.entries.get(found.lower()) if found else None


def trimmed(phrase: str) -> str:
    """The outcome a phrase names without its arm, time and score words, or '' when what is
    left does not read as an outcome."""
    text = " ".join(phrase.split()).strip(" ,.;:'\"‘’“”")
    for _ in range(2):
        text = TRIM_END.sub("", TRIM_START.sub("", text)).strip(" ,.;:")
    words = text.split()
    if not words or len(words) > 7 or NOT_OUTCOME.search(text) or not wordlike(text):
        return ""
    return text
