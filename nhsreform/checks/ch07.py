"""Checks for exercise 7, SPC in practice (``exercises/07-spc-in-practice``).

The reference answers are computed here from the dataset with the rules the exercise states:

- the series is monthly A&E attendances (``attendances_all``) at one English hospital, April 2022
  – June 2024 (27 months), the window :data:`nhsreform.charts.spc.ED_WINDOW`, with each row's
  month read as :func:`nhsreform.charts.spc.ed_monthly` reads it (see the dataset's card);
- the mean moving range is the mean of the 26 absolute differences between consecutive months,
  all of them (tasks 2–4; :func:`nhsreform.spc.xmr` also screens out very large ones, as
  Making Data Count's R package does, which the exercise discusses);
- the process limits are the mean ± 2.66 × the mean moving range;
- attendances per day are the month's attendances divided by its number of days (task 5, whose
  limits come from :func:`nhsreform.spc.xmr` with its defaults).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from .. import spc
from ..charts.spc import ED_WINDOW, ed_monthly
from ..data import load_dataset
from ..exercise_checks import Feedback, KeyNumbers, check_number, check_number_with_slips, keyed, make_checker

__all__ = ["attendances", "check", "key_numbers", "per_day"]


def attendances() -> pd.Series:
    """Monthly attendances in the exercise's window, indexed by month (first day)."""
    ed = load_dataset("ed_attendances_one_hospital_2015_2024")
    return ed_monthly(ed).loc[ED_WINDOW[0] : ED_WINDOW[1], "attendances_all"]


def per_day(series: pd.Series) -> pd.Series:
    """Attendances per day: each month's count divided by the number of days in the month."""
    return series / series.index.days_in_month


def _reference() -> dict:
    s = attendances()
    mr = s.diff().abs()
    mean, amr = float(s.mean()), float(mr.mean())
    upper, lower = mean + spc.LIMIT * amr, mean - spc.LIMIT * amr
    outside = s[(s > upper) | (s < lower)]
    daily = spc.xmr(per_day(s))
    return dict(
        series=s,
        mean=mean,
        amr=amr,
        amr_screened=spc.mean_moving_range(s),
        upper=upper,
        lower=lower,
        outside=outside,
        chart=spc.xmr(s),
        daily=daily,
        daily_outside=daily[daily["outside_limits"]],
    )


def key_numbers() -> KeyNumbers:
    """Exercise 7's results for the no-code route, computed with the rules the checks use."""
    r = _reference()
    s, chart = r["series"], r["chart"]
    months = ", ".join(f"{m:%B %Y} ({v:,.0f})" for m, v in r["outside"].items())
    daily = ", ".join(f"{m:%B %Y}" for m in r["daily_outside"].index)
    first = chart.iloc[0]
    return KeyNumbers(
        f"Monthly A&E attendances at one hospital, {s.index[0]:%B %Y} to {s.index[-1]:%B %Y} "
        f"({len(s)} months)",
        (
            ("Mean attendances per month", f"{r['mean']:,.1f}"),
            ("Median (run chart)", f"{s.median():,.0f}"),
            ("Mean moving range, all 26 moving ranges", f"{r['amr']:,.1f}"),
            (
                "Process limits from it (mean ± 2.66 × mean moving range)",
                f"{r['lower']:,.0f} to {r['upper']:,.0f}",
            ),
            ("Months outside those limits", months),
            (
                "Limits with very large moving ranges screened out (the chart)",
                f"{first['lower']:,.0f} to {first['upper']:,.0f} "
                f"(mean moving range {r['amr_screened']:,.1f})",
            ),
            ("Months with a special cause on the chart", str(int(chart["signal"].sum()))),
            ("Attendances per day: months outside the limits", daily),
        ),
    )


def _count(expected: int, hint: str, mistakes: dict[int, str]) -> Callable:
    base = check_number(expected, 0, hint)

    def check(answer):
        try:
            value = float(answer)
        except (TypeError, ValueError):
            return base(answer)
        if value != expected and value in mistakes:
            return Feedback(False, mistakes[int(value)])
        return base(answer)

    return keyed(check, expected, 0, hint, mistakes.items())


def _tasks() -> dict[str, Callable]:
    r = _reference()
    s = r["series"]
    n = len(s)
    std = float(s.std())
    return {
        "mean": check_number_with_slips(
            r["mean"],
            0.5,
            "Take the mean of the 27 monthly attendances from April 2022 to June 2024.",
            ((float(s.median()), "That is the median, which a run chart uses; an XmR chart uses the mean."),),
        ),
        "mean_moving_range": check_number_with_slips(
            r["amr"],
            0.5,
            "The moving ranges are the absolute differences between each month and the one before; "
            "take their mean.",
            (
                (
                    float(s.diff().abs().sum() / n),
                    "That divides by 27, but there are only 26 moving ranges: the first month has "
                    "no month before it. Take the mean of the 26.",
                ),
                (
                    r["amr_screened"],
                    "That is the screened mean moving range (one very large moving range left "
                    "out), as nhsreform.spc does. This task asks for the mean of all 26.",
                ),
                (std, "That is the standard deviation of the values, not the mean moving range."),
                (
                    float(s.diff().mean()),
                    "Take the absolute value of each difference before the mean: rises and falls "
                    "should not cancel out.",
                ),
            ),
        ),
        "upper_limit": check_number_with_slips(
            r["upper"],
            1.0,
            "The upper process limit is the mean plus 2.66 times the mean moving range.",
            (
                (
                    r["mean"] + 3 * r["amr"],
                    "That uses 3 times the mean moving range. The limits are 2.66 times it, "
                    "which is about 3 standard deviations of the noise.",
                ),
                (
                    r["mean"] + 3 * std,
                    "That uses the standard deviation. XmR limits use the mean moving range.",
                ),
                (r["lower"], "That is the lower limit; the upper one adds 2.66 mean moving ranges."),
                (
                    float(r["chart"]["upper"].iloc[0]),
                    "That is the screened limit nhsreform.spc draws. This task uses all 26 moving ranges.",
                ),
            ),
        ),
        "months_outside": _count(
            len(r["outside"]),
            "Count the months above the upper limit or below the lower limit (mean ± 2.66 × the "
            "mean moving range of all 26 moving ranges).",
            {int((s > r["upper"]).sum()): "Count the months below the lower limit too."},
        ),
        "per_day_outside": _count(
            len(r["daily_outside"]),
            "Divide each month's attendances by its number of days (series.index.days_in_month), "
            "then count the months outside the limits of nhsreform.spc.xmr for that series.",
            {
                int(r["daily"]["signal"].sum()): "That counts every special cause. Count only the "
                "months outside the limits (the outside_limits column).",
                len(r["outside"]): "That is the count for monthly totals. Divide by the days in each "
                "month first: February is short.",
            },
        ),
    }


check = make_checker(_tasks)
