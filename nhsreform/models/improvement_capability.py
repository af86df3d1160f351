"""Improvement capability built from within, against an external push (chapter 6). A stylised model,
not a forecast.

Illustrates the argument of the report's chapter 5, "Reforming health care from within" (pp 20–30),
as the King's Fund's companion pages summarise it: high performers show the value of leadership
continuity, organisational stability, clear goals and an explicit improvement method, and
improvement should rest on "commitment rather than compliance" sustained over the long term. The
mechanism below is this course's reading of that argument, not the report's own model.

Assumptions
-----------
- Time runs in quarters. An organisation's **capability for improvement** is an index from 0 (no
  one trained, no method) to 100 (everyone trained and practised in an improvement method). It
  starts at :data:`START_CAPABILITY`.
- **Training** reaches a share ``training_pct`` of the staff not yet trained each year, so
  capability closes that share of its gap to 100 each year.
- **Improvement cycles**: performance (an index, 100 at the start) improves by
  ``gain_pct_per_year`` per cent a year at full capability, and in proportion at lower capability.
  The gains compound: each year's gain is on top of the last.
- **Churn**: reorganisations and changes of leader arrive at random (a Poisson process, on
  average ``churn_per_year`` a year). Each one wipes out the share ``reset_share`` of capability
  (people leave, teams break up, the method is dropped). Performance already gained is kept.
- **External push** (targets, inspection, a turnaround team): ``push_pct`` index points of
  performance are gained at once, at year :data:`PUSH_YEAR`, and the gain fades by half every
  ``push_half_life_years``. The push builds no capability.
- Nothing else changes performance: no budget, no demand, no noise besides the timing of churn.

Without churn, capability after ``t`` years is
``100 - (100 - START_CAPABILITY) * (1 - training_pct / 100) ** t`` (:func:`capability_without_churn`),
which the simulation reproduces.

What it cannot show: whether any real organisation's gains came from its capability (the model
assumes it); the real sizes of training rates, gains or resets, which no source used by the course
measures; whether an external push can itself start internal improvement, or crowd it out; and
why an organisation is stable in the first place. All parameter values are illustrative.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from ..parameters import (
    Parameter,
    Parameters,
    check_seed,
    resolve,
    scenario_runs,
    scenario_table,
    validate,
)
from .base import Model, require_runs, require_table

#: Capability at the start (0–100): a little existing skill, before any programme.
START_CAPABILITY = 10.0
#: Year at which an external push, if any, is applied.
PUSH_YEAR = 1.0
#: Steps per year (quarters).
STEPS_PER_YEAR = 4
#: "Early" is this many years from the start in the summaries.
EARLY_YEARS = 3

PARAMETERS = Parameters(
    "improvement_capability",
    Parameter(
        "training_pct",
        "Staff trained each year",
        "% of those not yet trained",
        0.0,
        50.0,
        15.0,
        1.0,
        "Share of the staff not yet trained in the improvement method who are trained each year.",
    ),
    Parameter(
        "gain_pct_per_year",
        "Gain at full capability",
        "% a year",
        0.0,
        10.0,
        4.0,
        0.5,
        "Yearly improvement in performance from improvement cycles when capability is 100.",
    ),
    Parameter(
        "churn_per_year",
        "Reorganisations and leader changes",
        "per year (average)",
        0.0,
        1.0,
        0.2,
        0.05,
        "Average number of reorganisations or changes of leader a year (0.2 = one every 5 years).",
    ),
    Parameter(
        "reset_share",
        "Capability lost at each change",
        "share",
        0.0,
        1.0,
        0.4,
        0.05,
        "Share of the capability built so far that each reorganisation or change of leader wipes out.",
    ),
    Parameter(
        "push_pct",
        "External push",
        "index points",
        0.0,
        30.0,
        0.0,
        1.0,
        "Immediate gain in performance from external pressure at year 1 (100 = starting level).",
    ),
    Parameter(
        "push_half_life_years",
        "Half-life of the push",
        "years",
        0.5,
        10.0,
        2.0,
        0.5,
        "Years for the gain from the external push to fade by half.",
    ),
    Parameter(
        "horizon_years",
        "Years simulated",
        "years",
        5,
        30,
        15,
        1,
        "Length of each simulated history.",
        integer=True,
    ),
    Parameter(
        "runs",
        "Simulated histories",
        "runs",
        1,
        1000,
        200,
        1,
        "Independent histories (different timings of churn) averaged over.",
        integer=True,
    ),
)

#: Named scenarios pre-rendered in the book (all other parameters at their defaults).
SCENARIOS = {
    "Stable organisation": dict(training_pct=15.0, churn_per_year=0.1, push_pct=0.0),
    "Frequent churn": dict(training_pct=15.0, churn_per_year=0.5, push_pct=0.0),
    "External pressure only": dict(training_pct=0.0, churn_per_year=0.2, push_pct=15.0),
    "Both: stable, with an external push": dict(training_pct=15.0, churn_per_year=0.1, push_pct=15.0),
}


def capability_without_churn(years: float, training_pct: float) -> float:
    """Capability after ``years`` with no reorganisation or change of leader (closed form)."""
    p = validate(PARAMETERS, dict(training_pct=training_pct))
    if not (isinstance(years, (int, float, np.integer, np.floating)) and 0 <= years < float("inf")):
        raise ValueError(f"{PARAMETERS.model}: years must be a finite number of 0 or more; got {years!r}")
    return 100.0 - (100.0 - START_CAPABILITY) * (1.0 - p["training_pct"] / 100.0) ** years


def push_remaining(years_since_push: float, push_pct: float, push_half_life_years: float) -> float:
    """Index points left from an external push ``years_since_push`` after it (closed form)."""
    p = validate(PARAMETERS, dict(push_pct=push_pct, push_half_life_years=push_half_life_years))
    if years_since_push < 0:
        return 0.0
    return p["push_pct"] * 0.5 ** (years_since_push / p["push_half_life_years"])


def simulate_improvement_capability(seed: int = 2014, **params) -> pd.DataFrame:
    """Simulate capability and performance quarter by quarter; one row per run and quarter.

    Parameters are those in :data:`PARAMETERS` (keyword arguments; defaults where omitted),
    plus ``seed`` (non-negative integer) so that the same inputs always give the same result.

    Columns: ``run``, ``year`` (years from the start, in quarters), ``capability`` (0–100),
    ``internal`` (performance from improvement cycles, 100 at the start), ``push`` (index points
    still left from the external push), ``performance`` (``internal + push``) and ``churn_events``
    (reorganisations or changes of leader in that quarter). Row ``year = 0`` is the start.
    """
    seed = check_seed(seed, PARAMETERS.model)
    p = resolve(PARAMETERS, params)
    rng = np.random.default_rng(seed)
    runs, steps = p["runs"], p["horizon_years"] * STEPS_PER_YEAR
    dt = 1.0 / STEPS_PER_YEAR
    years = np.arange(steps + 1) * dt

    events = rng.poisson(p["churn_per_year"] * dt, size=(runs, steps + 1))
    events[:, 0] = 0
    keep = (1.0 - p["reset_share"]) ** events  # capability kept after this quarter's changes
    trained = 1.0 - (1.0 - p["training_pct"] / 100.0) ** dt  # share of the gap closed a quarter
    growth = p["gain_pct_per_year"] / 100.0

    capability = np.empty((runs, steps + 1))
    internal = np.empty((runs, steps + 1))
    capability[:, 0], internal[:, 0] = START_CAPABILITY, 100.0
    for k in range(1, steps + 1):
        # Cycles run on the capability held during the quarter; then changes hit, then training.
        internal[:, k] = internal[:, k - 1] * (1.0 + growth * capability[:, k - 1] / 100.0) ** dt
        c = capability[:, k - 1] * keep[:, k]
        capability[:, k] = c + trained * (100.0 - c)

    since = years - PUSH_YEAR
    push = np.where(
        since >= 0, p["push_pct"] * 0.5 ** (np.maximum(since, 0) / p["push_half_life_years"]), 0.0
    )
    return pd.DataFrame(
        {
            "run": np.repeat(np.arange(runs), steps + 1),
            "year": np.tile(years, runs),
            "capability": capability.ravel(),
            "internal": internal.ravel(),
            "push": np.tile(push, runs),
            "performance": (internal + push).ravel(),
            "churn_events": events.ravel(),
        }
    )


def mean_path(results: pd.DataFrame) -> pd.DataFrame:
    """The average over runs for each quarter (columns as :func:`simulate_improvement_capability`)."""
    return results.groupby("year", as_index=False)[["capability", "internal", "push", "performance"]].mean()


def _at(path: pd.DataFrame, year: float, column: str) -> float:
    years = path["year"].to_numpy()
    return float(path[column].to_numpy()[np.abs(years - year).argmin()])


def _stats(results: pd.DataFrame) -> dict:
    path = mean_path(results)
    end = float(path["year"].iloc[-1])
    runs = results["run"].nunique()
    return {
        f"performance after {EARLY_YEARS} years": _at(path, EARLY_YEARS, "performance"),
        "performance at the end": _at(path, end, "performance"),
        "capability at the end": _at(path, end, "capability"),
        "average capability": float(path["capability"].mean()),
        "push left at the end": _at(path, end, "push"),
        "changes per history": float(results["churn_events"].sum() / runs),
        "years simulated": end,
    }


def summarise_improvement_capability(results: pd.DataFrame) -> pd.Series:
    """Headline numbers for one simulation, from the average over runs.

    Performance is an index (100 at the start); capability runs from 0 to 100; "changes" counts
    reorganisations and changes of leader.
    """
    return pd.Series(_stats(results))


def compare_scenarios(scenarios: dict | None = None, seed: int = 2014, **common) -> pd.DataFrame:
    """Summaries side by side for named scenarios (default :data:`SCENARIOS`).

    ``common`` settings apply to every scenario; one that a scenario sets itself is refused.
    """
    seed = check_seed(seed, PARAMETERS.model)

    def summarise(settings):
        return summarise_improvement_capability(simulate_improvement_capability(seed=seed, **settings))

    return scenario_table(SCENARIOS if scenarios is None else scenarios, summarise, common, PARAMETERS)


def simulate_scenarios(scenarios: dict | None = None, seed: int = 2014, **common) -> dict[str, pd.DataFrame]:
    """The quarterly results of each named scenario (for :func:`plot_scenario_runs`).

    Settings as for :func:`compare_scenarios`.
    """
    seed = check_seed(seed, PARAMETERS.model)
    chosen = SCENARIOS if scenarios is None else scenarios
    run = functools.partial(simulate_improvement_capability, seed=seed)
    return scenario_runs(chosen, run, common, PARAMETERS)


# --------------------------------------------------------------------------------------------
# Figures


def plot_improvement_capability(results: pd.DataFrame, run: int = 0, fig=None):
    """Two panels: performance (top) and capability (bottom) over time.

    Each panel shows the average over all histories (solid) and one history, ``run`` (thin),
    whose reorganisations and changes of leader are marked with dotted lines. The top panel also
    shows the average without the external push (dashed): the part built from within. Returns
    ``(fig, alt_text)``. Pass the ``fig`` of an earlier call to redraw into it quickly.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    from ..style import COLOURS, OKABE_ITO, figure_size

    if run not in set(results["run"].unique()):
        raise ValueError(f"{PARAMETERS.model}.plot: run {run!r} is not in the results")
    if fig is None:
        fig = plt.figure(figsize=figure_size(5.4))
    if len(fig.axes) != 2:  # build once; later calls only update the data
        fig.clear()
        fig.set_size_inches(figure_size(5.4))
        axes = fig.subplots(2, 1, sharex=True)
        fig.subplots_adjust(left=0.1, right=0.98, bottom=0.1, top=0.86, hspace=0.35)
        top, bottom = axes
        top.plot([], [], color=COLOURS["performance"], linewidth=2, label="average of all histories")
        top.plot([], [], color=OKABE_ITO["grey"], linewidth=1, label="one history")
        top.plot(
            [], [], color=OKABE_ITO["orange"], linestyle="--", linewidth=1.5, label="average without the push"
        )
        top.plot(
            [], [], color=COLOURS["event"], linestyle=":", linewidth=1, label="reorganisation or new leader"
        )
        bottom.plot([], [], color=COLOURS["performance"], linewidth=2)
        bottom.plot([], [], color=OKABE_ITO["grey"], linewidth=1)
        bottom.plot([], [], color=COLOURS["event"], linestyle=":", linewidth=1)
        top.set_ylabel("Performance\n(index, start = 100)")
        bottom.set_ylabel("Capability\n(0 to 100)")
        bottom.set_xlabel("Years from start")
        for ax in axes:
            ax.yaxis.set_major_locator(MaxNLocator(4))
        fig.legend(
            handles=top.lines[:4], loc="upper center", ncol=2, frameon=True, framealpha=0.9, handlelength=1.6
        )
    top, bottom = fig.axes
    path = mean_path(results)
    one = results[results["run"] == run]
    x = path["year"].to_numpy()
    changes = one.loc[one["churn_events"] > 0, "year"].to_numpy()

    def markers(low, high):
        xs = np.repeat(changes, 3)
        ys = np.tile([low, high, np.nan], len(changes))
        xs[2::3] = np.nan
        return xs, ys

    from ..figures import steady_limits

    perf_lo, perf_hi = steady_limits(  # round steps: the axes change only now and then
        float(min(path["internal"].min(), one["performance"].min())) - 3,
        float(max(path["performance"].max(), one["performance"].max())) + 3,
        include=(80, 160),  # most settings fit in this range
    )
    top.lines[0].set_data(x, path["performance"])
    top.lines[1].set_data(one["year"], one["performance"])
    top.lines[2].set_data(x, path["internal"])
    top.lines[3].set_data(*markers(perf_lo, perf_hi))
    top.set_ylim(perf_lo, perf_hi)
    bottom.lines[0].set_data(x, path["capability"])
    bottom.lines[1].set_data(one["year"], one["capability"])
    bottom.lines[2].set_data(*markers(0, 100))
    bottom.set_ylim(0, 100)
    top.set_xlim(0, x[-1])
    stats = _stats(results)
    early = stats[f"performance after {EARLY_YEARS} years"]
    end = stats["performance at the end"]
    runs = results["run"].nunique()
    fig.axes[0].set_title(
        f"After {EARLY_YEARS} years: {early:.0f}; after {x[-1]:g} years: {end:.0f} (average of {runs})",
        fontsize=11,
        loc="left",
        pad=4,
    )
    alt = (
        f"Two line charts over {x[-1]:g} years. Top: a stylised performance index, 100 at the start, "
        f"averaged over {runs} simulated histories, reaches {early:.0f} after {EARLY_YEARS} years and "
        f"{end:.0f} at the end; {stats['push left at the end']:.1f} index points of the end value "
        f"come from the external push. Bottom: capability for improvement, from 0 to 100, "
        f"averages {stats['average capability']:.0f} and ends at {stats['capability at the end']:.0f}. "
        f"The one history drawn thinly has {_changes(len(changes))}, marked by dotted lines, each "
        f"cutting its capability."
    )
    return fig, alt


def _changes(n: int) -> str:
    plural = "s" if n != 1 else ""
    return f"{n} reorganisation{plural} or change{plural} of leader"


def render_improvement_capability(fig=None, seed: int = 2014, **params):
    """Simulate and plot in one call (what the explorer runs on every slider move)."""
    full = resolve(PARAMETERS, params)
    return plot_improvement_capability(simulate_improvement_capability(seed=seed, **full), fig=fig)


def improvement_capability_explorer(**values):
    """Sliders for training, churn, reset and push (others fixed at ``values``/defaults)."""
    from ..explorer import ModelExplorer

    start = resolve(PARAMETERS, values)
    return ModelExplorer(
        PARAMETERS,
        render_improvement_capability,
        start,
        shown=("training_pct", "churn_per_year", "reset_share", "push_pct", "push_half_life_years"),
    )


#: Line styles for the scenarios (colour is never the only cue).
_STYLES = ("-", "--", ":", "-.")


def plot_scenario_runs(runs: dict[str, pd.DataFrame]):
    """Average performance over time in each named scenario, one line each.

    ``runs`` is the output of :func:`simulate_scenarios`. Returns ``(fig, alt_text)``.
    """
    import matplotlib.pyplot as plt

    from ..style import OKABE_ITO, figure_size

    require_runs(PARAMETERS.model, runs)
    colours = [
        OKABE_ITO[c] for c in ("blue", "vermillion", "orange", "bluish_green", "reddish_purple", "black")
    ]
    fig, ax = plt.subplots(figsize=figure_size(4.4), layout="constrained")
    parts = []
    for i, (name, results) in enumerate(runs.items()):
        path = mean_path(results)
        ax.plot(
            path["year"],
            path["performance"],
            color=colours[i % len(colours)],
            linestyle=_STYLES[i % len(_STYLES)],
            linewidth=2,
            label=name,
        )
        stats = _stats(results)
        parts.append(
            f"{name}: {stats[f'performance after {EARLY_YEARS} years']:.0f} after {EARLY_YEARS} years "
            f"and {stats['performance at the end']:.0f} after {stats['years simulated']:g}"
        )
    ax.axhline(100, color=OKABE_ITO["grey"], linewidth=0.8)
    ax.set(xlabel="Years from start", ylabel="Performance (index, start = 100)")
    ax.set_xlim(0, None)
    ax.legend(loc="upper left", frameon=True, framealpha=0.9)
    alt = (
        "Line chart of a stylised performance index, 100 at the start, averaged over the simulated "
        "histories of each scenario. " + "; ".join(parts) + "."
    )
    return fig, alt


def plot_scenarios(table: pd.DataFrame):
    """Performance early on and at the end in each named scenario (pairs of bars).

    ``table`` is the output of :func:`compare_scenarios`. Returns ``(fig, alt_text)``.
    """
    import matplotlib.pyplot as plt

    from ..style import COLOURS, OKABE_ITO, figure_size

    early_col = f"performance after {EARLY_YEARS} years"
    require_table(
        PARAMETERS.model,
        table,
        (early_col, "performance at the end", "years simulated"),
        hint="For the quarterly runs of simulate_scenarios(), use plot_scenario_runs",
    )
    fig, ax = plt.subplots(figsize=figure_size(0.8 * len(table) + 1.6), layout="constrained")
    names = list(table.index)[::-1]
    y = np.arange(len(names))
    early = table.loc[names, early_col].astype(float).to_numpy()
    end = table.loc[names, "performance at the end"].astype(float).to_numpy()
    years = float(table["years simulated"].iloc[0])
    ax.barh(y + 0.2, early, height=0.38, color=OKABE_ITO["orange"], label=f"after {EARLY_YEARS} years")
    ax.barh(
        y - 0.2, end, height=0.38, color=COLOURS["performance"], hatch="//", label=f"after {years:g} years"
    )
    for yi in y:
        ax.text(early[yi] + 1, yi + 0.2, f"{early[yi]:.0f}", va="center")
        ax.text(end[yi] + 1, yi - 0.2, f"{end[yi]:.0f}", va="center")
    ax.axvline(100, color=COLOURS["event"], linewidth=0.8)
    ax.set_yticks(y, names)
    ax.set(xlim=(0, max(end.max(), early.max()) * 1.12), xlabel="Performance (index, start = 100)")
    ax.grid(axis="y", visible=False)
    fig.legend(loc="outside lower center", ncol=2)
    parts = [
        f"{name}: {float(table.loc[name, early_col]):.0f} after {EARLY_YEARS} years, "
        f"{float(table.loc[name, 'performance at the end']):.0f} after {years:g}"
        for name in table.index
    ]
    alt = (
        "Horizontal bar chart of a stylised performance index (100 at the start) in each scenario, "
        "early on and at the end. " + "; ".join(parts) + "."
    )
    return fig, alt


MODEL = Model(
    name="improvement_capability",
    chapter=6,
    title="Improvement capability from within",
    parameters=PARAMETERS,
    scenarios=SCENARIOS,
    simulate=simulate_improvement_capability,
    summarise=summarise_improvement_capability,
    compare_scenarios=compare_scenarios,
    plot=plot_improvement_capability,
    render=render_improvement_capability,
    plot_scenarios=plot_scenarios,
    explorer=improvement_capability_explorer,
    seed=2014,
    book_controls={
        "training_pct": (0.0, 15.0, 30.0),
        "churn_per_year": (0.1, 0.2, 0.5),
        "push_pct": (0.0, 15.0),
    },
)
