"""The live explorers' fast redraw (nhsreform.figures.RedrawCache): the frame (axes, ticks, labels)
is drawn once and only the data on each slider move, yet what the student sees is what a full
drawing shows, for every model's explorer, and the frame is drawn again whenever it changes."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from nhsreform.figures import RedrawCache, draw_panels, steady_limits  # noqa: E402
from nhsreform.models import models  # noqa: E402

#: A pixel "differs" when a colour channel moves by more than this (anti-aliasing aside).
CHANNEL = 40
#: Share of pixels allowed to differ from a full drawing: data drawn over a spine where a full
#: drawing puts the spine on top (a pixel-wide seam), nothing more.
SEAM = 0.002


def _differing(a, b) -> float:
    assert a.shape == b.shape
    return float((np.abs(a.astype(int) - b.astype(int)).max(axis=2) > CHANNEL).mean())


@pytest.mark.parametrize("name", list(models()))
def test_every_explorer_shows_what_a_full_drawing_shows(name):
    explorer = models()[name].explorer()
    sliders = list(explorer.sliders.values())
    for i in range(6):
        slider = sliders[i % len(sliders)]
        slider.value = slider.min + ((i * 0.37 + 0.1) % 1) * (slider.max - slider.min)
        fast = np.hstack(explorer.panels)
        full = np.hstack(draw_panels(explorer._fig))
        assert _differing(fast, full) < SEAM, f"{name}: move {i} ({slider.description}) differs"


def _line_figure():
    fig, ax = plt.subplots(figsize=(7.4, 4))
    (line,) = ax.plot([0, 1, 2], [0, 1, 0])
    ax.set(xlim=(0, 2), ylim=(0, 2), xlabel="x", ylabel="y", title="first")
    return fig, ax, line


def test_the_frame_is_drawn_once_while_only_the_data_changes():
    fig, ax, line = _line_figure()
    cache = RedrawCache()
    first = np.hstack(cache.draw(fig))
    line.set_ydata([1, 0, 1])
    ax.set_title("second, a longer title")
    second = np.hstack(cache.draw(fig))
    assert cache.full_drawings == 1
    assert _differing(first, second) > 0.001  # the new line and title are shown
    assert _differing(second, np.hstack(draw_panels(fig))) < SEAM
    plt.close(fig)


@pytest.mark.parametrize(
    "change",
    [
        lambda fig, ax: ax.set_ylim(0, 5),
        lambda fig, ax: ax.set_xlabel("another label"),
        lambda fig, ax: ax.set_yscale("log"),
        lambda fig, ax: ax.set_position([0.2, 0.2, 0.5, 0.5]),
        lambda fig, ax: fig.set_size_inches(7.4, 5),
        lambda fig, ax: ax.set_xticks([0, 0.5, 2], ["a", "b", "c"]),
        lambda fig, ax: fig.legend(["a line"]),
        lambda fig, ax: (fig.clear(), fig.add_subplot().plot([0, 1], [1, 0])),
    ],
    ids=["limits", "axis label", "scale", "position", "size", "ticks", "figure legend", "new axes"],
)
def test_the_frame_is_drawn_again_when_it_changes(change):
    fig, ax, _ = _line_figure()
    cache = RedrawCache()
    cache.draw(fig)
    change(fig, ax)
    fast = np.hstack(cache.draw(fig))
    assert cache.full_drawings == 2
    assert _differing(fast, np.hstack(draw_panels(fig))) < SEAM
    plt.close(fig)


def test_a_title_keeps_its_place_over_a_figure_laid_out_by_an_engine():
    fig, ax = plt.subplots(figsize=(7.4, 4), layout="constrained")
    (line,) = ax.plot([0, 1], [0, 1])
    ax.set_title("two lines\nof title")
    cache = RedrawCache()
    cache.draw(fig)
    line.set_ydata([1, 0])
    fast = np.hstack(cache.draw(fig))
    assert fig.get_layout_engine() is not None  # the engine is given back
    assert _differing(fast, np.hstack(draw_panels(fig))) < SEAM
    plt.close(fig)


@pytest.mark.parametrize(
    "data, expected",
    [((0, 7.3), (0, 8)), ((93.2, 131.7), (90, 140)), ((-2.1, 40.2), (-10, 50)), ((5, 5), (4, 6))],
)
def test_steady_limits_round_outwards_to_a_round_step(data, expected):
    low, high = data
    got = steady_limits(low, high)
    assert got == pytest.approx(expected)
    assert got[0] <= low and got[1] >= high
    if high > low:  # a small change in the data leaves the limits where they were
        assert steady_limits(low + 0.01 * (high - low), high) == got


@pytest.mark.parametrize("bad", [(1.0, 0.0), (float("nan"), 1.0), (0.0, float("inf"))])
def test_steady_limits_refuse_bad_input(bad):
    with pytest.raises(ValueError, match="steady_limits needs finite low <= high"):
        steady_limits(*bad)


def test_ticks_set_again_to_the_same_keep_the_frame():
    """A model that sets the same ticks on every move (a new but equal locator) keeps the frame."""
    fig, ax, line = _line_figure()
    cache = RedrawCache()
    cache.draw(fig)
    for _ in range(3):
        ax.set_yticks([0, 1, 2])
        line.set_ydata([2, 1, 2])
        cache.draw(fig)
    assert cache.full_drawings == 2  # the first set_yticks changed the ticks; the next two did not
    plt.close(fig)


def test_the_fast_png_is_a_standard_png_with_the_same_pixels():
    import io

    from PIL import Image

    from nhsreform.figures import pixels_png, png_size

    rng = np.random.default_rng(1)
    for shape in ((1, 1, 3), (37, 53, 3), (300, 740, 3)):
        pixels = rng.integers(0, 256, size=shape, dtype=np.uint8)
        pixels[: shape[0] // 2] = 255  # flat areas as well as noise
        png = pixels_png(pixels)
        assert png_size(png) == (shape[1], shape[0])
        back = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
        assert np.array_equal(back, pixels)
        assert pixels_png(pixels) == png  # deterministic


def test_a_legend_outside_its_axes_is_frame_and_its_texts_are_watched():
    fig, ax, line = _line_figure()
    legend = ax.legend([line], ["a line"], loc="upper center", bbox_to_anchor=(0.5, -0.15))
    fig.subplots_adjust(bottom=0.3)
    cache = RedrawCache()
    cache.draw(fig)
    assert cache._outside == {id(legend)}
    line.set_ydata([2, 0, 2])
    cache.draw(fig)
    assert cache.full_drawings == 1  # the legend below the axes is kept with the frame
    legend.get_texts()[0].set_text("renamed")
    fast = np.hstack(cache.draw(fig))
    assert cache.full_drawings == 2  # ... and drawn again when its text changes
    assert _differing(fast, np.hstack(draw_panels(fig))) < SEAM
    plt.close(fig)


def test_a_legend_over_the_data_is_drawn_with_the_data():
    fig, ax, line = _line_figure()
    ax.legend([line], ["a line"], loc="center")
    cache = RedrawCache()
    cache.draw(fig)
    assert cache._outside == set()
    line.set_ydata([1, 1, 1])  # now through the legend: the legend must stay on top
    fast = np.hstack(cache.draw(fig))
    assert cache.full_drawings == 1
    assert _differing(fast, np.hstack(draw_panels(fig))) < SEAM
    plt.close(fig)


def test_steady_limits_cover_the_usual_range_and_widen_beyond_it():
    assert steady_limits(90, 130, include=(80, 160)) == (80, 160)
    assert steady_limits(90, 171, include=(80, 160)) == pytest.approx((80, 180))


def test_limits_of_an_axis_with_no_ticks_keep_the_frame():
    """A map or timeline with no ticks: new limits move only the data, so the frame is kept."""
    fig, ax, line = _line_figure()
    ax.set_yticks([])
    cache = RedrawCache()
    cache.draw(fig)
    ax.set_ylim(-1, 4)
    line.set_ydata([3, 0, 3])
    fast = np.hstack(cache.draw(fig))
    assert cache.full_drawings == 1
    assert _differing(fast, np.hstack(draw_panels(fig))) < SEAM
    ax.set_xlim(0, 5)  # the x axis has ticks: its limits are frame
    cache.draw(fig)
    assert cache.full_drawings == 2
    ax.spines["left"].set_position(("data", 1))  # a spine at a data value moves with the limits
    cache.draw(fig)
    ax.set_xlim(0, 3)
    ax.set_ylim(-2, 4)
    cache.draw(fig)
    assert cache.full_drawings == 4
    plt.close(fig)


def _legend_figure():
    fig, ax = plt.subplots(figsize=(7.4, 4))
    ax.fill_between([0.1, 1.9], 0.1, 1.9, color="#0072B2", alpha=0.5, label="band")  # clear of the spines
    (line,) = ax.plot([0, 1, 2], [0, 1, 0], color="#D55E00", label="a line")
    ax.set(xlim=(0, 2), ylim=(0, 2))
    legend = ax.legend(loc="lower left", framealpha=0.9, frameon=True)
    return fig, ax, line, legend


def _legend_area(fig, legend, pixels):
    """The pixels under the legend's (or a text's) box, and a pixel around it."""
    box = legend.get_window_extent(fig.canvas.get_renderer())
    height = pixels.shape[0]
    return pixels[int(height - box.y1) - 1 : int(height - box.y0) + 2, int(box.x0) - 1 : int(box.x1) + 2]


def test_a_kept_legend_over_the_data_is_laid_over_from_its_pixels():
    fig, ax, line, legend = _legend_figure()
    cache = RedrawCache()
    cache.draw(fig)  # drawn as usual
    assert cache._layers[id(legend)][1] is None
    cache.draw(fig)  # seen again unchanged: drawn alone onto its layer, and laid over
    layer = cache._layers[id(legend)][1]
    assert layer is not None
    for ys in ([0.2, 0.1, 0.2], [0.05, 1.5, 0.05], [1, 1, 1]):  # data under the see-through legend
        line.set_ydata(ys)
        fast = np.hstack(cache.draw(fig)).astype(int)
        full = np.hstack(draw_panels(fig)).astype(int)
        assert cache.full_drawings == 1 and cache._layers[id(legend)][1] is layer  # the layer reused
        # Laid over by hand, the legend's pixels differ from matplotlib's by rounding at most.
        assert np.abs(_legend_area(fig, legend, fast) - _legend_area(fig, legend, full)).max() <= 2
        assert _differing(fast, full) < SEAM
    plt.close(fig)


def test_kept_texts_are_laid_over_and_redrawn_when_they_change():
    fig, ax, line = _line_figure()
    note = ax.text(0.5, 1.5, "a note over the data", fontsize=14, alpha=0.8)
    ax.set_yticks([])  # the limits below move the note but not the frame
    cache = RedrawCache()
    for change in (
        lambda: None,
        lambda: None,
        lambda: line.set_ydata([1.5, 1.5, 1.5]),  # under the note
        lambda: note.set_text("another note"),
        lambda: None,
        lambda: None,
        lambda: ax.set_ylim(0, 3),  # the same place in data, another in pixels
        lambda: note.set_color("#D55E00"),
        lambda: fig.text(0.5, 0.95, "a figure text", ha="center"),
        lambda: None,
    ):
        change()
        fast = np.hstack(cache.draw(fig)).astype(int)
        full = np.hstack(draw_panels(fig)).astype(int)
        for text in (note, *fig.texts):  # laid over by hand: as matplotlib draws them, but for rounding
            assert np.abs(_legend_area(fig, text, fast) - _legend_area(fig, text, full)).max() <= 2
        assert _differing(fast, full) < SEAM
    assert cache.full_drawings == 1
    assert cache._layers[id(note)][1] is not None and cache._layers[id(fig.texts[0])][1] is not None
    plt.close(fig)


@pytest.mark.parametrize(
    "change",
    [
        lambda ax, legend: legend.get_texts()[0].set_text("renamed"),
        lambda ax, legend: legend.legend_handles[1].set_color("#009E73"),
        lambda ax, legend: legend.get_frame().set_facecolor("#eeeeee"),
        lambda ax, legend: ax.legend(loc="lower left", title="a new legend"),
        lambda ax, legend: legend.set_loc("upper right"),
        lambda ax, legend: legend.get_texts()[1].set_fontsize(16),
        lambda ax, legend: legend.legend_handles[1].set_marker("o"),
    ],
    ids=["text", "key colour", "frame colour", "new legend", "place", "text size", "key marker"],
)
def test_a_legend_that_changes_is_drawn_again(change):
    fig, ax, line, legend = _legend_figure()
    cache = RedrawCache()
    for _ in range(3):  # laid over from its layer by the third drawing
        cache.draw(fig)
    change(ax, legend)
    line.set_ydata([2, 0, 2])
    fast = np.hstack(cache.draw(fig)).astype(int)
    full = np.hstack(draw_panels(fig)).astype(int)
    legend = ax.get_legend()
    assert np.abs(_legend_area(fig, legend, fast) - _legend_area(fig, legend, full)).max() <= 2
    assert _differing(fast, full) < SEAM
    plt.close(fig)


def test_frames_shown_before_are_found_again():
    """A slider that moves an axis's limits back and forth draws each frame once."""
    fig, ax, line = _line_figure()
    cache = RedrawCache()
    for top in (2, 3, 2, 3, 2, 5):
        ax.set_ylim(0, top)
        line.set_ydata([top, 0, top])
        fast = np.hstack(cache.draw(fig))
        assert _differing(fast, np.hstack(draw_panels(fig))) < SEAM
    assert cache.full_drawings == 3  # 2, 3 and 5
    plt.close(fig)


@pytest.mark.parametrize("name", list(models()))
def test_letters_drawn_from_kept_bitmaps_are_exactly_matplotlibs(name):
    """The glyph cache (RedrawCache's text drawing) gives the very pixels matplotlib draws: whole
    figures, drawn with it twice (the second time from kept bitmaps), byte for byte."""
    from nhsreform.figures import _GlyphCache

    explorer = models()[name].explorer()
    fig = explorer._fig
    glyphs = _GlyphCache()
    if not glyphs.usable(fig.canvas.get_renderer()):
        pytest.skip("this matplotlib lacks the internals the glyph cache needs")
    sliders = list(explorer.sliders.values())
    for i in range(3):
        slider = sliders[i % len(sliders)]
        slider.value = slider.min + ((i * 0.37 + 0.1) % 1) * (slider.max - slider.min)
        plain = np.hstack(draw_panels(fig))
        for _ in range(2):
            renderer = fig.canvas.get_renderer()
            glyphs.install(renderer)
            try:
                cached = np.hstack(draw_panels(fig))
            finally:
                glyphs.remove(renderer)
            assert np.array_equal(cached, plain), f"{name}: move {i} drawn differently"
    assert glyphs._bitmaps, "the letters were drawn through the cache"
    assert "_draw_text_glyphs_and_boxes" not in vars(fig.canvas.get_renderer())  # removed again
