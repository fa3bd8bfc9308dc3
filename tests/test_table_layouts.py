"""Result-table layouts read from JATS as a reader meets them: tables written here in
our own words, each layout one that several trials of `pmc-sample` or the training part
of `ei-dev` print (named in each test)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.assemble.arms import TrialArms
from ingest.assemble.grid import caption_outcome
from ingest.assemble.result_tables import is_result_table, table_findings
from ingest.assemble.targets import TargetResolver
from ingest.document import Table
from ingest.readers import read_document
from ingest.records import FindingRecord
from ontology.lexicon import load_lexicon


def _row(cells: list[str], tag: str) -> str:
    return "<tr>" + "".join(_cell(c, tag) for c in cells) + "</tr>"


def _cell(text: str, tag: str) -> str:
    """'text|colspan' spans columns."""
    body, _, span = text.partition("|")
    attr = f' colspan="{span}"' if span else ""
    body = body.replace("&", "&amp;").replace("<", "&lt;")
    return f"<{tag}{attr}>{body}</{tag}>"


def jats_table(
    tmp_path: Path, caption: str, head: list[list[str]], body: list[list[str]], foot: str = ""
) -> Table:
    """A one-table JATS article, read back by the JATS reader."""
    foot = foot.replace("&", "&amp;").replace("<", "&lt;")
    notes = f"<table-wrap-foot><fn><p>{foot}</p></fn></table-wrap-foot>" if foot else ""
    xml = (
        "<article><front><article-meta><title-group><article-title>A trial</article-title>"
        "</title-group></article-meta></front><body><sec><title>Results</title><p>See below.</p>"
        f'<table-wrap id="t2"><label>Table 2</label><caption><p>{caption}</p></caption><table>'
        "<thead>" + "".join(_row(r, "th") for r in head) + "</thead>"
        "<tbody>" + "".join(_row(r, "td") for r in body) + "</tbody>"
        f"</table>{notes}</table-wrap></sec></body></article>"
    )
    path = tmp_path / "trial.nxml"
    path.write_text(xml, encoding="utf-8")
    (table,) = read_document(path).tables
    return table


@pytest.fixture(scope="module")
def resolver() -> TargetResolver:
    return TargetResolver(load_lexicon(), {})


def findings(t: Table, resolver: TargetResolver) -> list[FindingRecord]:
    return table_findings(t, "Own 2024", TrialArms(), resolver, set())


def test_arm_rows_under_no_outcome_row_measure_what_the_stub_head_names(
    tmp_path: Path, resolver: TargetResolver
) -> None:
    # pmc-sample PMC4270651 (Table 2), ei-dev PMC5758851 (Tables 1-3), PMC5844532 (Table 4)
    t = jats_table(
        tmp_path,
        "Levels in the two groups before and after twelve weeks",
        [["Serum ferritin, ng/mL", "T = 0", "T = 12 wk", "P value"]],
        [
            ["Iron (n = 20)", "30.1 ± 5.2", "55.0 ± 9.1", "<0.001"],
            ["Placebo (n = 21)", "29.4 ± 6.0", "31.2 ± 7.7", "0.41"],
            ["P value", "0.70", "<0.001", ""],
        ],
    )
    found = findings(t, resolver)
    between = next(f for f in found if f.comparison == "vs control")
    assert (between.intervention, between.comparator) == ("Iron", "Placebo")
    assert between.construct.startswith("serum ferritin")
    assert (between.direction, between.significant) == ("increase", True)
    assert between.stats["p"] == "<0.001"  # the groups compared at week 12, not at baseline
    assert between.stats["pre_mean_treatment"] == "30.1"
    assert between.stats["post_mean_control"] == "31.2"
    within = {f.intervention: f for f in found if f.comparison == "pre-post"}
    assert within["Iron"].significant is True and within["Placebo"].significant is False


def test_arm_rows_with_a_blank_stub_head_measure_what_the_caption_names(
    tmp_path: Path, resolver: TargetResolver
) -> None:
    t = jats_table(
        tmp_path,
        "Dry eye symptom scores in the treatment and placebo groups at baseline and follow-up",
        [["", "Baseline", "2 weeks", "4 weeks"]],
        [
            ["Drops group (N = 25)", "25.2 ± 8.3", "22.4 ± 10.1", "18.0 ± 9.0"],
            ["Placebo group (N = 25)", "26.5 ± 9.2", "25.8 ± 4.8", "25.1 ± 5.2"],
        ],
    )
    (between,) = [f for f in findings(t, resolver) if f.comparison == "vs control"]
    assert between.construct == "dry eye symptom scores"
    assert (between.intervention, between.comparator) == ("Drops", "Placebo")
    assert between.direction == "decrease"


@pytest.mark.parametrize(
    ("caption", "outcome"),
    [
        (
            "Mean and standard deviation of serum ferritin before and after 8 weeks",
            "serum ferritin",
        ),
        ("Tear film break-up time in the treatment and placebo groups", "Tear film break-up time"),
        ("Comparison of pain scores between groups", "pain scores"),
        ("Outcomes by group", ""),  # names no measure of its own ('Outcomes' is generic)
    ],
)
def test_what_a_caption_says_its_table_measures(caption: str, outcome: str) -> None:
    found = caption_outcome(caption)
    assert found.lower() == outcome.lower() or (not outcome and found.lower() == "outcomes")


def test_times_named_by_a_letter_and_a_number(tmp_path: Path, resolver: TargetResolver) -> None:
    # 'M0 | M1 | M2 | M4' (ei-dev PMC5844532), 'W0 | W8 | W12' (PMC4358417), 'Month 0 | Month 9'
    # (pmc-sample PMC3707772), 'Day 0 | Day 1' (PMC2600646): the first is the baseline
    t = jats_table(
        tmp_path,
        "Tendon cross-sectional area during treatment",
        [["Tendon area (cm²)", "M0", "M1", "M4"]],
        [
            ["Placebo (n = 8)", "1.33 ± 0.32", "1.30 ± 0.30", "1.31 ± 0.33"],
            ["Gel (n = 8)", "1.70 ± 0.34", "1.52 ± 0.30", "1.40 ± 0.28"],
        ],
    )
    (between,) = [f for f in findings(t, resolver) if f.comparison == "vs control"]
    assert between.stats["pre_mean_treatment"] == "1.70"
    assert between.direction == "decrease"  # fell 0.18 by month 1 against 0.03
    assert is_result_table(t)


def test_arm_over_its_size_over_times_with_a_trend_p_per_arm(
    tmp_path: Path, resolver: TargetResolver
) -> None:
    # a header of three rows: the arm, its size on a row of its own, the times; the last
    # p column, under the last arm's span, tests the arms against each other
    # (pmc-sample PMC3707772; ei-dev PMC1820788, PMC5217661 print the size row so too)
    t = jats_table(
        tmp_path,
        "Markers over time in each arm",
        [
            ["", "Drug A|4", "Drug B|5"],
            ["", "(n = 16)|4", "(n = 19)|5"],
            ["Marker", "Month 0", "Month 9", "Month 21", "p, trend"]
            + ["Month 0", "Month 9", "Month 21", "p, trend", "p, time × arm"],
        ],
        [
            ["CD4 count", "310 (120)", "402 (131)", "455 (140)", "0.002"]
            + ["305 (118)", "420 (150)", "470 (133)", "0.003", "0.61"],
            ["HDL", "1.10 (0.20)", "1.12 (0.22)", "1.15 (0.25)", "0.07"]
            + ["1.05 (0.21)", "1.30 (0.24)", "1.38 (0.26)", "0.002", "0.004"],
        ],
    )
    found = findings(t, resolver)
    between = {
        (f.construct or f.instrument).lower(): f for f in found if f.comparison == "between groups"
    }
    assert set(between) == {"cd4 count", "hdl"}
    assert between["hdl"].stats["p"] == "0.004" and between["hdl"].significant is True
    assert between["cd4 count"].significant is False  # p 0.61 for the interaction
    within = [
        ((f.construct or f.instrument).lower(), f.intervention)
        for f in found
        if f.comparison == "pre-post"
    ]
    assert ("hdl", "Drug A") in within and ("hdl", "Drug B") in within
    hdl_a = next(
        f
        for f in found
        if f.comparison == "pre-post" and f.intervention == "Drug A" and f.instrument == "HDL"
    )
    assert hdl_a.stats["p"] == "0.07" and hdl_a.significant is False


def test_a_p_column_of_words_marks_and_notes(tmp_path: Path, resolver: TargetResolver) -> None:
    # 'N.S.' (pmc-sample PMC88884), 'n. s.' (PMC5835557), 'ns.' (PMC1540413); marks '⁎'
    # (PMC4101294), '▲' (PMC5883519), '⁺' (ei-dev PMC5844532); a note on the test
    # '(one-tailed)', '(exact test)' (PMC535936), '(Monte Carlo …)' (PMC5984011)
    t = jats_table(
        tmp_path,
        "Outcomes at the end of treatment",
        [["Outcome", "Exercise (n = 30)", "Control (n = 30)", "P"]],
        [
            ["Fatigue", "4.1 ± 1.0", "4.3 ± 1.2", "N.S."],
            ["Sleep quality", "6.2 ± 1.1", "7.9 ± 1.3", ".012⁎"],
            ["Pain", "2.0 ± 0.9", "2.9 ± 1.0", "0.03 (one-tailed)"],
            ["Mood", "5.0 ± 2.0", "5.2 ± 2.1", "n. s."],
            ["Walking distance", "410 ± 60", "380 ± 62", "0.04▲"],
        ],
        foot="⁎ P < 0.05 versus control. ▲ P < 0.05 versus control.",
    )
    found = {f.construct: f for f in findings(t, resolver)}
    assert found["fatigue"].significant is False and found["fatigue"].direction == "no change"
    assert found["mood"].significant is False
    assert found["sleep quality"].stats["p"] == ".012" and found["sleep quality"].significant
    assert found["pain"].stats["p"] == "0.03" and found["pain"].direction == "decrease"
    assert found["walking distance"].stats["p"] == "0.04"


def test_a_time_in_the_stub_head_over_outcome_rows_keeps_them_outcomes(
    tmp_path: Path, resolver: TargetResolver
) -> None:
    # strata over arm columns, a stub head naming the visit, outcomes in the rows
    # (pmc-sample PMC5636096); rows that read as times under such a head stay times
    # (PMC3233526 'Weeks of gestation' over '20', '28', PMC5516151 'Time period, mo')
    t = jats_table(
        tmp_path,
        "Main results in two strata",
        [
            ["", "Stratum low|3", "Stratum high|3"],
            ["6-month follow-up", "Active n = 7", "Placebo n = 10", "P"]
            + ["Active n = 6", "Placebo n = 10", "P"],
        ],
        [
            ["Reaction time", "3.4 ± 0.6", "2.8 ± 0.5", "0.02", "3.1 ± 0.4", "3.3 ± 0.5", "0.40"],
            ["Symptom score", "5.2 ± 1.5", "1.1 ± 1.2", "0.03", "2.6 ± 1.1", "2.0 ± 0.8", "0.22"],
        ],
    )
    found = {f.construct: f for f in findings(t, resolver)}
    assert set(found) == {"reaction time", "symptom score"}
    assert (found["reaction time"].intervention, found["reaction time"].comparator) == (
        "Active",
        "Placebo",
    )
    assert found["symptom score"].stats["p"] == "0.03"


def test_outcomes_that_begin_with_pre_or_post_and_a_change_from_baseline(
    tmp_path: Path, resolver: TargetResolver
) -> None:
    # 'Pregnancy', 'Pressure', 'Prevalence', 'Posterior', 'Postural', 'Predominantly …' name
    # outcomes, not times (pmc-sample PMC3233526, PMC3772033, PMC4312979, PMC1084341;
    # ei-dev PMC5498708, PMC3654568, PMC5132127); 'change from baseline' (PMC3598394,
    # PMC1386666, PMC1526611) says what a change is measured against, not when
    t = jats_table(
        tmp_path,
        "Motor outcomes after 12 weeks",
        [
            ["Domain", "Measure", "Yoga|2", "Control|2", "p"],
            ["", "", "Baseline", "Change from baseline", "Baseline", "Change from baseline", ""],
        ],
        [
            ["Motor", "Postural sway", "12.1 ± 2.0", "-2.4 ± 1.1", "12.4 ± 2.2", "-0.3 ± 1.0"]
            + ["0.004"],
            ["", "Pressure pain threshold", "3.1 ± 0.9", "0.8 ± 0.5", "3.0 ± 0.8", "0.1 ± 0.4"]
            + ["0.02"],
            ["", "Prehension strength", "20.2 ± 4.0", "0.4 ± 1.0", "20.9 ± 4.1", "0.3 ± 1.1"]
            + ["0.61"],
        ],
    )
    found = {f.construct: f for f in findings(t, resolver) if f.comparison == "vs control"}
    assert set(found) == {"postural sway", "pressure pain threshold", "prehension strength"}
    assert found["postural sway"].direction == "decrease"  # -2.4 against -0.3
    assert found["pressure pain threshold"].direction == "increase"
    assert found["prehension strength"].significant is False
    assert found["postural sway"].stats["pre_mean_treatment"] == "12.1"


def test_times_as_section_rows_over_arm_columns_compare_the_arms_after_baseline(
    tmp_path: Path, resolver: TargetResolver
) -> None:
    # 'Baseline' / '3 months' / '12 months' section rows over the same outcome rows
    # (pmc-sample PMC3772033, PMC4301654, PMC5654748; ei-dev PMC3978457, PMC5985618): the
    # arms compared at baseline are a check of the randomisation, not a finding
    t = jats_table(
        tmp_path,
        "Outcomes over follow-up",
        [["", "Coaching (n = 40)", "Usual care (n = 41)", "p"]],
        [
            ["Baseline", "", "", ""],
            ["Fatigue", "5.1 ± 1.2", "5.0 ± 1.3", "0.71"],
            ["3 months", "", "", ""],
            ["Fatigue", "3.9 ± 1.1", "4.8 ± 1.2", "0.001"],
            ["12 months", "", "", ""],
            ["Fatigue", "4.2 ± 1.3", "4.9 ± 1.1", "0.01"],
        ],
    )
    found = findings(t, resolver)
    assert [f.stats["p"] for f in found] == ["0.001", "0.01"]
    assert all(f.direction == "decrease" and f.intervention == "Coaching" for f in found)


def test_time_rows_under_an_outcome_row_test_the_arms_after_baseline(
    tmp_path: Path, resolver: TargetResolver
) -> None:
    # 'Baseline' / 'Day 7' / 'Week 12' rows under one outcome row with a p column (ei-dev
    # training part PMC5863299; the layout of the section rows above, turned over): the
    # baseline row's p tests the randomisation, not the treatment
    t = jats_table(
        tmp_path,
        "Serum markers",
        [["", "Herbal (n = 50)", "Placebo (n = 50)", "t", "p"]],
        [
            ["Nitric oxide", "", "", "", ""],
            ["Baseline", "52.6 ± 3.3", "53.1 ± 2.8", "-0.98", "0.330"],
            ["Week 12", "73.9 ± 4.4", "69.1 ± 2.5", "7.58", "<0.001"],
        ],
    )
    (found,) = [f for f in findings(t, resolver) if f.comparison != "pre-post"]
    assert found.stats["p"] != "0.330" and found.significant is not False
    assert found.direction == "increase" and found.intervention == "Herbal"


def test_header_rows_left_at_the_top_of_the_body_join_the_header(
    tmp_path: Path, resolver: TargetResolver
) -> None:
    # a <thead> of one row (the times) over two body rows of arms and 'mean (SD)' cells
    # (ei-dev PMC1779263, PMC3917487, PMC1914073, PMC3499458; pmc-sample PMC4004088)
    t = jats_table(
        tmp_path,
        "Symptom scores by group and time",
        [["Item", "Baseline|2", "Week 12|2", "p"]],
        [
            ["", "Control (n = 23)", "Yoga (n = 46)", "Control (n = 23)", "Yoga (n = 46)", ""],
            ["", "mean (SD)", "mean (SD)", "mean (SD)", "mean (SD)", ""],
            ["Fatigue", "3.4 (0.8)", "3.3 (1.2)", "3.2 (0.9)", "2.4 (1.1)", "0.004"],
        ],
    )
    (fatigue,) = findings(t, resolver)
    assert (fatigue.intervention, fatigue.comparator) == ("Yoga", "Control")
    assert (
        fatigue.stats["post_mean_treatment"] == "2.4" and fatigue.stats["pre_sd_control"] == "0.8"
    )
    assert fatigue.direction == "decrease" and fatigue.significant is True


def test_a_span_over_the_arms_and_a_difference_of_two_arms_name_no_arm(
    tmp_path: Path, resolver: TargetResolver
) -> None:
    # 'Study group' spanning the arms (ei-dev PMC3917487, four tables); 'Placebo – Drug'
    # over the difference and its p, 'Mean (95% CI)' under each arm (ei-dev PMC1914073)
    t = jats_table(
        tmp_path,
        "Glycaemic control after 12 weeks",
        [
            ["", "Study group|2", "Placebo – Drug|2"],
            ["", "Drug (n = 23)", "Placebo (n = 14)", "Mean difference (95% CI)", "p"],
        ],
        [
            [
                "Fasting glucose (mmol/l)",
                "9.7 (8.9–10.5)",
                "10.7 (9.6–11.8)",
                "1.0 (0.1–1.9)",
                "0.03",
            ]
        ],
    )
    (glucose,) = findings(t, resolver)
    assert (glucose.intervention, glucose.comparator) == ("Drug", "Placebo")
    assert glucose.stats["post_mean_treatment"] == "9.7" and glucose.stats["p"] == "0.03"
    assert glucose.direction == "decrease" and glucose.significant is True


def test_names_with_no_arm_cue_each_over_the_same_times_are_the_arms(
    tmp_path: Path, resolver: TargetResolver
) -> None:
    # two diets' abbreviations each over 'Baseline | 12 months' (ei-dev PMC3751456), or under the
    # times (PMC5873829; PMC4727391)
    t = jats_table(
        tmp_path,
        "Metabolic parameters",
        [
            ["", "LCD|3", "LFD|3"],
            ["", "Baseline", "12 months", "p", "Baseline", "12 months", "p"],
        ],
        [
            [
                "Waist (cm)",
                "95.0 ± 12.0",
                "87.8 ± 11.0",
                "0.001",
                "94.6 ± 12.5",
                "93.2 ± 11.8",
                "0.2",
            ]
        ],
    )
    found = findings(t, resolver)
    (between,) = [f for f in found if f.comparison == "between groups"]
    assert (between.intervention, between.comparator) == ("LCD", "LFD")
    assert between.direction == "decrease"  # -7.2 against -1.4
    within = {f.intervention: f.significant for f in found if f.comparison == "pre-post"}
    assert within == {"LCD": True, "LFD": False}


def test_numbers_printed_with_thousands_separators(
    tmp_path: Path, resolver: TargetResolver
) -> None:
    # a mean ± SD (ei-dev PMC4358417, PMC3738153, PMC5986437), an estimate with its CI
    # (PMC2365983), an n (%) (PMC5860698), each with a thousands separator
    t = jats_table(
        tmp_path,
        "Energy intake and steps after 12 weeks",
        [["Outcome", "Rosehip (n = 30)", "Placebo (n = 30)", "p"]],
        [
            ["Energy intake (kcal)", "1,850.40±352.10", "2,012.55±401.30", "0.04"],
            ["Daily steps", "10,250 ± 2,240", "8,905 ± 2,010", "0.01"],
        ],
    )
    energy, steps = findings(t, resolver)
    assert energy.stats["post_mean_treatment"] == "1,850.40" and energy.direction == "decrease"
    assert steps.stats["post_sd_control"] == "2,010" and steps.direction == "increase"


def test_one_arm_over_t0_and_t1_with_a_mean_sd_and_its_range(
    tmp_path: Path, resolver: TargetResolver
) -> None:
    # 'mean ± SD (median, range)', '(n)', '[CI]' after a mean ± SD: ei-dev PMC5822856,
    # PMC2836833, PMC3654568, PMC1626393, PMC4809387, PMC3751456 (26 papers, 487 cells);
    # 't0 | t1' are times, not t tests (PMC5822856)
    t = jats_table(
        tmp_path,
        "Balance before and after four weeks of training",
        [["Variables", "t0", "t1", "p-value"]],
        [
            ["Balance score", "44.2±3.1 (45.0, 38–50)", "47.9±2.6 (48.0, 41–52)", "<0.001"],
            ["Timed walk (s)", "12.6 ± 2.9 (21)", "12.1 ± 2.7 (21)", "0.38"],
        ],
    )
    balance, walk = findings(t, resolver)
    assert balance.comparison == "pre-post" and balance.direction == "increase"
    assert (
        balance.stats["pre_mean_treatment"] == "44.2"
        and balance.stats["post_sd_treatment"] == "2.6"
    )
    assert balance.significant is True and walk.significant is False
    assert walk.direction == "no change"


def test_a_median_in_a_column_of_its_own(tmp_path: Path, resolver: TargetResolver) -> None:
    # 'Median | IQR' under each arm (pmc-sample PMC4951149; ei-dev PMC3680633, PMC3713949,
    # PMC5773922, PMC5884508)
    t = jats_table(
        tmp_path,
        "Symptom days after treatment",
        [
            ["", "Spray (n = 15)|2", "Placebo (n = 15)|2", "p"],
            ["", "Median", "IQR", "Median", "IQR", ""],
        ],
        [["Days with symptoms", "4", "2–6", "7", "5–9", "0.003"]],
    )
    (days,) = findings(t, resolver)
    assert (days.intervention, days.comparator) == ("Spray", "Placebo")
    assert days.direction == "decrease" and days.significant is True


def test_time_rows_and_a_change_row_under_each_outcome_beside_a_total_column(
    tmp_path: Path, resolver: TargetResolver
) -> None:
    # outcome section rows over 'Baseline' / '4 months' / 'Change in scores' rows, an 'All'
    # column beside the arms (pmc-sample PMC5729492; ei-dev PMC3532083, PMC5217661; an
    # 'All' or 'Total' column beside arm columns: 80 papers, e.g. PMC3978457, PMC4301654)
    t = jats_table(
        tmp_path,
        "Scores of the randomised groups",
        [["Variables", "All n = 40", "Control n = 20", "Coaching n = 20"]],
        [
            ["Restraint", "", "", ""],
            ["Baseline", "50.0 (10.0)", "50.5 (9.0)", "49.5 (11.0)"],
            ["4 months", "47.0 (9.5)", "50.0 (9.1)", "44.0 (9.9)"],
            ["Change in scores", "−3.0 (8.0)", "−0.5 (7.5)", "−5.5 (8.2)"],
        ],
    )
    (restraint,) = findings(t, resolver)
    assert restraint.construct == "restraint"
    assert (restraint.intervention, restraint.comparator) == ("Coaching", "Control")
    assert restraint.direction == "decrease"  # changed -5.5 against -0.5
    assert restraint.stats["pre_mean_treatment"] == "49.5"
