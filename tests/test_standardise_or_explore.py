"""The standardise-or-explore model (chapter 9): validation, determinism, invariants, scenarios."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from nhsreform.models import standardise_or_explore as m  # noqa: E402
from nhsreform.models.base import Model  # noqa: E402

END = "average quality at the end (points)"
SPREAD = "spread between units at the end (points)"


@pytest.fixture(scope="module")
def scenarios():
    return m.compare_scenarios()


def test_declares_its_model():
    assert isinstance(m.MODEL, Model) and m.MODEL.name == "standardise_or_explore" and m.MODEL.chapter == 9
    assert len(m.SCENARIOS) >= 2


@pytest.mark.parametrize(
    ("setting", "value"),
    [("explore_rate", 1.5), ("conformity", -0.1), ("noise", float("nan")), ("units", 5), ("quarters", True)],
)
def test_out_of_range_values_are_refused_naming_model_and_parameter(setting, value):
    with pytest.raises((ValueError, TypeError)) as err:
        m.simulate_standardise_or_explore(**{setting: value})
    assert "standardise_or_explore" in str(err.value) and setting in str(err.value)


def test_unknown_parameter_and_bad_seed_are_refused():
    with pytest.raises((ValueError, TypeError), match="explore"):
        m.simulate_standardise_or_explore(exploring=0.2)
    with pytest.raises((ValueError, TypeError), match="seed"):
        m.simulate_standardise_or_explore(seed=-1)


def test_same_seed_same_result_different_seed_different_result():
    a = m.simulate_standardise_or_explore(seed=7)
    b = m.simulate_standardise_or_explore(seed=7)
    c = m.simulate_standardise_or_explore(seed=8)
    pd.testing.assert_frame_equal(a, b)
    assert not a["mean quality"].equals(c["mean quality"])


def test_output_shape_and_ranges():
    r = m.simulate_standardise_or_explore(quarters=24, units=20)
    assert list(r["quarter"]) == list(range(1, 25))
    assert (r["mean quality"] <= 100).all() and (r["standard quality"] <= 100).all()
    assert (r["p10 quality"] <= r["p90 quality"]).all()
    assert r["share on a variant"].between(0, 1).all()


def test_lock_in_never_changes_and_falls_behind_a_moving_best_practice():
    r = m.simulate_standardise_or_explore(**m.SCENARIOS["Lock in"])
    assert (r["standard"] == m.START_STANDARD).all() and (r["spread"] == 0).all()
    expected = m.quality(m.START_STANDARD, m.START_BEST + 0.01 * r["quarter"])
    assert np.allclose(r["mean quality"], expected)  # closed form: nobody ever moves
    still = m.simulate_standardise_or_explore(optimum_drift=0, **m.SCENARIOS["Lock in"])
    assert np.allclose(still["mean quality"], 100 - m.CURVATURE)


def test_without_learning_the_standard_stays_put():
    r = m.simulate_standardise_or_explore(explore_rate=0.5, learning=0.0)
    assert (r["standard"] == m.START_STANDARD).all() and r["proven exceptions"].sum() == 0


def test_full_conformity_with_no_learning_means_no_variation_beyond_variants():
    r = m.simulate_standardise_or_explore(explore_rate=0.0, conformity=1.0, learning=0.5)
    assert (r["spread"] == 0).all()


def test_scenarios_tell_the_chapters_story(scenarios):
    t = scenarios
    lock, drift = t.loc["Lock in"], t.loc["Drift"]
    learn, wide = (
        t.loc["Standardise, and learn from the exceptions"],
        t.loc["Explore widely, learn centrally"],
    )
    assert lock[END] < drift[END] < learn[END]  # locking in falls behind; drifting helps less
    assert drift[SPREAD] > 2 * learn[SPREAD]  # drifting leaves far more variation between units
    assert learn["patients treated with a variant (%)"] < wide["patients treated with a variant (%)"]
    assert learn[END] >= wide[END] - 1  # exploring widely costs patients some quality
    assert learn["proven exceptions adopted"] > 0 and lock["proven exceptions adopted"] == 0


def test_more_noise_makes_drifting_worse():
    quiet = m.compare_scenarios({"Drift": m.SCENARIOS["Drift"]}, noise=1.0).iloc[0]
    noisy = m.compare_scenarios({"Drift": m.SCENARIOS["Drift"]}, noise=8.0).iloc[0]
    assert noisy[SPREAD] > quiet[SPREAD] and noisy[END] < quiet[END]


def test_common_settings_cannot_override_a_scenarios_own():
    with pytest.raises(ValueError, match="explore_rate"):
        m.compare_scenarios(explore_rate=0.3)


def test_plots_return_figure_and_alt_naming_the_numbers(scenarios):
    fig, alt = m.plot_scenarios(scenarios)
    try:
        for name in m.SCENARIOS:
            assert name in alt
        assert f"{scenarios.loc['Lock in', END]:.1f}" in alt
        assert fig.axes[0].get_legend() is not None
    finally:
        plt.close(fig)
    fig, alt = m.render_standardise_or_explore()
    again, _ = m.render_standardise_or_explore(fig=fig)
    try:
        assert again is fig and "proven exceptions" in alt
    finally:
        plt.close(fig)


def test_plot_scenarios_draws_any_scenario_table_and_refuses_others():
    table = m.compare_scenarios({"Only learning": {"learning": 0.9}}, explore_rate=0.3)
    fig, alt = m.plot_scenarios(table)
    plt.close(fig)
    assert "Only learning" in alt
    with pytest.raises(TypeError, match="compare_scenarios"):
        m.plot_scenarios([1, 2])
    with pytest.raises(ValueError, match="lacks column"):
        m.plot_scenarios(m.compare_scenarios().drop(columns=SPREAD))


def test_scenario_table_for_the_book_shows_numbers_the_chapter_quotes(scenarios):
    from nhsreform.tables import course_table

    shown = course_table("standardise_or_explore", scenarios)
    rows = shown.data.set_index("Result")
    assert rows.loc["Proven exceptions that moved the standard (number)"].tolist() == ["0", "0", "25", "136"]
    assert (
        rows.loc["Average quality at the end (points)", "Standardise, and learn from the exceptions"]
        == "99.6"
    )
    assert rows.loc["Unit-quarters trying a variant (%)", "Explore widely, learn centrally"] == "46.7"
    assert "stylised" in shown.caption
