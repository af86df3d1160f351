"""Plotting style: a colour-blind-safe palette (Okabe & Ito, 2008) and readable defaults.

Colour is never the only cue: the course's plots also differ by line style or marker, and each
figure has alt text (see :mod:`nhsreform.figures`).

Figures are drawn at the width they are read at. The book's text column (sphinx-book-theme) leaves
an image about 740 CSS px at desktop widths (measured in Chromium: 740 px at 1366 px and 1024 px
windows, 672 px at 1280 px, 774 px from 1440 px up), so a course figure is
:data:`FIGURE_WIDTH_IN` inches at :data:`FIGURE_DPI` dpi, exactly :data:`COLUMN_WIDTH_PX` pixels,
and is shown at that size, neither shrunk nor enlarged. Text is 11 pt or more at that size
(:data:`MIN_FONT_PT`), about the size of the book's own text. Figures with side-by-side panels
also have a narrow version, the panels stacked, :data:`NARROW_WIDTH_IN` inches wide and drawn at
twice the pixel density, which phones show instead (see :func:`nhsreform.figures.show_figure`).
"""

from __future__ import annotations

import datetime

import matplotlib as mpl
import matplotlib.dates as mdates
import matplotlib.units as munits
import numpy as np
from cycler import cycler

#: Width, in CSS pixels, of an image in the book's text column at desktop widths (measured).
COLUMN_WIDTH_PX = 740
#: Resolution of course figures: inches times this is pixels.
FIGURE_DPI = 100
#: Width of a course figure, in inches: exactly the column width at :data:`FIGURE_DPI`.
FIGURE_WIDTH_IN = COLUMN_WIDTH_PX / FIGURE_DPI
#: The narrow (phone) version of a multi-panel figure: its width in CSS pixels and inches, drawn
#: at :data:`NARROW_DENSITY` device pixels per CSS pixel (sharp on phone screens).
NARROW_WIDTH_PX = 360
NARROW_DENSITY = 2
NARROW_WIDTH_IN = NARROW_WIDTH_PX / FIGURE_DPI
#: The smallest text (tick labels, legends, titles, axis labels) in a course figure, in points.
MIN_FONT_PT = 11
#: At most this many date ticks on a time axis, so labels such as "Apr 2016" never run together.
MAX_DATE_TICKS = 7
#: The two layouts of a figure with several panels: side by side, or stacked for a phone.
LAYOUTS = ("wide", "narrow")


def figure_size(height_in: float, layout: str = "wide") -> tuple[float, float]:
    """``(width, height)`` in inches of a course figure: the column's width (or the narrow width
    for ``layout="narrow"``) and the given height."""
    check_layout(layout)
    return (FIGURE_WIDTH_IN if layout == "wide" else NARROW_WIDTH_IN, height_in)


def check_layout(layout: str) -> str:
    """Refuse anything but ``"wide"`` or ``"narrow"``, naming the value given."""
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be 'wide' (panels side by side) or 'narrow' (stacked); got {layout!r}")
    return layout


def fit_labels(ax, labels, pad_px: float = 4.0) -> None:
    """Widen ``ax``'s x axis (never narrow it) so that each text in ``labels``, placed in data
    coordinates to the right of a bar, ends inside the axes.

    At 11 pt a value label such as "16.4  (10% cannot choose)" may not fit beside the longest
    bar. The labels are taken out of the figure's layout, so the axes' size in pixels is fixed
    after one draw and the limit can be worked out exactly: a label anchored at ``a`` and ``w``
    pixels wide fits when ``(a - lo) / (hi - lo) * width + w + pad_px <= width``.
    """
    fig = ax.figure
    for label in labels:
        label.set_in_layout(False)
    fig.canvas.draw()
    renderer, width = fig.canvas.get_renderer(), ax.get_window_extent().width
    lo, hi = ax.get_xlim()
    for label in labels:
        anchor = label.get_position()[0]
        room = width - label.get_window_extent(renderer).width - pad_px
        if room > 0:
            hi = max(hi, lo + (anchor - lo) * width / room)
    ax.set_xlim(lo, hi)


def date_axis(ax, max_ticks: int = MAX_DATE_TICKS) -> None:
    """Few, formatted date ticks on ``ax``'s x axis: "Apr 2016" (or "2016" for whole years)."""
    locator = mdates.AutoDateLocator(minticks=3, maxticks=max_ticks)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(_date_formatter(locator))


def _date_formatter(locator):
    formatter = mdates.AutoDateFormatter(locator)
    formatter.scaled.update({365.0: "%Y", 30.0: "%b %Y", 1.0: "%d %b %Y"})
    return formatter


class CourseDateConverter(mdates.DateConverter):
    """Matplotlib's date converter with the course's date ticks (see :func:`date_axis`), so that
    every date axis drawn after :func:`use_course_style`, in chapters and exercises, has few,
    readable ticks."""

    def axisinfo(self, unit, axis):
        info = super().axisinfo(unit, axis)
        info.majloc = mdates.AutoDateLocator(tz=unit, minticks=3, maxticks=MAX_DATE_TICKS)
        info.majfmt = _date_formatter(info.majloc)
        return info


#: Okabe–Ito palette, safe for the common forms of colour blindness.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#7F7F7F",
}

#: Roles used across the course, so that the same idea has the same colour in every chapter.
COLOURS = {
    "performance": OKABE_ITO["blue"],
    "target": OKABE_ITO["vermillion"],
    "spread": OKABE_ITO["sky_blue"],
    "delivered": OKABE_ITO["bluish_green"],
    "abandoned": OKABE_ITO["vermillion"],
    "running": OKABE_ITO["grey"],
    "event": OKABE_ITO["black"],
}

STYLE = {
    "axes.prop_cycle": cycler(
        color=[
            OKABE_ITO[k]
            for k in ("blue", "orange", "bluish_green", "vermillion", "reddish_purple", "sky_blue", "black")
        ]
    ),
    "figure.figsize": (FIGURE_WIDTH_IN, 4.0),
    "figure.dpi": FIGURE_DPI,
    "savefig.dpi": FIGURE_DPI,
    "font.size": MIN_FONT_PT,
    "axes.labelsize": MIN_FONT_PT,
    "xtick.labelsize": MIN_FONT_PT,
    "ytick.labelsize": MIN_FONT_PT,
    "legend.fontsize": MIN_FONT_PT,
    "legend.title_fontsize": MIN_FONT_PT,
    "figure.titlesize": 12,
    "axes.titlesize": 12,
    "date.autoformatter.year": "%Y",
    "date.autoformatter.month": "%b %Y",
    "date.autoformatter.day": "%d %b %Y",
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "svg.hashsalt": "nhsreform",
}


def use_course_style() -> None:
    """Apply the course style to matplotlib and pandas (call once at the top of a notebook)."""
    import pandas as pd

    mpl.rcParams.update(STYLE)
    converter = CourseDateConverter()
    for kind in (np.datetime64, datetime.date, datetime.datetime):
        munits.registry[kind] = converter
    pd.set_option("display.max_colwidth", None)  # show explanations in tables in full
