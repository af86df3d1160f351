"""What both writers share: the export error, the neutral line for a wrong number, and the
instruction under a number question.

The course shows a numeric answer's ``too_low`` or ``too_high`` feedback only to the numbers it
fits. Where a platform cannot make that choice, the writers show :func:`not_right_feedback`
instead, which is true for every wrong number it can be shown to.
"""

from __future__ import annotations

import re

from ..text import inline_markdown

NOT_RIGHT = "That is not the right answer."
_LEAD = {"too_low": re.compile(r"^\s*Too low\.\s*"), "too_high": re.compile(r"^\s*Too high\.\s*")}


class ExportError(ValueError):
    """A request that cannot be met (an unknown chapter, an output path that is a file, a question
    the platform cannot hold)."""


def _hint(text: str, verdict: str) -> str:
    """The hint of a ``too_low``/``too_high`` line without its "Too low."/"Too high." lead."""
    return _LEAD[verdict].sub("", text).strip()


def not_right_feedback(question) -> str:
    """Inline Markdown for a wrong numeric answer when the platform cannot tell low from high.

    It says the answer is not right. When the bank's ``too_low`` and ``too_high`` lines give the
    same hint after their "Too low."/"Too high." lead, that hint follows; otherwise both hints
    follow, each under the condition it was written for, so nothing shown is untrue whatever the
    number was. Slip feedback is never included: it names the slip's value and often the answer.
    """
    low = _hint(question.feedback.too_low, "too_low")
    high = _hint(question.feedback.too_high, "too_high")
    if low == high:
        return f"{NOT_RIGHT} {low}".strip()
    return (
        f"{NOT_RIGHT} If your number is below the answer: {low or 'it is too low.'} "
        f"If it is above the answer: {high or 'it is too high.'}"
    )


# A right answer at least this large is one that people write with thousands separators ("6,082").
THOUSANDS = 1000


def asks_for_no_commas(question) -> bool:
    """Whether the right band of a number question reaches 1000 or more, so its text asks for the
    number without commas (Moodle asks students to leave out the thousands separator)."""
    return abs(question.answer) + question.tolerance >= THOUSANDS


def number_instruction(question) -> str:
    """HTML shown under a number question's prompt: the unit, and no thousands separators when the
    answer is 1000 or more; empty when there is neither to say."""
    unit = f"Answer in {inline_markdown(question.unit)}: type the number only" if question.unit else ""
    if asks_for_no_commas(question):
        rule = "without commas (12500, not 12,500)"
        return f"<p>{unit}, {rule}.</p>" if unit else f"<p>Type the number {rule}.</p>"
    return f"<p>{unit}.</p>" if unit else ""
