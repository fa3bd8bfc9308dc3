"""The layout of a forest plot as plain numbers; the template draws it as SVG."""

from __future__ import annotations

import math
from typing import Any

WIDTH = 360  # the plot area, in SVG units
ROW = 22


def forest_layout(rows: list[dict[str, Any]], pooled: dict[str, Any] | None) -> dict[str, Any]:
    """x positions for each row's CI and estimate, the zero line and the pooled diamond.

    `rows` hold `yi`, `ci` (low, high); rows without an effect are left out."""
    spans = [r["ci"] for r in rows]
    if pooled:
        spans.append([pooled["ci_low"], pooled["ci_high"]])
    lo = min([0.0, *(s[0] for s in spans)]) if spans else -1.0
    hi = max([0.0, *(s[1] for s in spans)]) if spans else 1.0
    pad = (hi - lo) * 0.05 or 0.5
    lo, hi = lo - pad, hi + pad

    def x(v: float) -> float:
        return round((v - lo) / (hi - lo) * WIDTH, 1)

    step = _tick_step(hi - lo)
    ticks = [
        {"x": x(t * step), "label": f"{t * step:g}"}
        for t in range(math.ceil(lo / step), math.floor(hi / step) + 1)
    ]
    laid = []
    for i, r in enumerate(rows):
        weight = 1 / r["vi"] if r.get("vi") else 1
        laid.append(
            {
                **r,
                "y": i * ROW + ROW // 2,
                "x": x(r["yi"]),
                "x1": x(r["ci"][0]),
                "x2": x(r["ci"][1]),
                "size": round(min(8.0, 2 + math.sqrt(weight)), 1),
            }
        )
    diamond = None
    if pooled:
        y = len(rows) * ROW + ROW // 2
        diamond = {
            "points": f"{x(pooled['ci_low'])},{y} {x(pooled['estimate'])},{y - 7} "
            f"{x(pooled['ci_high'])},{y} {x(pooled['estimate'])},{y + 7}",
            "y": y,
        }
    height = (len(rows) + (1 if pooled else 0)) * ROW + 30
    return {
        "rows": laid,
        "zero": x(0.0),
        "ticks": ticks,
        "diamond": diamond,
        "height": height,
        "width": WIDTH,
    }


def _tick_step(span: float) -> float:
    raw = span / 6
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    return next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
