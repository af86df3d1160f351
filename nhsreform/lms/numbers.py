"""Numbers written into LMS files as exact decimals, so a band edge is never off by a rounding.

``36.8 - 1`` in floating point is ``35.8`` but ``0.3 - 0.1`` is ``0.19999999999999998``; the
band edges are therefore worked out in decimal from the numbers as the bank writes them.
"""

from __future__ import annotations

from decimal import Decimal


def decimal_text(value: float) -> str:
    """``value`` as plain decimal text that reads back as the same float: ``95``, ``0.95``."""
    text = format(Decimal(repr(float(value))).normalize(), "f")
    return text if text != "-0" else "0"


def plus(value: float, delta: float) -> str:
    """``value + delta`` worked out in decimal, as plain decimal text."""
    total = Decimal(repr(float(value))) + Decimal(repr(float(delta)))
    text = format(total.normalize(), "f")
    return text if text != "-0" else "0"
