"""The course's stylised models: one module per model, each a pure, seeded simulation.

Every model module defines ``PARAMETERS`` (a :class:`nhsreform.parameters.Parameters`),
``SCENARIOS``, its functions, and ends with ``MODEL = Model(...)``, the record of what it provides
(see :mod:`nhsreform.models.base`). :func:`models` returns those records, in chapter order.
"""

from __future__ import annotations

import importlib

from .base import Model

#: The model modules, in chapter order. A new model is added here (a test checks that every
#: module in this folder is listed and declares a ``MODEL``).
MODEL_MODULES = (
    "initiative_churn",
    "target_gaming",
    "inspection_accuracy",
    "patient_choice",
    "reorganisation_disruption",
    "improvement_capability",
    "spc_tampering",
    "national_and_local",
    "standardise_or_explore",
    "shared_decisions",
    "leadership_continuity",
    "reform_programme",
)


def models() -> dict[str, Model]:
    """Every course model's :class:`Model` record, by name, in chapter order."""
    found = {}
    for name in MODEL_MODULES:
        model = importlib.import_module(f"{__name__}.{name}").MODEL
        if model.name != name:
            raise ValueError(f"nhsreform/models/{name}.py declares MODEL with name {model.name!r}")
        found[name] = model
    return found
