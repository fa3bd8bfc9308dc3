"""The embedded store on disk, the knowledge graph and the backend registry."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.curation.terms import select
from graph.knowledge import rebuild_all
from graph.oxigraph_store import OxigraphStore
from graph.papers import remove_paper, write_paper
from graph.results import rows
from graph.store import open_store
from ontology.errors import InputError, QueryError, StoreBusyError, StoreError
from ontology.vocab import CURATION_GRAPH, EKG, KNOWLEDGE_GRAPH, paper_graph

S, P = "https://w3id.org/evidence-kg/id/instrument/x", str(EKG.measures)
OBJ = "https://w3id.org/evidence-kg/id/construct/y"


def claim_quads(paper: str, obj: str = OBJ) -> list[ox.Quad]:
    g = ox.NamedNode(paper_graph(paper))
    c = ox.NamedNode(f"https://w3id.org/evidence-kg/id/claim/{paper}/1")
    n = ox.NamedNode
    return [
        ox.Quad(c, n(str(EKG.claimSubject)), n(S), g),
        ox.Quad(c, n(str(EKG.claimPredicate)), n(P), g),
        ox.Quad(c, n(str(EKG.claimObject)), n(obj), g),
        ox.Quad(c, n("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), n(str(EKG.Claim)), g),
    ]


def knowledge(store: OxigraphStore) -> list[tuple[str, str, str]]:
    result = store.query(
        f"SELECT ?s ?p ?o WHERE {{ GRAPH <{KNOWLEDGE_GRAPH}> {{ ?s ?p ?o }} }}", union_default=False
    )
    return sorted((r["s"], r["p"], r["o"]) for r in rows(result))


def test_store_persists_on_disk(tmp_path: Path) -> None:
    store = OxigraphStore(str(tmp_path / "s"))
    write_paper(store, paper_graph("a"), claim_quads("a"))
    store.close()
    again = OxigraphStore(str(tmp_path / "s"))
    assert knowledge(again) == [(S, P, OBJ)]


def test_a_triple_two_papers_claim_is_stored_once_and_outlives_one_paper() -> None:
    store = OxigraphStore(None)
    write_paper(store, paper_graph("a"), claim_quads("a"))
    write_paper(store, paper_graph("b"), claim_quads("b"))
    assert knowledge(store) == [(S, P, OBJ)]
    count = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ <{S}> <{P}> ?o }}")
    assert rows(count)[0]["n"] == "1"  # the union default graph sees it once
    remove_paper(store, paper_graph("a"))
    assert knowledge(store) == [(S, P, OBJ)]
    remove_paper(store, paper_graph("b"))
    assert knowledge(store) == []


def test_rewriting_a_paper_replaces_what_it_claimed() -> None:
    store = OxigraphStore(None)
    write_paper(store, paper_graph("a"), claim_quads("a"))
    other = OBJ + "-2"
    write_paper(store, paper_graph("a"), claim_quads("a", other))
    assert knowledge(store) == [(S, P, other)]


def test_rejected_claims_leave_the_knowledge_graph() -> None:
    store = OxigraphStore(None)
    write_paper(store, paper_graph("a"), claim_quads("a"))
    claim = "https://w3id.org/evidence-kg/id/claim/a/1"
    store.update(
        f"INSERT DATA {{ GRAPH <{CURATION_GRAPH}> {{ <{claim}> "
        f"<{EKG.curationStatus}> <{EKG.Rejected}> }} }}"
    )
    rebuild_all(store)
    assert knowledge(store) == []


def test_a_second_process_gets_a_clear_busy_error(tmp_path: Path) -> None:
    import subprocess
    import sys

    OxigraphStore(str(tmp_path / "s")).close()
    holder = OxigraphStore(str(tmp_path / "s"))
    code = f"import graph.oxigraph_store as o\no.OxigraphStore({str(tmp_path / 's')!r})"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode != 0
    assert StoreBusyError.__name__ in proc.stderr and "ekg serve" in proc.stderr
    holder.close()


def test_a_damaged_store_folder_gets_a_clear_error_naming_it(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    store = OxigraphStore(str(folder))
    store.native.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.Literal("c")))
    store.close()
    (folder / "CURRENT").write_text("garbage")
    with pytest.raises(StoreError, match=r"store .*store: its files are damaged"):
        OxigraphStore(str(folder))


def test_registry_opens_backends_by_name_and_rejects_unknown_ones(tmp_path: Path) -> None:
    assert open_store("memory:").location == "memory:"
    assert open_store(f"oxigraph:{tmp_path / 'x'}").location.startswith("oxigraph:")
    assert open_store(str(tmp_path / "plain")).location == f"oxigraph:{tmp_path / 'plain'}"
    remote = open_store("sparql+https://example.org/sparql")  # nothing is fetched yet
    assert remote.location == "sparql+https://example.org/sparql"
    for typo in ("ftp://example.org/store", "mem:", "oxigrpah:./ekg-store"):
        with pytest.raises(InputError, match="unknown store") as caught:
            open_store(typo)
        assert "'memory:'" in caught.value.message and "'sparql+http:'" in caught.value.message


def test_the_registry_needs_no_backend_imported_first() -> None:
    import subprocess
    import sys

    code = "from graph.store import open_store\nprint(open_store('memory:').count())"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "0"


def test_malformed_queries_raise_query_errors() -> None:
    with pytest.raises(QueryError, match="malformed query"):
        OxigraphStore(None).query("SELECT WHERE {")


def test_reading_rows_of_an_ask_or_construct_is_a_query_error() -> None:
    store = OxigraphStore(None)
    with pytest.raises(QueryError, match="rows of a SELECT query, and was given an ASK"):
        rows(store.query("ASK { ?s ?p ?o }"))
    with pytest.raises(QueryError, match="given a CONSTRUCT"):
        select(store, "CONSTRUCT WHERE { ?s ?p ?o }")
    assert QueryError.status == 400


def test_replace_graph_is_atomic_when_the_data_is_bad() -> None:
    store = OxigraphStore(None)
    store.replace_graph("http://g", '<http://a> <http://b> "1" .\n')
    with pytest.raises(QueryError):
        store.replace_graph("http://g", "<http://a> <http://b> broken")
    assert store.count("http://g") == 1
