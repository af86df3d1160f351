"""Exercise 12 checker (the capstone): right answers pass, typical mistakes get a useful message, an
unanswered task says so, a student's own programme is run or refused with a clear message, and the
quiz's numbers agree with the model."""

from __future__ import annotations

import numpy as np
import pytest

from nhsreform.checks import ch12
from nhsreform.models import reform_programme as rp
from nhsreform.quiz_bank import load_bank


def test_reference_answers_come_from_the_model():
    end = ch12.year15(ch12.PRESSURE)
    assert len(end) == 50
    assert ch12.gap_year15() == pytest.approx(np.median(end["reported"] - end["real"]))
    assert ch12.gap_year15() > ch12.gap_year15(ch12.MIX) > 0
    assert ch12.engagement_by_programme().idxmax() == "From within only"
    table = rp.compare_scenarios()
    assert ch12.band_width() == pytest.approx(table.loc[ch12.MIX, "band width, real performance"])
    assert ch12.reorganisation_loss() > 0


def test_right_answers_pass():
    end = ch12.year15(ch12.PRESSURE)
    assert ch12.check("gap_year15", np.median(end["reported"] - end["real"])).ok
    assert ch12.check("gap_year15", (end["reported"] - end["real"]).mean()).ok
    assert ch12.check("highest_engagement", "From within only").ok
    mix = ch12.year15(ch12.MIX)["real"]
    assert ch12.check("band_width", np.percentile(mix, 90) - np.percentile(mix, 10)).ok
    changed = ch12.year15(ch12.MIX, reorganisations=3)["real"]
    assert ch12.check("reorganisation_loss", mix.median() - changed.median()).ok
    mine = ch12.check("my_programme", dict(rp.SCENARIOS[ch12.MIX]))
    assert mine.ok and "real performance" in mine.message


def test_typical_mistakes_get_useful_feedback():
    gap = ch12.gap_year15()
    assert "sign" in ch12.check("gap_year15", -gap).message
    assert ch12.MIX in ch12.check("gap_year15", ch12.gap_year15(ch12.MIX)).message
    second = ch12.check("highest_engagement", "The report's mix")
    assert not second.ok and "second" in second.message
    assert "not one of the named programmes" in ch12.check("highest_engagement", "Within").message
    assert "as text" in ch12.check("highest_engagement", 3).message
    mix = ch12.year15(ch12.MIX)
    full = ch12.check("band_width", mix["real"].max() - mix["real"].min())
    assert not full.ok and "full range" in full.message
    within = ch12.check("band_width", mix["variation"].median())
    assert not within.ok and "between organisations" in within.message
    assert "sign" in ch12.check("reorganisation_loss", -ch12.reorganisation_loss()).message
    assert "too high" in ch12.check("reorganisation_loss", 100).message


def test_own_programme_is_checked_with_clear_messages():
    assert "dict" in ch12.check("my_programme", [0.2, 2]).message
    missing = ch12.check("my_programme", dict(target_pressure=0.2))
    assert not missing.ok and "inspection_days" in missing.message
    extra = dict(rp.SCENARIOS[ch12.MIX], budget=3)
    assert "budget" in ch12.check("my_programme", extra).message
    bad = dict(rp.SCENARIOS[ch12.MIX], reorganisations=9)
    refused = ch12.check("my_programme", bad)
    assert not refused.ok and "reorganisations" in refused.message and "0 to 5" in refused.message


def test_unanswered_and_unknown_tasks():
    assert ch12.check("gap_year15", None).ok is None
    with pytest.raises(KeyError, match="unknown task"):
        ch12.check("no_such_task", 1)


def test_key_numbers_and_the_quiz_agree_with_the_model():
    text = ch12.key_numbers()._repr_mimebundle_()["text/plain"]
    table = rp.compare_scenarios()
    for name in rp.SCENARIOS:
        assert name in text
    eng = table["staff engagement"].round().astype(int)
    assert (eng["From within only"], eng[ch12.MIX], eng["Repeated reorganisation"], eng[ch12.PRESSURE]) == (
        75,
        69,
        53,
        41,
    )
    assert round(ch12.gap_year15(), 1) == 2.4
    assert table["gap reported − real"].idxmax() == ch12.PRESSURE
    assert table.loc[ch12.MIX, "gap reported − real"] < 1
    assert round(table.loc["Repeated reorganisation", "gap reported − real"]) == 1
    assert table.loc["From within only", "gap reported − real"] == 0
    real = table["real performance"].round().astype(int)
    assert real[ch12.MIX] == 154
    assert round(table.loc["From within only", "real performance p10"]) == 140
    assert round(table.loc["From within only", "real performance p90"]) == 152
    assert table["band width, real performance"].idxmax() == "From within only"
    assert round(ch12.year15(ch12.MIX, reorganisations=3)["real"].median()) == 133
    q = load_bank("ch12-exercise").question("reorganisation-loss")
    assert abs(q.answer - ch12.reorganisation_loss()) <= q.tolerance
