"""Extraction measured on the corpus against the gold; on two papers written for these
tests (a JATS article and a plain-text report in another house style), which the rules
were developed against, so they guard against regressions and say nothing about papers
nobody has seen; and on all of pmc-sample (slow)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.oxigraph_store import OxigraphStore
from graph.tables import table_rows
from ingest.evaluate import evaluate_store
from ingest.readers import read_document
from ingest.runner import ingest_files
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"


def ingested(paths: list[Path]) -> OxigraphStore:
    store = OxigraphStore(None)
    from graph.seed import ensure_seeded

    ensure_seeded(store)
    report = ingest_files(store, paths, jobs=1)
    assert not report.failed, [r.error for r in report.failed]
    return store


def table(store: OxigraphStore, name: str) -> list[dict[str, str]]:
    header, rows = table_rows(store, name)
    return [dict(zip(header, r, strict=True)) for r in rows]


@pytest.fixture(scope="module")
def corpus_store(corpus: Path) -> OxigraphStore:
    return ingested(sorted(corpus.glob("*.txt")))


def test_corpus_meets_the_bar(corpus_store: OxigraphStore, gold: Path) -> None:
    """The extraction issue on real trials keeps the source papers at 0.85 or better in
    every category (issue 3 had asked 0.90; the rules fitted to these two papers gave way
    to ones that hold on the dev sets)."""
    scores = evaluate_store(corpus_store, gold).scores
    low = {
        c: f"P={s.precision:.2f} R={s.recall:.2f}"
        for c, s in scores.items()
        if s.precision < 0.85 or s.recall < 0.85
    }
    assert not low, low


def test_every_statistic_of_the_primary_results_table_is_exact(
    corpus_store: OxigraphStore, gold: Path
) -> None:
    primary = next(
        p
        for p in gold.glob("*.json")
        if json.loads(p.read_text())["paper"]["type"] == "primary-study"
    )
    rows = [r for r in table(corpus_store, "findings") if r["paper_id"] == primary.stem]
    expected = [f for f in json.loads(primary.read_text())["findings"] if f["stats"]]
    assert len(expected) >= 15
    for f in expected:
        match = [
            r
            for r in rows
            if r["instrument"] == f["instrument"]
            and r["pre_mean_treatment"]
            and float(r["pre_mean_treatment"]) == f["stats"]["pre_mean_treatment"]
        ]
        assert len(match) == 1, f["quote"][:40]
        for key, value in f["stats"].items():
            got = match[0][key]
            assert (got == value) if key == "df" else float(got) == value, (key, value, got)


def test_the_jats_fixture_trial_yields_its_study_measures_and_findings() -> None:
    store = ingested([FIXTURES / "jats" / "mindful_nurses.nxml"])
    studies = {s["study"]: s for s in table(store, "studies")}
    own = next(s for s in studies.values() if s["n"])
    assert own["n"] == "47" and own["design"] == "randomised-controlled"
    assert {"SCS", "PSS", "IRI"} <= set(own["instruments"].split("; "))
    findings = [f for f in table(store, "findings") if f["study"] == own["study"]]
    scs = next(f for f in findings if f["instrument"] == "SCS")
    assert scs["direction"] == "increase" and scs["significant"] == "true"
    assert scs["F"] and scs["df"] == "1, 45" and scs["pre_mean_control"]
    assert any(f["direction"] == "no change" for f in findings)  # null results are kept


def test_the_text_fixture_report_in_another_house_style() -> None:
    store = ingested([FIXTURES / "text" / "compassion_training_report.txt"])
    instruments = {i["abbrev"] for i in table(store, "instruments") if i["papers"]}
    assert {"SCS-SF", "MAAS"} <= instruments
    findings = table(store, "findings")
    scs = next(f for f in findings if f["instrument"] == "SCS-SF")
    assert scs["direction"] == "increase" and float(scs["d"]) == 0.52
    assert {f["direction"] for f in findings} >= {"increase", "no change"}
    studies = {s["study"] for s in table(store, "studies")}
    assert {"Okafor et al. 2017", "Lindqvist, under review"} <= studies  # reported, not cited
    own = {(f["construct"], f["direction"]) for f in findings if f["study"].startswith("Ferreira")}
    # subsections of "3. Results" that has no paragraph of its own are still results
    assert {("acceptability", ""), ("headaches", "")} <= own
    # a baseline characteristic is no outcome of the training (devgold's convention)
    assert not any(construct == "age" for construct, _ in own)


DIRECTIONS = {"increase", "decrease", "no change", "mixed", ""}


def quoted_from(evidence: str, texts: list[str]) -> bool:
    """The evidence (one quote, or several joined with '; ') stands in one of the texts."""
    quotes = [evidence] if any(evidence in t for t in texts) else evidence.split("; ")
    return all(any(q in t for t in texts) for q in quotes)


@pytest.mark.slow
def test_all_pmc_sample_articles_ingest_or_fail_clearly(shared: Path) -> None:
    """What a user of 200 real trials sees: each fails with its file named or ingests;
    most trials answer "what did it find?"; and every finding shown can be checked
    against its article, word for word."""
    store = OxigraphStore(None)
    files = sorted((shared / "pmc-sample").glob("*.nxml"))
    report = ingest_files(store, files, jobs=2)
    for failure in report.failed:
        assert failure.error.startswith(failure.path) and "internal error" not in failure.error
    assert len(report.ok) >= 190
    texts = {r.paper_id: read_document(Path(r.path)).text for r in report.ok}
    findings = table(store, "findings")
    with_findings = {p for f in findings for p in f["paper_id"].split("; ")}
    print(f"\npmc-sample: {len(report.ok)} of {len(files)} ingested; {len(findings)} findings")
    print(f"from {len(with_findings)} articles")
    assert with_findings <= set(texts)  # every finding names papers that were ingested
    assert len(with_findings) > len(texts) / 2
    for f in findings:
        assert f["study"] and f["direction"] in DIRECTIONS, f
        cited = [texts[p] for p in f["paper_id"].split("; ")]
        assert f["evidence"] and quoted_from(f["evidence"], cited), f["evidence"][:80]
