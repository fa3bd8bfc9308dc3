"""API tokens and roles, stored hashed (SHA-256 of a 256-bit random token) in a JSON
file beside the store. A token is shown once, when it is created, and never again."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from ontology.errors import InputError, NotFoundError

ROLES = ("reader", "curator", "admin")
RANK = {role: i for i, role in enumerate(ROLES)}


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    token_hash: str
    created: str


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def allows(role: str, needed: str) -> bool:
    return RANK.get(role, -1) >= RANK[needed]


class Accounts:
    def __init__(self, path: Path) -> None:
        self.path = path

    def _load(self) -> dict[str, Account]:
        if not self.path.exists():
            return {}
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return {a["name"]: Account(**a) for a in raw}
        except (ValueError, TypeError, KeyError) as exc:
            raise InputError(f"{self.path}: the accounts file is damaged ({exc})") from exc

    def _save(self, accounts: dict[str, Account]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump([asdict(a) for a in accounts.values()], fh, indent=1)
        tmp.replace(self.path)

    def create(self, name: str, role: str) -> str:
        """Make a token for `name` (replacing any earlier one) and return it in clear."""
        if role not in ROLES:
            raise InputError(f"unknown role '{role}'; choose one of {', '.join(ROLES)}")
        if not name.strip():
            raise InputError("a token needs a NAME")
        token = "ekg_" + secrets.token_urlsafe(32)
        accounts = self._load()
        accounts[name] = Account(
            name, role, hash_token(token), datetime.now(UTC).isoformat(timespec="seconds")
        )
        self._save(accounts)
        return token

    def revoke(self, name: str) -> None:
        accounts = self._load()
        if name not in accounts:
            known = ", ".join(sorted(accounts)) or "none"
            raise NotFoundError(f"no token named '{name}'; known names: {known}")
        del accounts[name]
        self._save(accounts)

    def identify(self, token: str) -> Account | None:
        digest = hash_token(token)
        for account in self._load().values():
            if hmac.compare_digest(account.token_hash, digest):
                return account
        return None

    def names(self) -> list[Account]:
        return list(self._load().values())


def accounts_path(store_spec: str) -> Path:
    """Tokens live beside an embedded store; for other stores in the working folder."""
    if store_spec.startswith(("memory:", "sparql+")):
        return Path("ekg-accounts.json").resolve()
    return Path(store_spec.removeprefix("oxigraph:")).resolve() / "ekg-accounts.json"
