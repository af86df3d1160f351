"""Statistical process control (SPC): run charts and XmR charts with the NHS "Making Data Count" rules.

Used by chapter 7 and exercise 7. The functions compute; :mod:`nhsreform.charts.spc` draws.

Why the course has its own module
---------------------------------
Python packages on PyPI were looked at first (November 2026). ``abspc`` (MIT) draws Making Data
Count charts with matplotlib and says its rules are aligned with the R package NHSRplotthedots;
``spc-plotly``, ``pyqicharts`` and ``clinical-qikit`` draw XmR or other control charts with
other rule sets. None returns the rule-by-rule flags the exercises check, none draws figures
with the course's alt text and palette, and adding one would add a pinned dependency for about
a hundred lines of arithmetic. So the computation is here, written to follow NHSRplotthedots
(NHS-R Community, version 0.2.2, MIT licence, https://github.com/nhs-r-community/NHSRplotthedots),
the NHS-R Community's implementation of NHS England's Making Data Count XmR charts, and tested
against that package's own published results (below).

XmR chart (as in NHSRplotthedots, ``ptd_spc_standard`` and ``ptd_calculate_point_type``)
--------------------------------------------------------------------------------------
- Centre line: the mean of the values (of the first ``baseline`` values, when limits are fixed
  from a baseline period).
- Moving ranges: the absolute differences between consecutive values. Their mean is the
  *mean moving range*. With ``screen_outliers=True`` (the package's default), moving ranges of
  3.267 times the mean moving range or more are dropped and the mean taken again.
- Process limits: mean ± 2.66 × mean moving range.
- A point is *close to a limit* if it is inside the limits but beyond two thirds of the way
  from the mean to a limit (mean ± 1.773 × mean moving range).
- Special-cause rules, in the package's order of precedence when one point meets several:
  1. **outside the limits**: a point above the upper or below the lower process limit;
  2. **trend**: 7 consecutive points each higher (or each lower) than the one before; all 7
     points are flagged;
  3. **two in three**: 2 of 3 consecutive points close to a limit (inside the limits, beyond
     two thirds of the way to it), all three on the same side of the mean; the close points
     are flagged;
  4. **shift**: 7 consecutive points on the same side of the mean (a point exactly on the mean
     breaks the run); all 7 are flagged.
- With ``breaks`` (NHSRplotthedots' "rebase"), each phase gets its own mean and limits, and the
  rules are applied within each phase.

Worked example it is tested against (``tests/test_spc.py``)
-----------------------------------------------------------
NHSRplotthedots' test ``tests/testthat/test-ptd_spc_standard.R`` and its stored snapshot
``tests/testthat/_snaps/ptd_spc_standard.md`` (commit 050b07d, 29 September 2025): 20 values
from R's ``set.seed(123); rnorm(20)``. Published results: mean 0.1416238, limits -3.01138 and
3.294627 (outliers screened). With the 15th value set to 10: mean 0.6694159, limits -2.383666
and 3.722497 when moving ranges are screened, and -4.596625 and 5.935457 when they are not.
The package's own unit tests of each rule (``test-ptd_calculate_point_type.R``) are repeated
as well.

Run chart
---------
A run chart plots the values against their median. The course uses fixed rules of the kind
commonly taught for run charts in health care. (Anhøj and Olesen, PLoS ONE 2014,
doi:10.1371/journal.pone.0113825, evaluated a shift rule whose run length grows with the number
of points, about log2(n) + 3, not a fixed 6.) Here a **shift** is 6 or more consecutive points
on the same side of the median (points on the median neither count nor break the run); a
**trend** is 5 or more consecutive points each higher (or each lower) than the one before (a
repeated value neither counts nor breaks it).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

#: Process limits are the mean ± this × the mean moving range (Making Data Count; NHSRplotthedots).
LIMIT = 2.66
#: "Close to a limit" begins two thirds of the way from the mean to a limit.
NEAR_LIMIT = 2 * LIMIT / 3
#: Moving ranges at least this × their mean are screened out before the limits are computed.
SCREEN = 3.267
#: Run length for the XmR shift and trend rules (Making Data Count uses 7).
XMR_RUN = 7
#: Run-chart rules: a shift is this many points on one side of the median, a trend this many
#: points going one way.
RUN_CHART_SHIFT = 6
RUN_CHART_TREND = 5

#: Labels of the special-cause rules, in order of precedence.
RULES = ("outside limits", "trend", "two in three", "shift")


def _values(values, name: str = "values") -> pd.Series:
    """The values as a float Series (index kept), refusing text, gaps and too-short series."""
    if isinstance(values, pd.DataFrame):
        raise TypeError(f"{name}: give one column (a Series or a list of numbers), not a whole table")
    series = values.copy() if isinstance(values, pd.Series) else pd.Series(list(values))
    try:
        series = series.astype(float)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name}: every value must be a number ({error})") from None
    if series.isna().any() or np.isinf(series.to_numpy()).any():
        where = list(series.index[series.isna() | np.isinf(series.to_numpy())][:3])
        raise ValueError(f"{name}: gaps or infinite values at {where}; remove or fill them first")
    if len(series) < 2:
        raise ValueError(f"{name}: an SPC chart needs at least 2 values; got {len(series)}")
    return series


def mean_moving_range(values, screen_outliers: bool = True) -> float:
    """Mean of the absolute differences between consecutive values.

    With ``screen_outliers``, moving ranges of :data:`SCREEN` times the mean or more are
    dropped and the mean taken again (NHSRplotthedots' default).
    """
    y = _values(values).to_numpy()
    mr = np.abs(np.diff(y))
    amr = mr.mean()
    if screen_outliers:
        amr = mr[mr < SCREEN * amr].mean() if (mr < SCREEN * amr).any() else amr
    return float(amr)


def _phases(n: int, breaks: Sequence[int] | None) -> list[tuple[int, int]]:
    cuts = sorted({int(b) for b in (breaks or ())})
    for b in cuts:
        if not 0 < b < n:
            raise ValueError(
                f"breaks: each break is the position (1 to {n - 1}) where a phase starts; got {b}"
            )
    edges = [0, *cuts, n]
    spans = list(zip(edges[:-1], edges[1:], strict=True))
    for start, stop in spans:
        if stop - start < 2:
            raise ValueError(f"breaks: the phase starting at position {start} has fewer than 2 values")
    return spans


def _runs_same_sign(sign: np.ndarray, length: int) -> np.ndarray:
    """True for every point in a run of at least ``length`` equal, non-zero signs."""
    flag = np.zeros(len(sign), dtype=bool)
    start = 0
    for i in range(1, len(sign) + 1):
        if i == len(sign) or sign[i] != sign[start]:
            if sign[start] != 0 and i - start >= length:
                flag[start:i] = True
            start = i
    return flag


def _trend(y: np.ndarray, length: int) -> np.ndarray:
    """+1/-1 for points in a run of ``length`` or more strictly rising/falling points, else 0."""
    out = np.zeros(len(y), dtype=int)
    step = np.sign(np.diff(y))
    # A run of k equal non-zero steps covers k + 1 points.
    start = 0
    for i in range(1, len(step) + 1):
        if i == len(step) or step[i] != step[start]:
            if step[start] != 0 and i - start + 1 >= length:
                out[start : i + 1] = np.where(out[start : i + 1] == 0, step[start], out[start : i + 1])
            start = i
    return out


def _two_in_three(close: np.ndarray, side: np.ndarray) -> np.ndarray:
    """Points close to a limit that are 2 of 3 consecutive close points on one side of the mean."""
    n = len(close)
    hit = np.zeros(n, dtype=bool)
    for s in range(max(n - 2, 0)):
        w = slice(s, s + 3)
        if close[w].sum() >= 2 and abs(side[w].sum()) == 3:
            hit[w] = True
    return hit & close


def _phase(y: np.ndarray, baseline: int | None, screen_outliers: bool) -> dict:
    fixed = y if baseline is None else y[:baseline]
    centre = fixed.mean()
    amr = mean_moving_range(fixed, screen_outliers) if len(fixed) > 1 else 0.0
    lower, upper = centre - LIMIT * amr, centre + LIMIT * amr
    outside = (y > upper) | (y < lower)
    side = np.sign(y - centre).astype(int)
    close = ~outside & ((y < centre - NEAR_LIMIT * amr) | (y > centre + NEAR_LIMIT * amr))
    trend = _trend(y, XMR_RUN)
    two = _two_in_three(close, side)
    shift = _runs_same_sign(side, XMR_RUN)
    rule = np.select(
        [outside, trend != 0, two, shift], list(RULES), default=""
    )  # precedence as NHSRplotthedots
    direction = np.where(rule == "trend", trend, np.where(rule == "", 0, side))
    return dict(
        mean=np.full(len(y), centre),
        mean_moving_range=np.full(len(y), amr),
        lower=np.full(len(y), lower),
        upper=np.full(len(y), upper),
        outside_limits=outside,
        trend=trend != 0,
        two_in_three=two,
        shift=shift,
        rule=rule,
        direction=direction,
    )


def xmr(
    values,
    baseline: int | None = None,
    breaks: Sequence[int] | None = None,
    screen_outliers: bool = True,
    improvement: str | None = None,
) -> pd.DataFrame:
    """An XmR chart's numbers, one row per value (the index of ``values`` is kept).

    ``baseline``: compute the mean and limits from the first ``baseline`` values of each phase
    only (NHSRplotthedots' ``fix_after_n_points``), then judge every value against them.
    ``breaks``: positions (0-based) where a new phase starts, each with its own limits.
    ``improvement``: ``"increase"``, ``"decrease"`` or ``None`` (neither); it labels each signal
    as improvement, concern or neutral.

    Columns: ``value``, ``moving_range`` (blank for the first value of each phase), ``phase``,
    ``mean``, ``mean_moving_range``, ``lower`` and ``upper`` (process limits), one column per
    rule (``outside_limits``, ``trend``, ``two_in_three``, ``shift``; True where the rule is
    met), ``rule`` (the rule that labels the point, in order of precedence, or ``""``),
    ``signal`` (any rule met), ``direction`` (+1 high, -1 low, 0 none) and ``variation``
    (``common cause``, ``special cause improvement``/``concern``/``high``/``low``).
    """
    y = _values(values)
    if baseline is not None:
        if isinstance(baseline, bool) or not isinstance(baseline, (int, np.integer)) or baseline < 2:
            raise ValueError(
                f"baseline: the number of values the limits are fixed from (2 or more); got {baseline!r}"
            )
    if improvement not in ("increase", "decrease", None):
        raise ValueError(f"improvement must be 'increase', 'decrease' or None; got {improvement!r}")
    if not isinstance(screen_outliers, bool):
        raise TypeError(f"screen_outliers must be True or False; got {screen_outliers!r}")
    arr = y.to_numpy()
    parts = []
    for number, (start, stop) in enumerate(_phases(len(arr), breaks)):
        seg = arr[start:stop]
        fixed = None if baseline is None else min(baseline, len(seg))
        part = _phase(seg, fixed, screen_outliers)
        part["phase"] = np.full(len(seg), number + 1)
        part["moving_range"] = np.r_[np.nan, np.abs(np.diff(seg))]
        parts.append(pd.DataFrame(part))
    out = pd.concat(parts, ignore_index=True)
    out.insert(0, "value", arr)
    out.index = y.index
    out["signal"] = out["rule"] != ""
    sense = {"increase": 1, "decrease": -1, None: 0}[improvement]
    direction = out["direction"].to_numpy()
    if sense:
        labels = np.where(direction * sense > 0, "special cause improvement", "special cause concern")
    else:
        labels = np.where(direction > 0, "special cause high", "special cause low")
    out["variation"] = np.where(out["signal"], labels, "common cause")
    order = [
        "value",
        "moving_range",
        "phase",
        "mean",
        "mean_moving_range",
        "lower",
        "upper",
        "outside_limits",
        "trend",
        "two_in_three",
        "shift",
        "rule",
        "signal",
        "direction",
        "variation",
    ]
    return out[order]


def signals(chart: pd.DataFrame) -> pd.DataFrame:
    """The rows of an :func:`xmr` table that show special-cause variation."""
    if not isinstance(chart, pd.DataFrame) or "signal" not in chart.columns:
        raise TypeError("signals() takes the table returned by xmr()")
    return chart[chart["signal"]]


def run_chart(values) -> pd.DataFrame:
    """A run chart's numbers, one row per value (the index of ``values`` is kept).

    Columns: ``value``, ``median``, ``side`` (+1 above, -1 below, 0 on the median), ``shift``
    (part of :data:`RUN_CHART_SHIFT` or more consecutive points on one side of the median,
    ignoring points on it), ``trend`` (part of :data:`RUN_CHART_TREND` or more points each
    higher, or each lower, than the last, ignoring repeated values) and ``signal``.
    """
    y = _values(values)
    arr = y.to_numpy()
    median = float(np.median(arr))
    side = np.sign(arr - median).astype(int)
    shift = np.zeros(len(arr), dtype=bool)
    off = np.flatnonzero(side != 0)  # points on the median are skipped
    shift[off] = _runs_same_sign(side[off], RUN_CHART_SHIFT)
    trend = np.zeros(len(arr), dtype=bool)
    keep = np.r_[True, np.diff(arr) != 0]  # a repeated value is skipped
    trend[np.flatnonzero(keep)] = _trend(arr[keep], RUN_CHART_TREND) != 0
    # A repeated value inside a flagged trend belongs to it.
    for i in np.flatnonzero(~keep):
        trend[i] = trend[i - 1] and i + 1 < len(arr) and trend[i + 1]
    return pd.DataFrame(
        {
            "value": arr,
            "median": median,
            "side": side,
            "shift": shift,
            "trend": trend,
            "signal": shift | trend,
        },
        index=y.index,
    )
