"""The ontology layer: vocabulary, deterministic IRIs, the OWL ontology, SHACL shapes,
the domain lexicon and the project's exceptions. Imports nothing from the other layers."""

from .errors import (
    AuthError,
    ConflictError,
    EkgError,
    ForbiddenError,
    InputError,
    NotFoundError,
    PreconditionRequiredError,
    QueryError,
    QueryTimeoutError,
    ReaderError,
    StoreBusyError,
    StoreError,
    ValidationError,
)

__all__ = [
    "AuthError",
    "ConflictError",
    "EkgError",
    "ForbiddenError",
    "InputError",
    "NotFoundError",
    "PreconditionRequiredError",
    "QueryError",
    "QueryTimeoutError",
    "ReaderError",
    "StoreBusyError",
    "StoreError",
    "ValidationError",
]
