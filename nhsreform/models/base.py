"""The contract every course model keeps, written down as one typed record.

Each model module (``nhsreform/models/<name>.py``) ends with ``MODEL = Model(...)`` naming its
pieces, and :func:`nhsreform.models.models` returns those records. Tests, the benchmark and the
chapters use these fields instead of guessing functions from their names. The functions are the
module's own, with uniform names: ``simulate_<name>``, ``summarise_<name>``, ``plot_<name>``,
``render_<name>``, ``<name>_explorer``, ``compare_scenarios`` and ``plot_scenarios``.

Inputs and outputs, the same in every model:

- ``simulate(seed=..., **params)`` -> DataFrame. ``params`` are the names in ``parameters``
  (defaults where omitted); ``seed`` is a non-negative integer, so a run can be repeated exactly.
- ``compare_scenarios(scenarios=None, seed=..., **common)`` -> DataFrame, one row per scenario
  (default ``scenarios``). ``common`` settings apply to every scenario; a setting that a scenario
  sets for itself is refused rather than ignored.
- ``plot_scenarios(table)`` -> ``(fig, alt_text)``, where ``table`` is the output of
  ``compare_scenarios``.
- ``render(fig=None, seed=..., **params)`` -> ``(fig, alt_text)``: simulate and plot in one call
  (what the explorer runs on every slider move; pass an earlier ``fig`` to redraw into it).
- ``explorer(**values)`` -> a :class:`nhsreform.explorer.ModelExplorer` (sliders, figure and its
  description), starting from ``values`` and the defaults.

Model-specific signatures (documented in each function's docstring):

- ``summarise(<output of simulate>, ...)`` -> Series of headline numbers. Some models need more
  than the simulation's output (the horizon, the target, or the patients' table).
- ``plot(<output of simulate>, ..., fig=None)`` -> ``(fig, alt_text)``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..parameters import Parameters, defaults

FigureAndAlt = tuple[Any, str]  # (matplotlib Figure, alt text)


@dataclass(frozen=True)
class Model:
    """One stylised model: what it is, its inputs, and the functions that run and show it."""

    #: Module name, e.g. ``"initiative_churn"`` (``nhsreform.models.<name>``).
    name: str
    #: The chapter that teaches with it (1, 2, ...).
    chapter: int
    #: A short human title, e.g. ``"Ministerial churn and improvement initiatives"``.
    title: str
    #: The model's inputs, with units, ranges and defaults (named after the model).
    parameters: Parameters
    #: Named scenarios pre-rendered in the book: name -> settings (others at their defaults).
    scenarios: Mapping[str, Mapping[str, Any]]
    #: ``simulate(seed=..., **params) -> DataFrame``.
    simulate: Callable[..., pd.DataFrame]
    #: ``summarise(<simulate output>, ...) -> Series`` (extra arguments differ by model).
    summarise: Callable[..., pd.Series]
    #: ``compare_scenarios(scenarios=None, seed=..., **common) -> DataFrame``.
    compare_scenarios: Callable[..., pd.DataFrame]
    #: ``plot(<simulate output>, ..., fig=None) -> (fig, alt_text)`` (arguments differ by model).
    plot: Callable[..., FigureAndAlt]
    #: ``render(fig=None, seed=..., **params) -> (fig, alt_text)``: simulate and plot.
    render: Callable[..., FigureAndAlt]
    #: ``plot_scenarios(table) -> (fig, alt_text)``, ``table`` from ``compare_scenarios``.
    plot_scenarios: Callable[[pd.DataFrame], FigureAndAlt]
    #: ``explorer(**values) -> ModelExplorer``.
    explorer: Callable[..., Any]
    #: The seed ``simulate`` and ``compare_scenarios`` use by default.
    seed: int
    #: Inputs of ``simulate`` that are not parameters but may appear in a scenario
    #: (e.g. ``("schedule",)``).
    extra_inputs: tuple[str, ...] = field(default=())
    #: The parameters that move in the book with no kernel, and the values drawn for each
    #: (:mod:`nhsreform.book_states`): 1 to 3 parameters, their defaults among the values.
    book_controls: Mapping[str, tuple] = field(default_factory=dict)

    def __post_init__(self):
        if not self.name.isidentifier():
            raise ValueError(f"model name must be a Python identifier; got {self.name!r}")
        if getattr(self.parameters, "model", None) != self.name:
            raise ValueError(f"{self.name}: its parameters must be Parameters({self.name!r}, ...)")
        from ..book_states import check_book_controls

        object.__setattr__(self, "book_controls", check_book_controls(self.parameters, self.book_controls))
        known = set(self.parameters.names) | set(self.extra_inputs)
        for scenario, settings in self.scenarios.items():
            unknown = sorted(set(settings) - known)
            if unknown:
                raise ValueError(
                    f"{self.name}: scenario {scenario!r} sets {unknown}, which are not model inputs"
                )

    @property
    def defaults(self) -> dict:
        """Every parameter at its default value."""
        return defaults(self.parameters)

    @property
    def inputs(self) -> tuple[str, ...]:
        """Everything a scenario may set: the parameters and :attr:`extra_inputs`."""
        return (*self.parameters.names, *self.extra_inputs)


def require_runs(model: str, runs) -> None:
    """Refuse, with a clear message, anything but the dict that ``simulate_scenarios`` returns."""
    if not isinstance(runs, dict) or not all(isinstance(r, pd.DataFrame) for r in runs.values()):
        raise TypeError(
            f"{model}.plot_scenario_runs takes the dict returned by simulate_scenarios(); got a "
            f"{type(runs).__name__} (for the table returned by compare_scenarios(), use plot_scenarios)"
        )


def require_table(model: str, table, columns: tuple[str, ...], hint: str = "") -> None:
    """Refuse, with a clear message, anything but a ``compare_scenarios`` table."""
    if not isinstance(table, pd.DataFrame):
        raise TypeError(
            f"{model}.plot_scenarios takes the table returned by compare_scenarios(); "
            f"got a {type(table).__name__}{'. ' + hint if hint else ''}"
        )
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(
            f"{model}.plot_scenarios: the table lacks column(s) {missing}; pass the "
            f"table returned by compare_scenarios()"
        )
