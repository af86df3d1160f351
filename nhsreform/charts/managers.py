"""NHS managers and senior managers in England, monthly, September 2009 to September 2017, around
the 2013 reorganisation (primary care trusts and strategic health authorities abolished on
1 April 2013). Shown in chapter 5."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from ..style import COLOURS, MIN_FONT_PT, OKABE_ITO, date_axis, figure_size

__all__ = ["plot_managers", "REORGANISATION_2013"]

#: The month the 2013 reorganisation took effect.
REORGANISATION_2013 = pd.Timestamp("2013-04-01")


def plot_managers(managers: pd.DataFrame):
    """Line chart of full-time equivalent managers and senior managers, with a dotted line at
    April 2013.

    ``managers`` is the ``nhs_managers_monthly_2009_2017`` dataset. The alt text gives each
    series' first value, the months either side of the reorganisation, the one-month fall and
    the last value. Returns ``(fig, alt)``.
    """
    managers = managers.set_index("month")
    before = REORGANISATION_2013 - pd.DateOffset(months=1)
    march, april = managers.loc[before], managers.loc[REORGANISATION_2013]
    step = 100 * (april - march) / march
    first, last = managers.iloc[0], managers.iloc[-1]

    fig, ax = plt.subplots(figsize=figure_size(4.4), layout="constrained")
    ax.plot(managers.index, managers["managers_fte"], color=COLOURS["performance"], label="managers")
    ax.plot(
        managers.index,
        managers["senior_managers_fte"],
        color=OKABE_ITO["orange"],
        linestyle="--",
        label="senior managers",
    )
    ax.axvline(REORGANISATION_2013, color=COLOURS["event"], linestyle=":", linewidth=1.2)
    ax.text(pd.Timestamp("2013-05-01"), 24500, "April 2013:\nPCTs and SHAs\nabolished", fontsize=MIN_FONT_PT)
    ax.yaxis.set_major_formatter("{x:,.0f}")
    ax.set(
        ylim=(0, 28000),
        ylabel="Full-time equivalent staff",
        title=f"NHS managers and senior managers, England, "
        f"{managers.index[0]:%b %Y} – {managers.index[-1]:%b %Y}",
    )
    date_axis(ax)
    ax.legend(loc="lower left")
    alt = (
        f"Line chart of the monthly full-time equivalent numbers of NHS managers and senior "
        f"managers in England, {managers.index[0]:%B %Y} to {managers.index[-1]:%B %Y}, with "
        f"a dotted line at April 2013. Managers go from {first['managers_fte']:,.0f} in "
        f"{managers.index[0]:%B %Y} to {march['managers_fte']:,.0f} in March 2013, drop to "
        f"{april['managers_fte']:,.0f} in April 2013 (a fall of "
        f"{-step['managers_fte']:.1f}% in one month), then climb back to "
        f"{last['managers_fte']:,.0f} by {managers.index[-1]:%B %Y}. Senior managers follow "
        f"the same shape: {first['senior_managers_fte']:,.0f}, "
        f"{march['senior_managers_fte']:,.0f}, {april['senior_managers_fte']:,.0f} (a fall of "
        f"{-step['senior_managers_fte']:.1f}%) and {last['senior_managers_fte']:,.0f}. "
        + " ".join(
            f"{name.capitalize()} are highest, {managers[col].max():,.0f}, in "
            f"{managers[col].idxmax():%B %Y}, and lowest, {managers[col].min():,.0f}, "
            f"in {managers[col].idxmin():%B %Y}."
            for name, col in (("managers", "managers_fte"), ("senior managers", "senior_managers_fte"))
        )
    )
    return fig, alt
