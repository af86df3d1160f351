"""Funnel plots of A&E four-hour performance between providers in one month (chapter 9 and its
exercise), built on :mod:`nhsreform.funnel`.

Each point is one provider's major (type 1) A&E department: its share of patients within four
hours against its attendances that month. The centre line is the pooled share of all the
providers plotted; the 95% and 99.8% control limits show how far a department of each size would
stray from it by chance alone, either with no allowance for real differences between trusts
(``adjust=None``: exact binomial limits) or with Spiegelhalter's additive allowance for them
(``adjust="additive"``).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FixedLocator, NullLocator

from .. import funnel
from ..ae import FOUR_HOUR_STANDARD, provider_monthly_performance
from ..style import COLOURS, OKABE_ITO

__all__ = ["plot_ae_funnel", "provider_funnel_table"]

#: The month the course's funnel plots show by default: the last in the dataset.
DEFAULT_MONTH = "2019-03-01"

_LOOKS = {
    "within 95% limits": dict(
        marker="o", color=OKABE_ITO["grey"], facecolor="none", label="within 95% limits"
    ),
    "above 95% limit": dict(marker="^", color=OKABE_ITO["blue"], facecolor="none", label="above a 95% limit"),
    "below 95% limit": dict(
        marker="v", color=OKABE_ITO["vermillion"], facecolor="none", label="below a 95% limit"
    ),
    "above 99.8% limit": dict(
        marker="^", color=OKABE_ITO["blue"], facecolor=OKABE_ITO["blue"], label="above the 99.8% limit"
    ),
    "below 99.8% limit": dict(
        marker="v",
        color=OKABE_ITO["vermillion"],
        facecolor=OKABE_ITO["vermillion"],
        label="below the 99.8% limit",
    ),
}


def provider_funnel_table(
    ae: pd.DataFrame, month: str = DEFAULT_MONTH, dept_type: str = "1", adjust: str | None = None
):
    """``(table, dispersion)`` of :func:`nhsreform.funnel.funnel_table` for one month's providers.

    ``ae`` is the ``ae_attendances_2016_2019`` dataset; ``month`` the first day of a month in it
    ("2019-03-01"). Events are patients within four hours; units are providers (ODS codes) with
    attendances in a department of ``dept_type``. Limits are exact binomial with no adjustment,
    else normal with ``adjust`` ("additive" or "multiplicative").
    """
    day = pd.Timestamp(month)
    per = provider_monthly_performance(ae, dept_type)
    rows = per[per["period"] == day]
    if rows.empty:
        first, last = per["period"].min(), per["period"].max()
        raise ValueError(
            f"no type {dept_type} A&E data for {month!r}: the dataset runs monthly from "
            f"{first:%Y-%m-%d} to {last:%Y-%m-%d} (give the first day of a month)"
        )
    within = rows["attendances"] - rows["breaches"]
    method = "binomial" if adjust is None else "normal"
    return funnel.funnel_table(within, rows["attendances"], rows["org_code"], method=method, adjust=adjust)


def _limit_curve(table: pd.DataFrame, p0: float, adjust, dispersion) -> pd.DataFrame:
    low, high = table["n"].min(), table["n"].max()
    n = np.unique(np.geomspace(max(low * 0.8, 1), high * 1.1, 120).round())
    method = "binomial" if adjust is None else "normal"
    return funnel.funnel_limits(n, p0, method=method, adjust=adjust, dispersion=dispersion)


def plot_ae_funnel(
    ae: pd.DataFrame, month: str = DEFAULT_MONTH, adjust: str | None = None, highlight: str | None = None
):
    """Funnel plot of type 1 A&E providers' % within four hours against attendances in ``month``.

    Points are marked by where they lie against their own limits (hollow: beyond a 95% limit;
    filled: beyond the 99.8% limit; triangles point up for above, down for below). A dotted line
    marks the 95% standard. ``adjust="additive"`` draws limits that allow for real differences
    between trusts; ``highlight`` (an ODS code) labels one provider. The alt text gives the
    counts in each band, the centre line, the overdispersion and the extremes. Returns
    ``(fig, alt)``.
    """
    table, dispersion = provider_funnel_table(ae, month, adjust=adjust)
    if highlight is not None and highlight not in set(table["unit"]):
        raise ValueError(f"highlight: no type 1 provider {highlight!r} in {pd.Timestamp(month):%B %Y}")
    curve = _limit_curve(table, dispersion.p0, adjust, dispersion)
    fig, ax = plt.subplots(figsize=(7.4, 6.0))
    x = curve["n"]
    ax.plot(x, 100 * curve["upper_99.8"], color=COLOURS["performance"], linewidth=1.5, label="99.8% limits")
    ax.plot(x, 100 * curve["lower_99.8"], color=COLOURS["performance"], linewidth=1.5)
    ax.plot(x, 100 * curve["upper_95"], color=COLOURS["performance"], linestyle="--", label="95% limits")
    ax.plot(x, 100 * curve["lower_95"], color=COLOURS["performance"], linestyle="--")
    ax.axhline(100 * dispersion.p0, color=COLOURS["event"], linewidth=1, label="all departments together")
    ax.axhline(
        FOUR_HOUR_STANDARD, color=COLOURS["target"], linestyle=":", linewidth=1.5, label="95% standard"
    )
    counts = table["signal"].value_counts()
    for signal in funnel.SIGNALS[::-1]:
        rows = table[table["signal"] == signal]
        if rows.empty:
            continue
        look = dict(_LOOKS[signal])
        colour, face = look.pop("color"), look.pop("facecolor")
        ax.scatter(rows["n"], 100 * rows["proportion"], s=22, edgecolors=colour, facecolors=face, **look)
    if highlight is not None:
        row = table[table["unit"] == highlight].iloc[0]
        ax.annotate(
            highlight,
            (row["n"], 100 * row["proportion"]),
            xytext=(8, -14),
            textcoords="offset points",
            fontsize=11,
            arrowprops=dict(arrowstyle="-", color=COLOURS["event"]),
        )
    kind = (
        "no allowance for real differences" if adjust is None else f"{adjust} allowance for real differences"
    )
    ax.set(
        xlabel=f"Type 1 A&E attendances, {pd.Timestamp(month):%B %Y}",
        ylabel="% within four hours",
        ylim=(40, 102),
        title=f"Funnel plot, {kind}",
    )
    ax.set_xscale("log")
    ticks = [t for t in (2000, 3000, 4000, 5000, 10000, 20000, 30000, 50000) if x.min() <= t <= x.max()]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncols=2, fontsize=11)
    fig.tight_layout()

    outside_high = int(counts.get("above 99.8% limit", 0))
    outside_low = int(counts.get("below 99.8% limit", 0))
    within = int(counts.get("within 95% limits", 0))
    lo = table.loc[table["proportion"].idxmin()]
    hi = table.loc[table["proportion"].idxmax()]
    alt = (
        f"Funnel plot of {len(table)} major (type 1) A&E departments in {pd.Timestamp(month):%B %Y}: "
        f"each department's percentage of patients within four hours against its attendances "
        f"(from {table['n'].min():,} to {table['n'].max():,}, log scale), with 95% and 99.8% limits "
        f"around {100 * dispersion.p0:.1f}%, the share for all departments together ({kind}), and a "
        f"dotted line at the 95% standard. {within} departments lie within the 95% limits; "
        f"{outside_high} lie above and {outside_low} below the 99.8% limits. Performance ranges from "
        f"{100 * lo['proportion']:.1f}% ({lo['n']:,} attendances) to {100 * hi['proportion']:.1f}% "
        f"({hi['n']:,} attendances). Measured as a variance, the departments spread about "
        f"{dispersion.phi:.0f} times as widely as chance alone would give (the overdispersion factor)."
    )
    if highlight is not None:
        row = table[table["unit"] == highlight].iloc[0]
        alt += f" Provider {highlight} is labelled: {100 * row['proportion']:.1f}%, {row['signal']}."
    return fig, alt
