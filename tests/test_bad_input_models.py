"""Bad input to a model gets a clear answer, never a wrong one, in every model alike:

- infinities and NaN are refused with the model, the parameter, its range and the problem;
- numpy numbers in range are accepted like Python numbers; True/False are not numbers;
- settings shared by all scenarios are applied, or refused when a scenario would ignore them;
- an explorer refuses a starting value outside its slider instead of moving it;
- no figure title or alt text says "nan" or "inf", even at extreme valid settings.
"""

from __future__ import annotations

import math
import random
import re

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from nhsreform.explorer import ModelExplorer  # noqa: E402
from nhsreform.models import models  # noqa: E402
from nhsreform.parameters import resolve  # noqa: E402

MODELS = models()
NAMES = list(MODELS)
PARAMS = [(name, p) for name in NAMES for p in MODELS[name].parameters]
IDS = [f"{name}.{p.name}" for name, p in PARAMS]


def _simulate(model, **params):
    """A quick run: the largest size parameters are not needed to test validation."""
    return model.simulate(**params)


@pytest.mark.parametrize("name,p", PARAMS, ids=IDS)
@pytest.mark.parametrize(
    "bad,problem",
    [
        (math.inf, "infinite"),
        (-math.inf, "infinite"),
        (math.nan, "not a number"),
        (np.float64("nan"), "not a number"),
    ],
)
def test_infinity_and_nan_name_model_parameter_and_problem(name, p, bad, problem):
    with pytest.raises(ValueError) as err:
        _simulate(MODELS[name], **{p.name: bad})
    message = str(err.value)
    assert message.startswith(f"{name}: ") and p.name in message and p.range_text in message
    assert problem in message


@pytest.mark.parametrize("name,p", PARAMS, ids=IDS)
@pytest.mark.parametrize("bad", [True, False, np.True_])
def test_true_and_false_are_not_numbers(name, p, bad):
    with pytest.raises(ValueError, match="True/False is not accepted as a number") as err:
        MODELS[name].simulate(**{p.name: bad})
    assert p.name in str(err.value) and p.range_text in str(err.value)


@pytest.mark.parametrize("name", NAMES)
def test_numpy_numbers_in_range_are_accepted(name):
    model = MODELS[name]
    as_numpy = {
        p.name: (np.int64(p.default) if p.integer else np.float64(p.default)) for p in model.parameters
    }
    resolved = resolve(model.parameters, as_numpy)
    assert resolved == model.defaults
    assert all(
        type(v) is (int if p.integer else float)
        for p, v in zip(model.parameters, resolved.values(), strict=True)
    )
    assert model.simulate(seed=np.int64(model.seed), **as_numpy).equals(model.simulate())
    floats = [p for p in model.parameters if not p.integer]
    ints = [p for p in model.parameters if p.integer]
    if floats:  # a numpy float32 and a numpy int32 in range are fine too
        resolve(model.parameters, {floats[0].name: np.float32(floats[0].default)})
    if ints:
        resolve(model.parameters, {ints[0].name: np.int32(ints[0].default)})
    with pytest.raises(ValueError, match=f"{name}: seed"):
        model.simulate(seed=np.True_)


def _set_by_a_scenario(model):
    return next(k for s in model.scenarios.values() for k in s if k in model.parameters.names)


@pytest.mark.parametrize("name", NAMES)
def test_shared_settings_a_scenario_would_ignore_are_refused(name):
    model = MODELS[name]
    key = _set_by_a_scenario(model)
    p = next(p for p in model.parameters if p.name == key)
    with pytest.raises(ValueError, match="would be ignored") as err:
        model.compare_scenarios(**{key: p.default})
    assert f"{name}.compare_scenarios" in str(err.value) and key in str(err.value)
    with pytest.raises(ValueError, match="unknown setting") as err:
        model.compare_scenarios(no_such_setting=1)
    assert name in str(err.value)
    with pytest.raises(ValueError, match="out of range") as err:  # checked before anything runs
        model.compare_scenarios(**{key: p.maximum + max(p.step, 1)})
    assert key in str(err.value) and p.range_text in str(err.value)


@pytest.mark.parametrize("name", NAMES)
def test_shared_settings_are_applied(name):
    model = MODELS[name]
    first, settings = next(iter(model.scenarios.items()))
    free = next(p for p in model.parameters if not any(p.name in s for s in model.scenarios.values()))
    value = int(free.minimum) if free.integer else free.minimum
    shared = model.compare_scenarios({first: settings}, **{free.name: value})
    explicit = model.compare_scenarios({first: {**settings, free.name: value}})
    default = model.compare_scenarios({first: settings})
    assert shared.equals(explicit)
    assert not shared.equals(default), f"{free.name}={value} must change the result"


def test_a_bad_setting_inside_one_scenario_names_it():
    model = MODELS["target_gaming"]
    with pytest.raises(ValueError, match="scenario 'mine': diversion must be"):
        model.compare_scenarios({"mine": dict(diversion=3)})
    rd = MODELS["reorganisation_disruption"]
    with pytest.raises(ValueError, match="would be ignored"):
        rd.compare_scenarios(schedule="england")
    from nhsreform.models import reorganisation_disruption

    with pytest.raises(ValueError, match="simulate_scenarios: .*dip_pct=1.*would be ignored"):
        reorganisation_disruption.simulate_scenarios({"a": dict(dip_pct=2)}, dip_pct=1)
    runs = reorganisation_disruption.simulate_scenarios({"a": {}}, dip_pct=1)
    assert runs["a"].equals(reorganisation_disruption.simulate_reorganisation_disruption(dip_pct=1))
    with pytest.raises(TypeError, match="simulate_scenarios"):
        reorganisation_disruption.plot_scenario_runs(rd.compare_scenarios())


@pytest.mark.parametrize("repeats", [0, -1, 1.5, True, math.inf])
def test_inspection_repeats_must_be_a_positive_whole_number(repeats):
    with pytest.raises(ValueError, match="inspection_accuracy: repeats must be a whole number"):
        MODELS["inspection_accuracy"].compare_scenarios(repeats=repeats)


@pytest.mark.parametrize("name", NAMES)
def test_explorer_refuses_a_start_outside_its_slider(name):
    model = MODELS[name]
    explorer = model.explorer()
    shown = tuple(explorer.sliders)
    p = next(p for p in model.parameters if p.name == shown[0])
    for bad in (p.maximum + max(p.step, 1), p.minimum - max(p.step, 1)):
        values = {**model.defaults, p.name: bad}
        with pytest.raises(ValueError) as err:
            ModelExplorer(model.parameters, model.render, values, shown)
        message = str(err.value)
        assert name in message and p.name in message and p.range_text in message and p.unit in message
        with pytest.raises(ValueError, match=p.name):
            model.explorer(**{p.name: bad})
    with pytest.raises(ValueError, match="no parameter"):
        ModelExplorer(model.parameters, model.render, model.defaults, ("no_such_slider",))


# ------------------------------------------------------------------------------------------
# No "nan" or "inf" in what a student reads, at extreme valid settings

WORD = re.compile(r"\b(nan|inf|infinity)\b", re.IGNORECASE)


def _grid(model, corners: int = 6):
    """Defaults, all at minimum, all at maximum, each parameter alone at each end, and a few
    random corners (seeded)."""
    lows = {p.name: p.minimum for p in model.parameters}
    highs = {p.name: p.maximum for p in model.parameters}
    grid = [{}, lows, highs]
    for p in model.parameters:
        grid += [{p.name: p.minimum}, {p.name: p.maximum}]
    rng = random.Random(2014)
    for _ in range(corners):
        grid.append({p.name: rng.choice([p.minimum, p.maximum]) for p in model.parameters})
    return grid


def _texts(fig, alt: str) -> list[str]:
    return [alt, *(t.get_text() for t in fig.findobj(Text))]


@pytest.mark.parametrize("name", NAMES)
def test_titles_and_alt_text_never_say_nan(name):
    model = MODELS[name]
    fig = None
    for settings in _grid(model):
        fig, alt = model.render(fig=fig, **settings)
        bad = [t for t in _texts(fig, alt) if WORD.search(t)]
        assert not bad, f"{settings}: {bad[0]}"
    plt.close(fig)
    grid = _grid(model, corners=2)
    table = model.compare_scenarios(
        {"all at minimum": grid[1], "all at maximum": grid[2], "corner 1": grid[-2], "corner 2": grid[-1]}
    )
    fig, alt = model.plot_scenarios(table)
    bad = [t for t in _texts(fig, alt) if WORD.search(t)]
    plt.close(fig)
    assert not bad, bad[0]


def test_inspection_with_no_seriously_failing_organisation_says_so():
    # 50 organisations, 2% failing: no organisation is ever seriously failing in this run
    model = MODELS["inspection_accuracy"]
    fig, alt = model.render(organisations=50, failing_share=0.02)
    title = fig.axes[0].get_title(loc="left")
    plt.close(fig)
    assert "nan" not in title + alt
    assert "none seriously failing" in title and "none was seriously failing" in alt
