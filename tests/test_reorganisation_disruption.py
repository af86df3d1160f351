"""The chapter 5 model: parameter validation, determinism, invariants, agreement with its
formulas, England's real dates, the intended direction, and the explorer (moving a slider changes
what the student sees)."""

from __future__ import annotations

import math

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from nhsreform.data import load_dataset  # noqa: E402
from nhsreform.models import reorganisation_disruption as rd  # noqa: E402
from nhsreform.parameters import defaults, describe  # noqa: E402


@pytest.mark.parametrize(
    "name,bad",
    [
        ("interval_years", 0.5),
        ("interval_years", 26),
        ("dip_pct", -1),
        ("dip_pct", 31),
        ("half_life_months", 0),
        ("half_life_months", float("nan")),
        ("momentum_loss", 1.2),
        ("momentum_loss", -0.1),
        ("trend_pct_per_year", 0),
        ("noise_pct", 5),
        ("horizon_years", 4),
        ("horizon_years", 20.5),
        ("dip_pct", "5"),
        ("momentum_loss", True),
    ],
)
def test_bad_parameter_names_itself_and_its_range(name, bad):
    p = next(p for p in rd.PARAMETERS if p.name == name)
    with pytest.raises(ValueError) as err:
        rd.simulate_reorganisation_disruption(**{name: bad})
    assert name in str(err.value) and p.range_text in str(err.value)


def test_unknown_parameter_bad_schedule_and_bad_seed():
    with pytest.raises(ValueError, match="unknown parameter"):
        rd.simulate_reorganisation_disruption(interval=3)
    with pytest.raises(ValueError, match="schedule"):
        rd.simulate_reorganisation_disruption(schedule="scotland")
    with pytest.raises(ValueError, match="seed"):
        rd.simulate_reorganisation_disruption(seed=-1)
    with pytest.raises(ValueError, match="dip_pct"):
        rd.minimum_interval_to_settle(50, 12, 0.5)


def test_same_seed_same_result_other_seed_differs():
    a = rd.simulate_reorganisation_disruption(seed=7)
    assert a.equals(rd.simulate_reorganisation_disruption(seed=7))
    b = rd.simulate_reorganisation_disruption(seed=8)
    assert not a.equals(b)
    # the noise is the only random part: expected performance does not depend on the seed
    assert np.allclose(a["expected_performance"], b["expected_performance"])


@pytest.mark.parametrize("schedule", rd.SCHEDULES)
@pytest.mark.parametrize(
    "values",
    [
        {},
        {p.name: p.minimum for p in rd.PARAMETERS},
        {p.name: p.maximum for p in rd.PARAMETERS},
    ],
)
def test_invariants_across_the_allowed_range(values, schedule):
    df = rd.simulate_reorganisation_disruption(schedule=schedule, **values)
    p = {**defaults(rd.PARAMETERS), **values}
    assert len(df) == 12 * p["horizon_years"] + 1
    assert (df["expected_performance"] > 0).all()
    assert (df["expected_performance"] <= df["trend"] + 1e-9).all(), "never above the trend"
    assert (df["dip_pct"] >= 0).all() and (df["dip_pct"] < 100).all()
    assert ((df["momentum"] >= 0) & (df["momentum"] <= 1)).all()
    assert (df["gap_pct"] >= -1e-9).all()
    # performance before any reorganisation follows the trend exactly
    first = df.index[df["reorganisation"]].min() if df["reorganisation"].any() else len(df)
    assert np.allclose(df["expected_performance"][:first], df["trend"][:first])
    # improvement never reverses between reorganisations (momentum stays >= 0)
    rises = np.diff(df["expected_performance"].to_numpy())[~df["reorganisation"].to_numpy()[1:]]
    assert (rises >= -1e-9).all()
    s = rd.summarise_reorganisation_disruption(df, p["half_life_months"])
    assert 0 <= s["share of months on trend"] <= 1
    if not math.isnan(s["share settled before the next one"]):
        assert 0 <= s["share settled before the next one"] <= 1


def test_no_disruption_means_no_cost():
    df = rd.simulate_reorganisation_disruption(dip_pct=0, momentum_loss=0, noise_pct=0)
    assert np.allclose(df["performance"], df["trend"])
    s = rd.summarise_reorganisation_disruption(df, 12)
    assert s["years of progress lost by the end"] == pytest.approx(0, abs=1e-9)
    assert s["share settled before the next one"] == 1


def test_lasting_cost_of_one_reorganisation_matches_formula():
    # one reorganisation (interval longer than the horizon allows only one), long recovery time after
    for h, r in [(12, 0.5), (6, 1.0), (24, 0.25)]:
        df = rd.simulate_reorganisation_disruption(
            interval_years=25, horizon_years=49, dip_pct=0, half_life_months=h, momentum_loss=r
        )
        assert df["reorganisation"].sum() == 1
        s = rd.summarise_reorganisation_disruption(df, h)
        assert s["years of progress lost by the end"] == pytest.approx(rd.lasting_cost_years(h, r), rel=1e-3)


@pytest.mark.parametrize("dip,h,r", [(5, 12, 0.5), (20, 6, 0.0), (2, 24, 1.0), (30, 3, 0.2)])
def test_minimum_interval_formula_is_the_settling_threshold(dip, h, r):
    t_min = rd.minimum_interval_to_settle(dip, h, r) * 12  # months
    params = dict(dip_pct=dip, half_life_months=h, momentum_loss=r, horizon_years=60)
    slow = math.ceil(t_min) / 12
    fast = (math.floor(t_min) - 1) / 12
    ok = rd.simulate_reorganisation_disruption(interval_years=max(slow, 1.0), **params)
    assert rd.settling(ok, h)["settled"].all()
    if fast >= 1.0:
        too_soon = rd.simulate_reorganisation_disruption(interval_years=fast, **params)
        assert not rd.settling(too_soon, h)["settled"].all()


def test_england_schedule_uses_the_timeline_dataset():
    timeline = load_dataset(rd.TIMELINE)
    structural = timeline[timeline["course_classification"] == "structural reorganisation"]
    rows = rd.england_reorganisations()
    assert len(rows) == len(structural) == 10
    assert rows["model_date"].dt.year.tolist() == sorted(structural["year"].tolist())
    # the dated rows keep their real date; the year-only rows (1996, 1999) are placed on 1 April,
    # the date the public record gives for both (fact-check M7)
    assert set(rows.loc[rows["date_assumed"], "year"]) == {1996, 1999}
    assert rd.YEAR_ONLY_MONTH == 4
    assumed = rows.loc[rows["date_assumed"], "model_date"]
    assert (assumed.dt.month == 4).all() and (assumed.dt.day == 1).all()
    df = rd.simulate_reorganisation_disruption(schedule="england")
    marked = df.loc[df["reorganisation"], "calendar_year"]
    assert len(marked) == 10
    assert marked.iloc[0] == pytest.approx(1974 + 3 / 12)  # April 1974
    assert marked.iloc[-1] == pytest.approx(2022 + 6 / 12)  # July 2022
    short = rd.simulate_reorganisation_disruption(schedule="england", horizon_years=10)
    assert short["reorganisation"].sum() == 2  # 1974 and 1982 only


def test_more_frequent_reorganisation_costs_more():
    table = rd.compare_scenarios()
    lost = table["years of progress lost by the end"]
    settled = table["share settled before the next one"]
    assert lost["Every 2 years"] > lost["Every 5 years"] > lost["Every 10 years"]
    assert settled["Every 2 years"] < settled["Every 5 years"]
    # a dip alone is made good; lost momentum is not
    assert lost["Every 5 years, dip only (no momentum lost)"] < 0.2 * lost["Every 5 years"]
    assert rd.ENGLAND in table.index and table.loc[rd.ENGLAND, "reorganisations"] == 10
    # deeper dips, slower recovery and more lost momentum all cost more
    base = rd.summarise_reorganisation_disruption(rd.simulate_reorganisation_disruption(), 12)
    for change in (dict(dip_pct=15), dict(half_life_months=24), dict(momentum_loss=0.9)):
        h = change.get("half_life_months", 12)
        worse = rd.summarise_reorganisation_disruption(rd.simulate_reorganisation_disruption(**change), h)
        assert worse["average gap below trend (%)"] > base["average gap below trend (%)"], change


def test_plots_have_alt_text_from_the_results():
    fig, alt = rd.render_reorganisation_disruption()
    assert "England's actual reorganisation dates, 1974 to 2022: 10 reorganisations" in alt
    assert "every 5 years: 9 reorganisations" in alt
    runs = rd.simulate_scenarios()
    fig2, alt2 = rd.plot_scenario_runs(runs)
    assert all(name in alt2 for name in rd.SCENARIOS)
    assert len(fig2.axes) == len(rd.SCENARIOS)
    fig3, alt3 = rd.plot_scenarios(rd.compare_scenarios())
    assert all(name in alt3 for name in rd.SCENARIOS)
    assert "Every 2 years: 16.6 years of progress lost after 24 reorganisations, 0 of 23 settled" in alt3
    assert describe(rd.PARAMETERS).shape[0] == len(rd.PARAMETERS)


def test_explorer_slider_changes_what_the_student_sees():
    explorer = rd.reorganisation_disruption_explorer()
    before_png, before_alt = explorer.image.value, explorer.description.value
    explorer.sliders["interval_years"].value = 2.0
    assert explorer.image.value != before_png
    assert explorer.description.value != before_alt
    assert "every 2 years: 24 reorganisations" in explorer.description.value
    assert explorer.values["interval_years"] == 2.0
    middle_png = explorer.image.value
    explorer.sliders["momentum_loss"].value = 0.0
    assert explorer.image.value != middle_png
    labels = [s.description for s in explorer.sliders.values()]
    assert "Years between reorganisations (years)" in labels
    bundle = explorer._repr_mimebundle_()
    assert "needs a running Python kernel" in bundle["text/html"]
    assert 'alt="Two line charts' in bundle["text/html"]
