"""Checks for exercise 9, funnel plots of A&E performance (``exercises/09-funnel-plots``).

The reference answers are computed here from the ``ae_attendances_2016_2019`` dataset with the
course's funnel-plot code (:mod:`nhsreform.funnel`, tested against R and the NHS-R Community's
FunnelPlotR package), using the rules the exercise states:

- units are providers' major (type 1) A&E departments with attendances in March 2019;
- a department's result is its share of patients within four hours,
  ``100 * (attendances - breaches) / attendances``;
- the centre line is the pooled share: all patients within four hours over all attendances;
- task 3's limits are the normal approximation ``p0 ± 3.09 * sqrt(p0 * (1 - p0) / n)`` (the exact
  binomial limits the chapter draws give one department fewer outside, which is accepted too);
- the overdispersion factor uses z-scores on the proportion scale, Winsorised at 10% each end;
- adjusted limits are Spiegelhalter's additive (random-effects) limits.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from .. import funnel
from ..ae import FOUR_HOUR_STANDARD
from ..charts.funnel import DEFAULT_MONTH, provider_funnel_table
from ..data import load_ae_attendances
from ..exercise_checks import Feedback, KeyNumbers, check_series, keyed, make_checker

__all__ = ["MONTH", "check", "key_numbers", "march_results"]

#: The month the exercise studies: the last in the dataset.
MONTH = DEFAULT_MONTH


def march_results(ae: pd.DataFrame | None = None):
    """``(plain, adjusted, dispersion)``: the funnel tables for :data:`MONTH` with exact binomial
    limits and with additive limits, and the departments' :class:`~nhsreform.funnel.Overdispersion`."""
    ae = load_ae_attendances() if ae is None else ae
    plain, dispersion = provider_funnel_table(ae, MONTH)
    adjusted, _ = provider_funnel_table(ae, MONTH, adjust="additive")
    return plain, adjusted, dispersion


def _number(answer) -> float | None:
    if isinstance(answer, bool):
        return None
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return None
    return value if np.isfinite(value) else None


def _check_number(
    accepted: tuple[float, ...], tolerance: float, hint: str, slips: tuple[tuple[float, float, str], ...] = ()
) -> Callable:
    """Like :func:`nhsreform.exercise_checks.check_number`, with more than one right answer and
    with known slips (``(value, tolerance, message)``) named in the feedback."""

    def check(answer):
        value = _number(answer)
        if value is None:
            return Feedback(False, f"Your answer should be a single number. {hint}")
        if any(abs(value - right) <= tolerance for right in accepted):
            return Feedback(True, f"{value:g} is right.")
        for slip, slip_tolerance, message in slips:
            if abs(value - slip) <= slip_tolerance:
                return Feedback(False, message)
        direction = "too low" if value < accepted[0] else "too high"
        return Feedback(False, f"{value:g} is {direction}. {hint}")

    return keyed(
        check, accepted[0] if len(accepted) == 1 else accepted, tolerance, hint, ((v, m) for v, _, m in slips)
    )


def _check_code(expected: str, hint: str, slips: dict[str, str]) -> Callable:
    def check(answer):
        if not isinstance(answer, str):
            return Feedback(False, f"Your answer should be an ODS code in quotes, such as 'RXX'. {hint}")
        code = answer.strip().upper()
        if code == expected:
            return Feedback(True, f"{code} is right.")
        if code in slips:
            return Feedback(False, slips[code])
        return Feedback(False, f"{code} is not the department below the adjusted 99.8% limit. {hint}")

    return keyed(check, expected, 0, hint, slips.items())


def key_numbers() -> KeyNumbers:
    """Exercise 9's results for the no-code route, computed with the rules the checks use."""
    plain, adjusted, dispersion = march_results()
    lowest = adjusted.loc[adjusted["proportion"].idxmin()]
    outer = {"above 99.8% limit", "below 99.8% limit"}
    flagged = adjusted[adjusted["signal"] == "below 99.8% limit"]
    return KeyNumbers(
        f"Funnel plots of type 1 A&E departments, {pd.Timestamp(MONTH):%B %Y}",
        (
            ("Type 1 departments (providers) plotted", f"{len(plain)}"),
            ("Centre line: all departments together", f"{100 * dispersion.p0:.1f}% within four hours"),
            (
                "Departments at or above the 95% standard",
                f"{int((100 * plain['proportion'] >= FOUR_HOUR_STANDARD).sum())}",
            ),
            (
                "Outside the exact 99.8% limits, no allowance for real differences",
                f"{int(plain['signal'].isin(outer).sum())} of {len(plain)}",
            ),
            ("Within the 95% limits, no allowance", f"{int((plain['signal'] == 'within 95% limits').sum())}"),
            ("Overdispersion factor (variance ratio, 10% Winsorised)", f"{dispersion.phi:.0f}"),
            (
                "Spread of underlying results between trusts (SD)",
                f"{100 * dispersion.tau:.1f} percentage points",
            ),
            (
                "Outside the adjusted 95% limits",
                f"{int((adjusted['signal'] != 'within 95% limits').sum())} of {len(adjusted)}",
            ),
            (
                "Below the adjusted 99.8% limit",
                ", ".join(
                    f"{row.unit} ({100 * row.proportion:.1f}%, {row.n:,} attendances)"
                    for row in flagged.itertuples()
                )
                or "none",
            ),
            ("Lowest result", f"{100 * lowest['proportion']:.1f}% ({lowest['unit']})"),
        ),
    )


def _tasks() -> dict[str, Callable]:
    ae = load_ae_attendances()
    plain, adjusted, dispersion = march_results(ae)
    pct = pd.Series(
        100 * plain["proportion"].to_numpy(), index=plain["unit"].to_numpy(), name="pct_within_4h"
    )
    y, n = plain["events"].to_numpy(), plain["n"].to_numpy()
    normal, _ = funnel.funnel_table(y, n, method="normal")
    outer = {"above 99.8% limit", "below 99.8% limit"}
    exact_outside = int(plain["signal"].isin(outer).sum())
    normal_outside = int(normal["signal"].isin(outer).sum())
    outside_95 = int((normal["signal"] != "within 95% limits").sum())
    raw_phi = float(np.mean(funnel.z_scores(y, n) ** 2))
    five_percent = funnel.overdispersion(y, n, trim=0.05).phi
    multiplied, _ = funnel.funnel_table(y, n, adjust="multiplicative")
    adjusted_outside = int((adjusted["signal"] != "within 95% limits").sum())
    multiplied_outside = int((multiplied["signal"] != "within 95% limits").sum())
    adjusted_998 = int(adjusted["signal"].isin(outer).sum())
    flagged = adjusted.loc[adjusted["signal"] == "below 99.8% limit", "unit"].tolist()
    below_95 = adjusted.loc[adjusted["signal"] == "below 95% limit", "unit"].tolist()
    mean_of_pcts = float(pct.mean())

    return {
        "march_pct": check_series(
            pct,
            0.01,
            "Keep type 1 rows for March 2019 with attendances, sum attendances and breaches by "
            "org_code, then compute 100 × (attendances − breaches) / attendances.",
            mistakes=(
                (lambda r: r / 100, "These look like proportions (0 to 1). Multiply by 100 for percentages."),
                (
                    lambda r: 100 - r,
                    "These are the percentages that breached four hours. The task asks for the share "
                    "within four hours: 100 × (attendances − breaches) / attendances.",
                ),
            ),
        ),
        "centre_line": _check_number(
            (round(100 * dispersion.p0, 2),),
            0.01,
            "Add up everyone within four hours and divide by all attendances (then multiply by 100).",
            slips=(
                (
                    round(mean_of_pcts, 2),
                    0.01,
                    "That is the average of the departments' percentages, which gives a small "
                    "department as much weight as a large one. The centre line pools the counts: "
                    "all patients within four hours over all attendances.",
                ),
                (round(dispersion.p0, 4), 0.0001, "That is a proportion. Multiply by 100 for a percentage."),
                (
                    round(100 * (1 - dispersion.p0), 2),
                    0.01,
                    "That is the share that breached four hours; the centre line is the share within.",
                ),
            ),
        ),
        "outside_998": _check_number(
            (normal_outside, exact_outside),
            0,
            "Work out each department's limits, p0 ± 3.09 × √(p0 × (1 − p0) / n) with p0 the centre "
            "line as a proportion and n its attendances, and count the departments outside them.",
            slips=(
                (
                    outside_95,
                    0,
                    "That is the count outside the 95% limits (z = 1.96). The 99.8% limits use z = 3.09.",
                ),
                (
                    len(plain) - normal_outside,
                    0,
                    "That is the count inside the 99.8% limits; the task asks how many lie outside.",
                ),
            ),
        ),
        "phi": _check_number(
            (round(dispersion.phi, 1),),
            2.0,
            "Compute each department's z-score, (p − p0) / √(p0 × (1 − p0) / n), pull the values "
            "below the 10th percentile up to it and those above the 90th down to it, then take the "
            "mean of the squares.",
            slips=(
                (
                    round(raw_phi, 1),
                    2.0,
                    "That is the mean of the squared z-scores without Winsorising. Pull the lowest "
                    "and highest 10% in to the 10th and 90th percentiles first (numpy.clip with "
                    "numpy.quantile), so a few extreme departments do not dominate.",
                ),
                (
                    round(five_percent, 1),
                    2.0,
                    "That Winsorises 5% at each end. The task (and Spiegelhalter's usual choice) "
                    "is 10% at each end: clip at the 10th and 90th percentiles.",
                ),
            ),
        ),
        "outside_adjusted": _check_number(
            (adjusted_outside,),
            0,
            "Use funnel.funnel_table(..., adjust='additive') (or the additive formula) and count "
            "the departments whose signal is not 'within 95% limits'.",
            slips=(
                (
                    multiplied_outside,
                    0,
                    "That is the count with the multiplicative adjustment. This task uses the "
                    "additive (random-effects) one: adjust='additive'.",
                ),
                (
                    adjusted_998,
                    0,
                    "That is the count outside the adjusted 99.8% limits. The task asks about the "
                    "95% limits.",
                ),
            ),
        ),
        "flagged_trust": _check_code(
            flagged[0] if flagged else "",
            "Filter the adjusted table for the signal 'below 99.8% limit' and read its unit.",
            {
                code: (
                    f"{code} lies below the adjusted 95% limit but not below the 99.8% limit. Look "
                    "for the department below the 99.8% limit."
                )
                for code in below_95
            },
        ),
    }


check = make_checker(_tasks)
