"""Checks for exercise 4, foundation trusts and the evidence on competition
(``exercises/04-foundation-trusts-and-evidence``).

The reference answers are computed here from the two datasets (``foundation_trusts_count`` and
``competition_studies``) by the small functions below, never typed in.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from ..data import load_dataset
from ..exercise_checks import Feedback, KeyNumbers, check_number, check_series, keyed, make_checker

FT_MEASURE = "foundation trusts"
DID = "difference-in-differences"


def foundation_trust_series(ft: pd.DataFrame) -> pd.Series:
    """Number of foundation trusts in existence, indexed by date (rows counting other things dropped)."""
    rows = ft[ft["measure"] == FT_MEASURE]
    return rows.set_index("date")["value"].sort_index().rename("foundation_trusts")


def growth_per_year(series: pd.Series) -> pd.Series:
    """Average net increase per year between each point and the one before it."""
    years = series.index.to_series().diff().dt.days / 365.25
    return (series.diff() / years).dropna().rename("added_per_year")


def approximate_share_2013(ft: pd.DataFrame) -> float:
    """Foundation trusts as a % of all trusts, from the end-2012 count and the April 2013 count of
    trusts not yet foundation trusts (different dates, both low confidence: an approximation)."""
    fts = ft.loc[(ft["measure"] == FT_MEASURE) & (ft["date"].dt.year == 2012), "value"].item()
    not_yet = ft.loc[ft["measure"] == "NHS trusts not yet foundation trusts", "value"].item()
    return 100 * fts / (fts + not_yet)


def did_studies(studies: pd.DataFrame) -> pd.DataFrame:
    """Studies whose design is difference-in-differences."""
    return studies[studies["design_group"] == DID]


def ami_did_studies(studies: pd.DataFrame) -> pd.DataFrame:
    """Difference-in-differences studies of heart-attack (AMI) mortality."""
    did = did_studies(studies)
    return did[did["outcome"].str.contains("AMI")]


def _pairs(frame: pd.DataFrame) -> set[tuple[str, int]]:
    return {(str(s), int(y)) for s, y in zip(frame["study"], frame["year"], strict=True)}


def check_studies(expected: pd.DataFrame, hint: str, near_misses: tuple = ()) -> Callable:
    """Check a selection of studies: a DataFrame with ``study`` and ``year`` columns, or an
    iterable of ``(study, year)`` pairs. ``near_misses``: pairs ``(frame, message)``."""
    want = _pairs(expected)

    def check(answer):
        if isinstance(answer, pd.DataFrame):
            if not {"study", "year"} <= set(answer.columns):
                return Feedback(False, f"Keep the study and year columns in your table. {hint}")
            got = _pairs(answer)
        else:
            try:
                got = {(str(s), int(y)) for s, y in answer}
            except (TypeError, ValueError):
                return Feedback(
                    False, f"Give a filtered DataFrame of studies (or a list of (study, year) pairs). {hint}"
                )
        if got == want:
            names = "; ".join(f"{s} ({y})" for s, y in sorted(want, key=lambda p: p[1]))
            return Feedback(True, f"{len(want)} studies: {names}.")
        for frame, message in near_misses:
            if got == _pairs(frame):
                return Feedback(False, message)
        extra, missing = len(got - want), len(want - got)
        return Feedback(
            False,
            f"Of the studies you chose, {extra} should not be there; "
            f"{missing} of the right ones are missing. {hint}",
        )

    return keyed(check, expected, 0, hint, ((None, m) for _, m in near_misses))


NOT_YET_FT = (
    "That is the share of trusts that were NOT yet foundation trusts. Put the foundation trusts on "
    "top of the fraction."
)


def _check_share(expected: float, hint: str) -> Callable:
    """A percentage to within 0.5 points, naming the complement (100 - share) if given instead."""
    plain = check_number(round(expected, 1), 0.5, hint)

    def check(answer):
        result = plain(answer)
        try:
            complement = abs(float(answer) - (100 - expected)) <= 0.5
        except (TypeError, ValueError):
            complement = False
        if not result.ok and complement:
            return Feedback(False, NOT_YET_FT)
        return result

    return keyed(
        check,
        round(expected, 1),
        0.5,
        hint,
        ((round(100 - expected, 1), NOT_YET_FT),),
    )


def key_numbers() -> KeyNumbers:
    """Exercise 4's results for the no-code route, computed by the reference functions above."""
    ft = load_dataset("foundation_trusts_count")
    studies = load_dataset("competition_studies")
    series = foundation_trust_series(ft)
    growth = growth_per_year(series)
    previous = series.index[:-1]
    ami = ami_did_studies(studies)
    return KeyNumbers(
        "Foundation trusts and the studies of competition: the exercise's results",
        (
            (
                "Foundation trusts in existence, as read",
                ", ".join(f"{v} ({d:%b %Y})" for d, v in series.items()),
            ),
            *(
                (f"Added per year, {a:%b %Y} to {b:%b %Y}", f"{g:.1f}")
                for a, b, g in zip(previous, growth.index, growth, strict=True)
            ),
            (
                "Rough share of trusts that were foundation trusts, 2013 (low confidence)",
                f"about {approximate_share_2013(ft):.0f}%",
            ),
            (
                "Studies in the table / with a difference-in-differences design",
                f"{len(studies)} / {len(did_studies(studies))}",
            ),
            (
                "Difference-in-differences studies of heart-attack (AMI) deaths",
                "; ".join(f"{s} ({y})" for s, y in zip(ami["study"], ami["year"], strict=True)),
            ),
        ),
    )


def _tasks() -> dict[str, Callable]:
    ft = load_dataset("foundation_trusts_count")
    studies = load_dataset("competition_studies")
    series = foundation_trust_series(ft)
    growth = growth_per_year(series)
    plain_change = series.diff().dropna()
    share = approximate_share_2013(ft)
    did = did_studies(studies)
    ami_any = studies[studies["outcome"].str.contains("AMI")]
    return {
        "ft_series": check_series(
            series,
            0,
            "Keep only the rows whose measure is exactly 'foundation trusts' (the number in "
            "existence), then make a Series of value indexed by date.",
        ),
        "growth_per_year": check_series(
            growth,
            0.05,
            "For each point after the first, divide the change in the number of foundation trusts "
            "by the years since the previous point (days / 365.25).",
            mistakes=(
                (
                    lambda r: plain_change,
                    "These are the changes between points. Divide each by the years between the "
                    "two points, so that long and short gaps can be compared.",
                ),
                (lambda r: r / 12, "These look like monthly rates; give the increase per year."),
            ),
        ),
        "share_2013": _check_share(
            share,
            "Foundation trusts ÷ (foundation trusts + NHS trusts not yet foundation trusts) × 100, "
            "using the end-2012 count and the April 2013 count.",
        ),
        "did_count": check_number(
            len(did),
            0,
            "Count the rows whose design_group is 'difference-in-differences'.",
        ),
        "ami_did_studies": check_studies(
            ami_did_studies(studies),
            "Keep the difference-in-differences studies whose outcome mentions AMI (heart attack).",
            near_misses=(
                (
                    ami_any,
                    "That includes the internal-market study, whose design was not read "
                    "and whose finding is an association. Keep only the "
                    "difference-in-differences studies.",
                ),
                (
                    did,
                    "These are all the difference-in-differences studies; keep only those "
                    "whose outcome is heart-attack (AMI) mortality.",
                ),
            ),
        ),
    }


check = make_checker(_tasks)
