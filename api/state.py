"""What the running app holds: settings, the open store, the accounts, a write lock."""

from __future__ import annotations

import hmac
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from fastapi import Request

from graph.accounts import Account, Accounts, allows
from graph.store import Store
from ontology.errors import AuthError, ForbiddenError

from .settings import Settings


@dataclass
class AppState:
    settings: Settings
    store: Store
    accounts: Accounts
    local_key: str | None = None  # the key `ekg` commands use while this server holds the store
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    revision: int = 0  # bumped after each write: views cache by it
    papers_revision: int = 0  # bumped by writes that may change the paper graphs
    after_write: Callable[[], None] | None = None  # e.g. `ViewWarmer.poke`
    # the token of the store's content at each revision, for the summaries saved on disk
    # (`api/persisted.py`): at revision 0 the seal the last server left, if still good
    tokens: dict[int, str] = field(default_factory=dict)

    def token(self, revision: int) -> str:
        """The token of what the store held at `revision` (made up for a new one)."""
        return self.tokens.setdefault(revision, secrets.token_hex(16))

    def wrote(self, curation_only: bool = False) -> None:
        """After a write; `curation_only` for curation actions, which write the curation
        and knowledge graphs alone (the review queue's index of claims outlives them)."""
        self.revision += 1
        if not curation_only:
            self.papers_revision += 1
        if self.after_write is not None:
            self.after_write()


def get_state(request: Request) -> AppState:
    return request.app.state.ekg


LOCAL = Account("local-command", "admin", "", "")


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def authenticate(state: AppState, request: Request) -> Account | None:
    token = bearer(request)
    if token is None:
        return None
    if state.local_key is not None and hmac.compare_digest(
        token.encode("utf-8", "surrogateescape"), state.local_key.encode("utf-8")
    ):
        return LOCAL
    account = state.accounts.identify(token)
    if account is None:
        raise AuthError("the bearer token is not known (revoked or mistyped)")
    return account


def require(state: AppState, request: Request, role: str) -> Account | None:
    """The caller's account if it has `role`; reads may be public by configuration."""
    account = authenticate(state, request)
    if role == "reader" and state.settings.public_reads:
        return account
    if account is None:
        raise AuthError(
            f"this needs a {role} token: send 'Authorization: Bearer TOKEN' "
            f"(make one with `ekg token create NAME --role {role}`)"
        )
    if not allows(account.role, role):
        raise ForbiddenError(f"'{account.name}' is a {account.role}; this needs a {role}")
    return account
