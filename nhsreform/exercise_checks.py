"""Automatic feedback on exercise answers: ``check(task, answer)`` says what is right or wrong.

Reference answers are computed from the data by the course's own functions (never typed in), so
they stay right if a dataset is corrected. The result displays as a short HTML message (and as
plain text), the same on every run.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Callable

import pandas as pd

from . import ae
from .data import load_ae_attendances


@dataclass
class Feedback:
    ok: bool | None  # None: not answered yet
    message: str

    def _repr_mimebundle_(self, include=None, exclude=None):
        mark = {True: "✔ Correct.", False: "✘ Not yet.", None: "… Not answered yet."}[self.ok]
        colour = {True: "#007f3b", False: "#d5281b", None: "#768692"}[self.ok]
        body = (f'<div role="status" style="border-left:5px solid {colour};padding:0.3rem 0.75rem;'
                f'margin:0.5rem 0"><strong>{mark}</strong> {html.escape(self.message)}</div>')
        return {"text/html": body, "text/plain": f"{mark} {self.message}"}

    def __bool__(self):
        return bool(self.ok)


def _number(answer) -> float | None:
    try:
        return float(answer)
    except (TypeError, ValueError):
        return None


def _check_number(expected: float, tolerance: float, hint: str) -> Callable:
    def check(answer):
        value = _number(answer)
        if value is None:
            return Feedback(False, f"Your answer should be a single number. {hint}")
        if abs(value - expected) <= tolerance:
            return Feedback(True, f"{value:g} is right.")
        direction = "too low" if value < expected else "too high"
        return Feedback(False, f"{value:g} is {direction}. {hint}")
    return check


def _check_series(reference: pd.Series, tolerance: float, hint: str) -> Callable:
    def check(answer):
        if isinstance(answer, pd.DataFrame) and reference.name in answer.columns:
            answer = answer[reference.name]
        if not isinstance(answer, pd.Series):
            return Feedback(False, f"Expected a pandas Series indexed by month. {hint}")
        if len(answer) != len(reference):
            return Feedback(False, f"Expected {len(reference)} values (one per month), got {len(answer)}. {hint}")
        try:
            diff = (answer.astype(float).to_numpy() - reference.to_numpy())
        except (TypeError, ValueError):
            return Feedback(False, f"The values should be numbers (percentages). {hint}")
        worst = max(abs(d) for d in diff)
        if math.isnan(worst) or worst > tolerance:
            if abs(answer.astype(float).mean() - (100 - reference.mean())) < 1:
                return Feedback(False, "These look like the share over four hours; the standard "
                                       "counts the share seen within four hours.")
            if abs(answer.astype(float).mean() - reference.mean() / 100) < 0.01:
                return Feedback(False, "These look like proportions (0–1); give percentages (0–100).")
            return Feedback(False, f"Some months differ from the reference by up to {worst:.2f} "
                                   f"percentage points. {hint}")
        return Feedback(True, f"All {len(reference)} months match, to within {tolerance:g} percentage points.")
    return check


def _tasks() -> dict[str, Callable]:
    data = load_ae_attendances()
    england = ae.england_monthly_performance(data)
    spread = ae.spread_between_providers(data, "1")
    last = spread.index.max()
    return {
        "providers": _check_number(data["org_code"].nunique(), 0,
                                   "Count the distinct values of org_code."),
        "england_monthly": _check_series(
            england["pct_within_4h"].rename("pct_within_4h"), 0.01,
            "Add up attendances and breaches over all providers and types for each month, "
            "then compute 100 × (1 − breaches / attendances)."),
        "months_meeting_standard": _check_number(
            int((england["pct_within_4h"] >= ae.FOUR_HOUR_STANDARD).sum()), 0,
            "Compare each month's England figure with 95."),
        "type1_meeting_standard_last_month": _check_number(
            int(spread.loc[last, "meeting_standard"]), 0,
            f"Keep type 1 departments, compute each provider's % within four hours for "
            f"{last:%B %Y}, and count those at or above 95."),
        "type1_median_last_month": _check_number(
            round(float(spread.loc[last, "median"]), 1), 0.1,
            f"Take the median of the type 1 providers' percentages for {last:%B %Y}."),
    }


_CHECKS: dict[str, Callable] | None = None


def check(task: str, answer) -> Feedback:
    """Feedback on ``answer`` for exercise ``task`` (see the exercise notebook for the tasks)."""
    global _CHECKS
    if _CHECKS is None:
        _CHECKS = _tasks()
    if task not in _CHECKS:
        raise KeyError(f"unknown task {task!r}; tasks are {sorted(_CHECKS)}")
    if answer is None:
        return Feedback(None, "Replace None with your answer, run the cell, then run this check again.")
    return _CHECKS[task](answer)
