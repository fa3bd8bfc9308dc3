"""JATS `<ref>` entries (element-citation, mixed-citation, citation, nlm-citation) as
`Reference`, labelled as cited: first author surname (+ "and" second / "et al."), year."""

from __future__ import annotations

import re
from copy import deepcopy

from lxml import etree

from ingest.document import Reference

from ._jats_inline import children, first, flatten, local
from ._references import cite_label, parse_reference

_SPACED = {
    "surname",
    "given-names",
    "name",
    "string-name",
    "collab",
    "etal",
    "year",
    "source",
    "lpage",
    "fpage",
    "volume",
    "issue",
    "article-title",
}
CITATIONS = ("element-citation", "mixed-citation", "citation", "nlm-citation")


def _in_author_group(node: etree._Element) -> bool:
    group = next((a for a in node.iterancestors() if local(a) == "person-group"), None)
    return group is None or group.get("person-group-type", "author") == "author"


def _authors(citation: etree._Element) -> list[str]:
    """Surnames (or group names) of the authors, leaving editors out."""
    names = []
    for node in citation.iter():
        name = local(node)
        if name not in ("name", "string-name", "collab") or not _in_author_group(node):
            continue
        surname = next(iter(children(node, "surname")), None)
        if surname is not None:
            names.append(flatten(surname))
        elif name == "collab":
            names.append(flatten(node))
        else:
            names.append(flatten(node).split(" ")[0])
    return [n for n in names if n]


def _year(citation: etree._Element) -> str:
    for node in citation.iter("{*}year", "{*}date-in-citation", "{*}date"):  # as `local`
        match = re.search(r"(?:1[5-9]|20)\d{2}[a-z]?", flatten(node))
        if match:
            return match.group(0)
    return ""


def _punctuated(citation: etree._Element) -> bool:
    """Whether a citation carries its own punctuation between its parts."""
    return any((child.tail or "").strip() for child in citation)


def _spaced(citation: etree._Element) -> str:
    """Flattened text of a punctuated citation, with names kept apart."""
    copy = deepcopy(citation)
    for node in copy.iter():
        if local(node) in _SPACED and not re.match(r"^[\s,.;:)\]]", node.tail or ""):
            node.tail = " " + (node.tail or "")
    return flatten(copy)


def _display(
    citation: etree._Element, surnames: list[str], year: str, title: str, source: str
) -> str:
    if _punctuated(citation):
        return _spaced(citation)
    who = ", ".join(surnames)
    title, source = title.rstrip("."), source.rstrip(".")
    parts = [f"{who} ({year})." if year else f"{who}.", f"{title}." if title else "", source]
    volume = flatten(first(citation, "volume"))
    pages = "–".join(
        p for p in (flatten(first(citation, "fpage")), flatten(first(citation, "lpage"))) if p
    )
    tail = ", ".join(p for p in (volume, pages) if p)
    text = " ".join(p for p in parts if p)
    if tail:
        return f"{text}, {tail}." if source else f"{text} {tail}."
    return text if text.endswith(".") else text + "."


def read_ref(ref: etree._Element) -> Reference | None:
    citation = next((c for c in ref.iter() if local(c) in CITATIONS), None)
    if citation is None:
        return parse_reference(flatten(ref, skip={"label"}))
    surnames = _authors(citation)
    if not surnames:
        return parse_reference(flatten(citation))
    year = _year(citation)
    if not year:
        found = re.search(r"\b((?:19|20)\d{2}[a-z]?)\b", flatten(citation))
        year = found.group(1) if found else ""
    title = flatten(first(citation, "article-title", "chapter-title"))
    source = flatten(first(citation, "source"))
    if not title:
        title, source = source, ""
    etal = first(citation, "etal") is not None
    return Reference(
        label=cite_label(surnames, year, etal),
        first_author=surnames[0],
        year=year,
        title=title.rstrip("."),
        container=source.rstrip("."),
        authors=surnames,
        text=_display(citation, surnames, year, title, source),
    )
