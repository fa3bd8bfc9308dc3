"""What a paper says about its words, as the arm and outcome taggers read it: built from
a paper written for this test in the style of trial reports (none from the data)."""

from __future__ import annotations

from ingest.components.paper_context import PaperContext

TITLE = "Zorbatrelin versus placebo for chronic tinnitus: a randomised trial"
PARAGRAPHS = [
    (
        "Abstract: Methods",
        "Adults with chronic tinnitus were randomised to zorbatrelin 20 mg or placebo for "
        "12 weeks. The primary outcome was the Tinnitus Handicap Inventory (THI) score.",
        0,
    ),
    (
        "Introduction",
        "Earlier trials of melatonin (MEL) and counselling reported mixed results.",
        200,
    ),
    (
        "Methods",
        "Participants in the zorbatrelin group received one tablet daily. Sleep quality was "
        "assessed with a diary. Zorbatrelin was well tolerated.",
        300,
    ),
]


def context() -> PaperContext:
    return PaperContext.of(TITLE, PARAGRAPHS, row_labels=["Loudness rating"])


def test_an_arm_named_in_the_title_and_allocated_in_the_methods_is_flagged_so() -> None:
    flags = context().flags("zorbatrelin")
    assert {"c:title", "c:alloc", "c:grp"} <= set(flags)
    assert "c:f=3" in flags  # four mentions


def test_an_abbreviation_the_paper_defines_and_its_long_form_are_flagged() -> None:
    found = context()
    assert "c:abbr" in found.flags("thi")
    assert "c:long" in found.flags("handicap")
    assert "c:meas" in found.flags("handicap")


def test_the_background_does_not_define_the_own_trials_words() -> None:
    found = context()
    assert "c:abbr" not in found.flags("mel")  # defined in the introduction only
    assert "c:alloc" not in found.flags("melatonin")


def test_table_row_labels_and_measure_sentences_mark_measures() -> None:
    found = context()
    assert "c:meas" in found.flags("loudness")
    assert "c:meas" in found.flags("sleep")
    assert "c:meas" not in found.flags("counselling")


def test_stop_words_and_numbers_carry_no_context() -> None:
    found = context()
    assert found.flags("the") == []
    assert found.flags("<int>") == []
