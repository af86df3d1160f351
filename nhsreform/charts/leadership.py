"""Leadership continuity: how long Secretaries of State for Health stay in post, and published
figures on trust chief executive turnover against CQC ratings. Shown in chapter 11 and exercise 11.

Data: ``health_secretaries_1987_2024`` (one row per spell in office; Jeremy Hunt's two rows, split
by a change of title, are joined here into one spell) and ``trust_leadership_churn_vs_cqc_rating``
(summary figures from HSJ 2017 and The King's Fund and NHS Providers 2018, as published).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..style import COLOURS, OKABE_ITO, figure_size

__all__ = [
    "ceo_turnover_vs_rating",
    "days_text",
    "executive_churn_by_rating",
    "plot_ceo_turnover_vs_rating",
    "plot_executive_churn_by_rating",
    "plot_health_secretaries",
    "short_name",
    "spells",
    "tenure_summary",
]

SECRETARIES = "health_secretaries_1987_2024"
CHURN = "trust_leadership_churn_vs_cqc_rating"
#: Publication of the report (June 2014): spells are split at this date in the summaries.
REPORT_DATE = pd.Timestamp("2014-06-01")
HSJ = "HSJ 2017"
KF = "King's Fund/NHS Providers 2018"


def _check_columns(df: pd.DataFrame, columns: tuple[str, ...], dataset: str) -> None:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"expected the {dataset} table (a DataFrame); got a {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"the table lacks column(s) {missing}; pass the dataset {dataset}")


def short_name(holder: str) -> str:
    """The name without a peerage title: "John Reid, Baron Reid of Cardowan" -> "John Reid"."""
    return str(holder).split(",")[0].strip()


def spells(df: pd.DataFrame) -> pd.DataFrame:
    """One row per continuous spell of one person in office, in order.

    Rows of the same holder that follow each other (Jeremy Hunt's, split by the new title of
    January 2018) are joined. Columns: ``name``, ``start``, ``end`` (NaT while in office),
    ``days`` (end minus start; missing while in office) and ``in_office``.
    """
    _check_columns(df, ("holder", "start_date", "end_date"), SECRETARIES)
    rows = df.sort_values("start_date")
    out: list[dict] = []
    for holder, start, end in zip(rows["holder"], rows["start_date"], rows["end_date"], strict=True):
        name = short_name(holder)
        if out and out[-1]["name"] == name and out[-1]["end"] == start:
            out[-1]["end"] = end
        else:
            out.append({"name": name, "start": start, "end": end})
    table = pd.DataFrame(out)
    table["in_office"] = table["end"].isna()
    table["days"] = (table["end"] - table["start"]).dt.days.astype("Int64")
    return table[["name", "start", "end", "days", "in_office"]]


def tenure_summary(
    df: pd.DataFrame, since: str | pd.Timestamp | None = None, before: str | pd.Timestamp | None = None
) -> dict:
    """Headline numbers of completed spells: those that started on or after ``since`` and before
    ``before``, where given (spells are joined first, so a spell is placed by its first day).

    Keys: ``people`` (distinct people with a spell in the selection, including one in office),
    ``spells`` (completed spells), ``median_days``, ``mean_days``, ``shortest`` and ``longest``
    (``(name, days)``), and ``under_a_year`` (completed spells of fewer than 365 days).
    """
    table = spells(df)
    if since is not None:
        table = table[table["start"] >= pd.Timestamp(since)]
    if before is not None:
        table = table[table["start"] < pd.Timestamp(before)]
    done = table[~table["in_office"]]
    if done.empty:
        raise ValueError(
            f"no completed spell started in the period asked for (since={since!r}, before={before!r})"
        )
    days = done["days"].astype(float)
    low, high = done.loc[days.idxmin()], done.loc[days.idxmax()]
    return {
        "people": int(table["name"].nunique()),
        "spells": len(done),
        "median_days": float(days.median()),
        "mean_days": float(days.mean()),
        "shortest": (low["name"], int(low["days"])),
        "longest": (high["name"], int(high["days"])),
        "under_a_year": int((days < 365).sum()),
    }


def days_text(days: float) -> str:
    """Days as text: "693", "2,134", or "304.5" for a median between two whole days."""
    return f"{days:,.0f}" if float(days).is_integer() else f"{days:,.1f}"


def plot_health_secretaries(df: pd.DataFrame):
    """Days in office of every Secretary of State for Health since 1987, one bar per spell, the
    earliest at the top, with the median marked. Returns ``(fig, alt_text)``."""
    import matplotlib.pyplot as plt

    table = spells(df)
    stats = tenure_summary(df)
    before = tenure_summary(df, before=REPORT_DATE)
    after = tenure_summary(df, since=REPORT_DATE)
    fig, ax = plt.subplots(figsize=figure_size(0.3 * len(table) + 1.6), layout="constrained")
    y = np.arange(len(table))[::-1]
    done = ~table["in_office"].to_numpy()
    days = table["days"].astype(float).fillna(0).to_numpy()
    early = (table["start"] < REPORT_DATE).to_numpy()
    for mask, colour, hatch, label in (
        (done & early, COLOURS["performance"], None, "started before the report (June 2014)"),
        (done & ~early, OKABE_ITO["orange"], "//", "started after the report"),
    ):
        ax.barh(y[mask], days[mask], height=0.7, color=colour, hatch=hatch, label=label)
    for yi, d, is_done in zip(y, days, done, strict=True):
        text = f"{d:,.0f}" if is_done else "in office at the source's date"
        ax.text(d + 25, yi, text, va="center")
    ax.axvline(stats["median_days"], color=COLOURS["event"], linestyle="--", linewidth=1.2)
    ax.text(
        stats["median_days"] + 25,
        len(table) - 0.4,
        f"median {days_text(stats['median_days'])} days",
        va="bottom",
    )
    labels = [f"{n} ({s.year})" for n, s in zip(table["name"], table["start"], strict=True)]
    ax.set_yticks(y, labels)
    ax.set(xlabel="Days in office", xlim=(0, days.max() * 1.12), ylim=(-0.7, len(table) + 0.5))
    ax.grid(axis="y", visible=False)
    fig.legend(loc="outside lower center", ncol=2)
    current = table[table["in_office"]]
    alt = (
        f"Horizontal bar chart of days in office of each Secretary of State for Health from 1987 to "
        f"2024: {stats['spells']} completed spells by {stats['people'] - len(current)} people, "
        f"plus {', '.join(current['name'])} in office at the source's date. The median spell is "
        f"{days_text(stats['median_days'])} days (about {stats['median_days'] / 365.25:.1f} years). "
        f"The longest is {stats['longest'][0]}'s, {stats['longest'][1]:,} days; the shortest "
        f"{stats['shortest'][0]}'s, {stats['shortest'][1]:,} days. "
        f"{stats['under_a_year']} spells lasted under a year. Spells that started before the report "
        f"(June 2014) have a median of {days_text(before['median_days'])} days; those that started after "
        f"it, {days_text(after['median_days'])} days."
    )
    return fig, alt


def _figures(df: pd.DataFrame, study: str) -> pd.DataFrame:
    _check_columns(df, ("study", "measure", "group", "value", "unit"), CHURN)
    return df[df["study"] == study]


def ceo_turnover_vs_rating(df: pd.DataFrame) -> pd.DataFrame:
    """HSJ 2017: share of trusts rated inadequate or requires improvement, by the number of chief
    executives they had in three financial years. Columns: ``chief_executives``, ``pct`` and
    ``trusts`` (missing where the source did not give it)."""
    rows = _figures(df, HSJ)
    rows = rows[rows["measure"] == "pct_rated_inadequate_or_requires_improvement"]
    count = rows["group"].str.extract(r"with (\d) chief executive", expand=False).astype(int)
    trusts = rows["group"].str.extract(r"\((\d+) trusts\)", expand=False)
    table = pd.DataFrame(
        {
            "chief_executives": count,
            "pct": pd.to_numeric(rows["value"]).astype(float),
            "trusts": pd.to_numeric(trusts).astype("Int64"),
        }
    )
    return table.sort_values("chief_executives").reset_index(drop=True)


def plot_ceo_turnover_vs_rating(df: pd.DataFrame):
    """Bars of the share of trusts rated inadequate or requires improvement by the number of chief
    executives in three years (HSJ 2017). Returns ``(fig, alt_text)``."""
    import matplotlib.pyplot as plt

    table = ceo_turnover_vs_rating(df)
    fig, ax = plt.subplots(figsize=figure_size(3.8), layout="constrained")
    x = table["chief_executives"].to_numpy()
    ax.bar(
        x, table["pct"], width=0.6, color=COLOURS["performance"], label="inadequate or requires improvement"
    )
    for xi, pct, n in zip(x, table["pct"], table["trusts"], strict=True):
        ax.text(xi, pct + 2, f"{pct:.0f}%", ha="center", va="bottom")
        ax.text(
            xi, 4, "n not given" if pd.isna(n) else f"{n} trusts", ha="center", va="bottom", color="white"
        )
    ax.set_xticks(x, [str(v) for v in x])
    ax.set(
        xlabel="Chief executives in three financial years",
        ylabel="Trusts rated inadequate or\nrequires improvement (%)",
        ylim=(0, 115),
    )
    ax.grid(axis="x", visible=False)
    ax.legend(loc="upper left")
    parts = [
        f"{c} chief executive{'s' if c > 1 else ''}: {p:.0f}%" + ("" if pd.isna(n) else f" of {n} trusts")
        for c, p, n in zip(table["chief_executives"], table["pct"], table["trusts"], strict=True)
    ]
    alt = (
        "Bar chart of the share of English NHS trusts given one of the two lowest CQC ratings "
        "(inadequate or requires improvement), by how many chief executives they had over three "
        "financial years, as reported by HSJ in 2017: " + "; ".join(parts) + ". The share rises with "
        f"the number of chief executives, from {table['pct'].min():.0f}% to {table['pct'].max():.0f}%."
    )
    return fig, alt


def executive_churn_by_rating(df: pd.DataFrame) -> pd.DataFrame:
    """King's Fund and NHS Providers 2018: executive posts vacant and executives appointed in 2017,
    in trusts rated outstanding and inadequate (percentages). Index: the two measures; columns:
    ``outstanding`` and ``inadequate``."""
    rows = _figures(df, KF)
    out = {}
    for rating in ("outstanding", "inadequate"):
        part = rows[rows["group"] == f"trusts rated {rating}"]
        out[rating] = pd.to_numeric(part.set_index("measure")["value"]).astype(float)
    table = pd.DataFrame(out).loc[["pct_executive_posts_vacant", "pct_executives_appointed_in_2017"]]
    return table


def plot_executive_churn_by_rating(df: pd.DataFrame):
    """Paired bars: executive vacancies and new appointments in outstanding and inadequate trusts
    (King's Fund and NHS Providers survey, late 2017). Returns ``(fig, alt_text)``."""
    import matplotlib.pyplot as plt

    table = executive_churn_by_rating(df)
    labels = ["Executive posts vacant", "Executives appointed in 2017"]
    fig, ax = plt.subplots(figsize=figure_size(3.4), layout="constrained")
    y = np.arange(len(table))[::-1]
    looks = {
        "outstanding": (COLOURS["performance"], None, "trusts rated outstanding"),
        "inadequate": (OKABE_ITO["vermillion"], "//", "trusts rated inadequate"),
    }
    for offset, (rating, (colour, hatch, label)) in zip((0.2, -0.2), looks.items(), strict=True):
        values = table[rating].to_numpy()
        ax.barh(y + offset, values, height=0.38, color=colour, hatch=hatch, label=label)
        for yi, v in zip(y, values, strict=True):
            ax.text(v + 1, yi + offset, f"{v:.0f}%", va="center")
    ax.set_yticks(y, labels)
    ax.set(xlabel="Share of executive posts or executives (%)", xlim=(0, 85))
    ax.grid(axis="y", visible=False)
    fig.legend(loc="outside lower center", ncol=2)
    alt = (
        "Horizontal bar chart from a King's Fund and NHS Providers survey of 145 trusts in late 2017. "
        f"Executive posts vacant: {table.loc['pct_executive_posts_vacant', 'outstanding']:.0f}% in trusts "
        f"rated outstanding against {table.loc['pct_executive_posts_vacant', 'inadequate']:.0f}% in trusts "
        f"rated inadequate. Executives appointed in 2017: "
        f"{table.loc['pct_executives_appointed_in_2017', 'outstanding']:.0f}% against "
        f"{table.loc['pct_executives_appointed_in_2017', 'inadequate']:.0f}%."
    )
    return fig, alt
