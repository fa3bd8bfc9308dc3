"""Studies and findings read from running text: which citations a sentence reports as
studies, and what each result sentence says changed, in which direction. The sentences
are written here in the style of the field; none is taken from the corpus."""

from __future__ import annotations

import pytest

from ingest.assemble.designs import design_of
from ingest.assemble.effects import parse_effects
from ingest.assemble.reported import reported_studies
from ingest.assemble.targets import TargetResolver
from ingest.components.citations import parse_citations
from ontology.lexicon import load_lexicon


@pytest.fixture(scope="module")
def resolver() -> TargetResolver:
    return TargetResolver(load_lexicon())


def effects(text: str, resolver: TargetResolver) -> list[tuple[str, str, str]]:
    return [
        (e.target.construct, e.direction, e.comparison)
        for e in parse_effects(text, resolver, prose=True)
    ]


@pytest.mark.parametrize(
    ("sentence", "studies"),
    [
        (
            "Two trials have shown that anxious nurses exhibit an alarm reaction "
            "(Adeyemi et al. 2015; Brandt 2017).",
            ["Adeyemi et al. 2015", "Brandt 2017"],
        ),
        (
            "A qualitative study of midwives found the practice demanding at first "
            "(Lindqvist, under review).",
            ["Lindqvist, under review"],
        ),
        (
            "In a systematic review, Okafor et al. (2017) demonstrated that burnout varies.",
            ["Okafor et al. 2017"],
        ),
        (
            "The best evidence is an RCT in which Moreau et al. (2011) compared two courses.",
            ["Moreau et al. 2011"],
        ),
        (
            "Compassion may protect staff, as Weng et al. (2013) showed in laboratory "
            "samples (Neff 2003; Gilbert 2010).",
            ["Weng et al. 2013"],
        ),
        ("Using Tracy's (2010) quality criteria, each study showed rigour.", []),
        ("A power analysis in PASS (Hintze 2008) revealed a power of .80.", []),
        ("Both trials were run by one team (Okoro and Lund 2012), on a yoga course.", []),
        ("Mindfulness may well lessen burnout (Hassan 2014).", []),
    ],
)
def test_reported_studies(sentence: str, studies: list[str]) -> None:
    cites = parse_citations(sentence)
    assert [c.label for c in reported_studies(sentence, 0, cites)] == studies


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Coping resources predicted life satisfaction and reductions in burnout.",
            [("life satisfaction", "", "correlation"), ("burnout", "decrease", "correlation")],
        ),
        (
            "In midwives, compassion and self-compassion were not significantly associated.",
            [
                ("compassion for others", "no change", "correlation"),
                ("self-compassion", "no change", "correlation"),
            ],
        ),
        (
            "Mean age of the course participants (39.2 years; SD, 8.8) did not differ "
            "significantly between the arms.",
            [("age", "no change", "between groups")],
        ),
        (
            "The course did not produce a significant increase in perceived stress.",
            [("perceived stress", "no change", "")],
        ),
        (
            "Fasting cortisol was decreased significantly in the course group (p = .03).",
            [("fasting cortisol", "decrease", "")],
        ),
        (
            "The meta-analysis showed that burnout among residents is common.",
            [("burnout", "", "")],
        ),
        (
            "The midwives reported feeling more compassionate towards themselves and others.",
            [("self-compassion", "increase", ""), ("compassion for others", "increase", "")],
        ),
        ("Nurses felt less stressed after the course.", [("stress", "decrease", "")]),
        ("The course group had more sessions than planned.", []),
        (
            "Meditators showed an increased empathic response to distress cues.",
            [("empathic response", "increase", "")],
        ),
        (
            "The course had a positive effect on self-compassion, but no effect on stress.",
            [("self-compassion", "increase", ""), ("stress", "no change", "")],
        ),
        (
            "The course did not have a significant effect on burnout.",
            [("burnout", "no change", "")],
        ),
        (
            "Trials give a mixed picture with regard to the effect of the course on burnout.",
            [("burnout", "mixed", "")],
        ),
        ("Empathy remained unchanged after the course.", [("empathy", "no change", "")]),
        ("There was a non-significant increase in empathy.", [("empathy", "no change", "")]),
        (
            "There was an increase in empathy, and stress decreased (p = .02).",
            [("empathy", "increase", ""), ("stress", "decrease", "")],
        ),
        (
            "Worry, rumination, and anxiety were lower in the course group.",
            [
                ("worry", "decrease", ""),
                ("rumination", "decrease", ""),
                ("anxiety", "decrease", ""),
            ],
        ),
        ("Adverse effects of the course were rare.", []),
        ("It is thought that such courses improve self-compassion.", []),
    ],
)
def test_effects_in_result_sentences(
    sentence: str, expected: list[tuple[str, str, str]], resolver: TargetResolver
) -> None:
    assert effects(sentence, resolver) == expected


def test_what_people_were_shown_to_exhibit_is_named_even_if_not_a_construct(
    resolver: TargetResolver,
) -> None:
    found = parse_effects(
        "Trials have shown that anxious nurses exhibit a marked startle reaction when praised.",
        resolver,
        prose=True,
    )
    assert [(e.target.construct, e.named) for e in found] == [("marked startle reaction", True)]


def test_the_significance_a_statement_words_is_kept(resolver: TargetResolver) -> None:
    found = parse_effects(
        "Self-compassion increased significantly, whereas there was no significant change "
        "in empathy and an increase in mindfulness.",
        resolver,
        prose=True,
    )
    assert [(e.target.construct, e.direction, e.significant) for e in found] == [
        ("self-compassion", "increase", True),
        ("empathy", "no change", False),
        ("mindfulness", "increase", None),
    ]


@pytest.mark.parametrize(
    ("sentence", "design"),
    [
        (
            "However, the study compared nurses experienced in LKM with novice meditators.",
            "cross-sectional",
        ),
        ("In an RCT with ward nurses, Moreau reported gains.", "randomised-controlled"),
        ("The groups were compared with each other at baseline.", ""),
    ],
)
def test_designs_named_in_running_text(sentence: str, design: str) -> None:
    assert design_of(sentence) == design
