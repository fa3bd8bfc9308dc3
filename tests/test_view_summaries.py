"""The evidence views answer from a findings table kept per store revision, and the
whole-graph summaries are saved beside the store: the table answers what the store
answers (before and after curation), a saved summary is read after a restart, and it is
rebuilt when anything may have changed the store meanwhile."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from api import persisted
from api.findings_source import findings, findings_table, ready_table
from api.settings import Settings
from api.state import AppState
from graph import curation as cur
from graph.accounts import Accounts
from graph.evidence import finding_dict, findings_for
from graph.evidence_table import FindingsTable
from graph.oxigraph_store import OxigraphStore
from graph.results import rows
from graph.summary_seal import FOLDER
from ontology.vocab import sparql_prefixes
from tests.conftest import EXAMPLES, Server, ekg

NODES = (
    sparql_prefixes()
    + """SELECT DISTINCT ?p ?v WHERE { ?f a ekg:Finding ; ?p ?v
  FILTER(?p IN (ekg:outcome, ekg:intervention, ekg:study, ekg:instrument)) }"""
)
FILTER = {"outcome": "construct", "intervention": "intervention", "study": "study"}


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("summaries") / "store"
    ekg("ingest", str(EXAMPLES), store=store)
    return store


@pytest.fixture
def store(examples: Path, tmp_path: Path) -> Iterator[OxigraphStore]:
    import pyoxigraph as ox

    copy = tmp_path / "store"
    source = ox.Store.read_only(str(examples))
    source.backup(str(copy))
    del source
    opened = OxigraphStore(str(copy))
    yield opened
    if hasattr(opened, "_store"):  # not closed by the test (which reopens it)
        opened.close()


def every_filter(store: OxigraphStore) -> list[dict[str, str]]:
    out = []
    for r in rows(store.query(NODES)):
        name = r["p"].rsplit("#", 1)[-1]
        out.append({FILTER.get(name, name): r["v"]})
    return out


def same_answers(store: OxigraphStore, table: FindingsTable) -> int:
    filters = every_filter(store)
    construct = next(f["construct"] for f in filters if "construct" in f)
    filters.append({"construct": construct, "intervention": filters[0].get("intervention", "")})
    for kw in filters:
        want = [finding_dict(f) for f in findings_for(store, **kw)]
        assert [finding_dict(f) for f in table.select(**kw)] == want, kw
    return len(filters)


def test_the_table_answers_what_the_store_answers_before_and_after_curation(
    store: OxigraphStore,
) -> None:
    assert same_answers(store, FindingsTable.build(store)) > 10
    claim = findings_for(store)[0].claim
    view = cur.get_claim(store, claim)
    cur.accept(store, view.iri, "alice", if_match=view.etag)
    other = next(f.claim for f in findings_for(store) if f.claim != claim)
    view = cur.get_claim(store, other)
    cur.reject(store, view.iri, "bob", "not what the table says", if_match=view.etag)
    table = FindingsTable.build(store)
    assert same_answers(store, table)
    assert {f.status for f in table.select()} >= {"accepted", "extracted"}


def app_state(store: OxigraphStore) -> AppState:
    settings = Settings(store=str(store.path))
    return AppState(settings, store, Accounts(Path(str(store.path)) / "accounts.json"))


def test_a_view_answers_the_same_from_the_table_and_never_from_an_old_one(
    store: OxigraphStore,
) -> None:
    state = app_state(store)
    construct = next(f["construct"] for f in every_filter(store) if "construct" in f)
    from_store = [finding_dict(f) for f in findings(state, construct=construct)]
    findings_table(state)
    assert ready_table(state) is not None
    assert [finding_dict(f) for f in findings(state, construct=construct)] == from_store
    view = cur.get_claim(store, findings_for(store, construct=construct)[0].claim)
    cur.accept(store, view.iri, "alice", if_match=view.etag)
    state.wrote(curation_only=True)
    assert ready_table(state) is None, "a table of the revision before the write"
    now = [finding_dict(f) for f in findings(state, construct=construct)]
    assert now == [finding_dict(f) for f in findings_for(store, construct=construct)]
    assert "accepted" in {f["status"] for f in now}


def reopen(store: OxigraphStore) -> OxigraphStore:
    store.close()
    return OxigraphStore(str(store.path))


def test_a_saved_summary_is_read_after_a_restart_and_rebuilt_when_the_store_changed(
    store: OxigraphStore,
) -> None:
    computed: list[int] = []

    def count() -> int:
        computed.append(1)
        return store.count()

    state = app_state(store)
    persisted.start(state, seeded=False)
    first = persisted.persisted(state, "quads", count)
    assert persisted.persisted(state, "quads", count) == first and len(computed) == 1
    persisted.seal(state)

    store = reopen(store)  # a clean restart: read back, not computed
    state = app_state(store)
    persisted.start(state, seeded=False)
    assert persisted.persisted(state, "quads", count) == first and len(computed) == 1
    with pytest.MonkeyPatch.context() as patch:  # saved by another version of the code
        patch.setattr(persisted, "code_version", lambda: "other code")
        assert persisted.persisted(state, "quads", count) == first and len(computed) == 2
    store.update("INSERT DATA { GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> 1 } }")
    state.wrote()  # a write through the server: a new revision
    assert persisted.persisted(state, "quads", count) == first + 1 and len(computed) == 3
    persisted.seal(state)

    store = reopen(store)  # another process opens the store and writes; no seal after it
    store.update("INSERT DATA { GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> 2 } }")
    store = reopen(store)
    state = app_state(store)
    persisted.start(state, seeded=False)
    assert persisted.persisted(state, "quads", count) == first + 2 and len(computed) == 4
    persisted.seal(state)

    store = reopen(store)  # the seeding of a new ontology or lexicon wrote at start
    state = app_state(store)
    persisted.start(state, seeded=True)
    assert persisted.persisted(state, "quads", count) == first + 2 and len(computed) == 5
    store.close()


def get_all(server: Server, construct: str) -> list[object]:
    with server.client() as c:
        return [
            c.get(path, params=params).json()
            for path, params in (
                ("/api/evidence", {"construct": construct}),
                ("/api/explorer/node", {"iri": construct}),
                ("/api/map", {}),
                ("/api/network/summary", {}),
                ("/api/explorer/search", {"q": "compassion"}),
                ("/api/curation/queue", {"limit": 5}),
            )
        ]


def test_the_server_answers_the_same_after_a_restart_from_what_it_saved(
    examples: Path, tmp_path: Path, server_factory: object
) -> None:
    import pyoxigraph as ox

    from tests.conftest import stop_server

    copy = tmp_path / "store"
    source = ox.Store.read_only(str(examples))
    source.backup(str(copy))
    del source
    construct = "https://w3id.org/evidence-kg/id/construct/self-compassion"
    server = server_factory(copy)  # type: ignore[operator]
    saved = copy / FOLDER
    names = {"network", "map-rows", "findings-table", "claim-index", "network-summary"}
    deadline = time.monotonic() + 120  # a bound on waiting for the warmer, not a timing
    while not names <= {p.stem for p in saved.glob("*.pickle")}:
        assert time.monotonic() < deadline, "the summaries were never saved"
        time.sleep(0.2)
    before = get_all(server, construct)
    stop_server(server)
    assert (saved / "seal").exists()
    again = server_factory(copy)  # type: ignore[operator]
    assert not (saved / "seal").exists(), "a running server's store carries no seal"
    assert get_all(again, construct) == before
