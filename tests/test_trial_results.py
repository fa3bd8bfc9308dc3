"""The own trial's arms and result sentences, on sentences written for these tests in the
style of trial reports (the shapes were found on ei-dev's training part, pmc-sample and
devgold; these sentences are ours, not theirs)."""

from __future__ import annotations

import pytest

from ingest.analysis import Sentence
from ingest.assemble.arms import Arm, TrialArms, trial_arms
from ingest.assemble.outcomes import OutcomeVocabulary, trimmed
from ingest.assemble.result_grammar import readings
from ingest.assemble.targets import TargetResolver
from ingest.assemble.trial_results import TrialContext, trial_findings
from ingest.components.result_models import load_result_models
from ingest.records import Span, StudyRecord
from ontology.lexicon import load_lexicon


def _arms(title: str, *methods: str) -> list[tuple[str, str]]:
    paragraphs = [("Abstract: Methods", text, i * 1000) for i, text in enumerate(methods)]
    return [(a.name, a.role) for a in trial_arms(title, paragraphs).arms]


def test_allocation_sentence_names_the_arms_and_the_control() -> None:
    arms = _arms(
        "A pilot trial in nursing staff",
        "Sixty nurses were randomly assigned to mindful self-compassion or a wait-list control.",
    )
    assert arms == [("mindful self-compassion", "experimental"), ("wait-list control", "control")]


def test_arms_named_with_their_size() -> None:
    text = "Students in the yoga group (n = 41) and the stretching group (n = 39) were assessed."
    # the rules' reading of sizes; the context tagger, given this one sentence for a
    # paper, reads only 'Yoga' (title and 'yoga group') and no comparator
    arms = trial_arms("Yoga for exam stress", [("Methods", text, 0)], tagged=False)
    assert [a.n for a in arms.arms] == ["41", "39"]
    assert arms.control is not None and arms.control.name.startswith("stretching")


@pytest.mark.parametrize(
    ("title", "experimental"),
    [
        ("Compassion training versus relaxation for burnout in residents", "Compassion training"),
        (
            "Effects of loving-kindness meditation on empathy in medical students",
            "loving-kindness meditation",
        ),
        (
            "Brief breathing exercises in emergency nurses: a randomised trial",
            "Brief breathing exercises",
        ),
    ],
)
def test_the_title_names_the_experimental_arm_when_no_sentence_does(
    title: str, experimental: str
) -> None:
    arms = trial_arms(title, [("Methods", "Data were collected in 2019.", 0)])
    assert arms.experimental is not None and arms.experimental.name == experimental


@pytest.mark.parametrize(
    ("sentence", "outcome", "direction"),
    [
        (
            "Perceived stress was significantly lower in the MBSR group (p = .003).",
            "Perceived stress",
            "decrease",
        ),
        ("Burnout did not differ between the two groups at week 8.", "Burnout", "no change"),
        (
            "There were no significant differences between groups in rumination (p = 0.41).",
            "rumination",
            "no change",
        ),
        (
            "Participants showed a significant reduction in anxiety symptoms.",
            "anxiety symptoms",
            "decrease",
        ),
        (
            "The training group had higher empathy scores than the control group.",
            "empathy scores",
            "increase",
        ),
        (
            "A significantly lower proportion of sick days was recorded in the yoga arm.",
            "proportion of sick days",
            "decrease",
        ),
        (
            "The amount of bleeding was found to be significantly less in the laser group.",
            "amount of bleeding",
            "decrease",
        ),
    ],
)
def test_the_grammar_reads_outcome_and_direction(
    sentence: str, outcome: str, direction: str
) -> None:
    found = [(sentence[r.start : r.end], r.direction) for r in readings(sentence)]
    assert (outcome, direction) in found


def _context() -> TrialContext:
    own = StudyRecord("Okafor et al. 2021", "Okafor", "2021", Span(0, 1))
    arms = TrialArms([Arm("MBSR", "experimental"), Arm("wait-list", "control")])
    return TrialContext(own, arms, TargetResolver(load_lexicon(), {}))


def test_a_result_sentence_gives_a_finding_with_its_arms_and_statistics() -> None:
    text = "Compared with the wait-list, MBSR significantly reduced perceived stress (p = .003)."
    (f,) = trial_findings(Sentence(text, 100), "Results", _context())
    assert (f.intervention, f.comparator) == ("MBSR", "wait-list")
    assert f.construct == "perceived stress" and f.direction == "decrease"
    assert f.stats["p"] == ".003" and f.significant is True
    assert f.span.start == 100


def test_the_arm_after_than_is_the_comparator() -> None:
    text = "Self-compassion was higher in the wait-list group than in the MBSR group (p = .04)."
    (f,) = trial_findings(Sentence(text, 0), "Results", _context())
    assert (f.intervention, f.comparator, f.direction) == ("wait-list", "MBSR", "increase")


def test_no_difference_is_not_significant_and_a_background_sentence_gives_nothing() -> None:
    ctx = _context()
    (f,) = trial_findings(
        Sentence("Mindfulness did not differ between groups (p = 0.52).", 0), "Results", ctx
    )
    assert f.direction == "no change" and f.significant is False
    assert (
        trial_findings(Sentence("Nurses work long shifts in busy wards.", 0), "Results", ctx) == []
    )


def test_a_list_of_outcomes_reads_past_each_ones_statistics() -> None:
    text = (
        "Between the groups there were no significant differences in burnout "
        "[F(1, 40) = 1.2, p = .28], compassion fatigue (p = .41) and resilience (p = .57)."
    )
    found = trial_findings(Sentence(text, 0), "Results", _context())
    assert {f.construct for f in found} >= {"burnout", "compassion fatigue", "resilience"}
    assert {f.direction for f in found} == {"no change"}


def test_capital_p_values_and_two_letter_outcomes_are_read() -> None:
    text = "HR was lower in the MBSR group than in the wait-list group (P < 0.01)."
    (f,) = trial_findings(Sentence(text, 0), "Results", _context())
    assert (f.construct, f.direction) == ("HR", "decrease")
    assert f.stats["p"] == "<0.01" and f.significant is True
    text = "Sleep quality did not differ between groups (P-value = 0.31)."
    (f,) = trial_findings(Sentence(text, 0), "Results", _context())
    assert f.stats["p"] == "0.31" and f.significant is False


def test_values_set_side_by_side_give_the_direction_in_a_tested_sentence() -> None:
    text = (
        "Length of stay was 5.2 ± 1.1 days in the MBSR group versus 6.8 ± 2.0 days in the "
        "wait-list group (P < 0.001)."
    )
    (f,) = trial_findings(Sentence(text, 0), "Results", _context())
    assert (f.construct, f.direction, f.significant) == ("length of stay", "decrease", True)
    assert (f.intervention, f.comparator) == ("MBSR", "wait-list")
    untested = "Participants were aged 18 and 65 years in the two groups."
    assert trial_findings(Sentence(untested, 0), "Results", _context()) == []


def test_a_baseline_check_is_not_a_result() -> None:
    text = "At baseline, anxiety was 12.1 and 12.4 in the two groups (p = 0.71)."
    assert trial_findings(Sentence(text, 0), "Results", _context()) == []
    text = "Anxiety decreased from baseline in the MBSR group (p < 0.01)."
    (f,) = trial_findings(Sentence(text, 0), "Results", _context())
    assert (f.comparison, f.direction) == ("pre-post", "decrease")


def test_shares_of_each_arm_and_outcomes_none_observed() -> None:
    text = (
        "Nine nurses (30%) in the wait-list group and three (10%) in the MBSR group "
        "reported sleep problems (P = 0.04)."
    )
    (f,) = trial_findings(Sentence(text, 0), "Results", _context())
    assert (f.construct, f.direction, f.significant) == ("sleep problems", "increase", True)
    assert (f.intervention, f.comparator) == ("wait-list", "MBSR")
    text = "No serious adverse events were observed in either group."
    (f,) = trial_findings(Sentence(text, 0), "Results", _context())
    assert f.direction == "no change"


def _two_drug_context() -> TrialContext:
    own = StudyRecord("Lindqvist et al. 2019", "Lindqvist", "2019", Span(0, 1))
    arms = TrialArms(
        [Arm("etomidate 0.2 mg/kg", "experimental"), Arm("propofol based sedation", "control")]
    )
    return TrialContext(own, arms, TargetResolver(load_lexicon(), {}))


@pytest.mark.parametrize(
    ("text", "intervention", "direction"),
    [
        (
            "Hypotension was significantly more frequent in the propofol group (41.9%) than in "
            "the etomidate group (12.9%) (P = .002).",
            "propofol based sedation",
            "increase",
        ),
        (
            "The rate of apnoea was 13.3% in the propofol group compared with 3.3% in the "
            "etomidate group (p < 0.001).",
            "propofol based sedation",
            "increase",
        ),
    ],
)
def test_an_arm_named_by_a_word_of_its_name_is_the_subject_it_is(
    text: str, intervention: str, direction: str
) -> None:
    found = trial_findings(Sentence(text, 0), "Results", _two_drug_context())
    assert found, text
    assert {(f.intervention, f.direction) for f in found} == {(intervention, direction)}


def test_a_change_against_baseline_is_within_the_arm() -> None:
    text = "Anxiety rose significantly in the MBSR group compared to baseline (p = 0.04)."
    (f,) = trial_findings(Sentence(text, 0), "Results", _context())
    assert f.comparison == "pre-post" and f.comparator == ""


def test_each_clause_keeps_its_own_test() -> None:
    text = "Rumination did not differ between the groups (p = 0.62), but MBSR reduced perceived stress by 11 ± 5%."
    found = {f.construct: f for f in trial_findings(Sentence(text, 0), "Results", _context())}
    assert found["rumination"].significant is False
    assert found["perceived stress"].direction == "decrease"
    assert (
        "p" not in found["perceived stress"].stats and found["perceived stress"].significant is None
    )


@pytest.mark.parametrize(
    "text",
    [
        "Baseline serum CRP levels were not significantly different between the MBSR and "
        "wait-list groups (1.99 ± 0.82 vs 1.63 ± 0.67 mg/l, P > 0.05).",
        "Pre-intervention stress scores were comparable between groups.",
    ],
)
def test_a_check_that_the_arms_started_alike_is_not_a_result(text: str) -> None:
    assert trial_findings(Sentence(text, 0), "Results", _context()) == []


def test_a_baseline_adjusted_outcome_is_a_result() -> None:
    text = "Baseline-adjusted anxiety was lower in the MBSR group than in the wait-list group (p = 0.01)."
    (f,) = trial_findings(Sentence(text, 0), "Results", _context())
    assert f.direction == "decrease" and f.significant is True


def test_values_in_the_treatment_and_control_arm_respectively_follow_that_order() -> None:
    text = (
        "The mean change in stress was -29.1% (P = 0.019) and -8.2% (P = 0.384) in the "
        "treatment and control arm, respectively."
    )
    (f,) = trial_findings(Sentence(text, 0), "Results", _context())
    assert (f.intervention, f.comparator, f.direction) == ("MBSR", "wait-list", "decrease")


@pytest.mark.parametrize(
    "text",
    [
        "Both groups showed a significant decrease in perceived stress (p < 0.001).",
        "Perceived stress fell significantly in both the MBSR and wait-list groups compared to "
        "baseline.",
        "Perceived stress improved from pre-treatment to post-treatment (paired t-test, p = 0.01).",
    ],
)
def test_a_change_every_arm_shows_is_within_arms(text: str) -> None:
    (f,) = trial_findings(Sentence(text, 0), "Results", _context())
    assert f.comparison == "pre-post" and f.comparator == ""


def test_similar_in_both_groups_compares_the_arms() -> None:
    text = "Perceived stress was similar in both groups (p = 0.61)."
    (f,) = trial_findings(Sentence(text, 0), "Results", _context())
    assert f.comparison == "vs control" and f.direction == "no change"


def test_a_subject_after_while_is_read_whole() -> None:
    text = (
        "Pain on injection and the presence of abnormal movements were statistically "
        "insignificant (P > 0.05) in both the groups while incidence of apnoea was higher in "
        "the MBSR group (P < 0.05)."
    )
    found = readings(text)
    assert "incidence of apnoea" in [text[r.start : r.end] for r in found]
    assert all(r.start == 0 or not text[r.start - 1].isalnum() for r in found)  # no 'nd presence'


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        (
            "19 of 70 patients (27%) had acute clinical failure in the wait-list group as compared to 1 of "
            "88 (1%) in the MBSR group (odds ratio 0.03, 95% CI 0.004 to 0.24, p < 0.001).",
            "decrease",
        ),
        (
            "Relapse occurred in 1% of the MBSR group and 27% of the wait-list group (p < 0.001).",
            "decrease",
        ),
        (
            "Relapse occurred in 31% of the MBSR group and 12% of the wait-list group (p = 0.02).",
            "increase",
        ),
    ],
)
def test_two_shares_give_the_direction_of_the_arm_each_goes_with(text: str, direction: str) -> None:
    ctx = _context()
    ctx.models = load_result_models()  # the outcome tagger reads 'acute clinical failure'
    found = trial_findings(Sentence(text, 0), "Results", ctx)
    assert [(f.intervention, f.direction) for f in found] in (
        [("MBSR", direction)],
        [("wait-list", "increase" if direction == "decrease" else "decrease")],
    )
    assert not found[0].guessed


def test_a_word_of_an_arm_inside_an_outcome_does_not_name_the_arm() -> None:
    own = StudyRecord("Novak et al. 2013", "Novak", "2013", Span(0, 1))
    arms = TrialArms([Arm("continuous", "experimental"), Arm("intermittent meropenem", "control")])
    ctx = TrialContext(own, arms, TargetResolver(load_lexicon(), {}))
    text = "Meropenem-related ICU stay was shorter in the continuous group (P = 0.044)."
    (f,) = trial_findings(Sentence(text, 0), "Results", ctx)
    assert (f.intervention, f.direction) == ("continuous", "decrease")


@pytest.mark.parametrize(
    ("text", "significant"),
    [
        ("MBSR was associated with lower odds of relapse (OR 0.54, 95% CI 0.14 to 2.05).", False),
        ("MBSR reduced relapse compared with the wait-list (HR 0.61, 95% CI 0.45 to 0.83).", True),
        (
            "MBSR participants showed a higher rate of remission than the wait-list, but this "
            "difference failed to achieve statistical significance.",
            False,
        ),
    ],
)
def test_significance_from_an_interval_or_words_when_no_p_is_printed(
    text: str, significant: bool
) -> None:
    found = trial_findings(Sentence(text, 0), "Results", _context())
    assert found and {f.significant for f in found} == {significant}


def test_a_change_in_one_named_arm_is_within_that_arm() -> None:
    text = "HDL cholesterol increased significantly in the MBSR group (p = 0.024)."
    (f,) = trial_findings(Sentence(text, 0), "Results", _context())
    assert (f.intervention, f.comparison, f.direction) == ("MBSR", "pre-post", "increase")


@pytest.mark.parametrize(
    ("sentence", "outcomes", "direction"),
    [
        (  # the outcomes stand between 'differences between' and 'in the two groups'
            "There were no statistical differences between cortisol, sleep quality and "
            "fatigue in the two groups (Table 2).",
            {"cortisol", "sleep quality", "fatigue"},
            "no change",
        ),
        (  # the groups are the subject; the outcome follows 'differ … in'
            "The groups did not differ in perceived stress (p = .35).",
            {"perceived stress"},
            "no change",
        ),
        (  # 'changes from baseline in' a list
            "There were no significant changes from baseline in cortisol, heart rate, or "
            "blood pressure with either programme.",
            {"cortisol", "heart rate", "blood pressure"},
            "no change",
        ),
        (  # a time-to-event outcome is an outcome, not the 'time' factor
            "Time to first rescue analgesia was longer in the MBSR group than in the "
            "wait-list group (p = 0.01).",
            {"time to first rescue analgesia"},
            "increase",
        ),
        (  # 'and the' starts the next measure of a list the lexicon does not know
            "The amount of sleep medication and the total number of awakenings were "
            "significantly lower in the MBSR group (p = 0.02).",
            {"amount of sleep medication", "number of awakenings"},
            "decrease",
        ),
        (  # more or fewer people with the outcome
            "Fewer nurses in the MBSR group reported sleep problems than in the wait-list "
            "group (18% versus 41%; p = 0.02).",
            {"sleep problems"},
            "decrease",
        ),
        (  # counts side by side, the verb is part of what was counted
            "Twelve (40.0%) nurses in the MBSR group and five (17.9%) in the wait-list group "
            "eventually returned to full-time work (p = 0.04).",
            {"returned to full-time work"},
            "increase",
        ),
        (  # 'the evaluation showed that X were …': X is the subject
            "The final evaluation showed that medication errors were recorded in 3 cases in "
            "the MBSR group and 11 cases in the wait-list group (p = 0.03).",
            {"medication errors"},
            "decrease",
        ),
        (  # a list of amounts after one verb
            "Compared with the wait-list, MBSR reduced cortisol by 12% (p = 0.01), heart rate "
            "by 5% (p = 0.04) and perceived stress by 20% (p < 0.001).",
            {"cortisol", "heart rate", "perceived stress"},
            "decrease",
        ),
        (  # the subject of the second statement, after 'while', not the first one's words
            "Sleep latency and daytime sleepiness were similar in both groups while the "
            "incidence of nightmares was lower in the MBSR group than in the wait-list group "
            "(P < 0.05).",
            {"incidence of nightmares"},
            "decrease",
        ),
        (  # any adverb of degree before the comparative
            "Sleep quality was marginally higher in the MBSR group than in the wait-list group "
            "(p = 0.06).",
            {"sleep quality"},
            "increase",
        ),
        (  # no difference was found in what follows it
            "No significant differences were observed across groups at 12-week follow-up in "
            "terms of sleep quality (p = .98).",
            {"sleep quality"},
            "no change",
        ),
        (  # 'of days' is part of the measure, not a time point
            "The MBSR group had a higher number of days per week with meditation practice "
            "than the wait-list group (p = .01).",
            {"number of days per week"},
            "increase",
        ),
        (  # a hyphenated word is no preposition ('in-hospital')
            "The in-hospital use of analgesics was 11 mg in the MBSR group compared with 34 mg "
            "in the wait-list group (p = 0.05).",
            {"in-hospital use of analgesics"},
            "decrease",
        ),
        (  # none in either arm: the arms did not differ
            "No postoperative infections occurred in either group.",
            {"infections"},
            "no change",
        ),
        (
            "Sleep latency and sleep duration were statistically insignificant in both groups.",
            {"sleep latency and sleep duration"},
            "no change",
        ),
        (  # the subject stands before an inserted 'however'
            "Cortisol levels, however, were significantly lower in the MBSR group (p = .01).",
            {"cortisol"},
            "decrease",
        ),
        (  # counts set side by side, in the order of the arms named after them
            "There were 12 and 21 relapses in the MBSR and wait-list groups, respectively "
            "(p = 0.04).",
            {"relapses"},
            "decrease",
        ),
        (  # 'mean ± SD of' is how the value is printed, not the outcome
            "The mean ± SD of sleep latency in the MBSR group (21 ± 4) was significantly lower "
            "than in the wait-list group (34 ± 6) (p = 0.002).",
            {"sleep latency"},
            "decrease",
        ),
        (  # a greater decrease is a decrease; a smaller improvement, less of an increase
            "The decrease in perceived stress in the MBSR group was significantly greater than "
            "in the wait-list group (p < 0.05).",
            {"perceived stress"},
            "decrease",
        ),
        (
            "The improvement in sleep quality was smaller in the MBSR group than in the "
            "wait-list group (p = 0.02).",
            {"sleep quality"},
            "decrease",
        ),
        (  # a share of people is the share with the outcome, not a bare 'proportion'
            "A greater proportion of participants achieved remission following MBSR vs. "
            "wait-list (p = .03).",
            {"remission"},
            "increase",
        ),
    ],
)
def test_result_sentences_name_what_was_measured(
    sentence: str, outcomes: set[str], direction: str
) -> None:
    found = trial_findings(Sentence(sentence, 0), "Results", _context())
    assert {f.construct for f in found} >= outcomes
    assert {f.direction for f in found if f.construct in outcomes} == {direction}


@pytest.mark.parametrize(
    "phrase",
    [
        "percentage of patients",
        "three instances",
        "who used the device",
        "before",
        "time",
        "hazard ratios",
        "because the lower limit",
        "receiving the drug",
        "cortisol remained unchanged",
        "glargine: 43.5 ± 29.0",
    ],
)
def test_a_stray_phrase_is_no_outcome(phrase: str) -> None:
    assert trimmed(phrase) == ""


@pytest.mark.parametrize(
    ("arms", "text", "intervention"),
    [
        (  # 'more than 50% in patients receiving X' is no comparison with X
            ("placebo", "dexmedetomidine"),
            "Morphine requirements were reduced by more than 50% in patients receiving "
            "dexmedetomidine when compared with placebo (P = 0.040).",
            "dexmedetomidine",
        ),
        (  # an arm by its initials; 'than for the' marks the comparator
            ("air entrainment mask", "high-flow nasal cannula"),
            "The respiratory rate was significantly lower for the HFNC group than for the air "
            "entrainment mask group (p = 0.003).",
            "high-flow nasal cannula",
        ),
    ],
)
def test_the_arm_a_comparison_is_about(arms: tuple[str, str], text: str, intervention: str) -> None:
    own = StudyRecord("Okafor et al. 2021", "Okafor", "2021", Span(0, 1))
    trial = TrialArms([Arm(arms[0], "experimental"), Arm(arms[1], "control")])
    ctx = TrialContext(own, trial, TargetResolver(load_lexicon(), {}))
    (f,) = trial_findings(Sentence(text, 0), "Results", ctx)
    assert (f.intervention, f.direction) == (intervention, "decrease")


def test_an_outcome_named_by_an_abbreviation_the_paper_defines_is_its_long_form() -> None:
    own = StudyRecord("Okafor et al. 2021", "Okafor", "2021", Span(0, 1))
    arms = TrialArms([Arm("MBSR", "experimental"), Arm("wait-list", "control")])
    lexicon = load_lexicon()
    vocabulary = OutcomeVocabulary(lexicon, [], {"OS": "overall survival"})
    ctx = TrialContext(own, arms, TargetResolver(lexicon, {}), vocabulary)
    text = (
        "Median OS was 41.9 months in the MBSR group and 30.7 months in the wait-list group "
        "(p = 0.036)."
    )
    (f,) = trial_findings(Sentence(text, 0), "Results", ctx)
    assert (f.construct, f.direction, f.significant) == ("overall survival", "increase", True)


def test_a_change_from_one_value_to_another_is_within_the_arm() -> None:
    text = (
        "Perceived stress fell from 24.1 to 18.2 in the MBSR group and from 23.8 to 22.9 in "
        "the wait-list group (p < 0.001)."
    )
    (f,) = trial_findings(Sentence(text, 0), "Results", _context())
    assert (f.construct, f.comparison, f.comparator) == ("perceived stress", "pre-post", "")


def test_words_saying_not_significant_outweigh_a_p_printed_for_another_clause() -> None:
    text = (
        "Within each group, sleep quality did not change significantly, while perceived "
        "stress was significantly reduced (p < 0.01)."
    )
    found = {f.construct: f for f in trial_findings(Sentence(text, 0), "Results", _context())}
    assert found["sleep quality"].significant is False and "p" not in found["sleep quality"].stats
    assert found["perceived stress"].significant is True


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("MBSR", "eight-week group mindfulness-based stress reduction program", True),
        ("yoga", "yoga and breathing", True),
        ("MBSR", "wait-list", False),
        ("yoga", "stretching", False),
    ],
)
def test_two_names_of_one_arm_are_one_arm(a: str, b: str, same: bool) -> None:
    from ingest.assemble.arms import _same

    assert _same(Arm(a, "experimental"), Arm(b, "control")) is same
