"""The quiz as self-contained HTML + JavaScript, for the built book (no kernel, no network).

The markup uses real form controls (radio buttons, checkboxes, a text box) with labels inside a
fieldset whose legend is the question, so it works from the keyboard and with screen readers;
feedback is written into a ``role="status"`` region, which screen readers announce. Element ids
come from the bank name and question ids, so the output is the same on every run.
"""

from __future__ import annotations

import html
import json
from functools import cache
from importlib import resources

from .quiz_bank import ALSO_MISSED, CHOOSE_FIRST, MISSING_OPTIONS, TYPE_FIRST, QuizBank, prompt_with_hint
from .quiz_numbers import COMMA_DECIMAL, NOT_A_NUMBER
from .quiz_widget import CORRECT_MARK, WRONG_MARK
from .text import inline_markdown


@cache
def _asset(name: str) -> str:
    return resources.files("nhsreform").joinpath("assets", name).read_text(encoding="utf-8")


def _question_data(q) -> dict:
    if q.type == "numeric":
        fb = {k: inline_markdown(v) for k, v in q.feedback.model_dump().items()}
        slips = [
            {"answer": s.answer, "tolerance": s.tolerance, "feedback": inline_markdown(s.feedback)}
            for s in q.slips
        ]
        return {"type": q.type, "answer": q.answer, "tolerance": q.tolerance, "feedback": fb, "slips": slips}
    return {
        "type": q.type,
        "correct": sorted(q.correct_indices),
        "feedback": [inline_markdown(o.feedback) for o in q.options],
    }


def _question_html(q, number: int, key: str, order: list[int] | None) -> str:
    qid = f"{key}-{q.id}"
    legend = f"<legend><strong>Question {number}.</strong> {inline_markdown(prompt_with_hint(q))}</legend>"
    if q.type == "numeric":
        unit = f" ({html.escape(q.unit)})" if q.unit else ""
        body = (
            f'<div class="nhsq-opt"><label for="{qid}-answer">Answer{unit}</label>'
            f'<input type="text" inputmode="decimal" autocomplete="off" id="{qid}-answer" name="{qid}"></div>'
        )
    else:
        kind = "radio" if q.type == "single" else "checkbox"
        # Shown in the bank's display order; each input's value is the option's index in the
        # bank, which the script uses to find its feedback.
        body = "".join(
            f'<div class="nhsq-opt"><input type="{kind}" id="{qid}-{i}" name="{qid}" value="{i}">'
            f'<label for="{qid}-{i}">{inline_markdown(q.options[i].text)}</label></div>'
            for i in order
        )
    return (
        f'<form class="nhsq-q" id="{qid}"><fieldset>{legend}{body}</fieldset>'
        f'<button type="submit">Check<span class="nhsq-sr"> question {number}</span></button>'
        f'<div class="nhsq-feedback" role="status" aria-live="polite"></div></form>'
    )


def render_quiz_html(bank: QuizBank, key: str) -> str:
    """The whole quiz as one HTML fragment (markup, data, CSS and JavaScript)."""
    data = {
        "questions": [_question_data(q) for q in bank.questions],
        "text": {
            "correct": CORRECT_MARK,
            "wrong": WRONG_MARK,
            "missing": MISSING_OPTIONS,
            "also_missed": ALSO_MISSED,
            "not_a_number": NOT_A_NUMBER,
            "comma_decimal": COMMA_DECIMAL,
            "choose_first": CHOOSE_FIRST,
            "type_first": TYPE_FIRST,
        },
    }
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    questions = "".join(
        _question_html(q, n, key, None if q.type == "numeric" else bank.display_order(q))
        for n, q in enumerate(bank.questions, start=1)
    )
    return (
        f'<div class="nhsq" id="{key}" data-nhsq>'
        f"<style>{_asset('quiz.css')}</style>"
        f'<p class="nhsq-title">{html.escape(bank.title)}</p>'
        f"{questions}"
        f'<div class="nhsq-footer"><p class="nhsq-score" role="status" aria-live="polite">'
        f"Score: 0 of {len(bank.questions)} correct</p>"
        f'<button type="button" class="nhsq-retry">Try again</button></div>'
        f'<script type="application/json" class="nhsq-data">{payload}</script>'
        f"<script>{_asset('quiz.js')}</script>"
        f"</div>"
    )
