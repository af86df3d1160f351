"""The chapter 11 model: parameter validation, determinism, agreement with its closed forms, the
direction of its effects (the argument it illustrates), its scenarios, figures and explorer."""

from __future__ import annotations

import math

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

from nhsreform.models import leadership_continuity as lc  # noqa: E402


@pytest.mark.parametrize(
    "name,bad",
    [
        ("leader_share_pct", -1),
        ("leader_share_pct", 100.5),
        ("leader_tenure_years", 0.2),
        ("leader_tenure_years", 16),
        ("spread_pct_per_year", 51),
        ("loss_on_departure_pct", -5),
        ("staff_loss_pct_per_year", 31),
        ("horizon_years", 4),
        ("horizon_years", 10.5),
        ("runs", 0),
        ("leader_tenure_years", float("nan")),
        ("spread_pct_per_year", float("inf")),
        ("loss_on_departure_pct", True),
        ("leader_share_pct", "60"),
    ],
)
def test_bad_parameter_names_itself_and_its_range(name, bad):
    p = next(p for p in lc.PARAMETERS if p.name == name)
    with pytest.raises(ValueError) as err:
        lc.simulate_leadership_continuity(**{name: bad})
    assert name in str(err.value) and p.range_text in str(err.value)


def test_unknown_parameter_and_bad_seed():
    with pytest.raises(ValueError, match="unknown parameter"):
        lc.simulate_leadership_continuity(tenure=3)
    for seed in (-1, 1.5, "1", True):
        with pytest.raises(ValueError, match="seed"):
            lc.simulate_leadership_continuity(seed=seed)


def test_every_parameter_has_a_unit_and_a_meaning():
    for p in lc.PARAMETERS:
        assert p.unit and p.label and len(p.help.split()) >= 5, p.name
        assert p.minimum <= p.default <= p.maximum, p.name


def test_same_seed_same_result_other_seed_differs():
    a = lc.simulate_leadership_continuity(seed=7, runs=20)
    b = lc.simulate_leadership_continuity(seed=7, runs=20)
    c = lc.simulate_leadership_continuity(seed=8, runs=20)
    pd.testing.assert_frame_equal(a, b)
    assert not a["know_how"].equals(c["know_how"])


def test_shape_and_invariants_over_the_allowed_range():
    rng = np.random.default_rng(0)
    for _ in range(25):
        params = {
            p.name: (
                int(rng.integers(p.minimum, p.maximum + 1))
                if p.integer
                else rng.uniform(p.minimum, p.maximum)
            )
            for p in lc.PARAMETERS
        }
        params["runs"] = min(params["runs"], 30)
        out = lc.simulate_leadership_continuity(seed=1, **params)
        quarters = params["horizon_years"] * lc.STEPS_PER_YEAR + 1
        assert len(out) == params["runs"] * quarters
        assert out["know_how"].between(0, 100 + 1e-9).all()
        assert (out["leader"] >= 0).all() and (out["shared"] >= 0).all() and (out["lost"] >= 0).all()
        assert np.allclose(out["know_how"], out["leader"] + out["shared"])
        assert (out.loc[out["departures"] == 0, "lost"] == 0).all(), "know-how is lost only at departures"
        assert (out.loc[out["year"] == 0, "know_how"] == 0).all()


def test_know_how_matches_the_closed_form_without_losses():
    out = lc.simulate_leadership_continuity(
        loss_on_departure_pct=0, staff_loss_pct_per_year=0, leader_tenure_years=0.5, horizon_years=12, runs=5
    )
    assert out["departures"].sum() > 0, "leaders do leave, but take nothing with them"
    for years in (0, 1, 3.5, 12):
        got = out.loc[np.isclose(out["year"], years), "know_how"]
        assert np.allclose(got, lc.know_how_without_losses(years), rtol=1e-9)


def test_departures_follow_the_average_tenure():
    out = lc.simulate_leadership_continuity(leader_tenure_years=2, horizon_years=30, runs=1000)
    per_history = out["departures"].sum() / 1000
    assert per_history == pytest.approx(15, rel=0.05)  # 30 years / 2 years per leader
    assert lc.departure_chance(2, 2) == pytest.approx(1 - math.exp(-1))
    assert lc.departure_chance(0, 5) == 0


def test_nothing_held_by_the_leader_means_departures_cost_nothing():
    out = lc.simulate_leadership_continuity(leader_share_pct=0, leader_tenure_years=1, runs=20)
    assert out["departures"].sum() > 0
    assert (out["leader"] == 0).all() and (out["lost"] == 0).all()
    spread = out.groupby("year")["know_how"].agg(["min", "max"])
    assert np.allclose(spread["min"], spread["max"]), "every history is the same"


def test_directions_of_effect():
    def end(**p):
        return lc.summarise_leadership_continuity(lc.simulate_leadership_continuity(**p))

    base = end()
    assert end(leader_tenure_years=1)["know-how at the end"] < base["know-how at the end"]
    assert end(leader_tenure_years=10)["know-how at the end"] > base["know-how at the end"]
    assert end(leader_share_pct=90)["know-how lost per history"] > base["know-how lost per history"]
    assert end(spread_pct_per_year=40)["know-how at the end"] > base["know-how at the end"]
    assert end(loss_on_departure_pct=0)["know-how lost per history"] == 0
    assert end(staff_loss_pct_per_year=20)["know-how at the end"] < base["know-how at the end"]


def test_scenarios_tell_the_chapters_story():
    table = lc.compare_scenarios()
    assert list(table.index) == list(lc.SCENARIOS)
    end, worst = table["know-how at the end"], table["know-how at the end, worst 10%"]
    short, long_ = "Heroic leader, short tenure", "Heroic leader, long tenure"
    dist, churn = "Distributed leadership", "Distributed, with churn"
    assert end[short] < end[long_] < end[dist]
    # a long-serving hero does well on average but is a risk: the worst histories fall far behind
    assert end[long_] - worst[long_] > 15 and end[dist] - worst[dist] < 3
    # churn barely matters when know-how is shared
    assert end[dist] - end[churn] < 2 and end[long_] - end[short] > 10
    # the numbers the chapter quotes
    assert [round(end[n]) for n in lc.SCENARIOS] == [62, 74, 79, 78]
    assert [round(worst[n]) for n in lc.SCENARIOS] == [53, 55, 78, 77]
    assert round(table.loc[short, "know-how lost per history"]) == 94
    assert round(table.loc[churn, "know-how lost per history"]) == 11


def test_compare_scenarios_refuses_settings_it_would_ignore():
    with pytest.raises(ValueError, match="would be ignored"):
        lc.compare_scenarios(leader_share_pct=50)
    with pytest.raises(ValueError, match="unknown setting"):
        lc.compare_scenarios(speed=1)
    with pytest.raises(ValueError, match="scenario 'bad'"):
        lc.compare_scenarios({"bad": dict(leader_tenure_years=99)})
    table = lc.compare_scenarios(horizon_years=10)
    assert (table["years simulated"] == 10).all()


def test_figures_and_alt_text():
    fig, alt = lc.render_leadership_continuity()
    assert len(fig.axes) == 1 and "know-how" in alt and "leader alone" in alt
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels == ["average", "one history", "leader leaves", "leader alone", "10th–90th percentile"]
    fig2, alt2 = lc.render_leadership_continuity(fig=fig, leader_tenure_years=1)
    assert fig2 is fig and alt2 != alt
    assert len(fig.axes[0].collections) == 1, "the band is redrawn, not stacked"
    assert len(fig.legends) == 1, "the legend is built once, not on every redraw"
    table = lc.compare_scenarios()
    _, alt = lc.plot_scenarios(table)
    for name in lc.SCENARIOS:
        assert name in alt
    _, alt = lc.plot_scenario_runs(lc.simulate_scenarios())
    assert "Heroic leader, long tenure: 74 at the end (worst 10%: 55)" in alt
    with pytest.raises(TypeError, match="compare_scenarios"):
        lc.plot_scenarios(lc.simulate_scenarios())
    with pytest.raises(TypeError, match="simulate_scenarios"):
        lc.plot_scenario_runs(table)
    with pytest.raises(ValueError, match="run 99"):
        lc.plot_leadership_continuity(lc.simulate_leadership_continuity(runs=2), run=99)
    from nhsreform.tables import course_table

    shown = course_table("leadership_continuity", table)
    assert shown.columns == ["Result", *lc.SCENARIOS]
    row = shown.data.set_index("Result").loc["Know-how at the end, worst 10% of histories (0–100)"]
    assert row["Heroic leader, long tenure"] == "55" and row["Distributed leadership"] == "78"


def test_explorer_slider_changes_what_the_student_sees():
    explorer = lc.leadership_continuity_explorer()
    before_png, before_alt = explorer.png, explorer.description.value
    explorer.sliders["leader_share_pct"].value = 10
    assert explorer.png != before_png
    assert explorer.description.value != before_alt
    assert explorer.values["leader_share_pct"] == 10
    labels = [s.description for s in explorer.sliders.values()]
    assert any(label.startswith("Average leader tenure") for label in labels)
    fig, alt = lc.render_leadership_continuity(leader_tenure_years=15, horizon_years=5, runs=1, seed=3)
    assert "0 departures of the leader" in alt or "1 departure of the leader" in alt


def test_closed_forms_validate():
    with pytest.raises(ValueError, match="leader_tenure_years"):
        lc.departure_chance(3, 0.1)
    with pytest.raises(ValueError, match="years"):
        lc.know_how_without_losses(math.inf)
    with pytest.raises(ValueError, match="years"):
        lc.departure_chance(-1, 3)
