"""`ekg import` into a new store reads the knowledge graph's claims from the file's lines:
the knowledge graph it writes is the one LIVE_CLAIM selects from the store."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from graph.claim_lines import claim_lines, live_triples
from graph.importing import import_files
from graph.knowledge import K, knowledge_differences
from graph.oxigraph_store import OxigraphStore
from graph.seed import ensure_seeded
from ontology.vocab import CURATION_GRAPH, DCTERMS, EKG, ID, LEXICON_GRAPH, RDF, paper_graph

EX = "http://example.org/"
TRUE = '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'


def claim(graph: str, name: str, s: str, p: str, o: str, source: str | None = None) -> str:
    c = f"<{ID}claim/{name}>"
    lines = [
        f"{c} <{RDF.type}> <{EKG.Claim}> <{graph}> .",
        f"{c} <{EKG.claimSubject}> {s} <{graph}> .",
        f"{c} <{EKG.claimPredicate}> {p} <{graph}> .",
        f"{c} <{EKG.claimObject}> {o} <{graph}> .",
    ]
    if source is not None:
        lines.append(f"{c} <{DCTERMS.source}> <{source}> <{graph}> .")
    return "\n".join(lines) + "\n"


def lexicon_triple(tmp_path: Path) -> tuple[str, str, str]:
    store = OxigraphStore(str(tmp_path / "seeds"))
    ensure_seeded(store)
    for q in store.native.quads_for_pattern(None, None, None, ox.NamedNode(str(LEXICON_GRAPH))):
        if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode):
            store.close()
            return str(q.subject), str(q.predicate), str(q.object)
    raise AssertionError("the lexicon holds no triple of IRIs")


def knowledge(store: OxigraphStore) -> set[tuple[str, str, str]]:
    quads = store.native.quads_for_pattern(None, None, None, ox.NamedNode(K))
    return {(str(q.subject), str(q.predicate), str(q.object)) for q in quads}


def test_the_knowledge_of_an_import_leaves_out_what_is_not_live(tmp_path: Path) -> None:
    a, b, cur = paper_graph("a"), paper_graph("b"), str(CURATION_GRAPH)
    s, p = f"<{EX}study>", f"<{EX}p>"
    retracted = f"{ID}paper/b"
    text = (
        claim(a, "live", s, p, '"1"')
        + claim(a, "two", s, p, '"2"')
        + f'<{ID}claim/two> <{EKG.claimObject}> "3" <{a}> .\n'  # two objects: two triples
        + claim(a, "rejected", s, p, '"4"')
        + claim(a, "edited", s, p, '"5"')
        + claim(b, "retracted", s, p, '"6"', source=retracted)
        + claim(a, "source-elsewhere", s, p, '"7"')  # its retracted source is in b
        + f"<{ID}claim/source-elsewhere> <{DCTERMS.source}> <{retracted}> <{b}> .\n"
        + claim(cur, "curator", s, p, '"8"')
        + claim(f"{EX}other-graph", "elsewhere", s, p, '"9"')
        + claim(a, "lexicon", *lexicon_triple(tmp_path))
        + f"<{ID}claim/untyped> <{EKG.claimSubject}> {s} <{a}> .\n"
        + f'{s} <{EX}note> "ontology#claimSubject> in a literal" <{a}> .\n'
        + f"<{ID}claim/rejected> <{EKG.curationStatus}> <{EKG.Rejected}> <{cur}> .\n"
        + f"<{ID}claim/edited> <{EKG.curationStatus}> <{EKG.Edited}> <{cur}> .\n"
        + f"<{retracted}> <{EKG.retracted}> {TRUE} <{cur}> .\n"
    )
    dump = tmp_path / "dump.nq"
    dump.write_text(text)
    store = OxigraphStore(str(tmp_path / "store"))
    ensure_seeded(store)
    import_files(store, [dump])
    got = knowledge(store)
    assert {o for _, _, o in got} == {'"1"', '"2"', '"3"', '"7"', '"8"'}
    assert knowledge_differences(store)[:2] == (0, 0)
    # and these came from the file's lines, not from asking the store
    assert live_triples(store.native, claim_lines(dump)) is not None


def test_claims_with_blank_nodes_are_read_from_the_store(tmp_path: Path) -> None:
    # the bulk loader renames blank nodes: the file's labels are not the store's
    a = paper_graph("a")
    text = claim(a, "named", f"<{EX}study>", f"<{EX}p>", '"1"') + claim(
        a, "blank", "_:study", f"<{EX}p>", '"2"'
    )
    dump = tmp_path / "dump.nq"
    dump.write_text(text)
    store = OxigraphStore(str(tmp_path / "store"))
    ensure_seeded(store)
    import_files(store, [dump])
    assert live_triples(store.native, claim_lines(dump)) is None
    assert len(knowledge(store)) == 2 and knowledge_differences(store)[:2] == (0, 0)


def test_a_second_import_and_a_turtle_file_ask_the_store(tmp_path: Path) -> None:
    a, b = paper_graph("a"), paper_graph("b")
    first, second = tmp_path / "first.nq", tmp_path / "second.trig"
    first.write_text(claim(a, "one", f"<{EX}study>", f"<{EX}p>", '"1"'))
    second.write_text(
        f"<{b}> {{ <{ID}claim/two> a <{EKG.Claim}> ; <{EKG.claimSubject}> <{EX}study> ; "
        f'<{EKG.claimPredicate}> <{EX}p> ; <{EKG.claimObject}> "2" . }}\n'
    )
    store = OxigraphStore(str(tmp_path / "store"))
    ensure_seeded(store)
    import_files(store, [first])
    import_files(store, [second])
    assert {o for _, _, o in knowledge(store)} == {'"1"', '"2"'}
    assert knowledge_differences(store)[:2] == (0, 0)


def test_a_claim_line_the_text_test_misses_sends_the_import_to_the_store(
    tmp_path: Path,
) -> None:
    # an IRI may be written with escapes: the line holds no marker, and the counts differ
    a = paper_graph("a")
    text = claim(a, "escaped", f"<{EX}study>", f"<{EX}p>", '"1"')
    escaped = str(EKG.claimObject).replace("ontology", "onto\\u006Cogy")
    text = text.replace(f"<{EKG.claimObject}>", f"<{escaped}>")
    dump = tmp_path / "dump.nq"
    dump.write_text(text)
    store = OxigraphStore(str(tmp_path / "store"))
    ensure_seeded(store)
    import_files(store, [dump])
    assert live_triples(store.native, claim_lines(dump)) is None
    assert knowledge(store) == {(f"<{EX}study>", f"<{EX}p>", '"1"')}
    assert knowledge_differences(store)[:2] == (0, 0)
