"""Question banks: every shipped bank is valid, and every kind of malformed bank is refused with
an error naming the file, the question id and the problem."""

from __future__ import annotations

import textwrap

import pytest

from nhsreform.quiz_bank import (
    BANK_DIR,
    QuizBankError,
    choice_feedback,
    load_bank,
    numeric_feedback,
)

GOOD_SINGLE = """
  - id: q1
    type: single
    prompt: Which?
    options:
      - text: A
        correct: true
        feedback: A is right because it is the definition.
      - text: B
        feedback: B is wrong because it describes something else.
"""


def write_bank(tmp_path, questions: str, title: str = "Test bank"):
    path = tmp_path / "bank.yml"
    path.write_text(f"title: {title}\nquestions:\n" + textwrap.dedent(questions), encoding="utf-8")
    return path


def refused(path) -> str:
    with pytest.raises(QuizBankError) as err:
        load_bank(path)
    message = str(err.value)
    assert str(path) in message, "the error must name the file"
    return message


@pytest.mark.parametrize("bank", sorted(p.stem for p in BANK_DIR.glob("*.yml")))
def test_shipped_banks_are_valid_and_substantial(bank):
    b = load_bank(bank)
    # A chapter's bank is its quiz; an exercise's no-code route (chNN-exercise) asks a few questions.
    minimum = 3 if bank.endswith("-exercise") else 10
    assert len(b.questions) >= minimum, f"{bank}: this kind of bank has at least {minimum} questions"
    for q in b.questions:
        texts = (
            [o.feedback for o in q.options] if q.type != "numeric" else list(q.feedback.model_dump().values())
        )
        for text in texts:
            # Feedback explains; a bare "Correct" or "Wrong" is not enough.
            assert len(text.split()) >= 6, f"{bank}/{q.id}: feedback too thin: {text!r}"


def test_single_without_correct_answer(tmp_path):
    msg = refused(write_bank(tmp_path, GOOD_SINGLE.replace("correct: true", "correct: false")))
    assert "'q1'" in msg and "exactly one correct option, found 0" in msg


def test_single_with_two_correct_answers(tmp_path):
    msg = refused(
        write_bank(
            tmp_path, GOOD_SINGLE.replace("      - text: B\n", "      - text: B\n        correct: true\n")
        )
    )
    assert "'q1'" in msg and "found 2" in msg


def test_multiple_without_correct_answer(tmp_path):
    msg = refused(
        write_bank(
            tmp_path, GOOD_SINGLE.replace("single", "multiple").replace("correct: true", "correct: false")
        )
    )
    assert "'q1'" in msg and "at least one correct option" in msg


def test_duplicate_id(tmp_path):
    msg = refused(write_bank(tmp_path, GOOD_SINGLE + GOOD_SINGLE))
    assert "'q1'" in msg and "duplicate id" in msg


def test_option_without_feedback(tmp_path):
    msg = refused(
        write_bank(
            tmp_path,
            GOOD_SINGLE.replace("        feedback: B is wrong because it describes something else.\n", ""),
        )
    )
    assert "'q1'" in msg and "options.1.feedback: field required" in msg


def test_empty_feedback(tmp_path):
    msg = refused(
        write_bank(
            tmp_path,
            GOOD_SINGLE.replace("feedback: B is wrong because it describes something else.", 'feedback: ""'),
        )
    )
    assert "'q1'" in msg and "options.1.feedback" in msg


def test_unknown_type(tmp_path):
    msg = refused(write_bank(tmp_path, GOOD_SINGLE.replace("type: single", "type: essay")))
    assert "'q1'" in msg and "unknown type 'essay'" in msg and "single, multiple, numeric" in msg


def test_unknown_field(tmp_path):
    msg = refused(
        write_bank(tmp_path, GOOD_SINGLE.replace("    prompt: Which?", "    prompt: Which?\n    hint: x"))
    )
    assert "'q1'" in msg and "hint: unknown field" in msg


def test_bad_yaml(tmp_path):
    path = tmp_path / "bank.yml"
    path.write_text("title: x\nquestions:\n  - id: q1\n    prompt: [unclosed\n", encoding="utf-8")
    msg = refused(path)
    assert "not valid YAML" in msg and "line" in msg


def test_missing_questions(tmp_path):
    path = tmp_path / "bank.yml"
    path.write_text("title: x\n", encoding="utf-8")
    assert "'questions' must be a list" in refused(path)


def test_question_without_id_is_named_by_position(tmp_path):
    msg = refused(write_bank(tmp_path, GOOD_SINGLE.replace("- id: q1\n    type", "- type")))
    assert "#1 (no id)" in msg


def test_numeric_needs_all_three_feedbacks(tmp_path):
    msg = refused(
        write_bank(
            tmp_path,
            """
      - id: n1
        type: numeric
        prompt: How many?
        answer: 95
        tolerance: 0.5
        feedback:
          correct: Right, the standard was ninety-five per cent.
          too_low: Too low; the standard was higher than that.
    """,
        )
    )
    assert "'n1'" in msg and "feedback.too_high: field required" in msg


def test_numeric_negative_tolerance(tmp_path):
    msg = refused(
        write_bank(
            tmp_path,
            """
      - id: n1
        type: numeric
        prompt: How many?
        answer: 95
        tolerance: -1
        feedback: {correct: a b c, too_low: d e f, too_high: g h i}
    """,
        )
    )
    assert "'n1'" in msg and "tolerance" in msg


def test_missing_bank_file(tmp_path):
    with pytest.raises(QuizBankError, match="no such question bank"):
        load_bank(tmp_path / "nope.yml")


def test_grading_logic(tmp_path):
    bank = load_bank(
        write_bank(
            tmp_path,
            GOOD_SINGLE
            + """
  - id: m1
    type: multiple
    prompt: Which two?
    options:
      - {text: X, correct: true, feedback: X is one of the two right answers here.}
      - {text: Y, correct: true, feedback: Y is the other right answer here.}
      - {text: Z, feedback: Z is wrong because it is not in the list.}
  - id: n1
    type: numeric
    prompt: How many?
    answer: 95
    tolerance: 0.5
    feedback: {correct: yes it is that, too_low: no it is higher, too_high: no it is lower}
""",
        )
    )
    single, multiple, numeric = bank.questions
    assert choice_feedback(single, {0}) == (True, [single.options[0].feedback])
    assert choice_feedback(single, {1})[0] is False
    assert choice_feedback(single, set()) == (False, ["Choose an answer first."])
    ok, lines = choice_feedback(multiple, {0})
    assert not ok and "at least one more option is also correct" in lines[-1]
    assert choice_feedback(multiple, {0, 1})[0] is True
    ok, lines = choice_feedback(multiple, {0, 1, 2})
    assert not ok and lines[-1] == multiple.options[2].feedback  # nothing right was left out
    # A right and a wrong tick: the wrong one is explained, and the missed right one mentioned.
    ok, lines = choice_feedback(multiple, {0, 2})
    assert not ok and lines[-1] == "You also left out at least one right option."
    # Feedback lines follow the order the options were shown in.
    assert choice_feedback(multiple, {0, 2}, order=[2, 1, 0])[1][:2] == [
        multiple.options[2].feedback,
        multiple.options[0].feedback,
    ]
    assert numeric_feedback(numeric, "95.4") == (True, ["yes it is that"])
    assert numeric_feedback(numeric, "95%") == (True, ["yes it is that"])
    assert numeric_feedback(numeric, "90") == (False, ["no it is higher"])
    assert numeric_feedback(numeric, "1,000") == (False, ["no it is lower"])
    assert numeric_feedback(numeric, "ninety")[0] is False
