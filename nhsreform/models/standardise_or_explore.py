"""Standardise or explore: units choosing between the best-known practice and trying variants
(chapter 9). A stylised model, not a description of any real organisation.

Illustrates the pairing of "innovation with standardisation" that the report's key messages call
for (as reproduced by the Socialist Health Association; the report's own chapter 7 text was not
available to this course), and the approach The King's Fund's case study describes at
Intermountain Healthcare: standardising care around accepted good practice while allowing
exceptions to guidelines and learning from them. The mechanism is this course's own.

Assumptions
-----------
- A practice is a point on one line (think of a dose, a pathway or a protocol setting). Its real
  quality, in points out of 100, is ``100 - CURVATURE * (x - best) ** 2``: 100 at the best
  practice ``best``, less the further a practice is from it.
- The best practice is not known. The shared standard starts at 0 and the best practice at 1,
  so following the standard at the start gives ``100 - CURVATURE`` = 95 points. The best practice
  then moves ``optimum_drift`` a quarter (new evidence, technology and patients).
- There are ``units`` units (teams or hospitals). Each quarter every unit uses its own current
  practice, except that a share ``explore_rate`` of them, chosen at random, try a variant: their
  practice plus a normal step with standard deviation ``variant_size``.
- A unit sees its results with noise (standard deviation ``noise`` points). A unit that tried a
  variant keeps it if its result beat that unit's previous result (its own trial and error).
- Standardisation: every quarter each unit moves a share ``conformity`` of the way back to the
  standard (1 = everyone works exactly to the standard; 0 = everyone drifts their own way).
- Learning from the exceptions: each quarter the centre compares every variant's result with
  the average result of the units that did not try one. Variants that beat it by more than one
  noise standard deviation count as proven; the standard moves a share ``learning`` of the way
  towards their average.

What it cannot show: why units differ in the first place (case mix, resources, skill), the cost
of collecting and comparing results, harm from a bad variant beyond a lower quality score,
professional resistance, or several practices interacting. Every number is illustrative.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..parameters import Parameter, Parameters, check_seed, resolve, scenario_table
from .base import Model, require_table

#: How fast quality falls away from the best practice (points per squared practice unit).
CURVATURE = 5.0
#: Where the shared standard and the (unknown) best practice start.
START_STANDARD, START_BEST = 0.0, 1.0
#: A variant is "proven" if it beats the comparison by more than this many noise SDs.
EVIDENCE_MARGIN = 1.0
#: The quarters at the end over which results are averaged for the summaries.
LAST = 8

PARAMETERS = Parameters(
    "standardise_or_explore",
    Parameter(
        "explore_rate",
        "Units trying a variant each quarter",
        "share",
        0.0,
        1.0,
        0.1,
        0.05,
        "Share of units, chosen at random each quarter, that try a variant of their practice.",
    ),
    Parameter(
        "conformity",
        "Pull back to the standard",
        "share per quarter",
        0.0,
        1.0,
        0.8,
        0.05,
        "How far each unit moves back towards the shared standard every quarter (1 = exactly).",
    ),
    Parameter(
        "learning",
        "Standard moves towards proven exceptions",
        "share per quarter",
        0.0,
        1.0,
        0.5,
        0.05,
        "How far the shared standard moves towards variants that clearly did better (0 = never).",
    ),
    Parameter(
        "optimum_drift",
        "Drift of the best practice",
        "practice units per quarter",
        0.0,
        0.05,
        0.01,
        0.005,
        "How far the (unknown) best practice moves each quarter as evidence and technology change.",
    ),
    Parameter(
        "variant_size",
        "Size of a variant",
        "practice units (SD)",
        0.1,
        2.0,
        0.5,
        0.1,
        "How far a variant departs from the unit's practice, as a standard deviation.",
    ),
    Parameter(
        "noise",
        "Noise in measured results",
        "quality points (SD)",
        0.0,
        10.0,
        3.0,
        0.5,
        "Standard deviation of the chance variation in a unit's measured result each quarter.",
    ),
    Parameter("units", "Units", "teams or hospitals", 10, 200, 40, 10, "Number of units.", integer=True),
    Parameter(
        "quarters",
        "Quarters simulated",
        "quarters",
        20,
        120,
        60,
        4,
        "Length of the simulation.",
        integer=True,
    ),
)

#: Named scenarios pre-rendered in the book (all other parameters at their defaults).
SCENARIOS = {
    "Lock in": dict(explore_rate=0.0, conformity=1.0, learning=0.0),
    "Drift": dict(explore_rate=0.5, conformity=0.0, learning=0.0),
    "Standardise, and learn from the exceptions": dict(explore_rate=0.1, conformity=0.8, learning=0.5),
    "Explore widely, learn centrally": dict(explore_rate=0.5, conformity=0.8, learning=0.5),
}


def quality(practice, best):
    """Real quality (points out of 100) of ``practice`` when the best practice is ``best``."""
    return 100.0 - CURVATURE * (np.asarray(practice, dtype=float) - best) ** 2


def simulate_standardise_or_explore(seed: int = 2014, **params) -> pd.DataFrame:
    """Simulate the units quarter by quarter; one row per quarter.

    Parameters are those in :data:`PARAMETERS` (keyword arguments; defaults where omitted), plus
    ``seed`` (a non-negative integer), so the same inputs always give the same result.

    Columns: ``quarter`` (1, 2, ...), ``best`` (the best practice), ``standard``, ``standard
    quality``, ``mean quality`` (average real quality of what the units did that quarter,
    variants included), ``p10 quality`` and ``p90 quality`` (10th and 90th percentiles across
    units), ``spread`` (standard deviation of real quality across units), ``share on a variant``
    and ``proven exceptions`` (variants that moved the standard).
    """
    seed = check_seed(seed, PARAMETERS.model)
    p = resolve(PARAMETERS, params)
    rng = np.random.default_rng(seed)
    units, quarters = p["units"], p["quarters"]
    practice = np.full(units, START_STANDARD)
    standard, best = START_STANDARD, START_BEST
    last_result = quality(practice, best) + rng.normal(0, p["noise"], units)
    reals = np.empty((quarters, units))
    track = np.empty((quarters, 4))  # best, standard, share on a variant, proven
    for quarter in range(1, quarters + 1):
        best = START_BEST + p["optimum_drift"] * quarter
        trying = rng.random(units) < p["explore_rate"]
        steps = rng.normal(0.0, p["variant_size"], units)
        used = np.where(trying, practice + steps, practice)
        real = quality(used, best)
        result = real + rng.normal(0.0, p["noise"], units)
        # the unit's own trial and error: keep a variant that seemed to do better
        keep = trying & (result > last_result)
        practice = np.where(keep, used, practice)
        last_result = np.where(trying & ~keep, last_result, result)
        # learning from the exceptions: move the standard towards clearly better variants
        proven = 0
        if p["learning"] > 0 and trying.any():
            comparison = result[~trying].mean() if (~trying).any() else quality(standard, best)
            better = trying & (result > comparison + EVIDENCE_MARGIN * max(p["noise"], 1e-9))
            proven = int(better.sum())
            if proven:
                standard += p["learning"] * (used[better].mean() - standard)
        # standardisation: every unit is pulled back towards the standard
        practice = practice + p["conformity"] * (standard - practice)
        reals[quarter - 1] = real
        track[quarter - 1] = (best, standard, trying.mean(), proven)
    p10, p90 = np.quantile(reals, [0.1, 0.9], axis=1)
    return pd.DataFrame(
        {
            "quarter": np.arange(1, quarters + 1),
            "best": track[:, 0],
            "standard": track[:, 1],
            "standard quality": quality(track[:, 1], track[:, 0]),
            "mean quality": reals.mean(axis=1),
            "p10 quality": p10,
            "p90 quality": p90,
            "spread": reals.std(axis=1),
            "share on a variant": track[:, 2],
            "proven exceptions": track[:, 3].astype(int),
        }
    )


def summarise_standardise_or_explore(results: pd.DataFrame) -> pd.Series:
    """Headline numbers: averages over the last :data:`LAST` quarters, and the totals."""
    end = results.tail(LAST)
    return pd.Series(
        {
            "quality at the start (points)": float(quality(START_STANDARD, START_BEST)),
            "average quality at the end (points)": end["mean quality"].mean(),
            "gap to the best possible at the end (points)": 100 - end["mean quality"].mean(),
            "spread between units at the end (points)": end["spread"].mean(),
            "quality of the standard at the end (points)": end["standard quality"].mean(),
            "patients treated with a variant (%)": 100 * results["share on a variant"].mean(),
            "proven exceptions adopted": int(results["proven exceptions"].sum()),
        }
    )


def compare_scenarios(scenarios: dict | None = None, seed: int = 2014, **common) -> pd.DataFrame:
    """Summaries side by side for named scenarios (default :data:`SCENARIOS`).

    ``common`` settings apply to every scenario; one that a scenario sets itself is refused.
    """
    seed = check_seed(seed, PARAMETERS.model)

    def summarise(settings):
        return summarise_standardise_or_explore(simulate_standardise_or_explore(seed=seed, **settings))

    return scenario_table(SCENARIOS if scenarios is None else scenarios, summarise, common, PARAMETERS)


def _build(fig):
    """Make the axes, legend and artists once; later redraws update them in place."""
    from ..style import COLOURS, OKABE_ITO, figure_size

    fig.clear()
    fig.set_size_inches(figure_size(5.2))
    ax = fig.add_subplot()
    band = ax.fill_between(
        [1, 2], [0, 0], [0, 0], color=COLOURS["spread"], alpha=0.35, label="units, 10th to 90th percentile"
    )
    (mean,) = ax.plot([], [], color=COLOURS["performance"], linewidth=2, label="average unit")
    (standard,) = ax.plot([], [], color=OKABE_ITO["orange"], linestyle="--", label="the standard")
    ax.axhline(100, color=COLOURS["event"], linestyle=":", linewidth=1, label="best possible")
    ax.set(ylim=(75, 101), xlabel="Quarter", ylabel="Real quality (points out of 100)")
    ax.set_title("", y=1.0)  # a fixed position: no layout pass on every redraw
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2)
    fig.subplots_adjust(left=0.1, right=0.97, top=0.92, bottom=0.3)
    art = dict(ax=ax, band=band, mean=mean, standard=standard)
    fig._standardise_or_explore = art
    return art


def plot_standardise_or_explore(results: pd.DataFrame, fig=None):
    """Real quality quarter by quarter: the average unit, the band from the 10th to the 90th
    percentile of units, the quality of the standard and the best possible. Returns
    ``(fig, alt_text)``; pass the ``fig`` of an earlier call to redraw into it (in place)."""
    import matplotlib.pyplot as plt

    if fig is None:
        fig = plt.figure()
    art = getattr(fig, "_standardise_or_explore", None)
    if art is None or art["ax"] not in fig.axes:
        art = _build(fig)
    ax, q = art["ax"], results["quarter"].to_numpy()
    art["band"].set_data(q, results["p10 quality"].to_numpy(), results["p90 quality"].to_numpy())
    art["mean"].set_data(q, results["mean quality"].to_numpy())
    art["standard"].set_data(q, results["standard quality"].to_numpy())
    summary = summarise_standardise_or_explore(results)
    ax.set_xlim(1, q.max())
    ax.set_title(
        f"Average at the end {summary['average quality at the end (points)']:.1f} points; "
        f"spread {summary['spread between units at the end (points)']:.1f}"
    )
    end = results.tail(LAST)
    alt = (
        f"Line chart of real quality over {len(results)} quarters. The average unit starts at "
        f"{results['mean quality'].iloc[0]:.1f} points and ends at "
        f"{summary['average quality at the end (points)']:.1f} (average of the last {LAST} quarters); "
        f"the standard ends at {summary['quality of the standard at the end (points)']:.1f}; the best "
        f"possible is 100. The band between the 10th and 90th percentile of units is "
        f"{(end['p90 quality'] - end['p10 quality']).mean():.1f} points wide at the end. "
        f"{summary['patients treated with a variant (%)']:.0f}% of unit-quarters tried a variant and "
        f"{int(summary['proven exceptions adopted'])} proven exceptions moved the standard."
    )
    return fig, alt


def render_standardise_or_explore(fig=None, seed: int = 2014, **params):
    """Simulate and plot in one call (what the explorer runs on every slider move)."""
    return plot_standardise_or_explore(simulate_standardise_or_explore(seed=seed, **params), fig=fig)


def standardise_or_explore_explorer(**values):
    """Sliders for exploring, conformity, learning, noise and the drift of the best practice."""
    from ..explorer import ModelExplorer

    start = resolve(PARAMETERS, values)
    return ModelExplorer(
        PARAMETERS,
        render_standardise_or_explore,
        start,
        shown=("explore_rate", "conformity", "learning", "noise", "optimum_drift"),
    )


def plot_scenarios(table: pd.DataFrame):
    """Horizontal bars of the average unit's real quality at the end of each scenario in
    ``table`` (the output of :func:`compare_scenarios`), with a diamond at the quality of the
    standard and the spread between units written beside each bar. Returns ``(fig, alt_text)``."""
    import matplotlib.pyplot as plt

    from ..style import COLOURS, OKABE_ITO, figure_size, fit_labels

    end, standard = "average quality at the end (points)", "quality of the standard at the end (points)"
    spread = "spread between units at the end (points)"
    require_table(PARAMETERS.model, table, (end, standard, spread))
    fig, ax = plt.subplots(figsize=figure_size(3.2 + 0.45 * len(table)), layout="constrained")
    names = list(table.index)[::-1]
    ax.barh(names, table.loc[names, end], color=COLOURS["performance"], label="average unit")
    ax.plot(table.loc[names, standard], names, "D", color=OKABE_ITO["orange"], label="the standard")
    labels = [
        ax.text(100.8, y, f"{v:.1f} (spread {d:.1f})", va="center")
        for y, (v, s, d) in enumerate(
            zip(table.loc[names, end], table.loc[names, standard], table.loc[names, spread], strict=True)
        )
    ]
    ax.axvline(100, color=COLOURS["event"], linestyle=":", linewidth=1, label="best possible")
    ax.set(xlim=(80, 100), xlabel="Real quality at the end (points out of 100)")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncols=3)
    fit_labels(ax, labels)
    ax.set_xticks([80, 85, 90, 95, 100])
    parts = [
        f"{name}: {row[end]:.1f} points at the end (the standard {row[standard]:.1f}), spread "
        f"{row[spread]:.1f}"
        for name, row in table.iterrows()
    ]
    alt = (
        "Horizontal bar chart of the average unit's real quality at the end of each scenario, "
        "out of a best possible 100 points, with a diamond at the quality of the shared standard "
        "and the spread between units (standard deviation) written beside each bar. " + "; ".join(parts) + "."
    )
    return fig, alt


MODEL = Model(
    name="standardise_or_explore",
    chapter=9,
    title="Standardise or explore",
    parameters=PARAMETERS,
    scenarios=SCENARIOS,
    simulate=simulate_standardise_or_explore,
    summarise=summarise_standardise_or_explore,
    compare_scenarios=compare_scenarios,
    plot=plot_standardise_or_explore,
    render=render_standardise_or_explore,
    plot_scenarios=plot_scenarios,
    explorer=standardise_or_explore_explorer,
    seed=2014,
    book_controls={"explore_rate": (0.0, 0.1, 0.5), "conformity": (0.0, 0.8, 1.0), "learning": (0.0, 0.5)},
)
