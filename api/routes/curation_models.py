"""The curation API's request and response bodies, as they appear in the OpenAPI page.

A response body that shows a dataclass of `graph/curation` takes its fields from it
(`mirrors`); the model here adds only what the dataclass lacks and the descriptions.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from functools import reduce
from types import UnionType
from typing import Any, Literal, TypeVar, Union, cast, get_args, get_origin, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, create_model

from graph.curation import (
    ClaimView,
    EntityView,
    Evidence,
    HistoryEntry,
    HistoryPage,
    MergePlan,
    PredicateInfo,
    Term,
)
from graph.curation.history import ClaimRef
from graph.curation.options import Choice
from graph.curation.queue import PaperSummary


class Out(BaseModel):
    # every field is in every response, defaults or not
    model_config = ConfigDict(
        from_attributes=True, json_schema_serialization_defaults_required=True
    )


M = TypeVar("M", bound=BaseModel)
MIRRORS: dict[type, type[BaseModel]] = {}


def _swap(hint: Any) -> Any:
    """The hint with each mirrored dataclass replaced by its model."""
    if hint in MIRRORS:
        return MIRRORS[hint]
    args = get_args(hint)
    if get_origin(hint) is list:
        return list[_swap(args[0])]  # type: ignore[misc]
    if get_origin(hint) in (Union, UnionType):
        return reduce(operator.or_, [_swap(a) for a in args])
    return hint


def mirrors(
    source: type, *, describe: dict[str, str] | None = None, omit: tuple[str, ...] = ()
) -> Callable[[type[M]], type[M]]:
    """Complete the decorated model with the fields of the dataclass `source`, so a
    shape is written once, in `graph/curation`. The model declares only what the
    dataclass lacks (properties, fields shaped differently); `describe` documents
    the mirrored fields on the OpenAPI page."""
    notes = describe or {}

    def build(declared: type[M]) -> type[M]:
        hints = get_type_hints(source)
        stale = set(notes) - {f.name for f in dataclasses.fields(source)} - set(omit)
        assert not stale, f"{declared.__name__} describes fields {source.__name__} lacks: {stale}"
        fields: dict[str, Any] = {}
        for f in dataclasses.fields(source):
            if f.name in omit or f.name in declared.model_fields:
                continue
            info: Any = (
                Field(f.default, description=notes.get(f.name))
                if f.default is not dataclasses.MISSING
                else Field(default_factory=f.default_factory, description=notes.get(f.name))
                if f.default_factory is not dataclasses.MISSING
                else Field(description=notes.get(f.name))
            )
            fields[f.name] = (_swap(hints[f.name]), info)
        model = create_model(
            declared.__name__,
            __base__=declared,
            __module__=declared.__module__,
            __doc__=declared.__doc__,
            **fields,
        )
        MIRRORS[source] = model
        return cast(type[M], model)

    return build


@mirrors(
    Term,
    describe={
        "value": "an IRI, or a literal's lexical form",
        "kind": "'iri' or 'literal'",
        "label": "what to show: a node's label, or the literal itself",
    },
)
class TermOut(Out):
    """A node or a value of a statement."""


@mirrors(
    Evidence,
    describe={
        "quote": "the exact span the claim was read from",
        "prefix": "text of its paragraph before the quote, when stored",
        "suffix": "text of its paragraph after the quote, when stored",
        "start": "character offset of the quote in the paper",
    },
)
class EvidenceOut(Out):
    """Where in its paper a claim was read."""


@mirrors(
    ClaimView,
    omit=("evidence_iri",),
    describe={
        "graph": "the named graph holding the claim (paper or curation)",
        "method": "Automatic, Computed or CuratorMade",
        "status": "extracted, accepted, rejected, edited or curator-added",
        "conflict_with": "when a conflict check holds this claim: the curated claims that won",
        "etag": "send it back as If-Match to change the claim",
    },
)
class ClaimOut(Out):
    """One extracted or curated statement with its provenance and status."""

    key: str = Field(description="PAPER/HASH: the claim's address under /api/claims/")
    live: bool = Field(
        description="asserted in the knowledge graph (not rejected, edited or retracted)"
    )


class QueueOut(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[ClaimOut]


@mirrors(ClaimRef)
class ClaimRefOut(Out):
    """A claim an action touched, with the labels of its statement."""


@mirrors(
    HistoryEntry,
    describe={
        "key": "the action's address under /api/actions/",
        "effective": "false once reverted",
        "etag": "send it back as If-Match to revert the action",
    },
)
class ActionOut(Out):
    """One curation action: who did what, when and why."""


@mirrors(HistoryPage)
class HistoryOut(Out):
    """A page of the curation history, newest first."""


class DoneOut(BaseModel):
    action: ActionOut
    claims: list[ClaimOut] = Field(description="the claims the action changed, as they are now")


class ValueIn(BaseModel):
    kind: Literal["iri", "literal"] = "literal"
    value: str = Field(min_length=1, max_length=10_000)
    datatype: str | None = Field(None, description="e.g. http://www.w3.org/2001/XMLSchema#integer")
    language: str | None = Field(None, description="a language tag, e.g. 'en'")


class CommentIn(BaseModel):
    comment: str = Field("", max_length=5_000, description="why (required to reject or revert)")


class EditIn(BaseModel):
    object: ValueIn
    comment: str = Field(min_length=1, max_length=5_000, description="why the value changes")


class AddIn(BaseModel):
    subject: str = Field(description="IRI of the subject node")
    predicate: str = Field(description="IRI of a property (see /api/curation/predicates)")
    object: ValueIn
    comment: str = Field("", max_length=5_000)
    paper: str = Field("", description="paper_id the statement rests on, if any")


class MergeIn(BaseModel):
    keep: str = Field(description="IRI of the node that stays")
    absorb: str = Field(description="IRI of the node merged into it (its names become aliases)")
    comment: str = Field(min_length=1, max_length=5_000)


class SplitIn(BaseModel):
    entity: str = Field(description="IRI of a node merged away earlier")
    comment: str = Field(min_length=1, max_length=5_000)


class RetractIn(BaseModel):
    comment: str = Field(min_length=1, max_length=5_000)
    superseded_by: str = Field("", description="paper_id of the paper that replaces it")


class MoveOut(BaseModel):
    claim: str
    subject: str
    predicate: str
    object: str
    to_subject: str = ""
    to_predicate: str = ""
    to_object: str = ""


@mirrors(MergePlan, describe={"etag": "send it back as If-Match with the merge"})
class MergePlanOut(Out):
    """What a merge would move."""

    aliases: list[str]
    moves: list[MoveOut]


@mirrors(EntityView)
class EntityOut(Out):
    """One node: its labels, types and merge state."""


@mirrors(PaperSummary)
class PaperOut(Out):
    """A paper in the store and whether it is retracted."""


class PaperDetailOut(PaperOut):
    etag: str
    actions: list[ActionOut]


@mirrors(Choice)
class ChoiceOut(Out):
    """A node a curator may pick."""


@mirrors(
    PredicateInfo,
    describe={
        "kind": "'iri' (pick a node) or 'literal' (type a value)",
        "range": "class of the nodes, or datatype ('lang:en': text in English)",
        "single": "a subject has one value of it",
    },
)
class PredicateOut(Out):
    """A property a curator may state, and the values it takes."""


class MeOut(BaseModel):
    name: str
    role: str
