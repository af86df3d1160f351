"""Ratings of NHS organisations: the star ratings of acute trusts (2001–2005), and the annual
health check set beside the Care Quality Commission's ratings (2007–2018). Shown in chapter 3."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..style import COLOURS, MIN_FONT_PT, OKABE_ITO, check_layout, figure_size

__all__ = ["plot_star_ratings", "plot_rating_regimes", "rating_regimes"]

STAR_COLUMNS = ["three_stars", "two_stars", "one_star", "zero_stars"]
STAR_LABELS = ["3 stars", "2 stars", "1 star", "0 stars"]
CQC_CATEGORIES = ["outstanding", "good", "requires improvement", "inadequate"]


def _two_panels(layout: str, height_wide: float, height_narrow: float, **kwargs):
    """Two panels side by side (``layout="wide"``) or stacked (``"narrow"``), laid out to fit."""
    wide = check_layout(layout) == "wide"
    shape = (1, 2) if wide else (2, 1)
    if not wide:
        kwargs.pop("gridspec_kw", None)
    size = figure_size(height_wide if wide else height_narrow, layout)
    return plt.subplots(*shape, figsize=size, layout="constrained", **kwargs)


def plot_star_ratings(stars: pd.DataFrame, layout: str = "wide"):
    """Two bar charts: the full distribution of star ratings in 2003 (the only complete year),
    and the number of zero-star acute trusts in each year. ``layout="narrow"`` stacks them.

    The left panel is one series labelled on its bars, so it has no legend of its own; the
    right panel's legend explains the hatching.

    ``stars`` is the ``star_ratings_acute_2001_2005`` dataset. Years with no figure are labelled
    "not found"; years whose note starts with "Caution" are hatched. Returns ``(fig, alt)``.
    """
    by_year = stars.set_index("year")
    y2003 = by_year.loc[2003, STAR_COLUMNS].astype(float)
    rated = float(by_year.loc[2003, "acute_trusts_rated"])

    fig, (ax, bx) = _two_panels(layout, 4.2, 6.4, gridspec_kw={"width_ratios": [1.1, 1]})
    ax.bar(STAR_LABELS, y2003, color=COLOURS["performance"])
    for i, v in enumerate(y2003):
        ax.text(i, v + 1.5, f"{v:.0f}\n({100 * v / rated:.0f}%)", ha="center", fontsize=MIN_FONT_PT)
    ax.set(ylabel="Acute trusts", ylim=(0, 82), title=f"2003: all {rated:.0f} acute trusts")
    ax.grid(axis="x", visible=False)

    zero = by_year["zero_stars"].astype(float)
    years = [str(y) for y in zero.index]
    heights = zero.fillna(0)
    bars = bx.bar(years, heights, color=COLOURS["target"], label="acute trusts with zero stars")
    caution = by_year["note"].str.startswith("Caution")
    for bar, flag in zip(bars, caution, strict=True):
        if flag:
            bar.set_hatch("//")
            bar.set_edgecolor("white")
    if caution.any():
        bx.bar(
            [years[0]],
            [np.nan],
            color=COLOURS["target"],
            hatch="//",
            edgecolor="white",
            label="may include non-acute trusts",
        )
    for i, v in enumerate(zero.values):
        bx.text(
            i,
            (0 if pd.isna(v) else v) + 0.4,
            "not\nfound" if pd.isna(v) else f"{v:.0f}",
            ha="center",
            fontsize=MIN_FONT_PT,
        )
    bx.set(ylabel="Acute trusts", ylim=(0, 24), title="Acute trusts with zero stars")
    bx.legend(loc="upper right")
    bx.grid(axis="x", visible=False)

    known = zero.dropna()
    hatched = [str(y) for y, flag in zip(by_year.index, caution, strict=True) if flag]
    alt = (
        f"Two bar charts. Left: of the {rated:.0f} acute trusts rated in 2003, "
        + ", ".join(
            f"{v:.0f} ({100 * v / rated:.0f}%) got {label}"
            for label, v in zip(STAR_LABELS, y2003, strict=True)
        )
        + ". Right: the number of acute trusts with zero stars, "
        + ", ".join(f"{v:.0f} in {y}" for y, v in known.items())
        + "; no figure was found for "
        + ", ".join(str(y) for y in zero.index[zero.isna()])
        + f". The {' and '.join(hatched)} bar is hatched because that count may include "
        "non-acute trusts."
    )
    return fig, alt


def rating_regimes(ratings: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The two tables the regimes chart draws, in % of those rated (rows: categories).

    - the annual health check's quality ratings of all NHS trusts, one column per year;
    - CQC's ratings: acute trusts in April 2016 (counts turned into %), and acute hospital core
      services a year before and on 31 July 2018 (CQC State of Care 2017/18).

    ``ratings`` is the ``trust_ratings_2007_2018`` dataset.
    """
    ahc = (
        ratings[(ratings["regime"] == "Annual health check") & (ratings["domain"] == "Quality")]
        .pivot(index="rating", columns="period", values="percent")
        .loc[["excellent", "good", "fair", "weak"]]
        .astype(float)
    )
    acute16 = (
        ratings[(ratings["period"] == "Apr 2016") & ratings["scope"].str.startswith("Acute trusts")]
        .set_index("rating")["count"]
        .astype(float)
    )
    acute16_pct = 100 * acute16 / acute16.sum()
    soc = (
        ratings[
            (ratings["regime"] == "CQC State of Care 2017/18")
            & (ratings["scope"] == "NHS acute hospital core services")
        ]
        .pivot(index="rating", columns="period", values="percent")
        .astype(float)
    )
    cqc = pd.DataFrame(
        {
            "Acute trusts, Apr 2016": acute16_pct,
            "Acute core services, a year earlier": soc["a year earlier"],
            "Acute core services, 31 Jul 2018": soc["31 Jul 2018"],
        }
    ).loc[CQC_CATEGORIES]
    return ahc, cqc


def plot_rating_regimes(ratings: pd.DataFrame, layout: str = "wide"):
    """Two grouped bar charts: the annual health check's quality ratings (2007/08, 2008/09) and
    CQC's ratings (acute trusts 2016; acute core services 2017 and 2018). ``layout="narrow"``
    stacks them.

    ``ratings`` is the ``trust_ratings_2007_2018`` dataset; the tables are
    :func:`rating_regimes`. The panels use different categories and units, so they are not one
    series. Returns ``(fig, alt)``.
    """
    ahc, cqc = rating_regimes(ratings)
    fig, (ax, bx) = _two_panels(layout, 5.0, 8.0, sharey=True)
    looks = [
        dict(color=OKABE_ITO["sky_blue"]),
        dict(color=OKABE_ITO["blue"], hatch="//", edgecolor="white"),
        dict(color=OKABE_ITO["bluish_green"], hatch="..", edgecolor="white"),
    ]
    for axis, table, title in (
        (ax, ahc, "Annual health check, quality\n(all NHS trusts)"),
        (bx, cqc, "CQC ratings (acute trusts;\nacute core services)"),
    ):
        x = np.arange(len(table.index))
        width = 0.8 / len(table.columns)
        for j, (col, look) in enumerate(zip(table.columns, looks[: len(table.columns)], strict=True)):
            axis.bar(x + (j - (len(table.columns) - 1) / 2) * width, table[col], width, label=col, **look)
        axis.set_xticks(x, list(table.index), rotation=25, ha="right", rotation_mode="anchor")
        axis.set_title(title)
        axis.grid(axis="x", visible=False)
        axis.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3 if layout == "wide" else -0.42))
        axis.set_ylabel("% of those rated")
    ax.set(ylim=(0, 80))
    bx.tick_params(labelleft=True)

    top_ahc = ahc.loc["excellent"] + ahc.loc["good"]
    top_cqc = cqc.loc["outstanding"] + cqc.loc["good"]

    def shares(table):
        return "; ".join(
            f"{p}: " + ", ".join(f"{table.loc[r, p]:.0f}% {r}" for r in table.index) for p in table.columns
        )

    alt = (
        "Two grouped bar charts with different rating categories. Left, annual health check "
        "quality ratings of all NHS trusts: "
        + shares(ahc)
        + ". Excellent or good: "
        + " then ".join(f"{v:.0f}%" for v in top_ahc)
        + ". Right, CQC ratings: "
        + shares(cqc)
        + ". Outstanding or good: "
        + ", ".join(f"{v:.0f}% ({c})" for c, v in top_cqc.items())
        + "."
    )
    return fig, alt
