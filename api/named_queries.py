"""The named queries in `queries/*.rq`: each opens with comment lines saying what it
answers (the first line is its title) and may name the parameters to edit."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ontology.errors import NotFoundError

QUERIES = Path(__file__).resolve().parents[1] / "queries"


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    text: str


def read_query(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line.lstrip("#").strip())
    title = header[0] if header else path.stem
    description = " ".join(h for h in header[1:] if h)
    return NamedQuery(path.stem, title, description, text)


def named_queries(folder: Path = QUERIES) -> list[NamedQuery]:
    return [read_query(p) for p in sorted(folder.glob("*.rq"))] if folder.is_dir() else []


def named_query(name: str, folder: Path = QUERIES) -> NamedQuery:
    for query in named_queries(folder):
        if query.name == name:
            return query
    known = ", ".join(q.name for q in named_queries(folder)) or "none"
    raise NotFoundError(f"no named query '{name}'; known: {known}")
