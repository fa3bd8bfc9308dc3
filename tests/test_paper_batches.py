"""Papers written in a batch by the bulk loader (`ekg ingest`'s fast path) end up as if
written one after another: same holds, same knowledge graph, all or nothing each."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.curation import held_claims, reconcile_paper
from graph.knowledge import K, claim_candidates, knowledge_differences
from graph.oxigraph_store import OxigraphStore
from graph.paper_batches import NewPaper, write_new_papers
from graph.papers import pending_writes, recover_pending_writes, write_paper
from graph.results import serialised
from graph.seed import ensure_seeded
from graph.validate import knowledge_problems
from ingest.extract import extract_file
from ingest.runner import ingest_files
from ontology.vocab import CURATION_GRAPH, EKG, LEXICON_GRAPH, paper_graph
from tests.conftest import EXAMPLES
from tests.regressions.test_003_conflicting_papers_and_unsafe_rejects import ID, STUDY, claims


def new_paper(paper: str, quads: list[ox.Quad]) -> NewPaper:
    data = serialised(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    return NewPaper(paper_graph(paper), data, claim_candidates(quads))


def knowledge(store: OxigraphStore) -> list[ox.Quad]:
    return sorted(store.native.quads_for_pattern(None, None, None, ox.NamedNode(K)), key=str)


def test_a_batch_holds_what_one_paper_after_another_holds(tmp_path: Path) -> None:
    # three papers disagree on a property allowed once: the first one's value stays
    papers = [("a", True), ("b", False), ("c", False)]
    one_by_one = OxigraphStore(str(tmp_path / "one"))
    ensure_seeded(one_by_one)
    for paper, value in papers:
        write_paper(one_by_one, paper_graph(paper), claims(paper, value), reconcile_paper)
    batched = OxigraphStore(str(tmp_path / "batch"))
    ensure_seeded(batched)
    batch = [new_paper(paper, claims(paper, value)) for paper, value in papers]
    assert write_new_papers(batched, batch, reconcile_paper) == {}
    assert held_claims(batched) == held_claims(one_by_one)
    assert sorted(held_claims(batched)) == [f"{ID}claim/b/1", f"{ID}claim/c/1"]
    assert knowledge(batched) == knowledge(one_by_one)
    assert knowledge_differences(batched)[:2] == (0, 0)
    assert pending_writes(batched) == []


def test_the_knowledge_a_batch_adds_leaves_out_what_is_not_live(tmp_path: Path) -> None:
    store = OxigraphStore(str(tmp_path / "s"))
    ensure_seeded(store)
    rejected, retracted = f"{ID}claim/a/0", f"{ID}paper/b"
    store.update(
        f"INSERT DATA {{ GRAPH <{CURATION_GRAPH}> {{ <{rejected}> <{EKG.curationStatus}> "
        f"<{EKG.Rejected}> . <{retracted}> <{EKG.retracted}> true }} "
        f"GRAPH <{LEXICON_GRAPH}> {{ <{STUDY}> <{EKG.qualitative}> false }} }}"
    )
    batch = [new_paper("a", claims("a", True)), new_paper("b", claims("b", True))]
    batch.append(new_paper("c", claims("c", False)))
    write_new_papers(store, batch, reconcile_paper)
    assert knowledge_differences(store)[:2] == (0, 0)
    # a's type claim rejected, b retracted, c's value in the lexicon already (and held
    # back, as it disagrees with a): a's value and c's type claim are what is new
    assert [q.object.value for q in knowledge(store)] == [str(EKG.Study), "true"]


class Killed(BaseException):
    """Stands for SIGKILL at the n-th write (update or bulk load); nothing after runs."""


class DyingStore(OxigraphStore):
    def __init__(self, path: str, writes_left: int) -> None:
        super().__init__(path)
        self.writes_left = writes_left

    def _write(self) -> None:
        if self.writes_left == 0:
            raise Killed
        self.writes_left -= 1

    def update(self, sparql: str) -> None:
        self._write()
        super().update(sparql)

    def bulk_load(self, data: bytes, media_type: str) -> None:
        if self.writes_left == 0:  # the bulk loader is not atomic: a kill leaves a part
            super().bulk_load(b"".join(data.splitlines(keepends=True)[::2]), media_type)
            raise Killed
        self._write()
        super().bulk_load(data, media_type)


@pytest.fixture(scope="module")
def two_papers() -> list[tuple[str, list[ox.Quad]]]:
    names = ["rct_self_compassion_midwives.txt", "pilot_loving_kindness_residents.txt"]
    return [extract_file(EXAMPLES / name)[:2] for name in names]


@pytest.mark.parametrize("writes_before_kill", range(5))
def test_a_kill_at_any_write_of_a_batch_leaves_each_paper_whole_or_absent(
    tmp_path: Path, two_papers: list[tuple[str, list[ox.Quad]]], writes_before_kill: int
) -> None:
    store = DyingStore(str(tmp_path / "s"), -1)
    ensure_seeded(store)
    store.writes_left = writes_before_kill
    batch = [new_paper(paper_id, quads) for paper_id, quads in two_papers]
    with contextlib.suppress(Killed):
        write_new_papers(store, batch, reconcile_paper)
    store.writes_left = -1
    missing, extra, _ = knowledge_differences(store)
    assert (missing, extra) == (0, 0) or pending_writes(store)
    recover_pending_writes(store, reconcile_paper)
    assert knowledge_differences(store)[:2] == (0, 0)
    assert pending_writes(store) == []
    assert knowledge_problems(store) == []
    for paper_id, quads in two_papers:
        stored = store.count(paper_graph(paper_id))
        assert stored in (0, len(set(quads))), "a paper is whole or absent"
    store.close()


def test_ingest_writes_new_papers_in_batches_and_rewrites_known_ones(tmp_path: Path) -> None:
    store = OxigraphStore(str(tmp_path / "s"))
    ensure_seeded(store)
    files = sorted(EXAMPLES.glob("*.txt"))
    first = ingest_files(store, files, jobs=1)
    assert not first.failed and [r.path for r in first.results] == [str(f) for f in files]
    assert all(r.triples > 0 for r in first.results)
    before = {g: store.count(g) for g in store.graphs()}
    again = ingest_files(store, [files[0], tmp_path / "missing.txt", files[0]], jobs=1)
    assert [bool(r.error) for r in again.results] == [False, True, False]
    assert {g: store.count(g) for g in store.graphs()} == before
    assert knowledge_problems(store) == []
    store.close()


def test_a_paper_disagreeing_with_a_value_the_lexicon_also_holds_is_held(
    tmp_path: Path,
) -> None:
    # a's claim is not in the knowledge graph (the lexicon has its triple already), yet
    # it is the claim b disagrees with: the quick knowledge-graph test must see it
    store = OxigraphStore(str(tmp_path / "s"))
    ensure_seeded(store)
    store.update(
        f"INSERT DATA {{ GRAPH <{LEXICON_GRAPH}> {{ <{STUDY}> <{EKG.qualitative}> false }} }}"
    )
    write_paper(store, paper_graph("a"), claims("a", False), reconcile_paper)
    write_paper(store, paper_graph("b"), claims("b", True), reconcile_paper)
    assert sorted(held_claims(store)) == [f"{ID}claim/b/1"]


def test_two_processes_write_what_one_writes_and_a_failed_write_stops_the_ingest(
    tmp_path: Path,
) -> None:
    # with two processes the writes run beside the extraction (a thread of their own)
    files = sorted(EXAMPLES.glob("*.txt"))
    stores = {}
    for jobs in (1, 2):
        store = stores[jobs] = OxigraphStore(str(tmp_path / f"s{jobs}"))
        ensure_seeded(store)
        report = ingest_files(store, files, jobs=jobs)
        assert [r.path for r in report.ok] == [str(f) for f in files]
    assert {g: stores[2].count(g) for g in stores[2].graphs()} == {
        g: stores[1].count(g) for g in stores[1].graphs()
    }
    assert knowledge(stores[2]) == knowledge(stores[1])

    def broken_progress(result: object) -> None:
        raise RuntimeError("the progress display broke")

    with pytest.raises(RuntimeError, match="progress display"):  # raised, not hung
        ingest_files(stores[2], files, jobs=2, on_done=broken_progress)
    for store in stores.values():
        store.close()


def test_a_store_reopened_between_batches_holds_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a long ingest closes and opens the store again now and then, for memory
    import ingest.runner

    files = sorted(EXAMPLES.glob("*.txt"))
    stores = {}
    for reopen_after in (10_000, 1):
        monkeypatch.setattr(ingest.runner, "REOPEN_PAPERS", reopen_after)
        monkeypatch.setattr(ingest.runner, "BATCH_PAPERS", 1)
        store = stores[reopen_after] = OxigraphStore(str(tmp_path / f"s{reopen_after}"))
        ensure_seeded(store)
        assert not ingest_files(store, files, jobs=1).failed
    assert {g: stores[1].count(g) for g in stores[1].graphs()} == {
        g: stores[10_000].count(g) for g in stores[10_000].graphs()
    }
    assert knowledge(stores[1]) == knowledge(stores[10_000])
    held = stores[1].native  # someone still holds the open store: it stays open
    assert not stores[1].reopen() and stores[1].native is held
    del held
    assert stores[1].reopen() and stores[1].count() == stores[10_000].count()
    for store in stores.values():
        store.close()
