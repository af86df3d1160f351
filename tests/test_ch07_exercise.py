"""Exercise 7 (SPC in practice): the dataset holds the values in the data notes, the months are
read as the card explains, the reference answers are what the exercise and its quiz quote, right
answers pass, typical mistakes get a useful message, and an unanswered task says so."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from nhsreform import spc
from nhsreform.charts import spc as spc_charts
from nhsreform.checks import ch07
from nhsreform.data import load_dataset


@pytest.fixture(scope="module")
def ed():
    return load_dataset("ed_attendances_one_hospital_2015_2024")


@pytest.fixture(scope="module")
def attendances():
    return ch07.attendances()


def test_dataset_as_in_the_notes(ed):
    assert len(ed) == 109
    assert (ed["within_4h"] + ed["over_4h"] == ed["attendances_all"]).all()
    first, last = ed.iloc[0], ed.iloc[-1]
    assert str(first["month_date"].date()) == "2015-05-31" and first["attendances_all"] == 12178
    assert str(last["month_date"].date()) == "2024-05-31" and last["attendances_all"] == 14168
    deaths = load_dataset("ons_weekly_deaths_2010_2020").set_index("week_ending")
    assert len(deaths) == 535
    assert deaths.loc["2020-04-03"].tolist()[1:4] == [16387, 10305, 3475]


def test_months_are_read_as_the_card_explains(ed):
    monthly = spc_charts.ed_monthly(ed)
    assert monthly.index.is_unique and len(monthly) == 109
    assert monthly.index[0] == pd.Timestamp("2015-06-01") and monthly.index[-1] == pd.Timestamp("2024-06-01")
    assert (monthly.index.to_series().diff().dropna().dt.days.between(28, 31)).all()
    # the April 2020 lockdown month is the lowest, stored as 2020-03-31
    assert monthly["attendances_all"].idxmin() == pd.Timestamp("2020-04-01")
    assert (
        monthly.loc["2015-11-01", "attendances_all"] == ed.set_index("month_date").loc["2015-11-01"].iloc[0]
    )


def test_reference_answers_as_quoted(attendances):
    assert len(attendances) == 27
    assert attendances.mean() == pytest.approx(13158.1, abs=0.05)
    assert attendances.median() == 13179
    mr = attendances.diff().abs()
    assert mr.count() == 26 and mr.mean() == pytest.approx(668.46, abs=0.01)
    upper, lower = attendances.mean() + 2.66 * mr.mean(), attendances.mean() - 2.66 * mr.mean()
    assert round(lower) == 11380 and round(upper) == 14936
    outside = attendances[(attendances > upper) | (attendances < lower)]
    assert outside.to_dict() == {pd.Timestamp("2023-02-01"): 11259, pd.Timestamp("2024-05-01"): 15152}
    chart = spc.xmr(attendances)  # screened: one moving range (Dec 2022 to Jan 2023) dropped
    assert spc.mean_moving_range(attendances) == pytest.approx(606.68, abs=0.01)
    assert mr.max() == 2213 and mr.idxmax() == pd.Timestamp("2023-01-01")
    assert spc.signals(chart).index.tolist() == list(outside.index)
    daily = spc.xmr(ch07.per_day(attendances))
    months = daily.index[daily["outside_limits"]].strftime("%Y-%m").tolist()
    assert months == ["2023-01", "2024-03", "2024-04", "2024-05", "2024-06"]
    feb = daily.loc["2023-02-01"]
    assert feb["lower"] < feb["value"] < feb["mean"]  # inside, near the lower limit


def test_right_answers_pass_and_mistakes_are_named(attendances):
    check = ch07.check
    mean = attendances.mean()
    mr = attendances.diff().abs().mean()
    assert check("mean", mean) and check("mean", round(mean, 1))
    median = check("mean", attendances.median())
    assert not median and "median" in median.message
    assert check("mean_moving_range", mr)
    by27 = check("mean_moving_range", attendances.diff().abs().sum() / 27)
    assert not by27 and "26 moving ranges" in by27.message
    screened = check("mean_moving_range", spc.mean_moving_range(attendances))
    assert not screened and "screened" in screened.message
    signed = check("mean_moving_range", attendances.diff().mean())
    assert not signed and "absolute" in signed.message
    assert "standard deviation" in check("mean_moving_range", attendances.std()).message
    assert check("upper_limit", mean + 2.66 * mr)
    three = check("upper_limit", mean + 3 * mr)
    assert not three and "3 times" in three.message
    assert "lower limit" in check("upper_limit", mean - 2.66 * mr).message
    assert check("months_outside", 2) and not check("months_outside", 3)
    assert "below the lower limit" in check("months_outside", 1).message
    assert check("per_day_outside", 5)
    monthly = check("per_day_outside", 2)
    assert not monthly and "February" in monthly.message
    every = check("per_day_outside", 9)
    assert not every and "outside_limits" in every.message
    assert "single number" in check("mean", "about thirteen thousand").message


def test_unanswered_and_unknown_tasks():
    feedback = ch07.check("mean", None)
    assert feedback.ok is None and "replace None with your answer in this cell" in feedback.message
    with pytest.raises(KeyError, match="unknown task"):
        ch07.check("no_such_task", 1)


def test_key_numbers_for_the_no_code_route_and_its_quiz():
    rows = "\n".join(f"{k}: {v}" for k, v in ch07.key_numbers().rows)
    assert "Mean attendances per month: 13,158.1" in rows
    assert "Median (run chart): 13,179" in rows
    assert "11,380 to 14,936" in rows and "11,544 to 14,772" in rows
    assert "February 2023 (11,259), May 2024 (15,152)" in rows
    assert "January 2023, March 2024, April 2024, May 2024, June 2024" in rows
    bank = (Path(__file__).resolve().parent.parent / "nhsreform/banks/ch07-exercise.yml").read_text("utf-8")
    for value in ("13158", "13179", "11,259", "15,152", "February 2023", "March to June 2024"):
        assert value in bank, value
