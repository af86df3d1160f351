"""Gaming a hard four-hour target (chapter 2). A stylised model, not a description of real trusts.

Illustrates the King's Fund's account of targets and performance management: targets cut waits,
but brought gaming and, in some cases, misreporting of data (companion pages for Ham 2014). It
shows two things at once:

1. **Real behaviour at the threshold.** Staff under pressure to meet a hard four-hour target
   hurry out patients who are about to breach it. Departures bunch just before four hours, and
   the time spent on them is taken from other patients, whatever their clinical need.
2. **Reported versus real performance.** Some trusts misreport breaches as within four hours.
   How many depends on the mix of trust "types" and on the chance of an audit.

Assumptions
-----------
- There are ``trusts`` A&E departments with ``patients_per_trust`` patients each. With no target,
  a patient's time in A&E (arrival to admission, transfer or discharge) is lognormal with median
  ``median_hours`` and log-spread ``spread``; each trust's median is also scaled by a random
  factor (log-sd ``TRUST_SPREAD``), so some trusts are busier than others.
- Each trust is one of four stylised types, in the shares given (honest trusts are the
  remainder). The types and their labels are this course's own simplification. They loosely
  echo, but are not, the four types of Bevan and Hood (2006) ("saints", "honest triers",
  "reactive gamers" and "rational maniacs"), which are defined differently; "knave" is borrowed
  from Le Grand (2003):
    * **clinician-led**: ignores the target, treats patients in clinical order, reports truthfully;
    * **honest**: works to meet the target by hurrying patients, reports truthfully;
    * **opportunist**: hurries patients, and *if it is still missing the target* records a
      share of its breaches as within four hours;
    * **knave**: hurries patients and records a share of its breaches as within four hours
      whether or not it is missing the target.
- Hurrying: in every trust except clinician-led ones, a patient who would otherwise stay
  between 4 hours and ``4 + reach_hours`` is hurried out with probability ``target_pressure``,
  leaving at a random time in the last ``RESCUE_WINDOW_MINUTES`` before four hours. Patients
  beyond the reach cannot be pulled back.
- Diversion: each minute saved by hurrying costs other patients ``diversion`` minutes in total,
  shared equally among every patient in that trust who was not hurried (so some of them now
  breach). The effort is allocated by the clock, not by clinical need.
- Misreporting: a gaming trust records each real breach as "within four hours" with probability
  ``rate x target_pressure x (1 - audit_chance)`` (``rate`` = ``opportunist_misreport`` or
  ``knave_misreport``): more pressure, more gaming; more audit, more deterrence. With no target
  pressure there is nothing to gain, so nobody misreports.
- Audit: each trust is audited with probability ``audit_chance``; an audit finds any misreporting
  and corrects that trust's reported figures to the real ones.

With ``diversion = 0`` the real share within four hours has a closed form
(:func:`expected_real_share`), which the simulation reproduces.

What it cannot show: why departments are slow (beds, staff, demand), harm or benefit to patients
from being hurried, the penalties and rewards that drive gaming, or how common each type of trust
really was. All parameter values are illustrative.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..parameters import Parameter, Parameters, check_seed, resolve, scenario_table
from .base import Model, require_table

THRESHOLD_HOURS = 4.0
RESCUE_WINDOW_MINUTES = 15.0  # hurried patients leave in the last 15 minutes before four hours
TRUST_SPREAD = 0.15  # log-sd of the trust-level factor on the median time
BIN_MINUTES = 10.0  # histogram bins (and the "last 10 minutes" bunching measure)
MAX_HOURS = 8.0  # histogram range

TYPES = ("clinician-led", "honest", "opportunist", "knave")

PARAMETERS = Parameters(
    "target_gaming",
    Parameter(
        "target_pct",
        "Target level",
        "% within 4 hours",
        80,
        100,
        98,
        1,
        "Share of patients who should leave A&E within four hours (98% from 2005, 95% from 2010).",
        integer=True,
    ),
    Parameter(
        "target_pressure",
        "Pressure to meet the target",
        "probability",
        0.0,
        1.0,
        0.7,
        0.05,
        "Chance that a patient about to breach is hurried out in time; it also scales the "
        "temptation to misreport (0 = no target pressure).",
    ),
    Parameter(
        "audit_chance",
        "Chance of audit",
        "probability",
        0.0,
        1.0,
        0.1,
        0.05,
        "Chance that a trust's figures are audited; an audit finds and corrects "
        "misreporting, and the threat deters it.",
    ),
    Parameter(
        "share_clinician_led",
        "Clinician-led trusts",
        "share of trusts",
        0.0,
        0.4,
        0.2,
        0.05,
        "Trusts that ignore the target, treat patients in clinical order and report truthfully.",
    ),
    Parameter(
        "share_opportunists",
        "Opportunists",
        "share of trusts",
        0.0,
        0.4,
        0.2,
        0.05,
        "Trusts that misreport some breaches when they are missing the target.",
    ),
    Parameter(
        "share_knaves",
        "Knaves",
        "share of trusts",
        0.0,
        0.2,
        0.1,
        0.05,
        "Trusts that misreport some breaches whether or not they are missing the target. "
        "Honest trusts are the remaining trusts.",
    ),
    Parameter(
        "opportunist_misreport",
        "Opportunists' misreporting",
        "probability",
        0.0,
        1.0,
        0.8,
        0.05,
        "Share of breaches an opportunist records as within four hours, at full pressure with no audit.",
    ),
    Parameter(
        "knave_misreport",
        "Knaves' misreporting",
        "probability",
        0.0,
        1.0,
        1.0,
        0.05,
        "Share of breaches a knave records as within four hours, at full pressure with no audit.",
    ),
    Parameter(
        "median_hours",
        "Median time in A&E without a target",
        "hours",
        1.0,
        4.0,
        2.0,
        0.1,
        "Median time from arrival to leaving A&E when staff follow clinical priority only.",
    ),
    Parameter(
        "spread",
        "Spread of times",
        "log-hours (sd)",
        0.2,
        1.0,
        0.5,
        0.05,
        "Standard deviation of log time in A&E: larger means more very long stays.",
    ),
    Parameter(
        "reach_hours",
        "Reach of hurrying",
        "hours past 4",
        0.0,
        4.0,
        2.0,
        0.25,
        "Patients who would stay up to this long past four hours can still be hurried out in time.",
    ),
    Parameter(
        "diversion",
        "Care lost per minute saved",
        "minutes per minute",
        0.0,
        2.0,
        1.0,
        0.1,
        "Minutes of other patients' care lost for each minute saved by hurrying a patient.",
    ),
    Parameter(
        "trusts", "Trusts", "trusts", 10, 200, 60, 1, "Number of A&E departments simulated.", integer=True
    ),
    Parameter(
        "patients_per_trust",
        "Patients per trust",
        "patients",
        50,
        2000,
        400,
        50,
        "Patients simulated in each department.",
        integer=True,
    ),
)

#: Named scenarios pre-rendered in the book (all other parameters at their defaults).
SCENARIOS = {
    "No target": dict(target_pressure=0.0, audit_chance=0.1),
    "Target, low audit": dict(target_pressure=0.7, audit_chance=0.05),
    "Target, high audit": dict(target_pressure=0.7, audit_chance=0.6),
    "Target, low audit, no care diverted": dict(target_pressure=0.7, audit_chance=0.05, diversion=0.0),
}


def _params(params: dict) -> dict:
    p = resolve(PARAMETERS, params)
    total = p["share_clinician_led"] + p["share_opportunists"] + p["share_knaves"]
    if total > 1.0 + 1e-9:  # cannot happen within the ranges, but guard the invariant
        raise ValueError(
            f"share_clinician_led + share_opportunists + share_knaves must be at most 1; got {total:g}"
        )
    return p


def type_counts(
    trusts: int, share_clinician_led: float, share_opportunists: float, share_knaves: float
) -> dict[str, int]:
    """How many trusts of each type: shares rounded by largest remainder, so they add up."""
    shares = np.array(
        [
            share_clinician_led,
            1.0 - share_clinician_led - share_opportunists - share_knaves,
            share_opportunists,
            share_knaves,
        ]
    )
    shares = np.clip(shares, 0.0, 1.0)
    raw = shares * trusts
    counts = np.floor(raw + 1e-9).astype(int)
    order = np.argsort(-(raw - counts), kind="stable")
    for i in order[: trusts - counts.sum()]:
        counts[i] += 1
    return dict(zip(TYPES, counts.tolist(), strict=True))


def _lognormal_cdf(x: float, median: float, sigma: float) -> float:
    return 0.5 * (1.0 + math.erf(math.log(x / median) / (sigma * math.sqrt(2.0))))


def expected_real_share(**params) -> float:
    """Expected share of patients really leaving within four hours when ``diversion`` is 0.

    ``F(4) + target_pressure x (share of trusts not clinician-led) x (F(4 + reach) - F(4))``,
    where ``F`` is the lognormal distribution of times pooled over trusts
    (log-sd ``sqrt(spread**2 + TRUST_SPREAD**2)``).
    """
    p = _params(params)
    sigma = math.sqrt(p["spread"] ** 2 + TRUST_SPREAD**2)
    f4 = _lognormal_cdf(THRESHOLD_HOURS, p["median_hours"], sigma)
    fr = _lognormal_cdf(THRESHOLD_HOURS + p["reach_hours"], p["median_hours"], sigma)
    counts = type_counts(p["trusts"], p["share_clinician_led"], p["share_opportunists"], p["share_knaves"])
    not_clinician_led = 1.0 - counts["clinician-led"] / p["trusts"]
    return f4 + p["target_pressure"] * not_clinician_led * (fr - f4)


def simulate_target_gaming(seed: int = 2005, **params) -> pd.DataFrame:
    """Simulate patients in A&E departments under a four-hour target; one row per patient.

    Parameters are those in :data:`PARAMETERS` (keyword arguments; defaults where omitted), plus
    ``seed`` (non-negative integer): the same inputs always give the same result, and scenarios
    run with the same seed share their random draws (so differences come from the parameters).

    Columns: ``trust`` (0, 1, ...), ``trust_type``, ``audited`` (the trust was audited),
    ``natural_hours`` (time in A&E with no target), ``hurried`` (hurried out before four hours),
    ``real_hours`` (time in A&E under the target), ``real_within_4h``, ``misreported`` (a real
    breach recorded as within four hours and not corrected), ``caught`` (a real breach recorded
    as within four hours, then found and corrected by an audit) and ``reported_within_4h``.
    """
    seed = check_seed(seed, PARAMETERS.model)
    p = _params(params)
    rng = np.random.default_rng(seed)
    n_t, n_p = p["trusts"], p["patients_per_trust"]
    # Every random draw is made whatever the parameters, in a fixed order (common random numbers).
    trust_factor = np.exp(TRUST_SPREAD * rng.standard_normal(n_t))
    trust_order = rng.permutation(n_t)
    audit_draw = rng.random(n_t)
    z = rng.standard_normal((n_t, n_p))
    hurry_draw = rng.random((n_t, n_p))
    leave_draw = rng.random((n_t, n_p))
    report_draw = rng.random((n_t, n_p))

    counts = type_counts(n_t, p["share_clinician_led"], p["share_opportunists"], p["share_knaves"])
    type_index = np.empty(n_t, dtype=np.int64)
    type_index[trust_order] = np.repeat(np.arange(len(TYPES)), list(counts.values()))
    is_clinician_led = type_index == 0

    natural = p["median_hours"] * trust_factor[:, None] * np.exp(p["spread"] * z)
    candidate = (natural > THRESHOLD_HOURS) & (natural <= THRESHOLD_HOURS + p["reach_hours"])
    hurried = candidate & (hurry_draw < p["target_pressure"]) & ~is_clinician_led[:, None]
    window = RESCUE_WINDOW_MINUTES / 60.0
    hurried_time = THRESHOLD_HOURS - window * leave_draw  # in (4 - window, 4]
    hurried_time = np.minimum(hurried_time, THRESHOLD_HOURS - 1e-6)
    saved = np.where(hurried, natural - hurried_time, 0.0).sum(axis=1)
    others = n_p - hurried.sum(axis=1)
    delay = p["diversion"] * saved / np.maximum(others, 1)
    real = np.where(hurried, hurried_time, natural + delay[:, None])
    real_within = real <= THRESHOLD_HOURS

    real_share_trust = real_within.mean(axis=1)
    below_target = 100 * real_share_trust < p["target_pct"]
    rate = np.select(
        [type_index == 2, type_index == 3],
        [p["opportunist_misreport"] * below_target, np.full(n_t, p["knave_misreport"])],
        0.0,
    )
    rate = rate * p["target_pressure"] * (1.0 - p["audit_chance"])
    audited = audit_draw < p["audit_chance"]
    attempted = ~real_within & (report_draw < rate[:, None])
    misreported = attempted & ~audited[:, None]
    caught = attempted & audited[:, None]

    trust = np.repeat(np.arange(n_t), n_p)
    return pd.DataFrame(
        {
            "trust": trust,
            "trust_type": pd.Categorical.from_codes(type_index[trust], categories=TYPES),
            "audited": audited[trust],
            "natural_hours": natural.ravel(),
            "hurried": hurried.ravel(),
            "real_hours": real.ravel(),
            "real_within_4h": real_within.ravel(),
            "misreported": misreported.ravel(),
            "caught": caught.ravel(),
            "reported_within_4h": (real_within | misreported).ravel(),
        }
    )


def _per_trust(results: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per-trust arrays (fast, with numpy): type code, audited, patients, real and reported %."""
    trust = results["trust"].to_numpy()
    n_t = int(trust.max()) + 1 if len(trust) else 0
    patients = np.bincount(trust, minlength=n_t)
    first = np.unique(trust, return_index=True)[1]
    return {
        "type": results["trust_type"].cat.codes.to_numpy()[first],
        "audited": results["audited"].to_numpy()[first],
        "patients": patients,
        "real_pct": 100 * np.bincount(trust, results["real_within_4h"].to_numpy(), n_t) / patients,
        "reported_pct": 100 * np.bincount(trust, results["reported_within_4h"].to_numpy(), n_t) / patients,
        "caught": np.bincount(trust, results["caught"].to_numpy(), n_t),
    }


def last_minutes_share(hours: np.ndarray | pd.Series, minutes: float = BIN_MINUTES) -> float:
    """% of patients leaving in the ``minutes`` just before four hours."""
    h = np.asarray(hours, dtype=float)
    inside = (h > THRESHOLD_HOURS - minutes / 60.0) & (h <= THRESHOLD_HOURS)
    return 100.0 * inside.mean()


def summarise_target_gaming(results: pd.DataFrame, target_pct: float = 98) -> pd.Series:
    """Headline numbers for one simulation (patients pooled over all trusts)."""
    t = _per_trust(results)
    hurried = results["hurried"].to_numpy()
    extra = (results["real_hours"].to_numpy() - results["natural_hours"].to_numpy())[~hurried]
    real = 100 * results["real_within_4h"].to_numpy().mean()
    reported = 100 * results["reported_within_4h"].to_numpy().mean()
    return pd.Series(
        {
            "real % within 4 h": real,
            "reported % within 4 h": reported,
            "reported minus real (points)": reported - real,
            "% leaving in the 10 min before 4 h": last_minutes_share(results["real_hours"]),
            "% leaving in those 10 min with no target": last_minutes_share(results["natural_hours"]),
            "% of patients hurried": 100 * hurried.mean(),
            "extra minutes for everyone else": float(60 * extra.mean()) if len(extra) else 0.0,
            "trusts reporting target met": int((t["reported_pct"] >= target_pct).sum()),
            "trusts really meeting target": int((t["real_pct"] >= target_pct).sum()),
            "trusts caught misreporting": int((t["caught"] > 0).sum()),
        },
        dtype=object,
    )


def by_type(results: pd.DataFrame) -> pd.DataFrame:
    """Real and reported % within four hours for each type of trust, and for all trusts.

    Percentages pool the patients of all trusts of that type (``NaN`` where there are none).
    """
    t = _per_trust(results)
    rows = []
    for code, name in enumerate(TYPES):
        sel = t["type"] == code
        n = t["patients"][sel].sum()
        rows.append(
            (
                name,
                int(sel.sum()),
                (t["real_pct"][sel] * t["patients"][sel]).sum() / n if n else np.nan,
                (t["reported_pct"][sel] * t["patients"][sel]).sum() / n if n else np.nan,
            )
        )
    rows.append(
        (
            "all trusts",
            len(t["type"]),
            100 * results["real_within_4h"].to_numpy().mean(),
            100 * results["reported_within_4h"].to_numpy().mean(),
        )
    )
    return pd.DataFrame(rows, columns=["trust type", "trusts", "real %", "reported %"]).set_index(
        "trust type"
    )


def compare_scenarios(scenarios: dict | None = None, seed: int = 2005, **common) -> pd.DataFrame:
    """Summaries side by side for named scenarios (default :data:`SCENARIOS`).

    ``common`` settings apply to every scenario; one that a scenario sets itself is refused.
    """
    seed = check_seed(seed, PARAMETERS.model)
    table = scenario_table(
        SCENARIOS if scenarios is None else scenarios,
        lambda settings: summarise_target_gaming(
            simulate_target_gaming(seed=seed, **settings), _params(settings)["target_pct"]
        ),
        common,
        PARAMETERS,
    )
    for column in table.columns:
        table[column] = pd.to_numeric(table[column])
    return table


_BINS = np.arange(0.0, MAX_HOURS + 1e-9, BIN_MINUTES / 60.0)


def _histogram(hours: np.ndarray) -> np.ndarray:
    counts, _ = np.histogram(np.minimum(hours, MAX_HOURS - 1e-9), bins=_BINS)
    return 100.0 * counts / max(len(hours), 1)


def _build(fig):
    """Create the two panels and the artists that later redraws update in place."""
    from matplotlib.ticker import MaxNLocator, MultipleLocator

    from ..figures import set_panel_cuts
    from ..style import COLOURS, OKABE_ITO, figure_size

    fig.clear()
    fig.set_size_inches(figure_size(5.0))
    # Two panels, each with its title and legend in its own half of the figure: the explorer
    # stacks the halves on a narrow screen.
    left = fig.add_axes([0.10, 0.30, 0.37, 0.58])
    right = fig.add_axes([0.69, 0.30, 0.28, 0.58])
    set_panel_cuts(fig, 0.5)
    zeros = np.zeros(len(_BINS) - 1)
    real = left.stairs(
        zeros, _BINS, color="#A6D5F2", edgecolor=OKABE_ITO["blue"], fill=True, label="with the target"
    )
    natural = left.stairs(
        zeros, _BINS, color=COLOURS["event"], linestyle=":", linewidth=1.5, label="no target"
    )
    left.axvline(THRESHOLD_HOURS, color=COLOURS["target"], linestyle="--", linewidth=1.5, label="four hours")
    left.set(xlim=(0, MAX_HOURS), xlabel="Hours in A&E", ylabel="% of patients per 10 min")
    left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, handlelength=1.5, columnspacing=1)
    left.xaxis.set_major_locator(MultipleLocator(2))
    left.yaxis.set_major_locator(MaxNLocator(3))
    left.grid(False)
    labels = ["Clinician-led", "Honest", "Opportunists", "Knaves", "All"]
    y = np.arange(len(labels))
    real_bars = right.barh(y - 0.2, np.zeros(len(y)), height=0.38, color=COLOURS["performance"], label="real")
    reported_bars = right.barh(
        y + 0.2,
        np.zeros(len(y)),
        height=0.38,
        color="white",
        edgecolor=OKABE_ITO["orange"],
        linewidth=1.5,
        label="reported",
    )
    target_line = right.axvline(98, color=COLOURS["target"], linestyle="--", linewidth=1.5, label="target")
    right.set(yticks=y, yticklabels=labels, ylim=(len(y) - 0.5, -0.5), xlabel="% within 4 hours")
    right.legend(loc="upper center", bbox_to_anchor=(0.3, -0.2), ncol=3, handlelength=1.2, columnspacing=0.8)
    right.xaxis.set_major_locator(MaxNLocator(3, integer=True))
    right.grid(False)
    # Few, short texts and no automatic titles: text layout is most of the cost of each redraw in
    # the explorer. The legends are drawn once and do not change.
    fig._target_gaming = dict(
        left=left,
        right=right,
        natural=natural,
        real=real,
        real_bars=real_bars,
        reported_bars=reported_bars,
        target_line=target_line,
        left_title=left.text(  # centred on the left half of the figure (x = 0.25)
            0.15 / 0.37, 1.04, "", transform=left.transAxes, ha="center", fontsize=11, fontweight="bold"
        ),
        right_title=right.text(
            0.3, 1.04, "", transform=right.transAxes, ha="center", fontsize=11, fontweight="bold"
        ),
    )
    return fig._target_gaming


def plot_target_gaming(results: pd.DataFrame, target_pct: float = 98, fig=None):
    """Two panels: the distribution of time in A&E, and real vs reported performance by type.

    Returns ``(fig, alt_text)``. Left: % of patients leaving in each 10-minute interval, with no
    target (dotted line) and with the target (filled), and the four-hour line. Right: real
    (solid) and reported (outlined) % within four hours for each type of trust and for all
    trusts, with the target as a dashed line. Pass the ``fig`` of an earlier call to redraw into
    it quickly (the artists are updated in place).
    """
    import matplotlib.pyplot as plt

    if fig is None:
        fig = plt.figure()
    art = getattr(fig, "_target_gaming", None)
    if art is None or art["left"] not in fig.axes:
        art = _build(fig)

    natural_hist = _histogram(results["natural_hours"].to_numpy())
    real_hist = _histogram(results["real_hours"].to_numpy())
    art["natural"].set_data(natural_hist)
    art["real"].set_data(real_hist)
    from ..figures import steady_limits

    # round steps: the axes (slow to draw) change only now and then
    art["left"].set_ylim(
        *steady_limits(0, max(natural_hist.max(), real_hist.max()) * 1.1 + 0.1, include=(0, 10))
    )

    table = by_type(results)
    real_pct = table["real %"].to_numpy(dtype=float)
    reported_pct = table["reported %"].to_numpy(dtype=float)
    present = real_pct[~np.isnan(real_pct)]
    # at most 80 (most settings), lower in steps of 5 when needed: the axes change only now and then
    low = min(80.0, max(50.0, 5 * math.floor((min(present.min(initial=100.0), target_pct) - 3) / 5)))
    for bars, values in ((art["real_bars"], real_pct), (art["reported_bars"], reported_pct)):
        for bar, value in zip(bars, values, strict=True):
            bar.set_x(low)
            bar.set_width(0.0 if np.isnan(value) else max(value - low, 0.0))
    art["right"].set_xlim(low, 100)
    art["target_line"].set_xdata([target_pct, target_pct])

    s = summarise_target_gaming(results, target_pct)
    last, last0 = s["% leaving in the 10 min before 4 h"], s["% leaving in those 10 min with no target"]
    art["left_title"].set_text(
        f"{last:.1f}% leave in the 10 minutes\nbefore 4 hours ({last0:.1f}% with no target)"
    )
    art["right_title"].set_text(
        f"Within 4 hours: reported\n{s['reported % within 4 h']:.1f}%, really {s['real % within 4 h']:.1f}%"
    )

    parts = []
    for name, n, r, rep in zip(
        ["clinician-led trusts", "honest trusts", "opportunists", "knaves"],
        table["trusts"].iloc[:4],
        real_pct[:4],
        reported_pct[:4],
        strict=True,
    ):
        parts.append(
            f"{name}: no trusts" if n == 0 else f"{name} ({n} trusts) real {r:.1f}%, reported {rep:.1f}%"
        )
    alt = (
        f"First panel: histogram of time in A&E for {len(results):,} simulated patients in "
        f"{results['trust'].nunique()} trusts, with and without a four-hour target. With the "
        f"target, {last:.1f}% of patients leave in the 10 minutes before four hours, against "
        f"{last0:.1f}% with no target; {s['% of patients hurried']:.1f}% are hurried out, and "
        f"everyone else spends {s['extra minutes for everyone else']:.1f} minutes longer on "
        f"average. Second panel: real and reported % within four hours against a {target_pct:g}% "
        f"target: all trusts real {s['real % within 4 h']:.1f}%, reported "
        f"{s['reported % within 4 h']:.1f}%; " + "; ".join(parts) + ". "
        f"{s['trusts reporting target met']} trusts report meeting the target and "
        f"{s['trusts really meeting target']} really do; audits caught "
        f"{s['trusts caught misreporting']} trusts misreporting."
    )
    return fig, alt


def render_target_gaming(fig=None, seed: int = 2005, **params):
    """Simulate and plot in one call (what the explorer runs on every slider move)."""
    full = _params(params)
    results = simulate_target_gaming(seed=seed, **full)
    return plot_target_gaming(results, full["target_pct"], fig=fig)


def target_gaming_explorer(**values):
    """Sliders for pressure, audit, the mix of trust types and diversion (others fixed)."""
    from ..explorer import ModelExplorer

    start = resolve(PARAMETERS, values)
    return ModelExplorer(
        PARAMETERS,
        render_target_gaming,
        start,
        shown=("target_pressure", "audit_chance", "share_opportunists", "share_knaves", "diversion"),
    )


def plot_scenarios(table: pd.DataFrame, target_pct: float = 98, layout: str = "wide"):
    """Real vs reported performance, and bunching before four hours, in each named scenario.

    ``table`` is the output of :func:`compare_scenarios`. The two panels are side by side, or
    stacked with ``layout="narrow"``. Returns ``(fig, alt_text)``.
    """
    import matplotlib.pyplot as plt

    from ..style import COLOURS, MIN_FONT_PT, OKABE_ITO, check_layout, figure_size

    require_table(
        PARAMETERS.model,
        table,
        ("real % within 4 h", "reported % within 4 h", "% leaving in the 10 min before 4 h"),
    )
    wide = check_layout(layout) == "wide"
    fig, (ax1, ax2) = plt.subplots(
        *((1, 2) if wide else (2, 1)),
        figsize=figure_size(4.6 if wide else 8.4, layout),
        layout="constrained",
        sharey=wide,
        gridspec_kw=dict(width_ratios=[1.4, 1]) if wide else dict(height_ratios=[1.3, 1]),
    )
    names = list(table.index)
    y = 1.7 * np.arange(len(names))  # room above each pair of bars for the scenario's name
    real = table["real % within 4 h"].to_numpy(dtype=float)
    reported = table["reported % within 4 h"].to_numpy(dtype=float)
    last = table["% leaving in the 10 min before 4 h"].to_numpy(dtype=float)
    low = 5 * math.floor((min(real.min(), target_pct) - 3) / 5)
    ax1.barh(y - 0.2, real - low, left=low, height=0.38, color=COLOURS["performance"], label="real")
    ax1.barh(
        y + 0.2,
        reported - low,
        left=low,
        height=0.38,
        color="white",
        edgecolor=OKABE_ITO["orange"],
        linewidth=1.5,
        label="reported",
    )
    for yi, (r, rep) in enumerate(zip(real, reported, strict=True)):
        ax1.text(low + 0.3, y[yi] - 0.2, f"{r:.1f}", va="center", fontsize=MIN_FONT_PT, color="white")
        ax1.text(low + 0.3, y[yi] + 0.2, f"{rep:.1f}", va="center", fontsize=MIN_FONT_PT)
    ax1.axvline(target_pct, color=COLOURS["target"], linestyle="--", label=f"{target_pct:g}% target")
    ax2.barh(y, last, color=COLOURS["spread"], edgecolor=COLOURS["event"], height=0.6)
    for yi, v in enumerate(last):
        ax2.text(v + 0.1, y[yi], f"{v:.1f}%", va="center", fontsize=MIN_FONT_PT)
    for ax in (ax1, ax2) if not wide else (ax1,):
        for yi, name in zip(y, names, strict=True):
            ax.text(0, yi - 0.45, name, transform=ax.get_yaxis_transform(), fontsize=11, va="bottom")
    ax1.set(xlim=(low, 100), xlabel="% of patients within four hours", title="Real and reported performance")
    ax2.set(
        xlim=(0, max(last.max() * 1.35, 1)),
        xlabel="% of patients",
        title="Leaving in the 10 minutes\nbefore four hours",
    )
    for ax in (ax1, ax2):
        ax.set(yticks=[], ylim=(y[-1] + 0.6, -1.2))
        ax.grid(axis="y", visible=False)
    ax1.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=3, handlelength=1.5, columnspacing=1)
    parts = [
        f"{n}: real {r:.1f}%, reported {rep:.1f}%, {v:.1f}% leaving in the last 10 minutes"
        for n, r, rep, v in zip(names, real, reported, last, strict=True)
    ]
    alt = (
        "Two horizontal bar charts, one row per scenario. First panel: real and reported % of patients "
        f"within four hours, against a {target_pct:g}% target. Second panel: % of patients leaving A&E "
        "in the 10 minutes before four hours. " + "; ".join(parts) + "."
    )
    return fig, alt


MODEL = Model(
    name="target_gaming",
    chapter=2,
    title="Gaming a hard four-hour target",
    parameters=PARAMETERS,
    scenarios=SCENARIOS,
    simulate=simulate_target_gaming,
    summarise=summarise_target_gaming,
    compare_scenarios=compare_scenarios,
    plot=plot_target_gaming,
    render=render_target_gaming,
    plot_scenarios=plot_scenarios,
    explorer=target_gaming_explorer,
    seed=2005,
    book_controls={
        "target_pressure": (0.0, 0.35, 0.7, 1.0),
        "audit_chance": (0.05, 0.1, 0.3, 0.6),
        "diversion": (0.0, 1.0),
    },
)
