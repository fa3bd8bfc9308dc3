"""Issue 12.4: the seed hash was taken over rdflib's random blank-node ids, so every
`ekg query`, `export` and `validate` re-seeded the ontology graph, and right after
`ekg import` of an export the ontology graph was doubled."""

from __future__ import annotations

from pathlib import Path

from graph.oxigraph_store import OxigraphStore
from graph.seed import ensure_seeded
from ontology.vocab import ONTOLOGY_GRAPH
from tests.conftest import ekg


def test_seeding_twice_writes_nothing(tmp_path: Path) -> None:
    store = OxigraphStore(str(tmp_path / "s"))
    assert ensure_seeded(store) is True
    assert ensure_seeded(store) is False
    store.close()


def test_read_only_commands_leave_the_store_as_it_was(tmp_path: Path) -> None:
    store = tmp_path / "store"
    ekg("query", "ASK {}", store=store)
    first = ekg("export", "--format", "nq", store=store).stdout
    ekg("query", "ASK {}", store=store)
    ekg("export", "--format", "ttl", store=store)
    assert ekg("export", "--format", "nq", store=store).stdout == first


def test_import_of_an_export_does_not_double_the_ontology(tmp_path: Path) -> None:
    source, target = tmp_path / "a", tmp_path / "b"
    ekg("query", "ASK {}", store=source)
    dump = tmp_path / "all.nq"
    dump.write_text(ekg("export", "--format", "nq", store=source).stdout)
    ekg("query", "ASK {}", store=target)
    ekg("import", str(dump), store=target)
    counts = []
    for path in (source, target):
        s = OxigraphStore(str(path))
        counts.append(s.count(str(ONTOLOGY_GRAPH)))
        s.close()
    assert counts[0] == counts[1]
