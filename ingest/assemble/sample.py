"""How many took part in the paper's own trial, as the paper states it: the number
enrolled or randomised ('Fifty participants … were randomly assigned', 'In total, one
hundred and sixty employees were … allocated', 'A total of 139 patients were enrolled',
'three classes totalling 243 students'), else the sum of the arms' sizes."""

from __future__ import annotations

import re

from ..document import Document
from .targets import PEOPLE

UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
TENS = {
    w: 10 * i
    for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
    if i > 1
}
_WORD = "|".join([*TENS, *UNITS, "hundred", "thousand"])
NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d{{1,5}}|(?:{_WORD})(?:(?:[\s-]+|\s+and\s+)(?:{_WORD}))*)"
STATED = re.compile(
    rf"(?:\b(?:a\s+)?total\s+of\s+|\btotall?ing\s+|\b[Nn]\s*=\s*)?\b(?P<n>{NUMBER})\s+"
    rf"(?:[\w-]+\s+){{0,4}}?{PEOPLE}\b",
    re.I,
)
TOTAL = re.compile(
    rf"\b(?:[Tt]otal(?:\s+sample)?\s+of|[Tt]otall?ing|(?<![a-z(] )\bN\s*=)\s*(?P<n>{NUMBER})\b"
)
ARM_SIZE = re.compile(
    rf"[(\[]\s*(?:[Nn]\s*=\s*(?P<n>\d+)|(?:[A-Z]{{1,5}}\s*[–-]\s*)?(?P<n2>\d+)\s+{PEOPLE})", re.I
)
ENROLLED = re.compile(
    r"randomi[sz]|randomly|\bassigned|allocated|enrolled|included|recruited|participated|"
    r"took\s+part|entered|underwent|selected|consented|eligible",
    re.I,
)
NOT_A_SAMPLE = re.compile(
    r"^\s*(?:%|percent|years?|months?|weeks?|days?|hours?|sessions?|mg|ml|items?)\b", re.I
)
WHERE = re.compile(
    r"abstract|method|particip|subject|sample|design|procedure|population|recruit|enrol|"
    r"patients|setting",
    re.I,
)


def number(text: str) -> int | None:
    """'one hundred and sixty' -> 160, '1,204' -> 1204, 'Fifty' -> 50."""
    text = text.strip().lower().replace(",", "")
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for word in re.findall(r"[a-z]+", text):
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word == "thousand":
            total, current = total + max(current, 1) * 1000, 0
        elif word != "and":
            return None
    return total + current or None


def stated_size(doc: Document) -> tuple[str, tuple[int, int]] | None:
    """(N, span) from the first sentence of the abstract or methods that says how many
    were enrolled or randomised; a sentence that randomises wins over one that recruits."""
    best: tuple[int, str, tuple[int, int]] | None = None
    for p in doc.paragraphs:
        if not WHERE.search(p.section) or not ENROLLED.search(p.text):
            continue
        for sentence in re.finditer(r"[^.;]+(?:[.;]|$)", p.text):
            text = sentence.group(0)
            verb = ENROLLED.search(text)
            if verb is None:
                continue
            m = TOTAL.search(text) or _people(text)
            n = number(m.group("n")) if m else None
            sizes = [int(a.group("n") or a.group("n2")) for a in ARM_SIZE.finditer(text)]
            if m is None and len(sizes) >= 2:
                n = sum(sizes)
            if n is None or n < 4:
                continue
            rank = 0 if re.search(r"randomi[sz]|randomly|assigned|allocated", text, re.I) else 1
            span = (p.start + sentence.start(), p.start + sentence.end())
            if best is None or rank < best[0]:
                best = (rank, str(n), span)
            if rank == 0:
                return best[1], best[2]
    return (best[1], best[2]) if best else None


def _people(text: str) -> re.Match[str] | None:
    for m in STATED.finditer(text):
        if not NOT_A_SAMPLE.match(text[m.end("n") :]) and not text[: m.start()].rstrip().endswith(
            ("(", "%")
        ):
            return m
    return None
