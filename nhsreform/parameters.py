"""Model parameters: a name, a label for the slider, a unit and an allowed range.

Every model validates its inputs through :func:`validate` (or :func:`resolve`), so a bad value
fails at once with a ``ValueError`` that names the model, the parameter, its allowed range and
what is wrong with the value (not a number, infinite, not whole, out of range). Python and numpy
numbers are accepted alike; ``True``/``False`` are not numbers here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import NoReturn

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
        unit = f" {self.unit}" if self.unit else ""
        return f"{self.minimum:g} to {self.maximum:g}{unit}"

    def check(self, value):
        """Return ``value`` (as a Python int or float) if it is allowed, else raise ``ValueError``.

        Accepts Python and numpy numbers; refuses ``True``/``False``, text, NaN and infinities.
        """
        if isinstance(value, (bool, np.bool_)):
            self._refuse(value, "True/False is not accepted as a number")
        if not isinstance(value, (int, float, np.integer, np.floating)):
            self._refuse(value, f"a {type(value).__name__}, not a number")
        if isinstance(value, (float, np.floating)):
            if math.isnan(value):
                self._refuse(value, "not a number")
            if math.isinf(value):
                self._refuse(value, "infinite")
        if self.integer and value != int(value):
            self._refuse(value, "not a whole number")
        if not self.minimum <= value <= self.maximum:
            self._refuse(value, "out of range")
        return int(value) if self.integer else float(value)

    def _refuse(self, value, problem: str) -> NoReturn:
        kind = "whole number" if self.integer else "number"
        shown = "nan" if isinstance(value, (float, np.floating)) and math.isnan(value) else repr(value)
        raise ValueError(f"{self.name} must be a {kind} from {self.range_text}; got {shown} ({problem})")


class Parameters(tuple):
    """A model's parameters, in slider order, together with the model's name.

    A tuple of :class:`Parameter` (so it can be iterated, indexed and passed to :func:`describe`)
    that also knows which model it belongs to, so that every error names the model::

        PARAMETERS = Parameters("initiative_churn",
            Parameter("tenure_years", ...),
            ...
        )
    """

    model: str

    def __new__(cls, model: str, *parameters: Parameter):
        bad = [p for p in parameters if not isinstance(p, Parameter)]
        if bad:
            raise TypeError(f"{model}: parameters must be Parameter objects; got {bad!r}")
        names = [p.name for p in parameters]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(f"{model}: parameter names must be unique; repeated: {repeated}")
        self = super().__new__(cls, parameters)
        self.model = model
        return self

    def __getnewargs__(self):
        return (self.model, *self)

    def __repr__(self) -> str:
        return f"Parameters({self.model!r}, {', '.join(p.name for p in self)})"

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self)


def _model_of(parameters) -> str:
    return getattr(parameters, "model", "") or "model"


def validate(parameters: tuple[Parameter, ...], values: Mapping) -> dict:
    """Check every value against its :class:`Parameter`; unknown names are an error too.

    Errors start with the model's name (when ``parameters`` is a :class:`Parameters`).
    """
    model = _model_of(parameters)
    known = {p.name: p for p in parameters}
    unknown = set(values) - set(known)
    if unknown:
        raise ValueError(f"{model}: unknown parameter(s) {sorted(unknown)}; known: {sorted(known)}")
    checked = {}
    for name, value in values.items():
        try:
            checked[name] = known[name].check(value)
        except ValueError as err:
            raise ValueError(f"{model}: {err}") from None
    return checked


def defaults(parameters: tuple[Parameter, ...]) -> dict:
    return {p.name: (int(p.default) if p.integer else p.default) for p in parameters}


def resolve(parameters: tuple[Parameter, ...], values: Mapping) -> dict:
    """Every parameter's value: the given ones (validated), the rest at their defaults."""
    return {**defaults(parameters), **validate(parameters, values)}


def check_seed(seed, model: str | None = None) -> int:
    """A random seed must be a non-negative integer (so results can be repeated exactly).

    Python and numpy integers are accepted; ``True``/``False`` and floats are not.
    """
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)) or seed < 0:
        where = f"{model}: " if model else ""
        raise ValueError(f"{where}seed must be a non-negative integer; got {seed!r}")
    return int(seed)


def check_count(name: str, value, model: str | None = None, minimum: int = 1) -> int:
    """A whole number of at least ``minimum`` (for settings that are not model parameters,
    such as the number of repeats in a scenario comparison)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < minimum:
        where = f"{model}: " if model else ""
        raise ValueError(f"{where}{name} must be a whole number of at least {minimum}; got {value!r}")
    return int(value)


def describe(parameters: tuple[Parameter, ...], *, code_names: bool = False, caption: str | None = None):
    """A table of the parameters for people (the model's "Model details"): each parameter's
    label, unit, allowed range, default and meaning, with no code names. In a notebook,
    ``code_names=True`` adds a last column with each parameter's name in code (the keyword
    to pass to the model's functions).

    Returns a :class:`nhsreform.tables.Table` (HTML in the book and in JupyterLab).
    """
    import pandas as pd

    from .tables import show_table

    rows = [
        {
            "Parameter": p.label,
            "Unit": p.unit or "–",
            "Allowed range": f"{p.minimum:g} to {p.maximum:g}",
            "Default": f"{int(p.default)}" if p.integer else f"{p.default:g}",
            "What it means": p.help,
            "Name in code": p.name,
        }
        for p in parameters
    ]
    headers = ["Parameter", "Unit", "Allowed range", "Default", "What it means"]
    table = pd.DataFrame(rows, columns=[*headers, "Name in code"])
    if not code_names:
        table = table.drop(columns="Name in code")
    model = _model_of(parameters).replace("_", " ")
    return show_table(table, caption=caption or f"The parameters of the {model} model")


def check_common(
    parameters: tuple[Parameter, ...],
    scenarios: Mapping[str, Mapping],
    common: Mapping,
    extra: Iterable[str] = (),
    caller: str = "compare_scenarios",
) -> None:
    """Refuse settings meant for every scenario that would be wrong or silently ignored.

    ``common`` (the keyword arguments of ``compare_scenarios`` and the like) may only name model
    parameters (or the ``extra`` inputs a model's simulation also takes); parameter values are
    validated at once; and a setting that a scenario sets for itself is refused, because the
    scenario's own value would win and the caller's would be ignored without a word.
    """
    model = _model_of(parameters)
    where = f"{model}.{caller}"
    allowed = {p.name for p in parameters} | set(extra)
    unknown = sorted(set(common) - allowed)
    if unknown:
        raise ValueError(
            f"{where}: unknown setting(s) {unknown}; the settings shared by every "
            f"scenario must be model inputs: {sorted(allowed)}"
        )
    by_name = {p.name: p for p in parameters}
    for key, value in common.items():
        if key in by_name:
            try:
                by_name[key].check(value)
            except ValueError as err:
                raise ValueError(f"{where}: {err}") from None
    for key in common:
        setting_it = [name for name, settings in scenarios.items() if key in settings]
        if setting_it:
            raise ValueError(
                f"{where}: {key}={common[key]!r} would be ignored, because scenario(s) "
                f"{setting_it} set their own {key}. Pass your own scenarios instead, e.g. "
                f"{caller}({{'mine': dict({key}=...)}}), or only set inputs that no scenario sets."
            )


def scenario_table(
    scenarios: Mapping[str, Mapping],
    summarise: Callable,
    common: Mapping | None,
    parameters: tuple[Parameter, ...],
    extra: Iterable[str] = (),
):
    """One row per named scenario: ``summarise(settings)`` for each scenario's settings merged
    over ``common`` (the settings shared by all of them). Returns a DataFrame indexed by name.

    ``common`` is checked first with :func:`check_common`; an error inside one scenario names it.
    """
    import pandas as pd

    common = dict(common or {})
    if not isinstance(scenarios, Mapping) or not all(isinstance(s, Mapping) for s in scenarios.values()):
        raise ValueError(
            f"{_model_of(parameters)}: scenarios must map each scenario's name to a "
            f"dict of its settings; got {scenarios!r}"
        )
    check_common(parameters, scenarios, common, extra)
    rows = {}
    for name, settings in scenarios.items():
        try:
            rows[name] = summarise({**common, **settings})
        except ValueError as err:
            raise ValueError(in_scenario(parameters, name, err)) from None
    return pd.DataFrame(rows).T


def scenario_runs(
    scenarios: Mapping[str, Mapping],
    simulate: Callable,
    common: Mapping | None,
    parameters: tuple[Parameter, ...],
) -> dict:
    """``simulate(**settings)`` for each named scenario, its settings merged over ``common``: the
    models' ``simulate_scenarios``. ``common`` is checked first; an error inside one scenario
    names it."""
    common = dict(common or {})
    check_common(parameters, scenarios, common, caller="simulate_scenarios")
    out = {}
    for name, settings in scenarios.items():
        try:
            out[name] = simulate(**{**common, **settings})
        except ValueError as err:
            raise ValueError(in_scenario(parameters, name, err, "simulate_scenarios")) from None
    return out


def in_scenario(
    parameters: tuple[Parameter, ...], scenario: str, err: Exception, caller: str = "compare_scenarios"
) -> str:
    """An error message from inside one scenario, naming the model, the function and the scenario."""
    model = _model_of(parameters)
    text = str(err).removeprefix(f"{model}: ")
    return f"{model}.{caller}, scenario {scenario!r}: {text}"
