"""What extraction produces from one document, before it becomes RDF.

Every record carries the `Span` it was read from; `ingest/rdf.py` turns each record
field into a claim with that evidence. Numbers are kept as printed ("0.019", ".019").
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    section: str = ""
    confidence: float = 0.8
    method: str = "automatic"  # automatic | computed


@dataclass
class InstrumentRecord:
    abbrev: str
    name: str
    span: Span
    measures: list[str] = field(default_factory=list)  # construct names
    citation: str = ""
    subscales: list[str] = field(default_factory=list)
    items: str = ""
    language: str = ""
    known: bool = False  # found in the lexicon
    key: str = ""  # the lexicon's key when known: the instrument's IRI is made from it
    part_of: str = ""  # a subscale's parent instrument, as its key, abbreviation or name


@dataclass
class InterventionRecord:
    abbrev: str
    name: str
    span: Span
    duration: str = ""
    known: bool = False
    key: str = ""


@dataclass
class ConstructRecord:
    name: str
    span: Span
    synonyms: list[str] = field(default_factory=list)
    broader: str = ""
    known: bool = False


@dataclass
class ArmRecord:
    role: str  # treatment | control
    n: str = ""
    description: str = ""


@dataclass
class StudyRecord:
    label: str  # as cited: "Shapiro et al. 2005"
    first_author: str
    year: str  # may carry a letter: "2005a"
    span: Span
    n: str = ""
    sample: str = ""
    design: str = ""  # DESIGN.md vocabulary
    follow_up: str = ""
    intervention: str = ""  # abbreviation or name as written
    control: str = ""
    arms: list[ArmRecord] = field(default_factory=list)
    instruments: list[str] = field(default_factory=list)  # abbreviations
    qualitative: bool | None = None
    home_practice_measured: bool | None = None
    reference_title: str = ""


@dataclass
class FindingRecord:
    study: str  # study label
    span: Span
    construct: str = ""
    instrument: str = ""
    intervention: str = ""
    comparator: str = ""  # the arm the intervention is compared with, as the paper names it
    direction: str = ""  # increase | decrease | no change | mixed
    comparison: str = ""  # vs control | pre-post | between groups | correlation
    stats: dict[str, str] = field(default_factory=dict)  # CSV column -> number as printed
    significant: bool | None = None
    variant: str = ""  # tells apart two reports of the same outcome with other numbers
    guessed: bool = False  # the direction is the sentence model's guess, not stated

    @property
    def key(self) -> tuple[str, ...]:
        """What makes two records one finding (one node, evidence from both)."""
        base: tuple[str, ...] = (
            self.study,
            self.construct.lower(),
            self.instrument,
            self.direction,
        )
        if self.comparator:
            base = (*base, self.intervention, self.comparator)
        return (*base, self.comparison, self.variant) if self.variant else (*base, self.comparison)


def consolidate(findings: list[FindingRecord]) -> None:
    """Reports of one outcome of one study are one finding: a record without a direction
    (an ANCOVA row with F and p) takes the direction the other reports of that outcome and
    comparison agree on ('a considerable decrease in …'), and with it their key; a
    direction the text states or its numbers show outvotes the sentence model's guess. A
    report that says it is significant never takes 'no change'."""
    directed: dict[tuple[str, str, str], set[str]] = {}
    stated = {_outcome_key(f) for f in findings if f.direction and not f.guessed}
    for f in findings:
        if f.direction and f.construct and (not f.guessed or _outcome_key(f) not in stated):
            directed.setdefault(_outcome_key(f), set()).add(f.direction)
    for f in findings:
        agreed = directed.get(_outcome_key(f), set())
        if (not f.direction or f.guessed) and len(agreed) == 1:
            if agreed == {"no change"} and f.significant:
                continue  # 'significantly reduced pain (p = .0001)' is no report of no change
            f.direction = next(iter(agreed))


def one_significance(findings: list[FindingRecord]) -> None:
    """Records that became one finding say one thing about its significance: the one with
    a printed p value, else the first that says anything."""
    chosen: dict[tuple[str, ...], bool] = {}
    for f in sorted(findings, key=lambda f: "p" not in f.stats):
        if f.significant is not None:
            chosen.setdefault(f.key, f.significant)
    for f in findings:
        if f.significant is not None:
            f.significant = chosen[f.key]


def _outcome_key(f: FindingRecord) -> tuple[str, str, str]:
    kind = "within" if f.comparison == "pre-post" else "between"
    return f.study, f.construct.lower(), kind


def tell_apart(findings: list[FindingRecord]) -> None:
    """Records of one finding that print different numbers for the same statistic (two
    time points, two tests) or disagree on its significance stay two findings; records
    whose numbers complement each other (a table's means, an ANCOVA row's F and p) or a
    record without numbers are one."""
    groups: dict[tuple[str, ...], list[dict[str, str]]] = {}
    for f in findings:
        said = _said(f)
        if said:
            merged = groups.setdefault(f.key, [])
            fit = next((g for g in merged if _compatible(g, said)), None)
            if fit is None:
                merged.append(dict(said))
            else:
                fit.update(said)
    for f in findings:
        merged = groups.get(f.key, [])
        if len(merged) > 1:
            said = _said(f)
            fit = next((g for g in merged if _compatible(g, said)), merged[0])
            f.variant = str(merged.index(fit))


def _said(f: FindingRecord) -> dict[str, str]:
    """What a record says that another report of its finding must not contradict: its
    numbers, and whether it is significant ('increased significantly in A but not in B'
    and 'increased, p = 0.44' are two findings, not one)."""
    if f.significant is None or f.direction not in ("increase", "decrease"):
        return f.stats  # 'no change' says its significance in its direction
    return {**f.stats, " significant": str(f.significant)}


def _compatible(a: dict[str, str], b: dict[str, str]) -> bool:
    return all(a[k] == v for k, v in b.items() if k in a)


@dataclass
class Extraction:
    paper_id: str
    instruments: list[InstrumentRecord] = field(default_factory=list)
    interventions: list[InterventionRecord] = field(default_factory=list)
    constructs: list[ConstructRecord] = field(default_factory=list)
    studies: list[StudyRecord] = field(default_factory=list)
    findings: list[FindingRecord] = field(default_factory=list)
