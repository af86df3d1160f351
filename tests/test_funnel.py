"""Funnel-plot limits (nhsreform.funnel) against independent reference computations.

Reference values were computed in R 4.2.2 (Debian r-base-core), not with this module:

- exact binomial limits with R's own ``qbinom``/``pbinom`` and Spiegelhalter's (2005) interpolation
  ``(r - alpha) / n``, ``alpha = (P(R <= r) - p) / (P(R <= r) - P(R <= r - 1))``;
- the additive (random-effects) overdispersion adjustment for proportions with the NHS-R
  Community's FunnelPlotR package's own functions (``transformed_zscore``, ``winsorisation``,
  ``phi_func``, ``tau_func``, ``calculate_limits``; repository nhs-r-community/FunnelPlotR, commit
  9020d4972873d863e10b8a16555975f0e322adfc), on type 1 A&E departments in March 2019 from the
  course's ``ae_attendances_2016_2019`` dataset (numerator: patients within four hours).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nhsreform import funnel
from nhsreform.data import load_ae_attendances

# (n, p0, probability) -> limit, from R (negative values are clipped to 0 by the module).
BINOMIAL_R = {
    (20, 0.1, 0.001): -0.049588736833,
    (20, 0.1, 0.025): -0.039718420825,
    (20, 0.1, 0.975): 0.228467607030,
    (20, 0.1, 0.999): 0.335171821685,
    (100, 0.1, 0.001): 0.014178865008,
    (100, 0.1, 0.025): 0.040380595524,
    (100, 0.1, 0.975): 0.157718611639,
    (100, 0.1, 0.999): 0.198356718503,
    (1000, 0.1, 0.001): 0.071340846313,
    (1000, 0.1, 0.025): 0.081278656745,
    (1000, 0.1, 0.975): 0.118482926531,
    (1000, 0.1, 0.999): 0.129917843947,
    (50, 0.8, 0.001): 0.600855902325,
    (50, 0.8, 0.025): 0.672906116648,
    (50, 0.8, 0.975): 0.895595177988,
    (50, 0.8, 0.999): 0.945223856792,
    (400, 0.8, 0.001): 0.734958029101,
    (400, 0.8, 0.025): 0.758806274904,
    (400, 0.8, 0.975): 0.837228312108,
    (400, 0.8, 0.999): 0.858352216496,
}

# FunnelPlotR, data_type "PR", A&E type 1, March 2019.
FUNNELPLOTR_TARGET = 0.794862569735
FUNNELPLOTR_PHI = 490.4323205714
FUNNELPLOTR_TAU2 = 1.205113446567e-02
FUNNELPLOTR_LIMITS = pd.DataFrame(
    {
        "n": [1000, 5000, 10000, 30000],
        "lower_95": [0.597352832685, 0.599092657453, 0.599311055606, 0.599456769018],
        "upper_95": [0.937510586231, 0.936648873025, 0.936540270846, 0.936467758704],
        "lower_99.8": [0.472633797602, 0.475427675899, 0.475778585231, 0.476012733276],
        "upper_99.8": [0.983882103151, 0.983169919772, 0.983079414764, 0.983018893370],
    }
)


@pytest.fixture(scope="module")
def march_2019():
    ae = load_ae_attendances()
    rows = ae[(ae["period"] == "2019-03-01") & (ae["type"] == "1") & (ae["attendances"] > 0)]
    per = rows.groupby("org_code", observed=True)[["attendances", "breaches"]].sum()
    per["within"] = per["attendances"] - per["breaches"]
    return per


@pytest.mark.parametrize(("key", "expected"), BINOMIAL_R.items())
def test_exact_binomial_limits_match_r(key, expected):
    n, p0, prob = key
    assert funnel.binomial_limit(n, p0, prob)[0] == pytest.approx(max(expected, 0.0), abs=1e-9)


def test_binomial_limits_approach_the_normal_ones_for_large_n():
    n = np.array([20000, 50000])
    exact = funnel.funnel_limits(n, 0.8, method="binomial")
    normal = funnel.funnel_limits(n, 0.8, method="normal")
    assert np.allclose(exact.drop(columns="n"), normal.drop(columns="n"), atol=2e-4)
    # ... but not for small n, where the binomial is skewed
    small = funnel.funnel_limits([30], 0.9)
    assert (
        small["upper_99.8"].iloc[0] < funnel.funnel_limits([30], 0.9, method="normal")["upper_99.8"].iloc[0]
    )


def test_normal_limits_formula():
    lim = funnel.funnel_limits([10000], 0.8, method="normal")
    se = np.sqrt(0.8 * 0.2 / 10000)
    assert lim["upper_95"].iloc[0] == pytest.approx(0.8 + 1.959964 * se, abs=1e-8)
    assert lim["lower_99.8"].iloc[0] == pytest.approx(0.8 - 3.090232 * se, abs=1e-8)


def test_the_funnel_narrows_and_nests():
    lim = funnel.funnel_limits([100, 1000, 10000], 0.8)
    width = lim["upper_95"] - lim["lower_95"]
    assert width.is_monotonic_decreasing
    assert (lim["lower_99.8"] < lim["lower_95"]).all() and (lim["upper_95"] < lim["upper_99.8"]).all()


def test_additive_adjustment_matches_funnelplotr(march_2019):
    d = funnel.overdispersion(march_2019["within"], march_2019["attendances"], scale="arcsine")
    assert d.p0 == pytest.approx(FUNNELPLOTR_TARGET, abs=1e-11)
    assert d.phi == pytest.approx(FUNNELPLOTR_PHI, rel=1e-9)
    assert d.tau2 == pytest.approx(FUNNELPLOTR_TAU2, rel=1e-9)
    ours = funnel.funnel_limits(FUNNELPLOTR_LIMITS["n"], d.p0, adjust="additive", dispersion=d)
    assert np.allclose(ours.drop(columns="n"), FUNNELPLOTR_LIMITS.drop(columns="n"), atol=1e-9)


def test_overdispersion_on_the_proportion_scale_by_hand(march_2019):
    y, n = march_2019["within"].to_numpy(), march_2019["attendances"].to_numpy()
    p0 = y.sum() / n.sum()
    z = (y / n - p0) / np.sqrt(p0 * (1 - p0) / n)
    lo, hi = np.quantile(z, [0.1, 0.9])
    phi = np.mean(np.clip(z, lo, hi) ** 2)
    d = funnel.overdispersion(y, n)
    assert d.phi == pytest.approx(phi)
    assert d.phi > 100  # trusts differ far more than chance allows
    w = n / (p0 * (1 - p0))
    assert d.tau2 == pytest.approx((len(n) * phi - (len(n) - 1)) / (w.sum() - (w**2).sum() / w.sum()))


def test_no_overdispersion_when_units_differ_only_by_chance():
    rng = np.random.default_rng(1)
    n = rng.integers(500, 5000, size=200)
    y = rng.binomial(n, 0.3)
    d = funnel.overdispersion(y, n)
    assert d.phi < 1.2
    table, _ = funnel.funnel_table(y, n)
    outside = (table["signal"] != "within 95% limits").mean()
    assert 0.01 < outside < 0.12  # about 5% by chance


def test_adjustment_flags_fewer_trusts(march_2019):
    y, n = march_2019["within"], march_2019["attendances"]
    plain, _ = funnel.funnel_table(y, n, march_2019.index)
    adjusted, _ = funnel.funnel_table(y, n, march_2019.index, adjust="additive")
    multiplied, _ = funnel.funnel_table(y, n, march_2019.index, adjust="multiplicative")
    outer = {"below 99.8% limit", "above 99.8% limit"}
    assert plain["signal"].isin(outer).sum() > 100
    assert adjusted["signal"].isin(outer).sum() <= 3
    assert multiplied["signal"].isin(outer).sum() <= 3


def test_classify_labels():
    lim = pd.DataFrame(
        {"lower_95": [0.4] * 5, "upper_95": [0.6] * 5, "lower_99.8": [0.3] * 5, "upper_99.8": [0.7] * 5}
    )
    got = funnel.classify([0.2, 0.35, 0.5, 0.65, 0.8], lim)
    assert list(got) == list(funnel.SIGNALS)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: funnel.funnel_limits([100], 79.5), "divided by 100"),
        (lambda: funnel.funnel_limits([0, 10], 0.5), "positive"),
        (lambda: funnel.funnel_limits([10.5], 0.5), "whole numbers"),
        (lambda: funnel.funnel_limits([10], 0.5, method="poisson"), "method must be one of"),
        (lambda: funnel.funnel_limits([10], 0.5, adjust="additive"), "needs dispersion"),
        (lambda: funnel.funnel_limits([10], 0.5, coverages=(95,)), "coverage must be between 0 and 1"),
        (lambda: funnel.overdispersion([5, 12, 3], [10, 10, 10]), "unit 1 has 12 events out of 10"),
        (lambda: funnel.overdispersion([5, 3], [10, 10, 10]), "same length"),
        (lambda: funnel.overdispersion([5, 3], [10, 10]), "at least 3 units"),
        (lambda: funnel.overdispersion([5, 3, 1], [10, 10, 10], trim=0.6), "trim"),
        (lambda: funnel.z_scores([5, -1, 1], [10, 10, 10]), "zero or more"),
        (lambda: funnel.classify([0.5], pd.DataFrame({"lower_95": [0.4]})), "lacks"),
        (lambda: funnel.classify([0.5, 0.6], pd.DataFrame({"lower_95": [0.4]})), "one row of limits"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(call, message):
    with pytest.raises(ValueError, match=message):
        call()
