"""Numeric feedback names a cause only when the typed value is what that slip produces.

A numeric question may list ``slips``: wrong values that a predictable slip produces (a
proportion typed for a percentage, the wrong pair subtracted), each with its own explanation.
Any other wrong value gets the neutral ``too_low`` / ``too_high``, which must not guess a cause.
The live widget (Python) and the book (JavaScript) must give the same feedback for every value;
an empty answer gets no verdict in either; a tick-all answer with right and wrong ticks says that
right options were also missed.
"""

from __future__ import annotations

import html
import math
import re

import pytest
import yaml

from nhsreform.quiz_bank import (
    ALSO_MISSED,
    BANK_DIR,
    CHOOSE_FIRST,
    TYPE_FIRST,
    choice_feedback,
    load_bank,
    numeric_feedback,
    parse_bank,
)
from nhsreform.quiz_html import render_quiz_html
from nhsreform.quiz_widget import CORRECT_MARK, WRONG_MARK, QuizWidget
from nhsreform.text import inline_markdown

from .test_quiz_bank import refused, write_bank

BANKS = sorted(p.stem for p in BANK_DIR.glob("*.yml"))
DIAGNOSES = ("did you", "instead of", "forgot")

SLIPPY = """
  - id: share
    type: numeric
    prompt: What share?
    answer: 93.2
    tolerance: 0.1
    unit: "%"
    feedback:
      correct: Right, that is the share in the published table.
      too_low: Too low; look again at the published table.
      too_high: Too high; look again at the published table.
    slips:
      - answer: 0.932
        tolerance: 0.001
        feedback: That is the share as a proportion; give it as a percentage.
      - answer: 90.8
        feedback: That is what s gives in place of 1 − s in the formula.
"""


def _slippy():
    return parse_bank(yaml.safe_load("title: T\nquestions:\n" + SLIPPY), source="inline").questions[0]


def _numeric_questions():
    for name in BANKS:
        for q in load_bank(name).questions:
            if q.type == "numeric":
                yield name, q


# --- Grading in Python -----------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, ok, expected",
    [
        ("93.2", True, "Right, that is the share"),
        ("93.25", True, "Right, that is the share"),
        ("0.932", False, "That is the share as a proportion"),
        ("0.9325", False, "That is the share as a proportion"),  # within the slip's tolerance
        ("0.94", False, "Too low"),  # near the slip but outside it: neutral
        ("90.8", False, "That is what s gives"),
        ("90.9", False, "Too low"),  # a slip with tolerance 0 matches only its value
        ("50", False, "Too low"),
        ("99", False, "Too high"),
    ],
)
def test_a_slip_gets_its_own_feedback_and_anything_else_the_neutral_one(typed, ok, expected):
    got_ok, lines = numeric_feedback(_slippy(), typed)
    assert got_ok is ok and len(lines) == 1 and lines[0].startswith(expected), lines


def test_the_correct_answer_wins_and_bad_input_is_still_explained():
    q = _slippy()
    assert numeric_feedback(q, "93.2%") == (True, [q.feedback.correct])
    assert numeric_feedback(q, "0,932")[1] == ["Use a full stop for decimals: write 0.932, not 0,932."]
    assert numeric_feedback(q, "") == (False, [TYPE_FIRST])
    assert numeric_feedback(q, " \u00a0") == (False, [TYPE_FIRST])


# --- Validation --------------------------------------------------------------------------


def _bank_with_slips(slips: str) -> str:
    return SLIPPY.split("    slips:\n")[0] + "    slips:\n" + slips


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf"])
def test_a_slip_must_be_a_finite_number(tmp_path, value):
    msg = refused(
        write_bank(tmp_path, _bank_with_slips(f"      - {{answer: {value}, feedback: a b c d e f g}}\n"))
    )
    assert "bank.yml" in msg and "'share'" in msg and "slips.0.answer" in msg and "finite" in msg


def test_a_slip_tolerance_must_be_finite(tmp_path):
    slips = "      - {answer: 1, tolerance: .inf, feedback: a b c d e f g}\n"
    msg = refused(write_bank(tmp_path, _bank_with_slips(slips)))
    assert "'share'" in msg and "slips.0.tolerance" in msg and "finite" in msg


@pytest.mark.parametrize(
    "slip",
    [
        "{answer: 93.2, feedback: this value is the right answer itself}",
        "{answer: 93.25, feedback: this value lies inside the right answer's band}",
        "{answer: 93.5, tolerance: 0.2, feedback: this band reaches into the right answer's band}",
    ],
)
def test_a_slip_must_not_overlap_the_correct_answer(tmp_path, slip):
    msg = refused(write_bank(tmp_path, _bank_with_slips(f"      - {slip}\n")))
    assert "'share'" in msg and "slips.0" in msg and "overlaps the correct answer 93.2 ± 0.1" in msg


def test_two_slips_must_not_overlap(tmp_path):
    slips = (
        "      - {answer: 0.932, tolerance: 0.01, feedback: the proportion and not the percentage here}\n"
        "      - {answer: 0.94, tolerance: 0.01, feedback: another slip that lands very close by}\n"
    )
    msg = refused(write_bank(tmp_path, _bank_with_slips(slips)))
    assert "'share'" in msg and "slips.1" in msg and "overlaps slip 0.932" in msg


def test_a_slip_needs_an_explanation(tmp_path):
    msg = refused(
        write_bank(tmp_path, _bank_with_slips("      - {answer: 0.932, feedback: A proportion.}\n"))
    )
    assert "'share'" in msg and "slips.0" in msg and "at least 6 words" in msg
    msg = refused(write_bank(tmp_path, _bank_with_slips("      - {answer: 0.932}\n")))
    assert "slips.0.feedback: field required" in msg
    msg = refused(
        write_bank(tmp_path, _bank_with_slips("      - {answer: 1, feedback: a b c d e f, why: x}\n"))
    )
    assert "slips.0.why: unknown field" in msg


# --- The shipped banks ---------------------------------------------------------------------


def test_neutral_feedback_in_the_banks_diagnoses_no_cause():
    checked = 0
    for name, q in _numeric_questions():
        for key in ("too_low", "too_high"):
            text = " ".join(getattr(q.feedback, key).lower().split())
            checked += 1
            for phrase in DIAGNOSES:
                assert phrase not in text, (
                    f"{name}/{q.id} {key} guesses a cause ({phrase!r}): move it into a slip"
                )
    assert checked >= 18


def test_every_percentage_question_explains_a_proportion():
    checked = 0
    for name, q in _numeric_questions():
        if q.unit == "%":
            checked += 1
            slip = next((s for s in q.slips if s.matches(q.answer / 100)), None)
            assert slip is not None, f"{name}/{q.id}: no slip for the proportion {q.answer / 100:g}"
            assert "proportion" in slip.feedback.lower(), f"{name}/{q.id}"
    assert checked >= 5


# Every slip in the chapters' banks, recomputed from the chapter's numbers: the value the slip
# names really is what that slip produces.
SLIP_VALUES = {
    ("ch01", "four-hour-standard"): [98, 90, 95 / 100],
    ("ch01", "formula-e"): [100 * (1 - math.exp(-1)), 100 * math.exp(0), math.exp(-1)],
    ("ch02", "survey-gap"): [100 * (96 - 77) / 77, 100 * (96 - 77) / 96],
    ("ch02", "model-formula"): [
        0.90 + 0.5 * 0.8 * 0.08,  # a proportion
        100 * (0.90 + 0.5 * 0.2 * 0.08),  # s in place of 1 - s
        100 * (0.90 + 0.5 * 0.08),  # without (1 - s)
        100 * (0.5 * 0.8 * 0.08),  # the extra share only
    ],
    ("ch03", "keogh"): [14 / 2, 14],
    ("ch03", "mrsa-fall"): [100 * 819 / 4451, 100 * (4451 - 819) / 819, 4451 - 819, (4451 - 819) / 4451],
    ("ch04", "ft-growth"): [152 + 107, 152 - 31, 107 - 31],
    ("ch05", "reorganisation-count"): [9, 20],
    ("ch05", "managers-step"): [
        100 * (9709.6 - 8185.63) / 8185.63,
        100 * 8185.63 / 9709.6,
        9709.6 - 8185.63,
        (9709.6 - 8185.63) / 9709.6,
    ],
    ("ch06", "shmi-meaning"): [1.10 - 1, 100 * 1.10],
    ("ch06", "correlation-2019"): [0.27],
    ("ch07", "upper-limit"): [50 + 3 * 6, 50 - 2.66 * 6, 50 + 6],
    ("ch07", "excess-deaths"): [100 * (16387 - 10305) / 10305],
    ("ch07", "tampering-percent"): [math.sqrt(2) - 1, 100 * (2 / (2 - 1) - 1), 100 * math.sqrt(2)],
    ("ch08", "dtoc-peak"): [
        100 * (6660.4 - 3545.7) / 6660.4,
        100 * 6660.4 / 3545.7,
        (6660.4 - 3545.7) / 3545.7,
    ],
    ("ch08", "model-formula"): [1 / (1 + 0.75**2), 1 / (1 + 0.75)],
    ("ch10", "involvement-change"): [(60 - 53) / 100, 100 * (60 - 53) / 53],
    ("ch10", "choice-change"): [(49 - 30) / 100, 100 * (49 - 30) / 30, 40 - 30],
    ("ch10", "model-formula"): [
        0.3 * 0.4 + 0.7 * 0.7,  # a proportion
        100 * (0.5 * 0.4 + 0.5 * 0.7),  # w without the buy-in
        100 * (0.3 * 0.7 + 0.7 * 0.4),  # the weights swapped
    ],
    ("ch09", "normal-limit"): [0.8 + 1.959964 * 0.004, 100 * (0.8 + 3.090232 * 0.004)],
    ("ch09", "share-outside"): [123 / 134],
    ("ch09", "model-quality"): [100 - 5 * 1.4],
}


def test_each_slip_is_the_value_its_slip_produces():
    for (name, qid), values in SLIP_VALUES.items():
        q = load_bank(name).question(qid)
        assert len(q.slips) == len(values), f"{name}/{qid}: update SLIP_VALUES"
        for slip, value in zip(q.slips, values, strict=True):
            assert slip.matches(value), f"{name}/{qid}: slip {slip.answer:g} is not {value:g}"
            ok, lines = numeric_feedback(q, f"{value:.6g}")
            assert not ok and lines == [slip.feedback]
    shipped = {(name, q.id) for name, q in _numeric_questions() if q.slips and "-exercise" not in name}
    assert shipped <= set(SLIP_VALUES), shipped - set(SLIP_VALUES)


# --- Empty answers: no verdict --------------------------------------------------------------


def test_the_widget_gives_no_verdict_for_an_empty_answer():
    bank = load_bank("ch02")
    quiz = QuizWidget(bank)
    for qw in quiz.questions:
        qw.check_button.click()
        expected = TYPE_FIRST if qw.question.type == "numeric" else CHOOSE_FIRST
        assert expected in qw.feedback.value, qw.question.id
        assert WRONG_MARK not in qw.feedback.value and CORRECT_MARK not in qw.feedback.value
    assert choice_feedback(bank.questions[0], set()) == (False, [CHOOSE_FIRST])
    # A non-number still gets the verdict: it is an answer, and a wrong one.
    numeric = next(qw for qw in quiz.questions if qw.question.type == "numeric")
    numeric.input.value = "ninety"
    numeric.check_button.click()
    assert WRONG_MARK in numeric.feedback.value


# --- The book's JavaScript gives the same feedback ------------------------------------------


def _text(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", markup))).strip()


def _typed_values(q) -> list[str]:
    """Right, each slip, just outside each slip, low and high, empty, and a comma decimal."""
    step = max(q.tolerance, 0.05)
    values = [q.answer, q.answer - 10 * (step + 1), q.answer + 10 * (step + 1)]
    for s in q.slips:
        values += [s.answer, s.answer + s.tolerance + step / 2, s.answer - s.tolerance - step / 2]
    return [f"{v:.6g}" for v in values] + ["", "0,5"]


@pytest.fixture(scope="module")
def banks_page(browser):
    """A blank page holding every shipped bank, rendered as the book renders it."""
    context = browser.new_context()
    page = context.new_page()
    quizzes = "".join(render_quiz_html(load_bank(name), f"quiz-{name}") for name in BANKS)
    page.set_content(f"<!doctype html><html lang='en'><body>{quizzes}</body></html>")
    page.wait_for_selector("[data-nhsq-ready]")
    yield page
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("name, qid", [(name, q.id) for name, q in _numeric_questions()])
def test_the_book_gives_the_same_numeric_feedback_as_python(banks_page, name, qid):
    q = load_bank(name).question(qid)
    form = banks_page.locator(f"form#quiz-{name}-{qid}")
    typed_values = _typed_values(q)
    # Each value typed into the box and checked with the form's own button, in the page in one go
    # (one round trip, not three per value); what the student then reads is collected for each.
    seen = form.evaluate(
        """(form, values) => values.map(typed => {
            const box = form.querySelector("input[type=text]");
            box.value = typed;
            box.dispatchEvent(new Event("input", {bubbles: true}));
            [...form.querySelectorAll("button")].find(b => /^Check/.test(b.textContent.trim())).click();
            const feedback = form.querySelector(".nhsq-feedback");
            return [feedback.innerText, feedback.className];
        })""",
        typed_values,
    )
    for typed, (text, classes) in zip(typed_values, seen, strict=True):
        ok, lines = numeric_feedback(q, typed)
        shown = " ".join(text.split())
        if lines == [TYPE_FIRST]:
            assert shown == TYPE_FIRST, (typed, shown)
            assert "nhsq-wrong" not in classes
        else:
            mark = CORRECT_MARK if ok else WRONG_MARK
            assert shown == _text(f"{mark} " + inline_markdown(lines[0])), (typed, shown)


@pytest.mark.browser
def test_the_book_gives_no_verdict_for_an_empty_choice(banks_page):
    form = banks_page.locator("form.nhsq-q").first
    feedback = form.locator(".nhsq-feedback")
    form.get_by_role("button", name=re.compile("^Check")).click()
    assert feedback.inner_text().strip() == CHOOSE_FIRST
    assert "✘" not in feedback.inner_text() and "nhsq-wrong" not in feedback.get_attribute("class")


@pytest.mark.browser
def test_a_right_and_a_wrong_tick_say_that_right_options_were_missed(banks_page):
    bank = load_bank("ch02")
    q = bank.question("tools")
    assert q.type == "multiple" and len(q.correct_indices) > 1
    right = min(q.correct_indices)
    wrong = next(i for i in range(len(q.options)) if i not in q.correct_indices)
    ok, lines = choice_feedback(q, {right, wrong}, bank.display_order(q))
    assert not ok and lines[-1] == ALSO_MISSED  # the widget's side
    form = banks_page.locator("form#quiz-ch02-tools")
    for i in (right, wrong):
        form.locator(f"label[for='quiz-ch02-tools-{i}']").click()
    form.get_by_role("button", name=re.compile("^Check")).click()
    shown = form.locator(".nhsq-feedback").inner_text()
    assert shown.startswith(WRONG_MARK)
    assert "You also left out at least one right option." in shown
    for line in lines:
        assert _text(inline_markdown(line)) in _text(form.locator(".nhsq-feedback").inner_html())
