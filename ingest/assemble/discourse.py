"""Running text, sentence by sentence: which studies each sentence speaks of — those it
cites, those it names without a year, or those the text is still about ('The authors …',
'These studies …') — and the studies and findings it reports."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ontology.lexicon import normalise

from ..analysis import Analysis, Block, Sentence
from ..components.citations import Citation
from ..document import Heading
from ..records import Extraction, Span, StudyRecord
from .cited_claims import cited_findings
from .citing import yearless
from .designs import comparison_for, design_of
from .own_results import headed_finding, in_results, participants_reported
from .reported import reported_studies
from .targets import PEOPLE, TargetResolver
from .trial_results import TrialContext, trial_findings

_CONNECTIVE = (
    r"(?:(?:However|Moreover|In addition|Furthermore|Importantly|Notably|Unfortunately|"
    r"Interestingly|Similarly|Also|At the same time|In that study|Overall),?\s+)?"
)
FOLLOW_UP = re.compile(
    rf"^{_CONNECTIVE}(?:Results|These|This (?:study|trial|effect|finding)|"
    rf"The (?:authors|study|trial|results|findings|researchers)|They|Their|It is further|"
    rf"the\s+(?:[\w-]+\s+){{0,2}}{PEOPLE})\b",
    re.I,
)
PLURAL = re.compile(
    r"^(?:These|Both|The (?:two|three|four)|All (?:three|four|these)) "
    r"(?:studies|trials|RCTs|experiments)\b",
    re.I,
)
RESULTS_HEADING = re.compile(r"^(?:[\dIVX.]+\s*)?(?:results?|findings)\b", re.I)
AFTER_RESULTS = re.compile(r"discussion|conclusion|limitation|implication|acknowledg", re.I)


@dataclass
class Reader:
    """What the text is about as it goes: the studies of the last sentences and paragraph."""

    ext: Extraction
    studies: dict[str, StudyRecord]
    resolver: TargetResolver
    own: StudyRecord | None
    trial: TrialContext | None
    not_studies: set[str]
    covered: set[str]
    defaults: dict[str, str] = field(default_factory=dict)
    previous: list[Citation] = field(default_factory=list)
    results_part: bool = False
    results_level: int = 0
    headed: set[str] = field(default_factory=set)

    def read(self, analysis: Analysis) -> None:
        self.defaults = {label: comparison_for(s.design) for label, s in self.studies.items()}
        headings = sorted(analysis.doc.headings, key=lambda h: h.start)
        section = None
        for block in analysis.blocks:
            while headings and headings[0].start <= block.start:
                self._part_of_paper(headings.pop(0))
            if block.section != section:
                section, self.previous = block.section, []
                if not analysis.doc.headings:
                    self._part_of_paper(Heading(section, block.start))
            here = self._block(block)
            self.previous = here or self.previous

    def _block(self, block: Block) -> list[Citation]:
        focus: list[Citation] = []
        here: list[Citation] = []
        for sent in block.sentences:
            self._own(sent, block)
            direct = [
                c
                for c in block.citations
                if sent.start <= c.start < sent.end and c.label not in self.not_studies
            ] + yearless(sent, self.studies)
            cites = direct
            if direct:
                focus = direct
            elif PLURAL.search(sent.text):
                cites = _at(sent, _distinct(here) if len(_distinct(here)) > 1 else self.previous)
                focus = cites
            elif focus and FOLLOW_UP.search(sent.text):
                cites = _at(sent, focus)
            for cite in reported_studies(sent.text, sent.start, direct):
                self._study(cite, block.section)
            self._findings(sent, block, cites)
            self._design(sent, cites)
            here += [c for c in cites if c.label in self.studies]
        return _distinct(here)

    def _part_of_paper(self, heading: Heading) -> None:
        """The results run from a results heading to the discussion, or to the next
        heading of the same or a higher level when the paper numbers its headings."""
        if RESULTS_HEADING.match(heading.title):
            self.results_part, self.results_level = True, heading.level
        elif AFTER_RESULTS.search(heading.title) or (
            heading.level and heading.level <= self.results_level
        ):
            self.results_part = False

    def _own(self, sent: Sentence, block: Block) -> None:
        """The paper's own results, in sentences of its results that cite nobody."""
        if self.own is None or not (
            self.results_part or in_results(block) or _tested_in_abstract(sent, block)
        ):
            return
        if block.section not in self.headed and self.results_part:
            self.headed.add(block.section)
            headed = headed_finding(block, self.own, self.resolver)
            if headed is not None:
                self.ext.findings.append(headed)
        if any(sent.start <= c.start < sent.end for c in block.citations):
            return
        found = (
            trial_findings(sent, block.section, self.trial) if self.trial is not None else []
        ) or participants_reported(sent, block.section, self.own, self.resolver)
        self.ext.findings += [f for f in found if normalise(f.construct) not in self.covered]

    def _findings(self, sent: Sentence, block: Block, cites: list[Citation]) -> None:
        section = block.section
        found = cited_findings(
            sent.text,
            sent.start,
            section,
            sorted(cites, key=lambda c: c.start),
            self.resolver,
            self.defaults,
        )
        named = self._intervention(sent, block) if found else ""
        for cite, finding in found:
            self._study(cite, section, sent)
            finding.intervention = finding.intervention or named
            self.ext.findings.append(finding)

    def _intervention(self, sent: Sentence, block: Block) -> str:
        """The one intervention a sentence names ('Patients who received MBSR showed …'),
        when the paper already knows it: a cited finding adds no intervention of its own."""
        known = {
            normalise(n): i.key or i.abbrev or i.name
            for i in self.ext.interventions
            for n in (i.abbrev, i.name, i.key)
            if n
        }
        named = {
            known.get(normalise(e.text)) or known.get(normalise(e.key or "")) or ""
            for e in block.entities
            if e.kind == "intervention" and sent.start <= e.start < sent.end
        } - {""}
        return named.pop() if len(named) == 1 else ""

    def _study(self, cite: Citation, section: str, sent: Sentence | None = None) -> None:
        if cite.label in self.studies:
            return
        start, end = (
            (cite.start, cite.end)
            if cite.end > cite.start or sent is None
            else (
                sent.start,
                sent.end,
            )
        )
        self.studies[cite.label] = StudyRecord(
            label=cite.label,
            first_author=cite.first_author,
            year=cite.year,
            span=Span(start, end, section, 0.6),
        )

    def _design(self, sent: Sentence, cites: list[Citation]) -> None:
        labels = {c.label for c in cites}
        if len(labels) != 1:
            return
        study = self.studies.get(labels.pop())
        if study is not None and not study.design:
            study.design = design_of(sent.text)


ABSTRACT = re.compile(r"^abstract$", re.I)
ABSTRACT_CONCLUSIONS = re.compile(r"^abstract\W+(?:conclusions?|interpretations?)\b", re.I)
TESTED = re.compile(
    r"(?<![A-Za-z])[pP]\s*[<=≤>]|\bsignificant(?:ly)?\b|\b(?:similar|comparable)\b|"
    r"\b(?:did|does|do)\s+not\s+differ\b|\bno\s+(?:\w+\s+)?differences?\b",
    re.I,
)
KNOWN_BEFORE = re.compile(r"\b(?:has|have)\s+been\b|\bprevious(?:ly)?\b|\bis\s+known\b", re.I)
HEDGED = re.compile(r"\b(?:may|might|could|should|would|suggests?|appears?|seems?)\b", re.I)


def _tested_in_abstract(sent: Sentence, block: Block) -> bool:
    """An abstract without parts states its results in the sentences that print a test or
    say 'significant', 'similar', 'no difference' (7 + 5 of the ei-dev training part's
    missed prompts sit there); an abstract's conclusions restate them ('A reduced X and
    improved Y', 6 training papers), unless they hedge ('A may be an acceptable
    treatment'); what 'has been' shown before is background."""
    section = block.section.strip()
    return bool(
        (
            (ABSTRACT_CONCLUSIONS.match(section) and not HEDGED.search(sent.text))
            or (ABSTRACT.match(section) and TESTED.search(sent.text))
        )
        and not KNOWN_BEFORE.search(sent.text)
    )


def _distinct(cites: list[Citation]) -> list[Citation]:
    seen: dict[str, Citation] = {}
    for c in cites:
        seen.setdefault(c.label, c)
    return list(seen.values())


def _at(sent: Sentence, cites: list[Citation]) -> list[Citation]:
    """Citations carried into a sentence that does not cite them: placed at its start."""
    return [replace(c, start=sent.start, end=sent.start) for c in cites]
