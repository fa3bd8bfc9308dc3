"""What an effect statement says changed, and which way, as assembly reads it: the cues of
the effect grammar (`ingest/components/_effect_grammar.py`), negation, hedges and
significance, and the outcomes a statement lists. The sentences and cells are written
here in the style of the field; none is taken from the corpus."""

from __future__ import annotations

import pytest

from ingest.assemble.effects import list_items, parse_effects
from ingest.assemble.targets import TargetResolver
from ontology.lexicon import load_lexicon


@pytest.fixture(scope="module")
def resolver() -> TargetResolver:
    return TargetResolver(load_lexicon())


def effects(text: str, resolver: TargetResolver) -> list[tuple[str, str]]:
    return [(e.direction, e.target.construct) for e in parse_effects(text, resolver, prose=True)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("There was an increase in self-compassion.", [("increase", "self-compassion")]),
        (
            "We saw increases in mindfulness and empathy.",
            [("increase", "mindfulness"), ("increase", "empathy")],
        ),
        ("Participants reported improvements in mood.", [("increase", "mood")]),
        ("There were reductions in stress.", [("decrease", "stress")]),
        (
            "Decrease in: anxiety and rumination",
            [("decrease", "anxiety"), ("decrease", "rumination")],
        ),
        (
            "Decrease in: emotional exhaustion; no changes in empathy",
            [("decrease", "emotional exhaustion"), ("no change", "empathy")],
        ),
        (
            "Two trials did not find any changes in empathy (Okafor 2012).",
            [("no change", "empathy")],
        ),
        ("There was no impact on perceived stress.", [("no change", "perceived stress")]),
        ("There was no significant effect on burnout.", [("no change", "burnout")]),
        ("Empathy did not change.", [("no change", "empathy")]),
        ("Scores on the SCS remained unchanged.", [("no change", "SCS")]),
        ("a larger increase in self-compassion in first years", [("increase", "self-compassion")]),
        (
            "Increase in: mindfulness and self-compassion; decrease in: rumination; "
            "no changes in empathy.",
            [
                ("increase", "mindfulness"),
                ("increase", "self-compassion"),
                ("decrease", "rumination"),
                ("no change", "empathy"),
            ],
        ),
        (
            "Results showed that empathy, as measured by the scale (La Monica 1981), increased in "
            "the mindfulness group.",
            [("increase", "empathy")],
        ),
        ("reported a small increase ($d=0.21$) in empathy", [("increase", "empathy")]),
        ("Decrease in: tension; improved mood", [("decrease", "tension"), ("increase", "mood")]),
        ("The intervention did not significantly reduce burnout.", [("no change", "burnout")]),
        (
            "Trainees showed an increase in self-compassion, which was linked to changes in "
            "mindfulness.",
            [("increase", "self-compassion")],
        ),
        ("The training had a significant effect in a positive direction.", []),
        (
            "Self-compassion was significantly higher in the course group.",
            [("increase", "self-compassion")],
        ),
        ("Such courses improve empathy.", []),
        ("The effects of the course were small.", []),
        ("There was a non-significant reduction in stress.", [("no change", "stress")]),
    ],
)
def test_effects(text: str, expected: list[tuple[str, str]], resolver: TargetResolver) -> None:
    assert effects(text, resolver) == expected


def test_what_changes_predict_and_levels_have_no_direction(resolver: TargetResolver) -> None:
    """A correlation names what it predicts and a level compares groups: findings
    without a direction of change."""
    (predicted,) = parse_effects(
        "Changes in mindfulness predicted changes in rumination.", resolver, prose=True
    )
    assert (predicted.direction, predicted.comparison) == ("", "correlation")
    assert predicted.target.construct == "rumination"
    (level,) = parse_effects(
        "Higher levels of burnout were reported by nurses.", resolver, prose=True
    )
    assert (level.direction, level.comparison, level.target.construct) == (
        "",
        "between groups",
        "burnout",
    )


def test_positive_and_null_effects_in_one_sentence(resolver: TargetResolver) -> None:
    text = (
        "The workshop had a significant positive effect on self-compassion, empathy and "
        "burnout, but there was no effect on mindfulness, rumination and life satisfaction."
    )
    found = parse_effects(text, resolver, prose=True)
    assert [(e.direction, e.target.construct) for e in found] == [
        ("increase", "self-compassion"),
        ("increase", "empathy"),
        ("increase", "burnout"),
        ("no change", "mindfulness"),
        ("no change", "rumination"),
        ("no change", "life satisfaction"),
    ]
    assert [e.significant for e in found] == [True] * 3 + [None] * 3


def test_mixed_evidence_targets_the_outcome(resolver: TargetResolver) -> None:
    text = "Earlier trials give a mixed picture with regard to the effect on empathic concern."
    assert effects(text, resolver) == [("mixed", "empathic concern")]


def test_hedging_and_significance(resolver: TargetResolver) -> None:
    (trend,) = parse_effects("trends towards decrease in stress", resolver, prose=True)
    assert trend.hedged and trend.direction == "decrease"
    text = "The MBSR group showed a significantly larger increase in self-compassion."
    (effect,) = parse_effects(text, resolver, prose=True)
    assert effect.significant is True and not effect.hedged
    text = "No significant effects on levels of mindfulness were observed."
    (effect,) = parse_effects(text, resolver, prose=True)
    assert (effect.target.construct, effect.significant) == ("mindfulness", False)


def test_a_listed_cell_splits_at_commas_outside_parentheses(resolver: TargetResolver) -> None:
    """Each item a finding; a parenthesis holds its commas, and an item numbered '1)'
    does not keep the rest of the cell from splitting."""
    cell = "Increase in: awareness of patterns (including transference, projection), calm; poise"
    assert [(e.direction, e.target.text) for e in list_items(cell, resolver)] == [
        ("increase", "awareness of patterns (including transference, projection)"),
        ("increase", "calm"),
        ("increase", "poise"),
    ]
    cell = "Impact on practice: 1) more patience in sessions, 2) more ease with pauses"
    assert [e.target.text for e in list_items(cell, resolver)] == [
        "1) more patience in sessions",
        "2) more ease with pauses",
    ]
