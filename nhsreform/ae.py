"""A&E four-hour performance: the course's one definition of each shared fact.

Two families of data use this module:

- the **quarterly England series** (``ae_4hr_quarterly_2004_2015``, ``ae_4hr_quarterly_2008_2018``),
  used by chapter 2, its figure and exercise 2's checks: :func:`quarter_start`, the dates of the
  four-hour target (:data:`DATES_BEVAN_HOOD_DH`, :data:`DATES_QUALITYWATCH`), :func:`target_on`,
  :func:`targets_for`, the all-types formula :func:`all_types_pct` and the joined series
  :func:`combined_four_hour_series`;
- the **monthly trust-level dataset** (``ae_attendances_2016_2019``), used by exercise 1:
  :func:`england_monthly_performance`, :func:`provider_monthly_performance`,
  :func:`spread_between_providers`.

Performance = share of attendances *not* breaching four hours, in per cent. The rules for the
quarterly series:

- all-types performance = type 1 and type 2 & 3 percentages weighted by their attendances
  (types 2 & 3 = total − type 1 in the 2015 version, which publishes the total);
- the target for a quarter is the one in force on the **first day** of the quarter;
- the course's dates (:data:`DATES_BEVAN_HOOD_DH`): 90% from March 2003 and 98% from January 2005
  (Bevan and Hood, BMJ 2006), 95% from June 2010 (Department of Health);
- the alternative dates (:data:`DATES_QUALITYWATCH`): 98% from January 2004 (QualityWatch's 2018
  commentary), 95% from June 2010.

The standard in force over the trust-level dataset's years (2016–2019) was 95%.
"""

from __future__ import annotations

import pandas as pd

from .data import load_dataset

FOUR_HOUR_STANDARD = 95.0  # per cent, the operational standard from 2010

#: (first day in force, target %) — this course's dates.
DATES_BEVAN_HOOD_DH = (("2003-03-01", 90.0), ("2005-01-01", 98.0), ("2010-06-01", 95.0))
#: The same, but with the 98% target from January 2004, as QualityWatch's commentary says.
DATES_QUALITYWATCH = (("2003-03-01", 90.0), ("2004-01-01", 98.0), ("2010-06-01", 95.0))
#: (first day, day after the last) of the periods where sources disagree about the target in
#: force: 2004 (98% from January 2004 or from January 2005) and the second half of 2010 (the 95%
#: standard was announced in June 2010; QualityWatch's charts start its line in 2010/11 Q2 in the
#: 2015 version and in 2010/11 Q4 in the 2018 version).
DISPUTED_PERIODS = (("2004-01-01", "2005-01-01"), ("2010-06-01", "2011-01-01"))

#: The two versions of the quarterly series, oldest first.
QUARTERLY_DATASETS = ("ae_4hr_quarterly_2004_2015", "ae_4hr_quarterly_2008_2018")


def quarter_start(label: str) -> pd.Timestamp:
    """First day of a financial-year quarter such as ``"2004/05 Q1"`` (April–June 2004)."""
    year, quarter = int(label[:4]), int(label[-1])
    month = 4 + 3 * (quarter - 1)
    return pd.Timestamp(year=year + (month > 12), month=(month - 1) % 12 + 1, day=1)


def target_on(day: pd.Timestamp, dates=DATES_BEVAN_HOOD_DH) -> float:
    """The target in force on ``day`` (NaN before the first date)."""
    target = float("nan")
    for start, level in dates:
        if day >= pd.Timestamp(start):
            target = level
    return target


def targets_for(df: pd.DataFrame, dates=DATES_BEVAN_HOOD_DH) -> pd.Series:
    """The target in force on the first day of each quarter in ``df`` (its ``quarter`` column)."""
    return df["quarter"].map(quarter_start).map(lambda d: target_on(d, dates)).astype(float).rename("target")


def all_types_pct(df: pd.DataFrame) -> pd.Series:
    """All-types % within four hours: the type 1 and types 2 & 3 percentages weighted by their
    attendances.

    Works on either version of the quarterly series: the 2015 version publishes the total and the
    type 1 attendances (types 2 & 3 = total − type 1), the 2018 version type 1 and types 2 & 3.
    """
    type1 = df["type1_attendances_m"]
    if "total_attendances_m" in df:
        total = df["total_attendances_m"]
        types23 = total - type1
    elif "types23_attendances_m" in df:
        types23 = df["types23_attendances_m"]
        total = type1 + types23
    else:
        raise KeyError(
            "all_types_pct needs the columns type1_attendances_m and either "
            f"total_attendances_m or types23_attendances_m; got {list(df.columns)}"
        )
    pct = (type1 * df["pct_within_4h_type1"] + types23 * df["pct_within_4h_types23"]) / total
    return pct.rename("all_types")


def combined_four_hour_series(
    old: pd.DataFrame | None = None, new: pd.DataFrame | None = None, dates=DATES_BEVAN_HOOD_DH
) -> pd.DataFrame:
    """The quarterly England series 2004–2018, with the all-types % and the target in force.

    The 2015 version (``old``) up to 2015/16 Q1, then the quarters only the 2018 version (``new``)
    has; where they overlap they agree within rounding. Either frame defaults to the loaded
    dataset. Columns: ``quarter``, ``start`` (first day), ``version`` (2015 or 2018),
    ``pct_within_4h_type1``, ``pct_within_4h_types23``, ``all_types`` and ``target`` (on ``dates``).
    """
    old = load_dataset(QUARTERLY_DATASETS[0]) if old is None else old
    new = load_dataset(QUARTERLY_DATASETS[1]) if new is None else new
    cols = ["quarter", "pct_within_4h_type1", "pct_within_4h_types23"]
    parts = []
    for version, df in ((2015, old), (2018, new.loc[~new["quarter"].isin(old["quarter"])])):
        part = df[cols].assign(all_types=all_types_pct(df), version=version)
        parts.append(part)
    ae = pd.concat(parts, ignore_index=True)
    ae.insert(1, "start", ae["quarter"].map(quarter_start))
    ae["target"] = ae["start"].map(lambda d: target_on(d, dates)).astype(float)
    return ae[
        ["quarter", "start", "version", "pct_within_4h_type1", "pct_within_4h_types23", "all_types", "target"]
    ]


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
    out = pd.DataFrame(
        {
            "providers": g.size(),
            "p10": g.quantile(0.10),
            "median": g.median(),
            "p90": g.quantile(0.90),
            "meeting_standard": g.apply(lambda s: int((s >= FOUR_HOUR_STANDARD).sum())),
        }
    )
    return out
