"""The `ekg` command line, run as a user runs it, on a real store on disk."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT, ekg


def count(store: Path) -> int:
    out = ekg(
        "query",
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
        "--format",
        "json",
        store=store,
    ).stdout
    return int(json.loads(out)["results"]["bindings"][0]["n"]["value"])


def test_ingest_is_idempotent_and_validates(corpus: Path, store_dir: Path) -> None:
    ekg("ingest", str(corpus), store=store_dir)
    first = count(store_dir)
    ekg("ingest", str(corpus), store=store_dir)
    assert count(store_dir) == first > 1000
    result = ekg("validate", store=store_dir, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "conforms" in result.stdout


def test_bad_files_are_reported_and_the_rest_go_on(tmp_path: Path, store_dir: Path) -> None:
    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "broken.nxml").write_text("<article><body><p>unclosed</article>")
    (papers / "good.txt").write_text(
        (EXAMPLES / sorted(p.name for p in EXAMPLES.glob("*.txt"))[0]).read_text()
    )
    # wide enough that rich does not wrap the file name (pytest's tmp paths grow)
    result = ekg("ingest", str(papers), store=store_dir, check=False, env={"COLUMNS": "400"})
    assert result.returncode == 1
    assert "broken.nxml" in result.stderr and "ingested 1 of 2" in result.stderr
    titles = ekg(
        "query",
        "PREFIX dcterms: <http://purl.org/dc/terms/> "
        "SELECT ?id WHERE { ?p dcterms:identifier ?id }",
        "--format",
        "csv",
        store=store_dir,
    ).stdout
    assert "good" in titles and "broken" not in titles


def test_export_tables_have_the_documented_columns(store_dir: Path) -> None:
    ekg("ingest", str(EXAMPLES), store=store_dir)
    expected = {
        "studies": "study,year,paper_id,design,n,sample,intervention,control,follow_up,instruments,qualitative",
        "instruments": "abbrev,name,construct,citation,subscales,papers",
        "interventions": "abbrev,name,duration,papers",
        "constructs": "name,synonyms,broader,papers",
    }
    for table, header in expected.items():
        out = ekg("export", "--table", table, store=store_dir).stdout
        assert out.splitlines()[0] == header
    findings = list(
        csv.DictReader(io.StringIO(ekg("export", "--table", "findings", store=store_dir).stdout))
    )
    assert findings and all(f["study"] and f["evidence"] for f in findings)
    bad = ekg("export", "--table", "study", store=store_dir, check=False)
    assert bad.returncode == 2 and "choose one of studies, findings" in bad.stderr


@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq", "jsonld", "graphml"])
def test_export_formats_round_trip_through_import(
    fmt: str, store_dir: Path, tmp_path: Path
) -> None:
    ekg("ingest", str(EXAMPLES), store=store_dir)
    dump = tmp_path / f"dump.{fmt}"
    dump.write_bytes(ekg("export", "--format", fmt, store=store_dir).stdout.encode())
    assert dump.stat().st_size > 1000
    if fmt == "graphml":
        assert b"<graphml" in dump.read_bytes()
        return
    other = tmp_path / "other"
    ekg("import", str(dump), store=other)
    assert count(other) > 0


def test_import_names_the_bad_file(tmp_path: Path, store_dir: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .")
    result = ekg("import", str(bad), store=store_dir, check=False)
    assert result.returncode != 0 and "bad.ttl" in result.stderr


def test_tokens_are_printed_once_and_stored_hashed(store_dir: Path) -> None:
    token = ekg("token", "create", "alice", "--role", "curator", store=store_dir).stdout.strip()
    assert token.startswith("ekg_") and len(token) > 30
    stored = (store_dir / "ekg-accounts.json").read_text()
    assert token not in stored and "alice" in stored
    ekg("token", "revoke", "alice", store=store_dir)
    missing = ekg("token", "revoke", "alice", store=store_dir, check=False)
    assert missing.returncode != 0 and "no token named 'alice'" in missing.stderr
    role = ekg("token", "create", "bob", "--role", "owner", store=store_dir, check=False)
    assert "choose one of reader, curator, admin" in role.stderr


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    from api.cli import app, token_app

    names = [c.name or c.callback.__name__ for c in app.registered_commands]  # type: ignore[union-attr]
    names += [f"token {c.name}" for c in token_app.registered_commands]
    for name in names:
        assert f"`ekg {name}" in readme, f"ekg {name} is not in the README"
