"""Reorganisation and disruption (chapter 5). A stylised model, not a forecast.

Illustrates the report's key message that large structural reorganisations have been "a major
distraction and should be avoided in future" (Ham 2014, p 3): if every restructuring knocks
performance back and slows improvement for a while, how often can a system reorganise before it
never gets back to where it was heading?

Assumptions
-----------
- Time runs in months. Left alone, performance (an index, 100 at the start) improves in a
  straight line by ``trend_pct_per_year`` per cent of its starting level each year: the *trend*.
- Each structural reorganisation has two effects, both at once:

  1. a **dip**: performance falls by ``dip_pct`` per cent of its current level; the dip then
     shrinks by half every ``half_life_months`` (exponential recovery);
  2. a **loss of momentum**: the pace of improvement falls by the share ``momentum_loss`` and
     rebuilds towards full pace over the same half-life.

  A second reorganisation that arrives before the first has settled adds its dip to what is left
  of the first (as a share of what remains) and cuts the momentum that is left.
- The dip is made good in full once it has recovered; the improvement lost while momentum was
  low is never made good. Each isolated reorganisation therefore costs a lasting
  ``momentum_loss / (12 * (1 - 2 ** (-1 / half_life_months)))`` years of progress
  (:func:`lasting_cost_years`).
- Measured performance varies from month to month around the model's expected value (normal
  noise with standard deviation ``noise_pct`` per cent, drawn from a seeded generator). The
  summaries use the expected value, so they do not depend on the noise.
- Two schedules: a stylised *regular* one (a reorganisation every ``interval_years``, the first
  after one interval) and *England's actual dates*: the rows of the course's reorganisation
  timeline (``datasets/nhs_reorganisations_1974_2022``) that the course classifies as structural
  reorganisations, from January 1974. Rows dated only by year (1996 and 1999) are placed on
  1 April, the date the public record gives for both: the single-tier health authorities began
  on 1 April 1996 (SI 1996/709) and the first primary care groups on 1 April 1999 (Health
  Foundation Policy Navigator). The timeline itself gives only the year.

A reorganisation has **settled** when, just before the next one, what is left of the dip is below
1% of performance and the pace of improvement is back to at least 95% of full pace. With a regular
interval every reorganisation settles if, and only if, the interval is at least
:func:`minimum_interval_to_settle` (a formula that the simulation reproduces).

What it cannot show: whether a reorganisation brought benefits that outweighed its costs (the
model has none), different effects on different parts of the system, or the real size of dips,
half-lives and momentum losses in the NHS, which no source used by the course measures. All
parameter values are illustrative.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd

from ..parameters import (
    Parameter,
    Parameters,
    check_common,
    check_seed,
    defaults,
    in_scenario,
    resolve,
    scenario_table,
    validate,
)
from .base import Model, require_runs, require_table

PARAMETERS = Parameters(
    "reorganisation_disruption",
    Parameter(
        "interval_years",
        "Years between reorganisations",
        "years",
        1.0,
        25.0,
        5.0,
        0.5,
        "Time from one national restructuring to the next in the stylised regular schedule.",
    ),
    Parameter(
        "dip_pct",
        "Dip after a reorganisation",
        "% of performance",
        0.0,
        30.0,
        5.0,
        1.0,
        "How far performance falls straight after each restructuring.",
    ),
    Parameter(
        "half_life_months",
        "Recovery half-life",
        "months",
        1.0,
        60.0,
        12.0,
        1.0,
        "Months for half of the dip, and half of the lost momentum, to be made good.",
    ),
    Parameter(
        "momentum_loss",
        "Momentum lost",
        "share (0 to 1)",
        0.0,
        1.0,
        0.5,
        0.05,
        "Share of the pace of improvement lost at each restructuring (0 = none, 1 = all).",
    ),
    Parameter(
        "trend_pct_per_year",
        "Underlying improvement",
        "% of starting level per year",
        0.5,
        5.0,
        2.0,
        0.1,
        "How fast performance improves when nothing disrupts it.",
    ),
    Parameter(
        "noise_pct",
        "Month-to-month noise",
        "% of performance (SD)",
        0.0,
        3.0,
        0.5,
        0.1,
        "Random variation in measured performance (seeded, so runs repeat exactly).",
    ),
    Parameter(
        "horizon_years",
        "Years simulated",
        "years",
        5,
        60,
        50,
        1,
        "Length of the simulated history (50 years covers England's dates, 1974 to 2023).",
        integer=True,
    ),
)

SCHEDULES = ("regular", "england")
ENGLAND = "England's actual reorganisation dates"
ENGLAND_START = pd.Timestamp("1974-01-01")
YEAR_ONLY_MONTH = 4  # rows dated only by year (1996, 1999): 1 April, as the public record gives
SETTLED_DIP_PCT = 1.0  # a dip below 1% of performance counts as settled
SETTLED_MOMENTUM = 0.95  # at least 95% of full pace counts as settled
ON_TREND_PCT = 1.0  # within 1% of the trend counts as "on trend"
TIMELINE = "nhs_reorganisations_1974_2022"

#: Named scenarios pre-rendered in the book (all other parameters at their defaults).
SCENARIOS = {
    "Every 2 years": dict(interval_years=2.0),
    "Every 5 years": dict(interval_years=5.0),
    "Every 10 years": dict(interval_years=10.0),
    "Every 5 years, dip only (no momentum lost)": dict(interval_years=5.0, momentum_loss=0.0),
    ENGLAND: dict(schedule="england"),
}


# --------------------------------------------------------------------------------------------
# Schedules


def england_reorganisations() -> pd.DataFrame:
    """The structural reorganisations in the course's timeline, with the date the model uses.

    Columns: those of the dataset plus ``model_date`` (``date``, or 1 April of ``year`` where the
    timeline gives only a year) and ``date_assumed`` (True where the model supplied the month).
    """
    from ..data import load_dataset

    timeline = load_dataset(TIMELINE)
    rows = timeline[timeline["course_classification"] == "structural reorganisation"].copy()
    year_only = pd.to_datetime(rows["year"].astype(str) + f"-{YEAR_ONLY_MONTH:02d}-01")
    rows["date_assumed"] = rows["date"].isna()
    rows["model_date"] = rows["date"].fillna(year_only)
    return rows.sort_values("model_date").reset_index(drop=True)


@lru_cache(maxsize=1)
def _england_months() -> tuple[int, ...]:
    dates = england_reorganisations()["model_date"]
    return tuple(int((d.year - ENGLAND_START.year) * 12 + d.month - ENGLAND_START.month) for d in dates)


def schedule_months(schedule: str, interval_years: float, horizon_months: int) -> np.ndarray:
    """Months (from the start) at which reorganisations happen, within the horizon."""
    if schedule == "england":
        months = np.array(_england_months(), dtype=int)
    else:
        step = max(1, int(round(interval_years * 12)))
        months = np.arange(step, horizon_months, step, dtype=int)
    return months[(months >= 0) & (months < horizon_months)]


# --------------------------------------------------------------------------------------------
# Formulas


def _halving_factor(half_life_months: float) -> float:
    return 2.0 ** (-1.0 / half_life_months)


def minimum_interval_to_settle(dip_pct: float, half_life_months: float, momentum_loss: float) -> float:
    """Shortest regular interval (in years) after which every reorganisation settles.

    A dip of share ``d`` left to shrink by half every ``h`` months stays above the settling level
    ``e`` (1%) before the next reorganisation, in the long run, unless the interval is at least
    ``h * log2(1 + d (1 - e) / e)`` months; lost momentum ``r`` needs
    ``h * log2(1 + r * 0.95 / 0.05)`` months. The longer of the two is needed.
    """
    p = validate(
        PARAMETERS, dict(dip_pct=dip_pct, half_life_months=half_life_months, momentum_loss=momentum_loss)
    )
    d, h, r = p["dip_pct"] / 100, p["half_life_months"], p["momentum_loss"]
    e, m = SETTLED_DIP_PCT / 100, SETTLED_MOMENTUM
    dip_months = h * math.log2(1 + d * (1 - e) / e)
    momentum_months = h * math.log2(1 + r * m / (1 - m))
    return max(dip_months, momentum_months) / 12


def lasting_cost_years(half_life_months: float, momentum_loss: float) -> float:
    """Years of progress that one isolated reorganisation loses for good (through lost momentum).

    The pace of improvement is down by ``r``, then ``r q``, ``r q**2``, ... in successive months
    (``q = 2 ** (-1 / h)``), so ``r / (1 - q)`` months of improvement are lost in all.
    """
    p = validate(PARAMETERS, dict(half_life_months=half_life_months, momentum_loss=momentum_loss))
    q = _halving_factor(p["half_life_months"])
    return p["momentum_loss"] / (1 - q) / 12


# --------------------------------------------------------------------------------------------
# Simulation


def simulate_reorganisation_disruption(seed: int = 2014, schedule: str = "regular", **params) -> pd.DataFrame:
    """Simulate performance month by month under a schedule of reorganisations.

    Parameters are those in :data:`PARAMETERS` (keyword arguments; defaults where omitted), plus
    ``schedule`` (``"regular"`` or ``"england"``; with ``"england"``, ``interval_years`` is not
    used) and ``seed`` (non-negative integer) so that the same inputs always give the same result.

    One row per month (``month`` 0 to ``12 * horizon_years``). Columns: ``month``, ``years``
    (from the start), ``calendar_year`` (England schedule only, else NaN), ``reorganisation``
    (True in a month with one), ``trend`` (performance with no reorganisations),
    ``expected_performance``, ``performance`` (with noise), ``dip_pct`` (what is left of the dips,
    % of performance), ``momentum`` (pace of improvement as a share of full pace) and ``gap_pct``
    (expected performance below the trend, % of the trend).
    """
    seed = check_seed(seed, PARAMETERS.model)
    if schedule not in SCHEDULES:
        raise ValueError(f"{PARAMETERS.model}: schedule must be one of {SCHEDULES}; got {schedule!r}")
    p = resolve(PARAMETERS, params)
    n = 12 * p["horizon_years"]
    months = schedule_months(schedule, p["interval_years"], n)
    shock = np.zeros(n + 1, dtype=bool)
    shock[months] = True

    q = _halving_factor(p["half_life_months"])
    d, r = p["dip_pct"] / 100, p["momentum_loss"]
    step = p["trend_pct_per_year"] / 12  # index points per month at full pace

    dip = np.empty(n + 1)  # what is left of the dips (share of performance)
    lost = np.empty(n + 1)  # share of the pace of improvement lost
    level = np.empty(n + 1)  # performance before dips
    x = y = 0.0
    c = 100.0
    for t in range(n + 1):
        if t:
            c += step * (1.0 - y)
            x *= q
            y *= q
        if shock[t]:
            x += d * (1.0 - x)
            y += r * (1.0 - y)
        dip[t], lost[t], level[t] = x, y, c

    t = np.arange(n + 1)
    trend = 100.0 + step * t
    expected = level * (1.0 - dip)
    rng = np.random.default_rng(seed)
    observed = expected * (1.0 + p["noise_pct"] / 100 * rng.standard_normal(n + 1))
    calendar = ENGLAND_START.year + t / 12 if schedule == "england" else np.full(n + 1, np.nan)
    return pd.DataFrame(
        {
            "month": t,
            "years": t / 12,
            "calendar_year": calendar,
            "reorganisation": shock,
            "trend": trend,
            "expected_performance": expected,
            "performance": observed,
            "dip_pct": 100 * dip,
            "momentum": 1.0 - lost,
            "gap_pct": 100 * (trend - expected) / trend,
        }
    )


def _settled_before_next(results: pd.DataFrame, half_life_months: float):
    """Arrays for each reorganisation followed by another: months, next months, what is left of
    the dip and the momentum just before the next one, and whether it had settled."""
    q = _halving_factor(half_life_months)
    shock = results["reorganisation"].to_numpy()
    months = np.flatnonzero(shock)
    before = months[1:] - 1
    dip_left = results["dip_pct"].to_numpy()[before] * q
    momentum = 1 - (1 - results["momentum"].to_numpy()[before]) * q
    settled = (dip_left < SETTLED_DIP_PCT + 1e-9) & (momentum > SETTLED_MOMENTUM - 1e-9)
    return months, dip_left, momentum, settled


def settling(results: pd.DataFrame, half_life_months: float) -> pd.DataFrame:
    """For each reorganisation followed by another: did it settle before the next one?

    Judged just before the next reorganisation takes effect (what is left of the dip below 1% of
    performance and momentum at least 95%). ``half_life_months`` must be the one simulated.
    """
    months, dip_left, momentum, settled = _settled_before_next(results, half_life_months)
    return pd.DataFrame(
        {
            "month": months[:-1],
            "next_month": months[1:],
            "dip_pct_before_next": dip_left,
            "momentum_before_next": momentum,
            "settled": settled,
        }
    )


def _stats(results: pd.DataFrame, half_life_months: float) -> dict:
    """The headline numbers as a plain dict (fast: used on every slider move)."""
    months, _, _, settled = _settled_before_next(results, half_life_months)
    gaps = np.diff(months) / 12
    trend = results["trend"].to_numpy()
    expected = results["expected_performance"].to_numpy()
    gap_pct = results["gap_pct"].to_numpy()
    step_per_year = 12 * (trend[1] - trend[0])
    return {
        "reorganisations": len(months),
        "average interval (years)": gaps.mean() if len(gaps) else float("nan"),
        "shortest interval (years)": gaps.min() if len(gaps) else float("nan"),
        "share settled before the next one": settled.mean() if len(settled) else float("nan"),
        # (clipped at 0: the model never goes above its trend; tiny negatives are rounding)
        "average gap below trend (%)": max(0.0, gap_pct.mean()),
        "years of progress lost by the end": max(0.0, (trend[-1] - expected[-1]) / step_per_year),
        "share of months on trend": (gap_pct <= ON_TREND_PCT).mean(),
        "_settled": int(settled.sum()),
        "_pairs": len(settled),
    }


def summarise_reorganisation_disruption(results: pd.DataFrame, half_life_months: float) -> pd.Series:
    """Headline numbers for one simulation (from the expected performance, not the noise)."""
    stats = _stats(results, half_life_months)
    return pd.Series({k: v for k, v in stats.items() if not k.startswith("_")})


def compare_scenarios(scenarios: dict | None = None, seed: int = 2014, **common) -> pd.DataFrame:
    """Summaries side by side for named scenarios (default :data:`SCENARIOS`).

    A scenario may set ``schedule="england"``; everything else is a model parameter. ``common``
    settings apply to every scenario; one that a scenario sets itself is refused.
    """
    seed = check_seed(seed, PARAMETERS.model)

    def summarise(settings):
        params = dict(settings)
        schedule = params.pop("schedule", "regular")
        full = resolve(PARAMETERS, params)
        results = simulate_reorganisation_disruption(seed=seed, schedule=schedule, **params)
        summary = summarise_reorganisation_disruption(results, full["half_life_months"])
        summary["minimum interval to settle (years, formula)"] = minimum_interval_to_settle(
            full["dip_pct"], full["half_life_months"], full["momentum_loss"]
        )
        return summary

    return scenario_table(
        SCENARIOS if scenarios is None else scenarios, summarise, common, PARAMETERS, extra=("schedule",)
    )


def simulate_scenarios(scenarios: dict | None = None, seed: int = 2014, **common) -> dict[str, pd.DataFrame]:
    """The monthly results of each named scenario (for :func:`plot_scenario_runs`).

    Settings as for :func:`compare_scenarios`. Each result records the half-life it was simulated
    with in ``attrs["half_life_months"]`` (which :func:`plot_scenario_runs` needs).
    """
    seed = check_seed(seed, PARAMETERS.model)
    scenarios = SCENARIOS if scenarios is None else scenarios
    check_common(PARAMETERS, scenarios, common, extra=("schedule",), caller="simulate_scenarios")
    out = {}
    for name, settings in scenarios.items():
        settings = {**common, **settings}
        schedule = settings.pop("schedule", "regular")
        try:
            out[name] = simulate_reorganisation_disruption(seed=seed, schedule=schedule, **settings)
        except ValueError as err:
            raise ValueError(in_scenario(PARAMETERS, name, err, "simulate_scenarios")) from None
        out[name].attrs["half_life_months"] = resolve(PARAMETERS, settings)["half_life_months"]
    return out


# --------------------------------------------------------------------------------------------
# Figures


def _describe_run(name: str, stats: dict) -> str:
    n = stats["reorganisations"]
    if n == 0:
        return f"{name}: no reorganisation, so performance stays on its trend"
    settled = (
        f", {stats['_settled']} of {stats['_pairs']} settled before the next one" if stats["_pairs"] else ""
    )
    return (
        f"{name}: {n} reorganisation{'s' if n != 1 else ''}{settled}; by the end "
        f"{stats['years of progress lost by the end']:.1f} years of progress lost"
    )


def _short_title(name: str, stats: dict, long: bool = False) -> str:
    settled = f"{stats['_settled']} of {stats['_pairs']} settled" if stats["_pairs"] else "none to settle"
    lost = stats["years of progress lost by the end"]
    if long:
        return f"{name}: {settled} before the next; {lost:.1f} years of progress lost"
    return f"{name}: {settled}; {lost:.1f} years lost"


def _x(results: pd.DataFrame) -> np.ndarray:
    calendar = results["calendar_year"].to_numpy()
    return results["years"].to_numpy() if np.isnan(calendar[0]) else calendar


def _marker_segments(x: np.ndarray, low: float, top: float):
    """Vertical segments at ``x`` as one NaN-separated polyline (one artist: fast to redraw)."""
    xs = np.repeat(x, 3)
    ys = np.tile([low, top, np.nan], len(x))
    xs[2::3] = np.nan
    return xs, ys


def plot_reorganisation_disruption(
    regular: pd.DataFrame, england: pd.DataFrame, half_life_months: float, interval_years: float, fig=None
):
    """Two panels: a regular schedule (top) and England's actual dates (bottom).

    Each shows the trend with no reorganisations (dashed), modelled performance and a dotted line
    at every reorganisation; the titles give how many reorganisations settled before the next
    one and the years of progress lost by the end. Returns ``(fig, alt_text)``. Pass the ``fig``
    of an earlier call to redraw into it quickly (the lines are updated in place, and text is
    kept short because drawing text is the slow part).
    """
    import matplotlib.pyplot as plt

    from ..figures import steady_limits
    from ..style import COLOURS, OKABE_ITO

    runs = (
        (regular, f"Every {interval_years:g} years", f"a reorganisation every {interval_years:g} years"),
        (england, "England's actual dates", "England's actual reorganisation dates, 1974 to 2022"),
    )
    from ..style import figure_size

    if fig is None:
        fig = plt.figure(figsize=figure_size(5.2))
    if len(fig.axes) != 2:  # build once; later calls only update the data
        from matplotlib.ticker import MaxNLocator, MultipleLocator

        fig.clear()
        fig.set_size_inches(figure_size(5.2))
        axes = fig.subplots(2, 1)
        fig.subplots_adjust(left=0.1, right=0.98, bottom=0.1, top=0.93, hspace=0.62)
        for ax in axes:
            ax.plot(
                [],
                [],
                color=OKABE_ITO["grey"],
                linestyle="--",
                linewidth=1.5,
                label="trend, no reorganisation",
            )
            ax.plot([], [], color=COLOURS["performance"], linewidth=1.2, label="modelled performance")
            ax.plot([], [], color=COLOURS["event"], linestyle=":", linewidth=1, label="reorganisation")
            ax.set_ylabel("Index")
            ax.yaxis.set_major_locator(MaxNLocator(4))  # few tick labels: text is slow to draw
            ax.xaxis.set_major_locator(MultipleLocator(10))
        axes[0].legend(
            handles=axes[0].lines[:3],
            loc="upper left",
            ncol=3,
            columnspacing=0.8,
            handlelength=1.4,
            handletextpad=0.4,
            frameon=True,
            framealpha=0.9,
        )
        axes[0].set_xlabel("Years from start")
        axes[1].set_xlabel("Year")
    lines = []
    for ax, (results, short, long) in zip(fig.axes, runs, strict=True):
        x = _x(results)
        trend, perf = results["trend"].to_numpy(), results["performance"].to_numpy()
        # round steps: the axes (slow to draw) change only now and then
        low, top = steady_limits(float(perf.min()) - 2, float(max(trend.max(), perf.max())) + 2)
        ax.lines[0].set_data(x, trend)
        ax.lines[1].set_data(x, perf)
        ax.lines[2].set_data(*_marker_segments(x[results["reorganisation"].to_numpy()], low, top))
        ax.set_xlim(x[0], x[-1])
        ax.set_ylim(low, top)
        stats = _stats(results, half_life_months)
        ax.set_title(_short_title(short, stats), fontsize=11, loc="left")
        lines.append(_describe_run(long, stats))
    alt = (
        "Two line charts of a stylised performance index, 100 at the start, with a dashed "
        "trend line for no reorganisation and a dotted line at each reorganisation. Top, "
        + lines[0]
        + ". Bottom, "
        + lines[1]
        + "."
    )
    return fig, alt


def render_reorganisation_disruption(fig=None, seed: int = 2014, **params):
    """Simulate both schedules and plot them (what the explorer runs on every slider move)."""
    full = resolve(PARAMETERS, params)
    regular = simulate_reorganisation_disruption(seed=seed, schedule="regular", **full)
    england = simulate_reorganisation_disruption(seed=seed, schedule="england", **full)
    return plot_reorganisation_disruption(
        regular, england, full["half_life_months"], full["interval_years"], fig=fig
    )


def reorganisation_disruption_explorer(**values):
    """Sliders for the interval, dip, half-life and momentum loss (others at ``values``/defaults)."""
    from ..explorer import ModelExplorer

    start = resolve(PARAMETERS, values)
    return ModelExplorer(
        PARAMETERS,
        render_reorganisation_disruption,
        start,
        shown=("interval_years", "dip_pct", "half_life_months", "momentum_loss"),
    )


def plot_scenario_runs(runs: dict[str, pd.DataFrame], half_life_months: float | None = None):
    """One small panel per named scenario: trend, expected performance and reorganisations.

    ``runs`` is the output of :func:`simulate_scenarios`. Returns ``(fig, alt_text)``. Whether a
    reorganisation settled is judged with each run's own half-life (recorded by
    :func:`simulate_scenarios`), else ``half_life_months``, else the default.
    """
    import matplotlib.pyplot as plt

    from ..style import COLOURS, OKABE_ITO, figure_size

    require_runs(PARAMETERS.model, runs)
    h = defaults(PARAMETERS)["half_life_months"] if half_life_months is None else half_life_months
    fig, axes = plt.subplots(len(runs), 1, figsize=figure_size(1.9 * len(runs) + 0.9), layout="constrained")
    axes = np.atleast_1d(axes)
    top = max(float(r["trend"].max()) for r in runs.values()) + 3
    low = min(float(r["expected_performance"].min()) for r in runs.values()) - 3
    parts = []
    for ax, (name, results) in zip(axes, runs.items(), strict=True):
        x = _x(results)
        ax.plot(
            x,
            results["trend"],
            color=OKABE_ITO["grey"],
            linestyle="--",
            linewidth=1.5,
            label="trend with no reorganisation",
        )
        ax.plot(
            x,
            results["expected_performance"],
            color=COLOURS["performance"],
            linewidth=1.5,
            label="modelled performance (no noise)",
        )
        ax.vlines(
            x[results["reorganisation"].to_numpy()],
            low,
            top,
            colors=COLOURS["event"],
            linestyles=":",
            linewidth=1,
            label="reorganisation",
        )
        ax.set(xlim=(x[0], x[-1]), ylim=(low, top))
        stats = _stats(results, results.attrs.get("half_life_months", h))
        ax.set_title(_short_title(name, stats, long=True), fontsize=11, loc="left")
        parts.append(_describe_run(name, stats))
    fig.legend(handles=[*axes[0].lines[:2], axes[0].collections[0]], loc="outside upper center", ncol=2)
    for ax, results in zip(axes, runs.values(), strict=True):
        calendar = not np.isnan(results["calendar_year"].iloc[0])
        ax.set_xlabel("Year" if calendar else "Years from start")
        ax.set_ylabel("Index")
    alt = (
        "Stacked line charts, one per scenario, of a stylised performance index against a "
        "dashed no-reorganisation trend, with a dotted line at each reorganisation. " + "; ".join(parts) + "."
    )
    return fig, alt


def _settled_text(share: float, reorganisations: int) -> str:
    """``"k of n settled"`` from a scenario table's share (each reorganisation but the last is
    judged); says so when there is nothing to judge."""
    if share != share:  # no pair of reorganisations to judge
        return "no reorganisation" if reorganisations == 0 else "only one reorganisation"
    pairs = reorganisations - 1
    return f"{round(share * pairs)} of {pairs} settled before the next"


def _count(n: int) -> str:
    return f"{n} reorganisation{'s' if n != 1 else ''}"


def plot_scenarios(table: pd.DataFrame):
    """Years of progress lost by the end in each named scenario, with how many reorganisations
    settled before the next one.

    ``table`` is the output of :func:`compare_scenarios` (for the monthly runs of
    :func:`simulate_scenarios`, see :func:`plot_scenario_runs`). Returns ``(fig, alt_text)``.
    """
    import matplotlib.pyplot as plt

    from ..style import COLOURS, MIN_FONT_PT, figure_size

    require_table(
        PARAMETERS.model,
        table,
        ("years of progress lost by the end", "share settled before the next one", "reorganisations"),
        hint="For the monthly runs of simulate_scenarios(), use plot_scenario_runs",
    )
    fig, ax = plt.subplots(figsize=figure_size(0.65 * len(table) + 1.6), layout="constrained")
    names = list(table.index)[::-1]
    y = np.arange(len(names))
    lost = table.loc[names, "years of progress lost by the end"].astype(float).to_numpy()
    ax.barh(y, lost, color=COLOURS["performance"], height=0.6, label="years of progress lost (bar)")
    top = max(float(np.nanmax(lost, initial=0.0)), 1.0)
    for yi, name in zip(y, names, strict=True):
        n = int(table.loc[name, "reorganisations"])
        settled = _settled_text(float(table.loc[name, "share settled before the next one"]), n)
        short = settled.replace(" before the next", "")
        ax.text(lost[yi] + 0.02 * top, yi, f"{lost[yi]:.1f} ({short})", va="center", fontsize=MIN_FONT_PT)
    ax.set_yticks(y, names)
    ax.set(xlim=(0, top * 1.9), xlabel="Years of progress lost by the end of the run")
    ax.grid(axis="y", visible=False)
    ax.plot([], [], " ", label="in brackets: reorganisations settled\nbefore the next one")
    fig.legend(loc="outside lower center", ncol=2)
    parts = [
        f"{name}: {float(table.loc[name, 'years of progress lost by the end']):.1f} years of "
        f"progress lost after {_count(int(table.loc[name, 'reorganisations']))}, "
        + _settled_text(
            float(table.loc[name, "share settled before the next one"]),
            int(table.loc[name, "reorganisations"]),
        )
        for name in table.index
    ]
    alt = (
        "Horizontal bar chart of the years of progress lost by the end of the run in each "
        "reorganisation scenario. " + "; ".join(parts) + "."
    )
    return fig, alt


MODEL = Model(
    name="reorganisation_disruption",
    chapter=5,
    title="Reorganisation and disruption",
    parameters=PARAMETERS,
    scenarios=SCENARIOS,
    simulate=simulate_reorganisation_disruption,
    summarise=summarise_reorganisation_disruption,
    compare_scenarios=compare_scenarios,
    plot=plot_reorganisation_disruption,
    render=render_reorganisation_disruption,
    plot_scenarios=plot_scenarios,
    explorer=reorganisation_disruption_explorer,
    seed=2014,
    extra_inputs=("schedule",),
    book_controls={
        "interval_years": (2.0, 5.0, 10.0, 20.0),
        "momentum_loss": (0.0, 0.5, 1.0),
        "dip_pct": (5.0, 15.0),
    },
)
