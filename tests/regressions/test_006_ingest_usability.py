"""Issue 12.6: a file name with a space, '#' or '?' failed with "Invalid IRI code point";
one missing path aborted the whole run; random bytes were stored as a paper; a corrupt
PDF printed a stray line naming no file."""

from __future__ import annotations

import os
from pathlib import Path

from graph.oxigraph_store import OxigraphStore
from graph.papers import paper_graphs
from tests.conftest import EXAMPLES, ekg

NAMES = ["a paper #1?.txt", "a-paper-1.txt"]


def test_any_file_name_ingests_as_its_own_paper(tmp_path: Path) -> None:
    papers = tmp_path / "papers"
    papers.mkdir()
    text = (EXAMPLES / "pilot_loving_kindness_residents.txt").read_bytes()
    for name in NAMES:
        (papers / name).write_bytes(text)
    result = ekg("ingest", str(papers), "--jobs", "1", store=tmp_path / "store", check=False)
    assert result.returncode == 0, result.stderr
    store = OxigraphStore(str(tmp_path / "store"))
    assert len(paper_graphs(store)) == 2  # 'a paper #1?' and 'a-paper-1' stay two papers
    store.close()
    assert ekg("validate", store=tmp_path / "store", check=False).returncode == 0


def test_missing_path_is_reported_and_bad_files_refused_each_line_naming_its_file(
    tmp_path: Path,
) -> None:
    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "good.txt").write_bytes((EXAMPLES / "rct_self_compassion_midwives.txt").read_bytes())
    (papers / "noise.txt").write_bytes(bytes(b for b in os.urandom(4000) if b) or b"\x01")
    (papers / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj garbage")
    (papers / "fake.pdf").write_bytes(b"just some words, not a PDF at all")
    missing = tmp_path / "nowhere.txt"
    result = ekg(
        "ingest", str(missing), str(papers), "--jobs", "1", store=tmp_path / "s", check=False
    )
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    *per_file, summary = lines
    assert summary.startswith("ingested 1 of 4 files")
    for line in per_file:
        assert any(
            name in line for name in ("nowhere.txt", "noise.txt", "broken.pdf", "fake.pdf")
        ), line
    assert any("nowhere.txt: no such file" in line for line in per_file)
    assert any("noise.txt: not a text file" in line for line in per_file)
    assert any("fake.pdf: unreadable PDF: not a PDF" in line for line in per_file)
    store = OxigraphStore(str(tmp_path / "s"))
    assert [g.rsplit("/", 1)[-1] for g in paper_graphs(store)] == ["good"]
    store.close()
