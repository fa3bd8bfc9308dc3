"""Trials of more than two arms: the result sentence of a trial with two arms under test
and a control that names no arm under test by its name reports each of them against the
control; one that names its arm reports that arm only. Sentences written for these
tests."""

from __future__ import annotations

from ingest.analysis import Sentence
from ingest.assemble.arms import Arm, TrialArms, printed_as_arm
from ingest.assemble.targets import TargetResolver
from ingest.assemble.trial_results import TrialContext, trial_findings
from ingest.records import Span, StudyRecord
from ontology.lexicon import load_lexicon


def _context(*arms: Arm) -> TrialContext:
    own = StudyRecord("Brandt et al. 2020", "Brandt", "2020", Span(0, 1))
    return TrialContext(own, TrialArms(list(arms)), TargetResolver(load_lexicon(), {}))


THREE_ARMS = (
    Arm("low-dose zinc", "experimental", grouped=True),
    Arm("high-dose zinc", "experimental", grouped=True),
    Arm("placebo", "control", grouped=True),
)


def _pairs(text: str, ctx: TrialContext) -> set[tuple[str, str, str]]:
    return {
        (f.intervention, f.comparator, f.direction)
        for f in trial_findings(Sentence(text, 0), "Results", ctx)
    }


def test_a_sentence_naming_only_the_control_reports_each_arm_under_test() -> None:
    text = "Compared with placebo, the duration of the common cold was significantly shorter (p = .01)."
    assert _pairs(text, _context(*THREE_ARMS)) == {
        ("low-dose zinc", "placebo", "decrease"),
        ("high-dose zinc", "placebo", "decrease"),
    }


def test_a_sentence_about_the_control_sets_it_against_each_arm_under_test() -> None:
    text = "Cold duration was significantly longer in the placebo group (p = .01)."
    assert _pairs(text, _context(*THREE_ARMS)) == {
        ("placebo", "low-dose zinc", "increase"),
        ("placebo", "high-dose zinc", "increase"),
    }


def test_a_sentence_naming_its_arm_reports_that_arm_only() -> None:
    text = "Cold duration was significantly shorter in the high-dose zinc group than with placebo (p = .01)."
    assert _pairs(text, _context(*THREE_ARMS)) == {("high-dose zinc", "placebo", "decrease")}


def test_a_sentence_naming_no_arm_reports_each_arm_under_test() -> None:
    text = "Cold duration was significantly shorter in the treatment groups (p = .01)."
    assert _pairs(text, _context(*THREE_ARMS)) == {
        ("low-dose zinc", "placebo", "decrease"),
        ("high-dose zinc", "placebo", "decrease"),
    }


def test_a_two_arm_trial_keeps_one_finding() -> None:
    ctx = _context(Arm("zinc lozenges", "experimental"), Arm("placebo", "control"))
    text = "Compared with placebo, cold duration was significantly shorter (p = .01)."
    assert _pairs(text, ctx) == {("zinc lozenges", "placebo", "decrease")}


def test_a_change_within_an_arm_is_not_copied_to_the_other_arms() -> None:
    text = "Cold symptoms decreased significantly from baseline to day 7 (p < .001)."
    found = trial_findings(Sentence(text, 0), "Results", _context(*THREE_ARMS))
    assert found and all(f.comparison == "pre-post" for f in found)
    assert len({f.intervention for f in found}) == 1


def test_an_arm_the_paper_never_names_as_an_arm_gets_no_finding() -> None:
    ctx = _context(
        Arm("mindfulness", "experimental", grouped=True),
        Arm("NoGo", "experimental"),
        Arm("control instructions", "control", grouped=True),
    )
    text = "Craving was significantly lower than with control instructions (p = .02)."
    assert _pairs(text, ctx) == {("mindfulness", "control instructions", "decrease")}


def test_what_names_an_arm_as_one() -> None:
    methods = [
        (
            "Methods",
            "Smokers were randomised to receive mindfulness or control instructions before a "
            "Go/NoGo task; the mindfulness group (n = 30) practised daily.",
            0,
        )
    ]
    assert printed_as_arm("mindfulness", methods)
    assert printed_as_arm("control instructions", methods)
    assert not printed_as_arm("NoGo", methods)
    treated = [("Methods", "Patients treated with budesonide were seen weekly.", 0)]
    assert printed_as_arm("budesonide", treated)
    # 'perspective taking ability in men' does not make 'men' an arm
    assert not printed_as_arm("men", [("Discussion", "It improved perspective taking in men.", 0)])
