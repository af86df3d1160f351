"""Checks for exercise 6, engagement and mortality (``exercises/06-engagement-and-mortality``).

Reference answers are computed here from the dataset ``staff_engagement_shmi_trusts_2012_2019``
(never typed in).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from ..charts.engagement import ENGAGEMENT, REGION, SHMI, association, correlation_by_year, paired
from ..data import load_dataset
from ..exercise_checks import (
    KeyNumbers,
    check_number_with_slips,
    check_series,
    make_checker,
)

TRUSTS = "staff_engagement_shmi_trusts_2012_2019"
YEAR = 2019


# Reference calculations (also used by the tests)


def trusts() -> pd.DataFrame:
    return load_dataset(TRUSTS)


def pairs_in_year(year: int = YEAR) -> pd.DataFrame:
    """Trusts with both an engagement index and a SHMI in ``year``."""
    return paired(trusts(), year)


def region_gap(year: int = YEAR) -> float:
    """Mean SHMI of northern trusts minus that of southern trusts in ``year`` (trusts with both values)."""
    rows = pairs_in_year(year)
    means = rows.groupby(REGION, observed=True)[SHMI].mean()
    return float(means["North"] - means["South"])


def slope_within_regions(year: int = YEAR) -> float:
    """Slope of SHMI on engagement allowing for region: least squares of SHMI on engagement and a
    0/1 North indicator (trusts with a region given)."""
    rows = pairs_in_year(year)
    rows = rows[rows[REGION].isin(["North", "South"])]
    x = np.column_stack(
        [np.ones(len(rows)), rows[ENGAGEMENT].to_numpy(), (rows[REGION] == "North").to_numpy(float)]
    )
    coef, *_ = np.linalg.lstsq(x, rows[SHMI].to_numpy(), rcond=None)
    return float(coef[1])


def key_numbers() -> KeyNumbers:
    """Exercise 6's results for the no-code route, computed by the reference functions above."""
    data = trusts()
    both = paired(data)
    stats = association(data, YEAR)
    by_year = correlation_by_year(data)
    rows = pairs_in_year()
    means = rows.groupby(REGION, observed=True)[SHMI].mean()
    return KeyNumbers(
        "Engagement and mortality: the exercise's results",
        (
            (
                "Trusts in the dataset / trust-years with both values",
                f"{data['org_code'].nunique()} / {len(both)}",
            ),
            (f"Trusts with both values in {YEAR}", f"{stats['trusts']}"),
            (f"Correlation, engagement with SHMI, {YEAR}", f"{stats['r']:.2f}"),
            (
                "Correlation in each year, 2012–2019",
                ", ".join(f"{y}: {r:.2f}" for y, r in zip(by_year["year"], by_year["r"], strict=True)),
            ),
            (f"Fitted slope, {YEAR}: change in SHMI per 1 point of engagement", f"{stats['slope']:.3f}"),
            (f"Mean SHMI, {YEAR}: North / South", f"{means['North']:.3f} / {means['South']:.3f}"),
            (f"Slope allowing for region, {YEAR}", f"{slope_within_regions():.3f}"),
        ),
    )


# Checks with feedback on typical slips


def _tasks() -> dict[str, Callable]:
    data = trusts()
    stats = association(data, YEAR)
    everything = association(data)
    by_year = correlation_by_year(data).set_index("year")["r"]
    return {
        "trusts_2019": check_number_with_slips(
            stats["trusts"],
            0,
            f"Keep the rows for {YEAR} that have both an engagement_index_1_to_5 and a shmi, and count them.",
            (
                (
                    int((data["year"] == YEAR).sum()),
                    f"That counts every row for {YEAR}, including trusts without an engagement "
                    "index: drop rows where either value is missing.",
                ),
                (len(paired(data)), "That counts trust-years in every year; keep only 2019."),
            ),
        ),
        "correlation_2019": check_number_with_slips(
            round(stats["r"], 3),
            0.005,
            "Use Series.corr between engagement_index_1_to_5 and shmi, for the 2019 rows with both values.",
            (
                (
                    -round(stats["r"], 3),
                    "The size is right but the sign is not: SHMI falls as engagement rises.",
                ),
                (
                    round(everything["r"], 3),
                    "That is the correlation over all years together; keep only 2019.",
                ),
            ),
        ),
        "correlation_by_year": check_series(
            by_year.rename("r"),
            0.005,
            "Group the rows with both values by year and compute the correlation in each group.",
            mistakes=(
                (lambda r: -r, "The sizes are right but the signs are not: check the order of subtraction."),
            ),
        ),
        "slope_2019": check_number_with_slips(
            round(stats["slope"], 3),
            0.005,
            "Fit a straight line of shmi on engagement_index_1_to_5 for 2019 (np.polyfit(x, y, 1)); "
            "the slope is the first number.",
            (
                (
                    round(stats["intercept"], 3),
                    "That is the intercept: np.polyfit returns the slope first, then the intercept.",
                ),
            ),
        ),
        "region_gap": check_number_with_slips(
            round(region_gap(), 4),
            0.0005,
            "For 2019 rows with both values, compute the mean shmi of North and of South trusts, "
            "and subtract South from North.",
            ((-round(region_gap(), 4), "The size is right but the sign is not: subtract South from North."),),
        ),
        "slope_within_regions": check_number_with_slips(
            round(slope_within_regions(), 3),
            0.005,
            "Regress shmi on engagement and a 0/1 North column together (np.linalg.lstsq with a column "
            "of ones), for 2019 rows with a North or South region; take engagement's coefficient.",
            (
                (
                    round(stats["slope"], 3),
                    "That is the slope without region. Add the 0/1 North column to the regression.",
                ),
            ),
        ),
    }


check = make_checker(_tasks)
