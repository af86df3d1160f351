"""The chapter 4 model (patient choice at fixed prices): parameter validation, determinism,
invariants over the allowed range, the intended directions of effect, and the explorer (moving a
slider changes what the student sees)."""

from __future__ import annotations

import math
from itertools import pairwise

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from nhsreform.models import patient_choice as pc  # noqa: E402
from nhsreform.parameters import defaults, describe  # noqa: E402

SMALL = dict(patients=400)  # keeps the invariant tests quick


@pytest.mark.parametrize(
    "name,bad",
    [
        ("information", -0.1),
        ("information", 1.5),
        ("information", float("nan")),
        ("travel_cost", -1),
        ("travel_cost", 3),
        ("choice_radius_km", 1),
        ("choice_radius_km", 500),
        ("hospital_spacing_km", 0),
        ("hospital_spacing_km", 61),
        ("income_at_risk", 1.01),
        ("responsiveness", -2),
        ("rounds", 0),
        ("rounds", 2.5),
        ("patients", 50),
        ("information", "0.5"),
        ("income_at_risk", True),
    ],
)
def test_bad_parameter_names_itself_and_its_range(name, bad):
    p = next(p for p in pc.PARAMETERS if p.name == name)
    with pytest.raises(ValueError) as err:
        pc.simulate_patient_choice(**{name: bad})
    assert name in str(err.value) and p.range_text in str(err.value)


def test_unknown_parameter_and_bad_seed():
    with pytest.raises(ValueError, match="unknown parameter"):
        pc.simulate_patient_choice(info=0.5)
    for seed in (-1, 1.5, "7", True):
        with pytest.raises(ValueError, match="seed"):
            pc.patient_table(seed=seed)


def test_same_seed_same_result_other_seed_differs():
    a, pa = pc.simulate_patient_choice(seed=7), pc.patient_table(seed=7)
    assert a.equals(pc.simulate_patient_choice(seed=7)) and pa.equals(pc.patient_table(seed=7))
    assert not a.equals(pc.simulate_patient_choice(seed=8))
    assert not pa.equals(pc.patient_table(seed=8))


def test_results_are_copies_not_the_cache():
    a = pc.simulate_patient_choice(seed=3)
    a.loc[0, "quality"] = -99
    assert pc.simulate_patient_choice(seed=3).loc[0, "quality"] != -99


@pytest.mark.parametrize(
    "values",
    [
        {},
        {p.name: p.minimum for p in pc.PARAMETERS},
        {p.name: p.maximum for p in pc.PARAMETERS},
        dict(information=1.0, travel_cost=0.0, choice_radius_km=100),
    ],
)
def test_invariants_across_the_allowed_range(values):
    values = {**SMALL, **values} if "patients" not in values else values
    h = pc.simulate_patient_choice(**values)
    pt = pc.patient_table(**values)
    p = {**defaults(pc.PARAMETERS), **values}
    n_hosp = len(pc.HOSPITALS)
    assert len(h) == p["rounds"] * n_hosp and len(pt) == p["patients"]
    # every patient is somewhere: caseloads add up to the number of patients, every round
    totals = h.groupby("round")["patients"].sum()
    assert np.allclose(totals, p["patients"])
    assert math.isclose(h.groupby("round")["traditional_patients"].sum().iloc[0], p["patients"])
    # quality stays on its scale and never falls
    assert h["quality"].between(0, 100).all()
    for _, rows in h.groupby("hospital"):
        assert (rows.sort_values("round")["quality"].diff().dropna() >= -1e-12).all()
    # patients who cannot choose use their nearest hospital, and always get its quality
    captive = pt[~pt["can_choose"]]
    assert (captive["hospitals_in_reach"] == 1).all()
    assert np.allclose(captive["chance_not_nearest"], 0)
    assert (captive["drawn_choice"] == captive["nearest"]).all()
    assert (pt["hospitals_in_reach"] >= 1).all()
    assert pt["chance_not_nearest"].between(-1e-12, 1).all()
    s = pc.summarise_patient_choice(h, pt)
    assert 0 <= s["patients who cannot choose (%)"] <= 100
    assert s["quality gap between hospitals, last round (points)"] <= (
        s["quality gap between hospitals, first round (points)"] + 1e-9
    )


def test_no_information_or_no_money_at_risk_means_no_improvement():
    for params in (dict(information=0.0), dict(income_at_risk=0.0), dict(responsiveness=0)):
        h = pc.simulate_patient_choice(**params)
        start = h[h["round"] == 1]["quality"].to_numpy()
        end = h[h["round"] == h["round"].max()]["quality"].to_numpy()
        assert np.allclose(start, end), params
    pt = pc.patient_table(information=0.0)
    assert np.allclose(pt["quality_gain"], 0)


def test_a_hospital_without_rivals_never_changes():
    # at the default scale nobody near the rural hospital can reach another one
    h = pc.simulate_patient_choice(information=1.0)
    rural = h[h["hospital"] == "Rural E"]
    assert np.allclose(rural["quality"], pc.HOSPITALS.set_index("hospital").loc["Rural E", "start_quality"])
    assert np.allclose(rural["patients"], rural["traditional_patients"])


def test_the_model_points_the_intended_way():
    table = pc.compare_scenarios()
    gain = table["quality gain, all patients (points)"]
    captive = table["patients who cannot choose (%)"]
    chooser_gain = table["quality gain, patients who can choose (points)"]
    captive_gain = table["quality gain, patients who cannot choose (points)"]
    assert gain["No information"] == 0
    # more information, more gain; short distances, most gain and fewest captive patients
    assert (
        gain["No information"]
        < gain["Some information (defaults)"]
        < gain["Good information, short distances"]
    )
    assert (
        captive["Good information, short distances"]
        < captive["Some information (defaults)"]
        < captive["Rural: one nearby hospital"]
    )
    # in a rural region almost nobody can choose, and choice achieves almost nothing
    assert captive["Rural: one nearby hospital"] > 90 and gain["Rural: one nearby hospital"] < 1
    # at the defaults those who can choose gain more than those who cannot
    assert chooser_gain["Some information (defaults)"] > captive_gain["Some information (defaults)"]
    # weak incentives: hospitals barely improve, so the gap hardly narrows
    gap_end = table["quality gap between hospitals, last round (points)"]
    assert gap_end["Good information, weak incentives"] > gap_end["Some information (defaults)"]
    assert gain["Good information, weak incentives"] < gain["Some information (defaults)"]


def test_more_information_monotone_gain():
    gains = [
        pc.summarise_patient_choice(
            pc.simulate_patient_choice(information=i), pc.patient_table(information=i)
        )["quality gain, all patients (points)"]
        for i in (0.0, 0.25, 0.5, 0.75, 1.0)
    ]
    assert all(a < b for a, b in pairwise(gains))


def test_plots_have_alt_text_from_the_results():
    h, pt = pc.simulate_patient_choice(), pc.patient_table()
    fig, alt = pc.plot_patient_choice(h, pt, 20)
    share = 100 * (~pt["can_choose"]).mean()
    assert f"map of {len(pt)} simulated patients" in alt and f"{share:.0f}% of patients" in alt
    fig2, alt2 = pc.plot_scenarios(pc.compare_scenarios())
    assert all(name in alt2 for name in pc.SCENARIOS)
    assert describe(pc.PARAMETERS).shape[0] == len(pc.PARAMETERS)


def test_redraw_reuses_the_figure():
    fig, alt = pc.render_patient_choice()
    n_artists = len(fig.axes[0].collections) + len(fig.axes[1].lines)
    fig2, alt2 = pc.render_patient_choice(fig=fig, information=0.0)
    assert fig2 is fig and alt2 != alt
    assert len(fig.axes) == 2 and len(fig.axes[0].collections) + len(fig.axes[1].lines) == n_artists


def test_explorer_slider_changes_what_the_student_sees():
    explorer = pc.patient_choice_explorer()
    before_png, before_alt = explorer.image.value, explorer.description.value
    explorer.sliders["hospital_spacing_km"].value = 45
    assert explorer.image.value != before_png
    assert explorer.description.value != before_alt
    assert explorer.values["hospital_spacing_km"] == 45
    labels = [s.description for s in explorer.sliders.values()]
    assert "Patients see quality (share)" in labels
    bundle = explorer._repr_mimebundle_()
    assert "needs a running Python kernel" in bundle["text/html"]
    assert 'alt="First panel: map of' in bundle["text/html"]
