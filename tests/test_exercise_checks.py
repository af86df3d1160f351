"""Exercise checkers: right answers pass, typical mistakes get a useful message, and an
unanswered task says so. The worked solutions themselves are executed by nbval."""

from __future__ import annotations

import pandas as pd
import pytest

from nhsreform import ae, data
from nhsreform.checks import ex01
from nhsreform.exercise_checks import check_number, check_series


def test_number_check():
    check = check_number(10, 0.5, "Count the rows.")
    assert check(10.4).ok and not check(11).ok and not check("ten").ok
    assert "too high" in check(11).message and "Count the rows." in check(11).message
    assert "single number" in check([1, 2]).message


def test_series_check_and_mistakes():
    ref = pd.Series([90.0, 80.0], name="pct")
    check = check_series(ref, 0.01, "hint", mistakes=((lambda r: r / 100, "proportions"),))
    assert check(ref.copy()).ok
    assert check(pd.DataFrame({"pct": ref})).ok
    assert check(ref / 100).message == "proportions"
    assert "Expected 2 values" in check(ref.iloc[:1]).message
    assert "pandas Series" in check([90, 80]).message


def test_ex01_right_wrong_and_unanswered():
    d = data.load_ae_attendances()
    england = ae.england_monthly_performance(d)["pct_within_4h"]
    assert ex01.check("providers", d["org_code"].nunique()).ok
    assert ex01.check("england_monthly", england).ok
    assert "over four hours" in ex01.check("england_monthly", 100 - england).message
    assert ex01.check("months_meeting_standard", 0).ok
    unanswered = ex01.check("providers", None)
    assert unanswered.ok is None and "Replace None" in unanswered._repr_mimebundle_()["text/plain"]
    with pytest.raises(KeyError, match="unknown task"):
        ex01.check("no-such-task", 1)
