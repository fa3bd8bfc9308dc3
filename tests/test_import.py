"""`ekg import` bulk-loads a store it holds alone, and a bad file writes nothing."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ekg

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "papers"

EX = "http://example.org/"
COUNT = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s <{EX}p> ?o }} }}"


def count(store: Path) -> int:
    out = ekg("query", COUNT, "--format", "csv", store=store).stdout
    return int(out.split()[-1])


def test_a_file_broken_near_its_end_writes_none_of_its_lines(
    tmp_path: Path, store_dir: Path
) -> None:
    good = tmp_path / "good.nq"
    good.write_text("".join(f'<{EX}s{i}> <{EX}p> "{i}" <{EX}g> .\n' for i in range(500)))
    ekg("import", str(good), store=store_dir)
    assert count(store_dir) == 500
    lines = [f'<{EX}t{i}> <{EX}p> "{i}" <{EX}g> .\n' for i in range(2000)]
    lines.insert(1700, "this is not N-Quads\n")  # line 1701 of 2001
    bad = tmp_path / "bad.nq"
    bad.write_text("".join(lines))
    result = ekg("import", str(bad), store=store_dir, check=False)
    assert result.returncode != 0
    assert "bad.nq" in result.stderr and "1701" in result.stderr  # the file and its line
    assert count(store_dir) == 500


def knowledge(store: Path) -> list[str]:
    query = (
        "SELECT ?s ?p ?o WHERE { GRAPH <https://w3id.org/evidence-kg/graph/knowledge> "
        "{ ?s ?p ?o } } ORDER BY ?s ?p ?o"
    )
    return ekg("query", query, "--format", "csv", store=store).stdout.splitlines()


def test_an_imported_export_has_the_same_knowledge_graph(tmp_path: Path, store_dir: Path) -> None:
    ekg("ingest", str(EXAMPLES), store=store_dir)
    dump = tmp_path / "all.nq"
    dump.write_bytes(ekg("export", "--format", "nq", store=store_dir).stdout.encode())
    other = tmp_path / "other"
    ekg("import", str(dump), store=other)
    expected = knowledge(store_dir)
    assert len(expected) > 20 and knowledge(other) == expected


def test_a_broken_file_leaves_a_new_store_new(tmp_path: Path, store_dir: Path) -> None:
    # a new store skips the parse check: the bulk loader's partial work is undone instead
    lines = [f'<{EX}t{i}> <{EX}p> "{i}" <{EX}g> .\n' for i in range(50_000)]
    lines.insert(40_000, "this is not N-Quads\n")
    bad = tmp_path / "bad.nq"
    bad.write_text("".join(lines))
    result = ekg("import", str(bad), store=store_dir, check=False)
    assert result.returncode != 0
    assert "bad.nq" in result.stderr and "40001" in result.stderr
    assert count(store_dir) == 0
    assert "the store conforms" in ekg("validate", store=store_dir).stdout
