"""Effect sizes against hand computation on the primary study's results table, and the
random-effects pooling against metafor's published values for dat.bcg."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from graph.effects import Numbers, effect_of, hedges_j
from graph.evidence import findings_for
from graph.meta import pool
from graph.oxigraph_store import OxigraphStore
from tests.conftest import ekg

PRIMARY = "002_9d2843fd054675b5"


@pytest.fixture(scope="module")
def primary(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, list]:
    """The primary study ingested into a real store; its gold record read from ../shared."""
    store_dir = tmp_path_factory.mktemp("primary") / "store"
    ekg("ingest", str(shared / "corpus" / f"{PRIMARY}.txt"), store=store_dir)
    gold = json.loads((shared / "gold" / f"{PRIMARY}.json").read_text())
    store = OxigraphStore(str(store_dir))
    try:
        found = findings_for(store)
    finally:
        store.close()
    return gold, found, store_dir


def _arms(gold: dict) -> tuple[int, int]:
    study = next(s for s in gold["studies"] if s["label"].endswith(str(gold["paper"]["year"])))
    arms = {a["role"]: a["n"] for a in study["arms"]}
    return arms["treatment"], arms["control"]


def test_pre_post_control_smd_matches_hand_computation_on_every_row(primary: tuple) -> None:
    """Morris (2008) d_ppc2: g = c_p·[(M_post,T − M_pre,T) − (M_post,C − M_pre,C)] / SD_pre,
    SD_pre = √(((n_T−1)s²_pre,T + (n_C−1)s²_pre,C)/(n_T+n_C−2)), c_p = 1 − 3/(4(n_T+n_C−2)−1);
    variance (n_T+n_C)/(n_T·n_C) + d²/(2(n_T+n_C)) (Borenstein et al. 2009 eq. 4.20) times
    2(1−ρ) with ρ = 0.5, times c_p²."""
    gold, found, _ = primary
    n1, n2 = _arms(gold)
    rows = [
        g
        for g in gold["findings"]
        if g["instrument"] and "pre_mean_control" in g["stats"] and "post_sd_control" in g["stats"]
    ]
    assert len(rows) >= 6, "the primary study's results table has rows with means and SDs"
    checked = 0
    for g in rows:
        s = g["stats"]
        match = [
            f
            for f in found
            if f.stats.get("pre_mean_treatment") is not None
            and math.isclose(float(f.stats["pre_mean_treatment"]), s["pre_mean_treatment"])
            and math.isclose(float(f.stats["post_mean_control"]), s["post_mean_control"])
        ]
        if not match:
            continue
        sd_pre = math.sqrt(
            ((n1 - 1) * s["pre_sd_treatment"] ** 2 + (n2 - 1) * s["pre_sd_control"] ** 2)
            / (n1 + n2 - 2)
        )
        change = (s["post_mean_treatment"] - s["pre_mean_treatment"]) - (
            s["post_mean_control"] - s["pre_mean_control"]
        )
        d = change / sd_pre
        cp = 1 - 3 / (4 * (n1 + n2 - 2) - 1)
        v = cp**2 * 2 * (1 - 0.5) * ((n1 + n2) / (n1 * n2) + d**2 / (2 * (n1 + n2)))
        effect = match[0].effect
        assert effect is not None and effect.kind == "between-group"
        assert effect.yi == pytest.approx(cp * d, abs=1e-9)
        assert effect.vi == pytest.approx(v, abs=1e-9)
        assert "Morris 2008" in effect.citation and not effect.reported
        checked += 1
    assert checked >= 6


def test_self_compassion_row_by_hand(primary: tuple) -> None:
    """The SCS row, worked out: the training arm gained, the control arm lost ground."""
    gold, found, _ = primary
    n1, n2 = _arms(gold)
    scs = next(
        f for f in found if f.instrument_label == "SCS" and f.construct_label == "self-compassion"
    )
    s = {k: float(v) for k, v in scs.stats.items() if k not in ("df", "p_comparator")}
    sd_pre = math.sqrt((24 * s["pre_sd_treatment"] ** 2 + 21 * s["pre_sd_control"] ** 2) / 45)
    assert (n1, n2) == (25, 22)
    d = (
        (s["post_mean_treatment"] - s["pre_mean_treatment"])
        - (s["post_mean_control"] - s["pre_mean_control"])
    ) / sd_pre
    assert scs.effect is not None
    assert scs.effect.yi == pytest.approx(d * (1 - 3 / 179), abs=1e-9)
    assert 0.4 < scs.effect.yi < 0.7 and scs.effect.ci[0] < 0 < scs.effect.ci[1]


def test_f_and_partial_eta_conversions_by_hand() -> None:
    """t = √F, d = t·√((n1+n2)/(n1·n2)) (Borenstein et al. 2009 ch. 7); d = 2·√(η²/(1−η²))
    (Cohen 1988 eq. 8.2.19); both times Hedges' J = 1 − 3/(4·df − 1)."""
    j = hedges_j(45)
    from_f = effect_of(
        Numbers(n_treatment=25, n_control=22, f=5.917, df="1, 44", direction="increase"),
        "vs control",
    )
    assert from_f is not None and from_f.yi == pytest.approx(
        j * math.sqrt(5.917) * math.sqrt(47 / 550)
    )
    from_eta = effect_of(
        Numbers(n_treatment=25, n_control=22, partial_eta_sq=0.119, direction="decrease"), None
    )
    assert from_eta is not None and from_eta.yi == pytest.approx(-j * 2 * math.sqrt(0.119 / 0.881))
    unsigned = effect_of(Numbers(n_treatment=25, n_control=22, f=0.365), None)
    assert unsigned is None, "an F without a direction cannot be signed"
    three_groups = effect_of(
        Numbers(n_treatment=25, n_control=22, f=4.1, df="2, 60", direction="increase"), None
    )
    assert three_groups is None


def test_r_and_posttest_formulas_by_hand() -> None:
    """d = 2r/√(1−r²), V = 4·V_r/(1−r²)³, V_r = (1−r²)²/(n−1) (Borenstein et al. 2009 eq. 7.5–7.6);
    Hedges' g on post-test means with the pooled SD (eq. 4.18–4.24)."""
    e = effect_of(Numbers(n_total=50, r=0.3), "correlation")
    assert e is not None and e.kind == "correlation"
    assert e.yi == pytest.approx(0.6 / math.sqrt(0.91))
    assert e.vi == pytest.approx(4 * (0.91**2 / 49) / 0.91**3)
    g = effect_of(
        Numbers(
            n_treatment=10,
            n_control=12,
            post_mean_treatment=5,
            post_sd_treatment=2,
            post_mean_control=4,
            post_sd_control=2.5,
        ),
        "vs control",
    )
    sp = math.sqrt((9 * 4 + 11 * 6.25) / 20)
    assert g is not None and g.yi == pytest.approx((1 - 3 / 79) * 1 / sp)


# metafor::dat.bcg (Colditz et al. 1994): BCG vaccine trials, tpos, tneg, cpos, cneg.
BCG = [
    (4, 119, 11, 128), (6, 300, 29, 274), (3, 228, 11, 209), (62, 13536, 248, 12619),
    (33, 5036, 47, 5761), (180, 1361, 372, 1079), (8, 2537, 10, 619), (505, 87886, 499, 87892),
    (29, 7470, 45, 7232), (17, 1699, 65, 1600), (186, 50448, 141, 27197), (5, 2493, 3, 2338),
    (27, 16886, 29, 17825),
]  # fmt: skip


def bcg_log_rr() -> tuple[list[float], list[float]]:
    """escalc(measure="RR"): yi = log((a/n1)/(c/n2)), vi = 1/a − 1/n1 + 1/c − 1/n2."""
    yi, vi = [], []
    for a, b, c, d in BCG:
        yi.append(math.log((a / (a + b)) / (c / (c + d))))
        vi.append(1 / a - 1 / (a + b) + 1 / c - 1 / (c + d))
    return yi, vi


def test_pooling_matches_metafor_on_dat_bcg() -> None:
    """metafor 4.x, rma(yi, vi, data = escalc("RR", ai=tpos, bi=tneg, ci=cpos, di=cneg,
    data = dat.bcg)): REML estimate −0.7145, SE 0.1798, CI [−1.0669, −0.3622],
    τ² 0.3132, I² 92.22%, Q(12) 152.2330; method = "DL": −0.7141, SE 0.1787,
    CI [−1.0644, −0.3638], τ² 0.3088, I² 92.12%."""
    yi, vi = bcg_log_rr()
    reml = pool(yi, vi, "REML")
    assert reml is not None
    assert reml.estimate == pytest.approx(-0.7145, abs=5e-5)
    assert reml.se == pytest.approx(0.1798, abs=5e-5)
    assert (reml.ci_low, reml.ci_high) == (
        pytest.approx(-1.0669, abs=5e-5),
        pytest.approx(-0.3622, abs=5e-5),
    )
    assert reml.tau2 == pytest.approx(0.3132, abs=5e-5)
    assert reml.i2 == pytest.approx(92.22, abs=5e-3)
    assert reml.q == pytest.approx(152.2330, abs=5e-4) and reml.q_df == 12
    dl = pool(yi, vi, "DL")
    assert dl is not None
    assert dl.estimate == pytest.approx(-0.7141, abs=5e-5)
    assert dl.se == pytest.approx(0.1787, abs=5e-5)
    assert (dl.ci_low, dl.ci_high) == (
        pytest.approx(-1.0644, abs=5e-5),
        pytest.approx(-0.3638, abs=5e-5),
    )
    assert dl.tau2 == pytest.approx(0.3088, abs=5e-5)
    assert dl.i2 == pytest.approx(92.12, abs=5e-3)


def test_pooling_needs_two_effects() -> None:
    assert pool([0.5], [0.1]) is None


def test_effects_table_is_ready_for_metafor(primary: tuple) -> None:
    """`ekg export --table effects`: one row per effect with yi and vi, as rma(yi, vi) reads."""
    import csv
    import io

    _, found, store_dir = primary
    out = ekg("export", "--table", "effects", store=store_dir).stdout
    table = list(csv.DictReader(io.StringIO(out)))
    assert table and {"yi", "vi", "effect_type", "study", "design", "n", "construct"} <= set(
        table[0]
    )
    scs = next(
        f for f in found if f.instrument_label == "SCS" and f.construct_label == "self-compassion"
    )
    row = next(r for r in table if r["finding"] == scs.iri)
    assert float(row["yi"]) == pytest.approx(scs.effect.yi, rel=1e-5)
    assert row["effect_type"] == "between-group" and row["source"] == "computed"
    assert row["n"] == "47" and row["n_treatment"] == "25" and row["n_control"] == "22"
