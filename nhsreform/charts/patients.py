"""Patients in the national surveys (chapter 10, exercise 10).

- :func:`plot_involvement` — inpatients involved in decisions about their care, 2005–2015
  (``patient_experience_national_2003_2016``);
- :func:`plot_overall_rating` — how inpatients rated their care overall, 0–10, 2012 and 2015
  (``inpatient_overall_rating_2012_2015``);
- :func:`plot_choice_offered` — patients who recalled being offered a choice of hospital,
  2006–2010 and the separate 2015 survey (``patient_choice_offered_2006_2015``);
- :func:`plot_gp_experience` — the GP Patient Survey's overall experience and recommendation,
  2011/12–2015/16, with the chart's error bars (``patient_experience_national_2003_2016``).

The helpers (:func:`involvement`, :func:`rating_share`, :func:`mean_rating`, :func:`choice_waves`)
are the calculations exercise 10's checks use, so the figures and the checks agree.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "involvement",
    "rating_share",
    "mean_rating",
    "choice_waves",
    "plot_involvement",
    "plot_overall_rating",
    "plot_choice_offered",
    "plot_gp_experience",
]

INVOLVED = "inpatient_involved_in_decisions"
RESPONSES = ("Yes, definitely", "Yes, to some extent", "No")
GP = {
    "gp_overall_experience_good": "overall experience good",
    "gp_would_recommend_surgery": "would recommend",
}


def involvement(data: pd.DataFrame) -> pd.DataFrame:
    """Involvement in decisions, one row per survey year and one column per answer (% of inpatients)."""
    rows = data[data["indicator"] == INVOLVED]
    if rows.empty:
        raise ValueError(f"patients.involvement: no rows with indicator {INVOLVED!r} in the data")
    table = rows.pivot(index="period", columns="response", values="value")[list(RESPONSES)]
    table.index = table.index.astype(int)
    return table.sort_index()


def rating_share(ratings: pd.DataFrame, year: int, low: int = 9) -> int:
    """Per cent of inpatients in ``year`` who rated their care ``low`` or higher (0–10 scale)."""
    rows = ratings[(ratings["survey_year"] == year) & (ratings["rating_0_to_10"] >= low)]
    if rows.empty:
        raise ValueError(f"patients.rating_share: no ratings for {year!r}")
    return int(rows["pct_of_inpatients"].sum())


def mean_rating(ratings: pd.DataFrame, year: int) -> float:
    """Average rating (0–10) in ``year``, weighting each rating by its percentage (whose total may
    be 99–101 because of rounding, so it divides by the total rather than by 100)."""
    rows = ratings[ratings["survey_year"] == year]
    if rows.empty:
        raise ValueError(f"patients.mean_rating: no ratings for {year!r}")
    pct = rows["pct_of_inpatients"].to_numpy(float)
    return float((rows["rating_0_to_10"].to_numpy(float) * pct).sum() / pct.sum())


def choice_waves(choice: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The National Patient Choice Survey waves (2006–2010) and the separate 2015 survey, with a
    ``date`` column (the first month of each referral period) for plotting."""
    rows = choice.copy()
    start = rows["referral_period"].str.slice(0, 7).where(rows["referral_period"].str.len() > 4)
    rows["date"] = pd.to_datetime(start.fillna(rows["referral_period"] + "-07"), format="%Y-%m")
    later = rows["referral_period"] == "2015"
    return rows[~later].reset_index(drop=True), rows[later].reset_index(drop=True)


def plot_involvement(data: pd.DataFrame):
    """Lines for the three answers to "Were you involved as much as you wanted to be in decisions
    about your care and treatment?", 2005–2015. Returns ``(fig, alt)``."""
    import matplotlib.pyplot as plt

    from ..style import OKABE_ITO, figure_size

    table = involvement(data)
    looks = {
        "Yes, definitely": (OKABE_ITO["blue"], "-", "o"),
        "Yes, to some extent": (OKABE_ITO["orange"], "--", "s"),
        "No": (OKABE_ITO["vermillion"], ":", "^"),
    }
    fig, ax = plt.subplots(figsize=figure_size(4.2), layout="constrained")
    years = table.index.to_numpy()
    for answer, (colour, style, marker) in looks.items():
        ax.plot(years, table[answer], color=colour, linestyle=style, marker=marker, linewidth=2, label=answer)
    first, last = years[0], years[-1]
    for answer in RESPONSES:
        ax.annotate(
            f"{table.loc[last, answer]:.0f}%",
            (last, table.loc[last, answer]),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
        )
    ax.set(xlabel="Survey year", ylabel="Inpatients (%)", ylim=(0, 80), xlim=(first - 0.5, last + 1.2))
    ax.set_xticks(years[::2])
    ax.legend(loc="upper center", ncol=3, frameon=True, framealpha=0.9)
    d, s, n = (table[a] for a in RESPONSES)
    alt = (
        f"Line chart of the answers of adult inpatients in England to whether they were involved as "
        f"much as they wanted in decisions about their care, {first}–{last}. "
        f"'Yes, definitely' was {d[first]:.0f}% in {first}, between {d.min():.0f}% and "
        f"{d.max():.0f}% over the years, and {d[last]:.0f}% in {last}; 'Yes, to some extent' went "
        f"from {s[first]:.0f}% to {s[last]:.0f}%; 'No' stayed between {n.min():.0f}% and "
        f"{n.max():.0f}%, ending at {n[last]:.0f}%."
    )
    return fig, alt


def plot_overall_rating(ratings: pd.DataFrame, years: tuple[int, int] = (2012, 2015)):
    """Bars of the share of inpatients giving each rating, 0–10, in two survey years.
    Returns ``(fig, alt)``."""
    import matplotlib.pyplot as plt

    from ..style import OKABE_ITO, figure_size

    first, last = years
    fig, ax = plt.subplots(figsize=figure_size(4.2), layout="constrained")
    x = np.arange(11)
    parts = []
    for offset, year, colour, hatch in (
        (-0.2, first, OKABE_ITO["sky_blue"], "//"),
        (0.2, last, OKABE_ITO["blue"], ""),
    ):
        rows = ratings[ratings["survey_year"] == year].set_index("rating_0_to_10")["pct_of_inpatients"]
        if rows.empty:
            raise ValueError(f"patients.plot_overall_rating: no ratings for {year!r}")
        rows = rows.reindex(x, fill_value=0)
        ax.bar(
            x + offset,
            rows.to_numpy(),
            width=0.4,
            color=colour,
            hatch=hatch,
            edgecolor="white",
            label=str(year),
        )
        parts.append(
            f"in {year}, {rating_share(ratings, year, 8)}% gave 8 or more, {rows[10]}% gave 10, "
            f"{rating_share(ratings, year)}% gave 9 or 10 and "
            f"{rating_share(ratings, year, 0) - rating_share(ratings, year, 5)}% gave 4 or less "
            f"(average {mean_rating(ratings, year):.1f})"
        )
    ax.set_xticks(x)
    ax.set(xlabel="Overall rating of care (0 to 10)", ylabel="Inpatients (%)")
    ax.legend(loc="upper left", frameon=True, framealpha=0.9)
    alt = (
        "Bar chart of how adult inpatients in England rated their care overall on a scale of 0 to 10. "
        + "; ".join(parts)
        + "."
    )
    return fig, alt


def plot_choice_offered(choice: pd.DataFrame):
    """The share of referred patients who recalled being offered a choice of hospital (and who
    knew of it before seeing their GP), 2006–2010, with the 2015 figure from a different survey
    shown apart and not joined. Returns ``(fig, alt)``."""
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    from ..style import OKABE_ITO, figure_size

    waves, later = choice_waves(choice)
    fig, ax = plt.subplots(figsize=figure_size(4.2), layout="constrained")
    ax.plot(
        waves["date"],
        waves["pct_recall_offered_choice"],
        color=OKABE_ITO["blue"],
        marker="o",
        linewidth=2,
        label="recalled being offered a choice",
    )
    aware = waves.dropna(subset=["pct_aware_of_choice_before_gp_visit"])
    ax.plot(
        aware["date"],
        aware["pct_aware_of_choice_before_gp_visit"],
        color=OKABE_ITO["orange"],
        linestyle="--",
        marker="s",
        linewidth=2,
        label="knew of choice before seeing the GP",
    )
    ax.plot(
        later["date"],
        later["pct_recall_offered_choice"],
        linestyle="none",
        marker="D",
        markersize=8,
        color=OKABE_ITO["vermillion"],
        label="2015: offered a choice (different survey)",
    )
    ax.set(ylabel="Referred patients (%)", ylim=(0, 60))
    ax.xaxis.set_major_locator(mdates.YearLocator(2))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_xlabel("Month of referral")
    ax.legend(loc="lower right", frameon=True, framealpha=0.9)
    offered = waves["pct_recall_offered_choice"]
    alt = (
        f"Line chart of the share of patients referred to hospital in England who recalled being offered "
        f"a choice of hospital: {offered.iloc[0]:.0f}% in May/June 2006, rising to {offered.iloc[-1]:.0f}% "
        f"in February 2010 over {len(waves)} survey waves. The share who knew before seeing their GP that "
        f"they had a choice rose from {aware['pct_aware_of_choice_before_gp_visit'].iloc[0]:.0f}% to "
        f"{aware['pct_aware_of_choice_before_gp_visit'].iloc[-1]:.0f}%. A separate point shows "
        f"{later['pct_recall_offered_choice'].iloc[0]:.0f}% in 2015, from a different online survey that "
        f"cannot be joined to the earlier line."
    )
    return fig, alt


def plot_gp_experience(data: pd.DataFrame):
    """The GP Patient Survey's two measures, 2011/12–2015/16, with the chart's error bars.
    Returns ``(fig, alt)``."""
    import matplotlib.pyplot as plt

    from ..style import OKABE_ITO, figure_size

    fig, ax = plt.subplots(figsize=figure_size(4.0), layout="constrained")
    parts = []
    widest = 0.0
    for (indicator, label), colour, style, marker in zip(
        GP.items(), (OKABE_ITO["blue"], OKABE_ITO["vermillion"]), ("-", "--"), ("o", "s"), strict=True
    ):
        rows = data[data["indicator"] == indicator].sort_values("period")
        if rows.empty:
            raise ValueError(f"patients.plot_gp_experience: no rows with indicator {indicator!r}")
        x = np.arange(len(rows))
        value = rows["value"].to_numpy(float)
        err = np.vstack(
            [value - rows["error_bar_low"].to_numpy(float), rows["error_bar_high"].to_numpy(float) - value]
        )
        ax.errorbar(
            x,
            value,
            yerr=err,
            color=colour,
            linestyle=style,
            marker=marker,
            linewidth=2,
            capsize=3,
            label=f"{label} (%)",
        )
        widest = max(widest, float(err.sum(axis=0).max()))
        periods = rows["period"].tolist()
        parts.append(
            f"{label}: {value[0]:.1f}% in {periods[0]}, {value.min():.1f}% at the lowest "
            f"({periods[int(value.argmin())]}) and {value[-1]:.1f}% in {periods[-1]}"
        )
    ax.set_xticks(x, periods)
    ax.set(xlabel="Survey year", ylabel="Respondents (%)", ylim=(70, 95))
    ax.legend(loc="upper right", frameon=True, framealpha=0.9)
    alt = (
        "Line chart of two GP Patient Survey measures in England, with error bars at most "
        # Rounded up to a tenth of a point, so that "at most" stays true.
        + f"{np.ceil(round(widest * 10, 6)) / 10:.1f} points wide. "
        + "; ".join(parts)
        + "."
    )
    return fig, alt
