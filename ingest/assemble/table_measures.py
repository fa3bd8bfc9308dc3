"""A result table's row label → (construct, instrument): 'Self-compassion (SCS)',
'MAAS', 'MBI emotional exhaustion', 'FFMQ – Observing', a subscale row under the
measure named in the row or section above it, 'Total' under its instrument."""

from __future__ import annotations

import re

from ontology.lexicon import normalise

from .targets import TargetResolver

MEASURE = re.compile(r"^(?P<name>.+?)\s*[(\[](?P<abbrev>[A-Za-z][\w\-]{1,15})[)\]]\s*$")
LEADING_ABBREV = re.compile(
    r"^(?P<abbrev>[A-Z][A-Za-z]*[A-Z][\w\-]*)(?:\s*[–—:,-]?\s+(?P<rest>.+))?$"
)
ABBREVIATION = re.compile(r"[A-Z][A-Za-z]*[A-Z][\w\-]*")
ITEM_NUMBER = re.compile(r"^\(\d{1,2}\)\s+")
TOTAL = re.compile(
    r"^(?:total|total score|sum|overall|global|full scale|composite)(?:\s+score)?$", re.I
)


class MeasureReader:
    """Reads row labels top to bottom, remembering the measure the last one named, so
    the subscale rows under it are linked to it."""

    def __init__(self, resolver: TargetResolver, known: set[str]) -> None:
        self.resolver = resolver
        self.known = known
        self.parent = ""
        self.parent_heading = ""
        self._known = {normalise(k) for k in known}

    def _instrument(self, abbrev: str) -> bool:
        return (
            abbrev in self.known or self.resolver.lexicon.lookup(abbrev, "instrument") is not None
        )

    def _measures(self, abbrev: str) -> str:
        term = self.resolver.lexicon.lookup(abbrev, "instrument")
        return term.measures[0] if term and term.measures else ""

    def read(self, label: str, heading: str = "") -> tuple[str, str]:
        label = ITEM_NUMBER.sub("", label)  # '(2) Smokers have yellow teeth ….....'
        if heading and heading != self.parent_heading:
            self.parent_heading = heading
            found = self._named(heading)
            if found[1]:
                self.parent = found[1]
        found = self._named(label)
        if found[1]:
            if not ABBREVIATION.fullmatch(label):
                self.parent = found[1]  # 'Self-compassion (SCS)' heads the subscales below
            return found
        if TOTAL.match(label) and self.parent:
            return self._measures(self.parent), self.parent
        construct = self.resolver.construct(label)[0]
        return construct, self.parent or self._owner(construct)

    def _owner(self, facet: str) -> str:
        """The one instrument of the paper with this subscale ('Observing' → FFMQ)."""
        owners = {
            t.key
            for t in self.resolver.lexicon.of_kind("instrument")
            if any(normalise(s) == normalise(facet) for s in t.subscales)
            and any(normalise(a) in self._known for a in (t.key, *t.abbreviations))
        }
        return owners.pop() if len(owners) == 1 else ""

    def _named(self, label: str) -> tuple[str, str]:
        m = MEASURE.match(label)
        if m and re.fullmatch(r"SD|SE|SEM|IQR|CI|range|mean|median|n|N|%", m.group("abbrev")):
            m = None
        if m and (
            m.group("abbrev") in self.known or sum(c.isupper() for c in m.group("abbrev")) >= 2
        ):
            return self.resolver.construct(m.group("name"))[0], m.group("abbrev")
        if ABBREVIATION.fullmatch(label):
            return self._measures(label), label  # an abbreviation alone names its measure
        lead = LEADING_ABBREV.match(label)
        if lead and self._instrument(lead.group("abbrev")):
            abbrev, rest = lead.group("abbrev"), (lead.group("rest") or "").strip(" –—:-")
            if rest and not TOTAL.match(rest) and not re.fullmatch(r"scores?", rest, re.I):
                return self.resolver.construct(rest)[0], abbrev
            return self._measures(abbrev), abbrev
        return "", ""
