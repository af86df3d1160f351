"""The live explorer on narrow outputs, driven in plain pytest (no kernel): a figure with two
panels is shown as two images in a box that wraps, so a narrow output stacks them, and the book's
view has the stacked version for phones. Drawing stays one drawing per slider move.
"""

from __future__ import annotations

import re

import ipywidgets as widgets
import matplotlib
import pytest

matplotlib.use("Agg")

from nhsreform.figures import panel_cuts, png_size, set_panel_cuts  # noqa: E402
from nhsreform.models import models  # noqa: E402
from nhsreform.style import COLUMN_WIDTH_PX, use_course_style  # noqa: E402

MODELS = models()
#: The explorers whose figure has two panels side by side (each must say where to cut).
TWO_PANELS = ("target_gaming", "patient_choice")


@pytest.fixture(autouse=True)
def course_style():
    import matplotlib.units as munits

    converters = dict(munits.registry)  # use_course_style registers date converters: restore them
    with matplotlib.rc_context():
        use_course_style()
        yield
    munits.registry.clear()
    munits.registry.update(converters)


def _move_first_slider(explorer) -> None:
    slider = next(iter(explorer.sliders.values()))
    slider.value = slider.max if slider.value != slider.max else slider.min


def _shown(explorer) -> list[tuple[int, int]]:
    """The sizes of the images the student sees, in the order the box lays them out."""
    return [png_size(image.value) for image in explorer.figure_box.children]


@pytest.mark.parametrize("name", sorted(MODELS))
def test_explorer_stacks_its_panels_on_a_narrow_output(name):
    explorer = MODELS[name].explorer()
    before = [image.value for image in explorer.images], explorer.narrow_png
    _move_first_slider(explorer)
    # What the student sees: one image per panel, in a box whose children wrap onto a new line.
    box = explorer.figure_box
    assert box in explorer.children and box.layout.flex_flow == "row wrap"
    assert all(isinstance(c, widgets.Image) and c.layout.margin == "0" for c in box.children)
    sizes = _shown(explorer)
    assert len(sizes) == len(panel_cuts(explorer._fig)) + 1, "one image per panel"
    assert [image.value for image in explorer.images] != before[0], "the slider redrew the figure"
    # Side by side they are exactly the column's width: the book's figure, pixel for pixel.
    assert sum(w for w, _ in sizes) == COLUMN_WIDTH_PX
    assert len({h for _, h in sizes}) == 1, "side by side, the panels line up"
    assert png_size(explorer.png) == (COLUMN_WIDTH_PX, sizes[0][1])
    page = explorer._repr_mimebundle_()["text/html"]
    if len(sizes) == 1:
        assert explorer.narrow_png is None and "<picture>" not in page
        return
    # An output narrower than the column puts each panel under the one before, at its natural
    # size (its text still 11 pt) as long as the output is as wide as the panel.
    assert all(w <= 0.55 * COLUMN_WIDTH_PX for w, _ in sizes), sizes
    # The stacked (narrow) version: taller than wide, the panels one above the other.
    narrow = explorer.narrow_png
    assert narrow is not None and narrow != before[1], "the narrow version follows the sliders"
    width, height = png_size(narrow)
    assert height > width, f"the narrow version is stacked ({width} x {height} px)"
    assert (width, height) == (max(w for w, _ in sizes), sum(h for _, h in sizes))
    # The book's view: a <picture> whose phone version is the stacked one, with one alt text.
    source = re.search(r"<picture><source ([^>]*)>", page)
    assert source, "the book's view is a <picture> with a narrow version"
    assert 'media="(max-width: 600px)"' in source.group(1) and " 1x" in source.group(1)
    assert f'width="{width}" height="{height}"' in source.group(1)
    assert page.count('alt="') == 1, "one alt text for both versions"


@pytest.mark.parametrize("name", TWO_PANELS)
def test_two_panel_figures_declare_where_to_cut(name):
    """The cut is what makes the explorer stack; tests/test_figure_text.py checks that nothing
    crosses it and that every text is at least 11 pt."""
    explorer = MODELS[name].explorer()
    assert panel_cuts(explorer._fig) == (0.5,)


@pytest.mark.parametrize("name", TWO_PANELS)
def test_a_slider_move_draws_the_figure_once(name):
    """Two panels cost no second drawing: one render and one drawing per move, then only cuts."""
    explorer = MODELS[name].explorer()
    calls = {"render": 0, "draw": 0}
    render, draw = explorer.render, explorer._redraw.draw

    def counting_render(**kwargs):
        calls["render"] += 1
        return render(**kwargs)

    def counting_draw(fig, *args, **kwargs):
        calls["draw"] += 1
        return draw(fig, *args, **kwargs)

    explorer.render = counting_render
    explorer._redraw.draw = counting_draw
    _move_first_slider(explorer)
    assert calls == {"render": 1, "draw": 1}


def test_panel_cuts_are_checked():
    import matplotlib.pyplot as plt

    fig = plt.figure()
    try:
        for bad in ((), (0.0,), (1.0,), (0.6, 0.4), (0.5, 0.5)):
            with pytest.raises(ValueError, match="panel cuts must be increasing fractions"):
                set_panel_cuts(fig, *bad)
        set_panel_cuts(fig, 0.3, 0.7)
        assert panel_cuts(fig) == (0.3, 0.7)
    finally:
        plt.close(fig)
