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
    r"changes?\s+in|levels?\s+of|scores?\s+(?:on|of|for)|both|all|each|in\s+terms\s+of|terms\s+of|"
    r"with|having|requiring|needing|achieving|reaching|(?:who\s+)?(?:had|were|received|developed|"
    r"experienced|required|needed|reported|achieved|reached)|"
    r"(?:significant|statistical|mean|overall|clinically\s+\w+)?\s*(?:differences?|changes?|"
    r"improvements?|reductions?|increases?|decreases?|declines?)\s+(?:from\s+baseline\s+)?"
    r"(?:in|of|for|on)|"
    r"(?:[\w-]+\s+){0,3}?(?:group|arm|patients|participants)(?:'s|’s|s'|s’)?)\s+)+",
    re.I,
)
TRIM_END = re.compile(
    r"(?:\s+(?:in|at|during|from|after|before|on|of|for)\s+(?:the\s+)?(?:(?:post|pre)(?:[\s-]|test|"
    r"treat|interv|op)|baseline|follow|\d).*|\s+(?:in|at|during|from|after|before|on|for)\s+(?:the\s+)?"
    r"(?:week|month|day|end)s?\b.*|\s+(?:as\s+)?(?:measured|assessed|evaluated|rated)\s+"
    r"(?:by|with|in|on|using)\s.*|\s+(?:scores?|levels?|values?|ratings?|measured|only|mean|median|"
    r"alone|respectively)|\s+(?:and|or|but|nor|before|after|for|of|to|in|on|with|within|by|the|a|an)|\s+before\s+and\s+after\b.*|\s+in\s+(?:either|both)\b.*|\s+as|"
    r"\s+(?:observed|seen|found|noted)\s+(?:in|at|during|with)\s.*|\s+following\s.*)+$",
    re.I,
)
NOT_OUTCOME = re.compile(
    r"^(?:\d|(?:one|two|three|four|five|six|several|many|most|some)\s|(?:this|these|that|those|it|they|we|which|such|could|may|might|can|will|would|although|"
    r"while|whereas|who|whom|whose|before|after|any|of|for|to|in|on|at|by|with|none|because|under|"
    r"receiving|treated|"
    r"suggest|only|further|other|both|results?|findings?|data|analys[ie]s|variables?|"
    r"effects?|differences?|changes?|groups?|time(?!\s+(?:to|for|until|taken|spent|of)\b)|sex|"
    r"gender|age|drug|picture|electrode|"
    r"interaction|participants?|patients?|subjects?|trend|significance)(?![\w-]))|"
    r"\b(?:was|were|is|are|be|been|had|have|has|showed|found|find|reported|revealed|"
    r"demonstrated|indicated|indicates|denotes|suggested|suggests|represents|associated|"
    r"respect|observed|may|could|would|not|than|anova|remained|detected|compared|doing|"
    r"statistic(?:al|s)?|significant(?:ly)?)\b|±\s*[-−]?\d|:\s*[-−]?\d",
    re.I,
)


# 'HbA1c', 'DH', 'a1c', 'il-6', 'vo2', not 'x2'
WORDLIKE = re.compile(
    r"[A-Za-z]{3}|(?<![A-Za-z])[A-Z]{2}(?![A-Za-z])|[A-Za-z]{2}-?\d|(?<![A-Za-z])[A-Za-z]\d[A-Za-z]"
)


def wordlike(phrase: str) -> bool:
    """A phrase that names something: a word of three letters or a two-letter acronym."""
    return bool(WORDLIKE.search(phrase))


def _alternation(names: list[str]) -> re.Pattern[str] | None:
    """One pattern for the names, longest first, matched as whole words."""
    names = sorted(names, key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])", re.I)


_Entries = dict[str, tuple[str, str]]
_BUILT: dict[int, tuple[Lexicon, _Entries, re.Pattern[str] | None]] = {}


def _constructs(lexicon: Lexicon) -> tuple[_Entries, re.Pattern[str] | None]:
    """The lexicon's constructs by name, and their pattern: built once, not per paper."""
    built = _BUILT.get(id(lexicon))
    if built is None or built[0] is not lexicon:
        built = (lexicon, *_construct_entries(lexicon))
        _BUILT[id(lexicon)] = built
    return built[1], built[2]


def _construct_entries(lexicon: Lexicon) -> tuple[_Entries, re.Pattern[str] | None]:
    entries: _Entries = {}
    for term in lexicon.of_kind("construct"):
        for name in (term.label, *term.synonyms):
            if len(name) > 3:
                entries.setdefault(name.lower(), (term.label, ""))
    return entries, _alternation(list(entries))


class OutcomeVocabulary:
    """The paper's instruments, the lexicon's constructs and the abbreviations the paper
    defines ('overall survival (OS)': 'median OS' is overall survival)."""

    def __init__(
        self,
        lexicon: Lexicon,
        instruments: list[InstrumentRecord],
        abbreviations: dict[str, str] | None = None,
    ) -> None:
        self.constructs, self.construct_pattern = _constructs(lexicon)
        self.defined = {
            short: long
            for short, long in (abbreviations or {}).items()
            if len(short) > 1 and short.lower() != long.lower() and wordlike(long)
        }
        self.defined_pattern = (
            re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, self.defined)) + r")(?![\w-])")
            if self.defined
            else None
        )
        own: dict[str, tuple[str, str]] = {}
        for ins in instruments:
            key = ins.key or ins.abbrev or ins.name
            measures = ins.measures[0] if ins.measures else ""
            for name in (ins.abbrev, ins.name):
                if name and len(name) > 1:
                    own[name.lower()] = (measures, key)
            for sub in ins.subscales:
                own[sub.lower()] = (sub.lower(), key)
        self.own, self.own_pattern = own, _alternation(list(own))

    def anchor(self, phrase: str) -> tuple[str, str] | None:
        """(construct, instrument) of the longest entry the phrase holds; the paper's own
        instruments win over a construct of the same name."""
        found = self._entries(phrase)
        if not found:
            return None
        longest = max(found, key=len)
        return self.own.get(longest) or self.constructs.get(longest)

    def expand(self, phrase: str) -> tuple[str, str] | None:
        """What the long form of an abbreviation the phrase holds names: for a phrase that
        reads as no outcome without it ('median OS')."""
        short = self.defined_pattern.search(phrase) if self.defined_pattern else None
        if short is None:
            return None
        long = self.defined[short.group(0)]
        return self.anchor(long) or (long.lower(), "")

    def _entries(self, phrase: str) -> list[str]:
        return [
            m.lower()
            for pattern in (self.own_pattern, self.construct_pattern)
            if pattern is not None
            for m in pattern.findall(phrase)
        ]


ONLY_GENERIC = re.compile(
    r"(?:(?:number|proportion|percentage|frequency|rate|share)s?\s+of\s+(?:the\s+)?(?:patients|"
    r"participants|subjects|women|men|children|infants|cases|people)|(?:hazard|odds|risk)\s+ratios?|"
    r"incidence\s+rates?|cases|comparisons?|grades?|increases?|decreases?|there|here|treatments?|trials?|scores?|proportions?|levels?|values?|rates?|outcomes?|"
    r"measures?|parameters?|variables?|numbers?|percentages?|responses?|baseline)",
    re.I,
)


# A name that runs long and is still one measure: 'number of children who received fentanyl
# for analgesia', 'systolic or diastolic blood pressure or pulse rate' (ei-dev training part).
LONG_NAME = re.compile(
    r"^(?:number|proportion|percentage|incidence|rate|frequency|amount|duration|time|risk)s?\s|"
    r"\s(?:and|or)\s",
    re.I,
)


# 'the percentages of patients in the calm sedation scale', 'the proportion of participants
# who quit': a share of the people, whose words the arm-word trim would take for an arm's
SHARE_OF = re.compile(
    r"^(?:the\s+)?(?P<share>(?:numbers?|proportions?|percentages?|shares?|rates?)\s+of\s+"
    r"(?:the\s+)?(?:patients|participants|subjects|women|men|children|infants|people)\s+"
    r"(?:who|that|with|in\s+the|in))\s+",
    re.I,
)


def trimmed(phrase: str) -> str:
    """The outcome a phrase names without its arm, time and score words, or '' when what is
    left does not read as an outcome; a share of people keeps what they share ('the
    percentages of patients in the calm sedation scale', not 'in the calm …')."""
    text = _trimmed(phrase)
    share = SHARE_OF.match(" ".join(phrase.split()))
    if text or share is None:
        return text
    rest = _trimmed(" ".join(phrase.split())[share.end() :])
    if not rest or re.search(r"\b(?:groups?|arms?)$", rest, re.I):
        return ""  # 'the proportion of patients in the MBSR group': an arm's share
    return f"{share.group('share')} {rest}"


def _trimmed(phrase: str) -> str:
    text = " ".join(phrase.split()).strip(" ,.;:'\"‘’“”")
    for _ in range(2):
        text = TRIM_END.sub("", TRIM_START.sub("", text)).strip(" ,.;:")
    words = text.split()
    if (
        not words
        or len(words) > (9 if LONG_NAME.search(text) else 7)
        or NOT_OUTCOME.search(text)
        or ONLY_GENERIC.fullmatch(text)
        or not wordlike(text)
    ):
        return ""
    return text
