"""Which report of an outcome is the finding: several reports of one outcome stay in the
graph, each with what it says; a test's own p value goes with its outcome. Sentences
written for these tests in the style of trial reports (not copied from any paper)."""

from __future__ import annotations

from ingest.analysis import Block, Sentence
from ingest.assemble.arms import Arm, TrialArms
from ingest.assemble.finding_choice import follow_up_tests, one_statement, rank
from ingest.assemble.targets import TargetResolver
from ingest.assemble.trial_results import TrialContext, trial_findings
from ingest.document import Table, TableRow
from ingest.records import (
    FindingRecord,
    Span,
    StudyRecord,
    consolidate,
    one_significance,
    tell_apart,
)
from ontology.lexicon import load_lexicon


def _context() -> TrialContext:
    own = StudyRecord("Okafor et al. 2021", "Okafor", "2021", Span(0, 1))
    arms = TrialArms([Arm("MBSR", "experimental"), Arm("wait-list", "control")])
    return TrialContext(own, arms, TargetResolver(load_lexicon(), {}))


def _finding(start: int, significant: bool | None, **stats: str) -> FindingRecord:
    return FindingRecord(
        "Okafor et al. 2021",
        Span(start, start + 50, "Results"),
        construct="rumination",
        intervention="MBSR",
        comparator="wait-list",
        direction="decrease",
        comparison="vs control",
        stats=dict(stats),
        significant=significant,
    )


def test_a_significant_report_and_a_non_significant_one_stay_two_findings() -> None:
    stated = _finding(0, True)  # 'rumination fell significantly in the MBSR group'
    tested = _finding(100, False, p="0.44")  # 'rumination fell (p = 0.44)' at another time
    findings = [stated, tested]
    tell_apart(findings)
    one_significance(findings)
    assert stated.key != tested.key
    assert (stated.significant, tested.significant) == (True, False)


def test_reports_that_agree_are_still_one_finding() -> None:
    stated = _finding(0, True)
    tested = _finding(100, True, p="0.004")
    findings = [stated, tested]
    tell_apart(findings)
    assert stated.key == tested.key


def test_each_outcome_of_a_clause_takes_its_own_p_value() -> None:
    text = (
        "Worry did not differ between the groups (p = 0.82) but rumination was significantly "
        "lower in the MBSR group (p = 0.004)."
    )
    found = {f.construct: f for f in trial_findings(Sentence(text, 0), "Results", _context())}
    assert found["rumination"].stats["p"] == "0.004"
    assert found["rumination"].significant is True
    assert found["rumination"].direction == "decrease"


def test_an_untested_difference_is_less_sure_than_a_tested_one() -> None:
    untested = _finding(0, None)  # two means side by side, no p, no mark
    tested = _finding(100, True, p="0.01")
    rank([untested, tested])
    assert untested.span.confidence < tested.span.confidence


def test_a_table_row_and_a_sentence_on_one_outcome_are_one_finding() -> None:
    row = TableRow(
        ["One-year relapse rate (%)", "21.0", "34.5"], 500, "One-year relapse\t21.0\t34.5"
    )
    table = Table("Table 2", "Outcomes at one year", rows=[row], start=500)
    shown = _finding(500, None)  # the row's numbers: lower in MBSR, untested
    shown.construct, shown.span = "one-year relapse rate (%)", Span(500, row.end, "Table 2", 0.9)
    said = _finding(100, False, p="0.31")  # 'relapse rates did not differ (p = 0.31)'
    said.construct, said.direction = "one-year relapse rates", "no change"
    findings = [shown, said]
    one_statement(findings, [table])
    tell_apart(findings)
    assert shown.key == said.key  # one node in the graph, with both spans as its evidence
    assert (shown.direction, shown.significant) == ("no change", False)
    assert shown.span.section == "Table 2" and said.span.section == "Results"


def test_a_row_that_prints_its_own_test_keeps_it() -> None:
    row = TableRow(["Relapse", "21.0", "34.5", "0.01"], 500, "Relapse\t21.0\t34.5\t0.01")
    table = Table("Table 2", "Outcomes", rows=[row], start=500)
    shown = _finding(500, True, p="0.01")
    shown.construct, shown.span = "relapse", Span(500, row.end, "Table 2", 0.9)
    said = _finding(100, False)
    said.construct, said.direction = "relapse", "no change"
    one_statement([shown, said], [table])
    assert (shown.direction, shown.significant) == ("decrease", True)


def test_a_sentence_testing_the_one_before_gives_its_finding_significance() -> None:
    said = "Rumination was lower in the MBSR group than in the wait-list group."
    test = "However, this difference was not statistically significant (p = 0.37)."
    block = Block(f"{said} {test}", 0, "Results", [Sentence(said, 0), Sentence(test, 70)])
    finding = _finding(0, None)
    finding.span = Span(0, len(said), "Results", 0.8)
    follow_up_tests([finding], [block])
    assert finding.significant is False and finding.stats["p"] == "0.37"
    assert finding.span.end == 70 + len(test)  # the evidence quotes both sentences


def test_a_significant_report_never_takes_no_change_from_another() -> None:
    baseline = _finding(0, False)  # 'baseline rumination did not differ (p = 0.08)'
    baseline.direction = "no change"
    tested = _finding(100, True, p="0.0001")  # 'significantly lowered rumination', unread
    tested.direction = ""
    consolidate([baseline, tested])
    assert tested.direction != "no change"
