"""Patient choice at fixed prices (chapter 4). A stylised model, not a forecast.

Illustrates the market reforms of the 2000s as The King's Fund's companion pages describe them:
wider patient choice of provider, and Payment by Results, so that money follows the patient and
hospitals face "stronger incentives" in a "self-improving system". Because every hospital is
paid the same fixed price (tariff) per case, a hospital cannot win patients by cutting its price:
in this model it can win them back only by raising quality.

Assumptions
-----------
- A stylised region with five hospitals: three in a city (A, B, C, a triangle with sides of
  ``hospital_spacing_km``), one in a market town (D) and one in the countryside (E). The whole map
  scales with ``hospital_spacing_km``. Patients live around the city (55%), the town (25%) and
  the rural hospital (20%); where exactly is drawn at random from ``seed``.
- Each patient considers every hospital within ``choice_radius_km`` (the nearest hospital always
  counts). A patient with only one hospital in reach **cannot choose**.
- Patients choose by a logit rule: the appeal of hospital j to patient i is
  ``information × quality_j − travel_cost × distance_ij``, and patient i picks j with probability
  proportional to ``exp(appeal / TASTE_SPREAD)``. ``TASTE_SPREAD`` (5 quality points) stands for
  everything else that sways a choice and that the model does not see.
- ``information`` is the share of the true quality differences that patients perceive: 0 means
  they choose on convenience alone, 1 means they see quality exactly.
- Each hospital's *traditional caseload* is what it would get if quality played no part in
  choices (``information = 0``). Money follows the patient: a share ``income_at_risk`` of its
  income is paid per case at the same tariff; the rest is a fixed budget.
- Each round (think of a year), a hospital whose caseload is below its traditional caseload has
  lost income. It raises its quality by ``responsiveness × share of income lost`` points
  (quality is capped at 100). Hospitals never close, merge or cut quality, and better quality
  costs nothing.
- Caseloads are expected values (the sum of each patient's choice probabilities), so the
  hospital results do not depend on chance once the patients are placed; the map colours each
  patient by one random draw of their final-round choice.

What it cannot show: real NHS hospitals, patients or effect sizes (every number is illustrative);
prices, costs or budgets (better quality is free here, and nobody exits the market); the
transaction costs of running a market; GP referral, waiting times, or patients' differing
abilities to travel and to use information.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from ..parameters import Parameter, Parameters, check_seed, resolve, scenario_table
from .base import Model, require_table

PARAMETERS = Parameters(
    "patient_choice",
    Parameter(
        "information",
        "Patients see quality",
        "share",
        0.0,
        1.0,
        0.5,
        0.05,
        "Share of the true quality differences between hospitals that patients perceive "
        "(0 = choices ignore quality).",
    ),
    Parameter(
        "travel_cost",
        "Dislike of travel",
        "points per km",
        0.0,
        2.0,
        0.5,
        0.05,
        "Quality points a patient would give up to travel one kilometre less.",
    ),
    Parameter(
        "choice_radius_km",
        "Furthest patients will travel",
        "km",
        5,
        100,
        25,
        5,
        "Patients consider hospitals within this distance (the nearest always counts).",
    ),
    Parameter(
        "hospital_spacing_km",
        "Distance between city hospitals",
        "km",
        5,
        60,
        20,
        1,
        "Scale of the map: the city hospitals are this far apart; the town hospital is "
        "about twice as far from its nearest city hospital, the rural one about three times.",
    ),
    Parameter(
        "income_at_risk",
        "Income that follows the patient",
        "share",
        0.0,
        1.0,
        1.0,
        0.05,
        "Share of a hospital's income paid per case at the fixed tariff (1 = all of it; "
        "a block budget or a bail-out lowers it).",
    ),
    Parameter(
        "responsiveness",
        "Quality response to lost income",
        "points per round",
        0,
        30,
        10,
        1,
        "Quality points a hospital adds in a round if it has lost all of its income; "
        "proportionally less for a smaller loss.",
    ),
    Parameter(
        "rounds", "Rounds (years)", "rounds", 1, 30, 10, 1, "Rounds of choosing and responding.", integer=True
    ),
    Parameter(
        "patients",
        "Patients simulated",
        "patients",
        100,
        5000,
        1500,
        100,
        "Patients placed on the map (more patients, steadier results).",
        integer=True,
    ),
)

#: The logit's spread of tastes, in quality points (fixed; see the module docstring).
TASTE_SPREAD = 5.0

#: Hospitals: name, position in units of ``hospital_spacing_km``, starting quality (0-100 points,
#: illustrative), and where their patients live (share of patients, spread in spacing units).
HOSPITALS = pd.DataFrame(
    {
        "hospital": ["City A", "City B", "City C", "Town D", "Rural E"],
        "x": [0.0, 1.0, 0.5, 3.0, -1.5],
        "y": [0.0, 0.0, 0.87, 0.3, 3.0],
        "start_quality": [72.0, 50.0, 60.0, 45.0, 55.0],
    }
)
#: Where patients live: centre (spacing units), spread (spacing units) and share of patients.
SETTLEMENTS = (
    ("city", (0.5, 0.29), 0.8, 0.55),
    ("town", (3.0, 0.3), 0.6, 0.25),
    ("countryside", (-1.5, 3.0), 0.9, 0.20),
)

#: Named scenarios pre-rendered in the book (all other parameters at their defaults).
SCENARIOS = {
    "No information": dict(information=0.0),
    "Some information (defaults)": dict(information=0.5),
    "Good information, short distances": dict(information=1.0, hospital_spacing_km=8),
    "Good information, weak incentives": dict(information=1.0, income_at_risk=0.2),
    "Rural: one nearby hospital": dict(information=1.0, hospital_spacing_km=45),
}


def _choice_probabilities(quality, info, travel_cost, dist, reach):
    appeal = (info * quality)[None, :] - travel_cost * dist
    appeal = np.where(reach, appeal, -np.inf)
    appeal -= appeal.max(axis=1, keepdims=True)
    w = np.exp(appeal / TASTE_SPREAD)
    return w / w.sum(axis=1, keepdims=True)


@lru_cache(maxsize=32)
def _run(seed: int, items: tuple):
    """The whole simulation for one (seed, parameters) pair; cached, results are read-only."""
    p = dict(items)
    rng = np.random.default_rng(seed)
    scale = p["hospital_spacing_km"]
    n = p["patients"]

    # Place the patients.
    counts = rng.multinomial(n, [s[3] for s in SETTLEMENTS])
    where, xy = [], []
    for (name, centre, spread, _), k in zip(SETTLEMENTS, counts, strict=True):
        xy.append(rng.normal(centre, spread, size=(k, 2)))
        where += [name] * k
    xy = np.vstack(xy) * scale
    hxy = HOSPITALS[["x", "y"]].to_numpy() * scale
    dist = np.hypot(xy[:, None, 0] - hxy[None, :, 0], xy[:, None, 1] - hxy[None, :, 1])
    nearest = dist.argmin(axis=1)
    reach = dist <= p["choice_radius_km"]
    reach[np.arange(n), nearest] = True

    q0 = HOSPITALS["start_quality"].to_numpy().copy()
    base_probs = _choice_probabilities(q0, 0.0, p["travel_cost"], dist, reach)
    traditional = base_probs.sum(axis=0)

    q = q0.copy()
    qualities, caseloads, income = [], [], []  # one array per round
    probs = base_probs
    push = p["responsiveness"] * p["income_at_risk"]
    for r in range(1, p["rounds"] + 1):
        probs = _choice_probabilities(q, p["information"], p["travel_cost"], dist, reach)
        caseload = probs.sum(axis=0)
        ratio = np.divide(caseload, traditional, out=np.ones_like(caseload), where=traditional > 1e-9)
        lost = np.clip(1.0 - ratio, 0.0, 1.0)
        qualities.append(q.copy())
        caseloads.append(caseload)
        income.append(100 * p["income_at_risk"] * (ratio - 1.0))
        if r < p["rounds"]:
            q = np.minimum(100.0, q + push * lost)
    # One table at the end (building one per round and joining them cost more than the model).
    rounds, k = p["rounds"], len(q0)
    hospitals = pd.DataFrame(
        {
            "round": np.repeat(np.arange(1, rounds + 1), k),
            "hospital": np.tile(HOSPITALS["hospital"].to_numpy(), rounds),
            "quality": np.concatenate(qualities),
            "patients": np.concatenate(caseloads),
            "traditional_patients": np.tile(traditional, rounds),
            "income_change_pct": np.concatenate(income),
        }
    )

    # One random draw of each patient's final choice, for the map only.
    u = rng.random(n)
    drawn = np.minimum((probs.cumsum(axis=1) < u[:, None]).sum(axis=1), len(q) - 1)
    patients = pd.DataFrame(
        {
            "x_km": xy[:, 0],
            "y_km": xy[:, 1],
            "lives_in": where,
            "hospitals_in_reach": reach.sum(axis=1),
            "can_choose": reach.sum(axis=1) > 1,
            "nearest": HOSPITALS["hospital"].to_numpy()[nearest],
            "quality_before_choice": base_probs @ q0,
            "quality_final_round": probs @ q,
            "km_before_choice": (base_probs * dist).sum(axis=1),
            "km_final_round": (probs * dist).sum(axis=1),
            "chance_not_nearest": 1.0 - probs[np.arange(n), nearest],
            "drawn_choice": HOSPITALS["hospital"].to_numpy()[drawn],
        }
    )
    patients["quality_gain"] = patients["quality_final_round"] - patients["quality_before_choice"]
    return hospitals, patients


def simulate_patient_choice(seed: int = 2014, **params) -> pd.DataFrame:
    """Simulate patient choice and hospitals' responses; one row per hospital per round.

    Parameters are those in :data:`PARAMETERS` (keyword arguments; defaults where omitted), plus
    ``seed`` (non-negative integer) so that the same inputs always give the same result.

    Columns: ``round`` (1 = the first round of choice), ``hospital``, ``quality`` (at the start of
    the round, 0–100 points), ``patients`` (expected caseload that round),
    ``traditional_patients`` (the caseload if quality played no part in choices) and
    ``income_change_pct`` (income that round compared with traditional income, in %).
    """
    seed = check_seed(seed, PARAMETERS.model)
    p = resolve(PARAMETERS, params)
    return _run(seed, tuple(sorted(p.items())))[0].copy()


def patient_table(seed: int = 2014, **params) -> pd.DataFrame:
    """The simulated patients, one row each: where they live and what choice did for them.

    Columns: ``x_km``, ``y_km``, ``lives_in`` (city, town or countryside),
    ``hospitals_in_reach``, ``can_choose`` (more than one hospital in reach), ``nearest``,
    ``quality_before_choice`` and ``quality_final_round`` (expected quality of the hospital
    used), ``km_before_choice`` and ``km_final_round`` (expected distance travelled),
    ``chance_not_nearest`` (final round), ``drawn_choice`` (one random draw of the final choice)
    and ``quality_gain``. "Before choice" means patients choosing on convenience alone, at the
    starting qualities.
    """
    seed = check_seed(seed, PARAMETERS.model)
    p = resolve(PARAMETERS, params)
    return _run(seed, tuple(sorted(p.items())))[1].copy()


def summarise_patient_choice(hospitals: pd.DataFrame, patients: pd.DataFrame) -> pd.Series:
    """Headline numbers for one simulation: who can choose, who gains, what it costs in travel."""
    first = hospitals[hospitals["round"] == hospitals["round"].min()]
    last = hospitals[hospitals["round"] == hospitals["round"].max()]
    choosers = patients[patients["can_choose"]]
    captive = patients[~patients["can_choose"]]
    return pd.Series(
        {
            "patients who cannot choose (%)": 100 * len(captive) / len(patients),
            "quality gain, patients who can choose (points)": choosers["quality_gain"].mean()
            if len(choosers)
            else float("nan"),
            "quality gain, patients who cannot choose (points)": captive["quality_gain"].mean()
            if len(captive)
            else float("nan"),
            "quality gain, all patients (points)": patients["quality_gain"].mean(),
            "quality gap between hospitals, first round (points)": first["quality"].max()
            - first["quality"].min(),
            "quality gap between hospitals, last round (points)": last["quality"].max()
            - last["quality"].min(),
            "biggest income loss, first round (%)": max(0.0, -first["income_change_pct"].min()),
            "patients not using nearest hospital, last round (%)": 100
            * patients["chance_not_nearest"].mean(),
            "extra distance travelled (km)": (
                patients["km_final_round"] - patients["km_before_choice"]
            ).mean(),
        }
    )


def compare_scenarios(scenarios: dict | None = None, seed: int = 2014, **common) -> pd.DataFrame:
    """Summaries side by side for named scenarios (default :data:`SCENARIOS`).

    ``common`` settings apply to every scenario; one that a scenario sets itself is refused.
    """
    seed = check_seed(seed, PARAMETERS.model)
    return scenario_table(
        SCENARIOS if scenarios is None else scenarios,
        lambda settings: summarise_patient_choice(
            simulate_patient_choice(seed=seed, **settings), patient_table(seed=seed, **settings)
        ),
        common,
        PARAMETERS,
    )


MARKERS = ("o", "s", "^", "D", "v")
#: The explorer's figure: its height (inches) and where the map sits in it (left, bottom, width,
#: height, as fractions). The map and its key fill the left half of the figure, the quality
#: panel the right half, so the explorer can stack them on a narrow screen.
FIGURE_HEIGHT_IN = 5.2
MAP_AXES = (0.03, 0.30, 0.44, 0.50)


def _hospital_colours():
    from ..style import OKABE_ITO

    return [OKABE_ITO[k] for k in ("blue", "orange", "bluish_green", "vermillion", "reddish_purple")]


def plot_patient_choice(hospitals: pd.DataFrame, patients: pd.DataFrame, spacing_km: float, fig=None):
    """Map of the region (left) and each hospital's quality over the rounds (right).

    Returns ``(fig, alt_text)``. On the map, each patient is a dot coloured by the hospital
    they chose in the final round; patients with only one hospital in reach are grey crosses.
    Hospitals are large lettered markers, with the same shapes and letters as their lines in
    the quality panel.
    Pass the ``fig`` of an earlier call to redraw into it quickly (the artists are reused and
    only their data change; the figure keeps few text elements so that it renders fast).
    """
    import matplotlib.pyplot as plt

    from ..figures import set_panel_cuts
    from ..style import FIGURE_WIDTH_IN, figure_size

    colours = _hospital_colours()
    names = list(HOSPITALS["hospital"])
    if fig is None:
        fig = plt.figure(figsize=figure_size(FIGURE_HEIGHT_IN))
    art = getattr(fig, "_patient_choice_artists", None)
    if art is None or len(fig.axes) != 2:
        # Built once; later calls only change the artists' data. Titles and labels are figure
        # texts at fixed places (cheaper to draw than axes titles and axis labels).
        fig.clear()
        fig.set_size_inches(figure_size(FIGURE_HEIGHT_IN))
        ax_map = fig.add_axes(MAP_AXES)
        ax_q = fig.add_axes((0.64, 0.16, 0.31, 0.64))
        set_panel_cuts(fig, 0.5)
        ax_map.set(xticks=[], yticks=[])
        ax_map.grid(False)
        for side in ("top", "right"):
            ax_map.spines[side].set_visible(True)
        ax_q.set(ylim=(30, 102), yticks=[40, 60, 80, 100])
        fig.text(0.25, 0.815, "Who goes where", ha="center", fontsize=11)
        fig.text(0.795, 0.815, "Quality by round", ha="center", fontsize=11)
        fig.text(0.575, 0.48, "points", rotation=90, va="center", ha="center", fontsize=11)
        art = {
            "captive": ax_map.scatter(
                [], [], s=6, marker="x", linewidths=0.6, c="#9a9a9a", label="patient with no choice"
            ),
            # one single-colour collection per hospital: drawn far faster than per-point colours
            "choosers": [
                ax_map.scatter(
                    [], [], s=5, linewidths=0, c=colours[i], label="patient, colour of the hospital chosen"
                )
                for i in range(len(names))
            ],
            "hospitals": [
                ax_map.scatter(
                    [],
                    [],
                    s=90,
                    marker=MARKERS[i],
                    c=colours[i],
                    edgecolors="black",
                    linewidths=1.2,
                    zorder=3,
                    label="hospital (lettered as its line)",
                )
                for i in range(len(names))
            ],
            "map_labels": [
                ax_map.text(
                    0, 0, name[-1], ha="center", va="bottom", fontsize=11, fontweight="bold", zorder=4
                )
                for name in names
            ],
            "lines": [
                ax_q.plot([], [], color=colours[i], marker=MARKERS[i], markersize=4, label=name)[0]
                for i, name in enumerate(names)
            ],
            "line_labels": [
                ax_q.text(0, 0, name[-1], va="center", fontsize=11, fontweight="bold", color=colours[i])
                for i, name in enumerate(names)
            ],
            "title": fig.text(0.25, 0.975, "", ha="center", va="top", fontsize=12, fontweight="bold"),
            "scale": fig.text(0.25, 0.245, "", ha="center", va="top", fontsize=11),
        }
        # Drawn once, under the map: what its marks are (the lines are lettered at their ends).
        fig.legend(
            handles=[art["captive"], art["choosers"][0], art["hospitals"][0]],
            loc="upper center",
            ncol=1,
            bbox_to_anchor=(0.25, 0.19),
            handletextpad=0.3,
            columnspacing=1.2,
            markerscale=1.5,
        )
        fig._patient_choice_artists = art
    ax_map, ax_q = fig.axes

    # Plain arrays rather than table selections: the same numbers, a fraction of the time.
    can = patients["can_choose"].to_numpy(dtype=bool)
    where = patients[["x_km", "y_km"]].to_numpy().reshape(-1, 2)
    art["captive"].set_offsets(where[~can])
    chosen = patients["drawn_choice"].to_numpy()[can]
    xy = where[can]
    for i, name in enumerate(names):
        art["choosers"][i].set_offsets(xy[chosen == name])
    hxy = HOSPITALS[["x", "y"]].to_numpy() * spacing_km
    for i, dot in enumerate(art["hospitals"]):
        dot.set_offsets(hxy[i : i + 1])
        art["map_labels"][i].set_position((hxy[i, 0], hxy[i, 1] + 0.3 * spacing_km))
    # A fixed window around the settlements, scaled with the map (width/height = axes' shape).
    height = 6.6 * spacing_km
    width = height * MAP_AXES[2] * FIGURE_WIDTH_IN / (MAP_AXES[3] * FIGURE_HEIGHT_IN)
    ax_map.set(
        xlim=(0.75 * spacing_km - width / 2, 0.75 * spacing_km + width / 2),
        ylim=(1.5 * spacing_km - height / 2, 1.5 * spacing_km + height / 2),
    )
    art["scale"].set_text(f"Last round. Hospitals A\u2013C {spacing_km:g} km apart")

    last_round = int(hospitals["round"].max())
    right = max(last_round, 2)
    finals = {}
    of_hospital = hospitals["hospital"].to_numpy()
    rounds, qualities = hospitals["round"].to_numpy(), hospitals["quality"].to_numpy()
    for i, name in enumerate(names):
        rows = of_hospital == name
        quality = qualities[rows]
        art["lines"][i].set_data(rounds[rows], quality)
        finals[i] = quality[-1]
    # Labels at the lines' ends, nudged apart so that close lines keep readable labels.
    gap, placed = 3.5, []  # points on the quality axis
    for i in sorted(finals, key=finals.get):
        y = max(finals[i], placed[-1] + gap) if placed else finals[i]
        placed.append(y)
        art["line_labels"][i].set_position((right + 0.04 * right + 0.3, y))
    ax_q.set(xlim=(0.5, right * 1.1 + 0.8), xticks=sorted({1, last_round}))

    s = summarise_patient_choice(hospitals, patients)
    captive_pct = s["patients who cannot choose (%)"]
    gain_choose = s["quality gain, patients who can choose (points)"]
    gain_captive = s["quality gain, patients who cannot choose (points)"]
    if gain_choose != gain_choose:  # NaN: nobody can choose
        title = f"Nobody can choose:\nquality gain +{_fmt(gain_captive)}"
    elif gain_captive != gain_captive:  # NaN: everybody can choose
        title = f"Everybody can choose:\nquality gain +{_fmt(gain_choose)}"
    else:
        title = (
            f"Quality gain: +{_fmt(gain_choose)} with a choice,\n"
            f"+{_fmt(gain_captive)} for the {captive_pct:.0f}% without"
        )
    art["title"].set_text(title)

    first = dict(zip(of_hospital[rounds == 1], qualities[rounds == 1], strict=True))
    last = dict(zip(of_hospital[rounds == last_round], qualities[rounds == last_round], strict=True))
    moves = "; ".join(f"{n} {first[n]:.0f} to {last[n]:.0f}" for n in names)
    alt = (
        f"First panel: map of {len(patients)} simulated patients around five hospitals (three in a "
        f"city {spacing_km:g} km apart, one in a town, one rural); {captive_pct:.0f}% of "
        f"patients have only one hospital within reach. Second panel: hospital quality over "
        f"{last_round} rounds: {moves}. {_gains(gain_choose, gain_captive)}; "
        f"{s['patients not using nearest hospital, last round (%)']:.0f}% "
        f"of patients do not use their nearest hospital in the last round."
    )
    return fig, alt


def _fmt(value: float) -> str:
    return "n/a" if value != value else f"{value:.1f}"  # NaN when a group is empty


def _gains(can: float, cannot: float) -> str:
    """The average quality gains in words; a group's gain is NaN when the group is empty."""
    if can != can:
        return f"No patient can choose; patients gain {_fmt(cannot)} quality points on average"
    if cannot != cannot:
        return f"Every patient can choose; patients gain {_fmt(can)} quality points on average"
    return (
        f"Patients who can choose gain {_fmt(can)} quality points on average, patients who "
        f"cannot choose {_fmt(cannot)}"
    )


def render_patient_choice(fig=None, seed: int = 2014, **params):
    """Simulate and plot in one call (what the explorer runs on every slider move)."""
    full = resolve(PARAMETERS, params)
    return plot_patient_choice(
        simulate_patient_choice(seed=seed, **full),
        patient_table(seed=seed, **full),
        full["hospital_spacing_km"],
        fig=fig,
    )


def patient_choice_explorer(**values):
    """Sliders for information, travel, reach, distances and incentives (others fixed)."""
    from ..explorer import ModelExplorer

    start = resolve(PARAMETERS, values)
    return ModelExplorer(
        PARAMETERS,
        render_patient_choice,
        start,
        shown=("information", "travel_cost", "choice_radius_km", "hospital_spacing_km", "income_at_risk"),
    )


def _scenario_gains(row: pd.Series) -> str:
    can = row["quality gain, patients who can choose (points)"]
    cannot = row["quality gain, patients who cannot choose (points)"]
    if can != can:
        return f"nobody can choose; {_fmt(cannot)} points for everyone"
    if cannot != cannot:
        return f"everybody can choose; {_fmt(can)} points for everyone"
    return (
        f"{_fmt(can)} points for those who can choose and {_fmt(cannot)} for the "
        f"{row['patients who cannot choose (%)']:.0f}% who cannot"
    )


def plot_scenarios(table: pd.DataFrame):
    """Who gains in each named scenario: quality gain for patients who can and cannot choose.

    ``table`` is the output of :func:`compare_scenarios`. Returns ``(fig, alt_text)``.
    """
    import matplotlib.pyplot as plt

    from ..style import MIN_FONT_PT, OKABE_ITO, figure_size, fit_labels

    require_table(
        PARAMETERS.model,
        table,
        (
            "quality gain, patients who can choose (points)",
            "quality gain, patients who cannot choose (points)",
            "patients who cannot choose (%)",
        ),
    )
    fig, ax = plt.subplots(figsize=figure_size(4.8), layout="constrained")
    names = list(table.index)[::-1]
    y = np.arange(len(names))
    h = 0.38
    can_raw = table.loc[names, "quality gain, patients who can choose (points)"]
    cannot_raw = table.loc[names, "quality gain, patients who cannot choose (points)"]
    can, cannot = can_raw.fillna(0), cannot_raw.fillna(0)  # NaN: nobody in that group
    ax.barh(y + h / 2, can, h, color=OKABE_ITO["blue"], label="patients who can choose")
    ax.barh(
        y - h / 2,
        cannot,
        h,
        color="white",
        edgecolor=OKABE_ITO["vermillion"],
        hatch="///",
        label="patients who cannot choose",
    )
    top = float(max(can.max(), cannot.max(), 1.0))
    for i, name in enumerate(names):
        ax.text(
            can.iloc[i] + 0.01 * top + 0.2,
            y[i] + h / 2,
            "nobody can choose" if can_raw.iloc[i] != can_raw.iloc[i] else f"{can.iloc[i]:.1f}",
            va="center",
            fontsize=MIN_FONT_PT,
        )
        share = table.loc[name, "patients who cannot choose (%)"]
        ax.text(
            cannot.iloc[i] + 0.01 * top + 0.2,
            y[i] - h / 2,
            "everybody can choose"
            if cannot_raw.iloc[i] != cannot_raw.iloc[i]
            else f"{cannot.iloc[i]:.1f}  ({share:.0f}% cannot choose)",
            va="center",
            fontsize=MIN_FONT_PT,
        )
    ax.set_yticks(y, names)
    ax.set(xlim=(0, top * 1.3 + 1), xlabel="Average gain in quality of care received (points)")
    ax.grid(axis="y", visible=False)
    fig.legend(loc="outside lower center", ncol=2)
    fit_labels(ax, ax.texts)  # the longest label ends inside the axes
    parts = [f"{n}: {_scenario_gains(table.loc[n])}" for n in table.index]
    alt = (
        "Horizontal bar chart of the average gain in quality of care received, in points, "
        "for patients who can and cannot choose, in each scenario. " + "; ".join(parts) + "."
    )
    return fig, alt


MODEL = Model(
    name="patient_choice",
    chapter=4,
    title="Patient choice at fixed prices",
    parameters=PARAMETERS,
    scenarios=SCENARIOS,
    simulate=simulate_patient_choice,
    summarise=summarise_patient_choice,
    compare_scenarios=compare_scenarios,
    plot=plot_patient_choice,
    render=render_patient_choice,
    plot_scenarios=plot_scenarios,
    explorer=patient_choice_explorer,
    seed=2014,
    book_controls={
        "information": (0.0, 0.25, 0.5, 0.75, 1.0),
        "hospital_spacing_km": (8, 20, 45),
        "income_at_risk": (0.2, 1.0),
    },
)
