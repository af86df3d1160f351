"""Checks for exercise 5, reorganisations and managers (``exercises/05-reorganisations-and-managers``).

Reference answers are computed here from the two datasets (never typed in):
``nhs_reorganisations_1974_2022`` (the timeline) and ``nhs_managers_monthly_2009_2017``.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from ..data import load_dataset
from ..exercise_checks import Feedback, KeyNumbers, check_number, check_series, keyed, make_checker

TIMELINE = "nhs_reorganisations_1974_2022"
MANAGERS = "nhs_managers_monthly_2009_2017"
STRUCTURAL = "structural reorganisation"
BEFORE, AFTER = pd.Timestamp("2013-03-01"), pd.Timestamp("2013-04-01")


# Reference calculations (also used by the tests and, through the quiz tests, by the quiz bank)


def structural_reorganisations() -> pd.DataFrame:
    """Rows of the timeline that the course classifies as structural reorganisations."""
    timeline = load_dataset(TIMELINE)
    return timeline[timeline["course_classification"] == STRUCTURAL].reset_index(drop=True)


def intervals_between_years() -> pd.Series:
    """Years between successive years with a structural reorganisation (each year counted once)."""
    years = pd.Series(sorted(structural_reorganisations()["year"].unique()))
    return years.diff().dropna().astype(float).reset_index(drop=True).rename("interval_years")


def per_decade() -> pd.Series:
    """Number of structural reorganisation rows in each decade (decades with at least one)."""
    decade = structural_reorganisations()["year"] // 10 * 10
    return decade.value_counts().sort_index().astype(float).rename("reorganisations")


def without_confidence_c() -> int:
    """Structural reorganisations whose confidence mark contains no C."""
    rows = structural_reorganisations()
    return int((~rows["confidence"].str.contains("C")).sum())


def managers_by_month() -> pd.DataFrame:
    return load_dataset(MANAGERS).set_index("month")


def pct_change(column: str, start: pd.Timestamp, end: pd.Timestamp) -> float:
    """Percentage change in ``column`` of the managers series from ``start`` to ``end``."""
    m = managers_by_month()[column]
    return float(100 * (m[end] - m[start]) / m[start])


def first_month_above_march_2013(column: str) -> pd.Timestamp:
    """First month after March 2013 in which ``column`` is above its March 2013 value again."""
    m = managers_by_month()[column]
    later = m[m.index > BEFORE]
    return later[later > m[BEFORE]].index[0]


def key_numbers() -> KeyNumbers:
    """Exercise 5's results for the no-code route, computed by the reference functions above."""
    timeline = load_dataset(TIMELINE)
    intervals = intervals_between_years()
    senior = managers_by_month()["senior_managers_fte"]
    first, last = senior.index[0], senior.index[-1]
    return KeyNumbers(
        "Reorganisations and managers: the exercise's results",
        (
            (
                "Changes in the timeline / structural reorganisations (course's classification)",
                f"{len(timeline)} / {len(structural_reorganisations())}",
            ),
            ("Years between reorganisation years", ", ".join(f"{g:.0f}" for g in intervals)),
            ("Mean gap between reorganisation years", f"{intervals.mean():.1f} years"),
            (
                "Structural reorganisations by decade",
                ", ".join(f"{d}s: {n:.0f}" for d, n in per_decade().items()),
            ),
            ("Structural reorganisations left if rows marked C are dropped", f"{without_confidence_c()}"),
            (
                "Change March to April 2013: managers / senior managers",
                f"{pct_change('managers_fte', BEFORE, AFTER):.1f}% / "
                f"{pct_change('senior_managers_fte', BEFORE, AFTER):.1f}%",
            ),
            (
                f"Senior managers: {first:%b %Y} / March 2013 / {last:%b %Y}",
                f"{senior[first]:,.0f} / {senior[BEFORE]:,.0f} / {senior[last]:,.0f}",
            ),
            (
                "First month senior managers are above their March 2013 level again",
                f"{first_month_above_march_2013('senior_managers_fte'):%B %Y}",
            ),
        ),
    )


# Checks with feedback on typical slips


WRONG_SIGN = "The size is right but the sign is not: a fall is a negative percentage change."
PROPORTION = "This looks like a proportion; multiply by 100 for a percentage."


def _check_pct(expected: float, tolerance: float, hint: str) -> Callable:
    plain = check_number(expected, tolerance, hint)

    def check(answer):
        try:
            value = float(answer)
        except (TypeError, ValueError):
            return plain(answer)
        if abs(value + expected) <= tolerance and abs(expected) > tolerance:
            return Feedback(False, WRONG_SIGN)
        if abs(value - expected / 100) <= tolerance / 100:
            return Feedback(False, PROPORTION)
        return plain(answer)

    return keyed(check, expected, tolerance, hint, ((-expected, WRONG_SIGN), (expected / 100, PROPORTION)))


def _check_month(expected: pd.Timestamp, hint: str) -> Callable:
    def check(answer):
        try:
            when = pd.Timestamp(answer)
        except (TypeError, ValueError):
            return Feedback(False, f"Give a month, for example pd.Timestamp('2015-06-01'). {hint}")
        if (when.year, when.month) == (expected.year, expected.month):
            return Feedback(True, f"{when:%B %Y} is right.")
        direction = "too early" if when < expected else "too late"
        return Feedback(False, f"{when:%B %Y} is {direction}. {hint}")

    return keyed(check, expected, 0, hint)


def _tasks() -> dict[str, Callable]:
    intervals = intervals_between_years()
    decades = per_decade()
    return {
        "structural_count": check_number(
            len(structural_reorganisations()),
            0,
            f"Keep the rows whose course_classification is '{STRUCTURAL}' and count them.",
        ),
        "intervals": check_series(
            intervals,
            0.01,
            "Take the distinct years of the structural reorganisations (2006 had two steps; "
            "count that year once), sort them and compute the differences.",
            mistakes=(
                (
                    lambda r: -r,
                    "These are the right sizes with the wrong sign: subtract each "
                    "year from the next, not the next from each year.",
                ),
            ),
        ),
        "mean_interval": check_number(
            round(float(intervals.mean()), 2),
            0.05,
            "Take the mean of your intervals (one per pair of successive years).",
        ),
        "per_decade": check_series(
            decades,
            0,
            "Compute each row's decade as year // 10 * 10, then count the rows in each decade "
            "(value_counts, sorted by decade).",
        ),
        "without_c": check_number(
            without_confidence_c(),
            0,
            "Keep the structural reorganisations whose confidence column does not contain the "
            "letter C (hint: .str.contains('C')), and count them.",
        ),
        "step_senior_pct": _check_pct(
            round(pct_change("senior_managers_fte", BEFORE, AFTER), 2),
            0.05,
            "Compute 100 × (April 2013 − March 2013) / March 2013 for senior_managers_fte.",
        ),
        "step_managers_pct": _check_pct(
            round(pct_change("managers_fte", BEFORE, AFTER), 2),
            0.05,
            "Compute 100 × (April 2013 − March 2013) / March 2013 for managers_fte.",
        ),
        "change_2009_2017_pct": _check_pct(
            round(
                pct_change("senior_managers_fte", pd.Timestamp("2009-09-01"), pd.Timestamp("2017-09-01")), 2
            ),
            0.05,
            "Compute 100 × (September 2017 − September 2009) / September 2009 for senior_managers_fte.",
        ),
        "senior_back_above": _check_month(
            first_month_above_march_2013("senior_managers_fte"),
            "Compare every month after March 2013 with the March 2013 value and take the first "
            "month that is higher.",
        ),
    }


check = make_checker(_tasks)
