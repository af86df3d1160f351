"""Automatic feedback on exercise answers: the pieces each exercise's checker is built from.

Each exercise has a module in :mod:`nhsreform.checks` that defines its tasks with
:func:`check_number` and :func:`check_series` and exposes ``check(task, answer)``, made by
:func:`make_checker`. Reference answers are computed from the data by the course's own functions
(never typed in), so they stay right if a dataset is corrected. Feedback displays as a short HTML
message (and as plain text), the same on every run.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd


@dataclass
class Feedback:
    ok: bool | None  # None: not answered yet
    message: str

    def _repr_mimebundle_(self, include=None, exclude=None):
        mark = {True: "✔ Correct.", False: "✘ Not yet.", None: "… Not answered yet."}[self.ok]
        colour = {True: "#007f3b", False: "#d5281b", None: "#768692"}[self.ok]
        body = (
            f'<div role="status" style="border-left:5px solid {colour};padding:0.3rem 0.75rem;'
            f'margin:0.5rem 0"><strong>{mark}</strong> {html.escape(self.message)}</div>'
        )
        return {"text/html": body, "text/plain": f"{mark} {self.message}"}

    def __bool__(self):
        return bool(self.ok)


def _number(answer) -> float | None:
    try:
        return float(answer)
    except (TypeError, ValueError):
        return None


def check_number(expected: float, tolerance: float, hint: str) -> Callable:
    def check(answer):
        value = _number(answer)
        if value is None:
            return Feedback(False, f"Your answer should be a single number. {hint}")
        if abs(value - expected) <= tolerance:
            return Feedback(True, f"{value:g} is right.")
        direction = "too low" if value < expected else "too high"
        return Feedback(False, f"{value:g} is {direction}. {hint}")

    return check


def check_series(
    reference: pd.Series, tolerance: float, hint: str, mistakes: tuple[tuple[Callable, str], ...] = ()
) -> Callable:
    """Check a Series (or a DataFrame column named like ``reference``) value by value.

    ``mistakes``: pairs ``(transform, message)``; if the answer matches ``transform(reference)``,
    the message names the likely slip (for example percentages given as proportions).
    """

    def check(answer):
        if isinstance(answer, pd.DataFrame) and reference.name in answer.columns:
            answer = answer[reference.name]
        if not isinstance(answer, pd.Series):
            return Feedback(
                False, f"Expected a pandas Series with one value per row of the reference. {hint}"
            )
        if len(answer) != len(reference):
            return Feedback(False, f"Expected {len(reference)} values, got {len(answer)}. {hint}")
        try:
            values = answer.astype(float).to_numpy()
        except (TypeError, ValueError):
            return Feedback(False, f"The values should be numbers. {hint}")
        worst = float(abs(values - reference.to_numpy()).max())
        if math.isnan(worst) or worst > tolerance:
            for transform, message in mistakes:
                if abs(values - transform(reference).to_numpy()).max() <= tolerance:
                    return Feedback(False, message)
            return Feedback(False, f"Some values differ from the reference by up to {worst:.3g}. {hint}")
        return Feedback(True, f"All {len(reference)} values match, to within {tolerance:g}.")

    return check


def make_checker(tasks: Callable[[], dict[str, Callable]]) -> Callable:
    """``check(task, answer)`` for an exercise; ``tasks()`` builds the reference checks on first use."""
    built: dict[str, Callable] = {}

    def check(task: str, answer) -> Feedback:
        if not built:
            built.update(tasks())
        if task not in built:
            raise KeyError(f"unknown task {task!r}; tasks are {sorted(built)}")
        if answer is None:
            return Feedback(None, "Replace None with your answer, run the cell, then run this check again.")
        return built[task](answer)

    return check
