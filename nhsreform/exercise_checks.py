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

#: What ``check`` says while a task's answer is still ``None``. The stub and its check share one
#: cell, so the message asks for the cell to be run again (not for a separate check cell).
UNANSWERED = "Not answered yet: replace None with your answer in this cell and run it again."


@dataclass
class Feedback:
    ok: bool | None  # None: not answered yet
    message: str

    def _repr_mimebundle_(self, include=None, exclude=None):
        mark = {True: "✔ Correct.", False: "✘ Not yet.", None: "…"}[self.ok]
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


def keyed(check: Callable, expected, tolerance: float = 0.0, hint: str = "", slips=()) -> Callable:
    """``check`` with what the answer keys show of it (:mod:`nhsreform.answer_keys`): the expected
    answer, the margin, the hint a wrong answer gets, and known slips as ``(value, message)``."""
    check.expected, check.tolerance, check.hint, check.slips = expected, tolerance, hint, tuple(slips)
    return check


def check_number(expected: float, tolerance: float, hint: str) -> Callable:
    def check(answer):
        value = _number(answer)
        if value is None:
            return Feedback(False, f"Your answer should be a single number. {hint}")
        if abs(value - expected) <= tolerance:
            return Feedback(True, f"{value:g} is right.")
        direction = "too low" if value < expected else "too high"
        return Feedback(False, f"{value:g} is {direction}. {hint}")

    return keyed(check, expected, tolerance, hint)


def check_number_with_slips(
    expected: float, tolerance: float, hint: str, slips: tuple[tuple[float, str], ...]
) -> Callable:
    """Like :func:`check_number`, but a wrong answer that matches a known slip (within the same
    tolerance) gets that slip's own message: ``slips`` pairs a typical wrong value with what
    to say about it (the wrong sign, a proportion for a percentage, the other year)."""
    plain = check_number(expected, tolerance, hint)

    def check(answer):
        value = _number(answer)
        if value is not None and abs(value - expected) > tolerance:
            for slip, message in slips:
                if abs(value - slip) <= tolerance:
                    return Feedback(False, message)
        return plain(answer)

    return keyed(check, expected, tolerance, hint, slips)


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

    return keyed(check, reference, tolerance, hint, ((None, message) for _, message in mistakes))


def make_checker(tasks: Callable[[], dict[str, Callable]]) -> Callable:
    """``check(task, answer)`` for an exercise; ``tasks()`` builds the reference checks on first use."""
    built: dict[str, Callable] = {}

    def check(task: str, answer) -> Feedback:
        if not built:
            built.update(tasks())
        if task not in built:
            raise KeyError(f"unknown task {task!r}; tasks are {sorted(built)}")
        if answer is None:
            return Feedback(None, UNANSWERED)
        return built[task](answer)

    def reference() -> dict[str, Callable]:
        """Every task's check (each holding ``expected``, ``tolerance`` and ``hint``)."""
        if not built:
            built.update(tasks())
        return dict(built)

    check.reference = reference  # for the answer keys
    return check


@dataclass
class KeyNumbers:
    """A small table of an exercise's key results, for students who do not run the code.

    ``rows`` are ``(what, value)`` pairs of text, computed from the data by the exercise's
    reference functions. Displays as an HTML table with a caption (and as plain text).
    """

    caption: str
    rows: tuple[tuple[str, str], ...]

    def __post_init__(self):
        if not self.rows:
            raise ValueError(f"KeyNumbers {self.caption!r}: no rows")
        for row in self.rows:
            if len(row) != 2 or not all(isinstance(x, str) and x for x in row):
                raise ValueError(f"KeyNumbers {self.caption!r}: each row is (what, value) text, got {row!r}")

    def _repr_mimebundle_(self, include=None, exclude=None):
        body = "".join(
            f'<tr><th scope="row" style="text-align:left">{html.escape(what)}</th>'
            f'<td style="text-align:right">{html.escape(value)}</td></tr>'
            for what, value in self.rows
        )
        table = (
            f'<table class="nhsreform-key-numbers" style="margin-bottom:1.5rem">'
            f"<caption>{html.escape(self.caption)}</caption>"
            f'<thead><tr><th scope="col" style="text-align:left">What</th>'
            f'<th scope="col" style="text-align:right">Value</th></tr></thead><tbody>{body}</tbody></table>'
        )
        text = "\n".join([self.caption, *(f"- {what}: {value}" for what, value in self.rows)])
        return {"text/html": table, "text/plain": text}
