"""A&E four-hour performance from the trust-level dataset (the reference answers for exercises).

Performance = share of attendances *not* breaching four hours, in per cent. The standard in force
over the dataset's years (2016–2019) was 95% (set in 2010; see the data notes on dates).
"""

from __future__ import annotations

import pandas as pd

FOUR_HOUR_STANDARD = 95.0  # per cent, the operational standard from 2010


def england_monthly_performance(ae: pd.DataFrame) -> pd.DataFrame:
    """England totals per month, all department types: attendances, breaches, % within 4 hours."""
    monthly = ae.groupby("period")[["attendances", "breaches"]].sum()
    monthly["pct_within_4h"] = 100 * (1 - monthly["breaches"] / monthly["attendances"])
    return monthly


def provider_monthly_performance(ae: pd.DataFrame, dept_type: str = "1") -> pd.DataFrame:
    """% within four hours for each provider and month, for one department type.

    Rows with no attendances are dropped (no performance to measure).
    """
    rows = ae[(ae["type"] == dept_type) & (ae["attendances"] > 0)]
    per = rows.groupby(["period", "org_code"], observed=True)[["attendances", "breaches"]].sum()
    per["pct_within_4h"] = 100 * (1 - per["breaches"] / per["attendances"])
    return per.reset_index()


def spread_between_providers(ae: pd.DataFrame, dept_type: str = "1") -> pd.DataFrame:
    """Per month: number of providers, and the 10th, 50th and 90th percentiles of their %
    within four hours, plus how many met the 95% standard."""
    per = provider_monthly_performance(ae, dept_type)
    g = per.groupby("period")["pct_within_4h"]
    out = pd.DataFrame({
        "providers": g.size(),
        "p10": g.quantile(0.10),
        "median": g.median(),
        "p90": g.quantile(0.90),
        "meeting_standard": g.apply(lambda s: int((s >= FOUR_HOUR_STANDARD).sum())),
    })
    return out
