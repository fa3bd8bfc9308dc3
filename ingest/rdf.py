"""Extraction records → the quads of one paper's graph: the paper, its references,
its evidence annotations and one claim per extracted statement (see docs/model.md)."""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache

import pyoxigraph as ox
from rdflib.namespace import DefinedNamespace, Namespace

from graph.evidence import STATS
from ontology import vocab
from ontology.iris import (
    construct_iri,
    digest,
    instrument_iri,
    intervention_iri,
    paper_iri,
    scoped_iri,
    slug,
)
from ontology.lexicon import normalise
from ontology.vocab import COMPARISONS, DESIGNS, DIRECTIONS, ID, paper_graph

from .document import Document
from .records import Extraction, FindingRecord, Span, StudyRecord
from .study_keys import study_iri_for

DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
INTEGER = re.compile(r"^[+-]?\d+$")
_NOT_DIGIT = re.compile(r"[^0-9]")

# CSV column -> ekg property of a finding's statistics, as the graph layer reads them back
STAT_PROPERTIES = {c: p for c, p in STATS.items() if c != "p_comparator"}

Object = ox.NamedNode | ox.Literal


def node(iri: object) -> ox.NamedNode:
    return iri if isinstance(iri, ox.NamedNode) else ox.NamedNode(str(iri))


class _Names:
    """An rdflib namespace whose terms come out as pyoxigraph nodes, each made once
    (rdflib builds and checks a new `URIRef` on every attribute access)."""

    def __init__(self, namespace: Namespace | type[DefinedNamespace]) -> None:
        self._namespace = namespace
        self._items: dict[str, ox.NamedNode] = {}

    def __getattr__(self, name: str) -> ox.NamedNode:
        if name.startswith("_"):
            raise AttributeError(name)
        term = node(getattr(self._namespace, name))
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> ox.NamedNode:
        term = self._items.get(name)
        if term is None:
            term = self._items[name] = node(self._namespace[name])
        return term


BIBO, DCTERMS, EKG, OA = (_Names(n) for n in (vocab.BIBO, vocab.DCTERMS, vocab.EKG, vocab.OA))
PROV, RDF, RDFS, SKOS, XSD = (
    _Names(n) for n in (vocab.PROV, vocab.RDF, vocab.RDFS, vocab.SKOS, vocab.XSD)
)


@lru_cache(maxsize=8192)
def _iri(make: Callable[..., object], *key: str) -> ox.NamedNode:
    """`make(*key)` as a node: entities recur in every paper that names them."""
    return node(make(*key))


CONTEXT = 600  # characters of the enclosing paragraph kept on each side of a quote


def blocks(doc: Document) -> list[tuple[int, int]]:
    """(start, end) of every paragraph, glossary, table row and footnote, in order."""
    spans = [(p.start, p.end) for p in (*doc.paragraphs, *doc.glossary)]
    for table in doc.tables:
        spans += [(r.start, r.end) for r in table.rows] + [
            (f.start, f.end) for f in table.footnotes
        ]
    return sorted(spans)


def enclosing(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The block that holds [start, end), for the quote's prefix and suffix."""
    i = bisect_right(spans, (start, sys.maxsize))
    for first, last in reversed(spans[max(0, i - 8) : i]):
        if first <= start and end <= last:
            return first, last
    return start, end


def text(value: str) -> ox.Literal:
    return ox.Literal(value)


@lru_cache(maxsize=8192)
def number(value: str) -> ox.Literal:
    """A number kept exactly as printed, typed when its lexical form allows."""
    value = value.strip().replace("−", "-")
    if INTEGER.match(value):
        return ox.Literal(value, datatype=XSD.integer)
    if DECIMAL.match(value):
        return ox.Literal(value, datatype=XSD.decimal)
    return ox.Literal(value)


def boolean(value: bool) -> ox.Literal:
    return ox.Literal("true" if value else "false", datatype=XSD.boolean)


class PaperGraphBuilder:
    """Collects the quads of one paper's graph; `claim()` is the one way statements go in."""

    def __init__(self, doc: Document, extractor: str, version: str) -> None:
        self.doc = doc
        self.graph = node(paper_graph(doc.paper_id))
        self.paper = node(paper_iri(doc.paper_id))
        self.activity = node(scoped_iri("activity", doc.paper_id, extractor, version))
        self.agent = node(ID[f"agent/{slug(extractor)}-{slug(version)}"])
        self.quads: list[ox.Quad] = []
        self._evidence: dict[tuple[int, int], ox.NamedNode] = {}
        self._blocks = blocks(doc)
        self._claims: set[tuple[str, str, str]] = set()
        self._scopes: dict[str, str] = {}
        self.extractor, self.version = extractor, version

    def scoped(self, kind: str, *key: object) -> ox.NamedNode:
        """`scoped_iri(kind, paper_id, *key)`, its prefix made once per kind."""
        prefix = self._scopes.get(kind)
        if prefix is None:
            example = str(scoped_iri(kind, self.doc.paper_id))
            prefix = self._scopes[kind] = example[: example.rindex("/") + 1]
        return ox.NamedNode(prefix + digest(*key))

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o: Object) -> None:
        self.quads.append(ox.Quad(s, p, o, self.graph))

    def evidence(self, span: Span) -> ox.NamedNode:
        key = (span.start, span.end)
        if key in self._evidence:
            return self._evidence[key]
        ev = self.scoped("evidence", span.start, span.end)
        target = ox.NamedNode(f"{ev.value}#target")
        quote_sel = ox.NamedNode(f"{ev.value}#quote")
        pos_sel = ox.NamedNode(f"{ev.value}#position")
        self.add(ev, RDF.type, EKG.Evidence)
        self.add(ev, OA.hasTarget, target)
        self.add(target, OA.hasSource, self.paper)
        self.add(target, OA.hasSelector, quote_sel)
        self.add(target, OA.hasSelector, pos_sel)
        self.add(quote_sel, RDF.type, OA.TextQuoteSelector)
        self.add(quote_sel, OA.exact, text(self.doc.quote(span.start, span.end)))
        first, last = enclosing(self._blocks, span.start, span.end)
        if first < span.start:
            prefix = self.doc.text[max(first, span.start - CONTEXT) : span.start]
            self.add(quote_sel, OA.prefix, text(prefix))
        if last > span.end:
            self.add(
                quote_sel, OA.suffix, text(self.doc.text[span.end : min(last, span.end + CONTEXT)])
            )
        self.add(pos_sel, RDF.type, OA.TextPositionSelector)
        self.add(pos_sel, OA.start, number(str(span.start)))
        self.add(pos_sel, OA.end, number(str(span.end)))
        if span.section:
            self.add(ev, EKG.section, text(span.section))
        self._evidence[key] = ev
        return ev

    def claim(self, s: ox.NamedNode, p: ox.NamedNode, o: Object, span: Span) -> None:
        key = (s.value, p.value, str(o))
        if key in self._claims:
            return
        self._claims.add(key)
        c, g = self.scoped("claim", *key), self.graph
        method = EKG.Computed if span.method == "computed" else EKG.Automatic
        self.quads += [
            ox.Quad(c, RDF.type, EKG.Claim, g),
            ox.Quad(c, EKG.claimSubject, s, g),
            ox.Quad(c, EKG.claimPredicate, p, g),
            ox.Quad(c, EKG.claimObject, o, g),
            ox.Quad(c, DCTERMS.source, self.paper, g),
            ox.Quad(c, PROV.wasDerivedFrom, self.evidence(span), g),
            ox.Quad(c, PROV.wasGeneratedBy, self.activity, g),
            ox.Quad(c, EKG.confidence, number(f"{span.confidence:.2f}"), g),
            ox.Quad(c, EKG.method, method, g),
        ]

    def paper_node(self) -> None:
        doc, p = self.doc, self.paper
        self.add(p, RDF.type, EKG.Paper)
        self.add(p, DCTERMS.identifier, text(doc.paper_id))
        if doc.title:
            self.add(p, DCTERMS.title, text(doc.title))
        if doc.year:
            self.add(p, EKG.year, number(str(doc.year)))
        if doc.authors:
            self.add(p, EKG.authorList, text("; ".join(doc.authors)))
        if doc.doi:
            self.add(p, BIBO.doi, text(doc.doi))
        self.add(p, EKG.sourceFormat, text(doc.source_format))
        self.add(self.activity, RDF.type, EKG.IngestActivity)
        self.add(self.activity, PROV.used, p)
        self.add(self.activity, PROV.wasAssociatedWith, self.agent)
        self.add(
            self.activity,
            PROV.endedAtTime,
            ox.Literal(datetime.now(UTC).isoformat(timespec="seconds"), datatype=XSD.dateTime),
        )
        self.add(self.agent, RDF.type, EKG.Extractor)
        self.add(self.agent, RDFS.label, text(self.extractor))
        self.add(self.agent, EKG.version, text(self.version))
        for ref in doc.references:
            r = self.scoped("reference", ref.label, ref.title)
            self.add(r, RDF.type, EKG.Reference)
            self.add(r, RDFS.label, text(ref.label))
            self.add(r, EKG.firstAuthor, text(ref.first_author))
            year = _NOT_DIGIT.sub("", ref.year)
            if year:
                self.add(r, EKG.year, number(year))
            if ref.title:
                self.add(r, DCTERMS.title, text(ref.title))
            self.add(r, DCTERMS.isPartOf, p)


def _construct(b: PaperGraphBuilder, name: str, span: Span) -> ox.NamedNode:
    """Type and label a construct a statement points at (the lexicon may know it already)."""
    iri = _iri(construct_iri, name)
    b.claim(iri, RDF.type, EKG.Construct, span)
    b.claim(iri, SKOS.prefLabel, ox.Literal(name, language="en"), span)
    return iri


def _term(
    b: PaperGraphBuilder,
    iri: ox.NamedNode,
    cls: ox.NamedNode,
    name: str,
    abbrev: str,
    known: bool,
    span: Span,
) -> None:
    """What every instrument and intervention a paper names says: its type, label and
    abbreviation, that the paper mentions it, and whether the lexicon knows it."""
    b.claim(iri, RDF.type, cls, span)
    b.claim(b.paper, EKG.mentions, iri, span)
    b.claim(iri, SKOS.prefLabel, ox.Literal(name or abbrev, language="en"), span)
    if abbrev:
        b.claim(iri, EKG.abbreviation, text(abbrev), span)
    if not known:
        b.claim(iri, EKG.isCandidate, boolean(True), span)


def _study(b: PaperGraphBuilder, st: StudyRecord) -> ox.NamedNode:
    s = _iri(study_iri_for, st.first_author, st.year)
    span = st.span
    b.claim(s, RDF.type, EKG.Study, span)
    b.claim(s, RDFS.label, text(st.label), span)
    b.claim(s, EKG.firstAuthor, text(st.first_author), span)
    if st.year[:4].isdigit():
        b.claim(s, EKG.year, number(st.year[:4]), span)
    b.claim(s, EKG.reportedIn, b.paper, span)
    if st.n:
        b.claim(s, EKG.sampleSize, number(st.n), span)
    if st.sample:
        b.claim(s, EKG.sampleDescription, text(st.sample), span)
    if st.design in DESIGNS:
        b.claim(s, EKG.design, EKG[DESIGNS[st.design]], span)
    if st.follow_up:
        b.claim(s, EKG.followUp, text(st.follow_up), span)
    if st.control:
        b.claim(s, EKG.controlCondition, text(st.control), span)
    if st.intervention:
        b.claim(s, EKG.evaluates, _iri(intervention_iri, st.intervention), span)
    for abbrev in filter(None, st.instruments):
        b.claim(s, EKG.usedInstrument, _iri(instrument_iri, abbrev), span)
    if st.qualitative is not None:
        b.claim(s, EKG.qualitative, boolean(st.qualitative), span)
    if st.home_practice_measured is not None:
        b.claim(s, EKG.homePracticeMeasured, boolean(st.home_practice_measured), span)
    for i, arm in enumerate(st.arms):
        a = b.scoped("arm", st.label, arm.role, i)
        b.claim(s, EKG.hasArm, a, span)
        b.claim(a, RDF.type, EKG.StudyArm, span)
        b.claim(a, EKG.armRole, text(arm.role), span)
        if arm.n:
            b.claim(a, EKG.armSize, number(arm.n), span)
        if arm.description:
            b.claim(a, RDFS.comment, text(arm.description), span)
    return s


def _finding(b: PaperGraphBuilder, f: FindingRecord, study: ox.NamedNode) -> None:
    fn = b.scoped("finding", *f.key)
    span = f.span
    b.claim(fn, RDF.type, EKG.Finding, span)
    b.claim(fn, EKG.study, study, span)
    b.claim(fn, EKG.reportedIn, b.paper, span)
    if f.construct:
        _construct(b, f.construct, span)
        b.claim(fn, EKG.outcome, _iri(construct_iri, f.construct), span)
    if f.instrument:
        b.claim(fn, EKG.instrument, _iri(instrument_iri, f.instrument), span)
    if f.intervention:
        b.claim(fn, EKG.intervention, _iri(intervention_iri, f.intervention), span)
    if f.comparator:
        b.claim(fn, EKG.comparator, _iri(intervention_iri, f.comparator), span)
    if f.direction in DIRECTIONS:
        b.claim(fn, EKG.direction, EKG[DIRECTIONS[f.direction]], span)
    if f.comparison in COMPARISONS:
        b.claim(fn, EKG.comparison, EKG[COMPARISONS[f.comparison]], span)
    for column, value in f.stats.items():
        if column in STAT_PROPERTIES and value:
            lit = text(value) if column == "df" else number(value.lstrip("<>=≤≥ "))
            b.claim(fn, EKG[STAT_PROPERTIES[column]], lit, span)
            if column == "p" and value[:1] in "<>≤≥":
                b.claim(fn, EKG.pComparator, text(value[:1]), span)
    if f.significant is not None:
        b.claim(fn, EKG.significant, boolean(f.significant), span)


def paper_quads(doc: Document, ext: Extraction, extractor: str, version: str) -> list[ox.Quad]:
    """All quads of the paper's graph, deterministic for the same input."""
    b = PaperGraphBuilder(doc, extractor, version)
    b.paper_node()
    for c in ext.constructs:
        iri = _iri(construct_iri, c.name)
        b.claim(iri, RDF.type, EKG.Construct, c.span)
        b.claim(iri, SKOS.prefLabel, ox.Literal(c.name, language="en"), c.span)
        b.claim(b.paper, EKG.mentions, iri, c.span)
        for syn in c.synonyms:
            b.claim(iri, SKOS.altLabel, ox.Literal(syn, language="en"), c.span)
        if c.broader:
            b.claim(iri, SKOS.broader, _iri(construct_iri, c.broader), c.span)
        if not c.known:
            b.claim(iri, EKG.isCandidate, boolean(True), c.span)
    named = {normalise(i.name) for i in ext.instruments if i.part_of}
    for ins in ext.instruments:
        iri = _iri(instrument_iri, ins.key or ins.abbrev or ins.name)
        if ins.part_of:
            b.claim(_iri(instrument_iri, ins.part_of), EKG.hasSubscale, iri, ins.span)
        _term(b, iri, EKG.Instrument, ins.name, ins.abbrev, ins.known, ins.span)
        for construct in ins.measures:
            _construct(b, construct, ins.span)
            b.claim(iri, EKG.measures, _iri(construct_iri, construct), ins.span)
        if ins.citation:
            b.claim(iri, EKG.citation, text(ins.citation), ins.span)
        for sub in ins.subscales:
            if normalise(sub) not in named:  # a named subscale is linked, not labelled
                b.claim(iri, EKG.subscaleLabel, text(sub), ins.span)
        if ins.items:
            b.claim(iri, EKG.itemCount, number(ins.items), ins.span)
        if not ins.known:
            b.claim(iri, EKG.definedIn, b.paper, ins.span)
    for iv in ext.interventions:
        iri = _iri(intervention_iri, iv.key or iv.abbrev or iv.name)
        _term(b, iri, EKG.Intervention, iv.name, iv.abbrev, iv.known, iv.span)
        if iv.duration:
            b.claim(iri, EKG.duration, text(iv.duration), iv.span)
    studies = {st.label: _study(b, st) for st in ext.studies}
    for st in ext.studies:
        b.claim(b.paper, EKG.mentions, studies[st.label], st.span)
    for f in ext.findings:
        study = studies.get(f.study)
        if study is None:
            continue
        _finding(b, f, study)
    return b.quads
