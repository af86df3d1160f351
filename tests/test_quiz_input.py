"""Bad input to the quiz gets a clear answer, never a wrong one: banks in the wrong encoding or
with hidden YAML faults are refused naming the file and question, and a typed number is read by
one rule that the live widget (Python) and the book (JavaScript) apply identically."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from nhsreform.quiz_bank import QuizBankError, load_bank, numeric_feedback, parse_bank
from nhsreform.quiz_html import render_quiz_html
from nhsreform.quiz_numbers import COMMA_DECIMAL, NOT_A_NUMBER, NumberInputError, parse_number
from nhsreform.quiz_widget import QuizWidget

from .test_quiz_bank import GOOD_SINGLE, refused, write_bank

INPUTS = yaml.safe_load((Path(__file__).parent / "data" / "numeric_inputs.yml").read_text("utf-8"))
IDS = [repr(row["input"]) for row in INPUTS]

NUMERIC = """
  - id: share
    type: numeric
    prompt: What share?
    answer: {answer}
    tolerance: {tolerance}
    unit: "%"
    feedback:
      correct: Right, that is the share in the published table.
      too_low: Too low; look again at the published table.
      too_high: Too high; look again at the published table.
"""


def _expected_message(row) -> str:
    typed = row["input"].strip(" \t\u00a0\u202f").removesuffix("%").strip(" \t\u00a0\u202f")
    if row["error"] == "comma":
        return COMMA_DECIMAL.format(suggestion=typed.replace(",", "."), typed=typed)
    return NOT_A_NUMBER


# --- Banks -----------------------------------------------------------------------------


def test_bank_saved_as_latin1_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "latin.yml"
    path.write_bytes(("title: Café quiz\nquestions:\n" + GOOD_SINGLE).encode("latin-1"))
    msg = refused(path)
    assert "not UTF-8" in msg and "line 1" in msg and "save the question bank as UTF-8" in msg


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_bank_saved_as_utf16_is_refused_naming_the_file(tmp_path, encoding):
    path = tmp_path / "wide.yml"
    text = "title: Quiz\nquestions:\n" + GOOD_SINGLE
    path.write_bytes(("\ufeff" + text if encoding != "utf-16" else text).encode(encoding))
    msg = refused(path)
    assert "UTF-16" in msg or "not UTF-8" in msg
    assert "UTF-8" in msg


def test_utf8_with_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yml"
    path.write_bytes(("title: Quiz\nquestions:\n" + GOOD_SINGLE).encode("utf-8-sig"))
    assert load_bank(path).title == "Quiz"


def test_a_key_given_twice_is_refused(tmp_path):
    path = tmp_path / "twice.yml"
    path.write_text(
        "title: Quiz\nquestions:\n" + GOOD_SINGLE + "questions:\n" + GOOD_SINGLE.replace("q1", "q2"),
        encoding="utf-8",
    )
    msg = refused(path)
    assert "'questions' appears twice" in msg and "first on line 2" in msg


def test_a_key_given_twice_inside_a_question_is_refused(tmp_path):
    msg = refused(
        write_bank(
            tmp_path,
            GOOD_SINGLE.replace("    prompt: Which?\n", "    prompt: Which?\n    prompt: Which one?\n"),
        )
    )
    assert "'prompt' appears twice" in msg


@pytest.mark.parametrize(
    "field, value",
    [
        ("answer", ".nan"),
        ("answer", ".inf"),
        ("answer", "-.inf"),
        ("tolerance", ".inf"),
        ("tolerance", ".nan"),
    ],
)
def test_numeric_answer_and_tolerance_must_be_finite(tmp_path, field, value):
    values = {"answer": 42, "tolerance": 0.5, field: value}
    msg = refused(write_bank(tmp_path, NUMERIC.format(**values)))
    assert "'share'" in msg and field in msg and "finite" in msg


def test_ids_that_differ_only_by_spaces_are_duplicates(tmp_path):
    twice = GOOD_SINGLE + GOOD_SINGLE.replace("id: q1", "id: 'q1 '")
    msg = refused(write_bank(tmp_path, twice))
    assert "'q1'" in msg and "duplicate id" in msg


def test_two_options_pinned_last_are_refused(tmp_path):
    bank = GOOD_SINGLE.replace("feedback: A is right", "pin: last\n        feedback: A is right").replace(
        "feedback: B is wrong", "pin: last\n        feedback: B is wrong"
    )
    msg = refused(write_bank(tmp_path, bank))
    assert "'q1'" in msg and "only one option can be pinned last" in msg


def test_unknown_bank_name_lists_the_known_ones():
    with pytest.raises(QuizBankError, match="no such question bank.*ch01"):
        load_bank("chapter99")


# --- Typed numbers: one table, both sides ------------------------------------------------


@pytest.mark.parametrize("row", INPUTS, ids=IDS)
def test_python_reads_numbers_by_the_table(row):
    if "value" in row:
        assert parse_number(row["input"]) == pytest.approx(row["value"])
    else:
        with pytest.raises(NumberInputError) as err:
            parse_number(row["input"])
        assert str(err.value) == _expected_message(row)


def test_comma_decimal_is_never_graded_as_a_whole_number():
    bank = parse_bank(yaml.safe_load("title: T\nquestions:\n" + NUMERIC.format(answer=42, tolerance=0)))
    ok, lines = numeric_feedback(bank.questions[0], "4,2")
    assert not ok and lines == [COMMA_DECIMAL.format(suggestion="4.2", typed="4,2")]
    ok, lines = numeric_feedback(bank.questions[0], "nan")
    assert not ok and lines == [NOT_A_NUMBER]  # not "too high"


def test_the_widget_says_the_same():
    bank = parse_bank(yaml.safe_load("title: T\nquestions:\n" + NUMERIC.format(answer=4.2, tolerance=0.05)))
    qw = QuizWidget(bank).questions[0]
    qw.input.value = "4,2"
    qw.check_button.click()
    assert "Use a full stop for decimals: write 4.2, not 4,2." in qw.feedback.value
    assert "✘ Not quite." in qw.feedback.value
    qw.input.value = "4.2 %"
    qw.check_button.click()
    assert "✔ Correct." in qw.feedback.value


@pytest.fixture(scope="module")
def quiz_page(browser):
    """A blank page holding one numeric question rendered as the book renders it."""
    bank = parse_bank(
        yaml.safe_load("title: T\nquestions:\n" + NUMERIC.format(answer=42, tolerance=0)),
        source="inline",
        name="inline",
    )
    context = browser.new_context()
    page = context.new_page()
    page.set_content(
        f"<!doctype html><html lang='en'><body>{render_quiz_html(bank, 'quiz-inline')}</body></html>"
    )
    page.wait_for_selector("[data-nhsq-ready]")
    yield page
    context.close()


@pytest.mark.browser
def test_javascript_reads_numbers_by_the_same_table(quiz_page):
    text = {"not_a_number": NOT_A_NUMBER, "comma_decimal": COMMA_DECIMAL}
    results = quiz_page.evaluate(
        "([rows, text]) => rows.map(r => window.nhsqParseNumber(r, text))",
        [[row["input"] for row in INPUTS], text],
    )
    for row, (value, message) in zip(INPUTS, results, strict=True):
        if "value" in row:
            assert message is None and value == pytest.approx(row["value"]), row
        else:
            assert value is None and message == _expected_message(row), row


@pytest.mark.browser
@pytest.mark.parametrize("typed", ["4,2", "nan", "42", "42,0"])
def test_the_book_quiz_gives_the_widgets_feedback(quiz_page, typed):
    bank = parse_bank(yaml.safe_load("title: T\nquestions:\n" + NUMERIC.format(answer=42, tolerance=0)))
    ok, lines = numeric_feedback(bank.questions[0], typed)
    box = quiz_page.locator("input[type=text]")
    box.fill(typed)
    quiz_page.get_by_role("button", name="Check question 1").click()
    shown = quiz_page.locator(".nhsq-feedback").inner_text()
    assert shown.startswith("✔ Correct." if ok else "✘ Not quite.")
    assert json.dumps(lines[0])[1:-1].replace("\\u2212", "−") in shown or lines[0] in shown
