"""`ekg_citations_v1`: author–year citations.

Extensions:
    Doc._.ekg_citations   list[Citation], in text order (None until the component ran)
    Span._.ekg_citations  the doc's citations that start inside the span

Narrative ("Shapiro et al. (2007)", "Yardley's (2000)") and parenthetical ("(Moore
2008; Rimes and Wingrove 2011)", "(e.g. Baer 2003)") forms. One citation per year:
"(Shapiro et al. 2005, 2007)" gives two, "(Gilbert 2005a, b)" gives 2005a and 2005b;
each spans from the first author to its own year. A bare "Author Year" counts only
when it names two authors or "et al.", sits inside a parenthesis, or starts a line
or table cell, so "New York 2012" in a copyright line is not a citation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from ._text import doc_text, register_extension, windows


@dataclass(frozen=True)
class Citation:
    label: str  # "Shapiro et al. 2007", "Rimes and Wingrove 2011", "Boellinghaus, under review"
    first_author: str
    year: str  # "2005", "2005a", "in press" or "under review"
    start: int
    end: int


_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
_WORD = rf"(?:[{_UPPER}]['’])?[{_UPPER}][{_LOWER}]+(?:[{_UPPER}][{_LOWER}]+)?(?:[-‐][{_UPPER}]?[{_LOWER}]+)*"
_PARTICLE = r"(?:(?:[Vv]an|[Vv]on|[Dd](?:e[rn]?|el|os|[iau])|[Ll][ae]|[Tt]e[nr])\s+){0,2}"
_SURNAME = _PARTICLE + _WORD
_PENDING = r"in\s+press|under\s+review|submitted|in\s+preparation|forthcoming"
_YEAR = rf"(?<!\d)(?:1[89]\d\d|20\d\d)[a-z]?(?![\d/])|{_PENDING}"
_MORE_YEAR = rf"(?:{_YEAR}|[a-z](?![\w.]))"
CITATION = re.compile(
    rf"(?<![\w'’-])(?P<first>{_SURNAME})"
    rf"(?:\s+(?P<etal>et\.?\s+al)\.?"
    rf"|(?P<middle>(?:,\s+{_SURNAME})*),?\s+(?:and|&)\s+(?P<second>{_SURNAME}))?"
    rf"(?:['’]s)?(?P<open>,?\s+\(\s*|,?\s+)"
    rf"(?P<years>(?:{_YEAR})(?:\s*,\s*{_MORE_YEAR})*)"
)
_YEAR_ITEM = re.compile(_MORE_YEAR)
_YEAR_TRIGGER = re.compile(rf"1[89]\d\d|20\d\d|{_PENDING}")
_ORG_PREFIX = re.compile(rf"(?:[{_UPPER}][{_LOWER}][\w&'’-]*\s+){{1,3}}")

STOPWORDS = frozenset(
    """January February March April May June July August September October November
    December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Spring Summer Autumn Fall
    Winter In The This That These Those Since From Until During Before After Between Of
    On At By And Or For To With Table Tables Figure Figures Fig Study Studies Session
    Sessions Week Weeks Wave Phase Time Year Years Version Step Stage Trial Experiment
    Sample Group Cohort Issue Volume Page Chapter Section Appendix Supplement Copyright
    Published Received Accepted Revised Online Updated Circa About Around Early Late
    Through Note Notes Model Level Grade Class Type Day Days Month Months Round Visit
    Likewise Similarly However Moreover Furthermore Additionally Conversely Finally Thus
    Hence Notably Indeed Recently Previously First Second Third Also Further Nevertheless
    Accordingly Consequently Interestingly Specifically Importantly Therefore Meanwhile
    Yet Here Again Instead Otherwise Overall Unlike Like As Both""".split()
)


def _bare_allowed(text: str, start: int, match: re.Match[str]) -> bool:
    if match.group("etal") or match.group("second") or _inside_parenthesis(text, start):
        return True
    line_start = max(text.rfind("\n", 0, start), text.rfind("\t", 0, start)) + 1
    return not text[line_start:start].strip(" -•*")


def _inside_parenthesis(text: str, position: int) -> bool:
    lo = max(0, position - 300, text.rfind("\n", 0, position) + 1)
    return text.rfind("(", lo, position) > text.rfind(")", lo, position)


def _organisation_start(text: str, start: int) -> int:
    """Extend "(World Health Organization 2008)" back over its capitalised words."""
    lo = max(0, start - 80)
    opener = max(text.rfind("(", lo, start), text.rfind(";", lo, start))
    if opener < 0:
        return start
    prefix = text[opener + 1 : start].lstrip()
    if not prefix or not _ORG_PREFIX.fullmatch(prefix):
        return start
    if prefix.split()[0] in STOPWORDS:
        return start
    return start - len(prefix)


def _authors_label(match: re.Match[str], first: str) -> str:
    if match.group("etal") or match.group("middle"):
        return f"{first} et al."
    if match.group("second"):
        return f"{first} and {match.group('second')}"
    return first


def _years(match: re.Match[str]) -> list[tuple[str, int]]:
    """Each year of the list with the offset where it ends; "2005a, b" -> 2005b."""
    found: list[tuple[str, int]] = []
    base = match.start("years")
    for item in _YEAR_ITEM.finditer(match.group("years")):
        value = re.sub(r"\s+", " ", item.group())
        if len(value) == 1:
            previous = found[-1][0] if found else ""
            if not (previous[:4].isdigit() and previous[-1].isalpha()):
                break
            value = previous[:4] + value
        found.append((value, base + item.end()))
    return found


def parse_citations(text: str) -> list[Citation]:
    citations: list[Citation] = []
    for start, end in windows(text, _YEAR_TRIGGER, 160, 8):
        citations.extend(_citations(text, start, end))
    return citations


def _citations(text: str, window_start: int, window_end: int) -> list[Citation]:
    citations: list[Citation] = []
    for match in CITATION.finditer(text, window_start, window_end):
        first_words = match.group("first").split()
        if first_words[-1] in STOPWORDS or first_words[0] in STOPWORDS:
            if not match.group("middle"):
                continue
            # "Likewise, Baron-Cohen and Wheelwright (2004)": the authors start after the comma
            retry = CITATION.match(text, match.start("middle") + 1 + _spaces(text, match))
            if retry is None or retry.group("first").split()[0] in STOPWORDS:
                continue
            match = retry
        if match.group("second") and match.group("second").split()[-1] in STOPWORDS:
            continue
        citations.extend(_from_match(text, match))
    return citations


def _spaces(text: str, match: re.Match[str]) -> int:
    after_comma = text[match.start("middle") + 1 :]
    return len(after_comma) - len(after_comma.lstrip())


def _from_match(text: str, match: re.Match[str]) -> list[Citation]:
    start = match.start()
    if "(" not in match.group("open") and not _bare_allowed(text, start, match):
        return []
    first = match.group("first")
    if _inside_parenthesis(text, start) and not match.group("middle"):
        org_start = _organisation_start(text, start)
        first = re.sub(r"\s+", " ", text[org_start : match.end("first")])
        start = org_start
    authors = _authors_label(match, first)
    citations = []
    years = _years(match)
    for i, (year, end) in enumerate(years):
        closes = i == len(years) - 1 and "(" in match.group("open")
        if closes and text.startswith(")", end):
            end += 1
        label = f"{authors} {year}" if year[:1].isdigit() else f"{authors}, {year}"
        citations.append(Citation(label, first, year, start, end))
    return citations


register_extension("ekg_citations", on_spans=True)


@Language.component("ekg_citations_v1", assigns=["doc._.ekg_citations"])
def citations_component(doc: Doc) -> Doc:
    doc._.ekg_citations = parse_citations(doc_text(doc))
    return doc
