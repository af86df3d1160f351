"""Figures shown with alt text, a caption and a source line, in Jupyter and in the book.

``show_figure(fig, alt=..., caption=..., datasets=(...))`` returns an object whose HTML is a
``<figure>`` with the PNG inline (so the page needs no extra files) and whose plain-text form is
the alt text. The PNG carries no timestamp, so the output is the same on every run.

Sizes: a course figure is drawn exactly as wide as the book's text column
(:data:`nhsreform.style.COLUMN_WIDTH_PX`), and the ``<img>`` says so (``width``/``height``) and
may shrink but never grow (``max-width: 100%``): at desktop widths it is shown pixel for pixel.
A figure with side-by-side panels may also pass a narrow version, panels stacked, drawn by the
same function with ``layout="narrow"``: ``show_figure(fig, alt=..., narrow=narrow_fig)``. The
HTML is then a ``<picture>`` whose ``<source media="(max-width: 600px)">`` is the narrow PNG at
twice the pixel density, so a phone shows the stacked panels, with the same alt text.
The live explorer's figures are redrawn on every slider move, so they are not drawn twice:
instead the figure says where its panels may be cut apart (:func:`set_panel_cuts`) and the
explorer shows the pieces side by side or stacked (:mod:`nhsreform.explorer`).

No link to a full-size image: the image is already shown at its natural size on a laptop, and
browsers refuse to open a ``data:`` address as a page (Chromium and Firefox block top-level
navigation to ``data:`` URLs), while separate image files would break the figures' "one HTML
output, no extra files" design. On a phone the stacked version is shown and can be zoomed.

The source line comes from the data, not from retyped text: for each name in ``datasets`` the
caption shows the ``attribution`` (source and licence) from the dataset's card
(``datasets/<name>.md``, see :mod:`nhsreform.data`) and names the dataset. ``source=`` adds free text
after those lines: the source of a stylised model's figure, or details a card does not give.
"""

from __future__ import annotations

import base64
import html
import io
import struct
from collections.abc import Iterable

import matplotlib.pyplot as plt
from matplotlib.legend import Legend
from matplotlib.text import Text

from .data import dataset
from .style import COLUMN_WIDTH_PX, NARROW_DENSITY, NARROW_WIDTH_PX
from .text import inline_markdown

#: Viewports at most this wide (CSS px) show a figure's narrow version, where there is one.
NARROW_MEDIA = "(max-width: 600px)"


def _laid_out_by_hand(fig) -> bool:
    """True if ``fig`` has a layout engine, axes placed by hand, or changed subplot margins."""
    if fig.get_layout_engine() is not None:
        return True
    if any(ax.get_subplotspec() is None for ax in fig.axes):
        return True
    pars, rc = fig.subplotpars, plt.rcParams
    return any(getattr(pars, k) != rc[f"figure.subplot.{k}"] for k in ("left", "right", "bottom", "top"))


def figure_png(fig, width_px: int = COLUMN_WIDTH_PX, density: int = 1, tight: bool = True) -> bytes:
    """PNG bytes with no timestamp, exactly ``width_px * density`` pixels wide.

    The resolution is chosen for that width (course figures, :func:`nhsreform.style.figure_size`,
    come out at :data:`~nhsreform.style.FIGURE_DPI`); the page is never cropped, so the width is
    exact. A figure nobody laid out (no layout engine, plain subplots, default margins) is given
    matplotlib's tight layout first so its labels fit; ``tight=False`` skips that (faster).
    """
    if tight and fig.axes and not _laid_out_by_hand(fig):
        fig.set_layout_engine("tight")
    buf = io.BytesIO()
    fig.savefig(
        buf,
        format="png",
        dpi=width_px * density / fig.get_figwidth(),
        metadata={"Software": None},
        pil_kwargs={"compress_level": 1},
    )
    return buf.getvalue()


def png_size(png: bytes) -> tuple[int, int]:
    """``(width, height)`` in pixels, read from the PNG's header."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG image")
    return struct.unpack(">II", png[16:24])


#: Where a figure says its side-by-side panels may be cut apart (see :func:`set_panel_cuts`).
_CUTS = "_nhs_panel_cuts"


def set_panel_cuts(fig, *cuts: float) -> None:
    """Say that ``fig``'s side-by-side panels may be shown apart, and where to cut: ``cuts`` are
    x positions between panels, as fractions of the figure's width, left to right.

    Nothing of a panel (its axes, title, labels, legend or texts) may cross a cut
    (``tests/test_figure_text.py`` checks). The live explorer (:mod:`nhsreform.explorer`) shows
    each panel as its own image: side by side where the output is as wide as the column, one
    above the other where it is narrower, so the text stays 11 pt on a narrow screen.
    """
    if not cuts or any(not a < b for a, b in zip((0.0, *cuts), (*cuts, 1.0), strict=True)):
        raise ValueError(f"panel cuts must be increasing fractions of the width in (0, 1); got {cuts}")
    setattr(fig, _CUTS, tuple(float(c) for c in cuts))


def panel_cuts(fig) -> tuple[float, ...]:
    """The cuts declared with :func:`set_panel_cuts` (none for a single-panel figure)."""
    return getattr(fig, _CUTS, ())


def draw_panels(fig, width_px: int = COLUMN_WIDTH_PX) -> list:
    """Draw ``fig`` once, ``width_px`` pixels wide, and return each panel's pixels (an RGB array
    per panel, cut at :func:`panel_cuts`; the whole figure if it declares none)."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not hasattr(fig.canvas, "buffer_rgba"):
        FigureCanvasAgg(fig)
    dpi = width_px / fig.get_figwidth()
    if fig.dpi != dpi:
        fig.set_dpi(dpi)
    fig.canvas.draw()
    rgb = np.array(fig.canvas.buffer_rgba())[:, :, :3]  # a copy: the next draw reuses the buffer
    edges = [0, *(round(c * rgb.shape[1]) for c in panel_cuts(fig)), rgb.shape[1]]
    return [rgb[:, a:b] for a, b in zip(edges, edges[1:], strict=False)]


def steady_limits(low: float, high: float, include: tuple[float, float] | None = None) -> tuple[float, float]:
    """``(low, high)`` widened outwards to whole multiples of a round step (1, 2 or 5 times a power
    of ten, about a fifth of the span), and to cover ``include`` (a range most settings fit in)
    if given. A live explorer that sets its axes this way changes them only when the data cross a
    step or leave that range, so :class:`RedrawCache` can keep the frame most of the time."""
    import math

    if not (math.isfinite(low) and math.isfinite(high)) or high < low:
        raise ValueError(f"steady_limits needs finite low <= high; got {low!r}, {high!r}")
    if include is not None:
        low, high = min(low, include[0]), max(high, include[1])
    if high == low:  # a flat line: one step either side
        step = 10 ** math.floor(math.log10(abs(low))) if low else 1.0
        return low - step, high + step
    span = high - low
    power = 10 ** math.floor(math.log10(span / 5))
    step = next(m * power for m in (1, 2, 5, 10) if span / (m * power) <= 5)
    return math.floor(low / step) * step, math.ceil(high / step) * step


def _legend_look(legend) -> tuple | None:
    """What a legend shows: its place, texts, keys and their colours; ``None`` for a legend placed
    "best", which moves with the data."""
    if legend._loc == 0:
        return None
    handles = []
    for h in legend.legend_handles:
        if h is None:  # an entry matplotlib could not draw a key for
            continue
        look = [type(h).__name__, h.get_visible(), h.get_alpha()]
        for getter in (
            "get_facecolor",
            "get_edgecolor",
            "get_color",
            "get_linestyle",
            "get_linewidth",
            "get_marker",
            "get_markersize",
            "get_hatch",
        ):
            if hasattr(h, getter):
                look.append(repr(getattr(h, getter)()))
        handles.append(tuple(look))
    frame = legend.get_frame()
    return (
        legend._loc,
        tuple(legend.get_bbox_to_anchor().bounds),
        tuple((t.get_text(), repr(t.get_color()), hash(t.get_fontproperties())) for t in legend.get_texts()),
        legend.get_title().get_text(),
        hash(legend.get_title().get_fontproperties()),
        legend.get_frame_on(),
        repr(frame.get_facecolor()),
        repr(frame.get_edgecolor()),
        tuple(handles),
    )


def _text_look(text) -> tuple | None:
    """What a text shows and where, in pixels; ``None`` for a text drawn in ways this does not
    follow (a box around it, path effects, wrapping, TeX, filters, rotation with its transform)."""
    if (
        text.get_bbox_patch() is not None
        or text.get_path_effects()
        or text.get_usetex()
        or text.get_wrap()
        or text.get_agg_filter() is not None
        or text.get_rasterized()
        or text.get_transform_rotates_text()
    ):
        return None
    clip = text.get_clip_box()
    return (
        text.get_text(),
        tuple(text.get_transform().transform(text.get_unitless_position())),
        repr(text.get_color()),
        text.get_alpha(),
        hash(text.get_fontproperties()),
        text.get_rotation(),
        text.get_rotation_mode(),
        text.get_horizontalalignment(),
        text.get_verticalalignment(),
        text._multialignment,
        text._linespacing,
        text.get_antialiased(),
        text.get_parse_math(),
        text.get_fontfeatures(),
        text.get_language(),
        text.get_clip_on(),
        None if clip is None else tuple(clip.bounds),
        id(text.get_clip_path()),
    )


def _look(artist) -> tuple | None:
    """A key to what an artist shows, for the artists :class:`RedrawCache` may keep as pixels
    (legends and texts); ``None`` for any other (always drawn)."""
    if isinstance(artist, Legend):
        look = _legend_look(artist)
    elif isinstance(artist, Text):
        look = _text_look(artist)
    else:
        return None
    return None if look is None else (id(artist), type(artist).__name__, *look)


def _lay_over(buffer, row: int, col: int, colour, keep) -> None:
    """Lay a layer (:meth:`RedrawCache._drawn_alone`) over the RGBA ``buffer``, in place."""
    import numpy as np

    h, w = colour.shape[:2]
    under = buffer[row : row + h, col : col + w, :3]
    under[...] = np.rint(under * keep + colour).astype(np.uint8)


#: What a tick formatter sets for itself when the axis is drawn (not settings of the frame).
_DRAWN_STATE = frozenset({"axis", "_locs", "locs", "_format", "format", "orderOfMagnitude", "offset"})

#: How many frames a :class:`RedrawCache` keeps (each the figure's size in pixels, about 1.5 MB).
FRAMES_KEPT = 4


class _GlyphCache:
    """Each letter's pixels, rendered once by FreeType and reused: what text costs most to draw.

    matplotlib (3.11) draws a text letter by letter: FreeType renders each letter at its place,
    to a 64th of a pixel, and the bitmap is copied onto the canvas. A letter rendered at a place
    a whole number of pixels away from another comes out the same bitmap, moved by those pixels,
    so the bitmaps are kept by font, size, letter, rotation and the fraction of a pixel, and a
    text drawn again (a tick label, or a title whose numbers change) costs copies, not renderings.
    The pixels are exactly those matplotlib draws (``tests/test_redraw_cache.py`` compares whole
    figures, byte for byte). Used only while :class:`RedrawCache` draws; where matplotlib lacks
    the internals this needs (another version), text is drawn as usual.
    """

    MAX_BITMAPS = 20_000  # about 10 MB at the course's text sizes; emptied when full

    def __init__(self) -> None:
        self._bitmaps: dict = {}

    @staticmethod
    def usable(renderer) -> bool:
        from matplotlib.ft2font import FT2Font

        return all(
            (
                hasattr(type(renderer), "_draw_text_glyphs_and_boxes"),
                hasattr(FT2Font, "_render_glyph"),
                hasattr(FT2Font, "_set_transform"),
            )
        )

    def install(self, renderer) -> bool:
        """Draw ``renderer``'s text through this cache until :meth:`remove`; False if it cannot."""
        if not self.usable(renderer):
            return False
        renderer._draw_text_glyphs_and_boxes = lambda *args: self._draw(renderer, *args)
        return True

    @staticmethod
    def remove(renderer) -> None:
        renderer.__dict__.pop("_draw_text_glyphs_and_boxes", None)

    def _draw(self, renderer, gc, x, y, angle, glyphs, boxes) -> None:
        """matplotlib's ``RendererAgg._draw_text_glyphs_and_boxes`` (3.11), with the letters'
        bitmaps kept. Boxes (drawn by mathtext) go to matplotlib's own code."""
        import math

        import numpy as np
        from matplotlib.backends.backend_agg import get_hinting_flag
        from matplotlib.ft2font import RenderMode

        if boxes:
            return type(renderer)._draw_text_glyphs_and_boxes(renderer, gc, x, y, angle, glyphs, boxes)
        if len(self._bitmaps) > self.MAX_BITMAPS:
            self._bitmaps.clear()
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        load_flags = get_hinting_flag()
        mode = RenderMode.NORMAL if gc.get_antialiased() else RenderMode.MONO
        height = renderer.height
        for font, size, glyph_index, slant, extend, dx, dy in glyphs:  # dy is upwards
            # Where FreeType places the letter, in 64ths of a pixel (FreeType's y is upwards).
            px = round(0x40 * (x + dx * cos - dy * sin))
            py = round(0x40 * (height - y + dx * sin + dy * cos))
            key = (id(font), font.fname, size, renderer.dpi, glyph_index, slant, extend, angle)
            key += (px & 63, py & 63, load_flags, mode)
            kept = self._bitmaps.get(key)
            if kept is None:
                font.set_size(size, renderer.dpi)
                matrix = 0x10000 * np.array([[cos, -sin], [sin, cos]]) @ [[extend, extend * slant], [0, 1]]
                font._set_transform(matrix.round().astype(int), [px & 63, py & 63])
                bitmap = font._render_glyph(glyph_index, load_flags, mode)
                buffer = bitmap.buffer if gc.get_antialiased() else bitmap.buffer * 0xFF
                kept = self._bitmaps[key] = (buffer, bitmap.left, bitmap.top)
            buffer, left, top = kept
            # The same bitmap, moved by the whole pixels (draw_text_image's y is downwards).
            renderer._renderer.draw_text_image(
                buffer, left + (px >> 6), int(height) - (top + (py >> 6)) + buffer.shape[0], 0, gc
            )


class RedrawCache:
    """Draws the same figure again and again, fast: what the live explorer uses on every slider move.

    A figure's slow part to draw is its frame: axes, ticks, tick labels, axis labels, grid and
    figure legends (text is most of the cost). When a slider moves, most explorers change only
    their data: lines, bands, bars, markers, titles and notes. So the frame is drawn once, with the
    data hidden, and kept as pixels; each redraw puts those pixels back and draws only the data on
    top (matplotlib's "blitting"). The frame is drawn again whenever anything it shows could have
    changed: the axes' limits, scales, positions, labels, tick locators or formatters, a figure
    legend's texts, the figure's size, or the axes themselves (a model that clears its figure and
    builds new axes therefore always gets a full drawing, never a stale one). The limits of an axis
    with no ticks at all (a map, a timeline whose rows are not numbered) do not count: they
    change no pixel of the frame. The last :data:`FRAMES_KEPT` frames are kept, so a slider
    that moves an axis's limits back and forth draws each frame only once.
    ``tests/test_redraw_cache.py`` checks, for every model's explorer, that the pixels match a full
    drawing of the same figure.

    Artists counted as data ("dynamic"): every child of an axes except its background patch,
    spines and axes (so lines, collections, patches, images, texts, titles and an axes legend
    that sits over the data), and the figure's own texts. An axes legend placed outside its
    axes (below them, say) counts as frame, with its texts in the key. Drawn in matplotlib's order (axes by
    z-order, then each axes' children by z-order), so the picture is the same as a full drawing.

    Legends over the data and texts (titles, notes, labels) that stay the same from one move to
    the next (the same object, showing the same things at the same place, in pixels) are drawn
    once more on their own, onto a transparent layer, when they are seen unchanged a second time;
    from then on that layer is laid over the data at the artist's turn in the drawing order, at a
    small fraction of the cost of drawing text. The layer is the artist's own pixels with their
    opacity, so a see-through legend still shows the data under it. A model that wants this keeps
    its legend and texts from move to move and changes them only when they must change (a new
    legend or text, or one that changed, is simply drawn, as the rest of the data).
    """

    def __init__(self) -> None:
        self._key = None
        # The last few frames drawn, newest last: frame key -> (pixels, axes legends drawn with it).
        # A slider that moves an axis's limits back and forth finds its frames again.
        self._frames: dict = {}
        self.full_drawings = 0  # how many times the frame was drawn (tests and the benchmark)
        self._outside: set[int] = set()  # ids of axes legends drawn with the frame
        # id of a legend or text drawn with the data -> (what it showed, its layer or None)
        self._layers: dict[int, tuple] = {}
        self._scratch = None  # the transparent canvas that layers are drawn on
        self._glyphs = _GlyphCache()

    @staticmethod
    def _outside_legends(fig) -> set[int]:
        """The axes legends that lie wholly outside their axes: no data is drawn over them."""
        renderer = fig.canvas.get_renderer()
        found = set()
        for ax in fig.axes:
            legend = ax.get_legend()
            if legend is None or legend._loc == 0:  # "best" moves with the data
                continue
            box, area = legend.get_window_extent(renderer), ax.bbox
            if box.x1 <= area.x0 or box.x0 >= area.x1 or box.y1 <= area.y0 or box.y0 >= area.y1:
                found.add(id(legend))
        return found

    def _dynamic(self, fig) -> list:
        found = []
        for ax in sorted(fig.axes, key=lambda a: a.get_zorder()):
            if not ax.get_visible():
                continue
            frame = {ax.patch, *ax.spines.values(), *ax._axis_map.values()}
            legend = ax.get_legend()
            if legend is not None and id(legend) in self._outside:
                frame.add(legend)
            children = [a for a in ax.get_children() if a not in frame]
            found.extend(sorted(children, key=lambda a: a.get_zorder()))
        found.extend(fig.texts)
        found.extend(t for t in (fig._suptitle, fig._supxlabel, fig._supylabel) if t is not None)
        return found

    @staticmethod
    def _settings(obj) -> str:
        """A tick locator's or formatter's class and settings: a new but equal one (a model that
        sets its ticks again on every move) keeps the frame; an object whose settings include
        another object prints that object's address, so it counts as changed (never stale). What
        a formatter works out for itself when it is drawn (the ticks it last labelled, its format
        and offset) is left out: it follows from the limits and the locator, which the key holds,
        and it would make a frame drawn earlier look different from the same frame now."""
        drawn = _DRAWN_STATE if getattr(obj, "_useOffset", True) else _DRAWN_STATE - {"offset"}  # fixed
        settings = sorted((k, v) for k, v in vars(obj).items() if k not in drawn)
        return type(obj).__qualname__ + repr(settings)

    @classmethod
    def _axis_key(cls, axis) -> tuple:
        units = getattr(axis, "units", None)
        return (
            cls._settings(axis.get_major_locator()),
            cls._settings(axis.get_major_formatter()),
            cls._settings(axis.get_minor_locator()),
            tuple(getattr(units, "_mapping", {}) or {}) if units is not None else (),
            axis.get_visible(),
            axis.label.get_text(),
            axis.label.get_visible(),
        )

    @staticmethod
    def _limits_matter(ax, axis) -> bool:
        """Whether an axis's limits show in the frame. They do not when the axis has no ticks at
        all (no tick marks, labels or grid lines to place; a map, say, or a timeline whose rows are
        not numbered) and no spine is placed at a data value: then new limits move only the data,
        which is drawn on every move anyway."""
        from matplotlib.ticker import FixedLocator, NullLocator

        for locator in (axis.get_major_locator(), axis.get_minor_locator()):
            empty = type(locator) is NullLocator or (type(locator) is FixedLocator and len(locator.locs) == 0)
            if not empty:
                return True
        return ax.name != "rectilinear" or any(s.get_position()[0] == "data" for s in ax.spines.values())

    def _frame_key(self, fig) -> tuple:
        parts = [tuple(fig.get_size_inches()), fig.dpi, id(fig.get_layout_engine())]
        for ax in fig.axes:
            parts.append(
                (
                    id(ax),
                    ax.get_visible(),
                    ax.axison,
                    tuple(ax.get_position().bounds),
                    tuple(ax.get_xlim()) if self._limits_matter(ax, ax.xaxis) else None,
                    tuple(ax.get_ylim()) if self._limits_matter(ax, ax.yaxis) else None,
                    ax.get_xscale(),
                    ax.get_yscale(),
                    self._axis_key(ax.xaxis),
                    self._axis_key(ax.yaxis),
                )
            )
        axes_legends = [ax.get_legend() for ax in fig.axes]
        for legend in [*fig.legends, *(x for x in axes_legends if x is not None and id(x) in self._outside)]:
            parts.append((id(legend), legend.get_visible(), tuple(t.get_text() for t in legend.get_texts())))
        return tuple(parts)

    def draw(self, fig, width_px: int = COLUMN_WIDTH_PX) -> list:
        """Like :func:`draw_panels`: ``fig`` drawn ``width_px`` wide, as one RGB array per panel."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        if not hasattr(fig.canvas, "copy_from_bbox"):
            FigureCanvasAgg(fig)
        dpi = width_px / fig.get_figwidth()
        if fig.dpi != dpi:
            fig.set_dpi(dpi)
        renderer = fig.canvas.get_renderer()
        self._glyphs.install(renderer)
        try:
            return self._draw(fig, renderer)
        finally:
            self._glyphs.remove(renderer)

    def _draw(self, fig, renderer) -> list:
        import numpy as np

        key = self._frame_key(fig)
        kept = self._frames.pop(key, None)
        if kept is None:
            engine = fig.get_layout_engine()
            if engine is not None:  # lay out with the data shown, then draw the frame as laid out
                engine.execute(fig)
                fig.set_layout_engine("none")
            self._outside = self._outside_legends(fig)
            dynamic = self._dynamic(fig)
            # Titles are made transparent rather than hidden: matplotlib places a hidden title
            # wrongly, and this way the drawing puts each title where a full drawing does.
            titles = {
                t: t.get_alpha() for ax in fig.axes for t in (ax.title, ax._left_title, ax._right_title)
            }
            shown = [a.get_visible() for a in dynamic]
            for artist in dynamic:
                if artist in titles:
                    artist.set_alpha(0.0)
                else:
                    artist.set_visible(False)
            try:
                fig.canvas.draw()
            finally:
                for artist, visible in zip(dynamic, shown, strict=True):
                    artist.set_visible(visible)
                for title, alpha in titles.items():
                    title.set_alpha(alpha)
                if engine is not None:
                    fig.set_layout_engine(engine)
            self._key = self._frame_key(fig)
            self._frames[self._key] = (fig.canvas.copy_from_bbox(fig.bbox), self._outside)
            while len(self._frames) > FRAMES_KEPT:
                del self._frames[next(iter(self._frames))]  # the least recently shown
            self.full_drawings += 1
        else:
            self._key = key
            self._frames[key] = kept  # now the most recently shown
            background, self._outside = kept
            dynamic = self._dynamic(fig)
            fig.canvas.restore_region(background)
        renderer = fig.canvas.get_renderer()  # the same, unless the frame's drawing made a new one
        buffer = np.asarray(fig.canvas.buffer_rgba())  # the canvas's own pixels, not a copy
        layers = {}
        for artist in dynamic:
            if not artist.get_visible():
                continue
            look = _look(artist)
            if look is None:
                artist.draw(renderer)
                continue
            key = (fig.dpi, tuple(fig.get_size_inches()), look)
            kept = self._layers.get(id(artist))
            if kept is None or kept[0] != key:  # new or changed: drawn as usual
                artist.draw(renderer)
                layers[id(artist)] = (key, None)
                continue
            layer = kept[1] if kept[1] is not None else self._drawn_alone(fig, artist)
            _lay_over(buffer, *layer)
            layers[id(artist)] = (key, layer)
        self._layers = layers  # only what is shown now
        rgb = np.array(fig.canvas.buffer_rgba())[:, :, :3]
        edges = [0, *(round(c * rgb.shape[1]) for c in panel_cuts(fig)), rgb.shape[1]]
        return [rgb[:, a:b] for a, b in zip(edges, edges[1:], strict=False)]

    def _drawn_alone(self, fig, artist) -> tuple:
        """``artist`` drawn on its own, at its place in ``fig``, onto a transparent canvas of the
        same size: ``(row, column, colour, keep)``, the smallest box holding what it drew, its
        colour already weighted by its opacity, and the share of what lies under it that shows
        through."""
        import numpy as np
        from matplotlib.backends.backend_agg import RendererAgg

        under = fig.canvas.get_renderer()
        scratch = self._scratch
        if scratch is None or (scratch.width, scratch.height, scratch.dpi) != (
            under.width,
            under.height,
            under.dpi,
        ):
            scratch = self._scratch = RendererAgg(under.width, under.height, under.dpi)
        scratch.clear()  # transparent
        artist.draw(scratch)
        opacity = np.asarray(scratch.buffer_rgba())[:, :, 3]
        rows, cols = np.flatnonzero(opacity.any(axis=1)), np.flatnonzero(opacity.any(axis=0))
        if not len(rows):  # drew nothing (an empty text)
            return 0, 0, np.zeros((0, 0, 3), np.float32), np.ones((0, 0, 1), np.float32)
        box = np.asarray(scratch.buffer_rgba())[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
        box = box.astype(np.float32)
        alpha = box[:, :, 3:] / 255.0  # matplotlib keeps colours unweighted by their opacity
        return int(rows[0]), int(cols[0]), box[:, :, :3] * alpha, 1.0 - alpha


def pixels_png(pixels) -> bytes:
    """PNG bytes (no timestamp) of an RGB array from :func:`draw_panels`, made for speed.

    The live explorer encodes a figure on every slider move. Pillow always tries five row filters
    per row and keeps the best, which costs more than the drawing of the data itself; course
    figures are mostly flat colour, so unfiltered rows at zlib level 1 come out as small (often
    smaller) in about a quarter of the time. The PNG is a standard 8-bit RGB image: Pillow and
    every browser read it (``tests/test_redraw_cache.py`` checks the pixels come back unchanged).
    """
    import zlib

    import numpy as np

    height, width, _ = pixels.shape
    rows = np.zeros((height, 1 + 3 * width), dtype=np.uint8)  # each row: filter type 0, then RGB
    rows[:, 1:] = pixels.reshape(height, -1)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows.tobytes(), 1))
        + chunk(b"IEND", b"")
    )


def stacked(panels: list):
    """The panels one above the other, left-aligned on white: a figure's narrow version."""
    import numpy as np

    width = max(p.shape[1] for p in panels)
    return np.vstack(
        [np.pad(p, ((0, 0), (0, width - p.shape[1]), (0, 0)), constant_values=255) for p in panels]
    )


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _as_tuple(source: str | Iterable[str]) -> tuple[str, ...]:
    items = (source,) if isinstance(source, str) else tuple(source)
    return tuple(s for s in items if s and s.strip())


def figure_html(
    png: bytes,
    alt: str,
    caption: str = "",
    source: str | Iterable[str] = "",
    narrow_png: bytes | None = None,
    narrow_density: int = NARROW_DENSITY,
) -> str:
    """A ``<figure>``: the PNG inline with its alt text and natural size, the caption, then one
    line per source. With ``narrow_png`` (drawn at ``narrow_density`` pixels per CSS pixel,
    :data:`~nhsreform.style.NARROW_DENSITY` for :func:`show_figure`), a ``<picture>`` that
    shows it on narrow screens instead."""
    width, height = png_size(png)
    img = (
        f'<img src="{_data_uri(png)}" alt="{html.escape(alt, quote=True)}" width="{width}" '
        f'height="{height}" style="max-width:100%;height:auto">'
    )
    if narrow_png is not None:
        nw, nh = png_size(narrow_png)
        source_tag = (
            f'<source media="{NARROW_MEDIA}" srcset="{_data_uri(narrow_png)} {narrow_density}x" '
            f'width="{nw // narrow_density}" height="{nh // narrow_density}">'
        )
        img = f"<picture>{source_tag}{img}</picture>"
    parts = [img]
    cap = inline_markdown(caption) if caption else ""
    for line in _as_tuple(source):
        cap += f"<br><small>Source: {inline_markdown(line)}</small>"
    if cap:
        parts.append(f"<figcaption>{cap}</figcaption>")
    return f'<figure class="nhs-figure" style="margin:1rem 0">{"".join(parts)}</figure>'


def dataset_attributions(datasets: str | Iterable[str]) -> tuple[str, ...]:
    """One source line per dataset name: its card's ``attribution`` and the dataset's name.

    Raises ``ValueError`` naming the dataset for an unknown name or a card with no attribution.
    """
    names = (datasets,) if isinstance(datasets, str) else tuple(datasets)
    lines = []
    for name in names:
        try:
            card = dataset(name)
        except KeyError as err:  # no such card: say so, with the names that do exist
            message = err.args[0] if err.args else f"no dataset {name!r}"
            raise ValueError(f"show_figure(datasets=...): {message}") from None
        attribution = " ".join(card.attribution.split())
        if not attribution:
            raise ValueError(
                f"show_figure(datasets=...): the card datasets/{name}.md has no "
                f"attribution to show as the figure's source"
            )
        lines.append(f"{attribution} Course dataset `{name}`.")
    return tuple(lines)


class Figure:
    """A rendered figure with its alt text; displays as HTML, or as text where HTML is not shown.

    ``source`` is one source line or several (shown one per line under the caption).
    """

    def __init__(
        self,
        png: bytes,
        alt: str,
        caption: str = "",
        source: str | Iterable[str] = "",
        narrow_png: bytes | None = None,
    ):
        if not alt or not alt.strip():
            raise ValueError("alt must describe the figure for readers who cannot see it")
        self.png, self.alt, self.caption, self.narrow_png = png, alt, caption, narrow_png
        self.sources = _as_tuple(source)

    @property
    def source(self) -> str:
        """All source lines as one string."""
        return " ".join(self.sources)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {
            "text/html": figure_html(self.png, self.alt, self.caption, self.sources, self.narrow_png),
            "text/plain": f"[Figure] {self.alt}",
        }


def show_figure(
    fig,
    alt: str,
    caption: str = "",
    source: str = "",
    datasets: str | Iterable[str] = (),
    narrow=None,
) -> Figure:
    """Render ``fig`` with its alt text and close it (so Jupyter does not show it twice).

    ``datasets``: names of the datasets plotted (e.g. ``("rtt_waiting_list_2007_2018",)``); each
    card's attribution becomes a source line. ``source``: extra source text, shown after them.
    ``narrow``: the same figure drawn with ``layout="narrow"`` (panels stacked), shown instead on
    screens up to 600 px wide, with the same alt text; it is closed too.
    An unknown dataset name raises ``ValueError`` (the figure is closed, not shown half-labelled).
    """
    try:
        lines = dataset_attributions(datasets) + _as_tuple(source)
    except ValueError:
        plt.close(fig)
        if narrow is not None:
            plt.close(narrow)
        raise
    png = figure_png(fig)
    plt.close(fig)
    narrow_png = None
    if narrow is not None:
        narrow_png = figure_png(narrow, width_px=NARROW_WIDTH_PX, density=NARROW_DENSITY)
        plt.close(narrow)
    return Figure(png, alt, caption, lines, narrow_png)
