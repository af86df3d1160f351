"""Exercise 10 checker and the chapter 10 data: right answers pass, typical mistakes get a useful
message, an unanswered task says so, the reference answers come out of the data as the cards and
the chapter say, and the quizzes' numbers agree with the data."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from nhsreform.charts.patients import choice_waves, involvement, mean_rating, rating_share
from nhsreform.checks import ch10
from nhsreform.data import load_dataset
from nhsreform.quiz_bank import load_bank

ROOT = Path(__file__).resolve().parent.parent


def test_datasets_match_their_cards():
    experience = load_dataset("patient_experience_national_2003_2016")
    assert len(experience) == 52
    assert experience["indicator"].value_counts().to_dict() == {
        "inpatient_involved_in_decisions": 33,
        "inpatient_experience_score": 9,
        "gp_overall_experience_good": 5,
        "gp_would_recommend_surgery": 5,
    }
    table = involvement(experience)
    assert table.index.tolist() == list(range(2005, 2016))
    totals = table.sum(axis=1)
    assert (totals[totals.index <= 2013] == 100).all() and (totals[[2014, 2015]] == 101).all(), (
        "as the card says"
    )
    score = experience[experience["indicator"] == "inpatient_experience_score"].set_index("period")["value"]
    assert "2004/05" not in score.index and score["2003/04"] == 75.7 and score["2012/13"] == 76.5
    ratings = load_dataset("inpatient_overall_rating_2012_2015")
    totals = ratings.groupby("survey_year")["pct_of_inpatients"].sum().to_dict()
    assert totals == {2012: 99, 2013: 99, 2014: 101, 2015: 100}
    choice = load_dataset("patient_choice_offered_2006_2015")
    assert len(choice) == 9 and choice["referral_period"].iloc[-1] == "2015"
    waves, later = choice_waves(choice)
    assert len(waves) == 8 and len(later) == 1
    assert waves["date"].is_monotonic_increasing and waves["date"].iloc[0].year == 2006


def test_reference_answers_from_the_data():
    assert ch10.definitely_change() == 7
    assert ch10.lowest_definitely_year() == 2007
    r = ch10.ratings()
    assert rating_share(r, 2015) == 49 and rating_share(r, 2012) == 45
    assert mean_rating(r, 2012) == pytest.approx(784 / 99)
    assert ch10.choice_rise() == 19
    assert ch10.gp_change() == pytest.approx(-3.1)
    assert ch10.gp_change(ch10.GP_RECOMMEND) == pytest.approx(-3.9)


def test_right_answers_pass():
    assert ch10.check("definitely_change", 7).ok
    assert ch10.check("lowest_year", 2007).ok
    assert ch10.check("top_ratings_2015", 49).ok
    assert ch10.check("mean_rating_2012", 7.92).ok
    assert ch10.check("mean_rating_2012", np.float64(784 / 99)).ok
    assert ch10.check("choice_rise", 19.0).ok
    assert ch10.check("gp_change", -3.1).ok


def test_typical_mistakes_get_useful_feedback():
    assert "sign" in ch10.check("definitely_change", -7).message
    assert "relative to 2005" in ch10.check("definitely_change", 13.2).message
    assert "'No'" in ch10.check("lowest_year", 2015).message
    assert "10 only" in ch10.check("top_ratings_2015", 27).message
    assert "ratings of 8" in ch10.check("top_ratings_2015", 73).message
    assert "2012 survey" in ch10.check("top_ratings_2015", 45).message
    divided = ch10.check("mean_rating_2012", 7.84)
    assert not divided.ok and "add up to 99" in divided.message
    assert "labels" in ch10.check("mean_rating_2012", 5).message
    assert "2015 row" in ch10.check("choice_rise", 10).message
    assert "relative to 2006" in ch10.check("choice_rise", 63.3).message
    assert "sign" in ch10.check("gp_change", 3.1).message
    assert "would_recommend" in ch10.check("gp_change", -3.9).message


def test_other_wrong_answers_say_which_way():
    low = ch10.check("choice_rise", 15)
    assert not low.ok and "too low" in low.message
    high = ch10.check("definitely_change", 9)
    assert not high.ok and "too high" in high.message
    text = ch10.check("gp_change", "minus three")
    assert not text.ok and "single number" in text.message


def test_unanswered_and_unknown_tasks():
    assert ch10.check("top_ratings_2015", None).ok is None
    with pytest.raises(KeyError, match="unknown task"):
        ch10.check("top_ratings", 49)


def test_key_numbers_come_from_the_data():
    rows = dict(ch10.key_numbers().rows)
    assert rows["Inpatients 'definitely' involved in decisions, 2005 / 2015"] == "53% / 60%"
    assert rows["Inpatients rating their care 9 or 10, 2012 / 2015"] == "45% / 49%"
    assert rows["Same question, 2015 (different survey)"] == "40%"
    assert (
        rows["GP Patient Survey, overall experience good, 2011/12 / 2015/16"] == "88.3% / 85.2% (-3.1 points)"
    )


def test_quiz_numbers_agree_with_the_data():
    exercise = load_bank("ch10-exercise")
    assert exercise.question("top-ratings").answer == rating_share(ch10.ratings(), 2015)
    chapter = load_bank("ch10")
    assert chapter.question("involvement-change").answer == ch10.definitely_change()
    assert chapter.question("choice-change").answer == ch10.choice_rise()
    waves, later = choice_waves(ch10.choice())
    slip = later["pct_recall_offered_choice"].iloc[0] - waves["pct_recall_offered_choice"].iloc[0]
    assert any(s.answer == slip for s in chapter.question("choice-change").slips)


def test_worked_solutions_in_the_notebook_call_the_checks():
    nb = json.loads((ROOT / "exercises" / "10-patient-experience.ipynb").read_text(encoding="utf-8"))
    solutions = ["".join(c["source"]) for c in nb["cells"] if "".join(c["source"]).startswith("# Solution")]
    tasks = ch10._tasks()
    for task in tasks:
        assert any(f'check("{task}"' in s for s in solutions), task
    assert len(solutions) == len(tasks) + 1  # and one for the drawing task
