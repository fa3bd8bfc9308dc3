"""The evidence views cope with what extraction will bring: interventions and
comparisons written as 'X vs Y', findings with no statistics, thousands of findings."""

from __future__ import annotations

import pyoxigraph as ox

from graph.evidence import findings_for, summary
from graph.gap_map import gap_map
from graph.oxigraph_store import OxigraphStore
from graph.synthesis import pooled_by_kind

B = "https://w3id.org/evidence-kg/"
EKG, ID = B + "ontology#", B + "id/"
KNOW = ox.NamedNode(B + "graph/knowledge")
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"


def quad(s: str, p: str, o: str | int | float) -> ox.Quad:
    obj = ox.NamedNode(o) if isinstance(o, str) and o.startswith("https://") else ox.Literal(o)  # type: ignore[arg-type]
    return ox.Quad(ox.NamedNode(s), ox.NamedNode(p), obj, KNOW)


def test_literal_comparisons_missing_numbers_and_thousands_of_findings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = OxigraphStore(str(tmp_path / "store"))
    c = ID + "construct/empathy"
    quads = [quad(c, RDF_TYPE, EKG + "Construct"), quad(c, PREF, "empathy")]
    for s in range(1000):
        study = f"{ID}study/s{s}"
        quads += [
            quad(study, RDF_TYPE, EKG + "Study"),
            quad(study, LABEL, f"Author{s} et al. 2020"),
            quad(study, EKG + "sampleSize", 40 + s % 50),
        ]
        for k in range(3):
            f = f"{ID}finding/s{s}-{k}"
            quads += [
                quad(f, RDF_TYPE, EKG + "Finding"),
                quad(f, EKG + "study", study),
                quad(f, EKG + "outcome", c),
                quad(f, EKG + "intervention", "MBSR vs wait-list"),
                quad(f, EKG + "comparison", "MBSR vs wait-list"),
            ]
            if k == 0:
                quads += [
                    quad(f, EKG + "direction", EKG + "Increase"),
                    quad(f, EKG + "fStatistic", 4.2 + s % 7),
                    quad(f, EKG + "degreesOfFreedom", "1, 38"),
                ]
    store.native.bulk_extend(quads)
    store.native.bulk_extend(
        [
            ox.Quad(
                ox.NamedNode(EKG + "Increase"),
                ox.NamedNode("http://www.w3.org/2004/02/skos/core#notation"),
                ox.Literal("increase"),
                KNOW,
            )
        ]
    )
    try:
        found = findings_for(store, construct=c)
        assert len(found) == 3000
        assert {f.intervention_label for f in found} == {"MBSR vs wait-list"}
        assert {f.comparison for f in found} == {"MBSR vs wait-list"}
        bare = [f for f in found if not f.stats]
        assert len(bare) == 2000 and all(f.effect is None for f in bare)
        assert {f.no_effect_reason for f in bare} == {"no statistics reported"}
        signed = [f for f in found if f.effect]
        assert len(signed) == 1000, "F(1, df) with N split evenly, signed by the direction"
        assert all("split evenly" in " ".join(f.effect.notes) for f in signed)  # type: ignore[union-attr]
        totals = summary(found)
        assert totals["studies"] == 1000 and totals["total_n"] == sum(
            40 + s % 50 for s in range(1000)
        )
        assert len(findings_for(store, construct=c, intervention="MBSR vs wait-list")) == 3000
        pooled = pooled_by_kind(found, "DL")["between-group"]["pooled"]
        assert pooled is not None and pooled["k"] == 1000
    finally:
        store.close()


def test_gap_map_of_an_empty_store(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = OxigraphStore(str(tmp_path / "empty"))
    try:
        m = gap_map(store)
        assert not m.cells and not m.interventions
    finally:
        store.close()
