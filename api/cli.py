"""The `ekg` command line: parses arguments and calls library functions, nothing more.

A flag left out is None; `commands.settings_for` lays the given flags over the one
settings object (`api/settings.py`), which alone reads the environment."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ontology.errors import EkgError

from . import commands

app = typer.Typer(
    name="ekg",
    no_args_is_help=True,
    add_completion=False,
    help="Evidence KG: build, serve, query and curate an evidence graph of papers.",
)
token_app = typer.Typer(no_args_is_help=True, help="Create and revoke API tokens.")
app.add_typer(token_app, name="token")
err = Console(stderr=True)

StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store",
        help="store folder or sparql+http://… URL (default: $EKG_STORE, else ./ekg-store)",
    ),
]


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="files or folders of papers")],
    store: StoreOpt = None,
    jobs: Annotated[
        int | None,
        typer.Option(help="worker processes; 0 = every core (default: $EKG_JOBS, else 0)"),
    ] = None,
) -> None:
    """Ingest papers (.txt, .nxml/.xml, .pdf); errors per file, the rest go on; idempotent."""
    commands.ingest(store, paths, jobs)


@app.command()
def serve(
    store: StoreOpt = None,
    host: Annotated[
        str | None, typer.Option(help="address to listen on (default: $EKG_HOST, else 127.0.0.1)")
    ] = None,
    port: Annotated[int | None, typer.Option(help="port (default: $EKG_PORT, else 8000)")] = None,
) -> None:
    """Serve the SPARQL endpoint, the explorer and the API on the store."""
    commands.serve(store, host, port)


@app.command()
def query(
    sparql: Annotated[str, typer.Argument(help="the query, '@FILE' to read one, '-' for stdin")],
    store: StoreOpt = None,
    format: Annotated[str, typer.Option("--format", help="json|csv|tsv|table")] = "table",
) -> None:
    """Run a SPARQL query and print the results."""
    commands.query(store, sparql, format)


@app.command()
def export(
    store: StoreOpt = None,
    format: Annotated[str | None, typer.Option("--format", help="ttl|nt|nq|jsonld|graphml")] = None,
    table: Annotated[
        str | None,
        typer.Option(
            "--table", help="studies|findings|instruments|interventions|constructs|effects"
        ),
    ] = None,
) -> None:
    """Print the whole graph (--format) or one CSV table (--table) to stdout."""
    commands.export(store, format, table)


@app.command("import")
def import_(
    files: Annotated[list[Path], typer.Argument(help="Turtle, N-Triples, N-Quads or JSON-LD")],
    store: StoreOpt = None,
) -> None:
    """Load RDF files into the store."""
    commands.import_files(store, files)


@token_app.command("create")
def token_create(
    name: str,
    role: Annotated[str, typer.Option(help="reader|curator|admin")] = "reader",
    store: StoreOpt = None,
) -> None:
    """Print a new API token once (it is stored hashed)."""
    commands.token_create(store, name, role)


@token_app.command("revoke")
def token_revoke(name: str, store: StoreOpt = None) -> None:
    """Revoke the token called NAME."""
    commands.token_revoke(store, name)


@app.command()
def validate(store: StoreOpt = None) -> None:
    """Check the store against the SHACL shapes and the ontology's consistency (HermiT)."""
    commands.validate(store)


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Option("--gold", help="folder of gold JSON files")],
    store: StoreOpt = None,
    details: Annotated[
        int, typer.Option("--details", help="misses and false hits listed per category")
    ] = 15,
) -> None:
    """Precision, recall and F1 per category against gold annotations."""
    commands.evaluate(store, gold, details)


def main() -> None:
    try:
        app()
    except EkgError as exc:
        err.print(f"[bold red]error:[/] {exc.message}", highlight=False)
        sys.exit(2 if exc.status in (400, 404) else 1)
