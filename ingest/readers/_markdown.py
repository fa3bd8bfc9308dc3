"""Markdown turned into the plain layout the text reader structures.

Serves pandoc's markdown and GitHub-flavoured output (`pandoc -s -t markdown|gfm`, what
most converters and notebook exports write) and hand-written markdown:
- YAML front matter (title, author, date, abstract, keywords, doi, CSL references) or a
  pandoc `%` title block → labelled header lines, an "Abstract" block, a reference list;
- `#` and underlined headings → `#` lines the structurer reads with their level;
- fenced divs (`:::`), HTML block tags, images and empty headings (a table's lost label)
  dropped; a caption div's text kept as one line above its table;
- inline marks (emphasis, links, spans and attributes, super-/subscripts, escapes,
  `[@id]` citations → the reference's number) removed from prose and table cells.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import yaml

from ._front import clean_name
from ._grid import tabulate

_LABEL_MARK = "\x00"  # a heading inside the abstract, to become its paragraph's label
_FRONT = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_TITLE_BLOCK = re.compile(r"\A(?:%[^\n]*\n(?:[ \t]+\S[^\n]*\n)*){1,3}")
_ATX = re.compile(r"^(?P<marks>#{1,6})(?:\s+(?P<title>.*?))?\s*(?:\{[^{}]*\})?\s*#*\s*$")
_SETEXT = re.compile(r"^(?:=+|-+)\s*$")
_FENCE = re.compile(r"^\s*:{3,}")
_HTML_BLOCK = re.compile(
    r"^\s*</?(?:div|section|figure|figcaption|table-wrap|span|img)\b[^>]*>\s*$", re.I
)
_CAPTION_OPEN = re.compile(r"^\s*(?::{3,}\s*\{?\.?caption\b|<div[^>]*class=\"caption\")", re.I)
_CITATIONS = re.compile(r"(?:\[@[^\[\]]+\])+")
_CITE_KEY = re.compile(r"@([\w.:#$%&\-+?<>~/]+)")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]]*\^?\](?:\(#[^)]*\))?(?:\{[^}]*\})?|\[\^\w+\](?!:)")
_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\([^)]*\)(?:\{[^}]*\})?", re.S)
_LINK = re.compile(r"\[(?P<text>[^\[\]]*)\](?:\([^)]*\)|\{[^}]*\})(?:\{[^}]*\})?")
_AUTOLINK = re.compile(r"<(?P<target>(?:https?://|ftp://|mailto:)[^<>\s]+|[^<>\s@]+@[^<>\s]+)>")
_SUP = re.compile(r"<sup>(?P<x>.*?)</sup>|\^(?P<y>(?:\\ |[^\s^])+?)\^", re.S)
_SUB = re.compile(r"<sub>(?P<x>.*?)</sub>|(?<!~)~(?P<y>(?:\\ |[^\s~])+?)~(?!~)", re.S)
_TAG = re.compile(r"</?(?:em|strong|i|b|span|a|br|small|sc)\b[^>]*>", re.I)
# "*" may stand inside a word ("*η*²"), "_" may not ("snake_case_name").
_EMPHASIS = re.compile(
    r"(?<!\\)(\*{1,3})(?=\S)(.+?)(?<=\S)\1|(?<![\w\\])(_{1,3})(?=\S)(.+?)(?<=\S)\3(?!\w)", re.S
)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|$^~'\"&@:; ])")
_AUTHOR_BEFORE = re.compile(r"(?:et al\.?|[A-Z][\w'’-]+),?\s*$")
_SUPERSCRIPT = str.maketrans("0123456789+-−=()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾")


def looks_like_markdown(text: str) -> bool:
    return bool(
        _FRONT.match(text)
        or _TITLE_BLOCK.match(text)
        or len(re.findall(r"^#{1,6}\s+\S", text, re.M)) >= 2
        or re.search(r"^:{3,}", text, re.M)
    )


def superscript(text: str) -> str:
    """As the JATS reader prints `<sup>`: digits as superscripts, short marks as `^a`."""
    text = text.replace("\\ ", " ").strip()
    if re.fullmatch(r"[0-9+\-−=()]{1,6}", text):
        return text.translate(_SUPERSCRIPT)
    return "^" + text if len(text) <= 3 else text


class Inline:
    """Inline marks out of a block of markdown text; citations by reference number."""

    def __init__(self, numbers: dict[str, str], years: dict[str, str]) -> None:
        self.numbers = numbers
        self.years = years

    def _cite(self, match: re.Match[str]) -> str:
        """ "[@b9]" → "9" (its place in the list); after an author ("Loup et al.,
        [@B63]") the year, or nothing when the reference does not say."""
        keys = [k.rstrip(".,;") for k in _CITE_KEY.findall(match.group(0))]
        if _AUTHOR_BEFORE.search(match.string[max(0, match.start() - 40) : match.start()]):
            return ", ".join(self.years.get(k, "") for k in keys).strip(", ")
        return ",".join(self.numbers.get(k, "") for k in keys).strip(",")

    def __call__(self, text: str) -> str:
        text = text.replace("\\*", "\ue000").replace("\\_", "\ue001")
        text = _FOOTNOTE_REF.sub("", text)
        text = _CITATIONS.sub(self._cite, text)
        text = re.sub(r"(?<=[\w.]),\s*(?=[);\]])", "", text)  # "(Miller, )": no year known
        text = _IMAGE.sub(lambda m: f"[{m.group('alt')}]" if m.group("alt").strip() else "", text)
        for _ in range(2):  # a link inside a span
            text = _LINK.sub(lambda m: m.group("text"), text)
        text = _AUTOLINK.sub(lambda m: m.group("target").removeprefix("mailto:"), text)
        text = _SUP.sub(lambda m: superscript(m.group("x") or m.group("y") or ""), text)
        text = _SUB.sub(lambda m: (m.group("x") or m.group("y") or "").replace("\\ ", " "), text)
        text = _TAG.sub("", text)
        text = re.sub(r"\s*\((?:\s|,)*\)|\s*\[(?:\s|,)*\]", "", text)  # "()": nothing known
        for _ in range(3):  # ***nested*** emphasis
            text = _EMPHASIS.sub(lambda m: m.group(2) or m.group(4), text)
        text = re.sub(r"\\$", "", text, flags=re.M)  # a hard line break
        text = re.sub(r"(?<![-\\])---(?!-)", "—", text)  # pandoc's smart dashes
        text = re.sub(r"(?<![-\\])--(?!-)", "–", text)
        text = _ESCAPE.sub(r"\1", text).replace("\ue000", "*").replace("\ue001", "_")
        return html.unescape(text)


def _split_front(text: str) -> tuple[dict[str, Any], str]:
    match = _FRONT.match(text)
    if match:
        try:
            meta = yaml.safe_load(match.group("yaml"))
        except yaml.YAMLError:
            meta = None
        if isinstance(meta, dict):
            return meta, text[match.end() :]
    block = _TITLE_BLOCK.match(text)
    if block:
        fields = re.split(r"\n(?=%)", block.group(0).strip())
        values = [re.sub(r"\s+", " ", f.lstrip("%")).strip() for f in fields]
        keys = ("title", "author", "date")
        return dict(zip(keys, values, strict=False)), text[block.end() :]
    return {}, text


def _names(value: object) -> list[str]:
    if isinstance(value, str):
        return [value] if ";" not in value else [v.strip() for v in value.split(";")]
    if isinstance(value, dict):
        name = value.get("name") or value.get("literal")
        given, family = value.get("given", ""), value.get("family", "")
        return [str(name or f"{given} {family}".strip())]
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def _flat(value: object) -> str:
    if isinstance(value, list):
        return "; ".join(_flat(v) for v in value)
    return "" if value is None else str(value)


def _front_lines(meta: dict[str, Any], inline: Inline) -> list[str]:
    lines = []
    if meta.get("title"):
        title = inline(_flat(meta["title"]))
        subtitle = inline(_flat(meta.get("subtitle", "")))
        lines.append("Title: " + re.sub(r"\s+", " ", f"{title}: {subtitle}" if subtitle else title))
    authors = [clean_name(inline(n)) for n in _names(meta.get("author"))]
    if any(authors):
        lines.append("Authors: " + "; ".join(a for a in authors if a))
    for key, label in (("date", "Date"), ("doi", "DOI")):
        if meta.get(key):
            lines.append(f"{label}: {inline(_flat(meta[key]))}")
    out = [*lines, ""]
    if meta.get("abstract"):
        out += [
            "Abstract",
            "",
            *_clean_blocks(_labelled(_body(_flat(meta["abstract"]), inline, True)), inline),
            "",
        ]
    keywords = meta.get("keywords") or meta.get("tags")
    if keywords:
        out += [f"Keywords: {inline(_flat(keywords))}", ""]
    return out


def _labelled(lines: list[str]) -> list[str]:
    """A structured abstract's headings as the labels of their paragraphs
    ("Background: The aim …"), as printed abstracts carry them."""
    out: list[str] = []
    label = ""
    for line in lines:
        if line.startswith(_LABEL_MARK):
            label = line[1:].rstrip(":. ") + ": "
        elif line.strip() and label:
            out.append(label + line.strip())
            label = ""
        else:
            out.append(line)
    return out


def _reference(number: int, ref: dict[str, Any], inline: Inline) -> str:
    """A CSL reference as a numbered Vancouver-style entry."""
    authors = ", ".join(
        f"{a.get('family', '')} {a.get('given', '')}".strip() if isinstance(a, dict) else str(a)
        for a in ref.get("author") or []
    )
    year = _year(ref)
    parts = [authors, inline(_flat(ref.get("title", ""))), _flat(ref.get("container-title", ""))]
    tail = f"{year or ''};{ref.get('volume', '')}:{ref.get('page', '')}".strip(";:")
    text = ". ".join(p.strip().rstrip(".") for p in [*parts, tail] if p and p.strip())
    return f"{number}. " + re.sub(r"\s+", " ", text) + "."


def _year(ref: dict[str, Any]) -> object:
    """The year of a CSL reference: `issued: {date-parts: [[2012]]}` (pandoc 2), or
    `issued: 2012` / `issued: 2012-10-01` (pandoc 3, CSL YAML)."""
    issued = ref.get("issued") or {}
    if isinstance(issued, (int, str)):
        year = re.match(r"\d{4}", str(issued))
        return year.group(0) if year else None
    if not isinstance(issued, dict):
        return None
    parts = issued.get("date-parts")
    return issued.get("year") or (parts[0][0] if parts and parts[0] else None)


def _references(refs: list[Any], inline: Inline) -> list[str]:
    entries = [
        _reference(i, r, inline)
        for i, r in enumerate(refs, 1)
        if isinstance(r, dict) and (r.get("title") or r.get("author"))
    ]
    return ["", "References", "", *[line for e in entries for line in (e, "")]] if entries else []


def _heading(line: str, inline: Inline, abstract: bool) -> str | None:
    """A markdown heading as the structurer reads it; '' for an empty one (dropped)."""
    match = _ATX.match(line)
    if not match:
        return None
    title = re.sub(r"\s+", " ", inline(match.group("title") or "")).strip()
    if not title:
        return ""
    plain = re.sub(r"[:.]$", "", title).strip().lower()
    if abstract:
        return _LABEL_MARK + title
    if plain in ("abstract", "summary", "keywords", "key words"):
        return title  # the front-matter rules read these without marks
    return f"{match.group('marks')} {title}"


def _figure_caption(html_text: str) -> str:
    """An HTML figure as pandoc's plain layout prints one: its caption in brackets."""
    match = re.search(r"<figcaption[^>]*>(?P<x>.*?)</figcaption>", html_text, re.I | re.S)
    caption = re.sub(r"\s+", " ", match.group("x")).strip() if match else ""
    return f"[{caption}]" if caption else ""


def _body(text: str, inline: Inline, abstract: bool = False) -> list[str]:
    lines = text.split("\n")
    out: list[str] = []
    caption: list[str] | None = None
    figure: list[str] | None = None  # the lines of an HTML <figure> (GitHub markdown)
    for i, line in enumerate(lines):
        if figure is not None or re.match(r"^\s*<figure\b", line, re.I):
            figure = [*(figure or []), line]
            if re.search(r"</figure>", line, re.I):
                out += ["", _figure_caption(" ".join(figure)), ""]
                figure = None
            continue
        if _CAPTION_OPEN.match(line):
            caption = []
            continue
        if _FENCE.match(line) or _HTML_BLOCK.match(line):
            if caption is not None and re.match(r"^\s*(?::{3,}\s*$|</div>)", line):
                out += ["", " ".join(caption), ""] if caption else []
                caption = None
            out.append("")
            continue
        heading = _heading(line, inline, abstract)
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        underlined = _SETEXT.match(nxt) and "  " not in line.strip()  # not a table row
        if heading is None and line.strip() and underlined and not (out and out[-1].strip()):
            marks = "#" if nxt.strip().startswith("=") else "##"
            heading = _heading(f"{marks} {line.strip()}", inline, abstract)
        if heading is not None:
            if caption is not None:  # a caption's title ("###### Baseline characteristics.")
                caption += [heading.lstrip("#").strip()] if heading else []
            elif heading:
                out += ["", heading, ""]
            continue
        if (
            _SETEXT.match(line)
            and out
            and out[-1] == ""
            and len(out) >= 2
            and out[-2].startswith("#")
        ):
            continue  # the underline of a heading taken above
        if caption is not None:
            caption += [line.strip()] if line.strip() else []
            continue
        out.append(re.sub(r"^\s{0,3}>\s?", "", line))  # block quotes
    return out


def _clean_blocks(lines: list[str], inline: Inline) -> list[str]:
    """Inline marks out of every prose block; tab rows (tables, cleaned cell by cell
    already) and headings stay as they are."""
    out: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line.strip() and "\t" not in line and not line.startswith("#"):
            block.append(line)
            continue
        if block:
            out += inline("\n".join(block)).split("\n")
            block = []
        out.append(line)
    return out[:-1]


def markdown_to_text(text: str) -> str:
    """Markdown → the plain layout: labelled front lines, prose, tab tables, `#` headings."""
    meta, body = _split_front(text)
    refs = meta.get("references") if isinstance(meta.get("references"), list) else []
    assert isinstance(refs, list)
    cited = {
        str(r["id"]): (i, r) for i, r in enumerate(refs, 1) if isinstance(r, dict) and "id" in r
    }
    numbers = {key: str(i) for key, (i, _) in cited.items()}
    years = {key: str(_year(r) or "") for key, (_, r) in cited.items()}
    inline = Inline(numbers, years)
    cell: Callable[[str], str] = lambda c: re.sub(r"\s+", " ", inline(c)).strip()  # noqa: E731
    lines = tabulate("\n".join(_body(body, inline)), clean=cell).split("\n")
    front = _front_lines(meta, inline) if meta else []
    return "\n".join([*front, *_clean_blocks(lines, inline), *_references(refs, inline)])
