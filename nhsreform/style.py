"""Plotting style: a colour-blind-safe palette (Okabe & Ito, 2008) and readable defaults.

Colour is never the only cue: the course's plots also differ by line style or marker, and each
figure has alt text (see :mod:`nhsreform.figures`).
"""

from __future__ import annotations

import matplotlib as mpl
from cycler import cycler

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
    "figure.figsize": (7.5, 4.0),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 11,
    "axes.titlesize": 12,
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
    pd.set_option("display.max_colwidth", None)  # show explanations in tables in full
