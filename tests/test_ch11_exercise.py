"""Exercise 11 checker and the chapter 11 data: right answers pass, typical mistakes get a useful
message, an unanswered task says so, the reference answers come out of the data as the cards and
the chapter say, and the quizzes' numbers agree with the data."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from nhsreform.charts import leadership
from nhsreform.checks import ch11
from nhsreform.quiz_bank import load_bank

ROOT = Path(__file__).resolve().parent.parent
TASKS = ("people", "median_days", "longest_days", "under_a_year", "text_values", "gap_points")


def _spells_by_hand():
    """The worked solution's way of joining rows: a new spell whenever the holder changes."""
    s = ch11.secretaries()
    s["spell"] = s["holder"].ne(s["holder"].shift(fill_value="")).cumsum()
    joined = s.groupby("spell").agg(start=("start_date", "min"), end=("end_date", "max"))
    return (joined["end"] - joined["start"]).dt.days.dropna()


def test_datasets_match_their_cards():
    sec = ch11.secretaries()
    assert len(sec) == 21 and sec["holder"].nunique() == 19
    assert sec["start_date"].min() == pd.Timestamp("1987-06-13")
    assert (
        sec["end_date"].isna().sum() == 1
        and sec.loc[sec["end_date"].isna(), "holder"].item() == "Wes Streeting"
    )
    derived = (sec["end_date"] - sec["start_date"]).dt.days
    assert (derived.dropna() == sec["days_in_office_derived"].dropna().astype(int)).all()
    assert sec["days_in_office_derived"].min() == 49 and sec["days_in_office_derived"].max() == 1952
    churn = ch11.churn()
    assert len(churn) == 14 and churn["study"].value_counts().to_dict() == {
        "HSJ 2017": 8,
        "King's Fund/NHS Providers 2018": 6,
    }
    assert churn["value"].tolist().count("just over 7") == 1


def test_reference_answers_from_the_data():
    days = _spells_by_hand()
    stats = leadership.tenure_summary(ch11.secretaries())
    assert len(days) == stats["spells"] == 19
    assert days.median() == stats["median_days"] == 693
    assert days.max() == stats["longest"][1] == 2134 and stats["longest"][0] == "Jeremy Hunt"
    assert stats["shortest"] == ("Thérèse Coffey", 49)
    assert (days < 365).sum() == stats["under_a_year"] == 4
    assert ch11.rows_median_days() == 680
    assert ch11.text_values() == 1
    assert ch11.rating_gap() == 42
    after = leadership.tenure_summary(ch11.secretaries(), since=leadership.REPORT_DATE)
    assert after["spells"] == 6 and after["median_days"] == 304.5
    before = leadership.tenure_summary(ch11.secretaries(), before=leadership.REPORT_DATE)
    assert before["spells"] == 13 and before["median_days"] == 782
    assert before["longest"] == ("Jeremy Hunt", 2134), "a spell is joined before it is placed by its start"


def test_spells_join_only_consecutive_rows_of_one_holder():
    table = leadership.spells(ch11.secretaries())
    assert len(table) == 20 and table["name"].value_counts()["Steve Barclay"] == 2
    assert table["name"].value_counts()["Jeremy Hunt"] == 1
    assert table["in_office"].sum() == 1
    with pytest.raises(ValueError, match="health_secretaries_1987_2024"):
        leadership.spells(ch11.churn())
    with pytest.raises(ValueError, match="no completed spell started in the period"):
        leadership.tenure_summary(ch11.secretaries(), since="2024-01-01")


def test_right_answers_pass():
    for task, answer in zip(TASKS, (19, 693, 2134, 4, 1, 42), strict=True):
        assert ch11.check(task, answer).ok, task
    assert ch11.check("median_days", _spells_by_hand().median()).ok


def test_typical_mistakes_get_useful_feedback():
    assert "counts rows" in ch11.check("people", 21).message
    assert "median over the rows" in ch11.check("median_days", 680).message
    assert "mean" in ch11.check("median_days", 712.4).message
    assert "first row only" in ch11.check("longest_days", 1952).message
    assert "second row" in ch11.check("under_a_year", 5).message
    assert "one entry is not a number" in ch11.check("text_values", 0).message
    assert "inadequate only" in ch11.check("gap_points", 83).message
    assert "ratio" in ch11.check("gap_points", 1.98).message
    assert "too low" in ch11.check("gap_points", 30).message
    assert "single number" in ch11.check("median_days", "long").message


def test_unanswered_and_unknown_task():
    unanswered = ch11.check("people", None)
    assert unanswered.ok is None and "replace None with your answer in this cell" in unanswered.message
    with pytest.raises(KeyError, match="unknown task"):
        ch11.check("no-such-task", 1)


def test_quiz_numbers_agree_with_the_data():
    stats = leadership.tenure_summary(ch11.secretaries())
    bank = load_bank("ch11")
    assert bank.question("median-days").answer == stats["median_days"]
    assert bank.question("shortest-spell").answer == stats["shortest"][1]
    types = [q.type for q in bank.questions]
    assert len(types) >= 10 and types.count("multiple") >= 2 and types.count("numeric") >= 2
    text = (ROOT / "nhsreform/banks/ch11.yml").read_text("utf-8")
    for value in ("304.5", "782", "43%", "85%", "14%", "72%"):
        assert value in text, value
    exercise = (ROOT / "nhsreform/banks/ch11-exercise.yml").read_text("utf-8")
    for value in ("2,134", "1,952", "693", "712", "680", "1,341"):
        assert value in exercise, value
    assert len(load_bank("ch11-exercise").questions) == 4


def test_key_numbers_for_the_no_code_route():
    table = dict(ch11.key_numbers().rows)
    assert table["Rows in the Secretaries of State file / people"] == "21 / 19"
    assert table["Median / mean days in office, completed spells"] == "693 / 712"
    assert table["Longest spell"] == "Jeremy Hunt, 2,134 days"
    assert table["Median days: spells started before / after June 2014"] == "782 / 304.5"
    key = "Median chief executive tenure: inadequate / outstanding trusts (HSJ 2017)"
    assert table[key] == "11 months / just over 7 years"


def test_every_task_has_a_stub_and_a_hidden_solution():
    nb = json.loads((ROOT / "exercises/11-ministers-and-chief-executives.ipynb").read_text("utf-8"))
    sources = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    for task in TASKS:
        stubs = [s for s in sources if f'check("{task}"' in s and "= None" in s]
        solutions = [s for s in sources if f'check("{task}"' in s and s.startswith("# Solution")]
        assert len(stubs) == 1 and len(solutions) == 1, task
