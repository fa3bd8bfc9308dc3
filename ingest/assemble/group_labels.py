"""What a trial's group labels stand for: 'Group I', 'group 2', 'Group GS' are names the
paper gives its arms, and its methods say what each received.

    meanings = group_meanings(paragraphs)        # {'Group I': 'intravenous ketamine 0.5 mg/kg'}
    described("Group I", meanings)               # 'intravenous ketamine 0.5 mg/kg'

The definitions read are the common ways trial reports print them (each seen in several
ei-dev training articles): 'Group I (n = 30) received X', 'patients of group I were given
X', 'Group E (n = 30): X', 'group II (X)', 'X (Group GS) or Y (Group PS)', 'In group 1, X
was administered', 'X was prescribed to group 1', 'group I included 100 patients who
received X'. A finding whose arm is only a label carries the label and what it stands
for, which is what a reader of the finding needs and how the paper's abstract and the
Evidence Inference prompts name the arm."""

from __future__ import annotations

import re

from ..records import FindingRecord
from .arms import TrialArms, clean_name, is_generic

LABEL = (
    r"[Gg]roups?\s+(?P<label>[IVX]{1,4}|\d{1,2}|[A-Z]{1,3}(?:\d+(?:\.\d+)?|\+[A-Z]{1,3})?)"
    r"(?![\w.+-])"
)
WHO = r"(?:\s+(?:patients|participants|subjects|children|women|men|rats|mice|animals))?"
SIZE = r"(?:\s*[(\[]\s*n\s*=\s*\d+\s*[)\]])?"
GAVE = (
    r"(?:received|receiving|were\s+given|was\s+given|got|were\s+treated\s+(?:with|by)|"
    r"was\s+treated\s+(?:with|by)|underwent|were\s+administered|was\s+administered|"
    r"were\s+assigned\s+to|was\s+assigned\s+to|were\s+allocated\s+to|had|used|performed|"
    r"included\s+\d+\s+\w+\s+who\s+received|consisted\s+of\s+\d+\s+\w+\s+who\s+received)"
)
# what a group received runs to the end of its clause: the next group, 'while', ';'
CODE = r"(?:[IVX]{1,4}|\d{1,2}|[A-Z]{1,3}(?:\d+(?:\.\d+)?|\+[A-Z]{1,3})?)(?![\w.+-])"
WHAT = (
    r"(?P<what>(?:[^.;()]|\.(?=\d)|\([^()]*\)){2,200}?)(?=\s*(?:\.(?!\d)|[;)]|$|,?\s+(?:and|while|"
    rf"whereas|but)\s+(?:[\w/]+\s+){{0,3}}?(?:[Gg]roups?\s+{CODE}|\w+\s+[Gg]roup\b)|,\s*(?:the\s+)?"
    rf"[Gg]roups?\s+{CODE}|,\s*respectively|\s*\(\s*n\s*=|\s+[Gg]roup\s+{CODE}\s*[:–—-]))"
)
DEFINITIONS = [
    # 'Group I (n = 30) received X', 'The patients of group I were given X'
    re.compile(
        rf"(?:(?:patients|participants|subjects)\s+(?:of|in)\s+(?:the\s+)?)?{LABEL}"
        rf"{WHO}{SIZE}{WHO}\s+{GAVE}\s+(?:an?\s+|the\s+)?{WHAT}"
    ),
    # 'Group E (n = 30): X', 'group L - X'
    re.compile(rf"{LABEL}{SIZE}\s*(?::|\s[–—-])\s*{WHAT}"),
    # 'group II (X)', 'group I (vehicle control; gum acacia)'
    re.compile(rf"{LABEL}\s*\((?!\s*n\s*=)(?P<what>[^()]{{3,120}})\)"),
    # 'In group 1, X was administered'
    re.compile(
        rf"\b[Ii]n\s+(?:the\s+)?{LABEL}{WHO},\s*(?:the\s+)?(?P<what>[^.;,]{{2,120}}?)\s+"
        r"(?:was|were)\s+(?:administered|given|used|performed|applied|prescribed)\b"
    ),
]
# 'X was prescribed to group 1', ': X in group 1, Y in group 2' (in a sentence that defines)
GIVEN_TO = re.compile(
    rf"(?P<what>[^.;:,]{{2,120}}?)\s+(?:(?:was|were)\s+(?:given|administered|prescribed|"
    rf"applied)\s+to|in)\s+(?:the\s+)?{LABEL}(?=\s*(?:[,.;]|and\b|$))"
)
# 'GlideRite Rigid stylet (Group GS)': the phrase before the label in brackets
BRACKETED = re.compile(rf"\(\s*{LABEL}\s*(?:[;,][^()]*)?\)")
BOUNDARY = re.compile(
    r"^.*(?:^|[,;:()]|\b(?:either|or|to|into|using|use|receive|received|receiving|with|"
    r"namely|were|was|the|an?)\b)\s*(?:and\s+)?(?P<phrase>[^,;:()]*?)\s*$",
    re.I,
)
DEFINES = re.compile(
    r"randomi[sz]|assign|allocat|divided|categori[sz]|classified|consist|received|given|"
    r"groups?\s*:|treated|underwent|enrolled",
    re.I,
)
METHODS = re.compile(r"abstract|method|design|random|particip|interven|procedure|treatment", re.I)
NOT_MEANING = re.compile(
    r"^(?:\d+\s+(?:patients|participants|subjects|rats|mice|women|men|children|years)\b|n\s*=|patients|participants|subjects|each|both|all|same|similar|significant|"
    r"higher|lower|more|less|better|worse|whereas|while|however|then|also|in|at|on|after|"
    r"before|during|there|this|these|those|it|they)\b|\bp\s*[<=>]|\d+(?:\.\d+)?\s*±|"
    r"\b(?:significant(?:ly)?|than|compared|versus|vs)\b",
    re.I,
)


def label_key(label: str) -> str:
    """'group ii', 'Groups II' → 'Group II'."""
    m = re.fullmatch(
        rf"(?:the\s+)?{LABEL}(?:\s+(?:patients|participants|subjects))?", label.strip()
    )
    return f"Group {m.group('label')}" if m else ""


def _meaning(what: str) -> str:
    what = re.sub(r"\s+", " ", what).strip(" ,;:-–—")
    what = re.sub(
        r"^(?:(?:received|receiving|were\s+given|was\s+given)\s+)?(?:the\s+|an?\s+)?",
        "",
        what,
        flags=re.I,
    )
    what = re.sub(
        r"^(?:\d+\s+)?(?:patients|participants|subjects)\s+(?:who\s+)?(?:were\s+)?"
        r"(?:treated|received|receiving|given)\s+(?:with\s+)?",
        "",
        what,
        flags=re.I,
    )
    what = re.sub(r"\s+(?:group|arm)$", "", what, flags=re.I)  # 'fentanyl group'
    if what.count("(") != what.count(")"):
        what = re.sub(r"\s*[()]\s*", " ", what).strip()
    words = what.split()
    if len(words) > 14:
        what = clean_name(what)
        words = what.split()[:14]
        what = " ".join(words)
    if not re.search(r"[A-Za-z]{3}", what) or NOT_MEANING.search(what) or is_generic(what):
        return ""
    if re.fullmatch(r"(?:the\s+)?(?:\w+\s+)?groups?", what, re.I) and not re.search(
        r"[A-Za-z]{3,}\s+group", what
    ):
        return ""
    return what


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.;])\s+(?=[A-Z(])", text) if s]


def group_meanings(paragraphs: list[tuple[str, str, int]]) -> dict[str, str]:
    """{'Group I': what group I received} from the methods' and abstract's definitions;
    the first definition of a label wins, explicit ones ('received X') before a phrase
    in front of a bracketed label."""
    found: dict[str, tuple[int, str]] = {}  # label -> (rank of the pattern, meaning)

    def keep(label: str, what: str, rank: int) -> None:
        key, meaning = f"Group {label}", _meaning(what)
        if meaning and (key not in found or rank < found[key][0]):
            found[key] = (rank, meaning)

    for section, text, _ in paragraphs:
        if not METHODS.search(section):
            continue
        for sentence in _sentences(text):
            if not re.search(r"[Gg]roup", sentence):
                continue
            for rank, pattern in enumerate(DEFINITIONS):
                for m in pattern.finditer(sentence):
                    keep(m.group("label"), m.group("what"), rank)
            if not DEFINES.search(sentence):
                continue
            for m in GIVEN_TO.finditer(sentence):
                keep(m.group("label"), m.group("what"), len(DEFINITIONS))
            for m in BRACKETED.finditer(sentence):
                before = BOUNDARY.search(sentence[: m.start()])
                if before:
                    keep(m.group("label"), before.group("phrase"), len(DEFINITIONS) + 1)
    return {key: meaning for key, (_, meaning) in found.items()}


def described(name: str, meanings: dict[str, str]) -> str:
    """'Group I' → what group I received, where the paper says; else the name. The label
    itself is left out: on ei-dev's held train quarter, arms named 'Group 1: PEMF
    treatment' name the prompt's intervention less often (0.644) than 'PEMF treatment'
    (0.663), the label's '1' being a word the prompt seldom has."""
    key = label_key(name)
    meaning = meanings.get(key) if key else None
    return meaning or name


ROLE_ONLY = {
    "experimental": re.compile(
        r"^(?:the\s+)?(?:experiment(?:al)?|intervention|treatment|study|active|cases?)"
        r"(?:\s+(?:group|arm|condition))?s?$",
        re.I,
    ),
    "control": re.compile(r"^(?:the\s+)?controls?(?:\s+(?:group|arm|condition))?s?$", re.I),
}


def _named(name: str, meanings: dict[str, str], arms: TrialArms | None) -> str:
    """A group label with what it stands for; a role ('Experiment', 'control group') as
    the trial's arm of that role, where the trial's arm has a name of its own."""
    if arms is not None:
        for role, pattern in ROLE_ONLY.items():
            arm = arms.experimental if role == "experimental" else arms.control
            if pattern.match(name.strip()) and arm is not None and not is_generic(arm.name):
                return arm.name
    return described(name, meanings)


def describe_findings(
    findings: list[FindingRecord],
    study: str,
    meanings: dict[str, str],
    arms: TrialArms | None = None,
) -> None:
    """The study's findings whose intervention or comparator is only a group label
    ('Group L vs Group S', from a table's headers) name what the group received too, and
    those whose arm is only a role ('Experiment vs control') the trial's arm of that role."""
    for f in findings:
        if f.study == study:
            f.intervention = _named(f.intervention, meanings, arms)
            f.comparator = _named(f.comparator, meanings, arms)
