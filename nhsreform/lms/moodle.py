"""A question bank as Moodle XML, the format Moodle's question bank imports (*Import ▸ Moodle XML*).

One file per bank: a ``category`` entry (``$course$/top/<course>/<bank name>``) and then every
question in the bank's order. From Moodle 5.0 questions live in question bank activities; the
import (``qformat_default::create_category_path``) then makes the categories in the bank being
imported into, or, when the context is taken from the file, in the course's default question bank.

- ``single`` → ``multichoice`` with ``<single>true</single>``: the right option at 100%, the others
  at 0%.
- ``multiple`` → ``multichoice`` with ``<single>false</single>``: each of the n right options at
  100/n %, each wrong option at −100 %. Moodle adds up the fractions of the ticked options (and
  keeps the total between 0 and 100 %), so **full marks come exactly when the right set is
  ticked**, as in the course. Unlike the course, Moodle gives **partial credit** for some of the
  right options without a wrong one (2 of 3 right ticks: 66.7 %); a wrong tick costs the whole
  mark (−100 %), so any wrong tick scores 0. Moodle accepts only fractions from its fixed list,
  which holds 100/n for n = 1 … 10; a question with more right options is refused with an
  :class:`~nhsreform.lms.common.ExportError` naming it. The course's line for some but not all
  right options ticked, and nothing wrong ("…at least one more option is also correct"), is the
  *partially correct* feedback, which Moodle shows in exactly that case (a total strictly between
  0 and 100 %). The course's line for a mix of right and wrong ticks that leaves a right option
  out has no place: Moodle's *incorrect* feedback would also show after every right option plus
  a wrong one, so it is left empty.
- ``numeric`` → ``numerical``. Moodle grades a typed number by the *first* answer (in file order)
  whose interval holds it, and shows that answer's feedback. An answer with value A and tolerance
  T holds A ± (T + 10⁻¹⁴·max(T, |A|)) (``qtype_numerical_answer::get_tolerance_interval``,
  nominal tolerance, PHP's default precision of 14). So the answers are: the correct value ±
  tolerance (100 %), then each slip ± its tolerance (0 %, the slip's feedback), then two wide 0 %
  answers for the course's ``too_low`` and ``too_high`` feedback, then a catch-all ``*`` (0 %).
  The wide answers have tolerance W and are centred W + g below and above the answer, so they
  reach from g to 2W + g away from it (:func:`wide`: W is a power of ten, at least a million
  times the answer and its tolerance, and at least 10⁶; g = W·10⁻¹³, ten times Moodle's widening
  of a band of half-width W, so a too-low band never reaches a number above the answer or a
  too-high band one below it). The catch-all holds the neutral :func:`not_right_feedback`; it
  answers a number more than 2W + g from the answer and, for an answer with a tolerance below g,
  a number within g of it that is not right (within 10⁻⁵ of 95, say), where the course would say
  too low or too high. Moodle has no "below"/"above" answer, so this is the nearest mapping.
  The unit stays in the question text (``showunits`` = 3: no unit box); students type the number
  only (:func:`~nhsreform.lms.common.number_instruction`).
- Typed numbers: Moodle reads them its own way (``qtype_numerical_answer_processor::apply_units``
  with the student's language pack; English: "." decimal point, "," thousands separator). A
  number with a comma ("6,082") is read as 6082 when it is graded, but Moodle asks for it without
  the separator (``is_complete_response``): interactive behaviour will not check it, and deferred
  feedback shows the request and grades the number as it stands on submission. A single comma
  between digits is always taken as a thousands separator ("4,2" is 42, where the course refuses
  it), and "1e3" and "3×10^3" are numbers. No setting in the file changes this: the separators
  come from the language pack. So a question whose answer is 1000 or more
  (:func:`~nhsreform.lms.common.asks_for_no_commas`) asks for the number without commas.

Re-importing a file into the same category adds a second copy of every question (Moodle drops
the repeated ``idnumber``); delete the category first, or import into a new one.

Options are written in the course's display order (:meth:`QuizBank.display_order`: right answers
spread over the positions, an option pinned ``last`` last) with ``shuffleanswers`` off, so Moodle
shows them in that order too. Prompts and feedback are the banks' inline Markdown, rendered to
HTML by :func:`nhsreform.text.inline_markdown` (raw HTML in a bank is escaped, never passed
through) and written as escaped XML text, which Moodle reads back unchanged.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

from ..quiz_bank import MISSING_OPTIONS, QuizBank, prompt_with_hint
from ..text import inline_markdown
from .common import ExportError, not_right_feedback, number_instruction
from .numbers import decimal_text, plus

COURSE_CATEGORY = "Reforming the NHS from within"
# Moodle's question_bank::fraction_options_full(): the only fractions an import accepts (±).
MOODLE_FRACTIONS = (
    100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20,
    16.66667, 14.28571, 12.5, 11.11111, 10, 5, 0,
)  # fmt: skip


def _html(tag: str, markup: str, fmt: str = "html") -> ET.Element:
    el = ET.Element(tag, format=fmt)
    ET.SubElement(el, "text").text = markup
    return el


def _paragraph(markdown: str) -> str:
    return f"<p>{inline_markdown(markdown)}</p>"


def fraction_text(fraction: float) -> str:
    """A percentage as Moodle's list writes it (``33.33333``, ``-100``), refusing any other."""
    for allowed in MOODLE_FRACTIONS:
        if abs(abs(fraction) - allowed) < 1e-4:
            value = allowed if fraction >= 0 else -allowed
            return f"{value:g}" if float(value).is_integer() else f"{value:.5f}"
    raise ExportError(f"Moodle cannot import the fraction {fraction:g} %")


def fraction_options(n_right: int) -> str | None:
    """Moodle's text for 100/n_right %, or None when Moodle's list has no such fraction."""
    try:
        return fraction_text(100 / n_right)
    except ExportError:
        return None


def _header(bank: QuizBank, question, number: int, text_html: str, kind: str) -> ET.Element:
    el = ET.Element("question", type=kind)
    name = ET.SubElement(el, "name")
    ET.SubElement(name, "text").text = f"{bank.name} Q{number:02d} {question.id}"
    el.append(_html("questiontext", text_html))
    el.append(_html("generalfeedback", ""))
    ET.SubElement(el, "defaultgrade").text = "1"
    ET.SubElement(el, "penalty").text = "0"
    ET.SubElement(el, "hidden").text = "0"
    # Unique within the category (one category per bank), and still unique across banks.
    ET.SubElement(el, "idnumber").text = f"{bank.name}-{question.id}"
    return el


def _choice(bank: QuizBank, q, number: int) -> ET.Element:
    el = _header(bank, q, number, _paragraph(prompt_with_hint(q)), "multichoice")
    single = q.type == "single"
    ET.SubElement(el, "single").text = "true" if single else "false"
    ET.SubElement(el, "shuffleanswers").text = "false"  # the course's order: balanced, pins kept
    ET.SubElement(el, "answernumbering").text = "abc"
    ET.SubElement(el, "showstandardinstruction").text = "0"
    el.append(_html("correctfeedback", ""))
    el.append(_html("partiallycorrectfeedback", "" if single else _paragraph(MISSING_OPTIONS)))
    el.append(_html("incorrectfeedback", ""))
    n_right = len(q.correct_indices)
    if not single and fraction_options(n_right) is None:
        raise ExportError(
            f"bank {bank.name}, question {q.id!r}: Moodle cannot share the mark among {n_right} right "
            f"options (its fractions allow at most 10); give the question 10 right options or fewer"
        )
    for i in bank.display_order(q):
        option = q.options[i]
        if single:
            fraction = 100 if option.correct else 0
        else:
            fraction = 100 / n_right if option.correct else -100
        answer = ET.SubElement(el, "answer", fraction=fraction_text(fraction), format="html")
        ET.SubElement(answer, "text").text = inline_markdown(option.text)
        answer.append(_html("feedback", inline_markdown(option.feedback)))
    return el


def _numeric_answer(parent: ET.Element, value: str, tolerance: str, fraction: int, feedback: str) -> None:
    answer = ET.SubElement(parent, "answer", fraction=fraction_text(fraction), format="moodle_auto_format")
    ET.SubElement(answer, "text").text = value
    answer.append(_html("feedback", inline_markdown(feedback)))
    ET.SubElement(answer, "tolerance").text = tolerance


def wide(question) -> float:
    """W, the half-width of the too-low and too-high answers: a power of ten, at least 10⁶ and
    at least a million times the size of the answer and its tolerance."""
    size = max(1.0, abs(question.answer) + question.tolerance)
    return float(10 ** math.ceil(math.log10(size * 1e6)))


def gap(question) -> float:
    """g, how far the too-low and too-high answers stay from the answer: W·10⁻¹³, ten times the
    10⁻¹⁴·W by which Moodle widens them."""
    return wide(question) / 1e13


def _numeric(bank: QuizBank, q, number: int) -> ET.Element:
    el = _header(bank, q, number, _paragraph(q.prompt) + number_instruction(q), "numerical")
    _numeric_answer(el, decimal_text(q.answer), decimal_text(q.tolerance), 100, q.feedback.correct)
    for slip in q.slips:
        _numeric_answer(el, decimal_text(slip.answer), decimal_text(slip.tolerance), 0, slip.feedback)
    w, g = wide(q), gap(q)
    _numeric_answer(el, plus(q.answer, -(w + g)), decimal_text(w), 0, q.feedback.too_low)
    _numeric_answer(el, plus(q.answer, w + g), decimal_text(w), 0, q.feedback.too_high)
    _numeric_answer(el, "*", "0", 0, not_right_feedback(q))
    ET.SubElement(el, "unitgradingtype").text = "0"
    ET.SubElement(el, "unitpenalty").text = "0"
    ET.SubElement(el, "showunits").text = "3"
    ET.SubElement(el, "unitsleft").text = "0"
    return el


def moodle_xml(bank: QuizBank) -> bytes:
    """The bank as a Moodle XML document (UTF-8 bytes)."""
    quiz = ET.Element("quiz")
    category = ET.SubElement(quiz, "question", type="category")
    path = ET.SubElement(category, "category")
    ET.SubElement(path, "text").text = f"$course$/top/{COURSE_CATEGORY}/{bank.name}"
    category.append(_html("info", _paragraph(bank.title)))
    for number, q in enumerate(bank.questions, start=1):
        quiz.append(_numeric(bank, q, number) if q.type == "numeric" else _choice(bank, q, number))
    ET.indent(quiz)
    return ET.tostring(quiz, encoding="utf-8", xml_declaration=True) + b"\n"
