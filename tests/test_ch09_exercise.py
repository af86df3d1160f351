"""Exercise 9 (funnel plots of A&E performance): the reference answers come out as the chapter, the
exercise and the quizzes quote them, the worked answers pass, typical mistakes get the course's
feedback, and an unanswered task says so."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import yaml

from nhsreform import funnel
from nhsreform.checks import ch09
from nhsreform.data import load_ae_attendances

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = ROOT / "chapters" / "09-innovation-and-standardisation.ipynb"
EXERCISE = ROOT / "exercises" / "09-funnel-plots.ipynb"


@pytest.fixture(scope="module")
def per():
    ae = load_ae_attendances()
    march = ae[(ae["period"] == "2019-03-01") & (ae["type"] == "1") & (ae["attendances"] > 0)]
    per = march.groupby("org_code", observed=True)[["attendances", "breaches"]].sum()
    per["within"] = per["attendances"] - per["breaches"]
    per["proportion"] = per["within"] / per["attendances"]
    return per


@pytest.fixture(scope="module")
def p0(per):
    return per["within"].sum() / per["attendances"].sum()


def _markdown(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def _prose(path: Path) -> str:
    return " ".join(_markdown(path).split())


def test_numbers_quoted_in_the_chapter_come_from_the_data():
    plain, adjusted, dispersion = ch09.march_results()
    outer = {"above 99.8% limit", "below 99.8% limit"}
    counts = plain["signal"].value_counts()
    assert len(plain) == 134
    assert int(plain["signal"].isin(outer).sum()) == 123
    assert (counts["above 99.8% limit"], counts["below 99.8% limit"], counts["within 95% limits"]) == (
        67,
        56,
        5,
    )
    assert f"{100 * dispersion.p0:.1f}" == "79.5" and round(dispersion.phi) == 411
    assert (
        f"{100 * plain['proportion'].min():.1f}" == "49.0"
        and f"{100 * plain['proportion'].max():.1f}" == "97.5"
    )
    assert int((adjusted["signal"] == "within 95% limits").sum()) == 120
    assert int((adjusted["signal"] == "below 99.8% limit").sum()) == 1
    assert int((adjusted["signal"] == "above 95% limit").sum()) == 8
    above = adjusted.loc[adjusted["signal"] == "above 95% limit", "proportion"]
    assert f"{100 * above.min():.1f}" == "95.7"
    assert round(100 * dispersion.tau) == 8
    text = _prose(CHAPTER)
    for quoted in (
        "Of 134 departments, only 5",
        "67 lie above",
        "56 below",
        "123 in all",
        "about 411 times",
        "79.5%",
        "49.0% to 97.5%",
        "120 of the 134",
        "95.7% or better",
    ):
        assert quoted in text, quoted


def test_numbers_in_the_quizzes_come_from_the_data():
    plain, adjusted, _ = ch09.march_results()
    chapter = yaml.safe_load((ROOT / "nhsreform" / "banks" / "ch09.yml").read_text(encoding="utf-8"))
    exercise = yaml.safe_load(
        (ROOT / "nhsreform" / "banks" / "ch09-exercise.yml").read_text(encoding="utf-8")
    )
    share = next(q for q in chapter["questions"] if q["id"] == "share-outside")
    assert share["answer"] == round(100 * 123 / len(plain)) and "123 of the 134" in share["prompt"]
    inside = next(q for q in exercise["questions"] if q["id"] == "share-inside-adjusted")
    within = int((adjusted["signal"] == "within 95% limits").sum())
    assert (
        inside["answer"] == round(100 * within / len(adjusted)) and f"{within} of the 134" in inside["prompt"]
    )
    rxn = adjusted.set_index("unit").loc["RXN"]
    assert (
        rxn["signal"] == "below 99.8% limit"
        and rxn["n"] == 4591
        and f"{100 * rxn['proportion']:.1f}" == "49.0"
    )
    assert int((100 * plain["proportion"] >= 95).sum()) == 10
    normal = next(q for q in chapter["questions"] if q["id"] == "normal-limit")
    assert normal["answer"] == round(100 * (0.8 + 1.959964 * 0.004), 1)


def test_worked_answers_pass(per, p0):
    pct = 100 * per["proportion"]
    assert ch09.check("march_pct", pct).ok
    assert ch09.check("centre_line", 100 * p0).ok
    se = np.sqrt(p0 * (1 - p0) / per["attendances"])
    outside = (per["proportion"] < p0 - 3.09 * se) | (per["proportion"] > p0 + 3.09 * se)
    assert ch09.check("outside_998", int(outside.sum())).ok
    assert ch09.check("outside_998", 123).ok  # the exact binomial count, as the chapter draws it
    z = (per["proportion"] - p0) / se
    low, high = np.quantile(z, [0.1, 0.9])
    assert ch09.check("phi", float(np.mean(np.clip(z, low, high) ** 2))).ok
    table, _ = funnel.funnel_table(per["within"], per["attendances"], per.index, adjust="additive")
    assert ch09.check("outside_adjusted", int((table["signal"] != "within 95% limits").sum())).ok
    assert ch09.check("flagged_trust", table.loc[table["signal"] == "below 99.8% limit", "unit"].iloc[0]).ok
    assert ch09.check("flagged_trust", " rxn ").ok


@pytest.mark.parametrize(
    ("task", "wrong", "message"),
    [
        ("march_pct", lambda per, p0: per["proportion"], "proportions"),
        ("march_pct", lambda per, p0: 100 * (1 - per["proportion"]), "breached"),
        ("march_pct", lambda per, p0: 100 * per["proportion"].iloc[:-1], "Expected 134 values"),
        ("centre_line", lambda per, p0: 100 * per["proportion"].mean(), "average of the departments"),
        ("centre_line", lambda per, p0: p0, "proportion"),
        ("centre_line", lambda per, p0: 100 * (1 - p0), "breached"),
        ("centre_line", lambda per, p0: "79.5%", "single number"),
        ("outside_998", lambda per, p0: 129, "95% limits"),
        ("outside_998", lambda per, p0: 10, "inside the 99.8% limits"),
        ("outside_998", lambda per, p0: 100, "too low"),
        ("phi", lambda per, p0: 572.65, "without Winsorising"),
        ("phi", lambda per, p0: 504.08, "5% at each end"),
        ("phi", lambda per, p0: 1.0, "too low"),
        ("outside_adjusted", lambda per, p0: 15, "multiplicative"),
        ("outside_adjusted", lambda per, p0: 1, "99.8% limits"),
        ("flagged_trust", lambda per, p0: "RAS", "95% limit but not below the 99.8%"),
        ("flagged_trust", lambda per, p0: "RGT", "is not the department"),
        ("flagged_trust", lambda per, p0: 49.0, "ODS code"),
    ],
)
def test_typical_mistakes_get_the_courses_feedback(per, p0, task, wrong, message):
    feedback = ch09.check(task, wrong(per, p0))
    assert feedback.ok is False and message in feedback.message, feedback.message


def test_unanswered_and_unknown_tasks():
    assert ch09.check("phi", None).ok is None
    with pytest.raises(KeyError, match="unknown task"):
        ch09.check("funnel", 1)


def test_key_numbers_match_the_checks():
    rows = dict(ch09.key_numbers().rows)
    assert rows["Type 1 departments (providers) plotted"] == "134"
    assert rows["Outside the exact 99.8% limits, no allowance for real differences"] == "123 of 134"
    assert rows["Overdispersion factor (variance ratio, 10% Winsorised)"] == "411"
    assert rows["Below the adjusted 99.8% limit"].startswith("RXN (49.0%")
    assert rows["Outside the adjusted 95% limits"] == "14 of 134"


def test_exercise_prose_quotes_the_results():
    text = _prose(EXERCISE)
    assert "RXN, at 49.0% in March 2019" in text and "only 10 of the 134" in text
    assert "Plain 99.8% limits flagged 124 departments (123 with exact binomial limits" in text
    assert "flag 14 at 95% and one at 99.8%" in text


def test_bad_month_is_refused_with_the_datasets_range():
    from nhsreform.charts import funnel as funnel_charts

    with pytest.raises(ValueError, match="2016-04-01 to 2019-03-01"):
        funnel_charts.provider_funnel_table(load_ae_attendances(), "2020-01-01")
