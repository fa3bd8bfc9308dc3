"""JATS XML as PubMed Central serves it (`.nxml`), read with lxml.

Title, authors, year, DOI and abstract from `<front>`; paragraphs under their
(innermost) section titles, tables and glossaries from `<body>` and `<back>`; floating
tables from `<floats-group>`, placed in the section that first cites them; references
from `<ref-list>`.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from ingest.document import Document
from ontology.errors import ReaderError

from ._builder import DocumentBuilder
from ._jats_inline import DROPPED, FLOATS, children, first, flatten, local
from ._jats_refs import read_ref
from ._jats_tables import read_table_wrap
from ._layout import heading_title

_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "remove_comments": True,
    "remove_pis": True,
}
_CONTAINERS = {"boxed-text", "disp-quote", "statement", "app", "app-group", "list", "list-item"}
_PARAGRAPH_SKIP = DROPPED | {"def-list"}
_DATE_PREFERENCE = ("epub", "ppub", "pub", "collection", "pmc-release")


def parse(path: Path) -> etree._Element:
    parser = etree.XMLParser(**_PARSER_OPTIONS)
    try:
        tree = etree.parse(str(path), parser)
    except etree.XMLSyntaxError as error:
        line = error.lineno if error.lineno else None
        raise ReaderError(str(path), f"malformed XML: {error.msg}", line=line) from error
    except OSError as error:
        raise ReaderError(str(path), f"cannot read the file: {error}") from error
    root = tree.getroot()
    article = root if local(root) == "article" else first(root, "article")
    if article is None:
        raise ReaderError(str(path), f"not a JATS article: the root element is <{local(root)}>")
    return article


def _year(meta: etree._Element) -> int | None:
    dates = [d for d in meta if local(d) == "pub-date"]

    def rank(date: etree._Element) -> int:
        kind = date.get("pub-type") or date.get("date-type") or date.get("publication-format") or ""
        kind = {"electronic": "epub", "print": "ppub"}.get(kind, kind)
        return _DATE_PREFERENCE.index(kind) if kind in _DATE_PREFERENCE else len(_DATE_PREFERENCE)

    for date in sorted(dates, key=rank):
        year = flatten(next(iter(children(date, "year")), None))
        if year[:4].isdigit():
            return int(year[:4])
    return None


def _surnames(meta: etree._Element) -> list[str]:
    """The authors' surnames as marked ('Asmaee Majid'), which splitting a name cannot give."""
    out = []
    for group in children(meta, "contrib-group"):
        for contrib in children(group, "contrib"):
            name = first(contrib, "name")
            if contrib.get("contrib-type", "author") == "author" and name is not None:
                out.append(flatten(first(name, "surname")).strip())
    return out


def _authors(meta: etree._Element) -> list[str]:
    names = []
    for group in children(meta, "contrib-group"):
        for contrib in children(group, "contrib"):
            if contrib.get("contrib-type", "author") != "author":
                continue
            name = first(contrib, "name", "string-name", "collab")
            if name is None:
                continue
            if local(name) == "name":
                parts = [first(name, "given-names"), first(name, "surname"), first(name, "suffix")]
                names.append(" ".join(flatten(p) for p in parts if p is not None).strip())
            else:
                names.append(flatten(name))
    return [n for n in names if n]


def _abstract_part(p: etree._Element, abstract: etree._Element) -> str:
    """'Abstract', or 'Abstract: Results' for a part of a structured abstract."""
    parent = p.getparent()
    while parent is not None and parent is not abstract:
        if local(parent) == "sec":
            title = flatten(first(parent, "title")).strip().rstrip(":.").strip()
            if title:
                return f"Abstract: {title}"
        parent = parent.getparent()
    return "Abstract"


def _abstract(meta: etree._Element) -> etree._Element | None:
    abstracts = children(meta, "abstract")
    plain = [a for a in abstracts if not a.get("abstract-type")]
    return (plain or abstracts or [None])[0]


class _JatsReader:
    def __init__(self, builder: DocumentBuilder, article: etree._Element) -> None:
        self.builder = builder
        self.article = article
        self.table_sections = self._table_sections()

    def _table_sections(self) -> dict[str, str]:
        sections: dict[str, str] = {}
        for xref in self.article.iter("xref"):
            rid = xref.get("rid", "")
            if xref.get("ref-type") != "table" or rid in sections:
                continue
            sec = next((s for s in xref.iterancestors("sec") if children(s, "title")), None)
            if sec is not None:
                title = heading_title(flatten(children(sec, "title")[0]))
                sections.update({r: title for r in rid.split() if r})
        return sections

    def _paragraph(self, element: etree._Element, section: str) -> None:
        self.builder.paragraph(flatten(element, _PARAGRAPH_SKIP), section)
        for node in element.iter():
            if node is not element and local(node) in ("table-wrap", "def-list"):
                self._walk_one(node, section)

    def _glossary(self, element: etree._Element, section: str) -> None:
        items = []
        for item in (i for i in element.iter() if local(i) == "def-item"):
            term = flatten(next(iter(children(item, "term")), None))
            definition = flatten(next(iter(children(item, "def")), None))
            if term or definition:
                items.append(f"{term}, {definition}".strip(", "))
        if items:
            self.builder.paragraph("; ".join(items), section or "Abbreviations", glossary=True)

    def _walk_one(self, node: etree._Element, section: str) -> None:
        name = local(node)
        if name in ("sec", "ack", "app", "glossary"):
            title = heading_title(flatten(next(iter(children(node, "title")), None)))
            if title:
                depth = sum(1 for a in node.iterancestors() if local(a) == "sec") + 1
                self.builder.heading(title, depth)
            section = title or section
        if name == "p":
            self._paragraph(node, section)
        elif name in ("table-wrap", "table-wrap-group"):
            for wrap in [node] if name == "table-wrap" else list(node.iter("table-wrap")):
                self.builder.table(read_table_wrap(wrap, section))
        elif name in ("def-list", "glossary"):
            self._glossary(node, section)
        elif name in ("sec", "ack") or name in _CONTAINERS:
            self.walk(node, section)

    def walk(self, element: etree._Element, section: str) -> None:
        for node in element:
            if local(node) not in FLOATS or local(node) in ("table-wrap", "table-wrap-group"):
                self._walk_one(node, section)

    def front(self, meta: etree._Element) -> None:
        doc = self.builder.doc
        doc.title = flatten(first(meta, "article-title"))
        doc.authors = _authors(meta)
        surnames = _surnames(meta)
        doc.surnames = surnames if len(surnames) == len(doc.authors) and all(surnames) else []
        doc.year = _year(meta)
        doc.doi = next(
            (flatten(a) for a in children(meta, "article-id") if a.get("pub-id-type") == "doi"), ""
        )
        abstract = _abstract(meta)
        if abstract is not None:
            paragraphs = [p for p in abstract.iter() if local(p) == "p"]
            for p in paragraphs or [abstract]:
                self.builder.paragraph(flatten(p), _abstract_part(p, abstract))
        keywords = [flatten(k) for k in meta.iter() if local(k) == "kwd"]
        if keywords:
            self.builder.paragraph("; ".join(k for k in keywords if k), "Keywords")

    def floats(self) -> None:
        for group in (n for n in self.article if local(n) in ("floats-group", "floats-wrap")):
            for wrap in (w for w in group.iter() if local(w) == "table-wrap"):
                section = self.table_sections.get(wrap.get("id", ""), "")
                self.builder.table(read_table_wrap(wrap, section))

    def back(self, back: etree._Element) -> None:
        for node in back:
            if local(node) in ("ack", "app-group", "app", "glossary", "sec"):
                self._walk_one(node, "Acknowledgements" if local(node) == "ack" else "")
        refs = list(back.iter("{*}ref"))  # any namespace or none, as `local`
        for position, ref in enumerate(refs, 1):
            reference = read_ref(ref)
            if reference is not None:
                label = re.sub(r"\D", "", flatten(first(ref, "label")))
                reference.number = label or str(position)
                self.builder.reference(reference)


def read_jats(path: Path) -> Document:
    article = parse(path)
    builder = DocumentBuilder(path.stem, str(path), "jats")
    meta = first(article, "article-meta")
    body = next(iter(children(article, "body")), None)
    if meta is None:
        raise ReaderError(
            str(path), "no <article-meta>: not a JATS article as PubMed Central serves it"
        )
    reader = _JatsReader(builder, article)
    reader.front(meta)
    if body is None and not builder.doc.paragraphs:
        raise ReaderError(str(path), "no <body> and no abstract: nothing to read (metadata only)")
    if body is not None:
        reader.walk(body, "")
    reader.floats()
    back = next(iter(children(article, "back")), None)
    if back is not None:
        reader.back(back)
    doc = builder.build()
    doc.abstract = "\n\n".join(p.text for p in doc.paragraphs if p.section.startswith("Abstract"))
    if not doc.paragraphs and not doc.tables:
        raise ReaderError(str(path), "no paragraphs or tables in <body>")
    return doc
