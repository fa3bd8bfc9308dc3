"""`ekg_entities_v1`: constructs, instruments and interventions named in the text.

Extensions:
    Doc._.ekg_entities   list[Entity] in text order, never overlapping (None until run)
    Span._.ekg_entities  the doc's entities that start inside the span

Two sources. The lexicon's surface forms, through one PhraseMatcher on lower-cased
tokens (abbreviations must then match their exact case). And the document's own
abbreviation definitions (`Doc._.ekg_abbreviations`): every mention of a defined short
or long form becomes an entity; a term the lexicon does not know is a candidate
(`known=False`, `key=None`) whose kind is guessed from its long form (Scale,
Questionnaire, Inventory… → instrument; Training, Program, Therapy… → intervention;
else construct). Definitions made of general research words only ("standard
deviation", "wait list control") are not entities. Overlaps go to the longer span, then
to the paper's own definition.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ontology.lexicon import Lexicon, Term, load_lexicon, normalise

from ._text import doc_text, register_extension, token_columns
from .abbreviations import Abbreviation


@dataclass(frozen=True)
class Entity:
    kind: str  # construct | instrument | intervention
    key: str | None  # the lexicon key; None for a candidate the lexicon does not know
    text: str
    start: int
    end: int
    known: bool
    label: str = ""  # the lexicon label, or the long form the paper defined


@dataclass(frozen=True)
class DefinedTerm:
    short: str
    long: str
    kind: str
    key: str | None
    label: str
    plural: bool


INSTRUMENT_WORDS = frozenset(
    """scale scales questionnaire questionnaires inventory inventories index indices
    measure measures test tests survey surveys checklist schedule quotient profile
    interview rating assessment battery subscale""".split()
)
INTERVENTION_WORDS = frozenset(
    """training trainings program programs programme programmes therapy therapies
    intervention interventions course courses meditation meditations reduction
    treatment workshop""".split()
)
GENERIC_WORDS = frozenset(
    """mean standard deviation not applicable confidence interval randomised randomized
    controlled control trial analysis of variance covariance wait waiting list group
    effect size odds ratio degrees freedom number percentage versus treatment as usual
    data missing available intention to treat per protocol and or the regression
    correlation coefficient standardised standardized error item items total score
    scores pre post test follow up interquartile range minimum maximum median sample
    significant non significance hazard relative risk""".split()
)
_WORDS = re.compile(r"[\s\-‐/]+")


def guess_kind(long: str) -> str:
    words = {w.lower() for w in _WORDS.split(long) if w}
    if words & INSTRUMENT_WORDS:
        return "instrument"
    if words & INTERVENTION_WORDS:
        return "intervention"
    return "construct"


def is_generic(long: str) -> bool:
    return all(w.lower() in GENERIC_WORDS for w in _WORDS.split(long) if w)


def _looks_abbreviated(form: str) -> bool:
    return " " not in form and sum(c.isupper() for c in form) >= 2


def _lookup(lexicon: Lexicon, long: str) -> Term | None:
    term = lexicon.lookup(long)
    if term is None and long.endswith("s"):
        term = lexicon.lookup(long[:-1])
    return term


def defined_terms(abbreviations: Iterable[Abbreviation], lexicon: Lexicon) -> list[DefinedTerm]:
    """The terms a document defines, resolved against the lexicon where it knows them."""
    terms: dict[tuple[str, bool], DefinedTerm] = {}
    for a in abbreviations:
        term = _lookup(lexicon, a.long)
        if term is not None:
            defined = DefinedTerm(a.short, a.long, term.kind, term.key, term.label, a.plural)
        elif is_generic(a.long):
            continue
        else:
            defined = DefinedTerm(a.short, a.long, guess_kind(a.long), None, a.long, a.plural)
        terms.setdefault((a.short, a.plural), defined)
    return list(terms.values())


def _alternation(forms: Iterable[str]) -> str:
    return "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))


class _MentionFinder:
    """Compiled once per set of definitions: their short forms (exact case, with the
    plural a definition used) and long forms (any case, hyphen or space)."""

    def __init__(self, terms: tuple[DefinedTerm, ...]) -> None:
        self.by_short: dict[str, DefinedTerm] = {}
        for term in sorted(terms, key=lambda t: t.plural):  # a singular definition wins
            self.by_short.setdefault(term.short + "s" if term.plural else term.short, term)
            self.by_short.setdefault(term.short, term)
        self.by_long = {normalise(t.long): t for t in terms}
        longs = "|".join(
            r"[\s\-‐]+".join(map(re.escape, _WORDS.split(t.long.lower()))) for t in terms
        )
        self.shorts = re.compile(rf"(?:{_alternation(self.by_short)})(?!\w)")
        self.longs = re.compile(rf"(?:{longs})s?(?!\w)")

    @cached_property
    def longs_any_case(self) -> re.Pattern[str]:
        """For the rare text whose lower case changes its length (compiled then only)."""
        return re.compile(self.longs.pattern, re.IGNORECASE)

    def __call__(self, text: str) -> list[Entity]:
        found: list[Entity] = []
        for m in self.shorts.finditer(text):
            if not _word_before(text, m.start()):
                found.append(_entity(self.by_short[m.group()], m.group(), m.start(), m.end()))
        lowered = text.lower()
        if len(lowered) == len(text):
            longs = self.longs.finditer(lowered)
        else:
            longs = self.longs_any_case.finditer(text)
        for m in longs:
            key = normalise(m.group())
            term = self.by_long.get(key) or self.by_long.get(key[:-1])
            if term is not None and not _word_before(text, m.start()):
                found.append(_entity(term, text[m.start() : m.end()], m.start(), m.end()))
        return found


def _word_before(text: str, position: int) -> bool:
    return position > 0 and (text[position - 1].isalnum() or text[position - 1] == "_")


@lru_cache(maxsize=64)
def mention_finder(terms: tuple[DefinedTerm, ...]) -> Callable[[str], list[Entity]]:
    """A function finding every mention of `terms` in a text, compiled once."""
    return _MentionFinder(terms)


def defined_mentions(text: str, terms: Iterable[DefinedTerm]) -> list[Entity]:
    """Every mention in `text` of a short or long form the document defined."""
    key = tuple(terms)
    return mention_finder(key)(text) if key else []


def _entity(term: DefinedTerm, text: str, start: int, end: int) -> Entity:
    return Entity(term.kind, term.key, text, start, end, term.key is not None, term.label)


def select(*ranked: Iterable[Entity]) -> list[Entity]:
    """Non-overlapping entities: longest first; on a tie, the earlier source wins."""
    pool = [(e.start - e.end, rank, e.start, e) for rank, group in enumerate(ranked) for e in group]
    starts: list[int] = []
    chosen: list[Entity] = []
    for _, _, _, entity in sorted(pool, key=lambda item: item[:3]):
        i = bisect_right(starts, entity.start)
        if i and chosen[i - 1].end > entity.start:
            continue
        if i < len(starts) and starts[i] < entity.end:
            continue
        starts.insert(i, entity.start)
        chosen.insert(i, entity)
    return chosen


class EntityRecognizer:
    def __init__(self, nlp: Language, lexicon_path: str) -> None:
        self.nlp = nlp
        self.lexicon_path = lexicon_path
        self.lexicon: Lexicon | None = None
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._terms: dict[int, Term] = {}
        self._exact: dict[int, frozenset[str]] = {}

    def set_lexicon(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self._terms, self._exact = {}, {}
        strings = self.nlp.vocab.strings
        for term in lexicon.terms:
            exact = {f for f in term.surface_forms() if _looks_abbreviated(f)}
            exact.update(term.abbreviations)
            loose = _variants(f for f in term.surface_forms() if f not in exact)
            loose_id = strings.add(f"{term.kind}|{term.key}")
            exact_id = strings.add(f"{term.kind}|{term.key}|exact")
            self._terms[loose_id] = self._terms[exact_id] = term
            self._exact[exact_id] = frozenset(exact)
            for match_id, forms in ((loose_id, loose), (exact_id, exact)):
                if forms:
                    patterns = [self.nlp.make_doc(form) for form in sorted(forms)]
                    self.matcher.add(strings[match_id], patterns)

    def get_lexicon(self) -> Lexicon:
        """The lexicon in use; the configured (or packaged) one is loaded on first use."""
        if self.lexicon is None:
            path = self.lexicon_path
            self.set_lexicon(load_lexicon(path) if path else load_lexicon())
        assert self.lexicon is not None
        return self.lexicon

    def lexicon_mentions(self, doc: Doc) -> list[Entity]:
        """The lexicon's terms in `doc`, longest first, not overlapping."""
        self.get_lexicon()
        matches = self.matcher(doc)
        if not matches:
            return []
        text = doc_text(doc)
        starts, lengths = token_columns(doc)[:, :2].T.tolist()
        found: list[Entity] = []
        for match_id, first, last in matches:
            start, end = starts[first], starts[last - 1] + lengths[last - 1]
            exact = self._exact.get(match_id)
            if exact is not None and text[start:end] not in exact:
                continue
            term = self._terms[match_id]
            found.append(Entity(term.kind, term.key, text[start:end], start, end, True, term.label))
        return select(found)

    def __call__(self, doc: Doc) -> Doc:
        """The lexicon's terms and the doc's own definitions (which win) in `doc`."""
        terms = defined_terms(doc._.ekg_abbreviations or [], self.get_lexicon())
        found = select(defined_mentions(doc_text(doc), terms), self.lexicon_mentions(doc))
        doc._.ekg_entities = found
        return doc


def _variants(forms: Iterable[str]) -> set[str]:
    """Each form, also with its hyphens as spaces, and multi-word forms in the plural."""
    out: set[str] = set()
    for form in forms:
        out.update({form, form.replace("-", " ")})
        if " " in form:
            out.add(form + "s")
    return {f for f in out if f.strip()}


register_extension("ekg_entities", on_spans=True)


@Language.factory(
    "ekg_entities_v1",
    default_config={"lexicon_path": ""},
    requires=["doc._.ekg_abbreviations"],
    assigns=["doc._.ekg_entities"],
)
def make_entity_recognizer(nlp: Language, name: str, lexicon_path: str) -> EntityRecognizer:
    """`lexicon_path` "" means the packaged lexicon, loaded on first use."""
    return EntityRecognizer(nlp, lexicon_path)
