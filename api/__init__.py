"""The api layer, the two faces over everything below: the `ekg` command line and the
HTTP app (SPARQL endpoint, explorer, curation API). Names below load from their
modules on first use (`ontology.lazy`), so `ekg --help` does not load the web app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ontology.lazy import lazy_exports

if TYPE_CHECKING:
    from .app import create_app
    from .cli import main
    from .server import run_server
    from .settings import Settings, get_settings

__all__ = ["Settings", "create_app", "get_settings", "main", "run_server"]

__getattr__ = lazy_exports(
    __name__,
    {
        ".app": ["create_app"],
        ".cli": ["main"],
        ".server": ["run_server"],
        ".settings": ["Settings", "get_settings"],
    },
)
