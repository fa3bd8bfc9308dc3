"""Curation on a real store: statuses, edits, adds, reverts, re-ingest, conflicts,
merges, retractions, the queue and the history (library level; the HTTP API and the
page have their own tests)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

import graph.curation as cur
from graph.curation.queue import QueueFilter
from graph.knowledge import rebuild_all
from graph.oxigraph_store import OxigraphStore
from graph.papers import write_paper
from graph.seed import ensure_seeded
from graph.validate import validate_store
from ingest.extract import extract_file
from ingest.runner import ingest_files
from ontology.errors import ConflictError, InputError, NotFoundError, ShapeConflictError
from ontology.vocab import (
    CURATION_GRAPH,
    DCTERMS,
    EKG,
    ID,
    KNOWLEDGE_GRAPH,
    OWL,
    PROV,
    RDF,
    SKOS,
    XSD,
    paper_graph,
)
from tests.conftest import EXAMPLES

PILOT = "pilot_loving_kindness_residents"
INTEGER = ox.NamedNode(str(XSD.integer))


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    store = OxigraphStore(None)
    ensure_seeded(store)
    report = ingest_files(store, sorted(EXAMPLES.glob("*.txt")), jobs=1)
    assert not report.failed
    return store.dump("application/n-quads")


@pytest.fixture
def store(ingested: bytes) -> OxigraphStore:
    s = OxigraphStore(None)
    s.load(ingested, "application/n-quads")
    return s


def empathy_variant(store: OxigraphStore) -> str:
    """An outcome the extractor named its own way ('clinical empathy', from a table row
    of the JSPE), to merge into empathy."""
    outcomes = cur.review_queue(store, QueueFilter(predicate=str(EKG.outcome), limit=500)).items
    keep = str(ID["construct/empathy"])
    return next(
        c for c in sorted({v.object.value for v in outcomes}) if "empathy" in c and c != keep
    )


def asserted(store: OxigraphStore, s: str, p: str, o: ox.NamedNode | ox.Literal) -> bool:
    return bool(
        store.query(
            f"ASK {{ GRAPH <{KNOWLEDGE_GRAPH}> {{ <{s}> <{p}> {o} }} }}", union_default=False
        )
    )


def claims_asserting(store: OxigraphStore, view: cur.ClaimView) -> int:
    result = store.query(
        f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ GRAPH ?g {{ ?c <{EKG.claimSubject}> "
        f"<{view.subject.value}> ; <{EKG.claimPredicate}> <{view.predicate.value}> ; "
        f"<{EKG.claimObject}> {view.object.rdf()} }} }}",
        union_default=False,
    )
    return int(next(iter(result))["n"].value)  # type: ignore[call-overload,index,union-attr]


def only_claim(store: OxigraphStore, predicate: str, paper: str = PILOT) -> cur.ClaimView:
    """The first claim of `predicate` in `paper` whose triple no other claim asserts."""
    page = cur.review_queue(store, QueueFilter(paper=paper, predicate=predicate, limit=100))
    for view in page.items:
        if claims_asserting(store, view) == 1 and asserted(store, *triple(view)):
            return view
    raise AssertionError(f"no single claim of {predicate} in {paper}")


def triple(view: cur.ClaimView) -> tuple[str, str, ox.NamedNode | ox.Literal]:
    return view.subject.value, view.predicate.value, view.object.rdf()


def number(value: str) -> ox.Literal:
    return ox.Literal(value, datatype=INTEGER)


def reingest(store: OxigraphStore, paper: str = PILOT, extra: list[ox.Quad] | None = None) -> None:
    paper_id, quads, _ = extract_file(EXAMPLES / f"{paper}.txt")
    write_paper(store, paper_graph(paper_id), [*quads, *(extra or [])])
    cur.reconcile_paper(store, paper_graph(paper_id))


def new_claim(paper: str, s: str, p: str, o: ox.NamedNode | ox.Literal) -> list[ox.Quad]:
    """What a newer extractor might add to a paper's graph."""
    g, n = ox.NamedNode(paper_graph(paper)), ox.NamedNode
    c = n(str(ID[f"claim/{paper.replace('_', '-')}/0123456789abcdef"]))
    paper_node = n(str(ID[f"paper/{paper.replace('_', '-')}"]))
    return [
        ox.Quad(c, n(str(RDF.type)), n(str(EKG.Claim)), g),
        ox.Quad(c, n(str(EKG.claimSubject)), n(s), g),
        ox.Quad(c, n(str(EKG.claimPredicate)), n(p), g),
        ox.Quad(c, n(str(EKG.claimObject)), o, g),
        ox.Quad(c, n(str(DCTERMS.source)), paper_node, g),
        ox.Quad(c, n(str(EKG.method)), n(str(EKG.Automatic)), g),
        ox.Quad(c, n(str(EKG.confidence)), ox.Literal("0.70", datatype=n(str(XSD.decimal))), g),
    ]


def test_reject_takes_the_statement_out_and_records_who_and_why(store: OxigraphStore) -> None:
    view = only_claim(store, str(EKG.citation))
    with pytest.raises(InputError, match="reason"):
        cur.reject(store, view.iri, "alice", "  ", if_match=view.etag)
    cur.reject(store, view.iri, "alice", "citation of another scale", if_match=view.etag)
    assert cur.get_claim(store, view.iri).status == "rejected"
    assert not asserted(store, *triple(view))
    [entry] = cur.claim_history(store, view.iri)
    assert (entry.type, entry.curator, entry.comment) == (
        "reject",
        "alice",
        "citation of another scale",
    )
    assert [t.value for t in entry.after] == [str(EKG.Rejected)]
    assert store.count(paper_graph(PILOT)) > 0  # nothing deleted: the claim is still there
    assert cur.get_claim(store, view.iri).paper_id == PILOT


def test_edit_replaces_the_object_with_a_curator_made_claim(store: OxigraphStore) -> None:
    view = only_claim(store, str(EKG.sampleSize))
    with pytest.raises(InputError, match="takes a value"):
        cur.edit(store, view.iri, ox.NamedNode(str(ID["x"])), "bob", "typo", if_match=view.etag)
    action = cur.edit(store, view.iri, number("23"), "bob", "typo in the count", if_match=view.etag)
    [made] = action.generated
    new = cur.get_claim(store, made)
    assert (new.method, new.status, new.graph) == (
        "CuratorMade",
        "curator-added",
        str(CURATION_GRAPH),
    )
    assert (new.paper, new.evidence_iri, new.revision_of) == (
        view.paper,
        view.evidence_iri,
        view.iri,
    )
    assert new.evidence is not None and new.evidence.quote == view.evidence.quote  # type: ignore[union-attr]
    assert cur.get_claim(store, view.iri).status == "edited"
    assert asserted(store, view.subject.value, view.predicate.value, number("23"))
    assert not asserted(store, *triple(view))
    with pytest.raises(InputError, match="already has"):
        cur.edit(store, made, number("23"), "bob", "same")


def test_a_second_edit_supersedes_the_first(store: OxigraphStore) -> None:
    view = only_claim(store, str(EKG.sampleSize))
    cur.edit(store, view.iri, number("23"), "bob", "first guess")
    cur.edit(store, view.iri, number("24"), "bob", "second look")
    assert asserted(store, view.subject.value, view.predicate.value, number("24"))
    assert not asserted(store, view.subject.value, view.predicate.value, number("23"))
    assert [e.type for e in cur.claim_history(store, view.iri)] == ["edit", "edit"]


def test_add_states_what_the_extractor_missed(store: OxigraphStore) -> None:
    study = only_claim(store, str(EKG.sampleSize)).subject.value
    value = ox.Literal("3 months")
    action = cur.add(
        store,
        ox.NamedNode(study),
        ox.NamedNode(str(EKG.followUp)),
        value,
        "carol",
        "in Table 2",
        PILOT,
    )
    made = cur.get_claim(store, action.generated[0])
    assert (made.status, made.method, made.paper_id) == ("curator-added", "CuratorMade", PILOT)
    assert asserted(store, study, str(EKG.followUp), value)
    with pytest.raises(InputError, match="already asserted"):
        cur.add(
            store, ox.NamedNode(study), ox.NamedNode(str(EKG.followUp)), value, "carol", "", PILOT
        )
    with pytest.raises(NotFoundError, match="no paper"):
        cur.add(store, ox.NamedNode(study), ox.NamedNode(str(EKG.followUp)), value, "c", "", "nope")


def test_a_stale_etag_is_refused_and_the_fresh_one_accepted(store: OxigraphStore) -> None:
    view = only_claim(store, str(EKG.citation))
    cur.accept(store, view.iri, "alice", if_match=view.etag)
    with pytest.raises(ConflictError, match="changed since you loaded it"):
        cur.reject(store, view.iri, "bob", "wrong", if_match=view.etag)
    fresh = cur.get_claim(store, view.iri)
    assert fresh.etag != view.etag and fresh.status == "accepted"
    cur.reject(store, view.iri, "bob", "wrong after all", if_match=fresh.etag)
    assert cur.get_claim(store, view.iri).status == "rejected"


def test_revert_undoes_and_reverting_the_revert_redoes(store: OxigraphStore) -> None:
    view = only_claim(store, str(EKG.citation))
    rejected = cur.reject(store, view.iri, "alice", "wrong")
    undo = cur.revert(store, rejected.iri, "bob", "it was right")
    assert cur.get_claim(store, view.iri).status == "extracted"
    assert asserted(store, *triple(view))
    with pytest.raises(ConflictError, match="already undone"):
        cur.revert(store, rejected.iri, "bob", "again")
    cur.revert(store, undo.iri, "alice", "no, it was wrong")
    assert cur.get_claim(store, view.iri).status == "rejected"
    assert not asserted(store, *triple(view))
    types = [(e.type, e.effective) for e in cur.claim_history(store, view.iri)]
    assert types == [("revert", True), ("revert", False), ("reject", True)]


def test_reverting_an_edit_brings_back_the_old_value_and_keeps_the_curators(
    store: OxigraphStore,
) -> None:
    view = only_claim(store, str(EKG.sampleSize))
    edit = cur.edit(store, view.iri, number("23"), "bob", "typo")
    cur.revert(store, edit.iri, "bob", "the paper says 22 after all")
    assert asserted(store, *triple(view))
    assert not asserted(store, view.subject.value, view.predicate.value, number("23"))
    kept = cur.get_claim(store, edit.generated[0])
    assert kept.status == "rejected"  # kept, no longer asserted


def test_a_revert_that_would_orphan_later_work_is_refused(store: OxigraphStore) -> None:
    study = only_claim(store, str(EKG.sampleSize)).subject.value
    added = cur.add(
        store, ox.NamedNode(study), ox.NamedNode(str(EKG.followUp)), ox.Literal("6 weeks"), "c"
    )
    cur.edit(store, added.generated[0], ox.Literal("8 weeks"), "d", "misread")
    with pytest.raises(ConflictError, match="revert them first"):
        cur.revert(store, added.iri, "c", "never mind")


def test_re_ingest_keeps_rejections_edits_and_additions(store: OxigraphStore) -> None:
    rejected = only_claim(store, str(EKG.citation))
    edited = only_claim(store, str(EKG.sampleSize))
    cur.reject(store, rejected.iri, "alice", "wrong scale")
    cur.edit(store, edited.iri, number("23"), "bob", "typo")
    follow = ox.Literal("3 months")
    cur.add(
        store,
        ox.NamedNode(edited.subject.value),
        ox.NamedNode(str(EKG.followUp)),
        follow,
        "carol",
        "",
        PILOT,
    )
    reingest(store)
    assert cur.get_claim(store, rejected.iri).status == "rejected"
    assert not asserted(store, *triple(rejected))
    assert cur.get_claim(store, edited.iri).status == "edited"
    assert asserted(store, edited.subject.value, str(EKG.sampleSize), number("23"))
    assert not asserted(store, *triple(edited))
    assert asserted(store, edited.subject.value, str(EKG.followUp), follow)


def test_new_extraction_that_contradicts_an_edit_is_held_for_review(store: OxigraphStore) -> None:
    view = only_claim(store, str(EKG.sampleSize))
    s, p = view.subject.value, view.predicate.value
    edit = cur.edit(store, view.iri, number("23"), "bob", "typo")
    reingest(store, extra=new_claim(PILOT, s, p, number("25")))
    assert asserted(store, s, p, number("23")) and not asserted(store, s, p, number("25"))
    held = cur.review_queue(store, QueueFilter(status="conflict"))
    [claim] = held.items
    assert claim.object.value == "25" and claim.conflict_with == edit.generated
    reingest(store, extra=new_claim(PILOT, s, p, number("25")))  # idempotent
    assert cur.review_queue(store, QueueFilter(status="conflict")).total == 1
    cur.accept(store, claim.iri, "alice", "the new reading is right", if_match=claim.etag)
    assert asserted(store, s, p, number("25")) and not asserted(store, s, p, number("23"))
    assert cur.review_queue(store, QueueFilter(status="conflict")).total == 0


def test_agreeing_or_multi_valued_extractions_are_not_conflicts(store: OxigraphStore) -> None:
    view = only_claim(store, str(EKG.sampleSize))
    s = view.subject.value
    cur.edit(store, view.iri, number("23"), "bob", "typo")
    same = new_claim(
        PILOT, s, view.predicate.value, ox.Literal("23.0", datatype=ox.NamedNode(str(XSD.decimal)))
    )
    reingest(store, extra=same)
    assert cur.review_queue(store, QueueFilter(status="conflict")).total == 0
    label = new_claim(PILOT, s, str(EKG.usedInstrument), ox.NamedNode(str(ID["instrument/zzz"])))
    reingest(store, extra=label)
    assert cur.review_queue(store, QueueFilter(status="conflict")).total == 0


def node_triples(store: OxigraphStore, node: str) -> int:
    result = store.query(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{KNOWLEDGE_GRAPH}> {{ {{ <{node}> ?p ?o }} "
        f"UNION {{ ?s ?p <{node}> }} }} }}",
        union_default=False,
    )
    return int(next(iter(result))["n"].value)  # type: ignore[call-overload,index,union-attr]


def test_merge_shows_one_node_with_aliases_and_split_undoes_it(store: OxigraphStore) -> None:
    keep, absorb = str(ID["construct/empathy"]), empathy_variant(store)
    before = node_triples(store, absorb)
    assert before > 0
    plan = cur.plan_merge(store, keep, absorb)
    assert plan.aliases and plan.moves
    with pytest.raises(ConflictError):
        cur.merge(store, keep, absorb, "erin", "same thing", if_match='"stale"')
    merge = cur.merge(store, keep, absorb, "erin", "same construct", if_match=plan.etag)
    assert node_triples(store, absorb) == 0
    for alias in plan.aliases:
        assert asserted(store, keep, str(SKOS.altLabel), ox.Literal(alias, language="en"))
    same = f"ASK {{ GRAPH <{CURATION_GRAPH}> {{ <{absorb}> <{OWL.sameAs}> <{keep}> }} }}"
    assert bool(store.query(same, union_default=False))
    assert cur.describe_entity(store, absorb).merged_into == keep
    reingest(store, "review_mindfulness_nurses")
    reingest(store, "rct_self_compassion_midwives")
    assert node_triples(store, absorb) == 0
    with pytest.raises(InputError, match="already merged"):
        cur.plan_merge(store, keep, absorb)
    cur.split(
        store, absorb, "erin", "two things after all", if_match=cur.entity_etag(store, absorb)
    )
    assert node_triples(store, absorb) == before
    assert not bool(store.query(same, union_default=False))
    assert [e.type for e in cur.entity_history(store, absorb)][:2] == ["split", "merge"]
    assert not cur.entity_history(store, absorb)[1].effective
    assert merge.iri in {e.iri for e in cur.entity_history(store, keep)}


def test_claims_about_a_merged_node_ingested_later_move_too(store: OxigraphStore) -> None:
    keep, absorb = str(ID["construct/empathy"]), empathy_variant(store)
    cur.merge(
        store, keep, absorb, "erin", "noise", if_match=cur.plan_merge(store, keep, absorb).etag
    )
    finding = str(ID["finding/x/1"])
    reingest(
        store,
        "rct_self_compassion_midwives",
        new_claim("rct_self_compassion_midwives", finding, str(EKG.outcome), ox.NamedNode(absorb)),
    )
    assert node_triples(store, absorb) == 0
    assert asserted(store, finding, str(EKG.outcome), ox.NamedNode(keep))


def test_a_retracted_paper_leaves_the_views_and_comes_back(store: OxigraphStore) -> None:
    view = only_claim(store, str(EKG.citation))
    before = cur.review_queue(store, QueueFilter(paper=PILOT)).total
    action = cur.retract(store, PILOT, "alice", "retracted by the journal")
    assert not asserted(store, *triple(view))
    assert cur.review_queue(store, QueueFilter(paper=PILOT)).total == 0
    hidden = cur.review_queue(store, QueueFilter(paper=PILOT, include_retracted=True))
    assert hidden.total == before and all(v.paper_retracted for v in hidden.items)
    with pytest.raises(InputError, match="already retracted"):
        cur.retract(store, PILOT, "alice", "again")
    cur.revert(store, action.iri, "alice", "retraction was for another paper")
    assert asserted(store, *triple(view))
    other = "rct_self_compassion_midwives"
    cur.retract(store, PILOT, "bob", "newer version", superseded_by=other)
    [paper] = [p for p in cur.papers(store) if p.paper_id == PILOT]
    assert paper.retracted and paper.replaced_by.endswith("rct-self-compassion-midwives")


def test_queue_filters_by_paper_type_predicate_confidence_and_status(store: OxigraphStore) -> None:
    everything = cur.review_queue(store, QueueFilter(status="all", limit=500))
    assert everything.total > 100
    confidences = [v.confidence or 1.0 for v in everything.items]
    assert confidences == sorted(confidences)
    findings = cur.review_queue(store, QueueFilter(type="Finding", limit=500))
    assert findings.total and all("/finding/" in v.subject.value for v in findings.items)
    low = cur.review_queue(store, QueueFilter(max_confidence=0.65, limit=500))
    assert low.total and all((v.confidence or 1) <= 0.65 for v in low.items)
    mine = cur.review_queue(store, QueueFilter(paper=PILOT, limit=500))
    assert mine.total and {v.paper_id for v in mine.items} == {PILOT}
    for view in mine.items:  # the first claim nothing else rests on (others give a 409)
        try:
            cur.reject(store, view.iri, "alice", "noise")
            break
        except ShapeConflictError:
            continue
    assert [v.iri for v in cur.review_queue(store, QueueFilter(status="rejected")).items] == [
        view.iri
    ]
    assert view.iri not in {
        v.iri for v in cur.review_queue(store, QueueFilter(paper=PILOT, limit=500)).items
    }
    page2 = cur.review_queue(store, QueueFilter(status="all", limit=10, offset=10))
    assert [v.iri for v in page2.items] == [v.iri for v in everything.items[10:20]]
    with pytest.raises(InputError, match="choose one of"):
        cur.review_queue(store, QueueFilter(status="pending"))
    with pytest.raises(InputError, match="choose one of"):
        cur.review_queue(store, QueueFilter(type="Person"))


def test_history_overall_filters_by_curator_and_type(store: OxigraphStore) -> None:
    a = only_claim(store, str(EKG.citation))
    b = only_claim(store, str(EKG.sampleSize))
    cur.reject(store, a.iri, "alice", "wrong")
    cur.accept(store, b.iri, "bob")
    page = cur.full_history(store)
    assert [(e.type, e.curator) for e in page.entries] == [("accept", "bob"), ("reject", "alice")]
    assert [e.type for e in cur.full_history(store, curator="alice").entries] == ["reject"]
    assert [e.curator for e in cur.full_history(store, action_type="accept").entries] == ["bob"]
    assert page.entries[1].targets[0].subject == a.subject.label


def test_evidence_shows_the_quote_in_its_paragraph(store: OxigraphStore) -> None:
    view = only_claim(store, str(EKG.citation))
    evidence = cur.get_claim(store, view.iri).evidence
    assert evidence is not None and evidence.quote and evidence.prefix
    paper = (EXAMPLES / f"{PILOT}.txt").read_text()
    assert evidence.prefix + evidence.quote + evidence.suffix in " ".join(paper.split("\n"))


def test_choices_offer_existing_nodes_of_the_range(store: OxigraphStore) -> None:
    outcome = cur.choices(store, str(EKG.outcome))
    assert outcome.kind == "iri" and outcome.range == str(EKG.Construct)
    assert str(ID["construct/self-compassion"]) in {c.value for c in outcome.options}
    direction = cur.choices(store, str(EKG.direction))
    assert {c.label for c in direction.options} >= {"increase", "decrease"}
    assert direction.single
    size = cur.choices(store, str(EKG.sampleSize))
    assert (size.kind, size.options) == ("literal", [])
    assert str(EKG.outcome) in {p.iri for p in cur.predicates()}


def test_incremental_knowledge_equals_a_rebuild_and_the_store_validates(
    store: OxigraphStore,
) -> None:
    view = only_claim(store, str(EKG.sampleSize))
    cur.edit(store, view.iri, number("23"), "bob", "typo")
    cur.reject(store, only_claim(store, str(EKG.citation)).iri, "alice", "wrong")
    keep, absorb = str(ID["construct/empathy"]), empathy_variant(store)
    cur.merge(
        store, keep, absorb, "erin", "noise", if_match=cur.plan_merge(store, keep, absorb).etag
    )
    cur.retract(store, "review_mindfulness_nurses", "alice", "withdrawn")
    incremental = store.dump("application/n-triples", graph=str(KNOWLEDGE_GRAPH))
    rebuild_all(store)
    assert sorted(
        store.dump("application/n-triples", graph=str(KNOWLEDGE_GRAPH)).splitlines()
    ) == sorted(incremental.splitlines())
    report = validate_store(store)
    assert report.ok, "\n".join(report.lines())


def test_actions_are_prov_activities_of_named_curators(store: OxigraphStore) -> None:
    view = only_claim(store, str(EKG.citation))
    action = cur.reject(store, view.iri, "Alice Smith", "wrong")
    result = store.query(
        f"SELECT ?agent ?label ?t WHERE {{ GRAPH <{CURATION_GRAPH}> {{ <{action.iri}> a "
        f"<{EKG.CurationAction}> ; <{PROV.wasAssociatedWith}> ?agent ; <{PROV.endedAtTime}> ?t . "
        f"?agent a <{EKG.Curator}> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label }} }}",
        union_default=False,
    )
    [row] = list(result)  # type: ignore[arg-type]
    assert row["agent"].value == str(ID["curator/alice-smith"])  # type: ignore[index]
    assert row["label"].value == "Alice Smith"  # type: ignore[index]
    assert row["t"].datatype.value == str(XSD.dateTime)  # type: ignore[index]


def test_the_package_exports_what_it_says() -> None:
    assert all(hasattr(cur, name) for name in cur.__all__)
    assert {"accept", "reject", "edit", "add", "revert", "merge", "split", "retract"} <= set(
        cur.__all__
    )
    assert "reconcile_paper" in cur.__all__


def test_unknown_things_are_named_in_errors(store: OxigraphStore, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no claim"):
        cur.get_claim(store, str(ID["claim/x/0"]))
    with pytest.raises(NotFoundError, match="claim key"):
        cur.claim_from_key("../etc")
    with pytest.raises(InputError, match="absolute IRI"):
        cur.iri("not an iri")
    with pytest.raises(InputError, match="not a valid integer"):
        cur.literal("twelve", str(XSD.integer))
    with pytest.raises(NotFoundError, match="no curation action"):
        cur.revert(store, str(ID["curation/1-abc"]), "a", "why")
