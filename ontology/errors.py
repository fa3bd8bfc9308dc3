"""The project's exceptions, one tree for every layer.

    EkgError                      anything the project raises on purpose
    ├── InputError                a file, line or parameter the user gave is unusable
    │   └── ReaderError           a paper could not be read (names the file and line)
    ├── StoreError                the store could not be opened, read or written
    │   └── StoreBusyError        another process holds the store and no server is reachable
    ├── QueryError                a SPARQL query or update is malformed or failed
    │   └── QueryTimeoutError     a query ran past its time limit and was stopped
    ├── AuthError                 missing credentials (401)
    │   └── ForbiddenError        credentials too weak for the action (403)
    ├── ConflictError             a write raced another one (412 on a stale ETag)
    ├── ShapeConflictError        a curator action would break a SHACL shape (409)
    ├── PreconditionRequiredError a write came without If-Match (428)
    ├── NotFoundError             the thing asked for does not exist (404)
    └── ValidationError           SHACL violations or an inconsistent ontology

Each class carries the HTTP status the API answers with, so one handler maps them.
"""

from __future__ import annotations


class EkgError(Exception):
    status = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(EkgError):
    status = 400


class ReaderError(InputError):
    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line


class StoreError(EkgError):
    status = 500


class StoreBusyError(StoreError):
    status = 503


class QueryError(EkgError):
    status = 400


class QueryTimeoutError(QueryError):
    status = 503


class AuthError(EkgError):
    status = 401


class ForbiddenError(AuthError):
    status = 403


class ConflictError(EkgError):
    status = 412


class ShapeConflictError(EkgError):
    status = 409


class PreconditionRequiredError(EkgError):
    status = 428


class NotFoundError(EkgError):
    status = 404


class ValidationError(EkgError):
    status = 422
