"""Checks for exercise 8, integration and devolution in the data
(``exercises/08-integration-and-devolution``).

The reference answers are computed here from the datasets, with the rules the exercise states:

- "before the report" means the months from August 2010 to April 2014 inclusive (QualityWatch's
  own description of the flat period ends in April 2014);
- the social care share of a month is delays attributed to social care divided by all delays,
  as a percentage (0–100);
- a rise from one month to another is a percentage of the first month's figure;
- a change in the readmission rate is a difference in percentage points;
- a Greater Manchester estimate went "the wrong way" when its ``note`` says "(worse)".
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from ..data import load_dataset
from ..exercise_checks import KeyNumbers, check_number, check_series, make_checker

__all__ = ["check", "key_numbers", "BEFORE_END", "social_care_share", "rise_pct"]

#: The last month counted as "before the report" (QualityWatch: flat "between August 2010 and
#: April 2014").
BEFORE_END = pd.Timestamp("2014-04-01")

DTOC = "delayed_transfers_of_care_monthly_2010_2017"
READMISSIONS = "emergency_readmissions_30day_2002_2012"
GM = "greater_manchester_devolution_effects"
READMISSIONS_COLUMN = "emergency_readmissions_30day_pct_indirectly_standardised"


def social_care_share(dtoc: pd.DataFrame) -> pd.Series:
    """Percentage of delayed beds attributed to social care, month by month."""
    share = 100 * dtoc["delayed_beds_social_care_responsible"] / dtoc["delayed_beds_total"]
    return share.rename("social_care_share_pct")


def rise_pct(dtoc: pd.DataFrame, column: str, start: str, end: str) -> float:
    """Percentage rise in ``column`` from month ``start`` to month ``end`` (``"YYYY-MM"``)."""
    d = dtoc.set_index("month")[column]
    first, last = float(d.loc[start].iloc[0]), float(d.loc[end].iloc[0])
    return 100 * (last - first) / first


def _worse(gm: pd.DataFrame) -> pd.Series:
    return gm["note"].fillna("").str.contains("(worse)", regex=False)


def key_numbers() -> KeyNumbers:
    """Exercise 8's results for the no-code route, computed with the rules the checks use."""
    dtoc = load_dataset(DTOC)
    readm = load_dataset(READMISSIONS).set_index("financial_year")[READMISSIONS_COLUMN]
    gm = load_dataset(GM)
    total = dtoc.set_index("month")["delayed_beds_total"]
    before = total[total.index <= BEFORE_END]
    share = social_care_share(dtoc)
    whole = gm[(gm["outcome"] == "life_expectancy") & (gm["group"] == "whole population")]
    return KeyNumbers(
        "Delayed transfers of care 2010–2017, readmissions 2002–2012 and Greater Manchester",
        (
            ("Delayed beds, average August 2010 – April 2014", f"{before.mean():,.1f}"),
            ("Delayed beds, highest month", f"{total.max():,.1f} ({total.idxmax():%B %Y})"),
            (
                "Rise from August 2010 to the highest month",
                f"{rise_pct(dtoc, 'delayed_beds_total', '2010-08', f'{total.idxmax():%Y-%m}'):.1f}%",
            ),
            (
                "Delays attributed to social care, September 2010 → September 2017",
                f"{rise_pct(dtoc, 'delayed_beds_social_care_responsible', '2010-09', '2017-09'):.1f}% rise",
            ),
            (
                "Delays attributed to the NHS, September 2010 → September 2017",
                f"{rise_pct(dtoc, 'delayed_beds_nhs_responsible', '2010-09', '2017-09'):.1f}% rise",
            ),
            (
                "Social care's share of delayed beds, lowest and highest month",
                f"{share.min():.1f}% and {share.max():.1f}%",
            ),
            (
                f"Emergency readmissions within 30 days, {readm.index[0]} → {readm.index[-1]}",
                f"{readm.iloc[0]:.1f}% → {readm.iloc[-1]:.1f}% "
                f"(+{readm.iloc[-1] - readm.iloc[0]:.1f} points)",
            ),
            (
                "Greater Manchester: life expectancy above expected (two studies)",
                " and ".join(f"{v:+.3f} years" for v in whole["effect"]),
            ),
            (
                "Greater Manchester estimates (2024 study, in %) that went the wrong way",
                f"{int(_worse(gm).sum())} of {int((gm['unit'] == '%').sum())}",
            ),
        ),
    )


def _tasks() -> dict[str, Callable]:
    dtoc = load_dataset(DTOC)
    readm = load_dataset(READMISSIONS).set_index("financial_year")[READMISSIONS_COLUMN]
    gm = load_dataset(GM)
    total = dtoc.set_index("month")["delayed_beds_total"]
    before = total[total.index <= BEFORE_END]
    share = social_care_share(dtoc)
    nhs_share = (100 * dtoc["delayed_beds_nhs_responsible"] / dtoc["delayed_beds_total"]).rename(share.name)
    peak = f"{total.idxmax():%Y-%m}"
    return {
        "mean_before": check_number(
            float(before.mean()),
            0.05,
            "Keep the months up to and including April 2014 and take the mean of delayed_beds_total.",
        ),
        "peak_rise_pct": check_number(
            rise_pct(dtoc, "delayed_beds_total", "2010-08", peak),
            0.05,
            "Find the highest monthly total, subtract August 2010's total, divide by August 2010's "
            "total and multiply by 100.",
        ),
        "social_care_share": check_series(
            share,
            0.01,
            "Divide delayed_beds_social_care_responsible by delayed_beds_total and multiply by 100, "
            "for every month.",
            mistakes=(
                (
                    lambda r: r / 100,
                    "These look like proportions (0–1). Multiply by 100 to give percentages.",
                ),
                (
                    lambda r: nhs_share,
                    "These are the NHS's shares. The task asks for delays attributed to social care.",
                ),
            ),
        ),
        "social_care_rise_pct": check_number(
            rise_pct(dtoc, "delayed_beds_social_care_responsible", "2010-09", "2017-09"),
            0.05,
            "Take delayed_beds_social_care_responsible in September 2010 and September 2017; the rise "
            "is (later − earlier) / earlier × 100.",
        ),
        "readmissions_change": check_number(
            round(float(readm.iloc[-1] - readm.iloc[0]), 6),
            0.001,
            "Subtract the 2002/03 percentage from the 2011/12 percentage: a change in percentage "
            "points is a simple difference.",
        ),
        "gm_worse": check_number(
            int(_worse(gm).sum()),
            0,
            'Count the rows whose note says "(worse)".',
        ),
    }


check = make_checker(_tasks)
