"""Leadership continuity: what happens to an improvement programme's know-how when its leader
leaves, if that know-how sits with one person or is spread across many (chapter 11). A stylised
model, not a forecast.

Illustrates the argument behind the report's chapter 9, "Leading NHS reform and improvement"
(pp 44–46), as the King's Fund's pages and the launch press release (a third-party copy)
summarise the report: a move from "heroic" pace-setting leadership (the press release's wording,
about the report as a whole) to leadership that is collective and distributed, and the value of
leadership continuity that the Fund's key findings see in high-performing organisations. The
mechanism below is this course's reading of that argument, not the report's own model.

Assumptions
-----------
- Time runs in quarters. A programme's **know-how** (how to run its improvement work: methods,
  relationships, what has been tried) is an index from 0 (none) to 100 (all it could use). It
  starts at 0, and each year the programme builds :data:`BUILD_PCT_PER_YEAR` per cent of what it
  still lacks.
- A share ``leader_share_pct`` of the new know-how sits with the **leader** alone; the rest is
  **shared** by the team.
- Each year the leader passes a share ``spread_pct_per_year`` of what they alone hold to others
  (coaching, writing it down, developing clinical and managerial leaders around them).
- Shared know-how erodes as staff leave: ``staff_loss_pct_per_year`` per cent a year.
- The leader leaves at random, on average every ``leader_tenure_years`` years (a Poisson process,
  as in chapter 1's model of ministers). At each departure ``loss_on_departure_pct`` per cent of
  what the leader alone held is lost; the rest is handed over to the team. A successor starts
  with nothing of their own and builds from there.
- Nothing else changes know-how: no change of direction by the successor, no reorganisation, no
  budget, no noise besides the timing of departures.

With ``loss_on_departure_pct = 0`` and ``staff_loss_pct_per_year = 0``, know-how after ``t`` years
is ``100 * (1 - (1 - BUILD_PCT_PER_YEAR / 100) ** t)`` whoever holds it
(:func:`know_how_without_losses`), which the simulation reproduces.

What it cannot show: whether distributed leadership spreads know-how in practice (the model
assumes it through ``spread_pct_per_year``); the real sizes of any parameter, which no source
used by the course measures; why leaders leave (here departures are random, but poor results
may drive them, which the chapter's data cannot rule out); a successor who changes direction or
brings know-how of their own; and whether more know-how means better care. All parameter values
are illustrative.
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

#: Share of the know-how it still lacks that a programme builds each year (per cent).
BUILD_PCT_PER_YEAR = 20.0
#: Steps per year (quarters).
STEPS_PER_YEAR = 4
#: Percentiles of the band drawn around the average (across simulated histories).
BAND = (10, 90)

PARAMETERS = Parameters(
    "leadership_continuity",
    Parameter(
        "leader_share_pct",
        "Know-how held by the leader alone",
        "% of new know-how",
        0.0,
        100.0,
        60.0,
        5.0,
        "Share of the know-how the programme builds that sits with its leader alone, not with the team.",
    ),
    Parameter(
        "leader_tenure_years",
        "Average leader tenure",
        "years",
        0.5,
        15.0,
        3.0,
        0.5,
        "Average time a leader stays before leaving (departures are random, at this average rate).",
    ),
    Parameter(
        "spread_pct_per_year",
        "Know-how spread by the leader",
        "% a year",
        0.0,
        50.0,
        10.0,
        1.0,
        "Share of what the leader alone holds that they pass to others each year (coaching, "
        "writing down, developing other leaders).",
    ),
    Parameter(
        "loss_on_departure_pct",
        "Lost when the leader leaves",
        "% of the leader's own know-how",
        0.0,
        100.0,
        80.0,
        5.0,
        "Share of what the leader alone holds that is lost when they leave; the rest is handed over.",
    ),
    Parameter(
        "staff_loss_pct_per_year",
        "Shared know-how lost to staff turnover",
        "% a year",
        0.0,
        30.0,
        5.0,
        1.0,
        "Share of the team's shared know-how lost each year as staff leave.",
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
        "Independent histories (different timings of departures) summarised.",
        integer=True,
    ),
)

#: Named scenarios pre-rendered in the book (all other parameters at their defaults).
SCENARIOS = {
    "Heroic leader, short tenure": dict(
        leader_share_pct=80.0, leader_tenure_years=2.0, spread_pct_per_year=5.0
    ),
    "Heroic leader, long tenure": dict(
        leader_share_pct=80.0, leader_tenure_years=8.0, spread_pct_per_year=5.0
    ),
    "Distributed leadership": dict(leader_share_pct=20.0, leader_tenure_years=8.0, spread_pct_per_year=30.0),
    "Distributed, with churn": dict(leader_share_pct=20.0, leader_tenure_years=2.0, spread_pct_per_year=30.0),
}


def know_how_without_losses(years: float) -> float:
    """Know-how after ``years`` when nothing is ever lost (closed form; who holds it does not matter)."""
    if isinstance(years, bool) or not (
        isinstance(years, (int, float, np.integer, np.floating)) and 0 <= years < float("inf")
    ):
        raise ValueError(f"{PARAMETERS.model}: years must be a finite number of 0 or more; got {years!r}")
    return 100.0 * (1.0 - (1.0 - BUILD_PCT_PER_YEAR / 100.0) ** years)


def departure_chance(years: float, leader_tenure_years: float) -> float:
    """Chance that a leader leaves within ``years`` (closed form of the Poisson process)."""
    p = validate(PARAMETERS, dict(leader_tenure_years=leader_tenure_years))
    if isinstance(years, bool) or not (
        isinstance(years, (int, float, np.integer, np.floating)) and 0 <= years < float("inf")
    ):
        raise ValueError(f"{PARAMETERS.model}: years must be a finite number of 0 or more; got {years!r}")
    return 1.0 - float(np.exp(-years / p["leader_tenure_years"]))


def _paths(p: dict, rng) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Leader-held and shared know-how, departures and know-how lost: arrays (runs, steps + 1)."""
    runs, steps = p["runs"], p["horizon_years"] * STEPS_PER_YEAR
    dt = 1.0 / STEPS_PER_YEAR
    departures = rng.poisson(dt / p["leader_tenure_years"], size=(runs, steps + 1))
    departures[:, 0] = 0
    build = 1.0 - (1.0 - BUILD_PCT_PER_YEAR / 100.0) ** dt
    spread = 1.0 - (1.0 - p["spread_pct_per_year"] / 100.0) ** dt
    staff_keep = (1.0 - p["staff_loss_pct_per_year"] / 100.0) ** dt
    kept_at_departure = (1.0 - p["loss_on_departure_pct"] / 100.0) ** departures
    share = p["leader_share_pct"] / 100.0

    leader = np.zeros((runs, steps + 1))
    shared = np.zeros((runs, steps + 1))
    lost = np.zeros((runs, steps + 1))
    for k in range(1, steps + 1):
        own, team = leader[:, k - 1], shared[:, k - 1]
        # Departures first: part of the leader's own know-how is lost, the rest handed over.
        gone = departures[:, k] > 0
        kept = own * kept_at_departure[:, k]
        lost[:, k] = own - kept
        team = team + np.where(gone, kept, 0.0)
        own = np.where(gone, 0.0, own)
        # Then a quarter's building, spreading and staff turnover.
        new = build * (100.0 - own - team)
        own = own + share * new
        team = team + (1.0 - share) * new
        moved = spread * own
        leader[:, k] = own - moved
        shared[:, k] = (team + moved) * staff_keep
    return leader, shared, departures, lost


def simulate_leadership_continuity(seed: int = 2014, **params) -> pd.DataFrame:
    """Simulate know-how quarter by quarter; one row per run and quarter.

    Parameters are those in :data:`PARAMETERS` (keyword arguments; defaults where omitted),
    plus ``seed`` (non-negative integer) so that the same inputs always give the same result.

    Columns: ``run``, ``year`` (years from the start, in quarters), ``leader`` (know-how held by
    the leader alone), ``shared`` (held by the team), ``know_how`` (``leader + shared``, 0–100),
    ``departures`` (leaders leaving in that quarter) and ``lost`` (know-how lost at them).
    """
    seed = check_seed(seed, PARAMETERS.model)
    p = resolve(PARAMETERS, params)
    leader, shared, departures, lost = _paths(p, np.random.default_rng(seed))
    runs, width = leader.shape
    years = np.arange(width) / STEPS_PER_YEAR
    return pd.DataFrame(
        {
            "run": np.repeat(np.arange(runs), width),
            "year": np.tile(years, runs),
            "leader": leader.ravel(),
            "shared": shared.ravel(),
            "know_how": (leader + shared).ravel(),
            "departures": departures.ravel(),
            "lost": lost.ravel(),
        }
    )


def _grid(results: pd.DataFrame, column: str) -> np.ndarray:
    """``column`` as an array (runs, quarters); the results are in run, then year, order."""
    runs = int(results["run"].max()) + 1
    return results[column].to_numpy().reshape(runs, -1)


def mean_path(results: pd.DataFrame) -> pd.DataFrame:
    """Average over runs for each quarter, with the :data:`BAND` percentiles of know-how."""
    know = _grid(results, "know_how")
    low, high = np.percentile(know, BAND, axis=0)
    return pd.DataFrame(
        {
            "year": _grid(results, "year")[0],
            "know_how": know.mean(axis=0),
            "leader": _grid(results, "leader").mean(axis=0),
            "shared": _grid(results, "shared").mean(axis=0),
            "low": low,
            "high": high,
        }
    )


def _stats(results: pd.DataFrame) -> dict:
    know = _grid(results, "know_how")
    leader = _grid(results, "leader")
    runs = know.shape[0]
    end = float(results["year"].iloc[-1])
    held = float(leader[:, -1].mean() / know[:, -1].mean()) if know[:, -1].mean() > 0 else 0.0
    return {
        "know-how at the end": float(know[:, -1].mean()),
        "know-how at the end, worst 10%": float(np.percentile(know[:, -1], BAND[0])),
        "average know-how": float(know.mean()),
        "share held by the leader at the end": 100.0 * held,
        "departures per history": float(results["departures"].sum() / runs),
        "know-how lost per history": float(results["lost"].sum() / runs),
        "years simulated": end,
    }


def summarise_leadership_continuity(results: pd.DataFrame) -> pd.Series:
    """Headline numbers for one simulation.

    Know-how is an index from 0 to 100; "worst 10%" is the 10th percentile across histories at
    the end; the share held by the leader is a percentage of the average know-how at the end.
    """
    return pd.Series(_stats(results))


def compare_scenarios(scenarios: dict | None = None, seed: int = 2014, **common) -> pd.DataFrame:
    """Summaries side by side for named scenarios (default :data:`SCENARIOS`).

    ``common`` settings apply to every scenario; one that a scenario sets itself is refused.
    """
    seed = check_seed(seed, PARAMETERS.model)

    def summarise(settings):
        return summarise_leadership_continuity(simulate_leadership_continuity(seed=seed, **settings))

    return scenario_table(SCENARIOS if scenarios is None else scenarios, summarise, common, PARAMETERS)


def simulate_scenarios(scenarios: dict | None = None, seed: int = 2014, **common) -> dict[str, pd.DataFrame]:
    """The quarterly results of each named scenario (for :func:`plot_scenario_runs`).

    Settings as for :func:`compare_scenarios`.
    """
    seed = check_seed(seed, PARAMETERS.model)
    chosen = SCENARIOS if scenarios is None else scenarios
    run = functools.partial(simulate_leadership_continuity, seed=seed)
    return scenario_runs(chosen, run, common, PARAMETERS)


# --------------------------------------------------------------------------------------------
# Figures


def _departures_text(n: int) -> str:
    return f"{n} departure{'s' if n != 1 else ''} of the leader"


def plot_leadership_continuity(results: pd.DataFrame, run: int = 0, fig=None):
    """Know-how over time, and how much of it the leader alone holds, in one panel.

    Shows the average know-how over all histories (solid), the band between the 10th and 90th
    percentiles (shaded), one history, ``run`` (thin), whose departures of the leader are marked
    with dotted lines, and the average know-how held by the leader alone (dashed). Returns
    ``(fig, alt_text)``. Pass the ``fig`` of an earlier call to redraw into it quickly.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    from ..style import COLOURS, OKABE_ITO, figure_size

    if run not in set(results["run"].unique()):
        raise ValueError(f"{PARAMETERS.model}.plot: run {run!r} is not in the results")
    if fig is None:
        fig = plt.figure(figsize=figure_size(3.8))
    if len(fig.axes) != 1:  # build once; later calls only update the data
        fig.clear()
        fig.set_size_inches(figure_size(3.8))
        ax = fig.subplots()
        fig.subplots_adjust(left=0.09, right=0.98, bottom=0.14, top=0.79)
        ax.plot([], [], color=COLOURS["performance"], linewidth=2, label="average")
        ax.plot([], [], color=OKABE_ITO["grey"], linewidth=1, label="one history")
        ax.plot([], [], color=COLOURS["event"], linestyle=":", linewidth=1, label="leader leaves")
        ax.plot([], [], color=OKABE_ITO["vermillion"], linestyle="--", linewidth=2, label="leader alone")
        band = plt.Rectangle((0, 0), 1, 1, color=OKABE_ITO["sky_blue"], alpha=0.5)
        # A frameless figure legend above the axes: readable, and quick to redraw on each move.
        fig.legend(
            handles=[*ax.lines[:4], band],
            labels=[*(line.get_label() for line in ax.lines[:4]), f"{BAND[0]}th–{BAND[1]}th percentile"],
            loc="upper left",
            bbox_to_anchor=(0.07, 1.0),
            ncol=3,
            frameon=False,
            handlelength=1.6,
        )
        ax.set(xlabel="Years from start", ylabel="Know-how (0 to 100)", ylim=(0, 100))
        ax.set_yticks([0, 50, 100])
        ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
    ax = fig.axes[0]
    path = mean_path(results)
    one = results[results["run"] == run]
    x = path["year"].to_numpy()
    changes = one.loc[one["departures"] > 0, "year"].to_numpy()
    xs = np.repeat(changes, 3)
    xs[2::3] = np.nan
    ys = np.tile([0.0, 100.0, np.nan], len(changes))
    for coll in list(ax.collections):
        coll.remove()
    ax.fill_between(x, path["low"], path["high"], color=OKABE_ITO["sky_blue"], alpha=0.5, linewidth=0)
    ax.lines[0].set_data(x, path["know_how"])
    ax.lines[1].set_data(one["year"], one["know_how"])
    ax.lines[2].set_data(xs, ys)
    ax.lines[3].set_data(x, path["leader"])
    ax.set_xlim(0, x[-1])
    stats = _stats(results)
    runs = results["run"].nunique()
    alt = (
        f"Line chart over {x[-1]:g} years from a stylised model. An improvement programme's "
        f"know-how, from 0 to 100, averaged over {runs} simulated histories, ends at "
        f"{stats['know-how at the end']:.0f}, with the worst tenth of histories at or below "
        f"{stats['know-how at the end, worst 10%']:.0f}; its average over the years is "
        f"{stats['average know-how']:.0f}. The one history drawn thinly has "
        f"{_departures_text(len(changes))}, marked by dotted lines. Leaders leave "
        f"{stats['departures per history']:.1f} times per history on average, taking "
        f"{stats['know-how lost per history']:.0f} points of know-how in all. A dashed line shows the "
        f"know-how held by the leader alone: at the end {stats['share held by the leader at the end']:.0f}% "
        f"of the total, the rest shared by the team."
    )
    return fig, alt


def render_leadership_continuity(fig=None, seed: int = 2014, **params):
    """Simulate and plot in one call (what the explorer runs on every slider move)."""
    full = resolve(PARAMETERS, params)
    return plot_leadership_continuity(simulate_leadership_continuity(seed=seed, **full), fig=fig)


def leadership_continuity_explorer(**values):
    """Sliders for the leader's share, tenure, spreading and losses (others at ``values``/defaults)."""
    from ..explorer import ModelExplorer

    start = resolve(PARAMETERS, values)
    return ModelExplorer(
        PARAMETERS,
        render_leadership_continuity,
        start,
        shown=(
            "leader_share_pct",
            "leader_tenure_years",
            "spread_pct_per_year",
            "loss_on_departure_pct",
            "staff_loss_pct_per_year",
        ),
    )


#: Line styles for the scenarios (colour is never the only cue).
_STYLES = ("-", "--", ":", "-.")


def plot_scenario_runs(runs: dict[str, pd.DataFrame]):
    """Average know-how over time in each named scenario, one line each.

    ``runs`` is the output of :func:`simulate_scenarios`. Returns ``(fig, alt_text)``.
    """
    import matplotlib.pyplot as plt

    from ..style import OKABE_ITO, figure_size

    require_runs(PARAMETERS.model, runs)
    colours = [
        OKABE_ITO[c] for c in ("vermillion", "blue", "bluish_green", "orange", "reddish_purple", "black")
    ]
    fig, ax = plt.subplots(figsize=figure_size(4.4), layout="constrained")
    parts = []
    for i, (name, results) in enumerate(runs.items()):
        path = mean_path(results)
        ax.plot(
            path["year"],
            path["know_how"],
            color=colours[i % len(colours)],
            linestyle=_STYLES[i % len(_STYLES)],
            linewidth=2,
            label=name,
        )
        stats = _stats(results)
        parts.append(
            f"{name}: {stats['know-how at the end']:.0f} at the end "
            f"(worst 10%: {stats['know-how at the end, worst 10%']:.0f})"
        )
    ax.set(xlabel="Years from start", ylabel="Know-how (0 to 100), average", ylim=(0, 100))
    ax.set_xlim(0, None)
    ax.legend(loc="lower right", frameon=True, framealpha=0.9)
    alt = (
        "Line chart of a stylised improvement programme's know-how, from 0 to 100, averaged over the "
        "simulated histories of each scenario. " + "; ".join(parts) + "."
    )
    return fig, alt


def plot_scenarios(table: pd.DataFrame):
    """Know-how at the end in each named scenario: the average and the worst 10% (pairs of bars).

    ``table`` is the output of :func:`compare_scenarios`. Returns ``(fig, alt_text)``.
    """
    import matplotlib.pyplot as plt

    from ..style import COLOURS, OKABE_ITO, figure_size

    worst = "know-how at the end, worst 10%"
    require_table(
        PARAMETERS.model,
        table,
        ("know-how at the end", worst, "years simulated"),
        hint="For the quarterly runs of simulate_scenarios(), use plot_scenario_runs",
    )
    fig, ax = plt.subplots(figsize=figure_size(0.8 * len(table) + 1.6), layout="constrained")
    names = list(table.index)[::-1]
    y = np.arange(len(names))
    mean = table.loc[names, "know-how at the end"].astype(float).to_numpy()
    low = table.loc[names, worst].astype(float).to_numpy()
    years = float(table["years simulated"].iloc[0])
    ax.barh(y + 0.2, mean, height=0.38, color=COLOURS["performance"], label="average")
    ax.barh(y - 0.2, low, height=0.38, color=OKABE_ITO["orange"], hatch="//", label="worst 10% of histories")
    for yi in y:
        ax.text(mean[yi] + 1, yi + 0.2, f"{mean[yi]:.0f}", va="center")
        ax.text(low[yi] + 1, yi - 0.2, f"{low[yi]:.0f}", va="center")
    ax.set_yticks(y, names)
    ax.set(xlim=(0, 112), xlabel=f"Know-how after {years:g} years (0 to 100)")
    ax.grid(axis="y", visible=False)
    fig.legend(loc="outside lower center", ncol=2)
    parts = [
        f"{name}: {float(table.loc[name, 'know-how at the end']):.0f} on average, "
        f"{float(table.loc[name, worst]):.0f} in the worst 10%"
        for name in table.index
    ]
    alt = (
        f"Horizontal bar chart of a stylised improvement programme's know-how (0 to 100) after "
        f"{years:g} years in each scenario. " + "; ".join(parts) + "."
    )
    return fig, alt


MODEL = Model(
    name="leadership_continuity",
    chapter=11,
    title="Leadership continuity and where know-how sits",
    parameters=PARAMETERS,
    scenarios=SCENARIOS,
    simulate=simulate_leadership_continuity,
    summarise=summarise_leadership_continuity,
    compare_scenarios=compare_scenarios,
    plot=plot_leadership_continuity,
    render=render_leadership_continuity,
    plot_scenarios=plot_scenarios,
    explorer=leadership_continuity_explorer,
    seed=2014,
    book_controls={
        "leader_share_pct": (20.0, 60.0, 80.0),
        "leader_tenure_years": (2.0, 3.0, 8.0),
        "spread_pct_per_year": (5.0, 10.0, 30.0),
    },
)
