"""`ekg_sentences_v1`: sentence boundaries for scientific prose and tables.

Extensions:
    Doc._.ekg_sentences   list[(start, end)] of each sentence, trailing space excluded

Also sets `Token.is_sent_start` on every token, so `Doc.sents` works.

A boundary is `.`, `!` or `?` (with any closing quotes or brackets) followed by
whitespace and a capital, digit or opening bracket (a numbered citation may sit between
them: "… aggression.[23] These …", "… stress.¹² We …"), unless the word before the full
stop is a known abbreviation ("et al.", "e.g.", "vs.", "Fig.", "cf."), an initial
("J. Smith") or a dotted abbreviation, or the full stop sits inside a parenthesis or
bracket. Decimals ("p = .019", "M = 3.2") never qualify because no whitespace
follows their point. A blank line always ends a sentence; so does a single line
break unless the factory is configured with `newline_is_boundary = false`.

pysbd was measured against these rules on the two corpus papers: about 12x slower
than spaCy's tokenizer alone, which breaks the ingest budget (3x), so the pipeline
uses the rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import cast

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from thinc.types import Ints2d

from ._text import doc_text, register_extension, token_columns

_CANDIDATE = re.compile(
    r"[.!?…]+['’\"”)\]]*(?:\[[\d,;\s–-]{1,30}\]|[⁰¹²³⁴⁵⁶⁷⁸⁹⁻–,]{1,20})?"  # '.[13] ', '.¹² '
    r"\s+(?=[\"'“‘(\[$*_]*[A-Z0-9])"
)
_LINE_BREAK = re.compile(r"\n\s*")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_ENCLOSED = re.compile(r"\([^()\n]{0,300}\)|\[[^\[\]\n]{0,300}\]")
_DOTTED = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")
_INITIAL = re.compile(r"^[A-Z]$")

ABBREVIATIONS = frozenset(
    """al cf vs viz fig figs eq eqs tab ref refs no nos vol vols pp p ch chap sec
    approx ca dr mr mrs ms prof jr sr st resp incl esp ed eds dept univ suppl""".split()
)


def _enclosed_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _ENCLOSED.finditer(text)]


def _word_before(text: str, position: int) -> str:
    chunk = text[max(0, position - 30) : position]
    if not chunk or chunk[-1].isspace():
        return ""
    return chunk.rsplit(None, 1)[-1].rpartition("(")[2].rpartition("[")[2]


def _is_abbreviation(word: str) -> bool:
    bare = word.lstrip("'\"‘“*_$")
    return bare.lower() in ABBREVIATIONS or bool(_INITIAL.match(bare)) or bool(_DOTTED.match(bare))


def _inside(position: int, spans: list[tuple[int, int]], cursor: list[int]) -> bool:
    """Is `position` inside one of the sorted `spans`? `cursor` walks them once."""
    while cursor[0] < len(spans) and spans[cursor[0]][1] <= position:
        cursor[0] += 1
    return cursor[0] < len(spans) and spans[cursor[0]][0] < position


def sentence_starts(text: str, newline_is_boundary: bool = True) -> list[int]:
    """Character offsets where sentences start (the first is always 0)."""
    starts = {0}
    spans: list[tuple[int, int]] | None = None
    cursor = [0]
    for match in _CANDIDATE.finditer(text):
        stop = match.start()
        if text[stop] == "." and _is_abbreviation(_word_before(text, stop)):
            continue
        spans = _enclosed_spans(text) if spans is None else spans
        if _inside(stop, spans, cursor):
            continue
        starts.add(match.end())
    breaks = _LINE_BREAK if newline_is_boundary else _BLANK_LINE
    starts.update(m.end() for m in breaks.finditer(text))
    return sorted(s for s in starts if s < len(text))


def sentence_spans(text: str, newline_is_boundary: bool = True) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence, trailing whitespace excluded."""
    starts = sentence_starts(text, newline_is_boundary)
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        end = start + len(text[start:end].rstrip())
        if end > start:
            yield start, end


class SentenceSplitter:
    def __init__(self, newline_is_boundary: bool) -> None:
        self.newline_is_boundary = newline_is_boundary

    def __call__(self, doc: Doc) -> Doc:
        sentences = list(sentence_spans(doc_text(doc), self.newline_is_boundary))
        doc._.ekg_sentences = sentences
        if len(doc):
            token_starts = token_columns(doc)[:, 0]
            flags = numpy.full(len(doc), -1, dtype="int64")
            starts = [start for start, _ in sentences]
            flags[numpy.searchsorted(token_starts, starts, side="right") - 1] = 1
            flags[0] = 1
            doc.from_array([SENT_START], cast(Ints2d, flags.astype("uint64").reshape(-1, 1)))
        return doc


register_extension("ekg_sentences")


@Language.factory(
    "ekg_sentences_v1",
    default_config={"newline_is_boundary": True},
    assigns=["token.is_sent_start", "doc._.ekg_sentences"],
)
def make_sentence_splitter(nlp: Language, name: str, newline_is_boundary: bool) -> SentenceSplitter:
    return SentenceSplitter(newline_is_boundary)
