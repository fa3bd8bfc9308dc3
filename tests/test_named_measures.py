"""Instruments and interventions a paper names without defining an abbreviation:
subscales inside an instrument's description, "a measure of X (Author Year)", what
participants completed, and programmes named in an appositive."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.evaluate import plain
from ingest.extract import extract_document
from ingest.records import Extraction, InstrumentRecord
from ontology.lexicon import normalise

PAPER = """A pilot study of kindness training for hospice nurses

Abstract

We trained hospice nurses in kindness and measured how they fared.

Methods

Measures

The Work Wellbeing Scale (WWS; Author and Other 2010) has 24 items. The WWS has two \
subscales: Emotional Exhaustion (12 items), covering tiring aspects of the job, and Work \
Joy (12 items), covering rewarding ones. The subscale Work Joy comprises two subscales, \
the Pride Scale and the Meaning Scale, which were not analysed, as the Pride Scale showed \
an alpha of 0.55.

Gratitude was assessed with a newly developed measure of gratitude (Jansen and Vries \
2012). The PSS was used as a measure of stress (Cohen et al. 1983), with the Perceived \
Stress Scale (PSS; Cohen et al. 1983). Group differences were expressed as a measure of \
effect size (Cohen 1988).

To assess acceptability of the course, participants completed a feedback form after the \
last session and kept a daily practice log. All participants completed self-report \
questionnaires and the training. Participants signed an informed consent form and \
completed an online questionnaire. Some completed the WWS questionnaire twice.

Abbreviations: ABC Anxiety Burden Checklist (Smith 1990); FFMQ Five Facet Mindfulness \
Questionnaire (Baer et al. 2006)

Intervention

The course draws on Open Circle, a school-based programme which teaches social skills. \
However, a brief training was also offered. Dr Ann Smith, a meditation teacher, led the \
sessions. Data were analysed in Statwise, a statistical software program. Lena Ford, a \
pioneer of kindness training, advised us. Omar Reyes, a psychologist who developed kindness \
therapy (Reyes 2009), visited. A short form, the WWS-SF (12 items), was piloted.
"""


@pytest.fixture(scope="module")
def extraction(tmp_path_factory: pytest.TempPathFactory) -> Extraction:
    path = tmp_path_factory.mktemp("paper") / "kindness_pilot.txt"
    path.write_text(PAPER, encoding="utf-8")
    return extract_document(path)[1]


def instrument(ext: Extraction, name: str) -> InstrumentRecord:
    found = [i for i in ext.instruments if normalise(name) in (normalise(i.name), i.abbrev.lower())]
    assert found, f"no instrument '{name}' in {[i.name for i in ext.instruments]}"
    return found[0]


def names(ext: Extraction) -> set[str]:
    return {normalise(i.name) for i in ext.instruments}


def test_subscales_given_with_item_counts_are_instruments_of_their_parent(
    extraction: Extraction,
) -> None:
    exhaustion = instrument(extraction, "Emotional Exhaustion")
    assert exhaustion.items == "12"
    assert exhaustion.measures == ["emotional exhaustion"]
    assert exhaustion.citation == "Author and Other 2010"
    assert instrument(extraction, "Work Joy").measures == []  # the lexicon does not know it
    parent = instrument(extraction, "WWS")
    assert parent.subscales == ["Emotional Exhaustion", "Work Joy"]
    assert "wws sf" not in names(extraction)  # an abbreviation is no subscale name


def test_named_scales_of_a_subscale_belong_to_that_subscale(extraction: Extraction) -> None:
    assert instrument(extraction, "Work Joy").subscales == ["Pride Scale", "Meaning Scale"]
    assert {"pride scale", "meaning scale"} <= names(extraction)
    assert "pride scale and the meaning scale" not in names(extraction)


def test_a_measure_named_by_what_it_measures_with_its_citation(extraction: Extraction) -> None:
    gratitude = instrument(extraction, "measure of gratitude")
    assert gratitude.citation == "Jansen and Vries 2012"
    assert gratitude.measures == ["gratitude"]
    assert "measure of stress" not in names(extraction)  # the PSS, defined with that citation
    assert "measure of effect size" not in names(extraction)


def test_what_participants_completed_is_an_instrument(extraction: Extraction) -> None:
    form = instrument(extraction, "feedback form")
    assert form.measures == ["acceptability"]
    assert "daily practice log" in names(extraction)
    for generic in ("questionnaires", "training", "consent form", "online questionnaire"):
        assert not any(generic in n for n in names(extraction)), generic
    assert "wws questionnaire" not in names(extraction)


def test_a_programme_named_in_an_appositive_is_an_intervention(extraction: Extraction) -> None:
    found = {i.name for i in extraction.interventions}
    assert "Open Circle" in found
    assert (
        not {"However", "Dr Ann Smith", "Ann Smith", "Statwise", "Lena Ford", "Omar Reyes"} & found
    )


def test_a_glossary_citation_is_not_read_as_subscales(extraction: Extraction) -> None:
    assert instrument(extraction, "ABC").subscales == []


def test_the_corpus_measures_named_without_an_abbreviation_are_found(
    corpus: Path, gold: Path
) -> None:
    """Of what the gold lists without an abbreviation, nearly all is extracted."""
    wanted, got = 0, 0
    for path in sorted(corpus.glob("*.txt")):
        facts = json.loads((gold / f"{path.stem}.json").read_text(encoding="utf-8"))
        ext = extract_document(path)[1]
        extracted = {normalise(t.name) for t in [*ext.instruments, *ext.interventions]}
        for term in [*facts["instruments"], *facts["interventions"]]:
            if not term.get("abbrev"):
                wanted += 1
                got += normalise(plain(term["name"])) in extracted
    assert wanted and got / wanted >= 0.9, f"{got} of {wanted}"


def test_named_tasks_and_questionnaires_of_a_thing_are_instruments() -> None:
    from ingest.assemble.measures_section import TYPED_NAME

    def names(text: str) -> list[str]:
        return [m.group("name") for m in TYPED_NAME.finditer(text)]

    assert names("Nurses then performed a Go/NoGo task and an Eriksen-Flanker task.") == [
        "Go/NoGo task",
        "Eriksen-Flanker task",
    ]
    assert names("They completed the Questionnaire of Caregiver Strain (QCS).") == [
        "Questionnaire of Caregiver Strain"
    ]
    assert names("In the task, participants rated each picture.") == []
