"""The SPC module (chapter 7): XmR limits against NHSRplotthedots' published worked example, each
Making Data Count rule against the package's own unit tests, run-chart rules, and bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nhsreform import spc

# R: set.seed(123); rnorm(20), checked with R 4.2.2. The data of NHSRplotthedots'
# test-ptd_spc_standard.R; the first five values, the signs relative to the mean and the results
# below are in its stored snapshot tests/testthat/_snaps/ptd_spc_standard.md (commit 050b07d,
# 29 September 2025).
RNORM_20 = [
    -0.56047565,
    -0.23017749,
    1.55870831,
    0.07050839,
    0.12928774,
    1.71506499,
    0.46091621,
    -1.26506123,
    -0.68685285,
    -0.44566197,
    1.22408180,
    0.35981383,
    0.40077145,
    0.11068272,
    -0.55584113,
    1.78691314,
    0.49785048,
    -1.96661716,
    0.70135590,
    -0.47279141,
]


def _limits(chart):
    row = chart.iloc[0]
    return row["mean"], row["lower"], row["upper"]


def test_worked_example_nhsrplotthedots_limits():
    chart = spc.xmr(RNORM_20)
    assert _limits(chart) == pytest.approx((0.1416238, -3.01138, 3.294627), abs=5e-7)
    signs = [-1, -1, 1, -1, -1, 1, 1, -1, -1, -1, 1, 1, 1, -1, -1]  # the snapshot's relative_to_mean
    assert np.sign(chart["value"] - chart["mean"]).astype(int).tolist()[:15] == signs
    assert not chart["signal"].any()  # the package's summary: 20 common cause points


def test_worked_example_with_an_outlier_screened_and_not():
    y = list(RNORM_20)
    y[14] = 10  # data$y[15] <- 10
    assert _limits(spc.xmr(y)) == pytest.approx((0.6694159, -2.383666, 3.722497), abs=5e-7)
    unscreened = spc.xmr(y, screen_outliers=False)
    assert _limits(unscreened) == pytest.approx((0.6694159, -4.596625, 5.935457), abs=5e-7)
    assert spc.xmr(y).loc[14, "rule"] == "outside limits"


def test_mean_moving_range_by_hand():
    # moving ranges 2, 2, 2, 20: mean 6.5; screening drops none (20 < 3.267 * 6.5)
    assert spc.mean_moving_range([0, 2, 0, 2, 22]) == pytest.approx(6.5)
    # moving ranges 1 x 9 and 30: mean 3.9; 30 >= 3.267 * 3.9 is dropped, leaving 1
    values = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 31]
    assert spc.mean_moving_range(values, screen_outliers=False) == pytest.approx(3.9)
    assert spc.mean_moving_range(values) == pytest.approx(1.0)


def test_shift_seven_points_one_side_like_ptd_seven_point_one_side_mean():
    # sides c(rep(1, 8), -1): the 8 points above the mean are a shift, the last is not
    values = [10, 10, 10, 10, 10, 10, 10, 10, -80]
    chart = spc.xmr(values, screen_outliers=False)
    assert chart["shift"].tolist() == [True] * 8 + [False]
    # six on one side are not a shift
    assert not spc.xmr([10] * 6 + [-60], screen_outliers=False)["shift"].any()


def test_trend_like_ptd_seven_point_trend():
    assert spc._trend(np.arange(1, 8.0), 7).tolist() == [1] * 7
    assert spc._trend(np.arange(1, 7.0), 7).tolist() == [0] * 6
    assert spc._trend(np.array([1, 2, 3, 3, 4, 5, 6.0]), 7).tolist() == [0] * 7  # a tie breaks it
    assert spc._trend(np.array([2, 1, 2, 3, 4, 5, 6, 7, 3.0]), 7).tolist() == [0, 1, 1, 1, 1, 1, 1, 1, 0]
    assert spc._trend(np.array([2, 7, 6, 5, 4, 3, 2, 1, 3.0]), 7).tolist() == [
        0,
        -1,
        -1,
        -1,
        -1,
        -1,
        -1,
        -1,
        0,
    ]


@pytest.mark.parametrize(
    "close,side,expected",
    [
        ([1, 0, 1], [1, 1, 1], [1, 0, 1]),
        ([0, 1, 1], [1, 1, 1], [0, 1, 1]),
        ([0, 0, 1, 0, 1, 0, 0], [1] * 7, [0, 0, 1, 0, 1, 0, 0]),
        ([1, 0, 0, 1], [1] * 4, [0, 0, 0, 0]),
        ([1, 0, 0, 1, 1], [1] * 5, [0, 0, 0, 1, 1]),
        ([1, 0, 1], [1, -1, 1], [0, 0, 0]),  # not all on one side of the mean
        ([0, 0, 1, 1, 0, 0, 0], [-1, 1, -1, 1, -1, 1, -1], [0] * 7),
    ],
)
def test_two_in_three_like_ptd_part_of_two_in_three(close, side, expected):
    got = spc._two_in_three(np.array(close, dtype=bool), np.array(side))
    assert got.astype(int).tolist() == expected


def test_rules_on_one_chart_and_their_precedence():
    base = [0, 1] * 10  # mean moving range 1, mean 0.5, limits 0.5 -/+ 2.66
    chart = spc.xmr([*base, 4.0], baseline=20)
    assert chart["rule"].iloc[-1] == "outside limits" and chart["signal"].sum() == 1
    close = spc.xmr([*base, 2.5, 0.6, 2.6], baseline=20)  # 2 of 3 beyond 0.5 + 1.773, same side
    assert close["rule"].iloc[-3:].tolist() == ["two in three", "", "two in three"]
    rising = spc.xmr([*base, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2], baseline=20)
    assert (rising["rule"].iloc[-7:] == "trend").all()  # also 7 above the mean: trend wins
    assert rising["shift"].iloc[-7:].all()


def test_direction_and_improvement_labels():
    chart = spc.xmr([0, 1] * 10 + [4.0], baseline=20, improvement="decrease")
    assert chart["variation"].iloc[-1] == "special cause concern"
    assert spc.xmr([0, 1] * 10 + [-4.0], baseline=20, improvement="decrease")["variation"].iloc[-1] == (
        "special cause improvement"
    )
    assert spc.xmr([0, 1] * 10 + [-4.0], baseline=20)["variation"].iloc[-1] == "special cause low"
    assert set(chart["variation"].iloc[:-1]) == {"common cause"}


def test_baseline_fixes_limits_and_breaks_rebase():
    values = pd.Series([0, 1] * 10 + [20, 21] * 10, index=pd.RangeIndex(100, 140))
    fixed = spc.xmr(values, baseline=20)
    assert fixed["mean"].nunique() == 1 and fixed["mean"].iloc[0] == 0.5
    assert fixed["outside_limits"].iloc[20:].all() and list(fixed.index) == list(values.index)
    rebased = spc.xmr(values, breaks=[20])
    assert rebased["phase"].tolist() == [1] * 20 + [2] * 20
    assert rebased["mean"].iloc[-1] == 20.5 and not rebased["signal"].any()
    assert np.isnan(rebased["moving_range"].iloc[20])


def test_signals_returns_only_signal_rows():
    chart = spc.xmr([0, 1] * 10 + [4.0], baseline=20)
    assert spc.signals(chart).index.tolist() == [20]
    with pytest.raises(TypeError, match="xmr"):
        spc.signals([1, 2])


def test_run_chart_rules():
    # six below then six above the median: both runs are shifts
    chart = spc.run_chart([1, 2, 1, 2, 1, 2, 9, 8, 9, 8, 9, 8])
    assert chart["median"].iloc[0] == 5 and chart["shift"].all()
    five_up = spc.run_chart([5, 3, 5, 1, 2, 3, 4, 5, 4, 5, 3, 5])
    assert five_up["trend"].tolist()[3:8] == [True] * 5 and not five_up["trend"].iloc[:3].any()
    # a repeated value neither counts nor breaks a trend
    tie = spc.run_chart([1, 2, 3, 3, 4, 5, 0])
    assert tie["trend"].iloc[:6].all()
    assert not spc.run_chart([1, 2, 3, 4, 0, 9, 0])["trend"].any()  # four rising points only
    # points on the median are skipped, not breaks
    on_median = spc.run_chart([1, 1, 1, 5, 1, 1, 1, 5, 9, 9, 9, 9, 9, 9, 5])
    assert on_median["shift"].iloc[:7].tolist() == [True, True, True, False, True, True, True]


@pytest.mark.parametrize(
    "values,kwargs,message",
    [
        ([1, 2, None, 4], {}, "gaps"),
        ([1, 2, float("inf")], {}, "gaps or infinite"),
        ([1], {}, "at least 2"),
        (["a", "b"], {}, "must be a number"),
        (pd.DataFrame({"a": [1, 2]}), {}, "one column"),
        ([1, 2, 3], {"baseline": 1}, "baseline"),
        ([1, 2, 3], {"baseline": True}, "baseline"),
        ([1, 2, 3, 4], {"breaks": [0]}, "breaks"),
        ([1, 2, 3, 4], {"breaks": [3]}, "fewer than 2"),
        ([1, 2, 3], {"improvement": "up"}, "improvement"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(values, kwargs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        spc.xmr(values, **kwargs)
