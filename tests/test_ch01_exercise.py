"""Exercise 1's checks (nhsreform/checks/ch01.py): right answers pass, a typical mistake gets a
useful message, and an unanswered task says so."""

from __future__ import annotations

import pytest

from nhsreform import ae, data
from nhsreform.checks import ch01


def test_right_wrong_and_unanswered():
    d = data.load_ae_attendances()
    england = ae.england_monthly_performance(d)["pct_within_4h"]
    assert ch01.check("providers", d["org_code"].nunique()).ok
    assert ch01.check("england_monthly", england).ok
    assert "over four hours" in ch01.check("england_monthly", 100 - england).message
    assert ch01.check("months_meeting_standard", 0).ok
    unanswered = ch01.check("providers", None)
    assert unanswered.ok is None and "Replace None" in unanswered._repr_mimebundle_()["text/plain"]
    with pytest.raises(KeyError, match="unknown task"):
        ch01.check("no-such-task", 1)
