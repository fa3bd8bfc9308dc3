"""Text helpers the components share."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy
from spacy.attrs import IDX, LENGTH, LOWER
from spacy.tokens import Doc, Span

TEXT_KEY = "ekg_text"
TOKENS_KEY = "ekg_tokens"


def doc_text(doc: Doc) -> str:
    """`doc.text`, cached in `doc.user_data` (a pipeline may seed it with the input).

    `Doc.text` rebuilds the string from every token on each access, which would cost
    each component as much as tokenizing did."""
    text = doc.user_data.get(TEXT_KEY)
    if not isinstance(text, str):
        text = doc.text
        doc.user_data[TEXT_KEY] = text
    return text


def token_columns(doc: Doc) -> numpy.ndarray:
    """`doc.to_array([IDX, LENGTH, LOWER])`, read once per doc: rows are tokens, columns
    their character offset, length and lower-case id."""
    columns = doc.user_data.get(TOKENS_KEY)
    if not isinstance(columns, numpy.ndarray) or len(columns) != len(doc):
        columns = doc.to_array([IDX, LENGTH, LOWER]).reshape(len(doc), 3)
        doc.user_data[TOKENS_KEY] = columns
    return columns


def windows(text: str, trigger: re.Pattern[str], before: int, after: int) -> list[tuple[int, int]]:
    """Merged stretches of `text` around each `trigger` match.

    A slow pattern then runs only where a cheap one (a comparator, a year) says it can
    match: `pattern.finditer(text, start, end)` still sees the text around each window."""
    merged: list[tuple[int, int]] = []
    for match in trigger.finditer(text):
        start, end = max(0, match.start() - before), min(len(text), match.end() + after)
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _starting_inside(name: str) -> Callable[[Span], list[Any]]:
    def getter(span: Span) -> list[Any]:
        found = getattr(span.doc._, name) or []
        return [item for item in found if span.start_char <= item.start < span.end_char]

    return getter


def register_extension(name: str, *, on_spans: bool = False) -> None:
    """`Doc._.<name>`, None until a component sets it; with `on_spans`, also
    `Span._.<name>`: the doc's items (anything with a `start` offset) that start inside
    the span. Registering twice (a module imported again) changes nothing."""
    if not Doc.has_extension(name):
        Doc.set_extension(name, default=None)
    if on_spans and not Span.has_extension(name):
        Span.set_extension(name, getter=_starting_inside(name))


def split_outside_parentheses(
    text: str, cut: re.Pattern[str], start: int = 0, end: int | None = None
) -> list[tuple[int, int]]:
    """Bounds of the non-blank pieces of text[start:end] between matches of `cut`; a match
    inside an open parenthesis ('(F(1, 44) = 5.9; p = .02)') does not cut."""
    end = len(text) if end is None else end
    bounds, begin = [], start
    for m in cut.finditer(text, start, end):
        if text.count("(", begin, m.start()) > text.count(")", begin, m.start()):
            continue
        bounds.append((begin, m.start()))
        begin = m.end()
    bounds.append((begin, end))
    return [(a, b) for a, b in bounds if text[a:b].strip()]
