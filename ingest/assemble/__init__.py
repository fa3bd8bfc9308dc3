"""Assembly: the analysed document → studies, findings, instruments, interventions and
constructs, each with the span it was read from."""

from __future__ import annotations

import re

from ontology.lexicon import Lexicon, normalise

from ..analysis import Analysis, Block
from ..components.abbreviations import Abbreviation
from ..components.paper_context import context_of
from ..components.result_models import load_result_models
from ..document import Document
from ..records import (
    ConstructRecord,
    Extraction,
    FindingRecord,
    InterventionRecord,
    Span,
    StudyRecord,
    consolidate,
    one_significance,
    tell_apart,
)
from .anova_tables import anova_findings
from .arms import TrialArms, is_generic, trial_arms
from .citing import instrument_citations
from .discourse import Reader
from .finding_choice import follow_up_tests, one_statement, rank
from .group_labels import describe_findings, group_meanings
from .measures_section import section_instruments, typed_names
from .named_measures import named_terms
from .outcomes import OutcomeVocabulary
from .prose import own_study
from .result_tables import table_findings
from .study_tables import is_study_table, listed_measures, row_findings, study_rows
from .table_measures import MeasureReader
from .targets import TargetResolver
from .terms import classify, instrument_record, intervention_record, listed_instrument
from .trial_results import TrialContext

# A review says so in its title, or its abstract says what it reviews; 'Institutional Review
# Board', 'medical review' or 'a recent meta-analysis showed' do not make a trial a review
# (ei-dev training part: 7 trials were read as reviews and lost their own results).
REVIEW = re.compile(
    r"(?<!institutional )(?<!medical )(?<!clinical )\b(?:review|meta-analys[ie]s|overview of)\b"
    r"(?!\s+(?:board|committee|process))",
    re.I,
)
REVIEWS = re.compile(
    r"\b(?:systematic|literature|narrative|scoping|integrative|critical|umbrella)\s+review\b|"
    r"\bto\s+review\s+the\b|\bwe\s+review(?:ed)?\b|\bthis\s+(?:review|meta-analysis)\b|"
    r"\bwe\s+(?:conducted|performed|undertook|carried\s+out)\s+an?\s+(?:[\w-]+\s+){0,2}"
    r"(?:review|meta-analysis)\b",
    re.I,
)
TRIAL = re.compile(r"\btrial\b|\brandomi[sz]ed\b|\bpilot\b|\bplacebo\b", re.I)


def _definitions(analysis: Analysis) -> list[tuple[Abbreviation, Block]]:
    seen: dict[str, tuple[Abbreviation, Block]] = {}
    for block in analysis.blocks:
        for a in block.abbreviations:
            key = a.short + ("s" if a.plural else "")
            if key not in seen or (a.citation and not seen[key][0].citation):
                seen[key] = (a, block)
    return list(seen.values())


def _terms(
    ext: Extraction,
    analysis: Analysis,
    lexicon: Lexicon,
    listed: dict[str, Span],
) -> dict[str, str]:
    """Instruments and interventions the paper defines or lists as its measures;
    returns abbrev -> measured construct."""
    measured: dict[str, str] = {}
    for a, block in _definitions(analysis):
        d = classify(a, lexicon, as_instrument=a.short in listed)
        if d is None:
            continue
        if d.kind == "instrument":
            rec = instrument_record(d, analysis.doc.text, lexicon, block.section)
            ext.instruments.append(rec)
            if rec.measures:
                measured[rec.abbrev] = rec.measures[0]
        else:
            ext.interventions.append(intervention_record(d, block.section))
    defined = {normalise(i.abbrev) for i in ext.instruments}
    for item, span in listed.items():
        if normalise(item) not in defined:
            ext.instruments.append(listed_instrument(item, span, lexicon))
    for block in analysis.blocks:
        for ent in block.entities:
            if (
                ent.kind == "intervention"
                and ent.known
                and ent.key
                and _is_label(ent, lexicon)
                and not any(
                    normalise(i.abbrev) == normalise(ent.key)
                    or normalise(i.name) == normalise(ent.text)
                    for i in ext.interventions
                )
                and len(ent.text) > 6
                and not ent.text.isupper()
            ):
                ext.interventions.append(
                    InterventionRecord(
                        abbrev="",
                        name=ent.text,
                        span=Span(ent.start, ent.end, block.section, 0.6),
                        known=True,
                    )
                )
    named_terms(ext, analysis, lexicon)
    doc = analysis.doc
    for rec in [*section_instruments(doc, lexicon), *typed_names(doc, lexicon)]:
        names = {normalise(n) for i in ext.instruments for n in (i.abbrev, i.name, i.key) if n}
        named = normalise(rec.name)
        if not ({normalise(rec.abbrev), named} - {""}) & names and not any(
            named and n.startswith(named) for n in names
        ):
            ext.instruments.append(rec)
    return measured


def _findings_instruments(ext: Extraction, lexicon: Lexicon) -> None:
    """An instrument a finding names (a table row 'QSU-brief') that the paper defines
    nowhere else is still an instrument of the paper, read from that row; a finding on an
    instrument measures what the paper says the instrument measures."""
    known = {normalise(n) for i in ext.instruments for n in (i.abbrev, i.name, i.key) if n}
    for f in ext.findings:
        if f.instrument and normalise(f.instrument) not in known:
            known.add(normalise(f.instrument))
            ext.instruments.append(listed_instrument(f.instrument, f.span, lexicon))
    measures = {
        normalise(n): i.measures[0]
        for i in ext.instruments
        if i.measures and i.measures[0]
        for n in (i.abbrev, i.name, i.key)
        if n
    }
    for f in ext.findings:
        if f.instrument and not f.construct:
            f.construct = measures.get(normalise(f.instrument), "")  # the BAI row: anxiety


def _named_interventions(ext: Extraction) -> None:
    """Every arm a study or finding names is an intervention of the paper; a role
    ('control') names none, and the finding keeps its comparison without it."""
    known = {normalise(n) for i in ext.interventions for n in (i.abbrev, i.name, i.key) if n}
    named = [(st, "intervention") for st in ext.studies] + [
        (f, field) for f in ext.findings for field in ("intervention", "comparator")
    ]
    for record, field in named:
        name = getattr(record, field)
        if not name or normalise(name) in known:
            continue
        if is_generic(name):
            setattr(record, field, "")
            continue
        known.add(normalise(name))
        is_abbrev = name.isupper() and len(name) <= 12
        span = getattr(record, "span", Span(0, 0))
        ext.interventions.append(
            InterventionRecord(name if is_abbrev else "", "" if is_abbrev else name, span)
        )


def _use_keys(ext: Extraction) -> None:
    """Point studies and findings at instruments by the key their IRI is made from
    (the lexicon's key for a known instrument), whatever spelling the paper used."""
    keys = {normalise(i.abbrev or i.name): i.key or i.abbrev or i.name for i in ext.instruments}
    keys.update({normalise(i.name): i.key or i.abbrev or i.name for i in ext.instruments if i.name})
    for st in ext.studies:
        st.instruments = [keys.get(normalise(i), i) for i in st.instruments]
    for f in ext.findings:
        f.instrument = keys.get(normalise(f.instrument), f.instrument) if f.instrument else ""
    ivs = {
        normalise(name): i.key or i.abbrev or i.name
        for i in ext.interventions
        for name in (i.abbrev, i.name)
        if name
    }
    for st in ext.studies:
        st.intervention = ivs.get(normalise(st.intervention), st.intervention)
    for f in ext.findings:
        f.intervention = ivs.get(normalise(f.intervention), f.intervention)
        f.comparator = ivs.get(normalise(f.comparator), f.comparator) if f.comparator else ""


def _is_label(ent: object, lexicon: Lexicon) -> bool:
    """A programme named in full: its label, or a synonym written with a capital."""
    term = lexicon.get("intervention", getattr(ent, "key", ""))
    text = getattr(ent, "text", "")
    if term is None:
        return False
    return normalise(term.label) == normalise(text) or (
        text[:1].isupper() and any(normalise(s) == normalise(text) for s in term.synonyms)
    )


def _link_instruments(
    findings: list[FindingRecord],
    studies: dict[str, StudyRecord],
    measures: dict[str, str],
    lexicon: Lexicon,
) -> None:
    """Give each finding the one instrument of its study that measures its construct."""
    for f in findings:
        study = studies.get(f.study)
        if f.instrument or study is None or not f.construct:
            continue
        hits = []
        for abbrev in study.instruments:
            term = lexicon.lookup(abbrev, "instrument")
            construct = measures.get(abbrev) or (term.measures[0] if term and term.measures else "")
            constructs = {normalise(construct)} | _narrower(construct, lexicon)
            if normalise(f.construct) in constructs:
                hits.append(abbrev)
        if len(hits) == 1:
            f.instrument = hits[0]


def _narrower(construct: str, lexicon: Lexicon) -> set[str]:
    return {
        normalise(t.label)
        for t in lexicon.of_kind("construct")
        if construct and construct in t.broader
    } | {
        normalise(s)
        for t in lexicon.of_kind("construct")
        if t.label == construct
        for s in t.synonyms
    }


def _constructs(ext: Extraction, analysis: Analysis) -> None:
    seen: set[str] = set()
    for block in analysis.blocks:
        for ent in block.entities:
            if ent.kind == "construct" and ent.key and ent.key not in seen:
                seen.add(ent.key)
                ext.constructs.append(
                    ConstructRecord(
                        ent.key, Span(ent.start, ent.end, block.section, 0.8), known=ent.known
                    )
                )


def _outcome_abbreviations(
    defined: dict[str, str], ext: Extraction, arms: TrialArms
) -> dict[str, str]:
    """The paper's abbreviations that may name an outcome: not an intervention's or an
    arm's ('GIK' of the GIK group)."""
    taken = {i.abbrev for i in ext.interventions} | {a.label for a in arms.arms}
    names = " ".join(a.name for a in arms.arms).lower()
    return {
        short: long
        for short, long in defined.items()
        if short not in taken and short.lower() not in names and long.lower() not in names
    }


def _arm_interventions(
    ext: Extraction, arms: TrialArms, main: str, lexicon: Lexicon, defined: dict[str, str]
) -> str:
    """Each arm of the own trial is an intervention of the paper, by the abbreviation the
    paper defines for it, the lexicon's name inside it, or its own name ('control' and
    other roles are not names); returns the experimental arm's name as the study's
    intervention (the paper's defined one when it names it)."""
    for arm in arms.arms:
        if is_generic(arm.name):
            continue
        named = normalise(arm.name)
        if any(named in (normalise(i.abbrev), normalise(i.name)) for i in ext.interventions):
            continue
        span = Span(max(arm.start, 0), max(arm.end, arm.start + len(arm.name), 0), "", 0.6)
        term = lexicon.lookup(arm.name, "intervention")
        if arm.name in defined:
            ext.interventions.append(InterventionRecord(arm.name, defined[arm.name], span))
        elif term is not None:
            abbrev = term.abbreviations[0] if term.abbreviations else ""
            ext.interventions.append(
                InterventionRecord(abbrev, term.label, span, known=True, key=term.key)
            )
        else:
            ext.interventions.append(InterventionRecord(abbrev="", name=arm.name, span=span))
    if arms.experimental is None or is_generic(arms.experimental.name):
        return main
    if main and normalise(main) in normalise(arms.experimental.name):
        return main
    return arms.experimental.name


def _recorded(
    studies: dict[str, StudyRecord], listed: set[str], findings: list[FindingRecord]
) -> list[StudyRecord]:
    """The studies the paper records something of: its own and those of its study
    tables, and a study it cites only when a finding, a design or a size is read for it
    (a citation alone is a source, not a study)."""
    reported = {f.study for f in findings}
    return [
        s for label, s in studies.items() if label in listed or label in reported or s.n or s.design
    ]


def is_review(doc: Document, analysis: Analysis) -> bool:
    says = REVIEWS.search(doc.abstract[:600]) and not TRIAL.search(doc.title)
    return bool(REVIEW.search(doc.title) or says) or any(is_study_table(t) for t in doc.tables)


def assemble(analysis: Analysis, lexicon: Lexicon) -> Extraction:
    doc = analysis.doc
    ext = Extraction(doc.paper_id)
    resolver = TargetResolver(lexicon, {})
    measures = _terms(ext, analysis, lexicon, listed_measures(doc.tables))
    interventions = [i.abbrev for i in ext.interventions if i.abbrev] + [
        a for t in lexicon.of_kind("intervention") for a in t.abbreviations
    ]
    studies: dict[str, StudyRecord] = {}
    for table in doc.tables:
        if is_study_table(table):
            for row in study_rows(table, resolver, interventions):
                studies.setdefault(row.study.label, row.study)
                ext.findings += row_findings(row, resolver, table.label)
    own = None
    trial = None
    paragraphs = [(p.section, p.text, p.start) for p in doc.paragraphs]
    if not is_review(doc, analysis):
        parts = {normalise(sub) for i in ext.instruments for sub in i.subscales}
        defined = [
            i.abbrev or i.name
            for i in ext.instruments
            if i.abbrev or normalise(i.name) not in parts
        ]
        main = next((i.abbrev for i in ext.interventions if i.abbrev and not i.known), "") or (
            ext.interventions[0].abbrev if ext.interventions else ""
        )
        paper = context_of(doc)  # what the paper says of its words, for the taggers
        arms = trial_arms(doc.title, paragraphs, context=paper)
        defined_terms = {a.short: a.long for a, _ in _definitions(analysis)}
        main = _arm_interventions(ext, arms, main, lexicon, defined_terms)
        own = own_study(doc, defined, main, arms)
        if own is not None:
            if arms.control:
                own.control = own.control or arms.control.name
            vocabulary = OutcomeVocabulary(
                lexicon, ext.instruments, _outcome_abbreviations(defined_terms, ext, arms)
            )
            trial = TrialContext(own, arms, resolver, vocabulary, load_result_models(), paper)
            studies.setdefault(own.label, own)
            known = {i.abbrev for i in ext.instruments}
            for table in doc.tables:
                ext.findings += table_findings(
                    table, own.label, arms, resolver, known
                ) or anova_findings(table, own.label, MeasureReader(resolver, known))
    listed = set(studies)
    Reader(
        ext,
        studies,
        resolver,
        own,
        trial,
        not_studies=instrument_citations(analysis),
        covered={normalise(f.construct) for f in ext.findings},
    ).read(analysis)
    if own is not None and trial is not None:
        describe_findings(ext.findings, own.label, group_meanings(paragraphs), trial.arms)
    ext.studies = _recorded(studies, listed, ext.findings)
    _link_instruments(ext.findings, studies, measures, lexicon)
    _findings_instruments(ext, lexicon)
    _named_interventions(ext)
    _use_keys(ext)
    follow_up_tests(ext.findings, analysis.blocks)
    one_statement(ext.findings, doc.tables)
    consolidate(ext.findings)
    tell_apart(ext.findings)
    one_significance(ext.findings)
    rank(ext.findings)
    _constructs(ext, analysis)
    return ext
