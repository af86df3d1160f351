"""The chapter 6 model: parameter validation, determinism, agreement with its closed forms, the
direction of its effects (the argument it illustrates), its scenarios, figures and explorer."""

from __future__ import annotations

import math

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

from nhsreform.models import improvement_capability as ic  # noqa: E402


@pytest.mark.parametrize(
    "name,bad",
    [
        ("training_pct", -1),
        ("training_pct", 50.5),
        ("gain_pct_per_year", 11),
        ("churn_per_year", 1.5),
        ("reset_share", -0.1),
        ("push_pct", 31),
        ("push_half_life_years", 0.2),
        ("horizon_years", 4),
        ("horizon_years", 10.5),
        ("runs", 0),
        ("churn_per_year", float("nan")),
        ("push_pct", float("inf")),
        ("reset_share", True),
        ("training_pct", "15"),
    ],
)
def test_bad_parameter_names_itself_and_its_range(name, bad):
    p = next(p for p in ic.PARAMETERS if p.name == name)
    with pytest.raises(ValueError) as err:
        ic.simulate_improvement_capability(**{name: bad})
    assert name in str(err.value) and p.range_text in str(err.value)


def test_unknown_parameter_and_bad_seed():
    with pytest.raises(ValueError, match="unknown parameter"):
        ic.simulate_improvement_capability(training=10)
    for seed in (-1, 1.5, "1", True):
        with pytest.raises(ValueError, match="seed"):
            ic.simulate_improvement_capability(seed=seed)


def test_same_seed_same_result_other_seed_differs():
    a = ic.simulate_improvement_capability(seed=7, runs=20)
    b = ic.simulate_improvement_capability(seed=7, runs=20)
    c = ic.simulate_improvement_capability(seed=8, runs=20)
    pd.testing.assert_frame_equal(a, b)
    assert not a["capability"].equals(c["capability"])


def test_shape_and_invariants_over_the_allowed_range():
    rng = np.random.default_rng(0)
    for _ in range(25):
        params = {
            p.name: (
                int(rng.integers(p.minimum, p.maximum + 1))
                if p.integer
                else rng.uniform(p.minimum, p.maximum)
            )
            for p in ic.PARAMETERS
        }
        params["runs"] = min(params["runs"], 30)
        out = ic.simulate_improvement_capability(seed=1, **params)
        quarters = params["horizon_years"] * ic.STEPS_PER_YEAR + 1
        assert len(out) == params["runs"] * quarters
        assert out["capability"].between(0, 100).all()
        assert (out["internal"] >= 100 - 1e-9).all(), "gains never go negative"
        assert (out.groupby("run")["internal"].diff().dropna() >= -1e-12).all(), "performance kept"
        assert (out["push"] >= 0).all() and (out["push"] <= params["push_pct"] + 1e-9).all()
        assert np.allclose(out["performance"], out["internal"] + out["push"])


def test_capability_matches_the_closed_form_without_churn():
    out = ic.simulate_improvement_capability(churn_per_year=0, training_pct=20, horizon_years=12, runs=2)
    path = ic.mean_path(out)
    for years in (0, 1, 3.5, 12):
        got = path.loc[np.isclose(path["year"], years), "capability"].item()
        assert got == pytest.approx(ic.capability_without_churn(years, 20), rel=1e-9)


def test_push_fades_by_half_every_half_life():
    out = ic.simulate_improvement_capability(push_pct=20, push_half_life_years=2, runs=1)
    path = ic.mean_path(out)
    at = dict(zip(path["year"], path["push"], strict=True))
    assert at[0.0] == 0 and at[ic.PUSH_YEAR] == pytest.approx(20)
    assert at[ic.PUSH_YEAR + 2] == pytest.approx(10) and at[ic.PUSH_YEAR + 4] == pytest.approx(5)
    assert ic.push_remaining(2, 20, 2) == pytest.approx(10) and ic.push_remaining(-1, 20, 2) == 0


def test_no_training_no_gain_and_no_churn_no_events():
    out = ic.simulate_improvement_capability(training_pct=0, churn_per_year=0, runs=3)
    assert np.allclose(out["capability"], ic.START_CAPABILITY)
    growth = (1 + 0.04 * ic.START_CAPABILITY / 100) ** 15
    assert ic.mean_path(out)["internal"].iloc[-1] == pytest.approx(100 * growth)
    assert out["churn_events"].sum() == 0


def test_directions_of_effect():
    def end(**p):
        return ic.summarise_improvement_capability(ic.simulate_improvement_capability(**p))

    base = end()
    assert end(churn_per_year=0.6)["performance at the end"] < base["performance at the end"]
    assert end(reset_share=0.9)["capability at the end"] < base["capability at the end"]
    assert end(training_pct=30)["performance at the end"] > base["performance at the end"]
    pushed = end(push_pct=15)
    assert pushed["performance after 3 years"] > base["performance after 3 years"] + 5
    # the push fades: by the end almost nothing of it is left
    assert pushed["performance at the end"] - base["performance at the end"] < 0.5


def test_scenarios_tell_the_chapters_story():
    table = ic.compare_scenarios()
    assert list(table.index) == list(ic.SCENARIOS)
    early, end = table["performance after 3 years"], table["performance at the end"]
    stable, churn = "Stable organisation", "Frequent churn"
    push, both = "External pressure only", "Both: stable, with an external push"
    assert early[push] > early[stable] and end[push] < end[stable] - 20
    assert end[churn] < end[stable] - 5
    assert end[both] >= end[stable] and early[both] > early[stable]
    # the numbers the chapter quotes
    assert [round(early[stable]), round(end[stable])] == [103, 141]
    assert [round(early[push]), round(end[push])] == [109, 104]
    assert round(end[churn]) == 127


def test_compare_scenarios_refuses_settings_it_would_ignore():
    with pytest.raises(ValueError, match="would be ignored"):
        ic.compare_scenarios(push_pct=5)
    with pytest.raises(ValueError, match="unknown setting"):
        ic.compare_scenarios(speed=1)
    with pytest.raises(ValueError, match="scenario 'bad'"):
        ic.compare_scenarios({"bad": dict(training_pct=99)})
    table = ic.compare_scenarios(horizon_years=10)
    assert (table["years simulated"] == 10).all()


def test_figures_and_alt_text():
    fig, alt = ic.render_improvement_capability(push_pct=10)
    assert len(fig.axes) == 2 and "index" in alt and "capability" in alt
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "average without the push" in labels
    fig2, alt2 = ic.render_improvement_capability(fig=fig, churn_per_year=0.8)
    assert fig2 is fig and alt2 != alt
    table = ic.compare_scenarios()
    _, alt = ic.plot_scenarios(table)
    for name in ic.SCENARIOS:
        assert name in alt
    _, alt = ic.plot_scenario_runs(ic.simulate_scenarios())
    assert "External pressure only: 109 after 3 years and 104 after 15" in alt
    with pytest.raises(TypeError, match="compare_scenarios"):
        ic.plot_scenarios(ic.simulate_scenarios())
    with pytest.raises(TypeError, match="simulate_scenarios"):
        ic.plot_scenario_runs(table)
    with pytest.raises(ValueError, match="run 99"):
        ic.plot_improvement_capability(ic.simulate_improvement_capability(runs=2), run=99)
    from nhsreform.tables import course_table

    shown = course_table("improvement_capability", table)
    assert shown.columns == ["Result", *ic.SCENARIOS]
    row = shown.data.set_index("Result").loc[f"Performance after {ic.EARLY_YEARS} years (index, start = 100)"]
    assert row["External pressure only"] == "109" and row["Stable organisation"] == "103"


def test_explorer_slider_changes_what_the_student_sees():
    explorer = ic.improvement_capability_explorer()
    before_png, before_alt = explorer.png, explorer.description.value
    explorer.sliders["churn_per_year"].value = 0.8
    assert explorer.png != before_png
    assert explorer.description.value != before_alt
    assert explorer.values["churn_per_year"] == 0.8
    labels = [s.description for s in explorer.sliders.values()]
    assert any(label.startswith("Reorganisations and leader changes") for label in labels)
    fig, alt = ic.render_improvement_capability(churn_per_year=0.0)
    assert "0 reorganisations or changes of leader" in alt


def test_closed_form_validates():
    with pytest.raises(ValueError, match="training_pct"):
        ic.capability_without_churn(3, 80)
    with pytest.raises(ValueError, match="years"):
        ic.capability_without_churn(math.inf, 10)
