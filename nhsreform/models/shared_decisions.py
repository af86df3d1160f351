"""Supplier habit against informed patient preference (chapter 10).

A stylised model, not a forecast and not evidence about the real NHS.

Illustrates an idea the course sets beside the report's chapter 8, "The role of patients" (pp 41–43),
whose text the course could not read: the King's Fund's companion pages show high performers
designing care around the patient (Jönköping's "Esther", Virginia Mason's "patient first"
system, Salford Royal's patient-experience goal), and Ham, launching the report, said the
commitment to put patients first has to come from within organisations. The model asks what
happens to the rate of one **preference-sensitive** treatment (one where the right choice depends
on what the patient values, so informed patients differ) when decisions follow the local
clinicians' habits or the patients' informed preferences. The mechanism is this course's, not
the report's.

Assumptions
-----------
- There are ``areas`` areas (or units), each with ``patients_per_area`` patients eligible for the
  treatment in the period.
- **Informed preference.** If fully informed (by a decision aid or a shared decision), a share
  of each area's patients would choose the treatment. That share averages ``informed_pct`` and
  differs between areas with a standard deviation of ``preference_spread_pts`` percentage points
  (real differences in what local people value). Each patient either would or would not choose it.
- **Supplier habit.** Each area's clinicians, when they decide, treat a share of patients that
  averages ``habit_pct`` and differs between areas with a standard deviation of
  ``habit_spread_pts`` points (local enthusiasm, training, custom). Their decision does not
  depend on the patient's own preference.
- **Shared decisions.** A share ``shared_pct`` of decisions use a decision aid or a shared
  decision; in those, the clinician acts on the informed choice with probability ``buy_in_pct``
  (otherwise habit decides). So the weight of informed preference is
  ``w = shared_pct/100 × buy_in_pct/100``, the same in every area.
- Area shares are drawn from normal distributions and clipped to 1–99%; patients are drawn
  binomially. Nothing else differs between areas: no illness, no supply limits, no money.

In expectation, an area's treatment rate is ``w·p + (1 − w)·h`` (``p`` its informed share, ``h``
its habit), and the share of patients whose treatment differs from their informed choice is
``(1 − w)·(p·(1 − h) + (1 − p)·h)`` (:func:`expected_rate`, :func:`expected_mismatch`). The
simulation reproduces both.

What it cannot show: the real size of anyone's informed preferences or of clinicians'
habits (no source used by the course measures them for a treatment); whether decision aids
change what patients choose or only how satisfied they are; outcomes, costs or waiting; patients
who do not want to take part in decisions; and whether any variation in real NHS rates is of this
kind. All parameter values are illustrative.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..parameters import Parameter, Parameters, check_seed, resolve, scenario_table, validate
from .base import Model, require_table

#: Area shares are clipped to this range (per cent) so that no area is all or nothing.
CLIP_PCT = (1.0, 99.0)

PARAMETERS = Parameters(
    "shared_decisions",
    Parameter(
        "informed_pct",
        "Informed patients who choose it",
        "% (average of areas)",
        5.0,
        95.0,
        40.0,
        1.0,
        "Average share of patients who would choose the treatment if fully informed of its benefits "
        "and harms.",
    ),
    Parameter(
        "preference_spread_pts",
        "Real differences in preference",
        "percentage points (SD)",
        0.0,
        15.0,
        3.0,
        0.5,
        "Standard deviation between areas of the informed share: genuine differences in what local "
        "patients value.",
    ),
    Parameter(
        "habit_pct",
        "Clinicians' usual rate",
        "% (average of areas)",
        5.0,
        95.0,
        55.0,
        1.0,
        "Average share of patients the local clinicians treat when their habit decides.",
    ),
    Parameter(
        "habit_spread_pts",
        "Differences in clinicians' enthusiasm",
        "percentage points (SD)",
        0.0,
        30.0,
        15.0,
        0.5,
        "Standard deviation between areas of the clinicians' usual rate (supplier habit).",
    ),
    Parameter(
        "shared_pct",
        "Decisions shared",
        "% of decisions",
        0.0,
        100.0,
        0.0,
        5.0,
        "Share of decisions made with a decision aid or a shared decision.",
    ),
    Parameter(
        "buy_in_pct",
        "Clinicians acting on the informed choice",
        "% of shared decisions",
        0.0,
        100.0,
        100.0,
        5.0,
        "In a shared decision, the chance that the clinician acts on the patient's informed choice "
        "(otherwise habit decides).",
    ),
    Parameter(
        "areas",
        "Areas",
        "areas",
        10,
        200,
        50,
        1,
        "Number of areas (or units) compared.",
        integer=True,
    ),
    Parameter(
        "patients_per_area",
        "Patients per area",
        "patients",
        20,
        2000,
        300,
        10,
        "Patients eligible for the treatment in each area in the period.",
        integer=True,
    ),
)

#: Named scenarios pre-rendered in the book (all other parameters at their defaults).
SCENARIOS = {
    "Supplier habit": dict(shared_pct=0.0, buy_in_pct=100.0),
    "Partial shared decision-making": dict(shared_pct=50.0, buy_in_pct=100.0),
    "Decision aids without clinician buy-in": dict(shared_pct=100.0, buy_in_pct=20.0),
    "Informed preference": dict(shared_pct=100.0, buy_in_pct=100.0),
}


def informed_weight(shared_pct: float, buy_in_pct: float) -> float:
    """The weight ``w`` of the informed choice in each decision (0 to 1)."""
    p = validate(PARAMETERS, dict(shared_pct=shared_pct, buy_in_pct=buy_in_pct))
    return p["shared_pct"] / 100.0 * p["buy_in_pct"] / 100.0


def _share(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{PARAMETERS.model}: {name} must be a share from 0 to 1; got {value!r}")
    if not 0.0 <= float(value) <= 1.0:
        raise ValueError(f"{PARAMETERS.model}: {name} must be a share from 0 to 1; got {value!r}")
    return float(value)


def expected_rate(informed: float, habit: float, weight: float) -> float:
    """Expected treatment rate (a share) of an area: ``w·p + (1 − w)·h`` (closed form)."""
    p, h, w = _share("informed", informed), _share("habit", habit), _share("weight", weight)
    return w * p + (1.0 - w) * h


def expected_mismatch(informed: float, habit: float, weight: float) -> float:
    """Expected share of patients whose treatment differs from their informed choice (closed form)."""
    p, h, w = _share("informed", informed), _share("habit", habit), _share("weight", weight)
    return (1.0 - w) * (p * (1.0 - h) + (1.0 - p) * h)


def simulate_shared_decisions(seed: int = 2014, **params) -> pd.DataFrame:
    """Simulate one period in every area; one row per area.

    Parameters are those in :data:`PARAMETERS` (keyword arguments; defaults where omitted),
    plus ``seed`` (non-negative integer) so that the same inputs always give the same result.

    Columns: ``area`` (0, 1, ...), ``informed_pct`` and ``habit_pct`` (the area's informed share
    and clinicians' usual rate, %), ``patients``, ``would_choose`` (patients who would choose the
    treatment if informed), ``treated``, ``overtreated`` (treated though they would not have
    chosen it), ``undertreated`` (not treated though they would have chosen it) and ``rate_pct``
    (``treated`` as a % of ``patients``).
    """
    seed = check_seed(seed, PARAMETERS.model)
    p = resolve(PARAMETERS, params)
    rng = np.random.default_rng(seed)
    k, n = p["areas"], p["patients_per_area"]
    low, high = CLIP_PCT
    informed = np.clip(rng.normal(p["informed_pct"], p["preference_spread_pts"], k), low, high)
    habit = np.clip(rng.normal(p["habit_pct"], p["habit_spread_pts"], k), low, high)
    w = p["shared_pct"] / 100.0 * p["buy_in_pct"] / 100.0
    h = habit / 100.0

    want = rng.binomial(n, informed / 100.0)  # would choose it if informed
    want_followed = rng.binomial(want, w)  # their informed choice decides: treated
    refuse_followed = rng.binomial(n - want, w)  # their informed choice decides: not treated
    want_by_habit = rng.binomial(want - want_followed, h)  # habit decides, and treats
    overtreated = rng.binomial(n - want - refuse_followed, h)  # habit treats someone who'd decline
    treated = want_followed + want_by_habit + overtreated
    undertreated = want - want_followed - want_by_habit
    return pd.DataFrame(
        {
            "area": np.arange(k),
            "informed_pct": informed,
            "habit_pct": habit,
            "patients": np.full(k, n),
            "would_choose": want,
            "treated": treated,
            "overtreated": overtreated,
            "undertreated": undertreated,
            "rate_pct": 100.0 * treated / n,
        }
    )


def _stats(results: pd.DataFrame) -> dict:
    rate = results["rate_pct"].to_numpy(float)
    patients = float(results["patients"].sum())
    lowest = float(rate.min())
    return {
        "average rate (%)": 100.0 * float(results["treated"].sum()) / patients,
        "informed choice (%)": 100.0 * float(results["would_choose"].sum()) / patients,
        "lowest area rate (%)": lowest,
        "highest area rate (%)": float(rate.max()),
        "highest ÷ lowest": float(rate.max()) / lowest if lowest > 0 else float("inf"),
        "spread between areas (SD, points)": float(rate.std(ddof=1)),
        "treated against their choice (%)": 100.0 * float(results["overtreated"].sum()) / patients,
        "not treated though they'd choose it (%)": 100.0 * float(results["undertreated"].sum()) / patients,
        "areas": int(len(results)),
    }


def summarise_shared_decisions(results: pd.DataFrame) -> pd.Series:
    """Headline numbers for one simulation: the average rate against the informed choice, the
    variation between areas, and the shares of patients whose treatment differs from their
    informed choice (all over every patient in every area)."""
    return pd.Series(_stats(results))


def compare_scenarios(scenarios: dict | None = None, seed: int = 2014, **common) -> pd.DataFrame:
    """Summaries side by side for named scenarios (default :data:`SCENARIOS`).

    ``common`` settings apply to every scenario; one that a scenario sets itself is refused.
    """
    seed = check_seed(seed, PARAMETERS.model)

    def summarise(settings):
        return summarise_shared_decisions(simulate_shared_decisions(seed=seed, **settings))

    return scenario_table(SCENARIOS if scenarios is None else scenarios, summarise, common, PARAMETERS)


# --------------------------------------------------------------------------------------------
# Figures


def plot_shared_decisions(results: pd.DataFrame, fig=None):
    """Every area's treatment rate (filled circles) and its informed choice (open diamonds), areas
    ranked by rate; a dashed line marks the average informed choice.

    Returns ``(fig, alt_text)``. Pass the ``fig`` of an earlier call to redraw into it quickly.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    from ..style import COLOURS, OKABE_ITO, figure_size

    require = ("rate_pct", "informed_pct", "treated", "would_choose", "patients", "overtreated")
    missing = [c for c in require if c not in getattr(results, "columns", ())]
    if missing:
        raise ValueError(
            f"{PARAMETERS.model}.plot takes the table from simulate_shared_decisions(); it lacks {missing}"
        )
    if fig is None:
        fig = plt.figure(figsize=figure_size(4.6))
    if len(fig.axes) != 1:  # build once; later calls only update the data
        fig.clear()
        fig.set_size_inches(figure_size(4.6))
        ax = fig.add_subplot()
        fig.subplots_adjust(left=0.1, right=0.98, bottom=0.13, top=0.78)
        ax.plot(
            [],
            [],
            linestyle="none",
            marker="o",
            markersize=5,
            color=COLOURS["performance"],
            label="treatment rate",
        )
        ax.plot(
            [],
            [],
            linestyle="none",
            marker="D",
            markersize=4,
            markerfacecolor="white",
            color=OKABE_ITO["vermillion"],
            label="informed choice in the area",
        )
        ax.plot(
            [], [], linestyle="--", linewidth=1.2, color=OKABE_ITO["black"], label="average informed choice"
        )
        ax.set(xlabel="Areas, ranked by treatment rate", ylabel="Patients (%)", ylim=(0, 100))
        ax.set_yticks([0, 25, 50, 75, 100])
        ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
        # A figure text, not an axes title: matplotlib re-places a title on every draw (slow).
        fig.text(0.1, 0.8, "", fontsize=11, fontweight="bold", va="bottom")
        fig.legend(
            handles=ax.lines[:3],
            loc="upper center",
            ncol=3,
            frameon=True,
            framealpha=0.9,
            handlelength=1.6,
            bbox_to_anchor=(0.5, 0.995),
        )
    ax = fig.axes[0]
    order = np.argsort(results["rate_pct"].to_numpy(float), kind="stable")
    x = np.arange(1, len(order) + 1)
    rate = results["rate_pct"].to_numpy(float)[order]
    informed = results["informed_pct"].to_numpy(float)[order]
    stats = _stats(results)
    ax.lines[0].set_data(x, rate)
    ax.lines[1].set_data(x, informed)
    ax.lines[2].set_data([0.5, len(x) + 0.5], [stats["informed choice (%)"]] * 2)
    ax.set_xlim(0.5, len(x) + 0.5)
    fold = _fold(stats["highest ÷ lowest"])
    under = stats["not treated though they'd choose it (%)"]
    fig.texts[0].set_text(
        f"Rates {stats['lowest area rate (%)']:.0f}% to {stats['highest area rate (%)']:.0f}% "
        f"({fold}); {stats['treated against their choice (%)']:.0f}% treated against their choice"
    )
    alt = (
        f"Dot chart of {len(x)} simulated areas ranked by the rate of a preference-sensitive "
        f"treatment. Rates run from {stats['lowest area rate (%)']:.0f}% to "
        f"{stats['highest area rate (%)']:.0f}% of patients ({fold}), averaging "
        f"{stats['average rate (%)']:.0f}%, against an average informed choice of "
        f"{stats['informed choice (%)']:.0f}% (areas' informed choices from {informed.min():.0f}% "
        f"to {informed.max():.0f}%). {stats['treated against their choice (%)']:.0f}% of patients "
        f"are treated though they would not have chosen it, and "
        f"{under:.0f}% are not treated though they would."
    )
    return fig, alt


def _fold(ratio: float) -> str:
    return f"{ratio:.1f}-fold" if np.isfinite(ratio) else "some areas treat no one"


def render_shared_decisions(fig=None, seed: int = 2014, **params):
    """Simulate and plot in one call (what the explorer runs on every slider move)."""
    full = resolve(PARAMETERS, params)
    return plot_shared_decisions(simulate_shared_decisions(seed=seed, **full), fig=fig)


def shared_decisions_explorer(**values):
    """Sliders for preferences, habits, shared decisions and buy-in (others fixed at ``values``)."""
    from ..explorer import ModelExplorer

    start = resolve(PARAMETERS, values)
    return ModelExplorer(
        PARAMETERS,
        render_shared_decisions,
        start,
        shown=("informed_pct", "habit_pct", "habit_spread_pts", "shared_pct", "buy_in_pct"),
    )


def plot_scenarios(table: pd.DataFrame):
    """The range of area rates in each named scenario (lowest to highest, with the average), and
    the average informed choice; ``table`` is the output of :func:`compare_scenarios`.

    Returns ``(fig, alt_text)``.
    """
    import matplotlib.pyplot as plt

    from ..style import COLOURS, OKABE_ITO, figure_size

    cols = ("lowest area rate (%)", "highest area rate (%)", "average rate (%)", "informed choice (%)")
    require_table(PARAMETERS.model, table, (*cols, "treated against their choice (%)"))
    fig, ax = plt.subplots(figsize=figure_size(0.75 * len(table) + 1.8), layout="constrained")
    names = list(table.index)[::-1]
    y = np.arange(len(names))
    low, high, mean, informed = (table.loc[names, c].astype(float).to_numpy() for c in cols)
    ax.hlines(y, low, high, color=COLOURS["performance"], linewidth=6, label="range of area rates")
    ax.plot(
        mean,
        y,
        linestyle="none",
        marker="o",
        markersize=8,
        markerfacecolor="white",
        color=OKABE_ITO["black"],
        label="average rate",
    )
    ax.plot(
        informed,
        y,
        linestyle="none",
        marker="D",
        markersize=7,
        color=OKABE_ITO["vermillion"],
        label="average informed choice",
    )
    for yi in y:
        ax.text(high[yi] + 1.5, yi, f"{low[yi]:.0f}–{high[yi]:.0f}%", va="center")
    ax.set_yticks(y, names)
    ax.set(xlim=(0, 110), xlabel="Patients treated (%)", ylim=(-0.6, len(names) - 0.4))
    ax.grid(axis="y", visible=False)
    fig.legend(loc="outside lower center", ncol=3)
    parts = [
        f"{name}: areas from {float(table.loc[name, cols[0]]):.0f}% to "
        f"{float(table.loc[name, cols[1]]):.0f}%, average {float(table.loc[name, cols[2]]):.0f}% "
        f"against an informed choice of {float(table.loc[name, cols[3]]):.0f}%, with "
        f"{float(table.loc[name, 'treated against their choice (%)']):.0f}% treated against their choice"
        for name in table.index
    ]
    alt = (
        "Range chart of the simulated rates of a preference-sensitive treatment across areas in each "
        "scenario. " + "; ".join(parts) + "."
    )
    return fig, alt


MODEL = Model(
    name="shared_decisions",
    chapter=10,
    title="Supplier habit and informed preference",
    parameters=PARAMETERS,
    scenarios=SCENARIOS,
    simulate=simulate_shared_decisions,
    summarise=summarise_shared_decisions,
    compare_scenarios=compare_scenarios,
    plot=plot_shared_decisions,
    render=render_shared_decisions,
    plot_scenarios=plot_scenarios,
    explorer=shared_decisions_explorer,
    seed=2014,
    book_controls={
        "shared_pct": (0.0, 50.0, 100.0),
        "buy_in_pct": (20.0, 60.0, 100.0),
        "habit_pct": (40.0, 55.0, 70.0),
    },
)
