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

    def surface_forms(self) -> tuple[str, ...]:
        return (self.label, *self.abbreviations, *self.synonyms)


def normalise(text: str) -> str:
    """Case-, hyphen- and space-insensitive key for matching surface forms."""
    text = text.lower().replace("’", "'")
    return re.sub(r"[\s\-‐–_]+", " ", text).strip()


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

    def of_kind(self, kind: str) -> list[Term]:
        return [t for t in self.terms if t.kind == kind]

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
        return next((t for t in self.terms if t.kind == kind and t.key == key), None)


def _term(kind: str, raw: dict[str, object], where: str) -> Term:
    def strings(name: str) -> tuple[str, ...]:
        value = raw.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InputError(f"{where}: '{name}' must be a list of strings")
        return tuple(value)

    label = raw.get("label")
    if not isinstance(label, str) or not label:
        raise InputError(f"{where}: every term needs a 'label'")
    key = raw.get("key", label)
    items = raw.get("items")
    return Term(
        kind=kind,
        key=str(key),
        label=label,
        abbreviations=strings("abbreviations"),
        synonyms=strings("synonyms"),
        measures=strings("measures"),
        broader=strings("broader"),
        subscales=strings("subscales"),
        citation=str(raw.get("citation", "")),
        definition=str(raw.get("definition", "")),
        items=int(items) if isinstance(items, int) else None,
    )


def parse_lexicon(text: str, source: str = "lexicon.toml") -> Lexicon:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{source}: {exc}") from exc
    terms: list[Term] = []
    for kind in KINDS:
        for i, raw in enumerate(data.get(kind, [])):
            terms.append(_term(kind, raw, f"{source}: [[{kind}]] #{i + 1}"))
    unknown = set(data) - set(KINDS)
    if unknown:
        raise InputError(f"{source}: unknown tables {sorted(unknown)}; choose from {KINDS}")
    return Lexicon(terms)


@lru_cache(maxsize=1)
def load_lexicon(path: str = str(LEXICON_PATH)) -> Lexicon:
    return parse_lexicon(Path(path).read_text(encoding="utf-8"), source=path)
