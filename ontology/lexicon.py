"""The domain lexicon: what the field knows about its constructs, instruments and
interventions (labels, synonyms, abbreviations, what an instrument measures).

The data lives in `lexicon.toml`; this module loads it, looks terms up by any surface
form, and turns it into SKOS triples for the lexicon graph.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import InputError

LEXICON_PATH = Path(__file__).with_name("lexicon.toml")
KINDS = ("construct", "instrument", "intervention")
FIELDS = (
    "label",
    "key",
    "abbreviations",
    "synonyms",
    "measures",
    "broader",
    "subscales",
    "citation",
    "definition",
    "items",
    "version_of",
)


@dataclass(frozen=True)
class Term:
    kind: str  # construct | instrument | intervention
    key: str  # stable key: the construct name, the instrument/intervention abbreviation
    label: str
    abbreviations: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()  # instrument -> construct keys
    broader: tuple[str, ...] = ()  # construct -> construct keys
    subscales: tuple[str, ...] = ()  # instrument -> facet construct keys
    citation: str = ""
    definition: str = ""
    items: int | None = None
    version_of: str = ""  # instrument -> key of the instrument it is a short form/revision of

    def surface_forms(self) -> tuple[str, ...]:
        return (self.label, *self.abbreviations, *self.synonyms)


_SEPARATORS = re.compile(r"[\s\-‐–_]+")


@lru_cache(maxsize=1 << 16)
def normalise(text: str) -> str:
    """Case-, hyphen- and space-insensitive key for matching surface forms."""
    text = text.lower().replace("’", "'")
    return _SEPARATORS.sub(" ", text).strip()


@dataclass
class Lexicon:
    terms: list[Term] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._index: dict[tuple[str, str], Term] = {}
        self._any: dict[str, list[Term]] = {}
        for term in self.terms:
            for form in term.surface_forms():
                key = normalise(form)
                self._index.setdefault((term.kind, key), term)
                self._any.setdefault(key, []).append(term)
            # abbreviations are case-sensitive in text; keep exact too
        self._abbrev = {a: t for t in self.terms for a in t.abbreviations}
        self._kinds: dict[str, list[Term]] = {}
        self._keys: dict[tuple[str, str], Term] = {}
        for term in self.terms:
            self._kinds.setdefault(term.kind, []).append(term)
            self._keys.setdefault((term.kind, term.key), term)

    def of_kind(self, kind: str) -> list[Term]:
        return list(self._kinds.get(kind, ()))

    def lookup(self, text: str, kind: str | None = None) -> Term | None:
        """The term whose label, abbreviation or synonym is `text`, or None."""
        if text in self._abbrev and (kind is None or self._abbrev[text].kind == kind):
            return self._abbrev[text]
        key = normalise(text)
        if kind is not None:
            return self._index.get((kind, key))
        found = self._any.get(key)
        return found[0] if found else None

    def get(self, kind: str, key: str) -> Term | None:
        return self._keys.get((kind, key))


def _term(kind: str, raw: object, where: str) -> Term:
    if not isinstance(raw, dict):
        raise InputError(f"{where}: must be a table; write [[{kind}]] above its keys")
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        raise InputError(f"{where}: unknown keys {unknown}; choose from {', '.join(FIELDS)}")

    def strings(name: str) -> tuple[str, ...]:
        value = raw.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InputError(f"{where}: '{name}' must be a list of strings")
        return tuple(value)

    def string(name: str, default: str = "") -> str:
        value = raw.get(name, default)
        if not isinstance(value, str):
            raise InputError(f"{where}: '{name}' must be a string")
        return value

    label = raw.get("label")
    if not isinstance(label, str) or not label:
        raise InputError(f"{where}: every term needs a 'label'")
    items = raw.get("items")
    if items is not None and (isinstance(items, bool) or not isinstance(items, int) or items < 1):
        raise InputError(f"{where}: 'items' must be a positive whole number")
    return Term(
        kind=kind,
        key=string("key", label),
        label=label,
        abbreviations=strings("abbreviations"),
        synonyms=strings("synonyms"),
        measures=strings("measures"),
        broader=strings("broader"),
        subscales=strings("subscales"),
        citation=string("citation"),
        definition=string("definition"),
        items=items,
        version_of=string("version_of"),
    )


def _check_unique(terms: list[Term], source: str) -> None:
    """Two terms of one kind may share neither a key nor a surface form."""
    keys: dict[tuple[str, str], Term] = {}
    forms: dict[tuple[str, str], Term] = {}
    for term in terms:
        if (term.kind, term.key) in keys:
            raise InputError(f"{source}: two {term.kind}s have the key '{term.key}'")
        keys[(term.kind, term.key)] = term
        for form in {normalise(f) for f in term.surface_forms()}:
            other = forms.setdefault((term.kind, form), term)
            if other is not term:
                raise InputError(
                    f"{source}: '{form}' names both {term.kind} '{other.key}' and "
                    f"'{term.key}'; remove it from one of them"
                )


def parse_lexicon(text: str, source: str = "lexicon.toml") -> Lexicon:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{source}: not valid TOML: {exc}") from exc
    unknown = set(data) - set(KINDS)
    if unknown:
        raise InputError(f"{source}: unknown tables {sorted(unknown)}; choose from {KINDS}")
    terms: list[Term] = []
    for kind in KINDS:
        tables = data.get(kind, [])
        if not isinstance(tables, list):
            raise InputError(f"{source}: '{kind}' must be an array of tables: write [[{kind}]]")
        for i, raw in enumerate(tables):
            terms.append(_term(kind, raw, f"{source}: [[{kind}]] #{i + 1}"))
    _check_unique(terms, source)
    return Lexicon(terms)


@lru_cache(maxsize=1)
def load_lexicon(path: str = str(LEXICON_PATH)) -> Lexicon:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the lexicon: {exc.strerror}") from exc
    return parse_lexicon(text, source=path)
