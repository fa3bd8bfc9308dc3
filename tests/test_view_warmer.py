"""After a write, the server rebuilds its whole-graph summaries in the background, and a
summary being computed is computed once however many requests ask for it."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from api.routes import explorer
from api.routes.curation import claim_index
from api.routes.gap_map import map_rows
from api.settings import Settings
from api.state import AppState
from api.view_cache import cached
from api.view_warmer import ViewWarmer
from graph.accounts import Accounts
from graph.gap_map import cell_rows
from graph.oxigraph_store import OxigraphStore
from graph.seed import ensure_seeded
from ontology.vocab import EKG, ID, paper_graph


def finding(n: int) -> str:
    f, study = f"<{ID}finding/w{n}>", f"<{ID}study/w{n}>"
    return (
        f"INSERT DATA {{ GRAPH <{paper_graph(f'w{n}')}> {{ {f} a <{EKG.Finding}> ; "
        f"<{EKG.study}> {study} ; <{EKG.intervention}> <{ID}intervention/i{n}> ; "
        f"<{EKG.outcome}> <{ID}construct/c{n}> . }} }}"
    )


@pytest.fixture
def state(tmp_path: Path) -> AppState:
    store = OxigraphStore(str(tmp_path / "store"))
    ensure_seeded(store)
    store.update(finding(1))
    settings = Settings(store=str(tmp_path / "store"))
    return AppState(settings, store, Accounts(tmp_path / "accounts.json"))


def wait_for(condition: object, what: str) -> None:
    deadline = time.monotonic() + 60  # a bound on waiting, not a timing assertion
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.02)


def test_the_summaries_are_rebuilt_after_a_write(state: AppState) -> None:
    warmer = ViewWarmer(state, quiet=0.05)
    state.after_write = warmer.poke
    assert len(map_rows(state)) == 1
    state.store.update(finding(2))
    state.wrote()
    wait_for(lambda: warmer.rounds == 1, "the rebuild")

    def never() -> list[dict[str, str]]:
        raise AssertionError("the request computed what the warmer had rebuilt")

    rows = cached(state, ("map-rows",), never)  # the view finds them ready
    assert sorted(rows, key=str) == sorted(cell_rows(state.store), key=str) and len(rows) == 2
    assert explorer._cache[id(state)][0] == state.revision  # the network, rebuilt too
    assert claim_index(state) is claim_index(state)


def test_a_burst_of_writes_is_rebuilt_once_after_it(state: AppState) -> None:
    warmer = ViewWarmer(state, quiet=0.3)
    state.after_write = warmer.poke
    for n in range(2, 6):
        state.store.update(finding(n))
        state.wrote()
    wait_for(lambda: warmer.rounds == 1, "the rebuild")
    assert len(map_rows(state)) == 5
    time.sleep(0.5)
    assert warmer.rounds == 1


def test_requests_for_a_value_being_computed_wait_for_it(state: AppState) -> None:
    computed, release = [], threading.Event()

    def slow() -> str:
        computed.append(1)
        release.wait(30)
        return "value"

    got: list[str] = []
    threads = [
        threading.Thread(target=lambda: got.append(cached(state, ("k",), slow))) for _ in range(4)
    ]
    for t in threads:
        t.start()
    wait_for(lambda: computed, "the first computation")
    release.set()
    for t in threads:
        t.join()
    assert got == ["value"] * 4 and computed == [1]
