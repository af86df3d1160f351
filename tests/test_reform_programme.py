"""The capstone model (chapter 12): parameter validation, determinism, invariants, the mechanisms it
borrows from the course's other models, the ordering of its named programmes (as its documented
logic predicts; these are properties of the model, not evidence about the NHS), its figures and
its explorer."""

from __future__ import annotations

import math

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

from nhsreform.models import (  # noqa: E402
    improvement_capability,
    initiative_churn,
    inspection_accuracy,
    national_and_local,
    reorganisation_disruption,
    target_gaming,
)
from nhsreform.models import reform_programme as rp  # noqa: E402

SMALL = dict(runs=20, organisations=40)


@pytest.mark.parametrize(
    "name,bad",
    [
        ("target_pressure", -0.1),
        ("target_pressure", 1.5),
        ("inspection_days", 11),
        ("inspection_days", 2.5),
        ("competition", 2),
        ("improvement_training_pct", 41),
        ("leadership_pct", -1),
        ("reorganisations", 6),
        ("reorganisations", 1.5),
        ("devolution", float("nan")),
        ("minister_tenure_years", 0.2),
        ("minister_tenure_years", float("inf")),
        ("runs", 5),
        ("organisations", 1000),
        ("competition", True),
        ("devolution", "0.5"),
    ],
)
def test_bad_parameter_names_itself_and_its_range(name, bad):
    p = next(p for p in rp.PARAMETERS if p.name == name)
    with pytest.raises(ValueError) as err:
        rp.simulate_reform_programme(**{name: bad})
    assert "reform_programme" in str(err.value)
    assert name in str(err.value) and p.range_text in str(err.value)


def test_every_parameter_has_a_unit_a_range_and_a_meaning():
    for p in rp.PARAMETERS:
        assert p.unit and p.help and len(p.help.split()) >= 6, p.name
        assert p.minimum < p.maximum, p.name


def test_unknown_parameter_and_bad_seed():
    with pytest.raises(ValueError, match="unknown parameter"):
        rp.simulate_reform_programme(pressure=0.5)
    for seed in (-1, 1.5, "1", True):
        with pytest.raises(ValueError, match="seed"):
            rp.simulate_reform_programme(seed=seed)


def test_same_inputs_same_result_other_seed_differs():
    a = rp.simulate_reform_programme(seed=7, **SMALL)
    b = rp.simulate_reform_programme(seed=7, **SMALL)
    c = rp.simulate_reform_programme(seed=8, **SMALL)
    pd.testing.assert_frame_equal(a, b)
    assert not a["real"].equals(c["real"])
    fig_a, alt_a = rp.render_reform_programme(seed=7, **SMALL)
    fig_b, alt_b = rp.render_reform_programme(seed=7, **SMALL)
    assert alt_a == alt_b


def test_shape_start_and_columns():
    r = rp.simulate_reform_programme(**SMALL)
    assert len(r) == 20 * (rp.YEARS + 1)
    assert list(r.columns) == ["run", "year", *rp.OUTCOMES]
    start = r[r["year"] == 0]
    assert np.allclose(start["engagement"], rp.ENGAGEMENT_START)
    assert np.allclose(start["capability"], rp.START_CAPABILITY)
    assert np.allclose(start["real"], start["reported"])
    assert np.all(np.isfinite(r[list(rp.OUTCOMES)].to_numpy()))


@pytest.mark.parametrize("pressure", [0.1, 0.5, 1.0])
def test_reported_is_never_below_real_and_above_it_under_pressure(pressure):
    r = rp.simulate_reform_programme(target_pressure=pressure, inspection_days=1, **SMALL)
    later = r[r["year"] > 0]
    assert (later["reported"] >= later["real"] - 1e-9).all()
    assert (later["reported"] - later["real"]).mean() > 0.1


def test_no_pressure_no_gaming_and_more_inspection_less_gaming():
    r = rp.simulate_reform_programme(target_pressure=0.0, **SMALL)
    assert np.allclose(r["reported"], r["real"])

    def gap(days):
        s = rp.summarise_reform_programme(
            rp.simulate_reform_programme(target_pressure=0.8, inspection_days=days, **SMALL)
        )
        return s["gap reported − real"]

    assert gap(0) > gap(3) > gap(10) > 0


def test_bands_are_ordered():
    b = rp.bands(rp.simulate_reform_programme(**SMALL))
    for k in rp.OUTCOMES:
        assert (b[f"{k} p10"] <= b[f"{k} median"] + 1e-9).all(), k
        assert (b[f"{k} median"] <= b[f"{k} p90"] + 1e-9).all(), k
    s = rp.summarise_reform_programme(rp.simulate_reform_programme(**SMALL))
    assert s["real performance p10"] <= s["real performance"] <= s["real performance p90"]
    assert s["band width, real performance"] == pytest.approx(
        s["real performance p90"] - s["real performance p10"]
    )


def test_more_reorganisations_lower_capability_and_performance():
    caps, reals = [], []
    for n in range(6):
        s = rp.summarise_reform_programme(rp.simulate_reform_programme(reorganisations=n, **SMALL))
        caps.append(s["capability"])
        reals.append(s["real performance"])
    assert all(a > b for a, b in zip(caps, caps[1:], strict=False)), caps
    assert reals[0] > reals[-1]


def test_reorganisations_are_spread_evenly():
    assert rp.reorganisation_years(0).tolist() == []
    assert rp.reorganisation_years(1).tolist() == [8]
    assert rp.reorganisation_years(2).tolist() == [5, 10]
    assert rp.reorganisation_years(4).tolist() == [3, 6, 9, 12]
    with pytest.raises(ValueError, match="reorganisations"):
        rp.reorganisation_years(9)


def test_training_builds_capability_and_short_tenures_cost_it():
    def cap(**settings):
        return rp.summarise_reform_programme(rp.simulate_reform_programme(**settings, **SMALL))["capability"]

    assert cap(improvement_training_pct=0, reorganisations=0) == pytest.approx(rp.START_CAPABILITY)
    assert (
        cap(improvement_training_pct=30) > cap(improvement_training_pct=10) > cap(improvement_training_pct=0)
    )
    assert cap(minister_tenure_years=10) > cap(minister_tenure_years=0.5)


def test_without_churn_capability_follows_chapter_6s_closed_form():
    # No reorganisations and ministers who (almost) never leave: chapter 6's formula holds.
    r = rp.simulate_reform_programme(
        improvement_training_pct=15, reorganisations=0, minister_tenure_years=10, seed=3, **SMALL
    )
    runs = r[(r["year"] == rp.YEARS)]
    undisturbed = runs["capability"].max()
    assert undisturbed == pytest.approx(improvement_capability.capability_without_churn(rp.YEARS, 15))


def test_engagement_falls_with_pressure_and_rises_with_leadership():
    def eng(**settings):
        s = rp.summarise_reform_programme(rp.simulate_reform_programme(**settings, **SMALL))
        return s["staff engagement"]

    assert eng(target_pressure=1.0) < eng(target_pressure=0.0)
    assert eng(leadership_pct=30) > eng(leadership_pct=0)


def test_competition_and_inspection_narrow_variation():
    def var(**settings):
        s = rp.summarise_reform_programme(rp.simulate_reform_programme(**settings, **SMALL))
        return s["variation between organisations"]

    assert var(competition=1.0) < var(competition=0.0)
    assert var(inspection_days=5, competition=0.0) < var(inspection_days=0, competition=0.0)


def test_cost_counts_what_the_programme_buys():
    s0 = rp.summarise_reform_programme(
        rp.simulate_reform_programme(
            target_pressure=0,
            inspection_days=0,
            competition=0,
            improvement_training_pct=0,
            leadership_pct=0,
            reorganisations=0,
            **SMALL,
        )
    )
    assert s0["total extra cost"] == pytest.approx(0.0, abs=1e-9)
    more = rp.summarise_reform_programme(rp.simulate_reform_programme(reorganisations=5, **SMALL))
    fewer = rp.summarise_reform_programme(rp.simulate_reform_programme(reorganisations=0, **SMALL))
    assert more["total extra cost"] > fewer["total extra cost"]


def test_borrowed_values_match_the_other_models():
    def default(module, name):
        return next(p.default for p in module.PARAMETERS if p.name == name)

    assert rp.GAIN * 100 == default(improvement_capability, "gain_pct_per_year")
    assert rp.RESET_SHARE == default(improvement_capability, "reset_share")
    assert rp.SHARE_KNAVES == default(target_gaming, "share_knaves")
    assert rp.INSPECTION_INTERVAL == default(inspection_accuracy, "interval_years")
    assert rp.DIP * 100 == default(reorganisation_disruption, "dip_pct")
    assert rp.HETEROGENEITY == default(national_and_local, "heterogeneity")
    assert rp.SURVIVAL_CHANCE == default(initiative_churn, "survival_chance")
    assert rp.rating_error_sd(4) == pytest.approx(math.sqrt(0.25**2 + 1.0 / 4))
    assert rp.rating_error_sd(0) == math.inf
    assert rp.audit_chance(0) == 0.0 and 0 < rp.audit_chance(3) < rp.audit_chance(10) < 1


def test_named_programmes_are_ordered_as_the_models_logic_predicts():
    t = rp.compare_scenarios()
    assert list(t.index) == list(rp.SCENARIOS)
    pressure, reorg, within, mix = (t.loc[n] for n in rp.SCENARIOS)
    # The most target pressure with the least audit gives the widest gap between reported and real.
    assert pressure["gap reported − real"] == t["gap reported − real"].max()
    assert within["gap reported − real"] == pytest.approx(0.0)
    # Capability: repeated reorganisation and little training lose it; the two inside-out mixes build it.
    assert min(within["capability"], mix["capability"]) > reorg["capability"] > pressure["capability"]
    # Engagement is highest with no external pressure at all.
    assert t["staff engagement"].idxmax() == "From within only"
    # With no competition or inspection, organisations drift apart most.
    assert t["variation between organisations"].idxmax() == "From within only"
    assert mix["real performance"] > within["real performance"] > pressure["real performance"]


def test_compare_scenarios_common_settings_and_errors():
    t = rp.compare_scenarios(runs=10)
    assert len(t) == 4
    with pytest.raises(ValueError, match="would be ignored"):
        rp.compare_scenarios(target_pressure=0.5)
    with pytest.raises(ValueError, match="scenario 'mine'"):
        rp.compare_scenarios({"mine": dict(reorganisations=9)})


def test_tables_and_plots_refuse_the_wrong_input():
    with pytest.raises(ValueError, match="lacks column"):
        rp.bands(pd.DataFrame({"run": [0], "year": [0]}))
    with pytest.raises(TypeError, match="compare_scenarios"):
        rp.plot_scenarios(rp.simulate_scenarios(runs=10))
    with pytest.raises(TypeError, match="simulate_scenarios"):
        rp.plot_scenario_runs(rp.compare_scenarios(runs=10))


def test_figures_describe_themselves_and_redraw_in_place():
    fig, alt = rp.render_reform_programme(**SMALL)
    assert len(fig.axes) == 4 and "median of 20 simulated histories" in alt
    fig2, alt2 = rp.render_reform_programme(fig=fig, target_pressure=1.0, **SMALL)
    assert fig2 is fig and len(fig.axes) == 4 and alt2 != alt
    fig, alt = rp.plot_scenarios(rp.compare_scenarios(runs=10))
    assert all(name in alt for name in rp.SCENARIOS)
    fig, alt = rp.plot_scenario_runs(rp.simulate_scenarios(runs=10))
    assert all(name in alt for name in rp.SCENARIOS)


def test_explorer_has_a_slider_for_each_programme_setting():
    ex = rp.reform_programme_explorer()
    assert tuple(ex.sliders) == rp.PROGRAMME and len(ex.sliders) == 8
    before = ex.alt
    ex.sliders["reorganisations"].value = 5
    assert ex.alt != before and ex.values["reorganisations"] == 5
    with pytest.raises(ValueError, match="reorganisations"):
        rp.reform_programme_explorer(reorganisations=7)


def test_chapter_12_quotes_the_models_numbers():
    """The capstone cells of chapter 12 give the named programmes' results as the model computes them."""
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "chapters" / "12-where-next.ipynb"
    cells = {c.get("id"): "".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"]}
    text = cells["c12-cap-reading"]
    t = rp.compare_scenarios()
    pressure, reorg, within, mix = (t.loc[n] for n in rp.SCENARIOS)
    expected = [
        f"median of {mix['real performance']:.0f} at year 15 (band {mix['real performance p10']:.0f} to",
        f"{mix['real performance p90']:.0f}), against {within['real performance']:.0f} for",
        f"(band {within['real performance p10']:.0f} to {within['real performance p90']:.0f})",
        f"({within['staff engagement']:.0f} against {mix['staff engagement']:.0f})",
        f"({within['variation between organisations']:.0f} points against "
        f"{mix['variation between organisations']:.1f})",
        f"stalls at {pressure['real performance']:.0f}",
        f"lowest engagement ({pressure['staff engagement']:.0f})",
        f"about\n{pressure['gap reported − real']:.1f} index points",
        f"also ends at {reorg['real performance']:.0f}",
        f"{mix['total extra cost']:.0f}% of a year's budget over the 15 years, against "
        f"{within['total extra cost']:.0f}%",
    ]
    missing = [e for e in expected if e not in text]
    assert not missing, missing
