"""Exercise 3 (ratings and infections): the three datasets hold the values in the data notes, the
reference answers come out as the notes imply, right answers pass, typical mistakes get a useful
message, and an unanswered task says so."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from nhsreform.checks import ch03
from nhsreform.data import load_dataset


@pytest.fixture(scope="module")
def stars():
    return load_dataset("star_ratings_acute_2001_2005")


@pytest.fixture(scope="module")
def ratings():
    return load_dataset("trust_ratings_2007_2018")


@pytest.fixture(scope="module")
def hcai():
    return load_dataset("hcai_mrsa_cdiff_2007_2016")


def test_star_ratings_as_in_the_notes(stars):
    s = stars.set_index("year")
    assert list(s.index) == [2001, 2002, 2003, 2004, 2005]
    assert list(s.loc[2003, ch03.STAR_COLUMNS]) == [52, 60, 30, 14]
    assert s.loc[2003, "acute_trusts_rated"] == 156 == sum(s.loc[2003, ch03.STAR_COLUMNS])
    assert s.loc[2004, "three_stars"] == 74 and s.loc[2004, "zero_stars"] == 10
    assert s.loc[2001, "zero_stars"] == 12 and s.loc[2002, "zero_stars"] == 10
    # gaps stay blank: nothing estimated
    assert s.loc[2005, ch03.STAR_COLUMNS].isna().all()
    assert s.loc[[2001, 2002], ["three_stars", "two_stars", "one_star"]].isna().all().all()
    assert "Caution" in s.loc[2002, "note"]


def test_trust_ratings_as_in_the_notes(ratings):
    ahc = ch03.health_check(ratings)
    assert ahc.loc["2008/09"].to_dict() == {"excellent": 15, "good": 47, "fair": 32, "weak": 5}
    assert ahc.loc["2007/08"].to_dict() == {"excellent": 26, "good": 35, "fair": 34, "weak": 6}
    fin = ch03.health_check(ratings, "Financial management")
    assert fin.loc["2008/09"].to_dict() == {"excellent": 26, "good": 45, "fair": 26, "weak": 3}
    acute = ratings[ratings["scope"].str.startswith("Acute trusts")].set_index("rating")["count"]
    assert acute.to_dict() == {"outstanding": 2, "good": 21, "requires improvement": 70, "inadequate": 10}
    hsj = ratings[ratings["scope"] == "All trusts with an overall rating"].set_index("rating")
    assert list(hsj["count"]) == [5, 53, 109, 12]
    assert hsj.loc["good", "percent"] == 30 and pd.isna(hsj.loc["outstanding", "percent"])
    gp = ratings[(ratings["scope"] == "GP practices") & (ratings["period"] == "31 Jul 2018")]
    assert list(gp["percent"]) == [5, 91, 4, 1]
    # categories differ between regimes: the point of the comparison task
    cats = ratings.groupby("regime")["rating"].unique()
    assert set(cats["Annual health check"]) == {"excellent", "good", "fair", "weak"}
    assert set(cats["CQC State of Care 2017/18"]) == {
        "outstanding",
        "good",
        "requires improvement",
        "inadequate",
    }
    assert set(ratings["confidence"]) == {"A", "B"}


def test_hcai_as_in_the_notes(hcai):
    h = hcai.set_index("financial_year")
    assert len(h) == 9 and h.index[0] == "2007/08" and h.index[-1] == "2015/16"
    assert h.loc["2007/08", "mrsa_total"] == 4451 and h.loc["2015/16", "mrsa_total"] == 819
    assert h.loc["2007/08", "cdiff_total_2plus"] == 55498 and h.loc["2015/16", "cdiff_total_2plus"] == 14139
    assert pd.isna(h.loc["2007/08", "mrsa_trust_apportioned"])
    assert h["cdiff_total_65plus"].notna().sum() == 4


def test_reference_answers(stars, ratings, hcai):
    assert ch03.star_shares(stars)["three_stars"] == pytest.approx(100 * 52 / 156)
    assert ch03.complete_years(stars) == 1
    assert list(ch03.top_two(ratings)) == [61, 62]
    assert list(ch03.printed_totals(ratings)) == [101, 99]
    assert ch03.acute_good_or_outstanding_2016(ratings) == pytest.approx(100 * 23 / 103)
    assert ch03.acute_core_services_change(ratings) == 5
    assert ch03.percentage_fall(hcai["mrsa_total"]) == pytest.approx(100 * (4451 - 819) / 4451)
    assert ch03.mrsa_index(hcai).iloc[-1] == pytest.approx(100 * 819 / 4451)


def test_right_answers_pass(stars, ratings, hcai):
    row = stars.set_index("year").loc[2003]
    student = row[ch03.STAR_COLUMNS] / row["acute_trusts_rated"] * 100
    assert ch03.check("star_shares_2003", student).ok
    assert ch03.check("complete_years", 1).ok
    assert ch03.check("ahc_excellent_or_good", pd.Series([61, 62], index=["2007/08", "2008/09"])).ok
    assert ch03.check("ahc_printed_totals", pd.Series([101, 99])).ok
    assert ch03.check("cqc_acute_good_or_outstanding", 22.3).ok
    assert ch03.check("acute_core_services_change", 5).ok
    assert ch03.check("mrsa_fall", 81.6).ok
    assert ch03.check("cdiff_fall", 74.5).ok
    mrsa = hcai["mrsa_total"]
    assert ch03.check("mrsa_index", mrsa / mrsa.iloc[0] * 100).ok


def test_typical_mistakes_are_named(stars, hcai):
    shares = ch03.star_shares(stars)
    assert "proportions" in ch03.check("star_shares_2003", shares / 100).message
    assert "specialist" in ch03.check("star_shares_2003", shares * 156 / 176).message
    assert "wrong order" in ch03.check("ahc_excellent_or_good", pd.Series([62, 61])).message
    wrong = ch03.check("mrsa_fall", 18.4)
    assert not wrong.ok and "too low" in wrong.message
    index = ch03.mrsa_index(hcai)
    assert "falls since" in ch03.check("mrsa_index", 100 - index).message
    assert not ch03.check("cqc_acute_good_or_outstanding", 100 * 23 / 162).ok


def test_unanswered_and_unknown_task():
    unanswered = ch03.check("mrsa_fall", None)
    assert unanswered.ok is None and "replace None with your answer in this cell" in unanswered.message
    with pytest.raises(KeyError, match="unknown task"):
        ch03.check("no-such-task", 1)


def test_key_numbers_for_the_no_code_route_and_its_quiz():
    table = dict(ch03.key_numbers().rows)
    hcai = load_dataset("hcai_mrsa_cdiff_2007_2016")
    mrsa, cdiff = hcai["mrsa_total"].astype(float), hcai["cdiff_total_2plus"].astype(float)
    mrsa_fall = 100 * (mrsa.iloc[0] - mrsa.iloc[-1]) / mrsa.iloc[0]
    cdiff_fall = 100 * (cdiff.iloc[0] - cdiff.iloc[-1]) / cdiff.iloc[0]
    assert table["Fall in MRSA bacteraemia, 2007/08 to 2015/16"] == f"{mrsa_fall:.1f}%" == "81.6%"
    assert table["Fall in C. difficile (aged 2+), 2007/08 to 2015/16"] == f"{cdiff_fall:.1f}%" == "74.5%"
    assert table["CQC, April 2016: acute trusts rated good or outstanding"] == "22.3%"
    assert table["Annual health check, quality: printed percentages add up to"] == "2007/08: 101, 2008/09: 99"
    assert "2008/09: 62%" in table["Annual health check, quality: excellent or good"]
    bank = (Path(__file__).resolve().parent.parent / "nhsreform/banks/ch03-exercise.yml").read_text("utf-8")
    for value in ("81.6%", "74.5%", "22.3%", "62%", "101", "99", "4,451", "819", "55,498", "14,139"):
        assert value in bank, value
    assert [int(mrsa.iloc[0]), int(mrsa.iloc[-1]), int(cdiff.iloc[0]), int(cdiff.iloc[-1])] == [
        4451,
        819,
        55498,
        14139,
    ]
