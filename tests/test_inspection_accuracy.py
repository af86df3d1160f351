"""The chapter 3 model: parameter validation, determinism, invariants, agreement with its exact
formula, the intended directions (deeper and more frequent inspection make fewer errors but cost
more), and the explorer (moving a slider changes what the student sees)."""

from __future__ import annotations

import math
from itertools import pairwise
from statistics import NormalDist

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from nhsreform.models import inspection_accuracy as ia  # noqa: E402
from nhsreform.parameters import defaults, describe  # noqa: E402

SMALL = dict(organisations=60, horizon_years=5)


@pytest.mark.parametrize(
    "name,bad",
    [
        ("days_on_site", 0),
        ("days_on_site", 21),
        ("days_on_site", 2.5),
        ("interval_years", 0.25),
        ("interval_years", 9),
        ("drift_per_year", -0.1),
        ("drift_per_year", 0.9),
        ("noise_one_day", 0.1),
        ("blind_spot", 1.5),
        ("failing_share", 0.5),
        ("failing_share", 0.0),
        ("team_size", 0),
        ("organisations", 10),
        ("horizon_years", 41),
        ("days_on_site", "3"),
        ("interval_years", float("nan")),
        ("blind_spot", True),
    ],
)
def test_bad_parameter_names_itself_and_its_range(name, bad):
    p = next(p for p in ia.PARAMETERS if p.name == name)
    with pytest.raises(ValueError) as err:
        ia.simulate_inspection_accuracy(**{name: bad})
    assert name in str(err.value) and p.range_text in str(err.value)
    with pytest.raises(ValueError, match=name):
        ia.expected_error_rates(**{name: bad})


def test_unknown_parameter_and_bad_seed():
    with pytest.raises(ValueError, match="unknown parameter"):
        ia.simulate_inspection_accuracy(depth=3)
    for seed in (-1, 1.5, True):
        with pytest.raises(ValueError, match="seed"):
            ia.simulate_inspection_accuracy(seed=seed)


def test_same_seed_same_result_other_seed_differs():
    a = ia.simulate_inspection_accuracy(seed=7, **SMALL)
    assert a.equals(ia.simulate_inspection_accuracy(seed=7, **SMALL))
    assert not a.equals(ia.simulate_inspection_accuracy(seed=8, **SMALL))


@pytest.mark.parametrize(
    "values",
    [
        {},
        {p.name: p.minimum for p in ia.PARAMETERS},
        {p.name: p.maximum for p in ia.PARAMETERS},
        {"drift_per_year": 0.0, "interval_years": 0.5},
    ],
)
def test_invariants_across_the_allowed_range(values):
    values = {
        **values,
        "organisations": min(values.get("organisations", 200), 200),
        "horizon_years": min(values.get("horizon_years", 10), 10),
    }
    df = ia.simulate_inspection_accuracy(**values)
    p = {**defaults(ia.PARAMETERS), **values}
    months = p["horizon_years"] * 12
    assert len(df) == p["organisations"] * months
    assert (df.groupby("organisation").size() == months).all()
    assert set(df["outcome"].unique()) <= set(ia.OUTCOMES)
    # ratings are never older than one inspection cycle
    assert (df["rating_age_years"] >= 0).all()
    assert (df["rating_age_years"] < p["interval_years"] + 1e-9).all()
    # outcome agrees with the two classifications
    threshold = NormalDist().inv_cdf(p["failing_share"])
    assert (df["truly_failing"] == (df["true_quality"] < threshold)).all()
    assert (df["rated_failing"] == (df["inspection_score"] < threshold)).all()
    assert ((df["outcome"] == "failing rated good") == (df["truly_failing"] & ~df["rated_failing"])).all()
    assert ((df["outcome"] == "good rated failing") == (~df["truly_failing"] & df["rated_failing"])).all()
    # the score behind a rating is the same for every month until the next visit
    one = df[df["organisation"] == 0]
    same_visit = one["rating_age_years"].diff().fillna(-1) > 0
    assert (one["inspection_score"].diff()[same_visit].abs() < 1e-12).all()
    s = ia.summarise_inspection_accuracy(df, **values)
    for key in (
        "share of failing organisations rated good",
        "share of good organisations rated failing",
        "share of ratings that are right",
    ):
        assert 0 <= s[key] <= 1 or math.isnan(s[key])
    assert s["inspector-days per year"] == pytest.approx(
        p["organisations"] * p["team_size"] * p["days_on_site"] / p["interval_years"]
    )


def test_true_quality_stays_standard_normal():
    df = ia.simulate_inspection_accuracy(organisations=1000, horizon_years=10, drift_per_year=0.8)
    q = df["true_quality"]
    assert abs(q.mean()) < 0.1 and abs(q.std() - 1) < 0.05
    assert abs(df["truly_failing"].mean() - 0.1) < 0.02


def test_drift_changes_quality_and_zero_drift_keeps_it():
    still = ia.simulate_inspection_accuracy(drift_per_year=0.0, **SMALL)
    assert (still.groupby("organisation")["true_quality"].std() < 1e-9).all()
    moving = ia.simulate_inspection_accuracy(drift_per_year=0.5, **SMALL)
    assert (moving.groupby("organisation")["true_quality"].std() > 0).all()


def test_binormal_cdf_against_known_values():
    nd = NormalDist()
    h, k = -1.2, -0.8
    assert ia._binormal_cdf(h, k, np.array([0.0]))[0] == pytest.approx(nd.cdf(h) * nd.cdf(k), abs=1e-12)
    # perfect correlation: P(X < h, X < k) = Phi(min(h, k))
    assert ia._binormal_cdf(h, k, np.array([1.0]))[0] == pytest.approx(nd.cdf(min(h, k)), abs=1e-4)
    # equal thresholds and correlation 0.5: Phi2(0, 0; r) = 1/4 + asin(r) / (2 pi)
    assert ia._binormal_cdf(0.0, 0.0, np.array([0.5]))[0] == pytest.approx(
        0.25 + math.asin(0.5) / (2 * math.pi), abs=1e-10
    )


def test_perfect_instant_inspection_makes_no_errors():
    rates = ia.expected_error_rates(noise_one_day=0.2, days_on_site=20, blind_spot=0.0, drift_per_year=0.0)
    assert rates["failing rated good"] < 0.1 and rates["good rated failing"] < 0.01


@pytest.mark.parametrize(
    "params",
    [
        {},
        dict(days_on_site=10, interval_years=1.0),
        dict(drift_per_year=0.6, interval_years=5.0),
        dict(failing_share=0.3, blind_spot=0.8),
    ],
)
def test_simulation_matches_formula(params):
    pooled = ia.compare_scenarios({"case": params}, repeats=4, organisations=1000)
    row = pooled.loc["case"]
    assert abs(row["share of failing organisations rated good"] - row["failing rated good (formula)"]) < 0.03
    assert abs(row["share of good organisations rated failing"] - row["good rated failing (formula)"]) < 0.01
    assert (
        abs(
            row["share of seriously failing organisations rated good"]
            - row["seriously failing rated good (formula)"]
        )
        < 0.04
    )


def test_depth_and_frequency_cut_errors_and_cost_more():
    table = ia.compare_scenarios()
    missed = table["share of failing organisations rated good"]
    serious = table["share of seriously failing organisations rated good"]
    false_alarm = table["share of good organisations rated failing"]
    cost = table["inspector-days per year"]
    assert missed["Deep, frequent"] < missed["Light touch, infrequent"]
    assert serious["Deep, infrequent"] < serious["Light touch, infrequent"]
    assert serious["Light, frequent"] < serious["Light touch, infrequent"]
    assert false_alarm["Deep, infrequent"] < false_alarm["Light touch, infrequent"]
    assert cost["Light touch, infrequent"] < cost["Light, frequent"] < cost["Deep, frequent"]
    assert cost["Deep, infrequent"] < cost["Deep, frequent"]
    # exact formula: error falls with depth at every interval, with diminishing returns
    rates = [
        ia.expected_error_rates(days_on_site=d)["seriously failing rated good"] for d in (1, 2, 4, 8, 16)
    ]
    assert all(a > b for a, b in pairwise(rates))
    gains = np.diff(rates)
    assert abs(gains[-1]) < abs(gains[0])


def test_blind_spot_and_drift_limit_what_inspection_can_do():
    deep = dict(days_on_site=20, interval_years=0.5)
    assert (
        ia.expected_error_rates(blind_spot=0.8, **deep)["failing rated good"]
        > ia.expected_error_rates(blind_spot=0.0, **deep)["failing rated good"] + 0.05
    )
    slow = ia.expected_error_rates(drift_per_year=0.1, interval_years=5.0)["failing rated good"]
    fast = ia.expected_error_rates(drift_per_year=0.7, interval_years=5.0)["failing rated good"]
    assert fast > slow + 0.1


def test_equal_budget_best_mix_depends_on_drift():
    table = ia.equal_budget_table()
    rows = list(table.index)
    assert all("1,568 inspector-days a year" in r for r in rows)
    slow = table[("drift 0.15 SD a year", "failing rated good (%)")]
    fast = table[("drift 0.6 SD a year", "failing rated good (%)")]
    assert slow.iloc[-1] < slow.iloc[0]  # slow drift: deep and rare beats light and frequent
    assert fast.iloc[-1] > fast.iloc[0]  # fast drift: the reverse


def test_plots_have_alt_text_from_the_results():
    df = ia.simulate_inspection_accuracy()
    fig, alt = ia.plot_inspection_accuracy(df)
    last = df[df["year"] == df["year"].max()]
    assert f"{int(last['truly_failing'].sum())} are truly failing" in alt
    assert "1,045 inspector-days a year" in alt
    table = ia.compare_scenarios()
    _, alt2 = ia.plot_scenarios(table)
    assert all(name in alt2 for name in ia.SCENARIOS)
    _, alt3 = ia.plot_tradeoff(ia.tradeoff_table(days=(1, 5, 20)))
    assert "drift 0.15 SD a year" in alt3 and "every 5 years" in alt3
    assert describe(ia.PARAMETERS).shape[0] == len(ia.PARAMETERS)


def test_redraw_reuses_the_figure():
    df = ia.simulate_inspection_accuracy(**SMALL)
    fig, _ = ia.plot_inspection_accuracy(df, **SMALL)
    artists = fig._inspection_artists
    fig2, _ = ia.plot_inspection_accuracy(ia.simulate_inspection_accuracy(seed=3, **SMALL), fig=fig, **SMALL)
    assert fig2 is fig and fig._inspection_artists is artists and len(fig.axes) == 1


def test_explorer_slider_changes_what_the_student_sees():
    explorer = ia.inspection_accuracy_explorer()
    before_png, before_alt = explorer.image.value, explorer.description.value
    explorer.sliders["days_on_site"].value = 15
    assert explorer.image.value != before_png
    assert explorer.description.value != before_alt
    assert "for 15 days on site" in explorer.description.value
    assert explorer.values["days_on_site"] == 15
    labels = [s.description for s in explorer.sliders.values()]
    assert "Inspection depth (days on site)" in labels and "Years between inspections (years)" in labels
    bundle = explorer._repr_mimebundle_()
    assert "needs a running Python kernel" in bundle["text/html"]
    assert 'alt="Scatter plot of 392 organisations' in bundle["text/html"]


def test_seriously_failing_are_the_worst_of_the_failing():
    rates = ia.expected_error_rates()
    assert rates["seriously failing rated good"] < rates["failing rated good"]
    df = ia.simulate_inspection_accuracy(organisations=1000, horizon_years=10)
    threshold = NormalDist().inv_cdf(0.1)
    serious = df["true_quality"] < threshold - ia.SERIOUS_MARGIN
    assert ia.SERIOUS_MARGIN > 0 and (df.loc[serious, "truly_failing"]).all()
    assert abs(serious.mean() - NormalDist().cdf(threshold - 0.5)) < 0.01
    s = ia.summarise_inspection_accuracy(df)
    assert (
        s["share of seriously failing organisations rated good"]
        < s["share of failing organisations rated good"]
    )


def test_tradeoff_chart_explains_its_log_axis_and_stacks_for_phones():
    import matplotlib.pyplot as plt

    from nhsreform.models.inspection_accuracy import LOG_NOTE, plot_tradeoff, tradeoff_table

    table = tradeoff_table(days=(1, 5, 20))
    wide, alt = plot_tradeoff(table)
    narrow, narrow_alt = plot_tradeoff(table, layout="narrow")
    try:
        assert LOG_NOTE == "Log scale: each step along the axis is ten times the one before."
        for fig in (wide, narrow):
            assert all(ax.get_xscale() == "log" for ax in fig.axes)
            assert " ".join(fig._supxlabel.get_text().split()) == LOG_NOTE
        assert [ax.get_subplotspec().colspan.start for ax in narrow.axes] == [0, 0], "stacked"
        assert [ax.get_subplotspec().rowspan.start for ax in wide.axes] == [0, 0], "side by side"
        assert narrow_alt == alt and "log scale: each step along it is ten times the one before" in alt
    finally:
        plt.close(wide)
        plt.close(narrow)
