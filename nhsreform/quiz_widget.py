"""The live quiz: ipywidgets, for JupyterLab, Binder or Colab (needs a running kernel).

Each question has its inputs, a *Check* button and a feedback area; the quiz shows a running
score and a *Try again* button that clears every answer.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from .quiz_bank import QuizBank, choice_feedback, is_unanswered, numeric_feedback, prompt_with_hint
from .text import inline_markdown

CORRECT_MARK = "✔ Correct."
WRONG_MARK = "✘ Not quite."

# Layout of the live quiz in JupyterLab (classes of ipywidgets 8). ipywidgets draws each option
# label one line high and does not wrap it, so a long option ran over the next one (radio
# buttons) or was cut short (check boxes). Here labels, prompts and feedback wrap in the width
# there is, at any window width, with the theme's own colours (light and dark). The controls stay
# the native radio buttons and check boxes (drawn before their text), each inside its label:
# keyboard and screen readers work as usual. Scoped to the quiz by the class ``nhsq-live``.
LAYOUT_CSS = """
.nhsq-live .widget-radio, .nhsq-live .widget-checkbox { width: auto; height: auto; max-width: 100%; }
.nhsq-live .widget-radio-box { margin-bottom: 0; }
.nhsq-live .widget-radio-box label, .nhsq-live .widget-checkbox .widget-label-basic {
  display: flex; align-items: flex-start; gap: 0.5em; height: auto; min-height: 0;
  padding: 0.2em 0; line-height: 1.45; white-space: normal; overflow: visible;
  text-overflow: clip; overflow-wrap: anywhere;
}
.nhsq-live .widget-radio-box input, .nhsq-live .widget-checkbox input[type="checkbox"] {
  float: none; order: -1; flex: 0 0 auto; align-self: flex-start; height: 1em; width: 1em;
  margin: 0.22em 0 0 1px; font-size: inherit;
}
.nhsq-live .widget-html-content { line-height: 1.5; white-space: normal; overflow-wrap: anywhere; }
"""


def _feedback_html(ok: bool, lines: list[str]) -> str:
    if is_unanswered(ok, lines):  # no answer yet: ask for one, with no ✔/✘ verdict
        return f"<div role='status'><p>{inline_markdown(lines[0])}</p></div>"
    mark = CORRECT_MARK if ok else WRONG_MARK
    items = "".join(f"<li>{inline_markdown(line)}</li>" for line in lines)
    return f"<div role='status'><strong>{mark}</strong><ul>{items}</ul></div>"


class QuestionWidget(widgets.VBox):
    """One question: prompt, inputs, *Check* button and feedback."""

    def __init__(self, question, number: int, on_checked=None, order: list[int] | None = None):
        self.question = question
        # The options' indices in the bank, in the order shown (the same order as the book's).
        self.order = list(order) if order is not None else list(range(len(getattr(question, "options", []))))
        self.correct = False
        self._on_checked = on_checked
        prompt = widgets.HTML(
            f"<p><strong>Question {number}.</strong> {inline_markdown(prompt_with_hint(question))}</p>"
        )
        if question.type == "single":
            self.input = widgets.RadioButtons(
                options=[(question.options[i].text, i) for i in self.order],
                value=None,
                layout=widgets.Layout(width="auto"),
            )
            inputs = self.input
        elif question.type == "multiple":
            # self.input[i] is the box of option i of the bank; shown in display order.
            boxes = {
                i: widgets.Checkbox(
                    value=False,
                    description=question.options[i].text,
                    indent=False,
                    layout=widgets.Layout(width="auto"),
                )
                for i in self.order
            }
            self.input = [boxes[i] for i in range(len(question.options))]
            inputs = widgets.VBox([boxes[i] for i in self.order])
        else:
            unit = f" ({question.unit})" if question.unit else ""
            self.input = widgets.Text(
                placeholder="Type a number",
                description=f"Answer{unit}",
                style={"description_width": "initial"},
            )
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
            ok, lines = choice_feedback(self.question, self.answer(), self.order)
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
            QuestionWidget(
                q,
                n,
                on_checked=self._update_score,
                order=None if q.type == "numeric" else bank.display_order(q),
            )
            for n, q in enumerate(bank.questions, start=1)
        ]
        self.score = widgets.HTML()
        self.retry_button = widgets.Button(description="Try again", tooltip="Clear all answers")
        self.retry_button.on_click(lambda _b: self.reset())
        title = widgets.HTML(f"<h3>{html.escape(bank.title)}</h3>")
        self._update_score()
        # The quiz's layout rules (LAYOUT_CSS), in an element that takes no room.
        style = widgets.HTML(f"<style>{LAYOUT_CSS}</style>", layout=widgets.Layout(display="none"))
        super().__init__([style, title, *self.questions, widgets.HBox([self.score, self.retry_button])])
        self.add_class("nhsq-live")

    def _update_score(self) -> None:
        n = sum(q.correct for q in self.questions)
        self.score.value = f"<p role='status'>Score: {n} of {len(self.questions)} correct</p>"

    def reset(self) -> None:
        for q in self.questions:
            q.reset()
        self._update_score()
