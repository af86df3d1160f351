"""Fair quizzes: neither the right answer's position nor its length gives it away. Options are
shown in a seeded, deterministic order, the same in the live widget and in the book; feedback
follows its option; right options are not systematically the longest."""

from __future__ import annotations

import html as html_lib
import re
from collections import Counter
from statistics import mean

import pytest
import yaml
from ipywidgets import Checkbox, RadioButtons, Widget

from nhsreform.quiz_bank import BANK_DIR, load_bank, parse_bank
from nhsreform.quiz_html import render_quiz_html
from nhsreform.quiz_widget import QuizWidget
from nhsreform.text import inline_markdown

BANKS = sorted(p.stem for p in BANK_DIR.glob("*.yml"))
MAX_SHARE = 0.40
MAX_LONGEST_SINGLE = 0.40  # right option (at least as long as) the longest, single-answer questions
MAX_LONGEST_TICK_ALL = 0.50  # every right option longer than every wrong one, tick-all questions
MAX_LONGER_ON_AVERAGE = 0.60  # right options longer on average than wrong ones, tick-all questions


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


def _shown_length(text: str) -> int:
    """Characters a student sees: the option's markdown rendered, without markup."""
    return len(html_lib.unescape(re.sub(r"<[^>]+>", "", inline_markdown(text))).strip())


def _lengths(q) -> tuple[list[int], list[int]]:
    lengths = [_shown_length(o.text) for o in q.options]
    right = [n for i, n in enumerate(lengths) if i in q.correct_indices]
    wrong = [n for i, n in enumerate(lengths) if i not in q.correct_indices]
    return right, wrong


def test_the_right_answer_is_not_usually_the_longest():
    singles = list(_choice_questions("single"))
    longest = []
    for bank, q in singles:
        (right,), wrong = _lengths(q)
        if right >= max(wrong):  # a tie with the longest wrong option still points at it
            longest.append(f"{bank.name}/{q.id}")
    assert len(longest) / len(singles) <= MAX_LONGEST_SINGLE, (
        f"the right answer is the longest option in {len(longest)} of {len(singles)} single-answer "
        f"questions (at most {MAX_LONGEST_SINGLE:.0%} allowed): {', '.join(longest)}"
    )


def test_the_right_tick_all_options_are_not_systematically_the_longest():
    multiples = list(_choice_questions("multiple"))
    all_longer, longer_on_average = [], []
    for bank, q in multiples:
        right, wrong = _lengths(q)
        if min(right) > max(wrong):
            all_longer.append(f"{bank.name}/{q.id}")
        if mean(right) > mean(wrong):
            longer_on_average.append(f"{bank.name}/{q.id}")
    n = len(multiples)
    assert len(all_longer) / n <= MAX_LONGEST_TICK_ALL, (
        f"every right option is longer than every wrong one in {len(all_longer)} of {n} tick-all "
        f"questions (at most {MAX_LONGEST_TICK_ALL:.0%} allowed): {', '.join(all_longer)}"
    )
    assert len(longer_on_average) / n <= MAX_LONGER_ON_AVERAGE, (
        f"the right options are longer on average than the wrong ones in {len(longer_on_average)} of "
        f"{n} tick-all questions (at most {MAX_LONGER_ON_AVERAGE:.0%} allowed): "
        + ", ".join(longer_on_average)
    )


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
