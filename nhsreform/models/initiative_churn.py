"""Ministerial churn and improvement initiatives (chapter 1). A stylised model, not a forecast.

Illustrates the report's key message that "politics and policy work on different cycles"
(Ham 2014, p 3). The mechanism is this course's reading of that message, not the report's own
words: if improvement takes longer than ministers stay, and a new minister tends to drop a
predecessor's initiatives, most initiatives are abandoned before they pay off.

Assumptions
-----------
- Ministers follow one another without gaps. Each tenure is drawn from an exponential
  distribution with mean ``tenure_years``: a reshuffle is equally likely at any moment
  (real tenures are less random than this).
- Each new minister launches ``initiatives_per_minister`` initiatives on arrival.
- An initiative pays off once it has run for ``payoff_years`` without being stopped.
- At every change of minister each unfinished initiative survives, independently, with
  probability ``survival_chance``; otherwise it is abandoned at that change.
- Nothing else stops an initiative: no failure on its merits, no budget limits.

Under these assumptions the share of initiatives that pay off is
``exp(-(1 - survival_chance) * payoff_years / tenure_years)``
(:func:`expected_delivery_share`), which the simulation reproduces.

What it cannot show: whether an initiative was worth pursuing, partial benefits before the
pay-off point, or learning carried from one initiative to the next.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..parameters import Parameter, Parameters, check_seed, resolve, scenario_table, validate
from .base import Model, require_table

PARAMETERS = Parameters(
    "initiative_churn",
    Parameter(
        "tenure_years",
        "Minister's average tenure",
        "years",
        0.5,
        10.0,
        2.5,
        0.5,
        "Mean time a Secretary of State stays in post before a change.",
    ),
    Parameter(
        "payoff_years",
        "Time to pay off",
        "years",
        0.5,
        10.0,
        4.0,
        0.5,
        "How long an improvement initiative must run before it delivers.",
    ),
    Parameter(
        "survival_chance",
        "Survives a change of minister",
        "probability",
        0.0,
        1.0,
        0.3,
        0.05,
        "Chance that an unfinished initiative is kept by the next minister.",
    ),
    Parameter(
        "initiatives_per_minister",
        "Initiatives per minister",
        "initiatives",
        1,
        6,
        3,
        1,
        "New initiatives each minister launches on arrival.",
        integer=True,
    ),
    Parameter(
        "horizon_years",
        "Years simulated",
        "years",
        10,
        40,
        20,
        1,
        "Length of each simulated history.",
        integer=True,
    ),
    Parameter(
        "runs",
        "Simulated histories",
        "runs",
        1,
        2000,
        300,
        1,
        "Independent histories averaged over (more runs, steadier shares).",
        integer=True,
    ),
)

#: Named scenarios pre-rendered in the book (all other parameters at their defaults).
SCENARIOS = {
    "Frequent reshuffles": dict(tenure_years=1.5, survival_chance=0.3),
    "Typical churn": dict(tenure_years=2.5, survival_chance=0.3),
    "Long tenures": dict(tenure_years=6.0, survival_chance=0.3),
    "New settlement: initiatives outlast ministers": dict(tenure_years=2.5, survival_chance=0.8),
}

OUTCOMES = ("delivered", "abandoned", "still running")


def expected_delivery_share(tenure_years: float, payoff_years: float, survival_chance: float) -> float:
    """Share of initiatives that pay off, from the model's assumptions (no horizon cut-off)."""
    p = validate(
        PARAMETERS,
        dict(tenure_years=tenure_years, payoff_years=payoff_years, survival_chance=survival_chance),
    )
    return math.exp(-(1.0 - p["survival_chance"]) * p["payoff_years"] / p["tenure_years"])


def simulate_initiative_churn(seed: int = 2014, **params) -> pd.DataFrame:
    """Simulate initiatives under ministerial churn; one row per initiative.

    Parameters are those in :data:`PARAMETERS` (keyword arguments; defaults where omitted),
    plus ``seed`` (non-negative integer) so that the same inputs always give the same result.

    Columns: ``run``, ``minister`` (1 = first in that run), ``launched_year``,
    ``payoff_year`` (when it would pay off), ``ended_year`` (when it delivered, was abandoned or
    the simulation stopped), ``outcome`` (delivered / abandoned / still running) and
    ``years_invested``. Times are in years from the start of the run.
    """
    seed = check_seed(seed, PARAMETERS.model)
    p = resolve(PARAMETERS, params)
    rng = np.random.default_rng(seed)
    runs, horizon, k = p["runs"], p["horizon_years"], p["initiatives_per_minister"]
    tenure, payoff, keep = p["tenure_years"], p["payoff_years"], p["survival_chance"]

    # Start times of successive ministers, enough of them to pass horizon + payoff in every run.
    n = int(3 * (horizon + payoff) / tenure) + 10
    while True:
        starts = np.cumsum(rng.exponential(tenure, size=(runs, n)), axis=1)
        starts = np.hstack([np.zeros((runs, 1)), starts[:, :-1]])
        if (starts[:, -1] > horizon + payoff).all():
            break
        n *= 2

    run_idx, minister_idx = np.nonzero(starts < horizon)
    run_idx = np.repeat(run_idx, k)
    minister_idx = np.repeat(minister_idx, k)
    launched = starts[run_idx, minister_idx]
    due = launched + payoff

    # Changes of minister an initiative meets before it pays off: starts strictly inside (launch, due).
    # (Rows are sorted; offsetting each run by more than its span lets one searchsorted do all runs.)
    span = starts[:, -1].max() + payoff + 1.0
    flat = (starts + span * np.arange(runs)[:, None]).ravel()
    below_due = np.searchsorted(flat, due + span * run_idx, side="left") - n * run_idx
    changes_before_due = below_due - (minister_idx + 1)
    # The change at which it would be dropped: geometric count of changes (1 = the first one).
    if keep >= 1.0:
        fatal = np.full(launched.shape, np.iinfo(np.int64).max)
    else:
        fatal = rng.geometric(1.0 - keep, size=launched.shape)
    dropped = fatal <= changes_before_due
    drop_time = starts[run_idx, np.minimum(minister_idx + np.where(dropped, fatal, 0), n - 1)]
    ended = np.where(dropped, drop_time, due)

    outcome = np.where(ended > horizon, "still running", np.where(dropped, "abandoned", "delivered"))
    ended = np.minimum(ended, horizon)
    return pd.DataFrame(
        {
            "run": run_idx,
            "minister": minister_idx + 1,
            "launched_year": launched,
            "payoff_year": due,
            "ended_year": ended,
            "outcome": pd.Categorical(outcome, categories=OUTCOMES),
            "years_invested": ended - launched,
        }
    )


def summarise_initiative_churn(results: pd.DataFrame, horizon_years: float) -> pd.Series:
    """Headline numbers for one simulation.

    The shares count only initiatives whose fate is known by the end of the run (their pay-off
    date falls within ``horizon_years``), so late launches do not bias them.
    """
    # With plain arrays (the explorer summarises on every slider move); the same numbers as the
    # table operations (counts, a largest value per run and one sum), in a fraction of the time.
    outcome = pd.Categorical(results["outcome"], categories=OUTCOMES).codes
    known = results["payoff_year"].to_numpy() <= horizon_years
    delivered, abandoned_n, _ = np.bincount(outcome[known], minlength=len(OUTCOMES))
    finished = delivered + abandoned_n
    run = results["run"].to_numpy()
    order = np.argsort(run, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(run[order]) != 0])
    runs = len(starts)
    ministers = np.maximum.reduceat(results["minister"].to_numpy()[order], starts)
    invested = results["years_invested"].to_numpy()[outcome == OUTCOMES.index("abandoned")]
    return pd.Series(
        {
            "initiatives launched per run": len(results) / runs,
            "ministers per run": float(ministers.mean()),
            "share delivered": delivered / finished if finished else float("nan"),
            "share abandoned": abandoned_n / finished if finished else float("nan"),
            "years invested in abandoned initiatives per run": invested.sum() / runs,
        }
    )


def compare_scenarios(scenarios: dict | None = None, seed: int = 2014, **common) -> pd.DataFrame:
    """Summaries side by side for named scenarios (default :data:`SCENARIOS`).

    ``common`` settings apply to every scenario; one that a scenario sets itself is refused.
    """
    seed = check_seed(seed, PARAMETERS.model)

    def summarise(settings):
        full = resolve(PARAMETERS, settings)
        results = simulate_initiative_churn(seed=seed, **settings)
        summary = summarise_initiative_churn(results, full["horizon_years"])
        summary["expected share delivered (formula)"] = expected_delivery_share(
            full["tenure_years"], full["payoff_years"], full["survival_chance"]
        )
        return summary

    return scenario_table(SCENARIOS if scenarios is None else scenarios, summarise, common, PARAMETERS)


def plot_initiative_churn(results: pd.DataFrame, horizon_years: float, run: int = 0, fig=None):
    """Timeline of one simulated history, titled with the shares across all histories.

    Returns ``(fig, alt_text)``. Each initiative of history ``run`` is a bar from launch to end
    (solid = delivered, outlined = abandoned, grey = still running), with a dotted line at every
    change of minister. Pass the ``fig`` of an earlier call to redraw into it quickly.
    """
    import matplotlib.pyplot as plt
    from matplotlib.collections import PolyCollection

    from ..style import COLOURS, figure_size

    if fig is None:
        fig = plt.figure(figsize=figure_size(4.4))
    if len(fig.axes) == 1:  # redraw into the same axes: much faster than building new ones
        ax = fig.axes[0]
        for artist in [*ax.collections, *ax.texts]:
            artist.remove()
    else:
        fig.clear()
        fig.set_size_inches(figure_size(4.4))
        ax = fig.add_subplot()
        fig.subplots_adjust(left=0.06, right=0.96, bottom=0.13, top=0.86)
    one = results[results["run"] == run].reset_index(drop=True)
    looks = {
        "delivered": dict(facecolors=COLOURS["delivered"]),
        "abandoned": dict(facecolors="white", edgecolors=COLOURS["abandoned"]),
        "still running": dict(facecolors=COLOURS["running"], alpha=0.5),
    }
    for outcome, look in looks.items():  # one collection per outcome: fast to redraw
        rows = one[one["outcome"] == outcome]
        x0, x1, y = rows["launched_year"].to_numpy(), rows["ended_year"].to_numpy(), rows.index.to_numpy()
        boxes = np.stack(
            [
                np.column_stack([x0, y - 0.4]),
                np.column_stack([x1, y - 0.4]),
                np.column_stack([x1, y + 0.4]),
                np.column_stack([x0, y + 0.4]),
            ],
            axis=1,
        )
        ax.add_collection(PolyCollection(boxes, linewidths=1, label=outcome, **look))
    changes = one.groupby("minister")["launched_year"].first().iloc[1:]
    ax.vlines(
        changes,
        -0.5,
        len(one) - 0.5,
        colors=COLOURS["event"],
        linestyles=":",
        linewidth=1,
        label="new minister",
    )

    summary = summarise_initiative_churn(results, horizon_years)
    delivered_share, abandoned_share = summary["share delivered"], summary["share abandoned"]
    runs = results["run"].nunique()
    ax.set(
        xlim=(0, horizon_years),
        ylim=(5 * math.ceil(len(one) / 5) - 0.5, -0.5),  # in steps of 5: the axes change less often
        xlabel="Years from start",
        ylabel="Initiatives",
        yticks=[],
        title=(
            f"One simulated history. Across all {runs} histories:\n"
            f"{100 * delivered_share:.0f}% of initiatives delivered, "
            f"{100 * abandoned_share:.0f}% abandoned"
        ),
    )
    ax.grid(False)
    if ax.get_legend() is None:  # made once and kept: the explorer then redraws it from its pixels
        ax.legend(loc="lower left", framealpha=0.9, frameon=True)

    delivered = (one["outcome"] == "delivered").sum()
    abandoned = (one["outcome"] == "abandoned").sum()
    alt = (
        f"Timeline of {len(one)} initiatives launched by {one['minister'].max()} successive "
        f"ministers over {horizon_years:g} years: {delivered} delivered, {abandoned} abandoned "
        f"at a change of minister, {len(one) - delivered - abandoned} still running at the end. "
        f"Across all {runs} simulated histories, "
        f"{100 * delivered_share:.0f}% of initiatives whose fate is known were delivered and "
        f"{100 * abandoned_share:.0f}% abandoned."
    )
    return fig, alt


def render_initiative_churn(fig=None, seed: int = 2014, **params):
    """Simulate and plot in one call (what the explorer runs on every slider move)."""
    full = resolve(PARAMETERS, params)
    results = simulate_initiative_churn(seed=seed, **full)
    return plot_initiative_churn(results, full["horizon_years"], fig=fig)


def initiative_churn_explorer(**values):
    """Sliders for tenure, pay-off time and survival chance (others fixed at ``values``/defaults)."""
    from ..explorer import ModelExplorer

    start = resolve(PARAMETERS, values)
    return ModelExplorer(
        PARAMETERS,
        render_initiative_churn,
        start,
        shown=("tenure_years", "payoff_years", "survival_chance", "initiatives_per_minister"),
    )


def plot_scenarios(table: pd.DataFrame):
    """Bar chart of the share of initiatives delivered in each named scenario.

    ``table`` is the output of :func:`compare_scenarios`. Returns ``(fig, alt_text)``.
    """
    import matplotlib.pyplot as plt

    from ..style import COLOURS, figure_size

    require_table(PARAMETERS.model, table, ("share delivered", "expected share delivered (formula)"))
    fig, ax = plt.subplots(figsize=figure_size(3.6), layout="constrained")
    names = list(table.index)[::-1]
    sim = 100 * table.loc[names, "share delivered"]
    formula = 100 * table.loc[names, "expected share delivered (formula)"]
    ax.barh(names, sim, color=COLOURS["delivered"], label="simulated")
    ax.plot(formula, names, "D", color=COLOURS["event"], label="formula")
    for y, (v, f) in enumerate(zip(sim, formula, strict=True)):
        ax.text(max(v, f) + 3, y, f"{v:.0f}%", va="center")
    ax.set(xlim=(0, 100), xlabel="% of initiatives delivered before being dropped")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper right")  # beside the shortest bar, clear of the data
    parts = [f"{n}: {v:.0f}%" for n, v in zip(table.index, 100 * table["share delivered"], strict=True)]
    alt = (
        "Horizontal bar chart of the share of improvement initiatives delivered in each "
        "scenario, with the formula's value marked by a diamond beside each bar. " + "; ".join(parts) + "."
    )
    return fig, alt


MODEL = Model(
    name="initiative_churn",
    chapter=1,
    title="Ministerial churn and improvement initiatives",
    parameters=PARAMETERS,
    scenarios=SCENARIOS,
    simulate=simulate_initiative_churn,
    summarise=summarise_initiative_churn,
    compare_scenarios=compare_scenarios,
    plot=plot_initiative_churn,
    render=render_initiative_churn,
    plot_scenarios=plot_scenarios,
    explorer=initiative_churn_explorer,
    seed=2014,
    book_controls={"tenure_years": (1.5, 2.5, 4.0, 6.0, 8.0), "survival_chance": (0.0, 0.3, 0.6, 0.9)},
)
