"""A&E four-hour performance month by month, April 2016 – March 2019, from provider-level data:
England against the 95% standard, and the spread between major (type 1) departments. Shown in
exercise 1's no-code route (the same figures its worked solutions draw)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from ..ae import FOUR_HOUR_STANDARD, england_monthly_performance, spread_between_providers
from ..style import COLOURS
from .dates import month_axis

__all__ = ["plot_england_monthly", "plot_provider_spread"]


def plot_england_monthly(ae: pd.DataFrame):
    """Line chart of England's monthly % of A&E patients within four hours (all department types)
    against a dashed line at the 95% standard.

    ``ae`` is the ``ae_attendances_2016_2019`` dataset. The alt text gives the first and last
    values, the lowest and highest months and how many months reach the standard. Returns
    ``(fig, alt)``.
    """
    pct = england_monthly_performance(ae)["pct_within_4h"]
    fig, ax = plt.subplots()
    ax.plot(
        pct.index, pct, color=COLOURS["performance"], marker="o", markersize=3, label="England, all types"
    )
    ax.axhline(FOUR_HOUR_STANDARD, color=COLOURS["target"], linestyle="--", label="95% standard")
    ax.set(ylim=(80, 100), ylabel="% within four hours", title="A&E four-hour performance, England")
    month_axis(ax, pct.index)
    ax.legend(loc="lower left")
    meeting = int((pct >= FOUR_HOUR_STANDARD).sum())
    alt = (
        f"Line chart of the monthly percentage of A&E patients in England dealt with within four "
        f"hours, {pct.index[0]:%B %Y} to {pct.index[-1]:%B %Y}, against a dashed line at the 95% "
        f"standard. {meeting} of {len(pct)} months reach the standard. The series starts at "
        f"{pct.iloc[0]:.1f}%, dips each winter, is lowest, {pct.min():.1f}%, in "
        f"{pct.idxmin():%B %Y} and highest, {pct.max():.1f}%, in {pct.idxmax():%B %Y}, and ends "
        f"at {pct.iloc[-1]:.1f}%."
    )
    return fig, alt


def plot_provider_spread(ae: pd.DataFrame):
    """The median type 1 provider's monthly % within four hours, in a shaded band from the 10th to
    the 90th percentile of providers, against a dashed line at 95%.

    ``ae`` is the ``ae_attendances_2016_2019`` dataset. The alt text gives the median's first,
    last and lowest values, the band's width in the first and last months and how many months
    the 90th-percentile provider reaches 95%. Returns ``(fig, alt)``.
    """
    band = spread_between_providers(ae, "1")
    fig, ax = plt.subplots()
    ax.fill_between(
        band.index, band["p10"], band["p90"], color=COLOURS["spread"], alpha=0.4, label="10th–90th percentile"
    )
    ax.plot(band.index, band["median"], color=COLOURS["performance"], label="median provider")
    ax.axhline(FOUR_HOUR_STANDARD, color=COLOURS["target"], linestyle="--", label="95% standard")
    ax.set(
        ylim=(50, 100), ylabel="% within four hours", title="Spread between major (type 1) A&E departments"
    )
    month_axis(ax, band.index)
    ax.legend(loc="lower left")
    width = band["p90"] - band["p10"]
    median = band["median"]
    alt = (
        f"Line chart with a shaded band: the median type 1 A&E provider's monthly percentage within "
        f"four hours, {band.index[0]:%B %Y} to {band.index[-1]:%B %Y}, between the 10th and 90th "
        f"percentiles of providers, against a dashed line at 95%. The median goes from "
        f"{median.iloc[0]:.1f}% to {median.iloc[-1]:.1f}% and is lowest, {median.min():.1f}%, in "
        f"{median.idxmin():%B %Y}. The band is {width.iloc[0]:.0f} percentage points wide in the "
        f"first month and {width.iloc[-1]:.0f} in the last, widest ({width.max():.0f} points) in "
        f"{width.idxmax():%B %Y}; the 90th-percentile provider reaches 95% in "
        f"{int((band['p90'] >= FOUR_HOUR_STANDARD).sum())} of {len(band)} months."
    )
    return fig, alt
