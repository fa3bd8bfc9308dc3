"""Reference-list entries as printed (APA, Harvard, Vancouver) parsed into `Reference`.

The label is the entry as it would be cited in the text: "Neff 2003",
"Rimes and Wingrove 2011", "Shapiro et al. 2005".
"""

from __future__ import annotations

import re

from ingest.document import Reference

YEAR = r"(?:1[5-9]|20)\d{2}[a-z]?"
_EDS = r"(?:\((?:Eds?|eds?)\.?\)\.?\s*)?"
AUTHOR_YEAR = re.compile(
    rf"^(?P<authors>[^()]{{2,900}}?)\s*{_EDS}"
    rf"\((?P<year>{YEAR}|n\.\s?d\.|in press|forthcoming)(?:,[^)]*)?\)[.,:]?\s*(?P<rest>.*)$",
    re.S,
)
HARVARD = re.compile(rf"^(?P<authors>[^()]{{2,900}}?),?\s+(?P<year>{YEAR})\.\s+(?P<rest>.*)$", re.S)
NUMBERED = re.compile(
    r"^\s*(?:\[(?P<bracketed>\d{1,4})\]|(?P<number>\d{1,4})\.)\s+(?P<body>\S.*)$", re.S
)
BULLET = re.compile(r"^\s*[-•–]\s*")
_INITIALS = re.compile(r"^(?:[A-Z][a-z]?\.[\s-]*)+$|^[A-Z]{1,3}$")
_TRAILING_INITIALS = re.compile(r"\s+(?:[A-Z]\.?[\s-]?){1,4}$")
_PARTICLES = {"van", "von", "de", "der", "den", "du", "da", "di", "del", "la", "le", "ten", "ter"}
# "Neff, K.", "Neff KD," and "Neff K. D.," (Frontiers, some APA variants)
_SURNAME_INITIALS = re.compile(
    r"[A-Z][\w'’\-]+,\s*(?:[A-Z]\.|[A-Z]{1,3}\b)|[A-Z][\w'’\-]+\s+[A-Z]{1,3}(?:,|$)"
    r"|[A-Z][\w'’\-]+\s+(?:[A-Z]\.[\s-]?){1,3}(?:,|$)"
)
_ITALIC = re.compile(r"\*([^*]+)\*")
_SENTENCE_END = re.compile(
    r"(?<![\s.\-][A-Z])(?<!^[A-Z])(?<!\s(?:Ed|Dr|St|Jr|No|pp|vs))[.?!]"
    r"(?=\s+(?:[*A-Z\[<(\"“‘']|In\s)|\s*$)"
)
_PLACE_PUBLISHER = re.compile(r"^[A-Z][\w .,'-]{1,40}:\s*[A-Z]")


def strip_bullet(line: str) -> str:
    return BULLET.sub("", line, count=1)


def looks_like_authors(text: str) -> bool:
    text = text.strip().rstrip(",")
    words = text.split()
    if not words or len(words) > 60 or re.search(r"\d", text):
        return False
    first = words[0]
    if not (first[0].isupper() or first.lower() in _PARTICLES or first[:2] in ("d'", "O'")):
        return False
    if _SURNAME_INITIALS.search(text):
        return True
    organisation = all(w[0].isupper() or (w.islower() and len(w) <= 4) for w in words)
    return len(words) <= 8 and organisation


# An unnumbered Vancouver entry: "Mythen MG, Webb AR. Title …", "Gold E, Smith A, et al. …"
_NAME = r"[A-Z][\w'’\-]+(?:\s[A-Z][\w'’\-]+)*\s[A-Z]{1,3}"
_VANCOUVER_START = re.compile(rf"^{_NAME}(?:,\s{_NAME})*(?:,?\set\sal)?\.\s+\S")


def is_entry_start(line: str) -> bool:
    """True when `line` opens a new reference entry rather than continuing one."""
    body = strip_bullet(line).strip()
    if NUMBERED.match(body) and not re.match(r"^\d{1,4}\.\s*\d", body):
        return True
    if _VANCOUVER_START.match(body[:600]) and re.search(rf"\b{YEAR}\b", body):
        return True
    for pattern in (AUTHOR_YEAR, HARVARD):
        match = pattern.match(body[:400])
        if match and looks_like_authors(match.group("authors")):
            return True
    return False


def split_authors(text: str) -> tuple[list[str], bool]:
    """Surnames in order, and whether the list ends in "et al."."""
    text = re.sub(r"\((?:Eds?|eds?)\.?\)\.?", "", text)
    etal = bool(re.search(r"\bet\s+al\b", text))
    text = re.sub(r",?\s*\bet\s+al\b\.?", "", text).replace("&", ",")
    if _SURNAME_INITIALS.search(text):
        text = re.sub(r"\s+and\s+", ", ", text)
    surnames = []
    for token in (t.strip() for t in text.split(",")):
        if not token or _INITIALS.match(token):
            continue
        surname = _TRAILING_INITIALS.sub("", token).strip(" .")
        if surname:
            surnames.append(surname)
    return surnames, etal


def cite_label(surnames: list[str], year: str, etal: bool = False) -> str:
    if not surnames:
        return year
    if len(surnames) >= 3 or etal:
        who = f"{surnames[0]} et al."
    elif len(surnames) == 2:
        who = f"{surnames[0]} and {surnames[1]}"
    else:
        who = surnames[0]
    return f"{who} {year}".strip()


def clean(text: str) -> str:
    text = re.sub(r"\s+", " ", _ITALIC.sub(r"\1", text))
    return text.strip(" .,;")


def _container(rest: str) -> str:
    rest = rest.strip()
    if not rest:
        return ""
    if rest.startswith("In "):
        italic = _ITALIC.search(rest)
        if italic:
            return clean(italic.group(1))
        after = re.split(r"\((?:Eds?|eds?)\.?\),?", rest, maxsplit=1)
        book = after[1] if len(after) > 1 else rest[3:]
        return clean(re.split(r"\s\(pp\.|\.\s", book, maxsplit=1)[0])
    italic = re.match(r"\*([^*]+)\*", rest)
    if italic:
        return clean(re.sub(r",\s*\d+$", "", italic.group(1)))
    if _PLACE_PUBLISHER.match(rest):
        return ""
    return clean(re.split(r",\s*\d|\s\d+\s*[(:;,]|\.\s|\.$|;\s*\d|\s\d{4}\b", rest, maxsplit=1)[0])


def title_and_container(rest: str) -> tuple[str, str]:
    rest = rest.strip()
    italic = _ITALIC.match(rest)
    if italic:
        return clean(italic.group(1)), ""
    marked = re.search(r"(?<=[.?!])\s+(?:In\s|\*)", rest)
    if marked:
        return clean(rest[: marked.start()]), _container(rest[marked.start() :].lstrip())
    end = _SENTENCE_END.search(rest)
    if not end:
        return clean(rest), ""
    return clean(rest[: end.end()]), _container(rest[end.end() :])


def _parse_vancouver(body: str, text: str) -> Reference | None:
    parts = re.split(r"(?<=[a-zA-Z\]])\.\s+", body, maxsplit=2)
    if len(parts) < 2:
        return None
    if not looks_like_authors(parts[0]):
        return None
    surnames, etal = split_authors(parts[0])
    year = re.search(rf"\b({YEAR})\b", " ".join(parts[1:]))
    if not surnames or not year:
        return None
    container = clean(re.split(r"[.;]", parts[2], maxsplit=1)[0]) if len(parts) > 2 else ""
    label = cite_label(surnames, year.group(1), etal)
    return Reference(label, surnames[0], year.group(1), clean(parts[1]), container, surnames, text)


def parse_reference(entry: str) -> Reference | None:
    """One printed reference entry as a `Reference`, or None when it is not one."""
    text = re.sub(r"\s+", " ", strip_bullet(entry)).strip()
    numbered = NUMBERED.match(text)
    body = numbered.group("body") if numbered else text
    number = (numbered.group("bracketed") or numbered.group("number")) if numbered else ""
    reference = _parse(body, text)
    if reference is not None:
        reference.number = number
    return reference


def _parse(body: str, text: str) -> Reference | None:
    for pattern in (AUTHOR_YEAR, HARVARD):
        match = pattern.match(body)
        if not (match and looks_like_authors(match.group("authors"))):
            continue
        surnames, etal = split_authors(match.group("authors"))
        if surnames:
            year = re.sub(r"\s", "", match.group("year"))
            title, container = title_and_container(match.group("rest"))
            label = cite_label(surnames, year, etal)
            return Reference(label, surnames[0], year, title, container, surnames, text)
    return _parse_vancouver(body, text)


def _complete(entry: str) -> bool:
    return bool(re.search(r"[.)\]>]$", entry.rstrip("* ")))


def _number(entry: str) -> int | None:
    match = NUMBERED.match(entry)
    number = match and (match.group("bracketed") or match.group("number"))
    return int(number) if number else None


def _next_in_list(previous: str, body: str) -> bool:
    """A block that opens with a number a little after the previous entry's ("22." after
    "21. …"; a list may skip one), or that follows an entry ending as entries end (pages, an article number, a
    DOI), starts an entry of its own even when the previous one has no final stop."""
    before, number = _number(previous), _number(body)
    if before is not None and number is not None:
        return before < number <= before + 3
    return bool(re.search(r"(?:\d|e\d+|10\.\d{4,9}/\S+)[)\]]?$", previous.rstrip()))


def group_entries(lines: list[tuple[str, bool]]) -> list[str]:
    """Join printed lines into entries; each item is (line, whether it opens a block).

    A line opens an entry when it (with the next lines, for wrapped author lists)
    starts like one and the entry before is finished, or the line is a list bullet, or
    it opens a block and follows on from the entry before (`_next_in_list`).
    """
    bodies = [(strip_bullet(line) if BULLET.match(line) else line).strip() for line, _ in lines]
    entries: list[str] = []
    for index, (line, opens_block) in enumerate(lines):
        body = bodies[index]
        if not body:
            continue
        bulleted = bool(BULLET.match(line))
        window = " ".join(bodies[index : index + 3])
        head = is_entry_start(body) or is_entry_start(window)
        previous = entries[-1] if entries else ""
        follows = opens_block and _next_in_list(previous, body)
        if not entries or (head and (bulleted or _complete(previous) or follows)):
            entries.append(body)
        elif not _complete(previous) or not (bulleted or opens_block) or body[0].islower():
            entries[-1] = f"{previous} {body}"
    return entries
