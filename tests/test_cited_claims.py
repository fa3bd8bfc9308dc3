"""What the studies a paper cites found, read from its background and discussion: numbered
citations resolved through the reference list, each outcome credited to its own citation,
the paper's own results left to it. The sentences are written here in the style of the
field; none is taken from the corpus or the dev sets."""

from __future__ import annotations

import pytest

from ingest.assemble.cited_claims import cited_findings
from ingest.assemble.targets import TargetResolver
from ingest.components.citations import Citation, parse_citations
from ingest.components.numbered import Cited, is_numbered, numbered_citations
from ingest.components.sentences import sentence_spans
from ingest.readers._references import parse_reference
from ontology.lexicon import load_lexicon

LISTED = {
    1: Cited("Okafor et al. 2015", "Okafor", "2015"),
    2: Cited("Lindqvist 2017", "Lindqvist", "2017"),
    3: Cited("Moreau and Lund 2011", "Moreau", "2011"),
}


@pytest.fixture(scope="module")
def resolver() -> TargetResolver:
    return TargetResolver(load_lexicon())


def found(sentence: str, resolver: TargetResolver, numbered: bool = False) -> set[tuple[str, ...]]:
    cites: list[Citation] = (
        numbered_citations(sentence, 0, LISTED) if numbered else parse_citations(sentence)
    )
    return {
        (f.study, f.construct, f.direction)
        for _, f in cited_findings(sentence, 0, "", cites, resolver, {})
    }


def test_numbered_citations_resolve_through_the_list() -> None:
    text = "Stress fell after the course [1, 3] and mood rose (2). See Table 2 (3); F(2, 40) = 5.1."
    assert [c.label for c in numbered_citations(text, 0, LISTED)] == [
        "Okafor et al. 2015",
        "Moreau and Lund 2011",
        "Lindqvist 2017",
    ]
    assert [c.label for c in numbered_citations("It rose.[1–3] Then", 0, LISTED)] == [
        "Okafor et al. 2015",
        "Lindqvist 2017",
        "Moreau and Lund 2011",
    ]


@pytest.mark.parametrize(
    ("entry", "number", "label"),
    [
        (
            "9. Okafor A, Lund B. Mindfulness for nurses. J Nurs. 2015;12:1-9.",
            "9",
            "Okafor and Lund 2015",
        ),
        (
            "[12] Lindqvist, C. (2017). A course for midwives. Midwifery, 30, 10-19.",
            "12",
            "Lindqvist 2017",
        ),
        (
            "Lindqvist, C. (2017). A course for midwives. Midwifery, 30, 10-19.",
            "",
            "Lindqvist 2017",
        ),
    ],
)
def test_a_printed_reference_keeps_its_number(entry: str, number: str, label: str) -> None:
    ref = parse_reference(entry)
    assert ref is not None and (ref.number, ref.label) == (number, label)


def test_an_author_year_paper_is_not_read_as_numbered() -> None:
    """'(1)' and '(2)' enumerate in a paper that cites by author and year."""
    texts = ["The drug (1) raised trust and (2) lowered fear (Okafor et al. 2015)."]
    assert not is_numbered(texts, LISTED, author_year=12)
    assert is_numbered(["Calm rose [1]. Fear fell [2]. Sleep rose [3]."], LISTED, 0)


def test_a_sentence_ends_after_a_numbered_citation() -> None:
    text = "Yoga lowered anger.[2] The present study asked why."
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Yoga lowered anger.[2]",
        "The present study asked why.",
    ]


def test_each_outcome_of_a_list_goes_to_its_own_citation(resolver: TargetResolver) -> None:
    sentence = (
        "Nurses who practised meditation showed reduced burnout (Okafor et al. 2015), "
        "stress (Lindqvist 2017) and rumination (Moreau and Lund 2011)."
    )
    assert found(sentence, resolver) == {
        ("Okafor et al. 2015", "burnout", "decrease"),
        ("Lindqvist 2017", "stress", "decrease"),
        ("Moreau and Lund 2011", "rumination", "decrease"),
    }


def test_a_list_of_outcomes_splits_and_loses_where_it_was_measured(
    resolver: TargetResolver,
) -> None:
    sentence = (
        "A course of yoga produced significant decreases in fatigue and perceived stress "
        "in older adults after eight weeks [1]."
    )
    assert found(sentence, resolver, numbered=True) == {
        ("Okafor et al. 2015", "fatigue", "decrease"),
        ("Okafor et al. 2015", "perceived stress", "decrease"),
    }


def test_an_improvement_in_a_symptom_is_a_decrease(resolver: TargetResolver) -> None:
    sentence = "Results showed greater improvement in anxiety in the trained group [2]."
    assert found(sentence, resolver, numbered=True) == {("Lindqvist 2017", "anxiety", "decrease")}


def test_one_outcome_found_by_several_studies_goes_to_each(resolver: TargetResolver) -> None:
    sentence = (
        "Reductions in rumination have also been found in nurses [1], after a retreat [2] "
        "and after a brief course in students [3]."
    )
    assert found(sentence, resolver, numbered=True) == {
        ("Okafor et al. 2015", "rumination", "decrease"),
        ("Lindqvist 2017", "rumination", "decrease"),
        ("Moreau and Lund 2011", "rumination", "decrease"),
    }


@pytest.mark.parametrize(
    ("sentence", "outcome", "direction"),
    [
        ("Okafor et al. (2015) showed that the course reduces burnout.", "burnout", "decrease"),
        ("Yoga has proven beneficial in reducing anger (Okafor et al. 2015).", "anger", "decrease"),
        ("The drug promoted trust in a game (Okafor et al. 2015).", "trust", "increase"),
        (
            "The drug had a null effect on rumination (Okafor et al. 2015).",
            "rumination",
            "no change",
        ),
        ("Okafor et al. (2015) found longer reaction times in the trained group.", "", ""),
    ],
)
def test_what_a_cited_study_found_in_other_words(
    sentence: str, outcome: str, direction: str, resolver: TargetResolver
) -> None:
    expected = {("Okafor et al. 2015", outcome, direction)} if outcome else set()
    assert found(sentence, resolver) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        # the paper's own result, which it says agrees with a cited one
        "The decrease in anxiety of our participants is consistent with earlier work [1].",
        "Consistent with Okafor et al. (2015), we found reduced burnout.",
        # no result: a claim, an open question, a hypothesis, a source to look up
        "Excess intake and reduced activity promote weight gain [1].",
        "Whether yoga reduced anger is unknown [2].",
        "We hypothesized that the course would reduce stress (Okafor et al. 2015).",
        "Burnout decreased in both groups (see Moreau and Lund 2011 for the scale).",
    ],
)
def test_no_finding_for_a_cited_study(sentence: str, resolver: TargetResolver) -> None:
    numbered = "[" in sentence
    assert found(sentence, resolver, numbered=numbered) == set()
