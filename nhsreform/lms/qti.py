"""A question bank as a Canvas QTI 1.2 package: the zip Canvas imports (*Course settings ▸
Import course content ▸ QTI .zip file*), one quiz per bank, as a Classic Quiz. (Importing it "as
New Quizzes" goes through another converter, which nothing here models.)

The zip holds ``imsmanifest.xml`` (an IMS content package naming the quiz's files), the quiz
``<id>/<id>.xml`` (a QTI 1.2 ``questestinterop`` with one ``assessment``) and Canvas's own quiz
settings ``<id>/assessment_meta.xml`` (a practice quiz, options not shuffled). This is the layout
Canvas writes when it exports a quiz, and the one text2qti writes.

Each ``item`` names its Canvas type in ``question_type`` and scores 0 or 100 (``SCORE``):

- ``single`` → ``multiple_choice_question``: one response condition per option shows that
  option's feedback (``continue="Yes"``); then the right option sets ``SCORE`` to 100.
- ``multiple`` → ``multiple_answers_question``: every option's feedback likewise; the score is
  100 only for exactly the right set (every right option ticked and no wrong one). **Canvas
  itself grades multiple-answer questions with partial credit** (a share of the points per right
  tick, minus a share per wrong tick), whatever the file says; full marks still come only for the
  right set. The course's "at least one more option is also correct" line has **no equivalent in
  Canvas** and is not exported: Canvas shows a question's "incorrect" comment only when the answer
  is rated wholly wrong (``UserAnswer#correctness`` false: no more right ticks than wrong ones,
  ``QuizzesHelper#question_comment``), never for some right ticks and no wrong one (rated
  "partial"), which is the one case the line is for. Students still see each ticked option's own
  feedback.
- ``numeric`` → ``numerical_question``: **only the correct band**, written as Canvas writes an
  "exact answer with margin" (``varequal`` the answer, or between answer − tolerance and answer +
  tolerance), scoring 100 with the ``correct`` feedback (``correct_fb``), and then ``<other/>``
  showing ``general_incorrect_fb``. Canvas keeps these two as the question's "correct" and
  "incorrect" comments, each shown once; an ident matching ``/correct/`` is never made an
  answer's own comment (``AssessmentItemConverter#get_feedback_id``), so the right number's line is
  not shown twice. Canvas does not run the file's response processing: its importer
  (QTIMigrationTool, then ``Qti::NumericInteraction#get_canvas_answers``) turns *every*
  condition with an ``or``/``varequal`` or an ``and``/``vargte``/``varlte`` into an accepted,
  full-marks answer and ignores the score it sets, so a slip written as such a band would be
  marked right. The file therefore holds no slips and no too-low/too-high conditions. In Canvas a
  student sees, for a right number, the ``correct`` feedback; for any other number, one neutral
  comment (:func:`~nhsreform.lms.common.not_right_feedback`): "That is not the right answer."
  and the too-low/too-high hint when the bank gives both the same hint, or both hints, each
  under its condition ("If your number is below the answer: …"). Compared with the book, Canvas
  students lose the slip explanations (98 is the old standard, 0.95 is a proportion, …) and the
  word on which side of the answer they are.

Options are listed in the course's display order and the quiz is set not to shuffle them.
Identifiers are derived from the bank name and question numbers, so the files are the same on
every run; the zip's timestamps are fixed for the same reason.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

from ..quiz_bank import QuizBank, prompt_with_hint
from ..text import inline_markdown
from .common import not_right_feedback, number_instruction
from .numbers import decimal_text, plus

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
IMSMD_NS = "http://www.imsglobal.org/xsd/imsmd_v1p2"
CANVAS_NS = "http://canvas.instructure.com/xsd/cccv1p0"
RESPONSE = "response1"
QUESTION_TYPES = {
    "single": "multiple_choice_question",
    "multiple": "multiple_answers_question",
    "numeric": "numerical_question",
}
_FIXED_TIME = (2020, 1, 1, 0, 0, 0)
# Canvas's importer keeps an itemfeedback whose ident matches /incorrect/ as the question's
# "incorrect" comment and one matching /correct/ as its "correct" comment (get_feedback).
INCORRECT_FB = "general_incorrect_fb"
CORRECT_FB = "correct_fb"
# Zip members: a regular file, readable by everyone (rw-r--r--), as made on Unix.
_MEMBER_MODE = 0o100644


def assessment_ident(bank: QuizBank) -> str:
    return f"nhsreform_{bank.name.replace('-', '_')}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrib) -> ET.Element:
    el = ET.SubElement(parent, tag, attrib)
    if text is not None:
        el.text = text
    return el


def _mattext(parent: ET.Element, markup: str) -> None:
    _sub(_sub(parent, "material"), "mattext", markup, texttype="text/html")


def _metadata(parent: ET.Element, fields: dict[str, str]) -> None:
    meta = _sub(parent, "qtimetadata")
    for label, entry in fields.items():
        field = _sub(meta, "qtimetadatafield")
        _sub(field, "fieldlabel", label)
        _sub(field, "fieldentry", entry)


def _feedback(item: ET.Element, ident: str, markdown: str) -> None:
    fb = _sub(item, "itemfeedback", ident=ident)
    _mattext(_sub(fb, "flow_mat"), inline_markdown(markdown))


def _condition(resprocessing: ET.Element, *, stop: bool) -> tuple[ET.Element, ET.Element]:
    cond = _sub(resprocessing, "respcondition", continue_="No" if stop else "Yes")
    cond.attrib["continue"] = cond.attrib.pop("continue_")
    return cond, _sub(cond, "conditionvar")


def _show(cond: ET.Element, feedback_ident: str) -> None:
    _sub(cond, "displayfeedback", feedbacktype="Response", linkrefid=feedback_ident)


def _score(cond: ET.Element, value: int) -> None:
    _sub(cond, "setvar", str(value), action="Set", varname="SCORE")


def _otherwise(resprocessing: ET.Element, feedback_ident: str) -> None:
    """A last condition, ``<other/>``: Canvas reads it as no answer (it has no ``or`` or ``and``)."""
    cond, var = _condition(resprocessing, stop=True)
    _sub(var, "other")
    _show(cond, feedback_ident)


def _band(parent: ET.Element, value: float, tolerance: float) -> None:
    """value, or between value − tolerance and value + tolerance (Canvas's exact-with-margin)."""
    either = _sub(parent, "or")
    _sub(either, "varequal", decimal_text(value), respident=RESPONSE)
    both = _sub(either, "and")
    _sub(both, "vargte", plus(value, -tolerance), respident=RESPONSE)
    _sub(both, "varlte", plus(value, tolerance), respident=RESPONSE)


def _item(bank: QuizBank, q, number: int) -> ET.Element:
    ident = f"{assessment_ident(bank)}_q{number:02d}"
    item = ET.Element("item", ident=ident, title=f"Question {number}")
    meta = _sub(item, "itemmetadata")
    order = [] if q.type == "numeric" else bank.display_order(q)
    labels = {i: f"{number}{i + 1:02d}" for i in order}  # option index -> response_label ident
    _metadata(
        meta,
        {
            "question_type": QUESTION_TYPES[q.type],
            "points_possible": "1.0",
            "original_answer_ids": ",".join(labels[i] for i in order),
            "assessment_question_identifierref": f"{ident}_bank",
            "nhsreform_id": f"{bank.name}/{q.id}",
        },
    )
    presentation = _sub(item, "presentation")
    resprocessing = ET.Element("resprocessing")
    outcomes = _sub(resprocessing, "outcomes")
    _sub(outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")

    if q.type == "numeric":
        _mattext(presentation, f"<div><p>{inline_markdown(q.prompt)}</p>{number_instruction(q)}</div>")
        response = _sub(presentation, "response_str", ident=RESPONSE, rcardinality="Single")
        _sub(_sub(response, "render_fib", fibtype="Decimal"), "response_label", ident="answer1")
        # Canvas makes every band condition an accepted answer: only the correct band is one.
        cond, var = _condition(resprocessing, stop=True)
        _band(var, q.answer, q.tolerance)
        _score(cond, 100)
        _show(cond, CORRECT_FB)
        _otherwise(resprocessing, INCORRECT_FB)
        item.append(resprocessing)
        _feedback(item, CORRECT_FB, q.feedback.correct)
        _feedback(item, INCORRECT_FB, not_right_feedback(q))
        return item

    _mattext(presentation, f"<div><p>{inline_markdown(prompt_with_hint(q))}</p></div>")
    cardinality = "Single" if q.type == "single" else "Multiple"
    response = _sub(presentation, "response_lid", ident=RESPONSE, rcardinality=cardinality)
    choices = _sub(response, "render_choice")
    for i in order:
        _mattext(_sub(choices, "response_label", ident=labels[i]), inline_markdown(q.options[i].text))
    for i in order:  # each ticked option shows its own feedback, then grading goes on
        cond, var = _condition(resprocessing, stop=False)
        _sub(var, "varequal", labels[i], respident=RESPONSE)
        _show(cond, f"{labels[i]}_fb")
    cond, var = _condition(resprocessing, stop=True)
    if q.type == "single":
        (right,) = q.correct_indices
        _sub(var, "varequal", labels[right], respident=RESPONSE)
    else:
        every = _sub(var, "and")
        for i in order:
            if q.options[i].correct:
                _sub(every, "varequal", labels[i], respident=RESPONSE)
            else:
                _sub(_sub(every, "not"), "varequal", labels[i], respident=RESPONSE)
    _score(cond, 100)
    item.append(resprocessing)
    for i in order:
        _feedback(item, f"{labels[i]}_fb", q.options[i].feedback)
    return item


def assessment_xml(bank: QuizBank) -> bytes:
    """The bank as one QTI 1.2 assessment (``questestinterop``)."""
    ET.register_namespace("", QTI_NS)
    root = ET.Element(
        "questestinterop",
        {f"{{{XSI_NS}}}schemaLocation": f"{QTI_NS} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"},
    )
    assessment = _sub(root, "assessment", ident=assessment_ident(bank), title=bank.title)
    _metadata(assessment, {"cc_maxattempts": "unlimited"})
    section = _sub(assessment, "section", ident="root_section")
    for number, q in enumerate(bank.questions, start=1):
        section.append(_item(bank, q, number))
    _qualify(root, QTI_NS)
    return _serialise(root)


def _qualify(root: ET.Element, namespace: str) -> None:
    for el in root.iter():
        if not el.tag.startswith("{"):
            el.tag = f"{{{namespace}}}{el.tag}"


def _serialise(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def assessment_meta_xml(bank: QuizBank) -> bytes:
    """Canvas's settings for the quiz: a practice quiz, any number of attempts, no shuffling."""
    ET.register_namespace("", CANVAS_NS)
    root = ET.Element(
        "quiz",
        {
            "identifier": assessment_ident(bank),
            f"{{{XSI_NS}}}schemaLocation": f"{CANVAS_NS} https://canvas.instructure.com/xsd/cccv1p0.xsd",
        },
    )
    settings = {
        "title": bank.title,
        "description": "",
        "shuffle_answers": "false",
        "scoring_policy": "keep_highest",
        "quiz_type": "practice_quiz",
        "points_possible": f"{len(bank.questions):.1f}",
        "show_correct_answers": "true",
        "allowed_attempts": "-1",
        "one_question_at_a_time": "false",
        "cant_go_back": "false",
        "available": "false",
    }
    for tag, text in settings.items():
        _sub(root, tag, text)
    _qualify(root, CANVAS_NS)
    return _serialise(root)


def manifest_xml(bank: QuizBank) -> bytes:
    """``imsmanifest.xml``: the quiz file, and Canvas's settings file it depends on."""
    ident = assessment_ident(bank)
    ET.register_namespace("", CP_NS)
    ET.register_namespace("imsmd", IMSMD_NS)
    root = ET.Element("manifest", identifier=f"{ident}_manifest")
    metadata = _sub(root, "metadata")
    _sub(metadata, "schema", "IMS Content")
    _sub(metadata, "schemaversion", "1.1.3")
    lom = _sub(metadata, f"{{{IMSMD_NS}}}lom")
    title = _sub(_sub(lom, f"{{{IMSMD_NS}}}general"), f"{{{IMSMD_NS}}}title")
    _sub(title, f"{{{IMSMD_NS}}}string", bank.title)
    _sub(root, "organizations")
    resources = _sub(root, "resources")
    quiz = _sub(resources, "resource", identifier=ident, type="imsqti_xmlv1p2")
    _sub(quiz, "file", href=f"{ident}/{ident}.xml")
    _sub(quiz, "dependency", identifierref=f"{ident}_meta")
    meta = _sub(
        resources,
        "resource",
        identifier=f"{ident}_meta",
        type="associatedcontent/imscc_xmlv1p1/learning-application-resource",
        href=f"{ident}/assessment_meta.xml",
    )
    _sub(meta, "file", href=f"{ident}/assessment_meta.xml")
    _qualify(root, CP_NS)
    return _serialise(root)


def canvas_qti_zip(bank: QuizBank) -> bytes:
    """The Canvas QTI 1.2 package for the bank, as zip bytes (the same bytes on every run)."""
    ident = assessment_ident(bank)
    files = {
        "imsmanifest.xml": manifest_xml(bank),
        f"{ident}/{ident}.xml": assessment_xml(bank),
        f"{ident}/assessment_meta.xml": assessment_meta_xml(bank),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.create_system = 3  # Unix, so unzip reads the mode below (the same on every platform)
            info.external_attr = _MEMBER_MODE << 16
            archive.writestr(info, data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
