"""Run charts and XmR charts of real series (chapter 7 and exercise 7).

The numbers come from :mod:`nhsreform.spc` (the Making Data Count rules, as in NHSRplotthedots);
this module prepares the two datasets and draws. Special causes are marked by shape as well as
colour: upward triangles for high signals, downward triangles for low ones, grey dots for
common-cause points.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import FuncFormatter

from .. import spc
from ..style import COLOURS, OKABE_ITO, figure_size
from .dates import month_axis

__all__ = [
    "ed_monthly",
    "excess_deaths",
    "ed_attendances_chart",
    "plot_xmr",
    "plot_run_chart",
    "plot_weekly_deaths_xmr",
    "plot_excess_deaths_xmr",
    "plot_ed_attendances_xmr",
    "plot_ed_attendances_run_chart",
]

#: The window of the one-hospital A&E series that exercise 7 charts (after the pandemic's
#: recovery): April 2022 – June 2024.
ED_WINDOW = ("2022-04", "2024-06")
#: Weekly deaths: limits are fixed from the ten years 2010–2019 (raw counts) or from the 52
#: weeks of 2019 (deaths above the five-year average).
DEATHS_BASELINE_END = "2019-12-31"
EXCESS_START = "2019-01-01"

HIGH = dict(marker="^", color=OKABE_ITO["orange"], markersize=7, linestyle="none")
LOW = dict(marker="v", color=OKABE_ITO["blue"], markersize=7, linestyle="none")


def ed_monthly(ed: pd.DataFrame) -> pd.DataFrame:
    """The one-hospital A&E dataset indexed by month (first day of the month).

    Each stored date is midnight on the first of the month in UK time written in UTC, so in
    British Summer Time it falls on the last day of the month before (2015-05-31 is June 2015):
    the month is the one that starts on or the day after the stored date (see the card).
    """
    month = (ed["month_date"] + pd.Timedelta(days=1)).dt.to_period("M").dt.to_timestamp()
    if month.duplicated().any():
        raise ValueError("ed_attendances_one_hospital_2015_2024: two rows fall in the same month")
    return ed.drop(columns="month_date").set_index(month.rename("month")).sort_index()


def ed_attendances_chart(ed: pd.DataFrame, window: tuple[str, str] = ED_WINDOW) -> pd.DataFrame:
    """The XmR table (:func:`nhsreform.spc.xmr`) of monthly attendances in ``window``."""
    series = ed_monthly(ed).loc[window[0] : window[1], "attendances_all"]
    return spc.xmr(series)


def excess_deaths(deaths: pd.DataFrame) -> pd.Series:
    """Weekly deaths minus the average of the same week over the previous five years."""
    excess = deaths["total_deaths_all_ages"] - deaths["average_same_week_over_5_years"]
    return pd.Series(excess.to_numpy(), index=pd.DatetimeIndex(deaths["week_ending"]), name="excess")


def _points(n: int) -> str:
    return "1 point shows" if n == 1 else f"{n} points show"


def _when(ts, freq: str) -> str:
    return f"{ts.day} {ts:%B %Y}" if freq == "week" else f"{ts:%B %Y}"


def plot_xmr(
    chart: pd.DataFrame,
    title: str,
    ylabel: str,
    what: str,
    freq: str = "month",
    baseline_end=None,
    number: str = "{:,.0f}",
    label: str = "value",
):
    """Draw an XmR table from :func:`nhsreform.spc.xmr` with a datetime index.

    The values as a grey line; special-cause points as orange upward (high) or blue downward
    (low) triangles; the mean as a solid line and the process limits as dashed lines; a dotted
    line where the baseline the limits come from ends. ``what`` names the series in the alt text
    ("monthly A&E attendances"); ``freq`` is ``"week"`` or ``"month"``. Returns ``(fig, alt)``.
    """
    if not isinstance(chart, pd.DataFrame) or "signal" not in chart.columns:
        raise TypeError("plot_xmr takes the table returned by nhsreform.spc.xmr()")
    if freq not in ("week", "month"):
        raise ValueError(f"freq must be 'week' or 'month'; got {freq!r}")
    fig, ax = plt.subplots(figsize=figure_size(4.6), layout="constrained")
    x = chart.index
    ax.plot(x, chart["value"], color=OKABE_ITO["grey"], linewidth=1, marker="o", markersize=2.5, label=label)
    high = chart["signal"] & (chart["direction"] > 0)
    low = chart["signal"] & (chart["direction"] < 0)
    ax.plot(x[high], chart.loc[high, "value"], label="special cause, high", **HIGH)
    ax.plot(x[low], chart.loc[low, "value"], label="special cause, low", **LOW)
    ax.plot(x, chart["mean"], color=COLOURS["event"], linewidth=1.2, label="mean")
    ax.plot(x, chart["upper"], color=COLOURS["target"], linestyle="--", linewidth=1.2, label="process limits")
    ax.plot(x, chart["lower"], color=COLOURS["target"], linestyle="--", linewidth=1.2)
    if baseline_end is not None:
        ax.axvline(pd.Timestamp(baseline_end), color=COLOURS["event"], linestyle=":", linewidth=1)
    ax.set(title=title, ylabel=ylabel)
    if freq == "month":
        month_axis(ax, x)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: number.format(v).replace("+0", "0")))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, handlelength=1.6, columnspacing=1.2)

    first = chart.iloc[0]
    counts = chart.loc[chart["signal"], "rule"].value_counts()
    rules = ", ".join(f"{n} by the rule '{rule}'" for rule, n in counts.items()) or "none"
    biggest = chart["value"].idxmax() if chart["value"].max() > first["upper"] else None
    smallest = chart["value"].idxmin() if chart["value"].min() < first["lower"] else None
    extremes = []
    if biggest is not None:
        extremes.append(
            f"the highest point, {number.format(chart.loc[biggest, 'value'])}, in {_when(biggest, freq)}"
        )
    if smallest is not None:
        extremes.append(
            f"the lowest point, {number.format(chart.loc[smallest, 'value'])}, in {_when(smallest, freq)}"
        )
    limits_from = "all the points"
    if baseline_end is not None:
        end = pd.Timestamp(baseline_end)
        limits_from = f"the {int((x <= end).sum())} points to {_when(end, freq)}"
    alt = (
        f"XmR chart of {what}, {_when(x[0], freq)} to {_when(x[-1], freq)} ({len(chart)} points). "
        f"Mean {number.format(first['mean'])}, process limits {number.format(first['lower'])} and "
        f"{number.format(first['upper'])}, computed from {limits_from}. "
        f"{_points(int(chart['signal'].sum()))} special-cause variation "
        f"({int(high.sum())} high, {int(low.sum())} low): {rules}."
        + (f" Outside the limits: {'; '.join(extremes)}." if extremes else "")
    )
    return fig, alt


def plot_run_chart(
    run: pd.DataFrame, title: str, ylabel: str, what: str, number: str = "{:,.0f}", label: str = "value"
):
    """Draw a run chart from :func:`nhsreform.spc.run_chart` (monthly datetime index).

    Values as a line with dots, the median as a solid line, and points in a shift or trend as
    orange triangles. Returns ``(fig, alt)``.
    """
    if not isinstance(run, pd.DataFrame) or "median" not in run.columns:
        raise TypeError("plot_run_chart takes the table returned by nhsreform.spc.run_chart()")
    fig, ax = plt.subplots(figsize=figure_size(4.4), layout="constrained")
    x = run.index
    ax.plot(x, run["value"], color=OKABE_ITO["grey"], linewidth=1, marker="o", markersize=3, label=label)
    flagged = run["signal"].to_numpy()
    ax.plot(x[flagged], run.loc[flagged, "value"], label="in a shift or trend", **HIGH)
    ax.plot(x, run["median"], color=COLOURS["event"], linewidth=1.2, label="median")
    ax.set(title=title, ylabel=ylabel)
    month_axis(ax, x)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: number.format(v)))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, handlelength=1.6)
    above = int((run["side"] > 0).sum())
    below = int((run["side"] < 0).sum())
    alt = (
        f"Run chart of {what}, {x[0]:%B %Y} to {x[-1]:%B %Y} ({len(run)} points), with the median, "
        f"{number.format(run['median'].iloc[0])}. {above} points lie above the median and {below} "
        f"below. {int(run['shift'].sum())} points are part of a shift (6 or more in a row on one "
        f"side) and {int(run['trend'].sum())} part of a trend (5 or more rising or falling)."
    )
    return fig, alt


def plot_weekly_deaths_xmr(deaths: pd.DataFrame):
    """XmR chart of weekly registered deaths, 2010 – April 2020, limits from 2010–2019.

    ``deaths`` is the ``ons_weekly_deaths_2010_2020`` dataset. Returns ``(fig, alt)``.
    """
    series = deaths.set_index("week_ending")["total_deaths_all_ages"]
    baseline = int((series.index <= DEATHS_BASELINE_END).sum())
    chart = spc.xmr(series, baseline=baseline)
    fig, alt = plot_xmr(
        chart,
        "Deaths registered each week, England and Wales",
        "deaths in the week",
        "weekly registered deaths in England and Wales",
        freq="week",
        baseline_end=DEATHS_BASELINE_END,
        label="deaths in the week",
    )
    winter = chart["signal"] & (chart["direction"] > 0) & chart.index.month.isin([12, 1, 2, 3])
    alt += f" {int(winter.sum())} of the high signals fall in December to March: the winter peaks."
    return fig, alt


def plot_excess_deaths_xmr(deaths: pd.DataFrame):
    """XmR chart of weekly deaths above the five-year average, January 2019 – April 2020, limits
    from the 52 weeks of 2019. Returns ``(fig, alt)``."""
    excess = excess_deaths(deaths).loc[EXCESS_START:]
    chart = spc.xmr(excess, baseline=int((excess.index <= DEATHS_BASELINE_END).sum()))
    fig, alt = plot_xmr(
        chart,
        "Weekly deaths above the five-year average",
        "deaths above (below) average",
        "weekly deaths above the average of the same week in the previous five years, England and Wales",
        freq="week",
        baseline_end=DEATHS_BASELINE_END,
        number="{:+,.0f}",
        label="deaths above average",
    )
    fig.axes[0].axhline(0, color=OKABE_ITO["grey"], linewidth=0.6)
    return fig, alt


def plot_ed_attendances_xmr(ed: pd.DataFrame, window: tuple[str, str] = ED_WINDOW):
    """XmR chart of monthly A&E attendances at one hospital in ``window`` (limits from all its
    months). ``ed`` is the ``ed_attendances_one_hospital_2015_2024`` dataset. Returns ``(fig, alt)``."""
    chart = ed_attendances_chart(ed, window)
    fig, alt = plot_xmr(
        chart,
        "A&E attendances each month, one English hospital",
        "attendances in the month",
        "monthly A&E attendances at one English hospital",
        label="attendances",
    )
    return fig, alt


def plot_ed_attendances_run_chart(ed: pd.DataFrame, window: tuple[str, str] = ED_WINDOW):
    """Run chart of monthly A&E attendances at one hospital in ``window``. Returns ``(fig, alt)``."""
    series = ed_monthly(ed).loc[window[0] : window[1], "attendances_all"]
    run = spc.run_chart(series)
    fig, alt = plot_run_chart(
        run,
        "A&E attendances each month, one English hospital",
        "attendances in the month",
        "monthly A&E attendances at one English hospital",
        label="attendances",
    )
    return fig, alt
