"""Lexical facts about SPARQL text that the protocol needs without a full parse.

`has_dataset_clause` tells whether a query names its own dataset (FROM / FROM NAMED),
so the union default graph must not override it. `with_using` applies the protocol's
`using-graph-uri` / `using-named-graph-uri` to every DELETE/INSERT … WHERE operation of
an update, as USING clauses. Strings, IRIs and comments are skipped, so a keyword inside
a literal is never mistaken for one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ontology.errors import InputError, QueryError

# The lexical tokens every scanner of SPARQL text starts with (spaces, comments, strings,
# IRIs, variables: what a keyword inside them must not be mistaken for); `sparql_guard`
# adds its own operators and numbers after them. A verbose pattern, to be compiled with
# re.VERBOSE | re.DOTALL.
LEXICAL_TOKENS = r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''
             | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
             | '(?:[^'\\\n]|\\.)*'
             | "(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
"""
_TOKEN = re.compile(
    LEXICAL_TOKENS
    + r"""
  | (?P<word>[^\s{}()\[\];,.'"<>\#?$]+(?:\.[^\s{}()\[\];,.'"<>\#?$]+)*)
  | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    depth: int  # braces open around the token

    @property
    def keyword(self) -> str:
        return self.text.upper() if self.kind == "word" else ""


def tokens(text: str) -> Iterator[Token]:
    """The significant tokens (no spaces, no comments) with their brace depth."""
    depth = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        if kind in ("space", "comment"):
            continue
        value = match.group()
        if value == "}":
            depth = max(depth - 1, 0)
        yield Token(kind, value, match.start(), depth)
        if value == "{":
            depth += 1


@dataclass(frozen=True)
class Scan:
    """What one pass over a text finds: its keywords, its deepest bracket nesting, and
    whether a FROM stands outside braces (a dataset clause)."""

    keywords: frozenset[str]
    nesting: int
    dataset_clause: bool


@lru_cache(maxsize=512)
def scan(text: str) -> Scan:
    words: set[str] = set()
    depth = braces = deepest = 0
    dataset = False
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "word":
            word = match.group().upper()
            words.add(word)
            dataset = dataset or (word == "FROM" and braces == 0)
        elif kind == "punct":
            char = match.group()
            if char in "{([":
                depth += 1
                deepest = max(deepest, depth)
                braces += char == "{"
            elif char in "})]":
                depth = max(depth - 1, 0)
                braces = max(braces - (char == "}"), 0)
    return Scan(frozenset(words), deepest, dataset)


def has_dataset_clause(query: str) -> bool:
    """True when the query has FROM or FROM NAMED."""
    return scan(query).dataset_clause


def query_form(query: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the form of the query ('' if none is found)."""
    for t in tokens(query):
        if t.keyword in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return t.keyword
    return ""


MAX_NESTING = 500  # pyoxigraph's parser overflows its stack on a few thousand levels


def check_nesting(text: str, kind: str = "query") -> None:
    """Refuse text nested deeper than MAX_NESTING brackets (it would crash the parser)."""
    if scan(text).nesting > MAX_NESTING:
        raise QueryError(
            f"the {kind} nests brackets more than {MAX_NESTING} levels deep; write it flatter"
        )


def has_keyword(text: str, keyword: str) -> bool:
    """True when the keyword (e.g. SERVICE, LOAD) occurs outside literals and IRIs."""
    return keyword in scan(text).keywords


def with_using(update: str, default_graphs: list[str], named_graphs: list[str]) -> str:
    """The update with USING / USING NAMED clauses before each DELETE/INSERT … WHERE."""
    if not default_graphs and not named_graphs:
        return update
    clause = " ".join(
        [f"USING <{g}>" for g in default_graphs] + [f"USING NAMED <{g}>" for g in named_graphs]
    )
    inserts: list[int] = []
    previous: Token | None = None
    for token in tokens(update):
        if token.depth == 0 and token.keyword in ("USING", "WITH"):
            raise InputError(
                "the update has its own USING or WITH clause, so the using-graph-uri / "
                "using-named-graph-uri parameters cannot apply; give one or the other"
            )
        if (
            token.depth == 0
            and token.keyword == "WHERE"
            and previous is not None
            and previous.text == "}"
        ):
            inserts.append(token.start)
        previous = token
    for position in reversed(inserts):
        update = f"{update[:position]}{clause} {update[position:]}"
    return update


def mentions(text: str, needle: str) -> bool:
    """True when `needle` occurs in an IRI or a word of the text (not in a literal)."""
    return any(needle in t.text for t in tokens(text) if t.kind in ("iri", "word"))


def graph_wide(update: str) -> bool:
    """True when the update may touch graphs it does not name (ALL, NAMED, GRAPH ?g, …)."""
    previous = ""
    for token in tokens(update):
        if token.keyword in ("ALL", "NAMED", "LOAD", "MOVE", "COPY", "ADD"):
            return True
        if previous == "GRAPH" and token.kind == "var":
            return True
        previous = token.keyword
    return False
