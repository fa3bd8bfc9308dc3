"""The shipped arm tagger and how the trial's arms use it, on sentences written for this
test in the style of trial reports (none from the data)."""

from __future__ import annotations

import importlib.util
import socket
import sys
from pathlib import Path
from types import ModuleType

import pytest

from ingest.assemble.arm_mentions import pieces, sentence_arms, tagged_arms
from ingest.assemble.arms import Arm, trial_arms
from ingest.components.arm_tagger import ArmTagger, decode_typed, load_arm_tagger
from ingest.components.paper_context import PaperContext
from ingest.components.result_models import MODELS_DIR

ROOT = Path(__file__).resolve().parents[1]
ROLES = [Arm("intervention", "experimental"), Arm("control", "control")]
TITLE = "A randomised trial in adults with chronic cough"
ABSTRACT = [
    ("Abstract: Methods", "Adults with chronic cough received gabapentin 300 mg or placebo.", 0),
    (
        "Abstract: Results",
        "Cough frequency fell more in the gabapentin group than in the placebo group.",
        70,
    ),
]


@pytest.fixture(scope="module")
def tagger() -> ArmTagger:
    found = load_arm_tagger()
    assert found is not None, "ingest/models/arm_tagger.npz is part of the package"
    return found


def test_the_tagger_loads_from_the_package_without_network(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the tagger tried to open a network connection")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    text = "Hypotension was more frequent in the dexmedetomidine group than with saline."
    roles = {text[a:b]: role for a, b, role in ArmTagger.load(MODELS_DIR).mentions(text)}
    assert roles.get("dexmedetomidine") == "experimental"


def test_the_tagger_tells_the_arm_under_test_from_its_comparator(tagger: ArmTagger) -> None:
    text = "Pain scores were lower in the ketamine group than in the saline group (p = 0.03)."
    assert [(text[a:b], role) for a, b, role in tagger.mentions(text)] == [
        ("ketamine", "experimental"),
        ("saline", "control"),
    ]


def test_typed_spans_are_decoded_from_the_tags() -> None:
    offsets = [(0, 3), (4, 9), (10, 12), (13, 20), (21, 24)]
    tags = ["B-INT", "I-INT", "O", "I-CMP", "B-CMP"]
    assert decode_typed(offsets, tags) == [(0, 9, "INT"), (13, 20, "CMP"), (21, 24, "CMP")]


def test_a_span_over_two_arms_is_split_at_or_than_and() -> None:
    text = "randomised to oral zinc 20 mg or placebo for 12 weeks"
    assert pieces(text, 14, len(text), "experimental") == [
        ("oral zinc 20 mg", 14, "experimental"),
        ("placebo", 33, "control"),
    ]
    text = "students in the YP and VM groups"
    assert [(n, r) for n, _, r in pieces(text, 16, len(text), "experimental")] == [
        ("YP", "experimental"),
        ("VM", "experimental"),
    ]


def test_the_tagger_names_the_arms_where_the_rules_find_only_the_title() -> None:
    ruled = trial_arms(TITLE, ABSTRACT, tagged=False)
    assert ruled.experimental is not None and "gabapentin" not in ruled.experimental.name
    arms = trial_arms(TITLE, ABSTRACT)
    assert [(a.name, a.role) for a in arms.arms] == [
        ("gabapentin", "experimental"),
        ("placebo", "control"),
    ]


def test_mentions_of_one_arm_with_and_without_its_dose_are_counted_together() -> None:
    votes = {m.name: m.votes for m in tagged_arms(TITLE, ABSTRACT)}
    assert votes["gabapentin"] == {"experimental": 2, "control": 0}


def test_the_rules_arms_stand_where_the_tagger_reads_them_too() -> None:
    text = "Sixty nurses were randomly assigned to mindful self-compassion or a wait-list control."
    arms = trial_arms("A pilot trial in nursing staff", [("Methods", text, 0)])
    assert [(a.name, a.role) for a in arms.arms] == [
        ("mindful self-compassion", "experimental"),
        ("wait-list control", "control"),
    ]


def test_a_result_clause_names_its_own_arms_where_the_trial_has_only_roles() -> None:
    clause = "Pain scores were lower in the ketamine group than in the saline group (p = 0.03)"
    intervention, comparator = sentence_arms(clause, ROLES) or (None, None)
    assert intervention == Arm("ketamine", "experimental")
    assert comparator == Arm("saline", "control")


def test_an_abbreviated_arm_is_the_trial_arm_it_abbreviates() -> None:
    arms = [Arm("high-intensity training", "experimental"), Arm("usual care", "control")]
    clause = "Triglycerides were lower in the HIT group (p = 0.04)"
    paper = PaperContext.of(  # the tagger reads the clause with what the paper says of 'HIT'
        "High-intensity training (HIT) versus usual care in type 2 diabetes",
        [
            (
                "Abstract: Methods",
                "Adults with type 2 diabetes were randomised to high-intensity training (HIT) "
                "or usual care for 12 weeks.",
                0,
            ),
            ("Methods", "Participants in the HIT group trained three times a week.", 120),
        ],
    )
    intervention, comparator = sentence_arms(clause, arms, paper) or (None, None)
    assert intervention is arms[0] and comparator is arms[1]


def test_a_clause_that_names_a_trial_arm_keeps_the_rules() -> None:
    arms = [Arm("ketamine", "experimental"), Arm("saline", "control")]
    assert sentence_arms("Pain was lower with ketamine than with saline (p = 0.03)", arms) is None


def test_a_tagged_word_that_is_no_group_is_not_taken_for_an_arm() -> None:
    assert sentence_arms("As shown in the following table, anxiety fell (p = 0.01)", ROLES) is None


def _training_script() -> ModuleType:
    sys.path.insert(0, str(ROOT / "scripts"))
    spec = importlib.util.spec_from_file_location(
        "train_arm_tagger", ROOT / "scripts" / "train_arm_tagger.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_arm_tagger"] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def test_training_labels_the_words_that_name_a_prompts_arm() -> None:
    score_py = ROOT.parent / "shared" / "ei-dev" / "score.py"
    if not score_py.is_file():
        pytest.skip(f"{score_py} is not here: the labels use its word normalisation")
    script = _training_script()
    score = script.load_score(score_py.parent)
    text = "HbA1c fell more in the metoprolol group than in the placebo group."
    spans = script._runs(score, text, "oral metoprolol 50 mg")
    assert [text[a:b] for a, b in spans] == ["metoprolol"]
    sentence = script.Sentence("PMC1", text, "results")
    script.label(score, sentence, [{"intervention": "metoprolol", "comparator": "placebo"}])
    assert [(text[a:b], kind) for a, b, kind in sentence.spans] == [
        ("metoprolol", "INT"),
        ("placebo", "CMP"),
    ]
