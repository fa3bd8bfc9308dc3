"""Random-effects pooling of comparable effects, from maintained libraries.

- DerSimonian–Laird: `statsmodels.stats.meta_analysis.combine_effects(method_re="dl")`.
- REML: τ² and the pooled estimate from PyMARE's `VarianceBasedLikelihoodEstimator(
  method="REML")` (statsmodels has no REML estimator of τ²).

For both, the standard error of the pooled estimate is √(1/Σwᵢ) with wᵢ = 1/(vᵢ + τ²),
the CI is Wald (normal), and I² = τ²/(τ² + s²) with s² the typical within-study variance
(Higgins & Thompson 2002), as metafor reports them; Q is Cochran's.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .effects import Z95

METHODS = ("DL", "REML")


@dataclass
class Pooled:
    method: str
    k: int
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    tau2: float
    i2: float  # percent
    q: float
    q_df: int

    def as_dict(self) -> dict[str, float | int | str]:
        return dict(self.__dict__)


def _tau2_dl(y: np.ndarray, v: np.ndarray) -> tuple[float, float]:
    from statsmodels.stats.meta_analysis import combine_effects

    res = combine_effects(y, v, method_re="dl")
    return float(res.tau2), float(res.q)


def _tau2_reml(y: np.ndarray, v: np.ndarray) -> float:
    from pymare import Dataset
    from pymare.estimators import VarianceBasedLikelihoodEstimator

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        est = VarianceBasedLikelihoodEstimator(method="REML").fit_dataset(Dataset(y=y, v=v))
        return max(float(np.asarray(est.summary().tau2).ravel()[0]), 0.0)


def preload() -> None:
    """Import the pooling libraries ahead of the first request (they take seconds)."""
    import pymare.estimators  # noqa: F401
    import statsmodels.stats.meta_analysis  # noqa: F401


def pool(yi: Sequence[float], vi: Sequence[float], method: str = "REML") -> Pooled | None:
    """The random-effects summary of k ≥ 2 effects, or None for fewer."""
    if method not in METHODS:
        from ontology.errors import InputError

        raise InputError(f"unknown pooling method '{method}'; choose one of {', '.join(METHODS)}")
    y, v = np.asarray(yi, dtype=float), np.asarray(vi, dtype=float)
    k = len(y)
    if k < 2:
        return None
    tau2_dl, q = _tau2_dl(y, v)
    tau2 = tau2_dl if method == "DL" else _tau2_reml(y, v)
    w = 1 / (v + tau2)
    estimate = float(w @ y / w.sum())
    se = math.sqrt(1 / w.sum())
    w0 = 1 / v
    s2 = (k - 1) * w0.sum() / (w0.sum() ** 2 - (w0**2).sum())
    i2 = 100 * tau2 / (tau2 + s2)
    return Pooled(
        method, k, estimate, se, estimate - Z95 * se, estimate + Z95 * se, tau2, i2, q, k - 1
    )
