"""Size and shape limits checked on the text itself, before any engine sees it.

pyoxigraph's parsers and planner recurse once per operator of a chain, so a long *flat*
expression overflows the native stack just as deep nesting does, and a stack overflow
kills the whole process, not only the request: `SELECT (1+1+…+1 AS ?x) {}` with 8,000
terms, 4,000 BINDs or MINUS groups, an 8,000-way UNION or path, a collection of 8,000
items, a JSON-LD document nested 5,000 deep (measured on pyoxigraph 0.5.13, 8 MB stack).
This module counts those shapes with a small tokenizer of its own (strings, IRIs and
comments skipped), so it holds whatever the engine's parser does, and refuses with a
400 that names the limit, at about half the smallest size measured to crash:

    check_sparql(text, "query")       # or "update"
    check_rdf(body, "application/ld+json")

The counts are deliberately simple: every operator, every keyword that opens a group
(UNION, OPTIONAL, MINUS, FILTER, BIND, GRAPH, SERVICE, EXISTS) and every item of an
RDF collection draws on one budget; bracket nesting has its own limit. INSERT DATA /
DELETE DATA blocks hold plain triples and draw nothing but their nesting and
collections, so large data loads pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ontology.errors import InputError, QueryError

from .sparql_text import LEXICAL_TOKENS

MAX_NESTING = 200  # brackets ( { [ ; the engine crashed at 4,000 nested groups
MAX_CHAIN = 2_000  # operators + group keywords + collection items; crashes began at 4,000
MAX_JSON_NESTING = 128  # JSON-LD objects and arrays; the parser crashed at 5,000

_TOKEN = re.compile(
    LEXICAL_TOKENS
    + r"""
  | (?P<number>[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))
  | (?P<dt>\^\^)
  | (?P<op>\|\||&&|!=|<=|>=|[-+*/|^!=<>])
  | (?P<word>[^\s{}()\[\];,'"<>\#?$|/^*+!=&]+)
  | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_GROUP_KEYWORDS = frozenset(
    {"UNION", "OPTIONAL", "MINUS", "FILTER", "BIND", "GRAPH", "SERVICE", "EXISTS"}
)
_TERMS = frozenset({"string", "iri", "var", "number", "word"})
_OPEN, _CLOSE = "({[", ")}]"
_LIST_MIN = 8  # a parenthesised group of this many bare terms reads as a collection


@dataclass
class _Group:
    char: str
    values: bool  # a VALUES block: its rows are data, not collections
    data: bool  # an INSERT DATA / DELETE DATA block
    terms: int = 0
    commas: int = 0
    ops: int = 0


@dataclass
class Shape:
    """What the guard counted in one text."""

    nesting: int = 0
    chain: int = 0
    detail: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, n: int = 1) -> None:
        self.chain += n
        self.detail[what] = self.detail.get(what, 0) + n


def measure(text: str, stop_after: int | None = None) -> Shape:
    """Nesting depth and chain budget drawn by a SPARQL query or update; with
    `stop_after`, counting stops once the chain passes it (the verdict is known)."""
    shape = Shape()
    stack: list[_Group] = []
    previous_kind, previous_word, pending = "", "", ""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        if kind in ("space", "comment"):
            continue
        value = match.group()
        top = stack[-1] if stack else None
        in_data = top is not None and top.data
        if kind == "punct" and value in _OPEN:
            stack.append(
                _Group(
                    value,
                    values=(top is not None and top.values) or pending == "VALUES",
                    data=in_data or (value == "{" and pending == "DATA"),
                )
            )
            shape.nesting = max(shape.nesting, len(stack))
            if top is not None:
                top.terms += 1
            if value == "{":
                pending = ""
        elif kind == "punct" and value in _CLOSE:
            if stack:
                closed = stack.pop()
                if (
                    closed.char == "("
                    and not closed.values
                    and not closed.commas
                    and not closed.ops
                    and closed.terms >= _LIST_MIN
                ):
                    shape.add("collection items", closed.terms)
        elif kind == "op" or (
            kind == "number" and value[0] in "+-" and (previous_kind in _TERMS or previous_word)
        ):
            if top is not None:
                top.ops += 1
            if not in_data:
                shape.add("operators")
        else:
            if kind == "punct" and value == "," and top is not None:
                top.commas += 1
            if kind in _TERMS and top is not None:
                top.terms += 1
            if kind == "word":
                word = value.upper()
                if word in _GROUP_KEYWORDS and not in_data:
                    shape.add("group keywords")
                if word in ("VALUES", "DATA"):
                    pending = word  # until its block opens: VALUES ?x { … }, VALUES (?a ?b) { … }
        previous_kind = kind
        previous_word = "" if kind != "punct" or value not in ")]" else value
        if stop_after is not None and (shape.chain > stop_after or shape.nesting > MAX_NESTING):
            break
    return shape


def check_sparql(text: str, kind: str = "query") -> Shape:
    """Refuse a query or update the engine could not survive; returns what was counted.
    A text shorter than the chain limit cannot exceed it (each counted unit takes a
    character), so only its brackets are counted: the common case costs next to nothing."""
    if len(text) <= MAX_CHAIN and sum(text.count(c) for c in "({[") <= MAX_NESTING:
        return Shape()
    shape = measure(text, stop_after=MAX_CHAIN)
    if shape.nesting > MAX_NESTING:
        raise QueryError(
            f"the {kind} nests brackets at least {shape.nesting} levels deep, more than this "
            f"service's limit of {MAX_NESTING} (max nesting); write it flatter"
        )
    if shape.chain > MAX_CHAIN:
        parts = ", ".join(f"{n} {what}" for what, n in sorted(shape.detail.items()))
        raise QueryError(
            f"the {kind} is too long for the engine: it has more operators, group keywords "
            f"and collection items ({parts} counted before stopping) than this service's "
            f"limit of {MAX_CHAIN} (max chain); split it into smaller queries, or use "
            "VALUES or IN (…) for long lists of alternatives"
        )
    return shape


_JSON_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def json_nesting(body: bytes) -> int:
    """The deepest nesting of objects and arrays in a JSON text (strings skipped)."""
    depth = deepest = 0
    for match in _JSON_TOKEN.finditer(body):
        char = match.group()
        if char in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        elif char in (b"]", b"}"):
            depth = max(depth - 1, 0)
    return deepest


def check_rdf(body: bytes, media_type: str) -> None:
    """Refuse an RDF body whose shape would crash the parser (JSON-LD nesting)."""
    media = media_type.split(";")[0].strip().lower()
    if media in ("application/ld+json", "application/json", "jsonld"):
        depth = json_nesting(body)
        if depth > MAX_JSON_NESTING:
            raise InputError(
                f"the JSON-LD body nests objects and arrays {depth} levels deep, more than "
                f"this service's limit of {MAX_JSON_NESTING} (max JSON-LD nesting); "
                "flatten it (e.g. with a JSON-LD processor's flatten) before loading"
            )


__all__ = [
    "MAX_CHAIN",
    "MAX_JSON_NESTING",
    "MAX_NESTING",
    "Shape",
    "check_rdf",
    "check_sparql",
    "json_nesting",
    "measure",
]
