"""What each `ekg` command does, over the library; `cli.py` only parses arguments."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from graph.accounts import Accounts, accounts_path
from graph.results import rows, serialised
from graph.runtime import open_for_command
from graph.seed import ensure_seeded
from graph.store import Store
from graph.tables import TABLES, table_rows
from ontology.errors import InputError

from .settings import Settings, get_settings

out = Console()
err = Console(stderr=True, soft_wrap=True)  # one line per message, each naming its file


def settings_for(**flags: object) -> Settings:
    """The settings, with the flags the user gave (None: left out) over the environment's."""
    given = {name: value for name, value in flags.items() if value is not None}
    return get_settings().model_copy(update=given)


def open_store_for(store: str | None) -> Store:
    s = open_for_command(settings_for(store=store).store)
    ensure_seeded(s)
    return s


def ingest(store_spec: str | None, paths: list[Path], jobs: int | None) -> None:
    from ingest.readers import find_paper_files  # spaCy loads only for the commands that need it
    from ingest.runner import FileResult, ingest_files

    files, missing = find_paper_files(paths)
    for problem in missing:  # reported, and the other paths still go in
        err.print(f"[red]failed[/] {escape(problem.message)}", highlight=False)
    if not files:
        raise InputError(f"no papers found in {', '.join(map(str, paths))}")
    store = open_store_for(store_spec)
    columns = (
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
    )
    with Progress(*columns, console=err, transient=False, disable=not err.is_terminal) as bar:
        task = bar.add_task("", total=len(files))

        def done(result: FileResult) -> None:
            bar.update(task, advance=1, description=Path(result.path).name)
            if result.error:
                bar.console.print(
                    f"[red]failed[/] {escape(result.error)}", highlight=False, soft_wrap=True
                )

        report = ingest_files(store, files, jobs=settings_for(jobs=jobs).jobs, on_done=done)
    store.close()
    totals: dict[str, int] = {}
    for r in report.ok:
        for key, value in r.counts.items():
            totals[key] = totals.get(key, 0) + value
    summary = ", ".join(f"{v} {k}" for k, v in totals.items())
    err.print(
        f"ingested {len(report.ok)} of {len(files)} files"
        + (f" ({summary})" if summary else "")
        + (f"; {len(report.failed)} failed" if report.failed else "")
        + (f"; {len(missing)} paths not found" if missing else ""),
        highlight=False,
    )
    if report.failed or missing:
        sys.exit(1)


def serve(store_spec: str | None, host: str | None, port: int | None) -> None:
    from .server import run_server

    run_server(settings_for(store=store_spec, host=host, port=port))


def _read_query(text: str) -> str:
    if text == "-":
        return sys.stdin.read()
    if text.startswith("@"):
        path = Path(text[1:])
        if not path.is_file():
            raise InputError(f"no query file {path}")
        return path.read_text(encoding="utf-8")
    return text


def query(store_spec: str | None, text: str, fmt: str) -> None:
    import pyoxigraph as ox

    formats = {
        "json": ox.QueryResultsFormat.JSON,
        "csv": ox.QueryResultsFormat.CSV,
        "tsv": ox.QueryResultsFormat.TSV,
    }
    if fmt not in (*formats, "table"):
        raise InputError(f"unknown --format '{fmt}'; choose one of json, csv, tsv, table")
    store = open_store_for(store_spec)
    result = store.query(_read_query(text))
    if isinstance(result, ox.QueryBoolean):
        print("true" if bool(result) else "false")
    elif not isinstance(result, ox.QuerySolutions):
        sys.stdout.write(
            serialised(ox.serialize(list(result), format=ox.RdfFormat.TURTLE)).decode()
        )
    elif fmt == "table":
        data = rows(result)
        table = Table(*(data[0].keys() if data else []))
        for row in data:
            table.add_row(*row.values())
        out.print(table)
        err.print(f"{len(data)} rows")
    else:
        sys.stdout.write(serialised(result.serialize(format=formats[fmt])).decode("utf-8"))
    store.close()


def export(store_spec: str | None, fmt: str | None, table: str | None) -> None:
    if (fmt is None) == (table is None):
        raise InputError(
            f"give one of --format (ttl|nt|nq|jsonld|graphml) or --table ({'|'.join(TABLES)})"
        )
    store = open_store_for(store_spec)
    if table is not None:
        header, data = table_rows(store, table)
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(data)
    else:
        from graph.export import export_graph  # networkx: a tenth of a second to import

        sys.stdout.buffer.write(export_graph(store, fmt or "ttl"))
    store.close()


def import_files(store_spec: str | None, files: list[Path]) -> None:
    from graph.importing import import_files as load_files

    store = open_store_for(store_spec)
    load_files(store, files, on_loaded=lambda f: err.print(f"loaded {f}"))
    store.close()


def token_create(store_spec: str | None, name: str, role: str) -> None:
    token = Accounts(accounts_path(settings_for(store=store_spec).store)).create(name, role)
    err.print(f"token for '{name}' ({role}); it is shown once, keep it safe:")
    print(token)


def token_revoke(store_spec: str | None, name: str) -> None:
    Accounts(accounts_path(settings_for(store=store_spec).store)).revoke(name)
    err.print(f"revoked the token '{name}'")


def validate(store_spec: str | None) -> None:
    from graph.validate import validate_store

    store = open_store_for(store_spec)
    report = validate_store(store)
    store.close()
    for line in report.lines():
        print(line)
    if not report.ok:
        sys.exit(1)


def evaluate(store_spec: str | None, gold: Path, details: int = 15) -> None:
    from ingest.evaluate import evaluate_store

    store = open_store_for(store_spec)
    result = evaluate_store(store, gold)
    store.close()
    print(result.render(details))
