"""Which of several reports of one outcome is *the* finding.

A trial report often states an outcome more than once: a table row and a sentence, the
abstract and the Results, two time points, a subgroup. Every report stays in the graph
(a curator may want any of them); what this module decides is how sure each one is as
the finding of its outcome and comparison, as the confidence of its claims. The
findings table lists a study's findings surest first (`graph/tables.py`), so a reader
(or a tool taking the first row) meets the tested, stated result before an untested
difference of two numbers.

Measured on the ei-dev training part (docs/extraction.md): a report whose significance
nobody tested (a difference of two means in a table without a p or a mark, a sentence
that gives two values and no test) was the wrong direction for the prompt more often
than a tested one of the same outcome.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from ..analysis import Block
from ..document import Table
from ..records import FindingRecord
from .prose import clause_stats
from .result_grammar import stated_significance
from .result_tables import significance

UNTESTED = 0.75  # confidence factor of a direction no test or significance word backs
_WORD = re.compile(r"[a-z0-9]+")
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_FILLER = frozenset(
    "a an the of in on at to for and or with by from mean median total score scores level levels "
    "rate rates value values number".split()
)


def tested(f: FindingRecord) -> bool:
    """Whether the report says how significant it is: a p value, marks, or its words."""
    return f.significant is not None or "p" in f.stats


def rank(findings: list[FindingRecord]) -> None:
    """Lower the confidence of reports whose direction no test backs."""
    for f in findings:
        if f.direction in ("increase", "decrease") and not tested(f):
            f.span = replace(f.span, confidence=round(f.span.confidence * UNTESTED, 2))


def _outcome(f: FindingRecord) -> frozenset[str]:
    """An outcome's words without units, brackets and fillers, plurals folded: 'One-year
    recurrence rate (%)' and 'one-year recurrence rates' are one outcome."""
    name = _BRACKETED.sub(" ", (f.construct or f.instrument).lower())
    return (
        frozenset(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in _WORD.findall(name))
        - _FILLER
    )


def one_statement(findings: list[FindingRecord], tables: Iterable[Table]) -> None:
    """A table row and a sentence of the paper that report the same outcome of the same
    arms are one finding: where they disagree on its direction, the sentence's words (its
    test, its 'no significant difference') say it, and the row's record takes the
    sentence's outcome, direction and significance. Both records stay, each with its own
    span and statistics, so the finding keeps both sources. A row that prints its own p
    keeps its test, and a direction the sentence model guessed says nothing here.
    Measured on the ei-dev training part and its held quarter: the sentence's reading was
    right more often than the row's (docs/extraction.md)."""
    grids = [(t.rows[0].start, t.rows[-1].end) for t in tables if t.rows]

    def in_table(f: FindingRecord) -> bool:
        return any(a <= f.span.start and f.span.end <= b for a, b in grids)

    groups: dict[tuple[object, ...], list[FindingRecord]] = {}
    for f in findings:
        outcome = _outcome(f)
        if outcome and f.direction:
            kind = "within" if f.comparison == "pre-post" else "between"
            key = (f.study, outcome, f.intervention, f.comparator, kind)
            groups.setdefault(key, []).append(f)
    for group in groups.values():
        said = [f for f in group if not in_table(f) and not f.guessed]
        shown = [f for f in group if in_table(f) and "p" not in f.stats]  # a printed test stands
        if not said or not shown:
            continue
        stated = {f.direction for f in said}
        if len(stated) != 1 or stated == {f.direction for f in shown}:
            continue  # the sentences disagree among themselves, or all agree already
        voice = said[0]
        for f in shown:
            if f.direction != voice.direction:
                f.construct, f.instrument = voice.construct, voice.instrument
                f.direction, f.significant = voice.direction, voice.significant


# 'However, this difference was not statistically significant (p = 0.37).': a sentence
# that only tests what the sentence before it stated (50 times in 33 articles of the ei-dev
# training part).
FOLLOW_UP = re.compile(
    r"^(?:(?:however|but|yet|although|nevertheless)\s*,?\s+)?(?:the|this|these|that|such)\s+"
    r"(?:observed\s+|apparent\s+|small\s+)?(?:difference|change|increase|decrease|reduction|"
    r"improvement|trend|effect)s?\s+(?:between\s+[^,.;]{1,60}?\s+)?(?:was|were|is|are|did|"
    r"failed|reached|remained|approached|did\s+not)\b",
    re.I,
)


def follow_up_tests(findings: list[FindingRecord], blocks: Iterable[Block]) -> None:
    """A sentence that only says whether what the sentence before it stated was
    significant ('This difference was not statistically significant (p = 0.37).') gives
    that sentence's untested findings their significance (and p); their evidence then
    spans both sentences."""
    by_span: dict[tuple[int, int], list[FindingRecord]] = {}
    for f in findings:
        by_span.setdefault((f.span.start, f.span.end), []).append(f)
    for block in blocks:
        for before, after in zip(block.sentences, block.sentences[1:], strict=False):
            untested = [
                f
                for f in by_span.get((before.start, before.end), [])
                if f.direction in ("increase", "decrease") and not tested(f)
            ]
            if not untested or not FOLLOW_UP.match(after.text):
                continue
            stats = clause_stats(after.text)
            said = significance(stats.get("p", ""))
            if said is None:
                said = stated_significance(after.text)
            if said is None:
                continue
            for f in untested:
                f.significant = said
                if "p" in stats:
                    f.stats.setdefault("p", stats["p"])
                f.span = replace(f.span, end=after.end)


__all__ = ["follow_up_tests", "one_statement", "rank", "tested"]
