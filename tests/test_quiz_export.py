"""Quiz export for learning platforms (``nhsreform.lms``, ``python -m nhsreform quiz-export``).

Every bank's Moodle XML and Canvas QTI 1.2 package is checked for structure, and then graded the
way the platform would grade it, by small graders below that read only the exported files: every
option (every subset of a multiple-answer question) and, for numeric questions, the answer, both
edges of its band, values just outside, every slip and far-off values. The verdict and the
feedback shown must match the course's own grader in ``nhsreform.quiz_bank``. The mutation tests
at the end show that these checks catch a wrong fraction, tolerance, score or feedback link.

What the graders emulate (from the platforms' source code, not from a live import):

- Moodle multichoice: the fractions of the ticked options are added and kept within 0-100 %;
  a question is "right" above 99.9999 %; a total strictly between 0 and 100 % shows the
  *partially correct* feedback. Numerical: the first answer (in file order) whose interval holds
  the number decides the mark and the feedback; ``*`` holds every number. The interval is
  Moodle's ``qtype_numerical_answer::get_tolerance_interval`` (nominal): answer ± (tolerance +
  1e-14·max(tolerance, |answer|, 1e-14)), 1e-14 being PHP's default precision.
- QTI 1.2 player: response conditions in order; a true condition applies its ``setvar`` and
  shows its feedback, and stops unless ``continue="Yes"``. Canvas does not grade this way.
- Canvas's importer (Instructure's QTIMigrationTool turns each ``respcondition`` into a
  ``responseIf``/``responseElseIf``; ``Qti::NumericInteraction#get_canvas_answers`` and
  ``Qti::ChoiceInteraction#process_response_conditions`` then build the question): which
  numbers a numerical question accepts, and which options a choice question marks right; and
  which comments it keeps (``AssessmentItemConverter#get_feedback``/``get_feedback_id``) and
  shows (``UserAnswer#correctness``, ``QuizzesHelper#question_comment``).
- Moodle's reading of a typed number (``qtype_numerical_answer_processor::apply_units`` and
  ``qtype_numerical_question::is_complete_response``, English separators), against the course's.

Expected values are worked out here from the banks (or written out), not taken from the
writers' own tables or helper functions, so a change there cannot pass by changing both sides.
"""

from __future__ import annotations

import io
import itertools
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
import yaml

from nhsreform.__main__ import main
from nhsreform.lms import ExportError, bank_names, banks_for, export_quizzes
from nhsreform.lms.common import not_right_feedback
from nhsreform.lms.moodle import MOODLE_FRACTIONS, gap, moodle_xml, wide
from nhsreform.lms.numbers import decimal_text, plus
from nhsreform.lms.qti import assessment_ident, canvas_qti_zip
from nhsreform.quiz_bank import (
    MISSING_OPTIONS,
    choice_feedback,
    grade_choice,
    grade_numeric,
    load_bank,
    matching_slip,
    parse_bank,
)
from nhsreform.quiz_numbers import NumberInputError, parse_number
from nhsreform.text import inline_markdown

ROOT = Path(__file__).resolve().parents[1]
BANKS = bank_names()
QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
CANVAS = "{http://canvas.instructure.com/xsd/cccv1p0}"


@cache
def bank(name):
    return load_bank(name)


@cache
def moodle(name) -> bytes:
    return moodle_xml(bank(name))


@cache
def qti(name) -> bytes:
    return canvas_qti_zip(bank(name))


def html_fragment(markup: str) -> ET.Element:
    """An HTML fragment as the LMS will show it; it must be well formed (markdown-it writes XHTML)."""
    return ET.fromstring(f"<div>{markup}</div>")


# --- What the course says: the verdict and feedback lines for an answer ---------------------


def course_choice(q, chosen: frozenset[int]) -> tuple[bool, list[str]]:
    """The course's verdict and the HTML of each chosen option's feedback (in bank order)."""
    return grade_choice(q, chosen), sorted(inline_markdown(q.options[i].feedback) for i in chosen)


def course_numeric(q, value: float) -> tuple[bool, str]:
    verdict = grade_numeric(q, value)
    slip = matching_slip(q, value)
    line = slip.feedback if slip else getattr(q.feedback, verdict)
    return verdict == "correct", inline_markdown(line)


def probes(q) -> list[float]:
    """The numbers worth typing: every band's edges, just beyond them (by a relative step and by
    tiny absolute ones), within and beyond Moodle's gap g, and far off (beyond Moodle's 2W)."""
    values = []
    step = 1e-6 * max(1.0, abs(q.answer))
    for value, tol in [(q.answer, q.tolerance)] + [(s.answer, s.tolerance) for s in q.slips]:
        low, high = float(plus(value, -tol)), float(plus(value, tol))
        values += [value, low, high, low - step, high + step]
        values += [edge + sign * d for d in (1e-9, 3e-7, 3e-6) for edge, sign in ((low, -1), (high, 1))]
    g, w = gap(q), wide(q)
    values += [q.answer + sign * k * g for k in (0.5, 2, 20) for sign in (-1, 1)]
    scale = max(1.0, abs(q.answer))
    values += [q.answer - 10 * scale, q.answer + 10 * scale, q.answer - 1e6 * scale, q.answer + 1e6 * scale]
    values += [q.answer - 3 * w, q.answer + 3 * w]
    values += [0.0, -1.0, q.answer / 100, q.answer * 100]
    return values


def choice_sets(q) -> list[frozenset[int]]:
    n = len(q.options)
    if q.type == "single":
        return [frozenset({i}) for i in range(n)]
    sizes = range(1, n + 1) if n <= 8 else range(1, 4)
    return [frozenset(c) for k in sizes for c in itertools.combinations(range(n), k)]


# --- Moodle: structure and an emulated grader ------------------------------------------------


def text_of(el: ET.Element, path: str) -> str:
    found = el.find(path)
    assert found is not None, f"missing <{path}>"
    return found.text or ""


def check_moodle_structure(name: str, xml: bytes) -> ET.Element:
    root = ET.fromstring(xml)
    assert root.tag == "quiz"
    questions = root.findall("question")
    assert questions[0].get("type") == "category"
    assert text_of(questions[0], "category/text") == f"$course$/top/Reforming the NHS from within/{name}"
    assert len(questions) == len(bank(name).questions) + 1
    idnumbers = set()
    for question in questions[1:]:
        kind = question.get("type")
        assert kind in ("multichoice", "numerical"), kind
        assert text_of(question, "name/text").strip()
        assert question.find("questiontext").get("format") == "html"
        html_fragment(text_of(question, "questiontext/text"))
        assert float(text_of(question, "defaultgrade")) == 1
        idnumber = text_of(question, "idnumber")
        assert idnumber not in idnumbers
        idnumbers.add(idnumber)
        answers = question.findall("answer")
        assert answers
        for answer in answers:
            fraction = float(answer.get("fraction"))
            assert any(abs(abs(fraction) - f) < 1e-5 for f in MOODLE_FRACTIONS), fraction
            assert text_of(answer, "text").strip()
            feedback = text_of(answer, "feedback/text")
            assert feedback.strip(), "every answer explains itself"
            html_fragment(feedback)
        fractions = [float(a.get("fraction")) for a in answers]
        if kind == "multichoice":
            single = text_of(question, "single")
            assert single in ("true", "false")
            assert text_of(question, "shuffleanswers") == "false"
            for answer in answers:
                html_fragment(text_of(answer, "text"))
            if single == "true":
                assert sorted(fractions)[-1] == 100 and sorted(fractions)[-2] == 0
            else:
                assert round(sum(f for f in fractions if f > 0), 2) in (100, 99.99, 100.01)
        else:
            assert fractions[0] == 100
            assert text_of(question, "showunits") == "3"
            assert text_of(answers[-1], "text") == "*", "a last catch-all answer"
            for answer in answers[:-1]:
                float(text_of(answer, "text"))
                assert float(text_of(answer, "tolerance")) >= 0
    return root


def moodle_grade_choice(question: ET.Element, chosen_texts: set[str]) -> tuple[float, list[str]]:
    total, shown = 0.0, []
    for answer in question.findall("answer"):
        if text_of(answer, "text") in chosen_texts:
            total += float(answer.get("fraction")) / 100
            shown.append(text_of(answer, "feedback/text"))
    return min(max(total, 0.0), 1.0), sorted(shown)


def moodle_combined_feedback(question: ET.Element, fraction: float) -> str:
    """The question-level feedback Moodle shows for a total: right, partially right or wrong."""
    state = "correct" if fraction > 0.999999 else "partiallycorrect" if fraction > 0 else "incorrect"
    return text_of(question, f"{state}feedback/text")


MOODLE_EPSILON = 1e-14  # pow(10, -ini_get('precision')), PHP's default precision being 14


def moodle_interval(answer: float, tolerance: float) -> tuple[float, float]:
    """``qtype_numerical_answer::get_tolerance_interval()``, nominal tolerance."""
    tolerance = abs(tolerance) + MOODLE_EPSILON * max(abs(tolerance), abs(answer), MOODLE_EPSILON)
    return answer - tolerance, answer + tolerance


def moodle_grade_number(question: ET.Element, value: float) -> tuple[float, str | None]:
    for answer in question.findall("answer"):
        target = text_of(answer, "text")
        if target != "*":
            low, high = moodle_interval(float(target), float(text_of(answer, "tolerance")))
        if target == "*" or low <= value <= high:
            return float(answer.get("fraction")) / 100, text_of(answer, "feedback/text")
    return 0.0, None


def moodle_expected_number(q, value: float) -> tuple[bool, str]:
    """The course's verdict and line, except where Moodle shows the neutral catch-all (documented
    in nhsreform.lms.moodle): a wrong number within g of the answer, or beyond 2W + g from it."""
    ok, line = course_numeric(q, value)
    distance = abs(value - q.answer)
    if not ok and not matching_slip(q, value) and not gap(q) <= distance <= 2 * wide(q) + gap(q):
        return False, inline_markdown(not_right_feedback(q))
    return ok, line


def documented_moodle_mark(q, chosen: frozenset[int]) -> float:
    """The mark the README promises in Moodle: 1 for the right option of a single-answer question
    (0 otherwise); for a multiple-answer question k/n for k of its n right options and no wrong
    one, and 0 after any wrong tick."""
    right = set(q.correct_indices)
    if q.type == "single":
        return 1.0 if chosen == right else 0.0
    return 0.0 if chosen - right else len(chosen & right) / len(right)


def moodle_disagreements(name: str, xml: bytes) -> list[str]:
    """Every answer on which the exported Moodle file and the course disagree (mark or feedback).
    Every wrong number must score 0, as in the course; a choice question must score the
    documented mark (:func:`documented_moodle_mark`)."""
    b, root, problems = bank(name), ET.fromstring(xml), []
    for q, question in zip(b.questions, root.findall("question")[1:], strict=True):
        if q.type == "numeric":
            for value in probes(q):
                ok, line = moodle_expected_number(q, value)
                fraction, shown = moodle_grade_number(question, value)
                if fraction != (1.0 if ok else 0.0) or shown != line:
                    problems.append(f"{q.id} {value!r}: Moodle {fraction:g} {shown!r}, want {ok} {line!r}")
            continue
        for chosen in choice_sets(q):
            ok, lines = course_choice(q, chosen)
            texts = {inline_markdown(q.options[i].text) for i in chosen}
            fraction, shown = moodle_grade_choice(question, texts)
            # The course's "at least one more option" line is Moodle's partially correct feedback.
            missing = MISSING_OPTIONS in choice_feedback(q, chosen)[1]
            combined = moodle_combined_feedback(question, fraction)
            if (
                abs(fraction - documented_moodle_mark(q, chosen)) > 1e-5
                or (fraction > 0.999999) != ok
                or shown != lines
                or combined != (f"<p>{inline_markdown(MISSING_OPTIONS)}</p>" if missing else "")
            ):
                problems.append(f"{q.id} {sorted(chosen)}: Moodle {fraction:g} {combined!r}, course {ok}")
    return problems


@pytest.mark.parametrize("name", BANKS)
def test_moodle_export_is_well_formed(name):
    root = check_moodle_structure(name, moodle(name))
    b = bank(name)
    for q, question in zip(b.questions, root.findall("question")[1:], strict=True):
        assert text_of(question, "idnumber") == f"{name}-{q.id}"
        if q.type == "numeric":
            assert question.get("type") == "numerical"
            # correct, each slip, too low, too high, anything else
            assert len(question.findall("answer")) == len(q.slips) + 4
            continue
        assert text_of(question, "single") == ("true" if q.type == "single" else "false")
        shown = [text_of(a, "text") for a in question.findall("answer")]
        assert shown == [inline_markdown(q.options[i].text) for i in b.display_order(q)]


@pytest.mark.parametrize("name", BANKS)
def test_moodle_grades_as_the_course_does(name):
    assert moodle_disagreements(name, moodle(name)) == []


def test_moodle_gives_partial_credit_where_the_course_does_not():
    """Documented difference: some right ticks and no wrong one earn part of the mark in Moodle."""
    b = bank("ch01")
    q = b.question("three-shifts")
    root = ET.fromstring(moodle("ch01"))
    question = next(el for el in root.iter("question") if el.findtext("idnumber") == "ch01-three-shifts")
    right = sorted(q.correct_indices)
    two_right = {inline_markdown(q.options[i].text) for i in right[:2]}
    fraction, _ = moodle_grade_choice(question, two_right)
    assert fraction == pytest.approx(2 / 3, abs=1e-5) and not grade_choice(q, frozenset(right[:2]))
    wrong = next(i for i in range(len(q.options)) if i not in q.correct_indices)
    everything_right_plus_one_wrong = {inline_markdown(q.options[i].text) for i in [*right, wrong]}
    assert moodle_grade_choice(question, everything_right_plus_one_wrong)[0] == 0


def test_pinned_option_stays_last():
    name = next(
        n
        for n in BANKS
        if any(getattr(o, "pin", None) for q in bank(n).questions for o in getattr(q, "options", []))
    )
    b = bank(name)
    q = next(q for q in b.questions if q.type != "numeric" and any(o.pin for o in q.options))
    pinned = inline_markdown(next(o for o in q.options if o.pin).text)
    question = next(
        el
        for el in ET.fromstring(moodle(name)).iter("question")
        if el.findtext("idnumber") == f"{name}-{q.id}"
    )
    assert text_of(question.findall("answer")[-1], "text") == pinned
    item = next(i for i in qti_items(name) if qti_meta(i)["nhsreform_id"] == f"{name}/{q.id}")
    labels = item.findall(f".//{QTI}response_label")
    assert labels[-1].find(f".//{QTI}mattext").text == pinned


# --- Canvas QTI 1.2: structure and an emulated grader ----------------------------------------


def qti_files(name: str, data: bytes | None = None) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data if data is not None else qti(name))) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def qti_assessment(name: str, data: bytes | None = None) -> ET.Element:
    ident = assessment_ident(bank(name))
    return ET.fromstring(qti_files(name, data)[f"{ident}/{ident}.xml"])


def qti_items(name: str, data: bytes | None = None) -> list[ET.Element]:
    return qti_assessment(name, data).findall(f".//{QTI}item")


def qti_meta(item: ET.Element) -> dict[str, str]:
    fields = item.findall(f"{QTI}itemmetadata/{QTI}qtimetadata/{QTI}qtimetadatafield")
    return {f.findtext(f"{QTI}fieldlabel"): f.findtext(f"{QTI}fieldentry") or "" for f in fields}


# Canvas's names for the course's question types, written out (not read from nhsreform.lms.qti).
CANVAS_TYPES = {
    "single": "multiple_choice_question",
    "multiple": "multiple_answers_question",
    "numeric": "numerical_question",
}


@pytest.mark.parametrize("name", BANKS)
def test_qti_package_is_well_formed(name):
    files = qti_files(name)
    manifest = ET.fromstring(files["imsmanifest.xml"])
    assert manifest.tag == f"{CP}manifest"
    hrefs = [f.get("href") for f in manifest.iter(f"{CP}file")]
    assert sorted(hrefs) == sorted(n for n in files if n != "imsmanifest.xml"), (
        "the manifest names every file"
    )
    resources = {r.get("identifier"): r for r in manifest.iter(f"{CP}resource")}
    quiz = resources[assessment_ident(bank(name))]
    assert quiz.get("type") == "imsqti_xmlv1p2"
    for dependency in quiz.iter(f"{CP}dependency"):
        assert dependency.get("identifierref") in resources
    ident = assessment_ident(bank(name))
    meta = ET.fromstring(files[f"{ident}/assessment_meta.xml"])
    assert meta.findtext(f"{CANVAS}shuffle_answers") == "false"
    assessment = qti_assessment(name)
    assert assessment.tag == f"{QTI}questestinterop"
    assert assessment.find(f"{QTI}assessment").get("ident") == ident

    items = qti_items(name)
    assert len(items) == len(bank(name).questions)
    assert len({i.get("ident") for i in items}) == len(items)
    for q, item in zip(bank(name).questions, items, strict=True):
        meta = qti_meta(item)
        assert meta["question_type"] == CANVAS_TYPES[q.type], q.id
        if q.type != "numeric" and len(q.correct_indices) > 1:
            assert meta["question_type"] == "multiple_answers_question", "tick boxes, not radio buttons"
        assert float(meta["points_possible"]) == 1
        html_fragment(item.find(f"{QTI}presentation/{QTI}material/{QTI}mattext").text)
        feedback_ids = {fb.get("ident") for fb in item.findall(f"{QTI}itemfeedback")}
        for fb in item.findall(f"{QTI}itemfeedback"):
            html_fragment(fb.find(f".//{QTI}mattext").text)
        for show in item.iter(f"{QTI}displayfeedback"):
            assert show.get("linkrefid") in feedback_ids, "every feedback link resolves"
        decvar = item.find(f".//{QTI}outcomes/{QTI}decvar")
        assert decvar.get("varname") == "SCORE" and decvar.get("maxvalue") == "100"
        assert {s.text for s in item.iter(f"{QTI}setvar")} == {"100"}
        if q.type == "numeric":
            fib = item.find(f".//{QTI}response_str/{QTI}render_fib")
            assert fib is not None and fib.get("fibtype") == "Decimal"
            continue
        lid = item.find(f".//{QTI}response_lid")
        assert lid.get("rcardinality") == ("Single" if q.type == "single" else "Multiple")
        labels = [label.get("ident") for label in lid.iter(f"{QTI}response_label")]
        assert meta["original_answer_ids"].split(",") == labels
        assert {v.text for v in item.iter(f"{QTI}varequal")} == set(labels)
        shown = [label.find(f".//{QTI}mattext").text for label in lid.iter(f"{QTI}response_label")]
        assert shown == [inline_markdown(q.options[i].text) for i in bank(name).display_order(q)]


def qti_true(condition: ET.Element, response) -> bool:
    """A QTI 1.2 condition for a response: a set of label idents, or a number."""
    tag = condition.tag.removeprefix(QTI)
    if tag in ("conditionvar", "and"):
        return all(qti_true(c, response) for c in condition)
    if tag == "or":
        return any(qti_true(c, response) for c in condition)
    if tag == "not":
        return not qti_true(condition[0], response)
    if tag == "other":
        return True
    if isinstance(response, frozenset):
        assert tag == "varequal", tag
        return condition.text in response
    bound = float(condition.text)
    return {
        "varequal": response == bound,
        "vargte": response >= bound,
        "varlte": response <= bound,
        "vargt": response > bound,
        "varlt": response < bound,
    }[tag]


def qti_grade(item: ET.Element, response) -> tuple[float, list[str]]:
    """The SCORE and the feedback (HTML) a QTI 1.2 player gives ``response``."""
    score, shown = 0.0, []
    feedback = {
        fb.get("ident"): fb.find(f".//{QTI}mattext").text for fb in item.findall(f"{QTI}itemfeedback")
    }
    for cond in item.iter(f"{QTI}respcondition"):
        if not qti_true(cond.find(f"{QTI}conditionvar"), response):
            continue
        for setvar in cond.findall(f"{QTI}setvar"):
            value = float(setvar.text)
            score = value if setvar.get("action") == "Set" else score + value
        shown += [feedback[d.get("linkrefid")] for d in cond.findall(f"{QTI}displayfeedback")]
        if cond.get("continue", "No") == "No":
            break
    return score, shown


def qti_labels(q, item: ET.Element) -> dict[int, str]:
    """Each option's response label in a choice item, found by the option's text."""
    label_of = {}
    for label in item.iter(f"{QTI}response_label"):
        text = label.find(f".//{QTI}mattext").text
        (i,) = [i for i, o in enumerate(q.options) if inline_markdown(o.text) == text]
        label_of[i] = label.get("ident")
    return label_of


def qti_disagreements(name: str, data: bytes) -> list[str]:
    """Where a QTI 1.2 player disagrees with the course. The documented difference is expected: a
    wrong number gets the neutral line. A choice question shows just the ticked options' feedback
    (the course's "at least one more option" line has no Canvas equivalent)."""
    b, problems = bank(name), []
    for q, item in zip(b.questions, qti_items(name, data), strict=True):
        if q.type == "numeric":
            for value in probes(q):
                ok, line = course_numeric(q, value)
                line = line if ok else inline_markdown(not_right_feedback(q))
                score, shown = qti_grade(item, value)
                if (score == 100) != ok or shown != [line]:
                    problems.append(f"{q.id} {value!r}: QTI {score:g} {shown!r}, expected {ok} {line!r}")
            continue
        label_of = qti_labels(q, item)
        for chosen in choice_sets(q):
            ok, lines = course_choice(q, chosen)
            score, shown = qti_grade(item, frozenset(label_of[i] for i in chosen))
            if (score == 100) != ok or sorted(shown) != lines:
                problems.append(f"{q.id} {sorted(chosen)}: QTI {score:g}, course {ok}")
    return problems


@pytest.mark.parametrize("name", BANKS)
def test_qti_grades_as_the_course_does(name):
    assert qti_disagreements(name, qti(name)) == []


# --- Canvas's importer: what a numerical question accepts, which options are right ----------


def canvas_numeric_answers(item: ET.Element) -> list[tuple[str, str]]:
    """The accepted answers Canvas builds from a numerical item, as (exact, margin) or (start, end).

    QTIMigrationTool turns each ``respcondition`` into a ``responseIf``/``responseElseIf``
    (``varequal`` → ``stringMatch``, ``vargte``/``varlte`` → ``customOperator``, ``<other/>`` →
    ``true``). ``get_canvas_answers`` then makes every one with an ``or`` holding a
    ``stringMatch`` an exact answer (margin: its ``and``'s ``varlte`` minus the exact value), and
    every other one with an ``and`` a range answer, **each at weight 100, whatever SCORE it
    sets**; any other condition is skipped."""
    answers = []
    for cond in item.iter(f"{QTI}respcondition"):
        var = cond.find(f"{QTI}conditionvar")
        either = next(var.iter(f"{QTI}or"), None)
        if either is not None:
            exact = next(either.iter(f"{QTI}varequal"), None)
            if exact is None:
                continue
            assert next(either.iter(f"{QTI}vargt"), None) is None, "Canvas's precision-answer guess"
            upper = either.find(f".//{QTI}and/{QTI}varlte")
            margin = Decimal(upper.text) - Decimal(exact.text) if upper is not None else Decimal(0)
            answers.append(("exact", exact.text, str(margin.normalize())))
        elif (both := next(var.iter(f"{QTI}and"), None)) is not None:
            low, high = both.find(f"{QTI}vargte"), both.find(f"{QTI}varlte")
            if low is not None or high is not None:
                answers.append(("range", getattr(low, "text", "0"), getattr(high, "text", "0")))
    return answers


def canvas_right_options(item: ET.Element) -> set[str]:
    """The response labels Canvas marks right (weight 100) in a choice item.

    ``process_response_conditions``: a condition whose ``and`` holds the options (``responseIf >
    and > member``) makes exactly those options right; any other condition gives each option it
    names the weight of its SCORE (0 when it sets none)."""
    weights: dict[str, int] = {}
    for cond in item.iter(f"{QTI}respcondition"):
        var = cond.find(f"{QTI}conditionvar")
        every = var.find(f"{QTI}and")
        if every is not None and every.find(f"{QTI}varequal") is not None:
            for member in every.findall(f"{QTI}varequal"):
                weights[member.text] = 100
            continue
        scores = [float(s.text) for s in cond.findall(f"{QTI}setvar") if s.get("varname") == "SCORE"]
        for named in var.iter(f"{QTI}varequal"):
            weights[named.text] = 100 if scores and scores[-1] > 0 else 0
    return {label for label, weight in weights.items() if weight == 100}


@pytest.mark.parametrize("name", BANKS)
def test_canvas_accepts_only_the_right_numbers(name):
    """Canvas's importer makes every band in a numerical item an accepted answer: only the
    correct band may be one (a slip written as a band would be marked right)."""
    for q, item in zip(bank(name).questions, qti_items(name), strict=True):
        if q.type != "numeric":
            continue
        expected = [("exact", decimal_text(q.answer), str(Decimal(repr(q.tolerance)).normalize()))]
        assert canvas_numeric_answers(item) == expected, q.id


@pytest.mark.parametrize("name", BANKS)
def test_canvas_marks_only_the_right_options(name):
    for q, item in zip(bank(name).questions, qti_items(name), strict=True):
        if q.type == "numeric":
            continue
        label_of = {
            label.find(f".//{QTI}mattext").text: label.get("ident")
            for label in item.iter(f"{QTI}response_label")
        }
        right = {label_of[inline_markdown(q.options[i].text)] for i in q.correct_indices}
        assert canvas_right_options(item) == right, q.id


def test_canvas_importer_emulation_catches_a_slip_band():
    """The old export wrote each slip as a band with no score: Canvas would accept it."""
    q = bank("ch01").question("four-hour-standard")
    item = next(i for i in qti_items("ch01") if qti_meta(i)["nhsreform_id"] == "ch01/four-hour-standard")
    resprocessing = item.find(f"{QTI}resprocessing")
    slip = ET.fromstring(
        f'<respcondition xmlns="{QTI[1:-1]}" continue="No"><conditionvar><or>'
        '<varequal respident="response1">98</varequal><and><vargte respident="response1">98</vargte>'
        '<varlte respident="response1">98</varlte></and></or></conditionvar></respcondition>'
    )
    resprocessing.insert(2, slip)
    assert ("exact", "98", "0") in canvas_numeric_answers(item) and q.slips


# --- Canvas's comments: which it keeps, and which it shows -----------------------------------

# AssessmentItemConverter#get_feedback: an itemfeedback (QTIMigrationTool keeps its ident) becomes
# the question comment of the first pattern its ident matches.
CANVAS_QUESTION_COMMENTS = (
    (re.compile(r"wrong|incorrect|_IC$", re.I), "incorrect_comments"),
    (re.compile(r"correct|_C$", re.I), "correct_comments"),
    (re.compile(r"solution", re.I), "example_solution"),
    (re.compile(r"general_|_all", re.I), "neutral_comments"),
)
# get_feedback_id: the feedback a condition shows becomes its answer's own comment, unless its
# ident looks like a question comment.
CANVAS_NOT_AN_ANSWER_COMMENT = re.compile(r"general_|_all|wrong|incorrect|correct|_IC$|_C$", re.I)


def canvas_comments(item: ET.Element) -> tuple[dict[str, str], dict[str, str]]:
    """The comments Canvas keeps from an item: the question's, by field, and each answer's, by the
    label its condition names ("band" for a numerical item's accepted answer). The first feedback
    a condition shows is the one get_feedback_id reads; an answer keeps the first it is given.
    (QTIMigrationTool keeps the idents ``correct_fb`` and ``general_incorrect_fb``; it renames an
    option's ``201_fb`` to ``FEEDBACK_201_fb``, which still matches no question-comment pattern.)"""
    texts = {fb.get("ident"): fb.find(f".//{QTI}mattext").text for fb in item.findall(f"{QTI}itemfeedback")}
    question = {}
    for ident, text in texts.items():
        field = next((f for pattern, f in CANVAS_QUESTION_COMMENTS if pattern.search(ident)), None)
        if field:
            question[field] = text  # a later one replaces an earlier one, as in get_feedback
    answers: dict[str, str] = {}
    for cond in item.iter(f"{QTI}respcondition"):
        show = cond.find(f"{QTI}displayfeedback")
        if show is None or CANVAS_NOT_AN_ANSWER_COMMENT.search(show.get("linkrefid")):
            continue
        var = cond.find(f"{QTI}conditionvar")
        if var.find(f"{QTI}or") is not None or var.find(f"{QTI}and") is not None:
            answers.setdefault("band", texts[show.get("linkrefid")])
        for named in var.findall(f"{QTI}varequal"):
            answers.setdefault(named.text, texts[show.get("linkrefid")])
    return question, answers


def canvas_correctness(q, chosen: frozenset[int]) -> bool | str:
    """``Quizzes::QuizQuestion::UserAnswer#correctness`` for ticked options: true for all the right
    options and no wrong one, "partial" for more right ticks than wrong ones, else false."""
    right = set(q.correct_indices)
    if q.type == "single":
        return chosen == right
    correct, incorrect = len(chosen & right), len(chosen - right)
    if correct == len(right) and incorrect == 0:
        return True
    return "partial" if correct - incorrect > 0 else False


def canvas_shown(question: dict[str, str], answer_comments: list[str], correctness) -> list[str]:
    """What Canvas shows after an answer: the chosen answers' own comments, then
    ``QuizzesHelper#question_comment``: the correct comment only for ``true``, the incorrect one
    only for ``false`` (never for "partial"), the neutral one always."""
    shown = [c for c in answer_comments if c]
    if correctness is True and question.get("correct_comments"):
        shown.append(question["correct_comments"])
    if correctness is False and question.get("incorrect_comments"):
        shown.append(question["incorrect_comments"])
    if question.get("neutral_comments"):
        shown.append(question["neutral_comments"])
    return shown


def canvas_comment_disagreements(name: str, items: list[ET.Element]) -> list[str]:
    """Where the comments Canvas would show differ from what they should be: a right number's
    line once, a wrong number's neutral line once, and for a choice question just the ticked
    options' own feedback (no question comment, which would be shown in the wrong cases)."""
    problems = []
    for q, item in zip(bank(name).questions, items, strict=True):
        question, answers = canvas_comments(item)
        if q.type == "numeric":
            right = canvas_shown(question, [answers.get("band", "")], True)
            wrong = canvas_shown(question, [], False)
            if right != [inline_markdown(q.feedback.correct)]:
                problems.append(f"{q.id} right number: {right!r}")
            if wrong != [inline_markdown(not_right_feedback(q))]:
                problems.append(f"{q.id} wrong number: {wrong!r}")
            continue
        label_of = qti_labels(q, item)
        for chosen in choice_sets(q):
            shown = canvas_shown(
                question, [answers.get(label_of[i], "") for i in chosen], canvas_correctness(q, chosen)
            )
            if sorted(shown) != course_choice(q, chosen)[1]:
                problems.append(f"{q.id} {sorted(chosen)}: {shown!r}")
    return problems


@pytest.mark.parametrize("name", BANKS)
def test_canvas_shows_each_comment_once_and_only_where_it_is_true(name):
    assert canvas_comment_disagreements(name, qti_items(name)) == []


def test_canvas_would_not_show_a_missing_option_line_where_it_applies():
    """Why the course's "at least one more option is also correct" line is not in the Canvas file:
    as the question's incorrect comment (the first export) Canvas would show it only after as many
    wrong ticks as right ones, never after right ticks alone."""
    q = bank("ch01").question("three-shifts")
    item = next(i for i in qti_items("ch01") if qti_meta(i)["nhsreform_id"] == "ch01/three-shifts")
    ns = QTI[1:-1]
    item.find(f"{QTI}resprocessing").append(
        ET.fromstring(
            f'<respcondition xmlns="{ns}" continue="No"><conditionvar><other/></conditionvar>'
            '<displayfeedback feedbacktype="Response" linkrefid="general_incorrect_fb"/></respcondition>'
        )
    )
    item.append(
        ET.fromstring(
            f'<itemfeedback xmlns="{ns}" ident="general_incorrect_fb"><flow_mat><material>'
            "<mattext>LINE</mattext></material></flow_mat></itemfeedback>"
        )
    )
    question, _ = canvas_comments(item)
    right = sorted(q.correct_indices)
    wrong = next(i for i in range(len(q.options)) if i not in right)
    assert question == {"incorrect_comments": "LINE"}
    assert "LINE" not in canvas_shown(question, [], canvas_correctness(q, frozenset(right[:1])))
    assert "LINE" not in canvas_shown(question, [], canvas_correctness(q, frozenset([*right, wrong])))
    assert "LINE" in canvas_shown(question, [], canvas_correctness(q, frozenset([right[0], wrong])))
    items = [item if qti_meta(i)["nhsreform_id"] == "ch01/three-shifts" else i for i in qti_items("ch01")]
    assert canvas_comment_disagreements("ch01", items), "the per-bank check catches such a line"


def test_zip_members_are_readable_files():
    for name in BANKS:
        with zipfile.ZipFile(io.BytesIO(qti(name))) as archive:
            for info in archive.infolist():
                mode = info.external_attr >> 16
                assert info.create_system == 3 and mode == 0o100644, (name, info.filename, oct(mode))


# --- Wrong numbers: the neutral line ----------------------------------------------------------

NEUTRAL_BANK = {
    "title": "Wrong numbers",
    "questions": [
        {
            "id": "same-hint",
            "type": "numeric",
            "prompt": "How many beds?",
            "answer": 12,
            "tolerance": 0,
            "feedback": {
                "correct": "Right.",
                "too_low": "Too low. Count both wards.",
                "too_high": "Too high. Count both wards.",
            },
        },
        {
            "id": "two-hints",
            "type": "numeric",
            "prompt": "How many staff?",
            "answer": 40,
            "tolerance": 1,
            "feedback": {
                "correct": "Right.",
                "too_low": "Too low. Add the night shift.",
                "too_high": "Too high. Leave out the agency staff.",
            },
            "slips": [{"answer": 4, "feedback": "4 is the number in tens of staff, not in staff."}],
        },
        {
            "id": "no-hint",
            "type": "numeric",
            "prompt": "How many days?",
            "answer": 7,
            "tolerance": 0,
            "feedback": {"correct": "Right.", "too_low": "Too low.", "too_high": "Too high."},
        },
    ],
}
# Written out: what a student who typed a wrong number is told where the platform cannot say
# which side of the answer it is (Moodle's catch-all, Canvas's incorrect comment).
NEUTRAL_LINES = {
    "same-hint": "That is not the right answer. Count both wards.",
    "two-hints": (
        "That is not the right answer. If your number is below the answer: Add the night shift. "
        "If it is above the answer: Leave out the agency staff."
    ),
    "no-hint": "That is not the right answer.",
}


def test_the_neutral_line_for_a_wrong_number():
    b = parse_bank(NEUTRAL_BANK, name="neutral")
    moodle_questions = ET.fromstring(moodle_xml(b)).findall("question")[1:]
    ident = assessment_ident(b)
    with zipfile.ZipFile(io.BytesIO(canvas_qti_zip(b))) as archive:
        items = ET.fromstring(archive.read(f"{ident}/{ident}.xml")).findall(f".//{QTI}item")
    for q, question, item in zip(b.questions, moodle_questions, items, strict=True):
        expected = NEUTRAL_LINES[q.id]
        assert not_right_feedback(q) == expected
        catch_all = question.findall("answer")[-1]
        assert text_of(catch_all, "text") == "*" and plain(text_of(catch_all, "feedback/text")) == expected
        incorrect = {fb.get("ident"): fb for fb in item.findall(f"{QTI}itemfeedback")}["general_incorrect_fb"]
        assert plain(incorrect.find(f".//{QTI}mattext").text) == expected


def test_the_neutral_line_in_the_banks_names_no_side_and_no_slip():
    lead = re.compile(r"^\s*Too (?:low|high)\.\s*")
    for name in BANKS:
        for q in bank(name).questions:
            if q.type != "numeric":
                continue
            line = not_right_feedback(q)
            assert line.startswith("That is not the right answer."), (name, q.id)
            assert "Too low." not in line and "Too high." not in line, (name, q.id)
            assert not any(slip.feedback in line for slip in q.slips), (name, q.id)
            for hint in (lead.sub("", q.feedback.too_low).strip(), lead.sub("", q.feedback.too_high).strip()):
                assert hint in line, (name, q.id)


# --- Typed numbers: Moodle's reading, and the questions that ask for no commas ---------------

PHP_TRIM = " \t\n\r\0\x0b"  # PHP's trim(), which Moodle's PARAM_RAW_TRIMMED applies


def moodle_read(typed: str) -> tuple[float | None, bool]:
    """What Moodle makes of a typed number in a question with no unit box (showunits 3) and the
    English language pack (decsep ".", thousandssep ","): the number it grades (None: not a
    number, graded wrong) and whether it takes the response as complete. A response that is not
    complete is asked for again (interactive) or flagged and graded as typed on submission
    (deferred feedback). Ported from ``qtype_numerical_answer_processor::apply_units`` and
    ``qtype_numerical_question::is_complete_response`` (Moodle 4.5 source)."""
    answer = typed.strip(PHP_TRIM)
    if not answer:
        return None, False
    response = answer.replace(" ", "")
    response = re.sub(r"(?:e|E|(?:x|\*|×)10(?:\^|\*\*))([+-]?\d+)", r"e\1", response, flags=re.ASCII)
    if "." in response or response.count(",") > 1:
        response = response.replace(",", "")
    else:  # str_replace([thousandssep, decsep, ","], ["", ".", "."]): each pair in turn
        response = response.replace(",", "").replace(".", ".").replace(",", ".")
    match = re.match(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?", response, flags=re.ASCII)
    if not match:
        return None, False
    unit = response[match.end() :]
    return float(match.group(0)), not unit and "," not in answer


def course_read(typed: str) -> float | None:
    try:
        return parse_number(typed)
    except NumberInputError:
        return None


NUMERIC_INPUTS = yaml.safe_load((ROOT / "tests/data/numeric_inputs.yml").read_text("utf-8"))


def test_how_moodle_reads_typed_numbers():
    """The README's claims about Moodle's reading, and every input of the course's own input
    table that Moodle reads differently (it grades another number) or asks for again."""
    assert moodle_read("6,082") == (6082, False)  # graded as 6082, but asked for without the comma
    assert moodle_read("4,2") == (42, False)  # the course refuses it
    assert moodle_read("1e3") == (1000, True) and moodle_read("3×10^3") == (3000, True)
    assert moodle_read("95%") == (95, False) and moodle_read("95") == (95, True)
    read_differently, asked_again = {}, []
    for row in NUMERIC_INPUTS:
        course, (moodle, complete) = course_read(row["input"]), moodle_read(row["input"])
        if moodle != course:
            read_differently[row["input"]] = moodle
        elif moodle is not None and not complete:
            asked_again.append(row["input"])
    assert asked_again == ["93.2%", "93.2 %", "12,352,871", "1,234.5", "1,000"]
    assert read_differently == {
        "\u22123.5": None,  # a typographic minus is not a number to Moodle
        "\u00a042\u00a0": None,  # nor are no-break spaces around it
        "4,2": 42, "0,932": 932, "93,25": 9325, ",5": 5, "-4,2": -42, "4,2%": 42,
        "1,23,456": 123456, "12,3456": 123456, "1,2,3": 123,
        "1e3": 1000, "0x10": 0, "1_000": 1, "4.2.1": 4.2, "42 42": 4242, "40%%": 40, "4 .2": 4.2,
    }  # fmt: skip


# The numeric questions whose right band reaches 1000, written out so that the README's list (and
# the exported instruction) cannot drift from the banks.
NO_COMMA_QUESTIONS = {
    ("ch07", "excess-deaths"),
    ("ch07-exercise", "mean-attendances"),
    ("ch12", "transparency-surgeons"),
}


def test_questions_with_answers_of_1000_or_more_ask_for_no_commas():
    found = {
        (name, q.id)
        for name in BANKS
        for q in bank(name).questions
        if q.type == "numeric" and abs(q.answer) + q.tolerance >= 1000
    }
    assert found == NO_COMMA_QUESTIONS
    readme = (ROOT / "README.md").read_text("utf-8")
    bullet = re.search(r"^- \*\*Typed numbers.*?(?=^- |^$)", readme, flags=re.M | re.S)
    assert bullet, "README: the 'Typed numbers' bullet"
    named = set(re.findall(r"\b(ch\d\d(?:-exercise)?)\s+`([a-z0-9-]+)`", bullet.group(0)))
    assert named == NO_COMMA_QUESTIONS
    for name in BANKS:
        questions = ET.fromstring(moodle(name)).findall("question")[1:]
        for q, question, item in zip(bank(name).questions, questions, qti_items(name), strict=True):
            if q.type != "numeric":
                continue
            texts = [
                plain(text_of(question, "questiontext/text")),
                plain(item.find(f"{QTI}presentation/{QTI}material/{QTI}mattext").text),
            ]
            for text in texts:
                asks = "without commas (12500, not 12,500)" in text
                assert asks == ((name, q.id) in NO_COMMA_QUESTIONS), (name, q.id, text)


# --- Text survives: Markdown, %, &, <, quotes -------------------------------------------------

AWKWARD = r"""
title: "Awkward <text> & 100%"
questions:
  - id: awkward
    type: single
    prompt: 'Is 5% < 10% & is *this* [the source](https://example.org/?a=1&b=2) "quoted" <b>raw</b>?'
    options:
      - text: "Yes: 5% < 10% & <i>so</i>"
        correct: true
        feedback: "Right: 5% < 10%, and A&E is A&E; ]]> cannot end anything."
      - text: "No"
        feedback: "No: `x < y` holds."
  - id: number
    type: numeric
    prompt: "What is 0.3 - 0.1?"
    answer: 0.2
    tolerance: 0
    feedback: {correct: "Right & exact.", too_low: "Too low <there>.", too_high: "Too high: > 0.2."}
"""


def plain(markup: str) -> str:
    return "".join(html_fragment(markup).itertext())


def test_awkward_text_survives_both_formats():
    b = parse_bank(__import__("yaml").safe_load(AWKWARD), name="awkward")
    root = ET.fromstring(moodle_xml(b))
    question = root.findall("question")[1]
    prompt_html = text_of(question, "questiontext/text")
    expected = 'Is 5% < 10% & is this the source "quoted" <b>raw</b>?'
    assert plain(prompt_html) == expected
    assert html_fragment(prompt_html).find(".//a").get("href") == "https://example.org/?a=1&b=2"
    assert html_fragment(prompt_html).find(".//b") is None, "raw HTML in a bank is shown, not obeyed"
    answers = question.findall("answer")
    assert plain(text_of(answers[0], "text")) in ("Yes: 5% < 10% & <i>so</i>", "No")
    feedbacks = {plain(text_of(a, "feedback/text")) for a in answers}
    assert feedbacks == {"Right: 5% < 10%, and A&E is A&E; ]]> cannot end anything.", "No: x < y holds."}

    ident = assessment_ident(b)
    with zipfile.ZipFile(io.BytesIO(canvas_qti_zip(b))) as archive:
        item = ET.fromstring(archive.read(f"{ident}/{ident}.xml")).find(f".//{QTI}item")
    assert plain(item.find(f".//{QTI}presentation/{QTI}material/{QTI}mattext").text) == expected
    texts = {plain(fb.find(f".//{QTI}mattext").text) for fb in item.findall(f"{QTI}itemfeedback")}
    assert texts == feedbacks
    number = ET.fromstring(moodle_xml(b)).findall("question")[2]
    assert [a.findtext("text") for a in number.findall("answer")][:1] == ["0.2"]
    assert moodle_grade_number(number, 0.2)[0] == 1 and moodle_grade_number(number, 0.3 - 0.1)[0] == 1


# --- The checks can fail: tampered files are caught -------------------------------------------


def test_tampered_moodle_files_are_caught():
    original = moodle("ch01").decode()
    tampered = [
        original.replace('fraction="33.33333"', 'fraction="0"', 1),  # a right option worth nothing
        re.sub(r"<tolerance>1</tolerance>", "<tolerance>0</tolerance>", original, count=1),  # band too narrow
        original.replace(
            '<answer fraction="100" format="moodle_auto_format">',
            '<answer fraction="0" format="moodle_auto_format">',
            1,
        ),
    ]
    for text in tampered:
        assert text != original
        assert moodle_disagreements("ch01", text.encode()), "the change went unnoticed"


def test_tampered_qti_files_are_caught():
    ident = assessment_ident(bank("ch01"))
    files = qti_files("ch01")
    original = files[f"{ident}/{ident}.xml"].decode()
    tampered = [
        original.replace('<setvar action="Set" varname="SCORE">100</setvar>', "", 1),  # no score
        # wrong feedback
        re.sub(r'linkrefid="correct_fb"', 'linkrefid="general_incorrect_fb"', original, count=1),
        re.sub(
            r"<varlte respident=\"response1\">37.8</varlte>",
            '<varlte respident="response1">36.9</varlte>',
            original,
            count=1,
        ),
    ]
    for text in tampered:
        assert text != original
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for n, data in files.items():
                archive.writestr(n, text.encode() if n.endswith(f"{ident}.xml") else data)
        assert qti_disagreements("ch01", buffer.getvalue()), "the change went unnoticed"


# --- Choosing banks, writing files, the command line -----------------------------------------


ELEVEN_RIGHT = {
    "title": "Too many right options",
    "questions": [
        {
            "id": "eleven",
            "type": "multiple",
            "prompt": "Tick all that apply.",
            "options": [{"text": f"Option {k}", "correct": True, "feedback": "Right."} for k in range(11)]
            + [{"text": "Wrong", "feedback": "Wrong."}],
        }
    ],
}


def test_more_right_options_than_moodle_can_share_is_a_clear_error():
    b = parse_bank(ELEVEN_RIGHT, name="too-many")
    with pytest.raises(ExportError, match=r"bank too-many, question 'eleven'.*11 right options"):
        moodle_xml(b)
    canvas_qti_zip(b)  # Canvas has no such limit


def test_cli_reports_a_question_moodle_cannot_hold(tmp_path, capsys, monkeypatch):
    import nhsreform.lms

    monkeypatch.setattr(nhsreform.lms, "load_bank", lambda name: parse_bank(ELEVEN_RIGHT, name=name))
    assert main(["quiz-export", "--chapter", "ch01-exercise", "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "question 'eleven'" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists(), "nothing is written"


def test_a_chapter_brings_its_exercise_quiz():
    assert banks_for(["ch01"]) == ["ch01", "ch01-exercise"]
    assert banks_for(["ch02-exercise", "ch02"]) == ["ch02-exercise", "ch02"]
    assert banks_for(None) == BANKS
    assert len(BANKS) == 24


def test_export_writes_the_same_bytes_every_time(tmp_path):
    first = export_quizzes(tmp_path / "a", ["moodle", "qti"], ["ch03"])
    second = export_quizzes(tmp_path / "b", ["moodle", "qti"], ["ch03"])
    assert [p.name for p in first] == [
        "ch03.moodle.xml", "ch03.qti.zip", "ch03-exercise.moodle.xml", "ch03-exercise.qti.zip",
    ]  # fmt: skip
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()


def test_cli_writes_every_bank(tmp_path, capsys):
    assert main(["quiz-export", "--out", str(tmp_path / "out")]) == 0
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted([f"{b}.moodle.xml" for b in BANKS] + [f"{b}.qti.zip" for b in BANKS])
    assert main(["quiz-export", "--format", "moodle", "--chapter", "ch05", "--out", str(tmp_path / "m")]) == 0
    assert sorted(p.name for p in (tmp_path / "m").iterdir()) == [
        "ch05-exercise.moodle.xml",
        "ch05.moodle.xml",
    ]


@pytest.mark.parametrize(
    "args, named",
    [
        (["--chapter", "ch99"], "'ch99'"),
        (["--chapter", "ch01", "chapter2"], "'chapter2'"),
    ],
)
def test_cli_refuses_an_unknown_chapter(tmp_path, capsys, args, named):
    assert main(["quiz-export", *args, "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and named in err and "Traceback" not in err
    assert not (tmp_path / "out").exists(), "nothing is written for a bad request"


def test_cli_refuses_an_output_path_that_is_a_file(tmp_path, capsys):
    target = tmp_path / "quizzes.xml"
    target.write_text("keep me")
    assert main(["quiz-export", "--out", str(target)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and str(target) in err
    assert target.read_text() == "keep me"


def test_cli_as_a_program(tmp_path):
    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "nhsreform", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
        )

    helped = run("quiz-export", "--help")
    assert helped.returncode == 0 and "--chapter" in helped.stdout and "--format" in helped.stdout
    assert run("--help").returncode == 0
    bad = run("quiz-export", "--chapter", "ch99", "--out", str(tmp_path))
    assert bad.returncode == 2 and "ch99" in bad.stderr and "Traceback" not in bad.stderr
