"""The graph layer: stores (embedded Oxigraph, remote SPARQL 1.1), one named graph per
paper, the knowledge graph, tables, export, validation, accounts; curation lives in
`graph.curation`. Names below load from their modules on first use (`ontology.lazy`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ontology.lazy import lazy_exports

if TYPE_CHECKING:
    from .accounts import Accounts
    from .export import export_graph
    from .knowledge import rebuild_all
    from .papers import remove_paper, write_paper
    from .results import rows, term_text
    from .runtime import open_for_command
    from .seed import ensure_seeded
    from .store import Store, backends, open_store, register_backend
    from .tables import TABLES, table_rows
    from .validate import validate_store

__all__ = [
    "TABLES",
    "Accounts",
    "Store",
    "backends",
    "ensure_seeded",
    "export_graph",
    "open_for_command",
    "open_store",
    "rebuild_all",
    "register_backend",
    "remove_paper",
    "rows",
    "table_rows",
    "term_text",
    "validate_store",
    "write_paper",
]

__getattr__ = lazy_exports(
    __name__,
    {
        ".accounts": ["Accounts"],
        ".export": ["export_graph"],
        ".knowledge": ["rebuild_all"],
        ".papers": ["remove_paper", "write_paper"],
        ".results": ["rows", "term_text"],
        ".runtime": ["open_for_command"],
        ".seed": ["ensure_seeded"],
        ".store": ["Store", "backends", "open_store", "register_backend"],
        ".tables": ["TABLES", "table_rows"],
        ".validate": ["validate_store"],
    },
)
