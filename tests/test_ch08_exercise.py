"""Exercise 8 (integration and devolution in the data): the datasets hold the values in the data
notes, the reference answers come out as the chapter, the exercise and its quiz quote them, right
answers pass, typical mistakes get a useful message, and an unanswered task says so."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from nhsreform.checks import ch08
from nhsreform.data import load_dataset

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dtoc():
    return load_dataset("delayed_transfers_of_care_monthly_2010_2017")


@pytest.fixture(scope="module")
def readmissions():
    return load_dataset("emergency_readmissions_30day_2002_2012").set_index("financial_year")


@pytest.fixture(scope="module")
def gm():
    return load_dataset("greater_manchester_devolution_effects")


def test_datasets_as_in_the_notes(dtoc, readmissions, gm):
    d = dtoc.set_index("month")
    assert (
        len(d) == 86
        and d.index[0] == pd.Timestamp("2010-08-01")
        and d.index[-1] == pd.Timestamp("2017-09-01")
    )
    assert d.loc["2010-08-01", ["delayed_beds_acute", "delayed_beds_non_acute"]].tolist() == [1784.9, 1760.8]
    assert d["delayed_beds_total"].max() == 6660.4 and d["delayed_beds_total"].idxmax() == pd.Timestamp(
        "2017-02-01"
    )
    assert d.loc["2017-09-01", "delayed_beds_total"] == 5610.1
    assert d.loc["2014-04-01", "delayed_days_thousands"] == 116.261  # where the two source series join
    parts = d["delayed_beds_acute"] + d["delayed_beds_non_acute"]
    assert (parts - d["delayed_beds_total"]).abs().max() <= 0.1 + 1e-9
    orgs = d[
        [
            "delayed_beds_nhs_responsible",
            "delayed_beds_social_care_responsible",
            "delayed_beds_both_responsible",
        ]
    ]
    assert (orgs.sum(axis=1) - d["delayed_beds_total"]).abs().max() <= 0.15 + 1e-9
    # QualityWatch: 855 more NHS beds (37%) and 769 more social care beds (61%), Sep 2010 - Sep 2017
    sep10, sep17 = d.loc["2010-09-01"], d.loc["2017-09-01"]
    assert abs(sep17["delayed_beds_nhs_responsible"] - sep10["delayed_beds_nhs_responsible"] - 855) < 1
    assert (
        round(sep17["delayed_beds_social_care_responsible"] - sep10["delayed_beds_social_care_responsible"])
        == 769
    )
    rate = readmissions["emergency_readmissions_30day_pct_indirectly_standardised"]
    assert len(rate) == 10 and rate.iloc[0] == 9.5 and rate.iloc[-1] == 11.8 and rate.is_monotonic_increasing
    assert len(gm) == 16 and (gm["confidence"] == "A").sum() == 5
    whole = gm[(gm["outcome"] == "life_expectancy") & (gm["group"] == "whole population")]
    assert whole["effect"].tolist() == [0.196, 0.233]
    assert gm.loc[gm["group"] == "men", "effect"].item() == 0.338


def test_reference_answers_as_quoted(dtoc):
    table = dict(ch08.key_numbers().rows)
    rows = "\n".join(f"{k}: {v}" for k, v in table.items())
    assert "3,801.2" in rows and "6,660.4 (February 2017)" in rows and "87.8%" in rows
    assert "60.6% rise" in rows and "36.9% rise" in rows
    assert "9.5% → 11.8% (+2.3 points)" in rows and "+0.196 years and +0.233 years" in rows
    assert "2 of 9" in rows
    bank = " ".join((ROOT / "nhsreform/banks/ch08-exercise.yml").read_text("utf-8").split())
    for value in ("3,801.2", "6,660.4", "36.9%", "60.6%", "3,170.1", "2,038.2", "2.3", "0.182 to 0.210"):
        assert value in bank, value
    chapter = " ".join((ROOT / "nhsreform/banks/ch08.yml").read_text("utf-8").split())
    assert "(6,660.4 − 3,545.7) / 3,545.7 ≈ 0.878" in chapter


def test_right_answers_pass(dtoc, readmissions, gm):
    before = dtoc[dtoc["month"] <= "2014-04-01"]["delayed_beds_total"].mean()
    assert ch08.check("mean_before", before).ok
    total = dtoc.set_index("month")["delayed_beds_total"]
    assert ch08.check("peak_rise_pct", 100 * (total.max() - total.iloc[0]) / total.iloc[0]).ok
    share = 100 * dtoc["delayed_beds_social_care_responsible"] / dtoc["delayed_beds_total"]
    assert ch08.check("social_care_share", share).ok
    assert ch08.check("social_care_share", share.to_frame("social_care_share_pct")).ok
    assert ch08.check("social_care_rise_pct", 60.6).ok
    assert ch08.check("readmissions_change", 11.8 - 9.5).ok
    assert ch08.check("gm_worse", 2).ok


def test_plausible_mistakes_are_refused_with_the_courses_feedback(dtoc):
    # the whole period instead of the months before the report
    wrong = ch08.check("mean_before", dtoc["delayed_beds_total"].mean())
    assert not wrong.ok and "April 2014" in wrong.message
    # dividing the rise by the peak instead of the first month
    wrong = ch08.check("peak_rise_pct", 100 * (6660.4 - 3545.7) / 6660.4)
    assert not wrong.ok and "too low" in wrong.message and "divide by August 2010" in wrong.message
    share = 100 * dtoc["delayed_beds_social_care_responsible"] / dtoc["delayed_beds_total"]
    wrong = ch08.check("social_care_share", share / 100)
    assert not wrong.ok and "proportions" in wrong.message
    nhs = 100 * dtoc["delayed_beds_nhs_responsible"] / dtoc["delayed_beds_total"]
    wrong = ch08.check("social_care_share", nhs)
    assert not wrong.ok and "NHS's shares" in wrong.message
    wrong = ch08.check("social_care_share", share.iloc[:-1])
    assert not wrong.ok and "Expected 86 values" in wrong.message
    # the NHS's rise instead of social care's
    assert not ch08.check("social_care_rise_pct", 36.9).ok
    # a percentage change instead of a change in points
    wrong = ch08.check("readmissions_change", 100 * (11.8 - 9.5) / 9.5)
    assert not wrong.ok and "percentage points" in wrong.message
    wrong = ch08.check("gm_worse", "two")
    assert not wrong.ok and "single number" in wrong.message
    assert not ch08.check("gm_worse", 7).ok  # the improvements, not the losses


def test_unanswered_and_unknown_tasks():
    feedback = ch08.check("mean_before", None)
    assert feedback.ok is None and "replace None with your answer in this cell" in feedback.message
    with pytest.raises(KeyError, match="unknown task"):
        ch08.check("no_such_task", 1)


def test_helpers():
    d = pd.DataFrame(
        {
            "month": pd.to_datetime(["2010-09-01", "2017-09-01"]),
            "delayed_beds_total": [100.0, 200.0],
            "delayed_beds_social_care_responsible": [25.0, 100.0],
        }
    )
    assert ch08.social_care_share(d).tolist() == [25.0, 50.0]
    assert ch08.rise_pct(d, "delayed_beds_social_care_responsible", "2010-09", "2017-09") == 300.0
