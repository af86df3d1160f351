"""The capstone: a 15-year reform programme for a population of organisations (chapter 12). A stylised
model, not a forecast, and no evidence about the NHS.

The student sets a national programme (target pressure, inspection, competition, investment in
improvement capability and leadership development, reorganisations, devolution and how long
ministers stay) and the model runs it for 15 years over a population of organisations, many times
with different random histories. It puts together mechanisms from the course's other models,
with their documented default values read from those models' own ``PARAMETERS`` (so the capstone
stays in step with them):

- **improvement capability** (chapter 6, :mod:`~nhsreform.models.improvement_capability`):
  capability (0–100) starts at 10; training closes ``improvement_training_pct`` per cent of its
  gap to 100 a year; performance grows by up to 4% a year at full capability (``gain_pct_per_year``);
  each reorganisation wipes out 40% of capability (``reset_share``);
- **external push** (chapter 6): target pressure gives real performance a push of up to 15 index
  points (``push_pct`` in chapter 6's scenarios) at year 1, fading with a half-life of 2 years
  (``push_half_life_years``); this course assumes that :data:`PUSH_KEPT` of it stays while the
  pressure is held;
- **gaming** (chapter 2, :mod:`~nhsreform.models.target_gaming`): 20% of organisations are
  opportunists and 10% knaves (``share_opportunists``, ``share_knaves``), who misreport with
  probabilities 0.8 (opportunists, only while below the average) and 1.0 (knaves), times the
  target pressure, times the chance of escaping audit. Misreporting everything would add
  :data:`GAMING_POINTS` index points to reported performance (this course's scale);
- **inspection** (chapter 3, :mod:`~nhsreform.models.inspection_accuracy`): each organisation is
  inspected every 3 years (``interval_years``) for ``inspection_days`` days; a rating scores its
  real performance (as a z-score between organisations) with an error of SD
  ``sqrt(0.25**2 + 1.0**2 / days)`` (``blind_spot``, ``noise_one_day``); an organisation
  scoring below the threshold of the bottom 10% (``failing_share``) is rated failing and gets a
  turnaround push of
  :data:`TURNAROUND_POINTS` that fades like the chapter 6 push. Inspection is also the audit: the
  chance that misreporting is caught is ``1 - exp(-days / AUDIT_DAYS)`` (this course's own);
- **competition** (chapter 4, :mod:`~nhsreform.models.patient_choice`): a share ``competition``
  of income follows the patient. An organisation below the average loses the share
  ``tanh(information * gap / (2 * TASTE_SPREAD))`` of its patients (the two-provider form of
  chapter 4's logit rule, information 0.5, taste spread 5 points) and raises its quality by
  ``responsiveness`` (10 points) times the share of income lost;
- **reorganisation** (chapter 5, :mod:`~nhsreform.models.reorganisation_disruption`): each
  reorganisation (spread evenly over the 15 years) knocks 5% off performance (``dip_pct``) and
  halves the pace of improvement (``momentum_loss`` 0.5), both recovering with a half-life of 12
  months (``half_life_months``);
- **devolution** (chapter 8, :mod:`~nhsreform.models.national_and_local`): each organisation's
  best method lies at a distance drawn with SD 1.0 from the centre's (``heterogeneity``); a
  method's fit is ``exp(-distance**2 / 2)``. Under central prescription an organisation uses the
  centre's method; with devolution a share ``devolution`` of its improvement uses its own
  choice, which starts with an error of SD 0.6 (``local_error``), corrects 20% of it a year
  (``local_learning``) and gains 10% from ownership (``ownership_bonus``);
- **ministerial churn** (chapter 1, :mod:`~nhsreform.models.initiative_churn`): ministers change
  at random, on average every ``minister_tenure_years`` (exponential tenures); at each change the
  programme of training and leadership development survives with probability 0.3
  (``survival_chance``), and is otherwise paused for that year (a relaunch).
- **leadership development** (this course's reading of the report's chapter 9 and of chapter 6's
  "leadership continuity"): a share ``leadership_pct`` of the leaders not yet developed are
  developed each year; a developed leadership spreads know-how, so a reorganisation wipes out
  less capability (up to half less), and it raises staff engagement.

Staff engagement (an index, 0–100, starting at 50) moves each year a third of the way towards
a level that rises with leadership, capability and devolution and falls with target pressure,
inspection burden, reorganisations, relaunches and being rated failing (:data:`ENGAGEMENT_WEIGHTS`,
this course's own), plus a small yearly noise.
Engagement does **not** drive performance in the model: the evidence of chapter 6 is an
association, not a proven cause. Cost is the extra spending each year, in per cent of an
organisation's normal yearly budget (:data:`COSTS`, illustrative). Variation is the gap between
the 90th and 10th percentiles of real performance across organisations.

Every run draws its own organisations (starting performance with SD :data:`START_SD`, types,
best methods), its own ministerial changes and inspection errors, and a yearly noise of SD
:data:`NOISE_POINTS`. The results are the median and the 10th and 90th percentiles across runs.

What it cannot show: anything about the real NHS (every number is illustrative, and the
mechanisms are the course's reading of the report, not measured effects); benefits of a
reorganisation; how pressure, inspection and competition interact in reality (here they add up);
whether engagement causes performance; money as a limit (cost is counted, never binding);
politics, public opinion, or what a minister can actually control.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pandas as pd

from ..parameters import (
    Parameter,
    Parameters,
    check_seed,
    resolve,
    scenario_runs,
    scenario_table,
)
from . import (
    improvement_capability,
    initiative_churn,
    inspection_accuracy,
    national_and_local,
    patient_choice,
    reorganisation_disruption,
    target_gaming,
)
from .base import Model, require_runs, require_table


def _default(module, name: str) -> float:
    """A documented default value of another course model's parameter."""
    return {p.name: p.default for p in module.PARAMETERS}[name]


#: Years simulated (the programme's length).
YEARS = 15
# Chapter 6: capability and the external push.
START_CAPABILITY = improvement_capability.START_CAPABILITY
GAIN = _default(improvement_capability, "gain_pct_per_year") / 100.0
RESET_SHARE = _default(improvement_capability, "reset_share")
PUSH_POINTS = improvement_capability.SCENARIOS["External pressure only"]["push_pct"]
PUSH_HALF_LIFE = _default(improvement_capability, "push_half_life_years")
#: Share of the push kept while the pressure is held (this course's assumption).
PUSH_KEPT = 1.0 / 3.0
# Chapter 2: gaming.
SHARE_OPPORTUNISTS = _default(target_gaming, "share_opportunists")
SHARE_KNAVES = _default(target_gaming, "share_knaves")
OPPORTUNIST_MISREPORT = _default(target_gaming, "opportunist_misreport")
KNAVE_MISREPORT = _default(target_gaming, "knave_misreport")
#: Index points added to reported performance by misreporting everything (this course's scale).
GAMING_POINTS = 25.0
# Chapter 3: inspection.
INSPECTION_INTERVAL = _default(inspection_accuracy, "interval_years")
BLIND_SPOT = _default(inspection_accuracy, "blind_spot")
NOISE_ONE_DAY = _default(inspection_accuracy, "noise_one_day")
FAILING_SHARE = _default(inspection_accuracy, "failing_share")
#: Turnaround push for an organisation rated failing (index points; fades like the chapter 6 push).
TURNAROUND_POINTS = 5.0
#: Days on site at which an inspection catches 63% of misreporting (this course's own).
AUDIT_DAYS = 6.0
# Chapter 4: competition.
INFORMATION = _default(patient_choice, "information")
RESPONSIVENESS = _default(patient_choice, "responsiveness")
TASTE_SPREAD = patient_choice.TASTE_SPREAD
# Chapter 5: reorganisation.
DIP = _default(reorganisation_disruption, "dip_pct") / 100.0
MOMENTUM_LOSS = _default(reorganisation_disruption, "momentum_loss")
REORG_HALF_LIFE = _default(reorganisation_disruption, "half_life_months") / 12.0
# Chapter 8: devolution.
HETEROGENEITY = _default(national_and_local, "heterogeneity")
LOCAL_ERROR = _default(national_and_local, "local_error")
LOCAL_LEARNING = _default(national_and_local, "local_learning")
OWNERSHIP_BONUS = _default(national_and_local, "ownership_bonus")
# Chapter 1: ministerial churn.
SURVIVAL_CHANCE = _default(initiative_churn, "survival_chance")
#: Between-organisation spread of starting performance (SD, index points) and yearly noise (SD).
START_SD = 5.0
NOISE_POINTS = 1.0
#: Engagement: start, share of the gap to its level closed each year, and the level's weights.
ENGAGEMENT_START = 50.0
ENGAGEMENT_PACE = 1.0 / 3.0
ENGAGEMENT_WEIGHTS = dict(
    leadership=15.0,  # points at a fully developed leadership
    capability=10.0,  # points at full capability
    devolution=5.0,  # points at full devolution
    pressure=-12.0,  # points at full target pressure
    inspection_day=-1.0,  # points per day on site
    reorganisation=-8.0,  # points in the year of a reorganisation
    relaunch=-2.0,  # points in a year the programme is relaunched
    failing=-3.0,  # points in the year an organisation is rated failing
)
#: Extra cost, in % of a normal year's budget (illustrative).
COSTS = dict(
    training=0.1,  # per % of untrained staff trained a year
    leadership=0.05,  # per % of leaders developed a year
    inspection_day=0.1,  # per day on site (spread over the 3-year cycle)
    competition=3.0,  # running a market, at full competition
    reorganisation=2.0,  # in the year of each reorganisation
    relaunch=0.5,  # in a year the programme is relaunched
)

PARAMETERS = Parameters(
    "reform_programme",
    Parameter(
        "target_pressure",
        "Target pressure",
        "0 to 1",
        0.0,
        1.0,
        0.3,
        0.05,
        "Pressure to meet national targets (chapter 2): it gives a fast push to real performance and "
        "the temptation to misreport (0 = no targets).",
    ),
    Parameter(
        "inspection_days",
        "Inspection depth",
        "days on site every 3 years",
        0,
        10,
        2,
        1,
        "Days each inspection spends on site (chapter 3); 0 = no inspection. Deeper inspections rate "
        "more accurately and catch more misreporting.",
        integer=True,
    ),
    Parameter(
        "competition",
        "Role of competition",
        "share of income following patients",
        0.0,
        1.0,
        0.3,
        0.05,
        "Share of income that follows the patient's choice (chapter 4); 0 = no market.",
    ),
    Parameter(
        "improvement_training_pct",
        "Improvement training",
        "% of untrained staff a year",
        0.0,
        40.0,
        10.0,
        1.0,
        "Share of staff not yet trained in an improvement method who are trained each year (chapter 6).",
    ),
    Parameter(
        "leadership_pct",
        "Leadership development",
        "% of leaders a year",
        0.0,
        40.0,
        10.0,
        1.0,
        "Share of leaders not yet developed who go through leadership development each year.",
    ),
    Parameter(
        "reorganisations",
        "Reorganisations",
        "in 15 years",
        0,
        5,
        1,
        1,
        "Structural reorganisations in the 15 years, spread evenly (chapter 5).",
        integer=True,
    ),
    Parameter(
        "devolution",
        "Devolution",
        "0 to 1",
        0.0,
        1.0,
        0.5,
        0.05,
        "Share of decisions on how to improve taken locally (chapter 8); 0 = central prescription.",
    ),
    Parameter(
        "minister_tenure_years",
        "Ministerial tenure",
        "years (average)",
        0.5,
        10.0,
        2.5,
        0.5,
        "Average time a minister stays (chapter 1); at each change the programme may be relaunched.",
    ),
    Parameter(
        "runs",
        "Simulated histories",
        "runs",
        10,
        200,
        50,
        10,
        "Independent histories; the bands show the 10th to 90th percentile across them.",
        integer=True,
    ),
    Parameter(
        "organisations",
        "Organisations",
        "organisations",
        20,
        300,
        80,
        10,
        "Organisations in each simulated history (their spread gives the variation).",
        integer=True,
    ),
)

#: The eight settings of a programme (what the explorer's sliders set).
PROGRAMME = PARAMETERS.names[:8]

#: Named programmes pre-rendered in the book.
SCENARIOS = {
    "External pressure, as 2000–2010": dict(
        target_pressure=0.8,
        inspection_days=3,
        competition=0.6,
        improvement_training_pct=2.0,
        leadership_pct=2.0,
        reorganisations=3,
        devolution=0.1,
        minister_tenure_years=2.5,
    ),
    "Repeated reorganisation": dict(
        target_pressure=0.3,
        inspection_days=2,
        competition=0.3,
        improvement_training_pct=10.0,
        leadership_pct=5.0,
        reorganisations=5,
        devolution=0.3,
        minister_tenure_years=2.0,
    ),
    "From within only": dict(
        target_pressure=0.0,
        inspection_days=0,
        competition=0.0,
        improvement_training_pct=20.0,
        leadership_pct=20.0,
        reorganisations=0,
        devolution=0.8,
        minister_tenure_years=2.5,
    ),
    "The report's mix": dict(
        target_pressure=0.3,
        inspection_days=3,
        competition=0.2,
        improvement_training_pct=20.0,
        leadership_pct=20.0,
        reorganisations=0,
        devolution=0.7,
        minister_tenure_years=5.0,
    ),
}

#: The outcomes, yearly, per run (columns of :func:`simulate_reform_programme`).
OUTCOMES = ("real", "reported", "engagement", "capability", "extra_cost", "variation")
#: Bands: the percentiles across runs.
BAND = (10, 50, 90)


def reorganisation_years(reorganisations: int) -> np.ndarray:
    """The years (1 to 14) of ``reorganisations`` reorganisations spread evenly over 15 years."""
    n = resolve(PARAMETERS, dict(reorganisations=reorganisations))["reorganisations"]
    return np.round(np.arange(1, n + 1) * YEARS / (n + 1)).astype(int)


def audit_chance(inspection_days: int) -> float:
    """Chance that misreporting is caught, for inspections of ``inspection_days`` days on site."""
    days = resolve(PARAMETERS, dict(inspection_days=inspection_days))["inspection_days"]
    return 1.0 - math.exp(-days / AUDIT_DAYS)


def rating_error_sd(inspection_days: int) -> float:
    """SD of an inspection's error (chapter 3's formula), in SDs of the spread between organisations."""
    days = resolve(PARAMETERS, dict(inspection_days=inspection_days))["inspection_days"]
    return math.inf if days == 0 else math.sqrt(BLIND_SPOT**2 + NOISE_ONE_DAY**2 / days)


def _simulate_arrays(seed: int, p: dict) -> dict[str, np.ndarray]:
    """The yearly outcomes as arrays of shape (runs, YEARS + 1); year 0 is the start."""
    rng = np.random.default_rng(seed)
    runs, orgs = p["runs"], p["organisations"]
    shape = (runs, orgs)
    pressure, days, compete = p["target_pressure"], p["inspection_days"], p["competition"]
    train, lead, dev = p["improvement_training_pct"] / 100, p["leadership_pct"] / 100, p["devolution"]

    # Organisations: starting performance, type (chapter 2), best method and first local error (chapter 8).
    internal = 100.0 + START_SD * rng.standard_normal(shape)
    kind = rng.random(shape)
    knave = kind < SHARE_KNAVES
    opportunist = (kind >= SHARE_KNAVES) & (kind < SHARE_KNAVES + SHARE_OPPORTUNISTS)
    best = HETEROGENEITY * rng.standard_normal(shape)
    error0 = LOCAL_ERROR * rng.standard_normal(shape)
    central_fit = np.exp(-(best**2) / 2)
    offset = rng.integers(0, int(INSPECTION_INTERVAL), size=shape)
    # Noise, inspection errors and ministerial changes, all drawn at once.
    noise = NOISE_POINTS * rng.standard_normal((YEARS, runs, orgs))
    rating_noise = rng.standard_normal((YEARS, runs, orgs))
    changes = rng.poisson(1.0 / p["minister_tenure_years"], size=(YEARS, runs))
    relaunch = rng.random((YEARS, runs)) >= SURVIVAL_CHANCE**changes  # the programme is dropped
    relaunch &= (train + lead) > 0  # with no programme of training there is nothing to relaunch
    engagement_noise = rng.standard_normal((YEARS, runs, orgs))

    reorg_years = set(reorganisation_years(p["reorganisations"]).tolist())
    catch = 1.0 - math.exp(-days / AUDIT_DAYS)
    err_sd = rating_error_sd(days)
    threshold = -1.2815515655446004  # the 10th percentile of a standard normal (FAILING_SHARE = 0.1)
    push_fade = 0.5 ** (1.0 / PUSH_HALF_LIFE)
    reorg_fade = 0.5 ** (1.0 / REORG_HALF_LIFE)
    w = ENGAGEMENT_WEIGHTS

    capability = np.full(shape, START_CAPABILITY)
    leadership = np.zeros(shape)
    engagement = np.full(shape, ENGAGEMENT_START)
    dip = np.zeros(shape)
    momentum_lost = 0.0
    turnaround = np.zeros(shape)
    out = {k: np.empty((runs, YEARS + 1)) for k in OUTCOMES}
    every_real = np.empty((runs, YEARS + 1, orgs))

    def record(t, real, reported, extra_cost):
        out["real"][:, t] = real.mean(axis=1)
        out["reported"][:, t] = reported.mean(axis=1)
        out["engagement"][:, t] = engagement.mean(axis=1)
        out["capability"][:, t] = capability.mean(axis=1)
        out["extra_cost"][:, t] = extra_cost
        every_real[:, t] = real

    record(0, internal, internal, np.zeros(runs))
    for t in range(1, YEARS + 1):
        active = ~relaunch[t - 1][:, None]  # (runs, 1): the programme runs this year
        reorganised = t in reorg_years
        if reorganised:  # chapter 5's dip and lost momentum; chapter 6's lost capability
            dip = 1.0 - (1.0 - dip) * (1.0 - DIP)
            momentum_lost = 1.0 - (1.0 - momentum_lost) * (1.0 - MOMENTUM_LOSS)
            capability = capability * (1.0 - RESET_SHARE * (1.0 - 0.5 * leadership))
        local_fit = np.exp(-((error0 * (1.0 - LOCAL_LEARNING) ** (t - 1)) ** 2) / 2) * (1 + OWNERSHIP_BONUS)
        fit = (1.0 - dev) * central_fit + dev * local_fit
        internal = internal * (1.0 + GAIN * capability / 100.0 * fit * (1.0 - momentum_lost))
        capability = capability + np.where(active, train, 0.0) * (100.0 - capability)
        leadership = leadership + np.where(active, lead, 0.0) * (1.0 - leadership)
        push = PUSH_POINTS * pressure * (PUSH_KEPT + (1 - PUSH_KEPT) * push_fade ** (t - 1))
        real = internal * (1.0 - dip) + push + turnaround + noise[t - 1]
        # Competition (chapter 4): organisations below the average lose patients and respond.
        gap = np.maximum(real.mean(axis=1, keepdims=True) - real, 0.0)
        gain = compete * RESPONSIVENESS * np.tanh(INFORMATION * gap / (2 * TASTE_SPREAD))
        internal, real = internal + gain, real + gain
        # Inspection (chapter 3): every 3 years; the bottom 10% by score get a turnaround push.
        failing = np.zeros(shape, dtype=bool)
        if days > 0:
            z = (real - real.mean(axis=1, keepdims=True)) / real.std(axis=1, keepdims=True)
            failing = (offset == t % int(INSPECTION_INTERVAL)) & (
                z + err_sd * rating_noise[t - 1] < threshold
            )
        turnaround = turnaround * push_fade + TURNAROUND_POINTS * failing
        # Gaming (chapter 2): misreporting, deterred by the chance of being caught.
        below = real < real.mean(axis=1, keepdims=True)
        rate = np.where(knave, KNAVE_MISREPORT, np.where(opportunist & below, OPPORTUNIST_MISREPORT, 0.0))
        reported = real + GAMING_POINTS * rate * pressure * (1.0 - catch)
        level = (
            ENGAGEMENT_START
            + w["leadership"] * leadership
            + w["capability"] * capability / 100.0
            + w["devolution"] * dev
            + w["pressure"] * pressure
            + w["inspection_day"] * days
            + w["reorganisation"] * reorganised
            + w["relaunch"] * ~active
            + w["failing"] * failing
        )
        engagement = engagement + ENGAGEMENT_PACE * (level - engagement) + engagement_noise[t - 1]
        extra_cost = (
            (COSTS["training"] * p["improvement_training_pct"] + COSTS["leadership"] * p["leadership_pct"])
            * active[:, 0]
            + COSTS["inspection_day"] * days
            + COSTS["competition"] * compete
            + COSTS["reorganisation"] * reorganised
            + COSTS["relaunch"] * relaunch[t - 1]
        )
        record(t, real, reported, extra_cost)
        dip = dip * reorg_fade
        momentum_lost = momentum_lost * reorg_fade
    lo, hi = np.percentile(every_real, [10, 90], axis=2)
    out["variation"] = hi - lo
    return out


def simulate_reform_programme(seed: int = 2014, **params) -> pd.DataFrame:
    """Run a programme; one row per run and year (year 0 is the start, before the programme).

    Parameters are those in :data:`PARAMETERS` (keyword arguments; defaults where omitted), plus
    ``seed`` (non-negative integer): the same inputs always give the same result.

    Columns: ``run``, ``year``, and for each run the average over its organisations of ``real``
    and ``reported`` performance (index, 100 at the start), ``engagement`` (0–100) and
    ``capability`` (0–100); ``extra_cost`` (extra spending that year, % of a normal year's budget)
    and ``variation`` (90th minus 10th percentile of real performance across organisations).
    """
    seed = check_seed(seed, PARAMETERS.model)
    p = resolve(PARAMETERS, params)
    out = _simulate_arrays(seed, p)
    runs = p["runs"]
    table = {"run": np.repeat(np.arange(runs), YEARS + 1), "year": np.tile(np.arange(YEARS + 1), runs)}
    table.update({k: out[k].ravel() for k in OUTCOMES})
    return pd.DataFrame(table)


def _arrays(results: pd.DataFrame, caller: str) -> dict[str, np.ndarray]:
    """The outcomes of :func:`simulate_reform_programme`'s table as arrays (runs, years)."""
    missing = [c for c in ("run", "year", *OUTCOMES) if c not in getattr(results, "columns", ())]
    if missing:
        raise ValueError(
            f"{PARAMETERS.model}.{caller} takes the table returned by simulate_reform_programme(); "
            f"it lacks column(s) {missing}"
        )
    ordered = results.sort_values(["run", "year"])
    runs = ordered["run"].nunique()
    return {k: ordered[k].to_numpy(dtype=float).reshape(runs, -1) for k in OUTCOMES}


def _bands(out: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Percentiles :data:`BAND` across runs: outcome -> array (3, years)."""
    stacked = np.percentile(np.stack([out[k] for k in OUTCOMES]), BAND, axis=1)  # (3, outcomes, years)
    return {k: stacked[:, i, :] for i, k in enumerate(OUTCOMES)}


def _summary(out: dict[str, np.ndarray]) -> dict[str, float]:
    b = _bands(out)
    low, mid, high = (b["real"][i, -1] for i in range(3))
    return {
        "real performance": mid,
        "real performance p10": low,
        "real performance p90": high,
        "reported performance": b["reported"][1, -1],
        "gap reported − real": float(np.median(out["reported"][:, -1] - out["real"][:, -1])),
        "staff engagement": b["engagement"][1, -1],
        "staff engagement p10": b["engagement"][0, -1],
        "staff engagement p90": b["engagement"][2, -1],
        "capability": b["capability"][1, -1],
        "total extra cost": float(np.median(out["extra_cost"].sum(axis=1))),
        "variation between organisations": b["variation"][1, -1],
        "band width, real performance": high - low,
    }


def bands(results: pd.DataFrame) -> pd.DataFrame:
    """For each year and outcome: the 10th, 50th (median) and 90th percentiles across runs.

    ``results`` is the output of :func:`simulate_reform_programme`. Columns ``year`` and
    ``<outcome> p10``, ``<outcome> median``, ``<outcome> p90``.
    """
    b = _bands(_arrays(results, "bands"))
    parts = {"year": np.arange(YEARS + 1)}
    for i, label in enumerate(("p10", "median", "p90")):
        for k in OUTCOMES:
            parts[f"{k} {label}"] = b[k][i]
    return pd.DataFrame(parts)


def summarise_reform_programme(results: pd.DataFrame) -> pd.Series:
    """Headline numbers at year 15 (medians across runs, and the 10th–90th percentile band).

    Performance is an index (100 at the start); engagement runs from 0 to 100; the gap is the
    median across runs of reported minus real performance; the total extra cost is summed over the
    15 years, in % of a normal year's budget; variation is the 90th minus the 10th percentile of
    real performance across organisations (index points).
    """
    return pd.Series(_summary(_arrays(results, "summarise_reform_programme")), dtype=float)


def compare_scenarios(scenarios: dict | None = None, seed: int = 2014, **common) -> pd.DataFrame:
    """Year-15 summaries side by side for named programmes (default :data:`SCENARIOS`).

    ``common`` settings (e.g. ``runs``) apply to every programme; one that a programme sets
    itself is refused.
    """
    seed = check_seed(seed, PARAMETERS.model)

    def summarise(settings):
        return summarise_reform_programme(simulate_reform_programme(seed=seed, **settings))

    return scenario_table(SCENARIOS if scenarios is None else scenarios, summarise, common, PARAMETERS)


def simulate_scenarios(scenarios: dict | None = None, seed: int = 2014, **common) -> dict[str, pd.DataFrame]:
    """The yearly results of each named programme (for :func:`plot_scenario_runs`)."""
    seed = check_seed(seed, PARAMETERS.model)
    chosen = SCENARIOS if scenarios is None else scenarios
    run = functools.partial(simulate_reform_programme, seed=seed)
    return scenario_runs(chosen, run, common, PARAMETERS)


# --------------------------------------------------------------------------------------------
# Figures

#: The four panels of the figure: (outcomes drawn, title, y label), left column then right.
_PANELS = (
    (("real", "reported"), "Performance", "Index, start = 100"),
    (("engagement",), "Staff engagement", "Index, 0 to 100"),
    (("extra_cost",), "Extra cost each year", "% of a year's budget"),
    (("variation",), "Variation", "90th − 10th pct (points)"),
)
#: Height of the explorer's figure (inches; its width is the column's).
FIGURE_HEIGHT_IN = 5.8
#: Axes positions [left, bottom, width, height]: two columns, cut apart at x = 0.5 on a phone.
_AXES = (
    (0.12, 0.52, 0.34, 0.33),
    (0.12, 0.1, 0.34, 0.31),
    (0.63, 0.52, 0.34, 0.33),
    (0.63, 0.1, 0.34, 0.31),
)


def _looks():
    from ..style import COLOURS, OKABE_ITO

    return {
        "real": dict(color=COLOURS["performance"], linestyle="-"),
        "reported": dict(color=OKABE_ITO["vermillion"], linestyle="--"),
        "engagement": dict(color=OKABE_ITO["bluish_green"], linestyle="-"),
        "extra_cost": dict(color=OKABE_ITO["reddish_purple"], linestyle="-"),
        "variation": dict(color=OKABE_ITO["orange"], linestyle="-"),
    }


def _build(fig):
    """Create the four panels and the artists that later redraws update in place.

    Titles and axis labels have fixed positions (no automatic layout), so that a redraw only
    moves data: text layout is most of the cost of each redraw in the explorer.
    """
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator, MultipleLocator

    from ..figures import set_panel_cuts
    from ..style import OKABE_ITO, figure_size

    fig.clear()
    fig.set_size_inches(figure_size(FIGURE_HEIGHT_IN))
    set_panel_cuts(fig, 0.5)
    looks = _looks()
    parts = {"axes": [], "lines": {}, "bands": {}}
    for (outcomes, title, ylabel), box in zip(_PANELS, _AXES, strict=True):
        ax = fig.add_axes(box)
        ax.set_title(title, fontsize=11, fontweight="bold", loc="left", y=1.02, pad=0)
        ax.set_ylabel(ylabel)
        ax.yaxis.set_label_coords(-0.22, 0.5)
        ax.set_xlim(0, YEARS)
        ax.xaxis.set_major_locator(MultipleLocator(5))
        ax.yaxis.set_major_locator(MaxNLocator(2, steps=[1, 2, 5, 10]))
        for k in outcomes:
            parts["bands"][k] = ax.fill_between(
                [0, 1], [0, 0], [0, 0], color=looks[k]["color"], alpha=0.25, linewidth=0
            )
            (parts["lines"][k],) = ax.plot([], [], linewidth=2, **looks[k])
        parts["axes"].append(ax)
    for i, ax in enumerate(parts["axes"]):
        if i in (0, 2):  # the top panels share the bottom panels' years
            ax.tick_params(labelbottom=False)
        else:
            ax.set_xlabel("Years")
            ax.xaxis.set_label_coords(0.5, -0.18)
    band = Patch(color=OKABE_ITO["grey"], alpha=0.35, linewidth=0)
    # Above the top-left panel, inside the left half of the figure (the explorer may cut it off).
    fig.legend(
        handles=[parts["lines"]["real"], parts["lines"]["reported"], band],
        labels=["real (median)", "reported (median)", "10th–90th pct"],
        loc="upper left",
        bbox_to_anchor=(0.0, 1.0),
        ncol=2,
        handlelength=1.6,
        columnspacing=1.0,
        frameon=False,
    )
    fig._reform_programme = parts
    return parts


#: Steps to which each panel's y limits are rounded (so that the ticks change rarely).
_STEPS = {"real": 20.0, "engagement": 10.0, "extra_cost": 2.0, "variation": 5.0}
#: Each panel shows at least this range, which holds most programmes: the axes stay put as the
#: sliders move (the explorer then redraws only the lines), and widen in steps for the rest.
_SPANS = {
    "real": (80.0, 160.0),
    "engagement": (40.0, 70.0),
    "extra_cost": (0.0, 10.0),
    "variation": (0.0, 15.0),
}


def _limits(low: np.ndarray, high: np.ndarray, step: float, span: tuple[float, float]):
    lo, hi = float(np.min(low)), float(np.max(high))
    lo, hi = step * math.floor(lo / step), step * math.ceil(hi / step)
    return min(lo, span[0]), max(hi, span[1])


def _alt(s: dict, runs: int) -> str:
    return (
        f"Four line charts over {YEARS} years, each the median of {runs} simulated histories with a "
        f"band from the 10th to the 90th percentile. Performance (index, 100 at the start): real "
        f"{s['real performance']:.0f} at year {YEARS} (band {s['real performance p10']:.0f} to "
        f"{s['real performance p90']:.0f}), reported {s['reported performance']:.0f}. Staff "
        f"engagement (0 to 100): {s['staff engagement']:.0f} at year {YEARS}, from 50 at the start. "
        f"Extra cost: {s['total extra cost']:.0f}% of a year's budget in total over the {YEARS} "
        f"years. Variation between organisations (90th minus 10th percentile of real performance): "
        f"{s['variation between organisations']:.0f} points at year {YEARS}."
    )


def _draw(out: dict[str, np.ndarray], fig=None):
    import matplotlib.pyplot as plt

    from ..style import figure_size

    if fig is None:
        fig = plt.figure(figsize=figure_size(FIGURE_HEIGHT_IN))
    parts = getattr(fig, "_reform_programme", None)
    if parts is None or len(fig.axes) != 4:
        parts = _build(fig)
    b = _bands(out)
    x = np.arange(YEARS + 1, dtype=float)
    back = x[::-1]
    for ax, (outcomes, _title, _ylabel) in zip(parts["axes"], _PANELS, strict=True):
        for k in outcomes:
            lo, mid, hi = b[k]
            parts["lines"][k].set_data(x, mid)
            verts = np.concatenate([np.column_stack([x, lo]), np.column_stack([back, hi[::-1]])])
            parts["bands"][k].set_verts([verts])
        low = np.concatenate([b[k][0] for k in outcomes])
        high = np.concatenate([b[k][2] for k in outcomes])
        ax.set_ylim(*_limits(low, high, _STEPS[outcomes[0]], _SPANS[outcomes[0]]))
    return fig, _alt(_summary(out), out["real"].shape[0])


def plot_reform_programme(results: pd.DataFrame, fig=None):
    """Four panels over the 15 years: real and reported performance, staff engagement, extra cost
    and variation between organisations; each the median across runs (line) with the 10th–90th
    percentile band (shading). ``results`` is the output of :func:`simulate_reform_programme`.
    Returns ``(fig, alt_text)``. Pass the ``fig`` of an earlier call to redraw into it quickly.
    """
    return _draw(_arrays(results, "plot_reform_programme"), fig=fig)


def render_reform_programme(fig=None, seed: int = 2014, **params):
    """Simulate and plot in one call (what the explorer runs on every slider move)."""
    seed = check_seed(seed, PARAMETERS.model)
    return _draw(_simulate_arrays(seed, resolve(PARAMETERS, params)), fig=fig)


def reform_programme_explorer(**values):
    """Eight sliders, one per programme setting (runs and organisations fixed at ``values``/defaults)."""
    from ..explorer import ModelExplorer

    start = resolve(PARAMETERS, values)
    return ModelExplorer(PARAMETERS, render_reform_programme, start, shown=PROGRAMME)


#: Line styles and markers for the programmes (colour is never the only cue).
_STYLES = ("-", "--", ":", "-.")
_MARKERS = ("o", "s", "^", "D")


def plot_scenarios(table: pd.DataFrame):
    """Year-15 results of each named programme: four panels (real performance, engagement, total
    extra cost, variation), each programme a dot (median) with a bar (10th–90th percentile where
    the table has it). ``table`` is the output of :func:`compare_scenarios`. Returns
    ``(fig, alt_text)``.
    """
    import matplotlib.pyplot as plt

    from ..style import OKABE_ITO, figure_size

    require_table(
        PARAMETERS.model,
        table,
        ("real performance", "staff engagement", "total extra cost", "variation between organisations"),
        hint="For the yearly runs of simulate_scenarios(), use plot_scenario_runs",
    )
    names = list(table.index)
    colours = [
        OKABE_ITO[c] for c in ("vermillion", "orange", "bluish_green", "blue", "reddish_purple", "black")
    ]
    fig, axes = plt.subplots(
        len(names) and 1, 4, figsize=figure_size(0.55 * len(names) + 2.4), sharey=True, layout="constrained"
    )
    columns = (
        ("real performance", "Real\nperformance"),
        ("staff engagement", "Staff\nengagement"),
        ("total extra cost", "Extra cost,\n15 years (%)"),
        ("variation between organisations", "Variation"),
    )
    y = np.arange(len(names))[::-1]
    for ax, (column, label) in zip(axes, columns, strict=True):
        for i, name in enumerate(names):
            value = float(table.loc[name, column])
            ax.plot(
                value, y[i], marker=_MARKERS[i % 4], color=colours[i % len(colours)], markersize=8, ls="none"
            )
            if f"{column} p10" in table.columns:
                lo, hi = float(table.loc[name, f"{column} p10"]), float(table.loc[name, f"{column} p90"])
                ax.plot([lo, hi], [y[i], y[i]], color=colours[i % len(colours)], linewidth=2)
        ax.set_title(label, fontsize=11)
        ax.xaxis.set_major_locator(plt.MaxNLocator(3))
        ax.margins(x=0.15)
        ax.grid(axis="y", visible=False)
    axes[0].set_yticks(y, [n.replace(", ", ",\n", 1) for n in names])
    key = [
        plt.Line2D([], [], marker="o", color=OKABE_ITO["grey"], linestyle="none", label="median of the runs"),
        plt.Line2D([], [], color=OKABE_ITO["grey"], linewidth=2, label="10th to 90th percentile"),
    ]
    fig.legend(handles=key, loc="outside lower center", ncol=2)
    parts = [
        f"{name}: real performance {float(table.loc[name, 'real performance']):.0f}, engagement "
        f"{float(table.loc[name, 'staff engagement']):.0f}, extra cost "
        f"{float(table.loc[name, 'total extra cost']):.0f}%, variation "
        f"{float(table.loc[name, 'variation between organisations']):.0f}"
        for name in names
    ]
    alt = (
        f"Dot charts, one row per programme, of four stylised results at year {YEARS} (medians of the "
        "simulated histories; bars from the 10th to the 90th percentile): " + "; ".join(parts) + "."
    )
    return fig, alt


def plot_scenario_runs(runs: dict[str, pd.DataFrame]):
    """Median real performance and staff engagement over time in each named programme, with
    10th–90th percentile bands. ``runs`` is the output of :func:`simulate_scenarios`. Returns
    ``(fig, alt_text)``.
    """
    import matplotlib.pyplot as plt

    from ..figures import set_panel_cuts
    from ..style import OKABE_ITO, figure_size

    require_runs(PARAMETERS.model, runs)
    colours = [
        OKABE_ITO[c] for c in ("vermillion", "orange", "bluish_green", "blue", "reddish_purple", "black")
    ]
    fig = plt.figure(figsize=figure_size(3.9))
    left = fig.add_axes([0.11, 0.47, 0.36, 0.45])
    right = fig.add_axes([0.61, 0.47, 0.36, 0.45])
    set_panel_cuts(fig, 0.5)
    parts = []
    for i, (name, results) in enumerate(runs.items()):
        b = bands(results)
        look = dict(color=colours[i % len(colours)], linestyle=_STYLES[i % 4], linewidth=2)
        for ax, k in ((left, "real"), (right, "engagement")):
            ax.fill_between(b["year"], b[f"{k} p10"], b[f"{k} p90"], color=look["color"], alpha=0.2, lw=0)
            ax.plot(b["year"], b[f"{k} median"], label=name, **look)
        end = b.iloc[-1]
        parts.append(
            f"{name}: real performance {end['real median']:.0f} (band {end['real p10']:.0f} to "
            f"{end['real p90']:.0f}), engagement {end['engagement median']:.0f}"
        )
    left.set(xlabel="Years", ylabel="Index, start = 100", xlim=(0, YEARS))
    right.set(xlabel="Years", ylabel="Index, 0 to 100", xlim=(0, YEARS))
    left.set_title("Real performance", fontsize=11, fontweight="bold", loc="left")
    right.set_title("Staff engagement", fontsize=11, fontweight="bold", loc="left")
    fig.legend(
        handles=left.lines, loc="lower left", bbox_to_anchor=(0.0, 0.0), frameon=False, handlelength=2.2
    )
    alt = (
        f"Two line charts over {YEARS} years, medians of the simulated histories with bands from the 10th "
        "to the 90th percentile, one line per programme. At year 15: " + "; ".join(parts) + "."
    )
    return fig, alt


MODEL = Model(
    name="reform_programme",
    chapter=12,
    title="Design a reform programme",
    parameters=PARAMETERS,
    scenarios=SCENARIOS,
    simulate=simulate_reform_programme,
    summarise=summarise_reform_programme,
    compare_scenarios=compare_scenarios,
    plot=plot_reform_programme,
    render=render_reform_programme,
    plot_scenarios=plot_scenarios,
    explorer=reform_programme_explorer,
    seed=2014,
    book_controls={
        "improvement_training_pct": (2.0, 10.0, 20.0),
        "reorganisations": (0, 1, 3, 5),
        "target_pressure": (0.0, 0.3, 0.8),
    },
)
