"""Sliders for a model, redrawn on every change, with a static fallback for the book.

``ModelExplorer(parameters, render)`` builds one labelled slider per :class:`Parameter` and calls
``render(fig=..., **values)`` (which returns ``(fig, alt_text)``) whenever a slider moves.
In the built book, with no kernel, the sliders could not respond, so the explorer's HTML
view shows instead the figure at the current values and says how to run it live.

Narrow outputs. A figure with side-by-side panels says where it may be cut apart
(:func:`nhsreform.figures.set_panel_cuts`), and the explorer shows each panel as its own image in
a box that wraps: where the output is at least the column's width (740 px) the panels sit side by
side, exactly as in the book; where it is narrower (a narrow JupyterLab window, a sidebar open)
each panel moves under the one before, at its natural size, so its text stays 11 pt. The figure
is drawn once per slider move and only cut into panels, so this costs no second drawing. The
book's HTML view does the same with a ``<picture>``: on a phone it shows the panels stacked
(:attr:`ModelExplorer.narrow_png`).

Speed. A slider move re-runs the model and redraws only what changed: the figure's frame (axes,
ticks, labels, figure legends) is kept as pixels and drawn again only when it changes (the last
few frames are kept, for limits that move back and forth); legends and texts that did not change
are laid over from their own kept pixels; and the letters of text are rendered once and reused
(:class:`nhsreform.figures.RedrawCache`). A model helps by keeping its artists (a legend made once,
say) and changing only their data. ``scripts/benchmark.py`` times it for every model.
"""

from __future__ import annotations

import time

import ipywidgets as widgets
import matplotlib.pyplot as plt

from .figures import RedrawCache, figure_html, pixels_png, stacked
from .parameters import Parameter, validate
from .style import figure_size

LIVE_NOTE = (
    "<p><strong>Interactive explorer.</strong> Moving the sliders needs a running Python "
    "kernel: open this page as a notebook (the launch and download buttons at the top of the "
    "page) to use it. Here is the model at its default settings; the named scenarios below "
    "compare other settings.</p>"
)


# Layout of the sliders in JupyterLab (classes of ipywidgets 8), scoped by the class
# ``nhs-explorer``. ipywidgets shows a slider's label on one line and cuts a long one short
# ("Underlying improvement (% of star..."); here the label wraps onto a second line, takes at most
# 40% of the row in a narrow window, and the row grows to fit it.
LAYOUT_CSS = """
.nhs-explorer .widget-hslider { height: auto; min-height: var(--jp-widgets-inline-height); }
.nhs-explorer .widget-hslider > .widget-label {
  max-width: 40%; height: auto; padding: 0.15em 0; line-height: 1.3; white-space: normal;
  overflow: visible; text-overflow: clip; overflow-wrap: anywhere;
}
.nhs-explorer .widget-html-content { line-height: 1.5; }
"""


def _slider(p: Parameter, value) -> widgets.Widget:
    cls = widgets.IntSlider if p.integer else widgets.FloatSlider
    kwargs = dict(
        value=value,
        min=p.minimum,
        max=p.maximum,
        step=p.step,
        description=f"{p.label} ({p.unit})",
        continuous_update=True,  # redraws while dragging (ipywidgets sends one change at a time)
        style={"description_width": "16em"},
        layout=widgets.Layout(width="100%", max_width="40em"),
        tooltip=p.help,
    )
    if not p.integer:
        kwargs["readout_format"] = ".2f" if p.step < 0.1 else ".1f"
    return cls(**kwargs)


def checked_start(parameters: tuple[Parameter, ...], values: dict, shown: tuple[str, ...]) -> dict:
    """The explorer's starting values, checked against the parameters.

    A value outside its slider's range is an error naming the parameter, its range and units; it
    is never silently moved to the nearest end of the slider. Names that are not parameters
    (such as ``seed``) are passed to ``render`` unchanged.
    """
    model = getattr(parameters, "model", "") or "model"
    by_name = {p.name: p for p in parameters}
    unknown = [name for name in shown if name not in by_name]
    if unknown:
        raise ValueError(
            f"{model} explorer: no parameter(s) {unknown} to give a slider; known: {sorted(by_name)}"
        )
    missing = [name for name in shown if name not in values]
    if missing:
        raise ValueError(f"{model} explorer: no starting value for {missing}")
    try:
        checked = validate(parameters, {k: v for k, v in values.items() if k in by_name})
    except ValueError as err:
        raise ValueError(
            f"{model} explorer: starting value refused: {str(err).removeprefix(model + ': ')}"
        ) from None
    return {**values, **checked}


def blank_figure():
    """The figure an explorer draws into (each model's plot sets its own height); the book's
    drawn states start from the same one (:func:`nhsreform.book_states.render_state`)."""
    fig = plt.figure(figsize=figure_size(4.2))
    plt.close(fig)  # drawn into by hand; never shown by pyplot itself
    return fig


class ModelExplorer(widgets.VBox):
    """Labelled sliders, the figure and its text description, updated together."""

    def __init__(self, parameters: tuple[Parameter, ...], render, values: dict, shown: tuple[str, ...]):
        self.parameters = parameters
        self.render = render
        self.values = checked_start(parameters, values, shown)
        by_name = {p.name: p for p in parameters}
        self.sliders = {name: _slider(by_name[name], self.values[name]) for name in shown}
        for slider in self.sliders.values():
            slider.observe(self._on_change, names="value")
        self.description = widgets.HTML()
        self._fig = blank_figure()
        self.last_update_seconds = float("nan")
        self._redraw = RedrawCache()  # the figure's frame drawn once, only the data on each move
        self.images: list[widgets.Image] = []
        # The panels' images, side by side while they fit on one line and stacked when not.
        self.figure_box = widgets.Box(
            layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start", width="100%", margin="0")
        )
        self.figure_box.add_class("nhs-explorer-figure")
        self.update()
        # The sliders' layout rules (LAYOUT_CSS), in an element that takes no room.
        style = widgets.HTML(f"<style>{LAYOUT_CSS}</style>", layout=widgets.Layout(display="none"))
        super().__init__([style, *self.sliders.values(), self.figure_box, self.description])
        self.add_class("nhs-explorer")

    @property
    def image(self) -> widgets.Image:
        """The image of the figure's first (or only) panel."""
        return self.images[0]

    @property
    def png(self) -> bytes:
        """The whole figure as one PNG, the column's width (the book's view and tests)."""
        import numpy as np

        return pixels_png(np.hstack(self.panels))

    @property
    def narrow_png(self) -> bytes | None:
        """The panels stacked, as one PNG (what a narrow output shows); ``None`` with one panel."""
        return pixels_png(stacked(self.panels)) if len(self.panels) > 1 else None

    def _show_panels(self, pngs: list[bytes]) -> None:
        if len(self.images) != len(pngs):  # first drawing (or the figure's panels changed)
            self.images = [
                widgets.Image(format="png", layout=widgets.Layout(max_width="100%", margin="0")) for _ in pngs
            ]
            self.figure_box.children = self.images
        for image, png in zip(self.images, pngs, strict=True):
            image.value = png  # shown at its natural size (no wider than the output)

    def _on_change(self, _change) -> None:
        self.update()

    def update(self) -> None:
        """Re-run the model with the sliders' values and redraw (timed in ``last_update_seconds``)."""
        t0 = time.perf_counter()
        for name, slider in self.sliders.items():
            self.values[name] = slider.value
        fig, self.alt = self.render(fig=self._fig, **self.values)
        self.panels = self._redraw.draw(fig)  # exactly the book's column width, cut into its panels
        self._show_panels([pixels_png(p) for p in self.panels])
        self.description.value = f"<p role='status'><em>What the figure shows:</em> {self.alt}</p>"
        self.last_update_seconds = time.perf_counter() - t0

    def book_state(self) -> int | None:
        """The number of the book's drawn state this explorer shows (:mod:`nhsreform.book_states`),
        or ``None`` if it shows settings the book did not draw (then the book shows it still)."""
        from .book_states import state_index
        from .models import models

        model = models().get(getattr(self.parameters, "model", ""))
        if model is None or not model.book_controls:
            return None
        others = {
            k: v for k, v in self.values.items() if k in model.defaults and k not in model.book_controls
        }
        if any(v != model.defaults[k] for k, v in others.items()) or "seed" in self.values:
            return None
        try:
            return state_index(model, self.values)
        except ValueError:
            return None

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(super()._repr_mimebundle_(include=include, exclude=exclude) or {})
        import numpy as np

        from .book_states import palette_png
        from .figures import draw_panels

        # Drawn whole (not from the redraw cache, whose seams may differ by a pixel) as a palette
        # PNG: a third of the size, and byte for byte the book's drawn state at these settings.
        panels = draw_panels(self._fig)
        narrow = palette_png(stacked(panels)) if len(panels) > 1 else None
        figure = figure_html(palette_png(np.hstack(panels)), self.alt, narrow_png=narrow, narrow_density=1)
        state = self.book_state()
        if state is None:
            bundle["text/html"] = LIVE_NOTE + figure
        else:
            from .book_states import explorer_html

            bundle["text/html"] = explorer_html(
                self.parameters.model, tuple(self.sliders), state, LIVE_NOTE, figure, self.alt
            )
        bundle["text/plain"] = f"[Model explorer] {self.alt}"
        return bundle
