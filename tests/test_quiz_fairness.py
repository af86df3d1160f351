"""Fair quizzes: the right answer's position gives nothing away. Options are shown in a seeded,
deterministic order, the same in the live widget and in the book; feedback follows its option."""

from __future__ import annotations

import re
from collections import Counter

import pytest
import yaml
from ipywidgets import Checkbox, RadioButtons, Widget

from nhsreform.quiz_bank import BANK_DIR, load_bank, parse_bank
from nhsreform.quiz_html import render_quiz_html
from nhsreform.quiz_widget import QuizWidget
from nhsreform.text import inline_markdown

BANKS = sorted(p.stem for p in BANK_DIR.glob("*.yml"))
MAX_SHARE = 0.40


def _choice_questions(kind: str):
    for name in BANKS:
        bank = load_bank(name)
        for q in bank.questions:
            if q.type == kind:
                yield bank, q


def test_no_position_holds_the_right_answer_too_often():
    positions = Counter()
    singles = list(_choice_questions("single"))
    for bank, q in singles:
        positions[bank.display_order(q).index(min(q.correct_indices))] += 1
    worst, count = positions.most_common(1)[0]
    assert count / len(singles) <= MAX_SHARE, (
        f"the right answer is option {worst + 1} in {count} of {len(singles)} single-answer questions"
    )


def test_tick_all_questions_do_not_list_the_right_options_first():
    multiples = list(_choice_questions("multiple"))
    first = sum(
        set(bank.display_order(q)[: len(q.correct_indices)]) == q.correct_indices for bank, q in multiples
    )
    assert first / len(multiples) <= MAX_SHARE, f"right options come first in {first} of {len(multiples)}"


def test_order_is_deterministic_and_is_a_permutation():
    for name in BANKS:
        a, b = load_bank(name), load_bank(BANK_DIR / f"{name}.yml")
        for q in a.questions:
            if q.type != "numeric":
                order = a.display_order(q)
                assert order == b.display_order(q)
                assert sorted(order) == list(range(len(q.options)))
    shuffled = sum(
        bank.display_order(q) != list(range(len(q.options))) for bank, q in _choice_questions("single")
    )
    assert shuffled > 0


def _label_text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).strip()


def _widget_option_texts(qw) -> list[str]:
    """The option labels in the order the widget shows them, read from the widget tree."""
    texts: list[str] = []

    def walk(w):
        if isinstance(w, RadioButtons):
            texts.extend(w._options_labels)
            return
        if isinstance(w, Checkbox):
            texts.append(w.description)
            return
        for child in getattr(w, "children", ()):
            if isinstance(child, Widget):
                walk(child)

    walk(qw)
    return texts


@pytest.mark.parametrize("name", BANKS)
def test_widget_and_book_show_the_same_order(name):
    bank = load_bank(name)
    html = render_quiz_html(bank, f"quiz-{name}")
    widget = QuizWidget(bank)
    for qw, q in zip(widget.questions, bank.questions, strict=True):
        if q.type == "numeric":
            continue
        form = re.search(rf'<form class="nhsq-q" id="quiz-{name}-{q.id}">(.*?)</form>', html).group(1)
        book = [_label_text(t) for t in re.findall(r"<label [^>]*>(.*?)</label>", form)]
        values = [int(v) for v in re.findall(r'<input [^>]*value="(\d+)"', form)]
        expected = [q.options[i].text for i in bank.display_order(q)]
        assert book == [_label_text(inline_markdown(t)) for t in expected], q.id
        assert values == bank.display_order(q), q.id  # the script finds feedback by this index
        assert _widget_option_texts(qw) == expected, q.id


@pytest.mark.parametrize("name", BANKS)
def test_feedback_follows_its_option_in_the_widget(name):
    bank = load_bank(name)
    for qw, q in zip(QuizWidget(bank).questions, bank.questions, strict=True):
        if q.type != "single":
            continue
        for i in range(len(q.options)):
            qw.input.value = i
            qw.check()
            assert inline_markdown(q.options[i].feedback) in qw.feedback.value
            assert ("✔ Correct." in qw.feedback.value) == (i in q.correct_indices)


def test_an_option_pinned_last_stays_last():
    options = "\n".join(
        f"      - text: Option {c}\n        feedback: Option {c} is explained here in a sentence."
        + ("\n        correct: true" if c == "B" else "")
        + ("\n        pin: last" if c == "E" else "")
        for c in "ABCDE"
    )
    bank = parse_bank(
        yaml.safe_load(
            "title: T\nquestions:\n"
            + "".join(
                f"  - id: q{k}\n    type: single\n    prompt: Which?\n    options:\n{options}\n"
                for k in range(12)
            )
        ),
        name="pinned",
    )
    for q in bank.questions:
        assert bank.display_order(q)[-1] == 4
    assert len({tuple(bank.display_order(q)) for q in bank.questions}) > 1
