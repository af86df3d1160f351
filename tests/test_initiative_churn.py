"""The chapter 1 model: parameter validation, determinism, invariants, agreement with its formula,
and the explorer (moving a slider changes what the student sees)."""

from __future__ import annotations

import math

import matplotlib
import pytest

matplotlib.use("Agg")

from nhsreform.models import initiative_churn as churn  # noqa: E402
from nhsreform.parameters import defaults, describe  # noqa: E402


@pytest.mark.parametrize(
    "name,bad",
    [
        ("tenure_years", 0.1),
        ("tenure_years", 11),
        ("payoff_years", 0),
        ("payoff_years", float("nan")),
        ("survival_chance", -0.1),
        ("survival_chance", 1.5),
        ("initiatives_per_minister", 2.5),
        ("initiatives_per_minister", 0),
        ("horizon_years", 100),
        ("runs", 0),
        ("tenure_years", "3"),
        ("survival_chance", True),
    ],
)
def test_bad_parameter_names_itself_and_its_range(name, bad):
    p = next(p for p in churn.PARAMETERS if p.name == name)
    with pytest.raises(ValueError) as err:
        churn.simulate_initiative_churn(**{name: bad})
    assert name in str(err.value) and p.range_text in str(err.value)


def test_unknown_parameter_and_bad_seed():
    with pytest.raises(ValueError, match="unknown parameter"):
        churn.simulate_initiative_churn(tenure=3)
    with pytest.raises(ValueError, match="seed"):
        churn.simulate_initiative_churn(seed=-1)


def test_same_seed_same_result_other_seed_differs():
    a = churn.simulate_initiative_churn(seed=7)
    assert a.equals(churn.simulate_initiative_churn(seed=7))
    assert not a.equals(churn.simulate_initiative_churn(seed=8))


@pytest.mark.parametrize(
    "values",
    [
        {},
        {p.name: p.minimum for p in churn.PARAMETERS},
        {p.name: p.maximum for p in churn.PARAMETERS},
    ],
)
def test_invariants_across_the_allowed_range(values):
    values = {**values, "runs": min(values.get("runs", 50), 200)}
    df = churn.simulate_initiative_churn(**values)
    p = {**defaults(churn.PARAMETERS), **values}
    assert set(df["outcome"].unique()) <= set(churn.OUTCOMES)
    assert (df["launched_year"] >= 0).all() and (df["launched_year"] < p["horizon_years"]).all()
    assert (df["ended_year"] >= df["launched_year"]).all()
    assert (df["ended_year"] <= p["horizon_years"]).all()
    delivered = df[df["outcome"] == "delivered"]
    assert (delivered["years_invested"] - p["payoff_years"]).abs().max() < 1e-9
    abandoned = df[df["outcome"] == "abandoned"]
    assert (abandoned["years_invested"] < p["payoff_years"]).all()
    # every minister launches the same number of initiatives
    assert (df.groupby(["run", "minister"]).size() == p["initiatives_per_minister"]).all()
    s = churn.summarise_initiative_churn(df, p["horizon_years"])
    assert math.isclose(s["share delivered"] + s["share abandoned"], 1.0)


@pytest.mark.parametrize("tenure,payoff,keep", [(2.5, 4, 0.3), (1.0, 2, 0.5), (6, 1, 0.0), (3, 3, 0.9)])
def test_simulation_matches_formula(tenure, payoff, keep):
    df = churn.simulate_initiative_churn(
        tenure_years=tenure, payoff_years=payoff, survival_chance=keep, runs=2000, horizon_years=40
    )
    simulated = churn.summarise_initiative_churn(df, 40)["share delivered"]
    assert abs(simulated - churn.expected_delivery_share(tenure, payoff, keep)) < 0.02


def test_edge_cases():
    always = churn.simulate_initiative_churn(survival_chance=1.0, runs=20)
    assert "abandoned" not in set(always["outcome"])
    assert churn.expected_delivery_share(2, 4, 1.0) == 1.0


def test_longer_tenure_and_more_survival_deliver_more():
    table = churn.compare_scenarios()
    share = table["share delivered"]
    assert share["Frequent reshuffles"] < share["Typical churn"] < share["Long tenures"]
    assert share["Typical churn"] < share["New settlement: initiatives outlast ministers"]


def test_plots_have_alt_text_from_the_results():
    df = churn.simulate_initiative_churn()
    fig, alt = churn.plot_initiative_churn(df, 20)
    one = df[df["run"] == 0]
    assert f"Timeline of {len(one)} initiatives" in alt
    fig2, alt2 = churn.plot_scenarios(churn.compare_scenarios())
    assert all(name in alt2 for name in churn.SCENARIOS)
    assert describe(churn.PARAMETERS).shape[0] == len(churn.PARAMETERS)


def test_explorer_slider_changes_what_the_student_sees():
    explorer = churn.initiative_churn_explorer()
    before_png, before_alt = explorer.image.value, explorer.description.value
    explorer.sliders["tenure_years"].value = 8.0
    assert explorer.image.value != before_png
    assert explorer.description.value != before_alt
    assert explorer.values["tenure_years"] == 8.0
    labels = [s.description for s in explorer.sliders.values()]
    assert "Minister's average tenure (years)" in labels
    bundle = explorer._repr_mimebundle_()
    assert "needs a running Python kernel" in bundle["text/html"]
    assert 'alt="Timeline of' in bundle["text/html"]
