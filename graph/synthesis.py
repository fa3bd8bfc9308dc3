"""What a set of findings adds up to: pooled effects per kind and study quality flags.

Pooling takes one effect per study and kind (the most precise one: several measures of
one sample are not independent) and never mixes between-group with within-group
effects. Quality flags are read from the graph and each says why it was raised.
"""

from __future__ import annotations

import re
from collections import defaultdict

from .evidence import Finding, Study
from .meta import Pooled, pool

SMALL_SAMPLE = 30
CONTROL_TYPES = [
    ("wait-list", re.compile(r"wait[- ]?list", re.I)),
    ("usual care", re.compile(r"usual care|treatment as usual|\bTAU\b", re.I)),
    ("none", re.compile(r"\bno (control|intervention|treatment)\b", re.I)),
    ("active", re.compile(r"active|course|program|training|education|control group", re.I)),
]
SELF_SELECTED = re.compile(r"volunteer|self[- ]selected|convenience|recruited via|interested", re.I)
NOT_SELF_REPORT = re.compile(
    r"cortisol|heart rate|blood|observer|rated by|biomarker|EEG|fMRI", re.I
)


def pooled_by_kind(findings: list[Finding], method: str = "REML") -> dict[str, dict[str, object]]:
    """For each kind of effect: the pooled summary, or a plain note when k < 2."""
    best: dict[tuple[str, str], Finding] = {}
    for f in findings:
        if f.effect is None:
            continue
        key = (f.effect.kind, f.study.iri)
        if key not in best or f.effect.vi < best[key].effect.vi:  # type: ignore[union-attr]
            best[key] = f
    kinds: dict[str, list[Finding]] = defaultdict(list)
    for (kind, _), f in sorted(best.items()):
        kinds[kind].append(f)
    out: dict[str, dict[str, object]] = {}
    for kind, chosen in kinds.items():
        result: Pooled | None = pool(
            [f.effect.yi for f in chosen],  # type: ignore[union-attr]
            [f.effect.vi for f in chosen],  # type: ignore[union-attr]
            method,
        )
        out[kind] = {
            "pooled": result.as_dict() if result else None,
            "findings": [f.iri for f in chosen],
            "note": None
            if result
            else f"only {len(chosen)} comparable {kind} effect: at least two studies are needed to pool",
        }
    return out


def quality_flags(study: Study) -> list[dict[str, str]]:
    """Flags for one study, each with the reason it was raised."""
    flags = []
    instruments, sample = study.instruments, study.sample
    if study.design:
        flags.append(
            {
                "flag": "randomised" if study.randomised else "not randomised",
                "why": f"design: {study.design}",
            }
        )
    else:
        flags.append({"flag": "design not reported", "why": "no design in the graph"})
    if study.control:
        kind = next((name for name, rx in CONTROL_TYPES if rx.search(study.control)), "other")
        flags.append({"flag": f"control: {kind}", "why": study.control})
    elif "control" not in study.arms and "controlled" not in study.design:
        flags.append({"flag": "no control group", "why": "no control arm in the graph"})
    if study.n is not None and study.n < SMALL_SAMPLE:
        flags.append({"flag": "small sample", "why": f"N = {study.n} < {SMALL_SAMPLE}"})
    elif study.n is None:
        flags.append({"flag": "N not reported", "why": "no sample size in the graph"})
    fu = study.follow_up.strip().lower()
    if fu and fu not in ("no", "none"):
        flags.append({"flag": "follow-up", "why": study.follow_up})
    else:
        flags.append({"flag": "no follow-up", "why": study.follow_up or "none in the graph"})
    if sample and SELF_SELECTED.search(sample):
        flags.append({"flag": "self-selected sample", "why": sample})
    if instruments and not any(NOT_SELF_REPORT.search(i) for i in instruments):
        flags.append(
            {"flag": "self-report only", "why": "measures: " + ", ".join(sorted(set(instruments)))}
        )
    return flags
