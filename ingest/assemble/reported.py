"""Which citations a sentence reports as studies, even when no finding can be read from
it: the subject of a reporting verb ("Rotenstein et al. (2018) demonstrated that …"),
the study a clause names and then cites ("A qualitative study examining … (Okafor, under
review)", "Recent studies have shown that … (Longe et al. 2010)") or the author of a
study named just before ("an RCT in which Fredrickson et al. (2008) …")."""

from __future__ import annotations

import re

from ..components.citations import Citation

EVIDENCE = re.compile(
    r"\b(?:found|finds?|show(?:s|ed|n|ing)?|demonstrat(?:e|es|ed|ing)|identified|estimated|"
    r"revealed|reported|documented|confirmed)\b",
    re.I,
)
STUDY_NOUN = (
    r"(?:study|trial|RCT|experiment|meta-analysis|(?:systematic\s+)?review|survey|"
    r"investigation|evaluation|cohort)"
)
A_STUDY = re.compile(rf"\b(?:a|an|another|one)\s+(?:[\w-]+\s+){{0,4}}?{STUDY_NOUN}\b", re.I)
STUDIES = re.compile(r"\b(?:studies|trials|RCTs|experiments)\b", re.I)
STUDY_BY = re.compile(rf"\b{STUDY_NOUN}\s+(?:in\s+which|where|by|of|from)\s*$", re.I)
POSSESSIVE = re.compile(r"['’]s\b")
SUBJECT_REACH = 120


def groups(
    sentence: str, start: int, citations: list[Citation]
) -> list[tuple[bool, list[Citation]]]:
    """Citations grouped as written, each group marked narrative ('Weibel (2007) found')
    or parenthetical ('… (Moore 2008; Rimes and Wingrove 2011)', '… [11, 20]'; a numbered
    citation is never the subject)."""
    out: list[tuple[bool, list[Citation]]] = []
    last_end = -1
    for c in sorted(citations, key=lambda c: c.start):
        head = sentence[: max(c.start - start, 0)]
        numbered = not sentence[max(c.start - start, 0) : c.end - start][:1].isalpha()
        parenthetical = numbered or head.count("(") > head.count(")")
        between = sentence[max(last_end - start, 0) : max(c.start - start, 0)]
        if out and re.fullmatch(r"[\s;,()\[\]–-]*(?:e\.g\.|see|cf\.|and)?[\s;,()\[\]]*", between):
            out[-1][1].append(c)
        else:
            out.append((not parenthetical, [c]))
        last_end = c.end
    return out


def reported_studies(sentence: str, start: int, citations: list[Citation]) -> list[Citation]:
    """The citations of `sentence` that stand for a study whose result it reports."""
    found: list[Citation] = []
    subject_end = -1  # where the last narrative citation ends: it reports, not what follows
    for narrative, group in groups(sentence, start, citations):
        begin, end = group[0].start - start, group[-1].end - start
        before = sentence[:begin]
        clause = re.split(r"[;:]", before)[-1]
        if not narrative and subject_end >= len(before) - len(clause):
            continue  # 'as Weng et al. (2013) showed in samples (Neff 2003)': Neff is a source
        if narrative:
            subject_end = end
            text = sentence[begin:end]
            if POSSESSIVE.search(text):
                continue
            after = re.split(r"[;:]", sentence[end : end + SUBJECT_REACH])[0]
            if EVIDENCE.search(after) or STUDY_BY.search(before) or A_STUDY.search(clause):
                found += group
        elif EVIDENCE.search(clause) or A_STUDY.search(clause) or _plural_subject(clause, group):
            found += group
    return found


def _plural_subject(clause: str, group: list[Citation]) -> bool:
    """'Two uncontrolled studies … (Moore 2008; Rimes and Wingrove 2011)': several studies
    named, several cited."""
    return len(group) > 1 and bool(STUDIES.search(clause))
