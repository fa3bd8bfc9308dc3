"""The curation vocabulary in code: action types, statuses, IRIs, and RDF terms as text."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import pyoxigraph as ox

from ontology.errors import InputError, NotFoundError
from ontology.iris import digest, scoped_iri, slug
from ontology.vocab import CURATION_GRAPH, EKG, ID, PROV, XSD

from ..results import solutions, term_text
from ..store import Store

CUR = str(CURATION_GRAPH)
CLAIM_PREFIX = str(ID["claim/"])
ACTION_PREFIX = str(ID["curation/"])
CURATOR_PREFIX = str(ID["curator/"])
SYSTEM_AGENT = str(ID["agent/ekg-curation"])

ROLES = {"target": str(EKG.target), "generated": str(PROV.generated)}
ROLES["invalidated"] = str(PROV.invalidated)
TOUCHES = f"(<{EKG.target}>|<{PROV.generated}>|<{PROV.invalidated}>)"

STATUSES = {
    "extracted": str(EKG.Extracted),
    "accepted": str(EKG.Accepted),
    "rejected": str(EKG.Rejected),
    "edited": str(EKG.Edited),
    "curator-added": str(EKG.CuratorAdded),
}
STATUS_NAME = {iri: name for name, iri in STATUSES.items()}
NOT_LIVE = (str(EKG.Rejected), str(EKG.Edited))

# the status an action gives the claims it targets (reverts and splits only point)
TARGET_STATUS = {
    "accept": str(EKG.Accepted),
    "reject": str(EKG.Rejected),
    "edit": str(EKG.Edited),
    "merge": str(EKG.Edited),
    "conflict": str(EKG.Edited),
    "add": str(EKG.CuratorAdded),
}
UNDO_TYPES = ("revert", "split")
PAPER_TYPES = ("retract", "supersede")
ACTION_TYPES = (*TARGET_STATUS, *UNDO_TYPES, *PAPER_TYPES)

_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_DOUBLE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_LANG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")


def iri(value: str, what: str = "IRI") -> ox.NamedNode:
    """A named node from user input, or an InputError naming the field."""
    value = value.strip()
    if not _IRI.match(value):
        raise InputError(
            f"{what} '{value[:200]}' is not an absolute IRI (e.g. "
            f"'{ID['instrument/scs']}'); spaces and <>\"{{}}|\\^` are not allowed"
        )
    return ox.NamedNode(value)


def literal(value: str, datatype: str | None = None, language: str | None = None) -> ox.Literal:
    """A literal from user input; numbers and booleans must have their lexical form."""
    if language:
        if not _LANG.match(language):
            raise InputError(f"language tag '{language}' is not valid (e.g. 'en')")
        return ox.Literal(value, language=language)
    if not datatype or datatype == str(XSD.string):
        return ox.Literal(value)
    checks = {
        str(XSD.integer): _INTEGER,
        str(XSD.nonNegativeInteger): _INTEGER,
        str(XSD.decimal): _DECIMAL,
        str(XSD.double): _DOUBLE,
    }
    value = value.strip()
    if datatype in checks and not checks[datatype].match(value):
        raise InputError(f"'{value}' is not a valid {datatype.rsplit('#', 1)[-1]}")
    if datatype == str(XSD.boolean) and value not in ("true", "false"):
        raise InputError(f"'{value}' is not a boolean; use 'true' or 'false'")
    return ox.Literal(value, datatype=iri(datatype, "datatype"))


def nt(term: ox.NamedNode | ox.Literal | ox.BlankNode) -> str:
    """A term as N-Triples / SPARQL text."""
    return str(term)


def now(stamp: str = "") -> ox.Literal:
    """An xsd:dateTime literal: `stamp`, or this moment in UTC to the microsecond."""
    stamp = stamp or datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")
    return ox.Literal(stamp, datatype=ox.NamedNode(str(XSD.dateTime)))


def curator_iri(name: str) -> str:
    return CURATOR_PREFIX + slug(name)


def new_action_iri() -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    return f"{ACTION_PREFIX}{stamp}-{secrets.token_hex(4)}"


def curator_claim_iri(s: str, p: str, o: ox.NamedNode | ox.Literal, source: str) -> str:
    """Curator-made claims are keyed by their triple and the paper they rest on."""
    return str(scoped_iri("claim", "curation", s, p, nt(o), source))


def claim_key(claim: str) -> str:
    return claim.removeprefix(CLAIM_PREFIX)


def _from_key(key: str, shape: str, prefix: str, what: str) -> str:
    if not re.fullmatch(shape, key):
        raise NotFoundError(f"'{key}' is not {what}")
    return prefix + key


def claim_from_key(key: str) -> str:
    return _from_key(
        key, r"[a-z0-9-]+/[0-9a-f]+", CLAIM_PREFIX, "a claim key (PAPER/HASH, as in the queue)"
    )


def action_key(action: str) -> str:
    return action.removeprefix(ACTION_PREFIX)


def action_from_key(key: str) -> str:
    return _from_key(
        key, r"[0-9T]+-[0-9a-f]+", ACTION_PREFIX, "an action key (as listed in the history)"
    )


def etag(*parts: object) -> str:
    return '"' + digest(*parts, length=20) + '"'


def values(iris: Iterable[str]) -> str:
    """A VALUES body of IRIs."""
    return " ".join(f"<{i}>" for i in sorted(set(iris)))


def select(store: Store, query: str) -> list[dict[str, Any]]:
    """SELECT rows over named graphs only, as dicts of pyoxigraph terms (None if unbound)."""
    result = solutions(store.query(query, union_default=False), "select()")
    names = [v.value for v in result.variables]
    return [{n: sol[n] for n in names} for sol in result]


def select_text(store: Store, query: str) -> list[dict[str, str]]:
    """The same rows as lexical values ('' if unbound)."""
    return [{k: term_text(v) for k, v in row.items()} for row in select(store, query)]


def ask(store: Store, query: str) -> bool:
    return bool(store.query(query, union_default=False))


def column(store: Store, query: str, name: str) -> list[str]:
    """One variable of a SELECT, as lexical values."""
    return [row[name] for row in select_text(store, query)]
