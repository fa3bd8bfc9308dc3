"""Group labels ('Group I', 'group 2', 'Group GS') resolved to what each group received,
on methods sentences written for this test in the style of trial reports (none copied
from the data)."""

from __future__ import annotations

from ingest.assemble.arms import trial_arms
from ingest.assemble.group_labels import describe_findings, described, group_meanings
from ingest.records import FindingRecord, Span


def meanings_of(*sentences: str) -> dict[str, str]:
    return group_meanings([("Methods", " ".join(sentences), 0)])


def test_a_group_that_received_something_is_named_by_it() -> None:
    found = meanings_of(
        "Sixty patients were randomly allocated to two groups.",
        "Group I (n = 30) received intravenous ketamine 0.5 mg/kg and group II patients "
        "received fentanyl 1.5 µg/kg as the co-induction agent.",
    )
    assert found["Group I"] == "intravenous ketamine 0.5 mg/kg"
    assert found["Group II"].startswith("fentanyl 1.5 µg/kg")


def test_colon_lists_and_bracketed_labels_define_groups() -> None:
    listed = meanings_of(
        "Patients were allocated into three groups: Group E (n = 30): axillary block with an "
        "echogenic needle, Group N (n = 30): axillary block with a plain needle, Group C "
        "(n = 30): saline."
    )
    assert listed == {
        "Group E": "axillary block with an echogenic needle",
        "Group N": "axillary block with a plain needle",
        "Group C": "saline",
    }
    bracketed = meanings_of(
        "Patients were randomly assigned to intubation using either a rigid stylet "
        "(Group RS) or a flexible stylet (Group FS)."
    )
    assert bracketed == {"Group RS": "rigid stylet", "Group FS": "flexible stylet"}


def test_results_that_compare_labelled_groups_define_nothing() -> None:
    assert meanings_of("Pain was lower in group 1 than in group 2 (p = 0.02).") == {}
    assert meanings_of("Group A performed significantly better than Group B.") == {}


def test_a_label_is_described_with_what_it_stands_for() -> None:
    meanings = {"Group I": "intravenous ketamine 0.5 mg/kg"}
    assert described("group I", meanings) == "intravenous ketamine 0.5 mg/kg"
    assert described("Group II", meanings) == "Group II"
    assert described("ketamine", meanings) == "ketamine"


def test_findings_between_labelled_groups_name_what_the_groups_received() -> None:
    findings = [
        FindingRecord("Own 2020", Span(0, 1), "pain", intervention="Group L", comparator="Group S"),
        FindingRecord("Other 2001", Span(0, 1), "pain", intervention="Group L"),
    ]
    describe_findings(
        findings, "Own 2020", {"Group L": "local infiltration", "Group S": "sciatic block"}
    )
    assert (findings[0].intervention, findings[0].comparator) == (
        "local infiltration",
        "sciatic block",
    )
    assert findings[1].intervention == "Group L"  # a cited study's groups are not ours


def test_the_trial_arms_are_the_groups_the_methods_define() -> None:
    paragraphs = [
        ("Methods", "Ninety patients were randomised into three groups of 30.", 0),
        (
            "Methods",
            "Group A received normal saline, group B received dexmedetomidine 0.2 µg/kg/h "
            "and group C received dexmedetomidine 0.4 µg/kg/h.",
            60,
        ),
    ]
    arms = trial_arms("Optimal dose of a sedative during spinal anaesthesia", paragraphs)
    assert [(a.name, a.role) for a in arms.arms] == [
        ("dexmedetomidine 0.2 µg/kg/h", "experimental"),
        ("dexmedetomidine 0.4 µg/kg/h", "experimental"),
        ("normal saline", "control"),
    ]
    assert arms.named("group C (n = 30)") == arms.arms[1]


def test_a_finding_whose_arm_is_only_a_role_names_the_trial_arm() -> None:
    paragraphs = [("Methods", "Patients were randomised to guided imagery or usual care.", 0)]
    arms = trial_arms("Guided imagery before surgery: a randomised trial", paragraphs)
    finding = FindingRecord(
        "Own 2020", Span(0, 1), "anxiety", intervention="Experiment", comparator="control"
    )
    describe_findings([finding], "Own 2020", {}, arms)
    assert (finding.intervention, finding.comparator) == ("guided imagery", "usual care")


def test_labels_with_doses_and_sizes_in_brackets_are_read() -> None:
    found = meanings_of(
        "Patients were randomised into three groups: Group D1.5 (1.5 mg/kg lidocaine), "
        "Group D3 (3 mg/kg lidocaine) and Group D+K (1.5 mg/kg lidocaine and ketamine)."
    )
    assert found == {
        "Group D1.5": "1.5 mg/kg lidocaine",
        "Group D3": "3 mg/kg lidocaine",
        "Group D+K": "1.5 mg/kg lidocaine and ketamine",
    }
    sized = meanings_of(
        "Subjects were randomised to a nerve block and infiltration group (group N, n = 20) "
        "or an infiltration group (group I, n = 20)."
    )
    assert sized == {"Group N": "nerve block and infiltration", "Group I": "infiltration"}
