"""NHS foundation trusts in England, 2004–2016: scattered counts as read in sources of different
confidence, and the unmet aspiration for December 2007. Shown in chapter 4."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from ..style import MIN_FONT_PT, OKABE_ITO, date_axis, figure_size

__all__ = ["plot_counts"]

#: Marker and colour for each confidence grade of a value (A best).
CONFIDENCE_LOOKS = {
    "A": dict(marker="o", color=OKABE_ITO["blue"], label="[A] official or primary text"),
    "B": dict(marker="s", color=OKABE_ITO["bluish_green"], label="[B] reputable secondary copy"),
    "C": dict(
        marker="^",
        color=OKABE_ITO["vermillion"],
        mfc="white",
        label="[C] Wikipedia-derived: check before use",
    ),
}


def plot_counts(ft: pd.DataFrame):
    """Scatter chart of foundation trust counts, marked by the confidence of each value, with
    the first wave labelled and the aspiration (not met) as a star. No line joins the points:
    they are not an official series.

    ``ft`` is the ``foundation_trusts_count`` dataset. Returns ``(fig, alt)``.
    """
    counts = ft[ft["measure"] == "foundation trusts"].sort_values("date")
    first_wave = ft[ft["measure"] == "first-wave foundation trusts"]
    aim = ft[ft["measure"] == "aspiration for foundation trusts (not met)"].iloc[0]
    points = pd.concat([first_wave, counts])

    fig, ax = plt.subplots(figsize=figure_size(4.8), layout="constrained")
    for conf, look in CONFIDENCE_LOOKS.items():
        rows = points[points["value_confidence"] == conf]
        ax.plot(rows["date"], rows["value"], linestyle="none", markersize=8, mew=1.5, **look)
    # Each count above its point; one with a later count close by (under a year) above and to
    # its left, so that the two numbers do not run together.
    crowded = counts["date"].diff(-1).abs() < pd.Timedelta(days=365)
    for i, row in points.iterrows():
        first = row["measure"] != "foundation trusts"
        side = "first" if first else "left" if crowded.get(i, False) else "above"
        ax.annotate(
            f"{row['value']} (first wave)" if first else f"{row['value']}",
            (row["date"], row["value"]),
            textcoords="offset points",
            xytext={"first": (8, -4), "left": (-3, 7), "above": (0, 8)}[side],
            ha={"first": "left", "left": "right", "above": "center"}[side],
            fontsize=MIN_FONT_PT,
        )
    ax.plot(
        [aim["date"]],
        [aim["value"]],
        marker="*",
        markersize=12,
        linestyle="none",
        color=OKABE_ITO["black"],
        label=f"aspiration: {aim['value']} by {aim['date']:%b %Y} (not met)",
    )
    ax.set(
        ylim=(0, 200),
        ylabel="NHS foundation trusts",
        title="NHS foundation trusts in England: points as read, 2004–2016",
    )
    date_axis(ax)
    ax.legend(loc="upper left")

    first_count, last_count = counts.iloc[0], counts.iloc[-1]
    by_conf = points.groupby("value_confidence")["value"].apply(lambda v: ", ".join(map(str, v)))
    alt = (
        f"Scatter chart of the number of NHS foundation trusts in England, as read in different "
        f"sources, with no line joining the points. The first wave "
        f"({first_wave['value'].iloc[0]}) in {first_wave['date'].iloc[0]:%B %Y}, then "
        f"{first_count['value']} in {first_count['date']:%B %Y}, rising to "
        f"{last_count['value']} in {last_count['date']:%B %Y}. Points marked by confidence: "
        f"A (circles): {by_conf.get('A', 'none')}; B (square): {by_conf.get('B', 'none')}; "
        f"C (hollow triangles): {by_conf.get('C', 'none')}. A star marks the aspiration of "
        f"{aim['value']} foundation trusts by {aim['date']:%B %Y}, which was not met."
    )
    return fig, alt
