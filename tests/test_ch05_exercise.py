"""Exercise 5 checker and the chapter 5 data: right answers pass, typical mistakes get a useful
message, an unanswered task says so, the reference answers come out of the data as the cards and
the chapter say, and the quiz's numeric answers agree with the data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from nhsreform.checks import ch05
from nhsreform.data import load_dataset
from nhsreform.quiz_bank import load_bank


def test_reference_answers_from_the_data():
    assert len(ch05.structural_reorganisations()) == 10
    assert ch05.intervals_between_years().tolist() == [8, 9, 5, 3, 3, 4, 7, 9]
    assert ch05.per_decade().to_dict() == {1970: 1, 1980: 1, 1990: 3, 2000: 3, 2010: 1, 2020: 1}
    assert ch05.without_confidence_c() == 6
    assert ch05.pct_change("senior_managers_fte", ch05.BEFORE, ch05.AFTER) == pytest.approx(
        -15.6955, abs=1e-3
    )
    assert ch05.pct_change("managers_fte", ch05.BEFORE, ch05.AFTER) == pytest.approx(-16.2483, abs=1e-3)
    assert ch05.first_month_above_march_2013("senior_managers_fte") == pd.Timestamp("2016-10-01")


def test_timeline_and_managers_match_their_cards():
    timeline = load_dataset("nhs_reorganisations_1974_2022")
    assert len(timeline) == 20 and timeline["year"].is_monotonic_increasing
    assert timeline["year"].between(1974, 2022).all()
    assert set(timeline["confidence"]) <= {"A", "B", "C", "A/B", "B/C", "A/C", "B/A"}
    dated = timeline.dropna(subset=["date"])
    assert (dated["date"].dt.year == dated["year"]).all()
    assert (timeline["date"].isna() == (timeline["date_precision"] != "day")).all()
    assert timeline.loc[timeline["year"] == 2013, "confidence"].item() == "C"
    managers = load_dataset("nhs_managers_monthly_2009_2017")
    assert len(managers) == 97
    months = managers["month"]
    assert months.iloc[0] == pd.Timestamp("2009-09-01") and months.iloc[-1] == pd.Timestamp("2017-09-01")
    assert (months.dt.to_period("M").diff().iloc[1:].map(lambda d: d.n) == 1).all(), "no gaps"
    # the card's sanity check and the QualityWatch commentary
    m = managers.set_index("month")
    assert m.loc["2013-03-01"].tolist() == [9709.6, 21331.39]
    assert m.loc["2013-04-01"].tolist() == [8185.63, 17865.4]
    assert round(m["senior_managers_fte"].iloc[0]) == 11892 and round(m["managers_fte"].iloc[0]) == 25687
    assert round(m["senior_managers_fte"].iloc[-1]) == 10282 and round(m["managers_fte"].iloc[-1]) == 21673
    # April 2013 is by far the largest one-month fall in both series
    change = m.pct_change()
    assert (change.idxmin() == pd.Timestamp("2013-04-01")).all()


def test_right_answers_pass():
    intervals = ch05.intervals_between_years()
    assert ch05.check("structural_count", 10).ok
    assert ch05.check("intervals", intervals).ok
    assert ch05.check("intervals", pd.Series([8, 9, 5, 3, 3, 4, 7, 9], index=range(1, 9))).ok
    assert ch05.check("mean_interval", 6).ok
    decades = (ch05.structural_reorganisations()["year"] // 10 * 10).value_counts().sort_index()
    assert ch05.check("per_decade", decades).ok
    assert ch05.check("without_c", 6).ok
    assert ch05.check("step_senior_pct", -15.7).ok
    assert ch05.check("step_managers_pct", -16.25).ok
    assert ch05.check("change_2009_2017_pct", -13.54).ok
    assert ch05.check("senior_back_above", pd.Timestamp("2016-10-01")).ok
    assert ch05.check("senior_back_above", "2016-10").ok


def test_typical_mistakes_get_useful_feedback():
    years_with_2006_twice = ch05.structural_reorganisations()["year"].diff().dropna()
    message = ch05.check("intervals", years_with_2006_twice).message
    assert "Expected 8 values, got 9" in message and "count that year once" in message
    assert "wrong sign" in ch05.check("intervals", -ch05.intervals_between_years()).message
    assert "sign" in ch05.check("step_senior_pct", 15.7).message
    assert "proportion" in ch05.check("step_managers_pct", -0.1625).message
    all_rows = ch05.check("structural_count", 20)
    assert not all_rows.ok and "course_classification" in all_rows.message
    assert "too early" in ch05.check("senior_back_above", "2013-05-01").message
    assert "Give a month" in ch05.check("senior_back_above", "soon").message
    assert not ch05.check("per_decade", pd.Series([1, 1, 3, 3, 1, 1, 0])).ok


def test_unanswered_and_unknown_task():
    unanswered = ch05.check("intervals", None)
    assert unanswered.ok is None and "replace None with your answer in this cell" in unanswered.message
    with pytest.raises(KeyError, match="unknown task"):
        ch05.check("no-such-task", 1)


def test_quiz_numeric_answers_agree_with_the_data():
    bank = load_bank("ch05")
    assert bank.question("reorganisation-count").answer == len(ch05.structural_reorganisations())
    fall = -ch05.pct_change("senior_managers_fte", ch05.BEFORE, ch05.AFTER)
    assert bank.question("managers-step").answer == pytest.approx(round(fall, 1))
    types = [q.type for q in bank.questions]
    assert len(types) >= 8 and types.count("multiple") >= 2 and types.count("numeric") >= 1


def test_key_numbers_for_the_no_code_route_and_its_quiz():
    table = dict(ch05.key_numbers().rows)
    assert table["Structural reorganisations by decade"] == (
        "1970s: 1, 1980s: 1, 1990s: 3, 2000s: 3, 2010s: 1, 2020s: 1"
    )
    assert table["Structural reorganisations left if rows marked C are dropped"] == "6"
    assert table["Change March to April 2013: managers / senior managers"] == "-16.2% / -15.7%"
    assert table["Senior managers: Sep 2009 / March 2013 / Sep 2017"] == "11,892 / 9,710 / 10,282"
    assert table["First month senior managers are above their March 2013 level again"] == "October 2016"
    bank = (Path(__file__).resolve().parent.parent / "nhsreform/banks/ch05-exercise.yml").read_text("utf-8")
    for value in ("15.7%", "11,892", "9,710", "10,282", "October 2016", "from 10 to 6"):
        assert value in bank, value
