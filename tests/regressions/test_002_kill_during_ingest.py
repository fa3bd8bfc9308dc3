"""Issue 12.2: a kill between writing a paper graph and refreshing the knowledge graph
left the knowledge graph short, `ekg validate` passed anyway, and the extraction
processes outlived the killed `ekg ingest`."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.curation import reconcile_paper
from graph.knowledge import knowledge_differences
from graph.oxigraph_store import OxigraphStore
from graph.papers import pending_writes, recover_pending_writes, write_paper
from graph.validate import knowledge_problems
from ingest.extract import extract_file
from ontology.vocab import KNOWLEDGE_GRAPH, paper_graph
from tests.conftest import EXAMPLES, ROOT


class Killed(BaseException):
    """Stands for SIGKILL: raised by the store at the n-th write, nothing after runs."""


class DyingStore(OxigraphStore):
    def __init__(self, path: str, writes_left: int) -> None:
        super().__init__(path)
        self.writes_left = writes_left

    def update(self, sparql: str) -> None:
        if self.writes_left == 0:
            raise Killed
        self.writes_left -= 1
        super().update(sparql)


@pytest.fixture(scope="module")
def paper() -> tuple[str, list[ox.Quad]]:
    paper_id, quads, _ = extract_file(EXAMPLES / "rct_self_compassion_midwives.txt")
    return paper_id, quads


@pytest.mark.parametrize("writes_before_kill", range(4))
def test_a_kill_at_any_write_leaves_the_knowledge_graph_whole_or_marked(
    tmp_path: Path, paper: tuple[str, list[ox.Quad]], writes_before_kill: int
) -> None:
    paper_id, quads = paper
    store = DyingStore(str(tmp_path / "s"), writes_before_kill)
    graph = paper_graph(paper_id)
    with contextlib.suppress(Killed):
        write_paper(store, graph, quads, reconcile_paper)
    store.writes_left = -1
    missing, extra, _ = knowledge_differences(store)
    assert (missing, extra) == (0, 0) or pending_writes(store) == [graph]
    recover_pending_writes(store, reconcile_paper)
    assert knowledge_differences(store)[:2] == (0, 0)
    assert pending_writes(store) == []
    assert knowledge_problems(store) == []
    store.close()


def test_validate_sees_a_knowledge_graph_short_of_its_papers(
    tmp_path: Path, paper: tuple[str, list[ox.Quad]]
) -> None:
    paper_id, quads = paper
    store = OxigraphStore(str(tmp_path / "s"))
    write_paper(store, paper_graph(paper_id), quads, reconcile_paper)
    assert knowledge_problems(store) == []
    store.update(
        f"DELETE {{ GRAPH <{KNOWLEDGE_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ "
        f"SELECT ?s ?p ?o WHERE {{ GRAPH <{KNOWLEDGE_GRAPH}> {{ ?s ?p ?o }} }} LIMIT 5 }}"
    )
    problems = knowledge_problems(store)
    assert problems and "5 triples claimed but missing" in problems[0]
    store.close()


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_extraction_processes_die_with_a_killed_ingest(tmp_path: Path) -> None:
    papers = tmp_path / "papers"
    papers.mkdir()
    for i in range(6):  # enough files to keep two workers busy
        for src in EXAMPLES.iterdir():
            (papers / f"{i}-{src.name}").write_bytes(src.read_bytes())
    proc = subprocess.Popen(
        [sys.executable, "-m", "api", "ingest", str(papers), "--jobs", "2"],
        env={**os.environ, "EKG_STORE": str(tmp_path / "store")},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    children: set[int] = set()
    while proc.poll() is None and len(children) < 2:
        children = _children(proc.pid)
        time.sleep(0.05)
    assert len(children) >= 2, "ingest finished before its workers were seen"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    for _ in range(200):  # the kernel delivers the parent-death signal promptly
        if not any(_alive(c) for c in children):
            break
        time.sleep(0.05)
    assert not any(_alive(c) for c in children)
