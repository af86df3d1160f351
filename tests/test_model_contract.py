"""What every model in the course promises, checked for each one (present and future):
validated parameters with units and ranges, named scenarios, and an explorer whose sliders are
labelled with units, redraw what the student sees, and fall back to a static view in the book."""

from __future__ import annotations

import inspect

import matplotlib
import pytest

matplotlib.use("Agg")

from nhsreform.models import explorers, model_modules  # noqa: E402
from nhsreform.parameters import Parameter  # noqa: E402

MODELS = model_modules()
EXPLORERS = explorers()


def test_every_model_has_an_explorer():
    assert MODELS and len(EXPLORERS) >= len(MODELS)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_parameters_and_scenarios_are_declared(name):
    module = MODELS[name]
    assert module.PARAMETERS and all(isinstance(p, Parameter) for p in module.PARAMETERS)
    for p in module.PARAMETERS:
        assert p.unit and p.help, f"{p.name}: unit and meaning"
    assert len(module.SCENARIOS) >= 2
    simulate = next(getattr(module, a) for a in dir(module) if a.startswith("simulate_"))
    allowed = {p.name for p in module.PARAMETERS} | set(inspect.signature(simulate).parameters)
    for params in module.SCENARIOS.values():
        for key in params:
            assert key in allowed, f"scenario setting {key} is not a model input"


@pytest.mark.parametrize("name", sorted(MODELS))
def test_out_of_range_values_name_the_parameter_and_range(name):
    module = MODELS[name]
    simulate = next(getattr(module, a) for a in dir(module) if a.startswith("simulate_"))
    for p in module.PARAMETERS:
        with pytest.raises(ValueError) as err:
            simulate(**{p.name: p.maximum + max(p.step, 1)})
        assert p.name in str(err.value) and p.range_text in str(err.value)


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_explorer_sliders_redraw_and_fall_back(name):
    explorer = EXPLORERS[name]()
    for slider in explorer.sliders.values():
        assert slider.description.endswith(")"), "each slider names its unit"
    before = explorer.image.value, explorer.description.value
    changed = False
    for slider in explorer.sliders.values():
        slider.value = slider.max if slider.value != slider.max else slider.min
        changed |= (explorer.image.value, explorer.description.value) != before
        assert explorer.last_update_seconds < 5
    assert changed, "moving the sliders changes the figure and its description"
    html = explorer._repr_mimebundle_()["text/html"]
    assert "needs a running Python kernel" in html and 'alt="' in html
