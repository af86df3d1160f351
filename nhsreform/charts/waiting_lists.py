"""Waiting for planned hospital care: long waits for admission (1978–1998) and the
referral-to-treatment (RTT) waiting list (2007–2018). Shown in chapter 2."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from ..style import COLOURS, MIN_FONT_PT, OKABE_ITO, date_axis, figure_size

__all__ = ["plot_long_waits", "plot_rtt_waiting_list"]


def plot_long_waits(waits: pd.DataFrame):
    """People waiting more than 12 months for admission, each March and September, 1978–1998.

    March counts are filled markers and September counts hollow ones, so that the six-monthly
    pattern (falls in the six months to March, the end of the financial year) can be seen.

    ``waits`` is the ``inpatient_over12m_1978_1998`` dataset. Ordinary (overnight) admissions are
    drawn for every date; the total with day cases only from September 1987, when day cases were
    first counted. Returns ``(fig, alt)``.
    """
    waits = waits.copy()
    waits["when"] = pd.to_datetime(waits["date"], format="%B %Y")
    first, peak = waits.iloc[0], waits.loc[waits["ordinary_admissions"].idxmax()]
    fewest = waits.loc[waits["ordinary_admissions"].idxmin()]
    low, high = waits.loc[waits["total"].idxmin()], waits.loc[waits["total"].idxmax()]
    last = waits.iloc[-1]
    break_at = waits.loc[waits["total"].notna(), "when"].min()

    fig, ax = plt.subplots(figsize=figure_size(4.4), layout="constrained")
    march = waits["when"].dt.month == 3
    series = (
        ("ordinary_admissions", COLOURS["performance"], "-", "o", "ordinary (overnight) admissions"),
        ("total", OKABE_ITO["orange"], "--", "s", "ordinary + day cases (from Sept 1987)"),
    )
    for column, colour, style, marker, label in series:
        values = waits[column].astype(float) / 1000
        ax.plot(waits["when"], values, color=colour, linestyle=style, linewidth=1.5, label=label)
        # March points filled, September points hollow: the six-monthly pattern can be seen.
        ax.plot(
            waits.loc[march, "when"],
            values[march],
            linestyle="none",
            marker=marker,
            markersize=5,
            color=colour,
        )
        ax.plot(
            waits.loc[~march, "when"],
            values[~march],
            linestyle="none",
            marker=marker,
            markersize=5,
            color=colour,
            markerfacecolor="white",
        )
    for fill, label in (("black", "March count (filled)"), ("white", "September count (hollow)")):
        ax.plot(
            [],
            [],
            linestyle="none",
            marker="o",
            markersize=6,
            color=COLOURS["event"],
            markerfacecolor=fill,
            label=label,
        )
    ax.axvline(break_at, color=COLOURS["event"], linestyle=":", linewidth=1)
    ax.text(break_at, 245, "day cases counted \nfrom here ", fontsize=MIN_FONT_PT, va="top", ha="right")
    ax.set(
        ylim=(0, 250),
        ylabel="Thousands waiting over 12 months",
        title="Waiting more than a year for admission, England, 1978–1998",
    )
    date_axis(ax)
    ax.legend(loc="lower left")
    change = waits.set_index("when")["ordinary_admissions"].diff().dropna()
    to_march, to_september = change[change.index.month == 3], change[change.index.month == 9]
    march_1991 = waits.loc[waits["date"] == "March 1991", "ordinary_admissions"].iloc[0]
    alt = (
        f"Line chart of the number of people in England waiting more than 12 months for "
        f"admission to hospital, each March and September from {first['date']} to "
        f"{last['date']}. Ordinary admissions alone start at {first['ordinary_admissions']:,}, "
        f"peak at {peak['ordinary_admissions']:,} in {peak['date']}, and are still "
        f"{march_1991:,} in March 1991; they are lowest, {fewest['ordinary_admissions']:,}, in "
        f"{fewest['date']}. Including day cases, counted from "
        f"{waits.loc[waits['total'].notna(), 'date'].iloc[0]}, the total peaks at "
        f"{high['total']:,} in {high['date']}, falls steeply in the 1990s to {low['total']:,} "
        f"in {low['date']}, then rises again to {last['total']:,} in {last['date']}. "
        f"Filled markers are March counts, hollow ones September counts. Ordinary admissions "
        f"fell in the six months to March in {(to_march < 0).sum()} of {len(to_march)} years, "
        f"by {-to_march.mean():,.0f} on average, and changed by {to_september.mean():+,.0f} on "
        f"average in the six months to September."
    )
    return fig, alt


def plot_rtt_waiting_list(rtt: pd.DataFrame):
    """The RTT waiting list (incomplete pathways), monthly, with NHS England's estimate of the
    patients missing from the data stacked on top.

    ``rtt`` is the ``rtt_waiting_list_2007_2018`` dataset. Dotted lines mark the 18-week standard
    (December 2008) and the report's publication (June 2014). Returns ``(fig, alt)``.
    """
    rtt = rtt.copy()
    rtt["when"] = pd.to_datetime(rtt["month"], format="%b %Y")
    low = rtt.loc[rtt["reported_waiting_list_m"].idxmin()]
    at_report = rtt[rtt["month"] == "Jun 2014"].iloc[0]
    end = rtt.iloc[-1]

    fig, ax = plt.subplots(figsize=figure_size(4.4), layout="constrained")
    ax.stackplot(
        rtt["when"],
        rtt["reported_waiting_list_m"],
        rtt["missing_data_estimate_m"],
        colors=[COLOURS["performance"], OKABE_ITO["sky_blue"]],
        labels=["reported waiting list", "NHS England estimate of missing data"],
    )
    for day, label in (
        (pd.Timestamp("2008-12-01"), "18-week\nstandard\n(Dec 2008)"),
        (pd.Timestamp("2014-06-01"), "report\npublished\n(June 2014)"),
    ):
        ax.axvline(day, color=COLOURS["event"], linestyle=":", linewidth=1)
        ax.text(day, 5.4, " " + label, fontsize=MIN_FONT_PT, va="top")
    ax.set(
        ylim=(0, 5.5),
        ylabel="People waiting (millions)",
        title="The referral-to-treatment waiting list, England, 2007–2018",
    )
    date_axis(ax)
    ax.legend(loc="lower right", frameon=True, facecolor="white", framealpha=1)
    alt = (
        f"Stacked area chart of the referral-to-treatment waiting list in England, monthly from "
        f"{rtt['month'].iloc[0]} to {end['month']}. The reported list falls from "
        f"{rtt['reported_waiting_list_m'].iloc[0]:.2f} million to a low of "
        f"{low['reported_waiting_list_m']:.2f} million in {low['month']}, around the time the "
        f"18-week standard applied, stays between about 2.3 and 2.7 million until early 2013, "
        f"then grows: {at_report['reported_waiting_list_m']:.2f} million in June 2014, when the "
        f"report was published, and {end['reported_waiting_list_m']:.2f} million in "
        f"{end['month']}, with a further {end['missing_data_estimate_m']:.2f} million estimated "
        f"as missing from the data."
    )
    return fig, alt
