"""Every text in every course figure can be read: 11 pt or more at the size it is shown, in-plot
labels clear of one another and inside the figure, and panels the explorer may show apart cut
cleanly (nothing crosses a cut).

"Every figure" is every chart in ``nhsreform.charts`` (wide and, with two panels, narrow), and
for every model: ``render`` (the book's and the explorer's figure), the explorer's own figure,
``plot_scenarios`` (wide and narrow) and each other public ``plot_*`` function. A text's size
"at the column width" is its font size scaled by how much the figure is enlarged or shrunk when
shown: a course figure is drawn at exactly the width it is shown at, so the two are equal.
"""

from __future__ import annotations

import importlib
import inspect
import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from nhsreform.figures import panel_cuts  # noqa: E402
from nhsreform.models import models  # noqa: E402
from nhsreform.style import (  # noqa: E402
    COLUMN_WIDTH_PX,
    FIGURE_DPI,
    FIGURE_WIDTH_IN,
    MIN_FONT_PT,
    NARROW_WIDTH_IN,
    NARROW_WIDTH_PX,
    use_course_style,
)

from .test_charts import CASES, MULTI_PANEL, _argument, plot_function  # noqa: E402

MODELS = models()

#: Model figure functions besides the contract's (render, plot_scenarios), with their input.
EXTRA_MODEL_FIGURES = {
    "inspection_accuracy.plot_tradeoff": lambda m: m.plot_tradeoff(m.tradeoff_table()),
    "reorganisation_disruption.plot_scenario_runs": lambda m: m.plot_scenario_runs(m.simulate_scenarios()),
    "improvement_capability.plot_scenario_runs": lambda m: m.plot_scenario_runs(m.simulate_scenarios()),
    "leadership_continuity.plot_scenario_runs": lambda m: m.plot_scenario_runs(m.simulate_scenarios()),
    "reform_programme.plot_scenario_runs": lambda m: m.plot_scenario_runs(m.simulate_scenarios()),
}
#: Model plot functions covered through the contract: ``plot`` is what ``render`` draws.
CONTRACT = {"plot_scenarios"}


def _chart_builders():
    for module, func, names, build, _ in CASES:
        key = f"{module}.{func}"

        def make(layout="wide", module=module, func=func, names=names, build=build):
            plot = plot_function(module, func)
            arg, _ = _argument(names, build)
            return plot(arg)[0] if layout == "wide" else plot(arg, layout=layout)[0]

        yield key, make
        if key in MULTI_PANEL:
            yield f"{key} (narrow)", lambda make=make: make("narrow")


def _model_builders():
    for name, model in MODELS.items():
        module = importlib.import_module(f"nhsreform.models.{name}")
        yield f"{name}.render", lambda model=model: model.render()[0]
        yield f"{name} explorer", lambda model=model: model.explorer()._fig
        yield f"{name}.plot_scenarios", lambda model=model: model.plot_scenarios(model.compare_scenarios())[0]
        if "layout" in inspect.signature(model.plot_scenarios).parameters:
            yield (
                f"{name}.plot_scenarios (narrow)",
                lambda model=model: model.plot_scenarios(model.compare_scenarios(), layout="narrow")[0],
            )
        for key, build in EXTRA_MODEL_FIGURES.items():
            if key.startswith(f"{name}."):
                yield key, lambda build=build, module=module: build(module)[0]
                if "layout" in inspect.signature(getattr(module, key.split(".")[1])).parameters:
                    yield f"{key} (narrow)", lambda build=build, module=module: _narrow(build, module)


def _narrow(build, module):
    """Call ``build`` with the module's plot function drawing its narrow layout."""

    class Narrow:
        def __getattr__(self, attr):
            value = getattr(module, attr)
            if attr.startswith("plot_"):
                return lambda *a, **k: value(*a, layout="narrow", **k)
            return value

    return build(Narrow())[0]


FIGURES = dict(itertools.chain(_chart_builders(), _model_builders()))


@pytest.fixture
def course_style():
    import matplotlib.units as munits

    converters = dict(munits.registry)  # use_course_style registers date converters: restore them
    with matplotlib.rc_context():
        use_course_style()
        yield
    munits.registry.clear()
    munits.registry.update(converters)


@pytest.fixture
def figure(request, course_style):
    fig = FIGURES[request.param]()
    if not hasattr(fig.canvas, "get_renderer"):  # a figure closed from pyplot: draw it with Agg
        FigureCanvasAgg(fig)
    fig.canvas.draw()
    yield fig
    plt.close(fig)


def shown_scale(fig) -> float:
    """How much the figure is enlarged (> 1) or shrunk when shown: the column's width or, for a
    narrow version, the phone width, over the width it is drawn at."""
    width_in = fig.get_figwidth()
    if width_in == pytest.approx(FIGURE_WIDTH_IN):
        return COLUMN_WIDTH_PX / (width_in * FIGURE_DPI)
    if width_in == pytest.approx(NARROW_WIDTH_IN):
        return NARROW_WIDTH_PX / (width_in * FIGURE_DPI)
    raise AssertionError(f"figure is {width_in} in wide: neither the column's nor the narrow width")


def visible_texts(fig) -> list[Text]:
    """Every text a reader sees: titles, axis and tick labels, legends, annotations, bar labels,
    figure texts (drawn, visible, not empty, and not inside a hidden parent)."""
    ticks = [tick for ax in fig.axes for axis in ax._axis_map.values() for tick in axis.get_major_ticks()]
    ticks += [tick for ax in fig.axes for axis in ax._axis_map.values() for tick in axis.get_minor_ticks()]
    drawn = [tick for ax in fig.axes for axis in ax._axis_map.values() for tick in axis._update_ticks()]
    not_drawn = {id(t) for tick in ticks for t in (tick.label1, tick.label2)}
    not_drawn -= {id(t) for tick in drawn for t in (tick.label1, tick.label2)}  # ticks outside the view
    texts = []
    for t in fig.findobj(Text):
        if not t.get_text().strip() or not t.get_visible() or id(t) in not_drawn:
            continue
        if any(not a.get_visible() for a in _parents(t)):
            continue
        texts.append(t)
    return texts


def _parents(artist):
    parent = getattr(artist, "axes", None)
    if parent is not None:
        yield parent
    legend = next((lg for lg in _legends(artist.figure) if artist in lg.get_texts()), None)
    if legend is not None:
        yield legend


def _legends(fig):
    return [ax.get_legend() for ax in fig.axes if ax.get_legend()] + list(fig.legends)


def in_plot_texts(fig) -> list[Text]:
    """Labels placed in or beside the plot (annotations, bar labels, figure texts)."""
    texts = [t for ax in fig.axes for t in ax.texts] + list(fig.texts)
    return [t for t in texts if t.get_visible() and t.get_text().strip()]


@pytest.mark.parametrize("figure", sorted(FIGURES), indirect=True)
def test_every_text_is_at_least_11_pt_at_the_column_width(figure):
    scale = shown_scale(figure)
    texts = visible_texts(figure)
    assert texts, "the figure has texts"
    small = sorted(
        {
            (t.get_text()[:40], round(t.get_fontsize() * scale, 1))
            for t in texts
            if t.get_fontsize() * scale < MIN_FONT_PT
        }
    )
    assert not small, f"text under {MIN_FONT_PT} pt as shown: {small}"


@pytest.mark.parametrize("figure", sorted(FIGURES), indirect=True)
def test_in_plot_labels_are_clear_of_each_other_and_inside_the_figure(figure):
    renderer = figure.canvas.get_renderer()
    page = figure.bbox
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in in_plot_texts(figure)]
    outside = [
        text
        for text, b in boxes
        if b.x0 < page.x0 - 0.5 or b.x1 > page.x1 + 0.5 or b.y0 < page.y0 - 0.5 or b.y1 > page.y1 + 0.5
    ]
    assert not outside, f"labels running off the figure: {outside}"
    overlapping = [
        (a, b)
        for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2)
        if box_a.x0 < box_b.x1 - 1
        and box_b.x0 < box_a.x1 - 1
        and box_a.y0 < box_b.y1 - 1
        and box_b.y0 < box_a.y1 - 1
    ]
    assert not overlapping, f"labels on top of each other: {overlapping}"


def test_every_model_figure_function_is_covered():
    covered = {key.split(" ")[0] for key in FIGURES}
    for name in MODELS:
        module = importlib.import_module(f"nhsreform.models.{name}")
        for attr, obj in vars(module).items():
            if attr.startswith("plot_") and inspect.isfunction(obj) and obj.__module__ == module.__name__:
                if attr == f"plot_{name}" or attr in CONTRACT:
                    continue  # drawn by render / plot_scenarios above
                assert f"{name}.{attr}" in covered, f"{name}.{attr} is not checked for readable text"


PANELLED = [key for key in FIGURES if key.endswith(" explorer")]


@pytest.mark.parametrize("figure", PANELLED, indirect=True)
def test_panel_cuts_cross_no_text_axes_or_legend(figure):
    """Where the explorer cuts a figure into panels, nothing is cut in two."""
    cuts = [c * figure.bbox.width for c in panel_cuts(figure)]
    renderer = figure.canvas.get_renderer()
    parts = [(f"text {t.get_text()[:30]!r}", t.get_window_extent(renderer)) for t in visible_texts(figure)]
    parts += [(f"axes {i}", ax.get_window_extent(renderer)) for i, ax in enumerate(figure.axes)]
    parts += [(f"legend {i}", lg.get_window_extent(renderer)) for i, lg in enumerate(_legends(figure))]
    crossing = [(what, cut) for what, box in parts for cut in cuts if box.x0 < cut < box.x1]
    assert not crossing, f"cut through: {crossing}"
