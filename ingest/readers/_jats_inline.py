"""JATS inline content flattened to plain text.

Citations (`<xref>`) keep their printed text; numeric superscripts become Unicode
superscripts (η² rather than η2); short superscript markers are written `^a`, as in
text extracted from PDFs; floating tables and figures inside a paragraph are left out
(they are read as tables of their own).
"""

from __future__ import annotations

import re

from lxml import etree

_SUPERSCRIPT = str.maketrans("0123456789+-−=()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾")
FLOATS = {"table-wrap", "table-wrap-group", "fig", "fig-group", "supplementary-material"}
DROPPED = FLOATS | {"graphic", "inline-graphic", "media", "alt-text", "object-id", "tex-math"}
_EMPTY_BRACKETS = re.compile(r"\(\s*[,;]?\s*\)|\[\s*[,;]?\s*\]")


def local(element: etree._Element) -> str:
    tag = element.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""  # '{ns}name' -> 'name'


def children(element: etree._Element, *names: str) -> list[etree._Element]:
    return [c for c in element if local(c) in names]


def first(element: etree._Element, *names: str) -> etree._Element | None:
    """The first descendant (document order) whose local name is one of `names`."""
    for node in element.iter(*(f"{{*}}{name}" for name in names)):  # lxml filters, in C
        if node is not element:
            return node
    return None


def _sup(text: str) -> str:
    stripped = text.strip()
    if not stripped:
        return ""
    if re.fullmatch(r"[0-9+\-−=()]{1,6}|\d{1,3}(?:[,–-]\d{1,3}){1,8}", stripped):
        return stripped.translate(_SUPERSCRIPT)
    if len(stripped) <= 3:
        return "^" + stripped
    return text


def _apart(child: etree._Element, parts: list[str]) -> None:
    """Two reference citations printed side by side ('[<xref>21</xref><xref>22</xref>]')
    stay two numbers: '21,22', not '2122'."""
    previous = child.getprevious()
    if (
        local(child) == "xref"
        and child.get("ref-type") == "bibr"
        and previous is not None
        and local(previous) == "xref"
        and previous.get("ref-type") == "bibr"
        and not (previous.tail or "").strip()
    ):
        parts.append(",")


def _alternatives(element: etree._Element) -> etree._Element | None:
    for preferred in ("math", "tex-math"):
        for child in element:
            if local(child) == preferred:
                return child
    return next((c for c in element if local(c) not in DROPPED), None)


def _walk(element: etree._Element, parts: list[str], skip: set[str]) -> None:
    name = local(element)
    if name in skip:
        return
    if name == "sup":
        inner = [element.text or ""]
        for child in element:
            _apart(child, inner)
            _walk(child, inner, skip)
            inner.append(child.tail or "")
        parts.append(_sup(re.sub(r"\s+", " ", "".join(inner))))
        return
    if name == "alternatives":
        chosen = _alternatives(element)
        if chosen is not None:
            _walk(chosen, parts, skip)
        return
    if name in ("break", "hr"):
        parts.append(" ")
    if name in ("p", "title", "list-item", "td", "th", "label", "caption", "def", "term"):
        parts.append(" ")
    parts.append(element.text or "")
    for child in element:
        _apart(child, parts)
        _walk(child, parts, skip)
        parts.append(child.tail or "")
    if name in ("p", "title", "list-item", "label", "def", "term"):
        parts.append(" ")


def flatten(element: etree._Element | None, skip: set[str] | None = None) -> str:
    """The element's text with inline markup flattened and whitespace collapsed."""
    if element is None:
        return ""
    parts: list[str] = []
    _walk(element, parts, DROPPED if skip is None else skip)
    text = re.sub(r"\s+", " ", "".join(parts)).strip()
    if _EMPTY_BRACKETS.search(text):
        text = re.sub(r"\s+([.,;:])(?=\s|$)", r"\1", _EMPTY_BRACKETS.sub(" ", text))
        text = re.sub(r"\s+", " ", text).strip()
    return text
