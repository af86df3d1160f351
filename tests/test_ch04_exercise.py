"""Exercise 4 checker: right answers pass, typical mistakes get a useful message, unanswered tasks
say so, and the reference answers come out of the data as the cards and the chapter say."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from nhsreform import data
from nhsreform.checks import ch04


@pytest.fixture(scope="module")
def ft():
    return data.load_dataset("foundation_trusts_count")


@pytest.fixture(scope="module")
def studies():
    return data.load_dataset("competition_studies")


def test_reference_answers_match_the_cards(ft, studies):
    series = ch04.foundation_trust_series(ft)
    assert list(series) == [31, 107, 112, 144, 152]  # the card's sanity check
    growth = ch04.growth_per_year(series)
    assert len(growth) == 4 and growth.iloc[0] > 20 > growth.iloc[-1]  # fast, then slow
    assert round(ch04.approximate_share_2013(ft), 1) == round(100 * 144 / 243, 1)
    assert len(ch04.did_studies(studies)) == 4
    assert set(ch04.ami_did_studies(studies)["year"]) == {2011, 2013}


def test_ft_series(ft):
    series = ch04.foundation_trust_series(ft)
    assert ch04.check("ft_series", series).ok
    everything = ft.set_index("date")["value"]
    wrong = ch04.check("ft_series", everything)
    assert not wrong.ok and "Expected 5 values" in wrong.message and "measure" in wrong.message


def test_growth(ft):
    series = ch04.foundation_trust_series(ft)
    growth = ch04.growth_per_year(series)
    assert ch04.check("growth_per_year", growth).ok
    assert "years between" in ch04.check("growth_per_year", series.diff().dropna()).message
    assert "monthly" in ch04.check("growth_per_year", growth / 12).message
    assert not ch04.check("growth_per_year", [1, 2, 3, 4]).ok


def test_share(ft):
    share = ch04.approximate_share_2013(ft)
    assert ch04.check("share_2013", share).ok
    assert ch04.check("share_2013", round(share, 1)).ok
    assert "NOT yet" in ch04.check("share_2013", 100 - share).message
    assert "too low" in ch04.check("share_2013", 50).message
    assert "single number" in ch04.check("share_2013", "sixty").message


def test_studies(studies):
    assert ch04.check("did_count", 4).ok and not ch04.check("did_count", 3).ok
    right = ch04.ami_did_studies(studies)
    assert ch04.check("ami_did_studies", right).ok
    assert ch04.check("ami_did_studies", list(zip(right["study"], right["year"], strict=True))).ok
    with_1990s = studies[studies["outcome"].str.contains("AMI")]
    assert "internal-market" in ch04.check("ami_did_studies", with_1990s).message
    all_did = ch04.did_studies(studies)
    assert "heart-attack" in ch04.check("ami_did_studies", all_did).message
    assert "study and year" in ch04.check("ami_did_studies", right[["outcome"]]).message
    assert not ch04.check("ami_did_studies", 42).ok
    partial = ch04.check("ami_did_studies", right.iloc[:1])
    assert not partial.ok and "1 of the right ones are missing" in partial.message


def test_unanswered_and_unknown():
    unanswered = ch04.check("ft_series", None)
    assert (
        unanswered.ok is None
        and "replace None with your answer in this cell" in unanswered._repr_mimebundle_()["text/plain"]
    )
    with pytest.raises(KeyError, match="unknown task"):
        ch04.check("no-such-task", 1)


def test_checker_rejects_an_empty_frame():
    empty = pd.DataFrame({"study": [], "year": []})
    assert not ch04.check("ami_did_studies", empty).ok


def test_key_numbers_for_the_no_code_route_and_its_quiz():
    table = dict(ch04.key_numbers().rows)
    series = ch04.foundation_trust_series(data.load_dataset("foundation_trusts_count"))
    assert table["Foundation trusts in existence, as read"].startswith(f"{series.iloc[0]} (May 2005)")
    assert table["Added per year, May 2005 to Jun 2008"] == "24.6"
    assert table["Added per year, Dec 2008 to Dec 2012"] == "7.8"
    assert table["Added per year, Dec 2012 to Feb 2016"] == "2.6"
    assert table["Studies in the table / with a difference-in-differences design"] == "6 / 4"
    ami = table["Difference-in-differences studies of heart-attack (AMI) deaths"]
    assert "Cooper, Gibbons, Jones & McGuire (2011)" in ami and "Gaynor, Moreno-Serra & Propper (2013)" in ami
    bank = (Path(__file__).resolve().parent.parent / "nhsreform/banks/ch04-exercise.yml").read_text("utf-8")
    for value in ("24.6", "7.8", "2.6", "112", "144", "152", "(2011)", "(2013)"):
        assert value in bank, value
