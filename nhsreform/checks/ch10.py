"""Checks for exercise 10, patient experience in the national surveys
(``exercises/10-patient-experience``).

Reference answers are computed here from the datasets ``patient_experience_national_2003_2016``,
``inpatient_overall_rating_2012_2015`` and ``patient_choice_offered_2006_2015`` (never typed in).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from ..charts.patients import choice_waves, involvement, mean_rating, rating_share
from ..data import load_dataset
from ..exercise_checks import KeyNumbers, check_number_with_slips, make_checker

EXPERIENCE = "patient_experience_national_2003_2016"
RATINGS = "inpatient_overall_rating_2012_2015"
CHOICE = "patient_choice_offered_2006_2015"
GP_GOOD = "gp_overall_experience_good"
GP_RECOMMEND = "gp_would_recommend_surgery"


# Reference calculations (also used by the tests)


def experience() -> pd.DataFrame:
    return load_dataset(EXPERIENCE)


def ratings() -> pd.DataFrame:
    return load_dataset(RATINGS)


def choice() -> pd.DataFrame:
    return load_dataset(CHOICE)


def definitely_change() -> float:
    """Change in "Yes, definitely" involved, first to last survey year (percentage points)."""
    d = involvement(experience())["Yes, definitely"]
    return float(d.iloc[-1] - d.iloc[0])


def lowest_definitely_year() -> int:
    """The survey year with the lowest share answering "Yes, definitely" (the first if tied)."""
    return int(involvement(experience())["Yes, definitely"].idxmin())


def gp_series(indicator: str = GP_GOOD) -> pd.Series:
    """A GP Patient Survey measure by survey year (%)."""
    rows = experience()
    rows = rows[rows["indicator"] == indicator].sort_values("period")
    return rows.set_index("period")["value"]


def gp_change(indicator: str = GP_GOOD) -> float:
    """Change in a GP Patient Survey measure from 2011/12 to 2015/16 (percentage points)."""
    s = gp_series(indicator)
    return float(s.iloc[-1] - s.iloc[0])


def choice_rise() -> float:
    """Rise in the share recalling an offer of choice, first to last wave of 2006–2010 (points)."""
    waves, _ = choice_waves(choice())
    offered = waves["pct_recall_offered_choice"]
    return float(offered.iloc[-1] - offered.iloc[0])


def key_numbers() -> KeyNumbers:
    """Exercise 10's results for the no-code route, computed by the reference functions above."""
    table = involvement(experience())
    r = ratings()
    waves, later = choice_waves(choice())
    good, recommend = gp_series(GP_GOOD), gp_series(GP_RECOMMEND)
    offered = waves["pct_recall_offered_choice"]
    first, last = int(table.index[0]), int(table.index[-1])
    return KeyNumbers(
        "Patient experience in the national surveys: the exercise's results",
        (
            (
                f"Inpatients 'definitely' involved in decisions, {first} / {last}",
                f"{table['Yes, definitely'].iloc[0]:.0f}% / {table['Yes, definitely'].iloc[-1]:.0f}%",
            ),
            (f"Change, {first}–{last}", f"{definitely_change():+.0f} percentage points"),
            ("Year with the lowest 'definitely' share", str(lowest_definitely_year())),
            (
                "Inpatients rating their care 9 or 10, 2012 / 2015",
                f"{rating_share(r, 2012)}% / {rating_share(r, 2015)}%",
            ),
            (
                "Average rating (0–10), 2012 / 2015",
                f"{mean_rating(r, 2012):.2f} / {mean_rating(r, 2015):.2f}",
            ),
            (
                "Recalled being offered a choice, May/June 2006 / February 2010",
                f"{offered.iloc[0]:.0f}% / {offered.iloc[-1]:.0f}%",
            ),
            ("Same question, 2015 (different survey)", f"{later['pct_recall_offered_choice'].iloc[0]:.0f}%"),
            (
                "GP Patient Survey, overall experience good, 2011/12 / 2015/16",
                f"{good.iloc[0]:.1f}% / {good.iloc[-1]:.1f}% ({gp_change():+.1f} points)",
            ),
            (
                "GP Patient Survey, would recommend the surgery, 2011/12 / 2015/16",
                f"{recommend.iloc[0]:.1f}% / {recommend.iloc[-1]:.1f}% "
                f"({gp_change(GP_RECOMMEND):+.1f} points)",
            ),
        ),
    )


# Checks with feedback on typical slips


def _year_slips(fewest_no: int, highest_definitely: int) -> tuple[tuple[int, str], ...]:
    """The two known slips for the lowest year; one message if they fall in the same year (only
    the first slip with a value is ever given)."""
    if fewest_no == highest_definitely:
        return (
            (
                fewest_no,
                "That is the year with the fewest 'No' answers and the highest 'Yes, definitely' "
                "share; the task asks for the lowest 'Yes, definitely' share.",
            ),
        )
    return (
        (fewest_no, "That is the year with the fewest 'No' answers; the task asks about 'Yes, definitely'."),
        (highest_definitely, "That is the year with the highest 'Yes, definitely' share, not the lowest."),
    )


def _tasks() -> dict[str, Callable]:
    table = involvement(experience())
    d = table["Yes, definitely"]
    r = ratings()
    r2012 = r[r["survey_year"] == 2012]
    waves, later = choice_waves(choice())
    offered = waves["pct_recall_offered_choice"]
    return {
        "definitely_change": check_number_with_slips(
            definitely_change(),
            0.05,
            "Take the 'Yes, definitely' row of inpatient_involved_in_decisions for 2015 and subtract "
            "the one for 2005.",
            (
                (-definitely_change(), "The size is right but the sign is not: subtract 2005 from 2015."),
                (
                    round(100 * definitely_change() / d.iloc[0], 1),
                    "That is the change relative to 2005, in per cent; give the difference in "
                    "percentage points.",
                ),
            ),
        ),
        "lowest_year": check_number_with_slips(
            lowest_definitely_year(),
            0,
            "Among the 'Yes, definitely' rows, find the period with the smallest value.",
            _year_slips(int(table["No"].idxmin()), int(d.idxmax())),
        ),
        "top_ratings_2015": check_number_with_slips(
            rating_share(r, 2015),
            0,
            "Add pct_of_inpatients for ratings 9 and 10 in the 2015 survey.",
            (
                (rating_share(r, 2015, 10), "That is the share giving 10 only; add those giving 9."),
                (rating_share(r, 2015, 8), "That includes ratings of 8; keep only 9 and 10."),
                (rating_share(r, 2012), "That is the 2012 survey; use 2015."),
            ),
        ),
        "mean_rating_2012": check_number_with_slips(
            round(mean_rating(r, 2012), 2),
            0.01,
            "For 2012, multiply each rating by its pct_of_inpatients, add them up and divide by the "
            "total of pct_of_inpatients.",
            (
                (
                    round(float((r2012["rating_0_to_10"] * r2012["pct_of_inpatients"]).sum()) / 100, 2),
                    "You divided by 100; the 2012 percentages add up to "
                    f"{int(r2012['pct_of_inpatients'].sum())} because of rounding, so divide by their total.",
                ),
                (
                    float(r2012["rating_0_to_10"].mean()),
                    "That is the average of the labels 0 to 10; weight each rating by its percentage.",
                ),
            ),
        ),
        "choice_rise": check_number_with_slips(
            choice_rise(),
            0.05,
            "Subtract the May/June 2006 pct_recall_offered_choice from the February 2010 value.",
            (
                (
                    float(later["pct_recall_offered_choice"].iloc[0] - offered.iloc[0]),
                    "That uses the 2015 row, from a different survey; stop at February 2010.",
                ),
                (
                    round(100 * choice_rise() / offered.iloc[0], 1),
                    "That is the rise relative to 2006, in per cent; give the difference in "
                    "percentage points.",
                ),
            ),
        ),
        "gp_change": check_number_with_slips(
            round(gp_change(), 1),
            0.05,
            "Take gp_overall_experience_good for 2015/16 and subtract the value for 2011/12.",
            (
                (
                    -round(gp_change(), 1),
                    "The size is right but the sign is not: subtract 2011/12 from 2015/16.",
                ),
                (
                    round(gp_change(GP_RECOMMEND), 1),
                    "That is the change in gp_would_recommend_surgery; use gp_overall_experience_good.",
                ),
            ),
        ),
    }


check = make_checker(_tasks)
