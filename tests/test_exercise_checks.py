"""Exercise checkers: right answers pass, typical mistakes get a useful message, and an
unanswered task says so. The worked solutions themselves are executed by nbval."""

from __future__ import annotations

import pandas as pd

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


def test_a_known_slip_gets_its_own_message_and_anything_else_the_plain_one():
    from nhsreform.exercise_checks import check_number_with_slips

    check = check_number_with_slips(
        42.0, 0.5, "Count the spells.", ((-42.0, "Check the sign."), (0.42, "A proportion?"))
    )
    assert check(42.2).ok and "is right" in check(42.2).message
    assert check(-42).ok is False and check(-42).message == "Check the sign."
    assert check("0.42").message == "A proportion?"
    assert "too high" in check(50).message and "Count the spells." in check(50).message
    assert "single number" in check("forty-two").message
