"""Checks for exercise 2, targets in the data (``exercises/02-targets-in-the-data``).

The reference answers are computed here from the datasets, with the rules the exercise states.
The rules themselves live in one place, :mod:`nhsreform.ae` (also used by chapter 2's figure):

- all-types performance = type 1 and type 2 & 3 percentages weighted by their attendances
  (types 2 & 3 = total − type 1 in the 2015 version of the series): :func:`all_types_pct`;
- the target for a quarter is the one in force on the **first day** of the quarter
  (:func:`quarter_start`, :func:`target_on`, :func:`targets_for`);
- the course's dates (:data:`DATES_BEVAN_HOOD_DH`): 90% from March 2003 and 98% from January 2005
  (Bevan and Hood, BMJ 2006), 95% from June 2010 (Department of Health);
- the alternative dates (:data:`DATES_QUALITYWATCH`): 98% from January 2004 (QualityWatch's 2018
  commentary), 95% from June 2010;
- a quarter meets the target when its percentage is at least the target.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from ..ae import (
    DATES_BEVAN_HOOD_DH,
    DATES_QUALITYWATCH,
    all_types_pct,
    quarter_start,
    target_on,
    targets_for,
)
from ..data import load_dataset
from ..exercise_checks import KeyNumbers, check_number, check_series, make_checker

#: The rules are re-exported: ``ch02.quarter_start`` is :func:`nhsreform.ae.quarter_start`.
__all__ = [
    "DATES_BEVAN_HOOD_DH",
    "DATES_QUALITYWATCH",
    "all_types_pct",
    "check",
    "quarter_start",
    "target_on",
    "targets_for",
    "version_differences",
]


def version_differences(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Type 1 percentages of the two versions, side by side, for the quarters they share."""
    both = old[["quarter", "pct_within_4h_type1"]].merge(
        new[["quarter", "pct_within_4h_type1"]], on="quarter", suffixes=("_2015", "_2018")
    )
    both["difference"] = both["pct_within_4h_type1_2015"] - both["pct_within_4h_type1_2018"]
    return both


def key_numbers() -> KeyNumbers:
    """Exercise 2's results for the no-code route, computed with the rules the checks use."""
    old = load_dataset("ae_4hr_quarterly_2004_2015")
    new = load_dataset("ae_4hr_quarterly_2008_2018")
    gap = load_dataset("ae_official_vs_survey_2002_2005").set_index("year")
    all_types, type1 = all_types_pct(old), old["pct_within_4h_type1"]
    target, target_qw = targets_for(old), targets_for(old, DATES_QUALITYWATCH)
    changed = old.loc[(all_types >= target) != (all_types >= target_qw), "quarter"]
    n = len(old)
    y02, y04 = gap.loc["2002/03"], gap.loc["2004/05"]
    return KeyNumbers(
        f"A&E four-hour performance by quarter, {old['quarter'].iloc[0]} to {old['quarter'].iloc[-1]}",
        (
            (
                "Quarters meeting the target, all types, course dates (98% from Jan 2005)",
                f"{int((all_types >= target).sum())} of {n}",
            ),
            (
                "Quarters meeting the target, all types, QualityWatch dates (98% from Jan 2004)",
                f"{int((all_types >= target_qw).sum())} of {n}",
            ),
            ("Quarters that change between the two sets of dates", ", ".join(changed)),
            (
                "Quarters meeting the target, type 1 only, course dates",
                f"{int((type1 >= target).sum())} of {n}",
            ),
            (
                "Largest difference between the 2015 and 2018 versions (type 1)",
                f"{version_differences(old, new)['difference'].abs().max():.2f} percentage points",
            ),
            (
                "2004/05: official % within four hours / patients in the survey",
                f"{y04['official_pct_within_4h']:.0f}% / {y04['survey_pct_within_4h']:.0f}%",
            ),
            (
                "2002/03: acute trusts officially reporting 90% within four hours",
                f"{int(y02['official_trusts_reporting_90pct'])} of {int(y02['acute_trusts'])}",
            ),
            ("2002/03: patients in the survey seen within four hours", f"{y02['survey_pct_within_4h']:.0f}%"),
        ),
    )


def _tasks() -> dict[str, Callable]:
    old = load_dataset("ae_4hr_quarterly_2004_2015")
    new = load_dataset("ae_4hr_quarterly_2008_2018")
    gap = load_dataset("ae_official_vs_survey_2002_2005").set_index("year")

    all_types = all_types_pct(old)
    simple_mean = (old["pct_within_4h_type1"] + old["pct_within_4h_types23"]) / 2
    target = targets_for(old)
    target_qw = targets_for(old, DATES_QUALITYWATCH)
    end_rule = (
        (old["quarter"].map(quarter_start) + pd.DateOffset(months=3) - pd.Timedelta(days=1))
        .map(target_on)
        .astype(float)
    )
    type1 = old["pct_within_4h_type1"]
    y02, y04 = gap.loc["2002/03"], gap.loc["2004/05"]

    return {
        "all_types": check_series(
            all_types,
            0.01,
            "Weight each percentage by its attendances: type 1 attendances × type 1 %, plus "
            "(total − type 1 attendances) × types 2 & 3 %, all divided by total attendances.",
            mistakes=(
                (
                    lambda r: simple_mean,
                    "These look like the simple average of the two "
                    "percentages. Type 1 departments see far more patients, "
                    "so weight each percentage by its attendances.",
                ),
                (
                    lambda r: type1,
                    "These are the type 1 figures alone. The target was measured "
                    "against all types of A&E: combine type 1 with types 2 & 3.",
                ),
            ),
        ),
        "target_in_force": check_series(
            target,
            0,
            "Use the target in force on the first day of each quarter: 90% from March 2003, 98% "
            "from January 2005, 95% from June 2010.",
            mistakes=(
                (
                    lambda r: target_qw,
                    "You have 98% from January 2004 (QualityWatch's date, which is also what the "
                    "chart's target_line_drawn_pct column shows for these quarters). This task uses "
                    "Bevan and Hood's date, January 2005, so 2004/05 Q1–Q3 should be 90%.",
                ),
                (
                    lambda r: end_rule,
                    "You used the target in force at the end of each quarter: 2010/11 Q1 (April–June "
                    "2010) started under 98%, and the rule here is the first day of the quarter.",
                ),
            ),
        ),
        "quarters_meeting": check_number(
            int((all_types >= target).sum()),
            0,
            "Count the quarters in which the all-types percentage is at least the target in "
            "force (Task 1 against Task 2).",
        ),
        "quarters_meeting_qualitywatch": check_number(
            int((all_types >= target_qw).sum()),
            0,
            "Repeat the count with the 98% target starting in January 2004 instead of January "
            "2005 (use DATES_QUALITYWATCH).",
        ),
        "type1_quarters_meeting": check_number(
            int((type1 >= target).sum()),
            0,
            "Count the quarters in which the type 1 percentage is at least the target in force "
            "(course dates).",
        ),
        "version_max_difference": check_number(
            float(version_differences(old, new)["difference"].abs().max()),
            0.001,
            "Merge the two versions on quarter, subtract the type 1 percentages and take the "
            "largest absolute difference.",
        ),
        "survey_gap_2004": check_number(
            float(y04["official_pct_within_4h"] - y04["survey_pct_within_4h"]),
            0,
            "Subtract the survey percentage from the official percentage for 2004/05.",
        ),
        "trusts_share_2002": check_number(
            round(100 * float(y02["official_trusts_reporting_90pct"]) / float(y02["acute_trusts"]), 2),
            0.05,
            "Divide the trusts reporting 90% by the number of acute trusts, and multiply by 100.",
        ),
    }


check = make_checker(_tasks)
