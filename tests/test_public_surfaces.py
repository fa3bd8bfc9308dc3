"""Each layer's `__init__` says what it offers (`__all__`), and the list holds: every name
resolves to the object its module defines, the names mypy sees are the same ones, and
importing a layer stays cheap (nothing heavy loads before a name is used)."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import api
import graph
import ingest

PACKAGES = [api, graph, ingest]


def typed_names(package: object) -> dict[str, str]:
    """The names the package imports for type checkers, and the module each comes from."""
    tree = ast.parse(Path(str(getattr(package, "__file__", ""))).read_text())
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for statement in node.body:
                assert isinstance(statement, ast.ImportFrom)
                for alias in statement.names:
                    names[alias.asname or alias.name] = "." * statement.level + (
                        statement.module or ""
                    )
    return names


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.__name__)
def test_every_public_name_resolves_to_its_module_s_object(package: object) -> None:
    offered = package.__all__  # type: ignore[attr-defined]
    assert offered and len(set(offered)) == len(offered)
    typed = typed_names(package)
    assert sorted(typed) == sorted(offered), "the TYPE_CHECKING imports and __all__ differ"
    for name, module in typed.items():
        home = importlib.import_module(module, package.__name__)  # type: ignore[attr-defined]
        assert getattr(package, name) is getattr(home, name), name


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.__name__)
def test_an_unknown_name_is_an_attribute_error_naming_it(package: object) -> None:
    with pytest.raises(AttributeError, match="no attribute 'open_stroe'"):
        package.open_stroe  # type: ignore[attr-defined]  # noqa: B018


def test_importing_the_layers_loads_nothing_heavy() -> None:
    code = (
        "import sys, api, graph, ingest, ingest.readers, graph.store\n"
        "print(' '.join(m for m in ('spacy', 'fastapi', 'rdflib', 'typer') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""
