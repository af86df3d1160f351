"""Model parameters: a name, a label for the slider, a unit and an allowed range.

Every model validates its inputs through :func:`validate`, so a bad value fails at once with a
``ValueError`` that names the parameter and its allowed range.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Parameter:
    """One model input. ``minimum`` and ``maximum`` are inclusive; ``step`` is the slider step."""

    name: str
    label: str
    unit: str
    minimum: float
    maximum: float
    default: float
    step: float
    help: str = ""
    integer: bool = False

    def __post_init__(self):
        if not self.minimum <= self.default <= self.maximum:
            raise ValueError(f"default for {self.name} lies outside its range")

    @property
    def range_text(self) -> str:
        fmt = (lambda v: f"{v:g}")
        unit = f" {self.unit}" if self.unit else ""
        return f"{fmt(self.minimum)} to {fmt(self.maximum)}{unit}"

    def check(self, value):
        """Return ``value`` (as int or float) if it is allowed, else raise ``ValueError``."""
        if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
            raise ValueError(f"{self.name} must be a number from {self.range_text}; got {value!r}")
        if self.integer and value != int(value):
            raise ValueError(f"{self.name} must be a whole number from {self.range_text}; got {value!r}")
        if not self.minimum <= value <= self.maximum:
            raise ValueError(f"{self.name} must be from {self.range_text}; got {value!r}")
        return int(value) if self.integer else float(value)


def validate(parameters: tuple[Parameter, ...], values: dict) -> dict:
    """Check every value against its :class:`Parameter`; unknown names are an error too."""
    known = {p.name: p for p in parameters}
    unknown = set(values) - set(known)
    if unknown:
        raise ValueError(f"unknown parameter(s) {sorted(unknown)}; known: {sorted(known)}")
    return {name: known[name].check(value) for name, value in values.items()}


def defaults(parameters: tuple[Parameter, ...]) -> dict:
    return {p.name: (int(p.default) if p.integer else p.default) for p in parameters}


def resolve(parameters: tuple[Parameter, ...], values: dict) -> dict:
    """Every parameter's value: the given ones (validated), the rest at their defaults."""
    return {**defaults(parameters), **validate(parameters, values)}


def check_seed(seed) -> int:
    """A random seed must be a non-negative integer (so results can be repeated exactly)."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer; got {seed!r}")
    return int(seed)


def describe(parameters: tuple[Parameter, ...]):
    """A table of the parameters (for the model's 'assumptions' section)."""
    import pandas as pd

    return pd.DataFrame(
        [
            {"parameter (name in code)": f"{p.label} ({p.name})", "unit": p.unit,
             "allowed range": f"{p.minimum:g} – {p.maximum:g}", "default": f"{p.default:g}",
             "meaning": p.help}
            for p in parameters
        ]
    ).set_index("parameter (name in code)")


def scenario_table(scenarios: dict, summarise, common: dict | None = None):
    """One row per named scenario: ``summarise(settings)`` for each scenario's settings merged
    over ``common`` (the settings shared by all of them). Returns a DataFrame indexed by name."""
    import pandas as pd

    rows = {name: summarise({**(common or {}), **settings}) for name, settings in scenarios.items()}
    return pd.DataFrame(rows).T
