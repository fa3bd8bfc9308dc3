"""What a whole paper says about its words, for the trained taggers: built once per paper.

    context = PaperContext.of(doc.title, [(p.section, p.text, p.start) for p in doc.paragraphs])
    load_result_models().outcomes(sentence, context)
    load_arm_tagger().mentions(sentence, context)

The arm and outcome taggers (`result_models.GreedyTagger`) read a token's word, suffix,
case and neighbours; trained on a few hundred trials, the words themselves (a drug's
name, a measure's) are what they learn most, and they do not carry over to another
trial's drugs and measures. The paper tells more about a word than its spelling: it
stands in the title, it is an abbreviation the paper defines or part of the long form of
one, it recurs in the paper, it is in a sentence of the methods that allocates the arms
('randomised to', 'received') or names the measures ('assessed with', 'primary
outcome'), or labels a table row. These features do not depend on which drug or which
measure it is, and so hold on papers the taggers never saw (figures in
`ingest/models/README.md`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .result_models import words

if TYPE_CHECKING:
    from ..document import Document

# sections whose sentences say what the trial did (not the background or discussion)
_OWN = re.compile(r"discussion|introduction|background|conclu|limitation|reference", re.I)
_SENTENCE = re.compile(r"(?<=[.;:!?])\s+(?=[A-Z(])")
_ALLOCATION = re.compile(
    r"\brandomi[sz]|\brandomly\b|\ballocat|\bassign|\breceiv|\badminist|\bgiven\b|"
    r"\btreated\s+with\b|\bversus\b|\bvs\b|\bcompar",
    re.I,
)
_MEASURE = re.compile(
    r"\bmeasur|\boutcomes?\b|\bend\s*-?points?\b|\bassess|\bevaluat|\bscales?\b|"
    r"\bquestionnaire|\bscores?\b|\bindex\b|\binventory\b|\brecorded\b",
    re.I,
)
# the words just before 'group' / 'arm' (an arm's name) and before 'score' / 'level' /
# 'scale' (a measure's)
_GROUPED = re.compile(r"(?<=\w )(?:groups?|arms?|condition|cohort)\b", re.I)
_SCORED = re.compile(
    r"(?<=\w )(?:scores?|levels?|scales?|concentrations?|questionnaire|"
    r"index|inventory|rates?|counts?|values?|intensity)\b",
    re.I,
)
# 'long form (ABBR)': up to eight words before a bracketed short form with a capital
_DEFINED = re.compile(r"(?<=\w )\(([A-Za-z][\w-]{0,9}[A-Z0-9][\w-]*)[);,]")
_STOP = frozenset(
    """the a an of and or in on at to for with by from as is are was were be been this that
    these those it its their his her our we they than then there which who whom whose what
    after before during between among into over under not no all any each both other such
    group groups patients subjects participants study trial""".split()
)
FREQUENCY_BUCKETS = (1, 2, 4, 10, 30)


def _bucket(count: int) -> int:
    return sum(count >= edge for edge in FREQUENCY_BUCKETS)


@dataclass(frozen=True)
class PaperContext:
    """The paper-level facts the taggers read about each (normalised) word: see `flags`."""

    title: frozenset[str] = frozenset()
    short: frozenset[str] = frozenset()  # abbreviations the paper defines
    long: frozenset[str] = frozenset()  # words of their long forms
    allocation: frozenset[str] = frozenset()  # words of the sentences that allocate arms
    measures: frozenset[str] = frozenset()  # words of measure sentences and table row labels
    counts: dict[str, int] = field(default_factory=dict)  # the word's count in the paper
    grouped: frozenset[str] = frozenset()  # words just before 'group' / 'arm'
    scored: frozenset[str] = frozenset()  # words just before 'score' / 'level' / 'scale'
    # each word's flags, as itself, as the word before and as the word after (`marks`)
    _marks: dict[str, tuple[list[str], list[str], list[str]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def of(
        cls,
        title: str,
        paragraphs: Sequence[tuple[str, str, int]],
        row_labels: Sequence[str] = (),
    ) -> PaperContext:
        """The context of a paper from its title, its (section, text, start)
        paragraphs and, where known, the labels of its table rows."""
        own: list[str] = []  # the sentences that allocate arms or name measures
        short: set[str] = set()
        long: set[str] = set()
        grouped: list[str] = []
        scored: list[str] = []
        for section, text, _ in paragraphs:
            for m in _GROUPED.finditer(text):
                grouped.append(text[max(0, m.start() - 30) : m.start()])
            for m in _SCORED.finditer(text):
                scored.append(text[max(0, m.start() - 30) : m.start()])
            if _OWN.search(section) and not section.lower().startswith("abstract"):
                continue
            for m in _DEFINED.finditer(text):
                abbreviation = m.group(1)
                before = _words(text[max(0, m.start() - 120) : m.start()])[-8:]
                initial = abbreviation[0].lower()
                for at in range(max(0, len(before) - len(abbreviation) - 2), len(before)):
                    if before[at].startswith(initial):
                        short.add(abbreviation.lower())
                        long.update(before[at:])
                        break
            if _ALLOCATION.search(text) or _MEASURE.search(text):
                own.extend(_SENTENCE.split(text))
        allocation = _words(" | ".join(x for x in own if _ALLOCATION.search(x)))
        measures = _words(" | ".join([*(x for x in own if _MEASURE.search(x)), *row_labels]))
        counts = Counter(_words(" ".join([title, *(t for _, t, _ in paragraphs)])))
        keep = _keepable
        return cls(
            title=frozenset(filter(keep, words(title))),
            short=frozenset(filter(keep, short)),
            long=frozenset(filter(keep, long)),
            allocation=frozenset(filter(keep, allocation)),
            measures=frozenset(filter(keep, measures)),
            counts=dict(counts),
            grouped=frozenset(w for x in grouped for w in _words(x)[-2:] if keep(w)),
            scored=frozenset(w for x in scored for w in _words(x)[-2:] if keep(w)),
        )

    def marks(self, word: str) -> tuple[list[str], list[str], list[str]]:
        """The word's `flags`, and the same read from the word after it ('pc:…') and from
        the word before it ('nc:…'); kept, a paper repeats its words."""
        found = self._marks.get(word)
        if found is None:
            flags = self.flags(word)
            found = (flags, ["p" + f for f in flags], ["n" + f for f in flags])
            self._marks[word] = found
        return found

    def flags(self, word: str) -> list[str]:
        """The context features of one normalised word: 'c:f=N' its bucketed count in
        the paper, and 'c:title', 'c:abbr', 'c:long', 'c:alloc', 'c:meas', 'c:grp',
        'c:scored' where it is in the title, a defined abbreviation, ... (the fields
        above); none for stop words."""
        if not _keepable(word):
            return []
        out = [f"c:f={_bucket(self.counts.get(word, 0))}"]
        if word in self.title:
            out.append("c:title")
        if word in self.short:
            out.append("c:abbr")
        if word in self.long:
            out.append("c:long")
        if word in self.allocation:
            out.append("c:alloc")
        if word in self.measures:
            out.append("c:meas")
        if word in self.grouped:
            out.append("c:grp")
        if word in self.scored:
            out.append("c:scored")
        return out


_LETTERS = re.compile(r"[^\W\d_]+")


def _words(text: str) -> list[str]:
    """The lower-cased, NFKC-folded runs of letters of `text`: the words `words()` finds,
    less numbers and punctuation, in one pass over a whole paper."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return _LETTERS.findall(text.lower())


def _keepable(word: str) -> bool:
    return len(word) >= 2 and word[0].isalpha() and word not in _STOP


EMPTY = PaperContext()


def context_of(doc: Document) -> PaperContext:
    """The context of a read document: its title, paragraphs and table row labels."""
    return PaperContext.of(
        doc.title,
        [(p.section, p.text, p.start) for p in doc.paragraphs],
        [row.cells[0] for table in doc.tables for row in table.rows if row.cells],
    )
