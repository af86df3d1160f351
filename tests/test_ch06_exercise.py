"""Exercise 6 checker and the chapter 6 data: right answers pass, typical mistakes get a useful
message, an unanswered task says so, the reference answers come out of the data as the cards and
the chapter say, and the quizzes' numbers agree with the data."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nhsreform.charts.engagement import association
from nhsreform.checks import ch06
from nhsreform.data import load_dataset
from nhsreform.quiz_bank import load_bank

ROOT = Path(__file__).resolve().parent.parent


def _both():
    return ch06.trusts().dropna(subset=["engagement_index_1_to_5", "shmi"])


def test_datasets_match_their_cards():
    trusts = load_dataset("staff_engagement_shmi_trusts_2012_2019")
    assert len(trusts) == 1084 and trusts["org_code"].nunique() == 146
    per_year = trusts.groupby("year")["org_code"].nunique()
    assert per_year.index.tolist() == list(range(2012, 2020))
    assert per_year.min() == 128 and per_year.max() == 142
    assert trusts["shmi"].min() == 0.624 and trusts["shmi"].max() == 1.2681
    assert trusts.loc[trusts["shmi"].idxmin(), "year"] == 2013
    assert trusts.loc[trusts["shmi"].idxmax(), "year"] == 2018
    e2012 = trusts.loc[trusts["year"] == 2012, "engagement_index_1_to_5"]
    assert (round(e2012.min(), 2), round(e2012.max(), 2)) == (3.61, 4.07)
    assert set(trusts["north_or_south"].dropna()) == {"North", "South"}
    assert trusts["north_or_south"].isna().sum() == 18
    national = load_dataset("staff_engagement_national_2011_2017").set_index("survey_year")
    score = national["engagement_score_1_to_5"]
    assert score[2012] == 3.68 and score[2016] == 3.79 and score[2017] == 3.78
    assert pd.isna(score[2013])


def test_reference_answers_from_the_data():
    assert len(ch06.pairs_in_year()) == 126
    both = _both()
    y2019 = both[both["year"] == 2019]
    r = y2019["engagement_index_1_to_5"].corr(y2019["shmi"])
    assert r == pytest.approx(-0.2675, abs=1e-4)
    slope = np.polyfit(y2019["engagement_index_1_to_5"], y2019["shmi"], 1)[0]
    assert slope == pytest.approx(-0.458, abs=1e-3)
    assert ch06.region_gap() == pytest.approx(1.046 - 0.968, abs=1e-3)
    within = ch06.slope_within_regions()
    assert within == pytest.approx(-0.351, abs=1e-3)
    assert slope < within < 0, "allowing for region makes the slope smaller but keeps it negative"


def test_right_answers_pass():
    both = _both()
    y2019 = both[both["year"] == 2019]
    assert ch06.check("trusts_2019", 126).ok
    assert ch06.check("correlation_2019", y2019["engagement_index_1_to_5"].corr(y2019["shmi"])).ok
    by_year = both.groupby("year").apply(
        lambda g: g["engagement_index_1_to_5"].corr(g["shmi"]), include_groups=False
    )
    assert ch06.check("correlation_by_year", by_year).ok
    assert ch06.check("slope_2019", -0.458).ok
    assert ch06.check("region_gap", 0.0781).ok
    assert ch06.check("slope_within_regions", -0.351).ok


def test_typical_mistakes_get_useful_feedback():
    all_rows = ch06.check("trusts_2019", 128)
    assert not all_rows.ok and "missing" in all_rows.message
    assert "keep only 2019" in ch06.check("trusts_2019", 1073).message
    assert "sign" in ch06.check("correlation_2019", 0.2675).message
    assert "all years together" in ch06.check("correlation_2019", -0.157).message
    assert "intercept" in ch06.check("slope_2019", 2.806).message
    assert "subtract South from North" in ch06.check("region_gap", -0.0781).message
    assert "without region" in ch06.check("slope_within_regions", -0.458).message
    flipped = -ch06.correlation_by_year(ch06.trusts()).set_index("year")["r"]
    assert "signs" in ch06.check("correlation_by_year", flipped).message
    assert "too low" in ch06.check("trusts_2019", 100).message
    assert "single number" in ch06.check("slope_2019", "steep").message


def test_unanswered_and_unknown_task():
    unanswered = ch06.check("region_gap", None)
    assert unanswered.ok is None and "replace None with your answer in this cell" in unanswered.message
    with pytest.raises(KeyError, match="unknown task"):
        ch06.check("no-such-task", 1)


def test_quiz_numbers_agree_with_the_data():
    bank = load_bank("ch06")
    assert bank.question("correlation-2019").answer == pytest.approx(
        round(association(ch06.trusts(), 2019)["r"], 2)
    )
    types = [q.type for q in bank.questions]
    assert len(types) >= 10 and types.count("multiple") >= 2 and types.count("numeric") >= 2
    exercise = (ROOT / "nhsreform/banks/ch06-exercise.yml").read_text("utf-8")
    for value in ("−0.458", "−0.351", "1.046", "0.968", "−0.27", "−0.06"):
        assert value in exercise, value
    assert len(load_bank("ch06-exercise").questions) == 4


def test_key_numbers_for_the_no_code_route():
    table = dict(ch06.key_numbers().rows)
    assert table["Trusts with both values in 2019"] == "126"
    assert table["Correlation, engagement with SHMI, 2019"] == "-0.27"
    assert table["Mean SHMI, 2019: North / South"] == "1.046 / 0.968"
    assert table["Slope allowing for region, 2019"] == "-0.351"
    assert table["Correlation in each year, 2012–2019"].startswith("2012: -0.26, 2013: -0.26, 2014: -0.06")


def test_every_task_has_a_stub_and_a_hidden_solution():
    nb = json.loads((ROOT / "exercises/06-engagement-and-mortality.ipynb").read_text("utf-8"))
    sources = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    for task in (
        "trusts_2019",
        "correlation_2019",
        "correlation_by_year",
        "slope_2019",
        "region_gap",
        "slope_within_regions",
    ):
        stubs = [s for s in sources if f'check("{task}"' in s and "= None" in s]
        solutions = [s for s in sources if f'check("{task}"' in s and s.startswith("# Solution")]
        assert len(stubs) == 1 and len(solutions) == 1, task
