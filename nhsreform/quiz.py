"""``show_quiz``: one object that is a live widget in Jupyter and static HTML in the book.

Its display bundle carries both the ipywidgets view and an HTML rendering. JupyterLab shows the
widget (check, feedback, score, try again); the book's HTML builder is configured
(``nb_mime_priority_overrides`` in ``_config.yml``) to prefer the HTML, which works with no kernel.
"""

from __future__ import annotations

from pathlib import Path

from .quiz_bank import QuizBank, load_bank
from .quiz_html import render_quiz_html
from .quiz_widget import QuizWidget


class Quiz:
    """A validated bank with a live widget view and a static HTML view."""

    def __init__(self, bank: QuizBank, key: str):
        self.bank = bank
        self.key = key
        self._widget: QuizWidget | None = None

    @property
    def widget(self) -> QuizWidget:
        if self._widget is None:
            self._widget = QuizWidget(self.bank)
        return self._widget

    def to_html(self) -> str:
        return render_quiz_html(self.bank, self.key)

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(self.widget._repr_mimebundle_() or {})
        bundle["text/html"] = self.to_html()
        bundle["text/plain"] = f"Quiz: {self.bank.title} ({len(self.bank.questions)} questions)"
        return bundle


def show_quiz(name: str | Path) -> Quiz:
    """The quiz for a bank name (``"ch01"``) or a path to a bank file."""
    bank = load_bank(name)
    return Quiz(bank, key=f"quiz-{Path(str(name)).stem}")
