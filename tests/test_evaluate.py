"""`ekg evaluate` on its own: a gold file and the tables it is scored against are written
here, so the counts say what the scorer does, whatever the extractor finds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.tables import TABLES
from ingest.evaluate import evaluate_tables
from ontology.errors import InputError
from tests.conftest import ekg

Tables = dict[str, list[dict[str, str]]]


def row(table: str, **cells: str) -> dict[str, str]:
    """A row with every column the `ekg export --table` header names, empty unless given."""
    columns = [c.rstrip("_") for c in TABLES[table][1]]
    unknown = set(cells) - set(columns)
    assert not unknown, unknown
    return {c: cells.get(c, "") for c in columns}


def tables(**given: list[dict[str, str]]) -> Tables:
    return {name: given.get(name, []) for name in TABLES if name != "constructs"}


def write_gold(folder: Path, paper: str, **parts: object) -> None:
    folder.mkdir(exist_ok=True)
    gold = {"paper": {"id": paper}, "instruments": [], "interventions": [], "studies": []}
    gold |= {"findings": [], **parts}
    (folder / f"{paper}.json").write_text(json.dumps(gold))


def finding(study: str, construct: str, direction: str, **extra: object) -> dict[str, object]:
    return {"study": study, "outcome_construct": construct, "instrument": None} | {
        "direction": direction,
        "comparison": "vs control",
        "stats": {},
        **extra,
    }


OWN = "Okafor et al. 2019"


def test_interventions_mentioned_only_in_the_background_are_neither_wanted_nor_false_hits(
    tmp_path: Path,
) -> None:
    write_gold(
        tmp_path,
        "trial",
        interventions=[
            {
                "abbrev": "MBSR",
                "name": "mindfulness-based stress reduction",
                "role": "experimental arm",
            },
            {"abbrev": None, "name": "wait-list", "role": "control arm"},
            {
                "abbrev": "CBT",
                "name": "cognitive behaviour therapy",
                "role": "mentioned in background only",
            },
            {
                "abbrev": None,
                "name": "pharmacotherapy",
                "role": "mentioned in background only (Discussion)",
            },
            {"abbrev": "MBRP", "name": "relapse prevention", "role": "mentioned (Methods: source)"},
        ],
    )
    predicted = [
        row(
            "interventions",
            abbrev="MBSR",
            name="Mindfulness-Based Stress Reduction",
            papers="trial",
        ),
        row("interventions", abbrev="CBT", name="cognitive behavioural therapy", papers="trial"),
        row("interventions", abbrev="", name="Pharmacotherapy", papers="trial"),
        row("interventions", abbrev="", name="yoga", papers="trial"),
        row("interventions", abbrev="MBRP", name="relapse prevention", papers="other"),
    ]
    score = evaluate_tables(tables(interventions=predicted), tmp_path).scores["interventions"]
    assert (score.gold, score.predicted, score.hits, score.unscored) == (3, 2, 1, 2)
    assert score.false_hits == ["[trial] yoga"]
    assert sorted(score.misses) == ["[trial] MBRP relapse prevention", "[trial] wait-list"]


def test_gold_without_roles_wants_every_intervention(tmp_path: Path) -> None:
    write_gold(
        tmp_path,
        "review",
        interventions=[{"abbrev": "MSC", "name": "mindful self-compassion"}, {"name": "yoga"}],
    )
    predicted = [
        row("interventions", abbrev="MSC", name="Mindful Self-Compassion", papers="review")
    ]
    score = evaluate_tables(tables(interventions=predicted), tmp_path).scores["interventions"]
    assert (score.gold, score.predicted, score.hits, score.unscored) == (2, 1, 1, 0)


def test_findings_with_a_finding_type_are_not_scored(tmp_path: Path) -> None:
    write_gold(
        tmp_path,
        "trial",
        findings=[
            finding(OWN, "perceived stress", "decrease", stats={"F": 9.1, "p": "0.003", "d": None}),
            finding(
                OWN, "perceived stress", "decrease", finding_type="summary statement (abstract)"
            ),
            finding(OWN, "anxiety", "no change", finding_type="baseline comparison"),
        ],
    )
    stress = dict(study=OWN, construct="perceived stress", direction="decrease", paper_id="trial")
    predicted = [
        row(
            "findings", **stress, F="9.10", p="0.003"
        ),  # p right; F as printed differs only in form
        row("findings", **stress, p="0.01"),  # the abstract's summary: not scored
        row("findings", study=OWN, construct="anxiety", direction="no change", paper_id="trial"),
        row(
            "findings",
            study=OWN,
            construct="depression",
            direction="increase",
            paper_id="trial",
            r="0.4",
        ),
    ]
    scores = evaluate_tables(tables(findings=predicted), tmp_path).scores
    findings, stats = scores["findings"], scores["finding statistics"]
    assert (findings.gold, findings.predicted, findings.hits, findings.unscored) == (1, 2, 1, 2)
    assert findings.false_hits == [f"[trial] {OWN} / depression () / increase"]
    # the scored finding keeps the row whose numbers agree; the unscored rows' numbers
    # are not predictions either
    assert (stats.gold, stats.predicted, stats.hits) == (2, 3, 2)


def test_a_finding_is_matched_by_construct_or_instrument_and_direction(tmp_path: Path) -> None:
    write_gold(
        tmp_path,
        "trial",
        findings=[
            finding(OWN, "self-compassion", "increase", instrument="SCS"),
            finding(OWN, "burnout", "decrease"),
        ],
    )
    predicted = [
        row("findings", study=OWN, instrument="SCS", direction="increase", paper_id="trial"),
        row("findings", study=OWN, construct="burnout", direction="increase", paper_id="trial"),
    ]
    findings = evaluate_tables(tables(findings=predicted), tmp_path).scores["findings"]
    assert (findings.gold, findings.predicted, findings.hits) == (2, 2, 1)
    assert findings.misses == [f"[trial] {OWN} / burnout (None) / decrease"]


def test_studies_n_and_design_per_paper(tmp_path: Path) -> None:
    own = {"label": OWN, "year": 2019, "n": 52, "design": "randomised-controlled"}
    cited = {"label": "Lindqvist and Haas 2011", "year": 2011, "n": None, "design": None}
    write_gold(tmp_path, "trial", studies=[own, cited])
    write_gold(tmp_path, "other", studies=[{"label": "Mbeki 2020", "n": 30, "design": "pre-post"}])
    predicted = [
        row(
            "studies",
            study="Okafor, Ruiz and Chen 2019",
            paper_id="trial",
            n="52",
            design="pre-post",
        ),
        row("studies", study="Mbeki 2020", paper_id="other", n="28", design="pre-post"),
        row("studies", study="Mbeki 2020b", paper_id="other"),
    ]
    evaluation = evaluate_tables(tables(studies=predicted), tmp_path)
    trial, other = evaluation.papers["trial"], evaluation.papers["other"]
    assert (trial["studies"].hits, trial["studies"].gold, trial["studies"].predicted) == (1, 2, 1)
    assert (trial["study N"].hits, trial["study design"].hits) == (1, 0)
    assert (other["study N"].hits, other["study design"].hits, other["studies"].predicted) == (
        0,
        1,
        2,
    )
    totals = evaluation.scores
    assert (totals["studies"].gold, totals["studies"].hits, totals["study N"].gold) == (3, 2, 2)
    table = evaluation.render(details=0)
    assert "per paper" in table
    line = next(ln for ln in table.splitlines() if ln.startswith("trial "))
    # studies P 1/1, R 1/2; N 1/1; design 0/1
    assert line.split()[1:] == ["-", "-", "1.00/0.50", "1.00/1.00", "0.00/0.00", "-", "-"]


def test_details_limits_the_listed_misses(tmp_path: Path) -> None:
    write_gold(
        tmp_path, "trial", instruments=[{"abbrev": a, "name": a} for a in ("PSS", "BAI", "BDI")]
    )
    evaluation = evaluate_tables(tables(), tmp_path)
    assert evaluation.scores["instruments"].recall == 0.0
    assert "instruments: 3 missed" in evaluation.render(details=1)
    assert (
        len([ln for ln in evaluation.render(details=1).splitlines() if ln.startswith("  - ")]) == 1
    )
    assert not [ln for ln in evaluation.render(details=0).splitlines() if ln.startswith("  - ")]


def test_a_folder_without_gold_is_an_error_that_says_so(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no gold JSON files"):
        evaluate_tables(tables(), tmp_path)


TEXT = """A breathing course for night-shift nurses

Abstract
We randomised 40 night-shift nurses to a breathing course or a wait-list.

Methods
Forty nurses took part. Stress was measured with the Perceived Stress Scale (PSS).
"""


def test_the_command_prints_totals_and_the_paper_table(tmp_path: Path) -> None:
    """Through `ekg evaluate` on a real store: the gold side of the counts depends only
    on the gold file (two wanted interventions of three, one scored finding of two)."""
    papers, gold, store = tmp_path / "papers", tmp_path / "gold", tmp_path / "store"
    papers.mkdir()
    (papers / "nightshift.txt").write_text(TEXT)
    write_gold(
        gold,
        "nightshift",
        interventions=[
            {"name": "breathing course", "role": "experimental arm"},
            {"name": "wait-list", "role": "control arm"},
            {"name": "yoga", "role": "mentioned in background only"},
        ],
        findings=[
            finding("Unknown 2020", "stress", "decrease"),
            finding(
                "Unknown 2020", "stress", "decrease", finding_type="summary statement (abstract)"
            ),
        ],
    )
    ekg("ingest", str(papers), store=store)
    out = ekg("evaluate", "--gold", str(gold), "--details", "0", store=store).stdout
    counts = {ln.split()[0]: ln.split()[1] for ln in out.splitlines() if ln[:1].isalpha()}
    assert counts["interventions"] == "2" and counts["findings"] == "1"
    assert any(ln.startswith("nightshift ") for ln in out.splitlines())
    assert not [ln for ln in out.splitlines() if ln.startswith(("  - ", "  + "))]
