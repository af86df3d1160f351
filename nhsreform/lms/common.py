"""What both writers share: the export error, and the feedback lines the course does not write itself.

The course shows a numeric answer's ``too_low`` or ``too_high`` feedback, and a multiple-answer
question's "at least one more option is also correct" line, only to the answers they fit. Where a
platform cannot make that choice, the writers show the lines below instead; each is true for every
answer it can be shown to.
"""

from __future__ import annotations

import re

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


# The course's MISSING_OPTIONS line (shown after only right ticks, not all of them) as a
# conditional, for a platform that shows one comment with every answer short of full marks.
MISSING_OPTIONS_IF = "If everything you ticked is right, at least one more option is also correct."
