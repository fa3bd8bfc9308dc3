"""The curation API's request and response bodies, as they appear in the OpenAPI page."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class TermOut(Out):
    value: str = Field(description="an IRI, or a literal's lexical form")
    kind: str = Field(description="'iri' or 'literal'")
    datatype: str = ""
    language: str = ""
    label: str = Field("", description="what to show: a node's label, or the literal itself")


class EvidenceOut(Out):
    quote: str = Field(description="the exact span the claim was read from")
    prefix: str = Field("", description="text of its paragraph before the quote, when stored")
    suffix: str = Field("", description="text of its paragraph after the quote, when stored")
    start: int | None = Field(None, description="character offset of the quote in the paper")
    end: int | None = None
    section: str = ""


class ClaimOut(Out):
    iri: str
    key: str = Field(description="PAPER/HASH: the claim's address under /api/claims/")
    subject: TermOut
    predicate: TermOut
    object: TermOut
    graph: str = Field(description="the named graph holding the claim (paper or curation)")
    paper: str = ""
    paper_id: str = ""
    paper_retracted: bool = False
    confidence: float | None = None
    method: str = Field(description="Automatic, Computed or CuratorMade")
    status: str = Field(description="extracted, accepted, rejected, edited or curator-added")
    live: bool = Field(
        description="asserted in the knowledge graph (not rejected, edited or retracted)"
    )
    conflict_with: list[str] = Field(
        default_factory=list,
        description="when a conflict check holds this claim: the curated claims that won",
    )
    revision_of: str = ""
    evidence: EvidenceOut | None = None
    etag: str = Field(description="send it back as If-Match to change the claim")


class QueueOut(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[ClaimOut]


class ClaimRefOut(Out):
    iri: str
    key: str
    subject: str = ""
    predicate: str = ""
    object: str = ""


class ActionOut(Out):
    iri: str
    key: str = Field(description="the action's address under /api/actions/")
    type: str
    time: str
    curator: str
    curator_iri: str
    comment: str
    effective: bool = Field(description="false once reverted")
    etag: str = Field(description="send it back as If-Match to revert the action")
    targets: list[ClaimRefOut]
    target_count: int
    generated: list[ClaimRefOut]
    used: list[TermOut]
    before: list[TermOut]
    after: list[TermOut]
    reverts: list[str]
    reverted_by: list[str]
    replaced_by: str = ""


class HistoryOut(BaseModel):
    total: int
    entries: list[ActionOut]


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


class MergePlanOut(BaseModel):
    keep: str
    absorb: str
    keep_label: str
    absorb_label: str
    aliases: list[str]
    moves: list[MoveOut]
    etag: str = Field(description="send it back as If-Match with the merge")


class EntityOut(Out):
    iri: str
    label: str
    types: list[str]
    claims: int
    in_lexicon: bool
    merged_into: str = ""
    merge_action: str = ""
    etag: str


class PaperOut(Out):
    paper_id: str
    iri: str
    title: str = ""
    retracted: bool = False
    replaced_by: str = ""
    claims: int = 0


class PaperDetailOut(PaperOut):
    etag: str
    actions: list[ActionOut]


class ChoiceOut(Out):
    value: str
    label: str


class PredicateOut(Out):
    iri: str
    label: str
    kind: str = Field(description="'iri' (pick a node) or 'literal' (type a value)")
    range: str = Field(
        "", description="class of the nodes, or datatype ('lang:en': text in English)"
    )
    single: bool = Field(False, description="a subject has one value of it")
    options: list[ChoiceOut] = Field(default_factory=list)


class MeOut(BaseModel):
    name: str
    role: str
