"""Funnel plots for proportions: control limits, overdispersion and which units lie outside.

A funnel plot sets each unit's proportion (for example a trust's share of A&E patients seen within
four hours) against the size of its denominator, around a centre line (the pooled proportion of all
units). Control limits drawn at each denominator show how far a unit of that size would stray from
the centre line **by chance alone** if every unit had the same underlying proportion: the funnel
narrows as the denominator grows. A unit outside the limits is a signal of "special-cause"
variation worth investigating, not a verdict. The methods are those of Spiegelhalter (2005),
*Funnel plots for comparing institutional performance*, Statistics in Medicine 24:1185–1202
(doi:10.1002/sim.1970), and, for the additive adjustment, Spiegelhalter (2005), *Handling
over-dispersion of performance indicators*, Quality and Safety in Health Care 14:347–351.

Limits (``method``):

- ``"binomial"``: exact limits from the binomial distribution, interpolated so that they are smooth
  in the denominator (Spiegelhalter 2005, appendix). For a probability ``p`` (0.975 for the upper
  95% limit, 0.999 for the upper 99.8% limit) and denominator ``n``, let ``r`` be the smallest count
  with ``P(R <= r) >= p`` for ``R ~ Binomial(n, p0)``, and
  ``alpha = (P(R <= r) - p) / (P(R <= r) - P(R <= r - 1))``; the limit is ``(r - alpha) / n``.
- ``"normal"``: the normal approximation ``p0 ± z * sqrt(p0 * (1 - p0) / n)``, with ``z`` = 1.96
  (95%) or 3.09 (99.8%).

Overdispersion (``adjust``). When units differ by more than chance allows, as NHS trusts usually
do, most of them fall outside unadjusted limits. Each unit's z-score is
``z = (y - p0) / sqrt(p0 * (1 - p0) / n)``; the z-scores are Winsorised (by default the lowest and
highest 10% are pulled in to the 10th and 90th percentiles) and ``phi = mean(z ** 2)``. Then:

- ``"multiplicative"``: the limits are ``p0 ± z * sqrt(phi * p0 * (1 - p0) / n)`` (Spiegelhalter
  2005, Statistics in Medicine).
- ``"additive"``: a between-unit variance ``tau2 = (I * phi - (I - 1)) / (sum(w) - sum(w**2) /
  sum(w))``, with ``w = 1 / s**2`` and ``s**2 = p0 * (1 - p0) / n`` (zero if ``I * phi <= I - 1``),
  widens the limits to ``p0 ± z * sqrt(p0 * (1 - p0) / n + tau2)`` (Spiegelhalter 2005, Quality and
  Safety in Health Care). This is the random-effects view: units really differ, and a unit is
  flagged only if it differs by more than units usually do.

``scale="arcsine"`` does the same on the variance-stabilising scale ``asin(sqrt(y))``, with
``s = 1 / (2 * sqrt(n))``, as the NHS-R Community's FunnelPlotR package does for proportions; the
course's tests compare this module with FunnelPlotR's own code.

Adjusted limits always use the normal approximation (on the chosen scale). Every function refuses
bad input (a count above its denominator, a negative or non-whole count, a zero denominator, an
unknown method) with a ``ValueError`` naming the argument and the problem.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import pandas as pd

#: The two coverages drawn on a course funnel plot: about 2 and about 3 standard errors.
COVERAGES = (0.95, 0.998)
METHODS = ("binomial", "normal")
ADJUSTMENTS = (None, "multiplicative", "additive")
SCALES = ("identity", "arcsine")
#: Labels of :func:`classify`, from low to high.
SIGNALS = (
    "below 99.8% limit",
    "below 95% limit",
    "within 95% limits",
    "above 95% limit",
    "above 99.8% limit",
)


def _normal_quantile(prob: float) -> float:
    return NormalDist().inv_cdf(prob)


def _log_factorials(n_max: int) -> np.ndarray:
    """``log(k!)`` for ``k = 0 .. n_max``."""
    return np.concatenate([[0.0], np.cumsum(np.log(np.arange(1, n_max + 1)))])


def _binomial_cdf(n: int, p0: float, log_fact: np.ndarray) -> tuple[int, np.ndarray]:
    """``(start, cdf)``: ``cdf[k] = P(R <= start + k)`` for ``R ~ Binomial(n, p0)``, over a window
    of 15 standard deviations either side of the mean (the mass outside it is below 1e-40)."""
    sd = np.sqrt(n * p0 * (1 - p0))
    start = max(0, int(n * p0 - 15 * sd - 5))
    stop = min(n, int(n * p0 + 15 * sd + 5))
    r = np.arange(start, stop + 1)
    log_pmf = log_fact[n] - log_fact[r] - log_fact[n - r] + r * np.log(p0) + (n - r) * np.log1p(-p0)
    return start, np.minimum(np.cumsum(np.exp(log_pmf)), 1.0)


def _coverage(coverage: float) -> float:
    try:
        value = float(coverage)
    except (TypeError, ValueError):
        raise ValueError(
            f"coverage must be a number between 0 and 1, such as 0.95; got {coverage!r}"
        ) from None
    if not 0 < value < 1:
        raise ValueError(f"coverage must be between 0 and 1 (0.95 for 95% limits); got {coverage!r}")
    return value


def _centre(p0) -> float:
    try:
        value = float(p0)
    except (TypeError, ValueError):
        raise ValueError(f"p0 (the centre line) must be a proportion between 0 and 1; got {p0!r}") from None
    if not 0 < value < 1:
        raise ValueError(
            f"p0 (the centre line) must be a proportion strictly between 0 and 1; got {p0!r}. "
            "A percentage such as 79.5 must be divided by 100."
        )
    return value


def _denominators(n, name: str = "n") -> np.ndarray:
    values = np.atleast_1d(np.asarray(n, dtype=float))
    if values.size == 0:
        raise ValueError(f"{name} is empty: give at least one denominator")
    if not np.isfinite(values).all():
        raise ValueError(f"{name} must be finite numbers; got {values[~np.isfinite(values)][:3].tolist()}")
    if (values <= 0).any():
        raise ValueError(
            f"{name} must be positive (a unit with no cases has no proportion); got {values.min():g}"
        )
    if (values != np.round(values)).any():
        raise ValueError(
            f"{name} must be whole numbers of cases; got {values[values != np.round(values)][0]:g}"
        )
    return values


def _counts(events, n) -> tuple[np.ndarray, np.ndarray]:
    n = _denominators(n)
    y = np.atleast_1d(np.asarray(events, dtype=float))
    if y.shape != n.shape:
        raise ValueError(
            f"events and n must have the same length; got {y.size} events and {n.size} denominators"
        )
    if not np.isfinite(y).all() or (y < 0).any() or (y != np.round(y)).any():
        raise ValueError("events must be whole numbers of cases, zero or more")
    if (y > n).any():
        i = int(np.argmax(y > n))
        raise ValueError(f"events cannot exceed n: unit {i} has {y[i]:g} events out of {n[i]:g}")
    return y, n


def _option(value, allowed, name: str):
    if value not in allowed:
        raise ValueError(f"{name} must be one of {list(allowed)}; got {value!r}")
    return value


def binomial_limit(n, p0: float, prob: float) -> np.ndarray:
    """Spiegelhalter's interpolated exact binomial limit: the ``prob`` quantile of the proportion
    of events among ``n`` cases when each has probability ``p0`` (0.975 or 0.999 for the upper 95%
    and 99.8% limits; 0.025 or 0.001 for the lower ones). Returns an array like ``n``."""
    n = _denominators(n)
    p0 = _centre(p0)
    prob = _coverage(prob)
    log_fact = _log_factorials(int(n.max()))
    limits = np.empty(n.shape)
    for i, size in enumerate(n.astype(int)):
        start, cdf = _binomial_cdf(size, p0, log_fact)
        # the smallest r with P(R <= r) >= prob
        k = min(int(np.searchsorted(cdf, prob * (1 - 1e-12), side="left")), len(cdf) - 1)
        below = cdf[k - 1] if k > 0 else 0.0
        alpha = (cdf[k] - prob) / (cdf[k] - below)
        limits[i] = (start + k - alpha) / size
    return np.clip(limits, 0.0, 1.0)


def normal_limit(n, p0: float, prob: float, phi: float = 1.0, tau2: float = 0.0, scale: str = "identity"):
    """The normal-approximation limit at probability ``prob`` (0.975 = upper 95% limit), widened by
    a multiplicative ``phi`` or an additive between-unit variance ``tau2`` (on ``scale``)."""
    n = _denominators(n)
    p0 = _centre(p0)
    z = _normal_quantile(_coverage(prob))
    _option(scale, SCALES, "scale")
    if not (np.isfinite(phi) and phi > 0) or not (np.isfinite(tau2) and tau2 >= 0):
        raise ValueError(f"phi must be positive and tau2 zero or more; got phi={phi!r}, tau2={tau2!r}")
    if scale == "identity":
        return np.clip(p0 + z * np.sqrt(phi * p0 * (1 - p0) / n + tau2), 0.0, 1.0)
    centre = np.arcsin(np.sqrt(p0))
    angle = np.clip(centre + z * np.sqrt(phi / (4 * n) + tau2), 0.0, np.pi / 2)
    return np.sin(angle) ** 2


@dataclass(frozen=True)
class Overdispersion:
    """How much more the units vary than chance allows (see the module's docstring)."""

    p0: float  #: the centre line (pooled proportion)
    phi: float  #: the overdispersion factor (1 = no more than chance)
    tau2: float  #: the additive between-unit variance, on the scale used
    units: int  #: the number of units
    scale: str  #: "identity" or "arcsine"
    trim: float  #: the share Winsorised at each end

    @property
    def tau(self) -> float:
        """Between-unit standard deviation (on the scale used)."""
        return float(np.sqrt(self.tau2))


def pooled_proportion(events, n) -> float:
    """The centre line: all events divided by all cases."""
    y, n = _counts(events, n)
    return float(y.sum() / n.sum())


def z_scores(events, n, p0: float | None = None, scale: str = "identity") -> np.ndarray:
    """Each unit's distance from the centre line in standard errors (unadjusted)."""
    y, n = _counts(events, n)
    p0 = pooled_proportion(y, n) if p0 is None else _centre(p0)
    _option(scale, SCALES, "scale")
    if scale == "identity":
        return (y / n - p0) / np.sqrt(p0 * (1 - p0) / n)
    return (np.arcsin(np.sqrt(y / n)) - np.arcsin(np.sqrt(p0))) * 2 * np.sqrt(n)


def winsorise(z, trim: float = 0.1) -> np.ndarray:
    """Pull values below the ``trim`` quantile and above the ``1 - trim`` quantile in to those
    quantiles (quantiles by linear interpolation, as R's default)."""
    z = np.asarray(z, dtype=float)
    if not 0 <= trim < 0.5:
        raise ValueError(f"trim must be at least 0 and below 0.5 (0.1 = 10% at each end); got {trim!r}")
    low, high = np.quantile(z, [trim, 1 - trim])
    return np.clip(z, low, high)


def overdispersion(events, n, p0: float | None = None, trim: float = 0.1, scale: str = "identity"):
    """:class:`Overdispersion` of the units: ``phi`` from Winsorised z-scores and ``tau2``."""
    y, n = _counts(events, n)
    if y.size < 3:
        raise ValueError(f"overdispersion needs at least 3 units to compare; got {y.size}")
    p0 = pooled_proportion(y, n) if p0 is None else _centre(p0)
    z = winsorise(z_scores(y, n, p0, scale), trim)
    units = z.size
    phi = float(np.mean(z**2))
    s2 = p0 * (1 - p0) / n if scale == "identity" else 1 / (4 * n)
    w = 1 / s2
    if units * phi <= units - 1:
        tau2 = 0.0
    else:
        tau2 = max(0.0, float((units * phi - (units - 1)) / (w.sum() - (w**2).sum() / w.sum())))
    return Overdispersion(p0=p0, phi=phi, tau2=tau2, units=units, scale=scale, trim=trim)


def funnel_limits(
    n,
    p0: float,
    coverages: Iterable[float] = COVERAGES,
    method: str = "binomial",
    adjust: str | None = None,
    dispersion: Overdispersion | None = None,
    scale: str = "identity",
) -> pd.DataFrame:
    """Lower and upper limits at each denominator in ``n``.

    Columns ``n``, then ``lower_95``/``upper_95`` and ``lower_99.8``/``upper_99.8`` (one pair per
    coverage, named by its percentage). ``adjust`` ("multiplicative" or "additive") needs the
    ``dispersion`` from :func:`overdispersion` and uses the normal approximation on its scale.
    """
    n = _denominators(n)
    p0 = _centre(p0)
    _option(method, METHODS, "method")
    _option(adjust, ADJUSTMENTS, "adjust")
    _option(scale, SCALES, "scale")
    phi, tau2 = 1.0, 0.0
    if adjust is not None:
        if not isinstance(dispersion, Overdispersion):
            raise ValueError(
                f"adjust={adjust!r} needs dispersion=overdispersion(events, n), the units' overdispersion"
            )
        scale = dispersion.scale
        phi, tau2 = (dispersion.phi, 0.0) if adjust == "multiplicative" else (1.0, dispersion.tau2)
        method = "normal"
    out = {"n": n}
    for coverage in coverages:
        coverage = _coverage(coverage)
        tail = (1 - coverage) / 2
        label = f"{100 * coverage:g}"
        if method == "binomial":
            out[f"lower_{label}"] = binomial_limit(n, p0, tail)
            out[f"upper_{label}"] = binomial_limit(n, p0, 1 - tail)
        else:
            out[f"lower_{label}"] = normal_limit(n, p0, tail, phi, tau2, scale)
            out[f"upper_{label}"] = normal_limit(n, p0, 1 - tail, phi, tau2, scale)
    return pd.DataFrame(out)


def classify(proportion, limits: pd.DataFrame) -> pd.Series:
    """Where each proportion lies against its own limits (rows of :func:`funnel_limits` at the
    same denominators): one of :data:`SIGNALS`."""
    y = np.asarray(proportion, dtype=float)
    if len(y) != len(limits):
        raise ValueError(f"classify needs one row of limits per proportion; got {len(y)} and {len(limits)}")
    needed = ["lower_95", "upper_95", "lower_99.8", "upper_99.8"]
    missing = [c for c in needed if c not in limits.columns]
    if missing:
        raise ValueError(f"classify needs limits at 95% and 99.8%; the table lacks {missing}")
    signal = np.full(y.shape, SIGNALS[2], dtype=object)
    signal[y > limits["upper_95"].to_numpy()] = SIGNALS[3]
    signal[y > limits["upper_99.8"].to_numpy()] = SIGNALS[4]
    signal[y < limits["lower_95"].to_numpy()] = SIGNALS[1]
    signal[y < limits["lower_99.8"].to_numpy()] = SIGNALS[0]
    return pd.Series(pd.Categorical(signal, categories=SIGNALS), name="signal")


def funnel_table(
    events,
    n,
    labels=None,
    method: str = "binomial",
    adjust: str | None = None,
    trim: float = 0.1,
    scale: str = "identity",
) -> tuple[pd.DataFrame, Overdispersion]:
    """One row per unit: ``unit``, ``n``, ``events``, ``proportion``, ``z`` (unadjusted), its 95%
    and 99.8% limits and its ``signal``; with the units' :class:`Overdispersion`.

    The centre line is the pooled proportion of all the units given.
    """
    y, n = _counts(events, n)
    dispersion = overdispersion(y, n, trim=trim, scale=scale)
    limits = funnel_limits(n, dispersion.p0, method=method, adjust=adjust, dispersion=dispersion, scale=scale)
    table = pd.DataFrame(
        {
            "unit": list(labels) if labels is not None else list(range(len(n))),
            "n": n.astype(int),
            "events": y.astype(int),
            "proportion": y / n,
            "z": z_scores(y, n, dispersion.p0, scale),
        }
    )
    table = pd.concat([table, limits.drop(columns="n")], axis=1)
    table["signal"] = classify(table["proportion"], limits)
    return table, dispersion
