"""Inspection as a noisy measurement (chapter 3). A stylised model, not a description of any regulator.

Illustrates the report's call to be "realistic about inspection and regulation" (a chapter 10
heading, p 51), and The King's Fund's account of regulatory failure: organisations whose care fell
seriously short were visited by regulators, and Mid Staffordshire was rated "good" in 2007/8. An
inspection is treated as a measurement of an organisation's true quality. It is imperfect (it
misses things, and more so when it is short), and it goes out of date (quality drifts between
visits). The model asks how often a published rating is wrong, and what more inspector time buys.

Assumptions
-----------
- A fixed population of ``organisations``. Each has a *true quality*, a number on a scale where
  0 is the average organisation and 1 is one standard deviation (SD) of the spread between them.
  At the start true quality is drawn from a standard normal distribution.
- True quality drifts: each year an organisation's quality is pulled slightly back towards the
  average and receives a random shock with SD ``drift_per_year``, so that the spread between
  organisations stays the same (a stationary first-order autoregressive process, simulated month
  by month).
- An organisation is *truly failing* while its true quality is in the bottom ``failing_share`` of
  the population (below a fixed threshold), otherwise *truly good*.
- Each organisation is inspected every ``interval_years``; visits are spread evenly across the
  cycle (each organisation has a random start month).
- An inspection scores the organisation's true quality on the day plus an error. The error is
  normal with SD ``sqrt(blind_spot**2 + noise_one_day**2 / days_on_site)``: longer visits
  average out more of the error, but the ``blind_spot`` part (what no visit can see, such as care
  at night or data that are misleading) never shrinks.
- The organisation is *rated failing* if its score is below the same threshold, *rated good*
  otherwise, and keeps that rating until its next inspection.
- A rating changes nothing: inspection only measures. No organisation improves, games or
  deteriorates because of its rating.
- Cost is counted only as inspector time: ``organisations * team_size * days_on_site /
  interval_years`` inspector-days a year.

Under these assumptions the error rates can also be computed exactly from the bivariate normal
distribution (:func:`expected_error_rates`); the simulation reproduces them.

What it cannot show: whether a rating prompts improvement (or gaming), the value of information
other than inspection (such as mortality data or complaints), or risk-based targeting of visits.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pandas as pd

from ..parameters import Parameter, Parameters, check_count, check_seed, resolve, scenario_table
from .base import Model, require_table

PARAMETERS = Parameters(
    "inspection_accuracy",
    Parameter(
        "days_on_site",
        "Inspection depth",
        "days on site",
        1,
        20,
        2,
        1,
        "How long each inspection spends on site; longer visits average out more error.",
        integer=True,
    ),
    Parameter(
        "interval_years",
        "Years between inspections",
        "years",
        0.5,
        8.0,
        3.0,
        0.5,
        "How often each organisation is inspected; its rating stands until the next visit.",
    ),
    Parameter(
        "drift_per_year",
        "Yearly drift in true quality",
        "SD per year",
        0.0,
        0.8,
        0.3,
        0.05,
        "Size of the random yearly change in an organisation's true quality, in units of the "
        "spread of quality between organisations.",
    ),
    Parameter(
        "noise_one_day",
        "Error of a one-day visit",
        "SD",
        0.2,
        2.0,
        1.0,
        0.1,
        "Measurement error of a one-day inspection (shrinks with the square root of the days on site).",
    ),
    Parameter(
        "blind_spot",
        "Error no visit removes",
        "SD",
        0.0,
        1.0,
        0.25,
        0.05,
        "The part of the measurement error that more days on site cannot remove.",
    ),
    Parameter(
        "failing_share",
        "Share truly failing",
        "proportion",
        0.02,
        0.4,
        0.1,
        0.01,
        "Share of organisations whose true quality is below the failing threshold.",
    ),
    Parameter(
        "team_size",
        "Inspectors per visit",
        "inspectors",
        1,
        20,
        4,
        1,
        "Size of the inspection team (counts only towards cost).",
        integer=True,
    ),
    Parameter(
        "organisations",
        "Organisations",
        "organisations",
        50,
        1000,
        392,
        1,
        "Number of organisations inspected (392 is the number of NHS trusts the CQC rated "
        "in October 2009; every other value here is illustrative).",
        integer=True,
    ),
    Parameter(
        "horizon_years",
        "Years simulated",
        "years",
        5,
        40,
        20,
        1,
        "Length of the simulated history, after every organisation has had a first inspection.",
        integer=True,
    ),
)

#: Named scenarios pre-rendered in the book (all other parameters at their defaults).
SCENARIOS = {
    "Light touch, infrequent": dict(days_on_site=1, interval_years=5.0),
    "Deep, infrequent": dict(days_on_site=8, interval_years=5.0),
    "Light, frequent": dict(days_on_site=1, interval_years=1.0),
    "Deep, frequent": dict(days_on_site=8, interval_years=1.0),
}

OUTCOMES = ("rightly rated good", "rightly rated failing", "failing rated good", "good rated failing")

MONTHS = 12  # the simulation's time step is one month
#: "Seriously failing": true quality at least this far (in SD) below the failing threshold.
SERIOUS_MARGIN = 0.5
#: Scenario comparisons pool this many independent histories of this length, for steadier shares.
SCENARIO_REPEATS = 5
SCENARIO_YEARS = 40
_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(48)


def measurement_error_sd(days_on_site: float, noise_one_day: float, blind_spot: float) -> float:
    """SD of one inspection's error: ``sqrt(blind_spot**2 + noise_one_day**2 / days_on_site)``."""
    return math.sqrt(blind_spot**2 + noise_one_day**2 / days_on_site)


def inspector_days_per_year(**params) -> float:
    """Inspector time the regime uses: organisations × team × days on site ÷ years between visits."""
    p = resolve(PARAMETERS, params)
    return p["organisations"] * p["team_size"] * p["days_on_site"] / p["interval_years"]


def _binormal_cdf(h: float, k: float, r: np.ndarray) -> np.ndarray:
    """P(X < h, Y < k) for standard normals with correlation ``r`` (0 <= r < 1), by quadrature.

    Uses Phi2 = Phi(h) Phi(k) + (1 / 2 pi) * integral over t from 0 to asin(r) of
    exp(-(h^2 - 2 h k sin t + k^2) / (2 cos^2 t)) dt, which has a smooth integrand.
    """
    r = np.asarray(r, dtype=float)
    upper = np.arcsin(np.clip(r, 0.0, 1.0 - 1e-12))
    t = 0.5 * upper[..., None] * (_NODES + 1.0)
    s, c2 = np.sin(t), np.cos(t) ** 2
    integrand = np.exp(-(h * h - 2.0 * h * k * s + k * k) / (2.0 * c2))
    integral = 0.5 * upper * (integrand * _WEIGHTS).sum(axis=-1)
    nd = NormalDist()
    return nd.cdf(h) * nd.cdf(k) + integral / (2.0 * math.pi)


def expected_error_rates(**params) -> dict:
    """Long-run error rates implied by the assumptions (no simulation).

    A rating that is ``a`` months old was based on a score ``y = q0 + e`` and is compared with the
    current quality ``q``. ``q`` and ``y`` are jointly normal with correlation
    ``rho**(a / 12) / sqrt(1 + s**2)`` (``rho`` the one-year autocorrelation, ``s`` the error SD);
    rating ages are spread evenly over the months of the cycle.

    Returns ``failing rated good`` (share of truly failing organisations whose current rating is
    good), ``seriously failing rated good`` (the same for organisations at least
    :data:`SERIOUS_MARGIN` below the failing threshold) and ``good rated failing`` (share of truly
    good organisations rated failing).
    """
    p = resolve(PARAMETERS, params)
    s = measurement_error_sd(p["days_on_site"], p["noise_one_day"], p["blind_spot"])
    rho_year = math.sqrt(1.0 - p["drift_per_year"] ** 2)
    months = int(round(p["interval_years"] * MONTHS))
    ages = np.arange(months) / MONTHS
    corr = rho_year**ages / math.sqrt(1.0 + s * s)
    c = NormalDist().inv_cdf(p["failing_share"])
    k = c / math.sqrt(1.0 + s * s)
    both_fail = _binormal_cdf(c, k, corr).mean()  # truly failing and rated failing
    serious = c - SERIOUS_MARGIN
    both_serious = _binormal_cdf(serious, k, corr).mean()
    nd = NormalDist()
    p_fail, p_rated_fail, p_serious = nd.cdf(c), nd.cdf(k), nd.cdf(serious)
    return {
        "failing rated good": float((p_fail - both_fail) / p_fail),
        "seriously failing rated good": float((p_serious - both_serious) / p_serious),
        "good rated failing": float((p_rated_fail - both_fail) / (1.0 - p_fail)),
    }


def simulate_inspection_accuracy(seed: int = 2014, **params) -> pd.DataFrame:
    """Simulate true quality, inspections and ratings; one row per organisation per month.

    Parameters are those in :data:`PARAMETERS` (keyword arguments; defaults where omitted), plus
    ``seed`` (non-negative integer) so that the same inputs always give the same result.

    Rows cover ``horizon_years`` after a warm-up of one inspection cycle, so every organisation
    has a rating throughout. Columns: ``organisation``, ``year`` (years since the end of the
    warm-up), ``true_quality``, ``truly_failing``, ``rating_age_years`` (time since the
    inspection behind the current rating), ``inspection_score`` (that inspection's score),
    ``rated_failing`` and ``outcome`` (one of :data:`OUTCOMES`).
    """
    seed = check_seed(seed, PARAMETERS.model)
    p = resolve(PARAMETERS, params)
    rng = np.random.default_rng(seed)
    n = p["organisations"]
    cycle = int(round(p["interval_years"] * MONTHS))  # months between inspections
    total = cycle + p["horizon_years"] * MONTHS  # warm-up cycle + the evaluated months

    # True quality: a stationary AR(1) process, month by month, with SD 1 between organisations.
    phi = math.sqrt(1.0 - p["drift_per_year"] ** 2) ** (1.0 / MONTHS)
    shock_sd = math.sqrt(max(0.0, 1.0 - phi * phi))
    quality = rng.standard_normal((total, n))
    quality[1:] *= shock_sd
    for t in range(1, total):  # in place: quality[t] = phi * quality[t - 1] + shock
        quality[t] += phi * quality[t - 1]

    # Inspections: organisation i is visited in months phase_i, phase_i + cycle, ...
    phase = rng.integers(0, cycle, size=n)
    cycles = total // cycle + 2
    error_sd = measurement_error_sd(p["days_on_site"], p["noise_one_day"], p["blind_spot"])
    errors = error_sd * rng.standard_normal((cycles, n))

    months = np.arange(cycle, total)[:, None]  # evaluated months
    visit_no = (months - phase) // cycle  # latest visit (>= 0 after warm-up)
    visit_month = phase + visit_no * cycle
    cols = np.broadcast_to(np.arange(n), visit_no.shape)
    score = quality[visit_month, cols] + errors[visit_no, cols]
    true_now = quality[cycle:]

    threshold = NormalDist().inv_cdf(p["failing_share"])
    failing, rated = true_now < threshold, score < threshold
    code = np.where(failing, np.where(rated, 1, 2), np.where(rated, 3, 0))
    return pd.DataFrame(
        {
            "organisation": np.tile(np.arange(n), len(months)),
            "year": np.repeat((months[:, 0] - cycle) / MONTHS, n),
            "true_quality": true_now.ravel(),
            "truly_failing": failing.ravel(),
            "rating_age_years": ((months - visit_month) / MONTHS).ravel(),
            "inspection_score": score.ravel(),
            "rated_failing": rated.ravel(),
            "outcome": pd.Categorical.from_codes(code.ravel(), categories=OUTCOMES),
        }
    )


def summarise_inspection_accuracy(results: pd.DataFrame, **params) -> pd.Series:
    """Headline numbers for one simulation (``params`` as passed to the simulation, for the cost)."""
    failing, rated = results["truly_failing"], results["rated_failing"]
    p = resolve(PARAMETERS, params)
    serious = results["true_quality"] < NormalDist().inv_cdf(p["failing_share"]) - SERIOUS_MARGIN
    return pd.Series(
        {
            "share of failing organisations rated good": float((failing & ~rated).sum() / failing.sum())
            if failing.any()
            else float("nan"),
            "share of seriously failing organisations rated good": float(
                (serious & ~rated).sum() / serious.sum()
            )
            if serious.any()
            else float("nan"),
            "share of good organisations rated failing": float((~failing & rated).sum() / (~failing).sum())
            if (~failing).any()
            else float("nan"),
            "share of ratings that are right": float((failing == rated).mean()),
            "average age of a rating (years)": float(results["rating_age_years"].mean()),
            "inspector-days per year": inspector_days_per_year(**p),
            "inspector-days per organisation per year": p["team_size"]
            * p["days_on_site"]
            / p["interval_years"],
        }
    )


def compare_scenarios(
    scenarios: dict | None = None, seed: int = 2014, repeats: int = SCENARIO_REPEATS, **common
) -> pd.DataFrame:
    """Simulated and exact error rates, and cost, for named scenarios (default :data:`SCENARIOS`).

    Each scenario pools ``repeats`` independent histories (seeds ``seed``, ``seed + 1``, ...) of
    :data:`SCENARIO_YEARS` years unless ``common`` sets ``horizon_years``, so that the simulated
    shares settle close to the formula's. Cost is for one population of ``organisations``.
    ``common`` settings apply to every scenario; one that a scenario sets itself is refused.
    """
    seed = check_seed(seed, PARAMETERS.model)
    repeats = check_count("repeats", repeats, PARAMETERS.model)

    def summarise(settings):
        settings = {"horizon_years": SCENARIO_YEARS, **settings}
        pooled = pd.concat(
            [simulate_inspection_accuracy(seed=seed + i, **settings) for i in range(repeats)],
            ignore_index=True,
        )
        summary = summarise_inspection_accuracy(pooled, **settings)
        for key, value in expected_error_rates(**settings).items():
            summary[f"{key} (formula)"] = value
        return summary

    return scenario_table(SCENARIOS if scenarios is None else scenarios, summarise, common, PARAMETERS)


def _fmt_days(x: float) -> str:
    return f"{x:,.0f}"


def _pct(share: float) -> str:
    return f"{100 * share:.0f}%"


def plot_inspection_accuracy(results: pd.DataFrame, fig=None, **params):
    """Each organisation's true quality now against the score behind its current rating, at the
    end of the run, titled with the error rates over the whole run and the cost.

    Returns ``(fig, alt_text)``. Pass the ``fig`` of an earlier call to redraw into it quickly
    (the points, threshold lines and title are updated in place).
    """
    import matplotlib.pyplot as plt

    from ..style import COLOURS, OKABE_ITO, figure_size

    p = resolve(PARAMETERS, params)
    threshold = NormalDist().inv_cdf(p["failing_share"])
    summary = summarise_inspection_accuracy(results, **p)
    missed = summary["share of failing organisations rated good"]
    serious = summary["share of seriously failing organisations rated good"]
    false_alarm = summary["share of good organisations rated failing"]
    cost = summary["inspector-days per year"]
    last = results[results["year"] == results["year"].max()]

    art = getattr(fig, "_inspection_artists", None) if fig is not None else None
    if art is None:
        if fig is None:
            fig = plt.figure()
        fig.clear()
        fig.set_size_inches(figure_size(4.6))
        ax = fig.add_subplot()
        fig.subplots_adjust(left=0.1, right=0.6, bottom=0.13, top=0.82)
        looks = {
            "rightly rated good": dict(color=OKABE_ITO["grey"], marker="o", s=9),
            "rightly rated failing": dict(color=COLOURS["performance"], marker="s", s=20),
            "failing rated good": dict(color=COLOURS["target"], marker="X", s=60),
            "good rated failing": dict(color=OKABE_ITO["orange"], marker="^", s=30),
        }
        art = {"scatter": {k: ax.scatter([], [], label=k, **look) for k, look in looks.items()}}
        art["vline"] = ax.axvline(
            threshold,
            color=COLOURS["event"],
            linestyle=":",
            linewidth=1.2,
            label="failing line, true quality",
        )
        art["hline"] = ax.axhline(
            threshold, color=COLOURS["event"], linestyle="--", linewidth=1, label="failing line, score"
        )
        ax.set(
            xlim=(-3.5, 3.5),
            ylim=(-4.5, 4.5),
            xticks=[-3, 0, 3],
            yticks=[-4, 0, 4],
            xlabel="True quality now",
            ylabel="Score at last visit",
        )
        ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5))
        art["axes"] = ax
        fig._inspection_artists = art
    ax = art["axes"]
    for outcome, coll in art["scatter"].items():
        rows = last[last["outcome"] == outcome]
        coll.set_offsets(np.column_stack([rows["true_quality"], rows["inspection_score"]]))
    art["vline"].set_xdata([threshold, threshold])
    art["hline"].set_ydata([threshold, threshold])
    # A share is undefined (0 / 0) when a group is empty in this run: say so instead.
    if missed != missed:
        title_missed = "no failing organisations in this run"
        alt_missed = "no organisation was truly failing"
    else:
        serious_title = (
            f"seriously failing {_pct(serious)}" if serious == serious else "none seriously failing"
        )
        title_missed = f"failing rated good {_pct(missed)} ({serious_title})"
        alt_missed = f"{_pct(missed)} of failing organisations were rated good (" + (
            f"{_pct(serious)} of seriously failing ones)"
            if serious == serious
            else "none was seriously failing)"
        )
    if false_alarm != false_alarm:
        title_false, alt_false = "no good organisations", "no organisation was truly good"
    else:
        title_false = f"good rated failing {_pct(false_alarm)}"
        alt_false = f"{_pct(false_alarm)} of good organisations were rated failing"
    ax.set_title(
        f"Whole run: {title_missed},\n{title_false}. Cost: {_fmt_days(cost)} inspector-days a year",
        fontsize=11,
        loc="left",
    )

    n_fail = int(last["truly_failing"].sum())
    n_missed = int((last["outcome"] == "failing rated good").sum())
    n_false = int((last["outcome"] == "good rated failing").sum())
    alt = (
        f"Scatter plot of {len(last)} organisations at the end of a simulated {p['horizon_years']}-year "
        f"run, inspected {_every(p['interval_years'])} for {p['days_on_site']} "
        f"day{'s' if p['days_on_site'] != 1 else ''} on site, "
        f"true quality against the score behind each current rating: {n_fail} are truly failing, "
        f"of which {n_missed} currently hold a good rating, and {n_false} good organisations are "
        f"rated failing. Over the whole run, {alt_missed} and {alt_false}, at a cost of "
        f"{_fmt_days(cost)} inspector-days a year."
    )
    return fig, alt


def render_inspection_accuracy(fig=None, seed: int = 2014, **params):
    """Simulate and plot in one call (what the explorer runs on every slider move)."""
    p = resolve(PARAMETERS, params)
    results = simulate_inspection_accuracy(seed=seed, **p)
    return plot_inspection_accuracy(results, fig=fig, **p)


def inspection_accuracy_explorer(**values):
    """Sliders for depth, frequency, drift and blind spot (others fixed at ``values``/defaults)."""
    from ..explorer import ModelExplorer

    start = resolve(PARAMETERS, values)
    return ModelExplorer(
        PARAMETERS,
        render_inspection_accuracy,
        start,
        shown=("days_on_site", "interval_years", "drift_per_year", "blind_spot"),
    )


def plot_scenarios(table: pd.DataFrame):
    """Error rates in each named scenario, with its cost in inspector-days a year.

    ``table`` is the output of :func:`compare_scenarios`. Returns ``(fig, alt_text)``.
    """
    import matplotlib.pyplot as plt

    from ..style import COLOURS, MIN_FONT_PT, OKABE_ITO, figure_size

    require_table(
        PARAMETERS.model,
        table,
        (
            "share of failing organisations rated good",
            "share of seriously failing organisations rated good",
            "share of good organisations rated failing",
            "inspector-days per organisation per year",
        ),
    )
    fig, ax = plt.subplots(figsize=figure_size(5.6), layout="constrained")
    names = list(table.index)[::-1]
    y = np.arange(len(names))
    series = (
        ("share of failing organisations rated good", "failing rated good", dict(color=COLOURS["target"])),
        (
            "share of seriously failing organisations rated good",
            "seriously failing rated good",
            dict(color=OKABE_ITO["reddish_purple"], hatch="..", edgecolor="white"),
        ),
        (
            "share of good organisations rated failing",
            "good rated failing",
            dict(color=OKABE_ITO["orange"], hatch="//", edgecolor="white"),
        ),
    )
    for offset, (column, label, look) in zip((0.27, 0.0, -0.27), series, strict=True):
        values = 100 * table.loc[names, column].astype(float)
        ax.barh(y + offset, values, height=0.26, label=label, **look)
        for yi, v in zip(y, values, strict=True):
            ax.text(
                0.8 if v != v else v + 0.8,
                yi + offset,
                "none in run" if v != v else f"{v:.0f}%",
                va="center",
                fontsize=MIN_FONT_PT,
            )
    cost = table.loc[names, "inspector-days per organisation per year"].astype(float)
    ax.set_yticks(
        y, [f"{n}\n({c:g} inspector-days per\norganisation a year)" for n, c in zip(names, cost, strict=True)]
    )
    top = 100 * float(table["share of failing organisations rated good"].max())
    ax.set(xlim=(0, max(60.0, top + 10) if top == top else 60.0), xlabel="% of organisation-months")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right")
    parts = [
        f"{n} ({table.loc[n, 'inspector-days per organisation per year']:g} inspector-days per "
        f"organisation a year): "
        + _rate(
            table.loc[n, "share of failing organisations rated good"],
            "of failing organisations rated good",
            "no failing organisations",
        )
        + ", "
        + _rate(
            table.loc[n, "share of seriously failing organisations rated good"],
            "of seriously failing ones",
            "no seriously failing ones",
        )
        + ", "
        + _rate(
            table.loc[n, "share of good organisations rated failing"],
            "of good ones rated failing",
            "no good ones",
        )
        for n in table.index
    ]
    alt = "Horizontal bar chart of three error rates in each inspection scenario. " + "; ".join(parts) + "."
    return fig, alt


def _rate(share: float, what: str, none: str) -> str:
    """``"12% <what>"``, or ``"<none> in the run"`` when the share is undefined (0 / 0)."""
    return f"{none} in the run" if share != share else f"{100 * share:.0f}% {what}"


def _every(interval: float) -> str:
    return "every year" if interval == 1 else f"every {interval:g} years"


def tradeoff_table(
    intervals=(1.0, 3.0, 5.0), days=tuple(range(1, 21)), drifts=(0.15, 0.6), **params
) -> pd.DataFrame:
    """Exact error rates and cost over a grid of drifts, intervals and depths (other parameters
    fixed at ``params`` or their defaults). One row per combination."""
    rows = []
    for drift in drifts:
        for interval in intervals:
            for d in days:
                merged = {**params, "drift_per_year": drift, "interval_years": interval, "days_on_site": d}
                rows.append(
                    {
                        "drift_per_year": drift,
                        "interval_years": interval,
                        "days_on_site": d,
                        "inspector-days per year": inspector_days_per_year(**merged),
                        **expected_error_rates(**merged),
                    }
                )
    return pd.DataFrame(rows)


#: The note under the trade-off chart's log axis.
LOG_NOTE = "Log scale: each step along the axis is ten times the one before."


def plot_tradeoff(table: pd.DataFrame, layout: str = "wide"):
    """Share of failing organisations rated good against inspector-days a year: one panel per
    drift, side by side (or stacked, ``layout="narrow"``), one line per interval, days on site
    rising along each line. The cost axis is logarithmic, and says how to read it.
    ``table`` from :func:`tradeoff_table`. Returns ``(fig, alt_text)``."""
    import textwrap

    import matplotlib.pyplot as plt

    from ..style import check_layout, figure_size

    drifts = sorted(table["drift_per_year"].unique())
    wide = check_layout(layout) == "wide"
    fig, axes = plt.subplots(
        *((1, len(drifts)) if wide else (len(drifts), 1)),
        figsize=figure_size(4.8 if wide else 3.4 * len(drifts) + 0.8, layout),
        sharey=True,
        squeeze=False,
        layout="constrained",
    )
    axes = axes.reshape(1, -1)
    markers = ["o", "s", "D", "^", "v"]
    parts = []
    for ax, drift in zip(axes[0], drifts, strict=True):
        panel = table[table["drift_per_year"] == drift]
        lines = []
        for (interval, rows), marker in zip(
            panel.groupby("interval_years"), markers[: panel["interval_years"].nunique()], strict=True
        ):
            x, yv = rows["inspector-days per year"], 100 * rows["failing rated good"]
            ax.plot(x, yv, marker=marker, markersize=3.5, label=_every(interval))
            lines.append(
                f"{_every(interval)} from {yv.iloc[0]:.0f}% ({rows['days_on_site'].iloc[0]} day "
                f"on site) to {yv.iloc[-1]:.0f}% ({rows['days_on_site'].iloc[-1]} days)"
            )
        ax.set_xscale("log")
        ax.set(
            title=f"Quality drifts {'slowly' if drift < 0.3 else 'fast' if drift > 0.3 else 'moderately'}\n"
            f"({drift:g} SD a year)",
            xlabel="Inspector-days a year (log scale)",
            ylim=(0, 65),
        )
        ax.set_ylabel("% of failing rated good")
        parts.append(f"with drift {drift:g} SD a year: " + "; ".join(lines))
    axes[0][0].legend(title="Inspected", loc="lower left")
    fig.supxlabel(LOG_NOTE if wide else textwrap.fill(LOG_NOTE, 32), fontsize=11)
    alt = (
        "Two-panel line chart of the share of truly failing organisations whose current rating is "
        "good, against the inspector-days a year the regime costs, for three inspection "
        "intervals; along each line days on site rise from 1 to 20. The cost axis is on a log "
        "scale: each step along it is ten times the one before. How much deeper visits "
        "help depends on how fast true quality drifts between visits. "
        + ". ".join(p[0].upper() + p[1:] for p in parts)
        + "."
    )
    return fig, alt


def equal_budget_table(
    mixes=((1.0, 1), (3.0, 3), (5.0, 5)), drifts=(0.15, 0.3, 0.6), **params
) -> pd.DataFrame:
    """Exact error rates (%) for mixes of frequency and depth that cost the same, at several drifts.

    ``mixes`` are ``(interval_years, days_on_site)`` pairs; with equal ratios they use the same
    inspector-days a year. Rows: one per mix; columns: one per drift and measure.
    """
    out = {}
    for interval, d in mixes:
        row = {}
        for drift in drifts:
            rates = expected_error_rates(
                **{**params, "interval_years": interval, "days_on_site": d, "drift_per_year": drift}
            )
            row[(f"drift {drift:g} SD a year", "failing rated good (%)")] = 100 * rates["failing rated good"]
            row[(f"drift {drift:g} SD a year", "seriously failing rated good (%)")] = (
                100 * rates["seriously failing rated good"]
            )
        cost = inspector_days_per_year(**{**params, "interval_years": interval, "days_on_site": d})
        out[
            f"{_every(interval)}, {d} day{'s' if d != 1 else ''} on site "
            f"({_fmt_days(cost)} inspector-days a year)"
        ] = row
    table = pd.DataFrame(out).T
    table.columns = pd.MultiIndex.from_tuples(table.columns)
    return table


MODEL = Model(
    name="inspection_accuracy",
    chapter=3,
    title="Inspection as a noisy measurement",
    parameters=PARAMETERS,
    scenarios=SCENARIOS,
    simulate=simulate_inspection_accuracy,
    summarise=summarise_inspection_accuracy,
    compare_scenarios=compare_scenarios,
    plot=plot_inspection_accuracy,
    render=render_inspection_accuracy,
    plot_scenarios=plot_scenarios,
    explorer=inspection_accuracy_explorer,
    seed=2014,
    book_controls={
        "days_on_site": (1, 2, 4, 8, 16),
        "interval_years": (1.0, 3.0, 5.0),
        "drift_per_year": (0.1, 0.3),
    },
)
