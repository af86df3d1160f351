"""Tampering with a stable process: Deming's funnel (chapter 7). A stylised model, not NHS data.

Illustrates the point statistical process control (SPC) teaches and the chapter's improvement
methods rest on: variation has common causes (the system) and special causes (something that
happened), and reacting to every point as if it were special makes a stable process worse.
W. Edwards Deming showed this with his "funnel experiment" (*Out of the Crisis*, 1986): marbles
dropped through a funnel at a target scatter around it; moving the funnel after each drop to
make up for the last miss makes the scatter larger, not smaller. The report's text on
improvement methods (Ham 2014, pp 28–30) was not available to the course; the model illustrates
the method, not a claim of the report.

Assumptions
-----------
- A process makes one measurement each period (for example, a monthly count or a time). The
  aim is a target value, written here as 0, so each result is its *deviation* from target.
- Each result is the process setting plus common-cause noise, normally distributed with
  standard deviation ``noise_sd``, independent from period to period.
- Optionally, a real special cause: from period ``shift_at`` the process moves by
  ``shift_size`` standard deviations and stays there (a new drug, a broken machine, a change
  in case mix) until someone corrects for it.
- Three managers run the same process with the same noise (common random numbers):
    * **leave alone** (Deming's rule 1): never adjust;
    * **adjust after every point** (rule 2): after each result, move the setting by ``gain``
      times the last deviation in the opposite direction;
    * **act only on signals**: adjust only when the last result is beyond ``signal_limit``
      standard deviations from target, or the last 7 results lie on the same side of it
      (the Making Data Count shift rule); then move the setting by minus the mean of the
      results since the last adjustment (at most the last 7).
- ``runs`` independent histories of ``periods`` periods are simulated; one is plotted.

With no real shift, adjusting after every point with gain ``g`` has a closed form: the spread
of results is ``noise_sd x sqrt(2 / (2 - g))`` (:func:`expected_sd_adjusting`), about 41% more
than leaving the process alone at full gain; the simulation reproduces it.

What it cannot show: what causes the variation, how long finding a special cause takes, costs
of adjusting, processes that drift steadily or are not independent from one period to the next
(such as seasonal series), or why people tamper (pressure to act on every bad month). All
values are illustrative.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..parameters import Parameter, Parameters, check_seed, resolve, scenario_table, validate
from .base import Model, require_table

STRATEGIES = ("leave alone", "adjust after every point", "act only on signals")
RUN_RULE = 7  # Making Data Count: 7 points on one side of the line is a shift

PARAMETERS = Parameters(
    "spc_tampering",
    Parameter(
        "noise_sd",
        "Common-cause variation",
        "units (sd)",
        0.5,
        3.0,
        1.0,
        0.1,
        "Standard deviation of the random, period-to-period variation built into the process.",
    ),
    Parameter(
        "gain",
        "Size of each adjustment",
        "share of last miss",
        0.1,
        1.0,
        1.0,
        0.05,
        "How much of the last deviation the manager who adjusts after every point corrects "
        "(1 = all of it, Deming's rule 2).",
    ),
    Parameter(
        "shift_size",
        "Real shift (special cause)",
        "sd",
        0.0,
        4.0,
        0.0,
        0.25,
        "Size of a lasting change in the process, in standard deviations of the noise (0 = none).",
    ),
    Parameter(
        "shift_at",
        "Period the shift starts",
        "period",
        10,
        90,
        50,
        1,
        "The period from which the real shift applies (when its size is above 0).",
        integer=True,
    ),
    Parameter(
        "signal_limit",
        "Signal limit",
        "sd",
        2.0,
        4.0,
        3.0,
        0.25,
        "A result this many standard deviations from target is treated as a signal "
        "(XmR process limits are about 3).",
    ),
    Parameter(
        "periods",
        "Periods",
        "periods",
        100,
        300,
        100,
        10,
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
        "Independent histories averaged over for the headline numbers.",
        integer=True,
    ),
)

#: Named scenarios pre-rendered in the book (all other parameters at their defaults).
SCENARIOS = {
    "Stable process": dict(shift_size=0.0),
    "Stable process, half-size adjustments": dict(shift_size=0.0, gain=0.5),
    "Real shift of 2 sd at period 50": dict(shift_size=2.0),
    "Small real shift of 1 sd": dict(shift_size=1.0),
}


def expected_sd_adjusting(noise_sd: float = 1.0, gain: float = 1.0) -> float:
    """Spread (sd) of results when a stable process is adjusted after every point by ``gain``."""
    p = validate(PARAMETERS, dict(noise_sd=noise_sd, gain=gain))
    return p["noise_sd"] * math.sqrt(2.0 / (2.0 - p["gain"]))


def _simulate_arrays(seed: int, p: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The simulation itself: ``(results, settings, adjusted)``, each strategy x run x period."""
    rng = np.random.default_rng(seed)
    runs, n, sd, g = p["runs"], p["periods"], p["noise_sd"], p["gain"]
    noise = sd * rng.standard_normal((runs, n))
    shift = np.where(np.arange(1, n + 1) >= p["shift_at"], p["shift_size"] * sd, 0.0)
    limit = p["signal_limit"] * sd

    results = np.empty((len(STRATEGIES), runs, n))
    settings = np.empty_like(results)
    adjusted = np.zeros(results.shape, dtype=bool)
    aim = np.zeros((len(STRATEGIES), runs))  # the manager's correction to the setting
    since = np.zeros(runs, dtype=int)  # results since the last adjustment (signals strategy)
    # running sums of the signals manager's last RUN_RULE results, for the run rule and the mean
    signs = np.zeros((runs, RUN_RULE), dtype=np.int8)
    recent = np.zeros((runs, RUN_RULE))
    for t in range(n):
        settings[:, :, t] = aim + shift[t]
        x = settings[:, :, t] + noise[:, t]
        results[:, :, t] = x
        # rule 2: move the setting against the last deviation
        aim[1] -= g * x[1]
        # act only on signals: a point beyond the limit, or 7 on one side since the last change
        since += 1
        slot = t % RUN_RULE
        signs[:, slot] = np.sign(x[2])
        recent[:, slot] = x[2]
        if t + 1 >= RUN_RULE:
            side = signs.sum(axis=1)
            run7 = (since >= RUN_RULE) & (np.abs(side) == RUN_RULE)
        else:
            run7 = np.zeros(runs, dtype=bool)
        signal = (np.abs(x[2]) > limit) | run7
        if signal.any():
            k = np.minimum(since, RUN_RULE)
            # mean of the last k results: the k most recent slots of the ring buffer
            age = (slot - np.arange(RUN_RULE)[None, :]) % RUN_RULE  # slot holding the result j periods ago
            taken = np.take_along_axis(recent, np.broadcast_to(age, recent.shape), axis=1)
            mask = np.arange(RUN_RULE)[None, :] < k[:, None]
            means = (taken * mask).sum(axis=1) / k
            aim[2, signal] -= means[signal]
            adjusted[2, signal, t] = True
            since[signal] = 0
    adjusted[1] = True
    return results, settings, adjusted


def simulate_spc_tampering(seed: int = 1986, **params) -> pd.DataFrame:
    """Simulate the three strategies on the same noise; one row per run, period and strategy.

    Parameters are those in :data:`PARAMETERS` (keyword arguments; defaults where omitted), plus
    ``seed`` (non-negative integer): the same inputs always give the same result.

    Columns: ``run``, ``period`` (1, 2, ...), ``strategy``, ``result`` (deviation from target),
    ``setting`` (where the process was aimed before the noise) and ``adjusted`` (the manager
    moved the setting after this result).
    """
    seed = check_seed(seed, PARAMETERS.model)
    p = resolve(PARAMETERS, params)
    results, settings, adjusted = _simulate_arrays(seed, p)
    runs, n = p["runs"], p["periods"]
    frame = pd.DataFrame(
        {
            "run": np.tile(np.repeat(np.arange(runs), n), len(STRATEGIES)),
            "period": np.tile(np.arange(1, n + 1), runs * len(STRATEGIES)),
            "strategy": pd.Categorical.from_codes(
                np.repeat(np.arange(len(STRATEGIES)), runs * n), categories=STRATEGIES
            ),
            "result": results.ravel(),
            "setting": settings.ravel(),
            "adjusted": adjusted.ravel(),
        }
    )
    return frame


def summarise_spc_tampering(results: pd.DataFrame, noise_sd: float = 1.0) -> pd.Series:
    """Headline numbers: for each strategy, the typical miss (root mean square deviation from
    target, over every period of every run) as a multiple of ``noise_sd`` and in the process's
    own units, and adjustments per 100 periods.

    The model is scale-free: changing ``noise_sd`` scales every result, so the multiples stay
    the same; the typical miss in units shows the setting was applied.
    """
    out = {}
    for name, rows in results.groupby("strategy", observed=True):
        rms = float(np.sqrt(np.mean(rows["result"].to_numpy() ** 2)))
        out[f"{name}: typical miss (x noise sd)"] = rms / noise_sd
        out[f"{name}: typical miss (units)"] = rms
        out[f"{name}: adjustments per 100 periods"] = 100 * float(rows["adjusted"].mean())
    return pd.Series(out)


def compare_scenarios(scenarios: dict | None = None, seed: int = 1986, **common) -> pd.DataFrame:
    """Summaries side by side for named scenarios (default :data:`SCENARIOS`).

    ``common`` settings apply to every scenario; one that a scenario sets itself is refused.
    """
    seed = check_seed(seed, PARAMETERS.model)

    def summarise(settings):
        full = resolve(PARAMETERS, settings)
        summary = summarise_spc_tampering(simulate_spc_tampering(seed=seed, **settings), full["noise_sd"])
        summary["formula: adjusting every point, stable process (x noise sd)"] = (
            expected_sd_adjusting(1.0, full["gain"]) if full["shift_size"] == 0 else float("nan")
        )
        return summary

    table = scenario_table(SCENARIOS if scenarios is None else scenarios, summarise, common, PARAMETERS)
    return table.astype(float)


_LOOKS = {
    "leave alone": dict(color="#7F7F7F", linestyle="-", marker="o"),
    "adjust after every point": dict(color="#D55E00", linestyle="--", marker="^"),
    "act only on signals": dict(color="#0072B2", linestyle="-", marker="D"),
}


def _build(fig):
    """Create the stacked panels and the artists that later redraws update in place."""
    from ..style import COLOURS, figure_size

    fig.clear()
    fig.set_size_inches(figure_size(6.0))
    axes = fig.subplots(len(STRATEGIES), 1, sharex=True, sharey=True)
    fig.subplots_adjust(left=0.11, right=0.98, top=0.94, bottom=0.17, hspace=0.5)
    art = dict(axes=axes, lines=[], hits=[], upper=[], lower=[], titles=[])
    for ax, name in zip(axes, STRATEGIES, strict=True):
        look = _LOOKS[name]
        (line,) = ax.plot([], [], color=look["color"], linestyle=look["linestyle"], linewidth=1.2)
        (hits,) = ax.plot([], [], "D", color=look["color"], markersize=6, label="manager adjusts")
        ax.axhline(0, color=COLOURS["event"], linewidth=1)
        art["upper"].append(ax.axhline(3, color=COLOURS["target"], linestyle="--", linewidth=1))
        art["lower"].append(ax.axhline(-3, color=COLOURS["target"], linestyle="--", linewidth=1))
        art["titles"].append(ax.set_title("", fontsize=11, loc="left", y=1.0))  # fixed y: no layout pass
        ax.grid(axis="x", visible=False)
        art["lines"].append(line)
        art["hits"].append(hits)
    axes[-1].set_xlabel("Period")
    axes[1].set_ylabel("Result minus target")
    fig.legend(
        handles=[art["hits"][-1], art["upper"][-1]],
        labels=["signals manager adjusts", "signal limits"],
        loc="lower center",
        ncol=2,
        fontsize=11,
    )
    fig._spc_tampering = art
    return art


def plot_spc_tampering(results: pd.DataFrame, noise_sd: float = 1.0, signal_limit: float = 3.0, fig=None):
    """One simulated history of each strategy, stacked, with the typical miss of each across
    all histories in the panel titles. Returns ``(fig, alt_text)``.

    Each panel shows the results of run 0 (deviation from target) with the target line and the
    signal limits (dashed); adjustments by the signals manager are marked. Pass the ``fig`` of
    an earlier call to redraw into it.
    """
    summary = summarise_spc_tampering(results, noise_sd)
    one = results[results["run"] == 0]
    first = [one[one["strategy"] == name] for name in STRATEGIES]
    return _draw(
        fig,
        periods=first[0]["period"].to_numpy(),
        results=np.array([rows["result"].to_numpy() for rows in first]),
        signals=first[2]["adjusted"].to_numpy(),
        misses=[summary[f"{name}: typical miss (x noise sd)"] for name in STRATEGIES],
        runs=results["run"].nunique(),
        noise_sd=noise_sd,
        signal_limit=signal_limit,
    )


def _draw(fig, periods, results, signals, misses, runs, noise_sd, signal_limit):
    """Draw run 0 of each strategy (``results``: strategy x period) into ``fig`` (made, or
    reused in place when it was drawn before) and write the alt text."""
    import matplotlib.pyplot as plt

    if fig is None:
        fig = plt.figure()
    art = getattr(fig, "_spc_tampering", None)
    if art is None or art["axes"][0] not in fig.axes:
        art = _build(fig)
    lim = signal_limit * noise_sd
    spread = max(float(np.abs(results).max()), 1.2 * lim)
    parts = []
    for i, name in enumerate(STRATEGIES):
        art["lines"][i].set_data(periods, results[i])
        hits = signals if name == "act only on signals" else np.zeros(len(periods), dtype=bool)
        art["hits"][i].set_data(periods[hits], results[i][hits])
        art["upper"][i].set_ydata([lim, lim])
        art["lower"][i].set_ydata([-lim, -lim])
        art["titles"][i].set_text(f"{name}: typical miss {misses[i]:.2f} x noise")
        parts.append(f"{name} {misses[i]:.2f}")
    art["axes"][0].set_xlim(0.5, periods.max() + 0.5)
    # whole multiples of the noise: the axes (slow to draw) change only now and then
    half = noise_sd * max(6, math.ceil(1.1 * spread / noise_sd))  # at least 6 sd: most settings
    art["axes"][0].set_ylim(-half, half)
    alt = (
        f"Three stacked line charts of one simulated history of {periods.max()} periods, one "
        "per strategy, showing each result's deviation from target with the target line and "
        f"dashed signal limits at plus and minus {signal_limit:g} noise standard deviations. "
        f"The manager who acts only on signals adjusted {int(signals.sum())} times in this history. "
        f"Typical miss (root mean square deviation from target, in multiples of the noise, "
        f"over {runs} histories): " + "; ".join(parts) + "."
    )
    return fig, alt


def render_spc_tampering(fig=None, seed: int = 1986, **params):
    """Simulate and plot in one call (what the explorer runs on every slider move).

    Draws the same figure as ``plot_spc_tampering(simulate_spc_tampering(...))`` straight from
    the simulation's arrays, without building the table (tests check they agree).
    """
    seed = check_seed(seed, PARAMETERS.model)
    full = resolve(PARAMETERS, params)
    results, _settings, adjusted = _simulate_arrays(seed, full)
    misses = np.sqrt(np.mean(results**2, axis=(1, 2))) / full["noise_sd"]
    return _draw(
        fig,
        periods=np.arange(1, full["periods"] + 1),
        results=results[:, 0],
        signals=adjusted[2, 0],
        misses=list(misses),
        runs=full["runs"],
        noise_sd=full["noise_sd"],
        signal_limit=full["signal_limit"],
    )


def spc_tampering_explorer(**values):
    """Sliders for the adjustment size, the real shift and the signal limit (others fixed)."""
    from ..explorer import ModelExplorer

    start = resolve(PARAMETERS, values)
    return ModelExplorer(
        PARAMETERS, render_spc_tampering, start, shown=("gain", "shift_size", "shift_at", "signal_limit")
    )


def plot_scenarios(table: pd.DataFrame):
    """Grouped bars: each strategy's typical miss in each named scenario.

    ``table`` is the output of :func:`compare_scenarios`. Returns ``(fig, alt_text)``.
    """
    import matplotlib.pyplot as plt

    from ..style import COLOURS, figure_size

    columns = tuple(f"{s}: typical miss (x noise sd)" for s in STRATEGIES)
    require_table(PARAMETERS.model, table, columns)
    fig, ax = plt.subplots(figsize=figure_size(5.0), layout="constrained")
    names = list(table.index)
    y = np.arange(len(names)) * (len(STRATEGIES) + 1.5)
    hatches = ("", "//", "")
    for i, (strategy, column) in enumerate(zip(STRATEGIES, columns, strict=True)):
        values = table[column].to_numpy(dtype=float)
        ax.barh(
            y + i,
            values,
            height=0.9,
            color=_LOOKS[strategy]["color"],
            hatch=hatches[i],
            edgecolor="white",
            label=strategy,
        )
        for yi, v in zip(y + i, values, strict=True):
            ax.text(v + 0.05, yi, f"{v:.2f}", va="center", fontsize=11)
    ax.axvline(1.0, color=COLOURS["event"], linestyle=":", linewidth=1)
    ax.set_yticks(y + 1.5, [n.replace(" of ", "\nof ").replace(", ", ",\n") for n in names])
    ax.invert_yaxis()
    ax.set_xlabel("Typical miss from target (multiples of the common-cause sd)")
    ax.set_xlim(0, float(table[list(columns)].to_numpy().max()) * 1.2)
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.4, -0.12), ncol=2)
    parts = [
        f"{name}: "
        + ", ".join(f"{s} {table.loc[name, c]:.2f}" for s, c in zip(STRATEGIES, columns, strict=True))
        for name in names
    ]
    alt = (
        "Grouped horizontal bar chart of the typical miss from target (root mean square, in "
        "multiples of the common-cause standard deviation) for three strategies in each scenario; "
        "a dotted line marks 1, the noise alone. " + "; ".join(parts) + "."
    )
    return fig, alt


MODEL = Model(
    name="spc_tampering",
    chapter=7,
    title="Tampering with a stable process (Deming's funnel)",
    parameters=PARAMETERS,
    scenarios=SCENARIOS,
    simulate=simulate_spc_tampering,
    summarise=summarise_spc_tampering,
    compare_scenarios=compare_scenarios,
    plot=plot_spc_tampering,
    render=render_spc_tampering,
    plot_scenarios=plot_scenarios,
    explorer=spc_tampering_explorer,
    seed=1986,
    book_controls={"gain": (0.25, 0.5, 1.0), "shift_size": (0.0, 1.0, 2.0, 3.0), "signal_limit": (2.0, 3.0)},
)
