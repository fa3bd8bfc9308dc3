"""The domain lexicon: loading, lookup, and its SKOS graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from ontology.errors import InputError
from ontology.iris import construct_iri, instrument_iri
from ontology.lexicon import Lexicon, load_lexicon, parse_lexicon
from ontology.lexicon_rdf import IRI_OF, lexicon_graph, subscale_iri
from ontology.resources import ontology_graph
from ontology.vocab import EKG, sparql_prefixes


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


@pytest.fixture(scope="module")
def graph(lexicon: Lexicon) -> Graph:
    return lexicon_graph(lexicon)


@pytest.mark.parametrize(
    ("text", "kind", "key"),
    [
        ("Self-Compassion Scale", None, "SCS"),
        ("self compassion scale", None, "SCS"),
        ("SELF-COMPASSION-SCALE", "instrument", "SCS"),
        ("SCS", None, "SCS"),
        ("scs", "instrument", "SCS"),
        ("Mindful Attention and Awareness Scale", "instrument", "MAAS"),
        ("ProQOL", None, "ProQOL"),
        ("self-judgment", "construct", "self-judgement"),
        ("Over-identification", "construct", "over-identification"),
        ("overidentification", "construct", "over-identification"),
        ("empathetic concern", "construct", "empathic concern"),
        ("mindfulness", None, "mindfulness"),
        ("mindfulness (SCS subscale)", "construct", "mindfulness (self-compassion)"),
        ("Mindfulness-Based Stress Reduction", "intervention", "MBSR"),
        ("loving kindness meditation", "intervention", "LKM"),
        ("MBIs", None, "MBIs"),
        ("MBI", None, "MBI"),
    ],
)
def test_lookup_by_label_abbreviation_or_synonym(
    lexicon: Lexicon, text: str, kind: str | None, key: str
) -> None:
    term = lexicon.lookup(text, kind)
    assert term is not None, text
    assert term.key == key


def test_lookup_respects_the_kind_and_misses_unknown_terms(lexicon: Lexicon) -> None:
    assert lexicon.lookup("MBI", "intervention") is None  # the inventory, not a programme
    assert lexicon.lookup("Maslach Burnout Inventory", "construct") is None
    assert lexicon.lookup("Interpersonal Mindfulness Programme") is None
    assert lexicon.lookup("self-compassion", "construct") is lexicon.get(
        "construct", "self-compassion"
    )


def test_keys_are_the_forms_ingest_builds_iris_from(lexicon: Lexicon) -> None:
    for term in lexicon.of_kind("construct"):
        assert term.key == term.label, term.key
    for kind in ("instrument", "intervention"):
        for term in lexicon.of_kind(kind):
            expected = term.abbreviations[0] if term.abbreviations else term.label
            assert term.key == expected, term.key


def test_every_term_is_documented(lexicon: Lexicon) -> None:
    assert len(lexicon.of_kind("construct")) >= 60
    assert len(lexicon.of_kind("instrument")) >= 60
    assert len(lexicon.of_kind("intervention")) >= 15
    for term in lexicon.terms:
        assert term.definition, term.key
    for term in lexicon.of_kind("instrument"):
        assert term.measures and term.citation, term.key


def query(graph: Graph, sparql: str) -> set[str]:
    return {str(row[0]) for row in graph.query(sparql_prefixes() + sparql)}  # type: ignore[index]


def test_graph_finds_the_instruments_that_measure_self_compassion(graph: Graph) -> None:
    union = graph + ontology_graph()  # as in the store's default graph
    found = query(
        union,
        """
        SELECT ?abbrev WHERE {
          ?i a/rdfs:subClassOf* ekg:Instrument ; ekg:abbreviation ?abbrev ;
             ekg:measures/skos:prefLabel "self-compassion"@en .
        }""",
    )
    assert {"SCS", "SCS-SF", "SOCS-S", "CEAS"} <= found
    assert "IRI" not in found


def test_subscales_measure_facets_of_the_parent_construct(graph: Graph) -> None:
    scs = instrument_iri("SCS")
    subscales = set(graph.objects(scs, EKG.hasSubscale))
    assert len(subscales) == 6
    assert subscale_iri("SCS", "isolation") in subscales
    for sub in subscales:
        assert (sub, RDF.type, EKG.Instrument) in graph
        facet = graph.value(sub, EKG.measures)
        assert (facet, SKOS.broader, construct_iri("self-compassion")) in graph
        assert (construct_iri("self-compassion"), SKOS.narrower, facet) in graph


def test_subscale_iris_never_collide_with_terms(lexicon: Lexicon) -> None:
    terms = {IRI_OF[t.kind](t.key) for t in lexicon.terms}
    subs = {subscale_iri(t.key, f) for t in lexicon.of_kind("instrument") for f in t.subscales}
    assert not terms & subs


def test_short_forms_are_versions_of_their_parent(graph: Graph) -> None:
    scs_sf = instrument_iri("SCS-SF")
    assert (scs_sf, RDF.type, EKG.InstrumentVersion) in graph
    assert (scs_sf, RDF.type, EKG.Instrument) in graph
    assert graph.value(scs_sf, EKG.versionOf) == instrument_iri("SCS")
    assert str(graph.value(scs_sf, EKG.itemCount)) == "12"


def test_an_undeclared_construct_is_named(lexicon: Lexicon) -> None:
    bad = parse_lexicon("""
[[construct]]
label = "self-compassion"

[[instrument]]
key = "X"
label = "X scale"
abbreviations = ["X"]
measures = ["self compassion"]
""")
    with pytest.raises(InputError, match="'self compassion'.*did you mean 'self-compassion'"):
        lexicon_graph(bad)
    broader = parse_lexicon('[[construct]]\nlabel = "a"\nbroader = ["b"]\n')
    with pytest.raises(InputError, match="construct 'b'"):
        lexicon_graph(broader)


def test_bad_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('[[construct]]\nlabel = "unterminated\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.toml"):
        load_lexicon(str(path))
    with pytest.raises(InputError, match=r"missing\.toml"):
        load_lexicon(str(tmp_path / "missing.toml"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[construct]]\nlabel = "a"\nsynonym = ["b"]\n', "unknown keys \\['synonym'\\]"),
        ('[construct]\nlabel = "a"\n', "write \\[\\[construct\\]\\]"),
        (
            '[[construct]]\nlabel = "a"\n[[construct]]\nlabel = "b"\nsynonyms = ["A"]\n',
            "'a' names both",
        ),
        ('[[instrument]]\nlabel = "a"\nitems = "12"\n', "'items' must be a positive"),
        ('[[scale]]\nlabel = "a"\n', "unknown tables"),
    ],
)
def test_malformed_terms_are_explained(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_lexicon(text, source="mine.toml")
