"""The chapter 7 model (Deming's funnel): validation, determinism, invariants, agreement with its
closed form, the directions of effect the chapter teaches, and the explorer."""

from __future__ import annotations

import math

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from nhsreform.models import spc_tampering as tamper  # noqa: E402
from nhsreform.parameters import describe  # noqa: E402

MISS = "{}: typical miss (x noise sd)"


@pytest.mark.parametrize(
    "name,bad",
    [
        ("noise_sd", 0.1),
        ("noise_sd", float("inf")),
        ("gain", 0.0),
        ("gain", 1.5),
        ("shift_size", -1),
        ("shift_size", float("nan")),
        ("shift_at", 5),
        ("shift_at", 50.5),
        ("signal_limit", 1.0),
        ("periods", 20),
        ("runs", 0),
        ("gain", "1"),
        ("shift_size", True),
    ],
)
def test_bad_parameter_names_itself_and_its_range(name, bad):
    p = next(p for p in tamper.PARAMETERS if p.name == name)
    with pytest.raises(ValueError) as err:
        tamper.simulate_spc_tampering(**{name: bad})
    assert name in str(err.value) and p.range_text in str(err.value) and "spc_tampering" in str(err.value)


def test_unknown_parameter_bad_seed_and_bad_table():
    with pytest.raises(ValueError, match="unknown parameter"):
        tamper.simulate_spc_tampering(noise=1)
    with pytest.raises(ValueError, match="seed"):
        tamper.simulate_spc_tampering(seed=-1)
    with pytest.raises(TypeError, match="compare_scenarios"):
        tamper.plot_scenarios([1, 2])


def test_same_seed_same_result_other_seed_differs():
    a = tamper.simulate_spc_tampering(seed=7, runs=20)
    assert a.equals(tamper.simulate_spc_tampering(seed=7, runs=20))
    assert not a.equals(tamper.simulate_spc_tampering(seed=8, runs=20))


@pytest.mark.parametrize(
    "values",
    [{}, {p.name: p.minimum for p in tamper.PARAMETERS}, {p.name: p.maximum for p in tamper.PARAMETERS}],
)
def test_invariants_across_the_allowed_range(values):
    values = {**values, "runs": min(values.get("runs", 50), 100)}
    df = tamper.simulate_spc_tampering(**values)
    p = {**tamper.MODEL.defaults, **values}
    assert len(df) == p["runs"] * p["periods"] * len(tamper.STRATEGIES)
    assert np.isfinite(df["result"]).all()
    by = df.groupby("strategy", observed=True)["adjusted"].mean()
    assert by["leave alone"] == 0 and by["adjust after every point"] == 1
    # everyone faces the same noise: results minus settings agree across strategies
    noise = (df["result"] - df["setting"]).to_numpy().reshape(len(tamper.STRATEGIES), -1)
    assert np.allclose(noise, noise[0])
    # leaving the process alone, the setting is exactly the real shift
    alone = df[df["strategy"] == "leave alone"]
    shift = np.where(alone["period"] >= p["shift_at"], p["shift_size"] * p["noise_sd"], 0.0)
    assert np.allclose(alone["setting"], shift)


@pytest.mark.parametrize("gain", [1.0, 0.5, 0.2])
def test_adjusting_a_stable_process_matches_the_closed_form(gain):
    df = tamper.simulate_spc_tampering(gain=gain, shift_size=0.0, runs=1000, periods=200)
    miss = tamper.summarise_spc_tampering(df)[MISS.format("adjust after every point")]
    assert abs(miss - tamper.expected_sd_adjusting(1.0, gain)) < 0.02
    assert math.isclose(tamper.expected_sd_adjusting(1.0, 1.0), math.sqrt(2))


def test_the_chapters_claims_hold_in_every_scenario():
    table = tamper.compare_scenarios()
    alone, every, signals = (table[MISS.format(s)] for s in tamper.STRATEGIES)
    stable = "Stable process"
    # tampering makes a stable process worse; acting on signals costs little
    assert every[stable] > 1.35 * alone[stable]
    assert signals[stable] < 1.1 * alone[stable] < every[stable]
    # with a real shift, leaving it alone is worse than acting on signals, which beats tampering
    shifted = "Real shift of 2 sd at period 50"
    assert signals[shifted] < every[shifted] < alone[shifted]
    assert (signals < every).all()
    # smaller adjustments do less harm, but still some
    assert alone[stable] < every["Stable process, half-size adjustments"] < every[stable]


def test_plots_have_alt_text_from_the_results():
    df = tamper.simulate_spc_tampering(shift_size=2.0)
    fig, alt = tamper.plot_spc_tampering(df)
    s = tamper.summarise_spc_tampering(df)
    assert f"leave alone {s[MISS.format('leave alone')]:.2f}" in alt
    assert "Three stacked line charts" in alt
    fig2, alt2 = tamper.plot_scenarios(tamper.compare_scenarios())
    assert all(name in alt2 for name in tamper.SCENARIOS)
    assert fig2.axes[0].get_legend() is not None
    assert describe(tamper.PARAMETERS).shape[0] == len(tamper.PARAMETERS)


def test_explorer_slider_changes_what_the_student_sees():
    explorer = tamper.spc_tampering_explorer()
    before_png, before_alt = explorer.image.value, explorer.description.value
    explorer.sliders["shift_size"].value = 3.0
    assert explorer.image.value != before_png
    assert explorer.description.value != before_alt
    assert explorer.values["shift_size"] == 3.0
    bundle = explorer._repr_mimebundle_()
    assert "needs a running Python kernel" in bundle["text/html"]
    assert 'alt="Three stacked line charts' in bundle["text/html"]


def test_scenario_table_for_the_book_shows_numbers_the_chapter_quotes():
    from nhsreform.tables import course_table

    shown = course_table("spc_tampering", tamper.compare_scenarios())
    rows = shown.data.set_index("Result")
    stable, shifted = "Stable process", "Real shift of 2 sd at period 50"
    assert rows.loc[
        "Adjust after every point: typical miss from target (multiples of the noise SD)", stable
    ] == ("1.40")
    assert rows.loc["Act only on signals: adjustments per 100 periods", stable] == "1.6"
    formula = "Adjust after every point, by the formula for a stable process (multiples of the noise SD)"
    assert rows.loc[formula, stable] == "1.41" and rows.loc[formula, shifted] == "–"
    assert "stylised" in shown.caption and "formula" in shown.note


def test_noise_sd_scales_the_miss_in_units_but_not_in_multiples():
    """The model is scale-free: a shared noise_sd must show in the units column (it once
    changed nothing in the scenario table, so a setting could not be seen to apply)."""
    one = {"Stable process": tamper.SCENARIOS["Stable process"]}
    base = tamper.compare_scenarios(one, runs=50)
    half = tamper.compare_scenarios(one, runs=50, noise_sd=0.5)
    for s in tamper.STRATEGIES:
        assert math.isclose(half[MISS.format(s)].iloc[0], base[MISS.format(s)].iloc[0])
        units = f"{s}: typical miss (units)"
        assert math.isclose(half[units].iloc[0], 0.5 * base[units].iloc[0])


@pytest.mark.parametrize(
    "values", [{}, {"shift_size": 2.0, "gain": 0.5}, {"signal_limit": 2.0, "periods": 300, "runs": 50}]
)
def test_the_explorers_fast_path_draws_what_the_table_says(values):
    """The explorer renders from the simulation's arrays; it must draw and describe exactly what
    plotting the simulated table does."""
    from nhsreform.figures import draw_panels
    from nhsreform.parameters import resolve

    full = resolve(tamper.PARAMETERS, values)
    fast, fast_alt = tamper.render_spc_tampering(**values)
    slow, slow_alt = tamper.plot_spc_tampering(
        tamper.simulate_spc_tampering(**values), full["noise_sd"], full["signal_limit"]
    )
    assert fast_alt == slow_alt
    assert all(np.array_equal(a, b) for a, b in zip(draw_panels(fast), draw_panels(slow), strict=True))
