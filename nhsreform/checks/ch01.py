"""Checks for exercise 1, the four-hour standard in real data (``exercises/01-ae-four-hour-standard``)."""

from __future__ import annotations

from collections.abc import Callable

from .. import ae
from ..data import load_ae_attendances
from ..exercise_checks import KeyNumbers, check_number, check_series, make_checker


def key_numbers() -> KeyNumbers:
    """Exercise 1's results for the no-code route, computed by the same functions as the checks."""
    data = load_ae_attendances()
    pct = ae.england_monthly_performance(data)["pct_within_4h"]
    spread = ae.spread_between_providers(data, "1")
    last = spread.index.max()
    return KeyNumbers(
        f"A&E four-hour performance, {pct.index[0]:%B %Y} to {pct.index[-1]:%B %Y}",
        (
            ("Providers in the dataset", f"{data['org_code'].nunique()}"),
            (
                "Months in which England (all types) reached 95%",
                f"{int((pct >= ae.FOUR_HOUR_STANDARD).sum())} of {len(pct)}",
            ),
            (f"England, all types, {pct.index[0]:%B %Y}", f"{pct.iloc[0]:.1f}%"),
            (f"England, all types, lowest month ({pct.idxmin():%B %Y})", f"{pct.min():.1f}%"),
            (f"England, all types, {pct.index[-1]:%B %Y}", f"{pct.iloc[-1]:.1f}%"),
            (
                f"Type 1 providers meeting 95% in {last:%B %Y}",
                f"{int(spread.loc[last, 'meeting_standard'])} of {int(spread.loc[last, 'providers'])}",
            ),
            (f"Median type 1 provider, {last:%B %Y}", f"{spread.loc[last, 'median']:.1f}%"),
        ),
    )


def _tasks() -> dict[str, Callable]:
    data = load_ae_attendances()
    england = ae.england_monthly_performance(data)
    spread = ae.spread_between_providers(data, "1")
    last = spread.index.max()
    return {
        "providers": check_number(data["org_code"].nunique(), 0, "Count the distinct values of org_code."),
        "england_monthly": check_series(
            england["pct_within_4h"].rename("pct_within_4h"),
            0.01,
            "Add up attendances and breaches over all providers and types for each month, "
            "then compute 100 × (1 − breaches / attendances).",
            mistakes=(
                (
                    lambda r: 100 - r,
                    "These look like the share over four hours; the standard "
                    "counts the share seen within four hours.",
                ),
                (lambda r: r / 100, "These look like proportions (0–1); give percentages (0–100)."),
            ),
        ),
        "months_meeting_standard": check_number(
            int((england["pct_within_4h"] >= ae.FOUR_HOUR_STANDARD).sum()),
            0,
            "Compare each month's England figure with 95.",
        ),
        "type1_meeting_standard_last_month": check_number(
            int(spread.loc[last, "meeting_standard"]),
            0,
            f"Keep type 1 departments, compute each provider's % within four hours for "
            f"{last:%B %Y}, and count those at or above 95.",
        ),
        "type1_median_last_month": check_number(
            round(float(spread.loc[last, "median"]), 1),
            0.1,
            f"Take the median of the type 1 providers' percentages for {last:%B %Y}.",
        ),
    }


check = make_checker(_tasks)
