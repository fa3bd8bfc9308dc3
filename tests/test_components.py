"""The spaCy components, one small case at a time, then the pipeline on the corpus papers."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

import ingest.components as components
from ingest.analysis import Analysis, analyse
from ingest.assemble import assemble
from ingest.components import (
    find_abbreviations,
    long_form_start,
    parse_citations,
    parse_statistics,
    sentence_spans,
)
from ingest.components.entities import guess_kind, is_generic
from ingest.pipeline import build_pipeline, get_pipeline
from ingest.readers import read_document
from ingest.records import Extraction
from ontology.lexicon import Lexicon, load_lexicon, parse_lexicon

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
PAPERS = sorted(CORPUS.glob("*.txt"))

LEXICON = """
[[construct]]
label = "self-compassion"
synonyms = ["self compassion"]

[[construct]]
label = "empathy"

[[construct]]
label = "mindfulness"

[[instrument]]
label = "Self-Compassion Scale"
key = "SCS"
abbreviations = ["SCS"]
measures = ["self-compassion"]

[[intervention]]
label = "Mindfulness-Based Stress Reduction"
key = "MBSR"
abbreviations = ["MBSR"]

[[intervention]]
label = "loving-kindness meditation"
key = "LKM"
abbreviations = ["LKM"]
"""


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return parse_lexicon(LEXICON)


@pytest.fixture(scope="module")
def nlp(lexicon: Lexicon) -> Language:
    return build_pipeline(lexicon)


def sentences(text: str, newline_is_boundary: bool = True) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text, newline_is_boundary)]


# ---------------------------------------------------------------- sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Shapiro et al. (2007) examined the effects. The control group was small.",
            ["Shapiro et al. (2007) examined the effects.", "The control group was small."],
        ),
        (
            "Most work used patients (e.g. Baer 2003). Later work did not.",
            ["Most work used patients (e.g. Baer 2003).", "Later work did not."],
        ),
        ("Both groups, i.e. Training and Control, improved.", None),
        ("MBSR vs. MBCT was compared. It worked.", ["MBSR vs. MBCT was compared.", "It worked."]),
        ("The effect held, p = .019. Next.", ["The effect held, p = .019.", "Next."]),
        ("We recruited n = 20. Twenty finished.", ["We recruited n = 20.", "Twenty finished."]),
        (
            "The mean was M = 3.2 on the scale. It rose.",
            ["The mean was M = 3.2 on the scale.", "It rose."],
        ),
        ("Scores rose by 2.5 points. Then fell.", ["Scores rose by 2.5 points.", "Then fell."]),
        ("As Fig. 2 shows the effect held. Done.", ["As Fig. 2 shows the effect held.", "Done."]),
        (
            "Written by J. Smith and K. L. Jones. It has 26 items.",
            ["Written by J. Smith and K. L. Jones.", "It has 26 items."],
        ),
        (
            "Effects were found (Moore 2008; Rimes and Wingrove 2011). Next one.",
            ["Effects were found (Moore 2008; Rimes and Wingrove 2011).", "Next one."],
        ),
        ("As noted (see Table 1. It lists them) the data held.", None),
        ("Did it work? Yes. Really!", ["Did it work?", "Yes.", "Really!"]),
        ("Methods\n\nParticipants were adults.", ["Methods", "Participants were adults."]),
        ("ends without a stop\n\nlower case start", ["ends without a stop", "lower case start"]),
        ("Cells\tare\ttabbed\nNext row", ["Cells\tare\ttabbed", "Next row"]),
        ("cf. Gilbert 2010. Tirch agreed.", ["cf. Gilbert 2010.", "Tirch agreed."]),
        ('He said "Stop." Then he left.', ['He said "Stop."', "Then he left."]),
    ],
)
def test_sentence_boundaries(text: str, expected: list[str] | None) -> None:
    assert sentences(text) == (expected if expected is not None else [text])


def test_single_line_breaks_can_be_kept_inside_sentences() -> None:
    text = "a line broken\nin the middle. Next\n\nParagraph"
    assert sentences(text, newline_is_boundary=False) == [
        "a line broken\nin the middle.",
        "Next",
        "Paragraph",
    ]
    assert sentences(text) == ["a line broken", "in the middle.", "Next", "Paragraph"]


def test_sentence_component_sets_doc_sents(nlp: Language) -> None:
    doc = nlp("He met J. Smith et al. in 2010. Then he left.\n\nNew paragraph")
    assert [s.text.strip() for s in doc.sents] == [
        "He met J. Smith et al. in 2010.",
        "Then he left.",
        "New paragraph",
    ]
    assert [doc.text[s:e] for s, e in doc._.ekg_sentences] == [
        "He met J. Smith et al. in 2010.",
        "Then he left.",
        "New paragraph",
    ]


def test_sentence_component_can_be_configured() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("ekg_sentences_v1", config={"newline_is_boundary": False})
    assert len(list(nlp("one line\nand the next").sents)) == 1


# ---------------------------------------------------------------- abbreviations


def abbreviations(text: str) -> list[tuple[str, str, str, str]]:
    return [(a.short, a.long, a.citation, text[a.start : a.end]) for a in find_abbreviations(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "All used the Self-Compassion Scale (SCS; Neff 2003) as outcome.",
            [
                (
                    "SCS",
                    "Self-Compassion Scale",
                    "Neff 2003",
                    "Self-Compassion Scale (SCS; Neff 2003)",
                )
            ],
        ),
        (
            "We used the Five Facet Mindfulness Questionnaire (FFMQ).",
            [
                (
                    "FFMQ",
                    "Five Facet Mindfulness Questionnaire",
                    "",
                    "Five Facet Mindfulness Questionnaire (FFMQ)",
                )
            ],
        ),
        (
            "research on mindfulness-based interventions (MBIs) grew",
            [
                (
                    "MBI",
                    "mindfulness-based intervention",
                    "",
                    "mindfulness-based interventions (MBIs)",
                )
            ],
        ),
        (
            "The SCS (Self-Compassion Scale) was used.",
            [("SCS", "Self-Compassion Scale", "", "SCS (Self-Compassion Scale)")],
        ),
        (
            "SCS Self-Compassion Scale (Neff 2003)",
            [
                (
                    "SCS",
                    "Self-Compassion Scale",
                    "Neff 2003",
                    "SCS Self-Compassion Scale (Neff 2003)",
                )
            ],
        ),
        (
            "SCS = Self-Compassion Scale",
            [("SCS", "Self-Compassion Scale", "", "SCS = Self-Compassion Scale")],
        ),
        (
            "SCS: Self-Compassion Scale",
            [("SCS", "Self-Compassion Scale", "", "SCS: Self-Compassion Scale")],
        ),
        (
            "the Self-Compassion Scale (SCS) by Neff (2003) was",
            [
                (
                    "SCS",
                    "Self-Compassion Scale",
                    "Neff 2003",
                    "Self-Compassion Scale (SCS) by Neff (2003)",
                )
            ],
        ),
        (
            "(MBSR or Mindfulness-Based Cognitive Therapy (MBCT)) and",
            [
                (
                    "MBCT",
                    "Mindfulness-Based Cognitive Therapy",
                    "",
                    "Mindfulness-Based Cognitive Therapy (MBCT)",
                )
            ],
        ),
        (
            "we used the Five Facet Mindfulness Questionnaire (FFMQ; Baer et al. 2008; Spanish "
            "version: Cebolla et al. 2012) to assess",
            [("FFMQ", "Five Facet Mindfulness Questionnaire", "Baer et al. 2008", None)],
        ),
        (
            "an MBSR group or wait list control (WLC) group",
            [("WLC", "wait list control", "", "wait list control (WLC)")],
        ),
        (
            "MBSR\tMindfulness-Based Stress Reduction",
            [("MBSR", "Mindfulness-Based Stress Reduction", "", None)],
        ),
    ],
)
def test_abbreviation_definitions(
    text: str, expected: list[tuple[str, str, str, str | None]]
) -> None:
    found = abbreviations(text)
    assert [f[:3] for f in found] == [e[:3] for e in expected]
    for got, want in zip(found, expected, strict=True):
        if want[3] is not None:
            assert got[3] == want[3]


def test_plural_definition_is_marked() -> None:
    (mbi,) = find_abbreviations("mindfulness-based programs (MBPs) help")
    assert (mbi.short, mbi.long, mbi.plural) == ("MBP", "mindfulness-based program", True)


def test_glossary_separated_by_semicolons_with_citations() -> None:
    text = (
        "NA not applicable; MBCT Mindfulness-Based Cognitive Therapy; POMS-SF Profile of Mood "
        "States-Short Form (Curran et al. 1995); SCL-90-R Symptom Checklist 90-Revised (Derogatis "
        "1977); MMQ Mechanisms of Mindfulness Questionnaire (in development, Rimes and Wingrove 2011)"
    )
    found = {a.short: (a.long, a.citation) for a in find_abbreviations(text)}
    assert found == {
        "NA": ("not applicable", ""),
        "MBCT": ("Mindfulness-Based Cognitive Therapy", ""),
        "POMS-SF": ("Profile of Mood States-Short Form", "Curran et al. 1995"),
        "SCL-90-R": ("Symptom Checklist 90-Revised", "Derogatis 1977"),
        "MMQ": ("Mechanisms of Mindfulness Questionnaire", "Rimes and Wingrove 2011"),
    }


def test_glossary_with_label_commas_and_italics() -> None:
    text = (
        "Abbreviations: MBSR, mindfulness-based stress reduction; MBCT, mindfulness-based "
        "cognitive therapy"
    )
    assert [(a.short, a.long) for a in find_abbreviations(text)] == [
        ("MBSR", "mindfulness-based stress reduction"),
        ("MBCT", "mindfulness-based cognitive therapy"),
    ]
    italic = "M, mean; *SD*, standard deviation; *ProQOL*, Professional Quality of Life Scale"
    assert [(a.short, a.long, italic[a.start : a.end]) for a in find_abbreviations(italic)] == [
        ("M", "mean", "M, mean"),
        ("SD", "standard deviation", "*SD*, standard deviation"),
        (
            "ProQOL",
            "Professional Quality of Life Scale",
            "*ProQOL*, Professional Quality of Life Scale",
        ),
    ]


def test_glossary_one_entry_per_line() -> None:
    text = "SCS = Self-Compassion Scale\nPSS = Perceived Stress Scale"
    assert [a.short for a in find_abbreviations(text)] == ["SCS", "PSS"]


@pytest.mark.parametrize(
    "text",
    [
        "small ($n < 50$) samples",
        "a result (p = .05) held",
        "as measured (Neff 2003) before",
        "Self-compassion (SCS)\tTraining\t81.54",
        "MBSR (2-h sessions) was offered",
        "SCS scores correlated with age.",
        "MBIs, such as mindfulness-based stress reduction, work",
        "committee (METc 2017/324, ref. M17.215528 dated 26 July 2017)",
        "the lab (see Table 1) showed",
    ],
)
def test_no_abbreviation_where_none_is_defined(text: str) -> None:
    assert find_abbreviations(text) == []


def test_schwartz_hearst_long_form_start() -> None:
    text = "were MBSR or Mindfulness-Based Cognitive Therapy"
    assert text[long_form_start("MBCT", text) :] == "Mindfulness-Based Cognitive Therapy"
    assert long_form_start("XYZ", text) is None
    assert long_form_start("SCS", "Self-Compassion Scale") == 0


# ---------------------------------------------------------------- statistics


def stats(text: str) -> list[tuple[str, str, str, str, str]]:
    return [
        (s.name, s.value, s.comparator, s.df, text[s.start : s.end]) for s in parse_statistics(text)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("F(1, 44) = 5.917", [("F", "5.917", "=", "1, 44", "F(1, 44) = 5.917")]),
        ("F(1,44)=5.9", [("F", "5.9", "=", "1, 44", "F(1,44)=5.9")]),
        ("F = .365", [("F", ".365", "=", "", "F = .365")]),
        ("t(38) = 2.41", [("t", "2.41", "=", "38", "t(38) = 2.41")]),
        ("χ²(2) = 6.1", [("chi2", "6.1", "=", "2", "χ²(2) = 6.1")]),
        ("χ2(2, N = 78) = 6.1", [("chi2", "6.1", "=", "2", "χ2(2, N = 78) = 6.1")]),
        ("p = .019", [("p", ".019", "=", "", "p = .019")]),
        ("p < .001", [("p", ".001", "<", "", "p < .001")]),
        ("p ≤ .05", [("p", ".05", "≤", "", "p ≤ .05")]),
        ("p <= .05", [("p", ".05", "≤", "", "p <= .05")]),
        (r"p \leq .05", [("p", ".05", "≤", "", r"p \leq .05")]),
        ("η² = .119", [("eta_sq", ".119", "=", "", "η² = .119")]),
        ("ηp² = .2", [("partial_eta_sq", ".2", "=", "", "ηp² = .2")]),
        ("η²p = .2", [("partial_eta_sq", ".2", "=", "", "η²p = .2")]),
        ("partial η² = .3", [("partial_eta_sq", ".3", "=", "", "partial η² = .3")]),
        (
            "partial eta squared = .3",
            [("partial_eta_sq", ".3", "=", "", "partial eta squared = .3")],
        ),
        ("η_p^2 = .1", [("partial_eta_sq", ".1", "=", "", "η_p^2 = .1")]),
        (r"\eta_{p}^{2} = .07", [("partial_eta_sq", ".07", "=", "", r"\eta_{p}^{2} = .07")]),
        (r"\eta^2 = .5", [("eta_sq", ".5", "=", "", r"\eta^2 = .5")]),
        ("d = 0.45", [("d", "0.45", "=", "", "d = 0.45")]),
        ("Cohen's d = −0.3", [("d", "-0.3", "=", "", "Cohen's d = −0.3")]),
        ("r = .31", [("r", ".31", "=", "", "r = .31")]),
        ("r(45) = −.21", [("r", "-.21", "=", "45", "r(45) = −.21")]),
        ("n = 20", [("n", "20", "=", "", "n = 20")]),
        ("$n=17$", [("n", "17", "=", "", "n=17")]),
        ("N = 78", [("N", "78", "=", "", "N = 78")]),
        ("M = 3.2", [("M", "3.2", "=", "", "M = 3.2")]),
        ("SD = 0.4", [("SD", "0.4", "=", "", "SD = 0.4")]),
        ("8.2 (SD, 0.7; range, 7–10)", [("SD", "0.7", "=", "", "SD, 0.7")]),
        ("β = .2", [("beta", ".2", "=", "", "β = .2")]),
        ("(α = 0.91)", [("alpha", "0.91", "=", "", "α = 0.91")]),
        ("95% CI [0.1, 0.5]", [("CI", "0.1, 0.5", "=", "", "95% CI [0.1, 0.5]")]),
        ("CI: −0.5 to −0.1", [("CI", "-0.5, -0.1", "=", "", "CI: −0.5 to −0.1")]),
    ],
)
def test_statistics(text: str, expected: list[tuple[str, str, str, str, str]]) -> None:
    assert stats(text) == expected


def test_statistics_in_a_latex_table_cell() -> None:
    cell = r"$F(1, 44) = 1.983, p = .166, \eta^2 = .043$"
    assert [s[:4] for s in stats(cell)] == [
        ("F", "1.983", "=", "1, 44"),
        ("p", ".166", "=", ""),
        ("eta_sq", ".043", "=", ""),
    ]


def test_mean_and_sd_together() -> None:
    assert [s[:2] for s in stats("(M = 3.2, SD = 0.4)")] == [("M", "3.2"), ("SD", "0.4")]


def test_confidence_interval_level() -> None:
    (ci,) = parse_statistics("d = 0.4, 95% CI [0.1, 0.5]")[1:]
    assert (ci.name, ci.level) == ("CI", "95%")


@pytest.mark.parametrize(
    "text",
    [
        "Part = 4",
        "at = 3",
        "n (%)",
        "partial eta squared values of 0.119",
        "F, 3.2",
        "1 = very unsatisfied",
    ],
)
def test_no_statistic(text: str) -> None:
    assert parse_statistics(text) == []


# ---------------------------------------------------------------- citations


def citations(text: str) -> list[tuple[str, str, str, str]]:
    return [(c.label, c.first_author, c.year, text[c.start : c.end]) for c in parse_citations(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Shapiro et al. (2007) examined",
            [("Shapiro et al. 2007", "Shapiro", "2007", "Shapiro et al. (2007)")],
        ),
        (
            "Rimes and Wingrove (2011) found",
            [("Rimes and Wingrove 2011", "Rimes", "2011", "Rimes and Wingrove (2011)")],
        ),
        (
            "version (Neff and Vonk 2009) of",
            [("Neff and Vonk 2009", "Neff", "2009", "Neff and Vonk 2009")],
        ),
        (
            "the Dutch version by Neff and Vonk 2009",
            [("Neff and Vonk 2009", "Neff", "2009", "Neff and Vonk 2009")],
        ),
        (
            "(Moore 2008; Rimes and Wingrove 2011)",
            [
                ("Moore 2008", "Moore", "2008", "Moore 2008"),
                ("Rimes and Wingrove 2011", "Rimes", "2011", "Rimes and Wingrove 2011"),
            ],
        ),
        ("(e.g. Baer 2003)", [("Baer 2003", "Baer", "2003", "Baer 2003")]),
        (
            "(Shapiro et al. 2005, 2007)",
            [
                ("Shapiro et al. 2005", "Shapiro", "2005", "Shapiro et al. 2005"),
                ("Shapiro et al. 2007", "Shapiro", "2007", "Shapiro et al. 2005, 2007"),
            ],
        ),
        (
            "(Gilbert 2005a, b)",
            [
                ("Gilbert 2005a", "Gilbert", "2005a", "Gilbert 2005a"),
                ("Gilbert 2005b", "Gilbert", "2005b", "Gilbert 2005a, b"),
            ],
        ),
        ("as Hick & Bien 2008 argue", [("Hick and Bien 2008", "Hick", "2008", "Hick & Bien 2008")]),
        ("Yardley's (2000) criteria", [("Yardley 2000", "Yardley", "2000", "Yardley's (2000)")]),
        (
            "(Hardy et al. 2007, p.29)",
            [("Hardy et al. 2007", "Hardy", "2007", "Hardy et al. 2007")],
        ),
        (
            "Baer, Smith, and Hopkins (2006)",
            [("Baer et al. 2006", "Baer", "2006", "Baer, Smith, and Hopkins (2006)")],
        ),
        (
            "O'Connor et al. (2018) identified",
            [("O'Connor et al. 2018", "O'Connor", "2018", "O'Connor et al. (2018)")],
        ),
        (
            "(Di Benedetto and Swadling 2014)",
            [("Di Benedetto and Swadling 2014", "Di Benedetto", "2014", None)],
        ),
        (
            "Koster and Van den Brink 2015",
            [("Koster and Van den Brink 2015", "Koster", "2015", None)],
        ),
        (
            "(World Health Organization 2008)",
            [("World Health Organization 2008", "World Health Organization", "2008", None)],
        ),
        ("Moore 2008\t17\tTrainees", [("Moore 2008", "Moore", "2008", "Moore 2008")]),
        ("(Smith, in press)", [("Smith, in press", "Smith", "in press", "Smith, in press")]),
        (
            "challenging for some (Okafor, under review).",
            [("Okafor, under review", "Okafor", "under review", "Okafor, under review")],
        ),
        (
            "Likewise, Baron-Cohen and Wheelwright (2004) observed",
            [("Baron-Cohen and Wheelwright 2004", "Baron-Cohen", "2004", None)],
        ),
        ("However, Smith et al. (2004) found", [("Smith et al. 2004", "Smith", "2004", None)]),
    ],
)
def test_citations(text: str, expected: list[tuple[str, str, str, str | None]]) -> None:
    found = citations(text)
    assert [f[:3] for f in found] == [e[:3] for e in expected]
    for got, want in zip(found, expected, strict=True):
        if want[3] is not None:
            assert got[3] == want[3]


@pytest.mark.parametrize(
    "text",
    [
        "(p = .05)",
        "(n = 20)",
        "(2012–2015)",
        "© Springer Science+Business Media New York 2012",
        "(dated 26 July 2017)",
        "In 2015, the first",
        "(METc 2017/324)",
        "Table 2 2015",
        "(Smith, a review)",
    ],
)
def test_no_citation(text: str) -> None:
    assert parse_citations(text) == []


def test_year_list_does_not_take_a_following_word() -> None:
    assert [c.year for c in parse_citations("(Smith 2007, a review)")] == ["2007"]


# ---------------------------------------------------------------- entities


def entity_texts(nlp: Language, text: str) -> list[tuple[str, str | None, str, bool]]:
    return [(e.kind, e.key, e.text, e.known) for e in nlp(text)._.ekg_entities]


def test_lexicon_entities_prefer_the_longest_match(nlp: Language) -> None:
    assert entity_texts(nlp, "We used the Self-Compassion Scale to measure self compassion.") == [
        ("instrument", "SCS", "Self-Compassion Scale", True),
        ("construct", "self-compassion", "self compassion", True),
    ]


def test_overlapping_lexicon_matches_are_resolved_without_definitions(nlp: Language) -> None:
    found = nlp("We used the Self-Compassion Scale.")._.ekg_entities
    assert [(e.key, e.text) for e in found] == [("SCS", "Self-Compassion Scale")]


def test_abbreviations_match_case_sensitively(nlp: Language) -> None:
    assert entity_texts(nlp, "The SCS and MBSR, not scs or mbsr.") == [
        ("instrument", "SCS", "SCS", True),
        ("intervention", "MBSR", "MBSR", True),
    ]


def test_document_definitions_become_candidates(nlp: Language) -> None:
    text = (
        "The Interpersonal Mindfulness Program (IMP) was new. The Empathy Quotient (EQ) and the "
        "IMP were studied; EQ scores rose. Values are given as standard deviation (SD)."
    )
    found = entity_texts(nlp, text)
    assert ("intervention", None, "Interpersonal Mindfulness Program", False) in found
    assert ("intervention", None, "IMP", False) in found
    assert found.count(("instrument", None, "EQ", False)) == 2
    assert not any(text == "SD" for _, _, text, _ in found)


def test_document_definition_resolves_to_the_lexicon(nlp: Language) -> None:
    text = "Two loving-kindness meditations (LKMs) were taught; both LKMs ran twice."
    found = [e for e in nlp(text)._.ekg_entities if e.text == "LKMs"]
    assert [(e.kind, e.key, e.known) for e in found] == [("intervention", "LKM", True)] * 2


@pytest.mark.parametrize(
    ("long", "kind"),
    [
        ("Professional Quality of Life Scale", "instrument"),
        ("Mechanisms of Mindfulness Questionnaire", "instrument"),
        ("Interpersonal Mindfulness Program", "intervention"),
        ("loving-kindness meditation", "intervention"),
        ("Mindfulness-Based Stress Reduction", "intervention"),
        ("empathic concern", "construct"),
    ],
)
def test_guess_kind(long: str, kind: str) -> None:
    assert guess_kind(long) == kind


def test_generic_research_terms() -> None:
    assert is_generic("standard deviation") and is_generic("wait list control")
    assert not is_generic("Empathy Quotient")


# ---------------------------------------------------------------- pipeline


def test_every_registered_component_is_one_ingest_runs(nlp: Language) -> None:
    """One path: a component the project registers is one ingest runs, in an order
    whose declared requirements hold (nothing is computed only for the tests)."""
    ours = {name for name in spacy.registry.factories.get_all() if name.startswith("ekg_")}
    assert ours == set(nlp.pipe_names) == set(get_pipeline().pipe_names)
    assert not any(nlp.analyze_pipes(pretty=False)["problems"].values())


def test_span_extensions_hold_what_starts_inside(nlp: Language) -> None:
    doc = nlp("First p = .01 here. Then Neff (2003) saw an increase in empathy.")
    first, second = doc.sents
    assert first._.ekg_citations == [] and first._.ekg_entities == []
    assert [c.label for c in second._.ekg_citations] == ["Neff 2003"]
    assert [e.key for e in second._.ekg_entities] == ["empathy"]


def test_components_package_exports_exist() -> None:
    assert all(hasattr(components, name) for name in components.__all__)


def test_get_pipeline_builds_once_per_lexicon(lexicon: Lexicon) -> None:
    assert get_pipeline(lexicon) is get_pipeline(lexicon)
    assert get_pipeline() is get_pipeline(load_lexicon())


def test_packaged_lexicon_pipeline_runs() -> None:
    doc = get_pipeline()("The Self-Compassion Scale (SCS; Neff 2003) rose, F(1, 44) = 5.9.")
    assert any(e.text == "Self-Compassion Scale" and e.known for e in doc._.ekg_entities)


# ---------------------------------------------------------------- the corpus papers


Corpus = dict[str, tuple[Analysis, Extraction]]


@pytest.fixture(scope="module")
def corpus(nlp: Language, lexicon: Lexicon) -> Corpus:
    """Each corpus paper read, analysed and assembled as ingest does it."""
    if not PAPERS:
        pytest.fail(f"no corpus papers in {CORPUS}")
    found = {}
    for path in PAPERS:
        analysis = analyse(read_document(path), nlp)
        found[path.name] = (analysis, assemble(analysis, lexicon))
    return found


def test_corpus_offsets_point_at_what_was_found(corpus: Corpus) -> None:
    for analysis, _ in corpus.values():
        text = analysis.doc.text
        for st in parse_statistics(text):
            assert text[st.start : st.end].replace("−", "-").replace(" ", "").endswith(st.value)
        for block in analysis.blocks:
            assert text[block.start : block.start + len(block.text)] == block.text
            for s in block.sentences:
                assert text[s.start : s.end] == s.text
            for c in block.citations:
                assert c.first_author.split()[-1] in text[c.start : c.end]
                assert c.year[:4] in text[c.start : c.end]
            for a in block.abbreviations:
                assert a.short in text[a.start : a.end]
            for e in block.entities:
                assert text[e.start : e.end] == e.text


def test_corpus_definitions(corpus: Corpus) -> None:
    found = [a for analysis, _ in corpus.values() for b in analysis.blocks for a in b.abbreviations]
    defined = {(a.short, a.long.lower()) for a in found}
    assert ("SCS", "self-compassion scale") in defined
    assert ("FFMQ", "five facet mindfulness questionnaire") in defined
    assert ("MBSR", "mindfulness-based stress reduction") in defined
    assert ("SCS", "Neff 2003") in {(a.short, a.citation) for a in found}


def test_corpus_statistics(corpus: Corpus) -> None:
    found = [s for analysis, _ in corpus.values() for s in parse_statistics(analysis.doc.text)]
    f_with_df = [s for s in found if s.name == "F" and s.df == "1, 44"]
    assert len(f_with_df) >= 5
    assert {s.name for s in found} >= {"F", "p", "eta_sq", "n", "SD", "d", "r"}
    assert any(s.name == "p" and s.value == ".019" for s in found)


def test_corpus_citations(corpus: Corpus) -> None:
    labels = {
        c.label for analysis, _ in corpus.values() for b in analysis.blocks for c in b.citations
    }
    assert {
        "Shapiro et al. 2005",
        "Shapiro et al. 2007",
        "Rimes and Wingrove 2011",
        "Neff 2003",
    } <= labels
    assert not any(label.split()[0] in {"July", "October", "York"} for label in labels)


def test_corpus_findings_and_entities(corpus: Corpus) -> None:
    findings = {(f.direction, f.construct) for _, ext in corpus.values() for f in ext.findings}
    assert ("increase", "self-compassion") in findings
    assert ("no change", "empathy") in findings
    entities = [e for analysis, _ in corpus.values() for b in analysis.blocks for e in b.entities]
    assert {("instrument", "SCS"), ("intervention", "MBSR")} <= {(e.kind, e.key) for e in entities}
    candidates = {e.label for e in entities if not e.known}
    assert "Five Facet Mindfulness Questionnaire" in candidates
