"""Reading a number typed into a quiz: one rule, shared by the live widget and the book.

The live widget (Python, :func:`parse_number`) and the static book (JavaScript, ``parseNumber``
in ``assets/quiz.js``) must accept and refuse exactly the same strings; the table of inputs in
``tests/data/numeric_inputs.yml`` is checked against both. The rule:

- spaces around the number are ignored, and so is a final ``%`` (the unit is in the question);
- a leading ``+`` or ``-`` (or the minus sign ``−``) is allowed;
- a comma is read only as a thousands separator, in groups of three (``12,352,871``);
- a comma used as a decimal point (``4,2``) is refused with a message saying to write ``4.2``:
  read as a thousands separator it would silently become 42;
- anything else that is not plain decimal notation is refused: ``nan``, ``inf``, ``1e3``,
  ``0x10``, ``1_000``, an empty box.
"""

from __future__ import annotations

import re

NOT_A_NUMBER = "Enter a number, for example 12.5."
COMMA_DECIMAL = "Use a full stop for decimals: write {suggestion}, not {typed}."

_SPACE = "[ \t\u00a0\u202f]*"
_STRIP = re.compile(rf"^{_SPACE}(.*?){_SPACE}(?:%{_SPACE})?$", re.DOTALL)
_THOUSANDS = re.compile(r"^[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?$")
_COMMA_DECIMAL = re.compile(r"^[+-]?\d*,\d+$")
_PLAIN = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)$")


class NumberInputError(ValueError):
    """A typed answer that is not a number in the course's notation; the message says why."""


def parse_number(raw) -> float:
    """The number a student typed, or :class:`NumberInputError` with the message to show."""
    text = _STRIP.match(str(raw)).group(1).replace("\u2212", "-")
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    elif _COMMA_DECIMAL.match(text):
        raise NumberInputError(COMMA_DECIMAL.format(suggestion=text.replace(",", "."), typed=text))
    if not _PLAIN.match(text):
        raise NumberInputError(NOT_A_NUMBER)
    return float(text)
