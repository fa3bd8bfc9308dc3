"""Standardised effect sizes from what a finding reports, each with the formula it used.

Every effect is (yi, vi) on the scale of a standardised mean difference (SMD), with a
95% CI, the name of its formula and the source that states it. The formulas:

- **Pre–post–control SMD** (Morris 2008, *Organizational Research Methods* 11:364,
  d_ppc2, eq. 8–9): ``g = c_p · [(M_post,T − M_pre,T) − (M_post,C − M_pre,C)] / SD_pre``
  with ``SD_pre`` the pooled pre-test SD and ``c_p = 1 − 3 / (4(n_T + n_C − 2) − 1)``.
  Its variance needs the pre–post correlation ρ, which papers rarely print; with
  ρ = 0.5 it reduces to the between-group variance below (stated on every such effect).
- **Between-group SMD from means and SDs** (Borenstein et al. 2009, *Introduction to
  Meta-Analysis*, eq. 4.18–4.24; Hedges 1981): ``S_w = √(((n1−1)s1² + (n2−1)s2²) /
  (n1+n2−2))``, ``d = (M1 − M2) / S_w``, ``V_d = (n1+n2)/(n1·n2) + d²/(2(n1+n2))``,
  ``J = 1 − 3/(4·df − 1)``, ``g = J·d``, ``V_g = J²·V_d``.
- **From t or F(1, df) with the group sizes** (Borenstein et al. 2009, §7 / Lipsey &
  Wilson 2001, table B10): ``t = √F``, ``d = t·√((n1+n2)/(n1·n2))``, variance as above,
  Hedges' J applied. The sign comes from the reported direction.
- **From partial η²** (Cohen 1988, eq. 8.2.19; Lakens 2013, *Front. Psychol.* 4:863):
  ``f = √(η²/(1−η²))``, ``d = 2f`` (two groups), variance as above.
- **From r** (Borenstein et al. 2009, eq. 7.5–7.6): ``d = 2r/√(1−r²)``,
  ``V_d = 4·V_r/(1−r²)³`` with ``V_r = (1−r²)²/(n−1)``.
- **Within-group pre–post SMD** (standardised mean change, Becker 1988; Borenstein et
  al. 2009 eq. 4.27–4.28 with ρ = 0.5): ``d = (M_post − M_pre)/SD_pre``,
  ``V_d = (1/n + d²/(2n))·2(1−ρ)``, Hedges' J with df = n − 1.

Between-group and within-group effects are different quantities: `kind` keeps them
apart and the pooling never mixes kinds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

Z95 = 1.959963984540054
RHO = 0.5  # assumed pre–post correlation where a paper does not print one

BORENSTEIN = "Borenstein et al. 2009, Introduction to Meta-Analysis, eq. 4.18–4.24"
MORRIS = "Morris 2008, Organizational Research Methods 11:364, d_ppc2"
FROM_T = "Borenstein et al. 2009 ch. 7; Lipsey & Wilson 2001 table B10"
FROM_ETA = "Cohen 1988 eq. 8.2.19; Lakens 2013 Front. Psychol. 4:863"
FROM_R = "Borenstein et al. 2009, eq. 7.5–7.6"
WITHIN = "Becker 1988; Borenstein et al. 2009, eq. 4.27–4.28"


@dataclass
class Numbers:
    """What a finding reports (None where not reported) and the group sizes."""

    n_treatment: int | None = None
    n_control: int | None = None
    n_total: int | None = None
    pre_mean_treatment: float | None = None
    pre_sd_treatment: float | None = None
    post_mean_treatment: float | None = None
    post_sd_treatment: float | None = None
    pre_mean_control: float | None = None
    pre_sd_control: float | None = None
    post_mean_control: float | None = None
    post_sd_control: float | None = None
    f: float | None = None
    df: str | None = None
    partial_eta_sq: float | None = None
    d: float | None = None
    r: float | None = None
    direction: str | None = None  # increase | decrease | no change | mixed


@dataclass
class Effect:
    """One standardised effect: estimate, variance, CI and how it was obtained."""

    yi: float
    vi: float
    kind: str  # between-group | within-group | correlation
    method: str
    formula: str
    citation: str
    reported: bool = False  # True when the paper printed the effect itself
    notes: list[str] = field(default_factory=list)

    @property
    def se(self) -> float:
        return math.sqrt(self.vi)

    @property
    def ci(self) -> tuple[float, float]:
        return (self.yi - Z95 * self.se, self.yi + Z95 * self.se)


def hedges_j(df: int) -> float:
    """Small-sample correction J = 1 − 3/(4·df − 1) (Hedges 1981)."""
    return 1 - 3 / (4 * df - 1)


def pooled_sd(s1: float, s2: float, n1: int, n2: int) -> float:
    return math.sqrt(((n1 - 1) * s1**2 + (n2 - 1) * s2**2) / (n1 + n2 - 2))


def smd_variance(d: float, n1: int, n2: int) -> float:
    """V_d = (n1+n2)/(n1·n2) + d²/(2(n1+n2))."""
    return (n1 + n2) / (n1 * n2) + d**2 / (2 * (n1 + n2))


def hedges_g(m1: float, s1: float, n1: int, m2: float, s2: float, n2: int) -> tuple[float, float]:
    """Hedges' g and its variance from two groups' means and SDs."""
    d = (m1 - m2) / pooled_sd(s1, s2, n1, n2)
    j = hedges_j(n1 + n2 - 2)
    return j * d, j**2 * smd_variance(d, n1, n2)


def pre_post_control(x: Numbers, n1: int, n2: int) -> tuple[float, float]:
    """Morris' d_ppc2 (difference in change over the pooled pre-test SD), corrected."""
    assert x.pre_mean_treatment is not None and x.post_mean_treatment is not None
    assert x.pre_mean_control is not None and x.post_mean_control is not None
    assert x.pre_sd_treatment is not None and x.pre_sd_control is not None
    change = (x.post_mean_treatment - x.pre_mean_treatment) - (
        x.post_mean_control - x.pre_mean_control
    )
    d = change / pooled_sd(x.pre_sd_treatment, x.pre_sd_control, n1, n2)
    j = hedges_j(n1 + n2 - 2)
    return j * d, j**2 * 2 * (1 - RHO) * smd_variance(d, n1, n2)


def from_t(t: float, n1: int, n2: int) -> tuple[float, float]:
    d = t * math.sqrt((n1 + n2) / (n1 * n2))
    j = hedges_j(n1 + n2 - 2)
    return j * d, j**2 * smd_variance(d, n1, n2)


def from_partial_eta(eta: float, n1: int, n2: int) -> tuple[float, float]:
    d = 2 * math.sqrt(eta / (1 - eta))
    j = hedges_j(n1 + n2 - 2)
    return j * d, j**2 * smd_variance(d, n1, n2)


def from_r(r: float, n: int) -> tuple[float, float]:
    vr = (1 - r**2) ** 2 / (n - 1)
    return 2 * r / math.sqrt(1 - r**2), 4 * vr / (1 - r**2) ** 3


def within_group(pre: float, sd_pre: float, post: float, n: int) -> tuple[float, float]:
    d = (post - pre) / sd_pre
    j = hedges_j(n - 1)
    return j * d, j**2 * (1 / n + d**2 / (2 * n)) * 2 * (1 - RHO)


def _sign(direction: str | None) -> int | None:
    return {"increase": 1, "decrease": -1}.get(direction or "")


def _one_df(df: str | None) -> bool:
    """F(1, df) only: an F with more numerator df is not one contrast."""
    return df is None or df.replace(" ", "").startswith("1,")


def _groups(x: Numbers) -> tuple[int, int, list[str]] | None:
    if x.n_treatment and x.n_control:
        return x.n_treatment, x.n_control, []
    known = x.n_treatment or x.n_control
    if known and x.n_total and x.n_total - known >= 2:
        other = x.n_total - known
        note = [f"one arm size not reported: N = {x.n_total} minus the other arm"]
        return (known, other, note) if x.n_treatment else (other, known, note)
    if x.n_total and x.n_total >= 4:
        half = x.n_total // 2
        return x.n_total - half, half, [f"arm sizes not reported: N = {x.n_total} split evenly"]
    return None


def effect_of(x: Numbers, comparison: str | None) -> Effect | None:
    """The best effect the numbers allow, or None (the reason is `why_none`)."""
    groups = _groups(x)
    full = [
        x.pre_mean_treatment,
        x.post_mean_treatment,
        x.pre_mean_control,
        x.post_mean_control,
        x.pre_sd_treatment,
        x.pre_sd_control,
    ]
    rho = f"pre–post correlation assumed ρ = {RHO}"
    if groups and all(v is not None for v in full):
        n1, n2, notes = groups
        yi, vi = pre_post_control(x, n1, n2)
        return Effect(
            yi, vi, "between-group", "pre–post–control SMD", MORRIS_F, MORRIS, False, [*notes, rho]
        )
    if (
        groups
        and x.post_mean_treatment is not None
        and x.post_mean_control is not None
        and x.post_sd_treatment
        and x.post_sd_control
    ):
        n1, n2, notes = groups
        yi, vi = hedges_g(
            x.post_mean_treatment,
            x.post_sd_treatment,
            n1,
            x.post_mean_control,
            x.post_sd_control,
            n2,
        )
        return Effect(
            yi, vi, "between-group", "Hedges' g (post-test)", HEDGES_F, BORENSTEIN, False, notes
        )
    sign = _sign(x.direction)
    if groups and sign and x.f is not None and x.f >= 0 and _one_df(x.df):
        n1, n2, notes = groups
        yi, vi = from_t(math.sqrt(x.f), n1, n2)
        return Effect(sign * yi, vi, "between-group", "from F(1, df)", T_F, FROM_T, False, notes)
    if groups and sign and x.partial_eta_sq is not None and 0 < x.partial_eta_sq < 1:
        n1, n2, notes = groups
        yi, vi = from_partial_eta(x.partial_eta_sq, n1, n2)
        return Effect(
            sign * yi, vi, "between-group", "from partial η²", ETA_F, FROM_ETA, False, notes
        )
    n = x.n_treatment or x.n_total
    if x.d is not None and comparison == "pre-post" and n and n > 2:
        vi = (1 / n + x.d**2 / (2 * n)) * 2 * (1 - RHO)
        return Effect(x.d, vi, "within-group", "d as reported", V_WITHIN, WITHIN, True, [rho])
    if x.d is not None and groups:
        n1, n2, notes = groups
        vi = smd_variance(x.d, n1, n2)
        return Effect(x.d, vi, "between-group", "d as reported", V_SMD, BORENSTEIN, True, notes)
    if x.r is not None and -1 < x.r < 1 and (x.n_total or 0) > 2:
        yi, vi = from_r(x.r, x.n_total or 0)
        return Effect(yi, vi, "correlation", "d from r", R_F, FROM_R)
    if (
        n
        and n > 2
        and x.pre_mean_treatment is not None
        and x.post_mean_treatment is not None
        and x.pre_sd_treatment
    ):
        yi, vi = within_group(x.pre_mean_treatment, x.pre_sd_treatment, x.post_mean_treatment, n)
        return Effect(
            yi, vi, "within-group", "standardised mean change", WITHIN_F, WITHIN, False, [rho]
        )
    return None


def why_none(x: Numbers) -> str:
    """Why no effect could be computed, in words a reader can act on."""
    if not any(
        v is not None
        for v in (x.f, x.partial_eta_sq, x.d, x.r, x.post_mean_treatment, x.pre_mean_treatment)
    ):
        return "no statistics reported"
    if _groups(x) is None and x.n_total is None:
        return "sample size not reported"
    if x.f is not None and not _one_df(x.df):
        return f"F({x.df}) has more than one numerator df"
    return "direction not reported, so an unsigned statistic cannot be signed"


MORRIS_F = "g = c_p·[(M_post,T − M_pre,T) − (M_post,C − M_pre,C)] / SD_pre,pooled"
HEDGES_F = "g = J·(M_T − M_C)/S_pooled, J = 1 − 3/(4·df − 1)"
T_F = "d = √F·√((n1+n2)/(n1·n2)), g = J·d"
ETA_F = "d = 2·√(η²/(1 − η²)), g = J·d"
R_F = "d = 2r/√(1 − r²), V = 4·V_r/(1 − r²)³"
V_SMD = "V_d = (n1+n2)/(n1·n2) + d²/(2(n1+n2))"
V_WITHIN = "V_d = (1/n + d²/(2n))·2(1 − ρ)"
WITHIN_F = "g = J·(M_post − M_pre)/SD_pre"
