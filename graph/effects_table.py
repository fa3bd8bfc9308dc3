"""The `effects` table: one row per computable effect, ready for metafor::rma(yi, vi)."""

from __future__ import annotations

from .evidence import findings_for
from .store import Store

EFFECT_COLUMNS = [
    "yi",
    "vi",
    "ci_low",
    "ci_high",
    "effect_type",
    "method",
    "source",
    "study",
    "design",
    "n",
    "n_treatment",
    "n_control",
    "construct",
    "instrument",
    "intervention",
    "comparator",
    "direction",
    "significant",
    "paper_id",
    "finding",
    "claim",
]


def _text(value: object) -> str:
    return "" if value is None else str(value)


def effect_rows(store: Store) -> list[list[str]]:
    """Rows in EFFECT_COLUMNS order; findings without computable numbers are left out."""
    out = []
    for f in findings_for(store, limit=1_000_000):
        e = f.effect
        if e is None:
            continue
        comparator = f.study.control or ("control" if "control" in f.study.arms else "")
        out.append(
            [
                f"{e.yi:.6g}",
                f"{e.vi:.6g}",
                f"{e.ci[0]:.6g}",
                f"{e.ci[1]:.6g}",
                e.kind,
                e.method,
                "reported" if e.reported else "computed",
                f.study.label,
                f.study.design,
                _text(f.study.n),
                _text(f.study.arms.get("treatment")),
                _text(f.study.arms.get("control")),
                f.construct_label,
                f.instrument_label,
                f.intervention_label,
                comparator or _text(f.comparison),
                f.direction,
                "" if f.significant is None else str(f.significant).lower(),
                "; ".join(f.papers or f.study.papers),
                f.iri,
                f.claim,
            ]
        )
    return out
