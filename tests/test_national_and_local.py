"""The chapter 8 model (national framework and local freedom): parameter validation, determinism,
agreement with its closed form, the direction of its effects, the scenario numbers the chapter
quotes, the model contract (tested here directly until the model is registered) and its figures."""

from __future__ import annotations

import json
import re
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from nhsreform.models import national_and_local as nl  # noqa: E402
from nhsreform.models.base import Model  # noqa: E402
from nhsreform.parameters import describe  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "name,bad",
    [
        ("heterogeneity", -0.1),
        ("heterogeneity", 2.5),
        ("local_error", float("nan")),
        ("local_learning", 0.6),
        ("goal_divergence", 0.55),
        ("ownership_bonus", -0.05),
        ("yearly_noise", float("inf")),
        ("units", 5),
        ("units", 20.5),
        ("years", 16),
        ("heterogeneity", "1"),
        ("local_error", True),
    ],
)
def test_bad_parameter_names_the_model_itself_and_its_range(name, bad):
    p = next(p for p in nl.PARAMETERS if p.name == name)
    with pytest.raises(ValueError) as err:
        nl.simulate_national_and_local(**{name: bad})
    assert "national_and_local" in str(err.value)
    assert name in str(err.value) and p.range_text in str(err.value)


def test_unknown_parameter_bad_seed_and_bad_approach():
    with pytest.raises(ValueError, match="unknown parameter"):
        nl.simulate_national_and_local(variety=1.0)
    for seed in (-1, 1.5, "1", True):
        with pytest.raises(ValueError, match="seed"):
            nl.simulate_national_and_local(seed=seed)
    with pytest.raises(ValueError, match="approach must be one of"):
        nl.expected_yearly_gain("market")


def test_same_seed_same_result_other_seed_differs():
    a = nl.simulate_national_and_local(seed=7)
    b = nl.simulate_national_and_local(seed=7)
    c = nl.simulate_national_and_local(seed=8)
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a["gain"], c["gain"])


def test_shape_and_invariants():
    r = nl.simulate_national_and_local(units=30, years=5)
    assert len(r) == 3 * 30 * 5 and list(r["approach"].cat.categories) == list(nl.APPROACHES)
    assert r["fit"].between(0, 1).all() and r["effort_on_priority"].between(0, 1).all()
    central = r[r["approach"] == "central prescription"]
    assert (central["method"] == 0).all() and (central["effort_on_priority"] == 1).all()
    pair = r[r["approach"] == "national what, local how"]
    discretion = r[r["approach"] == "full local discretion"]
    # the same local methods under both local approaches; only the effort differs
    np.testing.assert_allclose(pair["method"].to_numpy(), discretion["method"].to_numpy())
    assert (discretion["effort_on_priority"].to_numpy() <= pair["effort_on_priority"].to_numpy()).all()
    # cumulative is the running total of gain, unit by unit
    one = pair[pair["unit"] == 3]
    np.testing.assert_allclose(one["cumulative"].to_numpy(), one["gain"].cumsum().to_numpy())


def test_no_noise_no_drift_no_bonus_makes_discretion_equal_the_pair():
    r = nl.simulate_national_and_local(goal_divergence=0, ownership_bonus=0, yearly_noise=0)
    totals = nl.final_totals(r)
    np.testing.assert_allclose(totals["full local discretion"], totals["national what, local how"])


@pytest.mark.parametrize("approach", nl.APPROACHES)
@pytest.mark.parametrize("year", [0, 3])
def test_simulation_agrees_with_the_closed_form(approach, year):
    settings = dict(heterogeneity=0.8, local_error=1.0, local_learning=0.3, goal_divergence=0.25, units=300)
    r = nl.simulate_national_and_local(seed=11, **settings)
    mean = r[(r["approach"] == approach) & (r["year"] == year + 1)]["gain"].mean()
    assert mean == pytest.approx(nl.expected_yearly_gain(approach, year, **settings), abs=0.05)


def test_closed_form_directions():
    g = nl.expected_yearly_gain
    assert g("central prescription", heterogeneity=0) == 1.0
    assert g("central prescription", heterogeneity=0.75) == pytest.approx(0.8)  # quoted in the quiz
    assert g("central prescription", heterogeneity=2) < g("central prescription", heterogeneity=1)
    # the pair's expected gain grows as local leaders learn, and never exceeds 1 + bonus
    gains = [g("national what, local how", t) for t in range(8)]
    assert gains == sorted(gains) and max(gains) <= 1 + nl.MODEL.defaults["ownership_bonus"]
    # drift costs full discretion exactly its share of effort
    pair, disc = g("national what, local how", 2), g("full local discretion", 2)
    assert disc == pytest.approx(pair * (1 - nl.MODEL.defaults["goal_divergence"]))


def test_scenarios_show_no_approach_wins_everywhere_with_the_numbers_the_chapter_quotes():
    t = nl.compare_scenarios()
    assert list(t.index) == list(nl.SCENARIOS)
    alike, varied, drift = (t.loc[n] for n in list(nl.SCENARIOS)[:3])
    assert alike["best on average"] == "central prescription"
    assert varied["best on average"] == drift["best on average"] == "national what, local how"
    avg = "{}: average total gain"

    def r1(x):
        return round(float(x), 1)

    assert [r1(alike[avg.format(a)]) for a in nl.APPROACHES] == [7.8, 4.7, 6.7]
    assert r1(varied[avg.format("central prescription")]) == 5.1
    assert round(float(varied["central prescription: weakest tenth"])) == 1
    assert r1(varied[avg.format("full local discretion")]) == 7.9
    assert r1(drift[avg.format("full local discretion")]) == 5.3
    assert r1(varied[avg.format("national what, local how")]) == 8.8
    # the chapter and quiz quote these numbers
    nb = json.loads((ROOT / "chapters/08-complementary-approaches.ipynb").read_text("utf-8"))
    text = " ".join(
        " ".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown").split()
    )
    bank = (ROOT / "nhsreform/banks/ch08.yml").read_text("utf-8")
    for value in (
        "gains 7.8 points under central prescription, 6.7 under the pair and 4.7",
        "4.7",
        "5.1",
        "7.9 to 5.3",
        "8.8",
    ):
        assert value in text, value
    assert "7.8 points against 6.7" in " ".join(bank.split())


def test_common_settings_and_refused_overrides():
    t = nl.compare_scenarios(units=20)
    assert len(t) == len(nl.SCENARIOS)
    with pytest.raises(ValueError, match="heterogeneity"):
        nl.compare_scenarios(heterogeneity=0.5)


def test_model_record_and_table_spec_cover_the_scenario_table():
    assert isinstance(nl.MODEL, Model) and nl.MODEL.name == "national_and_local" and nl.MODEL.chapter == 8
    assert nl.MODEL.simulate is nl.simulate_national_and_local
    table = nl.compare_scenarios()
    from nhsreform.tables import SPECS, course_table

    assert set(SPECS["national_and_local"]["columns"]) == set(table.columns)
    html = course_table("national_and_local", table).to_html()
    assert "Best approach on average" in html and "Alike places" in html
    params = describe(nl.PARAMETERS).to_html()
    assert "first-year error" in params and "SD of best method" in params


@pytest.fixture
def course_style():
    from nhsreform.style import use_course_style

    with matplotlib.rc_context():
        use_course_style()
        yield


def test_figures_are_readable_with_a_legend_and_name_their_numbers(course_style):
    from .test_charts import check_readable

    fig, alt = nl.render_national_and_local()
    try:
        check_readable(fig)
        assert "national what, local how: average" in alt and "weakest tenth" in alt
    finally:
        plt.close(fig)
    table = nl.compare_scenarios()
    fig, alt = nl.plot_scenarios(table)
    try:
        check_readable(fig)
        assert all(name in alt for name in nl.SCENARIOS)
        assert "7.8" in alt
    finally:
        plt.close(fig)
    with pytest.raises((TypeError, ValueError), match="compare_scenarios"):
        nl.plot_scenarios({"a": table})


def test_explorer_sliders_redraw_and_fall_back(course_style):
    from nhsreform.figures import png_size
    from nhsreform.style import COLUMN_WIDTH_PX

    explorer = nl.national_and_local_explorer()
    assert png_size(explorer.png)[0] == COLUMN_WIDTH_PX
    before = explorer.description.value
    explorer.sliders["local_learning"].value = 0.0
    explorer.sliders["local_error"].value = 2.0
    explorer.sliders["heterogeneity"].value = 0.0
    after = explorer.description.value
    assert after != before
    assert re.search(r"Best on average: central prescription", after)
    html = explorer._repr_mimebundle_()["text/html"]
    assert "needs a running Python kernel" in html and 'alt="' in html
    for slider in explorer.sliders.values():
        assert slider.description.endswith(")")


def test_chapter_declares_the_model_and_glues_its_parameters():
    nb = json.loads((ROOT / "chapters/08-complementary-approaches.ipynb").read_text("utf-8"))
    src = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert "national_and_local.national_and_local_explorer()" in src
    assert 'glue_table("ch08-parameters"' in src
