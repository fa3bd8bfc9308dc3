"""Result tables read as structure: the layouts trials print, written here in our own
words, each giving one finding per outcome × comparison with the numbers as printed."""

from __future__ import annotations

import pytest

from ingest.assemble.arms import Arm, TrialArms
from ingest.assemble.result_tables import is_result_table, table_findings
from ingest.assemble.targets import TargetResolver
from ingest.document import Paragraph, Table, TableRow
from ingest.records import FindingRecord
from ontology.lexicon import load_lexicon


def table(caption: str, header: list[list[str]], rows: list[list[str]], notes: str = "") -> Table:
    out, start = [], 0
    for cells in rows:
        text = "\t".join(cells)
        out.append(TableRow(cells, start, text))
        start += len(text) + 1
    footnotes = [Paragraph(notes, start)] if notes else []
    return Table("Table 2", caption, header, out, footnotes)


@pytest.fixture(scope="module")
def resolver() -> TargetResolver:
    return TargetResolver(load_lexicon(), {})


def findings(
    t: Table, resolver: TargetResolver, arms: TrialArms | None = None
) -> list[FindingRecord]:
    return table_findings(t, "Own 2024", arms or TrialArms(), resolver, set())


SIDE_BY_SIDE = table(
    "Outcomes by group before and after the programme",
    [
        [
            "Measure",
            "Yoga (n = 30)",
            "Yoga (n = 30)",
            "Wait-list (n = 28)",
            "Wait-list (n = 28)",
            "F(1, 56)",
            "p",
        ],
        ["", "Baseline", "Week 8", "Baseline", "Week 8", "", ""],
    ],
    [
        ["Worry (PSWQ)", "52.1 ± 8.0", "44.3 ± 7.2", "51.7 ± 8.4", "50.9 ± 8.1", "9.12", ".004"],
        ["Rumination", "40.2 ± 6.1", "39.0 ± 6.0", "39.8 ± 5.5", "39.5 ± 5.9", "0.41", ".52"],
    ],
)


def test_arms_side_by_side_give_one_finding_per_outcome_against_control(
    resolver: TargetResolver,
) -> None:
    worry, rumination = findings(SIDE_BY_SIDE, resolver)
    assert (worry.intervention, worry.comparator, worry.comparison) == (
        "Yoga",
        "Wait-list",
        "vs control",
    )
    assert worry.instrument == "PSWQ" and worry.significant is True
    assert worry.direction == "decrease"  # fell 7.8 against 0.8
    assert worry.stats == {
        "F": "9.12",
        "df": "1, 56",
        "p": ".004",
        "pre_mean_treatment": "52.1",
        "pre_sd_treatment": "8.0",
        "post_mean_treatment": "44.3",
        "post_sd_treatment": "7.2",
        "pre_mean_control": "51.7",
        "pre_sd_control": "8.4",
        "post_mean_control": "50.9",
        "post_sd_control": "8.1",
    }
    assert rumination.direction == "no change" and rumination.significant is False
    assert worry.span.start == SIDE_BY_SIDE.rows[0].start  # the row is the evidence


def test_a_header_named_by_the_trial_arms_takes_their_names(resolver: TargetResolver) -> None:
    arms = TrialArms([Arm("hatha yoga", "experimental"), Arm("wait-list control", "control")])
    worry = findings(SIDE_BY_SIDE, resolver, arms)[0]
    assert (worry.intervention, worry.comparator) == ("Yoga", "wait-list control")


def test_arms_in_rows_with_a_statistics_cell_of_their_own(resolver: TargetResolver) -> None:
    t = table(
        "Results of the mixed ANOVA",
        [
            ["Outcome", "Group", "Pre", "", "Post", "", "Group × time"],
            ["", "", "M", "SD", "M", "SD", ""],
        ],
        [
            [
                "Empathy (IRI)",
                "Training",
                "18.2",
                "3.1",
                "20.6",
                "2.9",
                "F(1, 40) = 6.20, p = .017",
            ],
            ["", "Control", "18.5", "3.3", "18.1", "3.0", ""],
            ["Stress (PSS)", "Training", "21.0", "4.4", "19.9", "4.0", "F = 1.10, p = .300"],
            ["", "Control", "20.2", "4.9", "20.0", "4.2", ""],
        ],
    )
    empathy, stress = findings(t, resolver)
    assert empathy.stats["F"] == "6.20" and empathy.stats["df"] == "1, 40"
    assert empathy.stats["post_mean_control"] == "18.1"
    assert (empathy.direction, empathy.significant) == ("increase", True)
    assert "df" not in stress.stats  # not printed, not invented
    assert stress.direction == "no change"


def test_one_arm_over_time_is_a_pre_post_finding(resolver: TargetResolver) -> None:
    t = table(
        "Scores before and after the course",
        [["Scale", "Pre-test M (SD)", "Post-test M (SD)", "t", "p"]],
        [["MAAS", "3.41 (0.62)", "3.88 (0.55)", "4.02", "<.001"]],
    )
    (maas,) = findings(t, resolver, TrialArms([Arm("MBCT", "experimental")]))
    assert (maas.comparison, maas.intervention, maas.instrument) == ("pre-post", "MBCT", "MAAS")
    assert maas.direction == "increase" and maas.stats["p"] == "<.001"
    assert maas.stats["pre_mean_treatment"] == "3.41" and maas.stats["post_sd_treatment"] == "0.55"


def test_significance_from_the_papers_marks(resolver: TargetResolver) -> None:
    t = table(
        "Mean scores at follow-up",
        [["", "Compassion training (n = 20)", "Control (n = 21)"]],
        [
            ["Self-kindness", "3.9 (0.5)*", "3.2 (0.6)"],
            ["Isolation", "2.8 (0.7)", "2.9 (0.6)"],
        ],
        notes="* p < .05 compared with the control group",
    )
    kindness, isolation = findings(t, resolver)
    assert (kindness.direction, kindness.significant) == ("increase", True)
    assert (isolation.direction, isolation.significant) == ("no change", False)


def test_baseline_characteristics_are_not_results(resolver: TargetResolver) -> None:
    t = table(
        "Baseline characteristics of the sample",
        [["Characteristic", "MBSR (n = 24)", "Control (n = 23)", "p"]],
        [
            ["Age, years", "41.2 (9.0)", "43.0 (8.8)", ".48"],
            ["Women, n (%)", "20 (83)", "19 (83)", ".97"],
        ],
    )
    assert not is_result_table(t) and findings(t, resolver) == []


def test_rows_of_one_arm_then_the_other_under_section_rows(resolver: TargetResolver) -> None:
    t = table(
        "Scores at baseline and after eight weeks",
        [["Measure", "Baseline", "Baseline", "Week 8", "Week 8"], ["", "Mean", "SD", "Mean", "SD"]],
        [
            ["Intervention group", "", "", "", ""],
            ["GAD-7", "14.1", "3.2", "7.9", "2.8"],
            ["Control group", "", "", "", ""],
            ["GAD-7", "13.8", "3.0", "13.1", "3.1"],
        ],
    )
    (gad,) = findings(t, resolver, TrialArms([Arm("MBSR", "experimental")]))
    assert (gad.intervention, gad.comparator, gad.instrument) == ("MBSR", "Control", "GAD-7")
    assert gad.stats["post_mean_control"] == "13.1" and gad.direction == "decrease"


def test_tests_between_groups_without_arm_columns(resolver: TargetResolver) -> None:
    t = table(
        "ANCOVA of the groups' post-test scores",
        [["Subscale", "SS", "df", "MS", "F", "P"]],
        [
            ["Awareness", "40.1", "1", "40.1", "2.2", "0.14"],
            ["Difficulties in impulse control", "99.0", "1", "99.0", "5.4", "0.02"],
            ["Error", "820.0", "45", "18.2", "-", "-"],
        ],
    )
    arms = TrialArms([Arm("MBCT", "experimental"), Arm("usual care", "control")])
    awareness, impulses = findings(t, resolver, arms)  # a subscale naming control is no arm
    assert (awareness.intervention, awareness.comparator) == ("MBCT", "usual care")
    assert awareness.stats == {"df": "1", "F": "2.2", "p": "0.14"}
    assert awareness.direction == "no change"
    assert impulses.significant is True and impulses.comparator == "usual care"


def test_counts_with_percentages_are_told_from_means(resolver: TargetResolver) -> None:
    t = table(
        "Remission at week 12",
        [["", "Escitalopram (n = 50)", "Placebo (n = 48)", "p"]],
        [["Remitted", "20 (40.0)", "12 (25.0)", ".11"]],
    )
    (remitted,) = findings(t, resolver)
    assert remitted.stats == {"p": ".11"}  # a count is not a mean
    assert remitted.comparator == "Placebo" and remitted.direction == "no change"


def test_tables_that_are_not_results(resolver: TargetResolver) -> None:
    schedule = table(
        "Content of the sessions",
        [["Session", "Theme"]],
        [["1", "Breathing"], ["2", "Body scan"]],
    )
    counts = table(
        "Professions of the participants",
        [["Profession", "Training (n)", "Control (n)"]],
        [["Nurse", "7", "9"], ["Physician", "3", "1"]],
    )
    assert not is_result_table(schedule) and not is_result_table(counts)


def test_outcomes_in_columns_and_arms_in_rows(resolver: TargetResolver) -> None:
    t = table(
        "Sleep and fatigue by group before and after the programme",
        [["Group", "Time", "Sleep quality", "Fatigue"]],
        [
            ["Qigong group", "Before", "9.1 ± 2.0", "31.0 ± 6.2"],
            ["", "After", "6.2 ± 1.8*", "29.5 ± 6.0"],
            ["Control group", "Before", "8.8 ± 2.2", "30.2 ± 5.9"],
            ["", "After", "8.5 ± 2.1", "30.0 ± 6.1"],
        ],
        notes="* p < 0.05 compared with before",
    )
    found = findings(t, resolver)
    sleep = [f for f in found if f.construct == "sleep quality"]
    between = next(f for f in sleep if f.comparison == "vs control")
    assert (between.intervention, between.comparator) == ("Qigong", "Control")
    assert (
        between.stats["post_mean_control"] == "8.5" and between.stats["pre_mean_treatment"] == "9.1"
    )
    within = next(f for f in sleep if f.comparison == "pre-post")
    assert (within.intervention, within.direction, within.significant) == (
        "Qigong",
        "decrease",
        True,
    )


def test_a_subscale_row_is_linked_to_the_papers_instrument(resolver: TargetResolver) -> None:
    t = table(
        "Facets of mindfulness after the course",
        [["Facet", "MBCT (n = 20)", "Usual care (n = 20)", "p"]],
        [
            ["Observing", "27.0 (4.0)", "24.1 (4.2)", ".03"],
            ["Describing", "28.2 (5.0)", "27.9 (4.8)", ".81"],
        ],
    )
    observing, describing = table_findings(t, "Own 2024", TrialArms(), resolver, {"FFMQ"})
    assert (observing.construct, observing.instrument) == ("observing", "FFMQ")
    assert describing.instrument == "FFMQ" and describing.direction == "no change"


def test_medians_and_changes_with_an_se(resolver: TargetResolver) -> None:
    medians = table(
        "Days to recovery by group",
        [
            ["", "Ginger (n = 40)", "Placebo (n = 41)", "p"],
            ["", "Median (IQR)", "Median (IQR)", ""],
        ],
        [["Nausea-free days", "5 [3–6]", "3 [2–5]", "0.01"]],
    )
    (days,) = findings(medians, resolver)
    assert (days.direction, days.significant, days.stats) == ("increase", True, {"p": "0.01"})
    changes = table(
        "Change from baseline at week 12",
        [
            ["", "Exercise (n = 30)", "Control (n = 30)", "p"],
            ["", "Mean change (SE)", "Mean change (SE)", ""],
        ],
        [["Fatigue", "−4.1 (0.9)", "−0.8 (1.0)", ".02"]],
    )
    (fatigue,) = findings(changes, resolver)
    assert fatigue.direction == "decrease" and "post_sd_treatment" not in fatigue.stats


def test_arm_rows_in_a_second_stub_and_a_row_of_p_values(resolver: TargetResolver) -> None:
    t = table(
        "Blood pressure during the sessions",
        [["", "", "Start", "Session 4", "Session 8"]],
        [
            ["Systolic (mmHg)", "Breathing", "131 ± 9", "126 ± 8", "122 ± 8"],
            ["", "Control", "130 ± 10", "129 ± 9", "129 ± 9"],
            ["", "p", "0.71", "0.09", "0.004"],
        ],
    )
    (systolic,) = findings(t, resolver)
    assert (systolic.intervention, systolic.comparator) == ("Breathing", "Control")
    assert systolic.stats["p"] == "0.09"  # the first time after the start
    assert systolic.stats["pre_mean_control"] == "130" and systolic.direction == "no change"


def test_an_ancova_summary_table_gives_each_outcome_its_group_effect(
    resolver: TargetResolver,
) -> None:
    from ingest.assemble.anova_tables import anova_findings
    from ingest.assemble.table_measures import MeasureReader

    t = table(
        "ANCOVA of post-test scores",
        [["Source", "df", "Mean Square", "F", "P"]],
        [
            ["Pre-test PSS scores", "1", "80.2", "5.10", "0.03"],
            ["Group", "1", "410.7", "26.12", "<0.001"],
            ["Error", "45", "15.7", "-", "-"],
            ["Pre-test MAAS scores", "1", "12.0", "0.91", "0.35"],
            ["Group", "1", "44.1", "3.36", "0.07"],
            ["Error", "45", "13.1", "-", "-"],
        ],
    )
    found = anova_findings(t, "Own 2024", MeasureReader(resolver, {"PSS", "MAAS"}))
    assert [(f.instrument, f.stats, f.significant) for f in found] == [
        ("PSS", {"F": "26.12", "p": "<0.001", "df": "1, 45"}, True),
        ("MAAS", {"F": "3.36", "p": "0.07", "df": "1, 45"}, False),
    ]
    assert table_findings(t, "Own 2024", TrialArms(), resolver, {"PSS", "MAAS"}) == []


def test_reports_of_one_outcome_with_complementary_numbers_are_one_finding() -> None:
    from ingest.records import Span, consolidate, tell_apart

    span = Span(0, 1)
    means = FindingRecord("Own 2024", span, "perceived stress", "PSS", direction="decrease")
    means.stats = {"post_mean_treatment": "12.1", "post_mean_control": "18.4"}
    test = FindingRecord("Own 2024", span, "perceived stress", "PSS")
    test.stats = {"F": "26.12", "p": "<0.001"}
    guess = FindingRecord("Own 2024", span, "perceived stress", direction="increase", guessed=True)
    later = FindingRecord("Own 2024", span, "perceived stress", "PSS", direction="decrease")
    later.stats = {"post_mean_treatment": "11.0"}
    records = [means, test, guess, later]
    consolidate(records)
    tell_apart(records)
    assert test.direction == guess.direction == "decrease"  # the numbers outvote a guess
    assert means.key == test.key != later.key  # other numbers for the same statistic


@pytest.mark.parametrize(
    "header",
    [
        ["", "Group 1", "Group 2", "P value"],  # arms the paper numbers
        ["", "Spray", "Gargle", "P value"],  # plain names set beside a p column
    ],
)
def test_groups_named_only_by_the_header_are_the_arms_compared(
    resolver: TargetResolver, header: list[str]
) -> None:
    t = table(
        "Procedure outcomes",
        [header],
        [
            ["Time to first rescue analgesia (min)", "32.9 ± 13.9", "46.3 ± 15.4", "< 0.001"],
            ["Duration of procedure (min)", "40.1 ± 9.0", "39.5 ± 8.7", "0.50"],
        ],
    )
    time, duration = findings(t, resolver)
    assert (time.intervention, time.comparator) == (header[1], header[2])
    assert time.significant is True and duration.significant is False


def test_variables_beside_a_p_column_are_not_groups(resolver: TargetResolver) -> None:
    t = table(
        "Patient data",
        [["Patient", "Age", "Sex", "p"]],
        [["1", "54", "1", "0.2"], ["2", "61", "2", "0.4"]],
    )
    assert findings(t, resolver) == []
