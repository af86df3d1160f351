"""Readable date axes for the course's time-series charts.

Matplotlib's automatic date ticks on a narrow chart can run together ("2016-052016-09…").
:func:`month_axis` puts at most a handful of ticks on whole months, spaced evenly from the first
month of the data, and labels them like "Apr 2016" (or "2016" when every tick is in January).
Used by the exercises' worked solutions and their no-code charts.
"""

from __future__ import annotations

from collections.abc import Iterable

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.ticker import FixedLocator

__all__ = ["month_axis", "month_step"]

#: Spacings (in months) the axis may use, smallest first.
STEPS = (1, 2, 3, 6, 12, 24, 36, 60, 120)


def month_step(first: pd.Timestamp, last: pd.Timestamp, max_ticks: int = 7) -> int:
    """The smallest spacing in :data:`STEPS` (months) that puts at most ``max_ticks`` ticks
    between ``first`` and ``last``."""
    if max_ticks < 2:
        raise ValueError(f"month_axis: max_ticks must be at least 2, got {max_ticks}")
    span = (last.year - first.year) * 12 + (last.month - first.month)
    return next((s for s in STEPS if span // s + 1 <= max_ticks), STEPS[-1])


def month_axis(ax, dates: Iterable, max_ticks: int = 7) -> int:
    """Tick the x axis of ``ax`` every few months from the first of ``dates``, labelled "Apr 2016".

    ``dates`` are the x values plotted (anything ``pd.to_datetime`` reads). Returns the spacing in
    months. Ticks fall on the first month of the data and every ``step`` months after it, so a
    series that starts in April (a financial year) is ticked in April.
    """
    when = pd.to_datetime(pd.Series(list(dates))).dropna()
    if when.empty:
        raise ValueError("month_axis: no dates given")
    first, last = when.min(), when.max()
    step = month_step(first, last, max_ticks)
    ticks = pd.date_range(first.to_period("M").to_timestamp(), last, freq=f"{step}MS")
    ax.xaxis.set_major_locator(FixedLocator(mdates.date2num(ticks.to_pydatetime())))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y" if first.month == 1 and step >= 12 else "%b %Y"))
    ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonthday=1) if step <= 12 else mdates.YearLocator())
    ax.tick_params(axis="x", which="minor", length=2)
    return step
