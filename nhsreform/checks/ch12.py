"""Checks for exercise 12, the capstone (``exercises/12-capstone-reform-programme``).

Reference answers are computed here by running the stylised model
:mod:`nhsreform.models.reform_programme` with its default seed and sizes (never typed in). The
results are properties of the model, not evidence about the NHS.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from ..exercise_checks import Feedback, KeyNumbers, check_number_with_slips, keyed, make_checker
from ..models import reform_programme as rp

PRESSURE = "External pressure, as 2000–2010"
MIX = "The report's mix"
#: Reorganisations added to the report's mix in task 4.
EXTRA_REORGANISATIONS = 3


# Reference calculations (also used by the tests)


def year15(name: str, **changes) -> pd.DataFrame:
    """The runs of a named programme (with ``changes``) at year 15: one row per run."""
    results = rp.simulate_reform_programme(**{**rp.SCENARIOS[name], **changes})
    return results[results["year"] == rp.YEARS]


def gap_year15(name: str = PRESSURE) -> float:
    """Median across runs of reported minus real performance at year 15."""
    end = year15(name)
    return float(np.median(end["reported"] - end["real"]))


def engagement_by_programme() -> pd.Series:
    """Median staff engagement at year 15 in each named programme."""
    return pd.Series({name: float(year15(name)["engagement"].median()) for name in rp.SCENARIOS})


def band_width(name: str = MIX) -> float:
    """Width of the 10th–90th percentile band of real performance at year 15, across runs."""
    low, high = np.percentile(year15(name)["real"], [10, 90])
    return float(high - low)


def reorganisation_loss(name: str = MIX, extra: int = EXTRA_REORGANISATIONS) -> float:
    """Median real performance at year 15 lost when ``extra`` reorganisations are added."""
    base = float(year15(name)["real"].median())
    changed = float(year15(name, reorganisations=extra)["real"].median())
    return base - changed


def key_numbers() -> KeyNumbers:
    """The named programmes' results for the no-code route, computed by the model."""
    table = rp.compare_scenarios()
    rows = [
        (
            f"{name}: real / reported performance at year 15 (median; 10th–90th percentile of real)",
            f"{row['real performance']:.0f} / {row['reported performance']:.0f} "
            f"({row['real performance p10']:.0f} to {row['real performance p90']:.0f})",
        )
        for name, row in table.iterrows()
    ]
    rows += [
        (
            f"{name}: engagement / extra cost over 15 years / variation at year 15",
            f"{row['staff engagement']:.0f} / {row['total extra cost']:.0f}% / "
            f"{row['variation between organisations']:.1f}",
        )
        for name, row in table.iterrows()
    ]
    rows.append((f"{PRESSURE}: reported minus real at year 15 (median)", f"{gap_year15():.2f}"))
    rows.append(
        (
            f"{MIX} with {EXTRA_REORGANISATIONS} reorganisations: real performance lost at year 15",
            f"{reorganisation_loss():.1f}",
        )
    )
    return KeyNumbers("The capstone model's named programmes (stylised; not NHS data)", tuple(rows))


# Checks with feedback on typical slips


def _check_name(expected: str, hint: str, slips: dict[str, str]) -> Callable:
    def check(answer):
        if not isinstance(answer, str):
            return Feedback(False, f"Your answer should be the programme's name, as text. {hint}")
        if answer.strip() == expected:
            return Feedback(True, f"{expected!r} is right.")
        if answer.strip() in slips:
            return Feedback(False, slips[answer.strip()])
        if answer.strip() not in rp.SCENARIOS:
            return Feedback(
                False, f"{answer!r} is not one of the named programmes: {', '.join(rp.SCENARIOS)}. {hint}"
            )
        return Feedback(False, f"Not {answer!r}. {hint}")

    return keyed(check, expected, 0, hint, slips.items())


def check_programme(answer) -> Feedback:
    """A programme of the student's own: a dict giving each of the eight programme settings."""
    if not isinstance(answer, dict):
        return Feedback(
            False,
            "Your programme should be a dict with one entry per setting, e.g. "
            "dict(target_pressure=0.2, inspection_days=2, ...).",
        )
    missing = [name for name in rp.PROGRAMME if name not in answer]
    unknown = sorted(set(answer) - set(rp.PROGRAMME))
    if unknown:
        return Feedback(
            False, f"Not programme settings: {unknown}. The eight are: {', '.join(rp.PROGRAMME)}."
        )
    if missing:
        return Feedback(False, f"Set every one of the eight settings; missing: {', '.join(missing)}.")
    try:
        s = rp.summarise_reform_programme(rp.simulate_reform_programme(**answer))
    except ValueError as err:
        return Feedback(False, f"The model refused your programme: {err}")
    return Feedback(
        True,
        f"Your programme runs. At year 15 (medians): real performance {s['real performance']:.0f} "
        f"(band {s['real performance p10']:.0f} to {s['real performance p90']:.0f}), reported "
        f"{s['reported performance']:.0f}, engagement {s['staff engagement']:.0f}, extra cost "
        f"{s['total extra cost']:.0f}% of a year's budget, variation "
        f"{s['variation between organisations']:.1f}.",
    )


check_programme.describe = (  # for the answer keys: any complete programme the model accepts is right
    "any programme of the student's own: a dict giving all eight settings, which the model accepts"
)


def _tasks() -> dict[str, Callable]:
    gap = gap_year15()
    engagement = engagement_by_programme()
    best = str(engagement.idxmax())
    second = str(engagement.drop(best).idxmax())
    width = band_width()
    mix_end = year15(MIX)
    full_range = float(mix_end["real"].max() - mix_end["real"].min())
    variation = float(np.median(mix_end["variation"]))
    loss = reorganisation_loss()
    return {
        "gap_year15": check_number_with_slips(
            round(gap, 2),
            0.05,
            f"Simulate {PRESSURE!r}, keep year 15, take reported minus real in each run and the "
            "median across runs.",
            (
                (-round(gap, 2), "The size is right but the sign is not: subtract real from reported."),
                (
                    round(gap_year15(MIX), 2),
                    f"That is the gap in {MIX!r}; this task asks for {PRESSURE!r}.",
                ),
            ),
        ),
        "highest_engagement": _check_name(
            best,
            "Run compare_scenarios() and find the programme with the highest 'staff engagement'.",
            {
                second: f"{second!r} comes second: look again at the 'staff engagement' row, and at "
                "which programme has no target pressure or inspection at all.",
            },
        ),
        "band_width": check_number_with_slips(
            round(width, 2),
            0.05,
            f"For {MIX!r} at year 15, take the 90th minus the 10th percentile of real performance "
            "across runs (np.percentile).",
            (
                (
                    round(full_range, 2),
                    "That is the full range, from the lowest run to the highest; the band runs from "
                    "the 10th to the 90th percentile.",
                ),
                (
                    round(variation, 2),
                    "That is the variation between organisations within a run; the band is the "
                    "spread of the average real performance across runs.",
                ),
            ),
        ),
        "reorganisation_loss": check_number_with_slips(
            round(loss, 1),
            0.1,
            f"Simulate {MIX!r} as it is and with reorganisations={EXTRA_REORGANISATIONS}; subtract the "
            "second median real performance at year 15 from the first.",
            ((-round(loss, 1), "The size is right but the sign is not: subtract the changed run."),),
        ),
        "my_programme": check_programme,
    }


check = make_checker(_tasks)
