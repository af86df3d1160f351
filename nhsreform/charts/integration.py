"""Integration of care and devolution: delayed transfers of care in England, 2010–2017, emergency
readmissions within 30 days, 2002/03–2011/12, and the published estimates of what devolution did
in Greater Manchester. Shown in chapter 8 and exercise 8."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..style import COLOURS, OKABE_ITO, date_axis, figure_size

__all__ = ["plot_delayed_transfers", "plot_readmissions", "plot_devolution_effects", "REPORT_PUBLISHED"]

#: The month the report was published (June 2014), marked on the delayed-transfers chart.
REPORT_PUBLISHED = pd.Timestamp("2014-06-01")

_DTOC_LINES = (
    ("delayed_beds_total", "all delays", dict(color=COLOURS["event"], linestyle="-", linewidth=2)),
    ("delayed_beds_nhs_responsible", "NHS responsible", dict(color=OKABE_ITO["blue"], linestyle="--")),
    (
        "delayed_beds_social_care_responsible",
        "social care responsible",
        dict(color=OKABE_ITO["orange"], linestyle="-."),
    ),
    (
        "delayed_beds_both_responsible",
        "both responsible",
        dict(color=OKABE_ITO["bluish_green"], linestyle=":"),
    ),
)


def plot_delayed_transfers(dtoc: pd.DataFrame):
    """Line chart of beds occupied by delayed patients each month, in total and by the
    organisation responsible for the delay, with a dotted line at June 2014.

    ``dtoc`` is the ``delayed_transfers_of_care_monthly_2010_2017`` dataset. The alt text gives
    each series' first and last values and the total's lowest and highest months. Returns
    ``(fig, alt)``.
    """
    d = dtoc.set_index("month")
    fig, ax = plt.subplots(figsize=figure_size(4.4), layout="constrained")
    for column, label, look in _DTOC_LINES:
        ax.plot(d.index, d[column], label=label, **look)
    ax.axvline(REPORT_PUBLISHED, color=COLOURS["event"], linestyle=":", linewidth=1)
    ax.text(REPORT_PUBLISHED + pd.DateOffset(months=1), 6900, "June 2014:\nthe report", va="top")
    ax.yaxis.set_major_formatter("{x:,.0f}")
    ax.set(
        ylim=(0, 7200),
        ylabel="Beds occupied by delayed patients",
        title=f"Delayed transfers of care, England, {d.index[0]:%b %Y} – {d.index[-1]:%b %Y}",
    )
    date_axis(ax)
    ax.legend(loc="upper left", ncol=1)
    total = d["delayed_beds_total"]
    before = total[total.index < REPORT_PUBLISHED]
    first, last = d.iloc[0], d.iloc[-1]
    alt = (
        f"Line chart of the beds occupied each month by patients whose transfer of care was "
        f"delayed, England, {d.index[0]:%B %Y} to {d.index[-1]:%B %Y}, with a dotted line at June "
        f"2014. The total goes from {first['delayed_beds_total']:,.1f} in {d.index[0]:%B %Y}, is "
        f"lowest at {total.min():,.1f} in {total.idxmin():%B %Y}, stays between {before.min():,.0f} "
        f"and {before.max():,.0f} until May 2014, then rises to its highest, {total.max():,.1f}, in "
        f"{total.idxmax():%B %Y}, and "
        f"is {last['delayed_beds_total']:,.1f} in {d.index[-1]:%B %Y}. "
        + " ".join(
            f"Delays attributed to {label.removesuffix(' responsible')}: "
            f"{first[column]:,.1f} to {last[column]:,.1f}."
            for column, label, _ in _DTOC_LINES[1:]
        )
    )
    return fig, alt


def plot_readmissions(readmissions: pd.DataFrame):
    """Line chart with markers of the indirectly standardised percentage of emergency admissions
    that were readmissions within 30 days, England, by financial year.

    ``readmissions`` is the ``emergency_readmissions_30day_2002_2012`` dataset. The alt text
    names the first, lowest, highest and last values and their years. Returns ``(fig, alt)``.
    """
    col = "emergency_readmissions_30day_pct_indirectly_standardised"
    d = readmissions.set_index("financial_year")[col]
    fig, ax = plt.subplots(figsize=figure_size(3.8), layout="constrained")
    x = np.arange(len(d))
    ax.plot(x, d.to_numpy(), marker="o", color=COLOURS["performance"], label="England")
    ax.set_xticks(x[::2], list(d.index[::2]))
    ax.set(
        ylim=(0, 14),
        ylabel="% of emergency admissions",
        title="Emergency readmissions within 30 days of discharge",
    )
    ax.legend(loc="lower right")
    rises = "never falls from one year to the next" if d.is_monotonic_increasing else "rises and falls"
    alt = (
        f"Line chart of emergency readmissions within 30 days of discharge, as an indirectly "
        f"standardised percentage of emergency admissions, England, {d.index[0]} to {d.index[-1]}. "
        f"It {rises}: {d.iloc[0]:.1f}% in {d.index[0]}, lowest {d.min():.1f}% in {d.idxmin()}, "
        f"highest {d.max():.1f}% in {d.idxmax()}, and {d.iloc[-1]:.1f}% in {d.index[-1]}."
    )
    return fig, alt


_LABELS = {
    "alcohol_related_hospital_admissions": "Alcohol-related admissions",
    "first_time_offenders": "First-time offenders",
    "hospital_admissions_for_violence": "Admissions for violence",
    "half_school_days_missed": "Half school days missed",
    "same_day_gp_appointments": "Same-day GP appointments",
    "unplanned_ae_reattendances": "Unplanned A&E re-attendances",
    "adult_social_care_effectiveness_and_satisfaction": "Adult social care (effectiveness, satisfaction)",
    "adult_obesity": "Adult obesity",
    "median_ae_wait_for_treatment": "Median A&E wait for treatment",
}


def plot_devolution_effects(effects: pd.DataFrame):
    """Horizontal bars of the estimated percentage effects of devolution in Greater Manchester,
    2016–2020 (the rows in ``%``), solid where the change is an improvement and hatched where
    the source marks it "(worse)".

    ``effects`` is the ``greater_manchester_devolution_effects`` dataset. The alt text lists every
    effect. Returns ``(fig, alt)``.
    """
    rows = effects[effects["unit"] == "%"].reset_index(drop=True)
    worse = rows["note"].fillna("").str.contains("(worse)", regex=False).to_numpy()
    labels = [_LABELS.get(o, o.replace("_", " ")) for o in rows["outcome"]]
    values = rows["effect"].to_numpy(dtype=float)
    fig, ax = plt.subplots(figsize=figure_size(0.5 * len(rows) + 1.6), layout="constrained")
    y = np.arange(len(rows))
    for flag, look, label in (
        (False, dict(color=OKABE_ITO["bluish_green"]), "better"),
        (True, dict(color="white", edgecolor=OKABE_ITO["vermillion"], hatch="//"), "worse"),
    ):
        pick = worse == flag
        ax.barh(y[pick], values[pick], height=0.6, linewidth=1.5, label=label, **look)
    for yi, v in zip(y, values, strict=True):
        ax.text(
            v + (0.5 if v >= 0 else -0.5), yi, f"{v:+.1f}%", va="center", ha="left" if v >= 0 else "right"
        )
    ax.axvline(0, color=COLOURS["event"], linewidth=1)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set(xlim=(-26, 26), xlabel="Estimated effect of devolution (%)")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper right")
    alt = (
        f"Horizontal bar chart of {len(rows)} estimated effects of health devolution in Greater "
        f"Manchester, 2016–2020, in per cent; {int((~worse).sum())} are improvements and "
        f"{int(worse.sum())} are changes for the worse. "
        + "; ".join(
            f"{label}: {v:+.1f}%{' (worse)' if w else ''}"
            for label, v, w in zip(labels, values, worse, strict=True)
        )
        + "."
    )
    return fig, alt
