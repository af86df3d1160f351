"""Staff engagement and hospital mortality: the trust-level scatter and the national series.

Data: ``staff_engagement_shmi_trusts_2012_2019`` (a researcher's engagement index and SHMI for
English acute trusts) and ``staff_engagement_national_2011_2017`` (the official national score).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..style import COLOURS, OKABE_ITO, figure_size

__all__ = [
    "association",
    "correlation_by_year",
    "paired",
    "plot_correlation_by_year",
    "plot_engagement_vs_shmi",
    "plot_national_engagement",
]

ENGAGEMENT = "engagement_index_1_to_5"
SHMI = "shmi"
REGION = "north_or_south"
REGIONS = {"North": ("o", OKABE_ITO["vermillion"]), "South": ("^", OKABE_ITO["blue"])}


def _check_columns(df: pd.DataFrame, columns: tuple[str, ...], dataset: str) -> None:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"expected the {dataset} table (a DataFrame); got a {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"the table lacks column(s) {missing}; pass the dataset {dataset}")


def paired(df: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Trust-years with both an engagement index and a SHMI (one year, or all when ``year`` is None)."""
    _check_columns(df, ("year", ENGAGEMENT, SHMI), "staff_engagement_shmi_trusts_2012_2019")
    rows = df.dropna(subset=[ENGAGEMENT, SHMI])
    if year is not None:
        if year not in set(rows["year"]):
            years = sorted(rows["year"].unique())
            raise ValueError(f"no trust has both values in {year!r}; years with data: {years}")
        rows = rows[rows["year"] == year]
    return rows


def association(df: pd.DataFrame, year: int | None = None) -> dict:
    """Trusts, Pearson correlation and least-squares slope of SHMI on engagement.

    ``slope`` is the change in SHMI for one point more on the engagement index.
    """
    rows = paired(df, year)
    x, y = rows[ENGAGEMENT].to_numpy(), rows[SHMI].to_numpy()
    slope, intercept = np.polyfit(x, y, 1)
    return {
        "trusts": len(rows),
        "r": float(np.corrcoef(x, y)[0, 1]),
        "slope": float(slope),
        "intercept": float(intercept),
    }


def plot_engagement_vs_shmi(df: pd.DataFrame, year: int = 2019):
    """Scatter of SHMI against the engagement index in one year, North and South marked, with the
    least-squares line. Returns ``(fig, alt_text)``."""
    import matplotlib.pyplot as plt

    rows = paired(df, year)
    stats = association(df, year)
    fig, ax = plt.subplots(figsize=figure_size(4.6), layout="constrained")
    for region, (marker, colour) in REGIONS.items():
        part = rows[rows[REGION] == region]
        ax.scatter(
            part[ENGAGEMENT],
            part[SHMI],
            marker=marker,
            s=28,
            facecolors="none" if marker == "o" else colour,
            edgecolors=colour,
            alpha=0.85,
            label=f"{region} ({len(part)})",
        )
    other = rows[~rows[REGION].isin(list(REGIONS))]
    if len(other):
        ax.scatter(
            other[ENGAGEMENT],
            other[SHMI],
            marker="s",
            s=24,
            color=OKABE_ITO["grey"],
            label=f"no region ({len(other)})",
        )
    xs = np.linspace(rows[ENGAGEMENT].min(), rows[ENGAGEMENT].max(), 2)
    ax.plot(
        xs,
        stats["intercept"] + stats["slope"] * xs,
        color=COLOURS["event"],
        linestyle="--",
        linewidth=1.5,
        label="fitted line",
    )
    ax.axhline(1.0, color=OKABE_ITO["grey"], linewidth=0.8)
    ax.set(
        xlabel="Staff engagement index (researcher's, 1 to 5)",
        ylabel="SHMI (1 = deaths as expected)",
        title=f"Acute trusts, {year}: r = {stats['r']:.2f}",
    )
    fig.legend(loc="outside lower center", ncol=4, handletextpad=0.3, columnspacing=1.0)
    north, south = (rows.loc[rows[REGION] == r, SHMI].mean() for r in ("North", "South"))
    alt = (
        f"Scatter plot of {stats['trusts']} English acute trusts in {year}: the staff engagement index "
        f"(from {rows[ENGAGEMENT].min():.2f} to {rows[ENGAGEMENT].max():.2f}) against SHMI (from "
        f"{rows[SHMI].min():.2f} to {rows[SHMI].max():.2f}). The points form a loose cloud with a weak "
        f"downward slope: correlation {stats['r']:.2f}; the least-squares line falls by "
        f"{-stats['slope'] / 10:.3f} in SHMI for each 0.1 more on the index (dashed). Northern trusts (open "
        f"circles) have a higher average SHMI ({north:.3f}) than southern trusts (filled triangles, "
        f"{south:.3f})."
    )
    return fig, alt


def correlation_by_year(df: pd.DataFrame) -> pd.DataFrame:
    """One row per year: trusts with both values, correlation and slope."""
    rows = paired(df)
    out = [{"year": int(y), **association(rows, int(y))} for y in sorted(rows["year"].unique())]
    return pd.DataFrame(out)[["year", "trusts", "r", "slope"]]


def plot_correlation_by_year(df: pd.DataFrame):
    """The correlation between engagement and SHMI in each year, as dots on a zero line.

    Returns ``(fig, alt_text)``."""
    import matplotlib.pyplot as plt

    table = correlation_by_year(df)
    fig, ax = plt.subplots(figsize=figure_size(3.2), layout="constrained")
    ax.axhline(0, color=OKABE_ITO["grey"], linewidth=0.8)
    ax.plot(table["year"], table["r"], "o-", color=COLOURS["performance"], label="correlation (r)")
    for year, r in zip(table["year"], table["r"], strict=True):
        ax.text(year, r - 0.035, f"{r:.2f}", ha="center", va="top")
    ax.set(xlabel="Staff survey year", ylabel="Correlation, engagement\nwith SHMI", ylim=(-0.4, 0.1))
    ax.legend(loc="upper right")
    alt = (
        "Dot chart of the correlation between the staff engagement index and SHMI across English acute "
        "trusts in each year: "
        + "; ".join(f"{y}: {r:.2f}" for y, r in zip(table["year"], table["r"], strict=True))
        + ". Every year is below zero (higher engagement goes with lower mortality), but all are weak."
    )
    return fig, alt


def plot_national_engagement(df: pd.DataFrame):
    """The official national staff engagement score, 2011–2017 (2013 missing). Returns ``(fig, alt)``."""
    import matplotlib.pyplot as plt

    _check_columns(df, ("survey_year", "engagement_score_1_to_5"), "staff_engagement_national_2011_2017")
    fig, ax = plt.subplots(figsize=figure_size(3.2), layout="constrained")
    years, score = df["survey_year"], df["engagement_score_1_to_5"]
    ax.plot(years, score, "o-", color=COLOURS["performance"], label="national engagement score")
    for y, s in zip(years, score, strict=True):
        if pd.notna(s):
            ax.text(y, s + 0.01, f"{s:.2f}", ha="center", va="bottom")
    missing = [int(y) for y, s in zip(years, score, strict=True) if pd.isna(s)]
    ax.set(xlabel="Staff survey year", ylabel="Score (1 to 5)", ylim=(3.5, 3.9))
    ax.legend(loc="lower right")
    known = df.dropna(subset=["engagement_score_1_to_5"])
    alt = (
        "Line chart of the national NHS staff engagement score in England, on a scale of 1 to 5: "
        + "; ".join(
            f"{int(y)}: {s:.2f}"
            for y, s in zip(known["survey_year"], known["engagement_score_1_to_5"], strict=True)
        )
        + (
            f". No value was found for {', '.join(map(str, missing))}, so the line has a gap."
            if missing
            else "."
        )
    )
    return fig, alt
