"""Reorganisations of the NHS in England, 1974–2022: the course's timeline, with the structural
reorganisations marked. Shown in chapter 5."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..models.reorganisation_disruption import YEAR_ONLY_MONTH
from ..style import COLOURS, MIN_FONT_PT, OKABE_ITO, figure_size

__all__ = ["plot_timeline", "structural_years"]

STRUCTURAL = "structural reorganisation"


def structural_years(timeline: pd.DataFrame) -> list[int]:
    """The years with at least one structural reorganisation (course's classification), sorted,
    each counted once."""
    return sorted(timeline.loc[timeline["course_classification"] == STRUCTURAL, "year"].unique())


def _label_rows(ax, xs, texts) -> None:
    """Label row ``i`` with ``texts[i]`` beside its point at ``xs[i]``, inside the axes.

    Early changes are labelled to the right of their point, later ones to the left (on a white
    box over the row's line); a label that would run off the axes there goes on the other side,
    and one that fits on neither side goes on two lines. The labels take no part in the
    figure's layout, so the axes' size is known (one draw) before they are placed.
    """
    fig = ax.figure
    fig.canvas.draw()
    renderer, box = fig.canvas.get_renderer(), ax.get_window_extent()
    right = dict(ha="left", offset=0.7)
    left = dict(ha="right", offset=-0.7, bbox=dict(facecolor="white", edgecolor="none", pad=0.5))
    for yi, (x, text) in enumerate(zip(xs, texts, strict=True)):
        sides = (right, left) if x < 1999 else (left, right)
        two_lines = textwrap.fill(text, width=(len(text) + 1) // 2 + 4)
        options = [(side, text) for side in sides] + [(side, two_lines) for side in sides]
        for n, (side, label) in enumerate(options):
            look = {k: v for k, v in side.items() if k != "offset"}
            artist = ax.text(x + side["offset"], yi, label, va="center", fontsize=MIN_FONT_PT, **look)
            artist.set_in_layout(False)
            extent = artist.get_window_extent(renderer)
            if (box.x0 <= extent.x0 and extent.x1 <= box.x1) or n == len(options) - 1:
                break
            artist.remove()


def plot_timeline(timeline: pd.DataFrame):
    """One row per change, placed at its date and labelled with its confidence mark: structural
    reorganisations as filled circles, other changes (Acts, new organisational forms, plans) as
    open squares. Structural reorganisations dated only by year (1996 and 1999) are placed on the
    first of the model's ``YEAR_ONLY_MONTH`` (1 April), as chapter 5's model places them; other
    rows whose source gives no day are placed at mid-year.

    ``timeline`` is the ``nhs_reorganisations_1974_2022`` dataset. Returns ``(fig, alt)``.
    """
    t = timeline.copy()
    t["structural"] = t["course_classification"] == STRUCTURAL
    year_only = t["date"].isna()
    on_model_date = year_only & t["structural"]  # placed where the model places them
    model_date = pd.to_datetime(t["year"].astype(str) + f"-{YEAR_ONLY_MONTH:02d}-01")
    date = t["date"].where(~on_model_date, model_date)
    t["x"] = date.dt.year + (date.dt.day_of_year - 1) / 365.25
    t["x"] = t["x"].fillna(t["year"] + 0.5)  # other rows without a day: placed at mid-year
    month = pd.Timestamp(2000, YEAR_ONLY_MONTH, 1).strftime("%B")
    assumed = [str(v) for v in t.loc[on_model_date, "year"]]
    years = structural_years(t)
    gaps = np.diff(years)
    per_decade = (t.loc[t["structural"], "year"] // 10 * 10).value_counts().sort_index()
    repeated = t.loc[t["structural"], "year"].value_counts()
    repeated = repeated[repeated > 1]

    fig, ax = plt.subplots(figsize=figure_size(7.8), layout="constrained")
    y = np.arange(len(t))
    looks = (
        (
            True,
            dict(
                color=COLOURS["abandoned"],
                marker="o",
                s=60,
                zorder=3,
                label="structural reorganisation (the course's classification)",
            ),
        ),
        (
            False,
            dict(
                facecolors="white",
                edgecolors=OKABE_ITO["grey"],
                marker="s",
                s=40,
                zorder=3,
                label="other change: Act, new organisational form, plan",
            ),
        ),
    )
    for structural, look in looks:
        rows = t["structural"] == structural
        ax.scatter(t.loc[rows, "x"], y[rows], **look)
    ax.hlines(y, 1973, t["x"], color=OKABE_ITO["grey"], linewidth=0.5, alpha=0.5)
    ax.set(
        xlim=(1973, 2024),
        ylim=(len(t) - 0.5, -0.8),
        yticks=[],
        xlabel="Year",
        title="Reorganisations of the NHS in England, 1974–2022",
    )
    ax.grid(axis="y", visible=False)
    fig.legend(handles=ax.collections[:2], loc="outside lower center")
    _label_rows(
        ax, t["x"], [f"{label} [{conf}]" for label, conf in zip(t["label"], t["confidence"], strict=True)]
    )
    alt = (
        f"Timeline of {len(t)} changes to the NHS in England from {t['year'].min()} to "
        f"{t['year'].max()}, one per line, each labelled with its confidence mark. "
        f"{int(t['structural'].sum())} are structural reorganisations on the course's "
        f"classification, in {', '.join(str(v) for v in years[:-1])} and {years[-1]} "
        f"({', '.join(f'{n} in {y}' for y, n in repeated.items())}). The gaps between "
        f"reorganisation years range from {gaps.min()} to {gaps.max()} years, "
        f"{gaps.mean():.1f} on average. By decade: "
        f"{', '.join(f'{n} in the {d}s' for d, n in per_decade.items())}."
    )
    if assumed:
        alt += (
            f" The {' and '.join(assumed)} reorganisations, dated only by year, are placed on 1 "
            f"{month}, as in the chapter's model"
        )
        alt += (
            "; other rows without a day are placed at mid-year."
            if (year_only & ~on_model_date).any()
            else "."
        )
    return fig, alt
