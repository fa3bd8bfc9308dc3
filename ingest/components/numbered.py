"""Numbered citations ("… anxiety (9).", "… smokers [17, 18]", "… aggression.[23]",
"… stress²¹⁻²³") resolved to the numbered reference list, so that "(9)" is cited as
"Evans et al. 2008" like an author–year citation.

A paper is read as numbered only when its numbered markers that resolve outnumber its
author–year citations: in an author–year paper "(1)" and "(2)" enumerate, they do not
cite. Each number becomes one `Citation` spanning its digits (so the bracket around it
still reads as a parenthesis); a range "21–23" cites 21, 22 and 23.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .citations import Citation

_ITEM = r"\d{1,3}(?:\s*[-–]\s*\d{1,3})?"
_LIST = rf"{_ITEM}(?:\s*(?:,|;|and)\s*{_ITEM})*"
BRACKETED = re.compile(rf"\[\s*(?P<list>{_LIST})\s*\]|\(\s*(?P<plist>{_LIST})\s*\)")
_SUP_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUPERSCRIPT = re.compile(rf"(?<=[a-z\].,;:)])(?P<sup>[{_SUP_DIGITS}]+(?:[,⁻–-][{_SUP_DIGITS}]+)*)")
_NUMBER = re.compile(r"\d+")
_RANGE = re.compile(r"(\d+)\s*[-–⁻]\s*(\d+)")
_SUP_TO_DIGIT = str.maketrans(_SUP_DIGITS + "⁻", "0123456789-")
# 'η²', 'R²', 'χ²', 'kg/m²', 'cm³': a power, not a citation
_POWER_BEFORE = re.compile(r"(?:\b\w{1,2}|[ηχ]\w*|\bm|eta|\bkg/m)$", re.I)
# what a parenthesised number says when it is not a citation: 'Table 2 (3)', 'item (4)'
_NOT_CITING_BEFORE = re.compile(
    r"(?:table|figure|fig\.|item|step|phase|session|week|day|grade|stage|model|"
    r"hypothesis|aim|question|group|arm|n|N|=|<|>|±|\b[Ftzr]|χ²|df)\s*(?:\d+[a-z]?\s*)?$",
    re.I,
)


@dataclass(frozen=True)
class Marker:
    number: int
    start: int
    end: int


def _numbers(text: str, base: int) -> Iterable[Marker]:
    """Each number of a marker's list, with the span of its digits; a range's inner
    numbers share the range's span."""
    position = 0
    while position < len(text):
        ranged = _RANGE.match(text, position)
        if ranged:
            low, high = int(ranged.group(1)), int(ranged.group(2))
            if low < high <= low + 30:
                for n in range(low, high + 1):
                    yield Marker(n, base + ranged.start(), base + ranged.end())
            position = ranged.end()
            continue
        number = _NUMBER.match(text, position)
        if number:
            yield Marker(int(number.group()), base + number.start(), base + number.end())
            position = number.end()
        else:
            position += 1


def markers(text: str) -> list[list[Marker]]:
    """Candidate numbered citations in `text`, one list per bracket or superscript,
    before they are checked against a reference list."""
    found: list[list[Marker]] = []
    for m in BRACKETED.finditer(text):
        group = "list" if m.group("list") else "plist"
        if group == "plist" and _NOT_CITING_BEFORE.search(text, max(0, m.start() - 16), m.start()):
            continue
        found.append(list(_numbers(m.group(group), m.start(group))))
    for m in SUPERSCRIPT.finditer(text):
        if _POWER_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            continue
        found.append(list(_numbers(m.group("sup").translate(_SUP_TO_DIGIT), m.start("sup"))))
    return sorted(found, key=lambda g: g[0].start if g else 0)


def _resolved(text: str, listed: Mapping[int, object]) -> list[Marker]:
    """The markers of `text` whose every number is in the list ('(2, 240)' is no
    citation in a list of 40)."""
    return [
        m
        for group in markers(text)
        if group and all(m.number in listed for m in group)
        for m in group
    ]


@dataclass(frozen=True)
class Cited:
    """What a numbered reference is cited as."""

    label: str
    first_author: str
    year: str


def numbered_citations(text: str, base: int, listed: Mapping[int, Cited]) -> list[Citation]:
    """The numbered citations of `text` (starting at offset `base`) that resolve to an
    entry of the numbered list `listed`."""
    return [
        Citation(ref.label, ref.first_author, ref.year, base + m.start, base + m.end)
        for m in _resolved(text, listed)
        if (ref := listed[m.number]) is not None
    ]


def is_numbered(texts: Iterable[str], listed: Mapping[int, Cited], author_year: int) -> bool:
    """Whether a paper cites by number: more of its markers resolve than it has
    author–year citations."""
    if not listed:
        return False
    resolved = sum(len(_resolved(t, listed)) for t in texts)
    return resolved > max(author_year, 2)
