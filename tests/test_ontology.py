"""The ontology (ekg.ttl), its SHACL shapes and its consistency under HermiT."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS, XSD

from ontology import vocab
from ontology.lexicon import load_lexicon
from ontology.lexicon_rdf import lexicon_graph
from ontology.reasoning import check_consistency
from ontology.resources import ONTOLOGY_PATH, ontology_graph, shapes_graph
from ontology.vocab import EKG, ID, PREFIXES

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("ontology", "graph", "ingest", "api")
BUILTIN = (str(RDF), str(RDFS), str(OWL), str(XSD))
DECLARATIONS = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.NamedIndividual,
    OWL.Ontology,
}
ONTOLOGY_IRI = URIRef("https://w3id.org/evidence-kg/ontology")
PREFIX_LINES = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items())


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontology_graph()


@pytest.fixture(scope="module")
def lexicon() -> Graph:
    return lexicon_graph(load_lexicon())


def turtle(text: str) -> Graph:
    """Turtle with the project's prefixes; `id:kind/key` stands for the instance IRI."""
    text = re.sub(r"\bid:([\w/.-]*\w)", lambda m: f"<{ID[m.group(1)]}>", text)
    return Graph().parse(data=PREFIX_LINES + text, format="turtle")


def declared(graph: Graph) -> dict[URIRef, set[URIRef]]:
    kinds: dict[URIRef, set[URIRef]] = {}
    for s, kind in graph.subject_objects(RDF.type):
        if isinstance(s, URIRef) and kind in DECLARATIONS:
            kinds.setdefault(s, set()).add(kind)  # type: ignore[arg-type]
    return kinds


def test_header_names_and_documents_the_ontology(onto: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    for p in (OWL.versionInfo, OWL.versionIRI):
        assert onto.value(ONTOLOGY_IRI, p) is not None, p
    dcterms = "http://purl.org/dc/terms/"
    for name in ("title", "description", "license"):
        assert onto.value(ONTOLOGY_IRI, URIRef(dcterms + name)) is not None, name


def test_every_iri_is_declared_as_one_kind_of_entity(onto: Graph) -> None:
    """OWL 2 DL: no untyped IRIs, no reserved vocabulary as a class, no property punning."""
    kinds = declared(onto)
    annotation = {p for p, k in kinds.items() if OWL.AnnotationProperty in k}
    annotation |= {RDFS.label, RDFS.comment, RDFS.seeAlso, OWL.versionInfo}
    untyped = set()
    for s, p, o in onto:
        used = [s, p] if p in annotation or p == OWL.versionIRI else [s, p, o]
        for term in used:
            builtin = str(term).startswith(BUILTIN)
            if isinstance(term, URIRef) and not builtin and term not in kinds:
                untyped.add(str(term))
    assert not untyped, f"declare these IRIs in ekg.ttl: {sorted(untyped)}"
    property_kinds = {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
    punned = [str(t) for t, k in kinds.items() if len(k & property_kinds) > 1]
    assert not punned, f"IRIs declared as two kinds of property: {punned}"
    reserved_classes = [
        str(c) for c in onto.objects(None, RDFS.subClassOf) if str(c).startswith(BUILTIN)
    ]
    assert not reserved_classes, f"reserved vocabulary used as a class: {reserved_classes}"


def test_claim_parts_are_annotation_properties(onto: Graph) -> None:
    for name in ("claimSubject", "claimPredicate", "claimObject"):
        assert (EKG[name], RDF.type, OWL.AnnotationProperty) in onto


def test_every_own_term_has_a_label_and_a_definition(onto: Graph) -> None:
    own = {s for s in declared(onto) if str(s).startswith(str(EKG))}
    assert len(own) > 100
    missing = [
        str(t)
        for t in own
        if onto.value(t, RDFS.label) is None or onto.value(t, SKOS.definition) is None
    ]
    assert not missing, f"add rdfs:label and skos:definition to: {sorted(missing)}"


def ekg_names_in_code() -> dict[str, str]:
    patterns = [
        re.compile(r"\bEKG\.([A-Za-z_][A-Za-z0-9_]*)"),
        re.compile(r"\bEKG\[\s*[\"']([A-Za-z_][A-Za-z0-9_]*)[\"']\s*\]"),
        re.compile(r"(?<![\w/-])ekg:([A-Za-z][A-Za-z0-9]*)"),
    ]
    found: dict[str, str] = {}
    files = [f for pkg in PACKAGES for f in (ROOT / pkg).rglob("*.py")]
    files += list((ROOT / "queries").glob("*.rq"))
    for path in files:
        text = path.read_text(encoding="utf-8")
        for pattern in patterns:
            for name in pattern.findall(text):
                if not name.startswith("_"):
                    found.setdefault(name, str(path.relative_to(ROOT)))
    return found


def test_every_ekg_term_the_code_uses_is_declared(onto: Graph) -> None:
    names = ekg_names_in_code()
    assert "Claim" in names  # the scan itself works
    own = {str(s)[len(str(EKG)) :] for s in declared(onto) if str(s).startswith(str(EKG))}
    missing = {name: where for name, where in names.items() if name not in own}
    assert not missing, f"declare these in {ONTOLOGY_PATH.name} (name: first use): {missing}"


@pytest.mark.parametrize(
    ("cls", "values"),
    [
        ("StudyDesign", vocab.DESIGNS),
        ("Direction", vocab.DIRECTIONS),
        ("Comparison", vocab.COMPARISONS),
    ],
)
def test_the_code_s_controlled_values_are_the_ontology_s_individuals(
    onto: Graph, cls: str, values: dict[str, str]
) -> None:
    """What ingest writes and the API filters on: each notation names the individual
    that carries it, and the ontology has no other."""
    individuals = set(onto.subjects(RDF.type, EKG[cls]))
    assert {EKG[name] for name in values.values()} == individuals
    for notation, name in values.items():
        assert str(onto.value(EKG[name], SKOS.notation)) == notation


def test_individuals_carry_the_notations_of_the_csv_tables(onto: Graph) -> None:
    def notations(cls: str) -> set[str]:
        return {str(onto.value(i, SKOS.notation)) for i in onto.subjects(RDF.type, EKG[cls])}

    assert len(notations("CurationStatus")) == 5
    assert len(notations("ExtractionMethod")) == 3


# --------------------------------------------------------------------- HermiT


def test_ontology_and_lexicon_are_consistent_under_hermit(lexicon: Graph) -> None:
    assert check_consistency() == []
    assert check_consistency(lexicon) == []


def test_an_individual_in_two_disjoint_classes_is_reported() -> None:
    problems = check_consistency(turtle("id:paper/x a ekg:Paper, ekg:Study ."))
    assert problems
    assert any(str(ID["paper/x"]) in p and "disjoint" in p for p in problems), problems


def test_a_finding_with_two_directions_is_inconsistent() -> None:
    data = turtle("id:finding/x a ekg:Finding ; ekg:direction ekg:Increase, ekg:Decrease .")
    problems = check_consistency(data)
    assert any("functional" in p and str(EKG.direction) in p for p in problems), problems


def test_a_literal_outside_a_datatype_range_is_named() -> None:
    problems = check_consistency(turtle('id:reference/p/r a ekg:Reference ; ekg:year "2005a" .'))
    assert any('"2005a"' in p and str(XSD.integer) in p for p in problems), problems
    assert check_consistency(turtle("id:reference/p/r a ekg:Reference ; ekg:year 2005 .")) == []


def test_an_unsatisfiable_class_is_named() -> None:
    data = turtle(
        "<http://example.org/Hybrid> a owl:Class ; rdfs:subClassOf ekg:Paper, ekg:Study ."
    )
    problems = check_consistency(data)
    assert any("http://example.org/Hybrid" in p and "unsatisfiable" in p for p in problems)


def test_reasoning_is_offline_and_leaves_no_temp_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    imports = turtle(
        "<http://example.org/o> a owl:Ontology ; owl:imports <http://example.invalid/x> ."
    )
    assert check_consistency(imports) == []
    assert check_consistency(turtle("id:paper/x a ekg:Paper, ekg:Finding ."))
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------- SHACL

VALID = """
id:paper/p1 a ekg:Paper ; dcterms:identifier "p1" ; dcterms:title "A trial" ;
    ekg:year 2016 ; ekg:paperType "primary-study" .
id:study/smith-2016 a ekg:Study ; rdfs:label "Smith et al. 2016" ; ekg:firstAuthor "Smith" ;
    ekg:year 2016 ; ekg:design ekg:RandomisedControlled ; ekg:sampleSize 44 ;
    ekg:evaluates id:intervention/mbsr ; ekg:usedInstrument id:instrument/scs ;
    ekg:reportedIn id:paper/p1 ; ekg:hasArm id:arm/p1/a .
id:arm/p1/a a ekg:StudyArm ; ekg:armRole "treatment" ; ekg:armSize 22 .
id:finding/p1/f a ekg:Finding ; ekg:study id:study/smith-2016 ; ekg:reportedIn id:paper/p1 ;
    ekg:outcome id:construct/self-compassion ; ekg:instrument id:instrument/scs ;
    ekg:intervention id:intervention/mbsr ; ekg:direction ekg:Increase ;
    ekg:comparison ekg:VersusControl ; ekg:fStatistic 5.22 ; ekg:degreesOfFreedom "1, 44" ;
    ekg:pValue ".027"^^xsd:decimal ; ekg:pComparator "=" ; ekg:partialEtaSquared 0.11 ;
    ekg:significant true .
id:claim/p1/c a ekg:Claim ; ekg:claimSubject id:instrument/scs ;
    ekg:claimPredicate ekg:measures ; ekg:claimObject id:construct/self-compassion ;
    dcterms:source id:paper/p1 ; prov:wasDerivedFrom id:evidence/p1/e ;
    prov:wasGeneratedBy id:activity/p1/a ; ekg:confidence 0.9 ; ekg:method ekg:Automatic ;
    ekg:curationStatus ekg:Extracted .
id:activity/p1/a a ekg:IngestActivity .
id:evidence/p1/e a ekg:Evidence ; ekg:section "Measures" ;
    oa:hasTarget [ oa:hasSource id:paper/p1 ;
        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "Self-Compassion Scale" ],
                       [ a oa:TextPositionSelector ; oa:start 10 ; oa:end 31 ] ] .
"""


@pytest.fixture(scope="module")
def base(onto: Graph, lexicon: Graph) -> Graph:
    """The ontology and lexicon graphs, as they sit in the store's union graph."""
    return onto + lexicon


def shacl(data: Graph) -> tuple[bool, Graph]:
    conforms, results, _ = validate(data, shacl_graph=shapes_graph(), inference="none")
    return bool(conforms), results


def violations(results: Graph) -> set[tuple[str, str]]:
    return {
        (str(results.value(r, SH.focusNode)), str(results.value(r, SH.resultPath)))
        for r in results.subjects(SH.resultSeverity, SH.Violation)
    }


def test_shapes_parse_and_explain_themselves() -> None:
    shapes = shapes_graph()
    targets = set(shapes.objects(None, SH.targetClass))
    for name in (
        "Paper",
        "Study",
        "StudyArm",
        "Instrument",
        "Construct",
        "Intervention",
        "Finding",
        "Claim",
        "Evidence",
    ):
        assert EKG[name] in targets, name
    for shape in shapes.subjects(SH.targetClass, None):
        assert shapes.value(shape, RDFS.comment) is not None, shape
    for prop in shapes.objects(None, SH.property):
        assert shapes.value(prop, SH.message) is not None, shapes.value(prop, SH.path)


def test_shape_enumerations_match_the_ontology(onto: Graph) -> None:
    shapes = shapes_graph()
    for prop, cls in [
        ("design", "StudyDesign"),
        ("direction", "Direction"),
        ("comparison", "Comparison"),
        ("curationStatus", "CurationStatus"),
        ("method", "ExtractionMethod"),
    ]:
        allowed = {
            item
            for node in shapes.subjects(SH.path, EKG[prop])
            if (lst := shapes.value(node, SH["in"])) is not None
            for item in Collection(shapes, lst)
        }
        assert allowed == set(onto.subjects(RDF.type, EKG[cls])), prop


def test_lexicon_terms_conform_on_their_own(base: Graph) -> None:
    conforms, results = shacl(base)
    assert conforms, results.serialize(format="turtle")


def test_a_valid_paper_graph_conforms(base: Graph) -> None:
    conforms, results = shacl(base + turtle(VALID))
    assert conforms, results.serialize(format="turtle")


def test_a_direction_outside_the_allowed_set_is_a_violation(base: Graph) -> None:
    data = base + turtle(VALID)
    data.add((ID["finding/p1/f"], EKG.direction, EKG.Accepted))
    conforms, results = shacl(data)
    assert not conforms
    assert (str(ID["finding/p1/f"]), str(EKG.direction)) in violations(results)


def test_a_non_integer_sample_size_is_a_violation(base: Graph) -> None:
    data = base + turtle(VALID)
    study = ID["study/smith-2016"]
    data.set((study, EKG.sampleSize, Literal("forty-four")))
    conforms, results = shacl(data)
    assert not conforms
    assert (str(study), str(EKG.sampleSize)) in violations(results)


def test_broken_provenance_is_reported_with_a_message(base: Graph) -> None:
    data = base + turtle(VALID)
    claim, selector = ID["claim/p1/c"], BNode()
    data.remove((claim, EKG.method, None))
    data.add((claim, EKG.confidence, Literal("1.5", datatype=XSD.decimal)))
    data.add((selector, RDF.type, URIRef("http://www.w3.org/ns/oa#TextPositionSelector")))
    data.add((selector, URIRef("http://www.w3.org/ns/oa#start"), Literal(9)))
    data.add((selector, URIRef("http://www.w3.org/ns/oa#end"), Literal(3)))
    conforms, results = shacl(data)
    assert not conforms
    found = violations(results)
    assert (str(claim), str(EKG.method)) in found
    assert (str(claim), str(EKG.confidence)) in found
    messages = [str(m) for m in results.objects(None, SH.resultMessage)]
    assert any("ekg:method" in m for m in messages), messages
    assert any("oa:start" in m for m in messages), messages


def test_conflicting_sample_sizes_are_warnings_not_violations(base: Graph) -> None:
    data = base + turtle(VALID)
    data.add((ID["study/smith-2016"], EKG.sampleSize, Literal(46)))
    conforms, results = shacl(data)
    assert not conforms
    assert not violations(results)
    assert any(True for _ in results.subjects(SH.resultSeverity, SH.Warning))
