"""`ekg_abbreviations_v1`: abbreviation definitions, in prose and in glossaries.

Extensions:
    Doc._.ekg_abbreviations   list[Abbreviation] in text order (None until the component ran)

Prose: "Self-Compassion Scale (SCS; Neff 2003)", "the Five Facet Mindfulness
Questionnaire (FFMQ)", "mindfulness-based interventions (MBIs)" (plural: short "MBI",
long "mindfulness-based intervention", `plural=True`) and "SCS (Self-Compassion
Scale)". Glossaries: entries separated by ";" or line breaks, each "SCS
Self-Compassion Scale (Neff 2003)", "SCS = Self-Compassion Scale", "SCS:
Self-Compassion Scale", "SCS, Self-Compassion Scale" or two table cells, optionally after a label
("Abbreviations:"). Short and long forms are paired with the Schwartz–Hearst algorithm
(Schwartz & Hearst 2003): the short form's letters appear in order in the long form,
and its first letter starts the long form's first word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from ._text import doc_text, register_extension
from .citations import parse_citations


@dataclass(frozen=True)
class Abbreviation:
    short: str
    long: str
    start: int  # the whole definition: long form, short form and citation
    end: int
    citation: str = ""  # canonical label of the first citation: "Neff 2003"
    plural: bool = False  # defined in the plural ("MBIs"); `short` is the singular


_PAREN_SHORT = re.compile(
    r"\(\s*(?P<short>[^\s()\[\];,=<>]{1,12}(?:\s[^\s()\[\];,=<>]{1,12})?)\s*(?P<sep>[;,)])"
)
_INNER = re.compile(r"\((?P<inner>[^()\n]{3,160})\)")
_SHORT_BEFORE = re.compile(r"(?<![\w-])(?P<short>[A-Za-z][\w-]{0,10})\s*$")
_WINDOW_BREAK = re.compile(r"[\n\t;:()\[\]]|[.!?]\s")
_WORD = re.compile(r"\S+")
_BY_CITATION = re.compile(r"\s+(?:by|from)\s+")
_SEGMENT = re.compile(r"(?:[^;()\n]+|\([^()\n]*\)|[()])+")
_LONGEST_ENTRY = 250
_LABEL = re.compile(r"\s*(?:abbreviations?|glossary|notes?|key)\s*[:.]\s*", re.IGNORECASE)
_ENTRY = re.compile(
    r"\s*[-•]?\s*(?P<q>[*_]{0,2})(?P<short>[A-Za-z][A-Za-z0-9/-]*(?:_[A-Za-z0-9]+)?)(?P=q)"
    r"(?P<sep>\s*[=:,–—]\s*|\s+)"
    r"(?P<long>[^(),=:;\t]+?)\s*(?:\((?P<paren>[^()]*)\))?\s*[.,]?\s*"
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_TRIM = " \t*_'\"‘’“”,"
_STOPWORDS = frozenset("of and the for in on with to a an & or at by from as".split())


def long_form_start(short: str, text: str) -> int | None:
    """Schwartz–Hearst: where in `text` the shortest matching long form begins."""
    s, i = len(short) - 1, len(text) - 1
    while s >= 0:
        char = short[s].lower()
        if not char.isalnum():
            s -= 1
            continue
        while i >= 0 and (text[i].lower() != char or (s == 0 and i > 0 and text[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    return text.rfind(" ", 0, i + 1) + 1


def initials_start(short: str, text: str) -> int | None:
    """Where a long form whose words' initials spell `short` begins ('Fagerstrom Test for
    Nicotine Dependence (FTND)', which Schwartz–Hearst cuts to 'for Nicotine Dependence'
    by matching the 'n' and 't' inside 'Nicotine'). Stop words may be skipped."""
    letters = [c.lower() for c in short if c.isalpha()]
    if not letters or not short[0].isalpha() or short != short.upper():
        return None
    words = list(re.finditer(r"[^\s\-‐/]+", text))
    i = len(words) - 1
    for letter in reversed(letters):
        while (
            i >= 0
            and words[i].group(0).lower() in _STOPWORDS
            and words[i].group(0)[0].lower() != letter
        ):
            i -= 1
        if i < 0 or words[i].group(0).strip(_TRIM + "(").lower()[:1] != letter:
            return None
        i -= 1
    return words[i + 1].start()


def _max_words(short: str) -> int:
    size = sum(c.isalnum() for c in short)
    return min(size + 5, size * 2)


def _valid_short(short: str) -> bool:
    return (
        2 <= len(short) <= 10
        and short[0].isalnum()
        and sum(c.isupper() for c in short) >= 2
        and "." not in short
        and not _YEAR.search(short)
    )


def _singular(short: str) -> str | None:
    if len(short) > 2 and short.endswith("s") and short[-2].isupper():
        return short[:-1]
    return None


def _singular_long(long: str) -> str:
    head, _, last = long.rpartition(" ")
    if last.endswith("ies") and len(last) > 4:
        last = last[:-3] + "y"
    elif last.endswith("s") and not last.endswith("ss"):
        last = last[:-1]
    return f"{head} {last}" if head else last


def _pair(short: str, window: str) -> tuple[int, str] | None:
    """The long form ending `window` for `short`, with its offset in the window."""
    words = [m.start() for m in _WORD.finditer(window)]
    limit = _max_words(short)
    lo = words[-limit] if len(words) > limit else 0
    found = initials_start(short, window[lo:])
    if found is None:
        found = long_form_start(short, window[lo:])
    if found is None:
        return None
    raw = window[lo + found :]
    long = raw.strip(_TRIM)
    if (
        len(long) <= len(short)
        or long[0].lower() != short[0].lower()
        or _has_word(long, short)
        or _too_few_words(short, long)
    ):
        return None
    return lo + found + len(raw) - len(raw.lstrip(_TRIM)), long


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"  # what the re module's \w matches in a str


def _has_word(text: str, word: str) -> bool:
    """`re.search(rf"\b{re.escape(word)}\b", text)` without compiling a pattern for
    each word (a paper's abbreviations filled the re module's cache)."""
    starts_word, ends_word = _is_word_char(word[0]), _is_word_char(word[-1])
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        before = at > 0 and _is_word_char(text[at - 1])
        after = end < len(text) and _is_word_char(text[end])
        if before != starts_word and after != ends_word:
            return True
        at = text.find(word, at + 1)
    return False


def _too_few_words(short: str, long: str) -> bool:
    """'Self-compassion (SCS)' names a measure, it does not define SCS: one word cannot
    stand for more capitals than it has hyphenated parts."""
    return " " not in long and sum(c.isupper() for c in short) > len(re.split(r"[-‐]", long))


def _closing(text: str, opening: int) -> int:
    """Offset just past the parenthesis that closes the one at `opening`."""
    depth = 0
    for i in range(opening, min(len(text), opening + 400)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i + 1
    return opening + 1


def _first_citation(text: str) -> str:
    found = parse_citations(text)
    return found[0].label if found else ""


def _trailing_citation(text: str, end: int) -> tuple[str, int]:
    """'... (SCS) by Neff (2003)': the citation right after a definition."""
    by = _BY_CITATION.match(text, end)
    if not by:
        return "", end
    found = parse_citations(text[by.end() : by.end() + 120])
    if not found or found[0].start != 0:
        return "", end
    return found[0].label, by.end() + found[0].end


def _prose_long_first(text: str) -> list[Abbreviation]:
    found: list[Abbreviation] = []
    for match in _PAREN_SHORT.finditer(text):
        printed = match.group("short")
        short = _singular(printed) or printed
        if not _valid_short(short):
            continue
        opening = match.start()
        breaks = [m.end() for m in _WINDOW_BREAK.finditer(text, max(0, opening - 250), opening)]
        lo = breaks[-1] if breaks else max(0, opening - 250)
        paired = _pair(short, text[lo:opening])
        if paired is None:
            continue
        offset, long = paired
        if short != printed:
            long = _singular_long(long)
        end = _closing(text, opening)
        citation = ""
        if match.group("sep") != ")":
            citation = _first_citation(text[match.end() : end])
        if not citation:
            citation, end = _trailing_citation(text, end)
        found.append(Abbreviation(short, long, lo + offset, end, citation, short != printed))
    return found


def _prose_short_first(text: str) -> list[Abbreviation]:
    found: list[Abbreviation] = []
    for match in _INNER.finditer(text):
        before = _SHORT_BEFORE.search(text, max(0, match.start() - 14), match.start())
        if before is None or not _valid_short(short := before.group("short")):
            continue
        inner = match.group("inner")
        long, _, rest = inner.partition(";")
        long = long.strip()
        if long_form_start(short, long) != 0 or len(long.split()) > _max_words(short):
            continue
        if long[0].lower() != short[0].lower() or parse_citations(long):
            continue
        citation = _first_citation(rest)
        found.append(Abbreviation(short, long, before.start(), match.end(), citation))
    return found


def _initials(long: str) -> str:
    words = re.split(r"[\s\-‐/]+", long)
    return "".join(w[0] for w in words if w and w.lower() not in _STOPWORDS).upper()


def _entry(text: str, start: int, end: int) -> tuple[Abbreviation, bool] | None:
    """A glossary entry in text[start:end], and whether it stands on its own."""
    match = _ENTRY.fullmatch(text, start, end)
    if not match:
        return None
    short, long = match.group("short"), match.group("long").strip(" *_")
    explicit = bool(match.group("sep").strip())
    uppers = sum(c.isupper() for c in short)
    if uppers == 0 or len(short) > 12 or (uppers < 2 and not explicit):
        return None
    if not long or len(long.split()) > 12 or long_form_start(short, long) != 0:
        return None
    if long[0].lower() != short[0].lower():
        return None
    citation = _first_citation(match.group("paren") or "")
    initials = _initials(long) == re.sub(r"[^A-Z]", "", short.upper())
    strong = (explicit and uppers >= 2) or initials
    end = match.end("paren") + 1 if match.group("paren") is not None else match.end("long")
    return Abbreviation(short, long, match.start("q"), end, citation), strong


def _glossary(text: str) -> list[Abbreviation]:
    entries: list[tuple[Abbreviation, bool]] = []
    segments = 0
    for segment in _SEGMENT.finditer(text):
        start, end = segment.start(), segment.end()
        label = _LABEL.match(text, start, end)
        labelled = label is not None
        if label:
            start = label.end()
        if not text[start:end].strip():
            continue
        segments += 1
        if end - start > _LONGEST_ENTRY:
            continue
        entry = _entry(text, start, end)
        if entry:
            entries.append((entry[0], entry[1] or labelled))
    listed = len(entries) >= 2 and len(entries) * 2 >= segments
    return [abbreviation for abbreviation, strong in entries if strong or listed]


def find_abbreviations(text: str) -> list[Abbreviation]:
    seen: dict[tuple[str, int], Abbreviation] = {}
    for found in (_prose_long_first(text), _prose_short_first(text), _glossary(text)):
        for abbreviation in found:
            seen.setdefault((abbreviation.short, abbreviation.start), abbreviation)
    return sorted(seen.values(), key=lambda a: (a.start, a.end))


register_extension("ekg_abbreviations")


@Language.component("ekg_abbreviations_v1", assigns=["doc._.ekg_abbreviations"])
def abbreviations_component(doc: Doc) -> Doc:
    doc._.ekg_abbreviations = find_abbreviations(doc_text(doc))
    return doc
