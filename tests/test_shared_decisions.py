"""The chapter 10 model: parameter validation, determinism, agreement with its closed forms, the
direction of its effects (the argument it illustrates), its scenarios, figures and explorer."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from nhsreform.models import shared_decisions as sd  # noqa: E402


@pytest.mark.parametrize(
    "name,bad",
    [
        ("informed_pct", 4),
        ("informed_pct", 96),
        ("preference_spread_pts", -0.5),
        ("habit_pct", 100),
        ("habit_spread_pts", 31),
        ("shared_pct", -5),
        ("shared_pct", 101),
        ("buy_in_pct", float("nan")),
        ("buy_in_pct", float("inf")),
        ("areas", 9),
        ("areas", 20.5),
        ("patients_per_area", 5000),
        ("shared_pct", True),
        ("informed_pct", "40"),
    ],
)
def test_bad_parameter_names_itself_and_its_range(name, bad):
    p = next(p for p in sd.PARAMETERS if p.name == name)
    with pytest.raises(ValueError) as err:
        sd.simulate_shared_decisions(**{name: bad})
    assert name in str(err.value) and p.range_text in str(err.value)


def test_unknown_parameter_and_bad_seed_are_refused():
    with pytest.raises(ValueError, match="shared_pc"):
        sd.simulate_shared_decisions(shared_pc=50)
    with pytest.raises(ValueError, match="seed"):
        sd.simulate_shared_decisions(seed=-1)


def test_closed_forms_refuse_values_that_are_not_shares():
    with pytest.raises(ValueError, match="informed must be a share from 0 to 1"):
        sd.expected_rate(40, 0.5, 0.5)
    with pytest.raises(ValueError, match="weight"):
        sd.expected_mismatch(0.4, 0.5, float("nan"))
    with pytest.raises(ValueError, match="buy_in_pct"):
        sd.informed_weight(50, 120)


def test_same_seed_same_result_and_seeds_differ():
    a = sd.simulate_shared_decisions(seed=3)
    pd.testing.assert_frame_equal(a, sd.simulate_shared_decisions(seed=3))
    assert not a.equals(sd.simulate_shared_decisions(seed=4))


def test_patients_add_up_in_every_area():
    r = sd.simulate_shared_decisions(shared_pct=40, buy_in_pct=60)
    n = r["patients"]
    assert (r["treated"] <= n).all() and (r["would_choose"] <= n).all()
    # treated = chose it and got it + did not choose it and got it
    assert (r["treated"] - r["overtreated"] == r["would_choose"] - r["undertreated"]).all()
    assert np.allclose(r["rate_pct"], 100 * r["treated"] / n)
    assert r["informed_pct"].between(*sd.CLIP_PCT).all() and r["habit_pct"].between(*sd.CLIP_PCT).all()


def test_closed_forms():
    assert sd.expected_rate(0.4, 0.6, 0.0) == pytest.approx(0.6)
    assert sd.expected_rate(0.4, 0.6, 1.0) == pytest.approx(0.4)
    assert sd.expected_rate(0.4, 0.6, 0.25) == pytest.approx(0.55)
    assert sd.expected_mismatch(0.4, 0.6, 1.0) == 0.0
    assert sd.expected_mismatch(0.4, 0.6, 0.0) == pytest.approx(0.4 * 0.4 + 0.6 * 0.6)
    assert sd.informed_weight(50, 40) == pytest.approx(0.2)


def test_simulation_agrees_with_the_closed_forms():
    # No spread between areas: every area has the same p and h, so the pooled rate converges.
    common = dict(preference_spread_pts=0, habit_spread_pts=0, areas=200, patients_per_area=2000)
    for shared, buy_in in ((0, 100), (50, 100), (100, 30), (100, 100)):
        r = sd.simulate_shared_decisions(shared_pct=shared, buy_in_pct=buy_in, **common)
        s = sd.summarise_shared_decisions(r)
        w = sd.informed_weight(shared, buy_in)
        assert s["average rate (%)"] / 100 == pytest.approx(sd.expected_rate(0.4, 0.55, w), abs=0.003)
        wrong = (s["treated against their choice (%)"] + s["not treated though they'd choose it (%)"]) / 100
        assert wrong == pytest.approx(sd.expected_mismatch(0.4, 0.55, w), abs=0.003)


def test_informed_preference_removes_mismatch_and_most_variation():
    habit = sd.summarise_shared_decisions(sd.simulate_shared_decisions(shared_pct=0))
    informed = sd.summarise_shared_decisions(sd.simulate_shared_decisions(shared_pct=100, buy_in_pct=100))
    assert informed["treated against their choice (%)"] == 0
    assert informed["not treated though they'd choose it (%)"] == 0
    assert informed["average rate (%)"] == informed["informed choice (%)"]
    assert informed["spread between areas (SD, points)"] < habit["spread between areas (SD, points)"] / 2
    assert informed["highest ÷ lowest"] < habit["highest ÷ lowest"]
    # With habit above the informed choice, supplier habit over-treats on average.
    assert habit["average rate (%)"] > habit["informed choice (%)"] + 10


def test_more_shared_decisions_and_buy_in_mean_less_mismatch():
    def mismatch(**kw):
        return sd.summarise_shared_decisions(sd.simulate_shared_decisions(**kw))[
            "treated against their choice (%)"
        ]

    by_share = [mismatch(shared_pct=s) for s in (0, 25, 50, 75, 100)]
    assert by_share == sorted(by_share, reverse=True)
    by_buy_in = [mismatch(shared_pct=100, buy_in_pct=b) for b in (0, 20, 60, 100)]
    assert by_buy_in == sorted(by_buy_in, reverse=True)


def test_supplier_habit_variation_follows_clinicians_not_patients():
    r = sd.simulate_shared_decisions(shared_pct=0)
    assert r["rate_pct"].corr(r["habit_pct"]) > 0.9
    assert abs(r["rate_pct"].corr(r["informed_pct"])) < 0.3
    r = sd.simulate_shared_decisions(shared_pct=100, buy_in_pct=100, preference_spread_pts=10)
    assert r["rate_pct"].corr(r["informed_pct"]) > 0.9


def test_scenarios_order_and_table():
    table = sd.compare_scenarios()
    assert list(table.index) == list(sd.SCENARIOS)
    wrong = table["treated against their choice (%)"]
    assert (
        wrong["Supplier habit"]
        > wrong["Decision aids without clinician buy-in"]
        > wrong["Partial shared decision-making"]
        > wrong["Informed preference"]
        == 0
    )
    spread = table["spread between areas (SD, points)"]
    assert spread["Informed preference"] == spread.min() and spread["Supplier habit"] == spread.max()
    with pytest.raises(ValueError, match="shared_pct"):
        sd.compare_scenarios(shared_pct=10)


def test_figures_and_alt_text():
    results = sd.simulate_shared_decisions()
    s = sd.summarise_shared_decisions(results)
    fig, alt = sd.plot_shared_decisions(results)
    assert f"{s['lowest area rate (%)']:.0f}% to {s['highest area rate (%)']:.0f}%" in alt
    assert f"{s['treated against their choice (%)']:.0f}% of patients" in alt
    again, alt2 = sd.render_shared_decisions(fig=fig, shared_pct=100)
    assert again is fig and alt2 != alt and len(fig.axes) == 1
    rate = fig.axes[0].lines[0].get_ydata()
    assert list(rate) == sorted(rate), "areas are ranked by rate"
    plt.close(fig)
    fig, alt = sd.plot_scenarios(sd.compare_scenarios())
    assert all(name in alt for name in sd.SCENARIOS)
    plt.close(fig)
    with pytest.raises(TypeError, match="compare_scenarios"):
        sd.plot_scenarios(results.to_dict())
    with pytest.raises(ValueError, match="simulate_shared_decisions"):
        sd.plot_shared_decisions(pd.DataFrame({"x": [1]}))


def test_explorer_shows_the_main_sliders():
    explorer = sd.shared_decisions_explorer(shared_pct=50)
    assert set(explorer.sliders) == {
        "informed_pct",
        "habit_pct",
        "habit_spread_pts",
        "shared_pct",
        "buy_in_pct",
    }
    assert explorer.sliders["shared_pct"].value == 50
    plt.close("all")
