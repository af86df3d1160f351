"""The course's stylised models: one module per model, each a pure, seeded simulation.

Every model module defines ``PARAMETERS`` (a tuple of :class:`nhsreform.parameters.Parameter`),
a ``simulate_*`` function, ``SCENARIOS`` with ``compare_scenarios``, plotting functions that
return ``(fig, alt_text)``, and a ``*_explorer`` function that builds its sliders.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def model_modules() -> dict[str, ModuleType]:
    """Every model module, by name."""
    return {info.name: importlib.import_module(f"{__name__}.{info.name}")
            for info in pkgutil.iter_modules(__path__)}


def explorers() -> dict:
    """Every model explorer factory (the ``*_explorer`` functions), by ``module.function``."""
    found = {}
    for name, module in model_modules().items():
        for attr in dir(module):
            if attr.endswith("_explorer") and callable(getattr(module, attr)):
                found[f"{name}.{attr}"] = getattr(module, attr)
    return found
