"""Findings the paper reports of its own study, in its results: sentences with an effect
and its test ('Self-compassion increased, t(19) = 3.12, p = .006'), what a number of
participants reported ('Five participants reported mild adverse reactions'), and
results given under a heading that names what was assessed ('Acceptability')."""

from __future__ import annotations

import re

from ..analysis import Block, Sentence
from ..records import FindingRecord, Span, StudyRecord
from .effects import STOP
from .prose import WORD_NUMBER, clause_stats
from .result_tables import significance
from .targets import PEOPLE, TargetResolver

SIGNIFICANCE = re.compile(r"\bsignifican|\bp\s*[<=≤]", re.I)
RESULTS = re.compile(r"result|finding|outcome|effect", re.I)
STRUCTURED_RESULTS = re.compile(r"^Results?\b")
PARTICIPANTS_REPORTED = re.compile(
    rf"^(?:[\w-]+\s+){{0,3}}?{WORD_NUMBER.pattern}\s+(?:of\s+the\s+)?(?:[\w-]+\s+)?{PEOPLE}\s+"
    r"reported\s+(?:(?:to\s+)?(?:have\s+)?(?:experienced|had)\s+)?(?:(?:some|mild|moderate|"
    r"severe|serious|minor|transient)\s+)*(?P<what>[^,.:;(]+)",
    re.I,
)
A_NUMBER = re.compile(r"\d")


def in_results(block: Block) -> bool:
    """A block of the results: under a results heading, or a structured abstract's part."""
    return bool(RESULTS.search(block.section) or STRUCTURED_RESULTS.match(block.text))


def participants_reported(
    sentence: Sentence, section: str, own: StudyRecord, resolver: TargetResolver
) -> list[FindingRecord]:
    m = PARTICIPANTS_REPORTED.search(sentence.text)
    target = resolver.target(STOP.split(m.group("what"), maxsplit=1)[0]) if m else None
    if target is None:
        return []
    return [
        FindingRecord(
            study=own.label,
            span=Span(sentence.start, sentence.end, section, 0.5),
            construct=target.construct,
            intervention=own.intervention,
        )
    ]


def headed_finding(
    block: Block, own: StudyRecord, resolver: TargetResolver
) -> FindingRecord | None:
    """A results subsection headed by what it assessed ('Acceptability', 'Adverse events'):
    one finding on that, quoted from its first sentence, when the subsection gives numbers."""
    construct, known = resolver.construct(block.section)
    numbers = any(A_NUMBER.search(s.text) for s in block.sentences)
    if not known or not numbers or not block.sentences or RESULTS.search(block.section):
        return None
    sentence = block.sentences[0]
    return FindingRecord(
        study=own.label,
        span=Span(sentence.start, sentence.end, block.section, 0.5),
        construct=construct,
        intervention=own.intervention,
        stats=clause_stats(sentence.text),
    )


def _significance(stats: dict[str, str], direction: str, said: bool | None) -> bool | None:
    """From the p value when printed, else from the words ('significantly', 'n.s.')."""
    printed = significance(stats.get("p", ""))
    if printed is not None:
        return printed
    return said if said is not None else (False if direction == "no change" else None)
