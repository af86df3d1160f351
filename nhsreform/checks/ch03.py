"""Checks for exercise 3, ratings and infections (``exercises/03-ratings-and-infections``).

Reference answers are computed here from the three datasets (star ratings 2001–2005, trust
ratings 2007–2018 and healthcare-associated infections 2007/08–2015/16), never typed in.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from ..data import load_dataset
from ..exercise_checks import KeyNumbers, check_number, check_series, make_checker

STAR_COLUMNS = ["three_stars", "two_stars", "one_star", "zero_stars"]


def star_shares(stars: pd.DataFrame, year: int = 2003) -> pd.Series:
    """Percentage of the acute trusts rated in ``year`` with each number of stars."""
    row = stars.set_index("year").loc[year]
    return (100 * row[STAR_COLUMNS].astype(float) / float(row["acute_trusts_rated"])).rename("pct")


def complete_years(stars: pd.DataFrame) -> int:
    """Number of years with no blank among the four star counts."""
    return int(stars[STAR_COLUMNS].notna().all(axis=1).sum())


def health_check(ratings: pd.DataFrame, domain: str = "Quality") -> pd.DataFrame:
    """Annual health check percentages for one domain: one row per year, one column per rating."""
    rows = ratings[(ratings["regime"] == "Annual health check") & (ratings["domain"] == domain)]
    return rows.pivot(index="period", columns="rating", values="percent").astype(float).sort_index()


def top_two(ratings: pd.DataFrame) -> pd.Series:
    """Share (%) of trusts rated excellent or good on quality, by year of the annual health check."""
    table = health_check(ratings)
    return (table["excellent"] + table["good"]).rename("excellent_or_good")


def printed_totals(ratings: pd.DataFrame) -> pd.Series:
    """Sum of the printed quality percentages, by year (rounding makes them miss 100)."""
    return health_check(ratings).sum(axis=1).rename("total")


def acute_good_or_outstanding_2016(ratings: pd.DataFrame) -> float:
    """Percentage of acute trusts with a published CQC rating (April 2016) rated good or outstanding."""
    rows = ratings[
        (ratings["regime"] == "CQC inspections, first round")
        & (ratings["period"] == "Apr 2016")
        & ratings["scope"].str.startswith("Acute trusts")
    ]
    counts = rows.set_index("rating")["count"].astype(float)
    return float(100 * (counts["good"] + counts["outstanding"]) / counts.sum())


def acute_core_services_change(ratings: pd.DataFrame) -> float:
    """Change (percentage points) in acute core services rated good or outstanding,
    year before to 31 Jul 2018."""
    rows = ratings[
        (ratings["regime"] == "CQC State of Care 2017/18")
        & (ratings["scope"] == "NHS acute hospital core services")
        & ratings["rating"].isin(["good", "outstanding"])
    ]
    by_period = rows.groupby("period")["percent"].sum().astype(float)
    return float(by_period["31 Jul 2018"] - by_period["a year earlier"])


def percentage_fall(series: pd.Series) -> float:
    """Fall from the first to the last value, as a percentage of the first."""
    first, last = float(series.iloc[0]), float(series.iloc[-1])
    return 100 * (first - last) / first


def mrsa_index(hcai: pd.DataFrame) -> pd.Series:
    """MRSA bacteraemia (all cases) each year as a percentage of 2007/08."""
    mrsa = hcai.set_index("financial_year")["mrsa_total"].astype(float)
    return (100 * mrsa / mrsa.iloc[0]).rename("mrsa_index")


def key_numbers() -> KeyNumbers:
    """Exercise 3's results for the no-code route, computed by the reference functions above."""
    stars = load_dataset("star_ratings_acute_2001_2005")
    ratings = load_dataset("trust_ratings_2007_2018")
    hcai = load_dataset("hcai_mrsa_cdiff_2007_2016")
    shares = star_shares(stars)
    top, totals = top_two(ratings), printed_totals(ratings)
    first, last = hcai["financial_year"].iloc[0], hcai["financial_year"].iloc[-1]
    return KeyNumbers(
        "Ratings and infections: the exercise's results",
        (
            ("Years of star ratings with all four counts given", f"{complete_years(stars)} of {len(stars)}"),
            (
                "Acute trusts in 2003 with three / two / one / zero stars",
                " / ".join(f"{v:.1f}%" for v in shares),
            ),
            (
                "Annual health check, quality: excellent or good",
                ", ".join(f"{p}: {v:.0f}%" for p, v in top.items()),
            ),
            (
                "Annual health check, quality: printed percentages add up to",
                ", ".join(f"{p}: {v:.0f}" for p, v in totals.items()),
            ),
            (
                "CQC, April 2016: acute trusts rated good or outstanding",
                f"{acute_good_or_outstanding_2016(ratings):.1f}%",
            ),
            (
                "CQC: acute core services good or outstanding, change to 31 July 2018",
                f"{acute_core_services_change(ratings):+.1f} percentage points",
            ),
            (f"Fall in MRSA bacteraemia, {first} to {last}", f"{percentage_fall(hcai['mrsa_total']):.1f}%"),
            (
                f"Fall in C. difficile (aged 2+), {first} to {last}",
                f"{percentage_fall(hcai['cdiff_total_2plus']):.1f}%",
            ),
        ),
    )


def _tasks() -> dict[str, Callable]:
    stars = load_dataset("star_ratings_acute_2001_2005")
    ratings = load_dataset("trust_ratings_2007_2018")
    hcai = load_dataset("hcai_mrsa_cdiff_2007_2016")
    shares = star_shares(stars)
    rated = float(stars.set_index("year").loc[2003, "acute_trusts_rated"])
    specialist = float(stars.set_index("year").loc[2003, "specialist_trusts_rated"])
    return {
        "star_shares_2003": check_series(
            shares,
            0.01,
            "For 2003, divide each star count by the number of acute trusts rated and multiply by "
            "100. Keep the order three, two, one, zero stars.",
            mistakes=(
                (lambda r: r / 100, "These look like proportions (0–1); give percentages (0–100)."),
                (
                    lambda r: r * rated / (rated + specialist),
                    "You divided by acute plus specialist trusts, but the star counts are for the "
                    "acute trusts only.",
                ),
            ),
        ),
        "complete_years": check_number(
            complete_years(stars),
            0,
            "Count the rows in which none of the four star columns is blank (isna / notna).",
        ),
        "ahc_excellent_or_good": check_series(
            top_two(ratings),
            0.01,
            "Keep the annual health check rows for the Quality domain, then add the excellent and "
            "good percentages for each period (2007/08 first).",
            mistakes=((lambda r: r[::-1], "Right values, wrong order: put 2007/08 first."),),
        ),
        "ahc_printed_totals": check_series(
            printed_totals(ratings),
            0.01,
            "Add up all four printed Quality percentages for each period (2007/08 first).",
        ),
        "cqc_acute_good_or_outstanding": check_number(
            round(acute_good_or_outstanding_2016(ratings), 1),
            0.1,
            "Use the April 2016 counts for acute trusts: (good + outstanding) / all four counts × 100.",
        ),
        "acute_core_services_change": check_number(
            acute_core_services_change(ratings),
            0.01,
            "For NHS acute hospital core services, add good and outstanding in each snapshot and "
            "subtract the earlier total from the 31 Jul 2018 one.",
        ),
        "mrsa_fall": check_number(
            round(percentage_fall(hcai["mrsa_total"]), 1),
            0.1,
            "Percentage fall = (first − last) / first × 100, using mrsa_total for 2007/08 and "
            "2015/16. The share that remains is not the fall.",
        ),
        "cdiff_fall": check_number(
            round(percentage_fall(hcai["cdiff_total_2plus"]), 1),
            0.1,
            "Use cdiff_total_2plus for 2007/08 and 2015/16: (first − last) / first × 100.",
        ),
        "mrsa_index": check_series(
            mrsa_index(hcai),
            0.01,
            "Divide each year's mrsa_total by the 2007/08 value and multiply by 100.",
            mistakes=(
                (lambda r: r / 100, "These look like proportions (1.0 = 2007/08); multiply by 100."),
                (
                    lambda r: 100 - r,
                    "These are the falls since 2007/08; give each year's level as a percentage of 2007/08.",
                ),
            ),
        ),
    }


check = make_checker(_tasks)
