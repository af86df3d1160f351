"""The live quiz widget, clicked in plain pytest (no kernel): what the student sees after each
click, the score, and 'Try again'. Also the static HTML view of the same quiz."""

from __future__ import annotations

import re

import pytest

from nhsreform.quiz import Quiz, show_quiz
from nhsreform.quiz_bank import BANK_DIR, load_bank
from nhsreform.quiz_widget import QuizWidget
from nhsreform.text import inline_markdown


@pytest.fixture
def quiz():
    return QuizWidget(load_bank("ch01"))


def _right(qw):
    q = qw.question
    if q.type == "single":
        qw.input.value = min(q.correct_indices)
    elif q.type == "multiple":
        for i, box in enumerate(qw.input):
            box.value = i in q.correct_indices
    else:
        qw.input.value = f"{q.answer:g}"


def test_clicking_check_shows_the_options_feedback(quiz):
    first = quiz.questions[0]
    wrong = next(i for i in range(len(first.question.options)) if i not in first.question.correct_indices)
    first.input.value = wrong
    first.check_button.click()
    assert "✘ Not quite." in first.feedback.value
    assert inline_markdown(first.question.options[wrong].feedback) in first.feedback.value
    assert "Score: 0 of" in quiz.score.value

    _right(first)
    first.check_button.click()
    right = min(first.question.correct_indices)
    assert "✔ Correct." in first.feedback.value
    assert inline_markdown(first.question.options[right].feedback) in first.feedback.value
    assert f"Score: 1 of {len(quiz.questions)} correct" in quiz.score.value


def test_check_without_answer_asks_for_one(quiz):
    quiz.questions[0].check_button.click()
    assert "Choose an answer first." in quiz.questions[0].feedback.value


def test_all_right_then_try_again(quiz):
    for qw in quiz.questions:
        _right(qw)
        qw.check_button.click()
        assert "✔ Correct." in qw.feedback.value, qw.question.id
    n = len(quiz.questions)
    assert f"Score: {n} of {n} correct" in quiz.score.value
    quiz.retry_button.click()
    assert "Score: 0 of" in quiz.score.value
    assert all(qw.feedback.value == "" for qw in quiz.questions)
    assert all(qw.answer() in (set(), "") for qw in quiz.questions)


def test_numeric_question_feedback(quiz):
    qw = next(qw for qw in quiz.questions if qw.question.type == "numeric")
    q = qw.question
    qw.input.value = f"{q.answer - 10 * (q.tolerance + 1):g}"
    qw.check_button.click()
    assert inline_markdown(q.feedback.too_low) in qw.feedback.value
    qw.input.value = "not a number"
    qw.check_button.click()
    assert "Enter a number" in qw.feedback.value


def test_live_quiz_layout_lets_long_options_wrap(quiz):
    """ipywidgets draws option labels one line high without wrapping (a long option ran over the
    next one in JupyterLab): the quiz carries its own layout rules, scoped to it, in an element
    that takes no room; the options stay native radio buttons and check boxes (keyboard and
    screen readers). tests/test_jupyterlab.py checks the result in a browser."""
    from ipywidgets import HTML, Checkbox, RadioButtons

    from nhsreform.quiz_widget import LAYOUT_CSS

    assert "nhsq-live" in quiz._dom_classes
    style = quiz.children[0]
    assert isinstance(style, HTML) and style.layout.display == "none"
    assert style.value == f"<style>{LAYOUT_CSS}</style>"
    rules = re.findall(r"([^{}]+)\{([^}]*)\}", LAYOUT_CSS)
    selectors = [sel.strip() for group, _ in rules for sel in group.split(",")]
    assert selectors and all(sel.startswith(".nhsq-live ") for sel in selectors)
    labels = next(body for group, body in rules if ".widget-radio-box label" in group)
    assert "white-space: normal" in labels and "height: auto" in labels
    for qw in quiz.questions:
        kind = {"single": RadioButtons, "multiple": list, "numeric": object}[qw.question.type]
        assert isinstance(qw.input, kind)
        if qw.question.type == "multiple":
            assert all(isinstance(box, Checkbox) for box in qw.input)


def test_display_bundle_has_widget_and_html():
    bundle = show_quiz("ch01")._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"].startswith('<div class="nhsq" id="quiz-ch01"')
    assert bundle["text/plain"].startswith("Quiz: ")


@pytest.mark.parametrize("bank", sorted(p.stem for p in BANK_DIR.glob("*.yml")))
def test_static_html_is_deterministic_and_accessible(bank):
    a, b = show_quiz(bank).to_html(), Quiz(load_bank(bank), key=f"quiz-{bank}").to_html()
    assert a == b  # same output on every run, so nbval can compare it
    n = len(load_bank(bank).questions)
    assert a.count("<fieldset>") == n and a.count("<legend>") == n
    assert a.count('role="status" aria-live="polite"') == n + 1  # each feedback + the score
    # every input has a label pointing at it
    ids = re.findall(r'<input [^>]*id="([^"]+)"', a)
    assert ids and all(f'<label for="{i}">' in a for i in ids)
    assert "http" not in re.sub(r'href="[^"]*"', "", a)  # loads nothing from the network
