"""Synthetic study reports shaped like real ones, for the ingest benchmark.

    write_papers(folder, count=100)        # folder/synthetic-0000.txt, ...
    write_long_text(path, megabytes=50)    # one very long report

Each report has the parts the readers and the extractor look for: a title, an abstract
with results, a method naming instruments (abbreviation and citation) and an
intervention, results sentences with test statistics, a tab-separated table of means
and SDs with a footnote glossary, a discussion and a reference list. The wording is
the project's own, recombined at random; names come from the project's lexicon. A
report runs to about 20 KB, the size of a short trial report.
"""

from __future__ import annotations

import random
from pathlib import Path

from ontology.lexicon import load_lexicon

SURNAMES = [
    "Almeida", "Baker", "Chen", "Dubois", "Eriksen", "Fischer", "Garcia", "Hughes", "Ito",
    "Jansen", "Kowalski", "Larsen", "Moreau", "Nakamura", "Okafor", "Petrov", "Quinn",
    "Rossi", "Schmidt", "Tanaka", "Usman", "Varga", "Weber", "Young", "Zhou",
]  # fmt: skip
GROUPS = ["nurses", "medical students", "midwives", "residents", "physicians", "caregivers"]
FILLER = [
    "Participants were recruited through staff newsletters and notices on the wards.",
    "Sessions took place in a quiet room at the hospital after the end of a shift.",
    "Attendance was recorded by the facilitator at every session.",
    "Questionnaires were completed online, and reminders were sent after one week.",
    "The facilitator had more than ten years of experience in leading such groups.",
    "Home practice was encouraged with recorded exercises of ten to twenty minutes.",
    "Data were checked for outliers and for departures from normality before analysis.",
    "Missing items were replaced by the mean of the remaining items of the scale.",
    "The study was approved by the ethics committee of the university hospital.",
    "All participants gave written informed consent before the first assessment.",
]


def _cite(rng: random.Random) -> str:
    year = rng.randint(1990, 2022)
    if rng.random() < 0.5:
        return f"{rng.choice(SURNAMES)} et al. {year}"
    return f"{rng.choice(SURNAMES)} and {rng.choice(SURNAMES)} {year}"


def _stat(rng: random.Random, significant: bool) -> tuple[str, float]:
    df = rng.randint(20, 120)
    f = round(rng.uniform(4.2, 15.0) if significant else rng.uniform(0.1, 2.5), 2)
    p = round(rng.uniform(0.001, 0.045) if significant else rng.uniform(0.12, 0.9), 3)
    return f"F(1, {df}) = {f}, p = {str(p).lstrip('0')}", p


def paper(rng: random.Random, number: int) -> str:
    lexicon = load_lexicon()
    instruments = rng.sample(
        [t for t in lexicon.of_kind("instrument") if t.abbreviations and t.measures], 4
    )
    intervention = rng.choice(lexicon.of_kind("intervention"))
    group = rng.choice(GROUPS)
    n = rng.randint(30, 240)
    iv = intervention.label
    parts = [
        f"Effects of {iv} on wellbeing in {group}: study {number}",
        f"{rng.choice(SURNAMES)} · {rng.choice(SURNAMES)} · {rng.choice(SURNAMES)}",
        f"Abstract We randomly assigned {n} {group} to {iv} or a waiting list. "
        + " ".join(
            f"{t.label} scores {rng.choice(['increased', 'decreased'])} in the {iv} group."
            for t in instruments[:2]
        ),
        "Introduction",
    ]
    for _ in range(rng.randint(6, 9)):
        parts.append(
            f"Work with {group} has shown high levels of stress ({_cite(rng)}). "
            f"Programmes such as {iv} have been offered in several settings ({_cite(rng)}; "
            f"{_cite(rng)}), with mixed results ({_cite(rng)}). " + " ".join(rng.sample(FILLER, 3))
        )
    parts.append("Method")
    parts.append(
        f"Participants were {n} {group}, randomly assigned to {iv} (n = {n // 2}) or to a "
        f"waiting-list control group (n = {n - n // 2}). " + " ".join(rng.sample(FILLER, 4))
    )
    measures = "; ".join(
        f"the {t.label} ({t.abbreviations[0]}; {t.citation or _cite(rng)})" for t in instruments
    )
    parts.append(f"Before and after the programme, participants completed {measures}.")
    for _ in range(rng.randint(3, 5)):
        parts.append(" ".join(rng.sample(FILLER, 5)))
    parts.append("Results")
    rows = ["Measure\tGroup\tPre M\tPre SD\tPost M\tPost SD\tF\tp"]
    for t in instruments:
        significant = rng.random() < 0.6
        stat, p = _stat(rng, significant)
        word = rng.choice(["increased", "decreased"]) if significant else "did not change"
        parts.append(
            f"Compared with the control group, {t.abbreviations[0]} scores {word} in the "
            f"{iv} group, {stat}. " + " ".join(rng.sample(FILLER, 2))
        )
        for arm in (iv, "control"):
            pre = round(rng.uniform(2, 40), 2)
            rows.append(
                f"{t.abbreviations[0]}\t{arm}\t{pre}\t{round(pre / 5, 2)}\t"
                f"{round(pre * rng.uniform(0.8, 1.2), 2)}\t{round(pre / 5, 2)}\t"
                f"{stat.split('= ')[1].split(',')[0]}\t{str(p).lstrip('0')}"
            )
    parts.append(f"Table 1 Scores before and after {iv} (n = {n})")
    parts.append("\n".join(rows))
    parts.append(
        "Abbreviations: " + "; ".join(f"{t.abbreviations[0]} {t.label}" for t in instruments)
    )
    parts.append("Discussion")
    for _ in range(rng.randint(5, 8)):
        parts.append(
            f"These results agree with earlier studies of {group} ({_cite(rng)}). "
            + " ".join(rng.sample(FILLER, 4))
        )
    parts.append("References")
    for _ in range(rng.randint(25, 40)):
        parts.append(
            f"- {rng.choice(SURNAMES)}, A., & {rng.choice(SURNAMES)}, B. "
            f"({rng.randint(1990, 2022)}). *Journal of Health Care Studies*, "
            f"*{rng.randint(1, 60)}*, {rng.randint(1, 900)}–{rng.randint(901, 999)}."
        )
    return "\n\n".join(parts) + "\n"


def write_papers(folder: Path, count: int, seed: int = 11) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        path = folder / f"synthetic-{i:04d}.txt"
        path.write_text(paper(rng, i), encoding="utf-8")
        paths.append(path)
    return paths


def write_long_text(path: Path, megabytes: float, seed: int = 13) -> Path:
    """One report whose results and discussion go on for `megabytes` of text."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        written, number = 0, 0
        while written < megabytes * 1e6:
            text = paper(rng, number)
            if number:  # one title and abstract; the rest is body
                text = text.split("Introduction", 1)[1]
            written += fh.write(text)
            number += 1
    return path
