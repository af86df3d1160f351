"""Exercise 1's checks (nhsreform/checks/ch01.py): right answers pass, a typical mistake gets a
useful message, and an unanswered task says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from nhsreform import ae, data
from nhsreform.checks import ch01
from nhsreform.exercise_checks import KeyNumbers


def test_right_wrong_and_unanswered():
    d = data.load_ae_attendances()
    england = ae.england_monthly_performance(d)["pct_within_4h"]
    assert ch01.check("providers", d["org_code"].nunique()).ok
    assert ch01.check("england_monthly", england).ok
    assert "over four hours" in ch01.check("england_monthly", 100 - england).message
    assert ch01.check("months_meeting_standard", 0).ok
    unanswered = ch01.check("providers", None)
    assert (
        unanswered.ok is None
        and "replace None with your answer in this cell" in unanswered._repr_mimebundle_()["text/plain"]
    )
    with pytest.raises(KeyError, match="unknown task"):
        ch01.check("no-such-task", 1)


BANK = Path(__file__).resolve().parent.parent / "nhsreform" / "banks" / "ch01-exercise.yml"


def test_unanswered_message_fits_a_cell_holding_stub_and_check():
    text = ch01.check("providers", None)._repr_mimebundle_()["text/plain"]
    assert "Not answered yet: replace None with your answer in this cell and run it again." in text
    assert "run this check again" not in text


def test_key_numbers_for_the_no_code_route():
    d = data.load_ae_attendances()
    totals = d.groupby("period")[["attendances", "breaches"]].sum()
    pct = 100 * (1 - totals["breaches"] / totals["attendances"])
    march = d[(d["type"] == "1") & (d["attendances"] > 0) & (d["period"] == "2019-03-01")]
    per = march.groupby("org_code", observed=True)[["attendances", "breaches"]].sum()
    per_pct = 100 * (1 - per["breaches"] / per["attendances"])
    table = dict(ch01.key_numbers().rows)
    assert table["Providers in the dataset"] == str(d["org_code"].nunique()) == "274"
    assert table["Months in which England (all types) reached 95%"] == f"{int((pct >= 95).sum())} of 36"
    assert (
        table["Type 1 providers meeting 95% in March 2019"] == f"{int((per_pct >= 95).sum())} of {len(per)}"
    )
    assert table["Median type 1 provider, March 2019"] == f"{per_pct.median():.1f}%"
    assert table[f"England, all types, lowest month ({pct.idxmin():%B %Y})"] == f"{pct.min():.1f}%"
    # the no-code quiz quotes these numbers: they must stay the data's
    bank = BANK.read_text(encoding="utf-8")
    for value in ("10 of 134", "80.7%", "84.2%", "91.0%", "90.0%"):
        assert value in bank
    assert f"{pct.max():.1f}%" == "91.0%" and f"{pct.iloc[0]:.1f}%" == "90.0%"


def test_key_numbers_table_html_and_bad_rows():
    shown = KeyNumbers("A <caption>", (("what & why", "1"),))._repr_mimebundle_()
    assert "<caption>A &lt;caption&gt;</caption>" in shown["text/html"]
    assert '<th scope="row"' in shown["text/html"] and "what &amp; why" in shown["text/html"]
    assert shown["text/plain"] == "A <caption>\n- what & why: 1"
    with pytest.raises(ValueError, match="'T': no rows"):
        KeyNumbers("T", ())
    with pytest.raises(ValueError, match="each row is \\(what, value\\) text"):
        KeyNumbers("T", (("what", 3),))
