"""Public names of a package, imported from their modules on first use (PEP 562).

A layer's `__init__` lists what it offers without loading all of it: importing
`ingest.readers` must not load spaCy, nor `graph.store` the whole graph layer.

    __getattr__ = lazy_exports(__name__, {".store": ["Store", "open_store"]})
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable


def lazy_exports(package: str, homes: dict[str, list[str]]) -> Callable[[str], object]:
    """A module `__getattr__` for `package` that finds each name in its module of `homes`."""
    home_of = {name: module for module, names in homes.items() for name in names}

    def __getattr__(name: str) -> object:
        module = home_of.get(name)
        if module is None:
            raise AttributeError(f"module '{package}' has no attribute '{name}'")
        value = getattr(importlib.import_module(module, package), name)
        setattr(sys.modules[package], name, value)  # the next lookup is a plain attribute
        return value

    return __getattr__
