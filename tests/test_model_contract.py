"""What every model in the course promises, checked for each one (present and future):
a ``MODEL`` record (nhsreform/models/base.py) with uniformly named functions, validated parameters
with units and ranges, named scenarios, a scenario chart drawn from the scenario table, and an
explorer whose sliders are labelled with units, redraw what the student sees, and fall back to a
static view in the book."""

from __future__ import annotations

import inspect
import pkgutil

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

import nhsreform.models  # noqa: E402
from nhsreform.models import models  # noqa: E402
from nhsreform.models.base import Model  # noqa: E402
from nhsreform.parameters import Parameter, Parameters  # noqa: E402

MODELS = models()
NAMES = list(MODELS)


def test_every_model_module_declares_a_model():
    """No discovery by name patterns: every module in nhsreform/models/ (but base) declares a
    MODEL and is listed, in chapter order, by models()."""
    modules = {info.name for info in pkgutil.iter_modules(nhsreform.models.__path__)} - {"base"}
    assert modules == set(MODELS), "list every model module in nhsreform.models.MODEL_MODULES"
    for name in modules:
        module = __import__(f"nhsreform.models.{name}", fromlist=["MODEL"])
        model = getattr(module, "MODEL", None)
        assert isinstance(model, Model), f"{name}.py must end with MODEL = Model(...)"
    assert [m.chapter for m in MODELS.values()] == sorted(m.chapter for m in MODELS.values())


@pytest.mark.parametrize("name", NAMES)
def test_names_are_uniform(name):
    model = MODELS[name]
    module = __import__(f"nhsreform.models.{name}", fromlist=["MODEL"])
    assert model.name == name and model.title
    assert model.parameters is module.PARAMETERS and model.scenarios is module.SCENARIOS
    expected = {
        "simulate": f"simulate_{name}",
        "summarise": f"summarise_{name}",
        "plot": f"plot_{name}",
        "render": f"render_{name}",
        "explorer": f"{name}_explorer",
        "compare_scenarios": "compare_scenarios",
        "plot_scenarios": "plot_scenarios",
    }
    for field, function in expected.items():
        f = getattr(model, field)
        assert f.__name__ == function and f.__module__ == module.__name__, field
        assert getattr(module, function) is f
    assert inspect.signature(model.simulate).parameters["seed"].default == model.seed
    assert inspect.signature(model.compare_scenarios).parameters["seed"].default == model.seed
    assert inspect.signature(model.render).parameters["seed"].default == model.seed


@pytest.mark.parametrize("name", NAMES)
def test_parameters_and_scenarios_are_declared(name):
    model = MODELS[name]
    assert isinstance(model.parameters, Parameters) and model.parameters.model == name
    assert model.parameters and all(isinstance(p, Parameter) for p in model.parameters)
    for p in model.parameters:
        assert p.unit and p.help, f"{p.name}: unit and meaning"
    assert len(model.scenarios) >= 2
    allowed = set(model.inputs)
    assert set(model.extra_inputs) <= set(inspect.signature(model.simulate).parameters)
    for params in model.scenarios.values():
        for key in params:
            assert key in allowed, f"scenario setting {key} is not a model input"


@pytest.mark.parametrize("name", NAMES)
def test_out_of_range_values_name_the_model_parameter_and_range(name):
    model = MODELS[name]
    for p in model.parameters:
        with pytest.raises(ValueError) as err:
            model.simulate(**{p.name: p.maximum + max(p.step, 1)})
        assert name in str(err.value) and p.name in str(err.value) and p.range_text in str(err.value)


@pytest.mark.parametrize("name", NAMES)
def test_plot_scenarios_takes_the_scenario_table(name):
    model = MODELS[name]
    table = model.compare_scenarios()
    assert isinstance(table, pd.DataFrame) and list(table.index) == list(model.scenarios)
    fig, alt = model.plot_scenarios(table)
    plt.close(fig)
    assert all(scenario in alt for scenario in model.scenarios)
    with pytest.raises((TypeError, ValueError), match="compare_scenarios"):
        model.plot_scenarios({"a": table})


@pytest.mark.parametrize("name", NAMES)
def test_explorer_sliders_redraw_and_fall_back(name):
    explorer = MODELS[name].explorer()
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


# --- readable figures: column width, 11 pt text, a legend, stacked panels for phones -----------


@pytest.fixture
def course_style():
    from nhsreform.style import use_course_style

    with matplotlib.rc_context():
        use_course_style()
        yield


def _model_figures(model):
    """(label, fig, alt, accepts_layout) for every figure function of ``model``."""
    table = model.compare_scenarios()
    found = [("render", *model.render(), False)]
    accepts = "layout" in inspect.signature(model.plot_scenarios).parameters
    found.append(("plot_scenarios", *model.plot_scenarios(table), accepts))
    return found


@pytest.mark.parametrize("name", NAMES)
def test_model_figures_are_readable_with_a_legend(course_style, name):
    from .test_charts import check_readable

    model = MODELS[name]
    for label, fig, alt, accepts in _model_figures(model):
        try:
            check_readable(fig)
        except AssertionError as err:
            raise AssertionError(f"{name}.{label}: {err}") from None
        finally:
            plt.close(fig)
        if accepts:
            narrow, narrow_alt = model.plot_scenarios(model.compare_scenarios(), layout="narrow")
            try:
                check_readable(narrow, narrow=True)
                grids = {ax.get_subplotspec().get_gridspec().get_geometry() for ax in narrow.axes}
                assert grids == {(len(narrow.axes), 1)}, f"{name}: narrow panels stacked in one column"
                assert narrow_alt == alt
            finally:
                plt.close(narrow)


@pytest.mark.parametrize("name", NAMES)
def test_explorer_image_is_the_column_width(course_style, name):
    from nhsreform.figures import png_size
    from nhsreform.style import COLUMN_WIDTH_PX

    explorer = MODELS[name].explorer()
    assert png_size(explorer.png)[0] == COLUMN_WIDTH_PX
    assert f'width="{COLUMN_WIDTH_PX}"' in explorer._repr_mimebundle_()["text/html"]
