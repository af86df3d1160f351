"""Checks for exercise 11, ministers and chief executives (``exercises/11-ministers-and-chief-executives``).

Reference answers are computed here from the datasets ``health_secretaries_1987_2024`` and
``trust_leadership_churn_vs_cqc_rating`` (never typed in).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from ..charts.leadership import (
    REPORT_DATE,
    ceo_turnover_vs_rating,
    days_text,
    executive_churn_by_rating,
    tenure_summary,
)
from ..data import load_dataset
from ..exercise_checks import KeyNumbers, check_number_with_slips, make_checker

SECRETARIES = "health_secretaries_1987_2024"
CHURN = "trust_leadership_churn_vs_cqc_rating"


# Reference calculations (also used by the tests)


def secretaries() -> pd.DataFrame:
    return load_dataset(SECRETARIES)


def churn() -> pd.DataFrame:
    return load_dataset(CHURN)


def rows_median_days() -> float:
    """The median of ``days_in_office_derived`` over the rows, without joining Jeremy Hunt's two
    rows (a slip the checks recognise)."""
    return float(secretaries()["days_in_office_derived"].dropna().astype(float).median())


def text_values() -> int:
    """Rows of the chief executive dataset whose ``value`` is not a number."""
    values = churn()["value"]
    return int(pd.to_numeric(values, errors="coerce").isna().sum())


def rating_gap(fewer: int = 1, more: int = 3) -> float:
    """Percentage points between the shares of trusts rated inadequate or requires improvement
    with ``more`` and with ``fewer`` chief executives in three years (HSJ 2017)."""
    table = ceo_turnover_vs_rating(churn()).set_index("chief_executives")["pct"]
    return float(table[more] - table[fewer])


def key_numbers() -> KeyNumbers:
    """Exercise 11's results for the no-code route, computed by the reference functions above."""
    data = secretaries()
    stats = tenure_summary(data)
    before = tenure_summary(data, before=REPORT_DATE)
    after = tenure_summary(data, since=REPORT_DATE)
    hsj = ceo_turnover_vs_rating(churn())
    kf = executive_churn_by_rating(churn())
    tenure = churn().query("measure == 'ceo_median_tenure' and study == 'HSJ 2017'")
    tenure = dict(zip(tenure["group"], tenure["value"] + " " + tenure["unit"], strict=True))
    return KeyNumbers(
        "Ministers and chief executives: the exercise's results",
        (
            ("Rows in the Secretaries of State file / people", f"{len(data)} / {stats['people']}"),
            ("Completed spells (Jeremy Hunt's two rows joined)", f"{stats['spells']}"),
            (
                "Median / mean days in office, completed spells",
                f"{days_text(stats['median_days'])} / {stats['mean_days']:.0f}",
            ),
            ("Longest spell", f"{stats['longest'][0]}, {stats['longest'][1]:,} days"),
            ("Shortest spell", f"{stats['shortest'][0]}, {stats['shortest'][1]:,} days"),
            ("Completed spells under a year", f"{stats['under_a_year']}"),
            (
                "Median days: spells started before / after June 2014",
                f"{days_text(before['median_days'])} / {days_text(after['median_days'])}",
            ),
            (
                "Trusts rated inadequate or requires improvement, by chief executives in 3 years (HSJ 2017)",
                ", ".join(f"{c}: {p:.0f}%" for c, p in zip(hsj["chief_executives"], hsj["pct"], strict=True)),
            ),
            (
                "Median chief executive tenure: inadequate / outstanding trusts (HSJ 2017)",
                " / ".join(tenure[g] for g in sorted(tenure, key=lambda g: "outstanding" in g)),
            ),
            (
                "Executive posts vacant: outstanding / inadequate (King's Fund 2018)",
                f"{kf.loc['pct_executive_posts_vacant', 'outstanding']:.0f}% / "
                f"{kf.loc['pct_executive_posts_vacant', 'inadequate']:.0f}%",
            ),
            (
                "Executives appointed in 2017: outstanding / inadequate (King's Fund 2018)",
                f"{kf.loc['pct_executives_appointed_in_2017', 'outstanding']:.0f}% / "
                f"{kf.loc['pct_executives_appointed_in_2017', 'inadequate']:.0f}%",
            ),
        ),
    )


# Checks with feedback on typical slips


def _tasks() -> dict[str, Callable]:
    data = secretaries()
    stats = tenure_summary(data)
    rows_days = data["days_in_office_derived"].dropna().astype(float)
    table = ceo_turnover_vs_rating(churn()).set_index("chief_executives")["pct"]
    inadequate_only = churn().query("measure == 'pct_rated_inadequate'")["value"].astype(float).iloc[0]
    return {
        "people": check_number_with_slips(
            stats["people"],
            0,
            "Count the distinct names in the holder column (nunique).",
            (
                (
                    len(data),
                    "That counts rows. Jeremy Hunt and Steve Barclay each have two rows: count "
                    "distinct holders.",
                ),
            ),
        ),
        "median_days": check_number_with_slips(
            stats["median_days"],
            0.5,
            "Join Jeremy Hunt's two rows into one spell, keep the spells that have ended, and take "
            "the median of end minus start in days.",
            (
                (
                    rows_median_days(),
                    "That is the median over the rows. Join Jeremy Hunt's two rows (a change of "
                    "title, not of person) into one spell first.",
                ),
                (
                    round(stats["mean_days"], 1),
                    "That is the mean. The task asks for the median, the middle spell.",
                ),
            ),
        ),
        "longest_days": check_number_with_slips(
            stats["longest"][1],
            0,
            "After joining Jeremy Hunt's two rows, find the longest completed spell in days.",
            (
                (
                    float(rows_days.max()),
                    "That is Jeremy Hunt's first row only. His spell ran on under the new title "
                    "until July 2018: join his two rows.",
                ),
            ),
        ),
        "under_a_year": check_number_with_slips(
            stats["under_a_year"],
            0,
            "Count the completed spells (Hunt's rows joined) shorter than 365 days.",
            (
                (
                    int((rows_days < 365).sum()),
                    "That counts Jeremy Hunt's second row (182 days) as a spell of its own; it is "
                    "the end of a spell of almost six years.",
                ),
            ),
        ),
        "text_values": check_number_with_slips(
            text_values(),
            0,
            "Convert the value column with pd.to_numeric(..., errors='coerce') and count the gaps "
            "(isna().sum()).",
            ((0, "Read the value column as text (it is stored as text): one entry is not a number."),),
        ),
        "gap_points": check_number_with_slips(
            rating_gap(),
            0,
            "Take the share rated inadequate or requires improvement among trusts with three chief "
            "executives, and subtract the share among trusts with one.",
            (
                (
                    float(table[3] - inadequate_only),
                    "For one chief executive you used the share rated inadequate only (2%). Use the "
                    "share rated inadequate or requires improvement (43%).",
                ),
                (
                    round(float(table[3] / table[1]), 2),
                    "That is a ratio. The task asks for a difference in percentage points.",
                ),
            ),
        ),
    }


check = make_checker(_tasks)
