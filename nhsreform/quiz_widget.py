"""The live quiz: ipywidgets, for JupyterLab, Binder or Colab (needs a running kernel).

Each question has its inputs, a *Check* button and a feedback area; the quiz shows a running
score and a *Try again* button that clears every answer.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from .quiz_bank import QuizBank, choice_feedback, numeric_feedback, prompt_with_hint
from .text import inline_markdown

CORRECT_MARK = "✔ Correct."
WRONG_MARK = "✘ Not quite."


def _feedback_html(ok: bool, lines: list[str]) -> str:
    mark = CORRECT_MARK if ok else WRONG_MARK
    items = "".join(f"<li>{inline_markdown(line)}</li>" for line in lines)
    return f"<div role='status'><strong>{mark}</strong><ul>{items}</ul></div>"


class QuestionWidget(widgets.VBox):
    """One question: prompt, inputs, *Check* button and feedback."""

    def __init__(self, question, number: int, on_checked=None):
        self.question = question
        self.correct = False
        self._on_checked = on_checked
        prompt = widgets.HTML(f"<p><strong>Question {number}.</strong> {inline_markdown(prompt_with_hint(question))}</p>")
        if question.type == "single":
            self.input = widgets.RadioButtons(
                options=[(o.text, i) for i, o in enumerate(question.options)],
                value=None,
                layout=widgets.Layout(width="auto"),
            )
            inputs = self.input
        elif question.type == "multiple":
            self.input = [
                widgets.Checkbox(value=False, description=o.text, indent=False,
                                 layout=widgets.Layout(width="auto"))
                for o in question.options
            ]
            inputs = widgets.VBox(self.input)
        else:
            unit = f" ({question.unit})" if question.unit else ""
            self.input = widgets.Text(placeholder="Type a number", description=f"Answer{unit}",
                                      style={"description_width": "initial"})
            inputs = self.input
        self.check_button = widgets.Button(description="Check", tooltip=f"Check question {number}")
        self.check_button.on_click(lambda _b: self.check())
        self.feedback = widgets.HTML("")
        super().__init__([prompt, inputs, self.check_button, self.feedback])

    def answer(self):
        """The student's current answer: option indices, or the typed text."""
        if self.question.type == "single":
            return set() if self.input.value is None else {self.input.value}
        if self.question.type == "multiple":
            return {i for i, box in enumerate(self.input) if box.value}
        return self.input.value

    def check(self) -> bool:
        if self.question.type == "numeric":
            ok, lines = numeric_feedback(self.question, self.answer())
        else:
            ok, lines = choice_feedback(self.question, self.answer())
        self.correct = ok
        self.feedback.value = _feedback_html(ok, lines)
        if self._on_checked:
            self._on_checked()
        return ok

    def reset(self) -> None:
        if self.question.type == "single":
            self.input.value = None
        elif self.question.type == "multiple":
            for box in self.input:
                box.value = False
        else:
            self.input.value = ""
        self.correct = False
        self.feedback.value = ""


class QuizWidget(widgets.VBox):
    """A whole bank as a widget, with a score line and a *Try again* button."""

    def __init__(self, bank: QuizBank):
        self.bank = bank
        self.questions = [
            QuestionWidget(q, n, on_checked=self._update_score)
            for n, q in enumerate(bank.questions, start=1)
        ]
        self.score = widgets.HTML()
        self.retry_button = widgets.Button(description="Try again", tooltip="Clear all answers")
        self.retry_button.on_click(lambda _b: self.reset())
        title = widgets.HTML(f"<h3>{html.escape(bank.title)}</h3>")
        self._update_score()
        super().__init__([title, *self.questions, widgets.HBox([self.score, self.retry_button])])

    def _update_score(self) -> None:
        n = sum(q.correct for q in self.questions)
        self.score.value = f"<p role='status'>Score: {n} of {len(self.questions)} correct</p>"

    def reset(self) -> None:
        for q in self.questions:
            q.reset()
        self._update_score()
