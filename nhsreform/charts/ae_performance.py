"""A&E four-hour performance: the quarterly England series against the target in force, and the
official figures set beside what patients said in a survey. Shown in chapter 2.

The series, the all-types formula and the target dates come from :mod:`nhsreform.ae`, the one
place they are defined.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..ae import DATES_BEVAN_HOOD_DH, DATES_QUALITYWATCH, DISPUTED_PERIODS
from ..style import COLOURS, MIN_FONT_PT, OKABE_ITO, date_axis, figure_size

__all__ = ["plot_against_target", "plot_official_vs_survey", "target_steps", "describe_dates"]

#: Who gives each set of target dates (for the legend).
DATE_SOURCES = {DATES_BEVAN_HOOD_DH: "Bevan and Hood; DH", DATES_QUALITYWATCH: "QualityWatch; DH"}


def target_steps(dates, left: pd.Timestamp, right: pd.Timestamp) -> pd.DataFrame:
    """The target as a step line from ``left`` to ``right``: one row per change in ``dates``
    (``(first day, level)`` pairs) that falls in the window, starting with the level in force
    at ``left`` and repeating the last level at ``right``."""
    rows = []
    for i, (day, level) in enumerate(dates):
        later = pd.Timestamp(dates[i + 1][0]) if i + 1 < len(dates) else None
        if later is not None and later <= left:
            continue  # replaced before the window starts
        rows.append((max(pd.Timestamp(day), left), float(level)))
    rows.append((right, rows[-1][1]))
    return pd.DataFrame(rows, columns=["start", "target"])


def describe_dates(dates, left: pd.Timestamp) -> str:
    """The target dates in words from ``left`` on, e.g. "90% until December 2004, 98% from
    January 2005, 95% from June 2010"."""
    steps = target_steps(dates, left, left).iloc[:-1]
    first = f"{steps['target'].iloc[0]:.0f}%"
    if len(steps) > 1:
        first += f" until {steps['start'].iloc[1] - pd.Timedelta(days=1):%B %Y}"
    rest = [
        f"{t:.0f}% from {s:%B %Y}"
        for s, t in zip(steps["start"].iloc[1:], steps["target"].iloc[1:], strict=True)
    ]
    return ", ".join([first, *rest])


def plot_against_target(ae: pd.DataFrame, dates=DATES_BEVAN_HOOD_DH):
    """Quarterly % of A&E patients within four hours, type 1 and all types, against the target.

    ``ae`` is :func:`nhsreform.ae.combined_four_hour_series` (the two QualityWatch versions
    joined). The target is drawn as a step line on ``dates`` (the course's by default), from the
    start of the first disputed period; :data:`nhsreform.ae.DISPUTED_PERIODS` are shaded.
    Returns ``(fig, alt)``.
    """
    left = min(pd.Timestamp(DISPUTED_PERIODS[0][0]), ae["start"].min())
    right = ae["start"].max() + pd.DateOffset(months=3)
    fig, ax = plt.subplots(figsize=figure_size(4.6), layout="constrained")
    for i, (lo, hi) in enumerate(DISPUTED_PERIODS):
        ax.axvspan(
            pd.Timestamp(lo),
            pd.Timestamp(hi),
            color=COLOURS["spread"],
            alpha=0.25,
            linewidth=0,
            label="dates disputed" if i == 0 else None,
        )
    ax.plot(
        ae["start"],
        ae["pct_within_4h_type1"],
        color=COLOURS["performance"],
        marker="o",
        markersize=3,
        label="type 1 (major A&E)",
    )
    ax.plot(
        ae["start"], ae["all_types"], color=OKABE_ITO["orange"], linestyle="--", label="all types (derived)"
    )
    steps = target_steps(dates, left, right)
    ax.step(
        steps["start"],
        steps["target"],
        where="post",
        color=COLOURS["target"],
        linewidth=2,
        label=f"target in force\n({DATE_SOURCES.get(tuple(map(tuple, dates)), 'given dates')})",
    )
    ax.set(
        ylim=(75, 100),
        ylabel="% in A&E four hours or less",
        title=f"A&E four-hour performance against the target, England, "
        f"{ae['start'].min().year}–{ae['start'].max().year}",
    )
    date_axis(ax)
    ax.legend(loc="lower left")
    t1 = ae.set_index("quarter")["pct_within_4h_type1"]
    diff = ae["all_types"] - ae["pct_within_4h_type1"]
    best, worst = t1.idxmax(), t1.idxmin()
    at = ae.set_index("quarter")["all_types"]
    alt = (
        f"Line chart of the quarterly percentage of A&E patients in England spending four "
        f"hours or less, {ae['quarter'].iloc[0]} to {ae['quarter'].iloc[-1]}, with a stepped "
        f"line for the target: {describe_dates(dates, left)}. Type 1 performance rises from "
        f"{t1.iloc[0]:.1f}% in {t1.index[0]} to a peak of {t1.max():.1f}% in {best}, stays "
        f"mostly a little below 98% until 2010, then falls, most steeply from 2014, to "
        f"{t1.min():.1f}% in {worst}. The derived all-types line runs between "
        f"{diff.min():.1f} and {diff.max():.1f} points higher, from {at.max():.1f}% in "
        f"{at.idxmax()} at best to {at.min():.1f}% in {at.idxmin()} at worst. Shaded bands "
        f"mark 2004 and the "
        f"second half of 2010, where sources disagree about which target applied."
    )
    return fig, alt


def plot_official_vs_survey(gap: pd.DataFrame):
    """Official A&E four-hour figures beside a patient survey, 2002/03 and 2004/05.

    ``gap`` is the ``ae_official_vs_survey_2002_2005`` dataset. Solid bars are official figures,
    hatched bars the survey; the 2002/03 official bar is a share of trusts, not of patients.
    Returns ``(fig, alt)``.
    """
    gap = gap.set_index("year")
    y02, y04 = gap.loc["2002/03"], gap.loc["2004/05"]
    trust_share = 100 * y02["official_trusts_reporting_90pct"] / y02["acute_trusts"]
    bars = pd.DataFrame(
        {
            "label": [
                "2002/03 official:\n% of acute trusts\nreporting 90%\nwithin 4 h",
                "2002/03 survey:\n% of patients\nsaying within 4 h",
                "2004/05 official:\n% of patients\nwithin 4 h",
                "2004/05 survey:\n% of patients\nsaying within 4 h",
            ],
            "value": [
                trust_share,
                y02["survey_pct_within_4h"],
                y04["official_pct_within_4h"],
                y04["survey_pct_within_4h"],
            ],
            "official": [True, False, True, False],
        }
    )
    fig, ax = plt.subplots(figsize=figure_size(4.8), layout="constrained")
    ypos = np.array([0, 1.1, 2.8, 3.9])
    looks = {
        True: dict(color=COLOURS["performance"], edgecolor=COLOURS["performance"], hatch=""),
        False: dict(color="white", edgecolor=COLOURS["performance"], hatch="//"),
    }
    for (_, row), yy in zip(bars.iterrows(), ypos, strict=True):
        ax.barh(yy, row["value"], height=0.85, linewidth=1.5, **looks[row["official"]])
        ax.text(row["value"] + 1, yy, f"{row['value']:.0f}%", va="center", fontsize=MIN_FONT_PT)
    for official, label in ((True, "official figure"), (False, "patient survey")):
        ax.barh([np.nan], [np.nan], linewidth=1.5, label=label, **looks[official])
    ax.set(
        yticks=ypos,
        yticklabels=bars["label"],
        ylim=(4.5, -0.6),
        xlim=(0, 112),
        xlabel="% (of trusts for the first bar; of patients for the others)",
        title="What was reported and what patients said, A&E, England",
    )
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2)
    alt = (
        f"Horizontal bar chart comparing official A&E figures with a patient survey. 2002/03: "
        f"{int(y02['official_trusts_reporting_90pct'])} of {int(y02['acute_trusts'])} acute "
        f"trusts ({trust_share:.0f}%) officially reported seeing 90% of patients within four "
        f"hours, but {y02['survey_pct_within_4h']:.0f}% of patients said in the survey that "
        f"they were seen within four hours. 2004/05: officially "
        f"{y04['official_pct_within_4h']:.0f}% of patients were within four hours; in the "
        f"survey, {y04['survey_pct_within_4h']:.0f}%. The 2002/03 official bar counts trusts, "
        f"not patients, so only the 2004/05 pair compares like with like."
    )
    return fig, alt
