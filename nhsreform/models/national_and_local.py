"""National framework and local freedom (chapter 8). A stylised model, not a forecast.

Illustrates the first of the report's three "complementary approaches": national leadership
*with* devolution (key messages, as reproduced by the Socialist Health Association, 2014). The
mechanism is this course's reading of that pairing, not the report's words: a national framework
sets *what* every local unit works on, and local leaders choose *how*, because they know their own
conditions. The model compares three ways of running many local units:

- **central prescription**: the centre sets the goal and one method for everyone (the method that
  works best on average);
- **full local discretion**: each unit chooses its own method *and* its own goals, so some of its
  effort drifts away from the national priority;
- **national what, local how** (the pair): the centre sets the goal; each unit chooses its method.

Assumptions
-----------
- Each local unit (a trust, a place, a network) has a best method for its conditions, a point on
  a line; across units these points are spread with standard deviation ``heterogeneity``. The
  centre's single method is the average, 0.
- A method's *fit* for a unit is ``exp(-(method - best)^2 / 2)``: 1 for the unit's best method,
  falling as the method moves away from it.
- A unit that chooses for itself starts with an error in its method (standard deviation
  ``local_error``) and corrects ``local_learning`` of the remaining error every year.
- Under full discretion a unit spends only part of its effort on the national priority, on average
  ``1 - goal_divergence`` (uniformly spread between ``1 - 2 x goal_divergence`` and 1); under the
  other two approaches all its effort goes there.
- Staff who choose their own method work ``ownership_bonus`` harder (the report's "commitment
  rather than compliance", as the course models it).
- Each year a unit's gain on the national priority is effort x fit x (1 + bonus), times a random
  factor with mean 1 (standard deviation ``yearly_noise``), the same draws for all three approaches.

The expected gain in year ``t`` (first year ``t = 0``) then has a closed form
(:func:`expected_yearly_gain`): ``1 / sqrt(1 + heterogeneity^2)`` under central prescription, and
``effort x (1 + ownership_bonus) / sqrt(1 + s_t^2)`` with ``s_t = local_error x (1 -
local_learning)^t`` under the other two; the simulation reproduces it.

What it cannot show: what the national goals should be, how the centre learns the average best
method, costs of running a framework, units learning from each other (transparency), politics, or
whether the NHS's local units really differ in these ways. Every number is illustrative.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..parameters import Parameter, Parameters, check_seed, resolve, scenario_table
from .base import Model, require_table

PARAMETERS = Parameters(
    "national_and_local",
    Parameter(
        "heterogeneity",
        "How different local conditions are",
        "SD of best method",
        0.0,
        2.0,
        1.0,
        0.1,
        "Spread of each unit's best method around the national average (0 = every place alike).",
    ),
    Parameter(
        "local_error",
        "Local leaders' first-year error",
        "SD of method",
        0.0,
        2.0,
        0.6,
        0.1,
        "How far, at first, a unit's own choice of method is from its best method.",
    ),
    Parameter(
        "local_learning",
        "Local learning",
        "share of error a year",
        0.0,
        0.5,
        0.2,
        0.05,
        "Share of its remaining error in method that a unit corrects each year.",
    ),
    Parameter(
        "goal_divergence",
        "Drift from national goals under full discretion",
        "share of effort",
        0.0,
        0.5,
        0.3,
        0.05,
        "Average share of effort a unit puts on other goals when there is no national framework.",
    ),
    Parameter(
        "ownership_bonus",
        "Extra effort when staff choose the method",
        "proportion",
        0.0,
        0.5,
        0.1,
        0.05,
        "How much more a unit gains when its own staff chose how to work (0.1 = 10% more).",
    ),
    Parameter(
        "yearly_noise",
        "Year-to-year luck",
        "SD of yearly gain",
        0.0,
        0.5,
        0.15,
        0.05,
        "Random variation in each unit's gain from year to year (the same for all approaches).",
    ),
    Parameter(
        "units",
        "Local units",
        "units",
        10,
        300,
        60,
        10,
        "Number of local units (trusts, places or networks) simulated.",
        integer=True,
    ),
    Parameter(
        "years",
        "Years simulated",
        "years",
        1,
        15,
        8,
        1,
        "Length of the simulated period.",
        integer=True,
    ),
)

#: The three ways of running the local units, in the order the course shows them.
APPROACHES = ("central prescription", "full local discretion", "national what, local how")

#: Named scenarios pre-rendered in the book (all other parameters at their defaults).
SCENARIOS = {
    "Alike places, inexperienced local leaders": dict(
        heterogeneity=0.3, local_error=1.2, local_learning=0.1, goal_divergence=0.3
    ),
    "Varied places, capable local leaders": dict(
        heterogeneity=1.2, local_error=0.3, local_learning=0.2, goal_divergence=0.1
    ),
    "Varied places, local priorities drift": dict(
        heterogeneity=1.2, local_error=0.3, local_learning=0.2, goal_divergence=0.4
    ),
    "Middle of the road (defaults)": dict(),
}


def expected_yearly_gain(approach: str, year: int = 0, **params) -> float:
    """The model's expected gain per unit in ``year`` (0 = the first), from its assumptions.

    ``approach`` is one of :data:`APPROACHES`; ``params`` are model parameters (defaults where
    omitted). The simulation's average converges on this value as units grow.
    """
    if approach not in APPROACHES:
        raise ValueError(f"national_and_local: approach must be one of {APPROACHES}; got {approach!r}")
    p = resolve(PARAMETERS, params)
    if approach == "central prescription":
        return 1.0 / math.sqrt(1.0 + p["heterogeneity"] ** 2)
    spread = p["local_error"] * (1.0 - p["local_learning"]) ** year
    effort = 1.0 - p["goal_divergence"] if approach == "full local discretion" else 1.0
    return effort * (1.0 + p["ownership_bonus"]) / math.sqrt(1.0 + spread**2)


def simulate_national_and_local(seed: int = 2014, **params) -> pd.DataFrame:
    """Simulate the local units under the three approaches; one row per approach, unit and year.

    Parameters are those in :data:`PARAMETERS` (keyword arguments; defaults where omitted), plus
    ``seed`` (non-negative integer) so that the same inputs always give the same result. The three
    approaches share the same random draws (the same places, errors and luck), so differences
    between them come only from how the units are run.

    Columns: ``approach``, ``unit`` (0, 1, ...), ``year`` (1 = first), ``best_method``,
    ``method`` (the method used that year), ``fit`` (0–1), ``effort_on_priority`` (0–1),
    ``gain`` (improvement on the national priority that year; 1 = a year with the best method and
    all effort on the priority, no bonus) and ``cumulative`` (total gain so far).
    """
    seed = check_seed(seed, PARAMETERS.model)
    p = resolve(PARAMETERS, params)
    rng = np.random.default_rng(seed)
    n, years = p["units"], p["years"]
    best = rng.normal(0.0, 1.0, n) * p["heterogeneity"]
    first_error = rng.normal(0.0, 1.0, n) * p["local_error"]
    drift = rng.uniform(0.0, 1.0, n) * 2.0 * p["goal_divergence"]
    luck = 1.0 + rng.normal(0.0, 1.0, (n, years)) * p["yearly_noise"]
    remaining = (1.0 - p["local_learning"]) ** np.arange(years)  # share of the first error left

    frames = []
    for approach in APPROACHES:
        if approach == "central prescription":
            method = np.zeros((n, years))
            bonus = 1.0
        else:
            method = best[:, None] + first_error[:, None] * remaining[None, :]
            bonus = 1.0 + p["ownership_bonus"]
        effort = 1.0 - drift if approach == "full local discretion" else np.ones(n)
        fit = np.exp(-((method - best[:, None]) ** 2) / 2.0)
        gain = effort[:, None] * fit * bonus * luck
        frames.append(
            pd.DataFrame(
                {
                    "approach": approach,
                    "unit": np.repeat(np.arange(n), years),
                    "year": np.tile(np.arange(1, years + 1), n),
                    "best_method": np.repeat(best, years),
                    "method": method.ravel(),
                    "fit": fit.ravel(),
                    "effort_on_priority": np.repeat(effort, years),
                    "gain": gain.ravel(),
                    "cumulative": gain.cumsum(axis=1).ravel(),
                }
            )
        )
    results = pd.concat(frames, ignore_index=True)
    results["approach"] = pd.Categorical(results["approach"], categories=APPROACHES)
    return results


def final_totals(results: pd.DataFrame) -> pd.DataFrame:
    """Each unit's total gain at the end of the run: one column per approach, one row per unit."""
    last = results[results["year"] == results["year"].max()]
    return last.pivot(index="unit", columns="approach", values="cumulative")[list(APPROACHES)]


def summarise_national_and_local(results: pd.DataFrame) -> pd.Series:
    """Headline numbers for one simulation, for each approach.

    For each approach: the average unit's total gain at the end (``…: average total gain``), the
    10th percentile of units (``…: weakest tenth``: the gain that 90% of units beat), and the gap
    between the 90th and 10th percentiles (``…: spread (90th − 10th)``, a "postcode lottery"
    measure). Also the approach with the highest average, and the approach best for the weakest
    tenth.
    """
    totals = final_totals(results)
    out = {}
    for approach in APPROACHES:
        col = totals[approach]
        out[f"{approach}: average total gain"] = float(col.mean())
        out[f"{approach}: weakest tenth"] = float(col.quantile(0.1))
        out[f"{approach}: spread (90th − 10th)"] = float(col.quantile(0.9) - col.quantile(0.1))
    means = {a: out[f"{a}: average total gain"] for a in APPROACHES}
    floors = {a: out[f"{a}: weakest tenth"] for a in APPROACHES}
    out["best on average"] = max(means, key=means.get)
    out["best for the weakest tenth"] = max(floors, key=floors.get)
    return pd.Series(out, dtype=object)


def compare_scenarios(scenarios: dict | None = None, seed: int = 2014, **common) -> pd.DataFrame:
    """Summaries side by side for named scenarios (default :data:`SCENARIOS`).

    ``common`` settings apply to every scenario; one that a scenario sets itself is refused.
    """
    seed = check_seed(seed, PARAMETERS.model)

    def summarise(settings):
        return summarise_national_and_local(simulate_national_and_local(seed=seed, **settings))

    return scenario_table(SCENARIOS if scenarios is None else scenarios, summarise, common, PARAMETERS)


# Line styles and markers, so that colour is never the only cue.
_LOOKS = {
    "central prescription": dict(color="#0072B2", linestyle="-", marker="s"),
    "full local discretion": dict(color="#E69F00", linestyle="--", marker="o"),
    "national what, local how": dict(color="#009E73", linestyle="-.", marker="D"),
}


def _build(fig):
    """Create the two panels and the artists that later redraws update in place."""
    from matplotlib.ticker import MaxNLocator

    from ..figures import set_panel_cuts
    from ..style import OKABE_ITO, figure_size

    fig.clear()
    fig.set_size_inches(figure_size(4.8))
    # Two panels, each with its title and legend in its own half: the explorer stacks the halves
    # on a narrow screen.
    left = fig.add_axes([0.10, 0.36, 0.36, 0.52])
    right = fig.add_axes([0.62, 0.36, 0.35, 0.52])
    set_panel_cuts(fig, 0.5)  # the right panel's "Discretion" reaches left to 0.504
    lines, dots, floors, means = {}, {}, {}, {}
    for approach in APPROACHES:
        look = _LOOKS[approach]
        (lines[approach],) = left.plot([], [], markersize=4, label=approach, **look)
        (dots[approach],) = right.plot(
            [], [], linestyle="none", marker=look["marker"], markersize=3.5, color=look["color"], alpha=0.6
        )
        (floors[approach],) = right.plot([], [], color=OKABE_ITO["black"], linewidth=2)
        (means[approach],) = right.plot([], [], color=OKABE_ITO["vermillion"], linewidth=2, linestyle=":")
    left.set(xlabel="Year", ylabel="Average total gain (points)", title="Average unit")
    left.xaxis.set_major_locator(MaxNLocator(5, integer=True))
    left.legend(loc="upper center", bbox_to_anchor=(0.55, -0.2), ncol=1, handlelength=2.5)
    right.plot([], [], color=OKABE_ITO["black"], linewidth=2, label="weakest tenth")
    right.plot([], [], color=OKABE_ITO["vermillion"], linewidth=2, linestyle=":", label="average")
    right.set(
        yticks=range(len(APPROACHES)),
        yticklabels=["Central", "Discretion", "Pair"],
        ylim=(len(APPROACHES) - 0.5, -0.5),
        xlabel="Total gain per unit (points)",
        title="Every unit, final year",
    )
    right.xaxis.set_major_locator(MaxNLocator(4))
    right.grid(False)
    right.legend(loc="upper center", bbox_to_anchor=(0.4, -0.2), ncol=1)
    fig._national_and_local = dict(left=left, right=right, lines=lines, dots=dots, floors=floors, means=means)
    return fig._national_and_local


def plot_national_and_local(results: pd.DataFrame, fig=None):
    """Two panels: the average unit's total gain year by year, and every unit's total at the end.

    Returns ``(fig, alt_text)``. Left: one line per approach (different colours, line styles and
    markers). Right: each unit's final total as a dot, per approach, with a bar at the 10th
    percentile (the weakest tenth) and a dotted bar at the average. Pass the ``fig`` of an earlier
    call to redraw into it quickly (the artists are updated in place).
    """
    import matplotlib.pyplot as plt

    if fig is None:
        fig = plt.figure()
    art = getattr(fig, "_national_and_local", None)
    if art is None or art["left"] not in fig.axes:
        art = _build(fig)
    left, right = art["left"], art["right"]

    average = results.groupby(["approach", "year"], observed=True)["cumulative"].mean().unstack(0)
    totals = final_totals(results)
    rng = np.random.default_rng(0)  # fixed jitter so the dots do not overlap
    jitter = rng.uniform(-0.22, 0.22, len(totals))
    for y, approach in enumerate(APPROACHES):
        art["lines"][approach].set_data(average.index, average[approach])
        values = totals[approach].to_numpy()
        art["dots"][approach].set_data(values, y + jitter)
        floor, mean = np.quantile(values, 0.1), values.mean()
        art["floors"][approach].set_data([floor, floor], [y - 0.35, y + 0.35])
        art["means"][approach].set_data([mean, mean], [y - 0.35, y + 0.35])
    years = int(results["year"].max())
    top = float(np.nanmax(average.to_numpy()))
    left.set_xlim(0.5, years + 0.5)
    from ..figures import steady_limits

    # round steps: the axes (slow to draw) change only now and then
    left.set_ylim(*steady_limits(0, top * 1.08 + 0.1, include=(0, 15)))
    low, high = min(0.0, float(totals.min().min())), float(totals.max().max())
    right.set_xlim(*steady_limits(low, high + 0.05 * (high - low) + 0.1, include=(0, 15)))

    summary = summarise_national_and_local(results)
    parts = [
        f"{a}: average {summary[f'{a}: average total gain']:.1f} points, weakest tenth "
        f"{summary[f'{a}: weakest tenth']:.1f}"
        for a in APPROACHES
    ]
    alt = (
        f"Two panels. First: line chart of the average unit's total gain over {years} years under "
        f"three approaches. Second: each of {results['unit'].nunique()} units' total at the end, "
        f"as dots, with the weakest tenth and the average marked. " + "; ".join(parts) + ". "
        f"Best on average: {summary['best on average']}; best for the weakest tenth: "
        f"{summary['best for the weakest tenth']}."
    )
    return fig, alt


def render_national_and_local(fig=None, seed: int = 2014, **params):
    """Simulate and plot in one call (what the explorer runs on every slider move)."""
    results = simulate_national_and_local(seed=seed, **resolve(PARAMETERS, params))
    return plot_national_and_local(results, fig=fig)


def national_and_local_explorer(**values):
    """Sliders for local variety, local error and learning, goal drift and ownership."""
    from ..explorer import ModelExplorer

    start = resolve(PARAMETERS, values)
    return ModelExplorer(
        PARAMETERS,
        render_national_and_local,
        start,
        shown=("heterogeneity", "local_error", "local_learning", "goal_divergence", "ownership_bonus"),
    )


def plot_scenarios(table: pd.DataFrame):
    """Grouped bars: the average unit's total gain under each approach, in each named scenario,
    with a marker at the weakest tenth of units.

    ``table`` is the output of :func:`compare_scenarios`. Returns ``(fig, alt_text)``.
    """
    import matplotlib.pyplot as plt

    from ..style import OKABE_ITO, figure_size

    needed = tuple(f"{a}: {w}" for a in APPROACHES for w in ("average total gain", "weakest tenth"))
    require_table(PARAMETERS.model, table, needed)
    names = list(table.index)
    fig, ax = plt.subplots(figsize=figure_size(1.3 + 1.25 * len(names)), layout="constrained")
    hatches = {"central prescription": "", "full local discretion": "//", "national what, local how": ".."}
    step = 1.0 + 0.3 * len(APPROACHES)
    for k, approach in enumerate(APPROACHES):
        y = step * np.arange(len(names)) + 0.3 * k
        mean = table[f"{approach}: average total gain"].to_numpy(dtype=float)
        floor = table[f"{approach}: weakest tenth"].to_numpy(dtype=float)
        ax.barh(
            y,
            mean,
            height=0.28,
            color=_LOOKS[approach]["color"],
            hatch=hatches[approach],
            edgecolor="white",
            label=approach,
        )
        ax.plot(floor, y, "|", color=OKABE_ITO["black"], markersize=10, markeredgewidth=2)
    ax.plot([], [], "|", color=OKABE_ITO["black"], markersize=10, markeredgewidth=2, label="weakest tenth")
    ax.set_yticks(step * np.arange(len(names)) + 0.3, names)
    ax.invert_yaxis()
    ax.set(xlabel="Total gain per unit over the period (points)")
    ax.set_xlim(left=0)
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.4, -0.1 * 4 / len(names)), ncol=2)
    parts = [
        f"{name}: "
        + ", ".join(f"{a} {float(table.loc[name, f'{a}: average total gain']):.1f}" for a in APPROACHES)
        + f" (best on average: {table.loc[name, 'best on average']})"
        for name in names
    ]
    alt = (
        "Grouped horizontal bar chart of the average unit's total gain under three approaches in "
        "each scenario, with a tick at the weakest tenth of units. " + "; ".join(parts) + "."
    )
    return fig, alt


MODEL = Model(
    name="national_and_local",
    chapter=8,
    title="National framework and local freedom",
    parameters=PARAMETERS,
    scenarios=SCENARIOS,
    simulate=simulate_national_and_local,
    summarise=summarise_national_and_local,
    compare_scenarios=compare_scenarios,
    plot=plot_national_and_local,
    render=render_national_and_local,
    plot_scenarios=plot_scenarios,
    explorer=national_and_local_explorer,
    seed=2014,
    book_controls={
        "heterogeneity": (0.3, 1.0, 1.5),
        "local_error": (0.3, 0.6, 1.2),
        "goal_divergence": (0.1, 0.3, 0.5),
    },
)
