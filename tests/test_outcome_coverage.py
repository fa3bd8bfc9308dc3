"""Results whose outcome no finding named before: the outcome tagger where the rules' phrase
names no outcome, changes printed with a plus sign in result tables, and an abstract's
conclusions. Sentences, tables and articles written for these tests in the shapes found on
ei-dev's training part (the papers are named in the code's comments and the commits)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.analysis import Sentence
from ingest.assemble.arms import Arm, TrialArms
from ingest.assemble.cells import parse_cell
from ingest.assemble.outcomes import trimmed
from ingest.assemble.result_tables import is_result_table, table_findings
from ingest.assemble.targets import TargetResolver
from ingest.assemble.trial_results import TrialContext, trial_findings
from ingest.components.result_models import load_result_models
from ingest.extract import extract_document
from ontology.lexicon import load_lexicon
from tests.test_table_layouts import jats_table


@pytest.fixture(scope="module")
def resolver() -> TargetResolver:
    return TargetResolver(load_lexicon(), {})


def _context(resolver: TargetResolver) -> TrialContext:
    from ingest.records import Span, StudyRecord

    own = StudyRecord("Okafor et al. 2021", "Okafor", "2021", Span(0, 1))
    arms = TrialArms([Arm("nicotine patch", "experimental"), Arm("placebo", "control")])
    return TrialContext(own, arms, resolver, None, load_result_models())


def test_outcomes_named_before_no_difference_come_from_the_tagger(
    resolver: TargetResolver,
) -> None:
    # the rules read only 'statistical differences', which names no outcome
    text = "For spindle frequency activity, theta and beta1 activity, no statistical differences were observed."
    found = trial_findings(Sentence(text, 0), "Results", _context(resolver))
    assert "spindle frequency activity" in {f.construct for f in found}
    assert {f.direction for f in found} == {"no change"}
    assert all(f.significant is False for f in found)


def test_a_sentence_without_a_result_gives_no_tagged_outcome(resolver: TargetResolver) -> None:
    text = "Sleep was recorded with a portable device on three nights."
    assert trial_findings(Sentence(text, 0), "Results", _context(resolver)) == []


@pytest.mark.parametrize(
    ("cell", "value", "spread"),
    [
        ("+0.19 (0.19)", "+0.19", "0.19"),
        ("+148.2 ± 58.0", "+148.2", "58.0"),
        ("-3.1 (2.2)", "-3.1", "2.2"),
    ],
)
def test_a_change_printed_with_its_sign_is_a_mean_with_sd(
    cell: str, value: str, spread: str
) -> None:
    parsed = parse_cell(cell)
    assert (parsed.kind, parsed.value, parsed.spread) == ("mean_sd", value, spread)


def test_a_table_of_signed_changes_is_read_as_results(
    tmp_path: Path, resolver: TargetResolver
) -> None:
    table = jats_table(
        tmp_path,
        "Laboratory measures: mean (SE) change from baseline to week 24",
        [["", "Placebo", "Active", "p"]],
        [
            ["Lymphocyte count (10⁶/L)", "+120.5 (40.0)", "-98.1 (77.2)", "0.04"],
            ["Platelet count (10⁹/L)", "+2.2 (1.9)", "+3.0 (2.1)", "0.61"],
        ],
    )
    assert is_result_table(table)
    found = table_findings(table, "Own 2024", TrialArms(), resolver, set())
    by_outcome = {f.construct.lower(): f for f in found}
    assert any("lymphocyte count" in k for k in by_outcome)
    lymphocytes = next(f for k, f in by_outcome.items() if "lymphocyte count" in k)
    assert lymphocytes.significant is True and lymphocytes.stats.get("p") == "0.04"
    assert lymphocytes.direction == "decrease"  # -98.1 under Active against +120.5


ARTICLE = """<article><front><article-meta><title-group><article-title>Breathing exercise
versus usual care for anxiety before dental surgery: a randomised trial</article-title>
</title-group><contrib-group><contrib contrib-type="author"><name><surname>Okafor</surname>
<given-names>A</given-names></name></contrib></contrib-group><pub-date><year>2021</year>
</pub-date><abstract><sec><title>Background</title><p>Many patients fear dental surgery.</p>
</sec><sec><title>Methods</title><p>Eighty adults were randomly assigned to a breathing
exercise or usual care.</p></sec><sec><title>Results</title><p>Eighty adults completed the
trial.</p></sec><sec><title>Conclusions</title><p>The breathing exercise reduced dental
anxiety compared with usual care.</p></sec></abstract></article-meta></front><body><sec>
<title>Introduction</title><p>Dental fear is common in adults.</p></sec></body></article>"""


def test_an_abstracts_conclusions_state_the_trials_result(tmp_path: Path) -> None:
    path = tmp_path / "trial.nxml"
    path.write_text(ARTICLE, encoding="utf-8")
    _doc, ext = extract_document(path)
    (f,) = [f for f in ext.findings if f.span.section == "Abstract: Conclusions"]
    assert "anxiety" in f.construct and f.direction == "decrease"
    assert f.comparator == "usual care"


@pytest.mark.parametrize(
    ("phrase", "outcome"),
    [
        (
            "the percentages of patients in the calm sedation scale",
            "percentages of patients in the calm sedation scale",
        ),
        (
            "the proportion of participants who quit smoking",
            "proportion of participants who quit smoking",
        ),
        ("the number of patients with nausea", "nausea"),
        ("the proportion of patients in the MBSR group", ""),
    ],
)
def test_a_share_of_the_people_keeps_what_they_share(phrase: str, outcome: str) -> None:
    assert trimmed(phrase) == outcome


def test_shares_before_and_after_teaching_are_each_items_change(
    tmp_path: Path, resolver: TargetResolver
) -> None:
    # a one-group survey before and after a class, its items numbered and dotted to the
    # numbers (ei-dev PMC88884's layout; the items are ours)
    table = jats_table(
        tmp_path,
        "Percentage of correct answers to the survey items",
        [
            ["Survey item", "Pre-test (N = 300)", "Post-test (N = 280)", "Post-test (N = 280)"],
            ["", "%", "%", "p-value"],
        ],
        [
            ["(1) Exercise lowers blood pressure ..........", "61.0", "88.5", "p < 0.001"],
            ["(2) Salt raises blood pressure ..............", "90.2", "91.0", "N.S."],
        ],
    )
    found = {
        f.construct: f for f in table_findings(table, "Own 2024", TrialArms(), resolver, set())
    }
    lowers = found["exercise lowers blood pressure"]
    assert (lowers.comparison, lowers.direction, lowers.significant) == (
        "pre-post",
        "increase",
        True,
    )
    assert found["salt raises blood pressure"].direction == "no change"
